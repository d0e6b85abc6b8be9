import { ApiError, jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/server/api/guard';
import { keyContext } from '@/server/api/principal';
import { KEY_ID_LENGTH } from '@/lib/keys/token';
import { revokeKey } from '@/server/services/keys';

const KEY_ID_RE = new RegExp(`^[0-9A-Za-z]{${KEY_ID_LENGTH}}$`);

/** DELETE /api/v1/keys/{id}: revokes one of the keys this key may see (any key of the account for an admin's key). */
export const DELETE = withApiKey<{ id: string }>(
  { resource: 'keys', write: true },
  async (request, { principal, params }) => {
    if (!KEY_ID_RE.test(params.id)) throw new ApiError('not_found', 'No such key.');
    const result = await revokeKey(keyContext(principal, request), params.id);
    // A key outside the caller's reach is "not found", never "forbidden": key ids of others are not confirmed.
    if (!result.ok && result.reason === 'not_found') throw new ApiError('not_found', 'No such key.');
    return jsonResponse({ revoked: true, id: params.id, alreadyRevoked: !result.ok });
  },
);

export const { GET, POST, PUT, PATCH, OPTIONS } = unsupportedMethods('DELETE');
