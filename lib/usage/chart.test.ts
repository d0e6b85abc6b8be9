import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisMax, axisTicks, usageSummary } from './chart';

describe('usageSummary', () => {
  it('numbers the days so that the last count is the last day', () => {
    const s = usageSummary([1, 0, 4], 100);
    assert.deepEqual(
      s.days.map((d) => d.day),
      [98, 99, 100],
    );
    assert.equal(s.total, 5);
    assert.deepEqual(s.peak, { day: 100, count: 4 });
    assert.equal(s.activeDays, 2);
    assert.equal(s.average, 1.7);
  });
  it('has no peak when nothing was used, and the first of equal peaks wins', () => {
    assert.equal(usageSummary([0, 0], 5).peak, null);
    assert.deepEqual(usageSummary([3, 3], 5).peak, { day: 4, count: 3 });
    assert.equal(usageSummary([], 5).average, 0);
  });
});

describe('axisMax and axisTicks', () => {
  it('round the peak up to 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 7, 10, 11, 24, 51, 100, 101, 4999].map(axisMax),
      [1, 1, 2, 5, 10, 10, 20, 50, 100, 100, 200, 5000],
    );
  });
  it('label the middle only when it is a whole number', () => {
    assert.deepEqual(axisTicks(1), [0, 1]);
    assert.deepEqual(axisTicks(20), [0, 10, 20]);
    assert.deepEqual(axisTicks(5), [0, 5]);
  });
});
