import { expect, test } from '@playwright/test';
import { BASE_URL } from '../env';
import { createKey, DAY, keyIdOf, keyRow, me, newUser, recordSecret } from '../support';

test('a new key is shown once, with Copy, a warning and a curl line, and works at once', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'create');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const token = await createKey(page, 'CI deploys', '90 days');

  expect(token).toMatch(/^lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$/);
  await expect(page.getByText("You won't be able to see it again")).toBeVisible();
  await expect(page.getByTestId('curl-example')).toHaveText(
    `curl -H "Authorization: Bearer ${token}" ${BASE_URL}/api/v1/me`,
  );
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByText('Copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const row = keyRow(page, token);
  await expect(row).toContainText('CI deploys');
  await expect(row).toContainText(keyIdOf(token));
  await expect(row.getByTestId('key-status')).toHaveText('Active');
  await expect(row).toContainText('in 3 months');
  await expect(row).toContainText('Never'); // last used

  expect((await me(page.request, token)).status()).toBe(200);
  await context.close();
});

test('the secret never comes back: not after reload, back navigation, nor in HTML or RSC responses', async ({
  browser,
}) => {
  const { context, page } = await newUser(browser, 'once');
  const token = await createKey(page, 'shown once');
  const secret = token.split('_')[2];

  await page.reload();
  await expect(keyRow(page, token)).toBeVisible();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(keyRow(page, token)).toBeVisible();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  const html = await page.request.get('/settings/security');
  expect(await html.text()).toContain(keyIdOf(token));
  expect(await html.text()).not.toContain(secret);
  const rsc = await page.request.get('/settings/security', { headers: { RSC: '1' } });
  expect(await rsc.text()).toContain(keyIdOf(token));
  expect(await rsc.text()).not.toContain(secret);
  await context.close();
});

test('key names are validated with a message and the typed value is kept', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'names');
  const name = page.getByLabel('Name', { exact: true });
  const generate = page.getByRole('button', { name: 'Generate key' });

  await name.fill('   ');
  await generate.click();
  await expect(page.getByText('Give the key a name.')).toBeVisible();

  await name.fill('evil\u202Egnp.exe');
  await generate.click();
  await expect(page.getByText('Names cannot contain control or text-direction characters.')).toBeVisible();
  await expect(name).toHaveValue('evil\u202Egnp.exe');

  await name.fill('x'.repeat(101));
  await generate.click();
  await expect(page.getByText('Use at most 100 characters.')).toBeVisible();
  await expect(page.getByTestId('keys-empty')).toBeVisible();

  // Markup is stored literally and rendered as text.
  const token = await createKey(page, '<img src=x onerror=alert(1)> 🔑');
  await expect(keyRow(page, token)).toContainText('<img src=x onerror=alert(1)> 🔑');
  await context.close();
});

test('a custom expiry date is honoured', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'custom');
  const date = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
  await page.getByLabel('Name', { exact: true }).fill('custom date');
  await page.getByLabel('Expiration', { exact: true }).selectOption({ label: 'Custom date' });
  await page.getByLabel('Expires on').fill(date);
  await page.getByRole('button', { name: 'Generate key' }).click();
  const token = (await page.getByTestId('one-time-secret').textContent())!;
  recordSecret(token);
  const body = await (await me(page.request, token)).json();
  expect(body.key.expiresAt).toBe(new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString());
  await context.close();
});

test('revoke asks for confirmation, and the very next API call is refused', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'revoke');
  const token = await createKey(page, 'to revoke');
  const row = keyRow(page, token);

  await row.getByRole('button', { name: 'Revoke', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('cannot be undone');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await me(page.request, token)).status()).toBe(200);

  await row.getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(row.getByTestId('key-status')).toHaveText('Revoked');
  await expect(page.getByRole('dialog')).toBeHidden();
  expect((await me(page.request, token)).status()).toBe(401);
  await expect(row.getByRole('button', { name: 'Revoke', exact: true })).toHaveCount(0);
  await context.close();
});

test('regenerate immediately: same key id, new secret works, old one stops', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'regen');
  const oldToken = await createKey(page, 'rotate me', '60 days');
  const before = await (await me(page.request, oldToken)).json();

  await keyRow(page, oldToken).getByRole('button', { name: 'Regenerate', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Old secret stops working')).toHaveValue('immediately');
  await dialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
  const newToken = (await dialog.getByTestId('one-time-secret').textContent())!;
  recordSecret(newToken);

  expect(keyIdOf(newToken)).toBe(keyIdOf(oldToken));
  expect(newToken).not.toBe(oldToken);
  expect((await me(page.request, oldToken)).status()).toBe(401);
  const after = await (await me(page.request, newToken)).json();
  expect(after.key).toEqual(before.key); // id, name and expiry unchanged

  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(dialog.getByTestId('one-time-secret')).toHaveCount(0);
  await expect(keyRow(page, oldToken).getByTestId('grace-note')).toHaveCount(0);
  await context.close();
});

test('regenerate with a 1 hour grace: both secrets work and the row says until when', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'grace');
  const oldToken = await createKey(page, 'graceful');
  await keyRow(page, oldToken).getByRole('button', { name: 'Regenerate', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Old secret stops working').selectOption({ label: 'In 1 hour' });
  await dialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
  const newToken = (await dialog.getByTestId('one-time-secret').textContent())!;
  recordSecret(newToken);
  await dialog.getByRole('button', { name: 'Done' }).click();

  expect((await me(page.request, oldToken)).status()).toBe(200);
  expect((await me(page.request, newToken)).status()).toBe(200);
  await expect(keyRow(page, oldToken).getByTestId('grace-note')).toContainText('Old secret stops working in 1 hour');
  // The old secret was used above: within a flush interval the row says when.
  await expect
    .poll(
      async () => {
        await page.reload();
        return keyRow(page, oldToken).getByTestId('grace-note').textContent();
      },
      { timeout: 30_000, intervals: [1000, 2000] },
    )
    .toMatch(/last used (just now|1 minute ago)$/);
  // Regenerating again during the grace window says that it ends the old secret's grace.
  await keyRow(page, oldToken).getByRole('button', { name: 'Regenerate', exact: true }).click();
  await expect(page.getByRole('dialog').getByTestId('grace-warning')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await context.close();
});

test('last used and 30-day usage appear on the row within a flush interval', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'usage');
  const token = await createKey(page, 'busy key');
  const row = keyRow(page, token);
  await expect(row.getByTestId('last-used')).toHaveText('Never');
  await expect(row.getByTestId('usage-total')).toHaveText('0');
  for (let i = 0; i < 2; i++) {
    const response = await page.request.get('/api/v1/me', {
      headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': '203.0.113.99' },
    });
    expect(response.status()).toBe(200);
  }
  await expect
    .poll(
      async () => {
        await page.reload();
        return row.getByTestId('usage-total').textContent();
      },
      { timeout: 30_000, intervals: [1000, 2000] },
    )
    .toBe('2');
  await expect(row.getByTestId('last-used')).toContainText(/just now|minute/);
  // The listener takes the address from the socket, never from a header the client sent.
  await expect(row.getByTestId('last-used')).toContainText('from 127.0.0.1');
  await expect(row.getByRole('img')).toHaveAttribute(
    'aria-label',
    /^2 requests in the last 30 days; most on \d{4}-\d{2}-\d{2} \(2\)$/,
  );
  await context.close();
});
