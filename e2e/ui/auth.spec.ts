import { expect, test } from '@playwright/test';
import { newUser, PASSWORD, signIn, signUp, uniqueEmail } from '../support';

test('sign-up creates an account whose first user is its owner', async ({ page }) => {
  const email = uniqueEmail('signup');
  await signUp(page, email);
  await expect(page.getByTestId('current-user')).toHaveText(`${email} · owner`);
  await expect(page.getByTestId('keys-empty')).toBeVisible();
});

test('sign-up explains bad input and keeps the email', async ({ page }) => {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter a valid email address.')).toBeVisible();
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
  await expect(page).toHaveURL(/\/sign-up$/);
});

test('an email can sign up only once', async ({ page, browser }) => {
  const { email, context } = await newUser(browser, 'twice');
  await context.close();
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email.toUpperCase());
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('form-error')).toContainText('already exists');
});

test('sign-in with a wrong password says so; the right one signs in', async ({ page, browser }) => {
  const { email, context } = await newUser(browser, 'signin');
  await context.close();
  await signIn(page, email, 'wrong password!!');
  await expect(page.getByTestId('form-error')).toHaveText('Incorrect email or password.');
  await signIn(page, email);
  await expect(page).toHaveURL(/\/settings\/security$/);
});

test('signed-out visitors are sent to sign-in', async ({ page }) => {
  await page.goto('/settings/security');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/settings/account');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('sign-out ends the session on the server: a replayed cookie no longer works', async ({ browser }) => {
  // The session the real sign-up's sign-in opened.
  const { context, page } = await newUser(browser, 'signout', { via: 'ui' });
  const cookies = await context.cookies();
  expect(cookies.some((c) => c.name.includes('next-auth.session-token'))).toBe(true);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayed = await replay.newPage();
  await replayed.goto('/settings/security');
  await expect(replayed).toHaveURL(/\/sign-in/);
  await replay.close();
});

test('repeated failed sign-ins for one email are slowed down with a clear message', async ({ page, browser }) => {
  const { email, context } = await newUser(browser, 'throttle');
  await context.close();
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signIn(page, email, `wrong password ${attempt}`);
    await expect(page.getByTestId('form-error')).toHaveText('Incorrect email or password.');
  }
  await signIn(page, email, 'wrong password 5');
  await expect(page.getByTestId('form-error')).toContainText('Too many failed sign-in attempts');
  // Even the right password is refused while the email is locked.
  await signIn(page, email);
  await expect(page.getByTestId('form-error')).toContainText('Too many failed sign-in attempts');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('parallel wrong guesses all count: the slow-down cannot be raced', async ({ page, browser }) => {
  const { email, context } = await newUser(browser, 'race');
  await context.close();
  const request = page.request;
  const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
  const guesses = Array.from({ length: 8 }, (_, i) =>
    request.post('/api/auth/callback/credentials', {
      form: { csrfToken, email, password: `parallel guess ${i}`, json: 'true' },
      maxRedirects: 0,
    }),
  );
  await Promise.all(guesses);
  await signIn(page, email);
  await expect(page.getByTestId('form-error')).toContainText('Too many failed sign-in attempts');
});

test('sign-in follows a same-site callback and refuses to leave the site', async ({ page, browser }) => {
  const { email, context } = await newUser(browser, 'callback');
  await context.close();
  await page.goto('/sign-in?callbackUrl=%2Fsettings%2Faccount');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/sign-in?callbackUrl=%2F%5Cevil.example');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/settings\/security$/);
});
