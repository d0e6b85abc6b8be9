// Expiry policy: what a key may choose and how the account cap shortens it (docs/dashboard.md, docs/api.md).
// Pure: every function takes `now`.
export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
/**
 * A key whose effective expiry is this close is shown as "expiring", once it has lived longer than this too: a key
 * made to last a week is not news on the day it was made.
 */
export const EXPIRING_SOON_MS = 7 * DAY_MS;
/** Custom dates further out than this are refused even without a cap. */
export const MAX_CUSTOM_YEARS = 10;

export const EXPIRATION_PRESETS = [
  { value: '7', label: '7 days', days: 7 },
  { value: '30', label: '30 days', days: 30 },
  { value: '60', label: '60 days', days: 60 },
  { value: '90', label: '90 days', days: 90 },
  { value: '365', label: '1 year', days: 365 },
] as const;
export type ExpirationChoice = (typeof EXPIRATION_PRESETS)[number]['value'] | 'custom' | 'never';

export const CAP_CHOICES = [null, 7, 30, 60, 90, 180, 365] as const;

export function capLabel(cap: number | null): string {
  return cap === null ? 'No limit' : `${cap} days`;
}

export interface ExpiryOption {
  value: ExpirationChoice;
  label: string;
}

/** The Expiration choices the form offers under a cap: nothing longer than the cap, no "never" under one. */
export function expirationOptions(capDays: number | null): ExpiryOption[] {
  const presets = EXPIRATION_PRESETS.filter((p) => capDays === null || p.days <= capDays).map(({ value, label }) => ({
    value,
    label,
  }));
  const options: ExpiryOption[] = [...presets, { value: 'custom', label: 'Custom date' }];
  if (capDays === null) options.push({ value: 'never', label: 'No expiration' });
  return options;
}

/** The first instant after a custom date (YYYY-MM-DD, UTC): a key "expiring on D" works through all of D. */
export function customDateToExpiry(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = Date.UTC(y, m - 1, d);
  const check = new Date(start);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return start + DAY_MS;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The range of dates a custom expiry may take at `now` under the cap (for the date input's min/max). */
export function customDateBounds(now: number, capDays: number | null): { min: string; max: string } {
  const min = isoDate(now + DAY_MS);
  const latestExpiry = capDays === null ? now + MAX_CUSTOM_YEARS * 365 * DAY_MS : now + capDays * DAY_MS;
  // The last date whose end-of-day expiry still fits the bound.
  const max = isoDate(latestExpiry - DAY_MS);
  return { min, max: max < min ? min : max };
}

export type ResolvedExpiry = { ok: true; expiresAt: number | null } | { ok: false; message: string };

/**
 * Turns a form's Expiration choice into an absolute expiry, refusing whatever the cap forbids — the server's
 * answer to a forged form, not only what the select offers.
 */
export function resolveExpiry(
  choice: string,
  customDate: string | undefined,
  now: number,
  capDays: number | null,
): ResolvedExpiry {
  const preset = EXPIRATION_PRESETS.find((p) => p.value === choice);
  if (preset) {
    if (capDays !== null && preset.days > capDays) {
      return { ok: false, message: `Your account allows keys to live at most ${capDays} days.` };
    }
    return { ok: true, expiresAt: now + preset.days * DAY_MS };
  }
  if (choice === 'never') {
    if (capDays !== null) {
      return { ok: false, message: `Your account requires keys to expire within ${capDays} days.` };
    }
    return { ok: true, expiresAt: null };
  }
  if (choice === 'custom') {
    const expiresAt = customDateToExpiry(customDate ?? '');
    if (expiresAt === null) return { ok: false, message: 'Enter a valid date (YYYY-MM-DD).' };
    if (expiresAt - now <= DAY_MS) return { ok: false, message: 'Choose a date after today.' };
    if (capDays !== null && expiresAt > now + capDays * DAY_MS) {
      return { ok: false, message: `Your account allows keys to live at most ${capDays} days.` };
    }
    if (expiresAt > now + MAX_CUSTOM_YEARS * 365 * DAY_MS) {
      return { ok: false, message: `Choose a date within ${MAX_CUSTOM_YEARS} years.` };
    }
    return { ok: true, expiresAt };
  }
  return { ok: false, message: 'Choose an expiration.' };
}

export interface KeyTimes {
  createdAt: number;
  expiresAt: number | null;
  revokedAt?: number | null;
  disabledAt?: number | null;
}

/** When a key stops working: min(expiresAt, createdAt + cap). Null means never. */
export function effectiveExpiry(key: KeyTimes, capDays: number | null): number | null {
  const capEnd = capDays === null ? null : key.createdAt + capDays * DAY_MS;
  if (key.expiresAt === null) return capEnd;
  if (capEnd === null) return key.expiresAt;
  return Math.min(key.expiresAt, capEnd);
}

export function isShortenedByPolicy(key: KeyTimes, capDays: number | null): boolean {
  const effective = effectiveExpiry(key, capDays);
  return effective !== null && (key.expiresAt === null || effective < key.expiresAt);
}

/** The one validity rule used on every API call: not revoked and now < effective expiry. */
export function isKeyLive(key: KeyTimes, capDays: number | null, now: number): boolean {
  if (key.revokedAt != null) return false;
  const effective = effectiveExpiry(key, capDays);
  return effective === null || now < effective;
}

export type KeyStatus = 'active' | 'expiring' | 'expired' | 'disabled' | 'revoked';

export function keyStatus(key: KeyTimes, capDays: number | null, now: number): KeyStatus {
  if (key.revokedAt != null) return 'revoked';
  if (key.disabledAt != null) return 'disabled';
  const effective = effectiveExpiry(key, capDays);
  if (effective === null) return 'active';
  if (now >= effective) return 'expired';
  if (effective - now <= EXPIRING_SOON_MS && now - key.createdAt > EXPIRING_SOON_MS) return 'expiring';
  return 'active';
}

export const GRACE_CHOICES = [
  { value: 'immediately', label: 'Immediately', ms: 0 },
  { value: '1h', label: 'In 1 hour', ms: HOUR_MS },
  { value: '24h', label: 'In 24 hours', ms: 24 * HOUR_MS },
  { value: '7d', label: 'In 7 days', ms: 7 * DAY_MS },
] as const;
export type GraceChoice = (typeof GRACE_CHOICES)[number]['value'];

/**
 * Until when the old secret keeps working after a regeneration: now + grace, never past the key's own
 * effective expiry. Null means the old secret stops at once.
 */
export function graceUntil(choice: GraceChoice, now: number, keyEffectiveExpiry: number | null): number | null {
  const grace = GRACE_CHOICES.find((g) => g.value === choice);
  if (!grace || grace.ms === 0) return null;
  const until = now + grace.ms;
  const bounded = keyEffectiveExpiry === null ? until : Math.min(until, keyEffectiveExpiry);
  return bounded > now ? bounded : null;
}

/** Whether the previous secret still authenticates at `now`. */
export function isGraceActive(previousSecretExpiresAt: number | null, now: number): boolean {
  return previousSecretExpiresAt !== null && now < previousSecretExpiresAt;
}

export interface CapPreview {
  /** Live keys whose effective expiry the new cap moves earlier. */
  shortened: number;
  /** Of those, the keys that stop working as soon as the cap is saved. */
  stopNow: number;
}

/** What saving `nextCap` would do to the live keys, before it is saved. */
export function previewCap(
  keys: KeyTimes[],
  currentCap: number | null,
  nextCap: number | null,
  now: number,
): CapPreview {
  let shortened = 0;
  let stopNow = 0;
  for (const key of keys) {
    if (!isKeyLive(key, currentCap, now)) continue;
    const before = effectiveExpiry(key, currentCap);
    const after = effectiveExpiry(key, nextCap);
    if (after !== null && (before === null || after < before)) {
      shortened++;
      if (now >= after) stopNow++;
    }
  }
  return { shortened, stopNow };
}

/** Whether `next` is a lower (stricter) cap than `current`. */
export function isStricterCap(current: number | null, next: number | null): boolean {
  if (next === null) return false;
  return current === null || next < current;
}
