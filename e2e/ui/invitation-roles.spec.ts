import { expect, test } from '@playwright/test';
import { BASE_URL } from '../env';
import { createInvitationLink } from '../invitation-link';
import { invite, newUser, PASSWORD, uniqueEmail, watchPayloads, withDb } from '../support';

// Issue #9 item 2: an invitation never grants more than its creator may grant when it is accepted. An admin's Admin
// invitation stops working the moment the owner demotes that admin, also for an invitee who already has it open.

test('a demoted admin`s Admin invitation no longer makes an admin; the invitee is told, the audit log says why', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const owner = await newUser(browser, 'grant-owner');
  const admin = await invite(owner.page, browser, 'Admin');

  // The admin invites another admin.
  const link = await createInvitationLink(admin.page, 'Admin');
  expect(link.startsWith(`${BASE_URL}/invite/`)).toBe(true);

  // The invitee opens the link while it is still good, and fills in the form.
  const inviteeContext = await browser.newContext();
  watchPayloads(inviteeContext);
  const invitee = await inviteeContext.newPage();
  const inviteeEmail = uniqueEmail('grant-invitee');
  await invitee.goto(link);
  await expect(invitee.getByText('You were invited as an admin.')).toBeVisible();
  await invitee.getByLabel('Email').fill(inviteeEmail);
  await invitee.getByLabel('Password').fill(PASSWORD);

  // Meanwhile the owner demotes the admin.
  await owner.page.goto('/settings/members');
  const adminRow = owner.page.locator(`tr[data-member="${admin.email}"]`);
  await adminRow.getByLabel(`Role of ${admin.email}`).selectOption('member');
  await adminRow.getByRole('button', { name: 'Change role' }).click();
  await expect(adminRow.getByText('Role changed.')).toBeVisible();

  // The form that was already open is refused with a clear message, and nobody is created.
  await invitee.getByRole('button', { name: 'Create account' }).click();
  await expect(invitee.getByTestId('form-error')).toHaveText(
    'This invitation is no longer valid: it expired, was revoked or was already used. Ask an owner or admin of the account for a new one.',
  );
  await expect(invitee).toHaveURL(link);
  expect(withDb((db) => db.prepare('SELECT role FROM users WHERE email = ?').get(inviteeEmail))).toBeUndefined();

  // Opening the link again shows it is dead.
  await invitee.goto(link);
  await expect(invitee.getByTestId('invitation-invalid')).toBeVisible();
  await expect(invitee.getByLabel('Email')).toHaveCount(0);

  // The owner's audit log says what happened to it, in words.
  await owner.page.goto('/settings/audit-log?action=invitation.revoked');
  const revoked = owner.page.locator('tbody tr[data-action="invitation.revoked"]');
  await expect(revoked).toHaveCount(1);
  await expect(revoked).toContainText('Invitation revoked');
  await expect(revoked).toContainText('Invitation (admin)');
  await expect(revoked).toContainText(
    `Revoked because its creator ${admin.email} became member and may no longer grant the admin role`,
  );
  await expect(revoked).toContainText(owner.email);
  await Promise.all([owner.context, admin.context, inviteeContext].map((c) => c.close()));
});
