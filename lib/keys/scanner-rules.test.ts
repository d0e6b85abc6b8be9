import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gitleaksRule, scannerRegex } from './scanner-rules';
import { newToken } from './token';

const finds = (prefix: string, text: string) =>
  [...text.matchAll(new RegExp(scannerRegex(prefix), 'g'))].map((m) => m[0]);

describe('scannerRegex', () => {
  it('is the documented expression for the default prefix', () => {
    assert.equal(scannerRegex('lk'), String.raw`\blk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}\b`);
  });

  it('finds every freshly generated token, alone and inside code, config and URLs', () => {
    for (const prefix of ['lk', 'acme', 'x9']) {
      for (let i = 0; i < 200; i++) {
        const { token } = newToken(prefix);
        assert.deepEqual(finds(prefix, token), [token]);
        for (const text of [
          `LATCHKEY_KEY=${token}\n`,
          `headers: { Authorization: "Bearer ${token}" }`,
          `curl -H 'Authorization: Bearer ${token}'`,
          `https://example.com/?key=${token}&x=1`,
          `"key":"${token}","other":"${token}"`,
        ]) {
          assert.ok(
            finds(prefix, text).every((found) => found === token),
            text,
          );
          assert.ok(finds(prefix, text).length >= 1, text);
        }
      }
    }
  });

  it('does not match near-misses', () => {
    const { keyId, token } = newToken('lk');
    const tail = token.slice(token.lastIndexOf('_') + 1);
    for (const near of [
      `lk_${keyId.slice(1)}_${tail}`, // key id one short
      `lk_${keyId}Z_${tail}`, // key id one long
      `lk_${keyId}_${tail.slice(1)}`, // secret+checksum one short
      `lk_${keyId}_${tail}Z`, // one long: no word boundary after 38 characters
      `xlk_${keyId}_${tail}`, // glued to a longer word
      `mylk_${keyId}_${tail}`,
      `_lk_${keyId}_${tail}`,
      `LK_${keyId}_${tail}`, // prefixes are lowercase
      `lk-${keyId}-${tail}`,
      `lk_${keyId}_${tail.slice(0, 20)}-${tail.slice(21)}`, // a non-base62 character inside
      `ak_${keyId}_${tail}`,
    ]) {
      assert.deepEqual(finds('lk', near), [], near);
    }
  });

  it('matches only the configured prefix', () => {
    const { token } = newToken('acme');
    assert.deepEqual(finds('lk', token), []);
    assert.deepEqual(finds('acme', newToken('lk').token), []);
    assert.deepEqual(finds('acme', token), [token]);
  });

  it('refuses a prefix that could not be configured (and so could not build a safe expression)', () => {
    for (const bad of ['', 'a', 'Lk', 'l.k', 'lk_x', '(.*)', 'abcdefghijk'])
      assert.throws(() => scannerRegex(bad), bad);
  });
});

describe('gitleaksRule', () => {
  it('is a gitleaks config with one rule whose regex is the same expression, verbatim', () => {
    const toml = gitleaksRule('lk');
    assert.match(toml, /^\[extend\]\nuseDefault = true\n/);
    assert.match(toml, /^\[\[rules\]\]$/m);
    assert.match(toml, /^id = "latchkey-api-key-lk"$/m);
    assert.match(toml, /^keywords = \["lk_"\]$/m);
    const regexLine = /^regex = '''(.*)'''$/m.exec(toml);
    assert.equal(regexLine?.[1], scannerRegex('lk'));
  });

  it('its expression finds tokens of that prefix only', () => {
    const toml = gitleaksRule('acme');
    const regex = new RegExp(/^regex = '''(.*)'''$/m.exec(toml)![1]!);
    assert.match(newToken('acme').token, regex);
    assert.doesNotMatch(newToken('lk').token, regex);
    assert.match(toml, /^keywords = \["acme_"\]$/m);
  });
});

describe('the API reference (docs/api.md)', () => {
  it('ships exactly the generated rules for the default prefix', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    assert.ok(doc.includes('```\n' + scannerRegex('lk') + '\n```'), 'the plain regular expression');
    assert.ok(doc.includes('```toml\n' + gitleaksRule('lk').trim() + '\n```'), 'the gitleaks rule');
  });
});
