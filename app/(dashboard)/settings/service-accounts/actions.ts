'use server';

import { revalidatePath } from 'next/cache';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertServiceAccount } from '@/db/queries/service-accounts';
import { userAction } from '@/lib/actions';
import { getConfig } from '@/lib/config';
import { KeyFormSchema, refuseIssue } from '@/lib/key-actions';
import { KeyNameSchema } from '@/lib/keys/name';
import { issueKey } from '@/lib/services/keys';

const ServiceAccountSchema = z.object({
  name: KeyNameSchema,
  role: z.enum(['admin', 'member'], { error: 'Choose a role.' }),
  description: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
});

// Service accounts and their keys act for the account (a service account may hold the admin role): sudo mode.
export const createServiceAccount = userAction({ schema: ServiceAccountSchema, gate: 'service_account.create' }, (input, ctx) => {
  const id = randomUUID();
  insertServiceAccount(ctx.db, { id, accountId: ctx.user.accountId, ...input, createdAt: ctx.now }, ctx.meta);
  revalidatePath('/settings/service-accounts');
  return { ok: true as const, id, name: input.name };
});

/** A key owned by a service account: same one-time flow and cap as personal keys, created by admins only. */
export const createServiceKey = userAction(
  { schema: KeyFormSchema.extend({ serviceAccountId: z.string().uuid('Unknown service account.') }), gate: 'key.create_service' },
  async ({ serviceAccountId, ...input }, ctx) => {
    const result = await issueKey(ctx, getConfig().tokenPrefix, { kind: 'service', serviceAccountId }, input);
    refuseIssue(result);
    revalidatePath('/settings/service-accounts');
    revalidatePath('/settings/keys');
    return result;
  },
);
