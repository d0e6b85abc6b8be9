#!/usr/bin/env node
// `npm start`: builds the production app if there is no build yet, then serves it from the Latchkey listener
// (server/index.ts: /api/v1 directly, everything else through Next). Zero configuration: the data directory,
// database, migrations and session secret are set up at start (instrumentation.ts).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

const serverBundle = path.join(root, '.latchkey', 'server.mjs');
const built = existsSync(path.join(root, '.next', 'BUILD_ID')) && existsSync(serverBundle);
if (process.env.LATCHKEY_REBUILD === '1' || !built) {
  console.log('[latchkey] building the production app (first start, or LATCHKEY_REBUILD=1)…');
  for (const step of [[nextBin, 'build'], [path.join(root, 'scripts', 'build-server.mjs')]]) {
    const build = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

const env = { ...process.env, NODE_ENV: 'production' };
// next-auth needs the public origin. Without NEXTAUTH_URL, take it from the request's Host header: right for a
// local or single-host install; set NEXTAUTH_URL when serving behind a proxy or on a public name.
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST ??= 'true';

const server = spawn(process.execPath, [serverBundle], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
