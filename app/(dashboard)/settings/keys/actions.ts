'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { refuseUnless, userAction } from '@/server/actions';
import { getConfig } from '@/server/config';
import { KeyFormSchema, refuseIssue } from '@/server/key-actions';
import { KeyNameSchema } from '@/lib/keys/name';
import * as account from '@/server/services/account';
import { issueKey } from '@/server/services/keys';
import * as projects from '@/server/services/projects';

const PAGE = '/settings/keys';

export const createProject = userAction(
  { schema: z.object({ name: KeyNameSchema }), gate: 'project.create' },
  async ({ name }, ctx) => {
    const result = await projects.createProject(ctx, { name });
    refuseUnless(result, {
      name_taken: { error: 'A project with this name already exists.', fieldErrors: { name: 'Choose another name.' } },
    });
    revalidatePath(PAGE);
    return { ok: true as const, id: result.project.id, name };
  },
);

const ProjectIdSchema = z.string().uuid('Unknown project.');
const PROJECT_TAKEN = {
  error: 'A project with this name already exists.',
  fieldErrors: { name: 'Choose another name.' },
};

export const renameProject = userAction(
  { schema: z.object({ id: ProjectIdSchema, name: KeyNameSchema }), gate: 'project.rename' },
  async (input, ctx) => {
    const result = await projects.renameProject(ctx, input);
    refuseUnless(result, { name_taken: PROJECT_TAKEN, not_found: 'That project does not exist.' });
    revalidatePath(PAGE);
    return { ok: true as const, name: input.name };
  },
);

/**
 * Its live organization keys are revoked in the same transaction; the page asks first, then reads itself again. Nothing
 * is revalidated here: that would remove the row, and the dialog in it, before the dialog could say what happened.
 */
export const deleteProject = userAction(
  { schema: z.object({ id: ProjectIdSchema }), gate: 'project.delete' },
  async ({ id }, ctx) => {
    const result = await projects.deleteProject(ctx, id);
    refuseUnless(result, { not_found: 'That project does not exist.' });
    return result;
  },
);

/** A key owned by the account and bound to one project; admins only, within the account's limit. */
export const createOrganizationKey = userAction(
  {
    schema: KeyFormSchema.extend({ projectId: z.string().uuid('Choose a project.') }),
    gate: 'key.create_organization',
  },
  async ({ projectId, ...input }, ctx) => {
    const result = await issueKey(ctx, getConfig().tokenPrefix, { kind: 'organization', projectId }, input);
    refuseIssue(result);
    revalidatePath(PAGE);
    return result;
  },
);

export const setMaxOrganizationKeys = userAction(
  {
    schema: z.object({
      limit: z.coerce.number({ error: 'Enter a number.' }).int('Enter a whole number.').min(0).max(1000),
    }),
    gate: 'account.set_organization_key_limit',
  },
  async ({ limit }, ctx) => {
    const result = await account.setMaxOrganizationKeys(ctx, limit);
    refuseUnless(result);
    revalidatePath(PAGE);
    return result;
  },
);
