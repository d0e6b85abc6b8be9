import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allows,
  API_RESOURCES,
  describeGrant,
  parseResources,
  serializeResources,
  type ApiResource,
} from './permissions';

// A key's own grant (read or read-write, all resources or a list): what the API guard asks before any handler runs.

describe('allows: a key reaches a route only with the permission and the resource it needs', () => {
  it('matches a table written out by hand, for every resource and both kinds of request', () => {
    const grants = {
      'read, all': { permission: 'read', resources: null },
      'read-write, all': { permission: 'read-write', resources: null },
      'read, projects': { permission: 'read', resources: ['projects'] },
      'read-write, projects + me': { permission: 'read-write', resources: ['projects', 'me'] },
      'read-write, none': { permission: 'read-write', resources: [] },
    } as const;
    // For each grant: the resources it may read, and the ones it may write.
    const expected: Record<keyof typeof grants, { read: ApiResource[]; write: ApiResource[] }> = {
      'read, all': { read: ['me', 'keys', 'projects', 'keys:verify'], write: [] },
      'read-write, all': {
        read: ['me', 'keys', 'projects', 'keys:verify'],
        write: ['me', 'keys', 'projects', 'keys:verify'],
      },
      'read, projects': { read: ['projects'], write: [] },
      'read-write, projects + me': { read: ['me', 'projects'], write: ['me', 'projects'] },
      'read-write, none': { read: [], write: [] },
    };
    for (const [name, grant] of Object.entries(grants) as [
      keyof typeof grants,
      (typeof grants)[keyof typeof grants],
    ][]) {
      for (const resource of API_RESOURCES) {
        assert.equal(
          allows(grant, { resource, write: false }),
          expected[name].read.includes(resource),
          `${name} reads ${resource}`,
        );
        assert.equal(
          allows(grant, { resource, write: true }),
          expected[name].write.includes(resource),
          `${name} writes ${resource}`,
        );
      }
    }
  });

  it('reads a stored list that cannot be read as granting nothing, never everything', () => {
    for (const stored of ['not json', '{"a":1}', '"projects"', '[1, null, "root"]']) {
      const resources = parseResources(stored);
      assert.deepEqual(resources, [], stored);
      for (const resource of API_RESOURCES)
        assert.equal(allows({ permission: 'read-write', resources }, { resource, write: false }), false);
    }
    assert.equal(parseResources(null), null);
    assert.deepEqual(parseResources(serializeResources(['projects', 'me', 'projects'])), ['me', 'projects']);
  });

  it('describes a grant in words', () => {
    assert.equal(describeGrant({ permission: 'read', resources: null }), 'Read only, all resources');
    assert.equal(describeGrant({ permission: 'read-write', resources: ['projects'] }), 'Read and write: projects');
    assert.equal(describeGrant({ permission: 'read-write', resources: [] }), 'Read and write: no resources');
  });
});
