import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignUpGate, DEFAULT_SIGN_UP_LIMIT, SIGN_UP_WINDOW_MS, signUpLimitMessage } from './sign-up-limit';

const T0 = Date.UTC(2026, 0, 10, 12);
const task =
  <T>(value: T) =>
  () =>
    Promise.resolve(value);

describe('sign-up gate', () => {
  it('lets `limit` attempts per address through per window, successes included, then refuses with the wait', async () => {
    const gate = createSignUpGate(3);
    for (let i = 0; i < 3; i++)
      assert.deepEqual(await gate.run('203.0.113.5', T0 + i, task(i)), { ok: true, value: i });
    let ran = false;
    const refused = await gate.run('203.0.113.5', T0 + 60_000, () => {
      ran = true;
      return Promise.resolve(0);
    });
    assert.deepEqual(refused, {
      ok: false,
      message: 'Too many sign-up attempts from your network. Try again in 9 minutes.',
    });
    assert.equal(ran, false, 'a refused attempt is not run (its password is never hashed)');
    // Another address is not affected; after the window the address starts again.
    assert.equal((await gate.run('203.0.113.6', T0 + 60_000, task(1))).ok, true);
    assert.equal((await gate.run('203.0.113.5', T0 + SIGN_UP_WINDOW_MS, task(1))).ok, true);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const gate = createSignUpGate(2);
    assert.equal((await gate.run('2001:db8:1:2::1', T0, task(1))).ok, true);
    assert.equal((await gate.run('2001:db8:1:2:ffff::9', T0, task(1))).ok, true);
    assert.equal((await gate.run('2001:db8:1:2::77', T0, task(1))).ok, false);
    assert.equal((await gate.run('2001:db8:1:3::1', T0, task(1))).ok, true);
  });

  it('counts parallel attempts as they arrive and runs one at a time per address', async () => {
    const gate = createSignUpGate(4);
    let running = 0;
    let most = 0;
    const slow = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return true;
    };
    const results = await Promise.all(Array.from({ length: 7 }, () => gate.run('198.51.100.1', T0, slow)));
    assert.equal(results.filter((r) => r.ok).length, 4);
    assert.equal(most, 1);
  });

  it('a failing attempt still counts and does not block the queue', async () => {
    const gate = createSignUpGate(2);
    await assert.rejects(gate.run('192.0.2.1', T0, () => Promise.reject(new Error('boom'))));
    assert.equal((await gate.run('192.0.2.1', T0, task(1))).ok, true);
    assert.equal((await gate.run('192.0.2.1', T0, task(1))).ok, false);
  });

  it('an unknown address (not behind the Latchkey listener) is not limited', async () => {
    const gate = createSignUpGate(1);
    for (let i = 0; i < 3; i++) assert.equal((await gate.run(null, T0, task(i))).ok, true);
  });

  it('says the wait like the sign-in throttle', () => {
    assert.equal(signUpLimitMessage(30_000), 'Too many sign-up attempts from your network. Try again in 30 seconds.');
    assert.equal(
      signUpLimitMessage(SIGN_UP_WINDOW_MS),
      'Too many sign-up attempts from your network. Try again in 10 minutes.',
    );
    assert.equal(DEFAULT_SIGN_UP_LIMIT, 20);
  });
});
