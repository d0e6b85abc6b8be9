import { expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_DATA_DIR, E2E_PORT } from './env';

const ROOT = path.resolve(__dirname, '..');

export interface ExtraServer {
  base: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output: () => string;
}

/**
 * A production server of a spec's own, on E2E_PORT + `offset` and a fresh data directory, for settings the shared
 * server cannot have. `env` wins over the defaults; a key set to undefined removes it (e.g. NEXTAUTH_URL).
 */
export async function startExtraServer(offset: number, name: string, env: Record<string, string | undefined> = {}): Promise<ExtraServer> {
  const port = E2E_PORT + offset;
  const base = `http://127.0.0.1:${port}`;
  const dataDir = path.join(path.dirname(E2E_DATA_DIR), name);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const merged = { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, NEXTAUTH_URL: base, PORT: String(port), HOST: '127.0.0.1', ...env };
  const child = spawn(process.execPath, [path.join(ROOT, '.latchkey/server.mjs')], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Read as it comes, so a full pipe never stalls the server, and kept for specs that check what it logged.
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await expect.poll(async () => (await fetch(`${base}/sign-in`).catch(() => null))?.status, { timeout: 100_000 }).toBe(200);
  return { base, dataDir, process: child, output: () => output };
}
