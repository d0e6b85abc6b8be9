'use server';

import { revalidatePath } from 'next/cache';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { accountById, insertInvitation, setMaxKeyLifetime as saveMaxKeyLifetime } from '@/db/queries/accounts';
import { liveKeyTimesForAccount } from '@/db/queries/keys';
import { ActionError, userAction } from '@/lib/actions';
import { CAP_CHOICES, isStricterCap, previewCap, type CapPreview } from '@/lib/keys/expiry';
import { generateInvitationToken, INVITATION_TTL_MS } from '@/lib/keys/invitation';
import { hashSecret } from '@/lib/keys/token';

const PAGE = '/settings/account';
const CAP_VALUES = CAP_CHOICES.map((c) => (c === null ? 'none' : String(c)));

const CapSchema = z.object({
  maxKeyLifetime: z
    .string()
    .refine((v) => CAP_VALUES.includes(v), 'Choose one of the offered limits.')
    .transform((v) => (v === 'none' ? null : Number(v))),
  confirmed: z.literal('true').optional(),
});

type CapResult = { ok: true; saved: true; cap: number | null } | { ok: true; saved: false; cap: number | null; preview: CapPreview };

/**
 * Saves the account's maximum key lifetime. A stricter cap shortens existing keys, so the first call returns a
 * preview and the change is saved only when the form comes back with `confirmed=true`.
 */
export const setMaxKeyLifetime = userAction({ schema: CapSchema, gate: 'account.set_key_lifetime' }, (input, { db, user, now, meta }): CapResult => {
  const account = accountById(db, user.accountId);
  if (!account) throw new ActionError('Your account no longer exists.');
  const current = account.maxKeyLifetimeDays;
  const cap = input.maxKeyLifetime;
  if (isStricterCap(current, cap) && !input.confirmed) {
    const preview = previewCap(liveKeyTimesForAccount(db, user.accountId), current, cap, now);
    return { ok: true, saved: false, cap, preview };
  }
  saveMaxKeyLifetime(db, user.accountId, cap, now, meta);
  revalidatePath(PAGE);
  revalidatePath('/settings/security');
  return { ok: true, saved: true, cap };
});

export const createInvitation = userAction(
  // An invitation grants a role, so it is as sensitive as changing one.
  { schema: z.object({ role: z.enum(['admin', 'member'], { error: 'Choose a role.' }) }), gate: 'invitation.create' },
  ({ role }, { db, user, now, meta }) => {
    const token = generateInvitationToken();
    insertInvitation(
      db,
      {
        id: randomUUID(),
        accountId: user.accountId,
        tokenHash: hashSecret(token),
        role,
        createdBy: user.userId,
        createdAt: now,
        expiresAt: now + INVITATION_TTL_MS,
      },
      meta,
    );
    revalidatePath(PAGE);
    // The browser adds its own origin: the server never builds links from a client-supplied Host header.
    return { ok: true as const, path: `/invite/${token}`, role };
  },
);
