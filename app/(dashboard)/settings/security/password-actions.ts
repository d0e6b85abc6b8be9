'use server';

import { z } from 'zod';
import { changePassword as savePassword, confirmSession } from '@/db/queries/sessions';
import { userAction } from '@/server/actions';
import { NewPasswordSchema } from '@/lib/auth/credentials';
import { verifyCurrentPassword } from '@/server/auth/current-password';
import { hashPassword } from '@/lib/auth/password';

const CurrentPassword = z
  .string({ error: 'Enter your current password.' })
  .min(1, 'Enter your current password.')
  .max(256, 'That password is too long.');

const ChangePasswordSchema = z
  .object({
    currentPassword: CurrentPassword,
    newPassword: NewPasswordSchema,
    confirmNewPassword: z.string({ error: 'Repeat the new password.' }),
  })
  .refine((v) => v.newPassword === v.confirmNewPassword, {
    path: ['confirmNewPassword'],
    message: 'The passwords do not match.',
  });

/**
 * Changes the signed-in user's password. The current password is the proof (so no separate re-confirmation); every
 * other session of the user ends at once, this one stays and counts as just confirmed.
 */
export const changePassword = userAction(
  { schema: ChangePasswordSchema },
  async ({ currentPassword, newPassword }, ctx) => {
    await verifyCurrentPassword(ctx, currentPassword, 'currentPassword');
    // scrypt takes a while: hash before the (synchronous) transaction, never inside it.
    const passwordHash = await hashPassword(newPassword);
    const otherSessionsEnded = savePassword(ctx.db, ctx.user, passwordHash, Date.now(), ctx.meta);
    return { ok: true as const, otherSessionsEnded };
  },
);

/** "Sudo mode": proves the password again for this session only, opening the 10-minute window for sensitive changes. */
export const confirmPassword = userAction(
  { schema: z.object({ password: CurrentPassword }) },
  async ({ password }, ctx) => {
    await verifyCurrentPassword(ctx, password, 'password');
    confirmSession(ctx.db, ctx.user, Date.now(), ctx.meta);
    return { ok: true as const };
  },
);
