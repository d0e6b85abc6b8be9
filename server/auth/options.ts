import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { randomBytes } from 'node:crypto';
import { getDb } from '@/server/db';
import { writeAudit } from '@/db/queries/audit';
import { deleteSession, insertSession } from '@/db/queries/sessions';
import {
  addressFailuresFor,
  clearSignInFailures,
  countPasswordFailure,
  forgetQuietAddresses,
  saveAddressFailures,
  signInFailuresFor,
} from '@/db/queries/sign-in-throttle';
import { userByEmail } from '@/db/queries/users';
import { getConfig } from '../config';
import { safeCallback } from '../../lib/redirect';
import { authCookies } from '../../lib/auth/cookies';
import { throttleKey } from '../../lib/net/client-address';
import { clientAddressFrom } from '../../lib/net/request-address';
import { CredentialsSchema } from '../../lib/auth/credentials';
import { dummyPasswordHash, verifyPassword } from '../../lib/auth/password';
import { emailQueue, serializeBy } from '../../lib/auth/serialize';
import {
  ADDRESS_POLICY,
  failureDetail,
  recordAddressFailure,
  signInRefusal,
  type FailureState,
} from '../../lib/auth/throttle';

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
 * users are audited in their account (never the password); an unknown email belongs to no account and is not, but
 * is counted and answered exactly like a known one. Throttling: lib/auth/throttle.ts.
 */
async function authorize(raw: Record<string, string> | undefined, req?: { headers?: unknown }) {
  const parsed = CredentialsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new Error(WRONG_CREDENTIALS);
  const { email, password } = parsed.data;
  const ip = clientAddressFrom(req?.headers);
  // Unknown only outside the Latchkey listener (e.g. `next dev`); then only the per-email limits apply.
  const addressKey = ip ? throttleKey(ip) : null;
  const db = getDb();
  const now = Date.now();
  const failures = signInFailuresFor(db, email);
  const addressFailures = addressKey ? addressFailuresFor(db, addressKey) : null;
  const refusal = signInRefusal(failures, addressFailures, now);
  // Attempts while locked are neither checked nor counted nor audited: they cost an attacker nothing and would
  // only flood the log.
  if (refusal) throw new Error(refusal);

  const user = userByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  const audit = (u: NonNullable<typeof user>) => ({
    accountId: u.accountId,
    actorUserId: u.id,
    actorLabel: u.email,
    ip,
    userAgent: userAgentOf(req),
  });
  // Each change and its audit row land together or not at all.
  if (!user || !ok) {
    const failedAt = Date.now();
    const nextAddress = addressKey ? recordAddressFailure(addressFailures, failedAt) : null;
    const next = db.transaction((tx): FailureState => {
      const { state, justLocked } = countPasswordFailure(tx, email, failedAt);
      if (addressKey && nextAddress) {
        saveAddressFailures(tx, { address: addressKey, ...nextAddress });
        if (nextAddress.failures === 1) forgetQuietAddresses(tx, failedAt - ADDRESS_POLICY.quietMs);
      }
      if (user) {
        writeAudit(tx, {
          ...audit(user),
          action: 'auth.sign_in_failed',
          detail: failureDetail(state, failedAt),
          createdAt: failedAt,
        });
        if (justLocked)
          writeAudit(tx, {
            ...audit(user),
            action: 'auth.sign_in_locked',
            detail: { failures: state.failures },
            createdAt: failedAt,
          });
      }
      return state;
    });
    throw new Error(signInRefusal(next, nextAddress, failedAt) ?? WRONG_CREDENTIALS);
  }
  const sessionId = randomBytes(32).toString('base64url');
  db.transaction((tx) => {
    // The address's count stays: a success of one's own account must not wipe the record of guesses at others.
    if (failures) clearSignInFailures(tx, email);
    insertSession(tx, {
      id: sessionId,
      userId: user.id,
      createdAt: now,
      expiresAt: now + SESSION_MAX_AGE_SECONDS * 1000,
    });
    writeAudit(tx, { ...audit(user), action: 'auth.signed_in', createdAt: now });
  });
  return { id: user.id, email: user.email, sessionId };
}

/**
 * One sign-in at a time per client address, and within that per email, so parallel guesses cannot slip past either
 * count. Always address first, then email: a fixed order cannot deadlock.
 */
function serialized(credentials: Record<string, string> | undefined, req?: { headers?: unknown }) {
  const email = String(credentials?.email ?? '')
    .trim()
    .toLowerCase();
  const ip = clientAddressFrom(req?.headers);
  const byEmail = () => serializeBy(emailQueue(email), () => authorize(credentials, req));
  return ip ? serializeBy(`address:${throttleKey(ip)}`, byEmail) : byEmail();
}

let cached: NextAuthOptions | undefined;

/** Built on first use: the secret comes from the data directory, which does not exist at build time. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: getConfig().authSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in' },
    // Cookie names and flags follow the configured public origin, not request headers (lib/auth/cookies.ts).
    ...authCookies(getConfig().publicUrl),
    // One line per error, by code: next-auth's default prints whole stack traces (e.g. for every garbage cookie) and
    // its metadata could carry request data; nothing of a credential may reach the log.
    logger: {
      error: (code) => console.error(`[auth] ${code}`),
      warn: (code) => console.warn(`[auth] ${code}`),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: serialized,
      }),
    ],
    callbacks: {
      // next-auth's default follows any URL starting with "/" ("/.//evil.example" too) into its redirects and the
      // callback-url cookie; the one rule for callback URLs decides here as it does on the sign-in page.
      redirect({ url, baseUrl }) {
        return new URL(safeCallback(url, new URL(baseUrl).origin), baseUrl).href;
      },
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
