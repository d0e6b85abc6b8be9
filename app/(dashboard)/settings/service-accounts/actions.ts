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

const LIST = '/settings/service-accounts';
const PAGE = '/settings/service-accounts/[serviceAccountId]';
const refresh = () => {
  revalidatePath(LIST);
  revalidatePath(PAGE, 'page');
  revalidatePath('/settings/keys');
};
const NAME_TAKEN = {
  error: 'Another service account already has this name.',
  fieldErrors: { name: 'Choose a name no other service account has.' },
};
const IdSchema = z.string().uuid('Unknown service account.');

// Service accounts and their keys act for the account (a service account may hold the admin role): sudo mode.
export const createServiceAccount = userAction(
  { schema: ServiceAccountSchema, gate: 'service_account.create' },
  async (input, ctx) => {
    const result = await serviceAccounts.createServiceAccount(ctx, input);
    refuseUnless(result, { name_taken: NAME_TAKEN });
    refresh();
    return result;
  },
);

export const renameServiceAccount = userAction(
  { schema: z.object({ id: IdSchema, name: KeyNameSchema }), gate: 'service_account.rename' },
  async (input, ctx) => {
    const result = await serviceAccounts.renameServiceAccount(ctx, input);
    refuseUnless(result, { name_taken: NAME_TAKEN, not_found: 'That service account does not exist.' });
    refresh();
    return { ok: true as const, name: input.name };
  },
);

/**
 * Its live keys are revoked in the same transaction; the page asks first, then goes to the list. Nothing is
 * revalidated: that would render the page it was called from again, which is now a 404, in place of the dialog that
 * navigates on (every page here is dynamic, so the list is read fresh).
 */
export const deleteServiceAccount = userAction(
  { schema: z.object({ id: IdSchema }), gate: 'service_account.delete' },
  async ({ id }, ctx) => {
    const result = await serviceAccounts.deleteServiceAccount(ctx, id);
    refuseUnless(result, { not_found: 'That service account does not exist.' });
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
    refresh();
    return result;
  },
);
