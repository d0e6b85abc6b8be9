import { expect, test } from '@playwright/test';
import { createKey, keyIdOf, newUser } from '../support';

// Issue 4, point 4: whatever is cached or buffered, a revocation is visible to the very next request, under load.
test('under load, once revoke returns no request with the key succeeds', async ({ browser, request }) => {
  const { context, page } = await newUser(browser, 'revoke-load');
  const victim = await createKey(page, 'in flight');
  const admin = await createKey(page, 'revoker');
  await context.close();

  let revokedAt = Number.POSITIVE_INFINITY;
  const lateSuccesses: number[] = [];
  const counts = { ok: 0, refused: 0 };
  const stopAt = Date.now() + 20_000;
  const loop = async () => {
    while (Date.now() < Math.min(stopAt, revokedAt + 1_000)) {
      const sentAt = Date.now();
      const response = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${victim}` } });
      if (response.status() === 200) {
        counts.ok++;
        if (sentAt > revokedAt) lateSuccesses.push(sentAt - revokedAt);
      } else {
        expect(response.status()).toBe(401);
        counts.refused++;
      }
    }
  };
  const loops = Array.from({ length: 8 }, loop);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const revoked = await request.delete(`/api/v1/keys/${keyIdOf(victim)}`, {
    headers: { Authorization: `Bearer ${admin}` },
  });
  expect(revoked.status()).toBe(200);
  revokedAt = Date.now();
  await Promise.all(loops);

  expect(counts.ok).toBeGreaterThan(10);
  expect(counts.refused).toBeGreaterThan(10);
  expect(lateSuccesses).toEqual([]);
});
