import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { randomBytes } from 'node:crypto';
import { getDb } from '@/db';
import { writeAudit } from '@/db/queries/audit';
import { deleteSession, insertSession } from '@/db/queries/sessions';
import { clearSignInFailures, saveSignInFailures, signInFailuresFor, userByEmail } from '@/db/queries/users';
import { getConfig } from '../config';
import { authCookies } from './cookies';
import { CredentialsSchema } from './credentials';
import { dummyPasswordHash, verifyPassword } from './password';
import { serializeBy } from './serialize';
import { lockMessage, lockRemaining, recordFailure } from './throttle';

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
const WRONG_CREDENTIALS = 'Incorrect email or password.';

/** The browser's User-Agent from next-auth's request (a plain header object, or Headers in some runtimes). */
function userAgentOf(req: { headers?: unknown } | undefined): string | null {
  const headers = req?.headers;
  let value: unknown;
  if (headers instanceof Headers) value = headers.get('user-agent');
  else if (headers && typeof headers === 'object') value = (headers as Record<string, unknown>)['user-agent'];
  return typeof value === 'string' && value ? value.slice(0, 512) : null;
}

/**
 * Checks a sign-in and, on success, opens a server-side session row. The JWT cookie carries only that row's id,
 * so signing out (deleting the row) makes a replayed cookie worthless. Sign-ins and wrong passwords of existing
 * users are audited in their account (never the password); an unknown email belongs to no account and is not.
 */
async function authorize(raw: Record<string, string> | undefined, req?: { headers?: unknown }) {
  const parsed = CredentialsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new Error(WRONG_CREDENTIALS);
  const { email, password } = parsed.data;
  const db = getDb();
  const now = Date.now();
  const failures = signInFailuresFor(db, email);
  const remaining = lockRemaining(failures, now);
  // Attempts while locked are not audited: they cost an attacker nothing and would only flood the log.
  if (remaining > 0) throw new Error(lockMessage(remaining));

  const user = userByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  // The client address is not recorded until a trusted-proxy setting exists (as in lib/actions.ts).
  const audit = (u: NonNullable<typeof user>) => ({ accountId: u.accountId, actorUserId: u.id, actorLabel: u.email, ip: null, userAgent: userAgentOf(req) });
  // Each change and its audit row land together or not at all.
  if (!user || !ok) {
    const failedAt = Date.now();
    const next = recordFailure(failures, failedAt);
    const locked = lockRemaining(next, failedAt);
    db.transaction((tx) => {
      saveSignInFailures(tx, { email, ...next });
      if (user) {
        writeAudit(tx, {
          ...audit(user),
          action: 'auth.sign_in_failed',
          detail: { reason: 'wrong_password', ...(locked > 0 && { lockedForSeconds: Math.ceil(locked / 1000) }) },
          createdAt: failedAt,
        });
      }
    });
    throw new Error(locked > 0 ? lockMessage(locked) : WRONG_CREDENTIALS);
  }
  const sessionId = randomBytes(32).toString('base64url');
  db.transaction((tx) => {
    if (failures) clearSignInFailures(tx, email);
    insertSession(tx, { id: sessionId, userId: user.id, createdAt: now, expiresAt: now + SESSION_MAX_AGE_SECONDS * 1000 });
    writeAudit(tx, { ...audit(user), action: 'auth.signed_in', createdAt: now });
  });
  return { id: user.id, email: user.email, sessionId };
}

let cached: NextAuthOptions | undefined;

/** Built on first use: the secret comes from the data directory, which does not exist at build time. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: getConfig().authSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in' },
    // Cookie names and flags follow the configured public origin, not request headers (lib/auth/cookies.ts).
    ...authCookies(process.env.NEXTAUTH_URL),
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        // One sign-in at a time per email, so parallel guesses cannot slip past the failure count.
        authorize: (credentials, req) =>
          serializeBy(String(credentials?.email ?? '').trim().toLowerCase(), () => authorize(credentials, req)),
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
