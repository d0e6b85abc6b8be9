import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DB_FILE, ISSUED_SECRETS, PAYLOAD_LEAKS, PAYLOADS_CHECKED, SERVER_LOG, SIGNED_UP_USERS } from './env';
import { LoopbackClient } from './loopback-http';
import { keyIdOf, secretOf } from './support';

// Runs after every other project. Each secret issued during the run must appear nowhere after its one-time display:
// not in any page (HTML or RSC payload) or export served to the users the specs signed up, not in /api/v1 answers,
// not in the server's output, the database or its WAL, in any of the forms a leak could take.

const ROOT = path.resolve(__dirname, '..');
/** Users signed in as for the crawl, spread over the run; each costs a scrypt sign-in and two fetches per page. */
const MAX_USERS = 12;
/** Recorded tokens tried against /api/v1, newest first. */
const MAX_API_TOKENS = 100;
const NEEDLE_HEAD = 32;

function recordedTokens(): string[] {
  return [...new Set(readFileSync(ISSUED_SECRETS, 'utf8').split('\n').filter(Boolean))];
}

/**
 * Every form a token could leak in: its 32-character secret (which the full token and "Bearer <token>" contain) and
 * the HTTP Basic credential (base64 of "<token>:"). Searched by their first 32 characters inside runs of base64
 * characters, so hundreds of needles over megabytes take one pass instead of one pass per needle.
 */
class SecretIndex {
  private readonly byHead = new Map<string, { needle: string; token: string }[]>();

  constructor(tokens: string[]) {
    for (const token of tokens) {
      const secret = token.split('_')[2]?.slice(0, 32) ?? '';
      expect(secret, 'a recorded token without a 32-character secret').toHaveLength(32);
      for (const needle of [secret, Buffer.from(`${token}:`).toString('base64')]) {
        const head = needle.slice(0, NEEDLE_HEAD);
        this.byHead.set(head, [...(this.byHead.get(head) ?? []), { needle, token }]);
      }
    }
  }

  /** The tokens (by key id) whose secret appears in `text`. */
  find(text: string): string[] {
    const found = new Set<string>();
    for (const run of text.matchAll(/[0-9A-Za-z+/=]{32,}/g)) {
      for (let i = 0; i + NEEDLE_HEAD <= run[0].length; i++) {
        for (const { needle, token } of this.byHead.get(run[0].slice(i, i + NEEDLE_HEAD)) ?? []) {
          if (text.startsWith(needle, run.index + i)) found.add(`key ${token.split('_')[1]}`);
        }
      }
    }
    return [...found];
  }
}

/** The app's pages and route handlers outside /api, as paths (route groups dropped; dynamic routes skipped). */
function appPaths(): { path: string; kind: 'page' | 'route' }[] {
  const found: { path: string; kind: 'page' | 'route' }[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name === 'api' && segments.length === 0) continue;
        if (entry.name.startsWith('[') || entry.name.startsWith('_')) continue;
        walk(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (entry.name === 'page.tsx' || entry.name === 'route.ts') {
        found.push({ path: `/${segments.join('/')}`, kind: entry.name === 'page.tsx' ? 'page' : 'route' });
      }
    }
  };
  walk(path.join(ROOT, 'app'), []);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!);
}

test('the secret index finds every form of a token it is given (so the scans below can fail)', () => {
  const tokens = recordedTokens();
  expect(tokens.length).toBeGreaterThan(10);
  const index = new SecretIndex(tokens);
  for (const token of [tokens[0]!, tokens[tokens.length - 1]!]) {
    const id = `key ${keyIdOf(token)}`;
    const secret = secretOf(token);
    expect(index.find(`<td>${token}</td>`)).toEqual([id]);
    expect(index.find(`{"value":"Bearer ${token}"}`)).toEqual([id]);
    expect(index.find(`1:["$","code",null,{"children":"${secret}"}]`)).toEqual([id]);
    expect(index.find(`x${secret}y`)).toEqual([id]);
    expect(index.find(`Authorization: Basic ${Buffer.from(`${token}:`).toString('base64')}\n`)).toEqual([id]);
    expect(index.find(secret.slice(1))).toEqual([]);
  }
});

test('no page, RSC payload, export or /api/v1 answer served after the one-time display carries a secret', async () => {
  test.setTimeout(600_000);
  const index = new SecretIndex(recordedTokens());
  const leaks: string[] = [];
  const scan = (where: string, text: string) => {
    for (const key of index.find(text)) leaks.push(`${key} in ${where}`);
  };

  const paths = appPaths();
  const pages = paths.filter((p) => p.kind === 'page').map((p) => p.path);
  expect(pages).toEqual(
    expect.arrayContaining(['/settings/security', '/settings/account', '/settings/audit-log', '/settings/keys']),
  );
  expect(paths).toContainEqual({ path: '/settings/audit-log/export', kind: 'route' });

  const users = [
    ...new Map(
      readFileSync(SIGNED_UP_USERS, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const user = JSON.parse(line) as { email: string; password: string };
          return [user.email, user] as const;
        }),
    ).values(),
  ];
  const tried = spread(users, MAX_USERS);
  let signedIn = 0;
  let keyPages = 0;
  let html = 0;
  let rsc = 0;
  let exports = 0;
  for (const [i, user] of tried.entries()) {
    // A loopback address per user: the crawl's sign-ins count against no one else's address, nor each other's.
    const client = new LoopbackClient(`127.0.1.${i + 1}`);
    // Users whose password a spec changed, or who were removed, cannot sign in any more: skipped (counted below).
    if (!(await client.signIn(user.email, user.password))) continue;
    signedIn += 1;
    for (const { path: url, kind } of paths) {
      const document = await client.fetch(url, { headers: { accept: 'text/html' } });
      scan(`${url} for ${user.email}`, document.text);
      if (kind === 'route') {
        if (document.status === 200 && document.header('content-type')?.startsWith('text/csv')) exports += 1;
        continue;
      }
      if (document.status === 200 && document.header('content-type')?.startsWith('text/html')) html += 1;
      // The RSC payload a client-side navigation fetches. Next answers a bare `RSC: 1` with a redirect to the same
      // URL plus its cache-busting `_rsc` parameter; follow it once, with the header.
      let flight = await client.fetch(url, { headers: { rsc: '1' } });
      const location = flight.header('location');
      if (flight.status === 307 && location?.includes('_rsc'))
        flight = await client.fetch(location, { headers: { rsc: '1' } });
      scan(`${url} (RSC) for ${user.email}`, flight.text);
      if (flight.status === 200 && flight.header('content-type')?.startsWith('text/x-component')) rsc += 1;
    }
    // The pages under a [dynamic] segment the walk above skips: each key's own page, as its owner (Security) and as
    // an admin (Keys) sees it, for the keys the lists link to.
    const listed = new Set<string>();
    for (const list of ['/settings/security', '/settings/keys']) {
      const page = await client.fetch(list, { headers: { accept: 'text/html' } });
      for (const m of page.text.matchAll(/data-key-id="([0-9A-Za-z]{12})"/g)) listed.add(`${list}|${m[1]}`);
    }
    for (const entry of listed) {
      const [list, keyId] = entry.split('|') as [string, string];
      const url = list === '/settings/security' ? `/settings/security/keys/${keyId}` : `/settings/keys/${keyId}`;
      const document = await client.fetch(url, { headers: { accept: 'text/html' } });
      scan(`${url} for ${user.email}`, document.text);
      if (document.status === 200) keyPages += 1;
    }
  }
  // A substantial part of the run's users were crawled, each seeing real pages, real RSC payloads and exports.
  expect(tried.length).toBeGreaterThanOrEqual(3);
  expect(signedIn, `signed in as ${signedIn} of ${tried.length} users`).toBeGreaterThanOrEqual(
    Math.max(3, Math.ceil(tried.length / 2)),
  );
  expect(html).toBeGreaterThanOrEqual(signedIn);
  expect(rsc).toBeGreaterThanOrEqual(signedIn);
  expect(exports).toBeGreaterThanOrEqual(1);
  expect(keyPages, "keys' own pages crawled").toBeGreaterThanOrEqual(1);

  // /api/v1 answers for the recorded tokens that still work: who they are, the keys and projects they can see.
  const api = new LoopbackClient('127.0.2.1');
  let working = 0;
  for (const token of recordedTokens().reverse().slice(0, MAX_API_TOKENS)) {
    const headers = { authorization: `Bearer ${token}` };
    const whoami = await api.fetch('/api/v1/me', { headers });
    scan(`/api/v1/me for key ${token.split('_')[1]}`, whoami.text);
    if (whoami.status !== 200) continue;
    working += 1;
    for (const url of ['/api/v1/keys', '/api/v1/projects']) {
      scan(`${url} for key ${token.split('_')[1]}`, (await api.fetch(url, { headers })).text);
    }
  }
  expect(working).toBeGreaterThan(0);
  test.info().annotations.push({
    type: 'crawl',
    description: `${signedIn} of ${tried.length} users; ${html} HTML pages, ${keyPages} key pages, ${rsc} RSC payloads, ${exports} CSV exports; ${working} working keys on /api/v1`,
  });

  expect(leaks, 'secrets served after their one-time display').toEqual([]);
});

test('no page or RSC payload the browsers received during the run carried a secret issued before it', () => {
  // Checked as they arrived (watchPayloads in e2e/support.ts), for every browser context the specs' users have.
  const checked = readFileSync(PAYLOADS_CHECKED, 'utf8').split('\n').filter(Boolean);
  expect(checked.filter((type) => type === 'text/html').length, 'HTML pages checked').toBeGreaterThan(50);
  // RSC payloads come from client-side navigations and server actions (the nav's links do not prefetch).
  expect(checked.filter((type) => type === 'text/x-component').length, 'RSC payloads checked').toBeGreaterThan(15);
  test.info().annotations.push({ type: 'payloads', description: `${checked.length} payloads checked as they arrived` });
  const leaks = existsSync(PAYLOAD_LEAKS) ? readFileSync(PAYLOAD_LEAKS, 'utf8').split('\n').filter(Boolean) : [];
  expect(leaks, 'payloads that carried an already-issued secret').toEqual([]);
});

test('issued secrets appear in no server output, database or WAL file', () => {
  const index = new SecretIndex(recordedTokens());
  const files = [SERVER_LOG, DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-journal`].filter((f) => existsSync(f));
  expect(files).toContain(DB_FILE);
  expect(files).toContain(SERVER_LOG);
  const leaks = files.flatMap((file) =>
    index.find(readFileSync(file).toString('latin1')).map((key) => `${key} in ${file}`),
  );
  expect(leaks).toEqual([]);
});
