#!/usr/bin/env node
// `npm start`: builds the production app if there is no build yet, then serves it. Zero configuration: the data
// directory, database, migrations and session secret are set up by the server at start (instrumentation.ts).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

if (process.env.LATCHKEY_REBUILD === '1' || !existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.log('[latchkey] building the production app (first start, or LATCHKEY_REBUILD=1)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env, NODE_ENV: 'production' };
// next-auth needs the public origin. Without NEXTAUTH_URL, take it from the request's Host header: right for a
// local or single-host install; set NEXTAUTH_URL when serving behind a proxy or on a public name.
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST ??= 'true';

const args = [nextBin, 'start', '-p', env.PORT ?? '3000'];
if (env.HOST) args.push('-H', env.HOST);
const server = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
