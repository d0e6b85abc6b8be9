import { expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { apiTapEnv, E2E_DATA_DIR } from './env';
import { portOf, type PortName } from './ports';

const ROOT = path.resolve(__dirname, '..');

export interface ExtraServer {
  base: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output: () => string;
}

export interface ExtraServerOptions {
  /** Variables over the defaults; a key set to undefined removes it (e.g. NEXTAUTH_URL). */
  env?: Record<string, string | undefined>;
  /** A data directory the spec prepared (kept as it is); by default a fresh one named after the port's entry. */
  dataDir?: string;
  /** `npm start` (scripts/start.mjs, as an operator runs it) instead of the production listener itself. */
  npmStart?: boolean;
}

/**
 * A production server of a spec's own, for settings the shared server cannot have, on the port `name` has in
 * e2e/ports.ts (so no two specs share one) and, unless told otherwise, a fresh data directory. Every server a spec
 * starts is started here.
 */
export async function startExtraServer(
  name: PortName,
  { env = {}, dataDir, npmStart = false }: ExtraServerOptions = {},
): Promise<ExtraServer> {
  const port = portOf(name);
  const base = `http://127.0.0.1:${port}`;
  if (!dataDir) {
    dataDir = path.join(path.dirname(E2E_DATA_DIR), `e2e-${name}-${port}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
  }
  const merged = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    NEXTAUTH_URL: base,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Its /api/v1 answers are validated against openapi.json too (e2e/openapi.spec.ts).
    ...apiTapEnv(),
    ...env,
  };
  const entry = npmStart ? 'scripts/start.mjs' : '.latchkey/server.mjs';
  const child = spawn(process.execPath, [path.join(ROOT, entry)], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Read as it comes, so a full pipe never stalls the server, and kept for specs that check what it logged.
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  try {
    await expect
      .poll(async () => (await fetch(`${base}/sign-in`).catch(() => null))?.status, {
        timeout: 100_000,
        message: `the ${name} server starts on port ${port}`,
      })
      .toBe(200);
  } catch (error) {
    // A server that never answered is no one's to stop later.
    child.kill('SIGKILL');
    throw error;
  }
  return { base, port, dataDir, process: child, output: () => output };
}
