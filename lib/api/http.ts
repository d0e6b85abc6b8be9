import { ApiError, errorToResponse } from './errors';

// /api/v1 handlers speak plain data: a request of method, path, headers, body and client address in, a status,
// headers and body out. No WHATWG Request or Response is built on the listener's path (server/api-door.ts adapts
// node:http directly); Next's route files adapt the same handlers once (server/api/next-adapter.ts).

export const MAX_BODY_BYTES = 64 * 1024;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Header names in lower case, each with every copy sent, in order (as node:http's headersDistinct). */
export type ApiHeaders = Readonly<Record<string, readonly string[] | undefined>>;

export interface ApiRequest {
  /** Upper case; HEAD is kept as HEAD (it runs the GET handler). */
  method: string;
  /** The path as the router matched it, e.g. /api/v1/keys/abc. */
  path: string;
  /** The query string with its "?", or "". */
  search: string;
  headers: ApiHeaders;
  /** At most MAX_BODY_BYTES; empty for GET, HEAD and OPTIONS. */
  body: Buffer;
  /** As lib/net/client-address.ts decided it, in canonical form; null when unknown. */
  clientAddress: string | null;
}

export interface ApiResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** JSON text, or null for no body. */
  body: string | null;
}

export type RouteParams = Record<string, string | string[]>;
export type ApiHandler<P = RouteParams> = (request: ApiRequest, params: P) => ApiResponse | Promise<ApiResponse>;

/**
 * One header's value, every copy joined with ", " as WHATWG Headers.get does: two Authorization headers reach the
 * parser as one value it refuses, instead of the first one winning.
 */
export function header(request: ApiRequest, name: string): string | null {
  const values = request.headers[name];
  if (values === undefined || values.length === 0) return null;
  return values.length === 1 ? values[0]! : values.join(', ');
}

const decoder = new TextDecoder();

/** The body as text, decoded as a WHATWG Request's text() decodes it (UTF-8, a leading BOM dropped). */
export function bodyText(request: ApiRequest): string {
  return decoder.decode(request.body);
}

export function hasBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** The answer to a body over MAX_BODY_BYTES, given before any handler runs. */
export function bodyTooBig(): ApiResponse {
  return errorToResponse(new ApiError('invalid_body', `The body may be at most ${MAX_BODY_BYTES} bytes.`));
}
