import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY_MS } from '../keys/expiry';
import { dayOf, UsageBuffer, type KeyUsage } from './buffer';

const T = Date.UTC(2026, 10, 24, 12);

describe('UsageBuffer', () => {
  it('counts requests per key per UTC day', () => {
    const buffer = new UsageBuffer();
    buffer.record('a', T);
    buffer.record('a', T + 1000);
    buffer.record('a', T + DAY_MS);
    buffer.record('b', T);
    const [a, b] = buffer.drain() as [KeyUsage, KeyUsage];
    assert.deepEqual(
      [...a.days],
      [
        [dayOf(T), 2],
        [dayOf(T) + 1, 1],
      ],
    );
    assert.deepEqual([...b.days], [[dayOf(T), 1]]);
  });

  it('last-used only moves forward when requests finish out of order', () => {
    const buffer = new UsageBuffer();
    buffer.record('a', T + 5000);
    buffer.record('a', T);
    assert.equal(buffer.drain()[0]!.lastUsedAt, T + 5000);
  });

  it('tracks the previous secret separately', () => {
    const buffer = new UsageBuffer();
    buffer.record('a', T, true);
    buffer.record('a', T + 10, false);
    const [a] = buffer.drain() as [KeyUsage];
    assert.equal(a.previousSecretLastUsedAt, T);
    assert.equal(a.lastUsedAt, T + 10);
  });

  it('drain empties the buffer', () => {
    const buffer = new UsageBuffer();
    buffer.record('a', T);
    assert.equal(buffer.drain().length, 1);
    assert.equal(buffer.size, 0);
    assert.deepEqual(buffer.drain(), []);
  });

  it('restore merges a failed batch back without losing or doubling counts', () => {
    const buffer = new UsageBuffer();
    buffer.record('a', T);
    buffer.record('a', T, true);
    const failed = buffer.drain();
    buffer.record('a', T + 100);
    buffer.restore(failed);
    const [a] = buffer.drain() as [KeyUsage];
    assert.equal(a.days.get(dayOf(T)), 3);
    assert.equal(a.lastUsedAt, T + 100);
    assert.equal(a.previousSecretLastUsedAt, T);
  });
});
