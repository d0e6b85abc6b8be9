import { expect, test } from '@playwright/test';
import { showcaseUser, volatile, WIDTHS } from '../screens';

// Screenshots guard the layout of the key pages: Settings > Security and a key's own page, on a phone and a desktop,
// with the showcase data (e2e/showcase.ts). Dates, key ids and the email change every run and are masked. After an
// intended change of layout: `npx playwright test e2e/ui/screens.spec.ts --update-snapshots`, and look at the pictures.

for (const [name, viewport] of Object.entries(WIDTHS)) {
  test(`the key pages look as they should at ${viewport.width} px (${name})`, async ({ browser }) => {
    const { context, page, ids } = await showcaseUser(browser, viewport);
    await page.goto('/settings/security');
    await expect(page.locator('tr[data-key-id]')).toHaveCount(7);
    await expect(page).toHaveScreenshot(`security-${viewport.width}.png`, {
      fullPage: true,
      mask: volatile(page),
      maxDiffPixelRatio: 0.01,
    });

    await page.goto(`/settings/security/keys/${ids['CI deploys']}`);
    await expect(page.getByTestId('usage-total')).toHaveText('461');
    await expect(page).toHaveScreenshot(`key-page-${viewport.width}.png`, {
      fullPage: true,
      mask: volatile(page),
      maxDiffPixelRatio: 0.01,
    });
    await context.close();
  });
}
