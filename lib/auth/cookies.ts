import type { NextAuthOptions } from 'next-auth';

// Session cookies (pure). With a configured public origin (NEXTAUTH_URL) the cookie names and flags are pinned by that
// origin, never by request headers: https gives `Secure` and the `__Host-` prefix (Secure, Path=/, no Domain), so
// neither a sibling subdomain nor a plain-http response can plant or overwrite the session or CSRF cookie. Without
// NEXTAUTH_URL (`npm start` then trusts the Host header), next-auth decides per request: Secure and prefixed names
// when the request arrived over https (X-Forwarded-Proto from a TLS-terminating proxy), plain names over http.

export const SESSION_COOKIE = 'next-auth.session-token';
export const CSRF_COOKIE = 'next-auth.csrf-token';
export const CALLBACK_COOKIE = 'next-auth.callback-url';

type CookieOptions = Pick<NextAuthOptions, 'useSecureCookies' | 'cookies'>;

export function authCookies(publicUrl: string | undefined): CookieOptions {
  if (!publicUrl || !URL.canParse(publicUrl)) return {};
  const secure = new URL(publicUrl).protocol === 'https:';
  const options = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure };
  const host = secure ? '__Host-' : '';
  return {
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: `${host}${SESSION_COOKIE}`, options },
      csrfToken: { name: `${host}${CSRF_COOKIE}`, options },
      // Not used by the credentials flow, but named like the others so that nothing is set without the prefix.
      callbackUrl: { name: `${secure ? '__Secure-' : ''}${CALLBACK_COOKIE}`, options },
    },
  };
}
