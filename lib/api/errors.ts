import { ZodError } from 'zod';

// One error type for route handlers and one mapper to the JSON contract in shared/PRODUCT.md:
// {"error": {"code": "...", "message": "..."}} with the right status and headers.

export const REALM = 'latchkey';

const STATUS: Record<string, number> = {
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
};

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

export const NO_STORE = { 'Cache-Control': 'no-store' };

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

/** Turns anything thrown by a handler into the public JSON error. Unexpected errors are logged without detail. */
export function errorToResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    const challenge = wwwAuthenticate(error.code);
    const body: { error: { code: string; message: string; details?: unknown } } = {
      error: { code: error.code, message: error.message },
    };
    if (error.details !== undefined) body.error.details = error.details;
    return jsonResponse(body, {
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
  return jsonResponse({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } }, { status: 500 });
}
