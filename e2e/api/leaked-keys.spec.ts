import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { formatToken, generateSecret, hashSecret, newToken } from '../../lib/keys/token';
import { LoopbackClient, type LoopbackResponse } from '../loopback-http';
import { createKey, keyIdOf, me, newUser, recordSecret, seedKey, userIds, withDb } from '../support';

// POST /api/v1/leaked-keys, as a secret scanner calls it: no authentication, one answer whatever was reported.
// Each test reports from a loopback address of its own (127.0.0.2x), so the per-address rate limit of one test never
// touches another, nor the rest of the run (127.0.0.1).

const HOUR = 3_600_000;
const ENDPOINT = '/api/v1/leaked-keys';

/** A well-formed token of nobody, recorded for the exposure scan like every token the run handles. */
function unknownToken() {
  const { token } = newToken('lk');
  recordSecret(token);
  return token;
}

/** The right key id with a secret that is not the key's (a valid checksum all the same). */
function wrongSecretFor(token: string) {
  const forged = formatToken({ prefix: 'lk', keyId: keyIdOf(token), secret: generateSecret() });
  recordSecret(forged);
  return forged;
}

/** One character of the checksum changed: refused before any lookup. */
const badChecksum = (token: string) => token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');

/** A key of `email` regenerated an hour-long grace ago: returns the current token and the old one, still valid. */
function seedRegenerated(email: string, name: string) {
  const { userId, accountId } = userIds(email);
  const current = newToken('lk');
  const oldSecret = generateSecret();
  const old = formatToken({ prefix: 'lk', keyId: current.keyId, secret: oldSecret });
  withDb((db) =>
    db
      .prepare(
        `INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, previous_secret_hash, previous_secret_expires_at, created_at, regenerated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        current.keyId,
        accountId,
        userId,
        name,
        current.secretHash,
        hashSecret(oldSecret),
        Date.now() + HOUR,
        Date.now(),
        Date.now(),
      ),
  );
  recordSecret(current.token);
  recordSecret(old);
  return { current: current.token, old };
}

const leakRows = (keyIds: string[]) =>
  withDb((db) =>
    db
      .prepare(
        `SELECT account_id AS accountId, target_key_id AS keyId, actor_label AS actor, detail, ip, user_agent AS userAgent
         FROM audit_log WHERE action = 'key.leak_reported' AND target_key_id IN (${keyIds.map(() => '?').join(', ')}) ORDER BY target_key_id`,
      )
      .all(...keyIds),
  ) as { accountId: string; keyId: string; actor: string; detail: string; ip: string; userAgent: string }[];

async function expectRefused(request: APIRequestContext, ...tokens: string[]) {
  for (const token of tokens)
    await expect.poll(async () => (await me(request, token)).status(), { message: keyIdOf(token) }).toBe(401);
}

async function expectWorking(request: APIRequestContext, ...tokens: string[]) {
  for (const token of tokens) expect((await me(request, token)).status(), keyIdOf(token)).toBe(200);
}

/** What a caller could compare between two answers: everything but the Date header. */
function observable(response: LoopbackResponse) {
  const headers = Object.entries(response.headers)
    .filter(([name]) => !['date'].includes(name))
    .sort(([a], [b]) => a.localeCompare(b));
  return { status: response.status, headers, body: response.text };
}

async function securityNotice(page: Page) {
  await page.goto('/settings/security');
  return page.getByTestId('leak-notice');
}

test('a report revokes exactly the genuine tokens in it, and its answer is the same as for a report of none', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const alice = await newUser(browser, 'leak-alice');
  const bob = await newUser(browser, 'leak-bob');
  const aliceLive = await createKey(alice.page, 'alice deploy');
  const aliceUntouched = await createKey(alice.page, 'alice untouched');
  const aliceRotated = seedRegenerated(alice.email, 'alice rotated');
  const aliceRevoked = seedKey(alice.email, {
    name: 'alice revoked',
    createdAt: Date.now() - HOUR,
    expiresAt: null,
    revokedAt: Date.now() - HOUR,
  });
  const bobLive = await createKey(bob.page, 'bob ci');
  const revokedBefore = withDb(
    (db) =>
      (db.prepare('SELECT revoked_at AS at FROM api_keys WHERE id = ?').get(keyIdOf(aliceRevoked)) as { at: number })
        .at,
  );
  await expectWorking(request, aliceLive, aliceUntouched, aliceRotated.current, aliceRotated.old, bobLive);

  const noise = [
    'not-a-token',
    `acme_${aliceUntouched.slice(3)}`, // another installation's prefix
    badChecksum(aliceUntouched),
    wrongSecretFor(aliceUntouched),
    unknownToken(),
    aliceRevoked,
  ];
  const where = (token: string, i: number) => ({
    token,
    type: 'latchkey_api_key',
    url: `https://github.com/acme/app/blob/abc123/config/${i}.env`,
    source: 'content',
  });
  const reporter = new LoopbackClient('127.0.0.21');
  const headers = { 'user-agent': 'GitHub-Secret-Scanning/1.0' };

  const noneGenuine = [...noise, unknownToken(), wrongSecretFor(aliceLive), badChecksum(bobLive), unknownToken()];
  const mixed = [...noise, aliceLive, aliceRotated.old, bobLive, 'lk_short'];
  expect(noneGenuine).toHaveLength(mixed.length);
  const first = await reporter.fetch(ENDPOINT, { method: 'POST', headers, json: noneGenuine.map(where) });
  const second = await reporter.fetch(ENDPOINT, { method: 'POST', headers, json: mixed.map(where) });
  expect(first.status).toBe(202);
  expect(JSON.parse(first.text)).toEqual({ received: mixed.length });
  expect(observable(second)).toEqual(observable(first));

  // The genuine ones stop working: the live keys, and the rotated key through its old secret (current one too).
  await expectRefused(request, aliceLive, aliceRotated.old, aliceRotated.current, bobLive);
  // Reports are handled in order, so the first one is done too: it revoked nothing.
  await expectWorking(request, aliceUntouched);
  const rows = leakRows([aliceLive, aliceRotated.old, bobLive, aliceUntouched, aliceRevoked].map(keyIdOf));
  expect(rows.map((r) => r.keyId).sort()).toEqual([aliceLive, aliceRotated.old, bobLive].map(keyIdOf).sort());
  const alice1 = userIds(alice.email).accountId;
  const bob1 = userIds(bob.email).accountId;
  for (const row of rows) {
    expect(row.accountId).toBe(row.keyId === keyIdOf(bobLive) ? bob1 : alice1);
    expect(row.actor).toBe('Leak report');
    expect(row.ip).toBe('127.0.0.21');
    expect(row.userAgent).toBe('GitHub-Secret-Scanning/1.0');
    expect(JSON.parse(row.detail)).toMatchObject({ source: 'content', type: 'latchkey_api_key' });
  }
  expect(
    withDb(
      (db) =>
        (db.prepare('SELECT revoked_at AS at FROM api_keys WHERE id = ?').get(keyIdOf(aliceRevoked)) as { at: number })
          .at,
    ),
  ).toBe(revokedBefore);

  // Each owner sees their own keys in the notice on the Security page, with where they were found.
  const aliceNotice = await securityNotice(alice.page);
  await expect(aliceNotice).toBeVisible();
  await expect(aliceNotice.getByRole('heading')).toHaveText('2 keys of yours were found exposed and have been revoked');
  await expect(aliceNotice.locator(`li[data-key-id="${keyIdOf(aliceLive)}"]`)).toContainText('alice deploy');
  await expect(aliceNotice.locator(`li[data-key-id="${keyIdOf(aliceLive)}"]`)).toContainText(
    `source: content · found at https://github.com/acme/app/blob/abc123/config/${mixed.indexOf(aliceLive)}.env`,
  );
  await expect(aliceNotice.locator(`li[data-key-id="${keyIdOf(aliceRotated.old)}"]`)).toContainText('alice rotated');
  await expect(aliceNotice).not.toContainText('bob ci');
  await expect(alice.page.locator(`tr[data-key-id="${keyIdOf(aliceLive)}"]`)).toContainText('Revoked');
  const bobNotice = await securityNotice(bob.page);
  await expect(bobNotice.getByRole('heading')).toHaveText('A key of yours was found exposed and has been revoked');
  await expect(bobNotice).toContainText('bob ci');
  await expect(bobNotice).not.toContainText('alice');

  // The audit log tells each account about its own keys only.
  await alice.page.goto('/settings/audit-log?action=key.leak_reported');
  const aliceRows = alice.page.locator('tbody tr[data-action="key.leak_reported"]');
  await expect(aliceRows).toHaveCount(2);
  await expect(aliceRows.first()).toContainText('Key reported leaked');
  await expect(aliceRows.first()).toContainText(
    'Revoked after a leak report (content); found at https://github.com/acme/app/blob/abc123/config/',
  );
  await expect(aliceRows.first()).toContainText('Leak report');
  await bob.page.goto('/settings/audit-log?action=key.leak_reported');
  await expect(bob.page.locator('tbody tr[data-action="key.leak_reported"]')).toHaveCount(1);
  await expect(bob.page.locator('main')).not.toContainText(keyIdOf(aliceLive));
  await alice.context.close();
  await bob.context.close();
});

test('the plain shape {"tokens": [...]} works too; duplicates and keys reported twice are harmless', async ({
  browser,
  request,
}) => {
  const owner = await newUser(browser, 'leak-plain');
  const token = await createKey(owner.page, 'plain');
  const reporter = new LoopbackClient('127.0.0.22');
  const response = await reporter.fetch(ENDPOINT, { method: 'POST', json: { tokens: [token, token, unknownToken()] } });
  expect(response.status).toBe(202);
  expect(JSON.parse(response.text)).toEqual({ received: 3 });
  expect(response.header('content-type')).toContain('application/json');
  expect(response.header('cache-control')).toBe('no-store');
  await expectRefused(request, token);
  const again = await reporter.fetch(ENDPOINT, { method: 'POST', json: { tokens: [token] } });
  expect(again.status).toBe(202);
  // A second, unrelated report is processed after the repeated one: once it has landed, the repeat is done too.
  const marker = await createKey(owner.page, 'marker');
  await reporter.fetch(ENDPOINT, { method: 'POST', json: { tokens: [marker] } });
  await expectRefused(request, marker);
  expect(leakRows([keyIdOf(token)])).toHaveLength(1);
  await owner.context.close();
});

test('bad bodies get clear 4xx JSON errors and revoke nothing; 100 tokens are accepted, 101 refused', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const owner = await newUser(browser, 'leak-bodies');
  const kept = await createKey(owner.page, 'kept');
  const reporter = new LoopbackClient('127.0.0.23');
  const post = (body: string, contentType = 'application/json') =>
    reporter.fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': contentType }, body });

  const cases: { name: string; body: string; contentType?: string; status: number; code: string; message?: RegExp }[] =
    [
      {
        name: 'malformed JSON',
        body: `{"tokens": ["${kept}"`,
        status: 400,
        code: 'invalid_body',
        message: /not valid JSON/,
      },
      { name: 'not JSON at all', body: kept, status: 400, code: 'invalid_body' },
      {
        name: 'a form instead of JSON',
        body: `tokens=${kept}`,
        contentType: 'application/x-www-form-urlencoded',
        status: 400,
        code: 'invalid_body',
      },
      { name: 'an empty body', body: '', status: 400, code: 'invalid_body' },
      { name: 'an empty object', body: '{}', status: 422, code: 'validation_failed' },
      { name: 'null', body: 'null', status: 422, code: 'validation_failed' },
      { name: 'tokens not a list', body: JSON.stringify({ tokens: kept }), status: 422, code: 'validation_failed' },
      { name: 'tokens not strings', body: JSON.stringify({ tokens: [42] }), status: 422, code: 'validation_failed' },
      { name: 'no tokens', body: JSON.stringify({ tokens: [] }), status: 422, code: 'validation_failed' },
      { name: 'an empty list (GitHub shape)', body: '[]', status: 422, code: 'validation_failed' },
      {
        name: 'GitHub shape without token',
        body: JSON.stringify([{ url: 'https://x' }]),
        status: 422,
        code: 'validation_failed',
      },
      {
        name: 'a token of 10 000 characters',
        body: JSON.stringify({ tokens: ['x'.repeat(10_000)] }),
        status: 422,
        code: 'validation_failed',
      },
      {
        name: '101 tokens',
        body: JSON.stringify({ tokens: [kept, ...Array.from({ length: 100 }, (_, i) => `t${i}`)] }),
        status: 422,
        code: 'validation_failed',
        message: /not valid/,
      },
      {
        name: '101 tokens (GitHub shape)',
        body: JSON.stringify(
          Array.from({ length: 101 }, (_, i) => ({
            token: i === 0 ? kept : `t${i}`,
            type: 't',
            url: 'u',
            source: 's',
          })),
        ),
        status: 422,
        code: 'validation_failed',
      },
      {
        name: 'a body over 48 KiB',
        body: JSON.stringify({ tokens: [kept], pad: 'x'.repeat(50_000) }),
        status: 400,
        code: 'invalid_body',
        message: /at most 49152 bytes/,
      },
    ];
  for (const c of cases) {
    const response = await post(c.body, c.contentType);
    expect(response.status, c.name).toBe(c.status);
    expect(response.header('content-type'), c.name).toContain('application/json');
    const error = (JSON.parse(response.text) as { error: { code: string; message: string } }).error;
    expect(error.code, c.name).toBe(c.code);
    if (c.message) expect(error.message, c.name).toMatch(c.message);
  }
  const tooMany = await post(JSON.stringify({ tokens: Array.from({ length: 101 }, (_, i) => `t${i}`) }));
  expect(JSON.stringify(JSON.parse(tooMany.text))).toContain('At most 100 tokens per request.');
  const wrongMethod = await reporter.fetch(ENDPOINT);
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.header('allow')).toBe('POST');

  // Exactly 100 is fine; processed after every refused request above, so once it lands, they have been ignored.
  const marker = await createKey(owner.page, 'marker');
  const hundred = await post(JSON.stringify({ tokens: [marker, ...Array.from({ length: 99 }, () => unknownToken())] }));
  expect(hundred.status).toBe(202);
  expect(JSON.parse(hundred.text)).toEqual({ received: 100 });
  await expectRefused(request, marker);
  await expectWorking(request, kept);
  await owner.context.close();
});

test('each client address is rate limited: 429 with Retry-After, reports over the limit are dropped', async ({
  browser,
  request,
}) => {
  const owner = await newUser(browser, 'leak-rate');
  const dropped = await createKey(owner.page, 'dropped');
  const marker = await createKey(owner.page, 'marker');
  const flooder = new LoopbackClient('127.0.0.24');
  const report = (client: LoopbackClient, tokens: string[]) =>
    client.fetch(ENDPOINT, { method: 'POST', json: { tokens } });

  let accepted = 0;
  let limited: LoopbackResponse | undefined;
  for (let i = 0; i < 200 && !limited; i++) {
    const response = await report(flooder, ['lk_not_a_token']);
    if (response.status === 429) limited = response;
    else {
      expect(response.status).toBe(202);
      accepted += 1;
    }
  }
  expect(limited, 'no 429 within 200 requests').toBeDefined();
  expect(accepted).toBeGreaterThan(0);
  const retryAfter = Number(limited!.header('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`).toBe(true);
  expect(JSON.parse(limited!.text)).toEqual({
    error: { code: 'rate_limited', message: expect.stringContaining('Too many reports') },
  });

  // Still limited: a report with a genuine token is refused and not acted on…
  const refused = await report(flooder, [dropped]);
  expect(refused.status).toBe(429);
  // …while another address is not limited; its report is handled after the refused one would have been.
  const other = new LoopbackClient('127.0.0.25');
  expect((await report(other, [marker])).status).toBe(202);
  await expectRefused(request, marker);
  await expectWorking(request, dropped);
  await owner.context.close();
});
