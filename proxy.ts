import { NextResponse, type NextRequest } from 'next/server';
import { jsonRefusal as refuse } from './lib/api/errors';
import { methodRefusal } from './lib/net/methods';
import { checkSameOrigin, originHeadersOf } from './lib/origin';
import { REQUESTED_PATH_HEADER } from './lib/redirect';

// Sets a nonce-based Content-Security-Policy on every page, and turns away requests Next itself would answer with a
// 500 (a cross-origin server action, a path with a malformed escape, a JSON body next-auth cannot parse) with a clear
// 4xx. This is hardening, not access control: every page, action and route handler checks the session itself
// (docs/architecture.md, "Layers"), and server/actions.ts checks the origin again.

function hasMalformedEscape(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** The refusal for a request no page or next-auth route should run, or null to let it through. */
function earlyRefusal(request: NextRequest): Response | null {
  const { pathname } = request.nextUrl;
  if (hasMalformedEscape(pathname)) return refuse(400, 'bad_request', 'The address contains a malformed %-escape.');
  // The listener (server/index.ts) refuses these before Next already; this is the same rule under `next dev`.
  const wrongMethod = methodRefusal(request.method, pathname);
  if (wrongMethod) return refuse(405, 'method_not_allowed', wrongMethod.message, { Allow: wrongMethod.allow });
  const auth = pathname.startsWith('/api/auth/');
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return null;
  // A missing Origin is left to the action wrapper (a clear form error) and to next-auth's CSRF token.
  const origin = checkSameOrigin(originHeadersOf(request.headers));
  if (!origin.ok && origin.reason !== 'missing-origin') {
    return refuse(403, 'cross_origin', 'Requests that change something must come from this site’s own pages.');
  }
  // next-auth's own client posts forms; a JSON body it would fail to parse (a 500) is refused here.
  if (
    auth &&
    request.method === 'POST' &&
    !/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')
  ) {
    return refuse(415, 'unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
  }
  return null;
}

/**
 * Whether a server-action POST carries the argument list React's decoder expects: a JSON array, as the whole text body
 * or as the multipart field "0". Next answers anything else with a 500 before any action code runs. Reads a clone:
 * Next hands the original body on to the action.
 */
async function readableActionBody(request: NextRequest): Promise<boolean> {
  const type = request.headers.get('content-type') ?? '';
  try {
    let args: unknown;
    if (/^multipart\/form-data\b/i.test(type)) {
      const field = (await request.clone().formData()).get('0');
      args = typeof field === 'string' ? JSON.parse(field) : null;
    } else if (/^text\/plain\b/i.test(type)) {
      args = JSON.parse(await request.clone().text());
    }
    return Array.isArray(args);
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  const refusal = earlyRefusal(request);
  if (refusal) return refusal;
  if (request.method === 'POST' && request.headers.has('next-action') && !(await readableActionBody(request))) {
    return refuse(400, 'bad_request', 'The form could not be read. Reload the page and try again.');
  }
  const isPrefetch = request.headers.has('next-router-prefetch') || request.headers.get('purpose') === 'prefetch';
  if (request.nextUrl.pathname.startsWith('/api/') || isPrefetch) return NextResponse.next();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React style attributes need 'unsafe-inline' for styles; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own inline scripts.
  requestHeaders.set('Content-Security-Policy', csp);
  // The page asked for, so a page that needs a session can send the visitor to sign-in and back (a convenience:
  // sign-in follows it only on this origin). Set here, so whatever a client sent under this name is replaced.
  requestHeaders.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Every page and next-auth route, prefetches included (the checks above run for them too). /api/v1 never reaches
  // Next: server/index.ts answers it.
  matcher: ['/((?!api/v1(?:/|$)|_next/static|_next/image|favicon.ico).*)'],
};
