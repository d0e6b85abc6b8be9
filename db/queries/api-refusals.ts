import type { Db } from '..';
import { writeAudit } from './audit';

// Key ids are public, so anyone can make refused requests for a known key. One row per key and reason per minute
// keeps the log useful without letting such a flood become a write (and fsync) per request.
const WINDOW_MS = 60_000;
const recent = new Map<string, number>();

function seenRecently(key: string, now: number): boolean {
  const last = recent.get(key);
  if (last !== undefined && now - last < WINDOW_MS) return true;
  if (recent.size > 10_000) {
    for (const [k, at] of recent) if (now - at >= WINDOW_MS) recent.delete(k);
  }
  recent.set(key, now);
  return false;
}

/**
 * Records why a request with a known key id was refused, in that key's account. The caller only ever hears
 * `invalid_token`; the precise reason lives here. Unknown key ids belong to no account and are not recorded.
 * Best effort: a failure to write the log never turns the caller's 401 into a 500.
 */
export function recordApiRefusal(
  db: Db,
  refusal: { accountId: string; keyId: string; reason: string; method: string; path: string; userAgent: string | null },
  now: number,
) {
  if (seenRecently(`${refusal.keyId}:${refusal.reason}`, now)) return;
  try {
    writeAudit(db, {
      accountId: refusal.accountId,
      action: 'api.refused',
      actorKeyId: refusal.keyId,
      actorLabel: `key ${refusal.keyId}`,
      targetKeyId: refusal.keyId,
      detail: { reason: refusal.reason, method: refusal.method.slice(0, 16), path: refusal.path.slice(0, 200) },
      userAgent: refusal.userAgent,
      createdAt: now,
    });
  } catch {
    console.error('[api] could not record a refused request in the audit log');
  }
}
