import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatUserCode, generateUserCode, normalizeUserCode, USER_CODE_ALPHABET } from './codes';
import { open, publicKeyFromRaw, rawPublicKey, seal } from './seal';

describe('device login codes', () => {
  it('are 8 characters of the RFC 8628 alphabet, shown XXXX-XXXX, read back however typed', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateUserCode();
      assert.match(code, new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`));
      const shown = formatUserCode(code);
      assert.match(shown, /^[A-Z]{4}-[A-Z]{4}$/);
      assert.equal(normalizeUserCode(shown), code);
      assert.equal(normalizeUserCode(shown.toLowerCase()), code);
      assert.equal(normalizeUserCode(` ${code.slice(0, 4)} ${code.slice(4)} `), code);
    }
  });

  it('refuses what cannot be a code before any lookup', () => {
    for (const input of ['', 'BCDF-GHJ', 'BCDF-GHJKL', 'ABCD-EFGH', 'BCDF-GHJ1', 'BCDF_GHJK', 'ＢＣＤＦ-ＧＨＪＫ'])
      assert.equal(normalizeUserCode(input), null, input);
  });
});

describe('sealing the token to the CLI', () => {
  const cli = generateKeyPairSync('x25519');
  const raw = rawPublicKey(cli.publicKey);

  it('opens only with the private key it was sealed to', () => {
    const sealed = seal('lk_abc_def', publicKeyFromRaw(raw)!);
    assert.ok(!sealed.includes('lk_abc_def'));
    assert.equal(open(sealed, cli.privateKey), 'lk_abc_def');
    assert.equal(open(sealed, generateKeyPairSync('x25519').privateKey), null);
    const parts = sealed.split('.');
    parts[2] = Buffer.from('lk_abc_xyz').toString('base64url');
    assert.equal(open(parts.join('.'), cli.privateKey), null);
    assert.equal(open('garbage', cli.privateKey), null);
  });

  it('reads a raw public key only in its exact form', () => {
    assert.ok(publicKeyFromRaw(raw));
    for (const bad of ['', 'abc', `${raw}A`, raw.slice(1), '!'.repeat(43)])
      assert.equal(publicKeyFromRaw(bad), null, bad);
  });
});
