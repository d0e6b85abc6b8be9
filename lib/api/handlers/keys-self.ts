import { getDb } from '@/db';
import { revokeKey } from '@/db/queries/keys';
import { jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/lib/api/guard';
import { principalMeta } from '@/lib/api/principal';

/**
 * DELETE /api/v1/keys/self: the key revokes itself — the clean-up step for a leaked CI key. Every valid key may do
 * this, whatever its permissions: it can only reduce access.
 */
export const DELETE = withApiKey('any-key', (request, { principal }) => {
  revokeKey(
    getDb(),
    { accountId: principal.accountId, owners: [{ keyId: principal.keyId }] },
    principal.keyId,
    Date.now(),
    principalMeta(principal, request),
  );
  return jsonResponse({ revoked: true, id: principal.keyId });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = unsupportedMethods('DELETE');
