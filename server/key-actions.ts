import 'server-only';
import { z } from 'zod';
import type { KeyChangeRefusal } from '@/db/store';
import { KEY_PERMISSIONS } from '@/lib/types';
import { ActionError, FORBIDDEN_MESSAGE } from '../lib/action-error';
import { REAUTH_MESSAGE } from '../lib/auth/reauth';
import { KeyNameSchema } from '../lib/keys/name';
import { API_RESOURCES } from '../lib/keys/permissions';
import { KEY_ID_LENGTH } from '../lib/keys/token';
import type { IssueKeyOutcome } from './services/keys';

// What every key action shares: the form schemas, and the words for each refusal of the keys service.

export const KeyIdSchema = z.string().regex(new RegExp(`^[0-9A-Za-z]{${KEY_ID_LENGTH}}$`), 'Unknown key.');

const NO_RESOURCE = 'Choose at least one resource.';

// 'none' is what the permission table sends when no row reaches anything: refused, never read as "no resource ticked".
const ResourcesSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .refine((list) => !list.includes('none'), NO_RESOURCE)
  .pipe(z.array(z.enum(API_RESOURCES, { error: 'Choose resources from the list.' })).max(API_RESOURCES.length));

export const KeyFormSchema = z.object({
  name: KeyNameSchema,
  expiration: z.string({ error: 'Choose an expiration.' }).max(20),
  customDate: z.string().max(20).optional(),
  permission: z.enum(KEY_PERMISSIONS, { error: 'Choose read or read-write.' }).default('read'),
  // No `resources` field at all (a client that is not the permission table) means every resource; the table sends
  // 'none' when nothing is granted, which is refused above.
  resources: ResourcesSchema,
});
export type KeyForm = z.output<typeof KeyFormSchema>;

const REFUSALS: Record<KeyChangeRefusal, string> = {
  not_found: 'That key does not exist, or it is not yours.',
  forbidden: FORBIDDEN_MESSAGE,
  owner_required: FORBIDDEN_MESSAGE,
  reauth: REAUTH_MESSAGE,
  revoked: 'That key has already been revoked.',
  expired: 'That key has expired. Create a new key instead.',
  unchanged: 'That key is already in that state.',
};

/** Throws the action's refusal for a key change the service did not make. */
export function refuseKeyChange<R extends { ok: boolean }>(
  result: R | { ok: false; reason: KeyChangeRefusal },
): asserts result is Extract<R, { ok: true }> {
  if (result.ok) return;
  const { reason } = result as { ok: false; reason: KeyChangeRefusal };
  throw new ActionError(REFUSALS[reason], undefined, reason === 'reauth' ? true : undefined);
}

/** Throws the action's refusal for a key the service did not issue. */
export function refuseIssue(result: IssueKeyOutcome): asserts result is Extract<IssueKeyOutcome, { ok: true }> {
  if (result.ok) return;
  switch (result.reason) {
    case 'invalid_expiry':
      throw new ActionError(result.message, { expiration: result.message });
    case 'limit_reached':
      throw new ActionError(`This account may hold at most ${result.limit} organization keys.`);
    case 'unknown_project':
      throw new ActionError('That project does not exist.');
    case 'unknown_service_account':
      throw new ActionError('That service account does not exist.');
    case 'reauth':
      throw new ActionError(REAUTH_MESSAGE, undefined, true);
    case 'forbidden':
      throw new ActionError(FORBIDDEN_MESSAGE);
  }
}
