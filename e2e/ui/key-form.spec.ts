import { expect, test } from '@playwright/test';
import { createKey, DAY, keyIdOf, keyRow, newUser, recordSecret, seedKey } from '../support';

// The create form's safe defaults and what it says while choosing (the expiry it will get, warnings for no expiry
// and every resource), and the dates and revoked filter of the list.

test('the form says the date the key will expire on as the expiration is chosen, and warns about no expiry', async ({
  browser,
}) => {
  const { context, page } = await newUser(browser, 'form-expiry');
  const preview = page.getByTestId('expiry-preview');
  await expect(preview).toHaveText(
    /^This key will expire on \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} .+ \(in 30 days\)\.$/,
  );
  await expect(page.getByTestId('no-expiry-warning')).toHaveCount(0);

  await page.getByLabel('Expiration', { exact: true }).selectOption({ label: '7 days' });
  await expect(preview).toContainText('(in 7 days).');
  await page.getByLabel('Expiration', { exact: true }).selectOption({ label: '1 year' });
  await expect(preview).toContainText('(in 1 year).');

  await page.getByLabel('Expiration', { exact: true }).selectOption({ label: 'No expiration' });
  await expect(preview).toHaveText('This key will never expire.');
  await expect(page.getByTestId('no-expiry-warning')).toContainText('works until someone revokes it');

  await page.getByLabel('Expiration', { exact: true }).selectOption({ label: 'Custom date' });
  const date = new Date(Date.now() + 100 * DAY).toISOString().slice(0, 10);
  await page.getByLabel('Expires on').fill(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  const expected = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(next);
  await expect(preview).toContainText(`This key will expire on ${expected}, 00:00 UTC`);
  await context.close();
});

test('permissions default to the least useful key; every resource warns; none is refused by the server', async ({
  browser,
}) => {
  const { context, page } = await newUser(browser, 'form-permissions');
  const table = page.getByTestId('permission-table');
  const row = (resource: string) => table.locator(`[data-resource="${resource}"]`);
  await expect(row('me').getByLabel('Read', { exact: true })).toBeChecked();
  for (const resource of ['keys', 'projects', 'keys:verify'])
    await expect(row(resource).getByLabel('None', { exact: true })).toBeChecked();
  await expect(row('keys')).toContainText('List the keys its owner may see');
  await expect(page.getByTestId('every-resource-warning')).toHaveCount(0);

  // One access level per key: write on one row moves every chosen row to it.
  await row('projects').getByLabel('Read and write', { exact: true }).check();
  await expect(row('me').getByLabel('Read and write', { exact: true })).toBeChecked();
  await expect(row('keys').getByLabel('None', { exact: true })).toBeChecked();
  await row('me').getByLabel('Read', { exact: true }).check();
  await expect(row('projects').getByLabel('Read', { exact: true })).toBeChecked();

  for (const resource of ['keys', 'keys:verify']) await row(resource).getByLabel('Read', { exact: true }).check();
  await expect(page.getByTestId('every-resource-warning')).toContainText('reaches every resource');

  // Nothing chosen: said at once, and refused by the server if sent anyway.
  for (const resource of ['me', 'keys', 'projects', 'keys:verify'])
    await row(resource).getByLabel('None', { exact: true }).check();
  await expect(page.getByTestId('permission-error')).toHaveText('Choose at least one resource.');
  await page.getByLabel('Name', { exact: true }).fill('reaches nothing');
  await page.getByRole('button', { name: 'Generate key' }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await expect(page.getByTestId('keys-empty')).toBeVisible();
  // The rows keep what was chosen after the refusal.
  await expect(row('me').getByLabel('None', { exact: true })).toBeChecked();

  // The default, untouched, makes a read-only key for "me" only.
  await page.reload();
  await page.getByLabel('Name', { exact: true }).fill('smallest');
  await page.getByRole('button', { name: 'Generate key' }).click();
  const token = (await page.getByTestId('one-time-secret').textContent())!.trim();
  recordSecret(token);
  await expect(keyRow(page, token).getByTestId('key-permissions')).toHaveText('Read only: me');
  const headers = { Authorization: `Bearer ${token}` };
  expect((await page.request.get('/api/v1/me', { headers })).status()).toBe(200);
  expect((await page.request.get('/api/v1/keys', { headers })).status()).toBe(403);
  await context.close();
});

test('"Expiring soon" only for keys made long before; revoked keys say when, and can be hidden', async ({
  browser,
}) => {
  const { context, page, email } = await newUser(browser, 'form-dates');
  const week = await createKey(page, 'new week key', { expiration: '7 days' });
  const now = Date.now();
  const old = seedKey(email, { name: 'old ending key', createdAt: now - 30 * DAY, expiresAt: now + 3 * DAY });
  const revoked = seedKey(email, {
    name: 'revoked key',
    createdAt: now - 5 * DAY,
    expiresAt: now + 25 * DAY,
    revokedAt: now - DAY,
  });
  await page.reload();
  await expect(keyRow(page, week).getByTestId('key-status')).toHaveText('Active');
  await expect(keyRow(page, old).getByTestId('key-status')).toHaveText('Expiring soon');
  const revokedRow = keyRow(page, revoked);
  await expect(revokedRow.getByTestId('revoked-at')).toContainText('Revoked');
  await expect(revokedRow.getByTestId('revoked-at').getByTestId('relative-date')).toHaveText('1 day ago');
  await expect(revokedRow).not.toContainText('in 25 days');

  await page.getByRole('link', { name: 'Hide revoked keys' }).click();
  await expect(page).toHaveURL(/\?revoked=hide$/);
  await expect(keyRow(page, revoked)).toHaveCount(0);
  await expect(keyRow(page, week)).toBeVisible();
  await expect(page.getByTestId('revoked-filter')).toContainText('1 revoked key hidden.');
  await page.getByRole('link', { name: 'Show revoked keys' }).click();
  await expect(keyRow(page, revoked)).toBeVisible();
  expect(keyIdOf(revoked)).toHaveLength(12);
  await context.close();
});
