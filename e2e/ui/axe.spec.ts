import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { recordSecret } from '../support';
import { HEIGHT } from '../layout-checks';
import { backdateConfirmation } from '../session-support';
import { seedWorstCase } from '../worst-case';

// Issue 11: axe finds no violation on any dashboard page or dialog state, on a phone (390) and a laptop (1280),
// with the worst-case data.

async function expectNoViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
  expect(summary, `${state}: axe violations`).toEqual([]);
}

/** The row of the key called exactly `name` ("admin key 1", not "admin key 10"). */
const keyRowNamed = (page: Page, name: string) =>
  page
    .locator('tr[data-key-id]')
    .filter({ has: page.locator('td[data-cell="primary"]', { hasText: new RegExp(`^${name}$`) }) });

async function dialogState(page: Page, state: string, open: () => Promise<void>) {
  await open();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoViolations(page, state);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
}

for (const width of [390, 1280]) {
  test(`axe: no violations on any page or dialog at ${width}px`, async ({ browser }) => {
    test.setTimeout(180_000);
    const seeded = await seedWorstCase(browser, `axe${width}`);
    const page = seeded.owner.page;
    await page.setViewportSize({ width, height: HEIGHT });

    await page.goto('/settings/security');
    await expectNoViolations(page, 'Security');
    if (width < 1024) {
      await page.getByRole('button', { name: 'Menu' }).click();
      await expectNoViolations(page, 'Security, menu open');
      await page.getByRole('button', { name: 'Menu' }).click();
    }
    const spare = keyRowNamed(page, 'Spare key');
    await dialogState(page, 'Regenerate', () => spare.getByRole('button', { name: 'Regenerate', exact: true }).click());
    await dialogState(page, 'Revoke', () => spare.getByRole('button', { name: 'Revoke', exact: true }).click());
    await keyRowNamed(page, 'Verifier').getByRole('button', { name: 'Regenerate', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
    recordSecret((await dialog.getByTestId('one-time-secret').textContent())!.trim());
    await expectNoViolations(page, 'Regenerated secret');
    await page.keyboard.press('Escape');
    await expectNoViolations(page, 'Regenerated secret, close check');
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByLabel('Name', { exact: true }).fill('axe key');
    await page.getByRole('button', { name: 'Generate key' }).click();
    recordSecret((await page.getByTestId('one-time-secret').textContent())!.trim());
    await expectNoViolations(page, 'New secret with toast');
    await page.getByLabel('Name', { exact: true }).fill('axe key 2');
    await dialogState(page, 'Generate another', () => page.getByRole('button', { name: 'Generate key' }).click());
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Generate key' }).click();
    await expect(page.getByTestId('form-error')).toBeVisible();
    await expectNoViolations(page, 'Create form error');

    await page.goto('/settings/account');
    await expectNoViolations(page, 'Account');
    await dialogState(page, 'Invite member', () => page.getByRole('button', { name: 'Invite member' }).click());
    await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '7 days' });
    await dialogState(page, 'Lower the cap', () => page.getByRole('button', { name: 'Save', exact: true }).click());

    await page.goto('/settings/members');
    await expectNoViolations(page, 'Members');
    const lockedRow = page.locator('tr[data-member]').filter({ has: page.getByTestId('sign-in-locked') });
    await dialogState(page, 'Remove member', () => lockedRow.getByRole('button', { name: 'Remove' }).click());
    await dialogState(page, 'Revoke invitation', () =>
      page.getByRole('button', { name: 'Revoke invitation' }).first().click(),
    );

    await page.goto('/settings/service-accounts');
    await expectNoViolations(page, 'Service accounts');
    await page.getByRole('link', { name: 'service-2', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/service-accounts\/[0-9a-f-]+$/);
    await expectNoViolations(page, 'a service account page');
    await page.goto('/settings/keys?tab=organization');
    await expectNoViolations(page, 'Organization keys and projects');
    await page.goto('/settings/keys?q=admin+key+2');
    await keyRowNamed(page, 'admin key 2').getByRole('link', { name: 'admin key 2', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/keys\/[0-9A-Za-z]{12}$/);
    await expectNoViolations(page, "a key's page");
    await page.goto('/settings/keys');
    await expectNoViolations(page, 'All keys');
    await page.goto('/settings/keys?q=member+key+1');
    await expectNoViolations(page, 'All keys, searched');
    await dialogState(page, 'Disable', () =>
      keyRowNamed(page, 'member key 1').getByRole('button', { name: 'Disable' }).click(),
    );
    await page.goto('/settings/audit-log');
    await expectNoViolations(page, 'Audit log');
    await page.goto('/settings/no-such-page');
    await expectNoViolations(page, '404');
    // The password confirmation (sudo mode) asked for a sensitive change after 10 minutes.
    backdateConfirmation(seeded.owner.email, 11 * 60_000);
    await page.goto('/settings/account');
    // A looser cap needs no preview, so the password dialog is the only one open.
    await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '365 days' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await dialogState(page, 'Confirm your password', async () => {
      await expect(page.getByRole('dialog', { name: 'Confirm your password' })).toBeVisible();
    });
    await seeded.owner.close();
  });
}
