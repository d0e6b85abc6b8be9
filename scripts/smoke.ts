// A start-up smoke test on whichever Node.js runs it (CI runs it on Node 24 beside the full suite on Node 20):
// `npm start` on an empty data directory (migrations, generated secret, the listener), the sign-up page, and one
// authenticated API call with a key written straight into the new database. Uses the build `npm test` made (or
// builds, as `npm start` does). Prints "[smoke] result: N passed, M failed".
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database, { DRIVER_VERSION } from '../db/sqlite';
import { newToken } from '../lib/keys/token';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.SMOKE_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-smoke-'));
let passed = 0;
let failed = 0;

function check(name: string, ok: boolean, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`[smoke] ${ok ? 'ok  ' : 'FAIL'} ${name}${detail && !ok ? `: ${detail}` : ''}`);
}

async function waitForServer(deadline: number): Promise<Response | null> {
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/sign-up`).catch(() => null);
    if (response) return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}

async function main() {
  console.log(`[smoke] Node ${process.version}, better-sqlite3 ${DRIVER_VERSION}.x, data in ${dataDir}`);
  const server = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NEXTAUTH_URL: base },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  server.on('exit', () => (exited = true));
  try {
    const page = await waitForServer(Date.now() + 300_000);
    check('the server starts and answers /sign-up', page?.status === 200, `status ${page?.status ?? 'none'}`);
    const html = page ? await page.text() : '';
    check('the sign-up page shows its form', html.includes('Create account'));

    // A user and a key, as sign-up and the Security page would make them (only the secret's hash is stored).
    const { keyId, token, secretHash } = newToken('lk');
    const accountId = randomUUID();
    const userId = randomUUID();
    const db = new Database(path.join(dataDir, 'latchkey.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const now = Date.now();
      db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(accountId, 'smoke', now);
      db.prepare(
        'INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(userId, accountId, 'smoke@example.com', 'not-a-password-hash', 'owner', now);
      db.prepare(
        'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(keyId, accountId, userId, 'smoke', secretHash, now);
    } finally {
      db.close();
    }
    const me = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } }).catch(() => null);
    const body = me ? ((await me.json().catch(() => null)) as { key?: { id?: string } } | null) : null;
    check(
      'GET /api/v1/me with the key answers 200 for that key',
      me?.status === 200 && JSON.stringify(body).includes(keyId),
      `status ${me?.status ?? 'none'}`,
    );
    const refused = await fetch(`${base}/api/v1/me`, { headers: { Authorization: 'Bearer lk_nope' } }).catch(
      () => null,
    );
    check('a malformed key is refused with 401', refused?.status === 401, `status ${refused?.status ?? 'none'}`);
  } finally {
    server.kill('SIGTERM');
    const stopped = await new Promise<boolean>((resolve) => {
      if (exited) return resolve(true);
      const timer = setTimeout(() => resolve(false), 10_000);
      server.on('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    check('the server stops on SIGTERM', stopped);
    if (!stopped) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main()
  .catch((error) => {
    failed += 1;
    console.log(`[smoke] FAIL ${error instanceof Error ? error.message : String(error)}`);
  })
  .finally(() => {
    console.log(`[smoke] result: ${passed} passed, ${failed} failed`);
    process.exit(failed > 0 ? 1 : 0);
  });
