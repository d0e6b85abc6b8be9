// `npm run bench`: seeds fresh databases with 10k and 1M keys, starts the production listener on 127.0.0.1 and
// drives it with wrk for a bounded time per scenario, next to a reference server (bare node:http with the
// project's own verification module). Prints a table and the ratios of issues 4 and 10, writes JSON to bench/results/.
// Exits non-zero only when requests fail, never because of speed. Compare ratios within one run, not across runs.
import Database from '../db/sqlite';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '../db';
import { formatToken, generateKeyId, generateSecret, hashSecret } from '../lib/keys/token';

const root = path.resolve(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SIZES = (process.env.BENCH_KEYS ?? '10000,1000000').split(',').map(Number);
// BENCH_PORT moves both servers (the reference listens on the next port), e.g. beside a running e2e suite.
const APP_PORT = Number(process.env.BENCH_PORT ?? 3301);
const REF_PORT = APP_PORT + 1;
const SAMPLE = 1000;

interface Row {
  scenario: string;
  keys: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  rssMb: number | null;
}

function ensureBuilt() {
  if (existsSync(path.join(root, '.next/BUILD_ID')) && existsSync(path.join(root, '.latchkey/server.mjs'))) return;
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** A fresh database with `count` keys in one account; returns tokens for a sample of them and a revoked one. */
function seed(dataDir: string, count: number) {
  rmSync(dataDir, { recursive: true, force: true });
  const file = path.join(dataDir, 'latchkey.db');
  openDatabase(file).$client.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // seeding only; the server opens it with its own settings
  const accountId = randomUUID();
  const userId = randomUUID();
  const now = Date.now();
  db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(accountId, 'Bench', now);
  db.prepare(
    "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'owner', ?)",
  ).run(userId, accountId, 'bench@example.com', now);
  const insert = db.prepare(
    'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const tokens: string[] = [];
  let revoked = '';
  const started = Date.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const keyId = generateKeyId();
      const secret = generateSecret();
      const isRevoked = i === count - 1;
      insert.run(keyId, accountId, userId, `key ${i}`, hashSecret(secret), now, isRevoked ? now : null);
      // Keep the tokens of keys spread over the whole table.
      if (i % Math.max(1, Math.floor(count / SAMPLE)) === 0 && tokens.length < SAMPLE && !isRevoked) {
        tokens.push(formatToken({ prefix: 'lk', keyId, secret }));
      }
      if (isRevoked) revoked = formatToken({ prefix: 'lk', keyId, secret });
    }
  })();
  db.close();
  const verifier = tokens[0];
  if (verifier === undefined) throw new Error('the seed kept no token');
  return { file, tokens, revoked, verifier, seedSeconds: (Date.now() - started) / 1000 };
}

function start(command: string[], env: Record<string, string>, port: number): Promise<ChildProcess> {
  const [program = '', ...args] = command;
  const child = spawn(program, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A failed run must not leave a server behind holding the port (and this process's stderr).
  process.on('exit', () => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/api/v1/me`);
        resolve(child);
      } catch {
        if (Date.now() > deadline) reject(new Error(`server on ${port} did not start`));
        else setTimeout(() => void poll(), 250);
      }
    };
    void poll();
  });
}

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/**
 * The load generator: wrk (C, one thread), not a Node.js client. On a 2-core machine a load generator written in
 * JavaScript takes a core of its own and becomes the bottleneck (autocannon, used here before, topped out near the
 * bare reference's speed and reported latency in whole milliseconds); wrk leaves the server its core and measures
 * latency in microseconds. A Lua script rotates the tokens and counts every answer whose status is not the expected.
 */
function wrkScript(
  host: string,
  tokens: string[],
  options: { method?: string; body?: (token: string) => string; expect: number },
) {
  const lua = (text: string) => JSON.stringify(text); // a JSON string literal is a valid Lua string literal here
  const requests = tokens.map((token, i) => {
    // wrk adds Host only to requests it formats itself, after the script is loaded.
    const headers: Record<string, string> = { Host: host };
    let body: string | undefined;
    if (options.body) {
      headers.authorization = `Bearer ${tokens[0]}`;
      headers['content-type'] = 'application/json';
      body = options.body(tokens[1 + (i % Math.max(1, tokens.length - 1))] ?? token);
    } else if (token) headers.authorization = `Bearer ${token}`;
    const fields = Object.entries(headers).map(([name, value]) => `[${lua(name)}] = ${lua(value)}`);
    return `wrk.format(${lua(options.method ?? 'GET')}, nil, { ${fields.join(', ')} }${body ? `, ${lua(body)}` : ''})`;
  });
  return `
local requests = { ${requests.join(',\n')} }
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = 0; wrong = 0 end
function request() i = i + 1; return requests[(i % #requests) + 1] end
function response(status) if status ~= ${options.expect} then wrong = wrong + 1 end end
function done(summary, latency)
  local w = 0
  for _, t in ipairs(threads) do w = w + t:get("wrong") end
  local e = summary.errors
  io.write(string.format("[wrk] %d %d %f %f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout, w))
end
`;
}

async function drive(
  port: number,
  pid: number | undefined,
  scenario: string,
  keys: number,
  tokens: string[],
  options: { method?: string; path?: string; body?: (token: string) => string; expect: number },
): Promise<Row> {
  const script = path.join(os.tmpdir(), `latchkey-bench-${process.pid}.lua`);
  writeFileSync(script, wrkScript(`127.0.0.1:${port}`, tokens, options));
  const url = `http://127.0.0.1:${port}${options.path ?? '/api/v1/me'}`;
  const run = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '-s', script, url], { encoding: 'utf8' });
  rmSync(script, { force: true });
  const line = /^\[wrk\] (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+) (\d+)$/m.exec(run.stdout ?? '');
  if (!line) throw new Error(`wrk failed for ${scenario}: ${run.error?.message ?? run.stderr}`);
  const [requests, durationUs, p50Us, p99Us, errors, wrong] = line.slice(1).map(Number) as number[];
  const ms = (us: number | undefined) => Math.round((us ?? 0) / 10) / 100;
  return {
    scenario,
    keys,
    reqPerSec: Math.round(((requests ?? 0) * 1e6) / (durationUs || 1)),
    p50: ms(p50Us),
    p99: ms(p99Us),
    errors: errors ?? 0,
    non2xx: wrong ?? 0,
    rssMb: rssMb(pid),
  };
}

/** First-load JavaScript of /settings/security, gzip, from the build's manifests. */
function dashboardWeightKb(): number {
  const manifestFile = path.join(
    root,
    '.next/server/app/(dashboard)/settings/security/page_client-reference-manifest.js',
  );
  const sandbox: { globalThis: Record<string, unknown>; self?: unknown } = { globalThis: {} };
  sandbox.self = sandbox.globalThis;
  runInNewContext(readFileSync(manifestFile, 'utf8'), sandbox);
  const manifests = (sandbox.globalThis.__RSC_MANIFEST ?? {}) as Record<
    string,
    { entryJSFiles?: Record<string, string[]> }
  >;
  const files = new Set<string>();
  for (const manifest of Object.values(manifests))
    for (const list of Object.values(manifest.entryJSFiles ?? {})) list.forEach((f) => files.add(f));
  const build = JSON.parse(readFileSync(path.join(root, '.next/build-manifest.json'), 'utf8')) as {
    rootMainFiles?: string[];
  };
  (build.rootMainFiles ?? []).forEach((f) => files.add(f));
  let bytes = 0;
  for (const file of files) {
    const full = path.join(root, '.next', file.replace(/^\/?_next\//, ''));
    if (existsSync(full)) bytes += gzipSync(readFileSync(full)).length;
  }
  return Math.round(bytes / 1024);
}

async function main() {
  if (spawnSync('wrk', ['--version']).error) {
    console.error('[bench] npm run bench drives the servers with wrk, which is not installed: apt-get install wrk');
    process.exit(1);
  }
  ensureBuilt();
  const rows: Row[] = [];
  const seeds: Record<number, number> = {};
  for (const size of SIZES) {
    const dataDir = path.join(root, 'bench', `.data-${size}`);
    const { file, tokens, revoked, verifier, seedSeconds } = seed(dataDir, size);
    seeds[size] = seedSeconds;
    console.log(`[bench] seeded ${size} keys in ${seedSeconds.toFixed(1)} s`);
    const [prefix, keyId, tail = ''] = verifier.split('_');
    const badChecksum = `${prefix}_${keyId}_${tail.slice(0, -1)}${tail.endsWith('A') ? 'B' : 'A'}`;
    const unknown = formatToken({ prefix: 'lk', keyId: generateKeyId(), secret: generateSecret() });

    const app = await start(
      [process.execPath, '.latchkey/server.mjs'],
      {
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        PORT: String(APP_PORT),
        HOST: '127.0.0.1',
        NEXTAUTH_URL: `http://127.0.0.1:${APP_PORT}`,
      },
      APP_PORT,
    );
    // Both servers run from the start (an idle one costs nothing), so the reference is driven right after /me: on a
    // shared machine the load drifts within a run, and the ratio of two neighbouring scenarios drifts least.
    const reference = await start(
      [process.execPath, '--import', 'tsx', 'bench/reference-server.ts'],
      { BENCH_DB: file, PORT: String(REF_PORT) },
      REF_PORT,
    );
    const run = (scenario: string, list: string[], options: Parameters<typeof drive>[5]) =>
      drive(APP_PORT, app.pid, scenario, size, list, options);
    rows.push(await run('baseline (no key, 401)', [''], { expect: 401 }));
    rows.push(await run('GET /api/v1/me', tokens, { expect: 200 }));
    rows.push(
      await drive(REF_PORT, reference.pid, 'reference: node:http + verifyToken', size, tokens, { expect: 200 }),
    );
    reference.kill('SIGTERM');
    rows.push(await run('bad checksum', [badChecksum], { expect: 401 }));
    rows.push(await run('unknown key', [unknown], { expect: 401 }));
    rows.push(await run('revoked key', [revoked], { expect: 401 }));
    rows.push(
      await run('POST /api/v1/keys/verify', [verifier, ...tokens.slice(1)], {
        method: 'POST',
        path: '/api/v1/keys/verify',
        body: (token) => JSON.stringify({ key: token }),
        expect: 200,
      }),
    );
    app.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }

  const find = (scenario: string, keys: number) => rows.find((r) => r.scenario.startsWith(scenario) && r.keys === keys);
  const big = Math.max(...SIZES);
  const small = Math.min(...SIZES);
  const ratio = (a?: number, b?: number) => (a && b ? Math.round((a / b) * 100) / 100 : null);
  const me = find('GET /api/v1/me', big);
  const baseline = find('baseline', big);
  const ratios = {
    'authenticated /me vs baseline (target >= 0.90)': ratio(me?.reqPerSec, baseline?.reqPerSec),
    'authenticated /me p99 vs baseline p99 (target <= 1.2)': ratio(me?.p99, baseline?.p99),
    [`${big} keys vs ${small} keys (target >= 0.95)`]: ratio(me?.reqPerSec, find('GET /api/v1/me', small)?.reqPerSec),
    'bad checksum vs baseline (target >= 1.0)': ratio(find('bad checksum', big)?.reqPerSec, baseline?.reqPerSec),
    'API vs reference server (target >= 0.7)': ratio(me?.reqPerSec, find('reference', big)?.reqPerSec),
    [`authenticated /me p99 ms at ${CONNECTIONS} connections (target <= 2)`]: me?.p99 ?? null,
  };
  const weight = dashboardWeightKb();

  console.log('\n| scenario | keys | req/s | p50 ms | p99 ms | errors | wrong status | RSS MB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.scenario} | ${r.keys} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.rssMb ?? '?'} |`,
    );
  console.log('\n| ratio | value |\n|---|---|');
  for (const [name, value] of Object.entries(ratios)) console.log(`| ${name} | ${value ?? 'n/a'} |`);
  console.log(`\nfirst-load JS of /settings/security: ${weight} kB gzip (target <= 150)`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${DURATION} s per scenario, ${CONNECTIONS} connections`,
  );

  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const out = path.join(root, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        duration: DURATION,
        connections: CONNECTIONS,
        seeds,
        rows,
        ratios,
        dashboardFirstLoadKbGzip: weight,
      },
      null,
      2,
    ),
  );
  console.log(`[bench] wrote ${path.relative(root, out)}`);
  const failed = rows.filter((r) => r.errors > 0 || r.non2xx > 0);
  if (failed.length) {
    console.error(`[bench] ${failed.length} scenario(s) had errors or wrong statuses`);
    process.exit(1);
  }
}

if (process.env.BENCH_WEIGHT_ONLY) {
  console.log(`first-load JS of /settings/security: ${dashboardWeightKb()} kB gzip`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
