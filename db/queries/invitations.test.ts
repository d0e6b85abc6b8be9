import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../index';
import { hashSecret } from '../../lib/keys/token';
import { decideMember, type Actor } from '../../lib/policy/access';
import { changeRole } from './members';
import { acceptInvitation } from './users';

// Real SQLite on a temporary file: an invitation never grants more than its creator may grant when it is accepted.
const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-invitations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 10, 12);
const DAY = 24 * 3_600_000;
const ownerMeta = { actorUserId: 'owner', actorLabel: 'owner@example.com', ip: '203.0.113.1', userAgent: 'test' };
let db: Db;
let seq = 0;

function user(accountId: string, role: string) {
  const id = `u${++seq}`;
  db.$client
    .prepare('INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, 0)')
    .run(id, accountId, `${id}@example.com`, 'x', role);
  return id;
}

function invitation(
  accountId: string,
  createdBy: string,
  role: 'admin' | 'member',
  fields: Record<string, unknown> = {},
) {
  const id = `i${++seq}`;
  const token = `token-${id}`;
  const row = {
    id,
    account_id: accountId,
    token_hash: hashSecret(token),
    role,
    created_by: createdBy,
    created_at: T0,
    expires_at: T0 + 7 * DAY,
    ...fields,
  };
  const columns = Object.keys(row);
  db.$client
    .prepare(`INSERT INTO invitations (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    .run(...Object.values(row));
  return { id, tokenHash: hashSecret(token) };
}

const accept = (tokenHash: Buffer, now = T0 + DAY) => {
  const userId = `new${++seq}`;
  return {
    userId,
    result: acceptInvitation(db, { tokenHash, userId, email: `${userId}@example.com`, passwordHash: 'x', now }),
  };
};
const roleOf = (userId: string) =>
  (db.$client.prepare('SELECT role FROM users WHERE id = ?').get(userId) as { role: string } | undefined)?.role;
const revokedAt = (id: string) =>
  (db.$client.prepare('SELECT revoked_at AS r FROM invitations WHERE id = ?').get(id) as { r: number | null }).r;
const audit = (accountId: string, action: string) =>
  (
    db.$client
      .prepare('SELECT detail, actor_label AS actor FROM audit_log WHERE account_id = ? AND action = ? ORDER BY id')
      .all(accountId, action) as { detail: string; actor: string | null }[]
  ).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));

before(() => {
  db = openDatabase(path.join(dir, 'invitations.db'));
  for (const a of ['a', 'b', 'c', 'd'])
    db.$client.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, 0)').run(a, a);
});

describe('acceptInvitation decides the role at acceptance', () => {
  it('an admin invitation of a still-admin creator, and an owner`s, make admins', () => {
    const owner = user('a', 'owner');
    const admin = user('a', 'admin');
    for (const creator of [owner, admin]) {
      const { userId, result } = accept(invitation('a', creator, 'admin').tokenHash);
      assert.deepEqual(result, { ok: true });
      assert.equal(roleOf(userId), 'admin');
    }
  });

  it('refuses an invitation whose creator may no longer grant its role, revokes it and says why in the audit log', () => {
    const admin = user('b', 'admin');
    const adminInvite = invitation('b', admin, 'admin');
    const memberInvite = invitation('b', admin, 'member');
    // A demotion that left the invitations pending (made before demotions revoked them, or by any other path).
    db.$client.prepare("UPDATE users SET role = 'member' WHERE id = ?").run(admin);

    const now = T0 + DAY;
    for (const inv of [adminInvite, memberInvite]) {
      const { userId, result } = accept(inv.tokenHash, now);
      assert.deepEqual(result, { ok: false, reason: 'invitation_not_grantable' });
      assert.equal(roleOf(userId), undefined, 'no user is created');
      assert.equal(revokedAt(inv.id), now);
      // Once refused, the link is dead like any revoked one.
      assert.deepEqual(accept(inv.tokenHash, now + 1).result, { ok: false, reason: 'invitation_invalid' });
    }
    const rows = audit('b', 'invitation.revoked');
    assert.deepEqual(
      rows.map((r) => r.detail),
      [adminInvite, memberInvite].map((inv, i) => ({
        invitationId: inv.id,
        role: i === 0 ? 'admin' : 'member',
        reason: 'creator_cannot_grant',
        creatorEmail: `${admin}@example.com`,
        creatorRole: 'member',
      })),
    );
    assert.deepEqual(audit('b', 'invitation.accepted'), []);
  });
});

// The account's owner, with a fresh password proof, as the policy sees them (read again by the changing transaction).
const ownerOf = (accountId: string, userId: string): Actor => ({
  type: 'user',
  accountId,
  userId,
  role: 'owner',
  sudo: true,
});
const to = (role: 'owner' | 'admin' | 'member') => (t: Parameters<typeof decideMember>[2], actor: Actor) =>
  decideMember(actor, 'change_role', t, role);

describe('changeRole revokes the invitations the demoted user may no longer grant', () => {
  it('admin to member: every pending invitation of theirs is revoked in the same change, with audit rows', () => {
    const owner = user('c', 'owner');
    const admin = user('c', 'admin');
    const adminInvite = invitation('c', admin, 'admin');
    const memberInvite = invitation('c', admin, 'member');
    const accepted = invitation('c', admin, 'admin', { accepted_at: T0 + 1 });
    const ownersInvite = invitation('c', owner, 'admin');
    const now = T0 + DAY;

    assert.deepEqual(changeRole(db, ownerOf('c', owner), admin, 'member', to('member'), now, ownerMeta), {
      ok: true,
      changed: true,
    });
    assert.equal(revokedAt(adminInvite.id), now);
    assert.equal(revokedAt(memberInvite.id), now);
    assert.equal(revokedAt(accepted.id), null, 'an accepted invitation is history, not touched');
    assert.equal(revokedAt(ownersInvite.id), null);
    const rows = audit('c', 'invitation.revoked');
    assert.deepEqual(
      rows.map((r) => [r.actor, r.detail]),
      [adminInvite, memberInvite].map((inv, i) => [
        'owner@example.com',
        {
          invitationId: inv.id,
          role: i === 0 ? 'admin' : 'member',
          reason: 'creator_demoted',
          creatorEmail: `${admin}@example.com`,
          creatorRole: 'member',
        },
      ]),
    );
    const { userId, result } = accept(adminInvite.tokenHash, now + 1);
    assert.deepEqual(result, { ok: false, reason: 'invitation_invalid' });
    assert.equal(roleOf(userId), undefined);
    assert.deepEqual(accept(ownersInvite.tokenHash, now + 1).result, { ok: true });
  });

  it('owner to admin keeps their invitations: an admin may still invite admins', () => {
    const first = user('d', 'owner');
    const second = user('d', 'owner');
    const inv = invitation('d', second, 'admin');
    assert.deepEqual(changeRole(db, ownerOf('d', first), second, 'admin', to('admin'), T0 + DAY, ownerMeta), {
      ok: true,
      changed: true,
    });
    assert.equal(revokedAt(inv.id), null);
    assert.deepEqual(audit('d', 'invitation.revoked'), []);
    const { userId, result } = accept(inv.tokenHash);
    assert.deepEqual(result, { ok: true });
    assert.equal(roleOf(userId), 'admin');
  });
});
