// Kept apart from the action wrapper (server/actions.ts), which reads the request: code below the actions can refuse
// with these without importing Next's request APIs.

/** The refusal for a role that may not do something. */
export const FORBIDDEN_MESSAGE = 'You do not have permission to do that. Ask an owner or admin of your account.';

/** Thrown inside an action for an expected refusal; becomes `{ ok: false, error }`. Handlers return only successes. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string>,
    /** The refusal is "confirm your password first". */
    readonly reauth?: true,
  ) {
    super(message);
  }
}
