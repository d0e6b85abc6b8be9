// "Sudo mode" (pure): sensitive changes need a session that proved the password recently, as GitHub does. A stolen
// or unattended session can still read, but cannot change policy, roles or organization keys without the password.
export const CONFIRMATION_WINDOW_MS = 10 * 60_000;

export const REAUTH_MESSAGE = 'Confirm your password to continue.';

/** True when the session last proved the password CONFIRMATION_WINDOW_MS or longer ago (or in the future: a clock
 * jump must not extend the window). */
export function needsConfirmation(confirmedAt: number, now: number): boolean {
  if (!Number.isFinite(confirmedAt) || confirmedAt > now) return true;
  return now - confirmedAt >= CONFIRMATION_WINDOW_MS;
}
