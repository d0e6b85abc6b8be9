import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ClientSource from '../../packages/client/src/index';
import { newToken } from '../../lib/keys/token';
import { BASE_URL } from '../env';
import { portOf } from '../ports';
import { keyIdOf, newUser, recordSecret, seedKey, userIds, withDb } from '../support';

// @latchkey/client against the production server, once as ESM (dist/index.js) and once as CommonJS
// (dist/index.cjs), as a package user would load it; then its node:http example protecting a route with verify.

type ClientModule = typeof ClientSource;
const DIST = path.resolve(__dirname, '../../packages/client/dist');
const FORMATS: Record<'esm' | 'cjs', () => Promise<ClientModule>> = {
  esm: () => import(pathToFileURL(path.join(DIST, 'index.js')).href) as Promise<ClientModule>,
  cjs: async () => createRequire(__filename)(path.join(DIST, 'index.cjs')) as ClientModule,
};
const DAY = 86_400_000;

let email = '';

/** A key of the user's with chosen permission and resources (what the Security form offers). */
function restrictedKey(name: string, permission: 'read' | 'read-write', resources: string[]) {
  const { userId, accountId } = userIds(email);
  const { keyId, token, secretHash } = newToken('lk');
  withDb((db) =>
    db
      .prepare(
        'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, permission, resources, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(keyId, accountId, userId, name, secretHash, permission, JSON.stringify(resources), Date.now(), null),
  );
  recordSecret(token);
  return token;
}
const fullKey = (name: string) => seedKey(email, { name, createdAt: Date.now(), expiresAt: Date.now() + 30 * DAY });

test.beforeAll(async ({ browser }) => {
  const user = await newUser(browser, 'client');
  email = user.email;
  await user.context.close();
});

for (const [format, load] of Object.entries(FORMATS)) {
  test(`the client (${format}) calls every operation and reports refusals as LatchkeyError`, async () => {
    const loaded = await load();
    // An ES module namespace really, or module.exports: neither format is quietly the other.
    expect(Object.prototype.toString.call(loaded)).toBe(format === 'esm' ? '[object Module]' : '[object Object]');
    const { Latchkey, LatchkeyError } = loaded;
    const token = fullKey(`client ${format}`);
    const client = new Latchkey({ token, baseUrl: BASE_URL });

    const me = await client.me();
    expect(me.key.id).toBe(keyIdOf(token));
    expect(me.owner).toMatchObject({ type: 'user', email });

    const other = fullKey(`client ${format} other`);
    expect((await client.keys.list()).map((k) => k.id)).toEqual(
      expect.arrayContaining([keyIdOf(token), keyIdOf(other)]),
    );

    const created = await client.projects.create({ name: `client ${format} ${Date.now()}` });
    expect((await client.projects.list()).map((p) => p.id)).toContain(created.id);
    expect(await client.projects.get(created.id)).toEqual(created);

    const readOnly = restrictedKey(`client ${format} read`, 'read', ['projects']);
    expect(await client.keys.verify({ key: readOnly })).toMatchObject({
      valid: true,
      code: 'VALID',
      keyId: keyIdOf(readOnly),
    });
    expect(await client.keys.verify({ key: readOnly, resource: 'projects', write: true })).toMatchObject({
      valid: false,
      code: 'INSUFFICIENT_PERMISSIONS',
    });
    expect(await client.keys.verify({ key: 'lk_nothing' })).toMatchObject({ valid: false, code: 'NOT_FOUND' });

    const refusal = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LatchkeyError);
      const { status, code, message } = error as InstanceType<typeof LatchkeyError>;
      expect(message).toEqual(expect.any(String));
      return { status, code };
    };
    expect(await refusal(client.projects.get('no-such-project'))).toEqual({ status: 404, code: 'not_found' });
    const limited = new Latchkey({ token: readOnly, baseUrl: BASE_URL });
    expect(await refusal(limited.projects.create({ name: 'nope' }))).toEqual({
      status: 403,
      code: 'insufficient_scope',
    });
    expect(await refusal(limited.me())).toEqual({ status: 403, code: 'insufficient_scope' });
    const verifierOnly = new Latchkey({
      token: restrictedKey(`client ${format} verifier`, 'read', ['keys:verify']),
      baseUrl: BASE_URL,
    });
    expect(await refusal(verifierOnly.projects.get(created.id))).toEqual({ status: 403, code: 'insufficient_scope' });
    expect(await refusal(client.projects.create({ name: '' }))).toEqual({ status: 422, code: 'validation_failed' });

    expect(await client.keys.revoke(keyIdOf(other))).toEqual({
      revoked: true,
      id: keyIdOf(other),
      alreadyRevoked: false,
    });
    expect(await client.keys.revoke(keyIdOf(other))).toMatchObject({ alreadyRevoked: true });
    expect(await refusal(new Latchkey({ token: other, baseUrl: BASE_URL }).me())).toEqual({
      status: 401,
      code: 'invalid_token',
    });

    expect(await client.keys.revokeSelf()).toEqual({ revoked: true, id: keyIdOf(token) });
    expect(await refusal(client.me())).toEqual({ status: 401, code: 'invalid_token' });
  });

  test(`the client (${format}) says when a URL is not a Latchkey server or not reachable`, async () => {
    const { Latchkey } = await load();
    const token = fullKey(`client ${format} urls`);
    await expect(new Latchkey({ token, baseUrl: `${BASE_URL}/sign-in/` }).me()).rejects.toMatchObject({
      code: 'unexpected_response',
    });
    await expect(
      new Latchkey({ token, baseUrl: `http://127.0.0.1:${portOf('client-example') + 1}`, retries: 0 }).me(),
    ).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
}

test.describe('the node:http example (packages/client/examples/protect-node-http.mjs)', () => {
  let child: ChildProcess | undefined;
  const base = `http://127.0.0.1:${portOf('client-example')}`;
  test.afterAll(() => {
    child?.kill();
  });

  test('lets a valid key in, refuses a missing, revoked or under-permitted one', async ({ request }) => {
    const verifier = restrictedKey('example verifier', 'read', ['keys:verify']);
    child = spawn(process.execPath, [path.resolve(__dirname, '../../packages/client/examples/protect-node-http.mjs')], {
      env: { ...process.env, LATCHKEY_URL: BASE_URL, LATCHKEY_TOKEN: verifier, PORT: String(portOf('client-example')) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
      child!.on('exit', (code) => reject(new Error(`the example exited with ${code}`)));
    });

    const caller = restrictedKey('example caller', 'read', ['projects']);
    const ok = await request.get(`${base}/reports`, { headers: { Authorization: `Bearer ${caller}` } });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toMatchObject({ keyId: keyIdOf(caller), owner: { type: 'user', email } });

    const write = await request.post(`${base}/reports`, { headers: { Authorization: `Bearer ${caller}` } });
    expect(write.status()).toBe(403);
    expect((await write.json()).error.code).toBe('insufficient_scope');

    const none = await request.get(`${base}/reports`);
    expect(none.status()).toBe(401);
    expect(none.headers()['www-authenticate']).toBe('Bearer realm="reports"');

    const basic = await request.get(`${base}/reports`, {
      headers: { Authorization: `Basic ${Buffer.from(`${caller}:`).toString('base64')}` },
    });
    expect(basic.status()).toBe(200);

    const revoked = fullKey('example revoked');
    await request.delete(`${BASE_URL}/api/v1/keys/self`, { headers: { Authorization: `Bearer ${revoked}` } });
    const gone = await request.get(`${base}/reports`, { headers: { Authorization: `Bearer ${revoked}` } });
    expect(gone.status()).toBe(401);
    expect((await gone.json()).error.code).toBe('invalid_token');
  });
});
