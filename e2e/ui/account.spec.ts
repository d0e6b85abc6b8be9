import { expect, test, type Page } from '@playwright/test';
import {
  captureAction,
  invite,
  createKey,
  DAY,
  keyIdOf,
  keyRow,
  me,
  newUser,
  replayAction,
  seedKey,
  tamperAction,
  withDb,
} from '../support';

const capOf = (email: string) =>
  withDb(
    (db) =>
      (
        db
          .prepare(
            'SELECT a.max_key_lifetime_days AS cap FROM accounts a JOIN users u ON u.account_id = a.id WHERE u.email = ?',
          )
          .get(email) as { cap: number | null }
      ).cap,
  );

/** Chooses a cap and saves it; `confirm` answers the confirmation that lowering the cap asks for. */
async function setCap(page: Page, label: string, { confirm }: { confirm: boolean }) {
  await page.goto('/settings/account');
  await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  if (confirm) {
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('cap-preview')).toBeVisible();
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();
  }
  await expect(page.getByTestId('form-success')).toHaveText('Maximum key lifetime saved.');
}

test('a cap hides longer choices, and the server refuses a forged longer expiry', async ({ browser }) => {
  const { context, page, email } = await newUser(browser, 'cap');
  await setCap(page, '30 days', { confirm: true });
  expect(capOf(email)).toBe(30);

  await page.goto('/settings/security');
  const expiration = page.getByLabel('Expiration', { exact: true });
  const offered = await expiration.locator('option').allTextContents();
  expect(offered).toEqual(['7 days', '30 days', 'Custom date']);

  // Forge the form: add an option the page does not offer and submit it.
  await page.getByLabel('Name', { exact: true }).fill('forged');
  for (const value of ['365', 'never', '90']) {
    await expiration.evaluate((select: HTMLSelectElement, v) => {
      const option = document.createElement('option');
      option.value = v;
      option.textContent = `forged ${v}`;
      select.append(option);
      select.value = v;
    }, value);
    await page.getByRole('button', { name: 'Generate key' }).click();
    await expect(page.getByTestId('form-error')).toContainText('30 days');
    await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  }
  // A custom date past the cap is refused too.
  await expiration.selectOption({ label: 'Custom date' });
  const dateInput = page.getByLabel('Expires on');
  await dateInput.evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
  await dateInput.fill(new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Generate key' }).click();
  await expect(page.getByTestId('form-error')).toContainText('at most 30 days');
  await expect(page.getByTestId('keys-empty')).toBeVisible();
  await context.close();
});

test('lowering the cap previews its effect, asks to confirm, and applies to existing keys on the next call', async ({
  browser,
}) => {
  const { context, page, email } = await newUser(browser, 'preview');
  const fresh = await createKey(page, 'fresh', '90 days');
  const old = seedKey(email, {
    name: 'forty days old',
    createdAt: Date.now() - 40 * DAY,
    expiresAt: Date.now() + 50 * DAY,
  });
  seedKey(email, {
    name: 'already revoked',
    createdAt: Date.now() - 40 * DAY,
    expiresAt: null,
    revokedAt: Date.now() - DAY,
  });
  expect((await me(page.request, old)).status()).toBe(200);

  await page.goto('/settings/account');
  await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '30 days' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('cap-preview')).toHaveText(
    '2 keys would be shortened, and 1 key would stop working at once.',
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Maximum key lifetime', { exact: true })).toHaveValue('30');
  expect(capOf(email)).toBeNull();
  expect((await me(page.request, old)).status()).toBe(200);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByTestId('form-success')).toBeVisible();
  expect(capOf(email)).toBe(30);

  expect((await me(page.request, old)).status()).toBe(401);
  const freshBody = await (await me(page.request, fresh)).json();
  expect(Date.parse(freshBody.key.effectiveExpiresAt)).toBeLessThanOrEqual(Date.now() + 30 * DAY);
  expect(Date.parse(freshBody.key.expiresAt)).toBeGreaterThan(Date.now() + 89 * DAY);

  await page.goto('/settings/security');
  await expect(keyRow(page, old).getByTestId('key-status')).toHaveText('Expired');
  await expect(keyRow(page, fresh).getByTestId('shortened-by-policy')).toBeVisible();
  await expect(keyRow(page, old).getByRole('button', { name: 'Regenerate', exact: true })).toHaveCount(0);

  // Raising the cap again needs no confirmation and brings the old key back within its own expiry.
  await setCap(page, 'No limit', { confirm: false });
  expect((await me(page.request, old)).status()).toBe(200);
  await context.close();
});

test('invitations: a one-time link signs a new member up into the account', async ({ browser }) => {
  const owner = await newUser(browser, 'inviter');
  // The invitation dialog and the sign-up form its link opens are the subject: the real flow.
  const member = await invite(owner.page, browser, 'Member', { via: 'ui' });
  await expect(member.page.getByTestId('current-user')).toHaveText(`${member.email} · member`);

  // The member's key belongs to the inviting account.
  const token = await createKey(member.page, 'member key');
  const body = await (await me(member.page.request, token)).json();
  const ownerToken = await createKey(owner.page, 'owner key');
  const ownerBody = await (await me(owner.page.request, ownerToken)).json();
  expect(body.account.id).toBe(ownerBody.account.id);

  // The link works once.
  const again = await browser.newContext();
  const page = await again.newPage();
  await page.goto(member.link);
  await expect(page.getByTestId('invitation-invalid')).toBeVisible();
  await page.goto('/invite/not-a-real-token');
  await expect(page.getByTestId('invitation-invalid')).toBeVisible();
  await again.close();

  const admin = await invite(owner.page, browser, 'Admin', { via: 'ui' });
  await expect(admin.page.getByTestId('current-user')).toHaveText(`${admin.email} · admin`);
  await admin.page.goto('/settings/account');
  await expect(admin.page.getByLabel('Maximum key lifetime', { exact: true })).toBeVisible();
  await Promise.all([owner.context.close(), member.context.close(), admin.context.close()]);
});

test('a member sees the policy read-only and cannot change it, even with a forged request', async ({ browser }) => {
  const owner = await newUser(browser, 'policy-owner');
  const member = await invite(owner.page, browser, 'Member');

  await member.page.goto('/settings/account');
  await expect(member.page.getByTestId('cap-readonly')).toContainText('No limit');
  await expect(member.page.getByLabel('Maximum key lifetime', { exact: true })).toHaveCount(0);
  await expect(member.page.getByRole('button', { name: 'Invite member' })).toHaveCount(0);

  // The owner's own "Save" request, replayed with the member's session.
  await owner.page.goto('/settings/account');
  await owner.page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '365 days' });
  const action = await captureAction(owner.page, '/settings/account', () =>
    owner.page.getByRole('button', { name: 'Save', exact: true }).click(),
  );
  const response = await replayAction(member.page.request, '/settings/account', action);
  expect(response.status()).toBeLessThan(500);
  expect(await response.text()).toContain('You do not have permission');
  expect(capOf(owner.email)).toBeNull();
  await Promise.all([owner.context.close(), member.context.close()]);
});

test("a member cannot revoke or regenerate the owner's keys, and another account sees nothing of them", async ({
  browser,
}) => {
  // Three sign-ups (scrypt) and four forged round trips: allow for a loaded machine.
  test.setTimeout(120_000);
  const owner = await newUser(browser, 'victim');
  const ownerToken = await createKey(owner.page, 'owner only');
  const member = await invite(owner.page, browser, 'Member');
  const stranger = await newUser(browser, 'stranger');

  // Neither sees the owner's key.
  for (const other of [member.page, stranger.page]) {
    await other.goto('/settings/security');
    await expect(other.getByTestId('keys-empty')).toBeVisible();
    expect(await other.content()).not.toContain(keyIdOf(ownerToken));
  }

  // Each sends a revoke and a regenerate of their own key from their own browser, retargeted at the owner's key id.
  for (const attacker of [member.page, stranger.page]) {
    const own = await createKey(attacker, 'bait');
    for (const button of ['Revoke', 'Regenerate'] as const) {
      await keyRow(attacker, own).getByRole('button', { name: button, exact: true }).click();
      const dialog = attacker.getByRole('dialog');
      const text = await tamperAction(attacker, '/settings/security', keyIdOf(own), keyIdOf(ownerToken), () =>
        dialog.getByRole('button', { name: button, exact: true }).click(),
      );
      expect(text).toContain('That key does not exist, or it is not yours.');
      expect(text).not.toMatch(/lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}/);
      await expect(dialog.getByTestId('form-error')).toHaveText('That key does not exist, or it is not yours.');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    }
    expect((await me(attacker.request, own)).status()).toBe(200);
  }
  expect((await me(owner.page.request, ownerToken)).status()).toBe(200);
  await owner.page.goto('/settings/security');
  await expect(keyRow(owner.page, ownerToken).getByTestId('key-status')).toHaveText('Active');
  await Promise.all([owner.context.close(), member.context.close(), stranger.context.close()]);
});
