import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Shared by playwright.config.ts, the e2e server and the specs: where this run's server lives and keeps its data.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATA_DIR = path.resolve(__dirname, '..', 'test-results', 'e2e-data');
export const SERVER_LOG = path.join(E2E_DATA_DIR, 'server.log');
export const DB_FILE = path.join(E2E_DATA_DIR, 'latchkey.db');
/** Every secret the specs saw issued, one per line, for the exposure scan that runs last. */
export const ISSUED_SECRETS = path.join(E2E_DATA_DIR, 'issued-secrets.txt');
/** Every user the specs signed up (JSON lines of email and password), for the exposure scan's page crawl. */
export const SIGNED_UP_USERS = path.join(E2E_DATA_DIR, 'signed-up-users.jsonl');
/** Pages and RSC payloads the browsers received that carried an already-issued secret (should stay empty). */
export const PAYLOAD_LEAKS = path.join(E2E_DATA_DIR, 'payload-leaks.txt');
/** One line per HTML or RSC payload the browsers received and the watcher checked. */
export const PAYLOADS_CHECKED = path.join(E2E_DATA_DIR, 'payloads-checked.txt');
/** Where every server of the run records the /api/v1 answers it sends (e2e/api-tap.mjs), for e2e/openapi.spec.ts. */
export const API_TAP_DIR = path.join(E2E_DATA_DIR, 'api-tap');

/** The environment that makes a server process record its /api/v1 answers (e2e/server.mjs does the same). */
export function apiTapEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const tap = `--import=${pathToFileURL(path.join(__dirname, 'api-tap.mjs')).href}`;
  return { NODE_OPTIONS: [env.NODE_OPTIONS, tap].filter(Boolean).join(' '), LATCHKEY_E2E_API_TAP_DIR: API_TAP_DIR };
}
