import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { newToken } from '../../lib/keys/token';
import type { Actor } from '../../lib/policy/access';
import type { Role } from '../../lib/types';
import { createInvitation } from './invitations';
import { changeRole, removeMember, unlockSignIn } from './members';
import { meta, testDatabase } from '../../db/test-fixture';

// The members service on a real SQLite file: the policy's refusals on the member as read in the transaction, the
// account's last owner, the audit rows of a change, and offboarding's keys handled in the transaction that removes.

const t = testDatabase('members-service');
after(t.close);
const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = (actor: Actor) => ({ store: t.store, actor, now: NOW, meta });
const emailOf = (userId: string) => `${userId}@example.com`;
const auditOf = (accountId: string, action?: string) =>
  t.one<{ n: number }>(
    'SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND (? IS NULL OR action = ?)',
    accountId,
    action ?? null,
    action ?? null,
  ).n;
const roleOf = (userId: string) =>
  t.one<{ role: Role } | undefined>('SELECT role FROM users WHERE id = ?', userId)?.role;

type Account = ReturnType<typeof t.account>;

/** A live personal key of `userId`; its stored hash, to show a moved key keeps its secret. */
function personalKey(a: Account, userId: string, revokedAt: number | null = null) {
  const { keyId, secretHash } = newToken('lk');
  t.run(
    "INSERT INTO api_keys (id, account_id, kind, user_id, name, secret_hash, created_at, revoked_at) VALUES (?, ?, 'personal', ?, 'k', ?, ?, ?)",
    keyId,
    a.id,
    userId,
    secretHash,
    NOW - 1000,
    revokedAt,
  );
  return { keyId, secretHash };
}

function serviceAccount(a: Account) {
  const id = randomUUID();
  t.run(
    "INSERT INTO service_accounts (id, account_id, name, role, created_at) VALUES (?, ?, 'bot', 'member', 0)",
    id,
    a.id,
  );
  return id;
}

/** Seven failed sign-ins and a lock for `userId`. */
function failures(userId: string) {
  t.run(
    'INSERT INTO sign_in_failures (email, failures, last_failure_at, locked_until) VALUES (?, 7, ?, ?)',
    emailOf(userId),
    NOW - 1000,
    NOW + 60_000,
  );
}

/** Everything a member operation could change in one account, to show a refusal changed nothing. */
function snapshot(a: Account) {
  const all = (sql: string) => t.db.$client.prepare(sql).all(a.id);
  return {
    users: all('SELECT id, role FROM users WHERE account_id = ? ORDER BY id'),
    keys: all(
      'SELECT id, kind, user_id, service_account_id, revoked_at, secret_hash FROM api_keys WHERE account_id = ? ORDER BY id',
    ),
    serviceAccounts: all('SELECT id FROM service_accounts WHERE account_id = ? ORDER BY id'),
    invitations: all('SELECT id, revoked_at FROM invitations WHERE account_id = ? ORDER BY id'),
    failures: all(
      'SELECT f.email, f.failures FROM sign_in_failures f JOIN users u ON u.email = f.email WHERE u.account_id = ? ORDER BY f.email',
    ),
    audit: all('SELECT id FROM audit_log WHERE account_id = ?'),
  };
}

/** Every member operation `actor` might try on `userId`, as what each returned. */
async function everything(actor: Actor, a: Account, userId: string) {
  const sa = serviceAccount(a);
  const results = [
    await changeRole(ctx(actor), { userId, role: 'member' }),
    await changeRole(ctx(actor), { userId, role: 'admin' }),
    await changeRole(ctx(actor), { userId, role: 'owner' }),
    await removeMember(ctx(actor), { userId, plan: { keys: 'revoke' } }),
    await removeMember(ctx(actor), { userId, plan: { keys: 'move', serviceAccountId: sa } }),
    await removeMember(ctx(actor), { userId, plan: { keys: 'move-new', newServiceAccountId: randomUUID() } }),
    await unlockSignIn(ctx(actor), userId),
  ];
  return results.map((r) => (r.ok ? 'ok' : r.reason));
}

/** Each member of a fresh account with a key and failed sign-ins, so there is something to change. */
function seeded() {
  const a = t.account();
  for (const role of ['owner', 'admin', 'member'] as const) {
    personalKey(a, a.users[role]);
    failures(a.users[role]);
  }
  return a;
}

describe('refusals change nothing and write no audit row', () => {
  it('a member, an API key (even an owner’s) and a leak reporter are forbidden everything', async () => {
    const a = seeded();
    const refused: [string, Actor][] = [
      ['member, fresh', a.actor('member')],
      ['member, stale', a.actor('member', false)],
      [
        "owner's key",
        { type: 'key', accountId: a.id, keyId: 'k', owner: { type: 'user', id: a.users.owner, role: 'owner' } },
      ],
      [
        'admin service key',
        { type: 'key', accountId: a.id, keyId: 'k', owner: { type: 'service_account', id: 'sa', role: 'admin' } },
      ],
      ['leak reporter', { type: 'token_holder', accountId: a.id, keyId: 'k' }],
    ];
    const before = snapshot(a);
    for (const [name, actor] of refused)
      for (const role of ['owner', 'admin', 'member'] as const) {
        const sa = serviceAccount(a);
        const target = a.users[role];
        assert.deepEqual(
          [
            await changeRole(ctx(actor), { userId: target, role: 'admin' }),
            await removeMember(ctx(actor), { userId: target, plan: { keys: 'revoke' } }),
            await removeMember(ctx(actor), { userId: target, plan: { keys: 'move', serviceAccountId: sa } }),
            await unlockSignIn(ctx(actor), target),
          ].map((r) => (r.ok ? 'ok' : r.reason)),
          ['forbidden', 'forbidden', 'forbidden', 'forbidden'],
          `${name} on the ${role}`,
        );
        t.run('DELETE FROM service_accounts WHERE id = ?', sa);
      }
    assert.deepEqual(snapshot(a), before);
    assert.equal(auditOf(a.id), 0);
  });

  it('an admin may not demote, remove or unlock the owner, touch another admin, or make anyone an admin', async () => {
    const a = seeded();
    const second = randomUUID();
    t.run(
      "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'admin', 0)",
      second,
      a.id,
      emailOf(second),
    );
    const before = snapshot(a);
    const admin = a.actor('admin');
    const O = 'owner_required';
    // Setting the owner's current role is a no-op the policy lets an admin ask for.
    assert.deepEqual(await everything(admin, a, a.users.owner), [O, O, 'ok', O, O, O, O]);
    assert.deepEqual(await everything(admin, a, second), [O, 'ok', O, O, O, O, O]);
    for (const role of ['admin', 'owner'] as const)
      assert.deepEqual(await changeRole(ctx(admin), { userId: a.users.member, role }), { ok: false, reason: O });
    t.run('DELETE FROM service_accounts WHERE account_id = ?', a.id);
    assert.deepEqual(snapshot(a), before);
    assert.equal(roleOf(a.users.owner), 'owner');
    assert.equal(auditOf(a.id), 0);
  });

  it("owners and admins without sudo mode get 'reauth' for every operation on every member", async () => {
    const a = seeded();
    const before = snapshot(a);
    for (const role of ['owner', 'admin'] as const)
      for (const target of ['owner', 'admin', 'member'] as const)
        assert.deepEqual(
          await everything(a.actor(role, false), a, a.users[target]),
          Array(7).fill('reauth'),
          `${role} without sudo on the ${target}`,
        );
    t.run('DELETE FROM service_accounts WHERE account_id = ?', a.id);
    assert.deepEqual(snapshot(a), before);
    assert.equal(auditOf(a.id), 0);
  });

  it("another account's member, and an unknown id, are not found, even by an owner", async () => {
    const a = seeded();
    const b = seeded();
    const before = [snapshot(a), snapshot(b)];
    assert.deepEqual(await everything(a.actor('owner'), a, b.users.member), Array(7).fill('not_found'));
    assert.deepEqual(await everything(a.actor('owner'), a, randomUUID()), Array(7).fill('not_found'));
    t.run('DELETE FROM service_accounts WHERE account_id = ?', a.id);
    assert.deepEqual([snapshot(a), snapshot(b)], before);
  });

  it('the last owner can be neither demoted nor removed; with a second owner, one can', async () => {
    const a = seeded();
    const before = snapshot(a);
    const owner = a.actor('owner');
    assert.deepEqual(await changeRole(ctx(owner), { userId: a.users.owner, role: 'admin' }), {
      ok: false,
      reason: 'last_owner',
    });
    assert.deepEqual(await removeMember(ctx(owner), { userId: a.users.owner, plan: { keys: 'revoke' } }), {
      ok: false,
      reason: 'last_owner',
    });
    assert.deepEqual(snapshot(a), before);
    assert.deepEqual(await changeRole(ctx(owner), { userId: a.users.admin, role: 'owner' }), {
      ok: true,
      changed: true,
    });
    assert.deepEqual(await changeRole(ctx(owner), { userId: a.users.owner, role: 'member' }), {
      ok: true,
      changed: true,
    });
    assert.equal(roleOf(a.users.owner), 'member');
    assert.equal(auditOf(a.id, 'member.role_changed'), 2);
  });
});

describe('changeRole', () => {
  it('a role change writes exactly one audit row, saying who went from what to what; a no-op writes none', async () => {
    const a = t.account();
    assert.deepEqual(await changeRole(ctx(a.actor('owner')), { userId: a.users.member, role: 'admin' }), {
      ok: true,
      changed: true,
    });
    assert.equal(roleOf(a.users.member), 'admin');
    // Setting a member's current role is allowed and changes nothing.
    assert.deepEqual(await changeRole(ctx(a.actor('owner')), { userId: a.users.member, role: 'admin' }), {
      ok: true,
      changed: false,
    });
    const rows = t.db.$client.prepare('SELECT action, detail FROM audit_log WHERE account_id = ?').all(a.id) as {
      action: string;
      detail: string;
    }[];
    assert.deepEqual(
      rows.map((r) => ({ action: r.action, detail: JSON.parse(r.detail) as unknown })),
      [
        {
          action: 'member.role_changed',
          detail: { userId: a.users.member, email: emailOf(a.users.member), from: 'member', to: 'admin' },
        },
      ],
    );
  });

  it('a demotion revokes the pending invitations the member may no longer grant, with a row for each', async () => {
    const a = t.account();
    const invited = await createInvitation(ctx(a.actor('admin')), { role: 'member' });
    assert.ok(invited.ok);
    const before = auditOf(a.id);
    assert.deepEqual(await changeRole(ctx(a.actor('owner')), { userId: a.users.admin, role: 'member' }), {
      ok: true,
      changed: true,
    });
    assert.equal(auditOf(a.id) - before, 2);
    assert.equal(auditOf(a.id, 'member.role_changed'), 1);
    assert.equal(auditOf(a.id, 'invitation.revoked'), 1);
    assert.equal(
      t.one<{ r: number | null }>('SELECT revoked_at AS r FROM invitations WHERE id = ?', invited.invitationId).r,
      NOW,
    );
  });
});

describe('removeMember', () => {
  it("revokes the member's live keys, removes them, and audits each key and the removal", async () => {
    const a = t.account();
    const live = [personalKey(a, a.users.member), personalKey(a, a.users.member)];
    personalKey(a, a.users.member, NOW - 500);
    const others = personalKey(a, a.users.admin);
    assert.deepEqual(await removeMember(ctx(a.actor('admin')), { userId: a.users.member, plan: { keys: 'revoke' } }), {
      ok: true,
      revoked: 2,
    });
    assert.equal(roleOf(a.users.member), undefined);
    // The revoked keys go with the user; nothing stays owned by them.
    assert.equal(t.one<{ n: number }>('SELECT count(*) AS n FROM api_keys WHERE user_id = ?', a.users.member).n, 0);
    assert.equal(t.one<{ n: number }>('SELECT count(*) AS n FROM api_keys WHERE id = ?', others.keyId).n, 1);
    const revoked = t.db.$client
      .prepare("SELECT target_key_id AS id FROM audit_log WHERE account_id = ? AND action = 'key.revoked' ORDER BY id")
      .all(a.id) as { id: string }[];
    assert.deepEqual(revoked.map((r) => r.id).sort(), live.map((k) => k.keyId).sort());
    assert.equal(auditOf(a.id, 'member.removed'), 1);
    assert.equal(auditOf(a.id), 3);
  });

  it('moves the live keys, secrets unchanged, to a service account of the account, or to a new one', async () => {
    const a = t.account();
    const sa = serviceAccount(a);
    const key = personalKey(a, a.users.member);
    assert.deepEqual(
      await removeMember(ctx(a.actor('owner')), {
        userId: a.users.member,
        plan: { keys: 'move', serviceAccountId: sa },
      }),
      { ok: true, moved: 1 },
    );
    const moved = () =>
      t.one<{
        kind: string;
        user_id: string | null;
        service_account_id: string;
        secret_hash: Buffer;
        revoked_at: null;
      }>('SELECT kind, user_id, service_account_id, secret_hash, revoked_at FROM api_keys WHERE id = ?', key.keyId);
    assert.deepEqual(moved(), {
      kind: 'service',
      user_id: null,
      service_account_id: sa,
      secret_hash: key.secretHash,
      revoked_at: null,
    });
    assert.equal(auditOf(a.id, 'key.moved'), 1);

    const newcomer = personalKey(a, a.users.admin);
    const fresh = randomUUID();
    assert.deepEqual(
      await removeMember(ctx(a.actor('owner')), {
        userId: a.users.admin,
        plan: { keys: 'move-new', newServiceAccountId: fresh },
      }),
      { ok: true, moved: 1 },
    );
    assert.equal(
      t.one<{ sa: string }>('SELECT service_account_id AS sa FROM api_keys WHERE id = ?', newcomer.keyId).sa,
      fresh,
    );
    assert.equal(t.one<{ n: number }>('SELECT count(*) AS n FROM service_accounts WHERE id = ?', fresh).n, 1);
    assert.equal(auditOf(a.id, 'service_account.created'), 1);
    assert.equal(auditOf(a.id, 'key.moved'), 2);
    assert.equal(auditOf(a.id, 'member.removed'), 2);
  });

  it("another account's service account is unknown: nothing is moved or removed", async () => {
    const a = t.account();
    const b = t.account();
    personalKey(a, a.users.member);
    const before = snapshot(a);
    assert.deepEqual(
      await removeMember(ctx(a.actor('admin')), {
        userId: a.users.member,
        plan: { keys: 'move', serviceAccountId: serviceAccount(b) },
      }),
      { ok: false, reason: 'unknown_service_account' },
    );
    assert.deepEqual(snapshot(a), before);
    assert.equal(auditOf(a.id), 0);
  });

  it('a write that fails after the keys were revoked leaves the keys live, the member in place and no audit row', async () => {
    const a = t.account();
    const key = personalKey(a, a.users.member);
    const before = snapshot(a);
    // The last write of the removal (its audit row) fails, after every key was revoked in the same transaction.
    t.run(
      `CREATE TRIGGER fail_removal BEFORE INSERT ON audit_log WHEN NEW.action = 'member.removed' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    try {
      await assert.rejects(
        removeMember(ctx(a.actor('owner')), { userId: a.users.member, plan: { keys: 'revoke' } }),
        /disk full/,
      );
    } finally {
      t.run('DROP TRIGGER fail_removal');
    }
    assert.deepEqual(snapshot(a), before);
    assert.equal(t.one<{ r: number | null }>('SELECT revoked_at AS r FROM api_keys WHERE id = ?', key.keyId).r, null);
    assert.equal(auditOf(a.id), 0);
  });
});

describe('unlockSignIn', () => {
  it("clears a member's failed sign-ins with one audit row; a member without any writes none", async () => {
    const a = t.account();
    failures(a.users.member);
    assert.deepEqual(await unlockSignIn(ctx(a.actor('admin')), a.users.member), { ok: true, failures: 7 });
    assert.equal(
      t.one<{ n: number }>('SELECT count(*) AS n FROM sign_in_failures WHERE email = ?', emailOf(a.users.member)).n,
      0,
    );
    assert.equal(auditOf(a.id, 'auth.sign_in_unlocked'), 1);
    assert.deepEqual(await unlockSignIn(ctx(a.actor('admin')), a.users.member), { ok: true, failures: 0 });
    assert.equal(auditOf(a.id), 1);
    // Owners unlock owners (here, themselves).
    failures(a.users.owner);
    assert.deepEqual(await unlockSignIn(ctx(a.actor('owner')), a.users.owner), { ok: true, failures: 7 });
    assert.equal(auditOf(a.id, 'auth.sign_in_unlocked'), 2);
  });
});
