import type { Metadata } from 'next';
import document from '@/openapi.json';

// The API reference, rendered on the server from the committed openapi.json (the document GET /api/v1/openapi.json
// serves): no script, so the page's CSP stays as strict as every other page's. Public, like the document.

export const metadata: Metadata = { title: 'API reference · Latchkey' };

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

const schemaName = (schema: unknown): string => {
  const ref = (schema as Json | undefined)?.$ref;
  if (typeof ref === 'string') return ref.replace('#/components/schemas/', '');
  const union = ((schema as Json | undefined)?.anyOf ?? (schema as Json | undefined)?.oneOf) as unknown[] | undefined;
  if (union) return union.map(schemaName).join(' or ');
  return 'object';
};

function SchemaLink({ schema }: { schema: unknown }) {
  const name = schemaName(schema);
  if (name === 'object') return <span>JSON</span>;
  return (
    <>
      {name.split(' or ').map((part, i) => (
        <span key={part}>
          {i > 0 && ' or '}
          <a className="text-blue-700 underline" href={`#schema-${part}`}>
            {part}
          </a>
        </span>
      ))}
    </>
  );
}

export default function ApiReference() {
  const paths = document.paths as unknown as Record<string, Record<string, Operation>>;
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>;
  return (
    <main className="mx-auto max-w-4xl space-y-10 px-4 py-10">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{document.info.title}</h1>
        <p className="text-slate-700">{document.info.description}</p>
        <p className="text-sm text-slate-600">
          OpenAPI {document.openapi}, version {document.info.version}:{' '}
          <a className="text-blue-700 underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          . Authenticate with <code>Authorization: Bearer &lt;token&gt;</code> (or HTTP Basic with the token as the
          username and an empty password).
        </p>
      </header>
      <section aria-labelledby="operations" className="space-y-6">
        <h2 id="operations" className="text-xl font-semibold">
          Operations
        </h2>
        {Object.entries(paths).flatMap(([path, item]) =>
          Object.entries(item).map(([method, op]) => (
            <article key={op.operationId} id={op.operationId} className="space-y-2 rounded border border-slate-200 p-4">
              <h3 className="font-mono text-sm font-semibold">
                {method.toUpperCase()} {path}
              </h3>
              <p>
                {op.summary}. {op.description}
                {op.security?.length === 0 && ' Public: no key needed.'}
              </p>
              {op.parameters && (
                <p className="text-sm">
                  Parameters:{' '}
                  {op.parameters.map((p) => (
                    <span key={p.name}>
                      <code>{p.name}</code> ({p.in}) {p.description}
                    </span>
                  ))}
                </p>
              )}
              {op.requestBody && (
                <p className="text-sm">
                  Body: <SchemaLink schema={op.requestBody.content['application/json']?.schema} />
                </p>
              )}
              <table className="w-full text-left text-sm">
                <thead>
                  <tr>
                    <th className="w-16 py-1">Status</th>
                    <th className="py-1">Meaning</th>
                    <th className="py-1">Body</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(op.responses).map(([status, response]) => (
                    <tr key={status} className="border-t border-slate-100 align-top">
                      <td className="py-1 font-mono">{status}</td>
                      <td className="py-1">{response.description}</td>
                      <td className="py-1">
                        <SchemaLink schema={response.content?.['application/json']?.schema} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          )),
        )}
      </section>
      <section aria-labelledby="schemas" className="space-y-4">
        <h2 id="schemas" className="text-xl font-semibold">
          Schemas
        </h2>
        {Object.entries(schemas).map(([name, schema]) => (
          <article key={name} id={`schema-${name}`} className="space-y-1">
            <h3 className="font-mono text-sm font-semibold">{name}</h3>
            <pre tabIndex={0} className="overflow-x-auto rounded bg-slate-50 p-3 text-xs">
              {JSON.stringify(schema, null, 2)}
            </pre>
          </article>
        ))}
      </section>
    </main>
  );
}
