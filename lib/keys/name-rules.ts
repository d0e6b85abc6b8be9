// Key names: 1-100 characters after trimming. Control characters and bidirectional-override/isolate marks are
// refused, because they can make a name in a list or an audit log read as something it is not. Kept free of zod so
// the browser can use the limit without loading the validation library.
export const KEY_NAME_MAX = 100;
// C0/C1 controls and DEL, the bidi embeddings/overrides/isolates and the LRM/RLM/ALM marks.
export const FORBIDDEN_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// A name must show something: zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are kept inside names (the
// zero-width joiner builds emoji such as 👨‍👩‍👧), but a name made only of them and spaces would read as blank.
export const INVISIBLE_ONLY = /^[\s\p{Cf}]*$/u;
// Text must be well-formed Unicode: a lone UTF-16 surrogate (which JSON's \u escapes can spell) is no character.
// SQLite cannot store it as UTF-8, so it would read back as U+FFFD and two different names could come back equal.
export const NOT_WELL_FORMED_MESSAGE = 'Names must be well-formed Unicode text (no unpaired surrogate characters).';
export const isWellFormedText = (text: string): boolean => text.isWellFormed();
// The same rule as a pattern, for text that is cleaned rather than refused (lib/keys/display-text.ts).
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
