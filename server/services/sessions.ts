import { randomBytes } from 'node:crypto';
import type { Store } from '@/db/store';
import { dummyPasswordHash, verifyPassword } from '../../lib/auth/password';
import { recordAddressFailure, signInRefusal } from '../../lib/auth/throttle';
import { throttleKey } from '../../lib/net/client-address';
import type { SessionUser } from '../../lib/types';

// Sessions: signing in (the throttle's check, the password, then the failure or the new session), reading the user
// behind a session, and signing out. The session cookie carries only a random id; its row (stored as a hash) is the
// session, so deleting it makes a replayed cookie worthless.

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
export const WRONG_CREDENTIALS = 'Incorrect email or password.';

export interface SignInAttempt {
  /** Already normalized (lib/auth/credentials.ts). */
  email: string;
  password: string;
  /** The client address the listener decided, or null outside it (e.g. `next dev`). */
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  | { ok: true; user: { id: string; email: string }; sessionId: string }
  /** `message` is what the sign-in form shows: wrong credentials, or the throttle's wait. */
  | { ok: false; message: string };

/**
 * Checks a sign-in and, on success, opens a server-side session. Sign-ins and wrong passwords of existing users are
 * audited in their account (never the password); an unknown email belongs to no account and is not, but is counted
 * and answered exactly like a known one. Throttling: lib/auth/throttle.ts. The caller serializes attempts per address
 * and email, so parallel guesses cannot slip between the read of the counts and their update.
 */
export async function signIn(store: Store, attempt: SignInAttempt): Promise<SignInResult> {
  const { email, password, ip, userAgent } = attempt;
  // Unknown only outside the Latchkey listener; then only the per-email limits apply.
  const addressKey = ip ? throttleKey(ip) : null;
  const now = Date.now();
  const { failures, addressFailures, user } = await store.signInLookup(email, addressKey);
  const refusal = signInRefusal(failures, addressFailures, now);
  // Attempts while locked are neither checked nor counted nor audited: they cost an attacker nothing and would
  // only flood the log.
  if (refusal) return { ok: false, message: refusal };

  // scrypt, outside any transaction; an unknown email costs the same time as a known one.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  const meta = { ip, userAgent };
  if (!user || !ok) {
    const failedAt = Date.now();
    const nextAddress = addressKey ? recordAddressFailure(addressFailures, failedAt) : null;
    const next = await store.recordSignInFailure({
      email,
      address: addressKey && nextAddress ? { key: addressKey, next: nextAddress } : null,
      user: user && { id: user.id, accountId: user.accountId, email: user.email },
      meta,
      at: failedAt,
    });
    return { ok: false, message: signInRefusal(next, nextAddress, failedAt) ?? WRONG_CREDENTIALS };
  }
  const sessionId = randomBytes(32).toString('base64url');
  const opened = await store.openSession({
    id: sessionId,
    user: { id: user.id, accountId: user.accountId, email: user.email },
    verifiedHash: user.passwordHash,
    clearFailures: failures !== null,
    createdAt: now,
    expiresAt: now + SESSION_MAX_AGE_SECONDS * 1000,
    meta,
  });
  // The password changed while it was being checked: the old one no longer signs in.
  if (!opened) return { ok: false, message: WRONG_CREDENTIALS };
  return { ok: true, user: { id: user.id, email: user.email }, sessionId };
}

/** The signed-in user behind a session id, read fresh on every request so a role change or sign-out applies at once. */
export async function sessionUser(store: Store, sessionId: string, now: number): Promise<SessionUser | null> {
  return store.sessionUser(sessionId, now);
}

export async function signOut(store: Store, sessionId: string): Promise<void> {
  await store.endSession(sessionId);
}
