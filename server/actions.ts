import 'server-only';
import { headers } from 'next/headers';
import type { z } from 'zod';
import type { Store } from '@/db/store';
import { getStore } from '@/server/db';
import { ActionError, FORBIDDEN_MESSAGE } from '../lib/action-error';
import { REAUTH_MESSAGE } from '../lib/auth/reauth';
import { auth } from './auth/session';
import { clientAddressFrom } from '../lib/net/request-address';
import { checkSameOrigin, originHeadersOf } from '../lib/origin';
import { gate, sessionActor, type GatedOperation } from '../lib/policy/access';
import type { ServiceContext } from './services/context';
import type { RequestMeta, SessionUser } from '../lib/types';

export { ActionError, FORBIDDEN_MESSAGE } from '../lib/action-error';

// The one server-action wrapper: session, the access policy's gate (role and sudo mode), zod validation, typed state
// for useActionState. Every exported action in a 'use server' file is built with it.

export type ActionFailure = {
  ok: false;
  error: string;
  fieldErrors?: Record<string, string>;
  /** What the user typed, so the form can keep it after an error (never a password). */
  values?: Record<string, string>;
  /** Set when a sensitive action needs the password confirmed again first; nothing was changed. */
  reauth?: true;
};
export type ActionSuccess = { ok: true };
/** What an action returns: its own success shape, or a failure. */
export type ActionResult<R extends ActionSuccess = ActionSuccess> = R | ActionFailure;
export type ActionState<R extends ActionSuccess = ActionSuccess> = ActionResult<R> | null;

export interface PublicContext {
  store: Store;
  now: number;
  meta: { ip: string | null; userAgent: string | null };
}
export interface UserContext extends PublicContext, ServiceContext {
  user: SessionUser;
  meta: RequestMeta;
}

/** Never echoed back: password, currentPassword, newPassword, confirmNewPassword… */
const isSecretField = (name: string) => /password/i.test(name);

type FormValues = Record<string, string | string[]>;

/** Text fields of the form; a name sent more than once (checkboxes) becomes a list. */
function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || typeof value !== 'string') continue;
    const seen = values[key];
    values[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return values;
}

function echo(values: FormValues): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, string] => !isSecretField(entry[0]) && typeof entry[1] === 'string',
    ),
  );
}

async function requestMeta(): Promise<PublicContext['meta']> {
  const h = await headers();
  // The address the listener decided (socket, or X-Forwarded-For from a trusted proxy); never a client's claim.
  return { ip: clientAddressFrom(h), userAgent: h.get('user-agent')?.slice(0, 512) ?? null };
}

/** Actions answer only the app's own pages: a replay from another origin, `Origin: null` or none is refused first. */
async function crossOriginRefusal(): Promise<ActionFailure | null> {
  if (checkSameOrigin(originHeadersOf(await headers())).ok) return null;
  return { ok: false, error: 'This request did not come from this site. Reload the page and try again.' };
}

async function run<S extends z.ZodType, R extends ActionSuccess, C extends PublicContext>(
  schema: S,
  formData: FormData,
  context: C,
  handler: (input: z.output<S>, ctx: C) => R | Promise<R>,
): Promise<ActionResult<R>> {
  // Actions are public endpoints: a forged call can send anything, not only the FormData the page builds.
  if (!(formData instanceof FormData))
    return { ok: false, error: 'The form could not be read. Reload the page and try again.' };
  const values = formValues(formData);
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false, error: 'Please correct the highlighted fields.', fieldErrors, values: echo(values) };
  }
  try {
    return await handler(parsed.data, context);
  } catch (error) {
    if (error instanceof ActionError) {
      return {
        ok: false,
        error: error.message,
        fieldErrors: error.fieldErrors,
        values: echo(values),
        ...(error.reauth && { reauth: true as const }),
      };
    }
    console.error(`[action] unexpected ${error instanceof Error ? error.name : typeof error}`);
    return { ok: false, error: 'Something went wrong on our side. Nothing was changed.', values: echo(values) };
  }
}

/**
 * An action for signed-in users. `gate` names the operation for the access policy (lib/policy/access.ts), which is
 * asked before the form is read: a role that may never do it is refused, and an operation that needs sudo mode is
 * refused with `reauth: true`, changing nothing, unless this session proved the password within the last 10 minutes;
 * the page then asks for it and calls confirmPassword. The handler's service asks the policy again about the target.
 */
export function userAction<S extends z.ZodType, R extends ActionSuccess>(
  options: { schema: S; gate?: GatedOperation },
  handler: (input: z.output<S>, ctx: UserContext) => R | Promise<R>,
) {
  return async (_previous: ActionState<R>, formData: FormData): Promise<ActionResult<R>> => {
    const refused = await crossOriginRefusal();
    if (refused) return refused;
    const user = await auth();
    if (!user) return { ok: false, error: 'Your session has ended. Sign in again.' };
    const now = Date.now();
    const actor = sessionActor(user, now);
    const decision = options.gate ? gate(actor, options.gate) : null;
    if (decision && !decision.allowed) {
      return decision.reason === 'reauth'
        ? { ok: false, error: REAUTH_MESSAGE, reauth: true }
        : { ok: false, error: FORBIDDEN_MESSAGE };
    }
    const meta = { ...(await requestMeta()), actorUserId: user.userId, actorLabel: user.email };
    return run(options.schema, formData, { store: getStore(), actor, now, user, meta }, handler);
  };
}

type ReasonOf<R> = R extends { ok: false; reason: infer Reason extends string } ? Reason : never;
type Words = string | { error: string; fieldErrors: Record<string, string> };

/**
 * Throws the action's refusal for a service result that was refused: `words` for the refusals the action names
 * itself (an unknown id, a taken name), the policy's general words for the rest (forbidden, reauth).
 */
export function refuseUnless<R extends { ok: boolean }>(
  result: R,
  words: Partial<Record<ReasonOf<R>, Words>> = {},
): asserts result is Extract<R, { ok: true }> {
  if (result.ok) return;
  const { reason } = result as unknown as { reason: ReasonOf<R> };
  const own: Words | undefined = words[reason];
  if (typeof own === 'string') throw new ActionError(own);
  if (own) throw new ActionError(own.error, own.fieldErrors);
  if (reason === 'reauth') throw new ActionError(REAUTH_MESSAGE, undefined, true);
  throw new ActionError(FORBIDDEN_MESSAGE);
}

/** An action open to visitors who are not signed in (sign-up, accepting an invitation). */
export function publicAction<S extends z.ZodType, R extends ActionSuccess>(
  options: { schema: S },
  handler: (input: z.output<S>, ctx: PublicContext) => R | Promise<R>,
) {
  return async (_previous: ActionState<R>, formData: FormData): Promise<ActionResult<R>> =>
    (await crossOriginRefusal()) ??
    run(options.schema, formData, { store: getStore(), now: Date.now(), meta: await requestMeta() }, handler);
}
