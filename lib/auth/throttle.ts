// Sign-in slow-down per email (pure). Five free attempts; from the fifth consecutive failure on, each failure
// locks the email for a doubling delay (30 s, 1 min, 2 min … up to 15 min). A success clears the count, and a
// quiet hour forgets it.
export const FREE_ATTEMPTS = 5;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;

export interface FailureState {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number | null;
}

export function lockRemaining(state: FailureState | null, now: number): number {
  if (!state || state.lockedUntil === null) return 0;
  return Math.max(0, state.lockedUntil - now);
}

export function recordFailure(state: FailureState | null, now: number): FailureState {
  const previous = state && now - state.lastFailureAt < FORGET_AFTER_MS ? state.failures : 0;
  const failures = previous + 1;
  const lockedUntil =
    failures >= FREE_ATTEMPTS ? now + Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS)) : null;
  return { failures, lastFailureAt: now, lockedUntil };
}

export function lockMessage(remainingMs: number): string {
  const [count, unit] = remainingMs < 60_000 ? [Math.ceil(remainingMs / 1000), 'second'] : [Math.ceil(remainingMs / 60_000), 'minute'];
  const wait = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return `Too many failed sign-in attempts for this email. Try again in ${wait}.`;
}
