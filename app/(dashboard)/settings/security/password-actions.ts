'use server';

import { z } from 'zod';
import { ActionError, userAction } from '@/server/actions';
import { NewPasswordSchema } from '@/lib/auth/credentials';
import { lockMessage } from '@/lib/auth/throttle';
import * as password from '@/server/services/password';

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

const WRONG_PASSWORD = 'That password is not correct.';
const STALE =
  'Your session ended or your password was changed while this was being checked. Sign in again, then try once more.';

/** The refusal for a password that did not check out, marking `field` when the password was simply wrong. */
function refused(result: Exclude<password.PasswordCheck, { ok: true }>, field: string): never {
  if (result.reason === 'locked') throw new ActionError(lockMessage(result.remainingMs));
  if (result.reason === 'stale') throw new ActionError(STALE);
  throw new ActionError(WRONG_PASSWORD, { [field]: WRONG_PASSWORD });
}

/**
 * Changes the signed-in user's password. The current password is the proof (so no separate re-confirmation); every
 * other session of the user ends at once, this one stays and counts as just confirmed.
 */
export const changePassword = userAction(
  { schema: ChangePasswordSchema },
  async ({ currentPassword, newPassword }, ctx) => {
    const result = await password.changePassword(ctx, { currentPassword, newPassword });
    if (!result.ok) refused(result, 'currentPassword');
    return { ok: true as const, otherSessionsEnded: result.otherSessionsEnded };
  },
);

/** "Sudo mode": proves the password again for this session only, opening the 10-minute window for sensitive changes. */
export const confirmPassword = userAction({ schema: z.object({ password: CurrentPassword }) }, async (input, ctx) => {
  const result = await password.confirmPassword(ctx, input.password);
  if (!result.ok) refused(result, 'password');
  return { ok: true as const };
});
