import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionLabel, actionOptions, actorText, describeEntry, targetLabel } from './describe';

describe('actionLabel', () => {
  it('labels the known actions', () => {
    assert.equal(actionLabel('key.created'), 'Key created');
    assert.equal(actionLabel('auth.sign_in_failed'), 'Sign-in failed');
    assert.equal(actionLabel('api.refused'), 'API call refused');
  });
  it('falls back to the code for an unknown action', () => {
    assert.equal(actionLabel('webhook.created'), 'webhook.created');
  });
  it('filter options are sorted by label', () => {
    assert.deepEqual(actionOptions(['key.revoked', 'api.refused', 'key.created']), [
      { value: 'api.refused', label: 'API call refused' },
      { value: 'key.created', label: 'Key created' },
      { value: 'key.revoked', label: 'Key revoked' },
    ]);
  });
});

describe('describeEntry', () => {
  const d = (action: string, detail: Record<string, unknown> | null) => describeEntry({ action, detail });
  it('key created: name and expiry', () => {
    assert.equal(
      d('key.created', { name: 'CI', expiresAt: Date.UTC(2026, 1, 1) }),
      'Named "CI", expires 2026-02-01 00:00 UTC',
    );
    assert.equal(d('key.created', { name: 'CI', expiresAt: null }), 'Named "CI", never expires');
  });
  it('key created with the kind and permission of the teams model', () => {
    assert.equal(
      d('key.created', { name: 'CI', kind: 'organization', permission: 'read', expiresAt: null }),
      'Named "CI", organization key, read, never expires',
    );
    assert.equal(
      d('key.created', { name: 'CI', kind: 'personal', permission: 'read-write', expiresAt: null }),
      'Named "CI", read-write, never expires',
    );
  });
  it('offboarding: keys revoked or moved with the member', () => {
    assert.equal(d('key.revoked', { offboarding: 'bob@example.com' }), 'Revoked while removing bob@example.com');
    assert.equal(
      d('key.moved', { fromEmail: 'bob@example.com', toServiceAccountId: 's' }),
      'Moved from bob@example.com to a service account',
    );
    assert.equal(
      d('member.removed', { email: 'bob@example.com', role: 'member', keys: 'moved', count: 2 }),
      '2 live keys moved',
    );
    assert.equal(
      d('member.removed', { email: 'bob@example.com', role: 'member', keys: 'revoked', count: 1 }),
      '1 live key revoked',
    );
  });
  it('roles, service accounts and the organization key limit', () => {
    assert.equal(d('member.role_changed', { email: 'bob@example.com', from: 'member', to: 'admin' }), 'member → admin');
    assert.equal(d('service_account.created', { name: 'deployer', role: 'member' }), 'Role member');
    assert.equal(d('account.max_organization_keys_changed', { to: 10 }), 'At most 10 organization keys');
    assert.equal(d('account.renamed', { from: "bob's account", to: 'Acme' }), "bob's account → Acme");
    // A name with a text-direction override reads as written, not as the override would show it.
    assert.equal(d('account.renamed', { from: 'a', to: 'b\u202Ec' }).includes('\u202E'), false);
  });
  it('leak report: revoked, and where the token was found when the reporter said', () => {
    assert.equal(actionLabel('key.leak_reported'), 'Key reported leaked');
    assert.equal(
      d('key.leak_reported', {
        url: 'https://github.com/o/r/blob/abc/.env',
        source: 'content',
        type: 'latchkey_api_key',
      }),
      'Revoked after a leak report (content); found at https://github.com/o/r/blob/abc/.env',
    );
    assert.equal(d('key.leak_reported', { source: 'commit' }), 'Revoked after a leak report (commit)');
    assert.equal(
      d('key.leak_reported', { url: 'https://example.com/x' }),
      'Revoked after a leak report; found at https://example.com/x',
    );
    assert.equal(d('key.leak_reported', {}), 'Revoked after a leak report');
    assert.equal(d('key.leak_reported', null), 'Revoked after a leak report');
  });
  it('key regenerated: when the old secret stops', () => {
    assert.equal(d('key.regenerated', { oldSecretValidUntil: null }), 'Old secret stopped working at once');
    assert.equal(
      d('key.regenerated', { oldSecretValidUntil: Date.UTC(2026, 0, 1, 1) }),
      'Old secret works until 2026-01-01 01:00 UTC',
    );
  });
  it('cap change: from and to', () => {
    assert.equal(d('account.max_key_lifetime_changed', { from: null, to: 30 }), 'No limit → 30 days');
    assert.equal(d('account.max_key_lifetime_changed', { from: 30, to: null }), '30 days → No limit');
  });
  it('invitations: role', () => {
    assert.equal(
      d('invitation.created', { role: 'member', expiresAt: Date.UTC(2026, 0, 8) }),
      'Role member, expires 2026-01-08 00:00 UTC',
    );
    assert.equal(d('invitation.accepted', { role: 'admin' }), 'Joined as admin');
  });
  it('invitations revoked because their creator may no longer grant the role, or by hand', () => {
    const detail = { invitationId: 'i', role: 'admin', creatorEmail: 'bob@example.com', creatorRole: 'member' };
    assert.equal(
      d('invitation.revoked', { ...detail, reason: 'creator_demoted' }),
      'Revoked because its creator bob@example.com became member and may no longer grant the admin role',
    );
    assert.equal(
      d('invitation.revoked', { ...detail, reason: 'creator_cannot_grant' }),
      'Refused when accepted and revoked: its creator bob@example.com is member and may not grant the admin role',
    );
    assert.equal(d('invitation.revoked', { invitationId: 'i' }), '');
  });
  it('API refusal: reason code and request', () => {
    assert.equal(
      d('api.refused', { reason: 'revoked', method: 'GET', path: '/api/v1/me' }),
      'Reason: key revoked (revoked) · GET /api/v1/me',
    );
    assert.equal(d('api.refused', { reason: 'something_new' }), 'Reason: something_new (something_new)');
  });
  it('failed sign-in, and the lock it triggered', () => {
    assert.equal(d('auth.sign_in_failed', { reason: 'wrong_password' }), 'Wrong password');
    assert.equal(
      d('auth.sign_in_failed', { reason: 'wrong_password', lockedForSeconds: 30 }),
      'Wrong password; email locked for 30 s',
    );
  });
  it('password changes and confirmations', () => {
    assert.equal(actionLabel('auth.password_changed'), 'Password changed');
    assert.equal(d('auth.password_changed', { otherSessionsEnded: 2 }), '2 other sessions signed out');
    assert.equal(d('auth.password_changed', { otherSessionsEnded: 1 }), '1 other session signed out');
    assert.equal(d('auth.password_confirmed', null), '');
    assert.equal(
      d('auth.password_confirm_failed', { reason: 'wrong_password', lockedForSeconds: 60 }),
      'Wrong password; email locked for 60 s',
    );
  });
  it('sign-in locks and unlocks', () => {
    assert.equal(actionLabel('auth.sign_in_locked'), 'Sign-in locked');
    assert.equal(d('auth.sign_in_locked', { failures: 100 }), '100 failed attempts in a row; locked until unlocked');
    assert.equal(actionLabel('auth.sign_in_unlocked'), 'Sign-in unlocked');
    assert.equal(
      d('auth.sign_in_unlocked', { email: 'a@example.com', failures: 100 }),
      'Unlocked a@example.com after 100 failed attempts',
    );
  });
  it('actions with nothing more to say', () => {
    assert.equal(d('key.revoked', null), '');
    assert.equal(d('auth.signed_in', null), '');
  });
  it('unknown actions list their simple detail values', () => {
    assert.equal(d('webhook.created', { name: 'x', count: 2, nested: { a: 1 } }), 'name: x, count: 2');
    assert.equal(d('webhook.created', null), '');
  });
  it('survives detail of the wrong types', () => {
    assert.equal(d('key.created', { name: 5, expiresAt: 'soon' }), 'never expires');
    assert.equal(d('api.refused', { reason: 1 }), '');
  });
});

describe('targetLabel and actorText', () => {
  const base = { targetKeyId: null, targetKeyName: null, detail: null };
  it('a key target is named by its current name, else the name it was created with', () => {
    assert.equal(targetLabel({ ...base, action: 'key.revoked', targetKeyId: 'k', targetKeyName: 'CI' }), 'CI');
    assert.equal(targetLabel({ ...base, action: 'key.created', targetKeyId: 'k', detail: { name: 'old' } }), 'old');
  });
  it('invitations and the account', () => {
    assert.equal(
      targetLabel({ ...base, action: 'invitation.created', detail: { role: 'admin' } }),
      'Invitation (admin)',
    );
    assert.equal(targetLabel({ ...base, action: 'account.max_key_lifetime_changed' }), 'Account');
    assert.equal(targetLabel({ ...base, action: 'auth.signed_in' }), null);
  });
  it('members, service accounts and projects', () => {
    assert.equal(
      targetLabel({ ...base, action: 'member.role_changed', detail: { email: 'bob@example.com' } }),
      'bob@example.com',
    );
    assert.equal(
      targetLabel({ ...base, action: 'service_account.created', detail: { name: 'deployer' } }),
      'Service account "deployer"',
    );
    assert.equal(targetLabel({ ...base, action: 'project.created', detail: { name: 'web' } }), 'Project "web"');
  });
  it('the actor is its label, else its key', () => {
    assert.equal(actorText({ actorLabel: 'ada@example.com', actorKeyId: null }), 'ada@example.com');
    assert.equal(actorText({ actorLabel: null, actorKeyId: 'k1' }), 'key k1');
    assert.equal(actorText({ actorLabel: null, actorKeyId: null }), 'System');
  });
});

describe('leak report text in the audit log', () => {
  it('shows the reporter`s words without control and bidi characters, also from rows written before the rule', () => {
    assert.equal(
      describeEntry({
        action: 'key.leak_reported',
        detail: { source: 'con\u202Etent\u0000', url: 'https://x.example/\u001b[2Jabc\u2067' },
      }),
      'Revoked after a leak report (content); found at https://x.example/[2Jabc',
    );
  });
});

describe('renames and deletions', () => {
  it('say what was renamed to what, and how many keys a deletion revoked', () => {
    assert.equal(
      describeEntry({ action: 'service_account.renamed', detail: { from: 'bot', to: 'deploy bot' } }),
      '"bot" → "deploy bot"',
    );
    assert.equal(
      describeEntry({ action: 'project.deleted', detail: { name: 'Website', revoked: 2 } }),
      '"Website", 2 live keys revoked',
    );
    assert.equal(
      describeEntry({ action: 'key.revoked', detail: { serviceAccountDeleted: 'etl' } }),
      'Revoked while deleting service account "etl"',
    );
    assert.equal(actionLabel('service_account.deleted'), 'Service account deleted');
  });
});
