import { z } from 'zod';

import {
  hasForbiddenCharacter,
  INVISIBLE_ONLY,
  isWellFormedText,
  KEY_NAME_MAX,
  NOT_WELL_FORMED_MESSAGE,
} from './name-rules';

export { KEY_NAME_MAX };

/** The one set of name rules; only the message for a missing name says what is being named. */
const nameSchema = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .refine((name) => [...name].length <= KEY_NAME_MAX, `Use at most ${KEY_NAME_MAX} characters.`)
    .refine((name) => !hasForbiddenCharacter(name), 'Names cannot contain control or text-direction characters.')
    .refine(isWellFormedText, NOT_WELL_FORMED_MESSAGE)
    .refine((name) => !INVISIBLE_ONLY.test(name), 'Use at least one visible character.');

// Every name field (keys, projects, service accounts) is this schema; the account's name has the same rules.
export const KeyNameSchema = nameSchema('Give the key a name.');
export const AccountNameSchema = nameSchema('Give the account a name.');
