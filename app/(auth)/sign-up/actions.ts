'use server';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createAccountWithOwner } from '@/db/queries/users';
import { ActionError, publicAction } from '@/server/actions';
import { EmailSchema, NewPasswordSchema } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { signUpGate } from '@/lib/auth/sign-up-limit';
import { getConfig } from '@/server/config';

const SignUpSchema = z.object({ email: EmailSchema, password: NewPasswordSchema });

export const signUp = publicAction({ schema: SignUpSchema }, async ({ email, password }, { db, now, meta }) => {
  // Counted per address before the hash, and one at a time per address (lib/auth/sign-up-limit.ts).
  const gated = await signUpGate(getConfig().signUpLimit).run(meta.ip, now, async () => {
    // Hash before touching the database: better-sqlite3 transactions are synchronous.
    const passwordHash = await hashPassword(password);
    return createAccountWithOwner(db, {
      accountId: randomUUID(),
      accountName: `${email.split('@')[0]}'s account`,
      userId: randomUUID(),
      email,
      passwordHash,
      now,
    });
  });
  if (!gated.ok) throw new ActionError(gated.message);
  if (!gated.value.ok) {
    throw new ActionError('An account with this email already exists. Sign in instead.', {
      email: 'This email is already registered.',
    });
  }
  return { ok: true } as const;
});
