import { getDb } from '@/db';
import { accountById } from '@/db/queries/accounts';
import { keysInScope } from '@/db/queries/keys';
import { jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/lib/api/guard';
import { keyJson, keysOfPrincipal } from '@/lib/api/principal';

/** GET /api/v1/keys: the keys this key may see (its owner's; every key of the account for an admin's key). */
export const GET = withApiKey({ resource: 'keys' }, (_request, { principal }) => {
  const db = getDb();
  const cap = accountById(db, principal.accountId)?.maxKeyLifetimeDays ?? null;
  const keys = keysInScope(db, keysOfPrincipal(principal), cap, Date.now());
  return jsonResponse({ keys: keys.map(keyJson) });
});

// No key can create keys (shared/PRODUCT.md): POST is not offered, whatever the key's permissions.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET');
