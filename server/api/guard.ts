import { getStore } from '@/server/db';
import type { KeyPrincipal } from '@/db/store';
import { getConfig } from '../config';
import { allows, type ApiResource } from '../../lib/keys/permissions';
import { parseAuthorization } from '../../lib/api/authorization';
import { ApiError, errorToResponse } from '../../lib/api/errors';
import { header, type ApiRequest, type ApiResponse } from '../../lib/api/http';
import { recordUse } from '../usage-recorder';

// The one guard for /api/v1: every exported handler there is built with withApiKey, except the leak-report endpoint
// (server/api/handlers/leaked-keys.ts), which takes reports from anyone and authenticates nobody, and the OpenAPI
// document (server/api/handlers/openapi.ts), which is the same for everyone. Only the
// Authorization header authenticates: cookies and query strings are never read.

export interface ApiContext<P> {
  principal: KeyPrincipal;
  params: P;
}

/**
 * What a route needs from the key: a resource, read or write (by default any method but GET and HEAD writes),
 * or 'any-key' for routes every valid key may call (revoking itself, unknown paths).
 */
export type Access = { resource: ApiResource; write?: boolean } | 'any-key';

const INVALID_TOKEN = 'The API key is invalid, expired or revoked.';

function refusalRecorder(request: ApiRequest) {
  // Best effort and not awaited: a failure to log must never turn the caller's 401 into a 500 (the store catches its
  // own errors; the catch below keeps a store that did not from becoming an unhandled rejection).
  return (accountId: string, keyId: string, reason: string) =>
    void getStore()
      .recordApiRefusal(
        {
          accountId,
          keyId,
          reason,
          method: request.method,
          path: request.path,
          userAgent: header(request, 'user-agent')?.slice(0, 512) ?? null,
        },
        Date.now(),
      )
      .catch(() => undefined);
}

async function authenticate(request: ApiRequest): Promise<KeyPrincipal> {
  const authorization = parseAuthorization(header(request, 'authorization'));
  if (authorization.kind === 'missing') {
    throw new ApiError('missing_token', 'Authenticate with "Authorization: Bearer <api key>".');
  }
  if (authorization.kind === 'invalid') {
    throw new ApiError(
      'invalid_request',
      'Send the key as "Authorization: Bearer <api key>", or as the username of HTTP Basic with an empty password.',
    );
  }
  const now = Date.now();
  const result = await getStore().verifyToken(authorization.token, getConfig().tokenPrefix, now);
  if (result.ok) {
    // In memory only; flushed in batches (server/usage-recorder.ts).
    recordUse(
      result.principal.keyId,
      now,
      result.principal.usedPreviousSecret,
      request.clientAddress,
      header(request, 'user-agent')?.slice(0, 512) ?? null,
    );
    return result.principal;
  }
  if (result.accountId && result.keyId) refusalRecorder(request)(result.accountId, result.keyId, result.reason);
  throw new ApiError('invalid_token', INVALID_TOKEN);
}

function authorize(request: ApiRequest, principal: KeyPrincipal, access: Access) {
  if (access === 'any-key') return;
  const write = access.write ?? !['GET', 'HEAD'].includes(request.method);
  if (allows(principal, { resource: access.resource, write })) return;
  refusalRecorder(request)(principal.accountId, principal.keyId, 'insufficient_scope');
  throw new ApiError(
    'insufficient_scope',
    `This key needs ${write ? 'read-write' : 'read'} access to "${access.resource}" for this request.`,
  );
}

export function withApiKey<P = Record<string, never>>(
  access: Access,
  handler: (request: ApiRequest, context: ApiContext<P>) => ApiResponse | Promise<ApiResponse>,
) {
  // The key is looked up through the store, whose every call is asynchronous (a second database's would be too).
  return async (request: ApiRequest, params: P): Promise<ApiResponse> => {
    try {
      const principal = await authenticate(request);
      authorize(request, principal, access);
      return await handler(request, { principal, params });
    } catch (error) {
      return errorToResponse(error);
    }
  };
}

/** For the methods a route does not implement: a JSON 405 naming the ones it does. */
export function methodNotAllowed(...allowed: string[]) {
  return () =>
    errorToResponse(
      new ApiError('method_not_allowed', `This endpoint supports ${allowed.join(', ')}.`, {
        Allow: allowed.join(', '),
      }),
    );
}

/**
 * The JSON 405 for every method a route does not implement (OPTIONS included: no CORS is granted), e.g.
 * `export const { POST, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET');`
 */
export function unsupportedMethods(...allowed: string[]) {
  const refuse = methodNotAllowed(...allowed);
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: refuse };
}
