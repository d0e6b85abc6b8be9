#!/usr/bin/env node
// Starts the production build for the e2e run on a fresh data directory (a new SQLite file every run) and
// tees the server's output to server.log, which the exposure scan reads at the end.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.E2E_PORT ?? '3107';
const dataDir = path.join(root, 'test-results', 'e2e-data');

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const log = createWriteStream(path.join(dataDir, 'server.log'));

// The production listener, as `npm start` runs it: /api/v1 on the lean path, everything else through Next.
const server = spawn(process.execPath, [path.join(root, '.latchkey/server.mjs')], {
  cwd: root,
  // Every test browser signs up from 127.0.0.1: the sign-up limit is raised here (e2e/ui/sign-up-limit.spec.ts proves the default).
  // Usage is flushed every half second instead of 5 s, so specs that wait for "last used" wait less
  // (e2e/api/usage.spec.ts proves the buffering on a server of its own).
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    PORT: port,
    HOST: '127.0.0.1',
    LATCHKEY_SIGNUP_LIMIT: '100000',
    LATCHKEY_USAGE_FLUSH_MS: '500',
    // Records every /api/v1 answer for e2e/openapi.spec.ts (e2e/api-tap.mjs; apiTapEnv in e2e/env.ts does the same).
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${pathToFileURL(path.join(root, 'e2e/api-tap.mjs')).href}`]
      .filter(Boolean)
      .join(' '),
    LATCHKEY_E2E_API_TAP_DIR: path.join(dataDir, 'api-tap'),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
for (const stream of [server.stdout, server.stderr]) {
  stream.on('data', (chunk) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => {
  log.end();
  process.exit(code ?? 0);
});
