import { expect, test } from '@playwright/test';
import path from 'node:path';
import { showcaseUser, WIDTHS } from './screens';

// `npm run screenshots`: the README's pictures, drawn from the showcase data (e2e/showcase.ts) on a fresh server, not
// by hand. Not part of `npm test` (it writes into docs/); playwright.screenshots.config.ts runs it.

const OUT = path.join(process.cwd(), 'docs', 'screenshots');

test('Settings > Security at 1280 px', async ({ browser }) => {
  const { context, page } = await showcaseUser(browser, WIDTHS.desktop, 'ada@example.com');
  await page.goto('/settings/security');
  await expect(page.locator('tr[data-key-id]')).toHaveCount(7);
  await page.screenshot({ path: path.join(OUT, 'security-1280.png'), fullPage: true });
  await context.close();
});

test("a key's page on a phone (390 px)", async ({ browser }) => {
  const { context, page, ids } = await showcaseUser(browser, WIDTHS.phone, 'grace@example.com');
  await page.goto(`/settings/security/keys/${ids['CI deploys']}`);
  await expect(page.getByTestId('usage-total')).toHaveText('461');
  await page.screenshot({ path: path.join(OUT, 'key-page-390.png'), fullPage: true });
  await context.close();
});
