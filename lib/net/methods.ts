// Which HTTP methods each path outside /api/v1 answers (/api/v1 routes declare their own). Pure, and shared: the
// production listener refuses every other method before Next sees the request, and proxy.ts applies the same rule
// under `next dev`. Next cannot build a WHATWG Request for TRACE, TRACK or CONNECT (it answered them with a 500 and
// a stack trace) and has no use for WebDAV or other methods, so only methods a Request can carry get through.

export interface MethodRule {
  /** The methods the path answers, in the order the Allow header lists them. */
  allow: readonly string[];
  message: string;
}

// POST carries server actions (and the sign-in forms); HEAD is a GET without the body.
const PAGES: MethodRule = { allow: ['GET', 'HEAD', 'POST'], message: 'Pages answer GET, HEAD and POST (forms) only.' };
// next-auth's route handler: GET and POST, with Next's own answer to OPTIONS.
const AUTH: MethodRule = {
  allow: ['GET', 'HEAD', 'OPTIONS', 'POST'],
  message: 'Sign-in routes answer GET, HEAD, OPTIONS and POST only.',
};
// next-auth answers the credentials callback only to POST, and a GET with a 500 ("not supported").
const CREDENTIALS: MethodRule = { allow: ['OPTIONS', 'POST'], message: 'Sign in with the form.' };

export function methodRule(pathname: string): MethodRule {
  // Judged on the path as Next routes it: decoded, so "%63redentials" is the credentials callback too.
  const path = decoded(pathname);
  if (path === '/api/auth/callback/credentials') return CREDENTIALS;
  return path.startsWith('/api/auth/') ? AUTH : PAGES;
}

function decoded(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname; // a malformed escape: proxy.ts refuses the request with a 400 before Next routes it
  }
}

/** Why `method` is refused on `pathname` (with the Allow header to send), or null when the path answers it. */
export function methodRefusal(method: string, pathname: string): { allow: string; message: string } | null {
  const rule = methodRule(pathname);
  // Methods are case-sensitive (RFC 9110): "get" is not GET.
  return rule.allow.includes(method) ? null : { allow: rule.allow.join(', '), message: rule.message };
}

/**
 * The path a request target names, as Node hands the target over: origin-form ("/a?b", "//a"), absolute-form
 * ("http://host/a"), "*" (OPTIONS) or a CONNECT authority ("host:443"). The last two name no path of ours: "/".
 */
export function targetPath(target: string): string {
  if (!target.startsWith('/') && !/^https?:\/\//i.test(target)) return '/';
  try {
    // Repeated slashes are one, as the /api/v1 listener reads them, so "//api/auth/x" is judged as /api/auth/x.
    return new URL(target.replace(/^\/{2,}/, '/'), 'http://localhost').pathname.replace(/\/{2,}/g, '/');
  } catch {
    return '/';
  }
}
