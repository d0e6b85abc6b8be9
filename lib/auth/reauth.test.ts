import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIRMATION_WINDOW_MS, needsConfirmation } from './reauth';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const MINUTE = 60_000;

describe('needsConfirmation', () => {
  it('the window is ten minutes', () => {
    assert.equal(CONFIRMATION_WINDOW_MS, 10 * MINUTE);
  });

  it('a session confirmed just now, or less than ten minutes ago, is not asked', () => {
    assert.equal(needsConfirmation(T0, T0), false);
    assert.equal(needsConfirmation(T0, T0 + 9 * MINUTE), false);
    assert.equal(needsConfirmation(T0, T0 + 10 * MINUTE - 1), false);
  });

  it('at ten minutes and after, the password is asked for again', () => {
    assert.equal(needsConfirmation(T0, T0 + 10 * MINUTE), true);
    assert.equal(needsConfirmation(T0, T0 + 11 * MINUTE), true);
    assert.equal(needsConfirmation(T0, T0 + 30 * 24 * 60 * MINUTE), true);
  });

  it('a session that never confirmed (0) is asked', () => {
    assert.equal(needsConfirmation(0, T0), true);
  });

  it('a confirmation time in the future (clock moved back, or a forged row) does not count', () => {
    assert.equal(needsConfirmation(T0 + MINUTE, T0), true);
    assert.equal(needsConfirmation(Number.NaN, T0), true);
    assert.equal(needsConfirmation(Number.POSITIVE_INFINITY, T0), true);
  });
});
