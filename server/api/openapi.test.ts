import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildOpenApiDocument } from '../../lib/api/openapi';
import { API_ROUTES, type RouteMethods } from './routes';

const doc = buildOpenApiDocument();

/** app/api/v1's folder of a route ('keys/[id]') as the document's path ('/api/v1/keys/{id}'). */
const documentPath = (file: string) => `/api/v1/${file.replace(/\[(\w+)\]/g, '{$1}')}`;

describe('the OpenAPI document', () => {
  it('describes exactly the methods each route serves (a refusal is the handler its OPTIONS answers with)', () => {
    const served: Record<string, string[]> = {};
    for (const route of API_ROUTES) {
      if (route.file === '[[...path]]') continue;
      const methods = route.methods as RouteMethods;
      served[documentPath(route.file)] = Object.entries(methods)
        .filter(([, handler]) => handler !== methods.OPTIONS)
        .map(([method]) => method.toLowerCase())
        .sort();
    }
    const documented = Object.fromEntries(
      Object.entries(doc.paths ?? {}).map(([p, item]) => [p, Object.keys(item ?? {}).sort()]),
    );
    assert.deepEqual(documented, served);
  });

  it('closes every object a response can hold, so a leaked field fails validation', () => {
    const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
    const open: string[] = [];
    const seen = new Set<unknown>();
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object' || seen.has(node)) return;
      seen.add(node);
      const schema = node as Record<string, unknown>;
      if (typeof schema.$ref === 'string') {
        const name = schema.$ref.replace('#/components/schemas/', '');
        return walk(schemas[name], name);
      }
      const union = 'oneOf' in schema || 'anyOf' in schema;
      if (schema.type === 'object' && schema.additionalProperties !== false && !union) open.push(at);
      for (const [k, v] of Object.entries(schema)) walk(v, `${at}/${k}`);
    };
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      // The document itself is open by nature.
      if (p === '/api/v1/openapi.json') continue;
      for (const [method, operation] of Object.entries(item ?? {}))
        for (const [status, response] of Object.entries((operation as { responses: object }).responses))
          walk((response as { content?: unknown }).content, `${method} ${p} ${status}`);
    }
    assert.deepEqual(open, []);
  });
});
