import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newToken } from '../keys/token';
import { CrashLedger, type KeyRowState } from './crash-ledger';

const always = () => 0;
const row = (secretHash: Buffer, more: Partial<KeyRowState> = {}): KeyRowState => ({
  secretHash,
  previousSecretHash: null,
  revokedAt: null,
  regenerations: 0,
  ...more,
});
const noNames = new Map<string, number>();

describe('CrashLedger', () => {
  it('accepts a database that holds exactly what was acknowledged', () => {
    const ledger = new CrashLedger();
    const a = newToken('lk');
    const b = newToken('lk');
    const b2 = newToken('lk', b.keyId);
    ledger.acknowledgeCreate(a.keyId, a.token, 0);
    ledger.acknowledgeCreate(b.keyId, b.token, 1);
    ledger.acknowledgeRevoke(a.keyId);
    ledger.acknowledgeRegenerate(b.keyId, b2.token, '1h');
    const rows = new Map([
      [a.keyId, row(a.secretHash, { revokedAt: 5 })],
      [b.keyId, row(b2.secretHash, { previousSecretHash: b.secretHash, regenerations: 1 })],
    ]);
    assert.deepEqual(ledger.reconcile(rows, noNames), []);
  });

  it('reports a lost key, a lost revocation, a lost regeneration and a wrong previous secret', () => {
    const ledger = new CrashLedger();
    const [a, b, c] = [newToken('lk'), newToken('lk'), newToken('lk')];
    const c2 = newToken('lk', c.keyId);
    for (const [i, t] of [a, b, c].entries()) ledger.acknowledgeCreate(t.keyId, t.token, i);
    ledger.acknowledgeRevoke(b.keyId);
    ledger.acknowledgeRegenerate(c.keyId, c2.token, 'immediately');
    const rows = new Map([
      [b.keyId, row(b.secretHash)],
      [c.keyId, row(c.secretHash, { previousSecretHash: a.secretHash })],
    ]);
    const violations = ledger.reconcile(rows, noNames).join('\n');
    assert.match(violations, new RegExp(`acknowledged key ${a.keyId} is missing`));
    assert.match(violations, new RegExp(`key ${b.keyId} is not revoked, acknowledged revoked`));
    assert.match(violations, new RegExp(`key ${c.keyId} has 0 regenerations, 1 acknowledged`));
    assert.match(violations, new RegExp(`key ${c.keyId} does not hold its acknowledged secret`));
    assert.match(violations, new RegExp(`key ${c.keyId} has the wrong previous secret`));
  });

  it('lets a cut-off revocation or regeneration go either way, then holds the database to the outcome', () => {
    const ledger = new CrashLedger();
    const [a, b] = [newToken('lk'), newToken('lk')];
    ledger.acknowledgeCreate(a.keyId, a.token, 0);
    ledger.acknowledgeCreate(b.keyId, b.token, 0);
    ledger.revokeCutOff(a.keyId);
    ledger.regenerateCutOff(b.keyId, 'immediately');
    const unknownSecret = newToken('lk', b.keyId).secretHash;
    const after = new Map([
      [a.keyId, row(a.secretHash, { revokedAt: 9 })],
      [b.keyId, row(unknownSecret, { regenerations: 1 })],
    ]);
    assert.deepEqual(ledger.reconcile(after, noNames), []);
    // Settled: a is now revoked for good, and b's old token is retired.
    const tries = ledger.tokensToTry(always, 5, 5);
    assert.deepEqual(tries.live, []);
    assert.deepEqual(tries.dead.map((t) => t.keyId).sort(), [a.keyId, b.keyId].sort());
    const undone = new Map([
      [a.keyId, row(a.secretHash)],
      [b.keyId, row(unknownSecret, { regenerations: 1 })],
    ]);
    assert.match(ledger.reconcile(undone, noNames).join(), /is not revoked, acknowledged revoked/);
  });

  it('reports a cut-off regeneration that was counted but kept the old secret', () => {
    const ledger = new CrashLedger();
    const a = newToken('lk');
    ledger.acknowledgeCreate(a.keyId, a.token, 0);
    ledger.regenerateCutOff(a.keyId, 'immediately');
    const violations = ledger.reconcile(new Map([[a.keyId, row(a.secretHash, { regenerations: 1 })]]), noNames);
    assert.match(violations.join(), /counts a regeneration but kept its secret/);
  });

  it('counts cut-off creates that committed, and reports one that committed twice', () => {
    const ledger = new CrashLedger();
    ledger.createCutOff('drill 1.1');
    ledger.createCutOff('drill 1.2');
    ledger.createCutOff('drill 1.3');
    const violations = ledger.reconcile(
      new Map(),
      new Map([
        ['drill 1.1', 1],
        ['drill 1.3', 2],
      ]),
    );
    assert.deepEqual(violations, ['a cut-off create left 2 keys']);
    assert.equal(ledger.unacknowledgedCommitted, 1);
  });

  it('hands out each live key to one operation at a time', () => {
    const ledger = new CrashLedger();
    const a = newToken('lk');
    ledger.acknowledgeCreate(a.keyId, a.token, 0);
    assert.equal(ledger.take(always)?.keyId, a.keyId);
    assert.equal(ledger.take(always), null);
    ledger.release(a.keyId);
    ledger.acknowledgeRevoke(a.keyId);
    assert.equal(ledger.take(always), null);
  });
});
