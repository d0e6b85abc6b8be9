import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditSearchParams, dayRange, dayStart, hasFilters, parseAuditQuery } from './filters';

const parse = (query: string, options?: { allowCursor?: boolean }) =>
  parseAuditQuery(new URLSearchParams(query), options);
const DAY = 24 * 60 * 60 * 1000;

describe('parseAuditQuery', () => {
  it('no parameters: no filters, first page', () => {
    assert.deepEqual(parse(''), { ok: true, filters: {}, cursor: {} });
  });

  it('empty fields from the GET form count as absent', () => {
    assert.deepEqual(parse('actor=&action=&keyId=&from=&to='), { ok: true, filters: {}, cursor: {} });
    assert.deepEqual(parse('actor=%20%20'), { ok: true, filters: {}, cursor: {} });
  });

  it('reads every filter, trimmed', () => {
    const result = parse(
      'actor=+ada%40example.com+&action=key.revoked&keyId=7Gq2mZc0TfQa&from=2026-01-01&to=2026-01-31',
    );
    assert.deepEqual(result, {
      ok: true,
      filters: {
        actor: 'ada@example.com',
        action: 'key.revoked',
        keyId: '7Gq2mZc0TfQa',
        from: '2026-01-01',
        to: '2026-01-31',
      },
      cursor: {},
    });
  });

  it('reads a cursor', () => {
    assert.deepEqual(parse('before=120'), { ok: true, filters: {}, cursor: { before: 120 } });
    assert.deepEqual(parse('after=7'), { ok: true, filters: {}, cursor: { after: 7 } });
  });

  it('refuses an unknown parameter by name, and keeps the valid filters for the form', () => {
    const result = parse('actor=ada&sort=desc');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.includes('Unknown filter "sort"'));
    assert.deepEqual(!result.ok && result.filters, { actor: 'ada' });
  });

  it('clips a very long unknown parameter name in the message', () => {
    const result = parse(`${'x'.repeat(500)}=1`);
    assert.ok(!result.ok && result.error.length < 200);
  });

  it('refuses a repeated parameter', () => {
    const result = parse('action=key.created&action=key.revoked');
    assert.ok(!result.ok && result.error.includes('more than once'));
  });

  it('refuses bad dates with a message naming the field', () => {
    for (const [query, field] of [
      ['from=yesterday', 'From'],
      ['to=2026-13-01', 'To'],
      ['from=2026-02-30', 'From'],
      ['to=2026-1-5', 'To'],
      ['from=2026-01-01T00:00', 'From'],
    ] as const) {
      const result = parse(query);
      assert.equal(result.ok, false, query);
      assert.ok(!result.ok && result.error.startsWith(`${field} must be a date like`), query);
    }
  });

  it('accepts a leap day only in a leap year', () => {
    assert.equal(parse('from=2028-02-29').ok, true);
    assert.equal(parse('from=2026-02-29').ok, false);
  });

  it('refuses From after To, and accepts the same day', () => {
    const result = parse('from=2026-02-01&to=2026-01-31');
    assert.ok(!result.ok && result.error === 'From must be on or before To.');
    assert.equal(parse('from=2026-01-31&to=2026-01-31').ok, true);
  });

  it('refuses an action that is not an action code', () => {
    for (const action of ['KEY.CREATED', 'key', "key.created' OR 1=1", 'a.' + 'b'.repeat(80)]) {
      const result = parse(new URLSearchParams({ action }).toString());
      assert.ok(!result.ok && result.error === 'Choose an action from the list.', action);
    }
  });

  it('refuses a key id of the wrong shape, and never shows back a pasted token', () => {
    const token = 'lk_7Gq2mZc0TfQa_' + 'a'.repeat(38);
    const result = parse(new URLSearchParams({ keyId: token }).toString());
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.includes('not the whole key'));
    assert.ok(!result.ok && !JSON.stringify(result).includes('aaaa'));
    assert.ok(!parse('keyId=short').ok);
  });

  it('refuses a too-long actor', () => {
    assert.ok(!parse(`actor=${'a'.repeat(255)}`).ok);
    assert.ok(parse(`actor=${'a'.repeat(254)}`).ok);
  });

  it('refuses a malformed or double cursor', () => {
    for (const query of [
      'before=0',
      'before=-1',
      'before=1.5',
      'before=abc',
      'after=99999999999999999',
      'before=5&after=3',
    ]) {
      const result = parse(query);
      assert.ok(!result.ok && result.error.includes('page link is not valid'), query);
    }
  });

  it('refuses a cursor where none is allowed (the CSV export covers every row)', () => {
    const result = parse('before=10', { allowCursor: false });
    assert.ok(!result.ok && result.error.includes('Unknown filter "before"'));
  });

  it('never throws, whatever the input', () => {
    for (const query of [
      '%',
      '&&&',
      '=',
      'from=%00',
      'to=\u0000',
      '__proto__=1',
      'constructor=x',
      'actor=%F0%9F%94%91',
    ]) {
      assert.doesNotThrow(() => parse(query), query);
    }
    assert.ok(!parse('__proto__=1').ok);
  });
});

describe('dayStart and dayRange', () => {
  it('a day starts at midnight UTC', () => {
    assert.equal(dayStart('2026-01-31'), Date.UTC(2026, 0, 31));
    assert.equal(dayStart('2026-02-29'), null);
    assert.equal(dayStart('31/01/2026'), null);
  });

  it('both ends are whole days: From at its midnight, To up to the next midnight (exclusive)', () => {
    assert.deepEqual(dayRange({ from: '2026-01-01', to: '2026-01-31' }), {
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 0, 31) + DAY,
    });
    assert.deepEqual(dayRange({}), { from: undefined, to: undefined });
    assert.deepEqual(dayRange({ to: '2026-12-31' }), { from: undefined, to: Date.UTC(2027, 0, 1) });
  });
});

describe('auditSearchParams', () => {
  it('builds the query in a fixed order, without empty values', () => {
    assert.equal(
      auditSearchParams({ to: '2026-01-31', actor: 'ada@example.com', action: '' }),
      '?actor=ada%40example.com&to=2026-01-31',
    );
    assert.equal(auditSearchParams({}), '');
  });

  it('adds one cursor', () => {
    assert.equal(auditSearchParams({ action: 'key.created' }, { before: 40 }), '?action=key.created&before=40');
    assert.equal(auditSearchParams({}, { after: 9 }), '?after=9');
  });

  it('round-trips through parseAuditQuery', () => {
    const filters = {
      actor: 'a&b=c',
      action: 'api.refused',
      keyId: '7Gq2mZc0TfQa',
      from: '2026-01-01',
      to: '2026-01-02',
    };
    assert.deepEqual(parse(auditSearchParams(filters, { before: 3 }).slice(1)), {
      ok: true,
      filters,
      cursor: { before: 3 },
    });
  });

  it('hasFilters ignores the cursor', () => {
    assert.equal(hasFilters({}), false);
    assert.equal(hasFilters({ from: '2026-01-01' }), true);
  });
});
