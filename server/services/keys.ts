import type { KeyDetail } from '@/lib/types';
import type { KeyListQuery } from '../../lib/keys/list-query';
import type { Decide, IssueKeyResult, KeyChangeResult, LeakReport, Reporter, Store, VerifyResult } from '@/db/store';
import type { GraceChoice } from '../../lib/keys/expiry';
import { resolveExpiry } from '../../lib/keys/expiry';
import type { ApiResource } from '../../lib/keys/permissions';
import { newToken } from '../../lib/keys/token';
import type { KeyPermission } from '@/lib/types';
import {
  decideKey,
  decideNewKey,
  gate,
  keyScope,
  ownKeys,
  type KeyOperation,
  type KeyTarget,
  type NewKeyOwner,
} from '../../lib/policy/access';
import type { ServiceContext } from './context';

// The key operations, one function each, used by the dashboard's actions, the API routes and the leak endpoint
// alike: scope (from the policy) -> the store's one transaction, which reads the key, asks the policy about that row
// (sudo mode included) and changes it with its audit row -> a typed result. A leak report has no actor: the genuine
// secret is its authority, checked on the key's row inside the revoking transaction. Secrets are generated and hashed here,
// before the transaction; a new token leaves only in the result of the operation that made it.

/** A refusal before any row was read: the actor may never do this. */
const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;

async function changeKey<T extends object>(
  ctx: ServiceContext,
  op: KeyOperation,
  change: (scope: NonNullable<ReturnType<typeof keyScope>>, decide: Decide) => Promise<KeyChangeResult<T>>,
): Promise<KeyChangeResult<T>> {
  // The scope of the actor as built narrows the SQL; the decision is made again on the actor as read in the
  // transaction (a scope that has since shrunk refuses the row there).
  const scope = keyScope(ctx.actor, op);
  if (!scope) return FORBIDDEN;
  return change(scope, (key, actor) => decideKey(actor, op, key));
}

export interface IssueKeyInput {
  name: string;
  expiration: string;
  customDate?: string;
  permission: KeyPermission;
  /** Empty: every resource. */
  resources: readonly ApiResource[];
}

export type IssueKeyOutcome =
  | { ok: true; token: string; keyId: string; name: string }
  | Exclude<IssueKeyResult, { ok: true }>
  | { ok: false; reason: 'forbidden' | 'reauth' };

/** Creates a key for `owner` under the account's cap and returns the token, once. */
export async function issueKey(
  ctx: ServiceContext,
  prefix: string,
  owner: NewKeyOwner,
  input: IssueKeyInput,
): Promise<IssueKeyOutcome> {
  const decision = decideNewKey(ctx.actor, owner);
  if (!decision.allowed) return { ok: false, reason: decision.reason === 'reauth' ? 'reauth' : 'forbidden' };
  const { keyId, token, secretHash } = newToken(prefix);
  const result = await ctx.store.issueKey(
    ctx.actor,
    owner,
    {
      id: keyId,
      name: input.name,
      secretHash,
      permission: input.permission,
      resources: input.resources.length === 0 ? null : input.resources,
      expiry: (capDays) => resolveExpiry(input.expiration, input.customDate, ctx.now, capDays),
    },
    (actor) => decideNewKey(actor, owner),
    ctx.now,
    ctx.meta,
  );
  if (!result.ok) {
    if (result.reason === 'reauth' || result.reason === 'forbidden') return { ok: false, reason: result.reason };
    if (result.reason === 'not_found' || result.reason === 'owner_required') return FORBIDDEN;
    return result;
  }
  // The token leaves the server here, once, in the operation's result; only its hash was stored.
  return { ok: true, token, keyId, name: input.name };
}

export async function revokeKey(ctx: ServiceContext, keyId: string): Promise<KeyChangeResult> {
  return changeKey(ctx, 'revoke', (scope, decide) =>
    ctx.store.revokeKey(ctx.actor, scope, keyId, decide, ctx.now, ctx.meta),
  );
}

/** A key revokes itself (DELETE /api/v1/keys/self): every key reaches itself for revocation. */
export async function revokeOwnKey(ctx: ServiceContext): Promise<KeyChangeResult> {
  if (ctx.actor.type !== 'key') return FORBIDDEN;
  const { keyId, accountId } = ctx.actor;
  return ctx.store.revokeKey(
    ctx.actor,
    { accountId, owners: [{ keyId }] },
    keyId,
    (key, actor) => decideKey(actor, 'revoke', key),
    ctx.now,
    ctx.meta,
  );
}

export async function regenerateKey(
  ctx: ServiceContext,
  prefix: string,
  { keyId, grace }: { keyId: string; grace: GraceChoice },
): Promise<KeyChangeResult<{ token: string; keyId: string; previousSecretExpiresAt: number | null }>> {
  // Hashed before the transaction; thrown away if the change is refused.
  const { token, secretHash } = newToken(prefix, keyId);
  const result = await changeKey(ctx, 'regenerate', (scope, decide) =>
    ctx.store.regenerateKey(ctx.actor, scope, keyId, secretHash, grace, decide, ctx.now, ctx.meta),
  );
  if (!result.ok) return result;
  return { ok: true, token, keyId, previousSecretExpiresAt: result.previousSecretExpiresAt };
}

/** Disables (refused like a revoked key) or enables again. */
export async function setKeyEnabled(
  ctx: ServiceContext,
  { keyId, enabled }: { keyId: string; enabled: boolean },
): Promise<KeyChangeResult> {
  return changeKey(ctx, enabled ? 'enable' : 'disable', (scope, decide) =>
    ctx.store.setKeyDisabled(ctx.actor, scope, keyId, !enabled, decide, ctx.now, ctx.meta),
  );
}

/** The keys the actor may see, newest first. */
export async function visibleKeys(ctx: Pick<ServiceContext, 'store' | 'actor' | 'now'>) {
  const scope = keyScope(ctx.actor, 'see');
  return scope ? ctx.store.keysInScope(scope, ctx.now) : [];
}

/** One page of the keys the actor may see (Settings > Keys), searched, filtered and sorted in the store's SQL. */
export async function visibleKeysPage(ctx: Pick<ServiceContext, 'store' | 'actor' | 'now'>, query: KeyListQuery) {
  const scope = keyScope(ctx.actor, 'see');
  return scope ? ctx.store.keysPage(scope, query, ctx.now) : { keys: [], total: 0, usage: {} };
}

/** How many of a key's audit events its page shows (the audit log, filtered by the key, has them all). */
export const KEY_PAGE_EVENTS = 50;

/**
 * A key's own page, or null (the page answers 404) when the actor may not see it. 'own' is Settings > Security's
 * page: the actor's own personal keys only, admins included, as the Security list shows. 'admin' is Settings > Keys'
 * page: every key the policy lets the actor see, for those who may open the admin pages. The store reads the key in
 * that scope (in its SQL); the decision is asked again on the row it returned.
 */
export async function keyDetail(
  ctx: Pick<ServiceContext, 'store' | 'actor' | 'now'>,
  keyId: string,
  view: 'own' | 'admin',
): Promise<KeyDetail | null> {
  const { actor } = ctx;
  const see = keyScope(actor, 'see');
  if (!see || actor.type !== 'user') return null;
  if (view === 'admin' && !gate(actor, 'account.administer').allowed) return null;
  const scope = view === 'own' ? ownKeys(actor.accountId, actor.userId) : see;
  const detail = await ctx.store.keyDetail(scope, keyId, ctx.now, KEY_PAGE_EVENTS);
  if (!detail || !decideKey(actor, 'see', detail.key).allowed) return null;
  if (gate(actor, 'account.administer').allowed) return detail;
  // Someone who may not read the audit log sees who acted on their key, but another person's address and browser
  // only through the audit log, as before this page existed.
  const userId = actor.userId;
  return {
    ...detail,
    events: detail.events.map((event) =>
      event.actorUserId === userId ? event : { ...event, ip: null, userAgent: null },
    ),
  };
}

/**
 * Checks a key another service was given (POST /api/v1/keys/verify). Only keys the actor reaches for 'verify' (its
 * own account's) are described; for any other, the answer is the same as for an unknown key.
 */
export async function verifyPresentedKey(
  ctx: Pick<ServiceContext, 'store' | 'actor' | 'now'>,
  prefix: string,
  token: string,
): Promise<VerifyResult | { ok: false; reason: 'not_found' }> {
  const result = await ctx.store.verifyToken(token, prefix, ctx.now);
  const scope = keyScope(ctx.actor, 'verify');
  if (!result.ok) return scope && result.accountId === scope.accountId ? result : { ok: false, reason: 'not_found' };
  const { principal } = result;
  const target: KeyTarget = {
    accountId: principal.accountId,
    id: principal.keyId,
    kind: principal.kind,
    userId: principal.owner.type === 'user' ? principal.owner.id : null,
    serviceAccountId: principal.owner.type === 'service_account' ? principal.owner.id : null,
  };
  return decideKey(ctx.actor, 'verify', target).allowed ? result : { ok: false, reason: 'not_found' };
}

/**
 * Leak reports: whoever holds a genuine secret (the policy's holdsGenuineSecret, checked by the store) acts as that
 * key's token holder, which the policy lets revoke that one key; asked inside each report's transaction.
 */
export async function revokeLeakedTokens(
  store: Store,
  reports: readonly LeakReport[],
  prefix: string,
  reporter: Reporter,
  now: number,
) {
  return store.revokeLeakedTokens(
    reports,
    prefix,
    (holder, key) => decideKey({ type: 'token_holder', ...holder }, 'revoke', key),
    reporter,
    now,
  );
}
