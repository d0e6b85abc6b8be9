import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { formatToken, generateSecret, newToken } from '../../lib/keys/token';
import { BASE_URL, E2E_PORT } from '../env';
import { startExtraServer } from '../extra-server';
import { actionOutcome, rawGet, rawRequest, replyOf, type Reply } from '../hostile-support';
import { actionId, callAction } from '../server-actions';
import { DAY, keyIdOf, newUser, recordSecret, secretOf, userIds, withDb } from '../support';

// Issue 5, point 1: the hostile-input table. Every row is one request someone could send, with the status and body
// it must get. Whatever the row, the answer is never a 5xx, and an accepted request is accepted for the right key.
// HTTP rows first (Authorization forms, key states, where tokens are looked for, forged proxy headers, methods,
// bodies, bytes only a raw socket can send), then createKey through the real server action and the real form.

const HOST = `127.0.0.1:${E2E_PORT}`;
const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
/** A token a test forged: recorded like any other, so the exposure scan proves the server never repeats it. */
const forged = (token: string) => (recordSecret(token), token);

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: an owner signed in through the UI, a second signed-in account with a 30-day cap, another account
// seeded in the database, and keys in every state.

interface Fixtures {
  token: string;
  foreignToken: string;
  revoked: string;
  expiredNow: string;
  capExpired: string;
  capLive: string;
  disabled: string;
  regeneratedAway: string;
  regeneratedNew: string;
  graceOld: string;
  selfRevoked: string;
  sessionCookie: string;
}

const f = {} as Fixtures;
let api: APIRequestContext;
let owner: { context: BrowserContext; page: Page; email: string };
let capped: { context: BrowserContext; page: Page; email: string };

function insertKey(
  email: string,
  times: { createdAt?: number; expiresAt?: number | null; revokedAt?: number | null; disabledAt?: number | null } = {},
) {
  const { userId, accountId } = userIds(email);
  const { keyId, token, secretHash } = newToken('lk');
  withDb((db) =>
    db
      .prepare(
        'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at, expires_at, revoked_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        keyId,
        accountId,
        userId,
        'hostile fixture',
        secretHash,
        times.createdAt ?? Date.now(),
        times.expiresAt ?? null,
        times.revokedAt ?? null,
        times.disabledAt ?? null,
      ),
  );
  recordSecret(token);
  return token;
}

/** Another account with one user, made straight in the database (nobody signs in to it). */
function seedForeignAccount() {
  const accountId = randomUUID();
  const email = `hostile-foreign-${randomUUID()}@example.com`;
  withDb((db) => {
    db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(accountId, 'Foreign', Date.now());
    db.prepare(
      'INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(randomUUID(), accountId, email, 'not a hash', 'owner', Date.now());
  });
  return email;
}

async function regenerate(token: string, grace: 'immediately' | '1h') {
  const response = await callAction(owner.context.request, '/settings/security', 'regenerateKey', {
    keyId: keyIdOf(token),
    grace,
  });
  const outcome = actionOutcome(await response.body());
  if (!outcome.ok) throw new Error(`regenerate failed: ${outcome.error}`);
  const fresh = String(outcome.token);
  recordSecret(fresh);
  return fresh;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  owner = await newUser(browser, 'hostile-owner');
  capped = await newUser(browser, 'hostile-capped');
  api = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const now = Date.now();

  f.token = insertKey(owner.email);
  f.foreignToken = insertKey(seedForeignAccount());
  f.revoked = insertKey(owner.email, { revokedAt: now - 1000 });
  // Expired exactly now: by the time the request arrives, now >= expiresAt (a key stops AT its expiry).
  f.expiredNow = insertKey(owner.email, { expiresAt: now });
  f.disabled = insertKey(owner.email, { disabledAt: now - 1000 });

  // The cap is checked on every use: a key created exactly 30 days ago under a 30-day cap has just expired.
  withDb((db) =>
    db.prepare('UPDATE accounts SET max_key_lifetime_days = 30 WHERE id = ?').run(userIds(capped.email).accountId),
  );
  f.capExpired = insertKey(capped.email, { createdAt: now - 30 * DAY });
  f.capLive = insertKey(capped.email, { createdAt: now - 30 * DAY + 10 * 60_000 });

  f.regeneratedAway = insertKey(owner.email);
  f.regeneratedNew = await regenerate(f.regeneratedAway, 'immediately');
  f.graceOld = insertKey(owner.email);
  await regenerate(f.graceOld, '1h');

  f.selfRevoked = insertKey(owner.email);
  const selfRevoke = await api.delete('/api/v1/keys/self', { headers: { Authorization: `Bearer ${f.selfRevoked}` } });
  expect(selfRevoke.status()).toBe(200);

  const cookies = await owner.context.cookies();
  f.sessionCookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  expect(f.sessionCookie).toContain('session-token');
});

test.afterAll(async () => {
  await api?.dispose();
  await owner?.context.close();
  await capped?.context.close();
});

// ---------------------------------------------------------------------------------------------------------------
// Expected answers.

interface Expect {
  status: number;
  /** The JSON error code, or null for an empty body (Node's own 400/431). */
  code?: string | null;
  /** The exact WWW-Authenticate header; undefined means the header must be absent. */
  challenge?: string;
  headers?: Record<string, string | RegExp>;
  /** Further checks of the JSON body. */
  json?: (body: Record<string, unknown>) => void;
}

const REALM = 'Bearer realm="latchkey"';
const MISSING: Expect = { status: 401, code: 'missing_token', challenge: REALM };
const MALFORMED: Expect = { status: 401, code: 'invalid_request', challenge: `${REALM}, error="invalid_request"` };
const REFUSED: Expect = { status: 401, code: 'invalid_token', challenge: `${REALM}, error="invalid_token"` };
/** 200 from /api/v1/me, for exactly the key that was sent. */
const acceptedAs =
  (token: (f: Fixtures) => string): ((f: Fixtures) => Expect) =>
  (fx) => ({
    status: 200,
    json: (body) => expect((body.key as { id: string }).id).toBe(keyIdOf(token(fx))),
  });
const ACCEPTED = acceptedAs((fx) => fx.token);
const notAllowed = (allow: string): Expect => ({ status: 405, code: 'method_not_allowed', headers: { allow } });
const badBody = (message: RegExp): Expect => ({
  status: 400,
  code: 'invalid_body',
  json: (b) => expect((b.error as { message: string }).message).toMatch(message),
});
const INVALID_SHAPE: Expect = { status: 422, code: 'validation_failed' };
/** The one field error every name gets for text that is not well-formed Unicode. */
const NAME_NOT_UNICODE = 'Names must be well-formed Unicode text (no unpaired surrogate characters).';
const NODE_REFUSAL = (status: 400 | 431): Expect => ({ status, code: null });
const SIGN_IN_REDIRECT: Expect = {
  status: 307,
  headers: { location: /\/sign-in(\?|$)/, 'content-security-policy': /frame-ancestors 'none'/ },
};

interface Row {
  group: string;
  name: string;
  send: (f: Fixtures) => Promise<Reply>;
  expect: Expect | ((f: Fixtures) => Expect);
}

const get =
  (path: string, headers: Record<string, string> = {}) =>
  () =>
    api.get(path, { headers, maxRedirects: 0 }).then(replyOf);
const me = (authorization: (f: Fixtures) => string) => (fx: Fixtures) =>
  api.get('/api/v1/me', { headers: { Authorization: authorization(fx) } }).then(replyOf);
const post =
  (path: string, body: string | Buffer, contentType: string | null, extra: Record<string, string> = {}) =>
  (fx: Fixtures) =>
    api
      .post(path, {
        headers: {
          Authorization: `Bearer ${fx.token}`,
          ...(contentType ? { 'Content-Type': contentType } : {}),
          ...extra,
        },
        // Bytes, so Playwright sends the body as written instead of serialising a string as JSON.
        data: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      })
      .then(replyOf);
const json = (path: string, value: unknown) => post(path, JSON.stringify(value), 'application/json');

// ----- Authorization header forms, on GET /api/v1/me ------------------------------------------------------------
const AUTHORIZATION: [string, (f: Fixtures) => string, Expect | ((f: Fixtures) => Expect)][] = [
  ['Bearer and the token', (fx) => `Bearer ${fx.token}`, ACCEPTED],
  ['lower-case scheme', (fx) => `bearer ${fx.token}`, ACCEPTED],
  ['upper-case scheme', (fx) => `BEARER ${fx.token}`, ACCEPTED],
  ['several spaces after the scheme (1*SP)', (fx) => `Bearer    ${fx.token}`, ACCEPTED],
  ['Basic: the token as user, empty password', (fx) => basic(`${fx.token}:`), ACCEPTED],
  ['scheme only', () => 'Bearer', MALFORMED],
  ['a tab between scheme and token', (fx) => `Bearer\t${fx.token}`, MALFORMED],
  ['the token without a scheme', (fx) => fx.token, MALFORMED],
  ['scheme "Token"', (fx) => `Token ${fx.token}`, MALFORMED],
  ['scheme "ApiKey"', (fx) => `ApiKey ${fx.token}`, MALFORMED],
  ['scheme "Digest"', (fx) => `Digest username="${fx.token}"`, MALFORMED],
  ['scheme "Bearer:"', (fx) => `Bearer: ${fx.token}`, MALFORMED],
  ['an extra part after the token', (fx) => `Bearer ${fx.token} extra`, MALFORMED],
  ['two credentials joined by a comma', (fx) => `Bearer ${fx.token}, Bearer ${fx.token}`, MALFORMED],
  ['a quoted token', (fx) => `Bearer "${fx.token}"`, MALFORMED],
  ['markup as the token', () => 'Bearer <script>alert(1)</script>', MALFORMED],
  ['a token starting with "="', () => 'Bearer =abc', MALFORMED],
  ['non-b64token characters (;)', (fx) => `Bearer ${fx.token};`, MALFORMED],
  ['Basic with a password', (fx) => basic(`${fx.token}:secret`), MALFORMED],
  ['Basic with the token as the password', (fx) => basic(`user:${fx.token}`), MALFORMED],
  ['Basic with an empty user', () => 'Basic Og==', MALFORMED],
  ['Basic without a colon', (fx) => basic(fx.token), MALFORMED],
  ['Basic that is not base64', (fx) => `Basic ${fx.token}:`, MALFORMED],
  ['Basic base64 with its padding stripped', (fx) => basic(`${fx.token}:`).replace(/=+$/, ''), MALFORMED],
  ['Basic in url-safe base64', () => 'Basic Pz8-Og==', MALFORMED],
  ['Basic with a well-formed junk user', () => basic('junk:'), REFUSED],
  ['a header of 8193 characters', () => `Bearer ${'a'.repeat(8186)}`, MALFORMED],
  [
    'a wrong checksum',
    (fx) => `Bearer ${forged(fx.token.slice(0, -1) + (fx.token.endsWith('a') ? 'b' : 'a'))}`,
    REFUSED,
  ],
  [
    'the right checksum with a random secret for a real key id',
    (fx) => `Bearer ${forged(formatToken({ prefix: 'lk', keyId: keyIdOf(fx.token), secret: generateSecret() }))}`,
    REFUSED,
  ],
  ['a well-formed token for an unknown key id', () => `Bearer ${forged(newToken('lk').token)}`, REFUSED],
  [
    'the key id of another account with this account’s secret',
    (fx) =>
      `Bearer ${forged(formatToken({ prefix: 'lk', keyId: keyIdOf(fx.foreignToken), secret: secretOf(fx.token) }))}`,
    REFUSED,
  ],
  [
    'another installation’s prefix',
    (fx) => `Bearer ${forged(formatToken({ prefix: 'acme', keyId: keyIdOf(fx.token), secret: secretOf(fx.token) }))}`,
    REFUSED,
  ],
  ['the token missing its last character', (fx) => `Bearer ${fx.token.slice(0, -1)}`, REFUSED],
  ['the token with one character more', (fx) => `Bearer ${fx.token}a`, REFUSED],
  ['the token in lower case', (fx) => `Bearer ${fx.token.toLowerCase()}`, REFUSED],
];

// ----- Key states ---------------------------------------------------------------------------------------------------
const STATES: [string, (f: Fixtures) => string, Expect | ((f: Fixtures) => Expect)][] = [
  ['a revoked key', (fx) => fx.revoked, REFUSED],
  ['a key whose expiry is the moment of the call', (fx) => fx.expiredNow, REFUSED],
  ['a key at exactly createdAt + the account cap', (fx) => fx.capExpired, REFUSED],
  ['a key ten minutes before its cap ends', (fx) => fx.capLive, acceptedAs((fx) => fx.capLive)],
  ['a disabled key', (fx) => fx.disabled, REFUSED],
  ['the old secret after an immediate regenerate', (fx) => fx.regeneratedAway, REFUSED],
  ['the new secret after that regenerate', (fx) => fx.regeneratedNew, acceptedAs((fx) => fx.regeneratedNew)],
  ['the old secret during a one-hour grace', (fx) => fx.graceOld, acceptedAs((fx) => fx.graceOld)],
  ['a key that revoked itself', (fx) => fx.selfRevoked, REFUSED],
];

// ----- /api/v1 routes and the methods they do not answer ---------------------------------------------------------
const ROUTE_METHODS: Record<string, string[]> = {
  '/api/v1/me': ['GET'],
  '/api/v1/keys': ['GET'],
  '/api/v1/keys/self': ['DELETE'],
  '/api/v1/keys/verify': ['POST'],
  '/api/v1/keys/AAAAAAAAAAAA': ['DELETE'],
  '/api/v1/projects': ['GET', 'POST'],
  '/api/v1/projects/00000000-0000-0000-0000-000000000000': ['GET'],
};
const WRONG_METHODS: Row[] = Object.entries(ROUTE_METHODS).flatMap(([path, allowed]) =>
  ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
    .filter((method) => !allowed.includes(method))
    .map((method) => ({
      group: 'wrong method',
      name: `${method} ${path}`,
      // A valid key does not make a wrong method right.
      send: (fx: Fixtures) =>
        api.fetch(path, { method, headers: { Authorization: `Bearer ${fx.token}` } }).then(replyOf),
      expect: notAllowed(allowed.join(', ')),
    })),
);

const PAGE_METHODS: Row[] = ['PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((method) => ({
  group: 'wrong method',
  name: `${method} /settings/security (a page)`,
  send: () => api.fetch('/settings/security', { method, maxRedirects: 0 }).then(replyOf),
  expect: notAllowed('GET, HEAD, POST'),
}));

// Methods Next cannot turn into a WHATWG Request (TRACE, CONNECT: it answered 500 with a stack trace per request) or
// has no use for (PROPFIND, M-SEARCH), on every kind of path: refused before Next with what the path does answer.
// /api/v1 answers them itself. TRACK and FOO are methods Node's HTTP parser does not know: Node refuses them with a
// bare 400 before any request exists (like a NUL byte in a header), which is what these rows pin.
const METHOD_TARGETS: [path: string, label: string, expected: Expect][] = [
  ['/settings/security', 'a page', notAllowed('GET, HEAD, POST')],
  ['/sign-in', 'a public page', notAllowed('GET, HEAD, POST')],
  ['/api/auth/session', 'next-auth', notAllowed('GET, HEAD, OPTIONS, POST')],
  ['/api/auth/callback/credentials', 'the sign-in callback', notAllowed('OPTIONS, POST')],
  ['/api/v1/me', 'the API', notAllowed('GET')],
];
const UNREPRESENTABLE_METHODS: Row[] = METHOD_TARGETS.flatMap(([path, label, expected]) => [
  ...['TRACE', 'CONNECT', 'PROPFIND', 'M-SEARCH'].map((method) => ({
    group: 'wrong method',
    name: `${method} ${path} (${label})`,
    send: () => rawRequest([`${method} ${path} HTTP/1.1`, `Host: ${HOST}`]),
    expect: expected,
  })),
  ...['TRACK', 'FOO'].map((method) => ({
    group: 'wrong method',
    name: `${method} ${path} (${label}): not a method Node parses`,
    send: () => rawRequest([`${method} ${path} HTTP/1.1`, `Host: ${HOST}`]),
    expect: NODE_REFUSAL(400),
  })),
]);

// HEAD and OPTIONS keep their answers: HEAD is a GET without the body, OPTIONS is refused on pages and answered by
// next-auth's route; a CONNECT for a proxy tunnel is no path of ours and is refused like a page.
const PAGE_HEAD_AND_OPTIONS: Row[] = [
  {
    group: 'wrong method',
    name: 'HEAD /sign-in',
    send: () => api.head('/sign-in').then(replyOf),
    expect: { status: 200, headers: { 'content-type': /text\/html/ } },
  },
  {
    group: 'wrong method',
    name: 'HEAD /settings/security signed out',
    send: () => api.head('/settings/security', { maxRedirects: 0 }).then(replyOf),
    expect: SIGN_IN_REDIRECT,
  },
  {
    group: 'wrong method',
    name: 'OPTIONS /sign-in',
    send: () => api.fetch('/sign-in', { method: 'OPTIONS' }).then(replyOf),
    expect: notAllowed('GET, HEAD, POST'),
  },
  {
    group: 'wrong method',
    name: 'OPTIONS /api/auth/session',
    send: () => api.fetch('/api/auth/session', { method: 'OPTIONS' }).then(replyOf),
    expect: { status: 204, headers: { allow: 'GET, HEAD, OPTIONS, POST' } },
  },
  // Next decodes the path, so these are the credentials callback, which GET would make next-auth answer with a 500.
  {
    group: 'wrong method',
    name: 'GET /api/auth/callback/%63redentials',
    send: () => rawRequest(['GET /api/auth/callback/%63redentials HTTP/1.1', `Host: ${HOST}`]),
    expect: notAllowed('OPTIONS, POST'),
  },
  {
    group: 'wrong method',
    name: 'GET /api/auth/callback/credential%73',
    send: () => rawRequest(['GET /api/auth/callback/credential%73 HTTP/1.1', `Host: ${HOST}`]),
    expect: notAllowed('OPTIONS, POST'),
  },
  // A request asking for a protocol upgrade is still an HTTP request to us (no route speaks WebSocket): Next listens
  // for upgrades once it has served a request, which would take such requests past the method rule.
  ...METHOD_TARGETS.map(([path, label, expected]): Row => ({
    group: 'wrong method',
    name: `TRACE ${path} (${label}) asking for an Upgrade`,
    send: () => rawRequest([`TRACE ${path} HTTP/1.1`, `Host: ${HOST}`, 'Upgrade: websocket', 'Connection: Upgrade']),
    expect: expected,
  })),
  {
    group: 'wrong method',
    name: 'GET /sign-in asking for an Upgrade',
    send: () => rawRequest(['GET /sign-in HTTP/1.1', `Host: ${HOST}`, 'Upgrade: websocket', 'Connection: Upgrade']),
    expect: { status: 200, headers: { 'content-type': /text\/html/ } },
  },
  {
    group: 'wrong method',
    name: 'CONNECT evil.example:443 (a proxy tunnel)',
    send: () => rawRequest(['CONNECT evil.example:443 HTTP/1.1', 'Host: evil.example:443']),
    expect: notAllowed('GET, HEAD, POST'),
  },
];

// next-auth's own sign-in route takes a callbackUrl too, and puts its verdict into the redirect to our sign-in page
// and the callback-url cookie. The path each spelling must come out as is written here, not computed.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CALLBACK_SPELLINGS: [spelling: string, safePath: string][] = [
  ['/.//evil.example', '/evil.example'],
  ['/%2e//evil.example', '/evil.example'],
  ['/a/..//evil.example', '/evil.example'],
  ['/%2e%2e/%2f%2fevil.example', '/evil.example'],
  ['/%5c%5cevil.example', '/evil.example'],
  [`${BASE_URL}//evil.example`, '/evil.example'],
  [`${BASE_URL}/.//evil.example`, '/evil.example'],
  ['//evil.example', '/settings/security'],
  ['https://evil.example/', '/settings/security'],
  ['/\\evil.example', '/settings/security'],
  ['javascript:alert(1)', '/settings/security'],
  ['data:text/html,<h1>x</h1>', '/settings/security'],
  ['/settings/keys?tab=1', '/settings/keys?tab=1'],
];
const CALLBACK_ROWS: Row[] = CALLBACK_SPELLINGS.map(([spelling, safePath]) => ({
  group: 'callback url',
  name: `GET /api/auth/signin?callbackUrl=${spelling}`,
  send: get(`/api/auth/signin?callbackUrl=${encodeURIComponent(spelling)}`),
  expect: {
    status: 302,
    headers: {
      location: new RegExp(`/sign-in\\?callbackUrl=${escapeRegExp(encodeURIComponent(`${BASE_URL}${safePath}`))}$`),
    },
  },
}));
// next-auth answers a callback-url cookie that is no URL with a 500 on every auth route; it is cleared instead.
for (const [path, name] of [
  ['/api/auth/session', 'next-auth.callback-url'],
  ['/api/auth/signin', '__Secure-next-auth.callback-url'],
] as const) {
  CALLBACK_ROWS.push({
    group: 'callback url',
    name: `GET ${path} with a ${name} cookie of javascript:`,
    send: get(path, { Cookie: `${name}=javascript%3Aalert(1)` }),
    expect: {
      status: 400,
      code: 'invalid_callback_cookie',
      headers: { 'set-cookie': new RegExp(`^${escapeRegExp(name)}=; Path=/; Max-Age=0`) },
    },
  });
}

const ROWS: Row[] = [
  { group: 'authorization', name: 'no Authorization header', send: get('/api/v1/me'), expect: MISSING },
  ...AUTHORIZATION.map(([name, header, expected]) => ({
    group: 'authorization',
    name,
    send: me(header),
    expect: expected,
  })),
  ...STATES.map(([name, token, expected]) => ({
    group: 'key state',
    name,
    send: me((fx) => `Bearer ${token(fx)}`),
    expect: expected,
  })),

  // ----- Where a token is never looked for -------------------------------------------------------------------------
  ...(['access_token', 'api_key', 'token'] as const).map((param) => ({
    group: 'token placement',
    name: `the token in ?${param}=`,
    send: (fx: Fixtures) => api.get(`/api/v1/me?${param}=${fx.token}`).then(replyOf),
    expect: MISSING,
  })),
  {
    group: 'token placement',
    name: 'the owner’s session cookie on /api/v1',
    send: (fx) => get('/api/v1/me', { Cookie: fx.sessionCookie })(),
    expect: MISSING,
  },
  {
    group: 'token placement',
    name: 'the token in a cookie',
    send: (fx) => get('/api/v1/me', { Cookie: `access_token=${fx.token}` })(),
    expect: MISSING,
  },
  {
    group: 'token placement',
    name: 'the token in X-Api-Key',
    send: (fx) => get('/api/v1/me', { 'X-Api-Key': fx.token })(),
    expect: MISSING,
  },
  {
    group: 'token placement',
    name: 'the token in Proxy-Authorization',
    send: (fx) => get('/api/v1/me', { 'Proxy-Authorization': `Bearer ${fx.token}` })(),
    expect: MISSING,
  },
  {
    group: 'token placement',
    name: 'the token as a form field (RFC 6750 §2.2) on POST /keys/verify',
    send: (fx) => api.post('/api/v1/keys/verify', { form: { access_token: fx.token, key: fx.token } }).then(replyOf),
    expect: MISSING,
  },

  // ----- Forged x-middleware-subrequest (CVE-2025-29927) ------------------------------------------------------------
  ...['proxy:proxy:proxy:proxy:proxy', 'middleware:middleware:middleware:middleware:middleware'].flatMap((value) => [
    {
      group: 'x-middleware-subrequest',
      name: `"${value.split(':')[0]}…" on /api/v1/me without a key`,
      send: get('/api/v1/me', { 'x-middleware-subrequest': value }),
      expect: MISSING,
    },
    {
      group: 'x-middleware-subrequest',
      name: `"${value.split(':')[0]}…" on /settings/security signed out`,
      send: get('/settings/security', { 'x-middleware-subrequest': value }),
      expect: SIGN_IN_REDIRECT,
    },
  ]),
  {
    group: 'x-middleware-subrequest',
    name: 'on /api/v1/me with a wrong key',
    send: get('/api/v1/me', {
      'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy',
      Authorization: 'Bearer junk',
    }),
    expect: REFUSED,
  },
  ...['/settings/account', '/settings/members', '/settings/keys'].map((path) => ({
    group: 'x-middleware-subrequest',
    name: `"proxy" on ${path} signed out`,
    send: get(path, { 'x-middleware-subrequest': 'proxy' }),
    expect: SIGN_IN_REDIRECT,
  })),

  ...WRONG_METHODS,
  ...PAGE_METHODS,
  ...UNREPRESENTABLE_METHODS,
  ...PAGE_HEAD_AND_OPTIONS,
  ...CALLBACK_ROWS,

  // ----- Bodies on the POST routes -----------------------------------------------------------------------------------
  {
    group: 'body',
    name: 'verify: JSON sent as text/plain',
    send: post('/api/v1/keys/verify', '{"key":"x"}', 'text/plain'),
    expect: badBody(/Content-Type: application\/json/),
  },
  {
    group: 'body',
    name: 'verify: no Content-Type at all',
    send: (fx) =>
      rawRequest(
        [
          'POST /api/v1/keys/verify HTTP/1.1',
          `Host: ${HOST}`,
          `Authorization: Bearer ${fx.token}`,
          'Content-Length: 11',
        ],
        '{"key":"x"}',
      ),
    expect: badBody(/Content-Type: application\/json/),
  },
  {
    group: 'body',
    name: 'verify: truncated JSON',
    send: post('/api/v1/keys/verify', '{"key":', 'application/json'),
    expect: badBody(/not valid JSON/),
  },
  {
    group: 'body',
    name: 'verify: an empty body',
    send: post('/api/v1/keys/verify', '', 'application/json'),
    expect: badBody(/not valid JSON/),
  },
  // Fetch's UTF-8 decoding drops a leading byte-order mark, so this is plain JSON: answered, and not valid.
  {
    group: 'body',
    name: 'verify: JSON behind a byte-order mark',
    send: post('/api/v1/keys/verify', '\uFEFF{"key":"x"}', 'application/json'),
    expect: { status: 200, json: (b) => expect(b).toMatchObject({ valid: false, code: 'NOT_FOUND' }) },
  },
  {
    group: 'body',
    name: 'verify: multipart form data',
    send: (fx) =>
      api
        .post('/api/v1/keys/verify', { headers: { Authorization: `Bearer ${fx.token}` }, multipart: { key: fx.token } })
        .then(replyOf),
    expect: badBody(/Content-Type: application\/json/),
  },
  {
    group: 'body',
    name: 'verify: null',
    send: post('/api/v1/keys/verify', 'null', 'application/json'),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'verify: an array',
    send: post('/api/v1/keys/verify', '[]', 'application/json'),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'verify: a bare string',
    send: (fx) => json('/api/v1/keys/verify', fx.token)(fx),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'verify: a number as the key',
    send: json('/api/v1/keys/verify', { key: 123 }),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'verify: an unknown resource',
    send: (fx) => json('/api/v1/keys/verify', { key: fx.token, resource: 'billing' })(fx),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'verify: a 200-character key',
    send: json('/api/v1/keys/verify', { key: 'k'.repeat(200) }),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'verify: 5 000 nested arrays',
    send: post('/api/v1/keys/verify', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'verify: a body of 16 385 bytes',
    send: (fx) => json('/api/v1/keys/verify', { key: fx.token, pad: 'x'.repeat(16_385) })(fx),
    expect: badBody(/at most 16384 bytes/),
  },
  {
    group: 'body',
    name: 'verify: "__proto__" does not turn a junk key valid',
    send: post(
      '/api/v1/keys/verify',
      '{"key":"junk","__proto__":{"valid":true},"constructor":{"prototype":{"valid":true}}}',
      'application/json',
    ),
    expect: { status: 200, json: (b) => expect(b).toMatchObject({ valid: false, code: 'NOT_FOUND', keyId: null }) },
  },
  {
    group: 'body',
    name: 'verify: another account’s live key is NOT_FOUND',
    send: (fx) => json('/api/v1/keys/verify', { key: fx.foreignToken })(fx),
    expect: { status: 200, json: (b) => expect(b).toMatchObject({ valid: false, code: 'NOT_FOUND', owner: null }) },
  },
  {
    group: 'body',
    name: 'projects: a name with markup is stored and returned literally',
    send: json('/api/v1/projects', { name: `<script>alert(1)</script> ${randomUUID().slice(0, 8)}` }),
    expect: {
      status: 201,
      json: (b) => expect((b.project as { name: string }).name).toMatch(/^<script>alert\(1\)<\/script> [0-9a-f]{8}$/),
    },
  },
  {
    group: 'body',
    name: 'projects: a NUL in the name',
    send: json('/api/v1/projects', { name: 'a\u0000b' }),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'projects: a right-to-left override in the name',
    send: json('/api/v1/projects', { name: 'evil\u202Etxt.exe' }),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'projects: a name of 10 000 characters',
    send: json('/api/v1/projects', { name: 'n'.repeat(10_000) }),
    expect: INVALID_SHAPE,
  },
  {
    group: 'body',
    name: 'projects: a number as the name',
    send: json('/api/v1/projects', { name: 5 }),
    expect: INVALID_SHAPE,
  },
  // JSON's \u escapes can spell half a surrogate pair, which is no text: SQLite would keep invalid UTF-8 and read
  // back U+FFFD, so two different names would come back equal (issue 9, item 4).
  ...(
    [
      ['a lone high surrogate', String.raw`{"name":"lone\ud800x"}`],
      ['another lone high surrogate (would read back the same)', String.raw`{"name":"lone\ud801x"}`],
      ['a lone low surrogate', String.raw`{"name":"lone\udfffx"}`],
      ['a pair in the wrong order', String.raw`{"name":"a\udc00\ud800b"}`],
      ['half an emoji at the end', String.raw`{"name":"key \ud83d"}`],
    ] as const
  ).map(([label, body]): Row => ({
    group: 'body',
    name: `projects: ${label} in the name`,
    send: post('/api/v1/projects', body, 'application/json'),
    expect: {
      status: 422,
      code: 'validation_failed',
      json: (b) =>
        expect((b.error as { details: unknown }).details).toEqual([{ path: 'name', message: NAME_NOT_UNICODE }]),
    },
  })),
  {
    group: 'body',
    name: 'projects: an escaped surrogate pair is one character, stored as such',
    send: (fx) =>
      post(
        '/api/v1/projects',
        String.raw`{"name":"pair \ud83d\udd11 ${randomUUID().slice(0, 8)}"}`,
        'application/json',
      )(fx),
    expect: {
      status: 201,
      json: (b) => expect((b.project as { name: string }).name).toMatch(/^pair 🔑 [0-9a-f]{8}$/u),
    },
  },
  {
    group: 'body',
    name: 'projects: truncated JSON',
    send: post('/api/v1/projects', '{"name":"x"', 'application/json'),
    expect: badBody(/not valid JSON/),
  },
  {
    group: 'body',
    name: 'projects: form-encoded',
    send: post('/api/v1/projects', 'name=x', 'application/x-www-form-urlencoded'),
    expect: badBody(/Content-Type: application\/json/),
  },
  {
    group: 'body',
    name: 'projects: a JSON body with a charset is fine',
    send: (fx) =>
      post(
        '/api/v1/projects',
        JSON.stringify({ name: `charset ${randomUUID()}` }),
        'application/json; charset=utf-8',
      )(fx),
    expect: { status: 201, json: (b) => expect((b.project as { name: string }).name).toMatch(/^charset /) },
  },

  // ----- Paths and other accounts' ids ---------------------------------------------------------------------------------
  {
    group: 'path',
    name: 'DELETE /keys/{another account’s key id}',
    send: (fx) =>
      api
        .delete(`/api/v1/keys/${keyIdOf(fx.foreignToken)}`, { headers: { Authorization: `Bearer ${fx.token}` } })
        .then(replyOf),
    expect: { status: 404, code: 'not_found' },
  },
  {
    group: 'path',
    name: 'DELETE /keys/%ZZ (a malformed escape) with a key',
    send: (fx) => api.delete('/api/v1/keys/%ZZ', { headers: { Authorization: `Bearer ${fx.token}` } }).then(replyOf),
    expect: { status: 404, code: 'not_found' },
  },
  {
    group: 'path',
    name: 'DELETE /keys/%ZZ without a key',
    send: () => api.delete('/api/v1/keys/%ZZ').then(replyOf),
    expect: MISSING,
  },
  {
    group: 'path',
    name: 'GET /projects/%E0%A4%A (a cut UTF-8 escape)',
    send: (fx) =>
      api.get('/api/v1/projects/%E0%A4%A', { headers: { Authorization: `Bearer ${fx.token}` } }).then(replyOf),
    expect: { status: 404, code: 'not_found' },
  },
  {
    group: 'path',
    name: 'GET /invite/%ZZ (a page)',
    send: get('/invite/%ZZ'),
    expect: { status: 400, code: 'bad_request' },
  },
  {
    group: 'path',
    name: 'GET /api/auth/%ZZ',
    send: get('/api/auth/%ZZ'),
    expect: { status: 400, code: 'bad_request' },
  },

  // ----- Sign-in routes (next-auth) --------------------------------------------------------------------------------------
  // Server-action bodies React's decoder cannot read: Next would answer 500 before any action code runs.
  ...(
    [
      ['garbage text', 'garbage', 'text/plain;charset=UTF-8'],
      ['an empty text body', '', 'text/plain;charset=UTF-8'],
      ['a JSON object instead of the argument list', '{"a":1}', 'text/plain;charset=UTF-8'],
      ['a broken multipart body', 'broken', 'multipart/form-data; boundary=x'],
      [
        'a multipart body whose "0" is not JSON',
        '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\nnotjson\r\n--x--\r\n',
        'multipart/form-data; boundary=x',
      ],
      ['a JSON body', '[null]', 'application/json'],
    ] as const
  ).map(([name, body, type]): Row => ({
    group: 'action body',
    name,
    send: () =>
      api
        .post('/settings/security', {
          headers: {
            'Next-Action': actionId('createKey'),
            Origin: BASE_URL,
            'Content-Type': type,
            Accept: 'text/x-component',
          },
          data: Buffer.from(body, 'utf8'),
        })
        .then(replyOf),
    expect: { status: 400, code: 'bad_request' },
  })),
  {
    group: 'auth routes',
    name: 'POST credentials as malformed JSON',
    send: () =>
      api
        .post('/api/auth/callback/credentials', { headers: { 'Content-Type': 'application/json' }, data: '{{{' })
        .then(replyOf),
    expect: { status: 415, code: 'unsupported_media_type' },
  },
  {
    group: 'auth routes',
    name: 'POST credentials from a foreign Origin',
    send: () =>
      api
        .post('/api/auth/callback/credentials', {
          headers: { Origin: 'https://evil.example' },
          form: { email: 'a@example.com', password: 'x' },
        })
        .then(replyOf),
    expect: { status: 403, code: 'cross_origin' },
  },
  {
    group: 'auth routes',
    name: 'POST sign-out from Origin: null',
    send: () => api.post('/api/auth/signout', { headers: { Origin: 'null' }, form: { csrfToken: 'x' } }).then(replyOf),
    expect: { status: 403, code: 'cross_origin' },
  },
  {
    group: 'auth routes',
    name: 'a garbage session cookie is simply no session',
    send: get('/api/auth/session', {
      Cookie: 'next-auth.session-token=garbage; __Secure-next-auth.session-token=garbage',
    }),
    expect: { status: 200, json: (b) => expect(b).toEqual({}) },
  },
  {
    group: 'auth routes',
    name: 'PUT /api/auth/session',
    send: () => api.put('/api/auth/session').then(replyOf),
    expect: notAllowed('GET, HEAD, OPTIONS, POST'),
  },
  // next-auth itself answers this with a 500 ("not supported"): it is refused first.
  {
    group: 'auth routes',
    name: 'GET /api/auth/callback/credentials',
    send: get('/api/auth/callback/credentials'),
    expect: notAllowed('OPTIONS, POST'),
  },

  // ----- Bytes only a raw socket sends -----------------------------------------------------------------------------------
  {
    group: 'raw',
    name: 'an empty Authorization value',
    send: () => rawGet('/api/v1/me', ['Authorization:']),
    expect: MISSING,
  },
  {
    group: 'raw',
    name: 'a leading tab is optional whitespace (RFC 9110)',
    send: (fx) => rawGet('/api/v1/me', [`Authorization:\tBearer ${fx.token}`]),
    expect: ACCEPTED,
  },
  {
    group: 'raw',
    name: 'trailing spaces are optional whitespace',
    send: (fx) => rawGet('/api/v1/me', [`Authorization: Bearer ${fx.token}   `]),
    expect: ACCEPTED,
  },
  {
    group: 'raw',
    name: 'a NUL byte in Authorization',
    send: (fx) => rawGet('/api/v1/me', [`Authorization: Bearer ${fx.token}\u0000x`]),
    expect: NODE_REFUSAL(400),
  },
  {
    group: 'raw',
    name: 'a CR byte in Authorization',
    send: (fx) => rawGet('/api/v1/me', [`Authorization: Bearer ${fx.token}\rx`]),
    expect: NODE_REFUSAL(400),
  },
  {
    group: 'raw',
    name: 'a folded Authorization line (obs-fold)',
    send: (fx) => rawGet('/api/v1/me', ['Authorization: Bearer', ` ${fx.token}`]),
    expect: NODE_REFUSAL(400),
  },
  {
    group: 'raw',
    name: 'a space before the colon',
    send: (fx) => rawGet('/api/v1/me', [`Authorization : Bearer ${fx.token}`]),
    expect: NODE_REFUSAL(400),
  },
  {
    group: 'raw',
    name: 'non-ASCII bytes in the token',
    send: () => rawGet('/api/v1/me', ['Authorization: Bearer t\u00f6k\u00ff']),
    expect: MALFORMED,
  },
  {
    group: 'raw',
    name: 'a 20 KB Authorization header',
    send: () => rawGet('/api/v1/me', [`Authorization: Bearer ${'a'.repeat(20_000)}`]),
    expect: NODE_REFUSAL(431),
  },
  {
    group: 'raw',
    name: 'a 20 KB header on a page',
    send: () => rawGet('/sign-in', [`X-Filler: ${'a'.repeat(20_000)}`]),
    expect: NODE_REFUSAL(431),
  },
  // Node keeps only the first of two Authorization headers; the listener must see both and refuse the request.
  {
    group: 'raw',
    name: 'two Authorization headers: valid, then junk',
    send: (fx) => rawGet('/api/v1/me', [`Authorization: Bearer ${fx.token}`, 'Authorization: Bearer junk']),
    expect: MALFORMED,
  },
  {
    group: 'raw',
    name: 'two Authorization headers: junk, then valid',
    send: (fx) => rawGet('/api/v1/me', ['Authorization: Bearer junk', `Authorization: Bearer ${fx.token}`]),
    expect: MALFORMED,
  },
  {
    group: 'raw',
    name: 'two Authorization headers: two accounts’ keys',
    send: (fx) =>
      rawGet('/api/v1/me', [`Authorization: Bearer ${fx.token}`, `Authorization: Bearer ${fx.foreignToken}`]),
    expect: MALFORMED,
  },
  // Other spellings of an API path must reach the same listener (and its duplicate-header check), not Next's copy.
  {
    group: 'raw',
    name: 'an absolute-form target with two Authorization headers',
    send: (fx) =>
      rawGet(`http://${HOST}/api/v1/me`, [`Authorization: Bearer ${fx.token}`, 'Authorization: Bearer junk']),
    expect: MALFORMED,
  },
  {
    group: 'raw',
    name: 'a doubled slash with two Authorization headers',
    send: (fx) => rawGet('//api/v1/me', [`Authorization: Bearer ${fx.token}`, 'Authorization: Bearer junk']),
    expect: MALFORMED,
  },
  {
    group: 'raw',
    name: 'an absolute-form target with one valid key',
    send: (fx) => rawGet(`http://${HOST}/api/v1/me`, [`Authorization: Bearer ${fx.token}`]),
    expect: ACCEPTED,
  },
  {
    group: 'raw',
    name: 'a Host header that is not a host',
    send: () => rawRequest(['GET /api/v1/me HTTP/1.1', 'Host: a b']),
    expect: MISSING,
  },
  {
    group: 'raw',
    name: 'verify: a body of 100 KB gets an answer, not a dropped connection',
    send: (fx) => {
      const body = JSON.stringify({ key: 'x', pad: 'x'.repeat(100_000) });
      return rawRequest(
        [
          'POST /api/v1/keys/verify HTTP/1.1',
          `Host: ${HOST}`,
          `Authorization: Bearer ${fx.token}`,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
        ],
        body,
      );
    },
    expect: badBody(/at most 65536 bytes/),
  },
];

test('the hostile table has at least 60 HTTP rows and 20 server-action rows', () => {
  expect(ROWS.length).toBeGreaterThanOrEqual(60);
  expect(ACTION_ROWS.length).toBeGreaterThanOrEqual(20);
  const names = [...ROWS, ...ACTION_ROWS].map((r) => `${r.group} › ${r.name}`);
  expect(new Set(names).size, 'row names are unique').toBe(names.length);
});

for (const row of ROWS) {
  test(`${row.group} › ${row.name}`, async () => {
    const reply = await row.send(f);
    const expected = typeof row.expect === 'function' ? row.expect(f) : row.expect;
    expect(reply.status, 'never a 5xx').toBeLessThan(500);
    expect(reply.status, reply.body.slice(0, 300)).toBe(expected.status);
    if (expected.code === null) expect(reply.body).toBe('');
    let body: Record<string, unknown> = {};
    if (expected.code || expected.json) {
      expect(reply.headers['content-type']).toContain('application/json');
      body = JSON.parse(reply.body) as Record<string, unknown>;
    }
    if (expected.code) {
      const error = body.error as { code: string; message: string };
      expect(error.code).toBe(expected.code);
      expect(error.message.length, 'a refusal says why').toBeGreaterThan(10);
    }
    if (expected.status === 401) expect(reply.headers['www-authenticate']).toBe(expected.challenge);
    else if (expected.challenge === undefined && expected.status !== 403)
      expect(reply.headers['www-authenticate']).toBeUndefined();
    for (const [name, value] of Object.entries(expected.headers ?? {})) {
      if (typeof value === 'string') expect(reply.headers[name], name).toBe(value);
      else expect(reply.headers[name], name).toMatch(value);
    }
    expected.json?.(body);
    // Whatever was sent, no answer carries a secret back.
    expect(reply.body).not.toMatch(/lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/);
  });
}

test('methods no path answers leave no stack trace in the server output', async () => {
  test.setTimeout(180_000);
  // A server of this test's own, so its whole output is known once it has stopped.
  const server = await startExtraServer('methods');
  const { port } = server;
  const statuses: string[] = [];
  try {
    for (const [path] of METHOD_TARGETS) {
      for (const method of ['TRACE', 'CONNECT', 'PROPFIND', 'TRACK', 'FOO']) {
        const reply = await rawRequest([`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`], '', port);
        statuses.push(`${method} ${path} ${reply.status}`);
      }
    }
  } finally {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }
  const output = server.output();
  expect(output).toContain('listening on');
  expect(output, 'no stack frame').not.toMatch(/^\s+at /m);
  expect(output, 'no error logged').not.toMatch(/Error|unsupported/);
  // Each got its answer (the rows above pin which): 405, or Node's 400 for a method it cannot parse.
  expect(statuses.filter((line) => !/ (400|405)$/.test(line))).toEqual([]);
});

// ---------------------------------------------------------------------------------------------------------------
// createKey through the real server action: names and expiry values. An accepted name is stored exactly as sent
// (after trimming) and rendered as text; a refused one gets a field error and creates nothing.

interface ActionRow {
  group: string;
  name: string;
  account?: 'owner' | 'capped';
  fields: Record<string, string>;
  expect: { stored: string } | { field: string; message: RegExp };
}

const key = (name: string, expiration = '30', extra: Record<string, string> = {}) => ({
  name,
  expiration,
  permission: 'read',
  ...extra,
});
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const stored = (text: string) => ({ stored: text });
const nameError = (message: RegExp) => ({ field: 'name', message });
const expiryError = (message: RegExp) => ({ field: 'expiration', message });

const MARKUP_NAMES = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 1">',
  "'); DROP TABLE api_keys;--",
];

const ACTION_ROWS: ActionRow[] = [
  ...MARKUP_NAMES.map((name) => ({
    group: 'key name',
    name: `markup or SQL: ${name}`,
    fields: key(name),
    expect: stored(name),
  })),
  {
    group: 'key name',
    name: 'emoji with zero-width joiners',
    fields: key('🔑 deploy 👨‍👩‍👧'),
    expect: stored('🔑 deploy 👨‍👩‍👧'),
  },
  {
    group: 'key name',
    name: 'a zero-width space inside the name is kept',
    fields: key('zero\u200Bwidth'),
    expect: stored('zero\u200Bwidth'),
  },
  {
    group: 'key name',
    name: 'only zero-width characters',
    fields: key('\u200B\u200C\u200D'),
    expect: nameError(/at least one visible character/),
  },
  {
    group: 'key name',
    name: 'a right-to-left override (U+202E)',
    fields: key('invoice\u202Egpj.exe'),
    expect: nameError(/control or text-direction/),
  },
  {
    group: 'key name',
    name: 'a right-to-left isolate (U+2067)',
    fields: key('a\u2067b'),
    expect: nameError(/control or text-direction/),
  },
  {
    group: 'key name',
    name: 'a NUL byte',
    fields: key('nul\u0000name'),
    expect: nameError(/control or text-direction/),
  },
  { group: 'key name', name: 'a newline', fields: key('two\nlines'), expect: nameError(/control or text-direction/) },
  {
    group: 'key name',
    name: '10 000 characters',
    fields: key('x'.repeat(10_000)),
    expect: nameError(/at most 100 characters/),
  },
  { group: 'key name', name: 'exactly 100 characters', fields: key('y'.repeat(100)), expect: stored('y'.repeat(100)) },
  { group: 'key name', name: 'surrounding spaces are trimmed', fields: key('  trimmed  '), expect: stored('trimmed') },
  { group: 'key name', name: 'spaces only', fields: key('     '), expect: nameError(/Give the key a name/) },
  {
    group: 'key name',
    name: 'no name field at all',
    fields: { expiration: '30' },
    expect: nameError(/Give the key a name/),
  },
  {
    group: 'expiry',
    name: 'negative days (-7)',
    fields: key('neg', '-7'),
    expect: expiryError(/Choose an expiration/),
  },
  { group: 'expiry', name: 'zero days', fields: key('zero', '0'), expect: expiryError(/Choose an expiration/) },
  { group: 'expiry', name: 'non-numeric', fields: key('abc', 'abc'), expect: expiryError(/Choose an expiration/) },
  {
    group: 'expiry',
    name: '1e309 (Infinity as a number)',
    fields: key('inf', '1e309'),
    expect: expiryError(/Choose an expiration/),
  },
  { group: 'expiry', name: '"Infinity"', fields: key('inf2', 'Infinity'), expect: expiryError(/Choose an expiration/) },
  { group: 'expiry', name: '30.5 days', fields: key('frac', '30.5'), expect: expiryError(/Choose an expiration/) },
  {
    group: 'expiry',
    name: 'a custom date in the past',
    fields: key('past', 'custom', { customDate: '2020-01-01' }),
    expect: expiryError(/date after today/),
  },
  {
    group: 'expiry',
    name: 'a custom date of today',
    fields: key('today', 'custom', { customDate: isoDay(0) }),
    expect: expiryError(/date after today/),
  },
  {
    group: 'expiry',
    name: 'a custom date of 9999-12-31',
    fields: key('far', 'custom', { customDate: '9999-12-31' }),
    expect: expiryError(/within 10 years/),
  },
  {
    group: 'expiry',
    name: 'a custom date of February 30',
    fields: key('feb', 'custom', { customDate: '2027-02-30' }),
    expect: expiryError(/valid date/),
  },
  {
    group: 'expiry',
    name: 'a custom date with a six-digit year',
    fields: key('y6', 'custom', { customDate: '+275760-09-13' }),
    expect: expiryError(/valid date/),
  },
  {
    group: 'expiry',
    name: 'custom without a date',
    fields: key('nodate', 'custom'),
    expect: expiryError(/valid date/),
  },
  {
    group: 'expiry',
    name: 'a custom date in a year',
    fields: key('custom ok', 'custom', { customDate: isoDay(365) }),
    expect: stored('custom ok'),
  },
  { group: 'expiry', name: '"never" without a cap', fields: key('forever', 'never'), expect: stored('forever') },
  {
    group: 'expiry',
    name: '"never" under a 30-day cap',
    account: 'capped',
    fields: key('capped never', 'never'),
    expect: expiryError(/expire within 30 days/),
  },
  {
    group: 'expiry',
    name: '1 year under a 30-day cap',
    account: 'capped',
    fields: key('capped year', '365'),
    expect: expiryError(/at most 30 days/),
  },
  {
    group: 'expiry',
    name: 'a custom date 60 days out under a 30-day cap',
    account: 'capped',
    fields: key('capped custom', 'custom', { customDate: isoDay(60) }),
    expect: expiryError(/at most 30 days/),
  },
  {
    group: 'expiry',
    name: '30 days under a 30-day cap',
    account: 'capped',
    fields: key('capped 30', '30'),
    expect: stored('capped 30'),
  },
  {
    group: 'permissions',
    name: 'an unknown permission',
    fields: key('perm', '30', { permission: 'admin' }),
    expect: { field: 'permission', message: /read or read-write/ },
  },
  {
    group: 'permissions',
    name: 'an unknown resource',
    fields: key('res', '30', { resources: 'billing' }),
    expect: { field: 'resources', message: /resources from the list/ },
  },
];

const keyCount = (email: string) =>
  withDb(
    (db) =>
      (
        db.prepare('SELECT count(*) AS n FROM api_keys WHERE account_id = ?').get(userIds(email).accountId) as {
          n: number;
        }
      ).n,
  );

for (const row of ACTION_ROWS) {
  test(`${row.group} › ${row.name}`, async () => {
    const who = row.account === 'capped' ? capped : owner;
    const before = keyCount(who.email);
    const response = await callAction(who.context.request, '/settings/security', 'createKey', row.fields);
    expect(response.status(), 'never a 5xx').toBe(200);
    const outcome = actionOutcome(await response.body());
    if ('stored' in row.expect) {
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
      if (!outcome.ok) return;
      const token = String(outcome.token);
      recordSecret(token);
      expect(outcome.name).toBe(row.expect.stored);
      const saved = withDb(
        (db) => db.prepare('SELECT name FROM api_keys WHERE id = ?').get(keyIdOf(token)) as { name: string },
      );
      expect(saved.name, 'stored literally').toBe(row.expect.stored);
      expect(keyCount(who.email)).toBe(before + 1);
    } else {
      expect(outcome.ok, JSON.stringify(outcome)).toBe(false);
      if (outcome.ok) return;
      expect(outcome.fieldErrors?.[row.expect.field], JSON.stringify(outcome)).toMatch(row.expect.message);
      expect(keyCount(who.email), 'a refused request creates nothing').toBe(before);
    }
  });
}

test('key name › bytes that are not UTF-8 (an encoded lone surrogate) arrive as U+FFFD, never as a lone surrogate', async () => {
  // A form can carry no lone surrogate: the browser encodes text as UTF-8 and the server decodes what is not UTF-8
  // (here CESU-8's ED A0 80 for U+D800) as U+FFFD, which is text. The name rule refuses lone surrogates behind that.
  const boundary = 'hostile-surrogate';
  const part = (name: string, value: Buffer) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      value,
      Buffer.from('\r\n'),
    ]);
  const body = Buffer.concat([
    part('_1_name', Buffer.concat([Buffer.from('lone'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('x')])),
    part('_1_expiration', Buffer.from('30')),
    part('_1_permission', Buffer.from('read')),
    part('0', Buffer.from('[null,"$K1"]')),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const response = await owner.context.request.post('/settings/security', {
    headers: {
      'Next-Action': actionId('createKey'),
      Accept: 'text/x-component',
      Origin: BASE_URL,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
    },
    data: body,
  });
  expect(response.status()).toBe(200);
  const outcome = actionOutcome(await response.body());
  expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
  if (!outcome.ok) return;
  recordSecret(String(outcome.token));
  expect(outcome.name).toBe('lone\uFFFD\uFFFD\uFFFDx');
  const saved = withDb(
    (db) =>
      db.prepare('SELECT name FROM api_keys WHERE id = ?').get(keyIdOf(String(outcome.token))) as { name: string },
  );
  expect(saved.name).toBe('lone\uFFFD\uFFFD\uFFFDx');
});

test('the SQL in a key name ran as text: the tables are all still there', () => {
  const tables = withDb((db) =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
  );
  expect(tables).toEqual(expect.arrayContaining(['api_keys', 'accounts', 'users', 'audit_log']));
});

test('names with markup, made through the real form and the action, render as literal text and run nothing', async () => {
  const { page } = owner;
  const alerts: string[] = [];
  page.on('dialog', async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  // This test's own keys (the rows above may have run in another worker, for another owner).
  for (const name of [...MARKUP_NAMES, '🔑 deploy 👨‍👩‍👧']) {
    const outcome = actionOutcome(
      await (await callAction(owner.context.request, '/settings/security', 'createKey', key(name))).body(),
    );
    expect(outcome.ok, name).toBe(true);
    if (outcome.ok) recordSecret(String(outcome.token));
  }
  await page.goto('/settings/security');
  const formName = `<img src=x onerror="window.__pwned = 2"> form ${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Name', { exact: true }).fill(formName);
  await page.getByLabel('Expiration', { exact: true }).selectOption({ label: '7 days' });
  await page.getByRole('button', { name: 'Generate key' }).click();
  const secret = page.getByTestId('one-time-secret');
  await expect(secret).toBeVisible();
  const token = (await secret.textContent())!.trim();
  recordSecret(token);
  expect(
    withDb((db) => (db.prepare('SELECT name FROM api_keys WHERE id = ?').get(keyIdOf(token)) as { name: string }).name),
  ).toBe(formName);

  // Put the secret away first: while one is shown, reloading asks (and the handler above would decline).
  await page.getByRole('button', { name: 'Done' }).click();
  await page.reload();
  for (const name of [...MARKUP_NAMES, formName, '🔑 deploy 👨‍👩‍👧']) {
    await expect(page.getByText(name, { exact: true }).first(), name).toBeVisible();
  }
  expect(await page.locator('main img[src="x"]').count(), 'no injected element').toBe(0);
  expect(await page.locator('main script').count(), 'no injected script').toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    'no injected script ran',
  ).toBeUndefined();
  expect(alerts).toEqual([]);
});
