import 'server-only';
import { z } from 'zod';
import { accountById } from '@/db/queries/accounts';
import { allKeys, insertKey, keyKindInScope, KeyLimitError, ownKeys, type KeyChangeResult, type KeyScope, type NewKeyOwner } from '@/db/queries/keys';
import { KEY_PERMISSIONS } from '@/db/schema';
import { ActionError, requireRecentConfirmation } from './action-error';
import type { UserContext } from './actions';
import { hasRole } from './auth/roles';
import { getConfig } from './config';
import { resolveExpiry } from './keys/expiry';
import { KeyNameSchema } from './keys/name';
import { API_RESOURCES, type ApiResource } from './keys/permissions';
import { KEY_ID_LENGTH, newToken } from './keys/token';

// What every key-issuing and key-changing action shares: the form schema, issuing with the cap enforced, and
// which keys a signed-in user may touch.

export const KeyIdSchema = z.string().regex(new RegExp(`^[0-9A-Za-z]{${KEY_ID_LENGTH}}$`), 'Unknown key.');

const ResourcesSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.enum(API_RESOURCES, { error: 'Choose resources from the list.' })).max(API_RESOURCES.length));

export const KeyFormSchema = z.object({
  name: KeyNameSchema,
  expiration: z.string({ error: 'Choose an expiration.' }).max(20),
  customDate: z.string().max(20).optional(),
  permission: z.enum(KEY_PERMISSIONS, { error: 'Choose read or read-write.' }).default('read'),
  // No resource ticked means every resource.
  resources: ResourcesSchema,
});
export type KeyForm = z.output<typeof KeyFormSchema>;

export function accountCap({ db, user }: UserContext): number | null {
  return accountById(db, user.accountId)?.maxKeyLifetimeDays ?? null;
}

/** Creates a key for `owner` under the account's cap and returns the token, once. */
export function issueKey(ctx: UserContext, owner: NewKeyOwner, input: KeyForm) {
  const expiry = resolveExpiry(input.expiration, input.customDate, ctx.now, accountCap(ctx));
  if (!expiry.ok) throw new ActionError(expiry.message, { expiration: expiry.message });
  const { keyId, token, secretHash } = newToken(getConfig().tokenPrefix);
  const resources: ApiResource[] | null = input.resources.length === 0 ? null : input.resources;
  try {
    insertKey(
      ctx.db,
      ctx.user.accountId,
      owner,
      { id: keyId, name: input.name, secretHash, expiresAt: expiry.expiresAt, permission: input.permission, resources },
      ctx.now,
      ctx.meta,
    );
  } catch (error) {
    if (error instanceof KeyLimitError) throw new ActionError(error.message);
    throw error;
  }
  // The token leaves the server here, once, in the action's response; only its hash was stored.
  return { ok: true as const, token, keyId, name: input.name };
}

/** Revoke and disable: members their own keys, owners and admins any key of the account. */
export function revocableKeys({ user }: UserContext): KeyScope {
  return hasRole(user, 'admin') ? allKeys(user.accountId) : ownKeys(user.accountId, user.userId);
}

/**
 * Regenerate shows a new secret to whoever asks, so nobody regenerates another person's personal key: members
 * their own keys, admins also service and organization keys.
 */
export function regenerableKeys({ user }: UserContext): KeyScope {
  const own = ownKeys(user.accountId, user.userId);
  return hasRole(user, 'admin') ? { accountId: user.accountId, owners: [...own.owners, { kinds: ['service', 'organization'] }] } : own;
}

/** Organization and service-account keys act for the account, not a person: changing one is a sensitive change
 * (sudo mode), like creating one. A user's own personal keys are theirs to rotate without the password. */
export function confirmIfSharedKey(ctx: UserContext, scope: KeyScope, keyId: string) {
  const kind = keyKindInScope(ctx.db, scope, keyId);
  if (kind !== null && kind !== 'personal') requireRecentConfirmation(ctx.user, ctx.now);
}

const REFUSALS: Record<Exclude<KeyChangeResult, { ok: true }>['reason'], string> = {
  not_found: 'That key does not exist, or it is not yours.',
  revoked: 'That key has already been revoked.',
  expired: 'That key has expired. Create a new key instead.',
  unchanged: 'That key is already in that state.',
};

export function refuseKeyChange(result: KeyChangeResult): asserts result is { ok: true } {
  if (!result.ok) throw new ActionError(REFUSALS[result.reason]);
}
