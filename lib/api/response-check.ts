import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';

// Checks answers the server actually sent against the OpenAPI document (openapi.json): the e2e suite records every
// /api/v1 answer (e2e/api-tap.mjs) and e2e/openapi.spec.ts runs each through here. An answer passes when its path and
// method are documented, its status is one the operation documents, each documented header is present and valid, and
// its body validates with Ajv (JSON Schema 2020-12, which OpenAPI 3.1 uses) against the closed response schema, so a
// field that should not be there fails. What the document does not offer must be refused: an undocumented path or
// method passes only as a JSON refusal (400, 401, 404 or 405, the 405 naming exactly the documented methods).

export interface RecordedAnswer {
  method: string;
  path: string;
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface Verdict {
  /** "GET /api/v1/me", or null for an undocumented path or method. */
  operation: string | null;
  status: number;
  problems: string[];
}

interface HeaderObject {
  required?: boolean;
  schema?: object;
}
interface ResponseObject {
  headers?: Record<string, HeaderObject>;
  content?: Record<string, { schema?: object }>;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
}

const REFUSALS = new Set([400, 401, 404, 405]);
const DOC_ID = 'openapi.json';
const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

export function responseChecker(document: unknown) {
  const doc = document as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // zod's ISO times also carry a pattern; the format is checked as JavaScript reads it.
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  ajv.addSchema({ ...(document as object), $id: DOC_ID });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: `${DOC_ID}#${ref}` });
      compiled.set(ref, fn);
    }
    return fn;
  };
  const errorRef = '/components/schemas/Error';

  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    re: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
  }));
  // Static paths before templates, as the router matches them (/keys/self before /keys/{id}).
  templates.sort((a, b) => Number(a.template.includes('{')) - Number(b.template.includes('{')));

  /** Every documented operation × status, e.g. "DELETE /api/v1/keys/{id} 404". */
  const cells: string[] = [];
  for (const [template, item] of Object.entries(doc.paths))
    for (const [method, operation] of Object.entries(item))
      for (const status of Object.keys(operation.responses))
        cells.push(`${method.toUpperCase()} ${template} ${status}`);

  function errorsOf(fn: ValidateFunction): string {
    return (fn.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
      .join('; ');
  }

  function checkBody(answer: RecordedAnswer, ref: string, problems: string[], head: boolean) {
    if (head) {
      if (answer.body !== '') problems.push('HEAD answered with a body');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      problems.push('the body is not JSON');
      return;
    }
    const fn = validator(ref);
    if (!fn(body)) problems.push(`the body does not match the document: ${errorsOf(fn)}`);
  }

  function check(answer: RecordedAnswer): Verdict {
    const head = answer.method === 'HEAD';
    const method = (head ? 'GET' : answer.method).toLowerCase();
    const template = templates.find((t) => t.re.test(answer.path))?.template;
    const item = template ? doc.paths[template] : undefined;
    const operation = item?.[method];
    const problems: string[] = [];
    if (!template || !item || !operation) {
      // Not offered by the document: it must be refused, as JSON.
      const what = template ? `${answer.method} is not documented for ${template}` : 'the path is not documented';
      if (!REFUSALS.has(answer.status)) problems.push(`${what}, yet it was answered ${answer.status}`);
      else checkBody(answer, errorRef, problems, head);
      if (answer.status === 405 && item) {
        const allowed = Object.keys(item)
          .map((m) => m.toUpperCase())
          .sort()
          .join(', ');
        const allow = (answer.headers.allow ?? '').split(/,\s*/).sort().join(', ');
        if (allow !== allowed) problems.push(`405 with Allow "${answer.headers.allow ?? ''}", documented: ${allowed}`);
      }
      return { operation: null, status: answer.status, problems };
    }
    const name = `${answer.method === 'HEAD' ? 'GET' : answer.method} ${template}`;
    const response = operation.responses[String(answer.status)];
    if (!response) {
      problems.push(`status ${answer.status} is not documented for ${name}`);
      return { operation: name, status: answer.status, problems };
    }
    for (const [header, spec] of Object.entries(response.headers ?? {})) {
      const value = answer.headers[header.toLowerCase()];
      if (value === undefined) {
        if (spec.required) problems.push(`the ${header} header is missing`);
        continue;
      }
      const ref = `/${pointer('paths', template, method, 'responses', String(answer.status), 'headers', header, 'schema')}`;
      const fn = validator(ref);
      if (!fn(value)) problems.push(`the ${header} header "${value}" does not match: ${errorsOf(fn)}`);
    }
    const types = Object.keys(response.content ?? {});
    if (types.length === 0) {
      if (answer.body !== '') problems.push('a body where the document has none');
    } else {
      const type = (answer.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (!types.includes(type)) problems.push(`Content-Type "${type}", documented: ${types.join(', ')}`);
      else {
        const ref = `/${pointer('paths', template, method, 'responses', String(answer.status), 'content', type, 'schema')}`;
        checkBody(answer, ref, problems, head);
      }
    }
    return { operation: name, status: answer.status, problems };
  }

  return { check, cells };
}

/** The coverage of a run: which documented operation × status cells the recorded answers exercised. */
export function coverage(cells: readonly string[], verdicts: readonly Verdict[]) {
  const hits = new Map(cells.map((cell) => [cell, 0]));
  for (const v of verdicts) {
    if (!v.operation) continue;
    const cell = `${v.operation} ${v.status}`;
    if (hits.has(cell)) hits.set(cell, hits.get(cell)! + 1);
  }
  return [...hits].map(([cell, count]) => ({ cell, count }));
}
