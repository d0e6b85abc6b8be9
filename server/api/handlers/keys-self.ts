import { jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/server/api/guard';
import { keyContext } from '@/server/api/principal';
import { revokeOwnKey } from '@/server/services/keys';

/**
 * DELETE /api/v1/keys/self: the key revokes itself — the clean-up step for a leaked CI key. Every valid key may do
 * this, whatever its permissions: it can only reduce access.
 */
export const DELETE = withApiKey('any-key', async (request, { principal }) => {
  await revokeOwnKey(keyContext(principal, request));
  return jsonResponse({ revoked: true, id: principal.keyId });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = unsupportedMethods('DELETE');
