import { expect, test, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { hashCode, normalizeUserCode } from '../../lib/device/codes';
import { BASE_URL } from '../env';
import { portOf } from '../ports';
import { keyIdOf, newUser, PASSWORD, recordSecret, seedKey, userIds, withDb } from '../support';

// The `latchkey` CLI as a real subprocess (packages/cli/bin/latchkey.js, as `npx latchkey` runs it) against the
// production server: device login approved and denied in Chromium, an expired code, --with-token, --email (the
// browser's throttle counts its failures), whoami, keys, logout, the config file's modes, LATCHKEY_TOKEN without a
// terminal or a config, proxies and bad URLs.

const BIN = path.resolve(__dirname, '../../packages/cli/bin/latchkey.js');
const HOST = hostname().slice(0, 64);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A home of its own for each test: no config, no LATCHKEY_* variables from the outside. */
function home() {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-cli-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, 'xdg'),
    LANG: 'C.UTF-8',
  };
  return { dir, env, config: path.join(dir, 'xdg', 'latchkey', 'config.json') };
}

/** Runs the CLI with no terminal: stdin is a pipe given `input` (or closed at once). */
function latchkey(args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * `latchkey login` in a pseudo-terminal (util-linux `script`), as a person runs it; resolves the printed code and
 * URL as soon as they appear, and the end of the run later.
 */
function interactiveLogin(args: string[], env: Record<string, string>) {
  const command = [process.execPath, BIN, 'login', '--no-browser', ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: env as NodeJS.ProcessEnv, stdio: 'pipe' });
  let output = '';
  const prompt = new Promise<{ code: string; url: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const code = /enter the code ([A-Z]{4}-[A-Z]{4})/.exec(output)?.[1];
      const url = /go straight to (\S+)/.exec(output)?.[1];
      if (code && url) resolve({ code, url });
    });
    child.on('close', () => reject(new Error(`the CLI ended before printing a code: ${output}`)));
  });
  const done = new Promise<{ code: number; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, output: output.replace(/\r/g, '') })),
  );
  return { prompt, done };
}

async function approvalPage(page: Page, url: string, code: string) {
  await page.goto(url);
  const details = page.getByTestId('device-login');
  await expect(details).toContainText(code);
  await expect(details).toContainText(HOST);
  await expect(details).toContainText(/linux|darwin|win32/);
  await expect(details).toContainText('0.1.0');
  await expect(details).toContainText('127.0.0.1');
  await expect(details).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await expect(page.getByRole('note')).toContainText('Approve only a login you started yourself');
}

const savedToken = (config: string) => {
  const parsed = JSON.parse(readFileSync(config, 'utf8')) as {
    current: string;
    servers: Record<string, { token: string }>;
  };
  return parsed.servers[BASE_URL]?.token;
};
const meStatus = async (token: string) =>
  (await fetch(`${BASE_URL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status;

test('login approved in the browser saves a key 0600 in a 0700 folder; whoami, keys list, logout revokes it', async ({
  browser,
}) => {
  const user = await newUser(browser, 'cli-approve');
  const { env, config } = home();
  const login = interactiveLogin(['--url', BASE_URL], env);
  const { code, url } = await login.prompt;
  expect(url).toBe(`${BASE_URL}/device?code=${code}`);
  await approvalPage(user.page, url, code);
  const expiration = user.page.getByLabel('Expiration');
  await expect(expiration.locator('option')).toHaveText([
    '7 days',
    '30 days',
    '60 days',
    '90 days',
    '1 year',
    'No expiration',
  ]);
  await expiration.selectOption({ label: '7 days' });
  await user.page.getByRole('button', { name: 'Approve' }).click();
  await expect(user.page.getByTestId('form-success')).toContainText(`CLI: ${HOST}`);
  const result = await login.done;
  expect(result.output).toContain(`Logged in to ${BASE_URL} as ${user.email}`);
  expect(result.code).toBe(0);

  expect(statSync(config).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(config)).mode & 0o777).toBe(0o700);
  const token = savedToken(config)!;
  recordSecret(token);
  // The page never saw the token.
  expect(await user.page.content()).not.toContain(token.split('_')[2]!);

  const whoami = await latchkey(['whoami'], env);
  expect(whoami.code).toBe(0);
  expect(whoami.stdout).toContain(user.email);
  const json = JSON.parse((await latchkey(['whoami', '--json'], env)).stdout) as {
    key: { id: string; name: string; effectiveExpiresAt: string };
  };
  expect(json.key).toMatchObject({ id: keyIdOf(token), name: `CLI: ${HOST}` });
  const days = (Date.parse(json.key.effectiveExpiresAt) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThanOrEqual(7);

  const list = await latchkey(['keys', 'list'], env);
  // Seven days left, but made just now: "active" ("expiring" is only for keys made longer ago than that).
  expect(list.stdout).toMatch(new RegExp(`${keyIdOf(token)}\\s+active.*CLI: ${HOST}`));
  // An ordinary key: listed on the Security page like any other.
  await user.page.goto('/settings/security');
  await expect(user.page.locator(`tr[data-key-id="${keyIdOf(token)}"]`).first()).toContainText(`CLI: ${HOST}`);

  const status = await latchkey(['status'], env);
  expect(status.stdout).toContain(`Token:  lk_${keyIdOf(token)}_******** (from ${config})`);
  expect(status.stdout).not.toContain(token);

  const logout = await latchkey(['logout'], env);
  expect(logout.code).toBe(0);
  expect(logout.stdout).toContain('Revoked the key');
  expect(await meStatus(token)).toBe(401);
  expect(savedToken(config)).toBeUndefined();
  const after = await latchkey(['whoami', '--url', BASE_URL], env);
  expect(after.code).toBe(1);
  expect(after.stderr).toBe(`latchkey: Not logged in to ${BASE_URL}: run latchkey login, or set LATCHKEY_TOKEN.\n`);
});

test('a login denied in the browser ends the CLI with "denied" and makes no key', async ({ browser }) => {
  const user = await newUser(browser, 'cli-deny');
  const { env, config } = home();
  const login = interactiveLogin(['--url', BASE_URL], env);
  const { code, url } = await login.prompt;
  // Under a 30-day cap the Expiration select offers nothing longer, and no "No expiration".
  const { accountId } = userIds(user.email);
  withDb((db) => db.prepare('UPDATE accounts SET max_key_lifetime_days = 30 WHERE id = ?').run(accountId));
  await approvalPage(user.page, url, code);
  await expect(user.page.getByLabel('Expiration').locator('option')).toHaveText(['7 days', '30 days']);
  await user.page.getByRole('button', { name: 'Deny' }).click();
  await expect(user.page.getByTestId('form-success')).toContainText('Denied');
  const result = await login.done;
  expect(result.code).toBe(1);
  expect(result.output).toContain('latchkey: The login was denied in the browser. No key was made.');
  expect(existsSync(config)).toBe(false);
  // Single use: the code shows nothing any more.
  await user.page.goto(url);
  await expect(user.page.getByTestId('form-error')).toContainText('This code is not valid');
});

test('an expired code ends the CLI with "expired", and the page refuses it', async ({ browser }) => {
  const user = await newUser(browser, 'cli-expire');
  const { env } = home();
  const login = interactiveLogin(['--url', BASE_URL], env);
  const { code, url } = await login.prompt;
  // Ten minutes pass: the login's expiry moves into the past.
  // This login only (by its user code's hash): other specs' logins run meanwhile.
  withDb((db) =>
    db
      .prepare('UPDATE device_logins SET expires_at = ? WHERE user_code_hash = ?')
      .run(Date.now() - 1, hashCode(normalizeUserCode(code)!)),
  );
  const result = await login.done;
  expect(result.code).toBe(1);
  expect(result.output).toContain('latchkey: The code expired before it was approved. Run latchkey login again.');
  await user.page.goto(url);
  await expect(user.page.getByTestId('form-error')).toContainText('This code is not valid');
  // Signed out, the printed address leads through sign-in and back to the code.
  const stranger = await browser.newContext();
  const page = await stranger.newPage();
  await page.goto(url);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe(`/device?code=${code}`);
  await stranger.close();
  expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
});

test('--with-token checks the token with /api/v1/me before saving it', async ({ browser }) => {
  const user = await newUser(browser, 'cli-token');
  await user.context.close();
  const token = seedKey(user.email, { name: 'piped', createdAt: Date.now(), expiresAt: null });
  const { env, config } = home();
  const ok = await latchkey(['login', '--with-token', '--url', BASE_URL], env, `${token}\n`);
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  expect(savedToken(config)).toBe(token);
  const bad = home();
  const refused = await latchkey(['login', '--with-token', '--url', BASE_URL], bad.env, 'lk_AAAAAAAAAAAA_nope\n');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toBe(
    `latchkey: ${BASE_URL} refused the token: it is invalid, expired or revoked. Run latchkey login.\n`,
  );
  expect(existsSync(bad.config)).toBe(false);
});

test('--email logs in with the password through the sign-in throttle, which counts a wrong one', async ({
  browser,
}) => {
  const user = await newUser(browser, 'cli-email');
  await user.context.close();
  const { env, config } = home();
  const wrong = await latchkey(['login', '--email', user.email, '--password-stdin', '--url', BASE_URL], env, 'nope\n');
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toBe('latchkey: Incorrect email or password.\n');
  const failures = withDb(
    (db) => db.prepare('SELECT failures FROM sign_in_failures WHERE email = ?').get(user.email) as { failures: number },
  );
  expect(failures.failures).toBe(1);
  const right = await latchkey(
    ['login', '--email', user.email, '--password-stdin', '--url', BASE_URL],
    env,
    `${PASSWORD}\n`,
  );
  expect(right.stderr).toBe('');
  expect(right.code).toBe(0);
  const token = savedToken(config)!;
  recordSecret(token);
  expect(await meStatus(token)).toBe(200);
  expect(right.stdout).toContain(`with the key "CLI: ${HOST}"`);
  // No password prompt can come without a terminal: it says so and exits 2 at once.
  const noTty = await latchkey(['login', '--email', user.email, '--url', BASE_URL], env);
  expect(noTty.code).toBe(2);
  expect(noTty.stderr).toContain('--password-stdin');
});

test('LATCHKEY_TOKEN works with no terminal and no config; login without a terminal exits 2 at once', async ({
  browser,
}) => {
  const user = await newUser(browser, 'cli-env');
  await user.context.close();
  const token = seedKey(user.email, { name: 'ci', createdAt: Date.now(), expiresAt: null });
  const { env, config } = home();
  const ci = { ...env, LATCHKEY_TOKEN: token, LATCHKEY_URL: BASE_URL };
  const whoami = await latchkey(['whoami'], ci);
  expect(whoami.code).toBe(0);
  expect(whoami.stdout).toContain(user.email);
  expect((await latchkey(['status'], ci)).stdout).toContain('(from LATCHKEY_TOKEN)');
  expect(existsSync(config)).toBe(false);
  const login = await latchkey(['login'], ci);
  expect(login.code).toBe(2);
  expect(login.stderr).toMatch(/^latchkey: .*needs a terminal.*LATCHKEY_TOKEN.*\n$/);
  // --token wins over LATCHKEY_TOKEN.
  const flag = await latchkey(['whoami', '--token', 'lk_AAAAAAAAAAAA_nope'], ci);
  expect(flag.code).toBe(1);
  // logout with the variable still set warns about it.
  const logout = await latchkey(['logout'], ci);
  expect(logout.stderr).toContain('LATCHKEY_TOKEN is still set');
  expect(await meStatus(token)).toBe(401);
});

test('the config file is tightened when found readable by others, and keyed by server URL', async ({ browser }) => {
  const user = await newUser(browser, 'cli-modes');
  await user.context.close();
  const token = seedKey(user.email, { name: 'modes', createdAt: Date.now(), expiresAt: null });
  const { env, config } = home();
  const other = path.join(path.dirname(config), 'other.json');
  expect((await latchkey(['login', '--with-token', '--url', BASE_URL], env, token)).code).toBe(0);
  chmodSync(config, 0o644);
  chmodSync(path.dirname(config), 0o755);
  const whoami = await latchkey(['whoami'], env);
  expect(whoami.code).toBe(0);
  expect(whoami.stderr).toContain(`tightened ${config} from 0644 to 0600`);
  expect(statSync(config).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(config)).mode & 0o777).toBe(0o700);
  // -c chooses another file (a Docker volume, say), written the same way.
  expect((await latchkey(['-c', other, 'login', '--with-token', '--url', `${BASE_URL}/`], env, token)).code).toBe(0);
  expect(statSync(other).mode & 0o777).toBe(0o600);
  expect(Object.keys((JSON.parse(readFileSync(other, 'utf8')) as { servers: object }).servers)).toEqual([BASE_URL]);
});

test('a bad --url gets one line saying what is wrong', async ({ browser }) => {
  const user = await newUser(browser, 'cli-urls');
  await user.context.close();
  const token = seedKey(user.email, { name: 'urls', createdAt: Date.now(), expiresAt: null });
  const { env } = home();
  const nothing = `http://127.0.0.1:${portOf('cli-nothing')}`;
  const unreachable = await latchkey(['whoami', '--url', nothing, '--token', token], env);
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toMatch(
    new RegExp(`^latchkey: Cannot reach ${nothing}: .*ECONNREFUSED.*Check the URL\\.\\n$`),
  );
  const notLatchkey = await latchkey(['whoami', '--url', `${BASE_URL}/sign-in`, '--token', token], env);
  expect(notLatchkey.code).toBe(1);
  expect(notLatchkey.stderr).toMatch(/^latchkey: .* is not a Latchkey server \(HTTP 404, text\/html\)\.\n$/);
  const notUrl = await latchkey(['whoami', '--url', 'ftp://x', '--token', token], env);
  expect(notUrl.code).toBe(2);
  expect(notUrl.stderr).toBe('latchkey: Use an http or https URL, not ftp://\n');
  const loginElsewhere = await latchkey(['login', '--with-token', '--url', nothing], env, token);
  expect(loginElsewhere.stderr).toContain(`Cannot reach ${nothing}`);
});

test('keys revoke revokes another key; the revoked token is then refused in one line', async ({ browser }) => {
  const user = await newUser(browser, 'cli-revoke');
  await user.context.close();
  const token = seedKey(user.email, { name: 'revoker', createdAt: Date.now(), expiresAt: null });
  const victim = seedKey(user.email, { name: 'victim', createdAt: Date.now(), expiresAt: null });
  const { env } = home();
  const ci = { ...env, LATCHKEY_TOKEN: token, LATCHKEY_URL: BASE_URL };
  const revoked = await latchkey(['keys', 'revoke', keyIdOf(victim)], ci);
  expect(revoked.stdout).toBe(`Revoked key ${keyIdOf(victim)}.\n`);
  expect((await latchkey(['keys', 'revoke', keyIdOf(victim)], ci)).stdout).toContain('already revoked');
  const refused = await latchkey(['whoami'], { ...ci, LATCHKEY_TOKEN: victim });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toBe(
    `latchkey: ${BASE_URL} refused the token: it is invalid, expired or revoked. Run latchkey login.\n`,
  );
  const unknown = await latchkey(['keys', 'revoke', 'AAAAAAAAAAAA'], ci);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toBe('latchkey: No such key. (HTTP 404, not_found)\n');
});

test('the login endpoints answer bad input with a clear 4xx, never a 500', async ({ request }) => {
  const post = (path: string, data: string, type = 'application/json') =>
    request.post(path, { data: Buffer.from(data), headers: { 'Content-Type': type } });
  const cases: [string, string, string, number, string][] = [
    ['/api/cli/device', '{', 'application/json', 400, 'invalid_body'],
    ['/api/cli/device', '{}', 'text/plain', 400, 'invalid_body'],
    ['/api/cli/device', '{"host":"h"}', 'application/json', 422, 'validation_failed'],
    [
      '/api/cli/device',
      JSON.stringify({ host: 'h', platform: 'p', version: '1', public_key: 'x' }),
      'application/json',
      422,
      'validation_failed',
    ],
    [
      '/api/cli/device',
      JSON.stringify({ host: 'a\u202eb', platform: 'p', version: '1', public_key: 'x' }),
      'application/json',
      422,
      'validation_failed',
    ],
    ['/api/cli/device', `{"host":"${'h'.repeat(9000)}"}`, 'application/json', 400, 'invalid_body'],
    [
      '/api/cli/device',
      JSON.stringify({ host: 'h', platform: 'linux\u202e', version: '1', public_key: 'x' }),
      'application/json',
      422,
      'validation_failed',
    ],
    ['/api/cli/token', '[]', 'application/json', 422, 'validation_failed'],
    ['/api/cli/password', '{"email":1}', 'application/json', 422, 'validation_failed'],
  ];
  for (const [path, body, type, status, code] of cases) {
    const response = await post(path, body, type);
    expect(response.status(), `${path} ${body.slice(0, 40)}`).toBe(status);
    expect(response.headers()['cache-control']).toContain('no-store');
    expect((await response.json()).error.code, `${path} ${body.slice(0, 40)}`).toBe(code);
  }
  const unknown = await post('/api/cli/token', JSON.stringify({ device_code: 'nope' }));
  expect(unknown.status()).toBe(400);
  expect(await unknown.json()).toMatchObject({ error: 'invalid_grant' });
  expect((await request.get('/api/cli/token')).status()).toBe(405);
});

test.describe('proxies', () => {
  let proxy: Server;
  const tunnels: string[] = [];
  test.beforeAll(async () => {
    // A CONNECT proxy, as undici's agent speaks to one for http and https alike; it records what it tunnels to.
    proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(portOf('cli-proxy'), '127.0.0.1', resolve));
  });
  test.afterAll(() => {
    proxy.close();
  });

  test('HTTP_PROXY / HTTPS_PROXY carry the requests, NO_PROXY exempts a host', async ({ browser }) => {
    const user = await newUser(browser, 'cli-proxy');
    await user.context.close();
    const token = seedKey(user.email, { name: 'proxied', createdAt: Date.now(), expiresAt: null });
    const { env } = home();
    const proxyUrl = `http://127.0.0.1:${portOf('cli-proxy')}`;
    const ci = { ...env, LATCHKEY_TOKEN: token, LATCHKEY_URL: BASE_URL, HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl };
    const via = await latchkey(['whoami'], ci);
    expect(via.stderr).toBe('');
    expect(tunnels).toEqual([new URL(BASE_URL).host]);
    const direct = await latchkey(['whoami'], { ...ci, NO_PROXY: '127.0.0.1' });
    expect(direct.code).toBe(0);
    expect(tunnels).toHaveLength(1);
  });
});
