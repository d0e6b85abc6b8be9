import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accessByResource,
  allows,
  API_RESOURCES,
  DEFAULT_ACCESS,
  describeGrant,
  grantFields,
  RESOURCE_INFO,
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

describe('the permission table', () => {
  it('every resource has a label and a one-line description', () => {
    for (const resource of API_RESOURCES) {
      assert.ok(RESOURCE_INFO[resource].label);
      assert.doesNotMatch(RESOURCE_INFO[resource].description, /\n/);
    }
  });
  it('the default reaches only "me", read only', () => {
    assert.deepEqual(grantFields(DEFAULT_ACCESS), { permission: 'read', resources: ['me'] });
  });
  it('sends the chosen resources and the one level; write on any row makes the key read and write', () => {
    assert.deepEqual(grantFields({ ...DEFAULT_ACCESS, projects: 'read-write' }), {
      permission: 'read-write',
      resources: ['me', 'projects'],
    });
  });
  it('every resource chosen sends none (the server reads that as every resource); none chosen sends "none"', () => {
    const all = { me: 'read', keys: 'read', projects: 'read', 'keys:verify': 'read' } as const;
    assert.deepEqual(grantFields(all), { permission: 'read', resources: [] });
    const nothing = { me: 'none', keys: 'none', projects: 'none', 'keys:verify': 'none' } as const;
    assert.deepEqual(grantFields(nothing), { permission: 'read', resources: ['none'] });
  });
  it('accessByResource reads a stored grant back into rows', () => {
    assert.deepEqual(accessByResource({ permission: 'read-write', resources: null }), {
      me: 'read-write',
      keys: 'read-write',
      projects: 'read-write',
      'keys:verify': 'read-write',
    });
    assert.deepEqual(accessByResource({ permission: 'read', resources: ['keys'] }), {
      me: 'none',
      keys: 'read',
      projects: 'none',
      'keys:verify': 'none',
    });
  });
});
