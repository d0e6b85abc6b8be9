import { actorText, describeEntry, targetLabel } from './describe';
import type { AuditRecord } from './types';

// CSV per RFC 4180 (CRLF line ends, fields with a quote, comma, CR or LF quoted, quotes doubled), with
// spreadsheet-formula neutralisation: a cell starting with = + - @ tab or CR is prefixed with a single quote,
// so opening the export in a spreadsheet never runs a formula planted in a key name or a user agent.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let cell = String(value);
  if (FORMULA_START.test(cell)) cell = `'${cell}`;
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const AUDIT_CSV_COLUMNS = [
  'id',
  'time',
  'actor',
  'actor_user_id',
  'actor_key_id',
  'action',
  'description',
  'target_key_id',
  'target',
  'detail',
  'ip',
  'user_agent',
] as const;

export const AUDIT_CSV_HEADER = csvRow(AUDIT_CSV_COLUMNS);

export function auditCsvRow(entry: AuditRecord): string {
  return csvRow([
    entry.id,
    new Date(entry.createdAt).toISOString(),
    actorText(entry),
    entry.actorUserId,
    entry.actorKeyId,
    entry.action,
    describeEntry(entry),
    entry.targetKeyId,
    targetLabel(entry),
    entry.detail ? JSON.stringify(entry.detail) : null,
    entry.ip,
    entry.userAgent,
  ]);
}

/** The download's file name, e.g. latchkey-audit-log-2026-01-31.csv. */
export function auditCsvFileName(now: number): string {
  return `latchkey-audit-log-${new Date(now).toISOString().slice(0, 10)}.csv`;
}
