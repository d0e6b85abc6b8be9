'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { refuseUnless, userAction } from '@/server/actions';
import { getConfig } from '@/server/config';
import { KeyFormSchema, refuseIssue } from '@/server/key-actions';
import { KeyNameSchema } from '@/lib/keys/name';
import { issueKey } from '@/server/services/keys';
import * as serviceAccounts from '@/server/services/service-accounts';

const ServiceAccountSchema = z.object({
  name: KeyNameSchema,
  role: z.enum(['admin', 'member'], { error: 'Choose a role.' }),
  description: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
});

// Service accounts and their keys act for the account (a service account may hold the admin role): sudo mode.
export const createServiceAccount = userAction(
  { schema: ServiceAccountSchema, gate: 'service_account.create' },
  async (input, ctx) => {
    const result = await serviceAccounts.createServiceAccount(ctx, input);
    refuseUnless(result);
    revalidatePath('/settings/service-accounts');
    return result;
  },
);

/** A key owned by a service account: same one-time flow and cap as personal keys, created by admins only. */
export const createServiceKey = userAction(
  {
    schema: KeyFormSchema.extend({ serviceAccountId: z.string().uuid('Unknown service account.') }),
    gate: 'key.create_service',
  },
  async ({ serviceAccountId, ...input }, ctx) => {
    const result = await issueKey(ctx, getConfig().tokenPrefix, { kind: 'service', serviceAccountId }, input);
    refuseIssue(result);
    revalidatePath('/settings/service-accounts');
    revalidatePath('/settings/keys');
    return result;
  },
);
