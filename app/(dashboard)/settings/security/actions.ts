'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { userAction } from '@/server/actions';
import { getConfig } from '@/server/config';
import { KeyFormSchema, KeyIdSchema, refuseIssue, refuseKeyChange } from '@/server/key-actions';
import { GRACE_CHOICES, type GraceChoice } from '@/lib/keys/expiry';
import * as keys from '@/server/services/keys';

// Key actions shared by every page that lists keys (Security, Service accounts, Keys). The keys service decides, on
// the key as read in the transaction that changes it, what the caller may touch; nothing in the form can widen that.
const PAGES = ['/settings/security', '/settings/service-accounts', '/settings/keys'];
// And each key's own pages, where the same buttons are.
const KEY_PAGES = ['/settings/security/keys/[keyId]', '/settings/keys/[keyId]'];
const refresh = () => {
  PAGES.forEach((page) => revalidatePath(page));
  KEY_PAGES.forEach((page) => revalidatePath(page, 'page'));
};

export const createKey = userAction({ schema: KeyFormSchema, gate: 'key.create_personal' }, async (input, ctx) => {
  const result = await keys.issueKey(
    ctx,
    getConfig().tokenPrefix,
    { kind: 'personal', userId: ctx.user.userId },
    input,
  );
  refuseIssue(result);
  refresh();
  return result;
});

export const revokeKey = userAction(
  { schema: z.object({ keyId: KeyIdSchema }), gate: 'key.revoke' },
  async ({ keyId }, ctx) => {
    refuseKeyChange(await keys.revokeKey(ctx, keyId));
    refresh();
    return { ok: true as const, keyId };
  },
);

const GraceSchema = z.enum(GRACE_CHOICES.map((g) => g.value) as [GraceChoice, ...GraceChoice[]], {
  error: 'Choose when the old secret stops working.',
});

export const regenerateKey = userAction(
  { schema: z.object({ keyId: KeyIdSchema, grace: GraceSchema.default('immediately') }), gate: 'key.regenerate' },
  async (input, ctx) => {
    const result = await keys.regenerateKey(ctx, getConfig().tokenPrefix, input);
    refuseKeyChange(result);
    refresh();
    return result;
  },
);

/** Owners and admins: a disabled key is refused like a revoked one until enabled again. */
export const setKeyEnabled = userAction(
  { schema: z.object({ keyId: KeyIdSchema, enabled: z.enum(['true', 'false']) }), gate: 'key.set_enabled' },
  async ({ keyId, enabled }, ctx) => {
    refuseKeyChange(await keys.setKeyEnabled(ctx, { keyId, enabled: enabled === 'true' }));
    refresh();
    return { ok: true as const, keyId, enabled: enabled === 'true' };
  },
);
