import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { createKey, DAY, fillKeyForm, keyIdOf, me, newUser, seedKey } from '../support';

// Issue 3 over the API: permissions per key, keys and projects routes, the verify API, service-account and
// organization keys. One account is set up once through the UI; each test uses its own keys.

let owner: { page: Page; email: string };
let serviceToken = '';
let orgToken = '';
let projectId = '';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function expectScopeRefusal(response: APIResponse) {
  expect(response.status()).toBe(403);
  expect(response.headers()['www-authenticate']).toBe('Bearer realm="latchkey", error="insufficient_scope"');
  expect((await response.json()).error.code).toBe('insufficient_scope');
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const user = await newUser(browser, 'teams');
  owner = { page: user.page, email: user.email };
  const page = owner.page;

  await page.goto('/settings/service-accounts');
  await page.getByLabel('Service account name').fill('deploy-bot');
  await page.getByLabel('Role').selectOption({ label: 'Member' });
  await page.getByLabel('Description').fill('Deploys from CI');
  await page.getByRole('button', { name: 'Create service account' }).click();
  await page.locator('[data-service-account="deploy-bot"]').getByRole('link', { name: 'deploy-bot' }).click();
  const section = page.getByRole('region', { name: 'deploy-bot', exact: true });
  await expect(section).toHaveAttribute('data-service-account', 'deploy-bot');
  serviceToken = await fillKeyForm(page, section, 'bot key', { permission: 'Read and write' });

  await page.goto('/settings/keys?tab=organization');
  await page.getByLabel('Project name').fill('Website');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('Project "Website" created.')).toBeVisible();
  const orgForm = page.getByRole('region', { name: 'New organization key' });
  await orgForm.getByLabel('Project', { exact: true }).selectOption({ label: 'Website' });
  orgToken = await fillKeyForm(page, orgForm, 'website key', { permission: 'Read and write' });
  projectId = (await (await page.request.get('/api/v1/projects', { headers: auth(orgToken) })).json()).projects[0].id;
});

test('a read-only key gets 403 insufficient_scope on writes; a restricted key on other resources', async ({
  request,
}) => {
  const reader = await createKey(owner.page, 'reader', { permission: 'Read only' });
  const meOnly = await createKey(owner.page, 'me only', { resources: ['me'] });
  await expect(owner.page.locator(`tr[data-key-id="${keyIdOf(reader)}"]`).getByTestId('key-permissions')).toHaveText(
    'Read only, all resources',
  );
  await expect(owner.page.locator(`tr[data-key-id="${keyIdOf(meOnly)}"]`).getByTestId('key-permissions')).toHaveText(
    'Read and write: me',
  );

  expect((await request.get('/api/v1/keys', { headers: auth(reader) })).status()).toBe(200);
  await expectScopeRefusal(await request.delete(`/api/v1/keys/${keyIdOf(meOnly)}`, { headers: auth(reader) }));
  await expectScopeRefusal(await request.post('/api/v1/projects', { headers: auth(reader), data: { name: 'nope' } }));

  expect((await me(request, meOnly)).status()).toBe(200);
  await expectScopeRefusal(await request.get('/api/v1/projects', { headers: auth(meOnly) }));
  await expectScopeRefusal(await request.get('/api/v1/keys', { headers: auth(meOnly) }));
  // Both keys still work: a refusal changes nothing.
  expect((await me(request, reader)).status()).toBe(200);
});

test('GET /api/v1/keys lists what the key may see, never a hash', async ({ request }) => {
  const ownerKey = await createKey(owner.page, 'lister');
  const all = await (await request.get('/api/v1/keys', { headers: auth(ownerKey) })).json();
  const ids = all.keys.map((k: { id: string }) => k.id);
  // An owner's key sees every key of the account, service and organization keys included.
  expect(ids).toEqual(expect.arrayContaining([keyIdOf(ownerKey), keyIdOf(serviceToken), keyIdOf(orgToken)]));
  const text = JSON.stringify(all);
  expect(text).not.toMatch(/hash|secret/i);
  expect(all.keys.find((k: { id: string }) => k.id === keyIdOf(serviceToken))).toMatchObject({
    kind: 'service',
    owner: 'deploy-bot',
  });

  // A member-role service account's key sees only its own keys.
  const mine = await (await request.get('/api/v1/keys', { headers: auth(serviceToken) })).json();
  expect(mine.keys.map((k: { id: string }) => k.id)).toEqual([keyIdOf(serviceToken)]);
  // An organization key sees only itself.
  const org = await (await request.get('/api/v1/keys', { headers: auth(orgToken) })).json();
  expect(org.keys.map((k: { id: string }) => k.id)).toEqual([keyIdOf(orgToken)]);
});

test('DELETE /api/v1/keys/self revokes the calling key, whatever its permissions', async ({ request }) => {
  const leaked = await createKey(owner.page, 'leaked ci key', { permission: 'Read only', resources: ['me'] });
  const response = await request.delete('/api/v1/keys/self', { headers: auth(leaked) });
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ revoked: true, id: keyIdOf(leaked) });
  expect((await me(request, leaked)).status()).toBe(401);
  await owner.page.reload();
  await expect(owner.page.locator(`tr[data-key-id="${keyIdOf(leaked)}"]`).getByTestId('key-status')).toHaveText(
    'Revoked',
  );
});

test('DELETE /api/v1/keys/{id}: own keys, or any key for an admin key; others are not found', async ({ request }) => {
  const victim = await createKey(owner.page, 'victim');
  // The member-role service account cannot reach the owner's key, and learns nothing about it.
  const refused = await request.delete(`/api/v1/keys/${keyIdOf(victim)}`, { headers: auth(serviceToken) });
  expect(refused.status()).toBe(404);
  expect((await me(request, victim)).status()).toBe(200);

  // The owner's read-write key can revoke any key of the account.
  const adminKey = await createKey(owner.page, 'admin tool');
  const revoked = await request.delete(`/api/v1/keys/${keyIdOf(victim)}`, { headers: auth(adminKey) });
  expect(revoked.status()).toBe(200);
  expect((await me(request, victim)).status()).toBe(401);
  expect((await request.delete('/api/v1/keys/not-a-key', { headers: auth(adminKey) })).status()).toBe(404);
});

test('POST /api/v1/keys/verify describes keys of the same account only', async ({ request, browser }) => {
  const verifier = await createKey(owner.page, 'verifier', { permission: 'Read only', resources: ['keys:verify'] });
  const good = await createKey(owner.page, 'to verify', { resources: ['projects'] });
  const revoked = seedKey(owner.email, {
    name: 'gone',
    createdAt: Date.now() - DAY,
    expiresAt: null,
    revokedAt: Date.now() - 1,
  });
  const expired = seedKey(owner.email, { name: 'old', createdAt: Date.now() - 10 * DAY, expiresAt: Date.now() - 1 });
  const stranger = await newUser(browser, 'verify-stranger');
  const foreign = await createKey(stranger.page, 'foreign');
  await stranger.context.close();

  const verify = (data: unknown) => request.post('/api/v1/keys/verify', { headers: auth(verifier), data });
  const valid = await (await verify({ key: good })).json();
  expect(valid).toMatchObject({
    valid: true,
    code: 'VALID',
    keyId: keyIdOf(good),
    owner: { type: 'user', email: owner.email },
    permissions: { permission: 'read-write', resources: ['projects'] },
  });
  expect(Date.parse(valid.expiresAt)).toBeGreaterThan(Date.now());
  expect(await (await verify({ key: revoked })).json()).toMatchObject({ valid: false, code: 'REVOKED' });
  expect(await (await verify({ key: expired })).json()).toMatchObject({ valid: false, code: 'EXPIRED' });
  expect(await (await verify({ key: 'lk_nonsense' })).json()).toMatchObject({ valid: false, code: 'NOT_FOUND' });
  expect(await (await verify({ key: foreign })).json()).toEqual({
    valid: false,
    code: 'NOT_FOUND',
    keyId: null,
    owner: null,
    permissions: null,
    expiresAt: null,
  });
  expect(await (await verify({ key: good, resource: 'keys' })).json()).toMatchObject({
    valid: false,
    code: 'INSUFFICIENT_PERMISSIONS',
  });

  // Bad bodies are 400 or 422, never 500.
  const malformed = await request.post('/api/v1/keys/verify', {
    headers: { ...auth(verifier), 'Content-Type': 'application/json' },
    data: Buffer.from('{"key": '),
  });
  expect(malformed.status()).toBe(400);
  expect((await verify({ nope: 1 })).status()).toBe(422);
  expect((await verify({ key: 'x'.repeat(20_000) })).status()).toBe(400);

  // A key without keys:verify may not call it.
  await expectScopeRefusal(await request.post('/api/v1/keys/verify', { headers: auth(good), data: { key: good } }));
});

test('projects: an organization key sees only its own project and cannot create one', async ({ request }) => {
  const list = await (await request.get('/api/v1/projects', { headers: auth(orgToken) })).json();
  expect(list.projects).toEqual([{ id: projectId, name: 'Website', createdAt: expect.any(String) }]);

  const writer = await createKey(owner.page, 'project writer');
  const created = await request.post('/api/v1/projects', { headers: auth(writer), data: { name: 'Mobile app' } });
  expect(created.status()).toBe(201);
  const mobile = (await created.json()).project;
  expect(
    (await request.post('/api/v1/projects', { headers: auth(writer), data: { name: 'Mobile app' } })).status(),
  ).toBe(422);

  const all = await (await request.get('/api/v1/projects', { headers: auth(writer) })).json();
  expect(all.projects.map((p: { name: string }) => p.name).sort()).toEqual(['Mobile app', 'Website']);
  expect((await request.get(`/api/v1/projects/${mobile.id}`, { headers: auth(writer) })).status()).toBe(200);

  expect((await request.get(`/api/v1/projects/${mobile.id}`, { headers: auth(orgToken) })).status()).toBe(404);
  expect((await request.get(`/api/v1/projects/${projectId}`, { headers: auth(orgToken) })).status()).toBe(200);
  await expectScopeRefusal(
    await request.post('/api/v1/projects', { headers: auth(orgToken), data: { name: 'Sneaky' } }),
  );

  const me = await (await request.get('/api/v1/me', { headers: auth(orgToken) })).json();
  expect(me.owner).toEqual({ type: 'project', id: projectId, name: 'Website' });
  expect(me.key.kind).toBe('organization');
});

test('a service account key acts for the service account', async ({ request }) => {
  const body = await (await me(request, serviceToken)).json();
  expect(body.owner).toMatchObject({ type: 'service_account', name: 'deploy-bot', role: 'member' });
  expect(body.key.kind).toBe('service');
});

test('no key can create keys or reach account settings', async ({ request }) => {
  const strong = await createKey(owner.page, 'everything');
  for (const [method, path] of [
    ['POST', '/api/v1/keys'],
    ['PUT', '/api/v1/keys'],
    ['PATCH', '/api/v1/me'],
    ['POST', '/api/v1/me'],
  ] as const) {
    const response = await request.fetch(path, { method, headers: auth(strong), data: { name: 'x' } });
    expect(response.status(), `${method} ${path}`).toBe(405);
  }
  for (const path of ['/api/v1/account', '/api/v1/users', '/api/v1/roles', '/api/v1/password', '/api/v1/policies']) {
    expect((await request.post(path, { headers: auth(strong), data: {} })).status(), path).toBe(404);
  }
});
