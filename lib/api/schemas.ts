import { z } from 'zod';
import { API_RESOURCES } from '../keys/permissions';
import { KeyNameSchema } from '../keys/name';
import { MAX_TOKEN_LENGTH } from '../keys/token';
import { KEY_KINDS, KEY_PERMISSIONS, ROLES } from '../types';

// The request and response bodies of /api/v1, in one place: the handlers parse requests and type their answers with
// these schemas, and the OpenAPI document (lib/api/openapi.ts → openapi.json) is generated from the same ones, so the
// document cannot describe a shape the code does not have. Response objects are strict: zod-openapi renders them
// closed (additionalProperties: false), so the e2e suite's validator catches a field that should not be there.

const IsoTime = z.iso.datetime().meta({ description: 'An ISO 8601 time (UTC).', example: '2026-12-04T21:00:00.000Z' });
/** A name as stored (keys, projects, accounts): answers only; every name a request sets is KeyNameSchema. */
const StoredName = z.string();
const KeyId = z
  .string()
  .meta({ description: 'The public id of a key (12 base62 characters).', example: '7Gq2mZc0TfQa' });

export const Resource = z.enum(API_RESOURCES).meta({ id: 'Resource', description: 'A resource a key may reach.' });
export const Permission = z.enum(KEY_PERMISSIONS).meta({ id: 'Permission' });
export const KeyKind = z.enum(KEY_KINDS).meta({ id: 'KeyKind' });
const Resources = z
  .array(Resource)
  .nullable()
  .meta({ description: 'The resources this key is limited to; null: every resource.' });

export const KeyOwner = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('user'), id: z.string(), email: z.string(), role: z.enum(ROLES) }),
    z.strictObject({
      type: z.literal('service_account'),
      id: z.string(),
      name: StoredName,
      role: z.enum(['admin', 'member']),
    }),
    z.strictObject({ type: z.literal('project'), id: z.string(), name: StoredName }),
  ])
  .meta({ id: 'KeyOwner', description: 'Who a key belongs to: a user, a service account, or a project.' });

export const ErrorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: 'A stable, machine-readable code, e.g. invalid_token.' }),
      message: z.string().meta({ description: 'What went wrong, for a person.' }),
      details: z
        .array(z.strictObject({ path: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'For validation_failed: each field that is wrong.' }),
    }),
  })
  .meta({ id: 'Error' });

export const MeResponse = z
  .strictObject({
    key: z.strictObject({
      id: KeyId,
      name: StoredName,
      kind: KeyKind,
      permission: Permission,
      resources: Resources,
      expiresAt: IsoTime.nullable(),
      effectiveExpiresAt: IsoTime.nullable().meta({
        description: "When the key stops working: its expiry, or earlier under the account's maximum key lifetime.",
      }),
    }),
    owner: KeyOwner,
    account: z.strictObject({ id: z.string(), name: StoredName }),
  })
  .meta({ id: 'Me' });

export const Key = z
  .strictObject({
    id: KeyId,
    name: StoredName,
    kind: KeyKind,
    owner: z.string().meta({ description: 'The owner as people know them (an email, a service account name…).' }),
    permission: Permission,
    resources: Resources,
    status: z.enum(['active', 'expiring', 'expired', 'disabled', 'revoked']),
    createdAt: IsoTime,
    expiresAt: IsoTime.nullable(),
    effectiveExpiresAt: IsoTime.nullable(),
    lastUsedAt: IsoTime.nullable(),
  })
  .meta({ id: 'Key', description: 'A key as the API shows it: never its secret or hash.' });

export const KeyList = z.strictObject({ keys: z.array(Key) }).meta({ id: 'KeyList' });

export const KeyRevoked = z
  .strictObject({
    revoked: z.literal(true),
    id: KeyId,
    alreadyRevoked: z.boolean().meta({ description: 'True when the key had been revoked before this request.' }),
  })
  .meta({ id: 'KeyRevoked' });

export const SelfRevoked = z.strictObject({ revoked: z.literal(true), id: KeyId }).meta({ id: 'SelfRevoked' });

export const VerifyRequest = z
  .object({
    key: z
      .string()
      .max(MAX_TOKEN_LENGTH * 2)
      .meta({ description: 'The token another service was given.' }),
    resource: Resource.optional().meta({ description: 'Optionally, a resource the key must be allowed to reach.' }),
    write: z.boolean().optional().meta({ description: 'With resource: whether the key must be allowed to write.' }),
  })
  .meta({ id: 'VerifyRequest' });

export const VERIFY_CODES = [
  'VALID',
  'INSUFFICIENT_PERMISSIONS',
  'NOT_FOUND',
  'REVOKED',
  'DISABLED',
  'EXPIRED',
] as const;

export const VerifyResponse = z
  .strictObject({
    valid: z.boolean(),
    code: z.enum(VERIFY_CODES),
    keyId: KeyId.nullable(),
    owner: KeyOwner.nullable(),
    permissions: z.strictObject({ permission: Permission, resources: Resources }).nullable(),
    expiresAt: IsoTime.nullable().meta({ description: "The key's effective expiry." }),
  })
  .meta({ id: 'VerifyResult' });

export const Project = z.strictObject({ id: z.string(), name: StoredName, createdAt: IsoTime }).meta({ id: 'Project' });
export const ProjectList = z.strictObject({ projects: z.array(Project) }).meta({ id: 'ProjectList' });
export const ProjectEnvelope = z.strictObject({ project: Project }).meta({ id: 'ProjectEnvelope' });
export const CreateProjectRequest = z.object({ name: KeyNameSchema }).meta({ id: 'CreateProjectRequest' });

export const LEAK_REPORT_MAX_TOKENS = 100;
const LeakToken = z.string().min(1, 'A token may not be empty.').max(256, 'A token is at most 256 characters.');
const tooMany = `At most ${LEAK_REPORT_MAX_TOKENS} tokens per request.`;
/** Our own shape: {"tokens": ["lk_…", …]}. */
export const LeakTokenList = z
  .object({ tokens: z.array(LeakToken).min(1, 'Send at least one token.').max(LEAK_REPORT_MAX_TOKENS, tooMany) })
  .meta({ id: 'LeakReport' });
/** GitHub secret scanning's shape: [{"token", "type", "url", "source"}, …]; other fields are ignored. */
export const GitHubLeakReport = z
  .array(
    z.object({
      token: LeakToken,
      type: z.string().max(100).optional(),
      url: z.string().max(2048).optional(),
      source: z.string().max(100).optional(),
    }),
  )
  .min(1, 'Send at least one token.')
  .max(LEAK_REPORT_MAX_TOKENS, tooMany)
  .meta({ id: 'GitHubLeakReport' });
export const LeakReceived = z.strictObject({ received: z.number().int() }).meta({ id: 'LeakReceived' });

export type MeJson = z.input<typeof MeResponse>;
export type KeyJson = z.input<typeof Key>;
export type VerifyJson = z.input<typeof VerifyResponse>;
export type ProjectJson = z.input<typeof Project>;
export type LeakJson = z.input<typeof LeakReceived>;
