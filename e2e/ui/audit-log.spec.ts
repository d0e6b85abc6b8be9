import { expect, test, type Page } from '@playwright/test';
import { BASE_URL } from '../env';
import {
  createKey,
  invite,
  keyIdOf,
  keyRow,
  me,
  newUser,
  PASSWORD,
  recordSecret,
  signIn,
  uniqueEmail,
  userIds,
  withDb,
} from '../support';

const AUDIT = '/settings/audit-log';
const rows = (page: Page) => page.locator('tbody tr[data-audit-id]');
const rowFor = (page: Page, action: string) => page.locator(`tbody tr[data-action="${action}"]`);
const ids = async (page: Page) =>
  await rows(page).evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-audit-id'))));

/** Inserts audit rows straight into this run's database, as if written over time. */
function seedAudit(
  accountId: string,
  entries: { action: string; actorLabel: string; createdAt: number; targetKeyId?: string }[],
) {
  withDb((db) => {
    const insert = db.prepare(
      'INSERT INTO audit_log (account_id, actor_label, action, target_key_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const e of entries)
        insert.run(
          accountId,
          e.actorLabel,
          e.action,
          e.targetKeyId ?? null,
          JSON.stringify({ seeded: true }),
          e.createdAt,
        );
    })();
  });
}

/** A small RFC 4180 reader, so the test checks the CSV as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(quoted, 'unterminated quoted field').toBe(false);
  expect(cell === '' && record.length === 0, 'the file ends with CRLF').toBe(true);
  return records;
}

test('real actions through the UI are logged with actor, action, target and user agent', async ({ browser }) => {
  // Through the sign-up form: the sign-up and its sign-in are among the actions logged.
  const owner = await newUser(browser, 'audit-actions', { via: 'ui' });
  const { page } = owner;
  const token = await createKey(page, 'deploy bot');
  const keyId = keyIdOf(token);

  await keyRow(page, token).getByRole('button', { name: 'Regenerate', exact: true }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
  const rotated = (await dialog.getByTestId('one-time-secret').textContent())!.trim();
  recordSecret(rotated);
  await dialog.getByRole('button', { name: 'Done' }).click();

  await keyRow(page, token).getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(keyRow(page, token).getByTestId('key-status')).toHaveText('Revoked');

  await page.goto('/settings/account');
  await page.getByLabel('Maximum key lifetime', { exact: true }).selectOption({ label: '90 days' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByTestId('form-success')).toBeVisible();

  await page.getByRole('button', { name: 'Invite member' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Create invitation' }).click();
  await expect(dialog.getByTestId('invitation-link')).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Sign-ins from another browser: an unknown email (logged nowhere), a wrong password, then the right one.
  const visitor = await browser.newContext({ userAgent: 'AuditSpec/1.0 (sign-in)' });
  const visitorPage = await visitor.newPage();
  // Each attempt runs scrypt (128 MiB): allow for a loaded machine, as signUp does.
  const scrypt = { timeout: 30_000 };
  const stranger = uniqueEmail('audit-nobody');
  await signIn(visitorPage, stranger, 'not the password');
  await expect(visitorPage.getByTestId('form-error')).toHaveText('Incorrect email or password.', scrypt);
  await signIn(visitorPage, owner.email, 'wrong password!!');
  await expect(visitorPage.getByTestId('form-error')).toHaveText('Incorrect email or password.', scrypt);
  await signIn(visitorPage, owner.email);
  await expect(visitorPage).toHaveURL(/\/settings\/security$/, scrypt);
  await visitor.close();

  // The revoked key is refused; the caller hears invalid_token, the log keeps the reason.
  const refused = await page.request.get('/api/v1/me', {
    headers: { Authorization: `Bearer ${rotated}`, 'User-Agent': 'curl/8.5.0' },
  });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('invalid_token');

  await page.goto(AUDIT);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  for (const column of ['Time', 'Actor', 'Action', 'Target', 'IP', 'User agent']) {
    await expect(page.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  // Newest first.
  await expect(rows(page).first()).toHaveAttribute('data-action', 'api.refused');

  const expectations: [string, string[]][] = [
    ['account.created', [owner.email, 'Account created']],
    ['key.created', [owner.email, 'Key created', 'deploy bot', keyId]],
    ['key.regenerated', [owner.email, 'Key regenerated', keyId, 'Old secret stopped working at once']],
    ['key.revoked', [owner.email, 'Key revoked', keyId, 'deploy bot']],
    [
      'account.max_key_lifetime_changed',
      [owner.email, 'Maximum key lifetime changed', 'No limit → 90 days', 'Account'],
    ],
    ['invitation.created', [owner.email, 'Invitation created', 'Invitation (member)']],
    ['auth.sign_in_failed', [owner.email, 'Sign-in failed', 'Wrong password', 'AuditSpec/1.0 (sign-in)']],
    [
      'api.refused',
      [`key ${keyId}`, 'API call refused', 'Reason: key revoked (revoked)', 'GET /api/v1/me', 'curl/8.5.0'],
    ],
  ];
  for (const [action, texts] of expectations) {
    const row = rowFor(page, action);
    await expect(row, action).toHaveCount(1);
    for (const text of texts) await expect(row, `${action} shows ${text}`).toContainText(text);
  }
  // The sign-up's own sign-in, and the one from the other browser with its user agent.
  await expect(rowFor(page, 'auth.signed_in')).toHaveCount(2);
  await expect(rowFor(page, 'auth.signed_in').filter({ hasText: 'AuditSpec/1.0 (sign-in)' })).toContainText(
    owner.email,
  );
  // Cells by column: Actor, Action, Target of the revocation.
  const revoked = rowFor(page, 'key.revoked').getByRole('cell');
  await expect(revoked.nth(1)).toHaveText(owner.email);
  await expect(revoked.nth(2)).toContainText('key.revoked');
  await expect(revoked.nth(3)).toContainText(keyId);

  // Nothing of the unknown email, and no password or secret anywhere in the log.
  const stored = withDb((db) => db.prepare('SELECT * FROM audit_log').all() as Record<string, unknown>[]);
  const dump = JSON.stringify(stored);
  expect(dump).not.toContain(stranger);
  for (const secret of [PASSWORD, 'wrong password!!', 'not the password', token.split('_')[2], rotated.split('_')[2]]) {
    expect(dump).not.toContain(secret);
  }
  expect(await page.content()).not.toContain(rotated.split('_')[2]);
  await owner.context.close();
});

test('filters by action, key id, actor and date range; bad input gets a message', async ({ browser }) => {
  const { context, page, email } = await newUser(browser, 'audit-filter');
  const first = await createKey(page, 'first key');
  const second = await createKey(page, 'second key');
  await keyRow(page, first).getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(keyRow(page, first).getByTestId('key-status')).toHaveText('Revoked');
  await keyRow(page, second).getByRole('button', { name: 'Regenerate', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Regenerate', exact: true }).click();
  recordSecret((await page.getByRole('dialog').getByTestId('one-time-secret').textContent())!.trim());
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

  const { accountId } = userIds(email);
  const at = (iso: string) => Date.parse(iso);
  seedAudit(accountId, [
    { action: 'test.dated', actorLabel: 'before-range@example.com', createdAt: at('2024-03-01T23:59:59.999Z') },
    { action: 'test.dated', actorLabel: 'range-start@example.com', createdAt: at('2024-03-02T00:00:00.000Z') },
    { action: 'test.dated', actorLabel: 'range-end@example.com', createdAt: at('2024-03-05T23:59:59.999Z') },
    { action: 'test.dated', actorLabel: 'after-range@example.com', createdAt: at('2024-03-06T00:00:00.000Z') },
  ]);

  await page.goto(AUDIT);
  // By action, from the select of actions that occur in this account.
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Key revoked' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=key\.revoked/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rowFor(page, 'key.revoked')).toContainText(keyIdOf(first));
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
    'href',
    `${AUDIT}/export?action=key.revoked`,
  );

  // By key id: the rows that acted on the second key only.
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'All actions' });
  await page.getByLabel('Key ID', { exact: true }).fill(keyIdOf(second));
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`keyId=${keyIdOf(second)}`));
  await expect(rows(page)).toHaveCount(2);
  expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual([
    'key.regenerated',
    'key.created',
  ]);
  for (const row of await rows(page).all()) await expect(row).toContainText(keyIdOf(second));

  // By date range: whole UTC days, both ends included.
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page).toHaveURL(new RegExp(`${AUDIT}$`));
  await expect(page.getByLabel('Key ID', { exact: true })).toHaveValue('');
  await page.getByLabel('From', { exact: true }).fill('2024-03-02');
  await page.getByLabel('To', { exact: true }).fill('2024-03-05');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/from=2024-03-02&to=2024-03-05/);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toContainText('range-end@example.com');
  await expect(rows(page).nth(1)).toContainText('range-start@example.com');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2024-03-02');

  // By actor: part of a label.
  await page.goto(`${AUDIT}?actor=${encodeURIComponent('after-range')}`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText('after-range@example.com');

  // Nothing matches: an empty state, not an empty table.
  await page.goto(`${AUDIT}?keyId=AAAAAAAAAAAA`);
  await expect(page.getByTestId('audit-empty')).toContainText('No events match these filters');
  await expect(page.locator('table')).toHaveCount(0);

  // Bad input: a clear message and the form, never a crash.
  for (const [query, message] of [
    ['from=2024-02-30', 'From must be a date like 2026-01-31.'],
    ['to=yesterday', 'To must be a date like 2026-01-31.'],
    ['from=2024-03-05&to=2024-03-02', 'From must be on or before To.'],
    ['sort=asc', 'Unknown filter "sort"'],
    ['before=abc', 'That page link is not valid'],
  ] as const) {
    const response = await page.goto(`${AUDIT}?${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByTestId('form-error'), query).toContainText(message);
    await expect(page.getByRole('button', { name: 'Filter' })).toBeVisible();
  }
  // A whole token pasted into Key ID: the field keeps only 12 characters, so it never reaches the URL from the form;
  // sent in a hand-made URL it is refused and not put back into the field.
  await expect(page.getByLabel('Key ID', { exact: true })).toHaveAttribute('maxlength', '12');
  const pasted = `lk_${keyIdOf(second)}_${'x'.repeat(38)}`;
  await page.goto(`${AUDIT}?keyId=${pasted}`);
  await expect(page.getByTestId('form-error')).toContainText('not the whole key');
  await expect(page.getByLabel('Key ID', { exact: true })).toHaveValue('');
  const badExport = await page.request.get(`${AUDIT}/export?from=2024-13-01`);
  expect(badExport.status()).toBe(400);
  expect(await badExport.text()).toContain('From must be a date like');
  await context.close();
});

test('thousands of rows page 50 at a time, newest first, without gaps or repeats', async ({ browser }) => {
  const { context, page, email } = await newUser(browser, 'audit-pages');
  const { accountId } = userIds(email);
  const start = Date.now() - 2500 * 60_000;
  seedAudit(
    accountId,
    Array.from({ length: 2500 }, (_, i) => ({
      action: 'test.seeded',
      actorLabel: `seed-${i}@example.com`,
      createdAt: start + i * 60_000,
    })),
  );

  await page.goto(AUDIT);
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toContainText('seed-2499@example.com');
  await expect(rows(page).last()).toContainText('seed-2450@example.com');
  await expect(page.getByRole('link', { name: 'Newer' })).toHaveCount(0);
  const firstPage = await ids(page);

  await page.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/before=\d+/);
  await expect(rows(page).first()).toContainText('seed-2449@example.com');
  await expect(rows(page)).toHaveCount(50);
  const secondPage = await ids(page);
  expect(new Set([...firstPage, ...secondPage]).size).toBe(100);
  expect(Math.max(...secondPage)).toBeLessThan(Math.min(...firstPage));
  const ordered = [...firstPage, ...secondPage];
  expect(ordered).toEqual([...ordered].sort((a, b) => b - a));

  await page.getByRole('link', { name: 'Newer' }).click();
  await expect(page).toHaveURL(/after=\d+/);
  await expect(rows(page).first()).toContainText('seed-2499@example.com');
  expect(await ids(page)).toEqual(firstPage);

  // Filters carry through the pages.
  await page.goto(`${AUDIT}?action=test.seeded`);
  await expect(page.getByRole('link', { name: 'Older' })).toHaveAttribute(
    'href',
    new RegExp(`^${AUDIT}\\?action=test\\.seeded&before=\\d+$`),
  );
  // The oldest page: the sign-up's own rows are last, and there is nothing older.
  const seed0 = Math.min(...firstPage) - 2450; // the seeded rows were inserted in one transaction: consecutive ids
  await page.goto(`${AUDIT}?before=${seed0 + 1}`);
  await expect(rows(page).first()).toContainText('seed-0@example.com');
  await expect(rows(page).last()).toHaveAttribute('data-action', 'account.created');
  await expect(page.getByRole('link', { name: 'Older' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Newer' })).toHaveCount(1);
  await context.close();
});

test('CSV export: same filters, RFC 4180 quoting, formulas neutralised, no secrets', async ({ browser }) => {
  const { context, page, email } = await newUser(browser, 'audit-csv');
  const formula = '=HYPERLINK("http://evil.example/?q=1","Click, me")';
  const token = await createKey(page, formula);
  const plain = await createKey(page, 'plain name');
  expect(keyIdOf(plain)).not.toBe(keyIdOf(token));

  await page.goto(`${AUDIT}?action=key.created`);
  const link = page.getByRole('link', { name: 'Export CSV' });
  await expect(link).toHaveAttribute('href', `${AUDIT}/export?action=key.created`);
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(headers['content-disposition']).toMatch(/^attachment; filename="latchkey-audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(headers['cache-control']).toContain('no-store');

  const text = await response.text();
  const [header = [], ...records] = parseCsv(text);
  expect(header).toEqual([
    'id',
    'time',
    'actor',
    'actor_user_id',
    'actor_key_id',
    'action',
    'description',
    'target_key_id',
    'target',
    'detail',
    'ip',
    'user_agent',
  ]);
  expect(records.map((r) => r[5])).toEqual(['key.created', 'key.created']);
  const byKey = (t: string) => records.find((r) => r[7] === keyIdOf(t))!;
  // The planted formula is quoted (it holds quotes and a comma) and starts with a single quote, so it stays text.
  expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?q=1"",""Click, me"")"`);
  expect(byKey(token)[8]).toBe(`'${formula}`);
  expect(byKey(plain)[8]).toBe('plain name');
  expect(byKey(plain)[2]).toBe(email);
  expect(byKey(plain)[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  for (const record of records) {
    expect(record).toHaveLength(header.length);
    for (const cell of record) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  }
  for (const secret of [token, plain].flatMap((t) => [t, t.split('_')[2]])) expect(text).not.toContain(secret);

  // Unfiltered, the file holds every row of the account, and a refused call shows up with its reason.
  await page.goto('/settings/security');
  await keyRow(page, plain).getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(keyRow(page, plain).getByTestId('key-status')).toHaveText('Revoked');
  expect((await me(page.request, plain)).status()).toBe(401);
  const all = await page.request.get(`${AUDIT}/export`);
  const allText = await all.text();
  const [, ...allRecords] = parseCsv(allText);
  const { accountId } = userIds(email);
  const count = withDb(
    (db) => (db.prepare('SELECT count(*) AS n FROM audit_log WHERE account_id = ?').get(accountId) as { n: number }).n,
  );
  expect(allRecords).toHaveLength(count);
  const refusal = allRecords.find((r) => r[5] === 'api.refused')!;
  expect(refusal[4]).toBe(keyIdOf(plain));
  expect(refusal[6]).toContain('(revoked)');
  for (const secret of [token, plain].flatMap((t) => [t, t.split('_')[2]])) expect(allText).not.toContain(secret);
  // The export covers every row: a page cursor is not one of its filters.
  expect((await page.request.get(`${AUDIT}/export?before=5`)).status()).toBe(400);
  await context.close();
});

test('members are refused the page and the export; signed-out requests are refused too', async ({
  browser,
  playwright,
}) => {
  const owner = await newUser(browser, 'audit-roles');
  const member = await invite(owner.page, browser, 'Member');
  const admin = await invite(owner.page, browser, 'Admin');

  await member.page.goto(AUDIT);
  await expect(member.page.getByTestId('audit-log-refused')).toHaveText(
    'Only owners and admins can see the audit log.',
  );
  await expect(member.page.locator('table')).toHaveCount(0);
  await expect(member.page.getByRole('link', { name: 'Export CSV' })).toHaveCount(0);
  await expect(
    member.page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }),
  ).toHaveCount(0);
  expect(await member.page.content()).not.toContain(owner.email);

  const refused = await member.page.request.get(`${AUDIT}/export`);
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('Only owners and admins');
  expect(await refused.text()).not.toContain(owner.email);

  const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
  const signedOut = await anonymous.get(`${AUDIT}/export`, { maxRedirects: 0 });
  expect(signedOut.status()).toBe(401);
  expect(await signedOut.text()).not.toContain(owner.email);
  await anonymous.dispose();

  // Admins see the log, including who joined through which invitation.
  await admin.page.goto(AUDIT);
  await expect(rowFor(admin.page, 'invitation.accepted').filter({ hasText: admin.email })).toContainText(
    'Joined as admin',
  );
  await expect(rowFor(admin.page, 'invitation.accepted').filter({ hasText: member.email })).toContainText(
    'Joined as member',
  );
  expect((await admin.page.request.get(`${AUDIT}/export`)).status()).toBe(200);
  await Promise.all([owner.context.close(), member.context.close(), admin.context.close()]);
});

test("another account's rows never appear, whatever the filters", async ({ browser }) => {
  const alice = await newUser(browser, 'audit-alice');
  const bob = await newUser(browser, 'audit-bob');
  const token = await createKey(alice.page, 'alice only');
  const keyId = keyIdOf(token);
  await keyRow(alice.page, token).getByRole('button', { name: 'Revoke', exact: true }).click();
  await alice.page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(keyRow(alice.page, token).getByTestId('key-status')).toHaveText('Revoked');
  // Bob calls the API with Alice's revoked key: the refusal belongs to the key's account, not the caller's.
  expect((await me(bob.page.request, token)).status()).toBe(401);
  // A row of Alice's account naming a key id Bob also filters by.
  seedAudit(userIds(alice.email).accountId, [
    { action: 'test.private', actorLabel: alice.email, createdAt: Date.now(), targetKeyId: keyId },
  ]);

  await bob.page.goto(AUDIT);
  await expect(rows(bob.page)).toHaveCount(2); // his own sign-up and sign-in
  for (const text of [alice.email, keyId, 'alice only']) expect(await bob.page.content()).not.toContain(text);
  for (const query of [
    `?keyId=${keyId}`,
    `?actor=${encodeURIComponent(alice.email)}`,
    `?actor=${keyId}`,
    '?action=key.revoked',
    '?action=test.private',
  ]) {
    await bob.page.goto(`${AUDIT}${query}`);
    // The form shows the filter back; the table has nothing of Alice's.
    await expect(bob.page.getByTestId('audit-empty'), query).toBeVisible();
    expect(await bob.page.content(), query).not.toContain('alice only');
    const csv = await (await bob.page.request.get(`${AUDIT}/export${query}`)).text();
    expect(csv.split('\r\n').filter(Boolean), query).toHaveLength(1); // the header row alone
  }
  const everything = await (await bob.page.request.get(`${AUDIT}/export`)).text();
  expect(everything).not.toContain(alice.email);
  expect(everything).not.toContain(keyId);
  // Bob's action filter offers only what happened in his account.
  await bob.page.goto(AUDIT);
  const offered = await bob.page.getByLabel('Action', { exact: true }).locator('option').allTextContents();
  expect(offered).toEqual(['All actions', 'Account created', 'Signed in']);

  await alice.page.goto(`${AUDIT}?keyId=${keyId}`);
  await expect(rowFor(alice.page, 'api.refused')).toContainText('(revoked)');
  await expect(rowFor(alice.page, 'test.private')).toHaveCount(1);
  await Promise.all([alice.context.close(), bob.context.close()]);
});
