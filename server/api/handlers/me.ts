import { iso } from '@/lib/api/json';
import { jsonResponse } from '@/lib/api/errors';
import type { MeJson } from '@/lib/api/schemas';
import { unsupportedMethods, withApiKey } from '@/server/api/guard';

/** GET /api/v1/me: who the key belongs to. */
export const GET = withApiKey({ resource: 'me' }, (_request, { principal }) =>
  jsonResponse({
    key: {
      id: principal.keyId,
      name: principal.keyName,
      kind: principal.kind,
      permission: principal.permission,
      resources: principal.resources,
      expiresAt: iso(principal.expiresAt),
      effectiveExpiresAt: iso(principal.effectiveExpiresAt),
    },
    owner: principal.owner,
    account: { id: principal.accountId, name: principal.accountName },
  } satisfies MeJson),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET');
