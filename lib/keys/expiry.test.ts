import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  capLabel,
  customDateBounds,
  customDateToExpiry,
  DAY_MS,
  effectiveExpiry,
  EXPIRING_SOON_MS,
  expirationOptions,
  graceUntil,
  HOUR_MS,
  isGraceActive,
  isKeyLive,
  isShortenedByPolicy,
  isStricterCap,
  keyStatus,
  previewCap,
  resolveExpiry,
  type KeyTimes,
} from './expiry';

// 2026-01-15 10:00 UTC: mid-day, so "today" and "tomorrow" are unambiguous.
const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);
const MIDNIGHT = Date.UTC(2026, 0, 15);

const values = (cap: number | null) => expirationOptions(cap).map((o) => o.value);

describe('expirationOptions', () => {
  it('without a cap offers every preset, a custom date and "never"', () => {
    assert.deepEqual(values(null), ['7', '30', '60', '90', '365', 'custom', 'never']);
  });
  it('under a 30-day cap offers 7, 30 and custom only: nothing longer, no "never"', () => {
    assert.deepEqual(values(30), ['7', '30', 'custom']);
  });
  it('under a 7-day cap offers 7 and custom', () => {
    assert.deepEqual(values(7), ['7', 'custom']);
  });
  it('under a 365-day cap offers all presets but not "never"', () => {
    assert.deepEqual(values(365), ['7', '30', '60', '90', '365', 'custom']);
  });
  it('under a 180-day cap stops at 90 days', () => {
    assert.deepEqual(values(180), ['7', '30', '60', '90', 'custom']);
  });
  it('labels the options for people', () => {
    const labels = Object.fromEntries(expirationOptions(null).map((o) => [o.value, o.label]));
    assert.equal(labels['365'], '1 year');
    assert.equal(labels.never, 'No expiration');
    assert.equal(labels.custom, 'Custom date');
  });
});

describe('capLabel', () => {
  it('labels null as no limit', () => {
    assert.equal(capLabel(null), 'No limit');
    assert.equal(capLabel(30), '30 days');
  });
});

describe('resolveExpiry: presets', () => {
  for (const [choice, days] of [
    ['7', 7],
    ['30', 30],
    ['60', 60],
    ['90', 90],
    ['365', 365],
  ] as const) {
    it(`"${choice}" without a cap expires ${days} days from now`, () => {
      assert.deepEqual(resolveExpiry(choice, undefined, NOW, null), { ok: true, expiresAt: NOW + days * DAY_MS });
    });
  }
  it('a preset equal to the cap is allowed', () => {
    assert.deepEqual(resolveExpiry('30', undefined, NOW, 30), { ok: true, expiresAt: NOW + 30 * DAY_MS });
  });
  it('a forged preset longer than the cap is refused', () => {
    for (const choice of ['60', '90', '365']) {
      const result = resolveExpiry(choice, undefined, NOW, 30);
      assert.equal(result.ok, false, choice);
      if (!result.ok) assert.match(result.message, /30 days/);
    }
  });
  it('"never" without a cap has no expiry', () => {
    assert.deepEqual(resolveExpiry('never', undefined, NOW, null), { ok: true, expiresAt: null });
  });
  it('"never" under any cap is refused', () => {
    for (const cap of [7, 30, 365]) {
      const result = resolveExpiry('never', undefined, NOW, cap);
      assert.equal(result.ok, false, String(cap));
    }
  });
  it('an unknown choice is refused', () => {
    for (const choice of ['', '14', '7 ', 'NEVER', 'Custom', 'forever', '-1', '0']) {
      const result = resolveExpiry(choice, '2026-02-01', NOW, null);
      assert.equal(result.ok, false, JSON.stringify(choice));
    }
  });
});

describe('resolveExpiry: custom date', () => {
  it('a date expires at the first instant after that day (UTC): the key works through the whole day', () => {
    assert.deepEqual(resolveExpiry('custom', '2026-02-01', NOW, null), { ok: true, expiresAt: Date.UTC(2026, 1, 2) });
  });
  it('tomorrow is allowed', () => {
    assert.deepEqual(resolveExpiry('custom', '2026-01-16', NOW, null), { ok: true, expiresAt: Date.UTC(2026, 0, 17) });
  });
  it('today is refused', () => {
    assert.equal(resolveExpiry('custom', '2026-01-15', NOW, null).ok, false);
  });
  it('today is refused even at exactly midnight UTC', () => {
    // The date input's min (customDateBounds) is tomorrow at this instant too.
    assert.equal(customDateBounds(MIDNIGHT, null).min, '2026-01-16');
    const result = resolveExpiry('custom', '2026-01-15', MIDNIGHT, null);
    assert.equal(result.ok, false, `accepted today at midnight: ${JSON.stringify(result)}`);
  });
  it('a past date is refused', () => {
    for (const date of ['2026-01-14', '2025-12-31', '1970-01-01']) {
      assert.equal(resolveExpiry('custom', date, NOW, null).ok, false, date);
    }
  });
  it('impossible or malformed dates are refused', () => {
    for (const date of [
      '2026-02-30',
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-1-20',
      '20260120',
      '2026/01/20',
      ' 2026-01-20',
      '2026-01-20T00:00',
      'tomorrow',
      '',
    ]) {
      const result = resolveExpiry('custom', date, NOW, null);
      assert.equal(result.ok, false, date);
      if (!result.ok) assert.match(result.message, /valid date/, date);
    }
  });
  it('a leap day is accepted in a leap year', () => {
    assert.deepEqual(resolveExpiry('custom', '2028-02-29', NOW, null), { ok: true, expiresAt: Date.UTC(2028, 2, 1) });
  });
  it('a missing custom date is refused', () => {
    assert.equal(resolveExpiry('custom', undefined, NOW, null).ok, false);
  });
  it('under a cap, the last date whose end fits the cap is allowed and the next one refused', () => {
    // 30 days from 2026-01-15 10:00 is 2026-02-14 10:00; 2026-02-13 ends at 2026-02-14 00:00.
    assert.deepEqual(resolveExpiry('custom', '2026-02-13', NOW, 30), { ok: true, expiresAt: Date.UTC(2026, 1, 14) });
    const over = resolveExpiry('custom', '2026-02-14', NOW, 30);
    assert.equal(over.ok, false);
    if (!over.ok) assert.match(over.message, /30 days/);
  });
  it('a custom date far beyond the cap is refused', () => {
    assert.equal(resolveExpiry('custom', '2027-01-01', NOW, 90).ok, false);
  });
  it('without a cap, a date beyond 10 years is refused', () => {
    const result = resolveExpiry('custom', '2036-02-01', NOW, null);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /10 years/);
    assert.equal(resolveExpiry('custom', '2099-01-01', NOW, null).ok, false);
  });
  it('without a cap, a date just inside 10 years is allowed', () => {
    assert.equal(resolveExpiry('custom', '2035-12-01', NOW, null).ok, true);
  });
});

describe('customDateToExpiry', () => {
  it('returns the start of the next UTC day', () => {
    assert.equal(customDateToExpiry('2026-12-31'), Date.UTC(2027, 0, 1));
  });
  it('returns null for invalid calendar dates', () => {
    assert.equal(customDateToExpiry('2026-02-30'), null);
    assert.equal(customDateToExpiry('2025-02-29'), null);
    assert.equal(customDateToExpiry('2026-06-31'), null);
  });
});

describe('customDateBounds', () => {
  it('without a cap: tomorrow to just under 10 years', () => {
    const { min, max } = customDateBounds(NOW, null);
    assert.equal(min, '2026-01-16');
    assert.ok(max >= '2035-12-01' && max < '2036-01-15', max);
    assert.equal(resolveExpiry('custom', max, NOW, null).ok, true);
  });
  it('under a cap: min is tomorrow, max is the last date resolveExpiry accepts', () => {
    const { min, max } = customDateBounds(NOW, 30);
    assert.equal(min, '2026-01-16');
    assert.equal(max, '2026-02-13');
    assert.equal(resolveExpiry('custom', min, NOW, 30).ok, true);
    assert.equal(resolveExpiry('custom', max, NOW, 30).ok, true);
  });
  it('agrees with resolveExpiry at the edges for every cap and several times of day', () => {
    for (const cap of [7, 30, 60, 90, 180, 365, null]) {
      for (const now of [MIDNIGHT, MIDNIGHT + 1, NOW, MIDNIGHT + DAY_MS - 1]) {
        const { min, max } = customDateBounds(now, cap);
        assert.equal(resolveExpiry('custom', min, now, cap).ok, true, `min ${min} cap ${cap} now ${now}`);
        assert.equal(resolveExpiry('custom', max, now, cap).ok, true, `max ${max} cap ${cap} now ${now}`);
        const dayAfterMax = new Date(Date.parse(max) + DAY_MS).toISOString().slice(0, 10);
        assert.equal(resolveExpiry('custom', dayAfterMax, now, cap).ok, false, `after max ${dayAfterMax} cap ${cap}`);
      }
    }
  });
});

const key = (over: Partial<KeyTimes> = {}): KeyTimes => ({ createdAt: NOW, expiresAt: null, revokedAt: null, ...over });

describe('effectiveExpiry', () => {
  it('is null for a key without expiry and no cap', () => {
    assert.equal(effectiveExpiry(key(), null), null);
  });
  it('is expiresAt without a cap', () => {
    assert.equal(effectiveExpiry(key({ expiresAt: NOW + 5 * DAY_MS }), null), NOW + 5 * DAY_MS);
  });
  it('is createdAt + cap for a key without expiry under a cap', () => {
    assert.equal(effectiveExpiry(key(), 30), NOW + 30 * DAY_MS);
  });
  it('is the earlier of expiresAt and createdAt + cap', () => {
    assert.equal(effectiveExpiry(key({ expiresAt: NOW + 90 * DAY_MS }), 30), NOW + 30 * DAY_MS);
    assert.equal(effectiveExpiry(key({ expiresAt: NOW + 7 * DAY_MS }), 30), NOW + 7 * DAY_MS);
  });
  it('counts the cap from createdAt, not from now', () => {
    const old = key({ createdAt: NOW - 20 * DAY_MS });
    assert.equal(effectiveExpiry(old, 30), NOW + 10 * DAY_MS);
  });
});

describe('isKeyLive', () => {
  const expiresAt = NOW + 7 * DAY_MS;
  it('is live 1 ms before the effective expiry', () => {
    assert.equal(isKeyLive(key({ expiresAt }), null, expiresAt - 1), true);
  });
  it('is not live exactly at the effective expiry', () => {
    assert.equal(isKeyLive(key({ expiresAt }), null, expiresAt), false);
  });
  it('is not live exactly at createdAt + cap', () => {
    assert.equal(isKeyLive(key(), 30, NOW + 30 * DAY_MS - 1), true);
    assert.equal(isKeyLive(key(), 30, NOW + 30 * DAY_MS), false);
  });
  it('a key without expiry and no cap is live forever', () => {
    assert.equal(isKeyLive(key(), null, NOW + 100 * 365 * DAY_MS), true);
  });
  it('lowering the cap below the key age stops the key', () => {
    const old = key({ createdAt: NOW - 40 * DAY_MS, expiresAt: NOW + 325 * DAY_MS });
    assert.equal(isKeyLive(old, 90, NOW), true);
    assert.equal(isKeyLive(old, 30, NOW), false);
  });
  it('removing the cap restores the key to its own expiresAt', () => {
    const old = key({ createdAt: NOW - 40 * DAY_MS, expiresAt: NOW + 325 * DAY_MS });
    assert.equal(isKeyLive(old, 30, NOW), false);
    assert.equal(isKeyLive(old, null, NOW), true);
    assert.equal(isKeyLive(old, null, NOW + 325 * DAY_MS), false);
  });
  it('a revoked key is not live, whatever its expiry', () => {
    assert.equal(isKeyLive(key({ revokedAt: NOW - 1 }), null, NOW), false);
    assert.equal(isKeyLive(key({ revokedAt: NOW + DAY_MS, expiresAt: NOW + 30 * DAY_MS }), null, NOW), false);
  });
  it('revokedAt undefined counts as not revoked', () => {
    assert.equal(isKeyLive({ createdAt: NOW, expiresAt: null }, null, NOW), true);
  });
});

describe('keyStatus', () => {
  it('is "active" for a key without any expiry', () => {
    assert.equal(keyStatus(key(), null, NOW), 'active');
  });
  it('is "active" more than 7 days before the effective expiry', () => {
    assert.equal(keyStatus(key({ expiresAt: NOW + EXPIRING_SOON_MS + 1 }), null, NOW), 'active');
  });
  it('is "expiring" within 7 days of the effective expiry, for a key made more than 7 days before', () => {
    const old = { createdAt: NOW - EXPIRING_SOON_MS - 1 };
    assert.equal(keyStatus(key({ ...old, expiresAt: NOW + EXPIRING_SOON_MS - 1 }), null, NOW), 'expiring');
    assert.equal(keyStatus(key({ ...old, expiresAt: NOW + 1 }), null, NOW), 'expiring');
  });
  it('is "active", not "expiring", for a key made to last a week or less, until it expires', () => {
    assert.equal(keyStatus(key({ expiresAt: NOW + 7 * DAY_MS }), null, NOW), 'active');
    const week = key({ createdAt: NOW - 6 * DAY_MS, expiresAt: NOW + DAY_MS });
    assert.equal(keyStatus(week, null, NOW), 'active');
    assert.equal(keyStatus(week, null, NOW + DAY_MS), 'expired');
    // Exactly 7 days old is not yet "long before".
    assert.equal(keyStatus(key({ createdAt: NOW - 7 * DAY_MS, expiresAt: NOW + DAY_MS }), null, NOW), 'active');
  });
  it('is "expiring" when the cap is what brings the end within 7 days', () => {
    const old = key({ createdAt: NOW - 25 * DAY_MS, expiresAt: NOW + 300 * DAY_MS });
    assert.equal(keyStatus(old, null, NOW), 'active');
    assert.equal(keyStatus(old, 30, NOW), 'expiring');
  });
  it('is "expired" exactly at the effective expiry and after', () => {
    const expiresAt = NOW + DAY_MS;
    assert.equal(keyStatus(key({ expiresAt }), null, expiresAt), 'expired');
    assert.equal(keyStatus(key({ expiresAt }), null, expiresAt + DAY_MS), 'expired');
  });
  it('is "expired" when the cap has passed', () => {
    assert.equal(keyStatus(key({ createdAt: NOW - 31 * DAY_MS }), 30, NOW), 'expired');
  });
  it('is "revoked" before anything else', () => {
    assert.equal(keyStatus(key({ revokedAt: NOW - 1, expiresAt: NOW - DAY_MS }), null, NOW), 'revoked');
    assert.equal(keyStatus(key({ revokedAt: NOW - 1 }), null, NOW), 'revoked');
  });
});

describe('isShortenedByPolicy', () => {
  it('is false without a cap', () => {
    assert.equal(isShortenedByPolicy(key({ expiresAt: NOW + 365 * DAY_MS }), null), false);
    assert.equal(isShortenedByPolicy(key(), null), false);
  });
  it('is true when the cap ends the key before its own expiry', () => {
    assert.equal(isShortenedByPolicy(key({ expiresAt: NOW + 90 * DAY_MS }), 30), true);
  });
  it('is true for a never-expiring key under a cap', () => {
    assert.equal(isShortenedByPolicy(key(), 30), true);
  });
  it('is false when the key ends before or exactly at the cap', () => {
    assert.equal(isShortenedByPolicy(key({ expiresAt: NOW + 7 * DAY_MS }), 30), false);
    assert.equal(isShortenedByPolicy(key({ expiresAt: NOW + 30 * DAY_MS }), 30), false);
  });
});

describe('graceUntil', () => {
  it('"immediately" means no grace', () => {
    assert.equal(graceUntil('immediately', NOW, null), null);
    assert.equal(graceUntil('immediately', NOW, NOW + DAY_MS), null);
  });
  it('1h, 24h and 7d add that much to now when the key lives longer', () => {
    assert.equal(graceUntil('1h', NOW, null), NOW + HOUR_MS);
    assert.equal(graceUntil('24h', NOW, null), NOW + 24 * HOUR_MS);
    assert.equal(graceUntil('7d', NOW, null), NOW + 7 * DAY_MS);
    assert.equal(graceUntil('7d', NOW, NOW + 30 * DAY_MS), NOW + 7 * DAY_MS);
  });
  it('never runs past the key’s effective expiry', () => {
    assert.equal(graceUntil('7d', NOW, NOW + 2 * DAY_MS), NOW + 2 * DAY_MS);
    assert.equal(graceUntil('24h', NOW, NOW + HOUR_MS), NOW + HOUR_MS);
  });
  it('is null when the key has already expired', () => {
    assert.equal(graceUntil('7d', NOW, NOW), null);
    assert.equal(graceUntil('1h', NOW, NOW - 1), null);
  });
  it('is null for an unknown choice', () => {
    assert.equal(graceUntil('2d' as never, NOW, null), null);
  });
});

describe('isGraceActive', () => {
  it('is true 1 ms before the end of grace and false exactly at it', () => {
    assert.equal(isGraceActive(NOW + HOUR_MS, NOW + HOUR_MS - 1), true);
    assert.equal(isGraceActive(NOW + HOUR_MS, NOW + HOUR_MS), false);
  });
  it('is false without a grace window', () => {
    assert.equal(isGraceActive(null, NOW), false);
  });
});

describe('previewCap', () => {
  const keys: KeyTimes[] = [
    key({ createdAt: NOW - 40 * DAY_MS }), // never expires: lowering to 30 stops it now
    key({ createdAt: NOW - 10 * DAY_MS, expiresAt: NOW + 300 * DAY_MS }), // shortened to NOW + 20d
    key({ createdAt: NOW - 10 * DAY_MS, expiresAt: NOW + 5 * DAY_MS }), // ends before the cap: unchanged
    key({ createdAt: NOW - 100 * DAY_MS, revokedAt: NOW - DAY_MS }), // revoked: ignored
    key({ createdAt: NOW - 100 * DAY_MS, expiresAt: NOW - DAY_MS }), // already expired: ignored
  ];
  it('counts the live keys a new cap shortens and those that stop at once', () => {
    assert.deepEqual(previewCap(keys, null, 30, NOW), { shortened: 2, stopNow: 1 });
  });
  it('a key exactly cap days old stops at once', () => {
    assert.deepEqual(previewCap([key({ createdAt: NOW - 30 * DAY_MS })], null, 30, NOW), { shortened: 1, stopNow: 1 });
    assert.deepEqual(previewCap([key({ createdAt: NOW - 30 * DAY_MS + 1 })], null, 30, NOW), {
      shortened: 1,
      stopNow: 0,
    });
  });
  it('ignores revoked and expired keys', () => {
    assert.deepEqual(previewCap(keys.slice(3), null, 7, NOW), { shortened: 0, stopNow: 0 });
  });
  it('ignores keys the current cap has already stopped', () => {
    assert.deepEqual(previewCap([key({ createdAt: NOW - 40 * DAY_MS })], 30, 7, NOW), { shortened: 0, stopNow: 0 });
  });
  it('lowering an existing cap counts keys relative to the current one', () => {
    assert.deepEqual(previewCap(keys, 90, 30, NOW), { shortened: 2, stopNow: 1 });
  });
  it('raising or removing the cap shortens nothing', () => {
    assert.deepEqual(previewCap(keys, 30, 90, NOW), { shortened: 0, stopNow: 0 });
    assert.deepEqual(previewCap(keys, 30, null, NOW), { shortened: 0, stopNow: 0 });
  });
  it('keeping the same cap shortens nothing', () => {
    assert.deepEqual(previewCap(keys, 30, 30, NOW), { shortened: 0, stopNow: 0 });
  });
});

describe('isStricterCap', () => {
  it('any cap is stricter than none', () => {
    assert.equal(isStricterCap(null, 365), true);
  });
  it('a lower cap is stricter, an equal or higher one is not', () => {
    assert.equal(isStricterCap(90, 30), true);
    assert.equal(isStricterCap(30, 30), false);
    assert.equal(isStricterCap(30, 90), false);
  });
  it('removing the cap is not stricter', () => {
    assert.equal(isStricterCap(30, null), false);
    assert.equal(isStricterCap(null, null), false);
  });
});
