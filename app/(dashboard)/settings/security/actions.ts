'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { accountById } from '@/db/queries/accounts';
import { insertKey, regenerateKey as regenerateKeyRow, revokeKey as revokeKeyRow, type KeyChangeResult } from '@/db/queries/keys';
import { ActionError, userAction, type UserContext } from '@/lib/actions';
import { getConfig } from '@/lib/config';
import { GRACE_CHOICES, resolveExpiry, type GraceChoice } from '@/lib/keys/expiry';
import { KeyNameSchema } from '@/lib/keys/name';
import { KEY_ID_LENGTH, newToken } from '@/lib/keys/token';

const PAGE = '/settings/security';
const KeyIdSchema = z.string().regex(new RegExp(`^[0-9A-Za-z]{${KEY_ID_LENGTH}}$`), 'Unknown key.');

const CreateKeySchema = z.object({
  name: KeyNameSchema,
  expiration: z.string({ error: 'Choose an expiration.' }).max(20),
  customDate: z.string().max(20).optional(),
});

function capOf({ db, user }: UserContext): number | null {
  return accountById(db, user.accountId)?.maxKeyLifetimeDays ?? null;
}

function scopeOf({ user }: UserContext) {
  return { accountId: user.accountId, userId: user.userId };
}

const REFUSALS: Record<Exclude<KeyChangeResult, { ok: true }>['reason'], string> = {
  not_found: 'That key does not exist, or it is not yours.',
  revoked: 'That key has already been revoked.',
  expired: 'That key has expired. Create a new key instead.',
};

export const createKey = userAction({ schema: CreateKeySchema }, (input, ctx) => {
  const expiry = resolveExpiry(input.expiration, input.customDate, ctx.now, capOf(ctx));
  if (!expiry.ok) throw new ActionError(expiry.message, { expiration: expiry.message });
  const { keyId, token, secretHash } = newToken(getConfig().tokenPrefix);
  insertKey(ctx.db, scopeOf(ctx), { id: keyId, name: input.name, secretHash, expiresAt: expiry.expiresAt }, ctx.now, ctx.meta);
  revalidatePath(PAGE);
  // The token leaves the server here, once, in this action's response; only its hash was stored.
  return { ok: true as const, token, keyId, name: input.name };
});

export const revokeKey = userAction({ schema: z.object({ keyId: KeyIdSchema }) }, ({ keyId }, ctx) => {
  const result = revokeKeyRow(ctx.db, scopeOf(ctx), keyId, ctx.now, ctx.meta);
  if (!result.ok) throw new ActionError(REFUSALS[result.reason]);
  revalidatePath(PAGE);
  return { ok: true as const, keyId };
});

const GraceSchema = z.enum(GRACE_CHOICES.map((g) => g.value) as [GraceChoice, ...GraceChoice[]], {
  error: 'Choose when the old secret stops working.',
});

export const regenerateKey = userAction(
  { schema: z.object({ keyId: KeyIdSchema, grace: GraceSchema.default('immediately') }) },
  ({ keyId, grace }, ctx) => {
    const { token, secretHash } = newToken(getConfig().tokenPrefix, keyId);
    const result = regenerateKeyRow(ctx.db, scopeOf(ctx), keyId, secretHash, grace, capOf(ctx), ctx.now, ctx.meta);
    if (!result.ok) throw new ActionError(REFUSALS[result.reason]);
    revalidatePath(PAGE);
    return { ok: true as const, token, keyId, previousSecretExpiresAt: result.previousSecretExpiresAt ?? null };
  },
);
