import { E2E_PORT } from './env';

/**
 * Every port the e2e run listens on besides the shared server's, as an offset from E2E_PORT, in one table: specs run
 * two at a time, so two of them sharing a port would fail (or, worse, talk to each other's server) by chance.
 */
export const PORT_OFFSETS = {
  /** e2e/ui/forged.spec.ts: a foreign origin's page (a plain HTTP server, not Latchkey). */
  'evil-origin': 1,
  /** e2e/api/usage.spec.ts: a server killed with usage still buffered. */
  'usage-shutdown': 2,
  /** e2e/api/backup.spec.ts: the installation a backup is restored into (started with npm start). */
  'restored-backup': 3,
  /** e2e/ui/throttle.spec.ts: a server behind a trusted proxy. */
  'trusted-proxy': 5,
  /** e2e/ui/sessions.spec.ts: https NEXTAUTH_URL, or none, for the cookie flags. */
  sessions: 7,
  /** e2e/ui/sign-up-limit.spec.ts: the default sign-up limit. */
  'sign-up-limit': 11,
  /** e2e/api/hostile.spec.ts: a server whose output the method checks read. */
  methods: 13,
  /** e2e/api/client.spec.ts: the client's node:http example, protecting a route with verify. */
  'client-example': 17,
  /** e2e/api/cli.spec.ts: a CONNECT proxy for HTTP_PROXY / HTTPS_PROXY. */
  'cli-proxy': 19,
  /** e2e/api/cli.spec.ts: a port nothing listens on, for an unreachable --url. */
  'cli-nothing': 23,
} as const;

export type PortName = keyof typeof PORT_OFFSETS;

const offsets = Object.values(PORT_OFFSETS);
if (new Set(offsets).size !== offsets.length || offsets.some((offset) => offset <= 0)) {
  throw new Error(`e2e/ports.ts: port offsets must be positive and distinct, got ${offsets.join(', ')}`);
}

export function portOf(name: PortName): number {
  return E2E_PORT + PORT_OFFSETS[name];
}
