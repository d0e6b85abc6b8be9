import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { meta, testDatabase } from '../../db/test-fixture';
import { DAY_MS, keyStatus, type KeyStatus } from '../../lib/keys/expiry';
import { parseKeyListQuery } from '../../lib/keys/list-query';
import type { Actor } from '../../lib/policy/access';
import { visibleKeysPage } from './keys';

// Settings > Keys on real SQLite: searched, filtered, sorted and paged in the SQL, within the policy's scope, and the
// SQL's idea of a key's status the same as keyStatus's (the rule every row shows).

const NOW = Date.UTC(2026, 5, 1, 12);
const t = testDatabase('keys-page');
const { store, run } = t;
after(() => t.close());

const ctx = (actor: Actor) => ({ store, actor, now: NOW, meta });
const query = (params: Record<string, string> = {}) => parseKeyListQuery(params);

describe('visibleKeysPage', () => {
  it('pages 50 at a time with the total, in the scope of the policy', async () => {
    const a = t.account();
    const b = t.account();
    for (let i = 0; i < 120; i++)
      t.insertKey(a.id, i % 2 ? a.users.member : a.users.owner, { name: `key ${i}`, created_at: NOW - i * 1000 });
    t.insertKey(b.id, b.users.owner, { name: 'key of another account' });
    const first = await visibleKeysPage(ctx(a.actor('admin')), query());
    assert.equal(first.total, 120);
    assert.equal(first.keys.length, 50);
    assert.equal(first.keys[0]?.name, 'key 0', 'newest first');
    const third = await visibleKeysPage(ctx(a.actor('admin')), query({ page: '3' }));
    assert.deepEqual(
      third.keys.map((k) => k.name),
      Array.from({ length: 20 }, (_, i) => `key ${100 + i}`),
    );
    assert.equal(Object.keys(third.usage).length, 20, "usage is read for the page's keys only");
    // A member sees only their own keys, whatever they ask.
    const member = await visibleKeysPage(ctx(a.actor('member')), query({ q: 'key' }));
    assert.equal(member.total, 60);
    assert.ok(member.keys.every((k) => k.userId === a.users.member));
  });

  it('searches name, key id and owner, with % and _ taken literally', async () => {
    const a = t.account({ extras: true });
    const deploy = t.insertKey(a.id, a.users.owner, { name: 'CI deploys' });
    t.insertKey(a.id, a.users.owner, { name: '100% coverage_bot' });
    t.insertKey(a.id, a.users.member, { name: 'laptop' });
    t.insertKey(a.id, a.users.owner, {
      kind: 'service',
      user_id: null,
      service_account_id: a.serviceAccountId,
      name: 's',
    });
    const names = async (q: string) =>
      (await visibleKeysPage(ctx(a.actor('owner')), query({ q }))).keys.map((k) => k.name).sort();
    assert.deepEqual(await names('deploy'), ['CI deploys']);
    assert.deepEqual(await names(deploy.slice(2, 9)), ['CI deploys']);
    assert.deepEqual(await names('%'), ['100% coverage_bot']);
    assert.deepEqual(await names('e_b'), ['100% coverage_bot']);
    assert.deepEqual(await names(a.users.member.slice(0, 8)), ['laptop'], 'the owner is their email');
    assert.deepEqual(await names('bot'), ['100% coverage_bot', 's'], 'the service account is named bot');
    assert.deepEqual(
      (await visibleKeysPage(ctx(a.actor('owner')), query({ kind: 'service' }))).keys.map((k) => k.name),
      ['s'],
    );
  });

  it('sorts by name, expiry (never last) and last use (never used last), both ways', async () => {
    const a = t.account();
    t.insertKey(a.id, a.users.owner, { name: 'b', expires_at: NOW + 5 * DAY_MS, last_used_at: NOW - 10 });
    t.insertKey(a.id, a.users.owner, { name: 'A', expires_at: null, last_used_at: null });
    t.insertKey(a.id, a.users.owner, { name: 'c', expires_at: NOW + 1 * DAY_MS, last_used_at: NOW - 99 });
    const order = async (params: Record<string, string>) =>
      (await visibleKeysPage(ctx(a.actor('owner')), query(params))).keys.map((k) => k.name);
    assert.deepEqual(await order({ sort: 'name' }), ['A', 'b', 'c']);
    assert.deepEqual(await order({ sort: 'name', dir: 'desc' }), ['c', 'b', 'A']);
    assert.deepEqual(await order({ sort: 'expires' }), ['c', 'b', 'A']);
    assert.deepEqual(await order({ sort: 'expires', dir: 'desc' }), ['b', 'c', 'A']);
    assert.deepEqual(await order({ sort: 'last_used' }), ['b', 'c', 'A']);
    assert.deepEqual(await order({ sort: 'last_used', dir: 'asc' }), ['c', 'b', 'A']);
  });

  it('the status filter selects exactly the keys whose status keyStatus gives, with and without a cap', async () => {
    for (const cap of [null, 30]) {
      const a = t.account();
      if (cap !== null) run('UPDATE accounts SET max_key_lifetime_days = ? WHERE id = ?', cap, a.id);
      const ages = [0, 3, 7, 8, 25, 29, 31, 40].map((d) => d * DAY_MS);
      const ends = [null, -DAY_MS, 0, 1, 3 * DAY_MS, 7 * DAY_MS, 7 * DAY_MS + 1, 60 * DAY_MS];
      const rows: {
        id: string;
        created: number;
        expires: number | null;
        revoked: number | null;
        disabled: number | null;
      }[] = [];
      let n = 0;
      for (const age of ages)
        for (const end of ends)
          for (const state of ['live', 'revoked', 'disabled'] as const) {
            const row = {
              created: NOW - age,
              expires: end === null ? null : NOW + end,
              revoked: state === 'revoked' ? NOW - 1 : null,
              disabled: state === 'disabled' ? NOW - 1 : null,
            };
            const id = t.insertKey(a.id, a.users.owner, {
              name: `k${n++}`,
              created_at: row.created,
              expires_at: row.expires,
              revoked_at: row.revoked,
              disabled_at: row.disabled,
            });
            rows.push({ id, ...row });
          }
      for (const status of ['active', 'expiring', 'expired', 'disabled', 'revoked'] as KeyStatus[]) {
        const expected = rows
          .filter(
            (r) =>
              keyStatus(
                { createdAt: r.created, expiresAt: r.expires, revokedAt: r.revoked, disabledAt: r.disabled },
                cap,
                NOW,
              ) === status,
          )
          .map((r) => r.id)
          .sort();
        const got: string[] = [];
        for (let page = 1; ; page++) {
          const result = await visibleKeysPage(ctx(a.actor('owner')), query({ status, page: String(page) }));
          got.push(...result.keys.map((k) => k.id));
          assert.ok(result.keys.every((k) => k.status === status));
          if (result.keys.length < 50) break;
        }
        assert.deepEqual(got.sort(), expected, `${status} under cap ${cap}`);
        assert.ok(expected.length > 0, `the grid has ${status} keys under cap ${cap}`);
      }
    }
  });
});
