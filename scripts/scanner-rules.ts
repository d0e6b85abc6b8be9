// `npm run scanner-rules`: prints the secret-scanner rules for this installation's prefix (LATCHKEY_TOKEN_PREFIX,
// default "lk"): the plain regular expression and a gitleaks configuration to save as .gitleaks.toml.
import { gitleaksRule, scannerRegex } from '../lib/keys/scanner-rules';
import { DEFAULT_PREFIX } from '../lib/keys/token';

const prefix = process.env.LATCHKEY_TOKEN_PREFIX || DEFAULT_PREFIX;
try {
  const regex = scannerRegex(prefix);
  const toml = gitleaksRule(prefix);
  process.stdout.write(
    `# Regular expression for tokens with the prefix "${prefix}":\n${regex}\n\n# gitleaks (.gitleaks.toml):\n${toml}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
