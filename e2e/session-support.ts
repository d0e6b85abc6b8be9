import type { BrowserContext } from '@playwright/test';
import { decode, encode } from 'next-auth/jwt';
import { E2E_DATA_DIR } from './env';
import { authSecret, userIds, withDb } from './support';

// Sessions (e2e/ui/sessions.spec.ts): the sid inside a session cookie (under the run's secret), the confirmation
// time of a user's sessions, and the raw sign-in flow with its Set-Cookie headers.

/** The server-side session id carried by a session cookie value (null when it does not decrypt). */
export async function sidOf(cookieValue: string, dataDir = E2E_DATA_DIR): Promise<string | null> {
  const token = await decode({ token: cookieValue, secret: authSecret(dataDir) }).catch(() => null);
  return typeof token?.sid === 'string' ? token.sid : null;
}

/** A validly encrypted session cookie value naming any sid: what someone who has the secret but no session holds. */
export function mintSessionCookie(sid: string, dataDir = E2E_DATA_DIR): Promise<string> {
  return encode({ token: { sid }, secret: authSecret(dataDir), maxAge: 3600 });
}

export async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  if (!cookie) throw new Error('no session cookie in this context');
  return cookie;
}

/** Moves the last password confirmation of every session of `email` back by `ms` (instead of waiting). */
export function backdateConfirmation(email: string, ms: number) {
  const { userId } = userIds(email);
  withDb((db) => db.prepare('UPDATE sessions SET confirmed_at = ? WHERE user_id = ?').run(Date.now() - ms, userId));
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case, with their values ('' for flags). */
  attributes: Map<string, string>;
}

export function parseSetCookie(line: string): SetCookie {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    attributes: new Map(
      attributes.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }),
    ),
  };
}

/**
 * The browser's sign-in, step by step with plain fetch (no cookie jar): GET /api/auth/csrf, then POST the credentials
 * with that CSRF cookie, plus any `cookie` already carried. Returns every Set-Cookie of both steps.
 */
export async function signInRaw(
  base: string,
  email: string,
  password: string,
  carried = '',
  headers: Record<string, string> = {},
) {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = csrf.headers.getSetCookie().map(parseSetCookie);
  const cookie = [carried, ...csrfCookies.map((c) => `${c.name}=${c.value}`)].filter(Boolean).join('; ');
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  return { status: response.status, csrfCookies, cookies: response.headers.getSetCookie().map(parseSetCookie) };
}
