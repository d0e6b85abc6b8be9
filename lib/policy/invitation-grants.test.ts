import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayGrantByInvitation } from './access';

describe('mayGrantByInvitation', () => {
  it('owners and admins invite admins and members', () => {
    for (const creator of ['owner', 'admin'] as const) {
      assert.equal(mayGrantByInvitation(creator, 'admin'), true);
      assert.equal(mayGrantByInvitation(creator, 'member'), true);
    }
  });
  it('a member invites nobody', () => {
    assert.equal(mayGrantByInvitation('member', 'admin'), false);
    assert.equal(mayGrantByInvitation('member', 'member'), false);
  });
  it('a creator no longer in the account grants nothing', () => {
    assert.equal(mayGrantByInvitation(null, 'member'), false);
    assert.equal(mayGrantByInvitation(undefined, 'admin'), false);
  });
  it('an unknown role from a forged or newer row grants nothing', () => {
    assert.equal(mayGrantByInvitation('superuser' as never, 'member'), false);
  });
});
