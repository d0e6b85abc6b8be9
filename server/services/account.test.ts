import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { newToken } from '../../lib/keys/token';
import type { Actor } from '../../lib/policy/access';
import { renameAccount, setMaxKeyLifetime, setMaxOrganizationKeys } from './account';
import { meta, testDatabase } from '../../db/test-fixture';

// The account settings service on a real SQLite file: the cap's preview-then-confirm, and the refusals.

const t = testDatabase('account-service');
after(t.close);
const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = (actor: Actor) => ({ store: t.store, actor, now: NOW, meta });
const capOf = (accountId: string) =>
  t.one<{ c: number | null }>('SELECT max_key_lifetime_days AS c FROM accounts WHERE id = ?', accountId).c;
const audits = (accountId: string, action: string) =>
  t.one<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = ?', accountId, action).n;
function key(accountId: string, userId: string, createdAt: number) {
  const { keyId, secretHash } = newToken('lk');
  t.run(
    "INSERT INTO api_keys (id, account_id, kind, user_id, name, secret_hash, created_at) VALUES (?, ?, 'personal', ?, 'k', ?, ?)",
    keyId,
    accountId,
    userId,
    secretHash,
    createdAt,
  );
}

describe('setMaxKeyLifetime', () => {
  it('a stricter cap is previewed first and saved only when confirmed; a looser one is saved at once', async () => {
    const a = t.account();
    key(a.id, a.users.member, NOW - 40 * DAY);
    key(a.id, a.users.member, NOW - 10 * DAY);
    const preview = await setMaxKeyLifetime(ctx(a.actor('admin')), { cap: 30, confirmed: false });
    assert.deepEqual(preview, { ok: true, saved: false, cap: 30, preview: { shortened: 2, stopNow: 1 } });
    assert.equal(capOf(a.id), null);
    assert.equal(audits(a.id, 'account.max_key_lifetime_changed'), 0);
    assert.deepEqual(await setMaxKeyLifetime(ctx(a.actor('admin')), { cap: 30, confirmed: true }), {
      ok: true,
      saved: true,
      cap: 30,
    });
    assert.equal(capOf(a.id), 30);
    assert.deepEqual(await setMaxKeyLifetime(ctx(a.actor('owner')), { cap: 90, confirmed: false }), {
      ok: true,
      saved: true,
      cap: 90,
    });
    assert.deepEqual(await setMaxKeyLifetime(ctx(a.actor('owner')), { cap: null, confirmed: false }), {
      ok: true,
      saved: true,
      cap: null,
    });
    assert.equal(audits(a.id, 'account.max_key_lifetime_changed'), 3);
  });

  it('whether the cap is stricter is judged on the cap it replaces, as read when saving', async () => {
    const a = t.account();
    // Someone else set 7 days meanwhile: 30 is now looser, so it is saved without a preview.
    t.run('UPDATE accounts SET max_key_lifetime_days = 7 WHERE id = ?', a.id);
    assert.deepEqual(await setMaxKeyLifetime(ctx(a.actor('admin')), { cap: 30, confirmed: false }), {
      ok: true,
      saved: true,
      cap: 30,
    });
  });

  it('a member and a stale session are refused and change nothing', async () => {
    const a = t.account();
    assert.deepEqual(await setMaxKeyLifetime(ctx(a.actor('member')), { cap: 7, confirmed: true }), {
      ok: false,
      reason: 'forbidden',
    });
    assert.deepEqual(await setMaxKeyLifetime(ctx(a.actor('owner', false)), { cap: 7, confirmed: true }), {
      ok: false,
      reason: 'reauth',
    });
    assert.equal(capOf(a.id), null);
    assert.equal(audits(a.id, 'account.max_key_lifetime_changed'), 0);
  });

  it('an account that no longer exists is refused: its actor is in no account any more', async () => {
    const a = t.account();
    const gone = { ...a.actor('owner'), accountId: 'no-such-account' };
    assert.deepEqual(await setMaxKeyLifetime(ctx(gone), { cap: 7, confirmed: true }), {
      ok: false,
      reason: 'forbidden',
    });
  });
});

describe('setMaxOrganizationKeys', () => {
  it('only owners in sudo mode change the limit', async () => {
    const a = t.account();
    const before = t.one<{ n: number }>('SELECT max_organization_keys AS n FROM accounts WHERE id = ?', a.id).n;
    assert.deepEqual(await setMaxOrganizationKeys(ctx(a.actor('admin')), 5), { ok: false, reason: 'forbidden' });
    assert.deepEqual(await setMaxOrganizationKeys(ctx(a.actor('owner', false)), 5), { ok: false, reason: 'reauth' });
    assert.equal(t.one<{ n: number }>('SELECT max_organization_keys AS n FROM accounts WHERE id = ?', a.id).n, before);
    assert.equal(audits(a.id, 'account.max_organization_keys_changed'), 0);
    assert.deepEqual(await setMaxOrganizationKeys(ctx(a.actor('owner')), 5), { ok: true, limit: 5 });
    assert.equal(audits(a.id, 'account.max_organization_keys_changed'), 1);
  });
});

describe('renameAccount', () => {
  const nameOf = (accountId: string) =>
    t.one<{ n: string }>('SELECT name AS n FROM accounts WHERE id = ?', accountId).n;

  it('an owner in sudo mode renames the account, audited with the old and new name', async () => {
    const a = t.account();
    const before = nameOf(a.id);
    assert.deepEqual(await renameAccount(ctx(a.actor('owner')), 'Acme Ltd'), {
      ok: true,
      changed: true,
      name: 'Acme Ltd',
    });
    assert.equal(nameOf(a.id), 'Acme Ltd');
    const row = t.one<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE account_id = ? AND action = 'account.renamed'",
      a.id,
    );
    assert.deepEqual(JSON.parse(row.detail), { from: before, to: 'Acme Ltd' });
  });

  it('the same name again changes nothing and writes no audit row', async () => {
    const a = t.account();
    await renameAccount(ctx(a.actor('owner')), 'Same');
    assert.deepEqual(await renameAccount(ctx(a.actor('owner')), 'Same'), { ok: true, changed: false, name: 'Same' });
    assert.equal(audits(a.id, 'account.renamed'), 1);
  });

  it('admins, members and a stale session are refused and change nothing', async () => {
    const a = t.account();
    const before = nameOf(a.id);
    assert.deepEqual(await renameAccount(ctx(a.actor('admin')), 'X'), { ok: false, reason: 'forbidden' });
    assert.deepEqual(await renameAccount(ctx(a.actor('member')), 'X'), { ok: false, reason: 'forbidden' });
    assert.deepEqual(await renameAccount(ctx(a.actor('owner', false)), 'X'), { ok: false, reason: 'reauth' });
    assert.equal(nameOf(a.id), before);
    assert.equal(audits(a.id, 'account.renamed'), 0);
  });
});
