import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDatabase } from '../../db/test-fixture';
import { hashPassword } from '../../lib/auth/password';
import { FREE_ATTEMPTS, MAX_CONSECUTIVE_FAILURES } from '../../lib/auth/throttle';
import { changePassword, confirmPassword } from './password';
import { signIn, WRONG_CREDENTIALS } from './sessions';

// Sign-in through the sessions service on a real SQLite file, with real scrypt hashes: what lands together, what is
// counted and audited, and a password changed while a sign-in with the old one is being checked.

const PASSWORD = 'correct horse battery staple';

describe('signIn', () => {
  const t = testDatabase('sessions');
  let hash = '';
  before(async () => {
    hash = await hashPassword(PASSWORD);
  });
  after(() => t.close());

  /** An account whose owner has a real password; returns the owner's id and email. */
  function owner() {
    const { id, users } = t.account();
    const email = t.one<{ email: string }>('SELECT email FROM users WHERE id = ?', users.owner).email;
    t.run('UPDATE users SET password_hash = ? WHERE id = ?', hash, users.owner);
    return { accountId: id, userId: users.owner, email };
  }
  const attempt = (email: string, password: string, ip: string | null = '203.0.113.7') =>
    signIn(t.store, { email, password, ip, userAgent: 'test' });
  const sessionsOf = (userId: string) =>
    t.one<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE user_id = ?', userId).n;
  const actions = (accountId: string) =>
    (
      t.db.$client.prepare('SELECT action FROM audit_log WHERE account_id = ? ORDER BY id').all(accountId) as {
        action: string;
      }[]
    ).map((row) => row.action);
  const emailFailures = (email: string) =>
    t.one<{ failures: number } | undefined>('SELECT failures FROM sign_in_failures WHERE email = ?', email)?.failures ??
    0;
  const addressFailures = (address: string) =>
    t.one<{ failures: number } | undefined>('SELECT failures FROM sign_in_address_failures WHERE address = ?', address)
      ?.failures ?? 0;

  it('opens a session with its audit row for the right password', async () => {
    const user = owner();
    const result = await attempt(user.email, PASSWORD);
    assert.equal(result.ok, true);
    assert.equal(sessionsOf(user.userId), 1);
    assert.deepEqual(actions(user.accountId), ['auth.signed_in']);
  });

  it('opens no session when the password changes while the old one is being checked', async () => {
    const user = owner();
    const changed = await hashPassword('a new password');
    const pending = attempt(user.email, PASSWORD);
    // The lookup has read the old hash by now (the SQLite store reads before its first await); scrypt is running.
    t.run('UPDATE users SET password_hash = ? WHERE id = ?', changed, user.userId);
    const result = await pending;
    assert.deepEqual(result, { ok: false, message: WRONG_CREDENTIALS });
    assert.equal(sessionsOf(user.userId), 0);
    assert.deepEqual(actions(user.accountId), []);
  });

  it('counts a wrong password for the email and the address, with its audit row, together', async () => {
    const user = owner();
    const result = await attempt(user.email, 'wrong', '203.0.113.8');
    assert.deepEqual(result, { ok: false, message: WRONG_CREDENTIALS });
    assert.equal(emailFailures(user.email), 1);
    assert.equal(addressFailures('203.0.113.8'), 1);
    assert.deepEqual(actions(user.accountId), ['auth.sign_in_failed']);
    assert.equal(sessionsOf(user.userId), 0);
  });

  it('audits the lock on the 100th failure in a row, then refuses without checking or counting', async () => {
    const user = owner();
    // 99 failures in a row, the last long ago: only the count is left, no running delay.
    const longAgo = Date.now() - 3 * 60 * 60 * 1000;
    t.run(
      'INSERT INTO sign_in_failures (email, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)',
      user.email,
      MAX_CONSECUTIVE_FAILURES - 1,
      longAgo,
      longAgo + 15 * 60_000,
    );
    const failed = await attempt(user.email, 'wrong', null);
    assert.equal(failed.ok, false);
    assert.deepEqual(actions(user.accountId), ['auth.sign_in_failed', 'auth.sign_in_locked']);
    const locked = await attempt(user.email, PASSWORD, null);
    assert.equal(locked.ok, false);
    assert.match(locked.ok ? '' : locked.message, /locked until it is unlocked/);
    assert.equal(emailFailures(user.email), MAX_CONSECUTIVE_FAILURES);
    assert.deepEqual(actions(user.accountId), ['auth.sign_in_failed', 'auth.sign_in_locked']);
    assert.equal(sessionsOf(user.userId), 0);
  });

  it('refuses the right password while the email is locked, with the wait, and counts nothing', async () => {
    const user = owner();
    for (let n = 1; n <= FREE_ATTEMPTS; n++) await attempt(user.email, `wrong ${n}`, null);
    assert.equal(emailFailures(user.email), FREE_ATTEMPTS);
    const locked = await attempt(user.email, PASSWORD, null);
    assert.equal(locked.ok, false);
    assert.match(locked.ok ? '' : locked.message, /Too many failed sign-in attempts for this email\. Try again in/);
    assert.equal(emailFailures(user.email), FREE_ATTEMPTS);
    assert.equal(actions(user.accountId).length, FREE_ATTEMPTS);
    assert.equal(sessionsOf(user.userId), 0);
  });

  it("clears the email's failures on success but keeps the address's", async () => {
    const user = owner();
    await attempt(user.email, 'wrong', '203.0.113.9');
    assert.equal((await attempt(user.email, PASSWORD, '203.0.113.9')).ok, true);
    assert.equal(emailFailures(user.email), 0);
    assert.equal(addressFailures('203.0.113.9'), 1);
  });

  it('counts an unknown email like a known one, and audits it in no account', async () => {
    const auditRows = t.one<{ n: number }>('SELECT count(*) AS n FROM audit_log').n;
    const result = await attempt('nobody@example.com', 'whatever', '203.0.113.10');
    assert.deepEqual(result, { ok: false, message: WRONG_CREDENTIALS });
    assert.equal(emailFailures('nobody@example.com'), 1);
    assert.equal(addressFailures('203.0.113.10'), 1);
    assert.equal(t.one<{ n: number }>('SELECT count(*) AS n FROM audit_log').n, auditRows);
  });
});

describe('password change and confirmation', () => {
  const t = testDatabase('password');
  let hash = '';
  before(async () => {
    hash = await hashPassword(PASSWORD);
  });
  after(() => t.close());
  const meta = { actorUserId: null, actorLabel: 'test', ip: null, userAgent: null };

  /**
   * A signed-in owner with a real password: the context the password actions give the service. `meanwhile` runs right
   * after the service has read the current hash, while scrypt checks the password: another request landing then.
   */
  async function signedIn(meanwhile: () => void = () => {}) {
    const { id, users } = t.account();
    const email = t.one<{ email: string }>('SELECT email FROM users WHERE id = ?', users.owner).email;
    t.run('UPDATE users SET password_hash = ? WHERE id = ?', hash, users.owner);
    const result = await signIn(t.store, { email, password: PASSWORD, ip: null, userAgent: 'test' });
    assert.equal(result.ok, true);
    const sessionId = result.ok ? result.sessionId : '';
    const user = {
      sessionId,
      userId: users.owner,
      email,
      role: 'owner' as const,
      accountId: id,
      accountName: id,
      confirmedAt: 0,
    };
    const store: typeof t.store = {
      ...t.store,
      passwordCheck: async (...args) => {
        const read = await t.store.passwordCheck(...args);
        meanwhile();
        return read;
      },
    };
    return { ctx: { store, meta, user }, user };
  }
  const hashOf = (userId: string) =>
    t.one<{ h: string }>('SELECT password_hash AS h FROM users WHERE id = ?', userId).h;
  const audited = (accountId: string, action: string) =>
    t.one<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = ?', accountId, action)
      .n;

  it('changes the password, ending the other sessions', async () => {
    const { ctx, user } = await signedIn();
    const result = await changePassword(ctx, { currentPassword: PASSWORD, newPassword: 'a brand new password' });
    assert.deepEqual(result, { ok: true, otherSessionsEnded: 0 });
    assert.notEqual(hashOf(user.userId), hash);
    assert.equal(audited(user.accountId, 'auth.password_changed'), 1);
  });

  it('changes nothing when the session ends while the current password is being checked', async () => {
    // Another browser's password change (or a removal) ends this session meanwhile.
    const { ctx, user } = await signedIn(() => t.run('DELETE FROM sessions WHERE user_id = ?', ctx.user.userId));
    const result = await changePassword(ctx, { currentPassword: PASSWORD, newPassword: 'a brand new password' });
    assert.equal(result.ok, false);
    assert.equal(hashOf(user.userId), hash);
    assert.equal(audited(user.accountId, 'auth.password_changed'), 0);
  });

  it('changes nothing when the password changes while the current one is being checked', async () => {
    const other = await hashPassword('changed elsewhere');
    const { ctx, user } = await signedIn(() =>
      t.run('UPDATE users SET password_hash = ? WHERE id = ?', other, ctx.user.userId),
    );
    const result = await changePassword(ctx, { currentPassword: PASSWORD, newPassword: 'a brand new password' });
    assert.equal(result.ok, false);
    assert.equal(hashOf(user.userId), other);
    assert.equal(audited(user.accountId, 'auth.password_changed'), 0);
  });

  it('confirms no session that ended while the password was being checked', async () => {
    const { ctx, user } = await signedIn(() => t.run('DELETE FROM sessions WHERE user_id = ?', ctx.user.userId));
    const result = await confirmPassword(ctx, PASSWORD);
    assert.equal(result.ok, false);
    assert.equal(audited(user.accountId, 'auth.password_confirmed'), 0);
  });
});
