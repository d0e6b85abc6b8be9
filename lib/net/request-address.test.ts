import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_ADDRESS_HEADER, clientAddressFrom, markClientAddressListener } from './request-address';

describe('clientAddressFrom', () => {
  it('ignores the header until the Latchkey listener has marked the process (e.g. under next dev)', () => {
    assert.equal(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: '203.0.113.7' })), null);
    assert.equal(clientAddressFrom({ [CLIENT_ADDRESS_HEADER]: '203.0.113.7' }), null);
  });
  it('then reads it from Headers or from a plain object, in canonical form', () => {
    markClientAddressListener();
    assert.equal(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: '203.0.113.7' })), '203.0.113.7');
    assert.equal(clientAddressFrom({ [CLIENT_ADDRESS_HEADER]: '::FFFF:203.0.113.7' }), '203.0.113.7');
  });
  it('is null when missing or not an address', () => {
    markClientAddressListener();
    assert.equal(clientAddressFrom(new Headers()), null);
    assert.equal(clientAddressFrom({ [CLIENT_ADDRESS_HEADER]: 'evil, 1.2.3.4' }), null);
    assert.equal(clientAddressFrom({ [CLIENT_ADDRESS_HEADER]: ['1.2.3.4'] }), null);
    assert.equal(clientAddressFrom(undefined), null);
  });
});
