// Sign-in throttling (pure), after NIST SP 800-63B 5.2.2: per account and per client address.
//
// Account (per email, known or not, so probing cannot tell them apart): four failures are free; from the fifth
// consecutive failure on, each failure locks the email for a doubling delay (30 s, 1 min, 2 min … up to 15 min).
// A quiet hour restarts the delays at 30 s but does not forget the count: only a success or an unlock clears it, and
// at 100 consecutive failures the email stays locked until someone unlocks it.
//
// Address (per IPv4 address or IPv6 /64, any email): 49 free failures (the 50th locks), since many people can share one address
// (offices, carrier NAT), then the same doubling delays. A quiet hour forgets it. A success does not clear it:
// otherwise an attacker with one account of their own could wipe their address's count between guesses.

export interface FailureState {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number | null;
}

export interface ThrottlePolicy {
  /** The failure that reaches this count is the first to lock. */
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this long without a failure the delays start again from the base. */
  quietMs: number;
  /** Whether a quiet period also forgets the count (addresses) or keeps it (accounts, for the hard limit). */
  quietForgetsCount: boolean;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const FREE_ATTEMPTS = 5;
export const ADDRESS_FREE_ATTEMPTS = 50;
/** Consecutive failures after which an email is locked until an owner, an admin or the operator unlocks it. */
export const MAX_CONSECUTIVE_FAILURES = 100;

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeAttempts: FREE_ATTEMPTS,
  baseDelayMs: 30 * SECOND,
  maxDelayMs: 15 * MINUTE,
  quietMs: 60 * MINUTE,
  quietForgetsCount: false,
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  freeAttempts: ADDRESS_FREE_ATTEMPTS,
  baseDelayMs: 30 * SECOND,
  maxDelayMs: 15 * MINUTE,
  quietMs: 60 * MINUTE,
  quietForgetsCount: true,
};

/** The state after one more failure at `now`. Each lock doubles the previous one while failures keep coming. */
export function nextFailure(policy: ThrottlePolicy, state: FailureState | null, now: number): FailureState {
  const recent = state !== null && now - state.lastFailureAt < policy.quietMs;
  const failures = (state && (recent || !policy.quietForgetsCount) ? state.failures : 0) + 1;
  if (failures < policy.freeAttempts) return { failures, lastFailureAt: now, lockedUntil: null };
  const previousDelay = recent && state.lockedUntil !== null ? state.lockedUntil - state.lastFailureAt : 0;
  const delay = Math.min(policy.maxDelayMs, Math.max(policy.baseDelayMs, previousDelay * 2));
  return { failures, lastFailureAt: now, lockedUntil: now + delay };
}

/** One more failed password for an email (sign-in, or a password confirmation inside the app). */
export function recordFailure(state: FailureState | null, now: number): FailureState {
  return nextFailure(ACCOUNT_POLICY, state, now);
}

/** One more failed sign-in from an address. */
export function recordAddressFailure(state: FailureState | null, now: number): FailureState {
  return nextFailure(ADDRESS_POLICY, state, now);
}

/** Whether the email has reached the hard limit and only an unlock lets it sign in again. */
export function needsUnlock(state: FailureState | null): boolean {
  return state !== null && state.failures >= MAX_CONSECUTIVE_FAILURES;
}

/** How long the email is still locked: 0 when free, Infinity when it needs an unlock. */
export function lockRemaining(state: FailureState | null, now: number): number {
  if (needsUnlock(state)) return Infinity;
  return addressLockRemaining(state, now);
}

/** How long an address is still locked (addresses have no hard limit). */
export function addressLockRemaining(state: FailureState | null, now: number): number {
  if (!state || state.lockedUntil === null) return 0;
  return Math.max(0, state.lockedUntil - now);
}

export type LockScope = 'account' | 'address';

/** How long to wait, as the throttles say it: "30 seconds", "2 minutes". */
export function wait(remainingMs: number): string {
  const [count, unit] =
    remainingMs < MINUTE ? [Math.ceil(remainingMs / SECOND), 'second'] : [Math.ceil(remainingMs / MINUTE), 'minute'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export const UNLOCK_MESSAGE =
  `Too many failed sign-in attempts for this email (${MAX_CONSECUTIVE_FAILURES} in a row), so it is locked until it is unlocked. ` +
  'An owner or admin of your account can unlock it on the Members page; whoever runs this server can run "npm run user:unlock".';

/** What the sign-in form says while locked. Never says whether the email has an account. */
export function lockMessage(remainingMs: number, scope: LockScope = 'account'): string {
  if (scope === 'account' && !Number.isFinite(remainingMs)) return UNLOCK_MESSAGE;
  const who = scope === 'account' ? 'for this email' : 'from your network';
  return `Too many failed sign-in attempts ${who}. Try again in ${wait(remainingMs)}.`;
}

/** Why a sign-in must be refused before the password is even checked, or null. The longer lock speaks. */
export function signInRefusal(account: FailureState | null, address: FailureState | null, now: number): string | null {
  const accountMs = lockRemaining(account, now);
  const addressMs = addressLockRemaining(address, now);
  if (accountMs === 0 && addressMs === 0) return null;
  return accountMs >= addressMs ? lockMessage(accountMs, 'account') : lockMessage(addressMs, 'address');
}

/** The audit detail of one wrong password: the running count, and the lock it caused (never the password). */
export function failureDetail(state: FailureState, now: number) {
  const locked = lockRemaining(state, now);
  return {
    reason: 'wrong_password',
    failures: state.failures,
    ...(locked > 0 && Number.isFinite(locked) && { lockedForSeconds: Math.ceil(locked / 1000) }),
  };
}
