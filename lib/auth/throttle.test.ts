import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADDRESS_FREE_ATTEMPTS,
  addressLockRemaining,
  FREE_ATTEMPTS,
  lockMessage,
  lockRemaining,
  MAX_CONSECUTIVE_FAILURES,
  needsUnlock,
  recordAddressFailure,
  recordFailure,
  signInRefusal,
  UNLOCK_MESSAGE,
  type FailureState,
} from './throttle';

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
  it('a quiet hour restarts the delays at 30 seconds but keeps the count (only success or unlock clears it)', () => {
    const state = failures(9);
    const next = recordFailure(state, state.lastFailureAt + 60 * MINUTE);
    assert.equal(next.failures, 10);
    assert.equal(next.lockedUntil! - next.lastFailureAt, 30 * SECOND);
    const after = recordFailure(next, next.lockedUntil!);
    assert.equal(after.lockedUntil! - after.lastFailureAt, MINUTE);
  });
  it('a quiet hour does not give the free attempts back', () => {
    const state = failures(4);
    const next = recordFailure(state, state.lastFailureAt + 24 * 60 * MINUTE);
    assert.equal(next.failures, 5);
    assert.equal(next.lockedUntil! - next.lastFailureAt, 30 * SECOND);
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

describe('the hard limit', () => {
  it('is 100 consecutive failures', () => {
    assert.equal(MAX_CONSECUTIVE_FAILURES, 100);
    assert.equal(needsUnlock(failures(99)), false);
    assert.equal(needsUnlock(failures(100)), true);
  });
  it('below it the lock ends; at it the email stays locked however long one waits', () => {
    const ninetyNine = failures(99);
    assert.equal(lockRemaining(ninetyNine, ninetyNine.lockedUntil!), 0);
    const hundred = failures(100);
    assert.equal(lockRemaining(hundred, hundred.lockedUntil! + 365 * 24 * 60 * MINUTE), Infinity);
  });
  it('counts across quiet hours: a patient attacker still reaches it', () => {
    let state: FailureState | null = null;
    for (let i = 0; i < 100; i++) state = recordFailure(state, T0 + i * 2 * 60 * MINUTE);
    assert.equal(needsUnlock(state), true);
  });
  it('says the email is locked until unlocked, and how to get it unlocked', () => {
    assert.equal(lockMessage(Infinity), UNLOCK_MESSAGE);
    assert.match(UNLOCK_MESSAGE, /Too many failed sign-in attempts/);
    assert.match(UNLOCK_MESSAGE, /100 in a row/);
    assert.match(UNLOCK_MESSAGE, /owner or admin/);
    assert.match(UNLOCK_MESSAGE, /npm run user:unlock/);
  });
});

describe('recordAddressFailure', () => {
  function addressFailures(count: number, start = T0): FailureState {
    let state: FailureState | null = null;
    for (let i = 0; i < count; i++) state = recordAddressFailure(state, start + i * SECOND);
    return state!;
  }
  it('allows far more failures than one email: people share addresses', () => {
    assert.ok(ADDRESS_FREE_ATTEMPTS >= 10 * FREE_ATTEMPTS);
    assert.equal(addressFailures(ADDRESS_FREE_ATTEMPTS - 1).lockedUntil, null);
    const locked = addressFailures(ADDRESS_FREE_ATTEMPTS);
    assert.equal(locked.lockedUntil! - locked.lastFailureAt, 30 * SECOND);
  });
  it('then doubles the lock up to 15 minutes', () => {
    const delays = [1, 2, 3, 4, 5, 6, 10].map((extra) => {
      const state = addressFailures(ADDRESS_FREE_ATTEMPTS + extra);
      return state.lockedUntil! - state.lastFailureAt;
    });
    assert.deepEqual(delays, [MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE, 15 * MINUTE, 15 * MINUTE, 15 * MINUTE]);
  });
  it('has no hard limit, and a quiet hour forgets it', () => {
    const state = addressFailures(500);
    assert.ok(Number.isFinite(addressLockRemaining(state, state.lastFailureAt)));
    assert.deepEqual(recordAddressFailure(state, state.lastFailureAt + 60 * MINUTE), {
      failures: 1,
      lastFailureAt: state.lastFailureAt + 60 * MINUTE,
      lockedUntil: null,
    });
  });
});

describe('signInRefusal', () => {
  const lockedFor = (ms: number): FailureState => ({ failures: 60, lastFailureAt: T0, lockedUntil: T0 + ms });
  it('lets the attempt through when neither the email nor the address is locked', () => {
    assert.equal(signInRefusal(null, null, T0), null);
    assert.equal(signInRefusal(failures(4), failures(4), T0 + MINUTE), null);
    assert.equal(signInRefusal(lockedFor(MINUTE), lockedFor(MINUTE), T0 + MINUTE), null);
  });
  it('names the email when the email is locked', () => {
    assert.equal(
      signInRefusal(lockedFor(2 * MINUTE), null, T0),
      'Too many failed sign-in attempts for this email. Try again in 2 minutes.',
    );
  });
  it('names the network when the address is locked, whatever the email', () => {
    assert.equal(
      signInRefusal(null, lockedFor(30 * SECOND), T0),
      'Too many failed sign-in attempts from your network. Try again in 30 seconds.',
    );
  });
  it('the longer lock speaks; the hard limit beats everything', () => {
    assert.match(
      signInRefusal(lockedFor(MINUTE), lockedFor(4 * MINUTE), T0)!,
      /from your network\. Try again in 4 minutes/,
    );
    assert.equal(signInRefusal(failures(100), lockedFor(15 * MINUTE), T0), UNLOCK_MESSAGE);
  });
});
