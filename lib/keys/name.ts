import { z } from 'zod';

import {
  hasForbiddenCharacter,
  INVISIBLE_ONLY,
  isWellFormedText,
  KEY_NAME_MAX,
  NOT_WELL_FORMED_MESSAGE,
} from './name-rules';

export { KEY_NAME_MAX };

// Every name field (keys, projects, service accounts) is this schema.
export const KeyNameSchema = z
  .string({ error: 'Give the key a name.' })
  .trim()
  .min(1, 'Give the key a name.')
  .refine((name) => [...name].length <= KEY_NAME_MAX, `Use at most ${KEY_NAME_MAX} characters.`)
  .refine((name) => !hasForbiddenCharacter(name), 'Names cannot contain control or text-direction characters.')
  .refine(isWellFormedText, NOT_WELL_FORMED_MESSAGE)
  .refine((name) => !INVISIBLE_ONLY.test(name), 'Use at least one visible character.');
