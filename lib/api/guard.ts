import { getDb } from '@/db';
import { recordApiRefusal } from '@/db/queries/api-refusals';
import { getConfig } from '../config';
import { parseAuthorization } from './authorization';
import { ApiError, errorToResponse } from './errors';
import { verifyToken, type KeyPrincipal } from './verify-key';

// The one guard for /api/v1: every exported handler there is built with withApiKey. Only the Authorization
// header authenticates: cookies and query strings are never read.

export interface ApiContext<P> {
  principal: KeyPrincipal;
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

const INVALID_TOKEN = 'The API key is invalid, expired or revoked.';

function authenticate(request: Request): KeyPrincipal {
  const header = parseAuthorization(request.headers.get('authorization'));
  if (header.kind === 'missing') {
    throw new ApiError('missing_token', 'Authenticate with "Authorization: Bearer <api key>".');
  }
  if (header.kind === 'invalid') {
    throw new ApiError(
      'invalid_request',
      'Send the key as "Authorization: Bearer <api key>", or as the username of HTTP Basic with an empty password.',
    );
  }
  const db = getDb();
  const now = Date.now();
  const result = verifyToken(db, header.token, getConfig().tokenPrefix, now);
  if (result.ok) return result.principal;
  if (result.accountId && result.keyId) {
    recordApiRefusal(
      db,
      {
        accountId: result.accountId,
        keyId: result.keyId,
        reason: result.reason,
        method: request.method,
        path: new URL(request.url).pathname,
        userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
      },
      now,
    );
  }
  throw new ApiError('invalid_token', INVALID_TOKEN);
}

export function withApiKey<P = Record<string, never>>(
  handler: (request: Request, context: ApiContext<P>) => Response | Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const principal = authenticate(request);
      return await handler(request, { principal, params: await context.params });
    } catch (error) {
      return errorToResponse(error);
    }
  };
}

/** For the methods a route does not implement: a JSON 405 naming the ones it does. */
export function methodNotAllowed(...allowed: string[]) {
  return () =>
    errorToResponse(
      new ApiError('method_not_allowed', `This endpoint supports ${allowed.join(', ')}.`, { Allow: allowed.join(', ') }),
    );
}
