import { expect, test } from '@playwright/test';
import { LoopbackClient } from '../loopback-http';
import { createKey, keyIdOf, me, newUser, withDb } from '../support';

// Issue #9 item 5: a leak report's url and source are the reporter's words, shown to the key's owner and in the audit
// log. Bidi overrides, NUL, ESC and other control characters are removed by the rule key names follow; markup stays
// text. Reports from 127.0.0.31, an address of this spec's own (leaked-keys.spec.ts uses 127.0.0.2x).

const BIDI_URL = 'https://github.com/acme/app/blob/abc/\u202Egnp.exe\u0000\u001b[31m<b>bold</b>.env';
const CLEAN_URL = 'https://github.com/acme/app/blob/abc/gnp.exe[31m<b>bold</b>.env';

test('the notice and the audit log show a report`s url and source without control or bidi characters, as text', async ({
  browser,
  request,
}) => {
  const owner = await newUser(browser, 'leak-text');
  const token = await createKey(owner.page, 'leaky');
  const reporter = new LoopbackClient('127.0.0.31');
  const response = await reporter.fetch('/api/v1/leaked-keys', {
    method: 'POST',
    json: [{ token, type: 'latchkey_api_key', url: BIDI_URL, source: 'con\u2066tent\u0000\u001b' }],
  });
  expect(response.status).toBe(202);
  await expect.poll(async () => (await me(request, token)).status()).toBe(401);

  const detail = withDb((db) =>
    db
      .prepare("SELECT detail FROM audit_log WHERE action = 'key.leak_reported' AND target_key_id = ?")
      .get(keyIdOf(token)),
  ) as {
    detail: string;
  };
  expect(JSON.parse(detail.detail)).toEqual({ url: CLEAN_URL, source: 'content', type: 'latchkey_api_key' });

  await owner.page.goto('/settings/security');
  const item = owner.page.getByTestId('leak-notice').locator(`li[data-key-id="${keyIdOf(token)}"]`);
  await expect(item).toContainText(`source: content · found at ${CLEAN_URL}`);
  const noticeText = (await item.textContent())!;
  expect(noticeText).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
  await expect(item.locator('b')).toHaveCount(0);

  await owner.page.goto('/settings/audit-log?action=key.leak_reported');
  const row = owner.page.locator('tbody tr[data-action="key.leak_reported"]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`Revoked after a leak report (content); found at ${CLEAN_URL}`);
  expect((await row.textContent())!).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
  await expect(row.locator('b')).toHaveCount(0);
  await owner.context.close();
});
