import { FORBIDDEN_IN_NAMES, LONE_SURROGATE as LONE } from './name-rules';

// Text that outsiders write and people then read (a leak report's url and source), cleaned by the rule key names
// follow (pure). Names refuse these characters; a report is cleaned instead, so a genuine report is never lost for
// a stray character: controls (NUL, ESC, DEL, C1) and bidi overrides, isolates and marks are removed, as are lone
// surrogates (not well-formed Unicode), then surrounding whitespace.

const FORBIDDEN = new RegExp(
  FORBIDDEN_IN_NAMES.source,
  FORBIDDEN_IN_NAMES.flags.includes('g') ? FORBIDDEN_IN_NAMES.flags : `${FORBIDDEN_IN_NAMES.flags}g`,
);
const LONE_SURROGATE = new RegExp(LONE.source, 'g');

/** The text without the characters names refuse; null when nothing is left (or there was no text). */
export function cleanDisplayText(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(LONE_SURROGATE, '').replace(FORBIDDEN, '').trim();
  return cleaned === '' ? null : cleaned;
}
