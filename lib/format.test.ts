import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteTime, relativeTime } from './format';

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
  it('one day reads as tomorrow / yesterday', () => {
    assert.equal(relativeTime(NOW + DAY, NOW), 'tomorrow');
    assert.equal(relativeTime(NOW - DAY, NOW), 'yesterday');
  });
  it('days', () => {
    assert.equal(relativeTime(NOW + 7 * DAY, NOW), 'in 7 days');
    assert.equal(relativeTime(NOW - 3 * DAY, NOW), '3 days ago');
  });
  it('months and years', () => {
    assert.equal(relativeTime(NOW + 60 * DAY, NOW), 'in 2 months');
    assert.equal(relativeTime(NOW + 2 * 365 * DAY, NOW), 'in 2 years');
    assert.equal(relativeTime(NOW - 365 * DAY, NOW), 'last year');
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
