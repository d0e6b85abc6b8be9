import { expect, test } from '@playwright/test';
import Database from '../../db/sqlite';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { newToken } from '../../lib/keys/token';
import { startExtraServer } from '../extra-server';
import { recordSecret } from '../support';

// Usage is recorded in memory and flushed in batches; a clean shutdown must flush what is pending. This starts a
// server of its own (the shared one cannot be stopped) with a flush interval longer than the test.

test('pending usage is written on SIGTERM, and not before: no database write per request', async ({ request }) => {
  test.setTimeout(90_000);
  const {
    base,
    dataDir,
    process: server,
  } = await startExtraServer('usage-shutdown', { env: { LATCHKEY_USAGE_FLUSH_MS: '3600000' } });
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code: number | null) => resolve(code)));
  try {
    const db = new Database(path.join(dataDir, 'latchkey.db'));
    db.pragma('busy_timeout = 5000');
    const accountId = randomUUID();
    const userId = randomUUID();
    const { keyId, token, secretHash } = newToken('lk');
    recordSecret(token);
    db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(accountId, 'Shutdown', Date.now());
    db.prepare(
      "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'owner', ?)",
    ).run(userId, accountId, `${userId}@example.com`, Date.now());
    db.prepare(
      'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(keyId, accountId, userId, 'shutdown key', secretHash, Date.now());

    const before = Date.now();
    for (let i = 0; i < 3; i++) {
      expect((await request.get(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(
        200,
      );
    }
    const read = () =>
      db.prepare('SELECT last_used_at AS lastUsedAt FROM api_keys WHERE id = ?').get(keyId) as {
        lastUsedAt: number | null;
      };
    expect(read().lastUsedAt).toBeNull();

    server.kill('SIGTERM');
    expect(await exited).not.toBeNull();
    expect(read().lastUsedAt).toBeGreaterThanOrEqual(before);
    expect(db.prepare('SELECT sum(count) AS n FROM key_usage_daily WHERE key_id = ?').get(keyId)).toEqual({ n: 3 });
    db.close();
  } finally {
    server.kill('SIGKILL');
  }
});
