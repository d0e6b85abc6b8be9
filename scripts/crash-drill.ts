// `npm run test:crash` (also a suite of `npm test`): the production server under concurrent create / revoke /
// regenerate load through the real server actions is killed with SIGKILL at a random moment, again and again, and
// restarted on the same data directory. After every kill, with the server down, the database must pass
// integrity_check and foreign_key_check, hold every acknowledged change exactly, and hold no half-made change;
// after every restart, acknowledged tokens must authenticate and revoked or replaced ones must not.
// Prints one line per cycle and a summary, never a secret; exits non-zero on any violation.
// Env: CRASH_CYCLES (default 20), CRASH_PORT (default 3109), CRASH_SEED (random delays; printed, for a re-run),
// LATCHKEY_REBUILD=1 (rebuild first; otherwise an existing build is used, as `npm start` does).
import Database from '../db/sqlite';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { CrashLedger, type KeyRowState } from '../lib/ops/crash-ledger';
import { databaseHealth, isHealthy, keyInvariantViolations } from '../db/health';
import { actionBody, actionId } from '../e2e/server-actions';

const root = path.resolve(__dirname, '..');
const CYCLES = Number(process.env.CRASH_CYCLES ?? 20);
const PORT = Number(process.env.CRASH_PORT ?? 3109);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DATA_DIR = path.join(root, 'test-results', 'crash-data');
const DB_FILE = path.join(DATA_DIR, 'latchkey.db');
const SERVER_LOG = path.join(DATA_DIR, 'server.log');
const SERVER_BUNDLE = path.join(root, '.latchkey', 'server.mjs');
/** Several owners keep each Security page (re-rendered by every action) small. */
const USERS = 3;
const WORKERS = 4;
/** The kill lands this long after the cycle's first acknowledged action: bounded, random. */
const KILL_DELAY_MS: [number, number] = [50, 1200];
/** A bound on the whole drill, so a hang fails instead of blocking CI. */
const DRILL_LIMIT_MS = 8 * 60_000;
const PASSWORD = 'crash drill password 1';

// A small seeded generator (mulberry32): the same CRASH_SEED picks the same delays and operations.
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(SEED);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- the production server -------------------------------------------------------------------------------------

function ensureBuilt() {
  // As `npm start` does: build when there is no build yet, or when LATCHKEY_REBUILD=1 asks for a fresh one.
  const built = existsSync(path.join(root, '.next', 'BUILD_ID')) && existsSync(SERVER_BUNDLE);
  if (built && process.env.LATCHKEY_REBUILD !== '1') return;
  console.log('[crash] building the production app (next build, build-server)…');
  for (const step of [
    [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    [path.join(root, 'scripts', 'build-server.mjs')],
  ]) {
    const build = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

let log: WriteStream;
let server: ChildProcess | undefined;

async function startServer() {
  const child = spawn(process.execPath, [SERVER_BUNDLE], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR,
      NEXTAUTH_URL: ORIGIN,
      PORT: String(PORT),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let exited = false;
  child.on('exit', () => (exited = true));
  server = child;
  // The listener accepts connections only after Next is prepared, so any answer means both doors are open.
  for (const started = Date.now(); Date.now() - started < 60_000; await sleep(100)) {
    if (exited) throw new Error(`the server exited during start; see ${path.relative(root, SERVER_LOG)}`);
    try {
      await fetch(`${ORIGIN}/api/v1/me`, { signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      // not listening yet
    }
  }
  throw new Error('the server did not answer within 60 s');
}

async function stopServer(signal: 'SIGKILL' | 'SIGTERM') {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
  server = undefined;
}

// --- HTTP, as a browser would send it ----------------------------------------------------------------------------

class Browser {
  private cookies = new Map<string, string>();
  keep(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';', 1)[0] ?? '';
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  get cookie() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  has(name: string) {
    return this.cookies.has(name);
  }
}

type ActionOutcome = { ok: true; token?: string; keyId?: string } | { ok: false; error: string };

/** Calls a server action the way React does (e2e/server-actions.ts); throws when no answer arrives. */
async function callAction(
  browser: Browser,
  page: string,
  name: string,
  fields: Record<string, string>,
): Promise<ActionOutcome> {
  const body = actionBody(fields);
  const response = await fetch(ORIGIN + page, {
    method: 'POST',
    headers: { 'Next-Action': actionId(name), Accept: 'text/x-component', Origin: ORIGIN, Cookie: browser.cookie },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${name} answered ${response.status}`);
  // The action's return value is one line of the RSC stream; the rest is the re-rendered page.
  const line = /^[0-9a-f]+:(\{"ok":(?:true|false).*)$/m.exec(text);
  if (!line) throw new Error(`${name} answered without a result`);
  return JSON.parse(line[1]!) as ActionOutcome;
}

async function signUpAndIn(email: string): Promise<Browser> {
  const browser = new Browser();
  const signedUp = await callAction(browser, '/sign-up', 'signUp', { email, password: PASSWORD });
  if (!signedUp.ok) throw new Error(`sign-up refused: ${signedUp.error}`);
  const csrf = await fetch(`${ORIGIN}/api/auth/csrf`);
  browser.keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${ORIGIN}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: browser.cookie, Origin: ORIGIN },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: 'true' }),
  });
  browser.keep(signedIn);
  if (!browser.has('next-auth.session-token')) throw new Error(`sign-in failed (${signedIn.status})`);
  return browser;
}

async function me(token: string) {
  const response = await fetch(`${ORIGIN}/api/v1/me`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => null)) as { key?: { id?: string } } | null;
  return { status: response.status, keyId: body?.key?.id };
}

// --- one cycle: load, kill, check --------------------------------------------------------------------------------

const ledger = new CrashLedger();
let browsers: Browser[] = [];
const browserOf = (owner: number) => {
  const browser = browsers[owner];
  if (!browser) throw new Error(`no signed-in owner ${owner}`);
  return browser;
};

interface CycleStats {
  acked: { create: number; revoke: number; regenerate: number; me: number };
  cutOff: number;
  violations: string[];
}

async function loadUntilKilled(cycle: number, stats: CycleStats) {
  let killed = false;
  let sequence = 0;
  let firstAck: () => void = () => {};
  const firstAcked = new Promise<void>((resolve) => (firstAck = resolve));
  // The kill clock starts at the first acknowledged action, so every cycle dies with actions under way.
  const acked = (op: keyof CycleStats['acked']) => {
    stats.acked[op]++;
    if (op !== 'me') firstAck();
  };
  // Anything but an answer is expected only once the server is gone.
  const failed = (what: string, error: unknown) => {
    if (killed) stats.cutOff++;
    else
      stats.violations.push(
        `${what} failed before the kill: ${error instanceof Error ? error.message : String(error)}`,
      );
  };
  const refused = (what: string, outcome: { error: string }) =>
    stats.violations.push(`${what} refused: ${outcome.error}`);

  async function create() {
    const owner = Math.floor(random() * USERS);
    const name = `drill ${cycle}.${sequence++}`;
    try {
      const outcome = await callAction(browserOf(owner), '/settings/security', 'createKey', {
        name,
        expiration: '30',
        permission: 'read',
      });
      if (!outcome.ok) return refused('createKey', outcome);
      if (!outcome.token || !outcome.keyId) return void stats.violations.push('createKey acknowledged without a token');
      ledger.acknowledgeCreate(outcome.keyId, outcome.token, owner);
      acked('create');
    } catch (error) {
      ledger.createCutOff(name);
      failed('createKey', error);
    }
  }

  async function change(op: 'revoke' | 'regenerate') {
    const key = ledger.take(random);
    if (!key) return create();
    const grace = random() < 0.75 ? 'immediately' : '1h';
    try {
      const outcome =
        op === 'revoke'
          ? await callAction(browserOf(key.owner), '/settings/security', 'revokeKey', { keyId: key.keyId })
          : await callAction(browserOf(key.owner), '/settings/security', 'regenerateKey', { keyId: key.keyId, grace });
      if (!outcome.ok) return refused(`${op}Key`, outcome);
      if (op === 'revoke') ledger.acknowledgeRevoke(key.keyId);
      else if (!outcome.token) return void stats.violations.push('regenerateKey acknowledged without a token');
      else ledger.acknowledgeRegenerate(key.keyId, outcome.token, grace);
      acked(op);
    } catch (error) {
      if (op === 'revoke') ledger.revokeCutOff(key.keyId);
      else ledger.regenerateCutOff(key.keyId, grace);
      failed(`${op}Key`, error);
    } finally {
      ledger.release(key.keyId);
    }
  }

  // Keys in use by the API path too: verification and usage recording run alongside the actions.
  async function callApi() {
    const key = ledger.take(random);
    if (!key?.token) {
      if (key) ledger.release(key.keyId);
      return create();
    }
    try {
      const answer = await me(key.token);
      if (answer.status !== 200 || answer.keyId !== key.keyId)
        stats.violations.push(`a live key answered ${answer.status} on /api/v1/me`);
      else acked('me');
    } catch (error) {
      failed('GET /api/v1/me', error);
    } finally {
      ledger.release(key.keyId);
    }
  }

  const worker = async () => {
    while (!killed) {
      const roll = random();
      if (roll < 0.45) await create();
      else if (roll < 0.65) await change('regenerate');
      else if (roll < 0.85) await change('revoke');
      else await callApi();
    }
  };
  const workers = Array.from({ length: WORKERS }, worker);
  const noAck = sleep(60_000).then(() => 'timeout' as const);
  if ((await Promise.race([firstAcked, noAck])) === 'timeout')
    stats.violations.push('no operation was acknowledged within 60 s');
  const delay = Math.round(KILL_DELAY_MS[0] + random() * (KILL_DELAY_MS[1] - KILL_DELAY_MS[0]));
  await sleep(delay);
  killed = true;
  await stopServer('SIGKILL');
  await Promise.all(workers);
  return delay;
}

/** With the server down: the file as the kill left it, through a read-only connection. */
function checkOffline(stats: CycleStats) {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const health = databaseHealth(db);
    if (health.integrity.join() !== 'ok')
      stats.violations.push(`integrity_check: ${health.integrity.slice(0, 3).join('; ')}`);
    if (health.foreignKeyProblems.length > 0)
      stats.violations.push(`foreign_key_check: ${health.foreignKeyProblems.length} rows`);
    if (!isHealthy(health)) return { sound: false, keys: 0 };
    for (const { invariant, keyIds } of keyInvariantViolations(db))
      stats.violations.push(`${invariant}: ${keyIds.slice(0, 3).join(', ')}`);
    const { rows, names } = keyRows(db);
    stats.violations.push(...ledger.reconcile(rows, names));
    return { sound: true, keys: rows.size };
  } finally {
    db.close();
  }
}

function keyRows(db: Database.Database) {
  const rows = new Map<string, KeyRowState>();
  const found = db
    .prepare(
      `SELECT k.id, k.secret_hash AS secretHash, k.previous_secret_hash AS previousSecretHash, k.revoked_at AS revokedAt,
        (SELECT count(*) FROM audit_log a WHERE a.target_key_id = k.id AND a.action = 'key.regenerated') AS regenerations
       FROM api_keys k`,
    )
    .all() as (KeyRowState & { id: string })[];
  for (const { id, ...state } of found) rows.set(id, state);
  const names = new Map(
    (db.prepare('SELECT name, count(*) AS n FROM api_keys GROUP BY name').all() as { name: string; n: number }[]).map(
      (r) => [r.name, r.n],
    ),
  );
  return { rows, names };
}

/** With the server back: acknowledged tokens authenticate, revoked and replaced ones are refused. */
async function checkOnline(stats: CycleStats) {
  const { live, dead } = ledger.tokensToTry(random, 4, 3);
  for (const { keyId, token } of live) {
    const answer = await me(token);
    if (answer.status !== 200 || answer.keyId !== keyId)
      stats.violations.push(`acknowledged key ${keyId} answered ${answer.status} after the restart`);
  }
  for (const { keyId, token } of dead) {
    const answer = await me(token);
    if (answer.status !== 401)
      stats.violations.push(`a revoked or replaced secret of ${keyId} answered ${answer.status} after the restart`);
  }
  return live.length + dead.length;
}

/**
 * Proof that the checks can fail: on a copy of the final database, plant a half-created key, undo an
 * acknowledged revocation and delete an acknowledged key; each must be reported.
 */
async function canary(): Promise<string[]> {
  const copyFile = path.join(DATA_DIR, 'canary.db');
  // Read-write: the server stopped cleanly and removed the -shm file, which a read-only connection cannot recreate.
  const source = new Database(DB_FILE, { fileMustExist: true });
  await source.backup(copyFile);
  source.close();
  const copy = new Database(copyFile);
  const problems: string[] = [];
  try {
    const user = copy.prepare('SELECT id, account_id AS accountId FROM users LIMIT 1').get() as {
      id: string;
      accountId: string;
    };
    copy
      .prepare(
        "INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES ('canaryKey000', ?, ?, 'canary', x'00', 0)",
      )
      .run(user.accountId, user.id);
    if (!keyInvariantViolations(copy).some((v) => v.keyIds.includes('canaryKey000')))
      problems.push('a half-created key went unnoticed');
    copy.prepare("DELETE FROM api_keys WHERE id = 'canaryKey000'").run();

    const revoked = copy.prepare('SELECT id FROM api_keys WHERE revoked_at IS NOT NULL LIMIT 1').pluck().get() as
      string | undefined;
    if (!revoked) problems.push('the drill revoked nothing');
    else {
      copy.prepare('UPDATE api_keys SET revoked_at = NULL WHERE id = ?').run(revoked);
      if (!keyInvariantViolations(copy).some((v) => v.keyIds.includes(revoked)))
        problems.push('a half-revoked key went unnoticed');
      const { rows, names } = keyRows(copy);
      if (!ledger.reconcile(rows, names).some((v) => v.includes(revoked)))
        problems.push('an undone revocation went unnoticed');
    }
    const live = copy.prepare('SELECT id FROM api_keys WHERE revoked_at IS NULL LIMIT 1').pluck().get() as string;
    copy.prepare('DELETE FROM api_keys WHERE id = ?').run(live);
    const { rows, names } = keyRows(copy);
    if (!ledger.reconcile(rows, names).some((v) => v.includes(`${live} is missing`)))
      problems.push('a lost acknowledged key went unnoticed');
  } finally {
    copy.close();
    rmSync(copyFile, { force: true });
  }
  return problems;
}

async function main() {
  ensureBuilt();
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  log = createWriteStream(SERVER_LOG);
  const started = Date.now();
  const limit = setTimeout(() => {
    console.error(`[crash] FAILED: the drill took longer than ${DRILL_LIMIT_MS / 60_000} min`);
    server?.kill('SIGKILL');
    process.exit(1);
  }, DRILL_LIMIT_MS);
  console.log(
    `[crash] ${CYCLES} cycles of load + SIGKILL on ${ORIGIN}, ${WORKERS} concurrent clients, ${USERS} users, seed ${SEED}`,
  );

  await startServer();
  browsers = await Promise.all(Array.from({ length: USERS }, (_, i) => signUpAndIn(`crash-${i}-${SEED}@example.com`)));

  let passed = 0;
  let failed = 0;
  const totals = { create: 0, revoke: 0, regenerate: 0, me: 0, cutOff: 0, tried: 0 };
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const stats: CycleStats = { acked: { create: 0, revoke: 0, regenerate: 0, me: 0 }, cutOff: 0, violations: [] };
    const delay = await loadUntilKilled(cycle, stats);
    const { sound, keys } = checkOffline(stats);
    await startServer();
    const tried = await checkOnline(stats);
    const { create, revoke, regenerate, me: used } = stats.acked;
    for (const [name, n] of Object.entries({ create, revoke, regenerate, me: used, cutOff: stats.cutOff, tried }))
      totals[name as keyof typeof totals] += n;
    const verdict = stats.violations.length === 0 ? 'ok' : `FAILED (${stats.violations.length})`;
    console.log(
      `[crash] cycle ${String(cycle).padStart(2)}/${CYCLES}: SIGKILL ${delay} ms after the first acknowledged action, ${stats.cutOff} requests cut off; ` +
        `acknowledged ${create} creates, ${revoke} revokes, ${regenerate} regenerates, ${used} API calls; ` +
        `integrity_check and foreign_key_check ${sound ? 'ok' : 'FAILED'}, ${keys} keys checked, ${tried} tokens checked after restart: ${verdict}`,
    );
    for (const violation of stats.violations) console.log(`[crash]   violation: ${violation}`);
    if (stats.violations.length === 0) passed++;
    else failed++;
  }
  await stopServer('SIGTERM');
  log.end();

  // The server's own output must not contain any secret the drill was given.
  const output = readFileSync(SERVER_LOG, 'latin1');
  const leaked = ledger
    .tokens()
    .filter((token) => output.includes(token) || output.includes((token.split('_')[2] ?? '').slice(0, 32)));
  if (leaked.length > 0) {
    console.log(`[crash] FAILED: ${leaked.length} secrets appear in the server output`);
    failed++;
  }
  const blind = await canary();
  for (const problem of blind) console.log(`[crash] FAILED canary: ${problem}`);
  if (blind.length === 0) {
    console.log('[crash] canary: a planted half-created key, an undone revocation and a lost key are all reported');
    passed++;
  } else failed++;

  clearTimeout(limit);
  console.log(
    `[crash] ${CYCLES} kills; ${totals.create} creates, ${totals.revoke} revokes, ${totals.regenerate} regenerates, ${totals.me} API calls acknowledged; ` +
      `${totals.cutOff} requests cut off (${ledger.unacknowledgedCommitted} unacknowledged creates had committed); ` +
      `${totals.tried} tokens checked after restarts; ${ledger.size} keys tracked; ${Math.round((Date.now() - started) / 1000)} s`,
  );
  console.log(`[crash] result: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch(async (error) => {
  console.error(`[crash] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  await stopServer('SIGKILL').catch(() => {});
  console.log('[crash] result: 0 passed, 1 failed');
  process.exit(1);
});
