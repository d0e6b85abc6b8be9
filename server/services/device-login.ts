import { randomUUID } from 'node:crypto';
import type { DeviceLoginView, DevicePoll, Store } from '@/db/store';
import {
  DEVICE_LOGIN_TTL_MS,
  formatUserCode,
  generateDeviceCode,
  generateUserCode,
  hashCode,
  normalizeUserCode,
  POLL_INTERVAL_SECONDS,
} from '../../lib/device/codes';
import { publicKeyFromRaw, seal } from '../../lib/device/seal';
import { createRateLimiter, type RateLimiter } from '../../lib/api/rate-limit';
import { expirationOptions, resolveExpiry } from '../../lib/keys/expiry';
import { newToken } from '../../lib/keys/token';
import { throttleKey } from '../../lib/net/client-address';
import { decideNewKey, sessionActor } from '../../lib/policy/access';
import type { ServiceContext } from './context';
import { signIn, signOut } from './sessions';

// Logging the CLI in (`latchkey login`): the device flow shaped like RFC 8628 (start, show, approve or deny, poll), and
// the email-and-password login, which goes through the browser's own sign-in (throttle, lock, audit). Both issue an
// ordinary personal key named "CLI: <host>" through the keys' one path (the policy, the cap, the audit row, one
// transaction); its token leaves the server once.

export interface DeviceClient {
  host: string;
  platform: string;
  version: string;
}

export const cliKeyName = (host: string) => `CLI: ${host}`;

const WINDOW_MS = 10 * 60 * 1000;
/** Per client address: logins started, and user codes tried (shown, approved or denied) per 10 minutes. */
const STARTS_PER_ADDRESS = 20;
const CODE_TRIES_PER_ADDRESS = 30;
/** Per signed-in session: user codes tried per 10 minutes (a guess is 1 in 20^8; this keeps it so). */
const CODE_TRIES_PER_SESSION = 10;

// On globalThis: one set of counters per process, whichever module graph serves the request.
const globalLimits = globalThis as unknown as {
  latchkeyDeviceLimits?: { starts: RateLimiter; byAddress: RateLimiter; bySession: RateLimiter };
};
const limits = (globalLimits.latchkeyDeviceLimits ??= {
  starts: createRateLimiter({ limit: STARTS_PER_ADDRESS, windowMs: WINDOW_MS, maxKeys: 10_000 }),
  byAddress: createRateLimiter({ limit: CODE_TRIES_PER_ADDRESS, windowMs: WINDOW_MS, maxKeys: 10_000 }),
  bySession: createRateLimiter({ limit: CODE_TRIES_PER_SESSION, windowMs: WINDOW_MS, maxKeys: 10_000 }),
});

export type StartResult =
  | { ok: true; deviceCode: string; userCode: string; expiresIn: number; interval: number }
  | { ok: false; reason: 'invalid_public_key' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

export async function startDeviceLogin(
  store: Store,
  input: DeviceClient & { publicKey: string },
  ip: string | null,
  now: number,
): Promise<StartResult> {
  const allowed = limits.starts.hit(ip ? throttleKey(ip) : 'unknown', now);
  if (!allowed.ok) return { ok: false, reason: 'rate_limited', retryAfterSeconds: allowed.retryAfterSeconds };
  if (!publicKeyFromRaw(input.publicKey)) return { ok: false, reason: 'invalid_public_key' };
  const deviceCode = generateDeviceCode();
  let userCode = '';
  // A user code already held by a login of the last day (1 in 20^8 per row) is drawn again, never a 500.
  for (let attempt = 0; ; attempt++) {
    userCode = generateUserCode();
    try {
      await store.createDeviceLogin({
        id: randomUUID(),
        deviceCodeHash: hashCode(deviceCode),
        userCodeHash: hashCode(userCode),
        publicKey: input.publicKey,
        clientHost: input.host,
        clientPlatform: input.platform,
        clientVersion: input.version,
        requestIp: ip,
        createdAt: now,
        expiresAt: now + DEVICE_LOGIN_TTL_MS,
      });
      break;
    } catch (error) {
      if (attempt >= 2 || (error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    }
  }
  return {
    ok: true,
    deviceCode,
    userCode: formatUserCode(userCode),
    expiresIn: DEVICE_LOGIN_TTL_MS / 1000,
    interval: POLL_INTERVAL_SECONDS,
  };
}

export type Lookup =
  | { ok: true; login: DeviceLoginView; userCode: string; userCodeHash: Buffer }
  | { ok: false; reason: 'not_found' | 'rate_limited' };

/**
 * The pending login a typed user code names, counted against the session's and the address's tries first, so codes
 * cannot be guessed from one session or one address. A malformed, unknown, expired or used code is 'not_found'.
 */
export async function findDeviceLogin(ctx: ServiceContext, typed: string): Promise<Lookup> {
  const sessionId = ctx.actor.type === 'user' ? ctx.actor.sessionId : undefined;
  const bySession = limits.bySession.hit(sessionId ?? `user:${ctx.meta.actorUserId ?? ''}`, ctx.now);
  const byAddress = limits.byAddress.hit(ctx.meta.ip ? throttleKey(ctx.meta.ip) : 'unknown', ctx.now);
  if (!bySession.ok || !byAddress.ok) return { ok: false, reason: 'rate_limited' };
  const code = normalizeUserCode(typed);
  if (!code) return { ok: false, reason: 'not_found' };
  const userCodeHash = hashCode(code);
  const login = await ctx.store.pendingDeviceLogin(userCodeHash, ctx.now);
  return login ? { ok: true, login, userCode: formatUserCode(code), userCodeHash } : { ok: false, reason: 'not_found' };
}

export type ApproveOutcome =
  | { ok: true; keyId: string; name: string; expiresAt: number | null }
  | { ok: false; reason: 'not_found' | 'rate_limited' | 'forbidden' | 'reauth' }
  | { ok: false; reason: 'invalid_expiry'; message: string };

/** Approves the login a user code names: a personal key "CLI: <host>", its token sealed to the CLI's key. */
export async function approveDeviceLogin(
  ctx: ServiceContext,
  prefix: string,
  input: { userCode: string; expiration: string },
): Promise<ApproveOutcome> {
  if (ctx.actor.type !== 'user') return { ok: false, reason: 'forbidden' };
  const owner = { kind: 'personal' as const, userId: ctx.actor.userId };
  const decision = decideNewKey(ctx.actor, owner);
  if (!decision.allowed) return { ok: false, reason: decision.reason === 'reauth' ? 'reauth' : 'forbidden' };
  const found = await findDeviceLogin(ctx, input.userCode);
  if (!found.ok) return found;
  const recipient = publicKeyFromRaw(found.login.publicKey);
  if (!recipient) return { ok: false, reason: 'not_found' };
  // Hashed and sealed before the transaction; the token itself is dropped here and never stored or returned.
  const { keyId, token, secretHash } = newToken(prefix);
  const name = cliKeyName(found.login.clientHost);
  const result = await ctx.store.approveDeviceLogin(
    ctx.actor,
    { id: found.login.id, userCodeHash: found.userCodeHash },
    { publicKey: found.login.publicKey, sealedToken: seal(token, recipient) },
    {
      id: keyId,
      name,
      secretHash,
      permission: 'read-write',
      resources: null,
      expiry: (capDays) => resolveExpiry(input.expiration, undefined, ctx.now, capDays),
    },
    (actor) => decideNewKey(actor, owner),
    ctx.now,
    ctx.meta,
  );
  if (result.ok) return { ok: true, keyId, name, expiresAt: result.expiresAt };
  if (result.reason === 'no_such_login') return { ok: false, reason: 'not_found' };
  if (result.reason === 'invalid_expiry') return result;
  return { ok: false, reason: result.reason === 'reauth' ? 'reauth' : 'forbidden' };
}

export async function denyDeviceLogin(
  ctx: ServiceContext,
  input: { userCode: string },
): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'rate_limited' }> {
  const found = await findDeviceLogin(ctx, input.userCode);
  if (!found.ok) return found;
  const denied = await ctx.store.denyDeviceLogin(
    ctx.actor,
    { id: found.login.id, userCodeHash: found.userCodeHash },
    ctx.now,
  );
  return denied ? { ok: true } : { ok: false, reason: 'not_found' };
}

export function pollDeviceLogin(store: Store, deviceCode: string, now: number): Promise<DevicePoll> {
  return store.pollDeviceLogin(hashCode(deviceCode), now);
}

/** The Expiration choices the approval page offers under the cap: the presets that fit, and "never" without one. */
export function deviceExpirationOptions(capDays: number | null) {
  return expirationOptions(capDays).filter((o) => o.value !== 'custom');
}

export type PasswordLoginResult =
  | { ok: true; token: string; keyId: string; name: string; expiresAt: number | null }
  | { ok: false; reason: 'refused'; message: string }
  /** Signed in, but the user was gone or changed before the key was made: worth trying again at once. */
  | { ok: false; reason: 'stale'; message: string }
  | { ok: false; reason: 'forbidden' | 'invalid_expiry'; message: string };

/**
 * `latchkey login --email`: the browser's sign-in (the same throttle, lock, audit and serialisation by address and
 * email, which the caller applies), then a personal key "CLI: <host>" issued as the user of that brief session, which
 * is closed again at once: the CLI keeps the key, not a session.
 */
export async function passwordLogin(
  store: Store,
  prefix: string,
  input: { email: string; password: string; ip: string | null; userAgent: string | null; client: DeviceClient },
): Promise<PasswordLoginResult> {
  const signedIn = await signIn(store, input);
  if (!signedIn.ok) return { ok: false, reason: 'refused', message: signedIn.message };
  try {
    const now = Date.now();
    const user = await store.sessionUser(signedIn.sessionId, now);
    if (!user) return { ok: false, reason: 'stale', message: 'The sign-in did not last; try again.' };
    const actor = sessionActor(user, now);
    const owner = { kind: 'personal' as const, userId: user.userId };
    if (!decideNewKey(actor, owner).allowed)
      return { ok: false, reason: 'forbidden', message: 'This user may not create keys.' };
    const cap = await store.accountCap(user.accountId);
    const choices = deviceExpirationOptions(cap).filter((o) => o.value !== 'never');
    const expiration = choices.some((o) => o.value === '30') ? '30' : (choices.at(-1)?.value ?? '7');
    const { keyId, token, secretHash } = newToken(prefix);
    const name = cliKeyName(input.client.host);
    const result = await store.issueKey(
      actor,
      owner,
      {
        id: keyId,
        name,
        secretHash,
        permission: 'read-write',
        resources: null,
        expiry: (capDays) => resolveExpiry(expiration, undefined, now, capDays),
      },
      (current) => decideNewKey(current, owner),
      now,
      { actorUserId: user.userId, actorLabel: user.email, ip: input.ip, userAgent: input.userAgent },
    );
    if (!result.ok) {
      if (result.reason === 'invalid_expiry') return { ok: false, reason: 'invalid_expiry', message: result.message };
      return { ok: false, reason: 'forbidden', message: 'This user may not create keys.' };
    }
    return { ok: true, token, keyId, name, expiresAt: result.expiresAt };
  } finally {
    await signOut(store, signedIn.sessionId);
  }
}
