import 'server-only';
import { z } from 'zod';
import { KeyNameSchema } from '../lib/keys/name';
import { CredentialsSchema } from '../lib/auth/credentials';
import { throttleKey } from '../lib/net/client-address';
import { clientAddressFrom } from '../lib/net/request-address';
import { emailQueue, serializeBy } from '../lib/auth/serialize';
import { WRONG_CREDENTIALS } from './services/sessions';
import { cliKeyName, passwordLogin, pollDeviceLogin, startDeviceLogin } from './services/device-login';
import { getConfig } from './config';
import { getStore } from './db';
import { readBodyCapped } from './request-body';

// The three endpoints `latchkey login` talks to before it has a key, outside /api/v1 (whose every route but two needs
// one): start a device login, poll it (both shaped like RFC 8628 §3.1-3.5), and the email-and-password login. Thin:
// parse, call the device-login service, answer JSON that is never cached.

const MAX_BODY_BYTES = 8 * 1024;
const shownSafely = (text: string) => KeyNameSchema.safeParse(text).success;

const ClientSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((host) => KeyNameSchema.safeParse(cliKeyName(host)).success, 'Not a usable host name.'),
  // Shown on the approval page: held to the names' rule too (no control or text-direction characters to spoof with).
  platform: z.string().trim().min(1).max(40).refine(shownSafely, 'Not a usable platform name.'),
  version: z.string().trim().min(1).max(20).refine(shownSafely, 'Not a usable version.'),
});
const StartSchema = ClientSchema.extend({ public_key: z.string().max(64) });
const PollSchema = z.object({ device_code: z.string().min(1).max(128) });
const PasswordSchema = ClientSchema.extend({ email: z.string(), password: z.string() });

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}
const refusal = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message } }, headers);

async function body<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S> | Response> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? ''))
    return refusal(400, 'invalid_body', 'Send a JSON body with Content-Type: application/json.');
  const raw = await readBodyCapped(request, MAX_BODY_BYTES);
  if (raw === null) return refusal(400, 'invalid_body', 'The body is too large.');
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refusal(400, 'invalid_body', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return json(422, { error: { code: 'validation_failed', message: 'The request body is not valid.', details } });
  }
  return parsed.data;
}

/** Where the person approves: the configured public URL, else the origin the CLI reached. */
function verificationUri(request: Request): string {
  return `${getConfig().publicUrl?.replace(/\/+$/, '') ?? new URL(request.url).origin}/device`;
}

/** POST /api/cli/device: a new device login (RFC 8628 §3.1-3.2). */
export async function startDevice(request: Request): Promise<Response> {
  const input = await body(request, StartSchema);
  if (input instanceof Response) return input;
  const result = await startDeviceLogin(
    getStore(),
    { host: input.host, platform: input.platform, version: input.version, publicKey: input.public_key },
    clientAddressFrom(request.headers),
    Date.now(),
  );
  if (!result.ok && result.reason === 'rate_limited')
    return refusal(429, 'rate_limited', 'Too many logins started from this address; try again later.', {
      'Retry-After': String(result.retryAfterSeconds),
    });
  if (!result.ok) return refusal(422, 'validation_failed', 'public_key is not an X25519 public key.');
  const uri = verificationUri(request);
  return json(200, {
    device_code: result.deviceCode,
    user_code: result.userCode,
    verification_uri: uri,
    verification_uri_complete: `${uri}?code=${result.userCode}`,
    expires_in: result.expiresIn,
    interval: result.interval,
  });
}

const POLL_ERRORS = {
  pending: ['authorization_pending', 'Waiting for the login to be approved in the browser.'],
  slow_down: ['slow_down', 'Polling too fast: wait the interval given.'],
  denied: ['access_denied', 'The login was denied in the browser.'],
  expired: ['expired_token', 'The code expired before anyone approved it: run the login again.'],
  unknown: ['invalid_grant', 'No such login, or its key was already handed over.'],
} as const;

/** POST /api/cli/token: the CLI's poll (RFC 8628 §3.4-3.5); the token comes back once, sealed to the CLI's key. */
export async function pollDevice(request: Request): Promise<Response> {
  const input = await body(request, PollSchema);
  if (input instanceof Response) return input;
  const poll = await pollDeviceLogin(getStore(), input.device_code, Date.now());
  if (poll.status === 'approved') return json(200, { token_type: 'sealed', sealed_token: poll.sealedToken });
  const [error, description] = POLL_ERRORS[poll.status];
  return json(400, {
    error,
    error_description: description,
    ...('interval' in poll ? { interval: poll.interval } : {}),
  });
}

/** POST /api/cli/password: `latchkey login --email`, through the browser's sign-in throttle and lock. */
export async function passwordDevice(request: Request): Promise<Response> {
  const input = await body(request, PasswordSchema);
  if (input instanceof Response) return input;
  const credentials = CredentialsSchema.safeParse({ email: input.email, password: input.password });
  if (!credentials.success) return refusal(401, 'invalid_credentials', WRONG_CREDENTIALS);
  const { email, password } = credentials.data;
  const ip = clientAddressFrom(request.headers);
  const userAgent = request.headers.get('user-agent')?.slice(0, 512) ?? null;
  const client = { host: input.host, platform: input.platform, version: input.version };
  // The same queues as the browser's sign-in (server/auth/options.ts): address first, then email.
  const attempt = () =>
    serializeBy(emailQueue(email), () =>
      passwordLogin(getStore(), getConfig().tokenPrefix, { email, password, ip, userAgent, client }),
    );
  const result = await (ip ? serializeBy(`address:${throttleKey(ip)}`, attempt) : attempt());
  if (result.ok)
    return json(200, {
      token: result.token,
      key_id: result.keyId,
      name: result.name,
      expires_at: result.expiresAt === null ? null : new Date(result.expiresAt).toISOString(),
    });
  if (result.reason === 'refused')
    return result.message === WRONG_CREDENTIALS
      ? refusal(401, 'invalid_credentials', result.message)
      : refusal(429, 'locked', result.message);
  if (result.reason === 'stale') return refusal(409, 'try_again', result.message);
  return refusal(403, result.reason, result.message);
}
