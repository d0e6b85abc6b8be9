import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { meta, testDatabase } from '../../db/test-fixture';
import { DAY_MS } from '../../lib/keys/expiry';
import type { Actor } from '../../lib/policy/access';
import { dayOf } from '../../lib/usage/buffer';
import { keyDetail, revokeKey } from './keys';

// A key's own page on real SQLite: who may open which key's page (the policy's scope in the SQL, then its decision
// on the row), and that what it shows is this key's, of this account only.

const NOW = Date.UTC(2026, 3, 1, 12);
const t = testDatabase('key-detail');
const { store, run } = t;
after(() => t.close());

const ctx = (actor: Actor) => ({ store, actor, now: NOW, meta });

function account() {
  const a = t.account({ extras: true });
  const ownerKey = t.insertKey(a.id, a.users.owner, { name: 'owner key', created_at: NOW - 40 * DAY_MS });
  const memberKey = t.insertKey(a.id, a.users.member, {
    name: 'member key',
    created_at: NOW - 10 * DAY_MS,
    expires_at: NOW + 80 * DAY_MS,
  });
  const serviceKey = t.insertKey(a.id, a.users.member, {
    kind: 'service',
    user_id: null,
    service_account_id: a.serviceAccountId,
  });
  return { ...a, ownerKey, memberKey, serviceKey };
}

describe('keyDetail: who may open a key page', () => {
  it("'own' opens only the actor's own personal keys, whatever the role", async () => {
    const a = account();
    assert.equal((await keyDetail(ctx(a.actor('member')), a.memberKey, 'own'))?.key.name, 'member key');
    assert.equal((await keyDetail(ctx(a.actor('owner')), a.ownerKey, 'own'))?.key.name, 'owner key');
    // An owner sees every key on the admin page, but Security's page is for their own keys only.
    assert.equal(await keyDetail(ctx(a.actor('owner')), a.memberKey, 'own'), null);
    assert.equal(await keyDetail(ctx(a.actor('member')), a.ownerKey, 'own'), null);
    assert.equal(await keyDetail(ctx(a.actor('admin')), a.serviceKey, 'own'), null);
  });

  it("'admin' opens every key of the account for owners and admins, none for members", async () => {
    const a = account();
    for (const role of ['owner', 'admin'] as const) {
      for (const id of [a.ownerKey, a.memberKey, a.serviceKey]) {
        assert.equal((await keyDetail(ctx(a.actor(role)), id, 'admin'))?.key.id, id, `${role} sees ${id}`);
      }
    }
    for (const id of [a.ownerKey, a.memberKey, a.serviceKey]) {
      assert.equal(await keyDetail(ctx(a.actor('member')), id, 'admin'), null);
    }
  });

  it("another account's key reads like a key that does not exist, in both views", async () => {
    const a = account();
    const b = account();
    for (const view of ['own', 'admin'] as const) {
      assert.equal(await keyDetail(ctx(a.actor('owner')), b.ownerKey, view), null);
      assert.equal(await keyDetail(ctx(a.actor('owner')), b.memberKey, view), null);
      assert.equal(await keyDetail(ctx(a.actor('owner')), 'AAAAAAAAAAAA', view), null);
    }
  });

  it('keys (API callers) open no key page', async () => {
    const a = account();
    const keyActor: Actor = {
      type: 'key',
      accountId: a.id,
      keyId: a.ownerKey,
      owner: { type: 'user', id: a.users.owner, role: 'owner' },
    };
    assert.equal(await keyDetail(ctx(keyActor), a.ownerKey, 'own'), null);
    assert.equal(await keyDetail(ctx(keyActor), a.memberKey, 'admin'), null);
  });
});

describe('keyDetail: what the page shows', () => {
  it('the 30-day usage of this key, oldest first, today last', async () => {
    const a = account();
    const today = dayOf(NOW);
    run(
      'INSERT INTO key_usage_daily (key_id, day, count) VALUES (?, ?, 5), (?, ?, 2), (?, ?, 9)',
      a.memberKey,
      today,
      a.memberKey,
      today - 29,
      a.memberKey,
      today - 30,
    );
    run('INSERT INTO key_usage_daily (key_id, day, count) VALUES (?, ?, 100)', a.ownerKey, today);
    const detail = await keyDetail(ctx(a.actor('member')), a.memberKey, 'own');
    assert.equal(detail?.usage.length, 30);
    assert.equal(detail?.usage[29], 5);
    assert.equal(detail?.usage[0], 2);
    assert.equal(
      detail?.usage.reduce((x, y) => x + y, 0),
      7,
      'the day before the window and other keys do not count',
    );
  });

  it("this key's audit events only, of its own account, newest first", async () => {
    const a = account();
    const b = account();
    assert.deepEqual(await revokeKey(ctx(a.actor('member')), a.memberKey), { ok: true });
    run(
      "INSERT INTO audit_log (account_id, action, actor_key_id, actor_label, created_at) VALUES (?, 'project.created', ?, 'key', ?)",
      a.id,
      a.memberKey,
      NOW - 1000,
    );
    run(
      "INSERT INTO audit_log (account_id, action, target_key_id, actor_label, created_at) VALUES (?, 'key.revoked', ?, 'x', ?)",
      a.id,
      a.ownerKey,
      NOW,
    );
    // Another account's row naming this key id (a forged or colliding row) stays in that account.
    run(
      "INSERT INTO audit_log (account_id, action, target_key_id, actor_label, created_at) VALUES (?, 'key.disabled', ?, 'x', ?)",
      b.id,
      a.memberKey,
      NOW,
    );
    const detail = await keyDetail(ctx(a.actor('member')), a.memberKey, 'own');
    assert.deepEqual(
      detail?.events.map((e) => e.action),
      ['project.created', 'key.revoked'],
    );
    assert.equal(detail?.key.status, 'revoked');
    assert.equal(detail?.key.revokedAt, NOW);
  });

  it("a member sees who acted on their key, but another person's address and User-Agent only if they read the audit log", async () => {
    const a = account();
    const row = (actorUserId: string, label: string) =>
      run(
        "INSERT INTO audit_log (account_id, action, target_key_id, actor_user_id, actor_label, ip, user_agent, created_at) VALUES (?, 'key.disabled', ?, ?, ?, ?, 'Admin-Browser/1', ?)",
        a.id,
        a.memberKey,
        actorUserId,
        label,
        actorUserId === a.users.member ? '192.0.2.1' : '198.51.100.9',
        NOW,
      );
    row(a.users.admin, 'admin@example.com');
    row(a.users.member, 'member@example.com');
    const seen = (await keyDetail(ctx(a.actor('member')), a.memberKey, 'own'))!.events;
    const others = seen.find((e) => e.actorUserId === a.users.admin)!;
    assert.equal(others.actorLabel, 'admin@example.com');
    assert.equal(others.ip, null);
    assert.equal(others.userAgent, null);
    const mine = seen.find((e) => e.actorUserId === a.users.member)!;
    assert.equal(mine.ip, '192.0.2.1');
    // An admin, who reads the audit log anyway, sees it all on the same key's page.
    const asAdmin = (await keyDetail(ctx(a.actor('admin')), a.memberKey, 'admin'))!.events;
    assert.equal(asAdmin.find((e) => e.actorUserId === a.users.admin)?.ip, '198.51.100.9');
  });

  it("the last use's address and User-Agent, the User-Agent without control or text-direction characters", async () => {
    const a = account();
    run(
      'UPDATE api_keys SET last_used_at = ?, last_used_ip = ?, last_used_user_agent = ? WHERE id = ?',
      NOW - 5000,
      '203.0.113.9',
      'curl/8\u202E.5\u0007',
      a.memberKey,
    );
    const key = (await keyDetail(ctx(a.actor('member')), a.memberKey, 'own'))?.key;
    assert.equal(key?.lastUsedAt, NOW - 5000);
    assert.equal(key?.lastUsedIp, '203.0.113.9');
    assert.equal(key?.lastUsedUserAgent, 'curl/8.5');
  });

  it('the cap that shortened the key is returned with it', async () => {
    const a = account();
    run('UPDATE accounts SET max_key_lifetime_days = 30 WHERE id = ?', a.id);
    const detail = await keyDetail(ctx(a.actor('member')), a.memberKey, 'own');
    assert.equal(detail?.cap, 30);
    assert.equal(detail?.key.shortenedByPolicy, true);
    assert.equal(detail?.key.effectiveExpiresAt, NOW - 10 * DAY_MS + 30 * DAY_MS);
  });
});
