import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { publicKeyFromRaw, seal } from '../../../lib/device/seal';
import { configLocation, normalizeUrl, readConfig, writeConfig } from './config';
import { loginKeyPair, openSealed } from './seal';

describe('the CLI config file', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config, unless -c names another', () => {
    assert.equal(configLocation(undefined, { XDG_CONFIG_HOME: '/x' }).file, '/x/latchkey/config.json');
    assert.match(configLocation(undefined, {}).file, /\/\.config\/latchkey\/config\.json$/);
    // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    assert.match(configLocation(undefined, { XDG_CONFIG_HOME: 'rel' }).file, /\/\.config\/latchkey\/config\.json$/);
    assert.deepEqual(configLocation('/data/lk.json'), { file: '/data/lk.json', ownsFolder: false });
  });

  it('is written atomically, 0600 in a 0700 folder, and tightened when read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-config-'));
    const location = { file: path.join(dir, 'latchkey', 'config.json'), ownsFolder: true };
    writeConfig(location, { version: 1, current: 'https://a', servers: { 'https://a': { token: 't', savedAt: 'x' } } });
    assert.equal(statSync(location.file).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(location.file)).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(path.dirname(location.file)), ['config.json']);
    chmodSync(location.file, 0o644);
    const warnings: string[] = [];
    assert.equal(readConfig(location, (w) => warnings.push(w)).servers['https://a']?.token, 't');
    assert.equal(statSync(location.file).mode & 0o777, 0o600);
    assert.deepEqual(warnings, [`tightened ${location.file} from 0644 to 0600`]);
  });

  it('says plainly when the file is not JSON or not a config', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-config-'));
    const file = path.join(dir, 'c.json');
    writeFileSync(file, '{', { mode: 0o600 });
    assert.throws(() => readConfig({ file, ownsFolder: false }, () => undefined), /is not valid JSON/);
    writeFileSync(file, '[]', { mode: 0o600 });
    assert.throws(() => readConfig({ file, ownsFolder: false }, () => undefined), /is not a latchkey config file/);
  });

  it('keys servers by origin and path, without a trailing slash', () => {
    assert.equal(normalizeUrl('https://keys.example.com/'), 'https://keys.example.com');
    assert.equal(normalizeUrl('keys.example.com'), 'https://keys.example.com');
    assert.equal(normalizeUrl('http://127.0.0.1:3000/latchkey/'), 'http://127.0.0.1:3000/latchkey');
    assert.throws(() => normalizeUrl('ftp://x'), { exitCode: 2 });
    assert.throws(() => normalizeUrl('https://u:p@x'), /no credentials/);
  });
});

describe("the CLI's half of the sealed hand-over", () => {
  it('opens what the server seals to its public key, and nothing sealed to another', () => {
    const keys = loginKeyPair();
    const sealed = seal('lk_abc_def', publicKeyFromRaw(keys.publicKey)!);
    assert.equal(openSealed(sealed, keys.privateKey), 'lk_abc_def');
    assert.equal(openSealed(sealed, generateKeyPairSync('x25519').privateKey), null);
    assert.equal(openSealed('a.b', keys.privateKey), null);
  });
});
