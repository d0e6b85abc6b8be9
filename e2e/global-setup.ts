import { hashPassword } from '../lib/auth/password';
import { PASSWORD, SEED_PASSWORD_HASH_VARIABLE } from './support';

/**
 * Once per run, before any worker starts: the password every seeded user has, hashed by the app's own function at
 * full strength (scrypt, 128 MiB). Workers inherit it through the environment, so seeding a user costs no scrypt.
 */
export default async function globalSetup() {
  process.env[SEED_PASSWORD_HASH_VARIABLE] = await hashPassword(PASSWORD);
}
