import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorCode, RouteDef, RouteName } from '@orgkit/contract';
import { API_BASE, ERROR_STATUS, ErrorBody, fillPath, OrgNameInput, orgNameProblem, pathParams, ROUTE_NAMES, ROUTES } from '@orgkit/contract';
import * as z from 'zod/mini';
import { COMMANDS } from '../../engine/index.js';
import { Harness } from '../handlers/harness.js';

/** A hang fails the suite instead of stalling CI (issue 9: bounded in time). */
const BOUND = { timeout: 120_000 };

/**
 * Bad input, generated from the contract (issue 9): for every mutating route, malformed payloads built by walking
 * the JSON Schema of its request body — per field a wrong type, missing, null, huge (1 MB) and over-long strings,
 * Unicode edge cases (lone surrogates, a direction override, zero-width only, NUL and other controls), negative,
 * fractional, too large and infinite numbers, invalid emails and URLs, unknown enum values, bad array items and
 * unknown nested fields — plus body-level garbage (broken JSON, non-objects, `__proto__`), bad path parameters and
 * bad Idempotency-Keys. Each must answer a typed 4xx (the contract's error shape) whose `param` names the field,
 * never a 5xx, and leave the whole mock state byte-identical.
 *
 * The oracle is the contract, not the mock: a payload the route's zod schema refuses must be `validation_failed`
 * naming the field; an organization name the schema accepts but ORG-4 refuses must be `invalid_org_name`. Payloads
 * the contract accepts although they look hostile (`<img onerror>` or a URL in a person's name, emoji) are valid
 * input: they must still never cause a 5xx (elements escape them; the XSS suite checks that side).
 */

type Json = Record<string, unknown>;
type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const MB = 'x'.repeat(1 << 20);
/** Stands for a number JSON cannot write (replaced in the raw body). */
const INFINITY = '__orgkit_infinity__';

interface Case {
  group: string;
  name: string;
  body?: unknown;
  rawBody?: string;
  params?: Record<string, string>;
  /** A raw (already encoded) path segment per parameter, for encodings fillPath would not produce. */
  rawParams?: Record<string, string>;
  /** Idempotency-Key to send; undefined: a fresh valid one when the route requires one, else none. */
  key?: string | null;
  /** What the contract says (computed below): refused with this code naming one of these params, or valid. */
  expect: { code: ErrorCode; params: string[] } | 'valid';
}

/** The non-null branch of a nullable schema, and whether null is allowed. */
function unwrap(s: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (s.anyOf) {
    const other = s.anyOf.filter((x) => x.type !== 'null');
    return { schema: other[0] ?? {}, nullable: other.length < s.anyOf.length };
  }
  return { schema: s, nullable: false };
}

/** A valid example of a schema (every optional field included, so that each one is exercised). */
function example(s: JsonSchema): unknown {
  const { schema } = unwrap(s);
  if (schema.oneOf) return example(schema.oneOf[0] ?? {});
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum.find((v) => v !== 'owner') ?? schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, example(v)]));
    case 'array':
      return schema.items ? [example(schema.items)] : [];
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'email') return 'person@example.test';
      if (schema.format === 'uri') return 'https://example.test/logo.png';
      if (schema.format === 'date-time') return '2027-01-01T00:00:00Z';
      if (schema.pattern === '^[A-Za-z0-9_-]+$') return 'x_1';
      if (schema.pattern === '^[A-Z]{2}$') return 'CH';
      if (schema.pattern === '^\\d{4}$') return '4242';
      return 'Valid text';
    default:
      return null;
  }
}

/** Malformed values for one field of this schema (each paired with a name). Validity is decided by zod later. */
function badValues(s: JsonSchema): [string, unknown][] {
  const { schema, nullable } = unwrap(s);
  const out: [string, unknown][] = [];
  const type = schema.type ?? (schema.oneOf ? 'object' : 'unknown');
  const wrong: [string, unknown, string][] = [
    ['a number', 12_345, 'number'], ['a fractional number', -1.5, 'number'], ['a string', 'text', 'string'], ['true', true, 'boolean'],
    ['an array', [], 'array'], ['an object', {}, 'object'],
  ];
  for (const [name, value, t] of wrong) if (t !== type && !(t === 'number' && type === 'integer')) out.push([`wrong type: ${name}`, value]);
  if (!nullable) out.push(['null', null]);
  if (type === 'string') {
    if (schema.enum || schema.const !== undefined) {
      const first = String(schema.enum?.[0] ?? schema.const);
      out.push(['unknown enum value', 'superuser'], ['enum value in upper case', first.toUpperCase()], ['enum value with a space', `${first} `], ['empty enum value', '']);
      return out;
    }
    out.push(['empty string', ''], ['only spaces', '   '], ['a 1 MB string', MB]);
    if (schema.maxLength !== undefined && schema.maxLength < MB.length) out.push([`${String(schema.maxLength + 1)} characters (one over)`, 'y'.repeat(schema.maxLength + 1)]);
    out.push(
      ['a NUL character', 'ab\u0000cd'], ['a lone high surrogate', 'ab\ud800cd'], ['a lone low surrogate', '\udc00abc'],
      ['a right-to-left override', 'abc\u202edef'], ['only zero-width spaces', '\u200b\u200b\u200b'], ['a bell control character', 'a\u0007b'],
      ['a line break', 'line one\nline two'],
    );
    if (schema.format === 'email') {
      out.push(
        ['email without @', 'not-an-email'], ['email without a domain dot', 'a@b'], ['email without a local part', '@example.test'],
        ['email with a space', 'a b@example.test'], ['email with markup', '<script>@example.test'], ['two emails', 'a@example.test,b@example.test'],
        ['javascript: as an email', 'javascript:alert(1)'], ['a 300-character email', `${'a'.repeat(288)}@example.test`],
      );
    }
    if (schema.format === 'uri') {
      out.push(['a javascript: URL', 'javascript:alert(1)'], ['a data: URL', 'data:text/html,<script>alert(1)</script>'], ['an ftp URL', 'ftp://example.test/a.png'], ['not a URL', 'not a url']);
    }
    if (schema.pattern) out.push(['markup', '<script>alert(1)</script>'], ['a path', '../../etc/passwd'], ['non-ASCII', 'zoë'], ['a URL', 'https://evil.test/x']);
  }
  if (type === 'integer' || type === 'number') {
    out.push(['negative', -1], ['fractional', 0.5], ['tiny fraction', 1e-7], ['infinite (1e309)', INFINITY], ['a numeric string', '10'], ['NaN as a string', 'NaN']);
    if (schema.maximum !== undefined) out.push(['one over the maximum', schema.maximum + 1], ['beyond 2^53', 2 ** 53 + 2]);
  }
  if (type === 'boolean') out.push(['"true" as a string', 'true'], ['1', 1], ['0', 0]);
  if (type === 'array') {
    out.push(['a string instead of a list', 'x_1'], ['a null item', [null]], ['a number item', [42]], ['an empty-string item', ['']]);
    if (schema.maxItems !== undefined) out.push([`${String(schema.maxItems + 1)} items (one over)`, Array.from({ length: schema.maxItems + 1 }, () => example(schema.items ?? {}))]);
  }
  if (type === 'object') out.push(['an unknown nested field', { ...(example(schema) as Json), injected: true }]);
  return out;
}

/** Hostile-looking values the contract accepts for a plain text field (or, for org names, refuses through ORG-4). */
const HOSTILE_TEXT: [string, string][] = [
  ['markup', '<img src=x onerror=alert(1)>'], ['a closing tag', 'Acme</p><script>x</script>'], ['a URL', 'Visit https://evil.test now'],
  ['emoji with joiners', 'Team 👩‍👩‍👧 Zoë'], ['right-to-left text', 'שלום עולם'],
];

function setAt(body: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(body) ? [...body] : { ...(body as Json) }) as Json;
  copy[head ?? ''] = setAt(copy[head ?? ''], rest, value);
  return copy;
}

function deleteAt(body: unknown, path: string[]): unknown {
  const [head, ...rest] = path;
  const copy = { ...(body as Json) };
  if (rest.length === 0) delete copy[head ?? ''];
  else copy[head ?? ''] = deleteAt(copy[head ?? ''], rest);
  return copy;
}

/** Every field of an object schema (nested objects included), with its dotted path and whether it is required. */
function fields(s: JsonSchema, prefix: string[] = []): { path: string[]; schema: JsonSchema; required: boolean }[] {
  const { schema } = unwrap(s);
  if (schema.type !== 'object') return [];
  return Object.entries(schema.properties ?? {}).flatMap(([k, v]) => {
    const path = [...prefix, k];
    return [{ path, schema: v, required: (schema.required ?? []).includes(k) }, ...fields(v, path)];
  });
}

const isOrgNameField = (route: RouteName, field: string): boolean => {
  const body = (ROUTES[route] as RouteDef).body;
  const shape = (body?._zod.def as { shape?: Record<string, z.core.$ZodType> } | undefined)?.shape;
  let f = shape?.[field];
  while (f && (f._zod.def.type === 'optional' || f._zod.def.type === 'nullable')) f = (f._zod.def as unknown as { innerType: z.core.$ZodType }).innerType;
  return f === OrgNameInput;
};

/** The contract's verdict on a body: refused by the schema (naming the first field), by ORG-4, or valid. */
function verdict(route: RouteName, body: unknown, hint: string[]): Case['expect'] {
  const schema = (ROUTES[route] as RouteDef).body;
  assert.ok(schema);
  const r = z.safeParse(schema, body);
  if (!r.success) {
    const named = r.error.issues.map((i) => (i.code === 'unrecognized_keys' ? [...i.path, ...i.keys] : i.path).map(String).join('.') || 'body');
    return { code: 'validation_failed', params: [...new Set([...named.slice(0, 1), ...hint])] };
  }
  for (const [k, v] of Object.entries(body as Json)) {
    if (typeof v === 'string' && isOrgNameField(route, k) && orgNameProblem(v)) return { code: 'invalid_org_name', params: [k] };
  }
  return 'valid';
}

/** Bad path segments (already URL-encoded as a client would send them). */
const BAD_SEGMENTS: [string, string][] = [
  ['a space', 'a%20b'], ['only a space', '%20'], ['65 characters', 'x'.repeat(65)], ['1 000 characters', 'y'.repeat(1_000)], ['markup', '%3Cscript%3E'],
  ['a NUL byte', 'a%00b'], ['an encoded slash', 'a%2Fb'], ['non-ASCII', 'zo%C3%AB'], ['an emoji', '%F0%9F%98%80'], ['a direction override', 'a%E2%80%AEb'],
  ['a broken escape', '%ZZ'], ['an invalid UTF-8 sequence', '%C0%AF'], ['double-encoded', 'a%255Fb'], ['a plus', 'a+b'], ['a dot', 'a.b'],
];
const BAD_KEYS: [string, string][] = [
  ['empty', ''], ['a space inside', 'retry key'], ['256 characters', 'k'.repeat(256)], ['10 000 characters', 'k'.repeat(10_000)], ['a DEL character', 'key\u007f'],
  ['a Latin-1 character', 'cl\u00e9'], ['a tab inside', 'a\tb'],
];

function cases(route: RouteName, orgId: string): Case[] {
  const def = ROUTES[route];
  const names = pathParams(def.path);
  const params: Record<string, string> = Object.fromEntries(names.map((p) => [p, p === 'orgId' ? orgId : `${p.replace(/Id$/, '')}_1`]));
  const out: Case[] = [];
  const bodySchema = 'body' in def ? (def.body as z.core.$ZodType) : undefined;
  const json = bodySchema ? (z.toJSONSchema(bodySchema, { io: 'input' }) as JsonSchema) : undefined;
  const base = json ? (example(json) as Json) : undefined;

  if (bodySchema && json && base) {
    assert.ok(z.safeParse(bodySchema, base).success, `${route}: the generated example must be valid (${JSON.stringify(base)})`);
    const add = (group: string, name: string, body: unknown, hint: string[] = []) => {
      const raw = JSON.stringify(body);
      const rawBody = raw.includes(INFINITY) ? raw.replaceAll(`"${INFINITY}"`, '1e309') : undefined;
      const parsed = rawBody === undefined ? body : (JSON.parse(rawBody) as unknown);
      out.push({ group, name, params, ...(rawBody === undefined ? { body } : { rawBody }), expect: verdict(route, parsed, hint) });
    };
    // Body-level garbage.
    for (const [name, rawBody] of [
      ['truncated JSON', '{"a": "unterminated'], ['single-quoted JSON', "{'a': 1}"], ['a trailing comma', `${JSON.stringify(base).slice(0, -1)},}`],
      ['NaN in JSON', '{"a": NaN}'], ['a JSON array', JSON.stringify([base])], ['JSON null', 'null'], ['a JSON string', '"hello"'], ['a JSON number', '42'], ['JSON true', 'true'],
    ] as const) {
      out.push({ group: 'body', name, params, rawBody, expect: { code: 'validation_failed', params: ['body'] } });
    }
    out.push({ group: 'body', name: 'a __proto__ field', params, rawBody: `{"__proto__":{"isAdmin":true},${JSON.stringify(base).slice(1)}`, expect: { code: 'validation_failed', params: ['__proto__'] } });
    add('body', 'an unknown field', { ...base, isAdmin: true });
    add('body', 'a constructor field', { ...base, constructor: { prototype: { isAdmin: true } } });
    if (!z.safeParse(bodySchema, {}).success) add('body', 'an empty object', {}, Object.keys(base));
    // A path parameter smuggled into the body.
    for (const p of names) add('body', `path parameter ${p} in the body`, { ...base, [p]: params[p] }, [p]);
    // Per field.
    for (const f of fields(json)) {
      const field = f.path.join('.');
      for (const [name, value] of badValues(f.schema)) add(field, name, setAt(base, f.path, value), [field]);
      if (f.required) add(field, 'missing', deleteAt(base, f.path), [field]);
      const { schema } = unwrap(f.schema);
      if (schema.type === 'string' && !schema.enum && !schema.pattern && !schema.format && schema.const === undefined) {
        for (const [name, value] of HOSTILE_TEXT) add(field, `hostile text: ${name}`, setAt(base, f.path, value), [field]);
      }
      if (schema.type === 'array' && schema.items) {
        for (const [name, value] of badValues(schema.items).slice(0, 6)) add(`${field}.0`, name, setAt(base, f.path, [value]), [`${field}.0`, field]);
      }
    }
    // A discriminated union: an unknown discriminator, and the other variant's fields mixed in.
    if (unwrap(json).schema.oneOf) {
      add('purpose', 'an unknown variant', { ...base, purpose: 'gift' }, ['purpose']);
      for (const variant of unwrap(json).schema.oneOf ?? []) add('purpose', 'fields of two variants at once', { ...(example(variant) as Json), ...base }, []);
    }
  }

  // Bad path parameters (the body, if any, is valid).
  for (const p of names) {
    for (const [name, segment] of BAD_SEGMENTS) {
      out.push({ group: `:${p}`, name, params, rawParams: { [p]: segment }, ...(base ? { body: base } : {}), expect: { code: 'validation_failed', params: [p] } });
    }
  }
  // Bad Idempotency-Keys (every mutation honours one; a POST that only reads, like plan.preview, takes none), and a
  // missing one where it is required.
  for (const [name, key] of route in COMMANDS ? BAD_KEYS : []) {
    out.push({ group: 'Idempotency-Key', name, params, key, ...(base ? { body: base } : {}), expect: { code: 'validation_failed', params: ['Idempotency-Key'] } });
  }
  if ('idempotency' in def) out.push({ group: 'Idempotency-Key', name: 'missing', params, key: null, ...(base ? { body: base } : {}), expect: { code: 'idempotency_key_required', params: ['Idempotency-Key'] } });
  return out;
}

const MUTATIONS = ROUTE_NAMES.filter((n) => ROUTES[n].method !== 'GET');
const MIN_PER_ROUTE = 20;

describe('bad input generated from the contract: typed 4xx naming the field, never 5xx, state byte-identical', BOUND, () => {
  const h = Harness.create('fresh-free');
  const owner = h.user('sam');
  /** The whole mock: engine state, faults, who acts, policy, clock. */
  const snapshot = () => JSON.stringify([h.backend.engine.state, h.backend.faults, h.backend.actingUserId, h.backend.policy, h.backend.engine.now()]);
  const totals = { refused: 0, valid: 0 };
  const perRoute: string[] = [];

  for (const route of MUTATIONS) {
    const def = ROUTES[route];
    test(`${route}: ${def.method} ${def.path} — at least ${String(MIN_PER_ROUTE)} malformed payloads, each refused with a typed 4xx naming the field`, async () => {
      if (route === 'account.signUp') await h.anonymous(); // sign-up is for people without an account
      const who = route === 'account.signUp' ? null : owner;
      const all = cases(route, h.orgId);
      const refused = all.filter((c) => c.expect !== 'valid');
      assert.ok(refused.length >= MIN_PER_ROUTE, `${route}: only ${String(refused.length)} malformed payloads`);
      const problems: string[] = [];
      for (const c of all) {
        const before = snapshot();
        const segments = { ...c.params };
        let path = `${API_BASE}${fillPath(def.path, segments)}`;
        for (const [p, raw] of Object.entries(c.rawParams ?? {})) path = `${API_BASE}${fillPath(def.path, { ...segments, [p]: '\u0001' }).replace('%01', raw)}`;
        const key = c.key === undefined ? ('idempotency' in def ? `bad-input-${String(Math.random()).slice(2)}` : undefined) : c.key;
        const r = await h.fetch(def.method, path, who, {
          ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : c.body !== undefined ? { body: c.body } : {}),
          ...(key === null || key === undefined ? {} : { key }),
        });
        const label = `${c.group} — ${c.name}`;
        if (r.status >= 500) {
          problems.push(`${label}: ${String(r.status)} ${r.text.slice(0, 200)}`);
          continue;
        }
        if (c.expect === 'valid') {
          if (r.status >= 400 && !z.safeParse(ErrorBody, r.body).success) problems.push(`${label}: a ${String(r.status)} outside the error shape`);
          if (r.status >= 200 && r.status < 300) {
            h.backend.reset({ scenario: 'fresh-free', frozen: true, now: h.backend.engine.now() }); // it ran: start over
            if (who === null) await h.anonymous();
          }
          continue;
        }
        const parsed = z.safeParse(ErrorBody, r.body);
        if (!parsed.success) {
          problems.push(`${label}: not the error shape (${String(r.status)} ${r.text.slice(0, 200)})`);
          continue;
        }
        const e = parsed.data.error;
        if (r.status !== ERROR_STATUS[c.expect.code] || e.code !== c.expect.code) problems.push(`${label}: expected ${c.expect.code}, got ${String(r.status)} ${e.code}`);
        if (e.param === undefined || !c.expect.params.includes(e.param)) problems.push(`${label}: param ${String(e.param)}, expected ${c.expect.params.join(' or ')}`);
        if (snapshot() !== before) problems.push(`${label}: the mock state changed`);
      }
      const valid = all.length - refused.length;
      totals.refused += refused.length;
      totals.valid += valid;
      perRoute.push(`${route} ${String(refused.length)}${valid > 0 ? ` (+${String(valid)} hostile but valid)` : ''}`);
      if (who === null) h.backend.actingUserId = owner;
      assert.deepEqual(problems, []);
    });
  }

  test('bad input totals', () => {
    assert.equal(perRoute.length, MUTATIONS.length);
    console.log(`[bad input] ${String(MUTATIONS.length)} mutating routes, ${String(totals.refused)} malformed payloads refused (${String(Math.min(...perRoute.map((l) => Number(l.split(' ')[1]))))}–${String(Math.max(...perRoute.map((l) => Number(l.split(' ')[1]))))} per route), ${String(totals.valid)} hostile-but-valid payloads answered without a 5xx`);
    console.log(`[bad input] per route: ${perRoute.join(', ')}`);
  });
});
