'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { regenerateKey as regenerateKeyRow, revokeKey as revokeKeyRow, setKeyDisabled } from '@/db/queries/keys';
import { userAction } from '@/lib/actions';
import { getConfig } from '@/lib/config';
import {
  accountCap,
  confirmIfSharedKey,
  issueKey,
  KeyFormSchema,
  KeyIdSchema,
  refuseKeyChange,
  regenerableKeys,
  revocableKeys,
} from '@/lib/key-actions';
import { GRACE_CHOICES, type GraceChoice } from '@/lib/keys/expiry';
import { newToken } from '@/lib/keys/token';

// Key actions shared by every page that lists keys (Security, Service accounts, Keys). Each decides server-side
// which keys the caller may touch; nothing in the form can widen that.
const PAGES = ['/settings/security', '/settings/service-accounts', '/settings/keys'];
const refresh = () => PAGES.forEach((page) => revalidatePath(page));

export const createKey = userAction({ schema: KeyFormSchema }, (input, ctx) => {
  const result = issueKey(ctx, { kind: 'personal', userId: ctx.user.userId }, input);
  refresh();
  return result;
});

export const revokeKey = userAction({ schema: z.object({ keyId: KeyIdSchema }) }, ({ keyId }, ctx) => {
  const scope = revocableKeys(ctx);
  confirmIfSharedKey(ctx, scope, keyId);
  refuseKeyChange(revokeKeyRow(ctx.db, scope, keyId, ctx.now, ctx.meta));
  refresh();
  return { ok: true as const, keyId };
});

const GraceSchema = z.enum(GRACE_CHOICES.map((g) => g.value) as [GraceChoice, ...GraceChoice[]], {
  error: 'Choose when the old secret stops working.',
});

export const regenerateKey = userAction(
  { schema: z.object({ keyId: KeyIdSchema, grace: GraceSchema.default('immediately') }) },
  ({ keyId, grace }, ctx) => {
    const scope = regenerableKeys(ctx);
    confirmIfSharedKey(ctx, scope, keyId);
    const { token, secretHash } = newToken(getConfig().tokenPrefix, keyId);
    const result = regenerateKeyRow(ctx.db, scope, keyId, secretHash, grace, accountCap(ctx), ctx.now, ctx.meta);
    refuseKeyChange(result);
    refresh();
    return { ok: true as const, token, keyId, previousSecretExpiresAt: result.previousSecretExpiresAt ?? null };
  },
);

/** Owners and admins: a disabled key is refused like a revoked one until enabled again. */
export const setKeyEnabled = userAction(
  { schema: z.object({ keyId: KeyIdSchema, enabled: z.enum(['true', 'false']) }), role: 'admin' },
  ({ keyId, enabled }, ctx) => {
    const scope = revocableKeys(ctx);
    confirmIfSharedKey(ctx, scope, keyId);
    refuseKeyChange(setKeyDisabled(ctx.db, scope, keyId, enabled === 'false', ctx.now, ctx.meta));
    refresh();
    return { ok: true as const, keyId, enabled: enabled === 'true' };
  },
);
