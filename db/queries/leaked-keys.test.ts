import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../index';
import { hashSecret, newToken, formatToken, generateSecret } from '../../lib/keys/token';
import { decideKey } from '../../lib/policy/access';
import type { DecideLeak } from '../store';
import { leakNoticesForUser, revokeLeakedTokens } from './leaked-keys';

// Real SQLite on a temporary file: which reported tokens revoke their key, and the audit rows they leave.
const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-leaks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 10, 12);
const HOUR = 3_600_000;
const reporter = { ip: '203.0.113.9', userAgent: 'GitHub-Secret-Scanning' };
/** The access policy's answer for whoever holds a key's genuine secret, as the keys service passes it. */
const policy: DecideLeak = (holder, key) => decideKey({ type: 'token_holder', ...holder }, 'revoke', key);
let db: Db;

function user(accountId: string, userId: string) {
  db.$client.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, 0)').run(accountId, accountId);
  db.$client
    .prepare(
      "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'owner', 0)",
    )
    .run(userId, accountId, `${userId}@example.com`);
}

function key(accountId: string, userId: string, fields: Record<string, unknown> = {}) {
  const { keyId, token, secretHash } = newToken('lk');
  const row = {
    id: keyId,
    account_id: accountId,
    user_id: userId,
    name: `key ${keyId}`,
    secret_hash: secretHash,
    created_at: T0 - HOUR,
    ...fields,
  };
  const columns = Object.keys(row);
  db.$client
    .prepare(`INSERT INTO api_keys (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    .run(...Object.values(row));
  return { keyId, token };
}

const revokedAt = (keyId: string) =>
  (db.$client.prepare('SELECT revoked_at AS r FROM api_keys WHERE id = ?').get(keyId) as { r: number | null }).r;
const auditRows = (accountId: string) =>
  db.$client
    .prepare(
      "SELECT target_key_id AS keyId, detail, ip, user_agent AS ua FROM audit_log WHERE account_id = ? AND action = 'key.leak_reported'",
    )
    .all(accountId) as {
    keyId: string;
    detail: string;
    ip: string;
    ua: string;
  }[];

before(() => {
  db = openDatabase(path.join(dir, 'leaks.db'));
  user('a', 'ua');
  user('b', 'ub');
});

describe('revokeLeakedTokens', () => {
  it('revokes live, disabled and expired keys whose secret is genuine, and nothing else', () => {
    const live = key('a', 'ua');
    const disabled = key('a', 'ua', { disabled_at: T0 - 1 });
    const expired = key('a', 'ua', { expires_at: T0 - 1 });
    const alreadyRevoked = key('a', 'ua', { revoked_at: T0 - 1 });
    const other = key('b', 'ub');
    const untouched = key('a', 'ua');
    const wrongSecret = formatToken({ prefix: 'lk', keyId: untouched.keyId, secret: generateSecret() });
    const badChecksum = untouched.token.slice(0, -1) + (untouched.token.endsWith('A') ? 'B' : 'A');
    const unknown = newToken('lk').token;

    const count = revokeLeakedTokens(
      db,
      [
        { token: live.token, url: 'https://github.com/o/r/blob/abc/.env', source: 'content', type: 'latchkey_api_key' },
        { token: disabled.token },
        { token: expired.token },
        { token: alreadyRevoked.token },
        { token: other.token, url: 'https://example.com/paste' },
        { token: wrongSecret },
        { token: badChecksum },
        { token: unknown },
        { token: 'not a token' },
        { token: live.token }, // reported twice in one batch: revoked once
      ],
      'lk',
      policy,
      reporter,
      T0,
    );
    assert.equal(count, 4);
    for (const k of [live, disabled, expired, other]) assert.equal(revokedAt(k.keyId), T0);
    assert.equal(revokedAt(alreadyRevoked.keyId), T0 - 1);
    assert.equal(revokedAt(untouched.keyId), null);

    const rowsA = auditRows('a');
    assert.deepEqual(rowsA.map((r) => r.keyId).sort(), [live.keyId, disabled.keyId, expired.keyId].sort());
    const liveRow = rowsA.find((r) => r.keyId === live.keyId)!;
    assert.deepEqual(JSON.parse(liveRow.detail), {
      url: 'https://github.com/o/r/blob/abc/.env',
      source: 'content',
      type: 'latchkey_api_key',
    });
    assert.equal(liveRow.ip, reporter.ip);
    assert.equal(liveRow.ua, reporter.userAgent);
    // Each key's row is in its own account only.
    assert.deepEqual(
      auditRows('b').map((r) => r.keyId),
      [other.keyId],
    );
    // No row anywhere holds the token or its secret.
    const everything = JSON.stringify(db.$client.prepare('SELECT * FROM audit_log').all());
    for (const k of [live, disabled, expired, other])
      assert.equal(everything.includes(k.token.split('_')[2]!.slice(0, 32)), false);
  });

  it('the previous secret counts during its grace window, not after', () => {
    const oldSecret = generateSecret();
    const inGrace = key('a', 'ua', {
      previous_secret_hash: hashSecret(oldSecret),
      previous_secret_expires_at: T0 + HOUR,
    });
    const oldToken = formatToken({ prefix: 'lk', keyId: inGrace.keyId, secret: oldSecret });
    const pastGrace = key('a', 'ua', {
      previous_secret_hash: hashSecret(oldSecret),
      previous_secret_expires_at: T0 - 1,
    });
    const staleToken = formatToken({ prefix: 'lk', keyId: pastGrace.keyId, secret: oldSecret });
    assert.equal(revokeLeakedTokens(db, [{ token: oldToken }, { token: staleToken }], 'lk', policy, reporter, T0), 1);
    assert.equal(revokedAt(inGrace.keyId), T0);
    assert.equal(revokedAt(pastGrace.keyId), null);
  });

  it('asks the policy about the holder and the key row, and revokes nothing it refuses', () => {
    const k = key('a', 'ua');
    const asked: unknown[] = [];
    const refuse: DecideLeak = (holder, target) => {
      asked.push([holder, target]);
      return { allowed: false, reason: 'forbidden', sudo: false };
    };
    assert.equal(revokeLeakedTokens(db, [{ token: k.token }], 'lk', refuse, reporter, T0), 0);
    assert.equal(revokedAt(k.keyId), null);
    assert.equal(
      auditRows('a').some((row) => row.keyId === k.keyId),
      false,
    );
    assert.deepEqual(asked, [
      [
        { accountId: 'a', keyId: k.keyId },
        { id: k.keyId, accountId: 'a', kind: 'personal', userId: 'ua', serviceAccountId: null },
      ],
    ]);
    // The same report, with the policy's own answer, revokes it.
    assert.equal(revokeLeakedTokens(db, [{ token: k.token }], 'lk', policy, reporter, T0), 1);
    assert.equal(revokedAt(k.keyId), T0);
  });

  it('only tokens with the installation prefix count', () => {
    const k = key('a', 'ua');
    const foreign = `acme${k.token.slice(2)}`;
    assert.equal(revokeLeakedTokens(db, [{ token: foreign }], 'lk', policy, reporter, T0), 0);
    assert.equal(revokedAt(k.keyId), null);
  });
});

describe('leakNoticesForUser', () => {
  it("lists the user's reported keys, newest first, scoped to the account and the period", () => {
    user('c', 'uc');
    const first = key('c', 'uc');
    const second = key('c', 'uc');
    revokeLeakedTokens(
      db,
      [{ token: first.token, url: 'https://example.com/a', source: 'content' }],
      'lk',
      policy,
      reporter,
      T0,
    );
    revokeLeakedTokens(db, [{ token: second.token }], 'lk', policy, reporter, T0 + 1000);
    const notices = leakNoticesForUser(db, 'c', 'uc', T0 - HOUR);
    assert.deepEqual(
      notices.map((n) => [n.keyId, n.reportedAt, n.url, n.source]),
      [
        [second.keyId, T0 + 1000, null, null],
        [first.keyId, T0, 'https://example.com/a', 'content'],
      ],
    );
    assert.equal(notices[0]!.keyName, `key ${second.keyId}`);
    assert.deepEqual(leakNoticesForUser(db, 'c', 'uc', T0 + 1), notices.slice(0, 1));
    // The same user id under another account, or another user of the account, sees nothing.
    assert.deepEqual(leakNoticesForUser(db, 'a', 'uc', 0), []);
    assert.deepEqual(leakNoticesForUser(db, 'c', 'ua', 0), []);
  });
});

describe('report text', () => {
  // The reporter's url, source and type are shown to the key's owner and in the audit log: bidi overrides, NUL, ESC
  // and other controls are removed, by the rule key names follow (lib/keys/name-rules.ts).
  it('is stored without control and bidi characters, and kept otherwise', () => {
    user('d', 'ud');
    const k = key('d', 'ud');
    revokeLeakedTokens(
      db,
      [
        {
          token: k.token,
          url: 'https://github.com/o/r/blob/abc/\u202Egnp.exe\u0000\u001b[31m.env',
          source: ' con\u2066tent\u0007 ',
          type: 'latchkey\u200F_api_key\u0085',
        },
      ],
      'lk',
      policy,
      reporter,
      T0,
    );
    assert.deepEqual(JSON.parse(auditRows('d')[0]!.detail), {
      url: 'https://github.com/o/r/blob/abc/gnp.exe[31m.env',
      source: 'content',
      type: 'latchkey_api_key',
    });
    assert.deepEqual(
      leakNoticesForUser(db, 'd', 'ud', 0).map((n) => [n.url, n.source]),
      [['https://github.com/o/r/blob/abc/gnp.exe[31m.env', 'content']],
    );
  });

  it('a field of nothing but such characters is left out', () => {
    user('e', 'ue');
    const k = key('e', 'ue');
    revokeLeakedTokens(db, [{ token: k.token, url: '\u202E\u0000', source: 'content' }], 'lk', policy, reporter, T0);
    assert.deepEqual(JSON.parse(auditRows('e')[0]!.detail), { source: 'content' });
  });

  it('rows written before the rule are shown cleaned in the notice', () => {
    user('f', 'uf');
    const k = key('f', 'uf');
    db.$client
      .prepare(
        "INSERT INTO audit_log (account_id, action, target_key_id, detail, created_at) VALUES ('f', 'key.leak_reported', ?, ?, ?)",
      )
      .run(k.keyId, JSON.stringify({ url: 'https://x.example/\u202Eabc', source: 'con\u0000tent' }), T0);
    assert.deepEqual(
      leakNoticesForUser(db, 'f', 'uf', 0).map((n) => [n.url, n.source]),
      [['https://x.example/abc', 'content']],
    );
  });
});
