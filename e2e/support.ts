import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from '@playwright/test';
import { decode, encode } from 'next-auth/jwt';
import Database from '../db/sqlite';
import type { Role } from '../lib/types';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { authCookies, SESSION_COOKIE } from '../lib/auth/cookies';
import { hashPassword } from '../lib/auth/password';
import { mayGrantByInvitation, type InvitableRole } from '../lib/policy/access';
import { generateInvitationToken, INVITATION_TTL_MS } from '../lib/keys/invitation';
import { hashSecret, newToken } from '../lib/keys/token';
import { API_RESOURCES } from '../lib/keys/permissions';
import {
  BASE_URL,
  DB_FILE,
  E2E_DATA_DIR,
  ISSUED_SECRETS,
  PAYLOAD_LEAKS,
  PAYLOADS_CHECKED,
  SIGNED_UP_USERS,
} from './env';

export const PASSWORD = 'correct horse battery staple';
export const DAY = 24 * 60 * 60 * 1000;
/** Sign-up hashes the password with scrypt (128 MiB), then signs in (scrypt again): allow for a loaded machine. */
const SIGN_UP_TIMEOUT = 30_000;
let counter = 0;

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${process.pid}-${counter++}@example.com`;
}

/** Every secret a spec sees is recorded, so the exposure scan can look for it everywhere at the end. */
export function recordSecret(token: string) {
  appendFileSync(ISSUED_SECRETS, `${token}\n`);
}

/** A token's parts (prefix, key id, secret with checksum); throws for a string that is not one, so a test says so. */
export function tokenParts(token: string): [prefix: string, keyId: string, tail: string] {
  const [prefix, keyId, tail, ...rest] = token.split('_');
  if (prefix === undefined || keyId === undefined || tail === undefined || rest.length > 0)
    throw new Error(`not a token: ${token.slice(0, 20)}…`);
  return [prefix, keyId, tail];
}
export const keyIdOf = (token: string) => tokenParts(token)[1];
/** The secret part of a token (its checksum cut off): what must never reappear anywhere. */
export const secretOf = (token: string) => tokenParts(token)[2].slice(0, 32);

/** Every user a spec signs up is recorded too: the exposure scan signs in as them and reads every page. */
export function recordUser(email: string, password: string) {
  appendFileSync(SIGNED_UP_USERS, `${JSON.stringify({ email, password })}\n`);
}

export async function signUp(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/, { timeout: SIGN_UP_TIMEOUT });
  recordUser(email, password);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// The secrets recorded so far, by their 32-character secret part; reloaded when the file grows.
let recorded = { size: -1, secrets: new Map<string, string>() };
function recordedSecrets(): Map<string, string> {
  const size = existsSync(ISSUED_SECRETS) ? statSync(ISSUED_SECRETS).size : 0;
  if (size !== recorded.size) {
    const tokens = size ? readFileSync(ISSUED_SECRETS, 'utf8').split('\n').filter(Boolean) : [];
    recorded = { size, secrets: new Map(tokens.map((token) => [secretOf(token), keyIdOf(token)])) };
  }
  return recorded.secrets;
}

/**
 * Checks every page (HTML) and RSC payload a browser context receives by GET, as it arrives, against every secret
 * recorded before it: a secret travels only in the response of the action that issued it (a POST), never again.
 * Hits go to PAYLOAD_LEAKS, which the exposure scan requires to be empty.
 */
export function watchPayloads(context: BrowserContext) {
  context.on('response', async (response) => {
    if (response.request().method() !== 'GET') return;
    const type = response.headers()['content-type'] ?? '';
    if (!type.startsWith('text/html') && !type.startsWith('text/x-component')) return;
    let body: string;
    try {
      body = (await response.body()).toString('utf8');
    } catch {
      return; // navigated away or closed before the body arrived
    }
    const secrets = recordedSecrets();
    const found = new Set<string>();
    for (const run of body.matchAll(/[0-9A-Za-z]{32,}/g)) {
      for (let i = 0; i + 32 <= run[0].length; i++) {
        const keyId = secrets.get(run[0].slice(i, i + 32));
        if (keyId) found.add(keyId);
      }
    }
    for (const keyId of found) appendFileSync(PAYLOAD_LEAKS, `${response.url()} carries the secret of key ${keyId}\n`);
    appendFileSync(PAYLOADS_CHECKED, `${type.split(';')[0]}\n`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded users. Most specs need a signed-in user, not the sign-up: paying two scrypt runs (128 MiB each) and the
// sign-up pages for every one of them was most of the suite's time. A seeded user is written into this run's
// database as the app writes one (the same rows and audit rows, a full-strength hash of PASSWORD made once per run by
// the app's own function) and gets a session row and cookie as the app's sign-in makes them. Specs whose subject is
// sign-up, sign-in, an invitation or a session ask for the real flow with `{ via: 'ui' }`.

/** The environment variable through which e2e/global-setup.ts hands the run's password hash to the workers. */
export const SEED_PASSWORD_HASH_VARIABLE = 'LATCHKEY_E2E_PASSWORD_HASH';
let passwordHash: Promise<string> | undefined;
function seededPasswordHash(): Promise<string> {
  // Made here only when the run had no global setup (e.g. another config): still once per worker, never per user.
  passwordHash ??= Promise.resolve(process.env[SEED_PASSWORD_HASH_VARIABLE] ?? hashPassword(PASSWORD));
  return passwordHash;
}

/** As server/services/sessions.ts (SESSION_MAX_AGE_SECONDS), which is server-only. */
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** The e2e server's session cookie name: it is configured with NEXTAUTH_URL = BASE_URL (e2e/server.mjs). */
const SESSION_COOKIE_NAME = authCookies(BASE_URL).cookies?.sessionToken?.name ?? SESSION_COOKIE;

/** The secret a server signs and encrypts session cookies with (generated into its data directory at start). */
export function authSecret(dataDir = E2E_DATA_DIR): string {
  return readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim();
}

/** As db/queries/sessions.ts stores a session id (server-only): its SHA-256, never the id itself. */
export const storedSessionId = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

export type Via = 'seed' | 'ui';

interface SeededAudit {
  accountId: string;
  action: string;
  actorUserId?: string | null;
  actorLabel?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
  createdAt: number;
}

function writeSeededAudit(db: Database.Database, entry: SeededAudit) {
  db.prepare(
    'INSERT INTO audit_log (account_id, action, actor_user_id, actor_label, detail, ip, user_agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    entry.accountId,
    entry.action,
    entry.actorUserId ?? null,
    entry.actorLabel ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
    entry.ip ?? null,
    entry.userAgent ?? null,
    entry.createdAt,
  );
}

/**
 * What the app's sign-in writes (server/auth/options.ts): a session row, confirmed now, and its audit row with the
 * browser's address and user agent. Returns the session id the cookie carries.
 */
function seedSession(
  db: Database.Database,
  user: { userId: string; accountId: string; email: string },
  userAgent: string,
  now: number,
) {
  const sessionId = randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO sessions (id, user_id, created_at, expires_at, confirmed_at) VALUES (?, ?, ?, ?, ?)').run(
    storedSessionId(sessionId),
    user.userId,
    now,
    now + SESSION_MAX_AGE_SECONDS * 1000,
    now,
  );
  writeSeededAudit(db, {
    accountId: user.accountId,
    action: 'auth.signed_in',
    actorUserId: user.userId,
    actorLabel: user.email,
    ip: '127.0.0.1',
    userAgent,
    createdAt: now,
  });
  return sessionId;
}

/**
 * Puts the session cookie next-auth would have set at sign-in into `context`: its JWT (the user's email and id, and
 * the session id in `sid`, encrypted with the run's secret), under the server's cookie name and flags. Then opens
 * the Security page, where sign-up lands, and checks that the session works.
 */
async function enterSeededSession(
  context: BrowserContext,
  page: Page,
  user: { userId: string; email: string },
  sessionId: string,
) {
  const value = await encode({
    token: { email: user.email, sub: user.userId, sid: sessionId },
    secret: authSecret(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  await context.addCookies([
    {
      name: SESSION_COOKIE_NAME,
      value,
      url: BASE_URL,
      httpOnly: true,
      sameSite: 'Lax',
      secure: false,
      expires: Math.floor(Date.now() / 1000) + SESSION_MAX_AGE_SECONDS,
    },
  ]);
  await page.goto('/settings/security');
  await expect(page.getByTestId('current-user')).toContainText(user.email);
}

/** A fresh browser context whose pages the payload watcher checks, its page, and the user agent it sends. */
async function watchedContext(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  watchPayloads(context);
  const page = await context.newPage();
  return { context, page, userAgent: await page.evaluate(() => navigator.userAgent) };
}

/**
 * A new user with an account of their own, whose owner they are, signed in in a browser context of its own.
 * Seeded (see above) unless `via: 'ui'` asks for the real sign-up form.
 */
export async function newUser(
  browser: Browser,
  tag: string,
  {
    via = 'seed',
    email = uniqueEmail(tag),
    contextOptions,
  }: {
    via?: Via;
    /** A fixed address (the screenshots' seeded user): only once per database. */
    email?: string;
    /** The browser context's options: viewport, time zone. */
    contextOptions?: BrowserContextOptions;
  } = {},
) {
  const { context, page, userAgent } = await watchedContext(browser, contextOptions);
  if (via === 'ui') {
    await signUp(page, email);
    return { context, page, email };
  }
  const hash = await seededPasswordHash();
  const user = { userId: randomUUID(), accountId: randomUUID(), email };
  // As app/(auth)/sign-up/actions.ts and createAccountWithOwner: the account, its owner and the audit row, then the
  // sign-in the sign-up form does.
  const sessionId = withDb((db) =>
    db.transaction(() => {
      const now = Date.now();
      db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(
        user.accountId,
        `${email.split('@')[0]}'s account`,
        now,
      );
      db.prepare(
        "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, 'owner', ?)",
      ).run(user.userId, user.accountId, email, hash, now);
      writeSeededAudit(db, {
        accountId: user.accountId,
        action: 'account.created',
        actorUserId: user.userId,
        actorLabel: email,
        createdAt: now,
      });
      return seedSession(db, user, userAgent, now);
    })(),
  );
  recordUser(email, PASSWORD);
  await enterSeededSession(context, page, user, sessionId);
  return { context, page, email };
}

export interface KeyOptions {
  expiration?: string;
  permission?: 'Read only' | 'Read and write';
  resources?: string[];
}

/** Fills and submits a key form inside `scope` (a page or one form's section) and returns the one-time token. */
export async function fillKeyForm(page: Page, scope: Locator, name: string, options: KeyOptions = {}): Promise<string> {
  await scope.getByLabel('Name', { exact: true }).fill(name);
  await scope.getByLabel('Expiration', { exact: true }).selectOption({ label: options.expiration ?? '30 days' });
  // The permission table: the chosen resources (every one when none is named) at the chosen level, the rest None.
  const level = options.permission === 'Read only' ? 'Read' : 'Read and write';
  const chosen = options.resources ?? API_RESOURCES;
  const row = (resource: string) => scope.locator(`[data-resource="${resource}"]`);
  for (const resource of API_RESOURCES.filter((r) => !chosen.includes(r)))
    await row(resource).getByLabel('None', { exact: true }).check();
  for (const resource of chosen) await row(resource).getByLabel(level, { exact: true }).check();
  const secret = scope.getByTestId('one-time-secret');
  const previous = (await secret.count()) > 0 ? await secret.textContent() : null;
  await scope.getByRole('button', { name: 'Generate key' }).click();
  // With a secret still on screen the form asks first (it would be replaced for good).
  if (previous) await page.getByRole('dialog').getByRole('button', { name: 'I have copied it' }).click();
  // Wait for this key's secret, not the one still shown from the previous key.
  await expect(secret).toBeVisible();
  if (previous) await expect(secret).not.toHaveText(previous);
  const token = (await secret.textContent())!.trim();
  recordSecret(token);
  await expect(page.locator(`tr[data-key-id="${keyIdOf(token)}"]`).first()).toBeVisible();
  return token;
}

/** Creates a personal key on the Security page and returns the one-time token. */
export async function createKey(
  page: Page,
  name: string,
  expiration: string | KeyOptions = '30 days',
): Promise<string> {
  if (!page.url().endsWith('/settings/security')) await page.goto('/settings/security');
  const options = typeof expiration === 'string' ? { expiration } : expiration;
  return fillKeyForm(page, page.locator('main'), name, options);
}

export function keyRow(page: Page, token: string) {
  return page.locator(`tr[data-key-id="${keyIdOf(token)}"]`);
}

export function me(request: APIRequestContext, token: string, scheme: 'Bearer' | 'Basic' = 'Bearer') {
  const authorization =
    scheme === 'Bearer' ? `Bearer ${token}` : `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
  return request.get('/api/v1/me', { headers: { Authorization: authorization } });
}

/** Direct access to this run's SQLite file, for seeding what the UI cannot make (e.g. a key created 40 days ago). */
export function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DB_FILE);
  db.pragma('busy_timeout = 5000');
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function userIds(email: string): { userId: string; accountId: string } {
  return withDb(
    (db) =>
      db.prepare('SELECT id AS userId, account_id AS accountId FROM users WHERE email = ?').get(email) as {
        userId: string;
        accountId: string;
      },
  );
}

/** Inserts a key with chosen times, as if created in the past, and returns its token. */
export function seedKey(
  email: string,
  key: { name: string; createdAt: number; expiresAt: number | null; revokedAt?: number | null },
) {
  const { userId, accountId } = userIds(email);
  const { keyId, token, secretHash } = newToken('lk');
  withDb((db) =>
    db
      .prepare(
        'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(keyId, accountId, userId, key.name, secretHash, key.createdAt, key.expiresAt, key.revokedAt ?? null),
  );
  recordSecret(token);
  return token;
}

/**
 * Captures the next server-action POST the page sends (without letting it reach the server), so a spec can replay
 * it as someone else: the way a forged request would arrive.
 */
export async function captureAction(page: Page, path: string, trigger: () => Promise<void>) {
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route(`**${path}`, async (route) => {
    const request = route.request();
    if (request.method() === 'POST' && request.headers()['next-action']) {
      captured = { headers: request.headers(), body: request.postDataBuffer() ?? Buffer.alloc(0) };
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await trigger();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute(`**${path}`);
  return captured!;
}

/**
 * Lets the page send its next server-action POST to `path`, but with `from` replaced by `to` in the body: a forged
 * request carried by the user's own session. Returns the server's response text.
 */
export async function tamperAction(page: Page, path: string, from: string, to: string, trigger: () => Promise<void>) {
  await page.route(`**${path}`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST' || !request.headers()['next-action']) return route.continue();
    const body = (request.postDataBuffer() ?? Buffer.alloc(0)).toString('latin1').replaceAll(from, to);
    const response = await route.fetch({ postData: Buffer.from(body, 'latin1') });
    text = await response.text();
    return route.fulfill({ response, body: text });
  });
  let text: string | undefined;
  await trigger();
  await expect.poll(() => text !== undefined).toBe(true);
  await page.unroute(`**${path}`);
  return text!;
}

export async function replayAction(
  request: APIRequestContext,
  path: string,
  action: { headers: Record<string, string>; body: Buffer },
  body: Buffer = action.body,
) {
  const headers: Record<string, string> = {};
  for (const name of ['next-action', 'content-type', 'accept', 'next-router-state-tree', 'origin']) {
    if (action.headers[name]) headers[name] = action.headers[name];
  }
  return request.post(path, { headers, data: body });
}

/** The user behind the session cookie of `page`'s browser context, as the server would read it. */
async function sessionUserOf(page: Page) {
  const cookie = (await page.context().cookies(BASE_URL)).find((c) => c.name === SESSION_COOKIE_NAME);
  const token = cookie ? await decode({ token: cookie.value, secret: authSecret() }).catch(() => null) : null;
  if (typeof token?.sid !== 'string') throw new Error('invite: the owner page has no session cookie of this run');
  const user = withDb((db) =>
    db
      .prepare(
        'SELECT u.id AS userId, u.account_id AS accountId, u.email, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?',
      )
      .get(storedSessionId(token.sid as string)),
  ) as { userId: string; accountId: string; email: string; role: string } | undefined;
  if (!user) throw new Error('invite: the owner page is signed out');
  return user;
}

/**
 * The owner invites someone with `role` and the invitee joins through the link, signed in in a fresh browser
 * context. Seeded unless `via: 'ui'` asks for the real flow: the owner's invitation dialog, then the sign-up form the
 * link opens. Either way the link is a real one, already used.
 */
export async function invite(
  owner: Page,
  browser: Browser,
  role: 'Admin' | 'Member',
  { via = 'seed' }: { via?: Via } = {},
) {
  if (via === 'seed') return seedInvitation(owner, browser, role);
  await owner.goto('/settings/account');
  await owner.getByRole('button', { name: 'Invite member' }).click();
  const dialog = owner.getByRole('dialog');
  await dialog.getByLabel('Role').selectOption({ label: role });
  await dialog.getByRole('button', { name: 'Create invitation' }).click();
  const link = (await dialog.getByTestId('invitation-link').textContent())!;
  expect(link.startsWith(`${BASE_URL}/invite/`)).toBe(true);
  expect(link.slice(BASE_URL.length)).toMatch(/^\/invite\/[0-9A-Za-z]{32}$/);
  await dialog.getByRole('button', { name: 'Done' }).click();

  const context = await browser.newContext();
  watchPayloads(context);
  const page = await context.newPage();
  const email = uniqueEmail(role.toLowerCase());
  await page.goto(link);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/, { timeout: SIGN_UP_TIMEOUT });
  recordUser(email, PASSWORD);
  return { context, page, email, link };
}

async function seedInvitation(owner: Page, browser: Browser, role: 'Admin' | 'Member') {
  const inviter = await sessionUserOf(owner);
  // Seeding never makes a member the real flow would refuse (acceptInvitation asks the same table).
  expect(
    mayGrantByInvitation(inviter.role as Role, role.toLowerCase() as InvitableRole),
    `${inviter.email} (${inviter.role}) may invite as ${role}`,
  ).toBe(true);
  const ownerAgent = await owner.evaluate(() => navigator.userAgent);
  const { context, page, userAgent } = await watchedContext(browser);
  const hash = await seededPasswordHash();
  const email = uniqueEmail(role.toLowerCase());
  const token = generateInvitationToken();
  const invitationId = randomUUID();
  const user = { userId: randomUUID(), accountId: inviter.accountId, email };
  const grants = role.toLowerCase();
  const sessionId = withDb((db) =>
    db.transaction(() => {
      const now = Date.now();
      const expiresAt = now + INVITATION_TTL_MS;
      // As the invitations service's createInvitation: the invitation and its audit row, by the inviter.
      db.prepare(
        'INSERT INTO invitations (id, account_id, token_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(invitationId, inviter.accountId, hashSecret(token), grants, inviter.userId, now, expiresAt);
      writeSeededAudit(db, {
        accountId: inviter.accountId,
        action: 'invitation.created',
        actorUserId: inviter.userId,
        actorLabel: inviter.email,
        detail: { invitationId, role: grants, expiresAt },
        ip: '127.0.0.1',
        userAgent: ownerAgent,
        createdAt: now,
      });
      // As acceptInvitation: the user with the invitation's role, the invitation claimed, the audit row; then the
      // sign-in the form does.
      db.prepare(
        'INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(user.userId, inviter.accountId, email, hash, grants, now);
      db.prepare('UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ?').run(
        now,
        user.userId,
        invitationId,
      );
      writeSeededAudit(db, {
        accountId: inviter.accountId,
        action: 'invitation.accepted',
        actorUserId: user.userId,
        actorLabel: email,
        detail: { invitationId, role: grants },
        createdAt: now,
      });
      return seedSession(db, user, userAgent, now);
    })(),
  );
  recordUser(email, PASSWORD);
  await enterSeededSession(context, page, user, sessionId);
  return { context, page, email, link: `${BASE_URL}/invite/${token}` };
}
