import { randomUUID } from 'node:crypto';
import type { SignUpResult, Store } from '@/db/store';
import { hashPassword } from '../../lib/auth/password';
import { signUpGate } from '../../lib/auth/sign-up-limit';

// Sign-up: a new account whose first user is its owner. Open to visitors, so counted per client address before the
// (deliberately slow) password hash, one at a time per address (lib/auth/sign-up-limit.ts).

export type SignUpOutcome = SignUpResult | { ok: false; reason: 'rate_limited'; message: string };

/**
 * The part every way of signing up shares: the per-address count first, then the password hash, then `create` with
 * the hash (the store's transactions are synchronous, so the hash is computed before touching the database).
 */
export async function gatedSignUp(
  limit: number,
  ctx: { now: number; meta: { ip: string | null } },
  password: string,
  create: (passwordHash: string) => Promise<SignUpResult>,
): Promise<SignUpOutcome> {
  const gated = await signUpGate(limit).run(ctx.meta.ip, ctx.now, async () => create(await hashPassword(password)));
  return gated.ok ? gated.value : { ok: false, reason: 'rate_limited', message: gated.message };
}

export function signUp(
  ctx: { store: Store; now: number; meta: { ip: string | null } },
  limit: number,
  { email, password }: { email: string; password: string },
): Promise<SignUpOutcome> {
  return gatedSignUp(limit, ctx, password, (passwordHash) =>
    ctx.store.createAccountWithOwner({
      accountId: randomUUID(),
      accountName: `${email.split('@')[0]}'s account`,
      userId: randomUUID(),
      email,
      passwordHash,
      now: ctx.now,
    }),
  );
}
