import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '.';
import { insertKey, regenerateKey, revokeKey } from './queries/keys';
import { decideKey, decideNewKey, ownKeys, type Actor } from '../lib/policy/access';
import { createAccountWithOwner } from './queries/users';
import { newToken } from '../lib/keys/token';
import { databaseHealth, isHealthy, keyInvariantViolations } from './health';

// A real database with the committed migrations, changed through the same query functions the server actions use.
const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-health-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const db = openDatabase(path.join(dir, 'health.db'));
const sqlite = db.$client;
const meta = { actorUserId: 'u1', actorLabel: 'owner@example.com', ip: null, userAgent: null };
createAccountWithOwner(db, {
  accountId: 'a1',
  accountName: 'A',
  userId: 'u1',
  email: 'owner@example.com',
  passwordHash: 'x',
  now: 1,
});
createAccountWithOwner(db, {
  accountId: 'a2',
  accountName: 'B',
  userId: 'u2',
  email: 'other@example.com',
  passwordHash: 'x',
  now: 1,
});
const scope = ownKeys('a1', 'u1');
const owner: Actor = { type: 'user', accountId: 'a1', userId: 'u1', role: 'owner', sudo: true };
const key = (name: string, now: number) => {
  const { keyId, secretHash } = newToken('lk');
  insertKey(
    db,
    owner,
    { kind: 'personal', userId: 'u1' },
    { id: keyId, name, secretHash, permission: 'read', resources: null, expiry: () => ({ ok: true, expiresAt: null }) },
    (actor) => decideNewKey(actor, { kind: 'personal', userId: 'u1' }),
    now,
    meta,
  );
  return keyId;
};
const live = key('live', 10);
const revoked = key('revoked', 11);
const rotated = key('rotated', 12);
revokeKey(db, owner, scope, revoked, (k, actor) => decideKey(actor, 'revoke', k), 20, meta);
regenerateKey(
  db,
  owner,
  scope,
  rotated,
  newToken('lk').secretHash,
  '1h',
  (k, actor) => decideKey(actor, 'regenerate', k),
  30,
  meta,
);
regenerateKey(
  db,
  owner,
  scope,
  rotated,
  newToken('lk').secretHash,
  'immediately',
  (k, actor) => decideKey(actor, 'regenerate', k),
  40,
  meta,
);

/** Runs `change` inside a transaction that is rolled back, and returns what the checks saw meanwhile. */
function violationsWith(change: string, ...params: unknown[]) {
  sqlite.exec('SAVEPOINT probe');
  try {
    sqlite.prepare(change).run(...params);
    return keyInvariantViolations(sqlite);
  } finally {
    sqlite.exec('ROLLBACK TO probe; RELEASE probe');
  }
}

describe('databaseHealth', () => {
  it('reports a sound file: integrity ok, no foreign key problems, every table with its row count', () => {
    const health = databaseHealth(sqlite);
    assert.deepEqual(health.integrity, ['ok']);
    assert.deepEqual(health.foreignKeyProblems, []);
    assert.ok(isHealthy(health));
    assert.equal(health.tables.find((t) => t.name === 'api_keys')?.rows, 3);
    assert.ok(health.tables.some((t) => t.name === '__drizzle_migrations'));
  });

  it('reports a dangling reference from foreign_key_check', () => {
    sqlite.pragma('foreign_keys = OFF');
    sqlite.exec('SAVEPOINT probe');
    try {
      sqlite.prepare("UPDATE api_keys SET user_id = 'gone' WHERE id = ?").run(live);
      const health = databaseHealth(sqlite);
      assert.deepEqual(
        health.foreignKeyProblems.map((p) => [p.table, p.parent]),
        [['api_keys', 'users']],
      );
      assert.equal(isHealthy(health), false);
    } finally {
      sqlite.exec('ROLLBACK TO probe; RELEASE probe');
      sqlite.pragma('foreign_keys = ON');
    }
  });
});

describe('keyInvariantViolations', () => {
  it('finds nothing when every change went through the query functions', () => {
    assert.deepEqual(keyInvariantViolations(sqlite), []);
  });

  const flagged = (violations: ReturnType<typeof keyInvariantViolations>, keyId: string) =>
    violations.filter((v) => v.keyIds.includes(keyId)).map((v) => v.invariant);

  it('finds a key inserted without its key.created audit row (half-created)', () => {
    const violations = violationsWith(
      "INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES ('halfhalfhalf', 'a1', 'u1', 'half', x'00', 50)",
    );
    assert.match(flagged(violations, 'halfhalfhalf').join(), /half-created/);
  });

  it('finds a key.created audit row whose key does not exist', () => {
    const violations = violationsWith('DELETE FROM api_keys WHERE id = ?', live);
    assert.match(flagged(violations, live).join(), /does not exist/);
  });

  it('finds a revocation without its audit row, and an audit row without the revocation', () => {
    assert.match(
      flagged(violationsWith('UPDATE api_keys SET revoked_at = NULL WHERE id = ?', revoked), revoked).join(),
      /half-revoked/,
    );
    assert.match(
      flagged(violationsWith('UPDATE api_keys SET revoked_at = 99 WHERE id = ?', live), live).join(),
      /half-revoked/,
    );
  });

  it('finds a regeneration whose audit row is missing or does not match', () => {
    assert.match(
      flagged(violationsWith('UPDATE api_keys SET regenerated_at = 41 WHERE id = ?', rotated), rotated).join(),
      /half-regenerated/,
    );
    assert.match(
      flagged(violationsWith('UPDATE api_keys SET regenerated_at = 41 WHERE id = ?', live), live).join(),
      /half-regenerated/,
    );
  });

  it('finds a key owned across accounts, and a revoked key still holding a previous secret', () => {
    assert.match(
      flagged(violationsWith("UPDATE api_keys SET user_id = 'u2' WHERE id = ?", live), live).join(),
      /another account/,
    );
    assert.match(
      flagged(violationsWith("UPDATE api_keys SET previous_secret_hash = x'01' WHERE id = ?", revoked), revoked).join(),
      /previous secret/,
    );
  });
});
