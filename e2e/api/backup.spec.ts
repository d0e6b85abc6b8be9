import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BASE_URL, E2E_DATA_DIR } from '../env';
import { startExtraServer, type ExtraServer } from '../extra-server';
import { portOf } from '../ports';
import { callAction } from '../server-actions';
import { createKey, keyIdOf, me, newUser, recordSecret, secretOf, signIn } from '../support';

// Issue 5, item 9: `npm run db:backup` against the running e2e server while requests are in flight, then the
// README's restore steps into a fresh data directory served by a second server, where the user signs in.

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, 'test-results', 'backup');
const BACKUP_FILE = path.join(WORK, 'latchkey-backup.db');
const RESTORED_DATA_DIR = path.join(WORK, 'restored-data');
const RESTORE_URL = `http://127.0.0.1:${portOf('restored-backup')}`;
const TOKEN_RE = /lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/g;

/** `npm run db:backup -- ...args` with the e2e server's data directory, as an operator would run it. */
function npmBackup(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'db:backup', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: E2E_DATA_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let restored: ExtraServer | undefined;

test.afterAll(async () => {
  const server = restored?.process;
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
});

test('a backup taken while the server writes restores into a new installation, where the user signs in', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });

  const { context, page, email } = await newUser(browser, 'backup');
  const before = await createKey(page, 'made before the backup');
  const revokedAfter = await createKey(page, 'revoked after the backup');
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const seen: string[] = [before, revokedAfter];

  // Requests in flight for the whole backup: key creations through the real action, and API calls.
  let writing = true;
  let firstWrite: () => void = () => {};
  const written = new Promise<void>((resolve) => (firstWrite = resolve));
  const lane = async (lane: number) => {
    for (let i = 0; writing; i++) {
      const response = await callAction(context.request, '/settings/security', 'createKey', {
        name: `during the backup ${lane}.${i}`,
        expiration: '30',
        permission: 'read',
      });
      expect(response.status()).toBe(200);
      const tokens = [...(await response.text()).matchAll(TOKEN_RE)].map((m) => m[0]);
      expect(tokens).toHaveLength(1);
      recordSecret(tokens[0]!);
      seen.push(tokens[0]!);
      expect((await me(api, before)).status()).toBe(200);
      firstWrite();
    }
  };
  const lanes = [lane(1), lane(2)];
  await written;
  const backup = await npmBackup([BACKUP_FILE]).finally(() => (writing = false));
  await Promise.all(lanes);

  expect(backup.code, backup.output).toBe(0);
  expect(backup.output).toContain(`wrote ${BACKUP_FILE}`);
  expect(backup.output).toContain('integrity_check: ok; foreign_key_check: ok');
  expect(backup.output).toMatch(/tables: .*api_keys \d+.*users \d+/);
  expect(backup.output).toContain('auth-secret');
  for (const token of seen)
    expect(backup.output.includes(secretOf(token)), 'a secret in the backup output').toBe(false);

  // An existing file is left alone unless --force is given.
  const copy = readFileSync(BACKUP_FILE);
  const again = await npmBackup([BACKUP_FILE]);
  expect(again.code).toBe(2);
  expect(again.output).toContain('already exists');
  expect(readFileSync(BACKUP_FILE).equals(copy)).toBe(true);

  // Changes after the backup: a new key, and a revocation.
  const after = await createKey(page, 'made after the backup');
  const revoked = await callAction(context.request, '/settings/security', 'revokeKey', {
    keyId: keyIdOf(revokedAfter),
  });
  expect(await revoked.text()).toContain('"ok":true');
  expect((await me(api, after)).status()).toBe(200);
  expect((await me(api, revokedAfter)).status()).toBe(401);

  // The README's restore steps, one by one, into a new installation.
  // 1. Stop the server that will use the data directory (none runs on this new one).
  // 2. Copy the backup to DATA_DIR/latchkey.db.
  mkdirSync(RESTORED_DATA_DIR, { recursive: true, mode: 0o700 });
  const database = path.join(RESTORED_DATA_DIR, 'latchkey.db');
  copyFileSync(BACKUP_FILE, database);
  // 3. Remove stale -wal and -shm files.
  rmSync(`${database}-wal`, { force: true });
  rmSync(`${database}-shm`, { force: true });
  // 4. Remove DATA_DIR/auth-secret, which signs everyone out.
  rmSync(path.join(RESTORED_DATA_DIR, 'auth-secret'), { force: true });
  // 5. Start the server (npm start).
  restored = await startExtraServer('restored-backup', { dataDir: RESTORED_DATA_DIR, npmStart: true });
  expect(existsSync(path.join(RESTORED_DATA_DIR, 'auth-secret')), 'a new session secret').toBe(true);

  // The user signs in on the restored installation and sees the keys of the backup, not the later one.
  const restoredContext = await browser.newContext({ baseURL: RESTORE_URL });
  const restoredPage = await restoredContext.newPage();
  await signIn(restoredPage, email);
  await expect(restoredPage).toHaveURL(/\/settings\/security$/, { timeout: 30_000 });
  await expect(restoredPage.locator(`tr[data-key-id="${keyIdOf(before)}"]`)).toBeVisible();
  await expect(restoredPage.locator(`tr[data-key-id="${keyIdOf(after)}"]`)).toHaveCount(0);

  const restoredApi: APIRequestContext = await playwrightRequest.newContext({ baseURL: RESTORE_URL });
  const meBefore = await me(restoredApi, before);
  expect(meBefore.status()).toBe(200);
  expect((await meBefore.json()).key.id).toBe(keyIdOf(before));
  expect((await me(restoredApi, after)).status()).toBe(401);
  // A restore undoes what happened after the backup, revocations included (the README says to revoke again).
  expect((await me(restoredApi, revokedAfter)).status()).toBe(200);

  // The session from before the restore does not carry over: the session secret was replaced (step 4).
  const oldSession = await context.request.get(`${RESTORE_URL}/settings/security`);
  expect(new URL(oldSession.url()).pathname).toBe('/sign-in');

  for (const token of [...seen, after])
    expect(restored.output().includes(secretOf(token)), 'a secret in the server output').toBe(false);
  await restoredContext.close();
  await restoredApi.dispose();
  await api.dispose();
});
