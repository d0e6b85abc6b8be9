import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { meta, testDatabase } from '../../db/test-fixture';
import { newToken } from '../../lib/keys/token';
import { keyActor, userActor, type Actor } from '../../lib/policy/access';
import { setMaxKeyLifetime, setMaxOrganizationKeys } from './account';
import { createInvitation, revokeInvitation } from './invitations';
import { regenerateKey, revokeKey, setKeyEnabled } from './keys';
import { changeRole, removeMember, unlockSignIn } from './members';
import { createProject } from './projects';
import { createServiceAccount } from './service-accounts';

// The actor is built once per request (from the session, or the key the API guard verified); a demotion, a removal, a
// sign-out or a revocation can commit while the request is in flight. Each changing transaction reads the actor again
// and decides on it as it is now: these build the actor, change it in the database, then call the service.

const NOW = Date.UTC(2026, 3, 1, 12);
const t = testDatabase('stale-actor');
const { store, run, one } = t;
after(() => t.close());

function account() {
  const a = t.account({ maxOrganizationKeys: 3, extras: true });
  const key = (fields: Record<string, unknown> = {}) => {
    return t.insertKey(a.id, a.users.member, { created_at: NOW - 1000, ...fields });
  };
  const serviceKey = () => key({ kind: 'service', user_id: null, service_account_id: a.serviceAccountId });
  const setRole = (userId: string, role: string) => run('UPDATE users SET role = ? WHERE id = ?', role, userId);
  /** The fixture's owner demoted to admin, behind a second owner (the last owner cannot be demoted). */
  const demoteOwner = () => {
    run(
      "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'owner', 0)",
      randomUUID(),
      a.id,
      `${randomUUID()}@example.com`,
    );
    setRole(a.users.owner, 'admin');
  };
  return { ...a, key, serviceKey, setRole, demoteOwner };
}

const ctx = (actor: Actor) => ({ store, actor, now: NOW, meta });
const keyRow = (keyId: string) =>
  one<{ revoked_at: number | null; disabled_at: number | null; secret_hash: Buffer }>(
    'SELECT revoked_at, disabled_at, secret_hash FROM api_keys WHERE id = ?',
    keyId,
  );
/**
 * The actor of a request made with a person's key, as the API guard builds it: the proof is SHA-256 of the secret
 * presented, which is what the row stores, so the request presented the key's current secret.
 */
const personalKeyActor = (accountId: string, keyId: string, userId: string, role: 'owner' | 'admin' | 'member') =>
  keyActor({ accountId, keyId, owner: { type: 'user', id: userId, role }, secretProof: keyRow(keyId).secret_hash });
const audits = (accountId: string) =>
  one<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE account_id = ?', accountId).n;

describe('a user actor demoted after the request was built is refused', () => {
  it('keys: revoke, disable and regenerate a service key', async () => {
    const a = account();
    const target = a.serviceKey();
    const before = keyRow(target);
    const admin = a.actor('admin');
    a.setRole(a.users.admin, 'member');
    const auditsBefore = audits(a.id);
    assert.equal((await revokeKey(ctx(admin), target)).ok, false);
    assert.equal((await setKeyEnabled(ctx(admin), { keyId: target, enabled: false })).ok, false);
    assert.equal((await regenerateKey(ctx(admin), 'lk', { keyId: target, grace: 'immediately' })).ok, false);
    assert.deepEqual(keyRow(target), before);
    assert.equal(audits(a.id), auditsBefore);
  });

  it('members: change a role, remove, unlock', async () => {
    const a = account();
    const admin = a.actor('admin');
    a.setRole(a.users.admin, 'member');
    assert.deepEqual(await changeRole(ctx(admin), { userId: a.users.member, role: 'member' }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.deepEqual(await removeMember(ctx(admin), { userId: a.users.member, plan: { keys: 'revoke' } }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.deepEqual(await unlockSignIn(ctx(admin), a.users.member), { ok: false, reason: 'forbidden' });
    // An owner demoted to admin may no longer promote anyone to admin.
    const owner = a.actor('owner');
    a.demoteOwner();
    assert.deepEqual(await changeRole(ctx(owner), { userId: a.users.member, role: 'admin' }), {
      ok: false,
      reason: 'owner_required',
    });
    assert.equal(one<{ role: string }>('SELECT role FROM users WHERE id = ?', a.users.member).role, 'member');
    assert.equal(audits(a.id), 0);
  });

  it('the account: key lifetime cap and organization key limit', async () => {
    const a = account();
    const admin = a.actor('admin');
    const owner = a.actor('owner');
    a.setRole(a.users.admin, 'member');
    a.demoteOwner();
    assert.deepEqual(await setMaxKeyLifetime(ctx(admin), { cap: 30, confirmed: true }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.deepEqual(await setMaxOrganizationKeys(ctx(owner), 50), { ok: false, reason: 'forbidden' });
    const row = one<{ cap: number | null; limit: number }>(
      'SELECT max_key_lifetime_days AS cap, max_organization_keys AS "limit" FROM accounts WHERE id = ?',
      a.id,
    );
    assert.deepEqual({ ...row }, { cap: null, limit: 3 });
    assert.equal(audits(a.id), 0);
  });

  it('invitations, service accounts and projects', async () => {
    const a = account();
    const admin = a.actor('admin');
    a.setRole(a.users.admin, 'member');
    assert.deepEqual(await createInvitation(ctx(admin), { role: 'member' }), { ok: false, reason: 'forbidden' });
    const invitation = randomUUID();
    run(
      "INSERT INTO invitations (id, account_id, token_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, 'member', ?, 0, ?)",
      invitation,
      a.id,
      newToken('lk').secretHash,
      a.users.owner,
      NOW + 1000,
    );
    assert.deepEqual(await revokeInvitation(ctx(admin), invitation), { ok: false, reason: 'forbidden' });
    assert.deepEqual(await createServiceAccount(ctx(admin), { name: 'x', role: 'admin', description: '' }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.deepEqual(await createProject(ctx(admin), { name: 'new' }), { ok: false, reason: 'forbidden' });
    assert.equal(one<{ n: number }>('SELECT count(*) AS n FROM service_accounts WHERE account_id = ?', a.id).n, 1);
    assert.equal(one<{ n: number }>('SELECT count(*) AS n FROM projects WHERE account_id = ?', a.id).n, 1);
    assert.equal(one<{ r: number | null }>('SELECT revoked_at AS r FROM invitations WHERE id = ?', invitation).r, null);
    assert.equal(audits(a.id), 0);
  });

  it('a removed user is refused too', async () => {
    const a = account();
    const target = a.serviceKey();
    const admin = a.actor('admin');
    run('DELETE FROM users WHERE id = ?', a.users.admin);
    assert.deepEqual(await revokeKey(ctx(admin), target), { ok: false, reason: 'forbidden' });
    assert.deepEqual(await createProject(ctx(admin), { name: 'new' }), { ok: false, reason: 'forbidden' });
    assert.equal(keyRow(target).revoked_at, null);
  });
});

describe('a session ended or no longer confirmed after the request was built is refused', () => {
  async function signedIn(a: ReturnType<typeof account>, confirmedAt: number) {
    const sessionId = randomUUID();
    const email = `${a.users.admin}@example.com`;
    assert.equal(
      await store.openSession({
        id: sessionId,
        user: { id: a.users.admin, accountId: a.id, email },
        verifiedHash: 'x',
        clearFailures: false,
        createdAt: confirmedAt,
        expiresAt: NOW + 3_600_000,
        meta: { ip: null, userAgent: null },
      }),
      true,
    );
    const user = { sessionId, userId: a.users.admin, accountId: a.id, role: 'admin' as const, confirmedAt: NOW };
    const actor: Actor = { ...(userActor(user, NOW) as Extract<Actor, { type: 'user' }>), sessionId };
    return { sessionId, actor };
  }

  it('signed out: refused; sudo mode is the session`s as read in the transaction', async () => {
    const a = account();
    const target = a.serviceKey();
    const live = await signedIn(a, NOW - 1000);
    assert.deepEqual(await setKeyEnabled(ctx(live.actor), { keyId: target, enabled: false }), { ok: true });
    // The request's actor says sudo (confirmed at NOW), the session row says an hour ago: reauth.
    const stale = await signedIn(a, NOW - 3_600_000);
    assert.equal(stale.actor.type === 'user' && stale.actor.sudo, true);
    assert.deepEqual(await setKeyEnabled(ctx(stale.actor), { keyId: target, enabled: true }), {
      ok: false,
      reason: 'reauth',
    });
    await store.endSession(live.sessionId);
    assert.deepEqual(await setKeyEnabled(ctx(live.actor), { keyId: target, enabled: true }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.notEqual(keyRow(target).disabled_at, null);
  });
});

describe('a key actor revoked, disabled or demoted after it was verified is refused', () => {
  it('revoked or disabled: its revocations and project creation are refused', async () => {
    const a = account();
    const target = a.serviceKey();
    const own = a.key({ user_id: a.users.owner });
    const actor = personalKeyActor(a.id, own, a.users.owner, 'owner');
    run('UPDATE api_keys SET revoked_at = ? WHERE id = ?', NOW - 1, own);
    assert.deepEqual(await revokeKey(ctx(actor), target), { ok: false, reason: 'forbidden' });
    assert.deepEqual(await createProject(ctx(actor), { name: 'by key' }), { ok: false, reason: 'forbidden' });

    const other = a.key({ user_id: a.users.owner });
    const disabled = personalKeyActor(a.id, other, a.users.owner, 'owner');
    run('UPDATE api_keys SET disabled_at = ? WHERE id = ?', NOW - 1, other);
    assert.deepEqual(await revokeKey(ctx(disabled), target), { ok: false, reason: 'forbidden' });
    assert.equal(keyRow(target).revoked_at, null);
    assert.equal(one<{ n: number }>('SELECT count(*) AS n FROM projects WHERE account_id = ?', a.id).n, 1);
  });

  it('a key whose owner was demoted acts with the owner`s current role', async () => {
    const a = account();
    const target = a.serviceKey();
    const own = a.key({ user_id: a.users.admin });
    const actor = personalKeyActor(a.id, own, a.users.admin, 'admin');
    a.setRole(a.users.admin, 'member');
    assert.deepEqual(await revokeKey(ctx(actor), target), { ok: false, reason: 'not_found' });
    assert.equal(keyRow(target).revoked_at, null);
    // Still live: it may still revoke what its owner reaches now, itself.
    assert.deepEqual(await revokeKey(ctx(actor), own), { ok: true });
  });

  it('a secret replaced by a regeneration since, or past its grace window, no longer acts', async () => {
    const a = account();
    const projects = () => one<{ n: number }>('SELECT count(*) AS n FROM projects WHERE account_id = ?', a.id).n;
    const own = a.key({ user_id: a.users.owner });
    const actor = personalKeyActor(a.id, own, a.users.owner, 'owner');
    const regenerate = (graceEndsAt: number | null) =>
      run(
        'UPDATE api_keys SET previous_secret_hash = ?, previous_secret_expires_at = ?, secret_hash = ? WHERE id = ?',
        graceEndsAt === null ? null : keyRow(own).secret_hash,
        graceEndsAt,
        newToken('lk').secretHash,
        own,
      );
    const before = projects();

    // Regenerated with a grace window still running: the old secret still acts.
    regenerate(NOW + 3_600_000);
    assert.equal((await createProject(ctx(actor), { name: 'in grace' })).ok, true);
    // The grace window has ended since the request was verified.
    run('UPDATE api_keys SET previous_secret_expires_at = ? WHERE id = ?', NOW - 1, own);
    assert.deepEqual(await createProject(ctx(actor), { name: 'after grace' }), { ok: false, reason: 'forbidden' });
    // Regenerated again: the secret the request presented is no longer the previous one either.
    regenerate(NOW + 3_600_000);
    assert.deepEqual(await createProject(ctx(actor), { name: 'twice replaced' }), { ok: false, reason: 'forbidden' });
    assert.equal(projects(), before + 1);

    // Regenerated "immediately" while the request was in flight with the current secret.
    const fresh = a.key({ user_id: a.users.owner });
    const freshActor = personalKeyActor(a.id, fresh, a.users.owner, 'owner');
    run('UPDATE api_keys SET secret_hash = ? WHERE id = ?', newToken('lk').secretHash, fresh);
    assert.deepEqual(await createProject(ctx(freshActor), { name: 'replaced at once' }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.equal(projects(), before + 1);
  });
});
