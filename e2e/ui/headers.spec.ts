import { expect, test } from '@playwright/test';
import { newUser } from '../support';

test('HTML responses carry the security headers and no X-Powered-By', async ({ request }) => {
  const response = await request.get('/sign-in');
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-powered-by']).toBeUndefined();
});

test('the page scripts run under the nonce CSP (the page hydrates and works)', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  expect(violations).toEqual([]);
});

test('the Security page is never cached', async ({ browser }) => {
  const { context, page } = await newUser(browser, 'nostore');
  const response = await page.request.get('/settings/security');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('no-store');
  await context.close();
});
