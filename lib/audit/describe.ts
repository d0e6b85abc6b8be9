import { cleanDisplayText } from '../keys/display-text';
import { capLabel } from '../keys/expiry';
import { absoluteTime as utc } from '../format';
import type { AuditRecord } from './types';

// How each audit action reads to people: a short label for the table and the filter, and a sentence with the
// row's details. Unknown actions (written by newer code) still read sensibly from their code and detail.

const LABELS: Record<string, string> = {
  'account.created': 'Account created',
  'account.max_key_lifetime_changed': 'Maximum key lifetime changed',
  'account.max_organization_keys_changed': 'Organization key limit changed',
  'account.renamed': 'Account renamed',
  'api.refused': 'API call refused',
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_in_locked': 'Sign-in locked',
  'auth.sign_in_unlocked': 'Sign-in unlocked',
  'auth.password_changed': 'Password changed',
  'auth.password_confirmed': 'Password confirmed',
  'auth.password_confirm_failed': 'Password confirmation failed',
  'invitation.accepted': 'Invitation accepted',
  'invitation.created': 'Invitation created',
  'invitation.revoked': 'Invitation revoked',
  'key.created': 'Key created',
  'key.disabled': 'Key disabled',
  'key.enabled': 'Key enabled',
  'key.leak_reported': 'Key reported leaked',
  'key.moved': 'Key moved',
  'key.regenerated': 'Key regenerated',
  'key.revoked': 'Key revoked',
  'member.removed': 'Member removed',
  'member.role_changed': 'Role changed',
  'project.created': 'Project created',
  'project.deleted': 'Project deleted',
  'project.renamed': 'Project renamed',
  'service_account.created': 'Service account created',
  'service_account.deleted': 'Service account deleted',
  'service_account.renamed': 'Service account renamed',
};

/** Why an API call was refused, as recorded by the guard (the caller only ever hears invalid_token). */
const REFUSALS: Record<string, string> = {
  wrong_secret: 'wrong secret',
  revoked: 'key revoked',
  disabled: 'key disabled',
  expired: 'key expired',
  insufficient_scope: 'key lacks the permission',
  not_found: 'key has no owner',
  malformed: 'malformed key',
  bad_checksum: 'bad checksum',
};

export function actionLabel(action: string): string {
  return LABELS[action] ?? action;
}

/** Options for the Action filter: the actions that occur, labelled, in label order. */
export function actionOptions(actions: readonly string[]): { value: string; label: string }[] {
  return actions.map((value) => ({ value, label: actionLabel(value) })).sort((a, b) => a.label.localeCompare(b.label));
}

type Detail = Record<string, unknown> | null;

const text = (detail: Detail, name: string): string | null => {
  const value = detail?.[name];
  return typeof value === 'string' ? value : null;
};
const num = (detail: Detail, name: string): number | null => {
  const value = detail?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};
const has = (detail: Detail, name: string) => detail !== null && name in detail;

function capText(value: unknown): string {
  return typeof value === 'number' ? capLabel(value) : capLabel(null);
}

function generic(detail: Detail): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || value === null)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}

/** One line with what happened beyond the action itself, e.g. "Reason: key revoked (revoked) · GET /api/v1/me". */
export function describeEntry(entry: Pick<AuditRecord, 'action' | 'detail'>): string {
  const { action, detail } = entry;
  switch (action) {
    case 'key.created': {
      const expiresAt = num(detail, 'expiresAt');
      const name = text(detail, 'name');
      const kind = text(detail, 'kind');
      const parts = [
        name !== null && `Named "${name}"`,
        kind !== null && kind !== 'personal' && `${kind} key`,
        text(detail, 'permission'),
        expiresAt === null ? 'never expires' : `expires ${utc(expiresAt)}`,
      ];
      return parts.filter(Boolean).join(', ');
    }
    case 'key.revoked': {
      const offboarding = text(detail, 'offboarding');
      const serviceAccount = text(detail, 'serviceAccountDeleted');
      const project = text(detail, 'projectDeleted');
      if (serviceAccount) return `Revoked while deleting service account "${serviceAccount}"`;
      if (project) return `Revoked while deleting project "${project}"`;
      return offboarding ? `Revoked while removing ${offboarding}` : '';
    }
    case 'project.renamed':
    case 'service_account.renamed': {
      const from = text(detail, 'from');
      const to = text(detail, 'to');
      return from !== null && to !== null ? `"${from}" → "${to}"` : '';
    }
    case 'project.deleted':
    case 'service_account.deleted': {
      const name = text(detail, 'name');
      const revoked = num(detail, 'revoked');
      return [
        name !== null && `"${name}"`,
        revoked !== null && `${revoked} live ${revoked === 1 ? 'key' : 'keys'} revoked`,
      ]
        .filter(Boolean)
        .join(', ');
    }
    case 'key.leak_reported': {
      // The reporter's words (GitHub sends the URL of the commit or file and where in it): shown, never linked.
      // Cleaned on reading too, for rows written before reports were cleaned.
      const url = cleanDisplayText(text(detail, 'url'));
      const source = cleanDisplayText(text(detail, 'source'));
      return `Revoked after a leak report${source ? ` (${source})` : ''}${url ? `; found at ${url}` : ''}`;
    }
    case 'key.moved': {
      const from = text(detail, 'fromEmail');
      return from ? `Moved from ${from} to a service account` : 'Moved to a service account';
    }
    case 'key.regenerated': {
      const until = num(detail, 'oldSecretValidUntil');
      return until === null ? 'Old secret stopped working at once' : `Old secret works until ${utc(until)}`;
    }
    case 'account.max_key_lifetime_changed':
      return has(detail, 'to') ? `${capText(detail?.from)} → ${capText(detail?.to)}` : '';
    case 'invitation.created': {
      const role = text(detail, 'role');
      const expiresAt = num(detail, 'expiresAt');
      return [role && `Role ${role}`, expiresAt !== null && `expires ${utc(expiresAt)}`].filter(Boolean).join(', ');
    }
    case 'account.max_organization_keys_changed': {
      const to = num(detail, 'to');
      return to === null ? '' : `At most ${to} organization keys`;
    }
    case 'account.renamed': {
      const from = cleanDisplayText(text(detail, 'from'));
      const to = cleanDisplayText(text(detail, 'to'));
      return from && to ? `${from} → ${to}` : '';
    }
    case 'member.role_changed': {
      const from = text(detail, 'from');
      const to = text(detail, 'to');
      return from && to ? `${from} → ${to}` : '';
    }
    case 'member.removed': {
      const count = num(detail, 'count');
      const keys = text(detail, 'keys');
      return count !== null && keys ? `${count} live ${count === 1 ? 'key' : 'keys'} ${keys}` : '';
    }
    case 'service_account.created': {
      const role = text(detail, 'role');
      return role ? `Role ${role}` : '';
    }
    case 'invitation.accepted': {
      const role = text(detail, 'role');
      return role ? `Joined as ${role}` : '';
    }
    case 'invitation.revoked': {
      // Revoked by hand (no reason), or because its creator may no longer grant its role (lib/policy/access.ts).
      const reason = text(detail, 'reason');
      const role = text(detail, 'role');
      const creator = text(detail, 'creatorEmail') ?? 'who sent it';
      const creatorRole = text(detail, 'creatorRole');
      const standing = creatorRole ? `is ${creatorRole}` : 'is no longer in the account';
      if (reason === 'creator_demoted')
        return `Revoked because its creator ${creator} became ${creatorRole ?? 'unknown'} and may no longer grant the ${role ?? 'invited'} role`;
      if (reason === 'creator_cannot_grant')
        return `Refused when accepted and revoked: its creator ${creator} ${standing} and may not grant the ${role ?? 'invited'} role`;
      return reason ? generic(detail) : '';
    }
    case 'api.refused': {
      const reason = text(detail, 'reason');
      const request = [text(detail, 'method'), text(detail, 'path')].filter(Boolean).join(' ');
      const why = reason ? `Reason: ${REFUSALS[reason] ?? reason} (${reason})` : '';
      return [why, request].filter(Boolean).join(' · ');
    }
    case 'auth.sign_in_failed':
    case 'auth.password_confirm_failed': {
      const locked = num(detail, 'lockedForSeconds');
      const reason = text(detail, 'reason') === 'wrong_password' ? 'Wrong password' : 'Refused';
      return locked === null ? reason : `${reason}; email locked for ${locked} s`;
    }
    case 'auth.sign_in_locked': {
      const failures = num(detail, 'failures');
      return failures === null ? '' : `${failures} failed attempts in a row; locked until unlocked`;
    }
    case 'auth.sign_in_unlocked': {
      const email = text(detail, 'email');
      const failures = num(detail, 'failures');
      return [email && `Unlocked ${email}`, failures !== null && `after ${failures} failed attempts`]
        .filter(Boolean)
        .join(' ');
    }
    case 'auth.password_changed': {
      const ended = num(detail, 'otherSessionsEnded');
      return ended === null ? '' : `${ended} other ${ended === 1 ? 'session' : 'sessions'} signed out`;
    }
    case 'auth.signed_in':
    case 'auth.password_confirmed':
    case 'account.created':
    case 'key.disabled':
    case 'key.enabled':
    case 'project.created':
      return '';
    default:
      return generic(detail);
  }
}

/** What the action was done to, as people know it: a key's name (its id is shown beside it), a member's email… */
export function targetLabel(
  entry: Pick<AuditRecord, 'action' | 'targetKeyId' | 'targetKeyName' | 'detail'>,
): string | null {
  if (entry.targetKeyId) return entry.targetKeyName ?? text(entry.detail, 'name');
  if (entry.action.startsWith('invitation.')) {
    const role = text(entry.detail, 'role');
    return role ? `Invitation (${role})` : 'Invitation';
  }
  if (entry.action.startsWith('account.')) return 'Account';
  if (entry.action.startsWith('member.')) return text(entry.detail, 'email');
  const name = text(entry.detail, 'name');
  if (entry.action.startsWith('service_account.')) return name ? `Service account "${name}"` : 'Service account';
  if (entry.action.startsWith('project.')) return name ? `Project "${name}"` : 'Project';
  return null;
}

/** Who acted, as people know them: the recorded label, else the acting key. */
export function actorText(entry: Pick<AuditRecord, 'actorLabel' | 'actorKeyId'>): string {
  return entry.actorLabel ?? (entry.actorKeyId ? `key ${entry.actorKeyId}` : 'System');
}
