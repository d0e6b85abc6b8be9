import { expect, test } from '@playwright/test';
import document from '../../openapi.json';

// /docs/api: the reference page rendered from openapi.json, public like the document itself.

test('the API reference lists every documented operation and is public', async ({ page }) => {
  const response = await page.goto('/docs/api');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Latchkey API' })).toBeVisible();
  for (const [path, item] of Object.entries(document.paths))
    for (const method of Object.keys(item))
      await expect(
        page.getByRole('heading', { level: 3, name: `${method.toUpperCase()} ${path}`, exact: true }),
      ).toBeVisible();
  await expect(page.getByRole('link', { name: '/api/v1/openapi.json' })).toHaveAttribute(
    'href',
    '/api/v1/openapi.json',
  );
});

test('GET /api/v1/openapi.json serves the committed document without a key', async ({ request }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/json');
  expect(await response.json()).toEqual(document);
});
