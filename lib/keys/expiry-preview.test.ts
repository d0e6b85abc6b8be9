import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY_MS } from './expiry';
import { expiryPreview, NO_EXPIRY_WARNING } from './expiry-preview';

const NOW = Date.UTC(2026, 11, 4, 21, 6);

describe('expiryPreview', () => {
  it('a preset says the date and time it ends, with a hint', () => {
    assert.deepEqual(expiryPreview('30', undefined, NOW, null), {
      text: 'This key will expire on 3 Jan 2027, 21:06 UTC (in 30 days).',
      warning: null,
    });
    assert.equal(
      expiryPreview('7', undefined, NOW, null)?.text,
      'This key will expire on 11 Dec 2026, 21:06 UTC (in 7 days).',
    );
  });
  it("in the viewer's time zone when given", () => {
    assert.match(
      expiryPreview('30', undefined, NOW, null, 'Asia/Tokyo')!.text,
      /^This key will expire on 4 Jan 2027, 06:06 /,
    );
  });
  it('a custom date ends when that day (UTC) is over', () => {
    assert.equal(
      expiryPreview('custom', '2027-02-01', NOW, null)?.text,
      'This key will expire on 2 Feb 2027, 00:00 UTC (in 2 months).',
    );
  });
  it('no expiration says so, with a warning', () => {
    assert.deepEqual(expiryPreview('never', undefined, NOW, null), {
      text: 'This key will never expire.',
      warning: NO_EXPIRY_WARNING,
    });
  });
  it('says nothing for what the server would refuse: over the cap, never under a cap, a bad date', () => {
    assert.equal(expiryPreview('90', undefined, NOW, 30), null);
    assert.equal(expiryPreview('never', undefined, NOW, 30), null);
    assert.equal(expiryPreview('custom', '2026-02-30', NOW, null), null);
    assert.equal(expiryPreview('custom', new Date(NOW).toISOString().slice(0, 10), NOW, null), null);
    assert.equal(expiryPreview('custom', new Date(NOW + 40 * DAY_MS).toISOString().slice(0, 10), NOW, 30), null);
  });
});
