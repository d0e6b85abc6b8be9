import { expect, test } from '@playwright/test';
import { captureAction, createKey, invite, keyRow, me, newUser, recordSecret, replayAction, withDb } from '../support';

// Issue 3 in the browser: members and roles, offboarding, service accounts, organization keys, the admin keys page.

const auditActions = (email: string) =>
  withDb((db) =>
    (
      db
        .prepare(
          'SELECT a.action FROM audit_log a JOIN users u ON u.account_id = a.account_id WHERE u.email = ? ORDER BY a.id',
        )
        .all(email) as { action: string }[]
    ).map((r) => r.action),
  );

test('members: roles are listed and changed by owners only; the last owner stays', async ({ browser }) => {
  const owner = await newUser(browser, 'roles-owner');
  const member = await invite(owner.page, browser, 'Member');
  const admin = await invite(owner.page, browser, 'Admin');
  await createKey(member.page, 'member key');

  await owner.page.goto('/settings/members');
  const memberRow = owner.page.locator(`tr[data-member="${member.email}"]`);
  await expect(memberRow.getByTestId('member-keys')).toHaveText('1');
  await expect(memberRow.getByLabel(`Role of ${member.email}`)).toHaveValue('member');

  // The last owner cannot demote themself.
  const ownerRow = owner.page.locator(`tr[data-member="${owner.email}"]`);
  await ownerRow.getByLabel(`Role of ${owner.email}`).selectOption('member');
  await ownerRow.getByRole('button', { name: 'Change role' }).click();
  await expect(ownerRow.getByTestId('form-error')).toContainText('at least one owner');

  // An admin sees roles read-only, and a forged "make admin" from the admin's session is refused.
  await admin.page.goto('/settings/members');
  await expect(admin.page.locator(`tr[data-member="${member.email}"]`).getByTestId('member-role')).toHaveText('member');
  await memberRow.getByLabel(`Role of ${member.email}`).selectOption('admin');
  const action = await captureAction(owner.page, '/settings/members', () =>
    memberRow.getByRole('button', { name: 'Change role' }).click(),
  );
  const forged = await replayAction(admin.page.request, '/settings/members', action);
  expect(await forged.text()).toContain('Only owners can change or remove owners and admins');

  // The owner's own change goes through.
  await owner.page.goto('/settings/members');
  await memberRow.getByLabel(`Role of ${member.email}`).selectOption('admin');
  await memberRow.getByRole('button', { name: 'Change role' }).click();
  await expect(memberRow.getByText('Role changed.')).toBeVisible();
  await member.page.reload();
  await expect(member.page.getByTestId('current-user')).toHaveText(`${member.email} · admin`);
  expect(auditActions(owner.email)).toContain('member.role_changed');
  await Promise.all([owner.context, member.context, admin.context].map((c) => c.close()));
});

test('offboarding moves live keys to a service account: the secrets keep working', async ({ browser }) => {
  const owner = await newUser(browser, 'offboard-owner');
  const member = await invite(owner.page, browser, 'Member');
  const first = await createKey(member.page, 'deploys');
  const second = await createKey(member.page, 'backups');

  await owner.page.goto('/settings/members');
  await owner.page.locator(`tr[data-member="${member.email}"]`).getByRole('button', { name: 'Remove' }).click();
  const dialog = owner.page.getByRole('dialog');
  await expect(dialog.getByTestId('offboarding-keys')).toContainText('deploys');
  await expect(dialog.getByTestId('offboarding-keys')).toContainText('backups');
  await expect(dialog.getByTestId('offboarding-keys')).toContainText('last used never');
  await dialog.getByLabel('Move them to a service account').check();
  await dialog.getByRole('button', { name: 'Remove member' }).click();
  await expect(dialog).toBeHidden();
  await expect(owner.page.locator(`tr[data-member="${member.email}"]`)).toHaveCount(0);

  for (const token of [first, second]) {
    const body = await (await me(owner.page.request, token)).json();
    expect(body.owner).toMatchObject({ type: 'service_account', name: `${member.email} (former member)` });
  }
  await owner.page.goto('/settings/service-accounts');
  await owner.page.getByRole('link', { name: `${member.email} (former member)` }).click();
  const section = owner.page.locator(`[data-service-account="${member.email} (former member)"]`);
  await expect(keyRow(owner.page, first)).toBeVisible();
  await expect(section).toContainText('backups');

  // The removed member's session is gone with them.
  await member.page.goto('/settings/security');
  await expect(member.page).toHaveURL(/\/sign-in/);
  const actions = auditActions(owner.email);
  expect(actions.filter((a) => a === 'key.moved')).toHaveLength(2);
  expect(actions).toContain('member.removed');
  await Promise.all([owner.context.close(), member.context.close()]);
});

test('offboarding can revoke every key instead', async ({ browser }) => {
  const owner = await newUser(browser, 'revoke-owner');
  const member = await invite(owner.page, browser, 'Member');
  const token = await createKey(member.page, 'doomed');
  await owner.page.goto('/settings/members');
  await owner.page.locator(`tr[data-member="${member.email}"]`).getByRole('button', { name: 'Remove' }).click();
  const dialog = owner.page.getByRole('dialog');
  await expect(dialog.getByLabel('Revoke all their keys')).toBeChecked();
  await dialog.getByRole('button', { name: 'Remove member' }).click();
  await expect(owner.page.locator(`tr[data-member="${member.email}"]`)).toHaveCount(0);
  expect((await me(owner.page.request, token)).status()).toBe(401);
  expect(withDb((db) => db.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get(member.email))).toEqual({
    n: 0,
  });
  await Promise.all([owner.context.close(), member.context.close()]);
});

test('pending invitations can be revoked, and a revoked link no longer works', async ({ browser }) => {
  const owner = await newUser(browser, 'inv-owner');
  await owner.page.goto('/settings/members');
  await owner.page.getByRole('button', { name: 'Invite member' }).click();
  const dialog = owner.page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Create invitation' }).click();
  const link = (await dialog.getByTestId('invitation-link').textContent())!;
  await dialog.getByRole('button', { name: 'Done' }).click();
  await owner.page.reload();
  await owner.page.getByRole('button', { name: 'Revoke invitation' }).click();
  // It asks first: the link cannot be brought back.
  await owner.page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
  await expect(owner.page.getByText('No pending invitations.')).toBeVisible();
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await page.goto(link);
  await expect(page.getByTestId('invitation-invalid')).toBeVisible();
  await Promise.all([owner.context.close(), visitor.close()]);
});

test('admin pages are refused to members, and admins see every key, search it and disable it', async ({ browser }) => {
  const owner = await newUser(browser, 'keys-owner');
  const member = await invite(owner.page, browser, 'Member');
  const token = await createKey(member.page, 'member laptop');
  for (const path of ['/settings/members', '/settings/service-accounts', '/settings/keys']) {
    await member.page.goto(path);
    await expect(member.page.getByTestId('admin-only')).toBeVisible();
  }
  await expect(member.page.getByRole('link', { name: 'Members' })).toHaveCount(0);

  const ownerToken = await createKey(owner.page, 'owner desktop');
  await owner.page.goto('/settings/keys');
  const row = keyRow(owner.page, token);
  await expect(row.getByTestId('key-owner')).toContainText(member.email);
  await expect(row.getByTestId('key-owner')).toContainText('Personal');
  // A person's key is never regenerated by someone else; their own key, they may (the server allows it too).
  await expect(row.getByRole('button', { name: 'Regenerate', exact: true })).toHaveCount(0);
  await expect(keyRow(owner.page, ownerToken).getByRole('button', { name: 'Regenerate', exact: true })).toHaveCount(1);

  await owner.page.getByLabel('Search').fill('laptop');
  await owner.page.getByRole('button', { name: 'Filter' }).click();
  await expect(owner.page).toHaveURL(/q=laptop/);
  await expect(owner.page.locator('tr[data-key-id]')).toHaveCount(1);
  await owner.page.goto('/settings/keys?kind=organization');
  await expect(owner.page.getByTestId('keys-empty')).toBeVisible();

  await owner.page.goto('/settings/keys');
  await row.getByRole('button', { name: 'Disable' }).click();
  await owner.page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
  await expect(row.getByTestId('key-status')).toHaveText('Disabled');
  const refused = await me(owner.page.request, token);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('invalid_token');
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row.getByTestId('key-status')).toHaveText('Active');
  expect((await me(owner.page.request, token)).status()).toBe(200);
  const actions = auditActions(owner.email);
  expect(actions).toEqual(expect.arrayContaining(['key.disabled', 'key.enabled']));
  await Promise.all([owner.context.close(), member.context.close()]);
});

test('organization keys: bound to a project, limited per account by the owner', async ({ browser }) => {
  const owner = await newUser(browser, 'org-owner');
  await owner.page.goto('/settings/keys?tab=organization');
  await owner.page.getByLabel('Organization key limit').fill('1');
  await owner.page.getByRole('button', { name: 'Save limit' }).click();
  await expect(owner.page.getByText('Limit saved.')).toBeVisible();
  await owner.page.getByLabel('Project name').fill('Billing');
  await owner.page.getByRole('button', { name: 'Create project' }).click();
  const form = owner.page.getByRole('region', { name: 'New organization key' });
  await form.getByLabel('Name', { exact: true }).fill('billing sync');
  await form.getByRole('button', { name: 'Generate key' }).click();
  const token = (await form.getByTestId('one-time-secret').textContent())!;
  recordSecret(token);
  expect((await (await me(owner.page.request, token)).json()).owner).toMatchObject({
    type: 'project',
    name: 'Billing',
  });
  await expect(owner.page.getByTestId('org-key-usage')).toContainText('1 of 1 in use');

  await form.getByLabel('Name', { exact: true }).fill('one too many');
  await form.getByRole('button', { name: 'Generate key' }).click();
  // The first key's secret is still on screen: the form asks before it could be replaced.
  await owner.page.getByRole('dialog').getByRole('button', { name: 'I have copied it' }).click();
  await expect(form.getByTestId('form-error')).toHaveText('This account may hold at most 1 organization keys.');
  await owner.context.close();
});

test('service accounts cannot sign in and do not count as members', async ({ browser }) => {
  const owner = await newUser(browser, 'sa-owner');
  await owner.page.goto('/settings/service-accounts');
  await expect(owner.page.getByTestId('service-accounts-empty')).toBeVisible();
  await owner.page.getByLabel('Service account name').fill('nightly-etl');
  await owner.page.getByRole('button', { name: 'Create service account' }).click();
  await expect(owner.page.locator('[data-service-account="nightly-etl"]')).toBeVisible();
  await owner.page.goto('/settings/members');
  await expect(owner.page.locator('tr[data-member]')).toHaveCount(1);
  await owner.context.close();
});
