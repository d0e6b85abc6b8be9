// `npm run scanner-rules`: prints the secret-scanner rules for this installation's prefix (LATCHKEY_TOKEN_PREFIX,
// default "lk"): the plain regular expression and a gitleaks configuration to save as .gitleaks.toml.
import { gitleaksRule, scannerRegex } from '../lib/keys/scanner-rules';
import { tokenPrefixFrom } from '../server/config';

try {
  // Through the one schema, so a prefix the server would refuse is refused here too, with the same message.
  const prefix = tokenPrefixFrom();
  const regex = scannerRegex(prefix);
  const toml = gitleaksRule(prefix);
  process.stdout.write(
    `# Regular expression for tokens with the prefix "${prefix}":\n${regex}\n\n# gitleaks (.gitleaks.toml):\n${toml}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
