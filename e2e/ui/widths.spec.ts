import { expect, test, type Page } from '@playwright/test';
import { recordSecret } from '../support';
import {
  expectDialogInside,
  expectFocusKept,
  expectNoPageOverflow,
  expectRowsInside,
  HEIGHT,
  WIDTHS,
} from '../layout-checks';
import { backdateConfirmation } from '../session-support';
import { seedWorstCase } from '../worst-case';

// Issue 11, item 1 (and 4's focus): every dashboard page and every dialog holds at every width with the worst-case
// data: the page never scrolls sideways, every row and its actions stay inside the viewport, dialogs are wholly
// inside it, and after each action the focus is somewhere, never <body>.

const PAGES = [
  '/settings/security',
  '/settings/account',
  '/settings/members',
  '/settings/service-accounts',
  '/settings/keys',
  '/settings/audit-log',
];

/** The row of the key called exactly `name` ("admin key 1", not "admin key 10"). */
const keyRowNamed = (page: Page, name: string) =>
  page
    .locator('tr[data-key-id]')
    .filter({ has: page.locator('td[data-cell="primary"]', { hasText: new RegExp(`^${name}$`) }) });

/** Opens a dialog with `open`, checks it fits, closes it with Cancel and checks the focus went back somewhere. */
async function checkDialog(page: Page, what: string, open: () => Promise<void>) {
  await open();
  const dialog = page.getByRole('dialog');
  await expectDialogInside(page, dialog, what);
  // Left-aligned wherever it is rendered (the Remove dialog used to inherit its table cell's text-right).
  expect(await dialog.evaluate((d) => getComputedStyle(d).textAlign), `${what}: text alignment`).toBe('left');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expectFocusKept(page, `${what}, cancelled`);
}

for (const width of WIDTHS) {
  test(`every page, row and dialog fits at ${width}px and focus is kept after actions`, async ({ browser }) => {
    test.setTimeout(180_000);
    const seeded = await seedWorstCase(browser, `w${width}`);
    const page = seeded.owner.page;
    await page.setViewportSize({ width, height: HEIGHT });

    for (const path of PAGES) {
      await page.goto(path);
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Something went wrong' })).toHaveCount(0);
      await expectNoPageOverflow(page, path);
      await expectRowsInside(page, path);
    }

    // The navigation: a Menu on narrow screens, marking the current page either way.
    await page.goto('/settings/members');
    const nav = page.getByRole('navigation', { name: 'Settings' });
    if (width < 1024) {
      await expect(nav.getByRole('link', { name: 'Members' })).toBeHidden();
      await page.getByRole('button', { name: 'Menu' }).click();
      await expectNoPageOverflow(page, 'menu open');
    }
    await expect(nav.getByRole('link', { name: 'Members' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: 'Security' })).not.toHaveAttribute('aria-current', 'page');

    // Security: the row dialogs, the regenerated secret with its close check, and a second generation's question.
    await page.goto('/settings/security');
    const spare = keyRowNamed(page, 'Spare key');
    await checkDialog(page, 'Regenerate', () => spare.getByRole('button', { name: 'Regenerate', exact: true }).click());
    await checkDialog(page, 'Revoke', () => spare.getByRole('button', { name: 'Revoke', exact: true }).click());

    await keyRowNamed(page, 'Verifier').getByRole('button', { name: 'Regenerate', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
    recordSecret((await dialog.getByTestId('one-time-secret').textContent())!.trim());
    await expectDialogInside(page, dialog, 'regenerated secret');
    await expectFocusKept(page, 'regenerated');
    await page.keyboard.press('Escape');
    await expect(dialog.getByTestId('secret-close-check')).toBeVisible();
    await expectDialogInside(page, dialog, 'regenerated secret, asking');
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    await expect(dialog).toBeHidden();
    await expectFocusKept(page, 'regenerated secret closed');

    const form = page.getByRole('region', { name: 'Generate a new key' });
    await form.getByLabel('Name', { exact: true }).fill(`made at ${width}`);
    await form.getByRole('button', { name: 'Generate key' }).click();
    const secret = form.getByTestId('one-time-secret');
    recordSecret((await secret.textContent())!.trim());
    await expectFocusKept(page, 'key created');
    await expectNoPageOverflow(page, 'secret shown');
    await form.getByLabel('Name', { exact: true }).fill(`second at ${width}`);
    await checkDialog(page, 'generate another', () => form.getByRole('button', { name: 'Generate key' }).click());
    await form.getByRole('button', { name: 'Done' }).click();
    await expect(secret).toHaveCount(0);
    await expectFocusKept(page, 'secret done');

    // Account: invitation and the cap's preview.
    await page.goto('/settings/account');
    await checkDialog(page, 'Invite member', () => page.getByRole('button', { name: 'Invite member' }).click());
    await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '7 days' });
    await checkDialog(page, 'Lower the cap', () => page.getByRole('button', { name: 'Save', exact: true }).click());

    // Members: removing (with the offboarding list), revoking an invitation, a role "change" that changes nothing.
    await page.goto('/settings/members');
    const lockedRow = page.locator('tr[data-member]').filter({ has: page.getByTestId('sign-in-locked') });
    await checkDialog(page, 'Remove member', () => lockedRow.getByRole('button', { name: 'Remove' }).click());
    await checkDialog(page, 'Revoke invitation', () =>
      page.getByRole('button', { name: 'Revoke invitation' }).first().click(),
    );
    const memberRow = page.locator(`tr[data-member="${seeded.memberEmail}"]`);
    await memberRow.getByRole('button', { name: 'Change role' }).click();
    await expect(memberRow.getByTestId('form-success')).toHaveText('No change: that is already their role.');
    await expectFocusKept(page, 'role unchanged');
    await expect(page.getByTestId('toast')).toHaveCount(0);
    await lockedRow.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
    await expect(page.getByTestId('toast')).toContainText('Removed');
    await expect(lockedRow).toHaveCount(0);
    await expectFocusKept(page, 'member removed');
    await page.getByRole('button', { name: 'Revoke invitation' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
    await expect(page.getByTestId('toast')).toHaveText(/Invitation revoked\./);
    await expectFocusKept(page, 'invitation revoked');

    // All keys: the first of its pages at this width, then Disable and Revoke ask; revoking keeps the focus on the row.
    await page.goto('/settings/keys');
    await expectNoPageOverflow(page, 'all keys, first page');
    await page.goto('/settings/keys?q=admin+key+1');
    const adminKey = keyRowNamed(page, 'admin key 1');
    await checkDialog(page, 'Disable', () => adminKey.getByRole('button', { name: 'Disable' }).click());
    await adminKey.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(adminKey.getByTestId('key-status')).toHaveText('Revoked');
    await expect(page.getByTestId('toast')).toHaveText(/Revoked "admin key 1"\./);
    await expectFocusKept(page, 'key revoked');
    await expectNoPageOverflow(page, 'keys after revoke');

    // Service accounts: the list, then one account's page with its keys, and a service account key's dialog.
    await page.goto('/settings/service-accounts');
    await page.getByRole('link', { name: 'service-2', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/service-accounts\/[0-9a-f-]+$/);
    await expectNoPageOverflow(page, 'a service account page');
    // A key's own page, from its row in All keys and in Security.
    // 50 keys a page: found by searching, as a person would.
    await page.goto('/settings/keys?q=admin+key+2');
    await keyRowNamed(page, 'admin key 2').getByRole('link', { name: 'admin key 2', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/keys\/[0-9A-Za-z]{12}$/);
    await expectNoPageOverflow(page, "an account key's page");
    await page.goto('/settings/security');
    await keyRowNamed(page, 'Spare key').getByRole('link', { name: 'Spare key', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/security\/keys\/[0-9A-Za-z]{12}$/);
    await expectNoPageOverflow(page, "a key's page");
    await page.goto('/settings/service-accounts');
    await page.getByRole('link', { name: 'service-2', exact: true }).click();
    await checkDialog(page, 'Revoke a service key', () =>
      keyRowNamed(page, 'sa 2 key 1').getByRole('button', { name: 'Revoke', exact: true }).click(),
    );
    // The password confirmation (sudo mode) asked for a sensitive change after 10 minutes.
    backdateConfirmation(seeded.owner.email, 11 * 60_000);
    await page.goto('/settings/account');
    // A looser cap needs no preview, so the password dialog is the only one open.
    await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '365 days' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await checkDialog(page, 'Confirm your password', async () => {
      await expect(page.getByRole('dialog', { name: 'Confirm your password' })).toBeVisible();
    });
    await seeded.owner.close();
  });
}
