import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyStatus } from '../keys/expiry';
import type { Role } from '../types';
import {
  administers,
  decideKey,
  decideMember,
  decideNewKey,
  gate,
  GATED_OPERATIONS,
  holdsGenuineSecret,
  KEY_OPERATIONS,
  keyScope,
  projectReach,
  scopeIncludes,
  type Actor,
  type Decision,
  type GatedOperation,
  type KeyOperation,
  type KeyTarget,
  type NewKeyOwner,
  type ProjectReach,
} from './access';
import { keyButtons, memberButtons, offers, type KeyButton, type KeysView } from './offers';

// Every actor kind × role × sudo state × key kind × ownership × operation, checked against tables written out by
// hand below (not computed from the module): loosening or tightening any rule changes a cell and fails here.
//
// Cells: A allowed, S allowed and it needed sudo mode (fresh here), R refused until the password is confirmed,
// F forbidden (never for this actor), N not found (outside what the actor reaches), O only owners.

type Cell = 'A' | 'S' | 'R' | 'F' | 'N' | 'O';
const cellOf = (d: Decision): Cell =>
  d.allowed
    ? d.sudo
      ? 'S'
      : 'A'
    : ({ reauth: 'R', forbidden: 'F', not_found: 'N', owner_required: 'O' } as const)[d.reason];

const ACCOUNT = 'acct';
const ME = 'u-me';

// The keys every actor is tried against, in the order of each table row's letters.
const TARGETS: Record<string, KeyTarget> = {
  pMe: { accountId: ACCOUNT, id: 'k-p-me', kind: 'personal', userId: ME, serviceAccountId: null },
  pOther: { accountId: ACCOUNT, id: 'k-p-other', kind: 'personal', userId: 'u-other', serviceAccountId: null },
  sMine: { accountId: ACCOUNT, id: 'k-s-mine', kind: 'service', userId: null, serviceAccountId: 'sa-me' },
  sOther: { accountId: ACCOUNT, id: 'k-s-other', kind: 'service', userId: null, serviceAccountId: 'sa-other' },
  oMine: { accountId: ACCOUNT, id: 'k-o-mine', kind: 'organization', userId: null, serviceAccountId: null },
  oOther: { accountId: ACCOUNT, id: 'k-o-other', kind: 'organization', userId: null, serviceAccountId: null },
  foreign: { accountId: 'elsewhere', id: 'k-foreign', kind: 'personal', userId: ME, serviceAccountId: null },
};
const TARGET_NAMES = Object.keys(TARGETS);

const user = (role: Role, sudo: boolean): Actor => ({ type: 'user', accountId: ACCOUNT, userId: ME, role, sudo });
// "Mine" for a key: the user-owned key is pMe, the service account's key sMine, the project's key oMine.
const userKey = (role: Role): Actor => ({
  type: 'key',
  accountId: ACCOUNT,
  keyId: 'k-p-me',
  owner: { type: 'user', id: ME, role },
});
const serviceKey = (role: 'admin' | 'member'): Actor => ({
  type: 'key',
  accountId: ACCOUNT,
  keyId: 'k-s-mine',
  owner: { type: 'service_account', id: 'sa-me', role },
});
const projectKey: Actor = { type: 'key', accountId: ACCOUNT, keyId: 'k-o-mine', owner: { type: 'project', id: 'p-1' } };
const holder: Actor = { type: 'token_holder', accountId: ACCOUNT, keyId: 'k-p-me' };

const ACTORS: Record<string, Actor> = {
  'member, fresh': user('member', true),
  'member, stale': user('member', false),
  'admin, fresh': user('admin', true),
  'admin, stale': user('admin', false),
  'owner, fresh': user('owner', true),
  'owner, stale': user('owner', false),
  "member's key": userKey('member'),
  "admin's key": userKey('admin'),
  "owner's key": userKey('owner'),
  'member service key': serviceKey('member'),
  'admin service key': serviceKey('admin'),
  'project key': projectKey,
  'leak reporter': holder,
};

// Targets:                 pMe pOther sMine sOther oMine oOther foreign
const F7 = 'FFFFFFF';
const KEY_TABLE: Record<string, Record<KeyOperation, string>> = {
  'member, fresh': {
    see: 'ANNNNNN',
    revoke: 'ANNNNNN',
    regenerate: 'ANNNNNN',
    disable: F7,
    enable: F7,
    move: F7,
    verify: F7,
  },
  'member, stale': {
    see: 'ANNNNNN',
    revoke: 'ANNNNNN',
    regenerate: 'ANNNNNN',
    disable: F7,
    enable: F7,
    move: F7,
    verify: F7,
  },
  'admin, fresh': {
    see: 'AAAAAAN',
    revoke: 'AASSSSN',
    regenerate: 'ANSSSSN',
    disable: 'AASSSSN',
    enable: 'AASSSSN',
    move: 'SSNNNNN',
    verify: F7,
  },
  'admin, stale': {
    see: 'AAAAAAN',
    revoke: 'AARRRRN',
    regenerate: 'ANRRRRN',
    disable: 'AARRRRN',
    enable: 'AARRRRN',
    move: 'RRNNNNN',
    verify: F7,
  },
  'owner, fresh': {
    see: 'AAAAAAN',
    revoke: 'AASSSSN',
    regenerate: 'ANSSSSN',
    disable: 'AASSSSN',
    enable: 'AASSSSN',
    move: 'SSNNNNN',
    verify: F7,
  },
  'owner, stale': {
    see: 'AAAAAAN',
    revoke: 'AARRRRN',
    regenerate: 'ANRRRRN',
    disable: 'AARRRRN',
    enable: 'AARRRRN',
    move: 'RRNNNNN',
    verify: F7,
  },
  "member's key": {
    see: 'ANNNNNN',
    revoke: 'ANNNNNN',
    regenerate: F7,
    disable: F7,
    enable: F7,
    move: F7,
    verify: 'AAAAAAN',
  },
  "admin's key": {
    see: 'AAAAAAN',
    revoke: 'AAAAAAN',
    regenerate: F7,
    disable: F7,
    enable: F7,
    move: F7,
    verify: 'AAAAAAN',
  },
  "owner's key": {
    see: 'AAAAAAN',
    revoke: 'AAAAAAN',
    regenerate: F7,
    disable: F7,
    enable: F7,
    move: F7,
    verify: 'AAAAAAN',
  },
  'member service key': {
    see: 'NNANNNN',
    revoke: 'NNANNNN',
    regenerate: F7,
    disable: F7,
    enable: F7,
    move: F7,
    verify: 'AAAAAAN',
  },
  'admin service key': {
    see: 'AAAAAAN',
    revoke: 'AAAAAAN',
    regenerate: F7,
    disable: F7,
    enable: F7,
    move: F7,
    verify: 'AAAAAAN',
  },
  'project key': {
    see: 'NNNNANN',
    revoke: 'NNNNANN',
    regenerate: F7,
    disable: F7,
    enable: F7,
    move: F7,
    verify: 'AAAAAAN',
  },
  'leak reporter': { see: F7, revoke: 'ANNNNNN', regenerate: F7, disable: F7, enable: F7, move: F7, verify: F7 },
};

// New keys for: myself, another person, a service account, a project.
const NEW_OWNERS: NewKeyOwner[] = [
  { kind: 'personal', userId: ME },
  { kind: 'personal', userId: 'u-other' },
  { kind: 'service', serviceAccountId: 'sa-me' },
  { kind: 'organization', projectId: 'p-1' },
];
const NEW_KEY_TABLE: Record<string, string> = {
  'member, fresh': 'AFFF',
  'member, stale': 'AFFF',
  'admin, fresh': 'AFSS',
  'admin, stale': 'AFRR',
  'owner, fresh': 'AFSS',
  'owner, stale': 'AFRR',
  "member's key": 'FFFF',
  "admin's key": 'FFFF',
  "owner's key": 'FFFF',
  'member service key': 'FFFF',
  'admin service key': 'FFFF',
  'project key': 'FFFF',
  'leak reporter': 'FFFF',
};

// Members: target role owner, admin, member; for change_role, the letters go to owner, admin, member.
const ROLES = ['owner', 'admin', 'member'] as const;
interface MemberRow {
  changeRole: Record<Role, string>;
  remove: string;
  unlock: string;
  /** Any operation on a member of another account. */
  foreign: Cell;
}
const FORBIDDEN_MEMBERS: MemberRow = {
  changeRole: { owner: 'FFF', admin: 'FFF', member: 'FFF' },
  remove: 'FFF',
  unlock: 'FFF',
  foreign: 'F',
};
const MEMBER_TABLE: Record<string, MemberRow> = {
  'member, fresh': FORBIDDEN_MEMBERS,
  'member, stale': FORBIDDEN_MEMBERS,
  'admin, fresh': {
    changeRole: { owner: 'SOO', admin: 'OSO', member: 'OOS' },
    remove: 'OOS',
    unlock: 'OOS',
    foreign: 'N',
  },
  'admin, stale': {
    changeRole: { owner: 'RRR', admin: 'RRR', member: 'RRR' },
    remove: 'RRR',
    unlock: 'RRR',
    foreign: 'R',
  },
  'owner, fresh': {
    changeRole: { owner: 'SSS', admin: 'SSS', member: 'SSS' },
    remove: 'SSS',
    unlock: 'SSS',
    foreign: 'N',
  },
  'owner, stale': {
    changeRole: { owner: 'RRR', admin: 'RRR', member: 'RRR' },
    remove: 'RRR',
    unlock: 'RRR',
    foreign: 'R',
  },
  "member's key": FORBIDDEN_MEMBERS,
  "admin's key": FORBIDDEN_MEMBERS,
  "owner's key": FORBIDDEN_MEMBERS,
  'member service key': FORBIDDEN_MEMBERS,
  'admin service key': FORBIDDEN_MEMBERS,
  'project key': FORBIDDEN_MEMBERS,
  'leak reporter': FORBIDDEN_MEMBERS,
};

const GATES: GatedOperation[] = [
  'account.administer',
  'account.set_key_lifetime',
  'account.set_organization_key_limit',
  'account.rename',
  'invitation.create',
  'invitation.revoke',
  'service_account.create',
  'project.create',
  'service_account.rename',
  'service_account.delete',
  'project.rename',
  'project.delete',
  'key.create_personal',
  'key.create_service',
  'key.create_organization',
  'key.revoke',
  'key.regenerate',
  'key.set_enabled',
  'member.change_role',
  'member.remove',
  'member.unlock',
];
// In the order above.
const GATE_TABLE: Record<string, string> = {
  'member, fresh': 'FFFFFFFFFFFFAFFAAFFFF',
  'member, stale': 'FFFFFFFFFFFFAFFAAFFFF',
  'admin, fresh': 'ASFFSASAASASASSAAASSS',
  'admin, stale': 'ARFFRARAARARARRAAARRR',
  'owner, fresh': 'ASSSSASAASASASSAAASSS',
  'owner, stale': 'ARRRRARAARARARRAAARRR',
  "member's key": 'FFFFFFFAFFFFFFFFFFFFF',
  "admin's key": 'FFFFFFFAFFFFFFFFFFFFF',
  "owner's key": 'FFFFFFFAFFFFFFFFFFFFF',
  'member service key': 'FFFFFFFAFFFFFFFFFFFFF',
  'admin service key': 'FFFFFFFAFFFFFFFFFFFFF',
  'project key': 'FFFFFFFFFFFFFFFFFFFFF',
  'leak reporter': 'FFFFFFFFFFFFFFFFFFFFF',
};

// Which projects each actor reaches: the account's (only: null), the one its key is bound to, or none.
const ALL_PROJECTS: ProjectReach = { accountId: ACCOUNT, only: null };
const PROJECT_REACH_TABLE: Record<string, ProjectReach | null> = {
  'member, fresh': ALL_PROJECTS,
  'member, stale': ALL_PROJECTS,
  'admin, fresh': ALL_PROJECTS,
  'admin, stale': ALL_PROJECTS,
  'owner, fresh': ALL_PROJECTS,
  'owner, stale': ALL_PROJECTS,
  "member's key": ALL_PROJECTS,
  "admin's key": ALL_PROJECTS,
  "owner's key": ALL_PROJECTS,
  'member service key': ALL_PROJECTS,
  'admin service key': ALL_PROJECTS,
  'project key': { accountId: ACCOUNT, only: 'p-1' },
  'leak reporter': null,
};

const expectedKeyCell = (actor: string, op: KeyOperation, target: string): Cell =>
  KEY_TABLE[actor]![op][TARGET_NAMES.indexOf(target)] as Cell;

describe('the access policy, cell by cell', () => {
  it('covers every actor and gated operation in its tables', () => {
    assert.deepEqual(Object.keys(KEY_TABLE).sort(), Object.keys(ACTORS).sort());
    assert.deepEqual([...GATES].sort(), Object.keys(GATED_OPERATIONS).sort());
    assert.deepEqual([...KEY_OPERATIONS].sort(), Object.keys(KEY_TABLE['member, fresh']!).sort());
  });

  it('keys: every actor × operation × key kind and owner', () => {
    const wrong: string[] = [];
    for (const [name, actor] of Object.entries(ACTORS)) {
      for (const op of KEY_OPERATIONS) {
        const got = TARGET_NAMES.map((t) => cellOf(decideKey(actor, op, TARGETS[t]!))).join('');
        if (got !== KEY_TABLE[name]![op]) wrong.push(`${name} ${op}: got ${got}, expected ${KEY_TABLE[name]![op]}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('new keys: every actor × owner', () => {
    const wrong: string[] = [];
    for (const [name, actor] of Object.entries(ACTORS)) {
      const got = NEW_OWNERS.map((owner) => cellOf(decideNewKey(actor, owner))).join('');
      if (got !== NEW_KEY_TABLE[name]) wrong.push(`${name}: got ${got}, expected ${NEW_KEY_TABLE[name]}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('members: every actor × operation × target role (× new role)', () => {
    const wrong: string[] = [];
    for (const [name, actor] of Object.entries(ACTORS)) {
      const row = MEMBER_TABLE[name]!;
      const target = (role: Role) => ({ accountId: ACCOUNT, userId: 'u-other', role });
      for (const from of ROLES) {
        const got = ROLES.map((to) => cellOf(decideMember(actor, 'change_role', target(from), to))).join('');
        if (got !== row.changeRole[from])
          wrong.push(`${name} change_role from ${from}: got ${got}, expected ${row.changeRole[from]}`);
      }
      for (const op of ['remove', 'unlock'] as const) {
        const got = ROLES.map((role) => cellOf(decideMember(actor, op, target(role)))).join('');
        if (got !== row[op]) wrong.push(`${name} ${op}: got ${got}, expected ${row[op]}`);
      }
      for (const op of ['change_role', 'remove', 'unlock'] as const) {
        const got = cellOf(decideMember(actor, op, { accountId: 'elsewhere', userId: 'u-x', role: 'member' }, 'admin'));
        if (got !== row.foreign)
          wrong.push(`${name} ${op} on another account's member: got ${got}, expected ${row.foreign}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('gates: every actor × operation checked before a target is read', () => {
    const wrong: string[] = [];
    for (const [name, actor] of Object.entries(ACTORS)) {
      const got = GATES.map((op) => cellOf(gate(actor, op))).join('');
      if (got !== GATE_TABLE[name]) wrong.push(`${name}: got ${got}, expected ${GATE_TABLE[name]}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('projects: every actor reaches the account, only its bound project, or none', () => {
    assert.deepEqual(Object.keys(PROJECT_REACH_TABLE).sort(), Object.keys(ACTORS).sort());
    const wrong: string[] = [];
    for (const [name, actor] of Object.entries(ACTORS)) {
      const got = JSON.stringify(projectReach(actor));
      const expected = JSON.stringify(PROJECT_REACH_TABLE[name]);
      if (got !== expected) wrong.push(`${name}: got ${got}, expected ${expected}`);
    }
    assert.deepEqual(wrong, []);
  });

  it("projects: the reach is always the actor's own account", () => {
    const elsewhere: Actor[] = [
      { type: 'user', accountId: 'elsewhere', userId: ME, role: 'owner', sudo: true },
      { type: 'key', accountId: 'elsewhere', keyId: 'k', owner: { type: 'user', id: ME, role: 'owner' } },
      { type: 'key', accountId: 'elsewhere', keyId: 'k', owner: { type: 'service_account', id: 'sa', role: 'admin' } },
    ];
    for (const actor of elsewhere) assert.deepEqual(projectReach(actor), { accountId: 'elsewhere', only: null });
    assert.deepEqual(
      projectReach({ type: 'key', accountId: 'elsewhere', keyId: 'k', owner: { type: 'project', id: 'p-9' } }),
      { accountId: 'elsewhere', only: 'p-9' },
    );
    assert.equal(projectReach({ type: 'token_holder', accountId: 'elsewhere', keyId: 'k' }), null);
  });

  it("the admin pages open for owners and admins, as the 'account.administer' gate says", () => {
    assert.deepEqual(
      ROLES.filter((role) => administers({ role })),
      ['owner', 'admin'],
    );
  });

  it('a leak report revokes only when the secret was genuine', () => {
    const genuine = (
      ['valid', 'malformed', 'bad_checksum', 'not_found', 'wrong_secret', 'revoked', 'disabled', 'expired'] as const
    ).filter(holdsGenuineSecret);
    assert.deepEqual(genuine, ['valid', 'disabled', 'expired']);
  });
});

describe('one rule, three places', () => {
  it("a key may create projects exactly when it reaches all the account's projects", () => {
    for (const [name, actor] of Object.entries(ACTORS)) {
      if (actor.type !== 'key') continue;
      const creates = gate(actor, 'project.create').allowed;
      assert.equal(creates, projectReach(actor)?.only === null, name);
    }
  });

  it('the SQL scope reaches exactly the keys the decision allows (or asks sudo for)', () => {
    for (const [name, actor] of Object.entries(ACTORS)) {
      for (const op of KEY_OPERATIONS) {
        const scope = keyScope(actor, op);
        for (const t of TARGET_NAMES) {
          const cell = expectedKeyCell(name, op, t);
          const reached = scope !== null && scopeIncludes(scope, TARGETS[t]!);
          assert.equal(reached, cell !== 'F' && cell !== 'N', `${name} ${op} ${t}`);
          assert.equal(scope === null, cell === 'F', `${name} ${op} ${t}: a forbidden operation has no scope`);
        }
      }
    }
  });

  it("an action's gate refuses exactly what every target would refuse for the actor's role", () => {
    const users = Object.entries(ACTORS).filter(([, a]) => a.type === 'user');
    for (const [name, actor] of users) {
      const forbidden = (op: GatedOperation) => cellOf(gate(actor, op)) === 'F';
      const keyCells = (op: KeyOperation) => TARGET_NAMES.map((t) => expectedKeyCell(name, op, t));
      assert.equal(
        forbidden('key.set_enabled'),
        keyCells('disable').every((c) => c === 'F'),
        `${name} set_enabled`,
      );
      assert.equal(
        forbidden('key.revoke'),
        keyCells('revoke').every((c) => c === 'F'),
        `${name} revoke`,
      );
      assert.equal(
        forbidden('key.regenerate'),
        keyCells('regenerate').every((c) => c === 'F'),
        `${name} regenerate`,
      );
      assert.equal(forbidden('key.create_service'), NEW_KEY_TABLE[name]![2] === 'F', `${name} create service key`);
      assert.equal(
        forbidden('key.create_organization'),
        NEW_KEY_TABLE[name]![3] === 'F',
        `${name} create organization key`,
      );
      for (const op of ['remove', 'unlock'] as const) {
        const gateCell = cellOf(gate(actor, `member.${op}`));
        // A stale session is asked for its password before the member is even looked up, as the wrapper does.
        assert.equal(
          gateCell,
          MEMBER_TABLE[name]![op].includes('F') ? 'F' : MEMBER_TABLE[name]![op].includes('R') ? 'R' : 'S',
          `${name} ${op}`,
        );
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The pages' buttons, against the same hand-written table: a button shows exactly when the change would be allowed
// (sudo aside: the page asks for the password then) and the key's state and the table leave it meaningful.

const STATUSES: KeyStatus[] = ['active', 'expiring', 'expired', 'disabled', 'revoked'];
const MEANINGFUL: Record<KeyStatus, KeyButton[]> = {
  active: ['disable', 'regenerate', 'revoke'],
  expiring: ['disable', 'regenerate', 'revoke'],
  expired: ['disable', 'revoke'],
  disabled: ['enable', 'revoke'],
  revoked: [],
};
const VIEW: Record<KeysView, KeyButton[]> = {
  own: ['regenerate', 'revoke'],
  admin: ['disable', 'enable', 'regenerate', 'revoke'],
};

describe('the keys table offers what the policy allows', () => {
  it('for every signed-in actor × key × state × table', () => {
    const users = Object.entries(ACTORS).filter(([, a]) => a.type === 'user');
    for (const [name, actor] of users) {
      for (const t of TARGET_NAMES.filter((n) => n !== 'foreign')) {
        for (const status of STATUSES) {
          for (const view of ['own', 'admin'] as const) {
            const expected = VIEW[view].filter(
              (b) => MEANINGFUL[status].includes(b) && 'ASR'.includes(expectedKeyCell(name, b, t)),
            );
            assert.deepEqual(
              keyButtons(actor, { ...TARGETS[t]!, status }, view),
              expected,
              `${name} ${t} ${status} ${view}`,
            );
          }
        }
      }
    }
  });

  it("an admin regenerates their own personal key and service and organization keys on the admin tables, never another person's", () => {
    const admin = user('admin', false);
    const offers = (t: string) =>
      keyButtons(admin, { ...TARGETS[t]!, status: 'active' }, 'admin').includes('regenerate');
    assert.deepEqual(TARGET_NAMES.filter((t) => t !== 'foreign').filter(offers), [
      'pMe',
      'sMine',
      'sOther',
      'oMine',
      'oOther',
    ]);
  });
});

describe('the members page offers what the policy allows', () => {
  it('for every signed-in actor × member role', () => {
    const expected: Record<string, Record<Role, string>> = {
      // change role, remove, unlock: 1 offered, 0 not
      member: { owner: '000', admin: '000', member: '000' },
      admin: { owner: '000', admin: '000', member: '011' },
      owner: { owner: '111', admin: '111', member: '111' },
    };
    for (const role of ROLES) {
      for (const sudo of [true, false]) {
        for (const target of ROLES) {
          const b = memberButtons(user(role, sudo), { accountId: ACCOUNT, userId: 'u-other', role: target });
          const got = [b.changeRole, b.remove, b.unlock].map((x) => (x ? '1' : '0')).join('');
          assert.equal(got, expected[role]![target], `${role} (sudo ${sudo}) on ${target}`);
        }
      }
    }
  });
});

describe('the account and keys pages offer their forms as the policy allows', () => {
  // Written out by hand, not derived from the policy: a change to either side makes this fail.
  const FORMS: Record<
    'account.set_key_lifetime' | 'account.set_organization_key_limit' | 'account.rename' | 'invitation.create',
    Role[]
  > = {
    'account.set_key_lifetime': ['owner', 'admin'],
    'account.set_organization_key_limit': ['owner'],
    'account.rename': ['owner'],
    'invitation.create': ['owner', 'admin'],
  };
  it('shows each form to exactly the roles that may use it, whether or not the password was confirmed lately', () => {
    for (const [op, roles] of Object.entries(FORMS) as [keyof typeof FORMS, Role[]][]) {
      for (const role of ['owner', 'admin', 'member'] as const) {
        for (const sudo of [true, false]) {
          assert.equal(offers(user(role, sudo), op), roles.includes(role), `${op} ${role} sudo=${sudo}`);
        }
      }
    }
  });
});
