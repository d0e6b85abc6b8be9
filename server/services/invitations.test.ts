import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { hashSecret } from '../../lib/keys/token';
import type { Actor } from '../../lib/policy/access';
import { acceptInvitation, createInvitation, revokeInvitation } from './invitations';
import { meta, testDatabase } from '../../db/test-fixture';

// The invitations service on a real SQLite file: the policy's refusals, the creator's role decided inside the
// creating and the accepting transaction, and nothing left behind by a refused operation.

const t = testDatabase('invitations-service');
after(t.close);
const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = (actor: Actor) => ({ store: t.store, actor, now: NOW, meta });
const invitationsOf = (accountId: string) => t.count('invitations', accountId);
const auditOf = (accountId: string, action: string) =>
  t.one<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = ?', accountId, action).n;
const visitor = { store: t.store, now: NOW + 1000, meta: { ip: null, userAgent: null } };

describe('createInvitation', () => {
  it('owners and admins in sudo mode invite; the token is returned once and only its hash is stored', async () => {
    const a = t.account();
    for (const role of ['owner', 'admin'] as const) {
      const result = await createInvitation(ctx(a.actor(role)), { role: 'admin' });
      assert.ok(result.ok);
      const row = t.one<{ token_hash: Buffer; role: string; created_by: string; expires_at: number }>(
        'SELECT * FROM invitations WHERE id = ?',
        result.invitationId,
      );
      assert.deepEqual(row.token_hash, hashSecret(result.token));
      assert.equal(row.created_by, a.users[role]);
      assert.equal(row.expires_at, NOW + 7 * 24 * 3_600_000);
    }
    assert.equal(auditOf(a.id, 'invitation.created'), 2);
  });

  it('a member, a stale session and an API key are refused, and leave no invitation and no audit row', async () => {
    const a = t.account();
    assert.deepEqual(await createInvitation(ctx(a.actor('member')), { role: 'member' }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.deepEqual(await createInvitation(ctx(a.actor('admin', false)), { role: 'member' }), {
      ok: false,
      reason: 'reauth',
    });
    const key: Actor = {
      type: 'key',
      accountId: a.id,
      keyId: 'k',
      owner: { type: 'user', id: a.users.owner, role: 'owner' },
    };
    assert.deepEqual(await createInvitation(ctx(key), { role: 'member' }), { ok: false, reason: 'forbidden' });
    assert.equal(invitationsOf(a.id), 0);
    assert.equal(auditOf(a.id, 'invitation.created'), 0);
  });

  it("decides on the creator's role as read in the transaction: a session that still says admin after a demotion creates nothing", async () => {
    const a = t.account();
    t.run("UPDATE users SET role = 'member' WHERE id = ?", a.users.admin);
    assert.deepEqual(await createInvitation(ctx(a.actor('admin')), { role: 'member' }), {
      ok: false,
      reason: 'forbidden',
    });
    t.run('DELETE FROM users WHERE id = ?', a.users.admin);
    assert.deepEqual(await createInvitation(ctx(a.actor('admin')), { role: 'member' }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.equal(invitationsOf(a.id), 0);
    assert.equal(auditOf(a.id, 'invitation.created'), 0);
  });

  it('a failing insert leaves no audit row either', async () => {
    const a = t.account();
    // A trigger makes the insert fail inside the transaction, after the policy allowed it.
    t.run(
      `CREATE TRIGGER fail_invitation BEFORE INSERT ON invitations WHEN NEW.account_id = '${a.id}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    try {
      await assert.rejects(createInvitation(ctx(a.actor('owner')), { role: 'member' }), /disk full/);
    } finally {
      t.run('DROP TRIGGER fail_invitation');
    }
    assert.equal(invitationsOf(a.id), 0);
    assert.equal(auditOf(a.id, 'invitation.created'), 0);
  });
});

describe('revokeInvitation', () => {
  it("revokes a pending invitation once; another account's, or one already revoked, is not found", async () => {
    const a = t.account();
    const b = t.account();
    const made = await createInvitation(ctx(a.actor('admin')), { role: 'member' });
    assert.ok(made.ok);
    assert.deepEqual(await revokeInvitation(ctx(b.actor('owner')), made.invitationId), {
      ok: false,
      reason: 'not_found',
    });
    assert.deepEqual(await revokeInvitation(ctx(a.actor('member')), made.invitationId), {
      ok: false,
      reason: 'forbidden',
    });
    assert.equal(auditOf(a.id, 'invitation.revoked') + auditOf(b.id, 'invitation.revoked'), 0);
    // Revoking needs no sudo mode: it only takes access away.
    assert.deepEqual(await revokeInvitation(ctx(a.actor('admin', false)), made.invitationId), { ok: true });
    assert.deepEqual(await revokeInvitation(ctx(a.actor('admin')), made.invitationId), {
      ok: false,
      reason: 'not_found',
    });
    assert.equal(auditOf(a.id, 'invitation.revoked'), 1);
    assert.deepEqual(
      await acceptInvitation(visitor, { token: made.token, email: 'late@example.com', passwordHash: 'x' }),
      { ok: false, reason: 'invitation_invalid' },
    );
  });
});

describe('acceptInvitation', () => {
  it('creates the user with the role once; a second use creates nobody', async () => {
    const a = t.account();
    const made = await createInvitation(ctx(a.actor('admin')), { role: 'admin' });
    assert.ok(made.ok);
    assert.deepEqual(
      await acceptInvitation(visitor, { token: made.token, email: 'new@example.com', passwordHash: 'x' }),
      { ok: true },
    );
    assert.equal(t.one<{ role: string }>("SELECT role FROM users WHERE email = 'new@example.com'").role, 'admin');
    assert.deepEqual(
      await acceptInvitation(visitor, { token: made.token, email: 'again@example.com', passwordHash: 'x' }),
      { ok: false, reason: 'invitation_invalid' },
    );
    assert.equal(t.one<{ n: number }>("SELECT count(*) AS n FROM users WHERE email = 'again@example.com'").n, 0);
    assert.equal(auditOf(a.id, 'invitation.accepted'), 1);
  });

  it("re-checks the creator's current role: a creator demoted since makes it revoke itself and create nobody", async () => {
    const a = t.account();
    const made = await createInvitation(ctx(a.actor('admin')), { role: 'member' });
    assert.ok(made.ok);
    // Demoted directly, so the demotion's own revocation of pending invitations does not run.
    t.run("UPDATE users SET role = 'member' WHERE id = ?", a.users.admin);
    assert.deepEqual(
      await acceptInvitation(visitor, { token: made.token, email: 'x@example.com', passwordHash: 'x' }),
      { ok: false, reason: 'invitation_not_grantable' },
    );
    assert.equal(t.one<{ n: number }>("SELECT count(*) AS n FROM users WHERE email = 'x@example.com'").n, 0);
    assert.notEqual(
      t.one<{ r: number | null }>('SELECT revoked_at AS r FROM invitations WHERE id = ?', made.invitationId).r,
      null,
    );
    assert.equal(auditOf(a.id, 'invitation.accepted'), 0);
  });

  it('an email already registered creates nobody and leaves the invitation open', async () => {
    const a = t.account();
    const made = await createInvitation(ctx(a.actor('owner')), { role: 'member' });
    assert.ok(made.ok);
    const taken = `${a.users.member}@example.com`;
    assert.deepEqual(await acceptInvitation(visitor, { token: made.token, email: taken, passwordHash: 'x' }), {
      ok: false,
      reason: 'email_taken',
    });
    assert.equal(
      t.one<{ a: number | null }>('SELECT accepted_at AS a FROM invitations WHERE id = ?', made.invitationId).a,
      null,
    );
    assert.equal(auditOf(a.id, 'invitation.accepted'), 0);
    assert.deepEqual(
      await acceptInvitation(visitor, { token: made.token, email: 'free@example.com', passwordHash: 'x' }),
      { ok: true },
    );
  });
});
