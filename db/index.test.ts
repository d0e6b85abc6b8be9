import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from './index';

const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  const db = openDatabase(path.join(dir, 'test.db'));
  const pragma = (name: string) => db.$client.pragma(name, { simple: true });

  it('runs in WAL mode with synchronous=FULL, foreign keys on and a busy timeout', () => {
    assert.equal(pragma('journal_mode'), 'wal');
    assert.equal(pragma('synchronous'), 2); // FULL
    assert.equal(pragma('foreign_keys'), 1);
    assert.ok(Number(pragma('busy_timeout')) >= 1000);
  });

  it('applies the committed migrations', () => {
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    for (const table of ['accounts', 'users', 'sessions', 'api_keys', 'invitations', 'audit_log']) {
      assert.ok(tables.includes(table), `missing table ${table}`);
    }
  });

  it('is idempotent: opening the same file again applies nothing twice', () => {
    const again = openDatabase(path.join(dir, 'test.db'));
    assert.equal(again.$client.pragma('journal_mode', { simple: true }), 'wal');
    again.$client.close();
  });

  it('enforces foreign keys: a key for an unknown account is refused', () => {
    assert.throws(
      () =>
        db.$client
          .prepare("INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES ('k', 'nope', 'nope', 'n', x'00', 0)")
          .run(),
      /FOREIGN KEY/,
    );
  });
});
