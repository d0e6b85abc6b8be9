import { safeCallback } from '../redirect';
import { CALLBACK_COOKIE } from './cookies';

// next-auth checks the callbackUrl query parameter and its callback-url cookie before anything else and answers a
// 500 (INVALID_CALLBACK_URL_ERROR) when either is not an http(s) URL: "javascript:x" in a link, or a tampered cookie.
// These pure rules let the auth route answer such input itself, before next-auth sees it.

// Both spellings authCookies can give it (plain over http, __Secure- over https).
const CALLBACK_COOKIES = [CALLBACK_COOKIE, `__Secure-${CALLBACK_COOKIE}`];

/** next-auth's own test: an http(s) URL, a path read against the origin. */
export function isHttpCallback(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * The request's URL with a callbackUrl parameter next-auth would refuse replaced by where sign-in goes instead (the
 * app's home, as an absolute URL); null when there is nothing to replace.
 */
export function repairedCallbackParam(requestUrl: string, origin: string): string | null {
  const url = new URL(requestUrl);
  const value = url.searchParams.get('callbackUrl');
  if (value === null || value === '' || isHttpCallback(value, origin)) return null;
  url.searchParams.set('callbackUrl', new URL(safeCallback(value, origin), origin).href);
  return url.href;
}

/** The names of callback-url cookies (either spelling) whose value next-auth would refuse. */
export function refusedCallbackCookies(cookies: readonly { name: string; value: string }[], origin: string): string[] {
  return cookies
    .filter((c) => CALLBACK_COOKIES.includes(c.name) && c.value !== '' && !isHttpCallback(c.value, origin))
    .map((c) => c.name);
}
