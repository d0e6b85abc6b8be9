import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_NAME_MAX, KeyNameSchema } from './name';

const accepts = (input: unknown) => {
  const result = KeyNameSchema.safeParse(input);
  assert.equal(result.success, true, `refused ${JSON.stringify(input)}: ${result.error?.issues[0]?.message}`);
  return result.data;
};
const refuses = (input: unknown) => {
  const result = KeyNameSchema.safeParse(input);
  assert.equal(result.success, false, `accepted ${JSON.stringify(input)}`);
  return result.error!.issues[0].message;
};

describe('KeyNameSchema', () => {
  it('accepts an ordinary name unchanged', () => {
    assert.equal(accepts('Production deploy'), 'Production deploy');
  });
  it('trims surrounding whitespace', () => {
    assert.equal(accepts('  CI key \t'), 'CI key');
  });
  it('keeps inner spaces', () => {
    assert.equal(accepts('a  b'), 'a  b');
  });
  it('accepts a single character', () => {
    assert.equal(accepts('x'), 'x');
  });
  it(`accepts exactly ${KEY_NAME_MAX} characters`, () => {
    assert.equal(KEY_NAME_MAX, 100);
    assert.equal(accepts('a'.repeat(100)).length, 100);
  });
  it('refuses 101 characters', () => {
    assert.match(refuses('a'.repeat(101)), /at most 100/);
  });
  it('measures length after trimming', () => {
    assert.equal(accepts(`  ${'a'.repeat(100)}  `), 'a'.repeat(100));
  });
  it('counts an emoji (astral code point) as one character', () => {
    const name = '🔑'.repeat(100);
    assert.equal(name.length, 200); // UTF-16 code units
    assert.equal(accepts(name), name);
    refuses('🔑'.repeat(101));
  });
  it('counts accented and CJK characters as one each', () => {
    accepts('é'.repeat(100));
    accepts('鍵'.repeat(100));
    refuses('鍵'.repeat(101));
  });
  it('refuses the empty string', () => {
    assert.match(refuses(''), /Give the key a name/);
  });
  it('refuses whitespace only', () => {
    refuses('   ');
    refuses('\t\n ');
  });
  it('refuses a non-string', () => {
    refuses(undefined);
    refuses(null);
    refuses(42);
  });
  for (const [label, char] of [
    ['NUL', '\u0000'],
    ['newline', '\n'],
    ['carriage return', '\r'],
    ['tab', '\t'],
    ['escape', '\u001b'],
    ['DEL', '\u007f'],
    ['C1 control', '\u0085'],
    ['right-to-left override', '\u202E'],
    ['left-to-right embedding', '\u202A'],
    ['left-to-right isolate', '\u2066'],
    ['pop directional isolate', '\u2069'],
    ['right-to-left mark', '\u200F'],
    ['arabic letter mark', '\u061C'],
  ] as const) {
    it(`refuses a ${label} inside the name`, () => {
      assert.match(refuses(`prod${char}key`), /control or text-direction/);
    });
  }
  it('refuses a bidi override at the start (trimming does not remove it)', () => {
    refuses('\u202Eyek dorp');
  });
  it('refuses a NUL at the end (trimming does not remove it)', () => {
    refuses('key\u0000');
  });
  for (const text of [
    '<script>alert(1)</script>',
    "'; DROP TABLE api_keys; --",
    '{{constructor}}',
    '${process.env.AUTH_SECRET}',
    '"quoted" & <b>bold</b>',
  ]) {
    it(`accepts markup or SQL literally: ${text}`, () => {
      assert.equal(accepts(text), text);
    });
  }
  it('keeps zero-width characters inside a name literally (emoji sequences need the joiner)', () => {
    assert.equal(accepts('a\u200Bb'), 'a\u200Bb');
    assert.equal(accepts('👨\u200D👩\u200D👧 family'), '👨\u200D👩\u200D👧 family');
    assert.equal(accepts('deploy\u2060key'), 'deploy\u2060key');
  });
  it('refuses a name made only of invisible characters', () => {
    for (const name of ['\u200B', '\u200B\u200C\u200D', ' \u2060 ', '\uFEFF\u200B']) {
      assert.match(refuses(name), /visible character/, JSON.stringify(name));
    }
  });
});
