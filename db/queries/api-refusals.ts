import type { Db } from '..';
import { writeAudit } from './audit';

/**
 * Records why a request with a known key id was refused, in that key's account. The caller only ever hears
 * `invalid_token`; the precise reason lives here. Unknown key ids belong to no account and are not recorded.
 */
export function recordApiRefusal(
  db: Db,
  refusal: { accountId: string; keyId: string; reason: string; method: string; path: string; userAgent: string | null },
  now: number,
) {
  writeAudit(db, {
    accountId: refusal.accountId,
    action: 'api.refused',
    actorKeyId: refusal.keyId,
    actorLabel: `key ${refusal.keyId}`,
    targetKeyId: refusal.keyId,
    detail: { reason: refusal.reason, method: refusal.method, path: refusal.path },
    userAgent: refusal.userAgent,
    createdAt: now,
  });
}
