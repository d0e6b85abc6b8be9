import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeBy } from './serialize';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('serializeBy', () => {
  it('runs tasks with the same key one after another, in order', async () => {
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await pause(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      serializeBy('a', task('1', 20)),
      serializeBy('a', task('2', 1)),
      serializeBy('a', task('3', 1)),
    ]);
    assert.deepEqual(results, ['1', '2', '3']);
    assert.deepEqual(log, ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs tasks with different keys concurrently', async () => {
    const log: string[] = [];
    await Promise.all([
      serializeBy('x', async () => {
        log.push('x start');
        await pause(20);
        log.push('x end');
      }),
      serializeBy('y', async () => {
        log.push('y start');
        await pause(1);
        log.push('y end');
      }),
    ]);
    assert.deepEqual(log, ['x start', 'y start', 'y end', 'x end']);
  });

  it('a failing task does not block the next one', async () => {
    await assert.rejects(
      serializeBy('z', async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await serializeBy('z', async () => 'next'), 'next');
  });
});
