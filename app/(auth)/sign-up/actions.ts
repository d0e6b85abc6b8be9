'use server';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createAccountWithOwner } from '@/db/queries/users';
import { ActionError, publicAction } from '@/lib/actions';
import { EmailSchema, NewPasswordSchema } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';

const SignUpSchema = z.object({ email: EmailSchema, password: NewPasswordSchema });

export const signUp = publicAction({ schema: SignUpSchema }, async ({ email, password }, { db, now }) => {
  // Hash before touching the database: better-sqlite3 transactions are synchronous.
  const passwordHash = await hashPassword(password);
  const result = createAccountWithOwner(db, {
    accountId: randomUUID(),
    accountName: `${email.split('@')[0]}'s account`,
    userId: randomUUID(),
    email,
    passwordHash,
    now,
  });
  if (!result.ok) {
    throw new ActionError('An account with this email already exists. Sign in instead.', {
      email: 'This email is already registered.',
    });
  }
  return { ok: true } as const;
});
