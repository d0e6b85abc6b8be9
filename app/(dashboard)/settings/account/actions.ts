'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { refuseUnless, userAction } from '@/server/actions';
import { CAP_CHOICES } from '@/lib/keys/expiry';
import { AccountNameSchema } from '@/lib/keys/name';
import * as account from '@/server/services/account';
import * as invitations from '@/server/services/invitations';

const PAGE = '/settings/account';
const CAP_VALUES = CAP_CHOICES.map((c) => (c === null ? 'none' : String(c)));

const CapSchema = z.object({
  maxKeyLifetime: z
    .string()
    .refine((v) => CAP_VALUES.includes(v), 'Choose one of the offered limits.')
    .transform((v) => (v === 'none' ? null : Number(v))),
  confirmed: z.literal('true').optional(),
});

/**
 * Saves the account's maximum key lifetime. A stricter cap shortens existing keys, so the first call returns a
 * preview and the change is saved only when the form comes back with `confirmed=true`.
 */
export const setMaxKeyLifetime = userAction(
  { schema: CapSchema, gate: 'account.set_key_lifetime' },
  async (input, ctx) => {
    const result = await account.setMaxKeyLifetime(ctx, {
      cap: input.maxKeyLifetime,
      confirmed: input.confirmed === 'true',
    });
    refuseUnless(result, { not_found: 'Your account no longer exists.' });
    if (result.saved) {
      revalidatePath(PAGE);
      revalidatePath('/settings/security');
    }
    return result;
  },
);

export const createInvitation = userAction(
  // An invitation grants a role, so it is as sensitive as changing one.
  { schema: z.object({ role: z.enum(['admin', 'member'], { error: 'Choose a role.' }) }), gate: 'invitation.create' },
  async ({ role }, ctx) => {
    const result = await invitations.createInvitation(ctx, { role });
    refuseUnless(result);
    revalidatePath(PAGE);
    // The browser adds its own origin: the server never builds links from a client-supplied Host header.
    return { ok: true as const, path: `/invite/${result.token}`, role };
  },
);

// The same rules as every other name (no control or text-direction characters), with its own message when empty.
const RenameSchema = z.object({ name: AccountNameSchema });

/** Renames the account (owners only). `changed` tells the form whether to say so. */
export const renameAccount = userAction({ schema: RenameSchema, gate: 'account.rename' }, async ({ name }, ctx) => {
  const result = await account.renameAccount(ctx, name);
  refuseUnless(result, { not_found: 'Your account no longer exists.' });
  if (result.changed) revalidatePath(PAGE);
  return result;
});
