import * as keyById from './handlers/key-by-id';
import * as keys from './handlers/keys';
import * as keysSelf from './handlers/keys-self';
import * as keysVerify from './handlers/keys-verify';
import * as leakedKeys from './handlers/leaked-keys';
import * as me from './handlers/me';
import * as notFound from './handlers/not-found';
import * as openApi from './handlers/openapi';
import * as projectById from './handlers/project-by-id';
import * as projects from './handlers/projects';
import { HTTP_METHODS, type ApiHandler, type HttpMethod, type RouteParams } from '../../lib/api/http';
import { toNextHandler } from './next-adapter';

// The one /api/v1 route table: the listener (server/api-door.ts) matches paths against it, and each of Next's route
// files under app/api/v1 re-exports its own entry (nextRoute), so a route's handlers are named once. Static paths
// before parameters, as Next orders them. `file` is the route file's folder under app/api/v1.
// Each handler declares its own params; the table only promises to pass what the pattern captured.

export type RouteMethods = Partial<Record<HttpMethod, ApiHandler<never>>>;

export const API_ROUTES = [
  { pattern: /^\/api\/v1\/me$/, file: 'me', methods: me },
  { pattern: /^\/api\/v1\/openapi\.json$/, file: 'openapi.json', methods: openApi },
  { pattern: /^\/api\/v1\/keys$/, file: 'keys', methods: keys },
  { pattern: /^\/api\/v1\/keys\/self$/, file: 'keys/self', methods: keysSelf },
  { pattern: /^\/api\/v1\/keys\/verify$/, file: 'keys/verify', methods: keysVerify },
  { pattern: /^\/api\/v1\/keys\/(?<id>[^/]+)$/, file: 'keys/[id]', methods: keyById },
  { pattern: /^\/api\/v1\/leaked-keys$/, file: 'leaked-keys', methods: leakedKeys },
  { pattern: /^\/api\/v1\/projects$/, file: 'projects', methods: projects },
  { pattern: /^\/api\/v1\/projects\/(?<id>[^/]+)$/, file: 'projects/[id]', methods: projectById },
  { pattern: /^\/api\/v1(?:\/(?<path>.*))?$/, file: '[[...path]]', methods: notFound },
] as const satisfies readonly { pattern: RegExp; file: string; methods: RouteMethods }[];

export type ApiRoute = (typeof API_ROUTES)[number];
type RouteFile = ApiRoute['file'];

/** The handler a route has for a method (HEAD runs GET), or null: the listener then answers a plain 405. */
export function handlerFor(route: ApiRoute, method: string): ApiHandler<never> | null {
  const name = method === 'HEAD' ? 'GET' : method;
  if (!(HTTP_METHODS as readonly string[]).includes(name)) return null;
  return (route.methods as RouteMethods)[name as HttpMethod] ?? null;
}

/**
 * What answers a method a route has no handler for (TRACE, PROPFIND, or OPTIONS on the catch-all): the route's own
 * refusal, which every route but the catch-all exports as OPTIONS (no CORS is granted) and which names the methods it
 * serves in Allow; on the catch-all, the same authenticated 404 as every other method, since the path is unknown.
 */
export function refusalFor(route: ApiRoute): ApiHandler<never> | null {
  const methods = route.methods as RouteMethods;
  return methods.OPTIONS ?? methods.GET ?? null;
}

/** decodeURIComponent, or null for a malformed escape such as "%ZZ" (a client's mistake, never a 500). */
function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function matchApiRoute(pathname: string): { route: ApiRoute; params: RouteParams } | null {
  for (const route of API_ROUTES) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: RouteParams = {};
    let malformed = false;
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      if (value === undefined) continue;
      const decoded = value.split('/').map(decode);
      malformed ||= decoded.includes(null);
      // The catch-all keeps undecodable segments as sent: it only answers "no such endpoint" after authenticating.
      params[name] = name === 'path' ? decoded.map((d, i) => d ?? value.split('/')[i] ?? '') : (decoded[0] ?? '');
    }
    // A path that cannot be decoded names no known resource: it falls through to the catch-all.
    if (malformed && route.file !== '[[...path]]') continue;
    return { route, params };
  }
  return null;
}

type NextHandler = ReturnType<typeof toNextHandler>;
type NextRoute<F extends RouteFile> = Record<keyof Extract<ApiRoute, { file: F }>['methods'], NextHandler>;

/** One route file's exports for Next, e.g. `export const { GET, POST } = nextRoute('keys/verify');`. */
export function nextRoute<F extends RouteFile>(file: F): NextRoute<F> {
  const route = API_ROUTES.find((r) => r.file === file)!;
  const exports: Record<string, NextHandler> = {};
  for (const [method, handler] of Object.entries(route.methods as RouteMethods))
    exports[method] = toNextHandler(handler);
  return exports as unknown as NextRoute<F>;
}
