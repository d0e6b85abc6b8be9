import { ZodError } from 'zod';
import type { ApiResponse } from './http';

// One error type for route handlers and one mapper to the JSON contract in docs/api.md ("Errors"):
// {"error": {"code": "...", "message": "..."}} with the right status and headers.

export const REALM = 'latchkey';

// `as const`, so that ApiErrorCode is the union of these codes and a misspelt code does not compile.
const STATUS = {
  missing_token: 401,
  invalid_request: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  invalid_body: 400,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return STATUS[this.code] ?? 500;
  }
}

function wwwAuthenticate(code: ApiErrorCode): string | undefined {
  if (code === 'missing_token') return `Bearer realm="${REALM}"`;
  if (code === 'invalid_request' || code === 'invalid_token' || code === 'insufficient_scope') {
    return `Bearer realm="${REALM}", error="${code}"`;
  }
  return undefined;
}

/** The one error body of every JSON refusal (docs/api.md, "Errors"): `{"error": {"code", "message"[, "details"]}}`. */
export function errorBody(code: string, message: string, details?: unknown) {
  const body: { error: { code: string; message: string; details?: unknown } } = { error: { code, message } };
  if (details !== undefined) body.error.details = details;
  return body;
}

/**
 * A JSON refusal as a WHATWG Response, never cached, for the places that answer outside the /api/v1 handlers (the
 * proxy's early refusals, the next-auth route); `headers` add to it (Allow, Set-Cookie…).
 */
export function jsonRefusal(status: number, code: string, message: string, headers: HeadersInit = {}): Response {
  const response = Response.json(errorBody(code, message), { status, headers: { 'Cache-Control': 'no-store' } });
  for (const [name, value] of new Headers(headers)) response.headers.append(name, value);
  return response;
}

/** A JSON answer, never cached; header names in any case (they are sent in lower case, as Headers would). */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): ApiResponse {
  const headers: Record<string, string> = { 'cache-control': 'no-store', 'content-type': 'application/json' };
  if (init.headers) for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value;
  return { status: init.status ?? 200, headers, body: JSON.stringify(body) };
}

/** Turns anything thrown by a handler into the public JSON error. Unexpected errors are logged without detail. */
export function errorToResponse(error: unknown): ApiResponse {
  if (error instanceof ApiError) {
    const challenge = wwwAuthenticate(error.code);
    return jsonResponse(errorBody(error.code, error.message, error.details), {
      status: error.status,
      headers: { ...(challenge ? { 'WWW-Authenticate': challenge } : {}), ...error.headers },
    });
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return errorToResponse(new ApiError('validation_failed', 'The request body is not valid.', {}, details));
  }
  // Only the error's name: messages and stacks can carry request data, and this log must never hold a secret.
  console.error(`[api] unexpected ${error instanceof Error ? error.name : typeof error}`);
  return jsonResponse(errorBody('internal_error', 'Something went wrong on our side.'), { status: 500 });
}
