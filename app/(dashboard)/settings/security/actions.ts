'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { userAction } from '@/lib/actions';
import { issueKey, KeyFormSchema, KeyIdSchema } from '@/lib/key-actions';
import { GRACE_CHOICES, type GraceChoice } from '@/lib/keys/expiry';
import * as keys from '@/lib/services/keys';

// Key actions shared by every page that lists keys (Security, Service accounts, Keys). Each decides server-side
// which keys the caller may touch; nothing in the form can widen that.
const PAGES = ['/settings/security', '/settings/service-accounts', '/settings/keys'];
const refresh = () => PAGES.forEach((page) => revalidatePath(page));

export const createKey = userAction({ schema: KeyFormSchema }, (input, ctx) => {
  const result = issueKey(ctx, { kind: 'personal', userId: ctx.user.userId }, input);
  refresh();
  return result;
});

export const revokeKey = userAction({ schema: z.object({ keyId: KeyIdSchema }) }, (input, ctx) => {
  const result = keys.revokeKey(ctx, input);
  refresh();
  return result;
});

const GraceSchema = z.enum(GRACE_CHOICES.map((g) => g.value) as [GraceChoice, ...GraceChoice[]], {
  error: 'Choose when the old secret stops working.',
});

export const regenerateKey = userAction(
  { schema: z.object({ keyId: KeyIdSchema, grace: GraceSchema.default('immediately') }) },
  (input, ctx) => {
    const result = keys.regenerateKey(ctx, input);
    refresh();
    return result;
  },
);

/** Owners and admins: a disabled key is refused like a revoked one until enabled again. */
export const setKeyEnabled = userAction(
  { schema: z.object({ keyId: KeyIdSchema, enabled: z.enum(['true', 'false']) }), role: 'admin' },
  ({ keyId, enabled }, ctx) => {
    const result = keys.setKeyEnabled(ctx, { keyId, enabled: enabled === 'true' });
    refresh();
    return result;
  },
);
