import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { meta, testDatabase } from '../../db/test-fixture';
import type { Actor } from '../../lib/policy/access';
import { deleteProject, renameProject } from './projects';
import {
  createServiceAccount,
  deleteServiceAccount,
  renameServiceAccount,
  serviceAccountPage,
} from './service-accounts';

// Renaming and deleting service accounts and projects on real SQLite files: names that identify stay unique, a
// deletion revokes the keys it owned in the same transaction as its audit rows, and the policy decides on the actor as
// read inside that transaction.

const t = testDatabase('rename-delete');
after(t.close);
const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = (actor: Actor) => ({ store: t.store, actor, now: NOW, meta });
const audit = (accountId: string, action: string) =>
  t.one<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = ?', accountId, action).n;
const nameOf = (table: string, id: string) =>
  t.one<{ name: string } | undefined>(`SELECT name FROM ${table} WHERE id = ?`, id)?.name;

function account() {
  const a = t.account({ extras: true });
  const serviceKey = (fields: Record<string, unknown> = {}) =>
    t.insertKey(a.id, a.users.owner, {
      kind: 'service',
      user_id: null,
      service_account_id: a.serviceAccountId,
      ...fields,
    });
  const orgKey = (fields: Record<string, unknown> = {}) =>
    t.insertKey(a.id, a.users.owner, { kind: 'organization', user_id: null, project_id: a.projectId, ...fields });
  return { ...a, serviceKey, orgKey };
}

describe('service account names identify them', () => {
  it('a second service account with a name already taken is refused, and nothing is written', async () => {
    const a = account();
    const input = { name: 'bot', role: 'member' as const, description: '' };
    assert.deepEqual(await createServiceAccount(ctx(a.actor('admin')), input), { ok: false, reason: 'name_taken' });
    assert.equal(t.count('service_accounts', a.id), 1);
    assert.equal(audit(a.id, 'service_account.created'), 0);
    // Another account may use the name.
    const b = account();
    assert.ok((await createServiceAccount(ctx(b.actor('admin')), { ...input, name: 'deployer' })).ok);
    assert.ok((await createServiceAccount(ctx(a.actor('admin')), { ...input, name: 'deployer' })).ok);
  });

  it('rename: to a free name with its audit row; to a taken name refused; to its own name a no-op', async () => {
    const a = account();
    const other = await createServiceAccount(ctx(a.actor('admin')), { name: 'etl', role: 'member', description: '' });
    assert.ok(other.ok);
    const rename = (name: string, id = a.serviceAccountId) => renameServiceAccount(ctx(a.actor('admin')), { id, name });
    assert.deepEqual(await rename('etl'), { ok: false, reason: 'name_taken' });
    assert.equal(nameOf('service_accounts', a.serviceAccountId), 'bot');
    assert.deepEqual(await rename('bot'), { ok: true });
    assert.equal(audit(a.id, 'service_account.renamed'), 0);
    assert.deepEqual(await rename('deploy bot'), { ok: true });
    assert.equal(nameOf('service_accounts', a.serviceAccountId), 'deploy bot');
    assert.equal(audit(a.id, 'service_account.renamed'), 1);
    // The audit log names it by its new name, and says what it was called before.
    const detail = t.one<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE account_id = ? AND action = 'service_account.renamed'",
      a.id,
    ).detail;
    assert.deepEqual(JSON.parse(detail), {
      serviceAccountId: a.serviceAccountId,
      name: 'deploy bot',
      from: 'bot',
      to: 'deploy bot',
    });
    const b = account();
    assert.deepEqual(await renameServiceAccount(ctx(b.actor('owner')), { id: a.serviceAccountId, name: 'x' }), {
      ok: false,
      reason: 'not_found',
    });
  });
});

describe('deleting a service account', () => {
  it('revokes its live keys, each with an audit row, then deletes it; the keys stop working', async () => {
    const a = account();
    const live = [a.serviceKey(), a.serviceKey()];
    a.serviceKey({ revoked_at: NOW - 1 });
    const personal = t.insertKey(a.id, a.users.owner);
    assert.deepEqual(await deleteServiceAccount(ctx(a.actor('admin')), a.serviceAccountId), { ok: true, revoked: 2 });
    assert.equal(nameOf('service_accounts', a.serviceAccountId), undefined);
    assert.equal(audit(a.id, 'key.revoked'), 2);
    assert.equal(audit(a.id, 'service_account.deleted'), 1);
    for (const id of live) assert.equal(nameOf('api_keys', id), undefined, 'its keys go with it');
    assert.equal(nameOf('api_keys', personal), 'k', 'other keys stay');
  });

  it('is refused to members, to a stale session (reauth), and across accounts; refusals change nothing', async () => {
    const a = account();
    const b = account();
    const key = a.serviceKey();
    assert.deepEqual(await deleteServiceAccount(ctx(a.actor('member')), a.serviceAccountId), {
      ok: false,
      reason: 'forbidden',
    });
    assert.deepEqual(await deleteServiceAccount(ctx(a.actor('admin', false)), a.serviceAccountId), {
      ok: false,
      reason: 'reauth',
    });
    assert.deepEqual(await deleteServiceAccount(ctx(b.actor('owner')), a.serviceAccountId), {
      ok: false,
      reason: 'not_found',
    });
    assert.equal(nameOf('service_accounts', a.serviceAccountId), 'bot');
    assert.equal(t.one<{ r: number | null }>('SELECT revoked_at AS r FROM api_keys WHERE id = ?', key).r, null);
  });

  it('an admin demoted after the request was built is refused inside the transaction', async () => {
    const a = account();
    a.serviceKey();
    t.run("UPDATE users SET role = 'member' WHERE id = ?", a.users.admin);
    assert.deepEqual(await deleteServiceAccount(ctx(a.actor('admin')), a.serviceAccountId), {
      ok: false,
      reason: 'forbidden',
    });
    assert.equal(nameOf('service_accounts', a.serviceAccountId), 'bot');
  });

  it('one key the decision refuses stops the whole deletion: nothing revoked, nothing deleted', async () => {
    const a = account();
    const keys = [a.serviceKey(), a.serviceKey()];
    const result = await t.store.deleteServiceAccount(
      a.actor('owner'),
      a.serviceAccountId,
      () => ({ allowed: true, sudo: true }),
      (key) =>
        key.id === keys[1] ? { allowed: false, reason: 'forbidden', sudo: false } : { allowed: true, sudo: false },
      NOW,
      meta,
    );
    assert.deepEqual(result, { ok: false, reason: 'forbidden' });
    assert.equal(audit(a.id, 'key.revoked'), 0);
    assert.equal(
      t.one<{ n: number }>('SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NOT NULL AND account_id = ?', a.id)
        .n,
      0,
    );
    assert.equal(nameOf('service_accounts', a.serviceAccountId), 'bot');
  });
});

describe('serviceAccountPage', () => {
  it('owners and admins read one service account of their account with its keys; nobody else', async () => {
    const a = account();
    const b = account();
    const key = a.serviceKey();
    const page = await serviceAccountPage(ctx(a.actor('admin')), a.serviceAccountId);
    assert.equal(page?.serviceAccount.name, 'bot');
    assert.deepEqual(
      page?.keys.map((k) => k.id),
      [key],
    );
    assert.equal(page?.usage[key]?.length, 30);
    assert.equal(await serviceAccountPage(ctx(a.actor('member')), a.serviceAccountId), null);
    assert.equal(await serviceAccountPage(ctx(b.actor('owner')), a.serviceAccountId), null);
  });
});

describe('projects: rename and delete', () => {
  it('rename refuses a name another project of the account has, and writes its audit row otherwise', async () => {
    const a = account();
    t.run("INSERT INTO projects (id, account_id, name, created_at) VALUES ('p2-' || ?, ?, 'website', 0)", a.id, a.id);
    const rename = (name: string) => renameProject(ctx(a.actor('admin')), { id: a.projectId, name });
    assert.deepEqual(await rename('website'), { ok: false, reason: 'name_taken' });
    assert.equal(nameOf('projects', a.projectId), 'p');
    assert.deepEqual(await rename('billing'), { ok: true });
    assert.equal(nameOf('projects', a.projectId), 'billing');
    assert.equal(audit(a.id, 'project.renamed'), 1);
    assert.deepEqual(await renameProject(ctx(a.actor('member')), { id: a.projectId, name: 'x' }), {
      ok: false,
      reason: 'forbidden',
    });
  });

  it('delete revokes its live organization keys with audit rows, then deletes it; refused to members and stale sessions', async () => {
    const a = account();
    a.orgKey();
    a.orgKey({ revoked_at: NOW - 1 });
    assert.deepEqual(await deleteProject(ctx(a.actor('member')), a.projectId), { ok: false, reason: 'forbidden' });
    assert.deepEqual(await deleteProject(ctx(a.actor('admin', false)), a.projectId), { ok: false, reason: 'reauth' });
    assert.equal(nameOf('projects', a.projectId), 'p');
    assert.deepEqual(await deleteProject(ctx(a.actor('admin')), a.projectId), { ok: true, revoked: 1 });
    assert.equal(nameOf('projects', a.projectId), undefined);
    assert.equal(audit(a.id, 'key.revoked'), 1);
    assert.equal(audit(a.id, 'project.deleted'), 1);
    assert.equal(
      t.one<{ n: number }>("SELECT count(*) AS n FROM api_keys WHERE kind = 'organization' AND account_id = ?", a.id).n,
      0,
    );
    assert.deepEqual(await deleteProject(ctx(a.actor('admin')), a.projectId), { ok: false, reason: 'not_found' });
  });
});
