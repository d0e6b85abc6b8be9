import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_CSV_HEADER, auditCsvFileName, auditCsvRow, csvCell, csvRow } from './csv';
import type { AuditRecord } from './types';

const entry = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  id: 7,
  createdAt: Date.UTC(2026, 0, 15, 10, 0, 0, 123),
  action: 'key.created',
  actorUserId: 'u1',
  actorKeyId: null,
  actorLabel: 'ada@example.com',
  targetKeyId: '7Gq2mZc0TfQa',
  targetKeyName: 'CI deploys',
  detail: { name: 'CI deploys', expiresAt: null },
  ip: null,
  userAgent: 'Mozilla/5.0',
  ...over,
});

describe('csvCell (RFC 4180)', () => {
  it('leaves plain text alone', () => {
    assert.equal(csvCell('plain text'), 'plain text');
    assert.equal(csvCell(42), '42');
  });
  it('null and undefined are empty cells', () => {
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });
  it('quotes commas, quotes, CR and LF, doubling quotes', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
  });
});

describe('csvCell formula neutralisation', () => {
  it('prefixes a single quote to cells starting with = + - @ tab or CR', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), '"\'\rx"');
  });
  it('neutralises first, then quotes', () => {
    assert.equal(
      csvCell('=HYPERLINK("http://evil.example","click")'),
      '"\'=HYPERLINK(""http://evil.example"",""click"")"',
    );
  });
  it('leaves those characters alone when they are not first', () => {
    assert.equal(csvCell('a=b'), 'a=b');
    assert.equal(csvCell(' =1'), ' =1');
  });
});

describe('csvRow', () => {
  it('ends with CRLF', () => {
    assert.equal(csvRow(['a', null, 'b,c']), 'a,,"b,c"\r\n');
  });
});

describe('audit CSV', () => {
  it('has a fixed header row', () => {
    assert.equal(
      AUDIT_CSV_HEADER,
      'id,time,actor,actor_user_id,actor_key_id,action,description,target_key_id,target,detail,ip,user_agent\r\n',
    );
  });

  it('writes one row per entry with ISO time, description, target and JSON detail', () => {
    assert.equal(
      auditCsvRow(entry()),
      '7,2026-01-15T10:00:00.123Z,ada@example.com,u1,,key.created,"Named ""CI deploys"", never expires",7Gq2mZc0TfQa,CI deploys,' +
        '"{""name"":""CI deploys"",""expiresAt"":null}",,Mozilla/5.0\r\n',
    );
  });

  it('neutralises a planted formula in a key name and a user agent', () => {
    const row = auditCsvRow(entry({ targetKeyName: '=HYPERLINK("http://x","y")', userAgent: '@evil' }));
    assert.ok(row.includes('"\'=HYPERLINK(""http://x"",""y"")"'));
    assert.ok(row.endsWith(",'@evil\r\n"));
  });

  it('an API refusal names the key as actor', () => {
    const row = auditCsvRow(
      entry({
        action: 'api.refused',
        actorUserId: null,
        actorKeyId: '7Gq2mZc0TfQa',
        actorLabel: null,
        detail: { reason: 'revoked', method: 'GET', path: '/api/v1/me' },
      }),
    );
    assert.ok(
      row.includes(',key 7Gq2mZc0TfQa,,7Gq2mZc0TfQa,api.refused,Reason: key revoked (revoked) · GET /api/v1/me,'),
    );
  });

  it('file name carries the UTC date', () => {
    assert.equal(auditCsvFileName(Date.UTC(2026, 0, 31, 23, 59)), 'latchkey-audit-log-2026-01-31.csv');
  });
});
