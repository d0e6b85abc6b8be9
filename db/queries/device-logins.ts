import 'server-only';
// Device logins (`latchkey login`): the statements behind starting one, showing it on /device, approving or denying
// it, and the CLI collecting the outcome. Each is one synchronous transaction; the codes arrive already hashed and
// the token already sealed (lib/device), so nothing is computed or awaited inside.
import { and, eq, gt, lt, lte } from 'drizzle-orm';
import { WRITE, type Db } from '..';
import { currentActor } from './actors';
import { deviceLogins } from '../schema';
import type { Actor } from '@/lib/policy/access';
import type { RequestMeta } from '@/lib/types';
import type {
  ApproveDeviceResult,
  DecideActor,
  DeviceLoginView,
  DevicePoll,
  NewDevice,
  NewDeviceLogin,
  NewKey,
} from '../store';
import { insertKeyIn, markRevoked } from './keys';
import { writeAudit } from './audit';
import { SLOW_DOWN_SECONDS } from '@/lib/device/codes';

/** Logins expired this long ago are deleted when a new one starts: the table holds only the last day's. */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

/**
 * Starts a login, after tidying up: an approved login whose CLI never collected its key before the code expired is
 * abandoned, its sealed token dropped and its key revoked (nobody can ever hold that token), with the audit row; logins
 * expired a day ago are deleted.
 */
export function createDeviceLogin(db: Db, login: NewDeviceLogin) {
  const now = login.createdAt;
  db.transaction((tx) => {
    const abandoned = tx
      .select({ id: deviceLogins.id, accountId: deviceLogins.accountId, keyId: deviceLogins.keyId })
      .from(deviceLogins)
      .where(and(eq(deviceLogins.status, 'approved'), lte(deviceLogins.expiresAt, now)))
      .all();
    for (const row of abandoned) {
      if (row.accountId && row.keyId && markRevoked(tx, row.accountId, row.keyId, now))
        writeAudit(tx, {
          accountId: row.accountId,
          action: 'key.revoked',
          targetKeyId: row.keyId,
          actorLabel: 'Latchkey',
          detail: { reason: 'cli_login_not_collected' },
          createdAt: now,
        });
      tx.update(deviceLogins).set({ status: 'abandoned', sealedToken: null }).where(eq(deviceLogins.id, row.id)).run();
    }
    tx.delete(deviceLogins)
      .where(lt(deviceLogins.expiresAt, now - KEEP_EXPIRED_MS))
      .run();
    tx.insert(deviceLogins).values(login).run();
  }, WRITE);
}

const viewColumns = {
  id: deviceLogins.id,
  publicKey: deviceLogins.publicKey,
  clientHost: deviceLogins.clientHost,
  clientPlatform: deviceLogins.clientPlatform,
  clientVersion: deviceLogins.clientVersion,
  requestIp: deviceLogins.requestIp,
  createdAt: deviceLogins.createdAt,
  expiresAt: deviceLogins.expiresAt,
};

/** The login a user code names, while it waits for a decision and has not expired. */
export function pendingDeviceLogin(db: Db, userCodeHash: Buffer, now: number): DeviceLoginView | null {
  return (
    db
      .select(viewColumns)
      .from(deviceLogins)
      .where(
        and(
          eq(deviceLogins.userCodeHash, userCodeHash),
          eq(deviceLogins.status, 'pending'),
          gt(deviceLogins.expiresAt, now),
        ),
      )
      .get() ?? null
  );
}

/**
 * Approves a pending login: in one write transaction the login is read again (still pending, not expired), the key
 * is issued as any personal key is (insertKeyIn: the actor read again, the policy, the cap, the audit row), and the
 * login records the key and the sealed token. Single use: a second approval finds nothing pending.
 */
export function approveDeviceLogin(
  db: Db,
  actor: Actor,
  login: { id: string; userCodeHash: Buffer },
  device: NewDevice,
  key: NewKey,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): ApproveDeviceResult {
  return db.transaction((tx): ApproveDeviceResult => {
    const pending = tx
      .select({ id: deviceLogins.id, publicKey: deviceLogins.publicKey })
      .from(deviceLogins)
      .where(
        and(
          eq(deviceLogins.id, login.id),
          eq(deviceLogins.userCodeHash, login.userCodeHash),
          eq(deviceLogins.status, 'pending'),
          gt(deviceLogins.expiresAt, now),
        ),
      )
      .get();
    // The token was sealed to the key this login was read with; a row that changed is no longer that login.
    if (!pending || pending.publicKey !== device.publicKey) return { ok: false, reason: 'no_such_login' };
    if (actor.type !== 'user') return { ok: false, reason: 'forbidden' };
    const issued = insertKeyIn(tx, actor, { kind: 'personal', userId: actor.userId }, key, decide, now, meta);
    // Refused before anything was written (insertKeyIn decides first): the login keeps waiting.
    if (!issued.ok) return issued;
    tx.update(deviceLogins)
      .set({
        status: 'approved',
        decidedAt: now,
        decidedByUserId: actor.userId,
        accountId: actor.accountId,
        keyId: key.id,
        sealedToken: device.sealedToken,
      })
      .where(eq(deviceLogins.id, login.id))
      .run();
    return issued;
  }, WRITE);
}

/** Denies a pending login (single use, like approval); false when nothing was pending under that code. */
export function denyDeviceLogin(db: Db, actor: Actor, login: { id: string; userCodeHash: Buffer }, now: number) {
  return db.transaction((tx) => {
    // Only a person, as they are now (signed in, still in their account), decides a login: read again here.
    const current = currentActor(tx, actor, now);
    if (current?.type !== 'user') return false;
    const result = tx
      .update(deviceLogins)
      .set({ status: 'denied', decidedAt: now, decidedByUserId: current.userId })
      .where(
        and(
          eq(deviceLogins.id, login.id),
          eq(deviceLogins.userCodeHash, login.userCodeHash),
          eq(deviceLogins.status, 'pending'),
          gt(deviceLogins.expiresAt, now),
        ),
      )
      .run();
    return result.changes === 1;
  }, WRITE);
}

/**
 * The CLI's poll (RFC 8628 §3.4-3.5): pending, slow_down when it polls sooner than its interval (which then grows by
 * 5 s for good), denied, expired, or approved, whose sealed token is handed over once and deleted in the same
 * transaction. An unknown or already collected code is 'unknown'.
 */
export function pollDeviceLogin(db: Db, deviceCodeHash: Buffer, now: number): DevicePoll {
  return db.transaction((tx): DevicePoll => {
    const row = tx
      .select({
        id: deviceLogins.id,
        status: deviceLogins.status,
        expiresAt: deviceLogins.expiresAt,
        intervalSeconds: deviceLogins.intervalSeconds,
        lastPolledAt: deviceLogins.lastPolledAt,
        sealedToken: deviceLogins.sealedToken,
      })
      .from(deviceLogins)
      .where(eq(deviceLogins.deviceCodeHash, deviceCodeHash))
      .get();
    if (!row || row.status === 'collected') return { status: 'unknown' };
    if (row.status === 'abandoned') return { status: 'expired' };
    if (row.status === 'denied') return { status: 'denied' };
    if (now >= row.expiresAt) return { status: 'expired' };
    if (row.status === 'approved' && row.sealedToken) {
      tx.update(deviceLogins)
        .set({ status: 'collected', sealedToken: null, lastPolledAt: now })
        .where(eq(deviceLogins.id, row.id))
        .run();
      return { status: 'approved', sealedToken: row.sealedToken };
    }
    const tooSoon = row.lastPolledAt !== null && now - row.lastPolledAt < row.intervalSeconds * 1000;
    const interval = tooSoon ? row.intervalSeconds + SLOW_DOWN_SECONDS : row.intervalSeconds;
    tx.update(deviceLogins)
      .set({ lastPolledAt: now, intervalSeconds: interval })
      .where(eq(deviceLogins.id, row.id))
      .run();
    return tooSoon ? { status: 'slow_down', interval } : { status: 'pending', interval };
  }, WRITE);
}
