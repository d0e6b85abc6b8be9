import assert from 'node:assert/strict';
import crypto, { randomUUID } from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { after, before, describe, it, mock } from 'node:test';
import { testDatabase } from '../../db/test-fixture';
import { signUp } from './sign-up';

// Sign-up is open to anyone, and its password hash is scrypt at 128 MiB: the per-address limit has to refuse an
// attempt before that hash is computed, or the limit would bound the accounts made but not the work done. These
// count the scrypt calls the real hash makes (the call still goes through to node:crypto).

const t = testDatabase('sign-up');
let scryptCalls = 0;
before(() => {
  const real = crypto.scrypt;
  mock.method(crypto, 'scrypt', (...args: Parameters<typeof crypto.scrypt>) => {
    scryptCalls += 1;
    return (real as (...a: unknown[]) => void)(...args);
  });
  // The ESM view of node:crypto (the named import in lib/auth/password.ts) follows the patched object only after this.
  syncBuiltinESMExports();
});
after(() => {
  mock.restoreAll();
  syncBuiltinESMExports();
  t.close();
});

describe('the sign-up limit', () => {
  // A limit no other test of the process uses, and an address of its own: the gate is one per process and limit.
  const LIMIT = 2;
  const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
  const attempt = () =>
    signUp({ store: t.store, now: Date.now(), meta: { ip } }, LIMIT, {
      email: `${randomUUID()}@example.com`,
      password: 'correct horse battery staple',
    });

  it('hashes the password of an attempt within the limit, and refuses one beyond it before hashing', async () => {
    for (let i = 0; i < LIMIT; i += 1) {
      const before = scryptCalls;
      assert.equal((await attempt()).ok, true);
      assert.equal(scryptCalls, before + 1, 'an admitted attempt hashes its password once');
    }
    const before = scryptCalls;
    const refused = await attempt();
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, 'rate_limited');
    assert.equal(scryptCalls, before, 'a refused attempt computes no hash');
  });
});
