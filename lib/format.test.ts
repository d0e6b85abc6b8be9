import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteTime, formatDate, formatDateTime, knownTimeZone, relativeTime } from './format';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('relativeTime', () => {
  it('under a minute ahead is "in less than a minute"', () => {
    assert.equal(relativeTime(NOW + 30_000, NOW), 'in less than a minute');
    assert.equal(relativeTime(NOW, NOW), 'in less than a minute');
  });
  it('under a minute ago is "just now"', () => {
    assert.equal(relativeTime(NOW - 30_000, NOW), 'just now');
  });
  it('minutes', () => {
    assert.equal(relativeTime(NOW + 5 * MINUTE, NOW), 'in 5 minutes');
    assert.equal(relativeTime(NOW - 5 * MINUTE, NOW), '5 minutes ago');
  });
  it('hours', () => {
    assert.equal(relativeTime(NOW + 3 * HOUR, NOW), 'in 3 hours');
    assert.equal(relativeTime(NOW - 1 * HOUR, NOW), '1 hour ago');
  });
  it('one day reads as a number, like every other', () => {
    assert.equal(relativeTime(NOW + DAY, NOW), 'in 1 day');
    assert.equal(relativeTime(NOW - DAY, NOW), '1 day ago');
  });
  it('the same moment keeps its words as time passes: a 30-day key reads "in 30 days", then "in 29 days"', () => {
    const expiry = NOW + 30 * DAY;
    assert.equal(relativeTime(expiry, NOW), 'in 30 days');
    assert.equal(relativeTime(expiry, NOW + 5 * MINUTE), 'in 30 days');
    assert.equal(relativeTime(expiry, NOW + 11 * HOUR), 'in 30 days');
    assert.equal(relativeTime(expiry, NOW + 13 * HOUR), 'in 29 days');
    for (let t = NOW; t < expiry - DAY; t += HOUR) {
      assert.doesNotMatch(relativeTime(expiry, t), /month|next|tomorrow/);
    }
  });
  it('days', () => {
    assert.equal(relativeTime(NOW + 7 * DAY, NOW), 'in 7 days');
    assert.equal(relativeTime(NOW - 3 * DAY, NOW), '3 days ago');
  });
  it('months and years', () => {
    assert.equal(relativeTime(NOW + 60 * DAY, NOW), 'in 2 months');
    assert.equal(relativeTime(NOW + 2 * 365 * DAY, NOW), 'in 2 years');
    assert.equal(relativeTime(NOW - 365 * DAY, NOW), '1 year ago');
    assert.equal(relativeTime(NOW + 90 * DAY, NOW), 'in 3 months');
    assert.equal(relativeTime(NOW + 44 * DAY, NOW), 'in 44 days');
    assert.equal(relativeTime(NOW + 45 * DAY, NOW), 'in 2 months');
  });
});

describe('absoluteTime', () => {
  it('formats as "YYYY-MM-DD HH:MM UTC"', () => {
    assert.equal(absoluteTime(Date.UTC(2026, 0, 2, 3, 4, 59)), '2026-01-02 03:04 UTC');
  });
  it('is in UTC whatever the process time zone', () => {
    assert.equal(absoluteTime(0), '1970-01-01 00:00 UTC');
    assert.equal(absoluteTime(Date.UTC(2026, 11, 31, 23, 59)), '2026-12-31 23:59 UTC');
  });
});

describe('formatDate and formatDateTime', () => {
  const at = Date.UTC(2026, 11, 31, 23, 30);
  it('read day, month and year in UTC by default', () => {
    assert.equal(formatDate(at), '31 Dec 2026');
    assert.equal(formatDateTime(at), '31 Dec 2026, 23:30 UTC');
  });
  it("are in the viewer's time zone when given one, which can be another day", () => {
    assert.equal(formatDate(at, 'Europe/Berlin'), '1 Jan 2027');
    // The zone's short name is ICU's to choose ("CET" or "GMT+1").
    assert.match(formatDateTime(at, 'Europe/Berlin'), /^1 Jan 2027, 00:30 (CET|GMT\+1)$/);
    assert.equal(formatDateTime(at, 'America/New_York'), '31 Dec 2026, 18:30 GMT-5');
  });
  it('an unknown zone falls back to UTC instead of throwing', () => {
    assert.equal(knownTimeZone('Mars/Olympus'), 'UTC');
    assert.equal(knownTimeZone(undefined), 'UTC');
    assert.equal(formatDate(at, 'Mars/Olympus'), '31 Dec 2026');
  });
});
