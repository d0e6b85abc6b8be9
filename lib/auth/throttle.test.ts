import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FREE_ATTEMPTS, lockMessage, lockRemaining, recordFailure, type FailureState } from './throttle';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** `count` failures one second apart, starting at T0; returns the last state. */
function failures(count: number, start = T0): FailureState {
  let state: FailureState | null = null;
  for (let i = 0; i < count; i++) state = recordFailure(state, start + i * SECOND);
  return state!;
}
const lastAt = (count: number) => T0 + (count - 1) * SECOND;

describe('recordFailure', () => {
  it('allows five attempts: failures one to four do not lock', () => {
    assert.equal(FREE_ATTEMPTS, 5);
    for (let n = 1; n <= 4; n++) {
      const state = failures(n);
      assert.equal(state.failures, n);
      assert.equal(state.lockedUntil, null, `locked after ${n} failures`);
    }
  });
  it('the fifth consecutive failure locks for 30 seconds', () => {
    assert.equal(failures(5).lockedUntil, lastAt(5) + 30 * SECOND);
  });
  it('each further failure doubles the lock', () => {
    const expected = [30 * SECOND, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE];
    expected.forEach((delay, i) => {
      const n = 5 + i;
      assert.equal(failures(n).lockedUntil! - lastAt(n), delay, `after ${n} failures`);
    });
  });
  it('the lock is capped at 15 minutes', () => {
    for (const n of [10, 11, 20, 60]) {
      assert.equal(failures(n).lockedUntil! - lastAt(n), 15 * MINUTE, `after ${n} failures`);
    }
  });
  it('records the time of the last failure', () => {
    assert.equal(failures(3).lastFailureAt, lastAt(3));
  });
  it('a failure less than an hour after the previous one keeps counting', () => {
    const state = failures(4);
    const next = recordFailure(state, state.lastFailureAt + 60 * MINUTE - 1);
    assert.equal(next.failures, 5);
    assert.notEqual(next.lockedUntil, null);
  });
  it('a quiet hour forgets the count', () => {
    const state = failures(9);
    const next = recordFailure(state, state.lastFailureAt + 60 * MINUTE);
    assert.equal(next.failures, 1);
    assert.equal(next.lockedUntil, null);
  });
  it('starts from nothing', () => {
    assert.deepEqual(recordFailure(null, T0), { failures: 1, lastFailureAt: T0, lockedUntil: null });
  });
});

describe('lockRemaining', () => {
  it('is 0 without a state or lock', () => {
    assert.equal(lockRemaining(null, T0), 0);
    assert.equal(lockRemaining(failures(2), T0), 0);
  });
  it('is the time left until lockedUntil', () => {
    const state = failures(5);
    assert.equal(lockRemaining(state, state.lastFailureAt), 30 * SECOND);
    assert.equal(lockRemaining(state, state.lastFailureAt + 10 * SECOND), 20 * SECOND);
  });
  it('is 0 exactly at and after lockedUntil', () => {
    const state = failures(5);
    assert.equal(lockRemaining(state, state.lockedUntil!), 0);
    assert.equal(lockRemaining(state, state.lockedUntil! + MINUTE), 0);
    assert.equal(lockRemaining(state, state.lockedUntil! - 1), 1);
  });
});

describe('lockMessage', () => {
  it('speaks in seconds under a minute', () => {
    assert.equal(lockMessage(30 * SECOND), 'Too many failed sign-in attempts for this email. Try again in 30 seconds.');
  });
  it('rounds seconds up', () => {
    assert.match(lockMessage(29_001), /in 30 seconds\.$/);
    assert.match(lockMessage(59_999), /in 60 seconds\.$/);
  });
  it('says "1 second", not "1 seconds"', () => {
    assert.match(lockMessage(1 * SECOND), /in 1 second\.$/);
    assert.match(lockMessage(200), /in 1 second\.$/);
  });
  it('speaks in minutes from one minute on, singular for one', () => {
    assert.match(lockMessage(MINUTE), /in 1 minute\.$/);
    assert.match(lockMessage(2 * MINUTE), /in 2 minutes\.$/);
    assert.match(lockMessage(15 * MINUTE), /in 15 minutes\.$/);
  });
  it('rounds minutes up', () => {
    assert.match(lockMessage(MINUTE + 1), /in 2 minutes\.$/);
    assert.match(lockMessage(14 * MINUTE + SECOND), /in 15 minutes\.$/);
  });
  it('never says the email does or does not exist', () => {
    assert.doesNotMatch(lockMessage(MINUTE), /not found|no account|unknown/i);
  });
});
