import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Actor } from '../../lib/policy/access';
import { createServiceAccount } from './service-accounts';
import { meta, testDatabase } from '../../db/test-fixture';

// The service-accounts service on a real SQLite file.

const t = testDatabase('service-accounts-service');
after(t.close);
const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = (actor: Actor) => ({ store: t.store, actor, now: NOW, meta });
const audits = (accountId: string) =>
  t.one<{ n: number }>(
    "SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = 'service_account.created'",
    accountId,
  ).n;
const input = { name: 'deployer', role: 'admin' as const, description: 'CI' };

describe('createServiceAccount', () => {
  it('owners and admins in sudo mode create one, in their own account, with its audit row', async () => {
    const a = t.account();
    const result = await createServiceAccount(ctx(a.actor('admin')), input);
    assert.ok(result.ok);
    const row = t.one<{ account_id: string; name: string; role: string; description: string }>(
      'SELECT * FROM service_accounts WHERE id = ?',
      result.id,
    );
    assert.deepEqual([row.account_id, row.name, row.role, row.description], [a.id, 'deployer', 'admin', 'CI']);
    assert.equal(audits(a.id), 1);
  });

  it('a member, a stale session, an API key and a token holder are refused and leave nothing behind', async () => {
    const a = t.account();
    const refusals: [Actor, string][] = [
      [a.actor('member'), 'forbidden'],
      [a.actor('owner', false), 'reauth'],
      [
        { type: 'key', accountId: a.id, keyId: 'k', owner: { type: 'user', id: a.users.owner, role: 'owner' } },
        'forbidden',
      ],
      [{ type: 'token_holder', accountId: a.id, keyId: 'k' }, 'forbidden'],
    ];
    for (const [actor, reason] of refusals)
      assert.deepEqual(await createServiceAccount(ctx(actor), input), { ok: false, reason });
    assert.equal(t.count('service_accounts', a.id), 0);
    assert.equal(audits(a.id), 0);
  });

  it('a failing insert leaves no audit row', async () => {
    const a = t.account();
    t.run(
      `CREATE TRIGGER fail_sa BEFORE INSERT ON service_accounts WHEN NEW.account_id = '${a.id}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    try {
      await assert.rejects(createServiceAccount(ctx(a.actor('owner')), input), /disk full/);
    } finally {
      t.run('DROP TRIGGER fail_sa');
    }
    assert.equal(t.count('service_accounts', a.id), 0);
    assert.equal(audits(a.id), 0);
  });
});
