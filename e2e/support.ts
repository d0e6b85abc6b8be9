import { expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import Database from '../db/sqlite';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { newToken } from '../lib/keys/token';
import { BASE_URL, DB_FILE, ISSUED_SECRETS, PAYLOAD_LEAKS, PAYLOADS_CHECKED, SIGNED_UP_USERS } from './env';

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

export const keyIdOf = (token: string) => token.split('_')[1];

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
    recorded = { size, secrets: new Map(tokens.map((token) => [token.split('_')[2].slice(0, 32), token.split('_')[1]])) };
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

/** A new user (and account, unless invited) in a browser context of its own. */
export async function newUser(browser: Browser, tag: string) {
  const context = await browser.newContext();
  watchPayloads(context);
  const page = await context.newPage();
  const email = uniqueEmail(tag);
  await signUp(page, email);
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
  await scope.getByLabel('Permissions').selectOption({ label: options.permission ?? 'Read and write' });
  for (const resource of options.resources ?? []) await scope.getByLabel(resource, { exact: true }).check();
  const secret = scope.getByTestId('one-time-secret');
  const previous = (await secret.count()) > 0 ? await secret.textContent() : null;
  await scope.getByRole('button', { name: 'Generate key' }).click();
  // Wait for this key's secret, not the one still shown from the previous key.
  await expect(secret).toBeVisible();
  if (previous) await expect(secret).not.toHaveText(previous);
  const token = (await secret.textContent())!.trim();
  recordSecret(token);
  await expect(page.locator(`tr[data-key-id="${keyIdOf(token)}"]`).first()).toBeVisible();
  return token;
}

/** Creates a personal key on the Security page and returns the one-time token. */
export async function createKey(page: Page, name: string, expiration: string | KeyOptions = '30 days'): Promise<string> {
  if (!page.url().endsWith('/settings/security')) await page.goto('/settings/security');
  const options = typeof expiration === 'string' ? { expiration } : expiration;
  return fillKeyForm(page, page.locator('main'), name, options);
}

export function keyRow(page: Page, token: string) {
  return page.locator(`tr[data-key-id="${keyIdOf(token)}"]`);
}

export function me(request: APIRequestContext, token: string, scheme: 'Bearer' | 'Basic' = 'Bearer') {
  const authorization = scheme === 'Bearer' ? `Bearer ${token}` : `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
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
  return withDb((db) => db.prepare('SELECT id AS userId, account_id AS accountId FROM users WHERE email = ?').get(email) as {
    userId: string;
    accountId: string;
  });
}

/** Inserts a key with chosen times, as if created in the past, and returns its token. */
export function seedKey(email: string, key: { name: string; createdAt: number; expiresAt: number | null; revokedAt?: number | null }) {
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

/** The owner invites someone with `role`; the invitee signs up through the link in a fresh browser context. */
export async function invite(owner: Page, browser: Browser, role: 'Admin' | 'Member') {
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

