import { assertPrefix, scannerPattern } from './token';

// Secret-scanner rules for one installation's prefix, generated from the token format so docs/api.md, the
// `npm run scanner-rules` output and the tests cannot drift apart. The expression is plain (RE2-compatible: no
// look-around), so it works in gitleaks, GitHub custom patterns, grep -P and most scanners.

/** The regular expression matching this installation's tokens, e.g. `\blk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}\b`. */
export function scannerRegex(prefix: string): string {
  return scannerPattern(assertPrefix(prefix));
}

/**
 * A gitleaks configuration (TOML) with one rule for this prefix. `[extend] useDefault` keeps gitleaks' built-in
 * rules; the keyword lets gitleaks skip files that cannot contain a token before running the expression.
 */
export function gitleaksRule(prefix: string): string {
  const regex = scannerRegex(prefix);
  return [
    '[extend]',
    'useDefault = true',
    '',
    '[[rules]]',
    `id = "latchkey-api-key-${prefix}"`,
    `description = "Latchkey API key (prefix ${prefix})"`,
    // A TOML literal string: backslashes are kept as they are.
    `regex = '''${regex}'''`,
    `keywords = ["${prefix}_"]`,
    'tags = ["api-key", "latchkey"]',
    '',
  ].join('\n');
}
