import { z } from 'zod';

// Key names: 1-100 characters after trimming. Control characters and bidirectional-override/isolate marks are
// refused, because they can make a name in a list or an audit log read as something it is not.
export const KEY_NAME_MAX = 100;
// C0/C1 controls and DEL, the bidi embeddings/overrides/isolates and the LRM/RLM/ALM marks.
const FORBIDDEN_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const KeyNameSchema = z
  .string({ error: 'Give the key a name.' })
  .trim()
  .min(1, 'Give the key a name.')
  .refine((name) => [...name].length <= KEY_NAME_MAX, `Use at most ${KEY_NAME_MAX} characters.`)
  .refine((name) => !FORBIDDEN_RE.test(name), 'Names cannot contain control or text-direction characters.');
