import type { Page } from '@playwright/test';

/** Creates an invitation on Settings > Account as the signed-in `page` and returns the link it shows (once). */
export async function createInvitationLink(page: Page, role: 'Admin' | 'Member'): Promise<string> {
  await page.goto('/settings/account');
  await page.getByRole('button', { name: 'Invite member' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Role').selectOption({ label: role });
  await dialog.getByRole('button', { name: 'Create invitation' }).click();
  const link = (await dialog.getByTestId('invitation-link').textContent())!;
  await dialog.getByRole('button', { name: 'Done' }).click();
  return link;
}
