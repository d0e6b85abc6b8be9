import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { KEY_ID_LENGTH } from '../keys/token';
import {
  CreateProjectRequest,
  ErrorBody,
  GitHubLeakReport,
  KeyList,
  KeyRevoked,
  LeakReceived,
  LeakTokenList,
  MeResponse,
  ProjectEnvelope,
  ProjectList,
  SelfRevoked,
  VerifyRequest,
  VerifyResponse,
} from './schemas';

// The OpenAPI 3.1 document of /api/v1, built from the schemas the handlers use (lib/api/schemas.ts). `npm run
// openapi` writes it to openapi.json; npm test regenerates it and fails on any difference, and the server serves the
// committed file at GET /api/v1/openapi.json.

export const API_VERSION = '1.0.0';

/** Every answer of /api/v1 carries these (lib/api/errors.ts, server/api-door.ts); its Content-Type is the content's key. */
const commonHeaders = {
  'Cache-Control': z.literal('no-store').meta({ description: 'Nothing under /api/v1 is ever cached.' }),
  // security-headers.js: an answer is never a document, so it may load nothing, be sniffed or be framed.
  'X-Content-Type-Options': z.literal('nosniff'),
  'Content-Security-Policy': z.literal("default-src 'none'; frame-ancestors 'none'"),
};
const Challenge = z
  .string()
  .regex(/^Bearer realm="latchkey"/)
  .meta({ description: 'RFC 6750 challenge; error="invalid_token" (or another code) where a token was sent.' });

function json(
  description: string,
  schema: z.ZodType,
  headers: Record<string, z.ZodType> = {},
): ZodOpenApiResponseObject {
  return {
    description,
    headers: z.object({ ...commonHeaders, ...headers }),
    content: { 'application/json': { schema } },
  };
}

const errors = {
  400: () => json('The body is not JSON, has the wrong Content-Type, or is too large (code invalid_body).', ErrorBody),
  401: () =>
    json(
      'No key, a malformed Authorization header, or a key that is unknown, revoked or expired (codes missing_token, invalid_request, invalid_token).',
      ErrorBody,
      { 'WWW-Authenticate': Challenge },
    ),
  403: () =>
    json("The key is valid but lacks this route's resource or write permission (code insufficient_scope).", ErrorBody, {
      'WWW-Authenticate': Challenge,
    }),
  404: (what: string) => json(`No such ${what} within this key's reach (code not_found).`, ErrorBody),
  422: () => json('The body has the wrong shape (code validation_failed, with details).', ErrorBody),
  429: () =>
    json('Too many requests (code rate_limited).', ErrorBody, {
      'Retry-After': z.string().regex(/^\d+$/).meta({ description: 'Seconds to wait.' }),
    }),
};

const withBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });

function op(
  operationId: string,
  summary: string,
  needs: string,
  responses: ZodOpenApiOperationObject['responses'],
  extra: Partial<ZodOpenApiOperationObject> = {},
): ZodOpenApiOperationObject {
  return { operationId, summary, description: `Needs: ${needs}.`, responses, ...extra };
}

const authed = { 401: errors[401](), 403: errors[403]() };
const keyIdParam = z.object({
  id: z.string().meta({ description: `A key id (${KEY_ID_LENGTH} base62 characters).`, example: '7Gq2mZc0TfQa' }),
});
const projectIdParam = z.object({ id: z.string().meta({ description: 'A project id.' }) });

export function buildOpenApiDocument() {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Latchkey API',
      version: API_VERSION,
      description:
        'The API of a Latchkey installation, for scripts, CI jobs and services that hold a key. Every answer is JSON; ' +
        'errors are {"error": {"code", "message"}}.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'This installation' }],
    security: [{ bearer: [] }, { basic: [] }],
    tags: [
      { name: 'identity', description: 'Who a key belongs to.' },
      { name: 'keys', description: 'Listing, revoking and verifying keys.' },
      { name: 'projects', description: "The account's projects." },
      { name: 'public', description: 'Endpoints that need no key.' },
    ],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <token>' },
        basic: { type: 'http', scheme: 'basic', description: 'The token as username, an empty password.' },
      },
    },
    paths: {
      '/api/v1/me': {
        get: op(
          'getMe',
          'Who the key belongs to',
          '`me`, read',
          { 200: json('The key, its owner and account.', MeResponse), ...authed },
          { tags: ['identity'] },
        ),
      },
      '/api/v1/keys': {
        get: op(
          'listKeys',
          'The keys this key may see',
          "`keys`, read. A personal key sees its owner's keys; a key of an owner or admin every key of the account",
          { 200: json('The keys.', KeyList), ...authed },
          { tags: ['keys'] },
        ),
      },
      '/api/v1/keys/self': {
        delete: op(
          'revokeSelf',
          'The key revokes itself',
          'any valid key (it can only reduce access)',
          { 200: json('Revoked.', SelfRevoked), 401: errors[401]() },
          { tags: ['keys'] },
        ),
      },
      '/api/v1/keys/verify': {
        post: op(
          'verifyKey',
          'Check a key another service was given',
          '`keys:verify`. Keys of another account are always NOT_FOUND',
          { 200: json('The verdict.', VerifyResponse), 400: errors[400](), ...authed, 422: errors[422]() },
          { tags: ['keys'], requestBody: withBody(VerifyRequest) },
        ),
      },
      '/api/v1/keys/{id}': {
        delete: op(
          'revokeKey',
          'Revoke a key',
          '`keys`, read-write; a key outside your reach is 404',
          { 200: json('Revoked (or already revoked).', KeyRevoked), ...authed, 404: errors[404]('key') },
          { tags: ['keys'], requestParams: { path: keyIdParam } },
        ),
      },
      '/api/v1/projects': {
        get: op(
          'listProjects',
          "The account's projects",
          '`projects`, read; an organization key sees only its own project',
          { 200: json('The projects.', ProjectList), ...authed },
          { tags: ['projects'] },
        ),
        post: op(
          'createProject',
          'Create a project',
          '`projects`, read-write; not with an organization key',
          {
            201: json('Created.', ProjectEnvelope),
            400: errors[400](),
            ...authed,
            422: errors[422](),
          },
          { tags: ['projects'], requestBody: withBody(CreateProjectRequest) },
        ),
      },
      '/api/v1/projects/{id}': {
        get: op(
          'getProject',
          'One project',
          '`projects`, read; an organization key reaches only its own',
          { 200: json('The project.', ProjectEnvelope), ...authed, 404: errors[404]('project') },
          { tags: ['projects'], requestParams: { path: projectIdParam } },
        ),
      },
      '/api/v1/leaked-keys': {
        post: op(
          'reportLeakedKeys',
          'Report leaked tokens',
          'nothing. Each genuine token is revoked after the answer; the answer is the same whatever the tokens were',
          {
            202: json('Received.', LeakReceived),
            400: errors[400](),
            422: errors[422](),
            429: errors[429](),
          },
          {
            tags: ['public'],
            security: [],
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.union([LeakTokenList, GitHubLeakReport]) } },
            },
          },
        ),
      },
      '/api/v1/openapi.json': {
        get: op(
          'getOpenApi',
          'This document',
          'nothing',
          {
            200: json(
              'The OpenAPI 3.1 document.',
              z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
            ),
          },
          { tags: ['public'], security: [] },
        ),
      },
    },
  });
}

/** The document as committed: two-space JSON and a final newline (what prettier would leave alone). */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
