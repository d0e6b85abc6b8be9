import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { Actor } from '../../lib/policy/access';
import { createProject, projectInReach, visibleProjects } from './projects';
import { meta, testDatabase } from '../../db/test-fixture';
import { newToken } from '../../lib/keys/token';

// The projects service on a real SQLite file: who creates, who sees which project, and what a refusal leaves.

const t = testDatabase('projects-service');
after(t.close);
const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = (actor: Actor) => ({ store: t.store, actor, now: NOW, meta });
const audits = (accountId: string) =>
  t.one<{ n: number }>(
    "SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = 'project.created'",
    accountId,
  ).n;
const keyOf = (accountId: string, owner: Extract<Actor, { type: 'key' }>['owner']): Actor => ({
  type: 'key',
  accountId,
  keyId: 'k',
  owner,
});

/** A live key of a (member) service account of the account, as the changing transaction reads its actor again. */
function liveServiceKey(accountId: string): Actor {
  const serviceAccountId = randomUUID();
  t.run(
    "INSERT INTO service_accounts (id, account_id, name, role, created_at) VALUES (?, ?, ?, 'member', 0)",
    serviceAccountId,
    accountId,
    serviceAccountId,
  );
  const { keyId, secretHash } = newToken('lk');
  t.run(
    "INSERT INTO api_keys (id, account_id, kind, service_account_id, name, secret_hash, created_at) VALUES (?, ?, 'service', ?, 'k', ?, 0)",
    keyId,
    accountId,
    serviceAccountId,
    secretHash,
  );
  return { type: 'key', accountId, keyId, owner: { type: 'service_account', id: serviceAccountId, role: 'member' } };
}

describe('createProject', () => {
  it('admins (no sudo needed) and unbound keys create projects; names are unique per account', async () => {
    const a = t.account();
    const b = t.account();
    const made = await createProject(ctx(a.actor('admin', false)), { name: 'web' });
    assert.ok(made.ok);
    assert.equal(made.project.name, 'web');
    const byKey = await createProject(ctx(liveServiceKey(a.id)), { name: 'api' });
    assert.ok(byKey.ok);
    assert.deepEqual(await createProject(ctx(a.actor('owner')), { name: 'web' }), { ok: false, reason: 'name_taken' });
    // Another account may use the same name.
    assert.ok((await createProject(ctx(b.actor('owner')), { name: 'web' })).ok);
    assert.equal(t.count('projects', a.id), 2);
    assert.equal(audits(a.id), 2);
  });

  it('a member, a project-bound key and a token holder are refused and leave no project and no audit row', async () => {
    const a = t.account();
    const refused: Actor[] = [
      a.actor('member'),
      keyOf(a.id, { type: 'project', id: randomUUID() }),
      { type: 'token_holder', accountId: a.id, keyId: 'k' },
    ];
    for (const actor of refused)
      assert.deepEqual(await createProject(ctx(actor), { name: 'x' }), { ok: false, reason: 'forbidden' });
    assert.equal(t.count('projects', a.id), 0);
    assert.equal(audits(a.id), 0);
  });
});

describe('visibleProjects and projectInReach', () => {
  it("a bound key reaches only its project; others the account's, never another account's", async () => {
    const a = t.account();
    const b = t.account();
    const one = await createProject(ctx(a.actor('owner')), { name: 'b-one' });
    const two = await createProject(ctx(a.actor('owner')), { name: 'a-two' });
    const foreign = await createProject(ctx(b.actor('owner')), { name: 'foreign' });
    assert.ok(one.ok && two.ok && foreign.ok);
    const bound = keyOf(a.id, { type: 'project', id: one.project.id });
    assert.deepEqual(
      (await visibleProjects(ctx(bound))).map((p) => p.name),
      ['b-one'],
    );
    assert.deepEqual(
      (await visibleProjects(ctx(a.actor('member')))).map((p) => p.name),
      ['a-two', 'b-one'],
    );
    assert.equal((await projectInReach(ctx(bound), one.project.id))?.name, 'b-one');
    assert.equal(await projectInReach(ctx(bound), two.project.id), null);
    assert.equal(await projectInReach(ctx(a.actor('owner')), foreign.project.id), null);
    assert.deepEqual(await visibleProjects(ctx({ type: 'token_holder', accountId: a.id, keyId: 'k' })), []);
  });
});
