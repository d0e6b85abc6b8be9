export const HOME = '/settings/security';
/** The request header proxy.ts sets to the page asked for (path and query), for the sign-in redirect's callbackUrl. */
export const REQUESTED_PATH_HEADER = 'x-latchkey-requested-path';

/** Where a page that needs a session sends a visitor without one: sign-in, then back to `requested` (if a page). */
export function signInPath(requested: string | null): string {
  if (!requested || !requested.startsWith('/') || requested.startsWith('//') || requested === HOME) return '/sign-in';
  return `/sign-in?callbackUrl=${encodeURIComponent(requested)}`;
}

// Encoded dots, slashes and backslashes in a path: decoded before deciding, so "/%2e//x" or "/%2f%2fx" are judged
// by what they spell, not by what they look like. Everything else stays encoded.
const ENCODED_SEPARATOR = /%(?:2e|2f|5c)/gi;
// A path starting with two separators is read by browsers and routers as "//host": protocol-relative.
const LEADING_SEPARATORS = /^[/\\]+/;
// Every round removes an escape, a separator or a dot segment; a path that still changes after this many is refused.
const MAX_ROUNDS = 16;

/**
 * Where to go after sign-in: a path on `origin`, or HOME. The decision is made on the fully normalised URL (what the
 * browser would resolve: tabs and newlines dropped, "\" read as "/", "." and ".." segments, plain or encoded,
 * removed), and the result is a path that starts with exactly one "/", so no router can read it as another host:
 * "/.//evil.example" or "<origin>//evil.example" become "/evil.example" on this site.
 */
export function safeCallback(callbackUrl: string | undefined, origin: string): string {
  if (typeof callbackUrl !== 'string' || callbackUrl === '') return HOME;
  let url: URL;
  try {
    url = new URL(callbackUrl, origin);
  } catch {
    return HOME;
  }
  // The protocol too: a blob: URL's origin is the origin of the URL inside it, yet it is no path of this site.
  if (url.origin !== origin || url.protocol !== new URL(origin).protocol) return HOME;
  // Decoding can reveal new dot segments ("/.%2e/") and removing them new leading slashes ("/a/..//x"), so the path
  // is decoded, collapsed and resolved again until nothing changes. Resolved as a whole URL under the origin, so a
  // "//host" stays a path here instead of becoming a host.
  let pathname = url.pathname;
  for (let round = 0; ; round++) {
    const next = new URL(`${origin}${decodeSeparators(pathname).replace(LEADING_SEPARATORS, '/')}`).pathname;
    if (next === pathname) break;
    if (round === MAX_ROUNDS) return HOME;
    pathname = next;
  }
  const path = `${pathname}${url.search}${url.hash}`;
  // Belt and braces: the exact string handed to the router must resolve on this origin.
  return /^\/(?![/\\])/.test(path) && new URL(path, origin).origin === origin ? path : HOME;
}

function decodeSeparators(pathname: string): string {
  return pathname.replace(ENCODED_SEPARATOR, (escape) => decodeURIComponent(escape));
}
