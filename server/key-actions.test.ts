import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyFormSchema } from './key-actions';

// The key form's schema is the server's word on a form's permissions, whatever the page sent.

const form = { name: 'ci', expiration: '30' };

describe('KeyFormSchema: resources', () => {
  it('no resource sent means every resource (an empty list), as the API has always read it', () => {
    const parsed = KeyFormSchema.safeParse(form);
    assert.ok(parsed.success);
    assert.deepEqual(parsed.data.resources, []);
    assert.equal(parsed.data.permission, 'read');
  });
  it("the permission table's 'none' (no row reaches anything) is refused, alone or with others", () => {
    for (const resources of ['none', ['none'], ['me', 'none']]) {
      const parsed = KeyFormSchema.safeParse({ ...form, resources });
      assert.ok(!parsed.success, JSON.stringify(resources));
      assert.deepEqual(
        parsed.error.issues.map((i) => [i.path.join('.'), i.message]),
        [['resources', 'Choose at least one resource.']],
      );
    }
  });
  it('named resources pass; anything else is refused', () => {
    const parsed = KeyFormSchema.safeParse({ ...form, resources: ['me', 'projects'], permission: 'read-write' });
    assert.ok(parsed.success);
    assert.deepEqual(parsed.data.resources, ['me', 'projects']);
    assert.ok(!KeyFormSchema.safeParse({ ...form, resources: ['billing'] }).success);
  });
});
