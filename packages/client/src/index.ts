import type { components } from './openapi.js';

// @latchkey/client: a typed client for a Latchkey installation's /api/v1, with no runtime dependency (the platform's
// fetch, AbortSignal and timers). The types come from the installation's OpenAPI document (./openapi.ts is generated
// from it), so a field the server does not send does not type-check here.

type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Key = Schemas['Key'];
export type KeyOwner = Schemas['KeyOwner'];
export type KeyRevoked = Schemas['KeyRevoked'];
export type SelfRevoked = Schemas['SelfRevoked'];
export type VerifyResult = Schemas['VerifyResult'];
export type Project = Schemas['Project'];
export type Resource = Schemas['Resource'];

export interface LatchkeyOptions {
  /** The API key; defaults to the LATCHKEY_TOKEN environment variable. */
  token?: string;
  /** The installation, e.g. https://keys.example.com; defaults to LATCHKEY_URL. */
  baseUrl?: string;
  /** Per attempt, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** How often an idempotent call is tried again after a 429, a 503 or a network error (default 2). */
  retries?: number;
  /** The longest wait before a retry, Retry-After included, in milliseconds (default 30 000); longer: no retry. */
  maxRetryDelayMs?: number;
  /** Another fetch (a proxy-aware one, say); defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Sent as User-Agent where the platform allows it. */
  userAgent?: string;
}

/**
 * Every failure of a call: the server's refusal (`status` and its `code`, e.g. 401 `invalid_token`, 403
 * `insufficient_scope`), or a failure before an answer (`status` 0: `network_error`, `timeout`), or an answer that is
 * not a Latchkey server's (`unexpected_response`).
 */
export class LatchkeyError extends Error {
  override readonly name = 'LatchkeyError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
const BASE_DELAY_MS = 250;
const RETRY_STATUSES = new Set([429, 503]);

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** Whether trying again cannot do twice what was asked. */
  idempotent: boolean;
}

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === '' ? undefined : value;
}

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait up to 250 ms, 500 ms, 1 s… for attempts 0, 1, 2… */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.round(random() * BASE_DELAY_MS * 2 ** attempt);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Latchkey {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #options: Required<Pick<LatchkeyOptions, 'timeoutMs' | 'retries' | 'maxRetryDelayMs'>> &
    Pick<LatchkeyOptions, 'fetch' | 'userAgent'>;

  constructor(options: LatchkeyOptions = {}) {
    const token = options.token ?? env('LATCHKEY_TOKEN');
    const baseUrl = options.baseUrl ?? env('LATCHKEY_URL');
    if (!token) throw new LatchkeyError(0, 'missing_token', 'No API key: pass { token } or set LATCHKEY_TOKEN.');
    if (!baseUrl) throw new LatchkeyError(0, 'missing_url', 'No server: pass { baseUrl } or set LATCHKEY_URL.');
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new LatchkeyError(0, 'invalid_url', `Not a URL: ${baseUrl}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new LatchkeyError(0, 'invalid_url', `Use an http or https URL, not ${url.protocol}`);
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.#token = token;
    this.#options = {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: options.retries ?? DEFAULT_RETRIES,
      maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
      fetch: options.fetch,
      userAgent: options.userAgent,
    };
  }

  /** Who the key belongs to: the key, its owner and account. */
  me(): Promise<Me> {
    return this.#call<Me>({ method: 'GET', path: '/api/v1/me', idempotent: true });
  }

  readonly keys = {
    /** The keys this key may see. */
    list: async (): Promise<Key[]> =>
      (await this.#call<{ keys: Key[] }>({ method: 'GET', path: '/api/v1/keys', idempotent: true })).keys,
    /** Revokes a key this key may see (404 `not_found` for any other id). Revoking twice is not an error. */
    revoke: (id: string): Promise<KeyRevoked> =>
      this.#call({ method: 'DELETE', path: `/api/v1/keys/${encodeURIComponent(id)}`, idempotent: true }),
    /**
     * The key revokes itself. Not retried after a network error: had the first attempt arrived, the retry's
     * 401 would hide that it worked.
     */
    revokeSelf: (): Promise<SelfRevoked> =>
      this.#call({ method: 'DELETE', path: '/api/v1/keys/self', idempotent: false }),
    /**
     * Checks a key another service was given (the caller's key needs `keys:verify`). `valid` is false, with a code,
     * for a key that is unknown, revoked, disabled, expired, of another account, or lacks `resource`/`write`.
     */
    verify: (input: { key: string; resource?: Resource; write?: boolean }): Promise<VerifyResult> =>
      this.#call({ method: 'POST', path: '/api/v1/keys/verify', body: input, idempotent: true }),
  };

  readonly projects = {
    list: async (): Promise<Project[]> =>
      (await this.#call<{ projects: Project[] }>({ method: 'GET', path: '/api/v1/projects', idempotent: true }))
        .projects,
    get: async (id: string): Promise<Project> =>
      (
        await this.#call<{ project: Project }>({
          method: 'GET',
          path: `/api/v1/projects/${encodeURIComponent(id)}`,
          idempotent: true,
        })
      ).project,
    /** Not retried: a second attempt could create a second project. */
    create: async (input: { name: string }): Promise<Project> =>
      (
        await this.#call<{ project: Project }>({
          method: 'POST',
          path: '/api/v1/projects',
          body: input,
          idempotent: false,
        })
      ).project,
  };

  async #call<T>(call: Call): Promise<T> {
    const attempts = call.idempotent ? this.#options.retries + 1 : 1;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= attempts;
      let response: Response;
      try {
        response = await this.#send(call);
      } catch (error) {
        if (last || !(error instanceof LatchkeyError) || error.code !== 'network_error') throw error;
        await sleep(backoffMs(attempt));
        continue;
      }
      if (!last && RETRY_STATUSES.has(response.status)) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt);
        if (wait <= this.#options.maxRetryDelayMs) {
          // The body is not needed; reading it frees the connection.
          await response.arrayBuffer().catch(() => undefined);
          await sleep(wait + backoffMs(0));
          continue;
        }
      }
      return this.#read<T>(response);
    }
  }

  async #send(call: Call): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#token}`, Accept: 'application/json' };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.#options.userAgent) headers['User-Agent'] = this.#options.userAgent;
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    try {
      return await fetchImpl(`${this.baseUrl}${call.path}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new LatchkeyError(0, 'timeout', `${this.baseUrl} did not answer within ${this.#options.timeoutMs} ms.`);
      const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
      throw new LatchkeyError(
        0,
        'network_error',
        `Could not reach ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
      );
    }
  }

  async #read<T>(response: Response): Promise<T> {
    const type = response.headers.get('content-type') ?? '';
    let body: unknown = null;
    if (/^application\/json\b/i.test(type)) {
      try {
        body = await response.json();
      } catch {
        body = null;
      }
    }
    if (response.ok && body !== null && typeof body === 'object') return body as T;
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string')
      throw new LatchkeyError(
        response.status,
        error.code,
        error.message,
        Array.isArray(error.details) ? (error.details as { path: string; message: string }[]) : undefined,
      );
    throw new LatchkeyError(
      response.status,
      'unexpected_response',
      `${this.baseUrl} did not answer like a Latchkey server (HTTP ${response.status}${type ? `, ${type.split(';')[0]}` : ''}).`,
    );
  }
}

/** The token of an Authorization header (Bearer, any case, or HTTP Basic with the token as username), or null. */
export function tokenFromAuthorization(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^(\w+) +(\S+)$/.exec(header.trim());
  if (!match) return null;
  const [, scheme, value] = match as unknown as [string, string, string];
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() !== 'basic') return null;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(colon + 1) === '' ? decoded.slice(0, colon) : null;
}

export type Verification =
  { ok: true; key: VerifyResult & { valid: true } } | { ok: false; status: 401 | 403; code: string; message: string };

/**
 * For a service that accepts Latchkey keys from its own callers: checks the Authorization header a request came with
 * (through `client`, whose own key needs `keys:verify`) and says what to answer. 401 when no key was sent or it is not
 * valid; 403 when it is valid but lacks `need`. Errors reaching Latchkey are thrown (answer 503, not 401).
 */
export async function verify(
  client: Latchkey,
  authorization: string | null | undefined,
  need: { resource?: Resource; write?: boolean } = {},
): Promise<Verification> {
  const key = tokenFromAuthorization(authorization);
  if (!key) return { ok: false, status: 401, code: 'missing_token', message: 'Send an API key as a Bearer token.' };
  const result = await client.keys.verify({ key, ...need });
  if (result.valid) return { ok: true, key: result as VerifyResult & { valid: true } };
  if (result.code === 'INSUFFICIENT_PERMISSIONS')
    return { ok: false, status: 403, code: 'insufficient_scope', message: 'This key may not do that.' };
  return { ok: false, status: 401, code: 'invalid_token', message: 'The API key is invalid, expired or revoked.' };
}
