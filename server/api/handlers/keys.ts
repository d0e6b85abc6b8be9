import { jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/server/api/guard';
import { keyContext, keyJson } from '@/server/api/principal';
import { visibleKeys } from '@/server/services/keys';

/** GET /api/v1/keys: the keys this key may see (its owner's; every key of the account for an admin's key). */
export const GET = withApiKey({ resource: 'keys' }, async (request, { principal }) => {
  const keys = await visibleKeys(keyContext(principal, request));
  return jsonResponse({ keys: keys.map(keyJson) });
});

// No key can create keys (docs/api.md, "Routes"): POST is not offered, whatever the key's permissions.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET');
