'use server';

import { revalidatePath } from 'next/cache';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { setMaxOrganizationKeys as saveMaxOrganizationKeys } from '@/db/queries/accounts';
import { insertProject } from '@/db/queries/projects';
import { ActionError, userAction } from '@/lib/actions';
import { getConfig } from '@/lib/config';
import { KeyFormSchema, refuseIssue } from '@/lib/key-actions';
import { KeyNameSchema } from '@/lib/keys/name';
import { issueKey } from '@/lib/services/keys';

const PAGE = '/settings/keys';

export const createProject = userAction({ schema: z.object({ name: KeyNameSchema }), gate: 'project.create' }, ({ name }, ctx) => {
  const result = insertProject(ctx.db, { id: randomUUID(), accountId: ctx.user.accountId, name, createdAt: ctx.now }, ctx.meta);
  if (!result.ok) throw new ActionError('A project with this name already exists.', { name: 'Choose another name.' });
  revalidatePath(PAGE);
  return { ok: true as const, id: result.project.id, name };
});

/** A key owned by the account and bound to one project; admins only, within the account's limit. */
export const createOrganizationKey = userAction(
  { schema: KeyFormSchema.extend({ projectId: z.string().uuid('Choose a project.') }), gate: 'key.create_organization' },
  async ({ projectId, ...input }, ctx) => {
    const result = await issueKey(ctx, getConfig().tokenPrefix, { kind: 'organization', projectId }, input);
    refuseIssue(result);
    revalidatePath(PAGE);
    return result;
  },
);

export const setMaxOrganizationKeys = userAction(
  {
    schema: z.object({ limit: z.coerce.number({ error: 'Enter a number.' }).int('Enter a whole number.').min(0).max(1000) }),
    gate: 'account.set_organization_key_limit',
  },
  ({ limit }, ctx) => {
    saveMaxOrganizationKeys(ctx.db, ctx.user.accountId, limit, ctx.now, ctx.meta);
    revalidatePath(PAGE);
    return { ok: true as const, limit };
  },
);
