import { expect, test, type APIResponse } from '@playwright/test';
import { formatToken, generateSecret } from '../../lib/keys/token';
import { createKey, DAY, keyIdOf, me, newUser, seedKey, tokenParts } from '../support';

// GET /api/v1/me and the guard in front of every /api/v1 route (docs/api.md, "Routes").

let token = '';
let email = '';

test.beforeAll(async ({ browser }) => {
  const user = await newUser(browser, 'api');
  email = user.email;
  token = await createKey(user.page, 'API spec key');
  await user.context.close();
});

async function expectRefused(response: APIResponse, code: string, challenge: RegExp) {
  expect(response.status()).toBe(401);
  expect(response.headers()['www-authenticate']).toMatch(challenge);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body;
}

test('Bearer returns who the key belongs to', async ({ request }) => {
  const response = await me(request, token);
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('no-store');
  const body = await response.json();
  expect(body.key.id).toBe(keyIdOf(token));
  expect(body.key.name).toBe('API spec key');
  expect(body.owner).toMatchObject({ type: 'user', email });
  expect(body.account.id).toEqual(expect.any(String));
  expect(body.account.name).toEqual(expect.any(String));
  const effective = Date.parse(body.key.effectiveExpiresAt);
  expect(effective).toBeGreaterThan(Date.now() + 29 * DAY);
  expect(effective).toBeLessThanOrEqual(Date.now() + 30 * DAY);
  expect(JSON.stringify(body)).not.toContain(token.split('_')[2]);
});

test('the Bearer scheme is case-insensitive', async ({ request }) => {
  for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
    const response = await request.get('/api/v1/me', { headers: { Authorization: `${scheme} ${token}` } });
    expect(response.status(), scheme).toBe(200);
  }
});

test('HTTP Basic with the token as username and an empty password works', async ({ request }) => {
  const response = await me(request, token, 'Basic');
  expect(response.status()).toBe(200);
  expect((await response.json()).key.id).toBe(keyIdOf(token));
});

test('no Authorization header: 401 with a Bearer challenge and no error attribute', async ({ request }) => {
  const response = await request.get('/api/v1/me');
  await expectRefused(response, 'missing_token', /^Bearer realm="latchkey"$/);
});

test('malformed Authorization headers are refused as invalid_request', async ({ request }) => {
  const basicWithPassword = Buffer.from(`${token}:secret`).toString('base64');
  for (const header of [
    `Digest ${token}`,
    'Bearer',
    `Bearer ${token} extra`,
    `Basic ${basicWithPassword}`,
    'Basic !!!',
    `Token ${token}`,
  ]) {
    const response = await request.get('/api/v1/me', { headers: { Authorization: header } });
    await expectRefused(response, 'invalid_request', /error="invalid_request"/);
  }
});

test('bad checksum, unknown, wrong secret, revoked and expired keys get the same public answer', async ({
  request,
}) => {
  const [prefix, keyId, tail] = tokenParts(token);
  const flipped = tail.slice(0, -1) + (tail.endsWith('A') ? 'B' : 'A');
  const unknownKey = formatToken({ prefix, keyId: 'Z'.repeat(12), secret: generateSecret() });
  const wrongSecret = formatToken({ prefix, keyId, secret: generateSecret() });
  const revoked = seedKey(email, {
    name: 'revoked',
    createdAt: Date.now() - DAY,
    expiresAt: null,
    revokedAt: Date.now() - 1000,
  });
  const expired = seedKey(email, { name: 'expired', createdAt: Date.now() - 10 * DAY, expiresAt: Date.now() - 1 });
  const bodies = [];
  for (const candidate of [
    `${prefix}_${keyId}_${flipped}`,
    unknownKey,
    wrongSecret,
    revoked,
    expired,
    `xx_${keyId}_${tail}`,
  ]) {
    const response = await me(request, candidate);
    bodies.push(await expectRefused(response, 'invalid_token', /^Bearer realm="latchkey", error="invalid_token"$/));
  }
  expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
});

test('a token in the query string is ignored', async ({ request }) => {
  for (const param of ['access_token', 'token', 'key']) {
    const response = await request.get(`/api/v1/me?${param}=${encodeURIComponent(token)}`);
    await expectRefused(response, 'missing_token', /^Bearer realm="latchkey"$/);
  }
});

test('a signed-in browser session never authenticates /api/v1', async ({ browser }) => {
  const user = await newUser(browser, 'cookie');
  const response = await user.page.request.get('/api/v1/me');
  await expectRefused(response, 'missing_token', /^Bearer realm="latchkey"$/);
  await user.context.close();
});

test('other methods get a JSON 405 naming GET', async ({ request }) => {
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const response = await request.fetch('/api/v1/me', { method, headers: { Authorization: `Bearer ${token}` } });
    expect(response.status(), method).toBe(405);
    expect(response.headers()['allow']).toBe('GET');
    expect((await response.json()).error.code).toBe('method_not_allowed');
  }
});

test('unknown /api/v1 paths: 401 without a key, JSON 404 with one', async ({ request }) => {
  await expectRefused(await request.get('/api/v1/does-not-exist'), 'missing_token', /realm="latchkey"/);
  const response = await request.get('/api/v1/does-not-exist', { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe('not_found');
});
