import { DAY_MS } from '../keys/expiry';

// Usage aggregated in memory between flushes (pure: no clock, no I/O). A request costs a Map update; the database
// sees one batch per flush interval instead of a write per request.

export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

export interface KeyUsage {
  keyId: string;
  lastUsedAt: number;
  /** The client address of the latest use, where the listener knew it. */
  lastUsedIp: string | null;
  /** The User-Agent of the latest use, if the caller sent one (at most 512 characters). */
  lastUsedUserAgent: string | null;
  /** Latest use of the secret replaced by a regeneration, during its grace window. */
  previousSecretLastUsedAt: number | null;
  /** Requests per UTC day (days since the epoch). */
  days: Map<number, number>;
}

export class UsageBuffer {
  private keys = new Map<string, KeyUsage>();

  record(keyId: string, at: number, previousSecret = false, ip: string | null = null, userAgent: string | null = null) {
    let usage = this.keys.get(keyId);
    if (!usage) {
      usage = {
        keyId,
        lastUsedAt: at,
        lastUsedIp: ip,
        lastUsedUserAgent: userAgent,
        previousSecretLastUsedAt: null,
        days: new Map(),
      };
      this.keys.set(keyId, usage);
    }
    // Requests can finish out of order: last-used only moves forward, and the address and User-Agent go with it
    // (the User-Agent is the latest request's, sent or not: an old one would describe another client).
    if (at >= usage.lastUsedAt) {
      usage.lastUsedAt = at;
      usage.lastUsedIp = ip ?? usage.lastUsedIp;
      usage.lastUsedUserAgent = userAgent;
    }
    if (previousSecret && (usage.previousSecretLastUsedAt === null || at > usage.previousSecretLastUsedAt)) {
      usage.previousSecretLastUsedAt = at;
    }
    const day = dayOf(at);
    usage.days.set(day, (usage.days.get(day) ?? 0) + 1);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Everything recorded since the last drain; the buffer starts empty again. */
  drain(): KeyUsage[] {
    const batch = [...this.keys.values()];
    this.keys = new Map();
    return batch;
  }

  /** Puts a batch back after a failed flush, so counts are not lost while the database is busy. */
  restore(batch: KeyUsage[]) {
    for (const usage of batch) {
      const current = this.keys.get(usage.keyId);
      if (!current) {
        this.keys.set(usage.keyId, usage);
        continue;
      }
      if (usage.lastUsedAt > current.lastUsedAt) {
        current.lastUsedAt = usage.lastUsedAt;
        current.lastUsedIp = usage.lastUsedIp ?? current.lastUsedIp;
        current.lastUsedUserAgent = usage.lastUsedUserAgent;
      }
      if (usage.previousSecretLastUsedAt !== null) {
        current.previousSecretLastUsedAt = Math.max(
          current.previousSecretLastUsedAt ?? 0,
          usage.previousSecretLastUsedAt,
        );
      }
      for (const [day, count] of usage.days) current.days.set(day, (current.days.get(day) ?? 0) + count);
    }
  }
}
