// Pure parsing of the audit log's query string (the page's GET form, its pagination links and the CSV export).
// Every problem becomes a message for the person who typed it; nothing here throws.

export interface AuditFilters {
  /** Part of the actor's label (an email, "key …"), or an exact acting key id. */
  actor?: string;
  /** An exact action code such as "key.revoked". */
  action?: string;
  /** Rows where this key acted or was acted on. */
  keyId?: string;
  /** First day included, YYYY-MM-DD (UTC). */
  from?: string;
  /** Last day included, YYYY-MM-DD (UTC). */
  to?: string;
}

/** Keyset pagination: rows older than `before`, or newer than `after` (ids). */
export interface AuditCursor {
  before?: number;
  after?: number;
}

export type AuditQuery =
  | { ok: true; filters: AuditFilters; cursor: AuditCursor }
  /** `filters` holds what can safely be shown again in the form. */
  | { ok: false; error: string; filters: AuditFilters };

export const FILTER_PARAMS = ['actor', 'action', 'keyId', 'from', 'to'] as const;
const CURSOR_PARAMS = ['before', 'after'] as const;
const LABELS: Record<(typeof FILTER_PARAMS)[number], string> = {
  actor: 'Actor',
  action: 'Action',
  keyId: 'Key ID',
  from: 'From',
  to: 'To',
};

const DAY_MS = 24 * 60 * 60 * 1000;
const ACTOR_MAX = 254;
const ACTION_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const KEY_ID_RE = /^[0-9A-Za-z]{12}$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURSOR_RE = /^[1-9]\d{0,15}$/;

/** Milliseconds at the start of a YYYY-MM-DD day (UTC), or null for anything that is not a real calendar day. */
export function dayStart(date: string): number | null {
  const match = DATE_RE.exec(date);
  if (!match) return null;
  // DATE_RE has three groups, so the defaults never apply.
  const [year = NaN, month = NaN, day = NaN] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real day survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms;
}

/** The filter's time bounds in ms: `from` inclusive, `to` exclusive (the end of the last day). */
export function dayRange(filters: Pick<AuditFilters, 'from' | 'to'>): { from?: number; to?: number } {
  const from = filters.from ? dayStart(filters.from) : null;
  const to = filters.to ? dayStart(filters.to) : null;
  return { from: from ?? undefined, to: to === null ? undefined : to + DAY_MS };
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Reads the audit filters from a query string. Empty fields count as absent (a GET form sends them all);
 * `allowCursor` is false for the CSV export, which always covers every matching row.
 */
export function parseAuditQuery(params: URLSearchParams, { allowCursor = true } = {}): AuditQuery {
  const known = new Set<string>([...FILTER_PARAMS, ...(allowCursor ? CURSOR_PARAMS : [])]);
  const raw = new Map<string, string>();
  const problems: string[] = [];
  for (const [name, value] of params) {
    if (!known.has(name)) {
      problems.push(`Unknown filter "${clip(name)}". Filter by Actor, Action, Key ID, From and To.`);
      continue;
    }
    if (raw.has(name)) {
      problems.push(`Give each filter once ("${name}" appears more than once).`);
      continue;
    }
    raw.set(name, value.trim());
  }

  const filters: AuditFilters = {};
  const shown: AuditFilters = {};
  const [actor, action, keyId, from, to] = FILTER_PARAMS.map((name) => raw.get(name));
  if (actor) {
    if (actor.length > ACTOR_MAX) problems.push(`Actor is too long: use at most ${ACTOR_MAX} characters.`);
    else filters.actor = shown.actor = actor;
  }
  if (action) {
    if (action.length > 64 || !ACTION_RE.test(action)) problems.push('Choose an action from the list.');
    else filters.action = shown.action = action;
  }
  if (keyId) {
    // An invalid key id is not shown again: it may be a whole token pasted by mistake.
    if (!KEY_ID_RE.test(keyId)) {
      problems.push(
        keyId.includes('_')
          ? 'Key ID is the 12 characters between the underscores of a key, not the whole key. Never paste a whole key here.'
          : 'Key ID is 12 letters and digits, for example 7Gq2mZc0TfQa.',
      );
    } else filters.keyId = shown.keyId = keyId;
  }
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!value) continue;
    if (dayStart(value) === null) {
      problems.push(`${LABELS[name]} must be a date like 2026-01-31.`);
      if (value.length <= 40) shown[name] = value;
    } else filters[name] = shown[name] = value;
  }
  if (filters.from && filters.to && filters.from > filters.to) problems.push('From must be on or before To.');

  const cursor: AuditCursor = {};
  for (const name of CURSOR_PARAMS) {
    const value = raw.get(name);
    if (!value) continue;
    if (!CURSOR_RE.test(value) || !Number.isSafeInteger(Number(value))) {
      problems.push('That page link is not valid. Start again from the first page.');
    } else cursor[name] = Number(value);
  }
  if (cursor.before !== undefined && cursor.after !== undefined) {
    problems.push('That page link is not valid. Start again from the first page.');
  }

  if (problems.length > 0) return { ok: false, error: [...new Set(problems)].join(' '), filters: shown };
  return { ok: true, filters, cursor };
}

/** The query string for these filters (and a cursor), in a fixed order, without empty values. */
export function auditSearchParams(filters: AuditFilters, cursor: AuditCursor = {}): string {
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (cursor.before !== undefined) params.set('before', String(cursor.before));
  else if (cursor.after !== undefined) params.set('after', String(cursor.after));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function hasFilters(filters: AuditFilters): boolean {
  return FILTER_PARAMS.some((name) => Boolean(filters[name]));
}
