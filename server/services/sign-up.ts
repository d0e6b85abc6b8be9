import { randomUUID } from 'node:crypto';
import type { SignUpResult, Store } from '@/db/store';
import { hashPassword } from '../../lib/auth/password';
import { signUpGate } from '../../lib/auth/sign-up-limit';

// Sign-up: a new account whose first user is its owner. Open to visitors, so counted per client address before the
// (deliberately slow) password hash, one at a time per address (lib/auth/sign-up-limit.ts).

export type SignUpOutcome = SignUpResult | { ok: false; reason: 'rate_limited'; message: string };

export async function signUp(
  ctx: { store: Store; now: number; meta: { ip: string | null } },
  limit: number,
  { email, password }: { email: string; password: string },
): Promise<SignUpOutcome> {
  const gated = await signUpGate(limit).run(ctx.meta.ip, ctx.now, async () => {
    // Hash before touching the database: the store's transactions are synchronous.
    const passwordHash = await hashPassword(password);
    return ctx.store.createAccountWithOwner({
      accountId: randomUUID(),
      accountName: `${email.split('@')[0]}'s account`,
      userId: randomUUID(),
      email,
      passwordHash,
      now: ctx.now,
    });
  });
  return gated.ok ? gated.value : { ok: false, reason: 'rate_limited', message: gated.message };
}
