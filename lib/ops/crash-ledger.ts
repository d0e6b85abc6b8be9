import { hashesEqual, hashSecret, parseToken } from '../keys/token';

// The crash drill's memory of what the server acknowledged (scripts/crash-drill.ts). An operation is acknowledged
// once its response arrived; one cut off by the kill is pending, and may or may not have committed. After each
// restart the ledger is compared with the database: acknowledged state must be there exactly, pending state may
// have gone either way (and is then settled to what the database shows). Pure: the drill passes the rows in.

/** One key's row as the database holds it after the restart. */
export interface KeyRowState {
  secretHash: Buffer;
  previousSecretHash: Buffer | null;
  revokedAt: number | null;
  /** Number of key.regenerated audit rows for the key. */
  regenerations: number;
}

interface Expectation {
  /** The current token, or null once a regeneration committed but its response (the new token) was lost. */
  token: string | null;
  revoked: boolean;
  regenerations: number;
  /** The token the previous-secret slot must hold (a grace rotation), null for an empty slot, 'any' when unknown. */
  previous: string | null | 'any';
  pending: null | { op: 'revoke' } | { op: 'regenerate'; grace: string };
}

const hashOf = (token: string) => {
  const parsed = parseToken(token, token.split('_')[0] ?? '');
  if (!parsed.ok) throw new Error('the ledger was given a malformed token');
  return hashSecret(parsed.token.secret);
};

export class CrashLedger {
  private keys = new Map<string, Expectation & { owner: number }>();
  /** Names of creates whose response never arrived; each may exist at most once. */
  private pendingCreates = new Set<string>();
  private busy = new Set<string>();
  /** Tokens replaced by a regeneration without grace: they must no longer authenticate. */
  private retired: { keyId: string; token: string }[] = [];
  private seen = new Set<string>();
  unacknowledgedCommitted = 0;

  acknowledgeCreate(keyId: string, token: string, owner: number) {
    this.seen.add(token);
    this.keys.set(keyId, { owner, token, revoked: false, regenerations: 0, previous: null, pending: null });
  }

  createCutOff(name: string) {
    this.pendingCreates.add(name);
  }

  /** A live key nobody is working on, to revoke or regenerate; marks it busy until `release`. */
  take(random: () => number, owner?: number): { keyId: string; owner: number; token: string | null } | null {
    const free = [...this.keys].filter(
      ([id, k]) => !k.revoked && !k.pending && !this.busy.has(id) && (owner === undefined || k.owner === owner),
    );
    if (free.length === 0) return null;
    // random() is in [0, 1), so the index is within the non-empty list.
    const [keyId, key] = free[Math.floor(random() * free.length)]!;
    this.busy.add(keyId);
    return { keyId, owner: key.owner, token: key.token };
  }

  release(keyId: string) {
    this.busy.delete(keyId);
  }

  acknowledgeRevoke(keyId: string) {
    const key = this.expect(keyId);
    Object.assign(key, { revoked: true, previous: null });
  }

  /** `grace` is the form's choice: 'immediately' empties the previous-secret slot, anything else fills it. */
  acknowledgeRegenerate(keyId: string, token: string, grace: string) {
    const key = this.expect(keyId);
    this.seen.add(token);
    this.rotate(keyId, key, grace);
    Object.assign(key, { token, regenerations: key.regenerations + 1 });
  }

  private rotate(keyId: string, key: Expectation, grace: string) {
    if (grace === 'immediately' && key.token) this.retired.push({ keyId, token: key.token });
    key.previous = grace === 'immediately' ? null : (key.token ?? 'any');
  }

  revokeCutOff(keyId: string) {
    this.expect(keyId).pending = { op: 'revoke' };
  }

  regenerateCutOff(keyId: string, grace: string) {
    this.expect(keyId).pending = { op: 'regenerate', grace };
  }

  private expect(keyId: string) {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`the ledger does not know key ${keyId}`);
    return key;
  }

  /**
   * Compares the ledger with the database after a restart and returns every violation (empty when all is well).
   * `rows` holds each existing key's state by key id; `namesFound` counts keys per pending-create name.
   */
  reconcile(rows: Map<string, KeyRowState>, namesFound: Map<string, number>): string[] {
    const violations: string[] = [];
    for (const [keyId, key] of this.keys) {
      const reported = violations.length;
      const row = rows.get(keyId);
      if (!row) {
        violations.push(`acknowledged key ${keyId} is missing`);
        continue;
      }
      const regenerated = row.regenerations - key.regenerations;
      const pendingGrace = key.pending?.op === 'regenerate' ? key.pending.grace : null;
      const mayRegenerate = pendingGrace !== null;
      if (regenerated !== 0 && !(mayRegenerate && regenerated === 1)) {
        violations.push(
          `key ${keyId} has ${row.regenerations} regenerations, ${key.regenerations} acknowledged${mayRegenerate ? ' (+1 cut off)' : ''}`,
        );
      }
      if (regenerated === 1 && mayRegenerate) {
        // Committed, response lost: the secret must have changed, to one nobody was told.
        if (key.token && hashesEqual(hashOf(key.token), row.secretHash))
          violations.push(`key ${keyId} counts a regeneration but kept its secret`);
        this.rotate(keyId, key, pendingGrace);
        Object.assign(key, { token: null, regenerations: row.regenerations });
      } else if (key.token && !hashesEqual(hashOf(key.token), row.secretHash)) {
        violations.push(`key ${keyId} does not hold its acknowledged secret`);
      }
      const revoked = row.revokedAt !== null;
      if (revoked !== key.revoked && key.pending?.op !== 'revoke') {
        violations.push(
          `key ${keyId} is ${revoked ? 'revoked' : 'not revoked'}, acknowledged ${key.revoked ? 'revoked' : 'live'}`,
        );
      }
      if (revoked) key.previous = null;
      if (key.previous !== 'any') {
        const holds =
          key.previous === null
            ? row.previousSecretHash === null
            : hashesEqual(hashOf(key.previous), row.previousSecretHash);
        if (!holds) violations.push(`key ${keyId} has the wrong previous secret`);
      }
      key.revoked = revoked;
      key.pending = null;
      // One fault is reported once: after a violation the previous-secret slot is no longer predictable.
      if (violations.length > reported) key.previous = 'any';
    }
    for (const name of this.pendingCreates) {
      const found = namesFound.get(name) ?? 0;
      if (found > 1) violations.push(`a cut-off create left ${found} keys`);
      if (found === 1) this.unacknowledgedCommitted++;
    }
    this.pendingCreates.clear();
    this.busy.clear();
    return violations;
  }

  /** Tokens that must authenticate (live, known) and must not (revoked, or regenerated away without grace). */
  tokensToTry(random: () => number, live: number, dead: number) {
    const pick = <T>(list: T[], n: number) => [...list].sort(() => random() - 0.5).slice(0, n);
    const known = [...this.keys].filter(([, k]) => k.token !== null) as [string, Expectation & { token: string }][];
    return {
      live: pick(
        known.filter(([, k]) => !k.revoked),
        live,
      ).map(([keyId, k]) => ({ keyId, token: k.token })),
      dead: pick(
        [...known.filter(([, k]) => k.revoked).map(([keyId, k]) => ({ keyId, token: k.token })), ...this.retired],
        dead,
      ),
    };
  }

  get size() {
    return this.keys.size;
  }

  /** Every token the drill was given, for the check that none reached the server's output. */
  tokens(): string[] {
    return [...this.seen];
  }
}
