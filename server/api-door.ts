import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, errorToResponse } from '../lib/api/errors';
import {
  bodyTooBig,
  hasBody,
  MAX_BODY_BYTES,
  type ApiHandler,
  type ApiRequest,
  type ApiResponse,
  type RouteParams,
} from '../lib/api/http';
import { handlerFor, matchApiRoute, refusalFor } from './api/routes';
import { clientAddress, type AddressRange } from '../lib/net/client-address';
import { apiHeaders, securityHeaders } from '../security-headers';

// The listener's /api/v1 door: node:http in, the route table's plain handlers, node:http out. Nothing on this path
// builds a WHATWG Request, Headers or Response; the handlers are the ones Next's route files adapt for `next dev`.

export interface ApiTarget {
  pathname: string;
  search: string;
}

/** Every answer's first headers (security-headers.js, as Next sends them for pages), as writeHead's flat list. */
const FIXED_HEADERS: readonly string[] = [...securityHeaders, ...apiHeaders].flatMap((h) => [h.key, h.value]);

/** Unreserved characters only, no empty segment; a query the parser would not re-encode. */
const PLAIN_TARGET = /^\/api\/v1(?:\/[\w.~-]+)*\/?(?:\?[\w.~!$&()*+,;=:@/?%-]*)?$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?]|$)/;

/**
 * The /api/v1 path a request targets, or null. Parsed the way a router would (absolute-form targets such as
 * `GET http://host/api/v1/me`, repeated slashes), so no spelling of an API path slips past this door to Next's
 * copy of the same handlers, which would not see duplicate Authorization headers.
 */
export function apiTarget(url: string): ApiTarget | null {
  // Most targets are already what the URL parser would give back: they skip it (it was ~4% of a request in a profile).
  if (PLAIN_TARGET.test(url) && !DOT_SEGMENT.test(url)) {
    const query = url.indexOf('?');
    if (query < 0) return { pathname: url, search: '' };
    return { pathname: url.slice(0, query), search: query === url.length - 1 ? '' : url.slice(query) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^\/{2,}/, '/'), 'http://localhost');
  } catch {
    return null;
  }
  const pathname = parsed.pathname.replace(/\/{2,}/g, '/');
  return pathname === '/api/v1' || pathname.startsWith('/api/v1/') ? { pathname, search: parsed.search } : null;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Too big: answer at once and close the connection once the answer is out (destroying the socket first would
    // leave the client with no answer at all).
    const tooBig = () => {
      resolve(null);
      req.pause();
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooBig();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return tooBig();
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Writes a plain response: the fixed headers, then the response's own in name order, then Content-Length (the
 * order a WHATWG Response's headers came out in before, so answers stay byte for byte the same).
 */
function send(res: ServerResponse, response: ApiResponse, withBody = true) {
  const body = withBody ? (response.body ?? '') : '';
  const headers = FIXED_HEADERS.slice();
  for (const name of Object.keys(response.headers).sort()) headers.push(name, response.headers[name]!);
  headers.push('content-length', String(Buffer.byteLength(body)));
  res.writeHead(response.status, headers);
  res.end(body);
}

function fail(res: ServerResponse, error: unknown) {
  if (!res.headersSent) send(res, errorToResponse(error));
  else res.destroy();
}

/** Sends the handler's answer; should writing it throw (a header value Node refuses), the error mapper answers. */
function answer(res: ServerResponse, response: ApiResponse, withBody: boolean) {
  try {
    send(res, response, withBody);
  } catch (error) {
    fail(res, error);
  }
}

const EMPTY = Buffer.alloc(0);

function run(res: ServerResponse, handler: ApiHandler<never>, params: RouteParams, request: ApiRequest) {
  let response: ApiResponse | Promise<ApiResponse>;
  try {
    response = handler(request, params as never);
  } catch (error) {
    return fail(res, error);
  }
  // HEAD runs GET and sends its status and headers with an empty body.
  const withBody = request.method !== 'HEAD';
  if (response instanceof Promise) {
    response.then(
      (r) => answer(res, r, withBody),
      (error: unknown) => fail(res, error),
    );
  } else {
    answer(res, response, withBody);
  }
}

// The peer of a connection never changes, so its address is worked out once per connection (again only when
// X-Forwarded-For differs from the connection's previous request).
const addresses = new WeakMap<Socket, { forwardedFor: string | undefined; address: string | null }>();

/** The client address of a request (lib/net/client-address.ts), remembered per connection. */
export function addressOf(
  req: Pick<IncomingMessage, 'socket'>,
  forwardedFor: readonly string[] | undefined,
  trustedProxies: readonly AddressRange[],
) {
  const key = forwardedFor?.join(',');
  const known = addresses.get(req.socket);
  if (known !== undefined && known.forwardedFor === key) return known.address;
  const address = clientAddress(req.socket.remoteAddress, forwardedFor, trustedProxies);
  addresses.set(req.socket, { forwardedFor: key, address });
  return address;
}

/** Answers one /api/v1 request. The client address is decided here, once (lib/net/client-address.ts). */
export function serveApi(
  req: IncomingMessage,
  res: ServerResponse,
  target: ApiTarget,
  trustedProxies: readonly AddressRange[],
) {
  const method = (req.method ?? 'GET').toUpperCase();
  const matched = matchApiRoute(target.pathname);
  const handler = matched && (handlerFor(matched.route, method) ?? refusalFor(matched.route));
  if (!matched || !handler) {
    return send(
      res,
      errorToResponse(new ApiError('method_not_allowed', 'This endpoint does not support that method.')),
    );
  }
  // headersDistinct keeps every copy of a header Node would otherwise drop to the first (Authorization among them).
  const headers = req.headersDistinct;
  const request: ApiRequest = {
    method,
    path: target.pathname,
    search: target.search,
    headers,
    body: EMPTY,
    clientAddress: addressOf(req, headers['x-forwarded-for'], trustedProxies),
  };
  if (!hasBody(method)) return run(res, handler, matched.params, request);
  readBody(req).then(
    (body) => {
      if (body === null) {
        res.shouldKeepAlive = false;
        res.on('finish', () => req.destroy());
        return send(res, bodyTooBig());
      }
      run(res, handler, matched.params, { ...request, body });
    },
    (error: unknown) => fail(res, error),
  );
}
