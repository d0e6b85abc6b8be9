'use server';

import { z } from 'zod';
import { ActionError, publicAction } from '@/server/actions';
import { EmailSchema, NewPasswordSchema } from '@/lib/auth/credentials';
import { getConfig } from '@/server/config';
import { signUp as createAccount } from '@/server/services/sign-up';

const SignUpSchema = z.object({ email: EmailSchema, password: NewPasswordSchema });

export const signUp = publicAction({ schema: SignUpSchema }, async (input, ctx) => {
  const result = await createAccount(ctx, getConfig().signUpLimit, input);
  if (!result.ok && result.reason === 'rate_limited') throw new ActionError(result.message);
  if (!result.ok) {
    throw new ActionError('An account with this email already exists. Sign in instead.', {
      email: 'This email is already registered.',
    });
  }
  return { ok: true } as const;
});
