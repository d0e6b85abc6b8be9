import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { meta, testDatabase } from '../../db/test-fixture';
import { DEVICE_LOGIN_TTL_MS, hashCode } from '../../lib/device/codes';
import { open, rawPublicKey } from '../../lib/device/seal';
import { hashSecret, parseToken } from '../../lib/keys/token';
import type { Actor } from '../../lib/policy/access';
import {
  approveDeviceLogin,
  denyDeviceLogin,
  findDeviceLogin,
  pollDeviceLogin,
  startDeviceLogin,
} from './device-login';

// The device login on a real SQLite file: codes hashed at rest, single use, ten minutes, slow_down, the key issued
// through the keys' one path (policy, cap, audit) in the approval's transaction, and the token handed over once,
// sealed to the CLI's key.

const t = testDatabase('device-login');
after(() => t.close());
const NOW = Date.UTC(2026, 5, 1, 12);
const client = { host: 'build-box', platform: 'linux x64', version: '0.1.0' };
let sessionCounter = 0;

function cli() {
  const pair = generateKeyPairSync('x25519');
  return { publicKey: rawPublicKey(pair.publicKey), privateKey: pair.privateKey };
}

/** A user's context as a server action builds it, with a session id of its own (the per-session limit's key). */
function userCtx(actor: Actor, now = NOW, ip = '192.0.2.10') {
  const withSession = { ...actor, sessionId: `s${sessionCounter++}` } as Actor;
  return { store: t.store, actor: withSession, now, meta: { ...meta, ip } };
}

/** Sessions are re-read in the changing transaction; these tests act as users without one (a job's actor). */
function plainCtx(actor: Actor, now = NOW, ip = '192.0.2.10') {
  return { store: t.store, actor, now, meta: { ...meta, ip } };
}

async function start(now = NOW, ip = `198.51.100.${sessionCounter++ % 250}`) {
  const keys = cli();
  const started = await startDeviceLogin(t.store, { ...client, publicKey: keys.publicKey }, ip, now);
  assert.ok(started.ok);
  return { ...started, ...keys };
}

describe('device login', () => {
  it('stores the codes only as hashes', async () => {
    const login = await start();
    const raw = t.db.$client.prepare('SELECT * FROM device_logins').all() as Record<string, unknown>[];
    const text = JSON.stringify(raw.map((r) => Object.values(r).map((v) => (Buffer.isBuffer(v) ? v.toString() : v))));
    assert.ok(!text.includes(login.deviceCode));
    assert.ok(!text.includes(login.userCode.replace('-', '')));
    const row = t.one<{ h: Buffer; u: Buffer }>(
      'SELECT device_code_hash AS h, user_code_hash AS u FROM device_logins WHERE device_code_hash = ?',
      hashCode(login.deviceCode),
    );
    assert.deepEqual(row.u, hashCode(login.userCode.replace('-', '')));
    assert.equal(login.expiresIn, 600);
    assert.equal(login.interval, 5);
  });

  it('approving issues a personal key "CLI: <host>", audited, whose token the CLI collects once, sealed', async () => {
    const account = t.account();
    const login = await start();
    const found = await findDeviceLogin(plainCtx(account.actor('member')), login.userCode.toLowerCase());
    assert.ok(found.ok);
    assert.equal(found.login.clientHost, 'build-box');
    const approved = await approveDeviceLogin(plainCtx(account.actor('member')), 'lk', {
      userCode: login.userCode,
      expiration: '30',
    });
    assert.ok(approved.ok);
    assert.equal(approved.name, 'CLI: build-box');
    const key = t.one<{ name: string; kind: string; user_id: string; account_id: string; secret_hash: Buffer }>(
      'SELECT name, kind, user_id, account_id, secret_hash FROM api_keys WHERE id = ?',
      approved.keyId,
    );
    assert.deepEqual(
      [key.name, key.kind, key.user_id, key.account_id],
      ['CLI: build-box', 'personal', account.users.member, account.id],
    );
    assert.equal(
      t.one<{ n: number }>(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'key.created' AND target_key_id = ?",
        approved.keyId,
      ).n,
      1,
    );

    const poll = await pollDeviceLogin(t.store, login.deviceCode, NOW + 6000);
    assert.equal(poll.status, 'approved');
    const token = open((poll as { sealedToken: string }).sealedToken, login.privateKey)!;
    const parsed = parseToken(token, 'lk');
    assert.ok(parsed.ok);
    assert.equal(parsed.token.keyId, approved.keyId);
    assert.deepEqual(hashSecret(parsed.token.secret), key.secret_hash);
    // Handed over once; the sealed copy is gone.
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW + 12_000), { status: 'unknown' });
    assert.equal(t.one<{ n: number }>('SELECT count(*) AS n FROM device_logins WHERE sealed_token IS NOT NULL').n, 0);
    // Single use: the code approves nothing again.
    const again = await approveDeviceLogin(plainCtx(account.actor('member')), 'lk', {
      userCode: login.userCode,
      expiration: '30',
    });
    assert.deepEqual(again, { ok: false, reason: 'not_found' });
  });

  it('answers authorization_pending, then slow_down (interval + 5 s for good) to a CLI polling too fast', async () => {
    const login = await start();
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW), { status: 'pending', interval: 5 });
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW + 1000), {
      status: 'slow_down',
      interval: 10,
    });
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW + 6000), {
      status: 'slow_down',
      interval: 15,
    });
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW + 22_000), {
      status: 'pending',
      interval: 15,
    });
  });

  it('a denied code answers access_denied and approves nothing after', async () => {
    const account = t.account();
    const login = await start();
    assert.deepEqual(await denyDeviceLogin(plainCtx(account.actor('member')), { userCode: login.userCode }), {
      ok: true,
    });
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW + 6000), { status: 'denied' });
    const approved = await approveDeviceLogin(plainCtx(account.actor('member')), 'lk', {
      userCode: login.userCode,
      expiration: '30',
    });
    assert.deepEqual(approved, { ok: false, reason: 'not_found' });
  });

  it('a person no longer in the account cannot deny: the actor is read again in the denying transaction', async () => {
    const account = t.account();
    const login = await start();
    // Built for a user who has since been removed (no row with that id in the account any more).
    const actor = { ...account.actor('member'), userId: 'removed-user' } as Actor;
    assert.deepEqual(await denyDeviceLogin(plainCtx(actor), { userCode: login.userCode }), {
      ok: false,
      reason: 'not_found',
    });
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW + 6000), { status: 'pending', interval: 5 });
  });

  it('expires after ten minutes, for the page and for the CLI', async () => {
    const account = t.account();
    const login = await start();
    const later = NOW + DEVICE_LOGIN_TTL_MS;
    const found = await findDeviceLogin(plainCtx(account.actor('member'), later), login.userCode);
    assert.deepEqual(found, { ok: false, reason: 'not_found' });
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, later), { status: 'expired' });
  });

  it('revokes the key of an approved login whose CLI never collected it, once the code has expired', async () => {
    const account = t.account();
    const login = await start();
    const approved = await approveDeviceLogin(plainCtx(account.actor('member')), 'lk', {
      userCode: login.userCode,
      expiration: '30',
    });
    assert.ok(approved.ok);
    const revokedAt = () =>
      t.one<{ r: number | null }>('SELECT revoked_at AS r FROM api_keys WHERE id = ?', approved.keyId).r;
    // Still collectable until the code expires: the next login's tidying leaves it alone.
    await start(NOW + 1000);
    assert.equal(revokedAt(), null);
    await start(NOW + DEVICE_LOGIN_TTL_MS);
    assert.equal(revokedAt(), NOW + DEVICE_LOGIN_TTL_MS);
    assert.equal(
      t.one<{ n: number }>(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'key.revoked' AND target_key_id = ? AND detail LIKE '%cli_login_not_collected%'",
        approved.keyId,
      ).n,
      1,
    );
    assert.equal(
      t.one<{ s: string | null }>(
        'SELECT sealed_token AS s FROM device_logins WHERE device_code_hash = ?',
        hashCode(login.deviceCode),
      ).s,
      null,
    );
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW + DEVICE_LOGIN_TTL_MS + 1), {
      status: 'expired',
    });
  });

  it("refuses an expiration beyond the account's cap, and leaves the login waiting", async () => {
    const account = t.account();
    t.run('UPDATE accounts SET max_key_lifetime_days = 30 WHERE id = ?', account.id);
    const login = await start();
    const refused = await approveDeviceLogin(plainCtx(account.actor('member')), 'lk', {
      userCode: login.userCode,
      expiration: '365',
    });
    assert.equal(refused.ok, false);
    assert.equal((refused as { reason: string }).reason, 'invalid_expiry');
    assert.equal(t.count('api_keys', account.id), 0);
    assert.deepEqual(await pollDeviceLogin(t.store, login.deviceCode, NOW), { status: 'pending', interval: 5 });
    const approved = await approveDeviceLogin(plainCtx(account.actor('member')), 'lk', {
      userCode: login.userCode,
      expiration: 'never',
    });
    assert.equal((approved as { reason: string }).reason, 'invalid_expiry');
  });

  it('counts code tries per session and per address', async () => {
    const account = t.account();
    const ctx = userCtx(account.actor('member'), NOW, '203.0.113.7');
    for (let i = 0; i < 10; i++)
      assert.deepEqual(await findDeviceLogin(ctx, 'BCDF-GHJK'), { ok: false, reason: 'not_found' }, `try ${i}`);
    assert.deepEqual(await findDeviceLogin(ctx, 'BCDF-GHJK'), { ok: false, reason: 'rate_limited' });
    // Another session from the same address gets its own ten, until the address has had thirty (the refused eleventh counted).
    for (let i = 0; i < 19; i++) {
      const other = userCtx(account.actor('member'), NOW, '203.0.113.7');
      assert.deepEqual(await findDeviceLogin(other, 'BCDF-GHJK'), { ok: false, reason: 'not_found' }, `other ${i}`);
    }
    const fresh = userCtx(account.actor('member'), NOW, '203.0.113.7');
    assert.deepEqual(await findDeviceLogin(fresh, 'BCDF-GHJK'), { ok: false, reason: 'rate_limited' });
  });

  it('limits logins started from one address to twenty per ten minutes', async () => {
    const { publicKey } = cli();
    const ip = '2001:db8:1:2::5';
    for (let i = 0; i < 20; i++)
      assert.equal((await startDeviceLogin(t.store, { ...client, publicKey }, ip, NOW)).ok, true, `start ${i}`);
    // Counted per /64, as sign-in throttling counts IPv6.
    const next = await startDeviceLogin(t.store, { ...client, publicKey }, '2001:db8:1:2::6', NOW);
    assert.equal(next.ok, false);
    assert.equal((next as { reason: string }).reason, 'rate_limited');
    assert.equal((await startDeviceLogin(t.store, { ...client, publicKey }, ip, NOW + 10 * 60 * 1000)).ok, true);
  });

  it('refuses a public key that is not X25519', async () => {
    assert.deepEqual(await startDeviceLogin(t.store, { ...client, publicKey: 'nope' }, '192.0.2.99', NOW), {
      ok: false,
      reason: 'invalid_public_key',
    });
  });
});
