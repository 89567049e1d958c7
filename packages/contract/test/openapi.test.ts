import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildOpenApi, OPENAPI_FILE, openApiText } from '../scripts/openapi.js';
import { API_BASE, CONTROL_BASE, CONTROL_ROUTES, ERROR_CODES, ROUTES } from '../src/index.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };

test('the committed openapi.json is what the contract generates (run `pnpm build` after changing the contract)', () => {
  assert.equal(readFileSync(OPENAPI_FILE, 'utf8'), openApiText());
});

test('the OpenAPI 3.1 document has every route, its schemas and the error table', () => {
  const doc = buildOpenApi() as unknown as Doc & { 'x-orgkit-error-status': Record<string, number> };
  assert.equal(doc.openapi, '3.1.0');
  const ops = new Map<string, string>();
  for (const [path, methods] of Object.entries(doc.paths)) for (const [m, op] of Object.entries(methods)) ops.set(op.operationId, `${m.toUpperCase()} ${path}`);
  for (const [name, route] of Object.entries(ROUTES)) {
    assert.equal(ops.get(name), `${route.method} ${API_BASE}${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`, name);
  }
  for (const route of Object.values(CONTROL_ROUTES)) assert.ok([...ops.values()].includes(`${route.method} ${CONTROL_BASE}${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`));
  const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
  for (const ref of refs) assert.ok(doc.components.schemas[ref.split('/').pop() ?? ''], `dangling ${ref}`);
  assert.deepEqual(Object.keys(doc['x-orgkit-error-status']).sort(), [...ERROR_CODES].sort());
});
