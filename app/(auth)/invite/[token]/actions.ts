'use server';

import { z } from 'zod';
import { ActionError, publicAction } from '@/server/actions';
import { EmailSchema, NewPasswordSchema } from '@/lib/auth/credentials';
import { getConfig } from '@/server/config';
import { isInvitationToken } from '@/lib/keys/invitation';
import { signUpByInvitation } from '@/server/services/invitations';

const AcceptSchema = z.object({
  invitation: z.string().refine(isInvitationToken, 'This invitation link is not valid.'),
  email: EmailSchema,
  password: NewPasswordSchema,
});

export const signUpWithInvitation = publicAction({ schema: AcceptSchema }, async (input, { store, now, meta }) => {
  const result = await signUpByInvitation({ store, now, meta }, getConfig().signUpLimit, {
    token: input.invitation,
    email: input.email,
    password: input.password,
  });
  if (!result.ok && result.reason === 'rate_limited') throw new ActionError(result.message);
  if (!result.ok && result.reason === 'email_taken') {
    throw new ActionError('An account with this email already exists. In this version a user belongs to one account.', {
      email: 'This email is already registered.',
    });
  }
  if (!result.ok && result.reason === 'invitation_not_grantable') {
    throw new ActionError(
      'This invitation is no longer valid: whoever sent it may no longer grant the role it carries, so it was revoked. Ask an owner or admin of the account for a new one.',
    );
  }
  if (!result.ok) {
    throw new ActionError(
      'This invitation is no longer valid: it expired, was revoked or was already used. Ask an owner or admin of the account for a new one.',
    );
  }
  return { ok: true } as const;
});
