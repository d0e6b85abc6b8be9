import { expect, test } from '@playwright/test';
import { BASE_URL } from '../env';
import { invite, newUser, PASSWORD, userIds, watchPayloads, withDb } from '../support';

// Issue 11, item 8: the small things a user notices.

test('a dashboard page loads with a favicon and without a single 404', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'favicon');
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/settings/security');
  await page.waitForLoadState('networkidle');
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(icon).toBeTruthy();
  const served = await page.request.get(icon!);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toContain('image/svg+xml');
  expect(missing).toEqual([]);
  await context.close();
});

test('the skip link is the first stop and moves focus to the main region', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'skip');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  await context.close();
});

test('an unknown address shows the 404 page inside the app, with its navigation', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'notfound');
  const response = await page.goto('/settings/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Settings' });
  await expect(nav.getByRole('link', { name: 'Security' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await nav.getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await context.close();
});

test('pages are prefetched only on intent, once per link', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'prefetch');
  const any: string[] = [];
  const prefetches: string[] = [];
  page.on('request', (request) => {
    const headers = request.headers();
    if (!headers['next-router-prefetch']) return;
    any.push(request.url());
    // One route prefetch asks for the route's tree first (then its segments and metadata): count the trees.
    if (headers['next-router-segment-prefetch'] === '/_tree') prefetches.push(new URL(request.url()).pathname);
  });
  await page.reload();
  await page.waitForLoadState('networkidle');
  expect(any).toEqual([]);
  const members = page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Members' });
  await members.hover();
  await expect.poll(() => prefetches).toEqual(['/settings/members']);
  // Pointing at it again fetches nothing more; another link is prefetched when pointed at.
  await page.mouse.move(0, 0);
  await members.hover();
  await page.getByRole('link', { name: 'Account', exact: true }).hover();
  await expect.poll(() => prefetches).toEqual(['/settings/members', '/settings/account']);
  await members.click();
  await expect(page).toHaveURL(/\/settings\/members$/);
  await expect(page.getByRole('link', { name: 'Members' })).toHaveAttribute('aria-current', 'page');
  await context.close();
});

test('a deep link survives sign-in (callbackUrl)', async ({ browser }) => {
  const user = await newUser(browser, 'deeplink');
  await user.context.close();
  const context = await browser.newContext();
  watchPayloads(context);
  const page = await context.newPage();
  await page.goto('/settings/keys?q=laptop');
  await expect(page).toHaveURL(`${BASE_URL}/sign-in?callbackUrl=${encodeURIComponent('/settings/keys?q=laptop')}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${BASE_URL}/settings/keys?q=laptop`, { timeout: 30_000 });
  await expect(page.getByLabel('Search')).toHaveValue('laptop');
  // Signed in already, the sign-in page sends a deep link straight on.
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent('/settings/audit-log')}`);
  await expect(page).toHaveURL(`${BASE_URL}/settings/audit-log`);
  await context.close();
});

test('owners rename the account (audited, said only when it changed); admins are not offered it', async ({
  browser,
}) => {
  const owner = await newUser(browser, 'rename');
  const { accountId } = userIds(owner.email);
  await owner.page.goto('/settings/account');
  const name = owner.page.getByLabel('Account name');
  await name.fill('Acme Robotics');
  await owner.page.getByRole('button', { name: 'Rename account' }).click();
  await expect(owner.page.getByTestId('form-success')).toHaveText('Account name saved.');
  await expect(owner.page.getByRole('main')).toContainText('Settings that apply to everyone in Acme Robotics');
  await owner.page.getByRole('button', { name: 'Rename account' }).click();
  await expect(owner.page.getByTestId('form-success')).toHaveText('No change: that is already its name.');
  await name.fill('   ');
  await owner.page.getByRole('button', { name: 'Rename account' }).click();
  await expect(owner.page.getByText('Give the account a name.')).toBeVisible();
  const audited = withDb(
    (db) =>
      db.prepare("SELECT detail FROM audit_log WHERE account_id = ? AND action = 'account.renamed'").all(accountId) as {
        detail: string;
      }[],
  );
  expect(audited.map((row) => JSON.parse(row.detail).to)).toEqual(['Acme Robotics']);

  const admin = await invite(owner.page, browser, 'Admin');
  await admin.page.goto('/settings/account');
  await expect(admin.page.getByLabel('Maximum key lifetime')).toBeVisible();
  await expect(admin.page.getByLabel('Account name')).toHaveCount(0);
  await Promise.all([owner.context.close(), admin.context.close()]);
});
