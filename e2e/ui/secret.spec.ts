import { expect, test } from '@playwright/test';
import { BASE_URL } from '../env';
import { createKey, keyRow, me, newUser, recordSecret } from '../support';

// Issue 11, item 3: the one-time secret is never lost by accident.

const LEAVE_WARNING = 'A new secret is still on screen and will not be shown again. Leave this page anyway?';

test('the regenerated secret survives Escape and a click outside until "I have copied it"', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'secret-keep');
  const oldToken = await createKey(page, 'rotate me');
  await page.reload();
  await keyRow(page, oldToken).getByRole('button', { name: 'Regenerate', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
  const secret = dialog.getByTestId('one-time-secret');
  const token = (await secret.textContent())!.trim();
  recordSecret(token);
  // It arrives announced and focused.
  await expect(dialog.getByTestId('new-secret')).toBeFocused();
  await expect(dialog.locator('[aria-live="polite"]').first()).toHaveText(
    'New secret ready. Copy it now: it is shown once.',
  );

  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(secret).toHaveText(token);
  await expect(dialog.getByTestId('secret-close-check')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Keep it open' })).toBeFocused();
  // A second Escape (which the browser may no longer let a page cancel) still keeps it.
  await page.keyboard.press('Escape');
  await expect(secret).toHaveText(token);
  await dialog.getByRole('button', { name: 'Keep it open' }).click();
  await expect(dialog.getByTestId('secret-close-check')).toHaveCount(0);

  // A click on the backdrop, outside the dialog's box.
  const box = (await dialog.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, Math.max(2, box.y - 10));
  await expect(dialog).toBeVisible();
  await expect(secret).toHaveText(token);
  await expect(dialog.getByTestId('secret-close-check')).toBeVisible();

  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  expect((await me(page.request, token)).status()).toBe(200);
  await context.close();
});

test('a plain confirmation dialog still closes on Escape and a click outside', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'secret-plain');
  const token = await createKey(page, 'plain');
  await page.reload();
  const row = keyRow(page, token);
  await row.getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(row.getByRole('button', { name: 'Revoke', exact: true })).toBeFocused();
  await row.getByRole('button', { name: 'Revoke', exact: true }).click();
  const box = (await page.getByRole('dialog').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, Math.max(2, box.y - 10));
  await expect(page.getByRole('dialog')).toBeHidden();
  expect((await me(page.request, token)).status()).toBe(200);
  await context.close();
});

test('a new key: announced, focused, its curl line copied on its own; a second key asks first', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'secret-new');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const token = await createKey(page, 'first');
  await expect(page.getByTestId('new-secret')).toBeFocused();
  await expect(page.getByTestId('toast')).toHaveText(/Key "first" created\. Copy its secret now/);
  await page.getByRole('button', { name: 'Copy curl command' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `curl -H "Authorization: Bearer ${token}" ${BASE_URL}/api/v1/me`,
  );

  // Generating again while the secret is shown asks; Cancel keeps the first secret and sends nothing.
  await page.getByLabel('Name', { exact: true }).fill('second');
  await page.getByRole('button', { name: 'Generate key' }).click();
  const ask = page.getByRole('dialog', { name: 'Generate another key?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('one-time-secret')).toHaveText(token);
  await expect(page.locator('tr[data-key-id]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Generate key' }).click();
  await ask.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByTestId('one-time-secret')).not.toHaveText(token);
  recordSecret((await page.getByTestId('one-time-secret').textContent())!.trim());
  await expect(page.locator('tr[data-key-id]')).toHaveCount(2);

  // Done: the secret goes and the focus lands on the new key's row.
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  await expect(page.locator('tr[data-key-id]:focus')).toHaveCount(1);
  await context.close();
});

test('leaving the page while a secret is shown warns: links of the app, signing out, and unloading the page', async ({
  browser,
}) => {
  const { context, page } = await newUser(browser, 'secret-leave');
  const token = await createKey(page, 'leave me');

  // A link of the app: the router's navigation asks; declining stays with the secret.
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await expect.poll(() => asked).toEqual([`confirm: ${LEAVE_WARNING}`]);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByTestId('one-time-secret')).toHaveText(token);

  // Signing out is a button, not a link: it asks the same; declining stays signed in, with the secret.
  const askedOut: string[] = [];
  page.once('dialog', (dialog) => {
    askedOut.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => askedOut).toEqual([`confirm: ${LEAVE_WARNING}`]);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByTestId('one-time-secret')).toHaveText(token);

  // Closing, reloading or typing another address: the browser's own beforeunload prompt.
  const unload = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.type());
      void dialog.dismiss();
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await unload).toBe('beforeunload');
  expect(page.isClosed()).toBe(false);
  await expect(page.getByTestId('one-time-secret')).toHaveText(token);

  // Once the secret is put away, nothing asks.
  await page.getByRole('button', { name: 'Done' }).click();
  let prompted = false;
  page.on('dialog', (dialog) => {
    prompted = true;
    void dialog.accept();
  });
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  expect(prompted).toBe(false);
  await context.close();
});
