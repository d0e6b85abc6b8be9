import { needsConfirmation, REAUTH_MESSAGE } from './auth/reauth';
import type { SessionUser } from './types';

// Kept apart from the action wrapper (lib/actions.ts), which reads the request: code below the actions can refuse
// with these without importing Next's request APIs.

/** Thrown inside an action for an expected refusal; becomes `{ ok: false, error }`. Handlers return only successes. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string>,
    /** The refusal is "confirm your password first" (see requireRecentConfirmation). */
    readonly reauth?: true,
  ) {
    super(message);
  }
}

/** Sudo mode: refuses (changing nothing) unless this session proved the password recently (lib/auth/reauth.ts).
 * The wrapper applies it to `sensitive` actions; actions where only some targets are sensitive call it themselves. */
export function requireRecentConfirmation(user: SessionUser, now: number) {
  if (needsConfirmation(user.confirmedAt, now)) throw new ActionError(REAUTH_MESSAGE, undefined, true);
}
