import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanDisplayText } from './display-text';
import { FORBIDDEN_IN_NAMES } from './name-rules';

describe('cleanDisplayText', () => {
  it('keeps ordinary text, markup and non-Latin scripts as they are', () => {
    for (const text of [
      'https://github.com/o/r/blob/abc/.env#L3',
      'content',
      '<b>x</b> & "y"',
      'مفتاح',
      '密钥',
      '👨‍👩‍👧 family',
      'a\u200Bb',
    ]) {
      assert.equal(cleanDisplayText(text), text);
    }
  });
  it('removes bidi overrides, embeddings, isolates and marks', () => {
    assert.equal(cleanDisplayText('https://x.example/\u202Egnp.exe'), 'https://x.example/gnp.exe');
    assert.equal(cleanDisplayText('\u202A\u202B\u202C\u202Da\u2066\u2067\u2068\u2069b\u200E\u200F\u061C'), 'ab');
  });
  it('removes NUL, ESC, DEL, other C0 and C1 controls, tabs and newlines', () => {
    assert.equal(cleanDisplayText('con\u0000tent\u001b[31m\u007f\u0085\u009f\t\r\nend'), 'content[31mend');
  });
  it('removes lone surrogates and keeps pairs', () => {
    assert.equal(cleanDisplayText('a\uD800b\uDC00c'), 'abc');
    assert.equal(cleanDisplayText('\uD83D\uDD11 key'), '🔑 key');
  });
  it('trims, and gives null for nothing left or no text', () => {
    assert.equal(cleanDisplayText('  source  '), 'source');
    assert.equal(cleanDisplayText('\u202E\u0000 '), null);
    assert.equal(cleanDisplayText(''), null);
    assert.equal(cleanDisplayText(null), null);
    assert.equal(cleanDisplayText(undefined), null);
  });
  it('leaves nothing that the name rule refuses, for every BMP character', () => {
    let all = '';
    for (let c = 0; c <= 0xffff; c++) all += String.fromCharCode(c);
    const cleaned = cleanDisplayText(all) ?? '';
    assert.equal(FORBIDDEN_IN_NAMES.test(cleaned), false);
    // encodeURIComponent throws on a lone surrogate: the result is well-formed Unicode.
    assert.doesNotThrow(() => encodeURIComponent(cleaned));
  });
});
