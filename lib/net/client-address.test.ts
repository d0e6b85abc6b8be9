import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalAddress, clientAddress, parseTrustedProxies, throttleKey, type AddressRange } from './client-address';

function ranges(value: string): AddressRange[] {
  const parsed = parseTrustedProxies(value);
  assert.ok(parsed.ok, `${value} should parse`);
  return parsed.ranges;
}

describe('canonicalAddress', () => {
  it('keeps IPv4 as it is', () => {
    assert.equal(canonicalAddress('203.0.113.7'), '203.0.113.7');
  });
  it('turns IPv4-mapped IPv6 into IPv4, in either spelling', () => {
    assert.equal(canonicalAddress('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(canonicalAddress('::FFFF:cb00:7107'), '203.0.113.7');
    assert.equal(canonicalAddress('0:0:0:0:0:ffff:203.0.113.7'), '203.0.113.7');
  });
  it('writes IPv6 one way only (RFC 5952): lowercase, no leading zeros, longest zero run compressed', () => {
    assert.equal(canonicalAddress('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    assert.equal(canonicalAddress('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(canonicalAddress('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
    assert.equal(canonicalAddress('::1'), '::1');
    assert.equal(canonicalAddress('::'), '::');
    assert.equal(canonicalAddress('fe80::1%eth0'), 'fe80::1');
  });
  it('accepts brackets and ports, as some proxies write them', () => {
    assert.equal(canonicalAddress('[2001:db8::1]:443'), '2001:db8::1');
    assert.equal(canonicalAddress('[2001:db8::1]'), '2001:db8::1');
    assert.equal(canonicalAddress('203.0.113.7:51234'), '203.0.113.7');
  });
  it('refuses garbage', () => {
    for (const junk of [
      '',
      ' ',
      'unknown',
      '_hidden',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      '2001:db8::g',
      ':::',
      '1.2.3.4/24',
      'a'.repeat(100),
      null,
      undefined,
    ]) {
      assert.equal(canonicalAddress(junk), null, String(junk));
    }
  });
});

describe('parseTrustedProxies', () => {
  it('is empty by default: nobody is trusted', () => {
    assert.deepEqual(parseTrustedProxies(undefined), { ok: true, ranges: [] });
    assert.deepEqual(parseTrustedProxies(' , '), { ok: true, ranges: [] });
  });
  it('accepts addresses, CIDRs and the names loopback and private', () => {
    assert.equal(ranges('10.0.0.1, 192.168.0.0/16,2001:db8::/32 , ::1').length, 4);
    assert.equal(ranges('loopback').length, 2);
    assert.equal(ranges('private').length, 4);
  });
  it('names every entry it cannot read', () => {
    assert.deepEqual(parseTrustedProxies('10.0.0.1, nginx, 10.0.0.0/33, 2001:db8::/129, 1.2.3.4/x, 1.2.3.4:80'), {
      ok: false,
      invalid: ['nginx', '10.0.0.0/33', '2001:db8::/129', '1.2.3.4/x', '1.2.3.4:80'],
    });
  });
});

describe('clientAddress', () => {
  const none: AddressRange[] = [];
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    assert.equal(clientAddress('198.51.100.4', '203.0.113.7', none), '198.51.100.4');
    assert.equal(clientAddress('::ffff:127.0.0.1', '203.0.113.7', none), '127.0.0.1');
  });
  it('is the socket address when the peer is not a trusted proxy', () => {
    assert.equal(clientAddress('198.51.100.4', '203.0.113.7', ranges('10.0.0.0/8')), '198.51.100.4');
  });
  it('behind a trusted proxy, is the address the proxy appended', () => {
    assert.equal(clientAddress('10.0.0.2', '203.0.113.7', ranges('10.0.0.0/8')), '203.0.113.7');
    assert.equal(clientAddress('::ffff:10.0.0.2', '203.0.113.7', ranges('10.0.0.0/8')), '203.0.113.7');
  });
  it('takes the right-most untrusted hop, not what the client wrote in front of it', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the edge proxy appended the real address, the inner one its own.
    const trusted = ranges('10.0.0.0/8, 172.16.0.0/12');
    assert.equal(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.7, 172.16.5.5', trusted), '203.0.113.7');
    assert.equal(clientAddress('10.0.0.2', ['1.1.1.1, 203.0.113.7', '172.16.5.5'], trusted), '203.0.113.7');
  });
  it('matches IPv6 proxies and clients by CIDR', () => {
    const trusted = ranges('2001:db8:aaaa::/48');
    assert.equal(clientAddress('2001:db8:aaaa:1::5', '2001:DB8:BBBB::0001', trusted), '2001:db8:bbbb::1');
    assert.equal(clientAddress('2001:db8:aaab::5', '2001:db8:bbbb::1', trusted), '2001:db8:aaab::5');
  });
  it('an IPv4 range never matches an IPv6 peer', () => {
    assert.equal(clientAddress('::1', '203.0.113.7', ranges('127.0.0.1')), '::1');
    assert.equal(clientAddress('::1', '203.0.113.7', ranges('loopback')), '203.0.113.7');
  });
  it('when every hop is a trusted proxy, is the furthest one', () => {
    assert.equal(clientAddress('10.0.0.2', '10.0.0.9, 10.0.0.3', ranges('10.0.0.0/8')), '10.0.0.9');
  });
  it('without X-Forwarded-For, or with an empty one, is the proxy itself', () => {
    assert.equal(clientAddress('10.0.0.2', undefined, ranges('10.0.0.0/8')), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', '', ranges('10.0.0.0/8')), '10.0.0.2');
  });
  it('stops at garbage: the answer is the last hop a trusted proxy vouched for', () => {
    const trusted = ranges('10.0.0.0/8');
    assert.equal(clientAddress('10.0.0.2', '203.0.113.7, <script>', trusted), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', 'garbage, 10.0.0.3', trusted), '10.0.0.3');
    assert.equal(clientAddress('10.0.0.2', 'garbage, 203.0.113.7', trusted), '203.0.113.7');
    assert.equal(clientAddress('10.0.0.2', ',,,', trusted), '10.0.0.2');
  });
  it('looks at no more than the last 32 hops', () => {
    const trusted = ranges('10.0.0.0/8');
    const chain = ['203.0.113.7', ...Array(40).fill('10.1.1.1')].join(',');
    assert.equal(clientAddress('10.0.0.2', chain, trusted), '10.1.1.1');
  });
  it('is null without a socket address', () => {
    assert.equal(clientAddress(undefined, '203.0.113.7', ranges('10.0.0.0/8')), null);
  });
});

describe('throttleKey', () => {
  it('counts IPv4 per address and IPv6 per /64', () => {
    assert.equal(throttleKey('203.0.113.7'), '203.0.113.7');
    assert.equal(throttleKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(throttleKey('2001:db8:1:2:bbbb::9'), '2001:db8:1:2::/64');
    assert.equal(throttleKey('::ffff:203.0.113.7'), '203.0.113.7');
  });
});
