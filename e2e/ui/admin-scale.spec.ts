import { expect, test } from '@playwright/test';
import { newToken } from '../../lib/keys/token';
import { DAY, fillKeyForm, me, newUser, recordSecret, userIds, withDb } from '../support';

// Admin pages that scale: Settings > Keys pages 50 keys at a time with live search and sorting, organization keys and
// projects on their own tab (rename, delete), and service accounts as a list with a page each (rename, delete).

test('Keys: 50 a page from the server, live search, sorting, and the pages', async ({ browser }) => {
  const { context, page, email } = await newUser(browser, 'keys-scale');
  const { userId, accountId } = userIds(email);
  const now = Date.now();
  withDb((db) => {
    const insert = db.prepare(
      'INSERT INTO api_keys (id, account_id, user_id, name, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < 120; i++) {
        const { keyId, secretHash } = newToken('lk');
        const name = i === 77 ? 'zebra crossing' : `bulk key ${String(i).padStart(3, '0')}`;
        insert.run(keyId, accountId, userId, name, secretHash, now - i * 60_000, now + (30 + i) * DAY);
      }
    })();
  });
  const rows = page.locator('tr[data-key-id]');

  await page.goto('/settings/keys');
  await expect(
    page.getByRole('navigation', { name: 'Keys sections' }).getByRole('link', { name: 'All keys' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(rows).toHaveCount(50);
  await expect(page.getByTestId('keys-count')).toHaveText('Keys 1–50 of 120');
  await expect(rows.first()).toContainText('bulk key 000');
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('keys-count')).toHaveText('Keys 51–100 of 120');
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(rows).toHaveCount(20);
  await expect(page.getByText('Page 3 of 3')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);

  // Typing searches, without pressing Filter; the search starts again at page 1.
  await page.getByLabel('Search').fill('zebra');
  await expect(page).toHaveURL(/q=zebra/);
  await expect(page).not.toHaveURL(/page=/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('zebra crossing');
  await page.getByLabel('Search').fill('');
  await expect(rows).toHaveCount(50);

  await page.getByLabel('Sort by').selectOption({ label: 'Name, Z to A' });
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect(rows.first()).toContainText('zebra crossing');
  await page.getByLabel('Sort by').selectOption({ label: 'Expires soonest' });
  await expect(rows.first()).toContainText('bulk key 000');
  await page.getByLabel('Status').selectOption({ label: 'Revoked' });
  await expect(page.getByTestId('keys-empty')).toBeVisible();
  await context.close();
});

test('organization keys and projects have their own tab: rename refuses a taken name, delete revokes the keys', async ({
  browser,
}) => {
  const { context, page } = await newUser(browser, 'projects');
  await page.goto('/settings/keys');
  await page.getByRole('link', { name: 'Organization keys and projects' }).click();
  await expect(page).toHaveURL(/tab=organization/);
  await expect(page.getByRole('link', { name: 'Organization keys and projects' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  for (const name of ['Website', 'Billing']) {
    await page.getByLabel('Project name').fill(name);
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByText(`Project "${name}" created.`)).toBeVisible();
  }
  // A duplicate is refused where it is typed.
  await page.getByLabel('Project name').fill('Website');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('Choose another name.')).toBeVisible();

  const website = page.locator('tr[data-project="Website"]');
  await website.getByLabel('Name of project Website').fill('Billing');
  await website.getByRole('button', { name: 'Rename' }).click();
  await expect(website.getByText('Choose another name.')).toBeVisible();
  await website.getByLabel('Name of project Website').fill('Storefront');
  await website.getByRole('button', { name: 'Rename' }).click();
  const storefront = page.locator('tr[data-project="Storefront"]');
  await expect(storefront).toBeVisible();

  const form = page.getByRole('region', { name: 'New organization key' });
  await form.getByLabel('Project', { exact: true }).selectOption({ label: 'Storefront' });
  const token = await fillKeyForm(page, form, 'storefront sync');
  expect((await me(page.request, token)).status()).toBe(200);
  await expect(storefront.getByTestId('project-live-keys')).toHaveText('1');

  await storefront.getByRole('button', { name: 'Delete project' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('delete-consequence')).toContainText('Its 1 live key is revoked at once');
  await dialog.getByRole('button', { name: 'Delete project' }).click();
  await expect(page.locator('tr[data-project="Storefront"]')).toHaveCount(0);
  // What happened is said where the row was, and focus goes there rather than to the page's body.
  await expect(page.getByTestId('flash')).toHaveText('Project "Storefront" deleted; 1 key revoked.');
  await expect(page.getByTestId('flash')).toBeFocused();
  await expect(page.locator('tr[data-project="Billing"]')).toBeVisible();
  expect((await me(page.request, token)).status()).toBe(401);
  await context.close();
});

test('service accounts: a list with a page each; duplicate names refused; rename; delete revokes the keys', async ({
  browser,
}) => {
  const { context, page } = await newUser(browser, 'sa-scale');
  await page.goto('/settings/service-accounts');
  const create = async (name: string) => {
    await page.getByLabel('Service account name').fill(name);
    await page.getByRole('button', { name: 'Create service account' }).click();
  };
  await create('etl');
  await expect(page.getByText('Service account "etl" created.')).toBeVisible();
  await create('backups');
  await expect(page.locator('tr[data-service-account]')).toHaveCount(2);
  await create('etl');
  await expect(page.getByText('Choose a name no other service account has.')).toBeVisible();
  await expect(page.locator('tr[data-service-account]')).toHaveCount(2);

  await page.locator('tr[data-service-account="etl"]').getByRole('link', { name: 'etl' }).click();
  await expect(page).toHaveURL(/\/settings\/service-accounts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'etl' })).toBeVisible();
  const token = await fillKeyForm(page, page.getByRole('region', { name: 'New key for etl' }), 'etl key');
  recordSecret(token);
  expect((await me(page.request, token)).status()).toBe(200);

  await page.getByLabel('Service account name').fill('backups');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByText('Choose a name no other service account has.')).toBeVisible();
  await page.getByLabel('Service account name').fill('nightly etl');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'nightly etl' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete service account' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('delete-consequence')).toContainText('Its 1 live key is revoked at once');
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((await me(page.request, token)).status()).toBe(200);
  await page.getByRole('button', { name: 'Delete service account' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete service account' }).click();
  await expect(page).toHaveURL(/\/settings\/service-accounts$/);
  await expect(page.getByTestId('flash')).toHaveText('Service account "nightly etl" deleted; 1 key revoked.');
  await expect(page.getByTestId('flash')).toBeFocused();
  await expect(page.locator('tr[data-service-account]')).toHaveCount(1);
  expect((await me(page.request, token)).status()).toBe(401);
  await context.close();
});
