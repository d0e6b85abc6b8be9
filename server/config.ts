import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SIGN_UP_LIMIT, MAX_SIGN_UP_LIMIT } from '../lib/auth/sign-up-limit';
import { DEFAULT_PREFIX, PREFIX_RE } from '../lib/keys/token';
import { parseTrustedProxies, type AddressRange } from '../lib/net/client-address';

// Configuration is read and validated once, lazily (`next build` imports modules without a runtime env).
const EnvSchema = z.object({
  DATA_DIR: z.string().min(1).optional(),
  LATCHKEY_TOKEN_PREFIX: z
    .string()
    .regex(PREFIX_RE, 'LATCHKEY_TOKEN_PREFIX must be 2-10 lowercase letters or digits, starting with a letter')
    .optional(),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  // Proxies whose X-Forwarded-For is believed (lib/net/client-address.ts). Empty: the socket's peer is the client.
  LATCHKEY_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseTrustedProxies(value);
      if (parsed.ok) return parsed.ranges;
      ctx.addIssue({
        code: 'custom',
        message: `LATCHKEY_TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges (or "loopback", "private"); cannot read: ${parsed.invalid.join(', ')}`,
      });
      return z.NEVER;
    }),
  // Sign-ups and invitation acceptances per client address (IPv6: per /64) per 10 minutes (lib/auth/sign-up-limit.ts).
  LATCHKEY_SIGNUP_LIMIT: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return DEFAULT_SIGN_UP_LIMIT;
      const n = Number(value);
      if (/^\d+$/.test(value.trim()) && Number.isSafeInteger(n) && n >= 1 && n <= MAX_SIGN_UP_LIMIT) return n;
      ctx.addIssue({
        code: 'custom',
        message: `LATCHKEY_SIGNUP_LIMIT must be a whole number from 1 to ${MAX_SIGN_UP_LIMIT} (attempts per address per 10 minutes); got "${value}"`,
      });
      return z.NEVER;
    }),
  // The listener's port and bind address (server/index.ts).
  PORT: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return 3000;
      const n = Number(value);
      if (/^\d+$/.test(value.trim()) && n >= 1 && n <= 65535) return n;
      ctx.addIssue({ code: 'custom', message: `PORT must be a whole number from 1 to 65535; got "${value}"` });
      return z.NEVER;
    }),
  HOST: z.string().optional(),
  // The public origin; it pins the session cookies' names and flags (lib/auth/cookies.ts), so a typo must not be
  // ignored silently as "not set" would be.
  NEXTAUTH_URL: z
    .string()
    .optional()
    .refine(
      (value) =>
        value === undefined || value === '' || /^https?:$/.test(URL.canParse(value) ? new URL(value).protocol : ''),
      {
        message: 'NEXTAUTH_URL must be an absolute http:// or https:// URL, e.g. https://keys.example.com',
      },
    ),
  // How often buffered usage is written (server/usage-recorder.ts). Too small a value would turn every request into a write.
  LATCHKEY_USAGE_FLUSH_MS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return DEFAULT_USAGE_FLUSH_MS;
      const n = Number(value);
      if (/^\d+$/.test(value.trim()) && n >= MIN_USAGE_FLUSH_MS && n <= MAX_USAGE_FLUSH_MS) return n;
      ctx.addIssue({
        code: 'custom',
        message: `LATCHKEY_USAGE_FLUSH_MS must be a whole number of milliseconds from ${MIN_USAGE_FLUSH_MS} to ${MAX_USAGE_FLUSH_MS}; got "${value}"`,
      });
      return z.NEVER;
    }),
});

export const DEFAULT_USAGE_FLUSH_MS = 5_000;
export const MIN_USAGE_FLUSH_MS = 100;
export const MAX_USAGE_FLUSH_MS = 3_600_000;

export interface Config {
  dataDir: string;
  databaseFile: string;
  tokenPrefix: string;
  authSecret: string;
  /** Empty unless LATCHKEY_TRUSTED_PROXIES is set. */
  trustedProxies: AddressRange[];
  /** Sign-ups and invitation acceptances per client address per 10 minutes (LATCHKEY_SIGNUP_LIMIT). */
  signUpLimit: number;
  port: number;
  /** Undefined: all interfaces. */
  host: string | undefined;
  /** The configured public origin (NEXTAUTH_URL), if any. */
  publicUrl: string | undefined;
  usageFlushMs: number;
}

export const SECRET_FILE = 'auth-secret';
export const DATABASE_FILE = 'latchkey.db';

/**
 * The session secret: a configured AUTH_SECRET/NEXTAUTH_SECRET wins; otherwise one is generated on first run
 * and persisted in the data directory. The file is created exclusively and never rewritten, so a running
 * installation's secret cannot change behind its back (which would sign everyone out).
 */
export function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(48).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters; remove it or fix it`);
  return secret;
}

/** The data directory for a DATA_DIR value (default ./data). */
function resolveDataDir(dataDir: string | undefined): string {
  // Resolved at run time from the environment; not a build-time dependency, so the bundler is told not to trace it.
  return path.resolve(/*turbopackIgnore: true*/ dataDir || path.join(process.cwd(), 'data'));
}

let cached: Config | undefined;

function parseEnv(env: Record<string, string | undefined>) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  return parsed.data;
}

/** The data directory alone, without creating anything (for the ops scripts, which must not start a new installation). */
export function dataDirFrom(env: Record<string, string | undefined> = process.env): string {
  return resolveDataDir(parseEnv(env).DATA_DIR);
}

/** The listener's settings, without creating the data directory (server/index.ts reads them before Next starts). */
export function listenFrom(env: Record<string, string | undefined> = process.env): {
  port: number;
  host: string | undefined;
} {
  const parsed = parseEnv(env);
  return { port: parsed.PORT, host: parsed.HOST || undefined };
}

/** The token prefix, validated like the rest (for `npm run scanner-rules`, which must not create a data directory). */
export function tokenPrefixFrom(env: Record<string, string | undefined> = process.env): string {
  return parseEnv(env).LATCHKEY_TOKEN_PREFIX ?? DEFAULT_PREFIX;
}

/** The usage flush interval (validated with the rest at start; read here without creating the data directory). */
export function usageFlushMsFrom(env: Record<string, string | undefined> = process.env): number {
  return parseEnv(env).LATCHKEY_USAGE_FLUSH_MS;
}

/** The sign-up limit an environment sets (validated like the rest; for tests and scripts). */
export function signUpLimitFrom(env: Record<string, string | undefined> = process.env): number {
  return parseEnv(env).LATCHKEY_SIGNUP_LIMIT;
}

export function getConfig(): Config {
  if (cached) return cached;
  const env = parseEnv(process.env);
  const dataDir = resolveDataDir(env.DATA_DIR);
  cached = {
    dataDir,
    databaseFile: path.join(dataDir, DATABASE_FILE),
    tokenPrefix: env.LATCHKEY_TOKEN_PREFIX ?? DEFAULT_PREFIX,
    authSecret: env.AUTH_SECRET ?? env.NEXTAUTH_SECRET ?? loadOrCreateSecret(dataDir),
    trustedProxies: env.LATCHKEY_TRUSTED_PROXIES,
    signUpLimit: env.LATCHKEY_SIGNUP_LIMIT,
    port: env.PORT,
    host: env.HOST || undefined,
    publicUrl: env.NEXTAUTH_URL || undefined,
    usageFlushMs: env.LATCHKEY_USAGE_FLUSH_MS,
  };
  return cached;
}
