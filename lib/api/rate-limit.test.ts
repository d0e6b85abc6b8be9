import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter (fixed window)', () => {
  it('allows `limit` hits per window, then refuses with the seconds until the window ends', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, maxKeys: 10 });
    assert.deepEqual(limiter.hit('a', 0), { ok: true, remaining: 2 });
    assert.deepEqual(limiter.hit('a', 1_000), { ok: true, remaining: 1 });
    assert.deepEqual(limiter.hit('a', 2_000), { ok: true, remaining: 0 });
    assert.deepEqual(limiter.hit('a', 2_500), { ok: false, retryAfterSeconds: 58 });
    assert.deepEqual(limiter.hit('a', 59_999), { ok: false, retryAfterSeconds: 1 });
  });

  it('starts a new window when the old one has ended', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 10 });
    assert.equal(limiter.hit('a', 0).ok, true);
    assert.equal(limiter.hit('a', 999).ok, false);
    assert.equal(limiter.hit('a', 1_000).ok, true);
    assert.equal(limiter.hit('a', 1_500).ok, false);
  });

  it('counts each key on its own', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 10 });
    assert.equal(limiter.hit('a', 0).ok, true);
    assert.equal(limiter.hit('a', 1).ok, false);
    assert.equal(limiter.hit('b', 2).ok, true);
  });

  it('refused hits do not extend the window', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 10 });
    limiter.hit('a', 0);
    for (let t = 1; t < 1_000; t += 100) assert.equal(limiter.hit('a', t).ok, false);
    assert.equal(limiter.hit('a', 1_000).ok, true);
  });

  it('never holds more than maxKeys windows: expired ones go first, then the oldest', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 3 });
    limiter.hit('a', 0);
    limiter.hit('b', 500);
    limiter.hit('c', 600);
    assert.equal(limiter.size(), 3);
    // 'a' has expired at 1000: it makes room, 'b' and 'c' stay limited.
    assert.equal(limiter.hit('d', 1_000).ok, true);
    assert.equal(limiter.size(), 3);
    assert.equal(limiter.hit('b', 1_001).ok, false);
    // Nothing expired: the oldest window ('b') is evicted.
    assert.equal(limiter.hit('e', 1_002).ok, true);
    assert.equal(limiter.size(), 3);
    for (let i = 0; i < 10_000; i++) limiter.hit(`flood-${i}`, 1_003);
    assert.equal(limiter.size(), 3);
  });

  it('rejects nonsensical options', () => {
    assert.throws(() => createRateLimiter({ limit: 0, windowMs: 1, maxKeys: 1 }));
    assert.throws(() => createRateLimiter({ limit: 1, windowMs: 1, maxKeys: 0 }));
    assert.throws(() => createRateLimiter({ limit: Number.NaN, windowMs: 1, maxKeys: 1 }));
  });
});
