import * as keyById from '../app/api/v1/keys/[id]/route';
import * as keys from '../app/api/v1/keys/route';
import * as keysSelf from '../app/api/v1/keys/self/route';
import * as keysVerify from '../app/api/v1/keys/verify/route';
import * as leakedKeys from '../app/api/v1/leaked-keys/route';
import * as me from '../app/api/v1/me/route';
import * as projectById from '../app/api/v1/projects/[id]/route';
import * as projects from '../app/api/v1/projects/route';
import * as unknown from '../app/api/v1/[[...path]]/route';

// The lean listener's routing table: the very route modules Next serves, so /api/v1 has one guard, one set of
// handlers and one behaviour whichever way a request arrives. Static paths before parameters, as Next orders them.

// Each handler declares its own params; the table only promises to pass what the pattern captured.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response> | Response;
export type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS', Handler>>;

export const API_ROUTES: { pattern: RegExp; file: string; module: RouteModule }[] = [
  { pattern: /^\/api\/v1\/me$/, file: 'me', module: me },
  { pattern: /^\/api\/v1\/keys$/, file: 'keys', module: keys },
  { pattern: /^\/api\/v1\/keys\/self$/, file: 'keys/self', module: keysSelf },
  { pattern: /^\/api\/v1\/keys\/verify$/, file: 'keys/verify', module: keysVerify },
  { pattern: /^\/api\/v1\/keys\/(?<id>[^/]+)$/, file: 'keys/[id]', module: keyById },
  { pattern: /^\/api\/v1\/leaked-keys$/, file: 'leaked-keys', module: leakedKeys },
  { pattern: /^\/api\/v1\/projects$/, file: 'projects', module: projects },
  { pattern: /^\/api\/v1\/projects\/(?<id>[^/]+)$/, file: 'projects/[id]', module: projectById },
  { pattern: /^\/api\/v1(?:\/(?<path>.*))?$/, file: '[[...path]]', module: unknown },
];

/** decodeURIComponent, or null for a malformed escape such as "%ZZ" (a client's mistake, never a 500). */
function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function matchApiRoute(pathname: string) {
  for (const route of API_ROUTES) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string | string[]> = {};
    let malformed = false;
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      if (value === undefined) continue;
      const decoded = value.split('/').map(decode);
      malformed ||= decoded.includes(null);
      // The catch-all keeps undecodable segments as sent: it only answers "no such endpoint" after authenticating.
      params[name] = name === 'path' ? decoded.map((d, i) => d ?? value.split('/')[i]) : (decoded[0] ?? '');
    }
    // A path that cannot be decoded names no known resource: it falls through to the catch-all.
    if (malformed && route.file !== '[[...path]]') continue;
    return { route, params };
  }
  return null;
}

/**
 * The /api/v1 path a request targets, or null. Parsed the way a router would (absolute-form targets such as
 * `GET http://host/api/v1/me`, repeated slashes), so no spelling of an API path slips past this listener to Next's
 * copy of the same handlers, which would not see duplicate Authorization headers.
 */
export function apiTarget(url: string): { pathname: string; search: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^\/{2,}/, '/'), 'http://localhost');
  } catch {
    return null;
  }
  const pathname = parsed.pathname.replace(/\/{2,}/g, '/');
  return pathname === '/api/v1' || pathname.startsWith('/api/v1/') ? { pathname, search: parsed.search } : null;
}
