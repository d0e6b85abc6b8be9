import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { openDatabase, type Db } from '../../db';
import { createSqliteStore } from '../../db/sqlite-store';
import type { Store } from '../../db/store';
import { meta, testDatabase } from '../../db/test-fixture';
import { KEY_OPERATIONS, keyScope, scopeIncludes, type Actor } from '../../lib/policy/access';
import { issueKey, regenerateKey, revokeKey, setKeyEnabled, visibleKeys } from './keys';
import { removeMember } from './members';

// The keys service on real SQLite files: the policy is applied to the rows the store reads, a failing transaction
// leaves nothing behind, and concurrent requests (on one connection and on two, as two processes would) cannot break
// what the checks guard.

const NOW = Date.UTC(2026, 3, 1, 12);
const t = testDatabase('keys-service');
const { db, store, run, one } = t;
let second: Db;
let otherStore: Store;

/** A fresh account (db/test-fixture.ts) with a service account and a project, and a way to add keys to it. */
function account() {
  const a = t.account({ maxOrganizationKeys: 3, extras: true });
  const key = (
    fields: {
      kind?: string;
      user_id?: string | null;
      service_account_id?: string | null;
      project_id?: string | null;
    } = {},
  ) => {
    return t.insertKey(a.id, a.users.member, { created_at: NOW - 1000, ...fields });
  };
  return { ...a, key };
}

const ctx = (actor: Actor, s = store) => ({ store: s, actor, now: NOW, meta });
const hashOf = (keyId: string) => one<{ h: Buffer }>('SELECT secret_hash AS h FROM api_keys WHERE id = ?', keyId).h;
const auditCount = (action: string, keyId?: string) =>
  one<{ n: number }>(
    'SELECT count(*) AS n FROM audit_log WHERE action = ? AND (? IS NULL OR target_key_id = ?)',
    action,
    keyId ?? null,
    keyId ?? null,
  ).n;

before(() => {
  second = openDatabase(t.file);
  otherStore = createSqliteStore(second);
});
after(() => {
  second.$client.close();
  t.close();
});

describe('the keys service applies the policy to the row it changes', () => {
  it("a stale session changes no shared key and gets 'reauth'; a fresh one does", async () => {
    const a = account();
    const service = a.key({ kind: 'service', user_id: null, service_account_id: a.serviceAccountId });
    assert.deepEqual(await revokeKey(ctx(a.actor('admin', false)), service), { ok: false, reason: 'reauth' });
    assert.deepEqual(await setKeyEnabled(ctx(a.actor('admin', false)), { keyId: service, enabled: false }), {
      ok: false,
      reason: 'reauth',
    });
    assert.equal(one<{ r: number | null }>('SELECT revoked_at AS r FROM api_keys WHERE id = ?', service).r, null);
    assert.deepEqual(await revokeKey(ctx(a.actor('admin', true)), service), { ok: true });
  });

  it("nobody regenerates another person's key: not found, even for an owner", async () => {
    const a = account();
    const personal = a.key();
    const before = hashOf(personal);
    assert.deepEqual(await regenerateKey(ctx(a.actor('owner')), 'lk', { keyId: personal, grace: 'immediately' }), {
      ok: false,
      reason: 'not_found',
    });
    assert.deepEqual(hashOf(personal), before);
    const own = await regenerateKey(ctx(a.actor('member', false)), 'lk', { keyId: personal, grace: 'immediately' });
    assert.equal(own.ok, true, 'a member rotates their own key without the password');
  });

  it("another account's key is not found, whatever the role", async () => {
    const a = account();
    const b = account();
    const theirs = b.key({ user_id: b.users.member });
    for (const result of [
      await revokeKey(ctx(a.actor('owner')), theirs),
      await setKeyEnabled(ctx(a.actor('owner')), { keyId: theirs, enabled: false }),
      await regenerateKey(ctx(a.actor('owner')), 'lk', { keyId: theirs, grace: 'immediately' }),
    ]) {
      assert.deepEqual(result, { ok: false, reason: 'not_found' });
    }
    assert.equal(
      auditCount('key.revoked', theirs) + auditCount('key.disabled', theirs) + auditCount('key.regenerated', theirs),
      0,
    );
  });

  it('what the SQL of each scope selects is exactly what the policy reaches, for every actor and operation', async () => {
    const a = account();
    const b = account();
    const keys = [
      a.key({ user_id: a.users.owner }),
      a.key({ user_id: a.users.member }),
      a.key({ kind: 'service', user_id: null, service_account_id: a.serviceAccountId }),
      a.key({ kind: 'organization', user_id: null, project_id: a.projectId }),
      b.key({ user_id: b.users.member }),
    ];
    const rows = db.$client
      .prepare(
        `SELECT id, account_id AS accountId, kind, user_id AS userId, service_account_id AS serviceAccountId FROM api_keys WHERE id IN (${keys.map(() => '?').join(',')})`,
      )
      .all(...keys) as {
      id: string;
      accountId: string;
      kind: 'personal' | 'service' | 'organization';
      userId: string | null;
      serviceAccountId: string | null;
    }[];
    const actors: Actor[] = [
      a.actor('member'),
      a.actor('admin'),
      a.actor('owner'),
      { type: 'key', accountId: a.id, keyId: keys[1]!, owner: { type: 'user', id: a.users.member, role: 'member' } },
      {
        type: 'key',
        accountId: a.id,
        keyId: keys[2]!,
        owner: { type: 'service_account', id: a.serviceAccountId, role: 'member' },
      },
      { type: 'key', accountId: a.id, keyId: keys[3]!, owner: { type: 'project', id: a.projectId } },
      { type: 'token_holder', accountId: a.id, keyId: keys[1]! },
    ];
    for (const actor of actors) {
      for (const op of KEY_OPERATIONS) {
        const scope = keyScope(actor, op);
        if (!scope) continue;
        const selected = (await store.keysInScope(scope, NOW)).map((k) => k.id).filter((id) => keys.includes(id));
        const reached = rows.filter((row) => scopeIncludes(scope, row)).map((row) => row.id);
        assert.deepEqual(
          new Set(selected),
          new Set(reached),
          `${actor.type} ${'role' in actor ? actor.role : ''} ${op}`,
        );
      }
    }
    assert.deepEqual(
      (await visibleKeys(ctx(a.actor('member')))).map((k) => k.id),
      [keys[1]],
    );
  });
});

describe('a failing transaction leaves nothing behind', () => {
  it('an audit row that cannot be written undoes the regeneration, the revocation and the new key', async () => {
    const a = account();
    const keyId = a.key();
    const before = hashOf(keyId);
    run(
      `CREATE TRIGGER audit_down BEFORE INSERT ON audit_log WHEN NEW.account_id = '${a.id}' BEGIN SELECT RAISE(ABORT, 'audit down'); END`,
    );
    try {
      await assert.rejects(regenerateKey(ctx(a.actor('member')), 'lk', { keyId, grace: '24h' }), /audit down/);
      await assert.rejects(revokeKey(ctx(a.actor('member')), keyId), /audit down/);
      await assert.rejects(
        issueKey(
          ctx(a.actor('admin')),
          'lk',
          { kind: 'organization', projectId: a.projectId },
          { name: 'org', expiration: '30', permission: 'read', resources: [] },
        ),
        /audit down/,
      );
      await assert.rejects(
        removeMember(ctx(a.actor('owner')), {
          userId: a.users.member,
          plan: { keys: 'move-new', newServiceAccountId: randomUUID() },
        }),
        /audit down/,
      );
    } finally {
      run('DROP TRIGGER audit_down');
    }
    const row = one<{ h: Buffer; prev: Buffer | null; revoked: number | null; kind: string }>(
      'SELECT secret_hash AS h, previous_secret_hash AS prev, revoked_at AS revoked, kind FROM api_keys WHERE id = ?',
      keyId,
    );
    assert.deepEqual(row, { h: before, prev: null, revoked: null, kind: 'personal' });
    assert.equal(
      one<{ n: number }>("SELECT count(*) AS n FROM api_keys WHERE account_id = ? AND kind = 'organization'", a.id).n,
      0,
    );
    assert.equal(one<{ n: number }>('SELECT count(*) AS n FROM service_accounts WHERE account_id = ?', a.id).n, 1);
    assert.equal(one<{ n: number }>('SELECT count(*) AS n FROM users WHERE id = ?', a.users.member).n, 1);
    assert.equal(one<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE account_id = ?', a.id).n, 0);
  });
});

describe('concurrent requests', () => {
  it('twelve organization keys asked for at once, on two connections, under a limit of three: three are issued', async () => {
    const a = account();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        issueKey(
          ctx(a.actor('admin'), i % 2 ? otherStore : store),
          'lk',
          { kind: 'organization', projectId: a.projectId },
          {
            name: `org ${i}`,
            expiration: '30',
            permission: 'read',
            resources: [],
          },
        ),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 3);
    assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'limit_reached'));
    assert.equal(
      one<{ n: number }>("SELECT count(*) AS n FROM api_keys WHERE account_id = ? AND kind = 'organization'", a.id).n,
      3,
    );
    assert.equal(
      one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = 'key.created'", a.id).n,
      3,
    );
  });

  it('one key revoked, regenerated and offboarded at once: each operation runs whole, in the order it was called', async () => {
    // The SQLite store runs each operation as one synchronous transaction, so operations started together never
    // interleave inside: each sees the state the previous one left, whichever connection it uses.
    const a = account();
    const keyId = a.key();
    const member = a.actor('member');
    const results = await Promise.all([
      regenerateKey(ctx(member), 'lk', { keyId, grace: '1h' }),
      revokeKey(ctx(member, otherStore), keyId),
      regenerateKey(ctx(member, otherStore), 'lk', { keyId, grace: 'immediately' }),
      revokeKey(ctx(a.actor('admin')), keyId),
      removeMember(ctx(a.actor('owner'), otherStore), {
        userId: a.users.member,
        plan: { keys: 'move', serviceAccountId: a.serviceAccountId },
      }),
    ]);
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.reason)),
      ['ok', 'ok', 'revoked', 'revoked', 'ok'],
    );
    assert.deepEqual(results[4], { ok: true, moved: 0 }, 'nothing live was left to move');
    assert.equal(auditCount('key.regenerated', keyId), 1);
    assert.equal(auditCount('key.revoked', keyId), 1);
    assert.equal(auditCount('key.moved', keyId), 0);
  });

  // Four threads, each with its own connection to the file (as four processes would have), issuing keys at once.
  async function inFourThreads(a: ReturnType<typeof account>, kind: 'personal' | 'organization', attempts: number) {
    const threads = Array.from(
      { length: 4 },
      () =>
        new Promise<string[]>((resolve, reject) => {
          // A worker does not inherit the TypeScript loader: register it, then load the worker's module.
          const worker = new Worker(
            `require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'issue-worker.ts'))});`,
            {
              eval: true,
              execArgv: ['--conditions=react-server'],
              workerData: {
                file: t.file,
                accountId: a.id,
                userId: a.users.admin,
                projectId: a.projectId,
                attempts,
                kind,
              },
            },
          );
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    );
    return (await Promise.all(threads)).flat();
  }

  it('four threads issuing organization keys at once under a limit of three: exactly three are issued', async () => {
    const a = account();
    const outcomes = await inFourThreads(a, 'organization', 5);
    assert.deepEqual(
      outcomes.filter((o) => o !== 'ok' && o !== 'limit_reached'),
      [],
      'every refusal is the limit',
    );
    assert.equal(outcomes.filter((o) => o === 'ok').length, 3);
    assert.equal(
      one<{ n: number }>("SELECT count(*) AS n FROM api_keys WHERE account_id = ? AND kind = 'organization'", a.id).n,
      3,
    );
    assert.equal(
      one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = 'key.created'", a.id).n,
      3,
    );
  });

  it('four threads writing at once never see a busy database: a check-then-write transaction takes the write lock first', async () => {
    const a = account();
    const outcomes = await inFourThreads(a, 'personal', 60);
    assert.deepEqual(
      outcomes.filter((o) => o !== 'ok'),
      [],
    );
    assert.equal(
      one<{ n: number }>('SELECT count(*) AS n FROM api_keys WHERE account_id = ? AND user_id = ?', a.id, a.users.admin)
        .n,
      240,
    );
  });
});
