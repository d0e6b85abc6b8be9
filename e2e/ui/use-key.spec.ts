import { expect, test } from '@playwright/test';
import { BASE_URL } from '../env';
import { createKey, newUser } from '../support';

// The "Use a key" box beside a new key's one-time secret: curl, the client and the CLI, with this installation's URL.

test('a new key comes with curl, client and CLI examples for this installation, without repeating the secret', async ({
  browser,
}) => {
  const user = await newUser(browser, 'use-key');
  const token = await createKey(user.page, 'examples');
  const box = user.page.getByTestId('use-key');
  await expect(box.getByRole('heading', { name: 'Use a key' })).toBeVisible();
  await expect(box).toContainText(`export LATCHKEY_URL=${BASE_URL}`);
  await expect(box).toContainText("import { Latchkey } from '@latchkey/client';");
  await expect(box).toContainText(`npx latchkey login --with-token --url ${BASE_URL}`);
  await expect(box).not.toContainText(token);
  await user.page.getByRole('button', { name: 'Done' }).click();
  await expect(box).toHaveCount(0);
  await user.context.close();
});
