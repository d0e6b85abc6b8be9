import { KEY_KINDS, type KeyKind } from '../types';
import type { KeyStatus } from './expiry';

// The admin Keys list's query (pure): search, filters, sort and page, read from the URL's parameters. Whatever the
// URL says, the result is a valid query (unknown values fall back to the defaults); the store turns it into SQL.

export const KEYS_PAGE_SIZE = 50;
export const KEY_SORTS = ['created', 'name', 'expires', 'last_used'] as const;
export type KeySort = (typeof KEY_SORTS)[number];
export const KEY_STATUSES = ['active', 'expiring', 'expired', 'disabled', 'revoked'] as const;

export interface KeyListQuery {
  /** Part of the name, key id or owner, at most 100 characters; '' for none. */
  q: string;
  kind: KeyKind | null;
  status: KeyStatus | null;
  sort: KeySort;
  dir: 'asc' | 'desc';
  /** 1-based. */
  page: number;
}

/** Newest first, unless asked otherwise; names A to Z; soonest expiry and latest use first. */
export const DEFAULT_DIR: Record<KeySort, 'asc' | 'desc'> = {
  created: 'desc',
  name: 'asc',
  expires: 'asc',
  last_used: 'desc',
};

type Params = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | null =>
  value !== undefined && (list as readonly string[]).includes(value) ? (value as T) : null;

export function parseKeyListQuery(params: Params): KeyListQuery {
  // `order=name:asc` is what the form sends without script; `sort` and `dir` are what its links carry.
  const [orderSort, orderDir] = (one(params.order) ?? '').split(':');
  const sort = oneOf(KEY_SORTS, one(params.sort) ?? orderSort) ?? 'created';
  const dir = oneOf(['asc', 'desc'] as const, one(params.dir) ?? orderDir) ?? DEFAULT_DIR[sort];
  const page = Number.parseInt(one(params.page) ?? '1', 10);
  return {
    q: (one(params.q) ?? '').trim().slice(0, 100),
    kind: oneOf(KEY_KINDS, one(params.kind)),
    status: oneOf(KEY_STATUSES, one(params.status)),
    sort,
    dir,
    page: Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The URL parameters of a query, without the defaults (so links stay short), with `change` applied. */
export function keyListParams(query: KeyListQuery, change: Partial<KeyListQuery> = {}): URLSearchParams {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.kind) params.set('kind', next.kind);
  if (next.status) params.set('status', next.status);
  if (next.sort !== 'created') params.set('sort', next.sort);
  if (next.dir !== DEFAULT_DIR[next.sort]) params.set('dir', next.dir);
  if (next.page !== 1) params.set('page', String(next.page));
  return params;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / KEYS_PAGE_SIZE));
}
