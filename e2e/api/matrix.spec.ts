import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { newToken } from '../../lib/keys/token';
import {
  DEVICE_LOGIN_TTL_MS,
  formatUserCode,
  generateDeviceCode,
  generateUserCode,
  hashCode,
} from '../../lib/device/codes';
import { rawPublicKey } from '../../lib/device/seal';
import { generateKeyPairSync } from 'node:crypto';
import { BASE_URL } from '../env';
import { actionManifest, callAction } from '../server-actions';
import { invite, keyIdOf, newUser, PASSWORD, recordSecret, seedKey, userIds, withDb } from '../support';

// The authorization matrix (issue 3): every /api/v1 route and every server action, tried as every kind of caller.
// The first two tests fail when a route or an action exists without a row here.

const ROOT = path.resolve(__dirname, '../..');
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: one account with an owner, an admin and a member (through the real invitation flow), plus another
// account. Keys of service accounts and projects are seeded straight into this run's database.

type Caller = 'owner' | 'admin' | 'member' | 'service' | 'organization' | 'foreign' | 'none';
type SessionRole = 'owner' | 'admin' | 'member' | 'foreign' | 'signed-out' | 'key-only';

const emails: Record<'owner' | 'admin' | 'member' | 'foreign', string> = {
  owner: '',
  admin: '',
  member: '',
  foreign: '',
};
const sessions = {} as Record<SessionRole, APIRequestContext>;
const keys = {} as Record<Exclude<Caller, 'none'>, string>;
let accountId = '';
let projectId = '';

function seedOwned(kind: 'service' | 'organization', ownerId: string) {
  const { keyId, token, secretHash } = newToken('lk');
  const column = kind === 'service' ? 'service_account_id' : 'project_id';
  withDb((db) =>
    db
      .prepare(
        `INSERT INTO api_keys (id, account_id, kind, ${column}, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(keyId, accountId, kind, ownerId, `${kind} key`, secretHash, Date.now()),
  );
  recordSecret(token);
  return token;
}

function seedServiceAccount(role: 'admin' | 'member' = 'member') {
  const id = randomUUID();
  withDb((db) =>
    db
      .prepare('INSERT INTO service_accounts (id, account_id, name, role, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, accountId, `sa ${id.slice(0, 8)}`, role, Date.now()),
  );
  return id;
}

function seedProject() {
  const id = randomUUID();
  withDb((db) =>
    db
      .prepare('INSERT INTO projects (id, account_id, name, created_at) VALUES (?, ?, ?, ?)')
      .run(id, accountId, `project ${id.slice(0, 8)}`, Date.now()),
  );
  return id;
}

function seedInvitation() {
  const id = randomUUID();
  const { userId } = userIds(emails.owner);
  withDb((db) =>
    db
      .prepare(
        'INSERT INTO invitations (id, account_id, token_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, accountId, newToken('lk').secretHash, 'member', userId, Date.now(), Date.now() + 24 * HOUR),
  );
  return id;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const owner = await newUser(browser, 'matrix-owner');
  const admin = await invite(owner.page, browser, 'Admin');
  const member = await invite(owner.page, browser, 'Member');
  const foreign = await newUser(browser, 'matrix-foreign');
  Object.assign(emails, { owner: owner.email, admin: admin.email, member: member.email, foreign: foreign.email });
  Object.assign(sessions, {
    owner: owner.context.request,
    admin: admin.context.request,
    member: member.context.request,
    foreign: foreign.context.request,
  });
  sessions['signed-out'] = await playwrightRequest.newContext({ baseURL: BASE_URL });
  accountId = userIds(owner.email).accountId;

  for (const who of ['owner', 'admin', 'member', 'foreign'] as const) {
    keys[who] = seedKey(emails[who], { name: `${who} key`, createdAt: Date.now(), expiresAt: null });
  }
  keys.service = seedOwned('service', seedServiceAccount('member'));
  projectId = randomUUID();
  withDb((db) =>
    db
      .prepare('INSERT INTO projects (id, account_id, name, created_at) VALUES (?, ?, ?, ?)')
      .run(projectId, accountId, 'Matrix', Date.now()),
  );
  keys.organization = seedOwned('organization', projectId);
  sessions['key-only'] = await playwrightRequest.newContext({
    baseURL: BASE_URL,
    extraHTTPHeaders: { Authorization: `Bearer ${keys.owner}` },
  });
});

// ---------------------------------------------------------------------------------------------------------------
// /api/v1 routes. Each cell is the expected status for that caller; targets are created fresh per cell.

type RouteCell = number;
interface RouteRow {
  call: (request: APIRequestContext, headers: Record<string, string>, caller: Caller) => Promise<APIResponse>;
  expect: Record<Caller, RouteCell>;
}

const everyone = (status: number, overrides: Partial<Record<Caller, number>> = {}): Record<Caller, number> => ({
  owner: status,
  admin: status,
  member: status,
  service: status,
  organization: status,
  foreign: status,
  none: 401,
  ...overrides,
});

/** A fresh key of the owner: what DELETE /keys/{id} aims at. */
const ownerTarget = () => keyIdOf(seedKey(emails.owner, { name: 'target', createdAt: Date.now(), expiresAt: null }));

const ROUTES: Record<string, RouteRow> = {
  'GET /api/v1/me': { call: (r, h) => r.get('/api/v1/me', { headers: h }), expect: everyone(200) },
  'POST /api/v1/me': { call: (r, h) => r.post('/api/v1/me', { headers: h }), expect: everyone(405, { none: 405 }) },
  'GET /api/v1/keys': { call: (r, h) => r.get('/api/v1/keys', { headers: h }), expect: everyone(200) },
  'POST /api/v1/keys': {
    call: (r, h) => r.post('/api/v1/keys', { headers: h, data: { name: 'x' } }),
    expect: everyone(405, { none: 405 }),
  },
  'DELETE /api/v1/keys/self': {
    // Each caller revokes a throwaway key of its own kind, so the fixtures keep working.
    call: async (r, h, caller) => {
      if (caller === 'none') return r.delete('/api/v1/keys/self');
      const throwaway =
        caller === 'service' || caller === 'organization'
          ? seedOwned(caller, caller === 'service' ? seedServiceAccount() : projectId)
          : seedKey(emails[caller], { name: 'throwaway', createdAt: Date.now(), expiresAt: null });
      return r.delete('/api/v1/keys/self', { headers: { Authorization: `Bearer ${throwaway}` } });
    },
    expect: everyone(200),
  },
  'DELETE /api/v1/keys/{id}': {
    call: (r, h) => r.delete(`/api/v1/keys/${ownerTarget()}`, { headers: h }),
    // Only keys acting for owners and admins reach another person's key; everyone else is told it does not exist.
    expect: everyone(404, { owner: 200, admin: 200 }),
  },
  'POST /api/v1/keys/verify': {
    call: (r, h) => r.post('/api/v1/keys/verify', { headers: h, data: { key: keys.member } }),
    expect: everyone(200),
  },
  'POST /api/v1/leaked-keys': {
    // Public on purpose (secret scanners report here): every caller, with or without a key, gets the same answer.
    call: (r, h) => r.post('/api/v1/leaked-keys', { headers: h, data: { tokens: ['lk_not_a_token'] } }),
    expect: everyone(202, { none: 202 }),
  },
  'GET /api/v1/openapi.json': {
    // Public: the document is the same for every caller and describes no account.
    call: (r, h) => r.get('/api/v1/openapi.json', { headers: h }),
    expect: everyone(200, { none: 200 }),
  },
  'GET /api/v1/projects': { call: (r, h) => r.get('/api/v1/projects', { headers: h }), expect: everyone(200) },
  'POST /api/v1/projects': {
    call: (r, h) => r.post('/api/v1/projects', { headers: h, data: { name: `p ${randomUUID()}` } }),
    expect: everyone(201, { organization: 403 }),
  },
  'GET /api/v1/projects/{id}': {
    call: (r, h) => r.get(`/api/v1/projects/${projectId}`, { headers: h }),
    expect: everyone(200, { foreign: 404 }),
  },
  'GET /api/v1/{unknown}': { call: (r, h) => r.get('/api/v1/nothing-here', { headers: h }), expect: everyone(404) },
};

/**
 * "METHOD /path" for every handler of the /api/v1 route table, server/api/routes.ts (405 answers excluded), read from
 * the source: the handler modules cannot be imported outside the server.
 */
function implementedRoutes(): string[] {
  const table = readFileSync(path.join(ROOT, 'server/api/routes.ts'), 'utf8');
  const modules = new Map(
    [...table.matchAll(/import \* as (\w+) from '\.\/handlers\/([\w-]+)'/g)].map((m) => [m[1], m[2]]),
  );
  const found: string[] = [];
  for (const [, file, name] of table.matchAll(/file: '([^']+)', methods: (\w+)/g)) {
    const source = readFileSync(path.join(ROOT, 'server/api/handlers', `${modules.get(name)}.ts`), 'utf8');
    const route = `/api/v1/${file}`.replace(/\[\[\.\.\.\w+\]\]/, '{unknown}').replace(/\[(\w+)\]/g, '{$1}');
    for (const match of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g))
      found.push(`${match[1]} ${route}`);
    for (const match of source.matchAll(/export \{ ([^}]+) \}/g)) {
      for (const method of match[1]!.split(',').map((s) => s.trim().split(' as ').pop()!))
        found.push(`${method} ${route}`);
    }
  }
  return found.sort();
}

test('every /api/v1 handler has a row in the route matrix', () => {
  const implemented = implementedRoutes();
  expect(implemented.length).toBeGreaterThanOrEqual(9);
  const rows = new Set(Object.keys(ROUTES));
  const missing = implemented.filter((r) => !rows.has(r) && !r.endsWith('{unknown}'));
  expect(missing, 'routes without a matrix row').toEqual([]);
});

for (const [route, row] of Object.entries(ROUTES)) {
  test(`route matrix: ${route}`, async ({ request }) => {
    for (const caller of Object.keys(row.expect) as Caller[]) {
      const headers: Record<string, string> = caller === 'none' ? {} : { Authorization: `Bearer ${keys[caller]}` };
      const response = await row.call(request, headers, caller);
      expect(response.status(), `${route} as ${caller}`).toBe(row.expect[caller]);
      expect(response.headers()['content-type'], `${route} as ${caller}`).toContain('application/json');
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Server actions, invoked the way the browser does (Next-Action header, React's multipart encoding), by id from the
// build's server-reference manifest.

type Outcome = 'ok' | 'forbidden' | 'signed-out' | 'refused';
const OUTCOME_TEXT: Record<Outcome, RegExp> = {
  ok: /"ok":true/,
  forbidden: /You do not have permission|Only owners can/,
  'signed-out': /Your session has ended/,
  refused: /"ok":false/,
};
interface ActionRow {
  page: string;
  fields: (role: SessionRole) => Record<string, string>;
  expect: Record<SessionRole, Outcome>;
}

const users = (
  outcome: Outcome,
  overrides: Partial<Record<SessionRole, Outcome>> = {},
): Record<SessionRole, Outcome> => ({
  owner: outcome,
  admin: outcome,
  member: outcome,
  foreign: outcome,
  'signed-out': 'signed-out',
  'key-only': 'signed-out',
  ...overrides,
});
const admins = (overrides: Partial<Record<SessionRole, Outcome>> = {}) =>
  users('ok', { member: 'forbidden', ...overrides });
const emailOf = (role: SessionRole) => (role in emails ? emails[role as keyof typeof emails] : emails.owner);
const ownKey = (role: SessionRole) =>
  keyIdOf(seedKey(emailOf(role), { name: 'mine', createdAt: Date.now(), expiresAt: null }));
const keyForm = { name: 'matrix key', expiration: '30', permission: 'read' };

/** A pending CLI login, as POST /api/cli/device makes one; returns its user code as the page shows it. */
function seedDeviceLogin() {
  const code = generateUserCode();
  const now = Date.now();
  withDb((db) =>
    db
      .prepare(
        `INSERT INTO device_logins (id, device_code_hash, user_code_hash, public_key, client_host, client_platform,
          client_version, created_at, expires_at) VALUES (?, ?, ?, ?, 'matrix', 'linux x64', '0.1.0', ?, ?)`,
      )
      .run(
        randomUUID(),
        hashCode(generateDeviceCode()),
        hashCode(code),
        rawPublicKey(generateKeyPairSync('x25519').publicKey),
        now,
        now + DEVICE_LOGIN_TTL_MS,
      ),
  );
  return formatUserCode(code);
}

const ACTIONS: Record<string, ActionRow> = {
  signUp: {
    page: '/sign-up',
    fields: () => ({ email: `matrix-${randomUUID()}@example.com`, password: 'correct horse battery staple' }),
    expect: users('ok', { 'signed-out': 'ok', 'key-only': 'ok' }),
  },
  signUpWithInvitation: {
    page: '/invite/x',
    // A well-formed but unknown invitation: refused for everyone, never a 500.
    fields: () => ({
      invitation: 'A'.repeat(32),
      email: `inv-${randomUUID()}@example.com`,
      password: 'correct horse battery staple',
    }),
    expect: users('refused', { 'signed-out': 'refused', 'key-only': 'refused' }),
  },
  createKey: { page: '/settings/security', fields: () => keyForm, expect: users('ok') },
  revokeKey: { page: '/settings/security', fields: (role) => ({ keyId: ownKey(role) }), expect: users('ok') },
  regenerateKey: {
    page: '/settings/security',
    fields: (role) => ({ keyId: ownKey(role), grace: 'immediately' }),
    expect: users('ok'),
  },
  setKeyEnabled: {
    page: '/settings/security',
    fields: (role) => ({ keyId: ownKey(role), enabled: 'false' }),
    expect: admins({ foreign: 'ok' }),
  },
  setMaxKeyLifetime: { page: '/settings/account', fields: () => ({ maxKeyLifetime: 'none' }), expect: admins() },
  createInvitation: { page: '/settings/account', fields: () => ({ role: 'member' }), expect: admins() },
  createServiceAccount: {
    page: '/settings/service-accounts',
    // A new name each time: a service account's name identifies it, so a second 'bot' would be refused.
    fields: () => ({ name: `bot ${randomUUID().slice(0, 8)}`, role: 'member', description: '' }),
    expect: admins(),
  },
  createServiceKey: {
    page: '/settings/service-accounts',
    fields: () => ({ ...keyForm, serviceAccountId: seedServiceAccount() }),
    // Another account's admin cannot issue keys for this account's service account.
    expect: admins({ foreign: 'refused' }),
  },
  renameServiceAccount: {
    page: '/settings/service-accounts',
    fields: () => ({ id: seedServiceAccount(), name: `renamed ${randomUUID().slice(0, 8)}` }),
    // Another account's admin does not find this account's service account.
    expect: admins({ foreign: 'refused' }),
  },
  deleteServiceAccount: {
    page: '/settings/service-accounts',
    fields: () => ({ id: seedServiceAccount() }),
    expect: admins({ foreign: 'refused' }),
  },
  renameProject: {
    page: '/settings/keys',
    fields: () => ({ id: seedProject(), name: `renamed ${randomUUID().slice(0, 8)}` }),
    expect: admins({ foreign: 'refused' }),
  },
  deleteProject: {
    page: '/settings/keys',
    fields: () => ({ id: seedProject() }),
    expect: admins({ foreign: 'refused' }),
  },
  createProject: { page: '/settings/keys', fields: () => ({ name: `project ${randomUUID()}` }), expect: admins() },
  createOrganizationKey: {
    page: '/settings/keys',
    fields: () => {
      withDb((db) => db.prepare('UPDATE accounts SET max_organization_keys = 1000 WHERE id = ?').run(accountId));
      return { ...keyForm, projectId };
    },
    expect: admins({ foreign: 'refused' }),
  },
  setMaxOrganizationKeys: {
    page: '/settings/keys',
    fields: () => ({ limit: '1000' }),
    expect: admins({ admin: 'forbidden' }),
  },
  // Owners only; another account's owner renames their own account.
  renameAccount: {
    page: '/settings/account',
    fields: () => ({ name: 'Matrix Inc' }),
    expect: admins({ admin: 'forbidden' }),
  },
  changeRole: {
    page: '/settings/members',
    fields: () => ({ userId: userIds(emails.member).userId, role: 'member' }),
    // Setting the member's current role is a no-op success for admins; another account does not find the member.
    expect: admins({ foreign: 'refused' }),
  },
  removeMember: {
    page: '/settings/members',
    fields: () => ({ userId: randomUUID(), keys: 'revoke' }),
    // An unknown member: allowed roles get a clean refusal, the rest never get that far.
    expect: admins({ owner: 'refused', admin: 'refused', foreign: 'refused' }),
  },
  unlockSignIn: {
    page: '/settings/members',
    fields: () => ({ userId: userIds(emails.member).userId }),
    // Unlocking a member with no failed sign-ins is a no-op success; another account does not find the member.
    expect: admins({ foreign: 'refused' }),
  },
  revokeInvitation: {
    page: '/settings/members',
    fields: () => ({ invitationId: seedInvitation() }),
    expect: admins({ foreign: 'refused' }),
  },
  // Every signed-in user, for themselves only: the matrix's one session per user, so "to the same password" keeps
  // the fixtures working (no other session to end).
  changePassword: {
    page: '/settings/security',
    fields: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD, confirmNewPassword: PASSWORD }),
    expect: users('ok'),
  },
  confirmPassword: { page: '/settings/security', fields: () => ({ password: PASSWORD }), expect: users('ok') },
  // Any signed-in user approves or denies a CLI login for themselves (a personal key in their own account).
  approveDevice: {
    page: '/device',
    fields: () => ({ code: seedDeviceLogin(), expiration: '30' }),
    expect: users('ok'),
  },
  denyDevice: { page: '/device', fields: () => ({ code: seedDeviceLogin() }), expect: users('ok') },
};

/** Exported names of every 'use server' file under app/. */
function declaredActions(): string[] {
  const names: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) {
        const source = readFileSync(full, 'utf8');
        if (!/^['"]use server['"]/.test(source.trim())) continue;
        for (const m of source.matchAll(/export (?:const|async function|function) (\w+)/g)) names.push(m[1]!);
      }
    }
  };
  walk(path.join(ROOT, 'app'));
  return names.sort();
}

test('every server action has a row in the action matrix', () => {
  const declared = declaredActions();
  expect(declared.length).toBeGreaterThanOrEqual(16);
  expect(
    declared.filter((name) => !(name in ACTIONS)),
    'actions without a matrix row',
  ).toEqual([]);
  const built = new Set(Object.values(actionManifest()).map((a) => a.exportedName));
  expect(
    Object.keys(ACTIONS).filter((name) => !built.has(name)),
    'matrix rows that are not built actions',
  ).toEqual([]);
});

for (const [name, row] of Object.entries(ACTIONS)) {
  test(`action matrix: ${name}`, async () => {
    for (const role of Object.keys(row.expect) as SessionRole[]) {
      const response = await callAction(sessions[role], row.page, name, row.fields(role));
      const text = await response.text();
      expect(response.status(), `${name} as ${role}`).toBeLessThan(500);
      expect(text, `${name} as ${role}`).toMatch(OUTCOME_TEXT[row.expect[role]]);
      if (row.expect[role] !== 'ok') {
        expect(text, `${name} as ${role}: a refused call carries no token`).not.toMatch(
          /lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/,
        );
      }
    }
  });
}

// Route handlers outside /api/v1 that serve signed-in people: they check the session and role themselves.
test('session route matrix: GET /settings/audit-log/export', async () => {
  const expected: Record<SessionRole, number> = {
    owner: 200,
    admin: 200,
    member: 403,
    foreign: 200,
    'signed-out': 401,
    'key-only': 401,
  };
  for (const role of Object.keys(expected) as SessionRole[]) {
    const response = await sessions[role].get('/settings/audit-log/export');
    expect(response.status(), `export as ${role}`).toBe(expected[role]);
    if (expected[role] === 200) {
      const csv = await response.text();
      expect(response.headers()['content-type']).toContain('text/csv');
      // Each account exports its own rows only.
      const other = role === 'foreign' ? emails.owner : emails.foreign;
      expect(csv).not.toContain(other);
    }
  }
});
