import { expect, test } from '@playwright/test';
import { createKey, DAY, invite, keyIdOf, keyRow, newUser, recordSecret, seedKey, userIds, withDb } from '../support';

// A key's own page (Settings > Security > a key, Settings > Keys > a key): reached from its row by the key's name,
// showing what the row is too small for, with the row's own buttons; a 404 for any key the viewer may not see.

test("the row's name opens the key's page: permissions, dates, last use with address and User-Agent, usage, events", async ({
  browser,
}) => {
  const { context, page } = await newUser(browser, 'key-page');
  const token = await createKey(page, 'deploy bot', { expiration: '30 days', resources: ['me', 'projects'] });
  const keyId = keyIdOf(token);

  const call = await page.request.get('/api/v1/me', {
    headers: { Authorization: `Bearer ${token}`, 'User-Agent': 'deploy-script/2.1 (+ci)' },
  });
  expect(call.status()).toBe(200);

  // Leaving while the secret is shown asks first (the page warns); done with it, the name opens the key's page.
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await keyRow(page, token).getByRole('link', { name: 'deploy bot' }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/security/keys/${keyId}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'deploy bot' })).toBeVisible();
  await expect(page.getByTestId('key-id')).toHaveText(keyId);
  await expect(page.getByTestId('key-status')).toHaveText('Active');

  const permissions = page.getByTestId('key-permission-table');
  await expect(permissions.locator('[data-resource="me"]')).toContainText('Read and write');
  await expect(permissions.locator('[data-resource="projects"]')).toContainText('Read and write');
  await expect(permissions.locator('[data-resource="keys"]')).toContainText('None');

  // An absolute date with a hint, the exact UTC time on hover.
  const expiry = page.getByTestId('key-expiry');
  await expect(expiry.getByTestId('date')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} /);
  await expect(expiry.getByTestId('date')).toHaveAttribute('title', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  await expect(expiry.getByTestId('relative-date')).toHaveText('in 30 days');

  // Usage is flushed every half second in the e2e server.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('last-used-user-agent')).toHaveText('deploy-script/2.1 (+ci)', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('last-used-ip')).toHaveText('127.0.0.1');
  await expect(page.getByTestId('last-used').getByTestId('date')).toBeVisible();

  const chart = page.getByTestId('usage-chart');
  await expect(chart.getByTestId('usage-total')).toHaveText('1');
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /^1 requests in the last 30 days/);
  await chart.getByText('Requests by day').click();
  await expect(chart.getByTestId('usage-table').locator('tbody tr')).toHaveCount(30);
  await expect(chart.getByTestId('usage-table').locator('tbody tr').first()).toContainText('1');

  await expect(page.getByTestId('key-events').locator('[data-action="key.created"]')).toContainText('Key created');
  await context.close();
});

test("the key's page has the row's Regenerate and Revoke, with the same dialogs", async ({ browser }) => {
  const { context, page } = await newUser(browser, 'key-page-actions');
  const token = await createKey(page, 'rotating');
  await page.goto(`/settings/security/keys/${keyIdOf(token)}`);

  await page.getByRole('button', { name: 'Regenerate' }).click();
  const regenerate = page.getByRole('dialog');
  await regenerate.getByLabel('Old secret stops working').selectOption({ label: 'In 24 hours' });
  await regenerate.getByRole('button', { name: 'Regenerate' }).click();
  const secret = regenerate.getByTestId('one-time-secret');
  await expect(secret).toBeVisible();
  const fresh = (await secret.textContent())!.trim();
  recordSecret(fresh);
  expect(keyIdOf(fresh)).toBe(keyIdOf(token));
  await regenerate.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('grace-note')).toContainText('the old one stops working on');
  await expect(page.getByTestId('grace-note')).toContainText('has not been used since');
  await expect(page.getByTestId('key-events').locator('[data-action="key.regenerated"]')).toBeVisible();

  await page.getByRole('button', { name: 'Revoke' }).click();
  const revoke = page.getByRole('dialog');
  await expect(revoke).toContainText('rotating');
  await revoke.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('key-status')).toHaveText('Revoked');
  await expect(page.getByTestId('revoked-at').getByTestId('date')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Regenerate' })).toHaveCount(0);
  expect((await page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${fresh}` } })).status()).toBe(401);
  await context.close();
});

test("a key the viewer may not see is a 404, never a leak; admins open any key of their account's", async ({
  browser,
}) => {
  const owner = await newUser(browser, 'key-page-owner');
  const member = await invite(owner.page, browser, 'Member');
  const stranger = await newUser(browser, 'key-page-stranger');
  const memberKey = keyIdOf(await createKey(member.page, 'member secret thing'));
  const strangerKey = keyIdOf(await createKey(stranger.page, 'stranger thing'));

  // Security's page is for one's own keys, whatever the role.
  for (const [page, keyId] of [
    [owner.page, memberKey],
    [member.page, strangerKey],
    [owner.page, strangerKey],
    [owner.page, 'AAAAAAAAAAAA'],
    [owner.page, 'not-a-key-id'],
  ] as const) {
    const response = await page.goto(`/settings/security/keys/${keyId}`);
    expect(response?.status(), keyId).toBe(404);
    expect(await page.content()).not.toContain('member secret thing');
    expect(await page.content()).not.toContain('stranger thing');
  }

  // The admin page: the owner opens the member's key, not another account's; a member is refused.
  await owner.page.goto(`/settings/keys/${memberKey}`);
  await expect(owner.page.getByRole('heading', { level: 1, name: 'member secret thing' })).toBeVisible();
  await expect(owner.page.getByTestId('key-owner')).toHaveText(member.email);
  await expect(owner.page.getByRole('button', { name: 'Disable' })).toBeVisible();
  // Nobody regenerates another person's key, on its page as in its row.
  await expect(owner.page.getByRole('button', { name: 'Regenerate' })).toHaveCount(0);
  await expect(owner.page.getByRole('link', { name: "All of this key's events in the audit log" })).toHaveAttribute(
    'href',
    `/settings/audit-log?keyId=${memberKey}`,
  );
  expect((await owner.page.goto(`/settings/keys/${strangerKey}`))?.status()).toBe(404);
  expect(await owner.page.content()).not.toContain('stranger thing');

  await member.page.goto(`/settings/keys/${memberKey}`);
  await expect(member.page.getByTestId('admin-only')).toBeVisible();
  expect(await member.page.content()).not.toContain('member secret thing');

  // From the admin Keys list, the name links to the admin page.
  await owner.page.goto('/settings/keys');
  await owner.page.locator(`tr[data-key-id="${memberKey}"]`).getByRole('link', { name: 'member secret thing' }).click();
  await expect(owner.page).toHaveURL(new RegExp(`/settings/keys/${memberKey}$`));
  for (const c of [owner.context, member.context, stranger.context]) await c.close();
});

test('the page says when the account policy shortened the key, and revoked keys say when', async ({ browser }) => {
  const { context, page, email } = await newUser(browser, 'key-page-cap');
  const now = Date.now();
  const old = seedKey(email, { name: 'old long key', createdAt: now - 40 * DAY, expiresAt: now + 300 * DAY });
  const gone = seedKey(email, {
    name: 'gone key',
    createdAt: now - 10 * DAY,
    expiresAt: now + 20 * DAY,
    revokedAt: now - 2 * DAY,
  });
  const { accountId } = userIds(email);
  withDb((db) => db.prepare('UPDATE accounts SET max_key_lifetime_days = 60 WHERE id = ?').run(accountId));

  await page.goto(`/settings/security/keys/${keyIdOf(old)}`);
  await expect(page.getByTestId('shortened-by-policy')).toContainText(
    'Shortened by account policy: keys may live at most 60 days.',
  );
  await expect(page.getByTestId('key-expiry').getByTestId('relative-date')).toHaveText('in 20 days');

  await page.goto(`/settings/security/keys/${keyIdOf(gone)}`);
  await expect(page.getByTestId('key-status')).toHaveText('Revoked');
  await expect(page.getByTestId('revoked-at').getByTestId('relative-date')).toHaveText('2 days ago');
  await expect(page.getByTestId('key-expiry')).toContainText('the key is revoked');
  await context.close();
});

test("dates are in the viewer's time zone, with the UTC time on hover", async ({ browser }) => {
  const { context, page, email } = await newUser(browser, 'key-page-zone', {
    contextOptions: { timezoneId: 'Asia/Tokyo' },
  });
  // 15:30 UTC is 00:30 the next day in Tokyo.
  const created = Date.UTC(2026, 0, 10, 15, 30);
  const token = seedKey(email, { name: 'zoned', createdAt: created, expiresAt: null });
  await page.goto(`/settings/security/keys/${keyIdOf(token)}`);
  const date = page.getByRole('region', { name: 'Details' }).getByTestId('date').first();
  await expect(date).toHaveText('11 Jan 2026, 00:30 GMT+9');
  await expect(date).toHaveAttribute('title', '2026-01-10 15:30 UTC');
  await expect(date).toHaveAttribute('datetime', '2026-01-10T15:30:00.000Z');
  await context.close();
});
