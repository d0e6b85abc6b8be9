import fc from 'fast-check';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EmailSchema } from '../auth/credentials';
import { AccountNameSchema, KEY_NAME_MAX, KeyNameSchema } from './name';
import { isWellFormedText, LONE_SURROGATE } from './name-rules';

const accepts = (input: unknown) => {
  const result = KeyNameSchema.safeParse(input);
  assert.equal(result.success, true, `refused ${JSON.stringify(input)}: ${result.error?.issues[0]?.message}`);
  return result.data;
};
const refuses = (input: unknown) => {
  const result = KeyNameSchema.safeParse(input);
  assert.equal(result.success, false, `accepted ${JSON.stringify(input)}`);
  return result.error!.issues[0]!.message;
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
    ['line separator', '\u2028'],
    ['paragraph separator', '\u2029'],
    ['tag character', '\u{E0041}'],
    ['cancel tag', '\u{E007F}'],
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
  it('refuses invisible tag text after a visible name (text a reader cannot see but a program reads)', () => {
    const hidden = [...'ignore previous'].map((c) => String.fromCodePoint(0xe0000 + c.codePointAt(0)!)).join('');
    assert.match(refuses(`deploy${hidden}`), /control or text-direction/);
  });
  it('keeps the subdivision flags, the one use of tag characters in text', () => {
    for (const flag of ['🏴󠁧󠁢󠁥󠁮󠁧󠁿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏴󠁧󠁢󠁷󠁬󠁳󠁿']) {
      assert.equal(accepts(`${flag} team`), `${flag} team`);
    }
    // Tags hung on another base, or without their cancel tag, are not a flag.
    refuses('🔑\u{E0067}\u{E0062}\u{E007F}');
    refuses('🏴\u{E0067}\u{E0062}');
  });
  it('refuses a name made only of invisible characters', () => {
    for (const name of ['\u200B', '\u200B\u200C\u200D', ' \u2060 ', '\uFEFF\u200B']) {
      assert.match(refuses(name), /visible character/, JSON.stringify(name));
    }
  });
});

// Issue 9, item 4: a string with an unpaired UTF-16 surrogate is not text. SQLite would store it as invalid UTF-8 and
// read back U+FFFD, so two different names could come back equal. Every name is refused with one message.
const NOT_UNICODE = /well-formed Unicode/;

describe('names that are not well-formed Unicode', () => {
  for (const [label, name] of [
    ['a lone high surrogate inside', 'lone\uD800x'],
    ['a lone low surrogate inside', 'lone\uDFFFx'],
    ['a pair in the wrong order', 'a\uDC00\uD800b'],
    ['a lone high surrogate at the end', 'key \uD83D'],
    ['a lone low surrogate at the start', '\uDD11 key'],
    ['half an emoji next to a whole one', '🔑\uD83D'],
    ['only a surrogate', '\uD800'],
  ] as const) {
    it(`refuses ${label}`, () => {
      assert.match(refuses(name), NOT_UNICODE);
    });
  }

  it('accepts surrogate pairs (astral characters) as they are', () => {
    assert.equal(accepts('key \uD83D\uDD11'), 'key 🔑');
    assert.equal(accepts('𝒳 𠀀'), '𝒳 𠀀');
  });

  it('refuses an ordinary name with any lone surrogate anywhere, with that one message', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9 ._-]{0,40}$/).map((text) => `k${text}`);
    fc.assert(
      fc.property(name, fc.nat(), fc.integer({ min: 0xd800, max: 0xdfff }), (base, at, unit) => {
        const i = at % (base.length + 1);
        const result = KeyNameSchema.safeParse(`${base.slice(0, i)}${String.fromCharCode(unit)}${base.slice(i)}`);
        assert.equal(result.success, false);
        assert.deepEqual(
          result.error!.issues.map((issue) => issue.message),
          ['Names must be well-formed Unicode text (no unpaired surrogate characters).'],
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the account name', () => {
  // It is made from the email's local part at sign-up, and an email address is ASCII: no surrogate gets in.
  it('comes from an email, which refuses surrogates', () => {
    assert.equal(EmailSchema.safeParse('lone\uD800@example.com').success, false);
    assert.equal(EmailSchema.safeParse('lone@example.com').success, true);
  });
});

describe('one rule for well-formed text', () => {
  it('the cleaning pattern finds a lone surrogate exactly when isWellFormed says the text is not well-formed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { maxLength: 3 }),
        (text, units) => {
          const mixed = text + String.fromCharCode(...units) + text;
          assert.equal(LONE_SURROGATE.test(mixed), !isWellFormedText(mixed), JSON.stringify(mixed));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('every name field in the app is KeyNameSchema (no name schema of its own)', () => {
    const root = path.resolve(__dirname, '../..');
    const sources = ['app', 'lib', 'server', 'db']
      .flatMap((dir) =>
        readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file)),
      )
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
    const own = sources.filter((file) => /\bname\??:\s*z\./.test(readFileSync(path.join(root, file), 'utf8')));
    assert.deepEqual(own, [], 'name fields with a schema of their own');
    const users = sources
      .filter((file) => /\bname:\s*KeyNameSchema\b/.test(readFileSync(path.join(root, file), 'utf8')))
      .sort();
    // Keys (personal, service and organization key forms), projects (action and API) and service accounts.
    // The API's project body lives with the other /api/v1 schemas (lib/api/schemas.ts, which the OpenAPI document is
    // built from).
    assert.deepEqual(users, [
      'app/(dashboard)/settings/keys/actions.ts',
      'app/(dashboard)/settings/service-accounts/actions.ts',
      'lib/api/schemas.ts',
      'server/key-actions.ts',
    ]);
  });

  it("the account's name follows the same rules, with its own word when it is missing", () => {
    for (const name of ['Acme', '  padded  ', 'evil\u202Egnp.exe', 'x'.repeat(101), '\u200B ', '\uD800']) {
      const key = KeyNameSchema.safeParse(name);
      const account = AccountNameSchema.safeParse(name);
      assert.equal(account.success, key.success, JSON.stringify(name));
      if (key.success && account.success) assert.equal(account.data, key.data);
    }
    assert.equal(AccountNameSchema.safeParse('  ').error?.issues[0]?.message, 'Give the account a name.');
  });
});
