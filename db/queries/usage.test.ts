import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../index';
import { accounts, apiKeys, users } from '../schema';
import { dayOf, UsageBuffer } from '../../lib/usage/buffer';
import { DAY_MS } from '../../lib/keys/expiry';
import { flushUsage, last30Days } from './usage';

const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-usage-'));
const db = openDatabase(path.join(dir, 'usage.db'));
after(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const T = Date.UTC(2026, 10, 24, 12);
let seq = 0;
function key(accountId = `acct-${++seq}`) {
  const userId = `user-${seq}`;
  db.insert(accounts).values({ id: accountId, name: 'A', createdAt: 0 }).onConflictDoNothing().run();
  db.insert(users)
    .values({ id: userId, accountId, email: `${userId}@example.com`, passwordHash: 'x', role: 'owner', createdAt: 0 })
    .run();
  const id = `key${String(seq).padStart(9, '0')}`;
  db.insert(apiKeys)
    .values({ id, accountId, userId, name: 'k', secretHash: Buffer.alloc(32), createdAt: 0 })
    .run();
  return { id, accountId };
}
const row = (id: string) =>
  db.$client
    .prepare('SELECT last_used_at AS lastUsedAt, previous_secret_last_used_at AS prev FROM api_keys WHERE id = ?')
    .get(id) as {
    lastUsedAt: number | null;
    prev: number | null;
  };

describe('flushUsage', () => {
  it('writes last-used times and adds daily counts across flushes', () => {
    const { id, accountId } = key();
    const buffer = new UsageBuffer();
    buffer.record(id, T);
    buffer.record(id, T + 1);
    flushUsage(db, buffer.drain());
    buffer.record(id, T + 2, true);
    flushUsage(db, buffer.drain());
    assert.deepEqual(row(id), { lastUsedAt: T + 2, prev: T + 2 });
    assert.equal(last30Days(db, accountId, [id], dayOf(T))[id]!.at(-1), 3);
  });

  it('never moves last-used (or its address) backwards when an older batch lands after a newer one', () => {
    const { id } = key();
    const newer = new UsageBuffer();
    newer.record(id, T + 60_000, false, '203.0.113.7');
    const older = new UsageBuffer();
    older.record(id, T, false, '198.51.100.1');
    flushUsage(db, newer.drain());
    flushUsage(db, older.drain());
    assert.equal(row(id).lastUsedAt, T + 60_000);
    assert.deepEqual(db.$client.prepare('SELECT last_used_ip AS ip FROM api_keys WHERE id = ?').get(id), {
      ip: '203.0.113.7',
    });
  });

  it("keeps the latest use's User-Agent, never an older batch's, and forgets it when the latest sent none", () => {
    const { id } = key();
    const ua = () =>
      (db.$client.prepare('SELECT last_used_user_agent AS ua FROM api_keys WHERE id = ?').get(id) as { ua: unknown })
        .ua;
    const newer = new UsageBuffer();
    newer.record(id, T + 60_000, false, null, 'curl/8.5.0');
    const older = new UsageBuffer();
    older.record(id, T, false, null, 'python-requests/2.31');
    flushUsage(db, newer.drain());
    flushUsage(db, older.drain());
    assert.equal(ua(), 'curl/8.5.0');
    const same = new UsageBuffer();
    same.record(id, T + 120_000, false, null, 'old-client/1');
    same.record(id, T + 120_001, false, null, null);
    flushUsage(db, same.drain());
    assert.equal(ua(), null);
  });

  it('drops counts of a key deleted before the flush instead of failing the batch', () => {
    const gone = key();
    const kept = key();
    const buffer = new UsageBuffer();
    buffer.record(gone.id, T);
    buffer.record(kept.id, T);
    db.$client.prepare('DELETE FROM api_keys WHERE id = ?').run(gone.id);
    flushUsage(db, buffer.drain());
    assert.equal(row(kept.id).lastUsedAt, T);
  });
});

describe('last30Days', () => {
  it('returns 30 days oldest first, zero-filled, for the account only', () => {
    const mine = key();
    const theirs = key();
    const buffer = new UsageBuffer();
    buffer.record(mine.id, T - 29 * DAY_MS);
    buffer.record(mine.id, T);
    buffer.record(mine.id, T - 30 * DAY_MS); // outside the window
    buffer.record(theirs.id, T);
    flushUsage(db, buffer.drain());
    const series = last30Days(db, mine.accountId, [mine.id, theirs.id], dayOf(T));
    assert.equal(series[mine.id]!.length, 30);
    assert.equal(series[mine.id]![0], 1);
    assert.equal(series[mine.id]![29], 1);
    assert.equal(
      series[mine.id]!.reduce((a, b) => a + b, 0),
      2,
    );
    // Another account's key id asked for under this account reads as no usage.
    assert.equal(
      series[theirs.id]!.reduce((a, b) => a + b, 0),
      0,
    );
  });
});
