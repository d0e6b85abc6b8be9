import { iso } from '@/lib/api/json';
import { readJson } from '@/lib/api/body';
import { jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/server/api/guard';
import type { RefusalReason } from '@/db/store';
import { keyContext } from '@/server/api/principal';
import { getConfig } from '@/server/config';
import { allows } from '@/lib/keys/permissions';
import { VerifyRequest, type VerifyJson } from '@/lib/api/schemas';
import { verifyPresentedKey } from '@/server/services/keys';

const CODES: Record<RefusalReason, 'NOT_FOUND' | 'REVOKED' | 'DISABLED' | 'EXPIRED'> = {
  malformed: 'NOT_FOUND',
  bad_checksum: 'NOT_FOUND',
  not_found: 'NOT_FOUND',
  wrong_secret: 'NOT_FOUND',
  revoked: 'REVOKED',
  disabled: 'DISABLED',
  expired: 'EXPIRED',
};

const invalid = (code: VerifyJson['code']): VerifyJson => ({
  valid: false,
  code,
  keyId: null,
  owner: null,
  permissions: null,
  expiresAt: null,
});

/**
 * POST /api/v1/keys/verify {"key": "..."}: lets another service check a key it was given. Only keys of the caller's
 * own account are ever described; any other key is NOT_FOUND, whatever its state.
 */
export const POST = withApiKey({ resource: 'keys:verify', write: false }, async (request, { principal }) => {
  const body = await readJson(request, VerifyRequest);
  // Keys of other accounts come back as not_found, whatever their state (the policy's 'verify' reach).
  const result = await verifyPresentedKey(keyContext(principal, request), getConfig().tokenPrefix, body.key);
  if (!result.ok) return jsonResponse(invalid(CODES[result.reason]));
  const key = result.principal;
  const permitted = !body.resource || allows(key, { resource: body.resource, write: body.write ?? false });
  return jsonResponse({
    valid: permitted,
    code: permitted ? 'VALID' : 'INSUFFICIENT_PERMISSIONS',
    keyId: key.keyId,
    owner: key.owner,
    permissions: { permission: key.permission, resources: key.resources },
    expiresAt: iso(key.effectiveExpiresAt),
  } satisfies VerifyJson);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('POST');
