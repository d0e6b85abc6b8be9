import Database from './sqlite';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '.';
import { writeAudit } from './queries/audit';
import { createAccountWithOwner } from './queries/users';
import { backupDatabase, BackupError } from './backup';

const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const source = path.join(dir, 'latchkey.db');
const db = openDatabase(source);
createAccountWithOwner(db, {
  accountId: 'a1',
  accountName: 'A',
  userId: 'u1',
  email: 'owner@example.com',
  passwordHash: 'x',
  now: 1,
});
// Enough rows for the copy to take several steps of the backup API.
db.transaction((tx) => {
  for (let i = 0; i < 3000; i++)
    writeAudit(tx, { accountId: 'a1', action: 'test.filler', detail: { i, pad: 'x'.repeat(100) }, createdAt: i });
});
const auditRows = (file: string) => {
  const copy = new Database(file, { readonly: true });
  try {
    return Number(copy.prepare('SELECT count(*) FROM audit_log').pluck().get());
  } finally {
    copy.close();
  }
};

describe('backupDatabase', () => {
  it('copies a database that another connection keeps writing to, and checks the copy', async () => {
    const before = auditRows(source);
    let writes = 0;
    const writer = setInterval(() => {
      writeAudit(db, { accountId: 'a1', action: 'test.concurrent', createdAt: Date.now() });
      writes++;
    }, 1);
    const report = await backupDatabase(source, path.join(dir, 'copy.db'), { force: false }).finally(() =>
      clearInterval(writer),
    );
    assert.deepEqual(report.health.integrity, ['ok']);
    assert.deepEqual(report.health.foreignKeyProblems, []);
    // A consistent snapshot from some moment during the backup: at least what was there before, at most all writes.
    const copied = report.health.tables.find((t) => t.name === 'audit_log')!.rows;
    assert.ok(copied >= before && copied <= before + writes, `${copied} rows`);
    assert.equal(auditRows(report.destination), copied);
    assert.equal(report.bytes, statSync(report.destination).size);
  });

  it('writes one self-contained file readable by its owner only', () => {
    const copy = path.join(dir, 'copy.db');
    assert.equal(statSync(copy).mode & 0o777, 0o600);
    assert.equal(existsSync(`${copy}-wal`), false);
    assert.equal(readFileSync(copy)[18], 1, 'rollback journal, not WAL, in the file header');
    assert.equal(readFileSync(copy).subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
  });

  it('leaves an existing file alone without force, and replaces it with force', async () => {
    const target = path.join(dir, 'existing.db');
    writeFileSync(target, 'keep me');
    await assert.rejects(
      backupDatabase(source, target, { force: false }),
      (error: unknown) => error instanceof BackupError && error.exitCode === 2,
    );
    assert.equal(readFileSync(target, 'utf8'), 'keep me');
    const report = await backupDatabase(source, target, { force: true });
    assert.deepEqual(report.health.integrity, ['ok']);
    assert.ok(auditRows(target) >= 3000);
  });

  it('refuses to write over the live database or its WAL, and to read a database that is not there', async () => {
    for (const target of [source, `${source}-wal`, `${source}-shm`]) {
      await assert.rejects(backupDatabase(source, target, { force: true }), BackupError);
    }
    await assert.rejects(
      backupDatabase(path.join(dir, 'missing.db'), path.join(dir, 'x.db'), { force: false }),
      /no database/,
    );
    await assert.rejects(
      backupDatabase(source, path.join(dir, 'no-such-dir', 'x.db'), { force: false }),
      /does not exist/,
    );
    assert.equal(existsSync(path.join(dir, 'x.db')), false);
    assert.equal(existsSync(path.join(dir, 'missing.db')), false);
  });

  it('refuses a source that is not a sound database and writes nothing', async () => {
    const broken = path.join(dir, 'broken.db');
    writeFileSync(broken, Buffer.alloc(8192, 7));
    await assert.rejects(backupDatabase(broken, path.join(dir, 'from-broken.db'), { force: false }));
    assert.equal(existsSync(path.join(dir, 'from-broken.db')), false);
  });
});
