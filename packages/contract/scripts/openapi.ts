/**
 * Builds the OpenAPI 3.1 document of OrgKit's API from the contract's route table and zod schemas (zod 4's JSON
 * Schema output). `pnpm build` writes it to packages/contract/openapi.json; a test fails when it drifts.
 *   node --import tsx scripts/openapi.ts --write   (or --check)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import type { RouteDef } from '../src/api.js';
import { ROUTES } from '../src/api.js';
import { CONTROL_BASE, CONTROL_ROUTES } from '../src/control.js';
import * as E from '../src/entities.js';
import { ERROR_CODES, ERROR_STATUS, ErrorBody } from '../src/errors.js';
import * as R from '../src/requests.js';
import { API_BASE } from '../src/routes.js';

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));

type Json = Record<string, unknown>;
const isSchema = (v: unknown): v is z.core.$ZodType => typeof v === 'object' && v !== null && '_zod' in v;
const pascal = (name: string) => name.split(/[.\s-]/).map((p) => (p[0] ?? '').toUpperCase() + p.slice(1)).join('');

export function buildOpenApi(): Json {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.core.$ZodType, string>();
  const register = (schema: z.core.$ZodType, id: string) => {
    if (ids.has(schema)) return ids.get(schema) ?? id;
    registry.add(schema, { id });
    ids.set(schema, id);
    return id;
  };
  // Named entities and request bodies keep their export names.
  for (const [name, value] of Object.entries(E)) if (isSchema(value)) register(value, name);
  for (const [name, value] of Object.entries(R)) if (isSchema(value) && name.endsWith('Body')) register(value, name);
  register(ErrorBody, 'Error');

  const paths: Record<string, Json> = {};
  const addRoutes = (routes: Record<string, RouteDef>, base: string, tag: (name: string) => string, extra: Json = {}) => {
    for (const [name, route] of Object.entries(routes)) {
      const path = `${base}${route.path}`.replace(/:([A-Za-z]+)/g, '{$1}');
      const params: Json[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      if (route.query) {
        const q = z.toJSONSchema(route.query, { io: 'input' }) as { properties?: Record<string, Json>; required?: string[] };
        for (const [qn, schema] of Object.entries(q.properties ?? {})) params.push({ name: qn, in: 'query', required: (q.required ?? []).includes(qn), schema });
      }
      if (route.idempotency === 'required') params.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 255 } });
      else if (route.method !== 'GET') params.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } });
      const responseId = register(route.response, `${pascal(name)}Response`);
      const op: Json = {
        operationId: name,
        summary: route.summary,
        tags: [tag(name)],
        ...(route.rules.length ? { 'x-orgkit-rules': route.rules } : {}),
        ...(route.public ? { security: [] } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${register(route.body, `${pascal(name)}Body`)}` } } } } } : {}),
        responses: {
          [String(route.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${responseId}` } } } },
          default: { $ref: '#/components/responses/Error' },
        },
        ...extra,
      };
      paths[path] = { ...paths[path], [route.method.toLowerCase()]: op };
    }
  };
  /** Tag = the resource: the path segment after /orgs/{orgId} (or the first one). */
  const resourceTag = (name: string) => {
    const seg = (ROUTES as Record<string, RouteDef>)[name]?.path.split('/').filter(Boolean) ?? [];
    const word = seg[0] === 'orgs' ? (seg[2] ?? 'organizations') : (seg[0] ?? name);
    const text = word.replace(/-/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  addRoutes(ROUTES, API_BASE, resourceTag);
  addRoutes(CONTROL_ROUTES, CONTROL_BASE, () => 'Mock control (test only)', { 'x-test-only': true });
  for (const kind of ['pdf', 'view'] as const) {
    paths[`${API_BASE}/orgs/{orgId}/invoices/{invoiceId}/${kind}`] = {
      get: {
        operationId: `invoice.${kind}`,
        summary: kind === 'pdf' ? 'Download the invoice as PDF' : 'View the invoice as a page',
        tags: ['Invoices'], 'x-orgkit-rules': ['BILL-1'],
        parameters: ['orgId', 'invoiceId'].map((n) => ({ name: n, in: 'path', required: true, schema: { type: 'string' } })),
        responses: {
          200: { description: 'OK', content: { [kind === 'pdf' ? 'application/pdf' : 'text/html']: { schema: { type: 'string', format: 'binary' } } } },
          default: { $ref: '#/components/responses/Error' },
        },
      },
    };
  }

  const converted = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input' }) as { schemas: Record<string, Json> };
  const schemas = Object.fromEntries(
    Object.entries(converted.schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, s]) => {
        const { $schema: _s, $id: _i, ...rest } = s;
        return [id, rest];
      }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'OrgKit API',
      version: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
      description:
        'The contract a backend implements for OrgKit\'s elements. Errors: one shape `{ error: { code, message, param?, meta? } }`; ' +
        'the HTTP status follows from the code (x-orgkit-error-status). Money and credit mutations require an Idempotency-Key; ' +
        'every other mutation accepts one. Routes under /__orgkit are the test-only control API.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'orgkit_session' },
      },
      responses: { Error: { description: 'An error (see x-orgkit-error-status)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
      schemas,
    },
    'x-orgkit-error-status': Object.fromEntries(ERROR_CODES.map((c) => [c, ERROR_STATUS[c]])),
  };
}

export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = openApiText();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OPENAPI_FILE, 'utf8');
    if (current !== text) {
      console.error('openapi.json is out of date: run `pnpm build`.');
      process.exit(1);
    }
  } else {
    writeFileSync(OPENAPI_FILE, text);
    console.log(`wrote ${OPENAPI_FILE} (${String(Object.keys(buildOpenApi().paths as Json).length)} paths)`);
  }
}
