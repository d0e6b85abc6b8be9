import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getStore } from '@/server/db';
import { getConfig } from '../config';
import { safeCallback } from '../../lib/redirect';
import { authCookies } from '../../lib/auth/cookies';
import { throttleKey } from '../../lib/net/client-address';
import { clientAddressFrom } from '../../lib/net/request-address';
import { CredentialsSchema } from '../../lib/auth/credentials';
import { emailQueue, serializeBy } from '../../lib/auth/serialize';
import { SESSION_MAX_AGE_SECONDS, signIn, signOut, WRONG_CREDENTIALS } from '../services/sessions';

/** The browser's User-Agent from next-auth's request (a plain header object, or Headers in some runtimes). */
function userAgentOf(req: { headers?: unknown } | undefined): string | null {
  const headers = req?.headers;
  let value: unknown;
  if (headers instanceof Headers) value = headers.get('user-agent');
  else if (headers && typeof headers === 'object') value = (headers as Record<string, unknown>)['user-agent'];
  return typeof value === 'string' && value ? value.slice(0, 512) : null;
}

/**
 * next-auth's credentials check: the sessions service signs in (server/services/sessions.ts) and opens a server-side
 * session row. The JWT cookie carries only that row's id; next-auth shows a thrown error's message on the form.
 */
async function authorize(raw: Record<string, string> | undefined, req?: { headers?: unknown }) {
  const parsed = CredentialsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new Error(WRONG_CREDENTIALS);
  const { email, password } = parsed.data;
  const result = await signIn(getStore(), {
    email,
    password,
    ip: clientAddressFrom(req?.headers),
    userAgent: userAgentOf(req),
  });
  if (!result.ok) throw new Error(result.message);
  return { id: result.user.id, email: result.user.email, sessionId: result.sessionId };
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
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await signOut(getStore(), token.sid);
      },
    },
  };
  return cached;
}
