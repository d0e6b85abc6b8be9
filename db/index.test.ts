import Database from './sqlite';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { MIGRATIONS_FOLDER, openDatabase } from './index';

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

  it('keeps the database files readable by their owner only', () => {
    assert.equal(statSync(path.join(dir, 'test.db')).mode & 0o777, 0o600);
    assert.equal(statSync(path.join(dir, 'test.db-wal')).mode & 0o777, 0o600);
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
          .prepare(
            "INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES ('k', 'nope', 'nope', 'n', x'00', 0)",
          )
          .run(),
      /FOREIGN KEY/,
    );
  });
});

describe('migrations on an existing database', () => {
  it('upgrade a database made by the first release without losing its keys', () => {
    const file = path.join(dir, 'old.db');
    const raw = new Database(file);
    const first = readFileSync(path.join(MIGRATIONS_FOLDER, '0000_init.sql'), 'utf8');
    for (const statement of first.split('--> statement-breakpoint')) raw.exec(statement);
    // What drizzle's migrator records after applying 0000 only.
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'));
    raw.exec(
      'CREATE TABLE "__drizzle_migrations" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)',
    );
    raw
      .prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)')
      .run(createHash('sha256').update(first).digest('hex'), journal.entries[0].when);
    raw.exec(`INSERT INTO accounts VALUES ('a', 'A', NULL, 1);
      INSERT INTO users VALUES ('u', 'a', 'e@example.com', 'h', 'owner', 1);
      INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES ('k', 'a', 'u', 'n', x'00', 1);`);
    raw.close();

    const db = openDatabase(file);
    const key = db.$client.prepare('SELECT id, kind, permission, user_id AS userId FROM api_keys').get() as Record<
      string,
      unknown
    >;
    assert.deepEqual(key, { id: 'k', kind: 'personal', permission: 'read-write', userId: 'u' });
    assert.equal((db.$client.pragma('foreign_key_check') as unknown[]).length, 0);
    assert.equal(db.$client.pragma('integrity_check', { simple: true }), 'ok');
    // The owner check came along: a personal key without a user is refused.
    assert.throws(
      () =>
        db.$client
          .prepare(
            "INSERT INTO api_keys (id, account_id, kind, name, secret_hash, created_at) VALUES ('k2', 'a', 'personal', 'n', x'00', 1)",
          )
          .run(),
      /CHECK constraint failed/,
    );
    db.$client.close();
  });
});
