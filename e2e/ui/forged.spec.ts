import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { BASE_URL } from '../env';
import { actionOutcome } from '../hostile-support';
import { portOf } from '../ports';
import { callAction } from '../server-actions';
import {
  captureAction,
  createKey,
  keyIdOf,
  keyRow,
  newUser,
  recordSecret,
  replayAction,
  userIds,
  withDb,
} from '../support';

// Issue 5, point 3: forged requests. Server actions replayed from another origin, from `Origin: null`, without an
// Origin and without a session are refused and change nothing; the same call from the app's own origin works (so
// the refusals are about the forgery, not a broken call). The dashboard cannot be framed, and no response grants
// CORS with credentials.

const EVIL_PORT = portOf('evil-origin');
const EVIL_ORIGIN = `http://127.0.0.1:${EVIL_PORT}`;

let owner: { context: BrowserContext; page: Page; email: string };
let session: APIRequestContext;
let signedOut: APIRequestContext;
let accountId = '';
let evil: Server;

/** A member of the owner's account, made in the database: what changeRole and removeMember aim at. */
function seedMember() {
  const userId = randomUUID();
  withDb((db) =>
    db
      .prepare('INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(userId, accountId, `forged-member-${userId}@example.com`, 'not a hash', 'member', Date.now()),
  );
  return userId;
}

function seedKeyId() {
  const keyId = randomUUID().replace(/-/g, '').slice(0, 12);
  const { userId } = userIds(owner.email);
  withDb((db) =>
    db
      .prepare(
        'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(keyId, accountId, userId, 'forgery target', randomBytes(32), Date.now()),
  );
  return keyId;
}

function seedInvitation() {
  const id = randomUUID();
  withDb((db) =>
    db
      .prepare(
        'INSERT INTO invitations (id, account_id, token_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, accountId, randomBytes(32), 'member', userIds(owner.email).userId, Date.now(), Date.now() + 86_400_000),
  );
  return id;
}

/** Everything of the owner's account an action could change, as comparable JSON. */
function snapshot(): string {
  return withDb((db) => {
    const rows = (sql: string) => db.prepare(sql).all(accountId);
    return JSON.stringify(
      {
        account: rows('SELECT * FROM accounts WHERE id = ?'),
        users: rows('SELECT id, role FROM users WHERE account_id = ? ORDER BY id'),
        keys: rows('SELECT * FROM api_keys WHERE account_id = ? ORDER BY id'),
        invitations: rows('SELECT * FROM invitations WHERE account_id = ? ORDER BY id'),
        projects: rows('SELECT * FROM projects WHERE account_id = ? ORDER BY id'),
        serviceAccounts: rows('SELECT * FROM service_accounts WHERE account_id = ? ORDER BY id'),
        audit: rows('SELECT count(*) AS n FROM audit_log WHERE account_id = ?'),
      },
      (_key, value: unknown) =>
        Buffer.isBuffer(value)
          ? value.toString('hex')
          : (value as { type?: string; data?: number[] })?.type === 'Buffer'
            ? Buffer.from((value as { data: number[] }).data).toString('hex')
            : value,
    );
  });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  owner = await newUser(browser, 'forged-owner');
  session = owner.context.request;
  signedOut = await playwrightRequest.newContext({ baseURL: BASE_URL });
  accountId = userIds(owner.email).accountId;

  // Another origin: a page that frames the dashboard and tries credentialed cross-origin reads.
  evil = createServer((req, res) => {
    const frame = req.url?.startsWith('/frame?') ? decodeURIComponent(req.url.slice('/frame?'.length)) : null;
    res.writeHead(200, { 'Content-Type': 'text/html' });
    if (frame)
      res.end(
        `<!doctype html><title>evil</title><iframe id="victim" src="${frame}" width="800" height="600"></iframe>`,
      );
    else if (req.url === '/inner') res.end('<!doctype html><p id="inner">framed fine</p>');
    else res.end('<!doctype html><title>evil</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => evil.listen(EVIL_PORT, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  await signedOut?.dispose();
  await owner?.context.close();
  await new Promise((resolve) => evil?.close(resolve));
});

// ---------------------------------------------------------------------------------------------------------------
// Replayed server actions.

interface ActionCase {
  page: string;
  fields: () => Record<string, string>;
}

const MUTATIONS: Record<string, ActionCase> = {
  createKey: {
    page: '/settings/security',
    fields: () => ({ name: 'forged key', expiration: '30', permission: 'read' }),
  },
  revokeKey: { page: '/settings/security', fields: () => ({ keyId: seedKeyId() }) },
  regenerateKey: { page: '/settings/security', fields: () => ({ keyId: seedKeyId(), grace: 'immediately' }) },
  setKeyEnabled: { page: '/settings/security', fields: () => ({ keyId: seedKeyId(), enabled: 'false' }) },
  setMaxKeyLifetime: { page: '/settings/account', fields: () => ({ maxKeyLifetime: '7', confirmed: 'true' }) },
  createInvitation: { page: '/settings/account', fields: () => ({ role: 'admin' }) },
  changeRole: { page: '/settings/members', fields: () => ({ userId: seedMember(), role: 'admin' }) },
  removeMember: { page: '/settings/members', fields: () => ({ userId: seedMember(), keys: 'revoke' }) },
  revokeInvitation: { page: '/settings/members', fields: () => ({ invitationId: seedInvitation() }) },
  createProject: { page: '/settings/keys', fields: () => ({ name: `forged ${randomUUID()}` }) },
  setMaxOrganizationKeys: { page: '/settings/keys', fields: () => ({ limit: '50' }) },
  renameAccount: { page: '/settings/account', fields: () => ({ name: `forged ${randomUUID().slice(0, 8)}` }) },
  createServiceAccount: {
    page: '/settings/service-accounts',
    fields: () => ({ name: `forged ${randomUUID().slice(0, 8)}`, role: 'admin', description: '' }),
  },
};

type Refusal = { status: 403; code: 'cross_origin' } | { status: 200; error: RegExp };
const CROSS_ORIGIN: Refusal = { status: 403, code: 'cross_origin' };
const NOT_FROM_THIS_SITE: Refusal = { status: 200, error: /did not come from this site/ };
const NO_SESSION: Refusal = { status: 200, error: /Your session has ended/ };

const FORGERIES: { name: string; signedIn: boolean; headers: Record<string, string>; refusal: Refusal }[] = [
  { name: 'from a foreign Origin', signedIn: true, headers: { Origin: 'https://evil.example' }, refusal: CROSS_ORIGIN },
  {
    name: 'from another port of the same host',
    signedIn: true,
    headers: { Origin: EVIL_ORIGIN },
    refusal: CROSS_ORIGIN,
  },
  { name: 'from Origin: null', signedIn: true, headers: { Origin: 'null' }, refusal: CROSS_ORIGIN },
  { name: 'with a malformed Origin', signedIn: true, headers: { Origin: 'not a url' }, refusal: CROSS_ORIGIN },
  {
    name: 'with the own Origin but Sec-Fetch-Site: cross-site',
    signedIn: true,
    headers: { Origin: BASE_URL, 'Sec-Fetch-Site': 'cross-site' },
    refusal: CROSS_ORIGIN,
  },
  { name: 'without an Origin header', signedIn: true, headers: {}, refusal: NOT_FROM_THIS_SITE },
  { name: 'without a session', signedIn: false, headers: { Origin: BASE_URL }, refusal: NO_SESSION },
  {
    name: 'without a session, from a foreign Origin',
    signedIn: false,
    headers: { Origin: 'https://evil.example' },
    refusal: CROSS_ORIGIN,
  },
];

for (const [action, spec] of Object.entries(MUTATIONS)) {
  test(`${action}: every forgery is refused and changes nothing; the genuine call works`, async () => {
    for (const forgery of FORGERIES) {
      const fields = spec.fields();
      const before = snapshot();
      const response = await callAction(
        forgery.signedIn ? session : signedOut,
        spec.page,
        action,
        fields,
        forgery.headers,
      );
      const label = `${action} ${forgery.name}`;
      expect(response.status(), label).toBe(forgery.refusal.status);
      const body = await response.body();
      if ('code' in forgery.refusal) {
        expect(JSON.parse(body.toString()).error.code, label).toBe(forgery.refusal.code);
      } else {
        const outcome = actionOutcome(body);
        expect(outcome.ok, label).toBe(false);
        if (!outcome.ok) expect(outcome.error, label).toMatch(forgery.refusal.error);
      }
      expect(body.toString(), `${label}: no secret in a refusal`).not.toMatch(/lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/);
      expect(snapshot(), `${label} changed nothing`).toBe(before);
    }

    // The control: the same call, signed in and from the app's own origin, is accepted and changes the account.
    const before = snapshot();
    const genuine = await callAction(session, spec.page, action, spec.fields());
    expect(genuine.status()).toBe(200);
    const outcome = actionOutcome(await genuine.body());
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (outcome.ok && typeof outcome.token === 'string') recordSecret(outcome.token);
    expect(snapshot(), `${action} from the app itself changes the account`).not.toBe(before);
    // Put the cap back, so later calls in this file are not bound by it.
    if (action === 'setMaxKeyLifetime') await callAction(session, spec.page, action, { maxKeyLifetime: 'none' });
  });
}

test('a revoke captured from the browser and replayed from another origin or without a session is refused', async () => {
  const { page } = owner;
  const token = await createKey(page, 'captured revoke');
  const row = keyRow(page, token);
  const captured = await captureAction(page, '/settings/security', async () => {
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  });
  expect(captured.headers.origin).toBe(BASE_URL);
  const revokedAt = () =>
    withDb(
      (db) =>
        (
          db.prepare('SELECT revoked_at FROM api_keys WHERE id = ?').get(keyIdOf(token)) as {
            revoked_at: number | null;
          }
        ).revoked_at,
    );

  for (const origin of ['https://evil.example', 'null']) {
    const response = await replayAction(session, '/settings/security', {
      ...captured,
      headers: { ...captured.headers, origin },
    });
    expect(response.status(), origin).toBe(403);
    expect(revokedAt(), origin).toBeNull();
  }
  const withoutSession = await replayAction(signedOut, '/settings/security', captured);
  expect(actionOutcome(await withoutSession.body())).toMatchObject({
    ok: false,
    error: expect.stringMatching(/session has ended/),
  });
  expect(revokedAt()).toBeNull();

  // The very same bytes from the user's own session and origin do revoke: the refusals above were the forgery's.
  const genuine = await replayAction(session, '/settings/security', captured);
  expect(actionOutcome(await genuine.body()).ok).toBe(true);
  expect(revokedAt()).not.toBeNull();
});

// ---------------------------------------------------------------------------------------------------------------
// Framing.

test('every page says it may not be framed', async () => {
  for (const [path, request] of [
    ['/sign-in', signedOut],
    ['/sign-up', signedOut],
    ['/settings/security', session],
    ['/settings/account', session],
    ['/settings/members', session],
  ] as const) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expect(response.headers()['x-frame-options'], path).toBe('DENY');
    expect(response.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
  }
});

test('Chromium does not render the dashboard inside another origin’s frame', async () => {
  const page = await owner.context.newPage();
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text());
  });

  // The control: the evil page can frame a page of its own, so a blank frame below is the app's refusal.
  await page.goto(`${EVIL_ORIGIN}/frame?${encodeURIComponent(`${EVIL_ORIGIN}/inner`)}`);
  await expect(page.frameLocator('#victim').locator('#inner')).toHaveText('framed fine');

  // The owner is signed in in this browser context: a frame that rendered would show the Security page.
  await page.goto(`${EVIL_ORIGIN}/frame?${encodeURIComponent(`${BASE_URL}/settings/security`)}`);
  const frame = page.frameLocator('#victim');
  await expect.poll(() => page.frames().length).toBe(2);
  const child = page.frames()[1]!;
  await expect.poll(() => child.url()).not.toBe('about:blank');
  expect(child.url()).not.toBe(`${BASE_URL}/settings/security`);
  await expect(frame.getByRole('button', { name: 'Generate key' })).toHaveCount(0);
  await expect(frame.getByLabel('Name', { exact: true })).toHaveCount(0);
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  await page.close();
});

// ---------------------------------------------------------------------------------------------------------------
// CORS: no response lets another origin read with credentials.

const CORS_PATHS = [
  '/sign-in',
  '/settings/security',
  '/api/auth/session',
  '/api/auth/csrf',
  '/api/auth/providers',
  '/api/auth/callback/credentials',
  '/api/v1/me',
  '/api/v1/keys',
  '/api/v1/keys/verify',
  '/api/v1/projects',
];

function expectNoCorsGrant(headers: Record<string, string>, label: string) {
  const allowOrigin = headers['access-control-allow-origin'];
  expect(
    allowOrigin === undefined || (allowOrigin !== 'https://evil.example' && allowOrigin !== 'null'),
    `${label}: ACAO ${allowOrigin}`,
  ).toBe(true);
  expect(headers['access-control-allow-credentials'], `${label}: credentials`).toBeUndefined();
}

test('preflights and simple cross-origin requests get no CORS grant, on pages, /api/auth and /api/v1', async () => {
  let checked = 0;
  for (const path of CORS_PATHS) {
    for (const origin of ['https://evil.example', 'null']) {
      const preflight = await session.fetch(path, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
        maxRedirects: 0,
      });
      expect(preflight.status(), `OPTIONS ${path}`).toBeLessThan(500);
      expectNoCorsGrant(preflight.headers(), `OPTIONS ${path} from ${origin}`);
      const simple = await session.get(path, { headers: { Origin: origin }, maxRedirects: 0 });
      expect(simple.status(), `GET ${path}`).toBeLessThan(500);
      expectNoCorsGrant(simple.headers(), `GET ${path} from ${origin}`);
      checked += 2;
    }
  }
  expect(checked).toBe(CORS_PATHS.length * 4);
});

test('in Chromium, another origin cannot read the session or call the API with a key', async () => {
  const page = await owner.context.newPage();
  await page.goto(`${EVIL_ORIGIN}/`);
  const attempts = await page.evaluate(async (base) => {
    const attempt = async (path: string, init: RequestInit) => {
      try {
        const response = await fetch(`${base}${path}`, init);
        return `read ${response.status}: ${(await response.text()).slice(0, 80)}`;
      } catch (error) {
        return `blocked: ${(error as Error).name}`;
      }
    };
    return {
      session: await attempt('/api/auth/session', { credentials: 'include' }),
      page: await attempt('/settings/security', { credentials: 'include' }),
      api: await attempt('/api/v1/me', { headers: { Authorization: 'Bearer lk_000000000000_0' } }),
    };
  }, BASE_URL);
  expect(attempts).toEqual({ session: 'blocked: TypeError', page: 'blocked: TypeError', api: 'blocked: TypeError' });
  await page.close();
});
