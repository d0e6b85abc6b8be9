import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  dataDirFrom,
  listenFrom,
  loadOrCreateSecret,
  signUpLimitFrom,
  tokenPrefixFrom,
  usageFlushMsFrom,
} from './config';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-config-'));
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('loadOrCreateSecret', () => {
  it('creates a long random secret on first run, readable only by the owner', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const secret = loadOrCreateSecret(dir);
    assert.ok(secret.length >= 32);
    assert.equal(statSync(path.join(dir, 'auth-secret')).mode & 0o777, 0o600);
  });

  it('returns the same secret on every later run (never silently changed)', () => {
    const dir = tempDir();
    const first = loadOrCreateSecret(dir);
    assert.equal(loadOrCreateSecret(dir), first);
    assert.equal(readFileSync(path.join(dir, 'auth-secret'), 'utf8').trim(), first);
  });

  it('keeps a secret that is already there', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'auth-secret'), 'x'.repeat(40) + '\n');
    assert.equal(loadOrCreateSecret(dir), 'x'.repeat(40));
  });

  it('refuses a secret file that is too short instead of replacing it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'auth-secret'), 'short');
    assert.throws(() => loadOrCreateSecret(dir), /shorter than 32/);
    assert.equal(readFileSync(path.join(dir, 'auth-secret'), 'utf8'), 'short');
  });

  it('gives different installations different secrets', () => {
    assert.notEqual(loadOrCreateSecret(tempDir()), loadOrCreateSecret(tempDir()));
  });
});

describe('LATCHKEY_TRUSTED_PROXIES', () => {
  it('is optional, and a list of addresses and ranges is accepted', () => {
    assert.doesNotThrow(() => dataDirFrom({}));
    assert.doesNotThrow(() => dataDirFrom({ LATCHKEY_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16, loopback' }));
  });
  it('fails fast, naming what it cannot read', () => {
    assert.throws(
      () => dataDirFrom({ LATCHKEY_TRUSTED_PROXIES: '10.0.0.1, my-proxy' }),
      /LATCHKEY_TRUSTED_PROXIES.*cannot read: my-proxy/,
    );
  });
});

describe('LATCHKEY_SIGNUP_LIMIT', () => {
  it('defaults to 20 attempts per address per 10 minutes', () => {
    assert.equal(signUpLimitFrom({}), 20);
    assert.equal(signUpLimitFrom({ LATCHKEY_SIGNUP_LIMIT: '' }), 20);
  });
  it('accepts a whole number from 1 up', () => {
    assert.equal(signUpLimitFrom({ LATCHKEY_SIGNUP_LIMIT: '1' }), 1);
    assert.equal(signUpLimitFrom({ LATCHKEY_SIGNUP_LIMIT: ' 500 ' }), 500);
  });
  it('fails fast on anything else, saying what it expects', () => {
    for (const value of ['0', '-5', '2.5', 'ten', '1e3', '20/10m', '1000001', 'Infinity']) {
      assert.throws(
        () => signUpLimitFrom({ LATCHKEY_SIGNUP_LIMIT: value }),
        /LATCHKEY_SIGNUP_LIMIT must be a whole number from 1 to 1000000/,
        value,
      );
    }
  });
});

describe('LATCHKEY_USAGE_FLUSH_MS', () => {
  it('defaults to 5 seconds and accepts whole milliseconds from 100 to an hour', () => {
    assert.equal(usageFlushMsFrom({}), 5000);
    assert.equal(usageFlushMsFrom({ LATCHKEY_USAGE_FLUSH_MS: '200' }), 200);
    assert.equal(usageFlushMsFrom({ LATCHKEY_USAGE_FLUSH_MS: '3600000' }), 3_600_000);
  });
  it('fails fast on a value that would flush on every request or never', () => {
    // Number('abc') is NaN, and setInterval treats NaN as 1 ms: the old behaviour this rule replaces.
    for (const value of ['abc', '0', '1', '99', '-5000', '2.5', '1e4', '3600001']) {
      assert.throws(
        () => usageFlushMsFrom({ LATCHKEY_USAGE_FLUSH_MS: value }),
        /LATCHKEY_USAGE_FLUSH_MS must be a whole number of milliseconds from 100 to 3600000/,
        value,
      );
    }
  });
});

describe('PORT and HOST', () => {
  it('default to port 3000 on all interfaces', () => {
    assert.deepEqual(listenFrom({}), { port: 3000, host: undefined });
    assert.deepEqual(listenFrom({ PORT: '8080', HOST: '127.0.0.1' }), { port: 8080, host: '127.0.0.1' });
  });
  it('refuse a port that is not a whole number from 1 to 65535', () => {
    for (const value of ['http', '0', '65536', '80.5', '-1', '0x50']) {
      assert.throws(() => listenFrom({ PORT: value }), /PORT must be a whole number from 1 to 65535/, value);
    }
  });
});

describe('NEXTAUTH_URL', () => {
  it('is optional, and an http or https origin is accepted', () => {
    assert.doesNotThrow(() => dataDirFrom({}));
    assert.doesNotThrow(() => dataDirFrom({ NEXTAUTH_URL: 'https://keys.example.com' }));
    assert.doesNotThrow(() => dataDirFrom({ NEXTAUTH_URL: 'http://127.0.0.1:3000' }));
  });
  it('refuses a value the cookie rules would silently treat as unset', () => {
    for (const value of ['keys.example.com', 'htps://keys.example.com', 'ftp://keys.example.com', 'https//keys']) {
      assert.throws(
        () => dataDirFrom({ NEXTAUTH_URL: value }),
        /NEXTAUTH_URL must be an absolute http:\/\/ or https:\/\/ URL/,
        value,
      );
    }
  });
});

describe('LATCHKEY_TOKEN_PREFIX for npm run scanner-rules', () => {
  it('goes through the same schema as the server: default "lk", a valid prefix, and a clear refusal', () => {
    assert.equal(tokenPrefixFrom({}), 'lk');
    assert.equal(tokenPrefixFrom({ LATCHKEY_TOKEN_PREFIX: 'acme' }), 'acme');
    assert.throws(() => tokenPrefixFrom({ LATCHKEY_TOKEN_PREFIX: 'Bad_Prefix' }), /LATCHKEY_TOKEN_PREFIX must be/);
  });
});
