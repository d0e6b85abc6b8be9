import { expect, test, type Browser } from '@playwright/test';
import { BASE_URL, E2E_PORT } from '../env';
import { newUser, PASSWORD, watchPayloads } from '../support';

// Issue 9, item 1: after a genuine sign-in, the callback URL is followed only on the app's own origin, however it
// is spelled. Spellings whose path normalises to "//host" (dot segments, encoded dots or slashes, the app's own
// origin followed by "//") used to reach the client router as a protocol-relative URL and leave the site.

const HOME = '/settings/security';
let email: string;

test.beforeAll(async ({ browser }) => {
  const user = await newUser(browser, 'callback');
  email = user.email;
  await user.context.close();
});

/** Signs in on /sign-in?callbackUrl=<spelling> in a fresh context and returns the URL the browser ends on. */
async function signInWithCallback(browser: Browser, callbackUrl: string) {
  const context = await browser.newContext();
  watchPayloads(context);
  // Any other host answers with a marker page, so leaving the origin is seen as such (not as a DNS error).
  await context.route(
    (url) => url.origin !== BASE_URL,
    (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>elsewhere</h1>' }),
  );
  const page = await context.newPage();
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin !== BASE_URL || url.pathname !== '/sign-in', { timeout: 30_000 });
  const landed = new URL(page.url());
  // The sign-in was genuine: the session works on the dashboard.
  await page.goto(HOME);
  await expect(page.getByTestId('current-user')).toHaveText(`${email} · owner`);
  await context.close();
  return landed;
}

for (const [spelling, path] of [
  ['/.//evil.example', '/evil.example'],
  ['/%2e//evil.example', '/evil.example'],
  ['/..//evil.example', '/evil.example'],
  [`http://127.0.0.1:${E2E_PORT}//evil.example`, '/evil.example'],
  ['/%2f%2fevil.example', '/evil.example'],
  ['/\\evil.example', HOME],
  ['//evil.example', HOME],
  ['https://evil.example/settings/security', HOME],
] as const) {
  test(`callbackUrl ${JSON.stringify(spelling)} stays on the app's origin after sign-in`, async ({ browser }) => {
    const landed = await signInWithCallback(browser, spelling);
    expect(landed.origin).toBe(BASE_URL);
    expect(landed.pathname).toBe(path);
  });
}

test('a same-origin callback is followed with its query and fragment', async ({ browser }) => {
  const landed = await signInWithCallback(browser, '/settings/security?x=1#y');
  expect(landed.href).toBe(`${BASE_URL}/settings/security?x=1#y`);
});
