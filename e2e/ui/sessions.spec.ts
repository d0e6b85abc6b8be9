import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from '../../db/sqlite';
import { randomBytes, randomUUID } from 'node:crypto';

import path from 'node:path';
import { hashPassword } from '../../lib/auth/password';
import { BASE_URL } from '../env';
import { startExtraServer } from '../extra-server';
import { portOf } from '../ports';
import { callAction } from '../server-actions';
import {
  backdateConfirmation,
  mintSessionCookie,
  sessionCookie,
  sidOf,
  signInRaw,
  type SetCookie,
} from '../session-support';
import { invite, keyIdOf, newUser, PASSWORD, recordSecret, signIn, userIds, withDb } from '../support';

// Issue 5, sessions: cookie flags and prefixes, a fresh session id at every sign-in, sign-out and password change
// ending sessions on the server, and "sudo mode" for sensitive changes. Everything runs against the real server.

const MINUTE = 60_000;
const STALE = 11 * MINUTE;
const NEW_PASSWORD = 'a brand new passphrase 42';

const sessionSetCookie = (cookies: SetCookie[]) => cookies.find((c) => c.name.endsWith('next-auth.session-token'));

/** Whether a cookie header signs in on this server: the dashboard renders for it instead of redirecting. */
async function signedInAs(base: string, cookie: string): Promise<string | null> {
  const response = await fetch(`${base}/settings/security`, { headers: { Cookie: cookie }, redirect: 'manual' });
  if (response.status !== 200) {
    expect(response.status, 'refused cookies redirect to sign-in, never a 5xx').toBeLessThan(400);
    return null;
  }
  return (await response.text()).match(/data-testid="current-user"[^>]*>([^<·]+)/)?.[1]?.trim() ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Cookies

test('over http the session and CSRF cookies are HttpOnly and SameSite=Lax, without Secure', async ({ browser }) => {
  const { email, context } = await newUser(browser, 'cookies-http');
  await context.close();
  const { csrfCookies, cookies } = await signInRaw(BASE_URL, email, PASSWORD);
  const csrf = csrfCookies.find((c) => c.name === 'next-auth.csrf-token');
  const session = sessionSetCookie(cookies);
  expect(session?.name).toBe('next-auth.session-token');
  for (const cookie of [csrf!, session!]) {
    expect(cookie.attributes.has('httponly'), cookie.name).toBe(true);
    expect(cookie.attributes.get('samesite')?.toLowerCase(), cookie.name).toBe('lax');
    expect(cookie.attributes.get('path'), cookie.name).toBe('/');
    expect(cookie.attributes.has('secure'), cookie.name).toBe(false);
    expect(cookie.attributes.has('domain'), cookie.name).toBe(false);
  }
  expect(await signedInAs(BASE_URL, `${session!.name}=${session!.value}`)).toBe(email);
});

/** A server of this spec's own on a fresh data directory (the shared one cannot be reconfigured), with one user. */
async function ownServer(
  env: Record<string, string | undefined>,
  run: (base: string, email: string, dataDir: string) => Promise<void>,
) {
  const {
    base,
    dataDir,
    process: server,
  } = await startExtraServer('sessions', { env: { NEXTAUTH_URL: undefined, ...env } });
  try {
    const email = `tls-${randomUUID()}@example.com`;
    const db = new Database(path.join(dataDir, 'latchkey.db'));
    try {
      const accountId = randomUUID();
      db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(accountId, 'TLS', Date.now());
      db.prepare(
        "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, 'owner', ?)",
      ).run(randomUUID(), accountId, email, await hashPassword(PASSWORD), Date.now());
    } finally {
      db.close();
    }
    await run(base, email, dataDir);
  } finally {
    server.kill('SIGKILL');
  }
}

function expectSecurePrefixed(cookie: SetCookie | undefined, name: string) {
  expect(cookie?.name).toBe(name);
  expect(cookie!.attributes.has('secure'), name).toBe(true);
  expect(cookie!.attributes.has('httponly'), name).toBe(true);
  expect(cookie!.attributes.get('samesite')?.toLowerCase(), name).toBe('lax');
  // __Host- additionally requires Path=/ and no Domain, so no sibling subdomain can set or overwrite it.
  if (name.startsWith('__Host-')) {
    expect(cookie!.attributes.get('path'), name).toBe('/');
    expect(cookie!.attributes.has('domain'), name).toBe(false);
  }
}

test('with an https NEXTAUTH_URL the cookies are Secure and __Host- prefixed, whatever the request headers say', async () => {
  test.setTimeout(90_000);
  const port = portOf('sessions');
  // The TLS-terminating proxy is simulated: the server is configured for https but reached over plain http.
  await ownServer({ NEXTAUTH_URL: `https://127.0.0.1:${port}` }, async (base, email) => {
    // Even a request that claims plain http gets the pinned, secure names.
    const { csrfCookies, cookies } = await signInRaw(base, email, PASSWORD, '', { 'X-Forwarded-Proto': 'http' });
    expectSecurePrefixed(
      csrfCookies.find((c) => c.name.endsWith('csrf-token')),
      '__Host-next-auth.csrf-token',
    );
    const session = sessionSetCookie(cookies);
    expectSecurePrefixed(session, '__Host-next-auth.session-token');
    expect(await signedInAs(base, `${session!.name}=${session!.value}`)).toBe(email);
    // Only the prefixed name is read: the same value under the plain name (what a non-secure origin could plant) is ignored.
    expect(await signedInAs(base, `next-auth.session-token=${session!.value}`)).toBeNull();
    expect(await signedInAs(base, `__Secure-next-auth.session-token=${session!.value}`)).toBeNull();
  });
});

test('without NEXTAUTH_URL, behind a TLS-terminating proxy (X-Forwarded-Proto: https) the cookies are Secure and prefixed', async () => {
  test.setTimeout(90_000);
  // What `npm start` does when NEXTAUTH_URL is not set.
  await ownServer({ AUTH_TRUST_HOST: 'true', NEXTAUTH_URL: undefined }, async (base, email) => {
    const proxied = await signInRaw(base, email, PASSWORD, '', { 'X-Forwarded-Proto': 'https' });
    expectSecurePrefixed(
      proxied.csrfCookies.find((c) => c.name.endsWith('csrf-token')),
      '__Host-next-auth.csrf-token',
    );
    expectSecurePrefixed(sessionSetCookie(proxied.cookies), '__Secure-next-auth.session-token');
    // Reached directly over http, the same server sets plain HttpOnly, SameSite=Lax cookies a browser will keep.
    const direct = await signInRaw(base, email, PASSWORD);
    const session = sessionSetCookie(direct.cookies);
    expect(session?.name).toBe('next-auth.session-token');
    expect(session!.attributes.has('secure')).toBe(false);
    expect(session!.attributes.has('httponly')).toBe(true);
    expect(session!.attributes.get('samesite')?.toLowerCase()).toBe('lax');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Session ids

test("signing in while carrying a planted session cookie issues a new session; the planted one stays its owner's", async ({
  browser,
}) => {
  // The planted cookie is one next-auth issued at a real sign-in.
  const attacker = await newUser(browser, 'planter', { via: 'ui' });
  const victim = await newUser(browser, 'victim');
  await victim.context.close();
  const planted = await sessionCookie(attacker.context);
  const plantedSid = await sidOf(planted.value);
  expect(plantedSid).not.toBeNull();

  // The victim's browser carries the attacker's cookie (session fixation), then signs in as the victim through
  // next-auth's endpoints (the sign-in page itself would send a signed-in browser on to the dashboard).
  const context = await browser.newContext();
  await context.addCookies([planted]);
  const { csrfToken } = (await (await context.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await context.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: victim.email, password: PASSWORD, json: 'true' },
  });
  expect(response.status()).toBe(200);
  const page = await context.newPage();
  await page.goto('/settings/security');
  await expect(page.getByTestId('current-user')).toHaveText(`${victim.email} · owner`);
  const issued = await sessionCookie(context);
  expect(issued.value).not.toBe(planted.value);
  const issuedSid = await sidOf(issued.value);
  expect(issuedSid).not.toBeNull();
  expect(issuedSid).not.toBe(plantedSid);
  // The planted cookie still belongs to the attacker: it never became a key to the victim's account.
  expect(await signedInAs(BASE_URL, `${planted.name}=${planted.value}`)).toBe(attacker.email);

  // Same through the raw flow: a new sid at each sign-in, even with the previous session cookie sent along.
  const first = sessionSetCookie((await signInRaw(BASE_URL, victim.email, PASSWORD)).cookies)!;
  const second = sessionSetCookie(
    (await signInRaw(BASE_URL, victim.email, PASSWORD, `${first.name}=${first.value}`)).cookies,
  )!;
  expect(await sidOf(second.value)).not.toBe(await sidOf(first.value));
  await Promise.all([attacker.context.close(), context.close()]);
});

test('a validly signed cookie naming an unknown or deleted session, or a tampered cookie, does not authenticate', async ({
  browser,
}) => {
  // A cookie next-auth issued at a real sign-in, against the minted and tampered ones.
  const { context, email } = await newUser(browser, 'forged', { via: 'ui' });
  const real = await sessionCookie(context);
  expect(await signedInAs(BASE_URL, `${real.name}=${real.value}`)).toBe(email);

  // Minted with the run's own secret, for a session id the server never issued.
  const minted = await mintSessionCookie(randomBytes(32).toString('base64url'));
  expect(await sidOf(minted)).not.toBeNull();
  expect(await signedInAs(BASE_URL, `${real.name}=${minted}`)).toBeNull();
  const refused = await (
    await callAction(
      context.request,
      '/settings/security',
      'createKey',
      { name: 'x', expiration: '30', permission: 'read' },
      { Origin: BASE_URL, Cookie: `${real.name}=${minted}` },
    )
  ).text();
  expect(refused).toContain('Your session has ended');

  // Tampered: one character of the encrypted token changed.
  const i = Math.floor(real.value.length / 2);
  const tampered = real.value.slice(0, i) + (real.value[i] === 'A' ? 'B' : 'A') + real.value.slice(i + 1);
  expect(await signedInAs(BASE_URL, `${real.name}=${tampered}`)).toBeNull();

  // A real cookie whose session row was deleted (as sign-out, a password change or removal does).
  const sid = (await sidOf(real.value))!;
  const { userId } = userIds(email);
  const deleted = withDb((db) => db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes);
  expect(deleted).toBe(1);
  expect(await signedInAs(BASE_URL, `${real.name}=${real.value}`)).toBeNull();
  // And re-minting a cookie for that deleted sid does not bring it back.
  expect(await signedInAs(BASE_URL, `${real.name}=${await mintSessionCookie(sid)}`)).toBeNull();
  await context.close();
});

// ---------------------------------------------------------------------------------------------------------------
// Password change

async function changePasswordForm(page: Page, current: string, next: string, confirm = next) {
  const section = page.getByRole('region', { name: 'Change password' });
  await section.getByLabel('Current password').fill(current);
  await section.getByLabel('New password', { exact: true }).fill(next);
  await section.getByLabel('Confirm new password').fill(confirm);
  await section.getByRole('button', { name: 'Change password' }).click();
  return section;
}

test('changing the password signs out every other session on the server; the old password stops working', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // Both sessions come from real sign-ins.
  const first = await newUser(browser, 'passwd', { via: 'ui' });
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, first.email);
  await expect(otherPage).toHaveURL(/\/settings\/security$/);
  const otherCookie = await sessionCookie(other);
  await first.page.goto('/settings/security');

  // Clear errors first; none of them changes anything.
  let section = await changePasswordForm(first.page, PASSWORD, 'short', 'short');
  await expect(section.getByText('Use at least 10 characters.')).toBeVisible();
  section = await changePasswordForm(first.page, PASSWORD, NEW_PASSWORD, `${NEW_PASSWORD}!`);
  await expect(section.getByText('The passwords do not match.')).toBeVisible();
  section = await changePasswordForm(first.page, 'not my password', NEW_PASSWORD);
  await expect(section.getByText('That password is not correct.')).toBeVisible();
  // A wrong current password counts against the sign-in throttle of the account's email.
  expect(withDb((db) => db.prepare('SELECT failures FROM sign_in_failures WHERE email = ?').get(first.email))).toEqual({
    failures: 1,
  });
  await expect(section.getByLabel('Current password')).toHaveValue('not my password');
  expect(await signedInAs(BASE_URL, `${otherCookie.name}=${otherCookie.value}`)).toBe(first.email);

  section = await changePasswordForm(first.page, PASSWORD, NEW_PASSWORD);
  await expect(section.getByTestId('form-success')).toHaveText('Password changed. 1 other session was signed out.');
  await expect(section.getByLabel('Current password')).toHaveValue('');
  const { userId, accountId } = userIds(first.email);
  expect(
    withDb((db) =>
      db
        .prepare("SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = 'auth.password_changed'")
        .get(accountId),
    ),
  ).toEqual({ n: 1 });
  // The success cleared the failure count, as a successful sign-in does.
  expect(
    withDb((db) => db.prepare('SELECT count(*) AS n FROM sign_in_failures WHERE email = ?').get(first.email)),
  ).toEqual({ n: 0 });

  // The other browser is signed out on its next request, by the server (its cookie is still there).
  await otherPage.goto('/settings/security');
  await expect(otherPage).toHaveURL(/\/sign-in/);
  expect(await signedInAs(BASE_URL, `${otherCookie.name}=${otherCookie.value}`)).toBeNull();
  // This browser stays signed in, and its session counts as just confirmed.
  await first.page.reload();
  await expect(first.page.getByTestId('current-user')).toContainText(first.email);
  const confirmedAt = withDb((db) =>
    db.prepare('SELECT confirmed_at AS t FROM sessions WHERE user_id = ?').all(userId),
  ) as { t: number }[];
  expect(confirmedAt).toHaveLength(1);
  expect(Date.now() - confirmedAt[0]!.t).toBeLessThan(5 * MINUTE);

  await signIn(otherPage, first.email, PASSWORD);
  await expect(otherPage.getByTestId('form-error')).toHaveText('Incorrect email or password.');
  await signIn(otherPage, first.email, NEW_PASSWORD);
  await expect(otherPage).toHaveURL(/\/settings\/security$/);
  await Promise.all([first.context.close(), other.close()]);
});

// ---------------------------------------------------------------------------------------------------------------
// Re-authentication ("sudo mode") for sensitive changes

/** An owner with an admin-to-be member, a project, and a stale confirmation. */
async function team(browser: Browser) {
  const owner = await newUser(browser, 'sudo-owner');
  const member = await invite(owner.page, browser, 'Member');
  await member.context.close();
  const { accountId } = userIds(owner.email);
  const projectId = randomUUID();
  withDb((db) =>
    db
      .prepare('INSERT INTO projects (id, account_id, name, created_at) VALUES (?, ?, ?, ?)')
      .run(projectId, accountId, 'Sudo', Date.now()),
  );
  return { owner, member, accountId, projectId };
}

/** The dialog a refused sensitive change opens; confirms with `password`. */
async function confirmPassword(page: Page, password: string) {
  const dialog = page.getByRole('dialog', { name: 'Confirm your password' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  return dialog;
}

const accountRow = (accountId: string) =>
  withDb((db) =>
    db
      .prepare('SELECT max_key_lifetime_days AS cap, max_organization_keys AS orgLimit FROM accounts WHERE id = ?')
      .get(accountId),
  ) as {
    cap: number | null;
    orgLimit: number;
  };

test('sensitive changes ask for the password after 10 minutes; a wrong one is refused, the right one lets the change through', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { owner, member, accountId } = await team(browser);
  const page = owner.page;

  // The account cap. The first refusal changes nothing; a wrong password neither.
  backdateConfirmation(owner.email, STALE);
  await page.goto('/settings/account');
  await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '365 days' });
  await page.getByRole('button', { name: 'Save' }).click();
  let dialog = await confirmPassword(page, 'not my password');
  await expect(dialog.getByText('That password is not correct.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Confirm' })).toBeEnabled();
  expect(accountRow(accountId).cap).toBeNull();
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  // The refused submission goes through by itself; lowering the cap then shows its usual preview.
  const preview = page.getByRole('dialog', { name: 'Lower the maximum key lifetime?' });
  await preview.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByTestId('form-success')).toHaveText('Maximum key lifetime saved.');
  // The message can show while the preview is still closing: the next change starts once it has gone.
  await expect(preview).toBeHidden();
  expect(accountRow(accountId).cap).toBe(365);
  // Within the 10 minutes just opened, the next sensitive change is not asked for.
  await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: 'No limit' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => accountRow(accountId).cap).toBeNull();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Inviting (an invitation carries a role), from inside the invitation dialog.
  backdateConfirmation(owner.email, STALE);
  await page.getByRole('button', { name: 'Invite member' }).click();
  const inviteDialog = page.getByRole('dialog', { name: 'Invite a member' });
  await inviteDialog.getByLabel('Role').selectOption({ label: 'Admin' });
  await inviteDialog.getByRole('button', { name: 'Create invitation' }).click();
  await expect(await confirmPassword(page, PASSWORD)).toBeHidden();
  await expect(inviteDialog.getByTestId('invitation-link')).toBeVisible();
  await inviteDialog.getByRole('button', { name: 'Done' }).click();

  // Roles.
  backdateConfirmation(owner.email, STALE);
  await page.goto('/settings/members');
  const memberRow = page.locator(`tr[data-member="${member.email}"]`);
  await memberRow.getByLabel(`Role of ${member.email}`).selectOption('admin');
  await memberRow.getByRole('button', { name: 'Change role' }).click();
  dialog = await confirmPassword(page, 'still not my password');
  await expect(dialog.getByText('That password is not correct.')).toBeVisible();
  expect(withDb((db) => db.prepare('SELECT role FROM users WHERE email = ?').get(member.email))).toEqual({
    role: 'member',
  });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(memberRow.getByTestId('form-error')).toHaveText('Confirm your password to continue.');
  await memberRow.getByRole('button', { name: 'Change role' }).click();
  await expect(await confirmPassword(page, PASSWORD)).toBeHidden();
  await expect(memberRow.getByTestId('form-success')).toHaveText('Role changed.');
  expect(withDb((db) => db.prepare('SELECT role FROM users WHERE email = ?').get(member.email))).toEqual({
    role: 'admin',
  });

  // Organization keys: the limit, then a new key.
  backdateConfirmation(owner.email, STALE);
  await page.goto('/settings/keys?tab=organization');
  await page.getByLabel('Organization key limit').fill('7');
  await page.getByRole('button', { name: 'Save limit' }).click();
  await expect(await confirmPassword(page, PASSWORD)).toBeHidden();
  await expect(page.getByText('Limit saved.')).toBeVisible();
  expect(accountRow(accountId).orgLimit).toBe(7);

  backdateConfirmation(owner.email, STALE);
  const form = page.getByRole('region', { name: 'New organization key' });
  await form.getByLabel('Name', { exact: true }).fill('sudo key');
  await form.getByRole('button', { name: 'Generate key' }).click();
  await expect(await confirmPassword(page, PASSWORD)).toBeHidden();
  const token = (await form.getByTestId('one-time-secret').textContent())!.trim();
  recordSecret(token);
  expect(
    withDb((db) =>
      db.prepare("SELECT count(*) AS n FROM api_keys WHERE account_id = ? AND kind = 'organization'").get(accountId),
    ),
  ).toEqual({ n: 1 });

  // Removing a member, from inside the removal dialog.
  backdateConfirmation(owner.email, STALE);
  await page.goto('/settings/members');
  await page.locator(`tr[data-member="${member.email}"]`).getByRole('button', { name: 'Remove' }).click();
  await page
    .getByRole('dialog', { name: `Remove ${member.email}?` })
    .getByRole('button', { name: 'Remove member' })
    .click();
  await expect(await confirmPassword(page, PASSWORD)).toBeHidden();
  await expect(page.locator(`tr[data-member="${member.email}"]`)).toHaveCount(0);
  expect(withDb((db) => db.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get(member.email))).toEqual({
    n: 0,
  });

  // Two wrong confirmations were counted against the sign-in throttle and audited; each right one was audited too.
  const audited = withDb((db) =>
    db
      .prepare(
        "SELECT action, count(*) AS n FROM audit_log WHERE account_id = ? AND action LIKE 'auth.password_%' GROUP BY action ORDER BY action",
      )
      .all(accountId),
  );
  expect(audited).toEqual([
    { action: 'auth.password_confirm_failed', n: 2 },
    { action: 'auth.password_confirmed', n: 6 },
  ]);
  await owner.context.close();
});

test('a forged call to any sensitive action with a stale session is refused and changes nothing; a fresh session is not asked', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { owner, member, accountId, projectId } = await team(browser);
  const memberId = userIds(member.email).userId;
  const request = owner.context.request;
  const snapshot = () =>
    withDb((db) => ({
      account: db
        .prepare('SELECT name, max_key_lifetime_days, max_organization_keys FROM accounts WHERE id = ?')
        .get(accountId),
      users: db.prepare('SELECT id, role FROM users WHERE account_id = ? ORDER BY id').all(accountId),
      invitations: db.prepare('SELECT count(*) AS n FROM invitations WHERE account_id = ?').get(accountId),
      keys: db.prepare('SELECT count(*) AS n FROM api_keys WHERE account_id = ?').get(accountId),
      audit: db.prepare('SELECT count(*) AS n FROM audit_log WHERE account_id = ?').get(accountId),
    }));
  const calls: [string, string, Record<string, string>][] = [
    ['/settings/account', 'setMaxKeyLifetime', { maxKeyLifetime: '7', confirmed: 'true' }],
    ['/settings/account', 'createInvitation', { role: 'admin' }],
    ['/settings/members', 'changeRole', { userId: memberId, role: 'admin' }],
    ['/settings/members', 'removeMember', { userId: memberId, keys: 'revoke' }],
    // Within the 7-day cap the first call would set.
    ['/settings/keys', 'createOrganizationKey', { name: 'forged', expiration: '7', permission: 'read', projectId }],
    ['/settings/keys', 'setMaxOrganizationKeys', { limit: '900' }],
    ['/settings/account', 'renameAccount', { name: 'Renamed while stale' }],
  ];

  backdateConfirmation(owner.email, STALE);
  const before = snapshot();
  for (const [page, name, fields] of calls) {
    const response = await callAction(request, page, name, fields);
    const text = await response.text();
    expect(response.status(), name).toBeLessThan(500);
    expect(text, name).toContain('"reauth":true');
    expect(text, name).toContain('Confirm your password to continue.');
    expect(text, name).not.toMatch(/lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/);
  }
  expect(snapshot()).toEqual(before);

  // Confirming needs the right password, and confirms only the session that asked.
  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await signIn(secondPage, owner.email);
  await expect(secondPage).toHaveURL(/\/settings\/security$/);
  backdateConfirmation(owner.email, STALE);
  expect(
    await (await callAction(request, '/settings/security', 'confirmPassword', { password: 'wrong password!' })).text(),
  ).toContain('That password is not correct.');
  expect(
    await (
      await callAction(request, '/settings/account', 'setMaxKeyLifetime', { maxKeyLifetime: '7', confirmed: 'true' })
    ).text(),
  ).toContain('"reauth":true');
  expect(
    await (await callAction(request, '/settings/security', 'confirmPassword', { password: PASSWORD })).text(),
  ).toContain('"ok":true');
  expect(
    await (await callAction(second.request, '/settings/keys', 'setMaxOrganizationKeys', { limit: '900' })).text(),
  ).toContain('"reauth":true');
  expect(accountRow(accountId).orgLimit).toBe(5);

  // Now confirmed, the first session's changes go through without being asked.
  for (const [page, name, fields] of calls) {
    const text = await (await callAction(request, page, name, fields)).text();
    expect(text, name).toContain('"ok":true');
    for (const token of text.match(/lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/g) ?? []) recordSecret(token);
  }
  expect(accountRow(accountId)).toEqual({ cap: 7, orgLimit: 900 });

  // A session that just signed in is not asked either: the browser changes the cap without a dialog.
  const third = await browser.newContext();
  const thirdPage = await third.newPage();
  await signIn(thirdPage, owner.email);
  await expect(thirdPage).toHaveURL(/\/settings\/security$/);
  await thirdPage.goto('/settings/account');
  await thirdPage.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '30 days' });
  await thirdPage.getByRole('button', { name: 'Save' }).click();
  await expect(thirdPage.getByTestId('form-success')).toHaveText('Maximum key lifetime saved.');
  await expect(thirdPage.getByRole('dialog', { name: 'Confirm your password' })).toHaveCount(0);
  expect(accountRow(accountId).cap).toBe(30);
  await Promise.all([owner.context.close(), second.close(), third.close()]);
});

test('shared keys (organization, service account), service accounts and unlocks need a recent confirmation; a personal key does not', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { owner, member, accountId, projectId } = await team(browser);
  const request = owner.context.request;
  const call = async (page: string, name: string, fields: Record<string, string>) =>
    (await callAction(request, page, name, fields)).text();
  const issued = async (page: string, name: string, fields: Record<string, string>) => {
    const token = (await call(page, name, fields)).match(/lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/)![0];
    recordSecret(token);
    return keyIdOf(token);
  };
  const keyForm = { expiration: '30', permission: 'read' };
  const serviceAccountId = (
    await call('/settings/service-accounts', 'createServiceAccount', {
      name: 'deployer',
      role: 'member',
      description: '',
    })
  ).match(/"id":"([0-9a-f-]{36})"/)![1]!;
  const organizationKey = await issued('/settings/keys', 'createOrganizationKey', {
    name: 'org',
    ...keyForm,
    projectId,
  });
  const serviceKey = await issued('/settings/service-accounts', 'createServiceKey', {
    name: 'svc',
    ...keyForm,
    serviceAccountId,
  });
  const personalKey = await issued('/settings/security', 'createKey', { name: 'mine', ...keyForm });
  const snapshot = () =>
    withDb((db) => ({
      keys: db
        .prepare(
          'SELECT id, hex(secret_hash) AS hash, revoked_at, disabled_at FROM api_keys WHERE account_id = ? ORDER BY id',
        )
        .all(accountId),
      serviceAccounts: db.prepare('SELECT count(*) AS n FROM service_accounts WHERE account_id = ?').get(accountId),
    }));

  backdateConfirmation(owner.email, STALE);
  const before = snapshot();
  const calls: [string, string, Record<string, string>][] = [
    ['/settings/service-accounts', 'createServiceAccount', { name: 'forged', role: 'admin', description: '' }],
    ['/settings/service-accounts', 'createServiceKey', { name: 'forged', ...keyForm, serviceAccountId }],
    ['/settings/members', 'unlockSignIn', { userId: userIds(member.email).userId }],
  ];
  for (const keyId of [organizationKey, serviceKey]) {
    calls.push(
      ['/settings/keys', 'regenerateKey', { keyId, grace: 'immediately' }],
      ['/settings/keys', 'setKeyEnabled', { keyId, enabled: 'false' }],
      ['/settings/keys', 'revokeKey', { keyId }],
    );
  }
  for (const [page, name, fields] of calls) {
    const text = await call(page, name, fields);
    expect(text, name).toContain('"reauth":true');
    expect(text, name).not.toMatch(/lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/);
  }
  expect(snapshot()).toEqual(before);

  // The owner's own key is theirs to rotate without the password, as on the Security page.
  expect(await issued('/settings/security', 'regenerateKey', { keyId: personalKey, grace: 'immediately' })).toBe(
    personalKey,
  );

  // After confirming, the shared keys change.
  expect(await call('/settings/security', 'confirmPassword', { password: PASSWORD })).toContain('"ok":true');
  expect(await issued('/settings/keys', 'regenerateKey', { keyId: organizationKey, grace: 'immediately' })).toBe(
    organizationKey,
  );
  expect(await issued('/settings/keys', 'regenerateKey', { keyId: serviceKey, grace: 'immediately' })).toBe(serviceKey);
  await owner.context.close();
});
