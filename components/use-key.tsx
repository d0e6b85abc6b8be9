'use client';

import { useOrigin } from './use-origin';

/**
 * Shown beside a new key's one-time secret: the three ways to use it (curl, @latchkey/client, the CLI) with this
 * installation's URL filled in. The key itself is only in the one-time secret above; these read it from
 * LATCHKEY_TOKEN, as scripts and CI should.
 */
export function UseKey() {
  const origin = useOrigin() || 'http://localhost:3000';
  const examples = [
    {
      label: 'curl',
      code: `export LATCHKEY_URL=${origin}\nexport LATCHKEY_TOKEN='<the key above>'\ncurl -H "Authorization: Bearer $LATCHKEY_TOKEN" $LATCHKEY_URL/api/v1/me`,
    },
    {
      label: 'Node.js (@latchkey/client)',
      code: `import { Latchkey } from '@latchkey/client';\n\n// Reads LATCHKEY_URL and LATCHKEY_TOKEN.\nconst latchkey = new Latchkey();\nconsole.log(await latchkey.me());`,
    },
    {
      label: 'CLI (latchkey)',
      code: `echo "$LATCHKEY_TOKEN" | npx latchkey login --with-token --url ${origin}\nnpx latchkey whoami\n# or, in CI, no login: LATCHKEY_URL and LATCHKEY_TOKEN are enough`,
    },
  ];
  return (
    <section
      aria-labelledby="use-key-heading"
      data-testid="use-key"
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h3 id="use-key-heading" className="font-semibold">
        Use a key
      </h3>
      {examples.map((example) => (
        <figure key={example.label} className="space-y-1">
          <figcaption className="text-xs font-medium text-slate-700">{example.label}</figcaption>
          <pre tabIndex={0} className="overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
            {example.code}
          </pre>
        </figure>
      ))}
      <p className="text-xs text-slate-600">
        Every endpoint:{' '}
        <a className="underline" href="/docs/api">
          API reference
        </a>
        .
      </p>
    </section>
  );
}
