// Key names: 1-100 characters after trimming. Control characters and bidirectional-override/isolate marks are
// refused, because they can make a name in a list or an audit log read as something it is not. Kept free of zod so
// the browser can use the limit without loading the validation library.
export const KEY_NAME_MAX = 100;
// C0/C1 controls and DEL, the bidi embeddings/overrides/isolates and the LRM/RLM/ALM marks, the line and paragraph
// separators (they break a name across lines in logs and exports) and the tag characters U+E0000-U+E007F (invisible
// text that programs read: a name could carry words no person reviewing it sees).
export const FORBIDDEN_IN_NAMES =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\u{E0000}-\u{E007F}]/u;
// The one use of tag characters in text: a subdivision flag (🏴 then lowercase letters or digits as tags, then the
// cancel tag, as in England's flag), which names keep.
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,30}\u{E007F}/gu;
/** Whether a name holds a character names refuse (a subdivision flag's tags aside). */
export const hasForbiddenCharacter = (name: string): boolean =>
  FORBIDDEN_IN_NAMES.test(name.replace(FLAG_TAG_SEQUENCE, ''));
// A name must show something: zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are kept inside names (the
// zero-width joiner builds emoji such as 👨‍👩‍👧), but a name made only of them and spaces would read as blank.
export const INVISIBLE_ONLY = /^[\s\p{Cf}]*$/u;
// Text must be well-formed Unicode: a lone UTF-16 surrogate (which JSON's \u escapes can spell) is no character.
// SQLite cannot store it as UTF-8, so it would read back as U+FFFD and two different names could come back equal.
export const NOT_WELL_FORMED_MESSAGE = 'Names must be well-formed Unicode text (no unpaired surrogate characters).';
export const isWellFormedText = (text: string): boolean => text.isWellFormed();
// The same rule as a pattern, for text that is cleaned rather than refused (lib/keys/display-text.ts).
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
