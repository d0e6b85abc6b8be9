import type { Browser, Locator, Page } from '@playwright/test';
import { newUser } from './support';
import { seedShowcase } from './showcase';

// The two pages the screenshots show (Settings > Security and one key's page), signed in as a user with the showcase
// keys, in UTC so that every run draws the same dates. Shared by the screenshot tests and `npm run screenshots`.

export const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

export async function showcaseUser(browser: Browser, viewport: { width: number; height: number }, email?: string) {
  const user = await newUser(browser, `screens-${viewport.width}`, {
    ...(email ? { email } : {}),
    contextOptions: { viewport, timezoneId: 'UTC', locale: 'en-GB', deviceScaleFactor: 1 },
  });
  const ids = seedShowcase(user.email);
  return { ...user, ids };
}

/** What changes from run to run on these pages (dates, key ids, the email), masked in the screenshot tests. */
export function volatile(page: Page): Locator[] {
  return [
    page.getByTestId('date'),
    page.getByTestId('relative-date'),
    page.getByTestId('current-user'),
    page.getByTestId('key-id'),
    page.locator('tr[data-key-id] td.font-mono'),
    page.getByTestId('expiry-preview'),
    page.getByTestId('usage-peak'),
    page.locator('[data-testid="usage-chart"] [data-axis="date"]'),
    page.getByTestId('event-description'),
    page.locator('[data-testid="usage-chart"] figcaption'),
    page.getByTestId('event-actor'),
    page.getByTestId('grace-note'),
  ];
}
