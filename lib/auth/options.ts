import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { randomBytes } from 'node:crypto';
import { getDb } from '@/db';
import { deleteSession, insertSession } from '@/db/queries/sessions';
import { clearSignInFailures, saveSignInFailures, signInFailuresFor, userByEmail } from '@/db/queries/users';
import { getConfig } from '../config';
import { CredentialsSchema } from './credentials';
import { dummyPasswordHash, verifyPassword } from './password';
import { serializeBy } from './serialize';
import { lockMessage, lockRemaining, recordFailure } from './throttle';

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
const WRONG_CREDENTIALS = 'Incorrect email or password.';

/**
 * Checks a sign-in and, on success, opens a server-side session row. The JWT cookie carries only that row's id,
 * so signing out (deleting the row) makes a replayed cookie worthless.
 */
async function authorize(raw: Record<string, string> | undefined) {
  const parsed = CredentialsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new Error(WRONG_CREDENTIALS);
  const { email, password } = parsed.data;
  const db = getDb();
  const now = Date.now();
  const failures = signInFailuresFor(db, email);
  const remaining = lockRemaining(failures, now);
  if (remaining > 0) throw new Error(lockMessage(remaining));

  const user = userByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) {
    const next = recordFailure(failures, Date.now());
    saveSignInFailures(db, { email, ...next });
    const locked = lockRemaining(next, Date.now());
    throw new Error(locked > 0 ? lockMessage(locked) : WRONG_CREDENTIALS);
  }
  if (failures) clearSignInFailures(db, email);
  const sessionId = randomBytes(32).toString('base64url');
  insertSession(db, { id: sessionId, userId: user.id, createdAt: now, expiresAt: now + SESSION_MAX_AGE_SECONDS * 1000 });
  return { id: user.id, email: user.email, sessionId };
}

let cached: NextAuthOptions | undefined;

/** Built on first use: the secret comes from the data directory, which does not exist at build time. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: getConfig().authSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        // One sign-in at a time per email, so parallel guesses cannot slip past the failure count.
        authorize: (credentials) => serializeBy(String(credentials?.email ?? '').trim().toLowerCase(), () => authorize(credentials)),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && 'sessionId' in user) token.sid = user.sessionId as string;
        return token;
      },
      session({ session, token }) {
        return { ...session, sid: typeof token.sid === 'string' ? token.sid : undefined };
      },
    },
    events: {
      signOut({ token }) {
        if (typeof token?.sid === 'string') deleteSession(getDb(), token.sid);
      },
    },
  };
  return cached;
}
