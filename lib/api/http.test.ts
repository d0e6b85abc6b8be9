import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyText, type ApiRequest } from './http';

describe('bodyText', () => {
  it('decodes UTF-8 as a WHATWG Request does: a leading BOM dropped, bad bytes replaced', () => {
    const request = (bytes: number[]) => ({ body: Buffer.from(bytes) }) as ApiRequest;
    assert.equal(bodyText(request([0xef, 0xbb, 0xbf, 0x7b, 0x7d])), '{}');
    assert.equal(bodyText(request([0x22, 0xff, 0x22])), '"\ufffd"');
  });
});
