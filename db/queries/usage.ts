import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '..';
import { apiKeys, keyUsageDaily } from '../schema';
import type { KeyUsage } from '@/lib/usage/buffer';

type Statements = ReturnType<typeof prepare>;

function prepare(db: Db) {
  const client = db.$client;
  return {
    // max(): last-used only moves forward, even if an older batch is flushed after a newer one; the address and the
    // User-Agent are replaced only together with a newer time (SQLite evaluates every SET expression on the old row).
    lastUsed: client.prepare(
      `UPDATE api_keys SET last_used_ip = CASE WHEN @at >= coalesce(last_used_at, 0) THEN coalesce(@ip, last_used_ip) ELSE last_used_ip END,
       last_used_user_agent = CASE WHEN @at >= coalesce(last_used_at, 0) THEN @ua ELSE last_used_user_agent END,
       last_used_at = max(coalesce(last_used_at, 0), @at) WHERE id = @id`,
    ),
    previousLastUsed: client.prepare(
      'UPDATE api_keys SET previous_secret_last_used_at = max(coalesce(previous_secret_last_used_at, 0), ?) WHERE id = ?',
    ),
    // Only for keys that still exist: a key deleted since (its member removed) takes its counts with it.
    count: client.prepare(
      `INSERT INTO key_usage_daily (key_id, day, count) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)
       ON CONFLICT (key_id, day) DO UPDATE SET count = count + excluded.count`,
    ),
  };
}

const statements = new WeakMap<Db, Statements>();

/** Writes one batch of aggregated usage in a single transaction. */
export function flushUsage(db: Db, batch: KeyUsage[]) {
  if (batch.length === 0) return;
  let s = statements.get(db);
  if (!s) {
    s = prepare(db);
    statements.set(db, s);
  }
  const run = s;
  db.$client.transaction(() => {
    for (const usage of batch) {
      run.lastUsed.run({ at: usage.lastUsedAt, ip: usage.lastUsedIp, ua: usage.lastUsedUserAgent, id: usage.keyId });
      if (usage.previousSecretLastUsedAt !== null)
        run.previousLastUsed.run(usage.previousSecretLastUsedAt, usage.keyId);
      for (const [day, count] of usage.days) run.count.run(usage.keyId, day, count, usage.keyId);
    }
  })();
}

/** Daily counts from `fromDay` on, for keys of one account (the account is in the WHERE clause). */
export function dailyUsage(db: DbOrTx, accountId: string, keyIds: string[], fromDay: number) {
  if (keyIds.length === 0) return [];
  return db
    .select({ keyId: keyUsageDaily.keyId, day: keyUsageDaily.day, count: keyUsageDaily.count })
    .from(keyUsageDaily)
    .innerJoin(apiKeys, eq(apiKeys.id, keyUsageDaily.keyId))
    .where(and(eq(apiKeys.accountId, accountId), inArray(keyUsageDaily.keyId, keyIds), gte(keyUsageDaily.day, fromDay)))
    .all();
}

export const USAGE_DAYS = 30;

/** Requests per day over the last 30 UTC days (oldest first), for each of the given keys of one account. */
export function last30Days(db: DbOrTx, accountId: string, keyIds: string[], today: number): Record<string, number[]> {
  const first = today - USAGE_DAYS + 1;
  const series: Record<string, number[]> = Object.fromEntries(
    keyIds.map((id) => [id, new Array<number>(USAGE_DAYS).fill(0)]),
  );
  for (const row of dailyUsage(db, accountId, keyIds, first)) {
    const days = series[row.keyId];
    if (days && row.day <= today) days[row.day - first] = row.count;
  }
  return series;
}
