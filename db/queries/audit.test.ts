import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../index';
import { auditActions, auditEntries, auditPage, writeAudit } from './audit';

// Real SQLite on a temporary file: the queries, their account scoping and their use of the indexes.
const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 10, 12);
let db: Db;

function account(id: string) {
  db.$client.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, 0)').run(id, id);
}

before(() => {
  db = openDatabase(path.join(dir, 'audit.db'));
  account('a');
  account('b');
  db.$client
    .prepare(
      "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES ('ua', 'a', 'ada@example.com', 'x', 'owner', 0)",
    )
    .run();
  db.$client
    .prepare(
      "INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES ('KeyA00000001', 'a', 'ua', 'deploys', x'00', 0)",
    )
    .run();
  db.transaction((tx) => {
    // 300 rows in account a over 3 days, interleaved with rows of account b.
    for (let i = 0; i < 300; i++) {
      writeAudit(tx, {
        accountId: 'a',
        action: i % 3 === 0 ? 'key.revoked' : 'key.created',
        actorUserId: 'ua',
        actorLabel: i % 2 === 0 ? 'ada@example.com' : 'bob_100%@example.com',
        targetKeyId: i % 10 === 0 ? 'KeyA00000001' : null,
        detail: { n: i },
        createdAt: T0 + Math.floor(i / 100) * DAY,
      });
      writeAudit(tx, {
        accountId: 'b',
        action: 'auth.signed_in',
        actorLabel: 'ada@example.com',
        targetKeyId: 'KeyA00000001',
        createdAt: T0,
      });
    }
    writeAudit(tx, {
      accountId: 'a',
      action: 'api.refused',
      actorKeyId: 'KeyA00000001',
      actorLabel: 'key KeyA00000001',
      targetKeyId: 'KeyA00000001',
      createdAt: T0 + 3 * DAY,
    });
  });
});

describe('auditEntries', () => {
  it('returns only the account’s rows, newest first', () => {
    const rows = auditEntries(db, 'a', {}, { limit: 1000 });
    assert.equal(rows.length, 301);
    assert.ok(rows.every((r, i) => i === 0 || r.id < rows[i - 1]!.id));
    assert.equal(rows[0]!.action, 'api.refused');
    assert.equal(auditEntries(db, 'b', {}, { limit: 1000 }).length, 300);
    assert.equal(auditEntries(db, 'nobody', {}, { limit: 10 }).length, 0);
  });

  it('parses detail and joins the target key name only within the account', () => {
    const [row] = auditEntries(db, 'a', { keyId: 'KeyA00000001', action: 'key.created' }, { limit: 1 });
    assert.equal(row!.targetKeyName, 'deploys');
    assert.equal(typeof row!.detail?.n, 'number');
    const [other] = auditEntries(db, 'b', { keyId: 'KeyA00000001' }, { limit: 1 });
    assert.equal(other!.targetKeyName, null);
  });

  it('filters by actor: a substring of the label (wildcards literal), or an exact acting key id', () => {
    assert.equal(auditEntries(db, 'a', { actor: 'ada@' }, { limit: 1000 }).length, 150);
    assert.equal(auditEntries(db, 'a', { actor: '_100%' }, { limit: 1000 }).length, 150);
    assert.equal(auditEntries(db, 'a', { actor: 'b%b' }, { limit: 1000 }).length, 0);
    assert.equal(auditEntries(db, 'a', { actor: 'ADA@EXAMPLE' }, { limit: 1000 }).length, 150);
    assert.deepEqual(
      auditEntries(db, 'a', { actor: 'KeyA00000001' }, { limit: 1000 }).map((r) => r.action),
      ['api.refused'],
    );
  });

  it('filters by action and by key (acting or acted on)', () => {
    assert.equal(auditEntries(db, 'a', { action: 'key.revoked' }, { limit: 1000 }).length, 100);
    assert.equal(auditEntries(db, 'a', { keyId: 'KeyA00000001' }, { limit: 1000 }).length, 31);
    assert.equal(auditEntries(db, 'a', { keyId: 'KeyA00000001', action: 'key.revoked' }, { limit: 1000 }).length, 10);
  });

  it('filters by whole UTC days, both ends included', () => {
    const day = (n: number) => new Date(T0 + n * DAY).toISOString().slice(0, 10);
    assert.equal(auditEntries(db, 'a', { from: day(1), to: day(1) }, { limit: 1000 }).length, 100);
    assert.equal(auditEntries(db, 'a', { from: day(1) }, { limit: 1000 }).length, 201);
    assert.equal(auditEntries(db, 'a', { to: day(0) }, { limit: 1000 }).length, 100);
    assert.equal(auditEntries(db, 'a', { from: day(5) }, { limit: 1000 }).length, 0);
  });

  it('pages by id in both directions without gaps or repeats', () => {
    const all = auditEntries(db, 'a', {}, { limit: 1000 }).map((r) => r.id);
    const seen: number[] = [];
    let page = auditPage(db, 'a', {}, {}, 50);
    assert.equal(page.newer, null);
    for (;;) {
      seen.push(...page.entries.map((r) => r.id));
      if (page.older === null) break;
      page = auditPage(db, 'a', {}, { before: page.older }, 50);
    }
    assert.deepEqual(seen, all);
    // Back up from the last page with "Newer".
    const back = auditPage(db, 'a', {}, { after: page.entries[0]!.id }, 50);
    assert.deepEqual(
      back.entries.map((r) => r.id),
      all.slice(all.length - page.entries.length - 50, all.length - page.entries.length),
    );
    assert.notEqual(back.newer, null);
    assert.notEqual(back.older, null);
  });

  it('clamps the limit', () => {
    assert.equal(auditEntries(db, 'a', {}, { limit: 0 }).length, 1);
    assert.equal(auditEntries(db, 'b', {}, { limit: 10_000 }).length, 300);
  });

  it('reads a page through the account index, without a temporary sort', () => {
    const plan = (query: string, ...args: unknown[]) =>
      (db.$client.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    const page = plan('SELECT id FROM audit_log WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT 51', 'a', 100);
    assert.match(page, /USING (COVERING )?INDEX audit_log_account_id_idx/);
    assert.doesNotMatch(page, /TEMP B-TREE/);
    const byAction = plan(
      'SELECT id FROM audit_log WHERE account_id = ? AND action = ? ORDER BY id DESC LIMIT 51',
      'a',
      'key.revoked',
    );
    assert.match(byAction, /INDEX audit_log_account_action_idx/);
    assert.doesNotMatch(byAction, /TEMP B-TREE/);
  });
});

describe('auditActions', () => {
  it('lists the account’s distinct actions', () => {
    assert.deepEqual(auditActions(db, 'a'), ['api.refused', 'key.created', 'key.revoked']);
    assert.deepEqual(auditActions(db, 'b'), ['auth.signed_in']);
  });
});

describe('user agents', () => {
  // A User-Agent is written by whoever sends the request (no account needed for a leak report or a failed sign-in);
  // Node reads header bytes as latin1, so 0x80-0x9F arrive as C1 controls. Cleaned by the rule names follow.
  const HOSTILE = 'scanner\u009b2J\u0085x \u202eevil\u001b[31m';
  it('are stored and read without control or bidi characters', () => {
    account('c');
    writeAudit(db, {
      accountId: 'c',
      action: 'key.leak_reported',
      actorLabel: 'a reporter',
      userAgent: HOSTILE,
      createdAt: T0,
    });
    db.$client
      .prepare(
        "INSERT INTO audit_log (account_id, action, actor_label, user_agent, created_at) VALUES ('c', 'auth.sign_in_failed', 'x', ?, ?)",
      )
      .run(HOSTILE, T0 + 1);
    const stored = db.$client
      .prepare("SELECT user_agent AS ua FROM audit_log WHERE account_id = 'c' ORDER BY id")
      .all() as { ua: string }[];
    assert.equal(stored[0]!.ua, 'scanner2Jx evil[31m');
    assert.deepEqual(
      auditEntries(db, 'c', {}, { limit: 10 }).map((e) => e.userAgent),
      ['scanner2Jx evil[31m', 'scanner2Jx evil[31m'],
    );
  });
});
