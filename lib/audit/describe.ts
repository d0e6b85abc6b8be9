import { capLabel } from '../keys/expiry';
import type { AuditRecord } from './types';

// How each audit action reads to people: a short label for the table and the filter, and a sentence with the
// row's details. Unknown actions (written by newer code) still read sensibly from their code and detail.

const LABELS: Record<string, string> = {
  'account.created': 'Account created',
  'account.max_key_lifetime_changed': 'Maximum key lifetime changed',
  'api.refused': 'API call refused',
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'invitation.accepted': 'Invitation accepted',
  'invitation.created': 'Invitation created',
  'invitation.revoked': 'Invitation revoked',
  'key.created': 'Key created',
  'key.disabled': 'Key disabled',
  'key.enabled': 'Key enabled',
  'key.moved': 'Key moved',
  'key.regenerated': 'Key regenerated',
  'key.revoked': 'Key revoked',
  'member.removed': 'Member removed',
  'member.role_changed': 'Role changed',
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

function utc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

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
      const expiry = expiresAt === null ? 'never expires' : `expires ${utc(expiresAt)}`;
      return name === null ? expiry : `Named "${name}", ${expiry}`;
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
    case 'invitation.accepted': {
      const role = text(detail, 'role');
      return role ? `Joined as ${role}` : '';
    }
    case 'api.refused': {
      const reason = text(detail, 'reason');
      const request = [text(detail, 'method'), text(detail, 'path')].filter(Boolean).join(' ');
      const why = reason ? `Reason: ${REFUSALS[reason] ?? reason} (${reason})` : '';
      return [why, request].filter(Boolean).join(' · ');
    }
    case 'auth.sign_in_failed': {
      const locked = num(detail, 'lockedForSeconds');
      const reason = text(detail, 'reason') === 'wrong_password' ? 'Wrong password' : 'Refused';
      return locked === null ? reason : `${reason}; email locked for ${locked} s`;
    }
    case 'auth.signed_in':
    case 'account.created':
    case 'key.revoked':
      return '';
    default:
      return generic(detail);
  }
}

/** What the action was done to, when that is not a key: a key target is shown by its id and name instead. */
export function targetLabel(entry: Pick<AuditRecord, 'action' | 'targetKeyId' | 'targetKeyName' | 'detail'>): string | null {
  if (entry.targetKeyId) return entry.targetKeyName ?? text(entry.detail, 'name');
  if (entry.action.startsWith('invitation.')) {
    const role = text(entry.detail, 'role');
    return role ? `Invitation (${role})` : 'Invitation';
  }
  if (entry.action.startsWith('account.')) return 'Account';
  return null;
}

/** Who acted, as people know them: the recorded label, else the acting key. */
export function actorText(entry: Pick<AuditRecord, 'actorLabel' | 'actorKeyId'>): string {
  return entry.actorLabel ?? (entry.actorKeyId ? `key ${entry.actorKeyId}` : 'System');
}
