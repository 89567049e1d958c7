import assert from 'node:assert/strict';
import type { ErrorCode, RouteName } from '@orgkit/contract';
import { API_BASE, CONTROL_BASE, ErrorBody, ERROR_STATUS, fillPath, ROUTES } from '@orgkit/contract';
import { getResponse } from 'msw';
import type { HttpHandler } from 'msw';
import * as z from 'zod/mini';
import type { BackendOptions, StorageLike } from '../../backend/backend.js';
import { MockBackend, tokenFor } from '../../backend/backend.js';
import type { Policy } from '../../engine/index.js';
import type { ScenarioName } from '../../fixtures/scenarios.js';
import { createHandlers } from '../../handlers/index.js';

/** Shared plumbing for the HTTP handler tests: a backend, its MSW handlers, and typed calls by route name. */

export const NOW = Date.parse('2026-11-23T10:00:00Z');
export const ORIGIN = 'http://mock.test';

/** Who makes a request: a user id (sent as a bearer token), a raw token, or nobody (no credentials at all). */
export type Who = string | { token: string } | null;

export interface CallOptions {
  params?: Record<string, string>;
  body?: unknown;
  /** Sent as is (overrides `body`): for malformed JSON. */
  rawBody?: string;
  query?: Record<string, string | number>;
  /** Idempotency-Key header (routes that require one get a fresh key unless `noKey`). */
  key?: string;
  noKey?: boolean;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
  text: string;
  response: Response;
}

export function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

let keySeq = 0;
/** A fresh idempotency key. */
export const freshKey = () => `test-key-${String((keySeq += 1))}`;

export class Harness {
  readonly handlers: HttpHandler[];

  constructor(readonly backend: MockBackend) {
    this.handlers = createHandlers(backend);
  }

  static create(scenario: ScenarioName = 'standard-team', extra: { policy?: Partial<Policy> } & Partial<BackendOptions> = {}): Harness {
    return new Harness(new MockBackend({ frozen: true, now: NOW, scenario, ...extra }));
  }

  get orgId(): string {
    return this.backend.orgId;
  }

  /** The user id of the scenario's person whose email starts with `prefix` (e.g. 'olivia'). */
  user(prefix: string): string {
    const p = this.backend.controlState().people.find((x) => x.email.startsWith(`${prefix}@`));
    assert.ok(p, `no person ${prefix} in scenario ${this.backend.scenario}`);
    return p.userId;
  }

  /** The JSON state of the whole backend, for "changed nothing" checks. */
  snapshot(): string {
    return JSON.stringify(this.backend.engine.state);
  }

  async fetch(method: string, path: string, who: Who, opts: CallOptions = {}): Promise<Reply> {
    const url = new URL(`${ORIGIN}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
    const headers = new Headers(opts.headers ?? {});
    if (who !== null) headers.set('Authorization', `Bearer ${typeof who === 'string' ? tokenFor(who) : who.token}`);
    if (opts.key !== undefined) headers.set('Idempotency-Key', opts.key);
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    const request = new Request(url, { method, headers, ...(body === undefined ? {} : { body }) });
    const response = await getResponse(this.handlers, request);
    assert.ok(response, `no handler answered ${method} ${path}`);
    const text = response.type === 'error' ? '' : await response.clone().text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text) as unknown;
    return { status: response.status, headers: response.headers, body: parsed, text, response };
  }

  /** Call an API route by its contract name; `orgId` defaults to the scenario's organization. */
  call(name: RouteName, who: Who, opts: CallOptions = {}): Promise<Reply> {
    const route = ROUTES[name];
    const params = { orgId: this.orgId, ...(opts.params ?? {}) };
    const path = `${API_BASE}${fillPath(route.path, params)}`;
    let body = opts.body;
    if (body === undefined && opts.rawBody === undefined && route.method !== 'GET' && 'body' in route) body = {};
    const key = opts.key ?? ('idempotency' in route && !opts.noKey ? freshKey() : undefined);
    return this.fetch(route.method, path, who, { ...opts, body, ...(key === undefined ? {} : { key }) });
  }

  /** Call the control API (never needs credentials). */
  control(method: string, path: string, body?: unknown, who: Who = null): Promise<Reply> {
    return this.fetch(method, `${CONTROL_BASE}${path}`, who, body === undefined ? {} : { body });
  }

  /** Call a route and insist on success; returns the parsed body. */
  async ok<T = Record<string, unknown>>(name: RouteName, who: Who, opts: CallOptions = {}): Promise<T> {
    const r = await this.call(name, who, opts);
    assert.ok(r.status >= 200 && r.status < 300, `${name} should succeed, got ${String(r.status)} ${r.text}`);
    return r.body as T;
  }

  /** Nobody is acting for requests without credentials (control API act-as null). */
  async anonymous(): Promise<void> {
    const r = await this.control('POST', '/act-as', { userId: null });
    assert.equal(r.status, 200, r.text);
  }

  /** Move the clock to the end of the organization's current term (the control API). */
  async toPeriodEnd(extraHours = 0): Promise<void> {
    const r = await this.control('POST', '/clock', { to: 'period_end' });
    assert.equal(r.status, 200, r.text);
    if (extraHours > 0) assert.equal((await this.control('POST', '/clock', { hours: extraHours })).status, 200);
  }
}

/** The answer is the contract's error shape with `code`, answered with the status of the one table. */
export function assertError(r: Reply, code: ErrorCode, expect: { param?: string; meta?: Record<string, unknown> } = {}): ErrorBody['error'] {
  assert.equal(r.status, ERROR_STATUS[code], `expected ${code} (${String(ERROR_STATUS[code])}), got ${String(r.status)} ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /application\/json/);
  const parsed = z.safeParse(ErrorBody, r.body);
  assert.ok(parsed.success, `not the error shape: ${r.text}`);
  assert.deepEqual(Object.keys(r.body as object), ['error']);
  const e = parsed.data.error;
  for (const k of Object.keys((r.body as { error: object }).error)) assert.ok(['code', 'message', 'param', 'meta'].includes(k), `unexpected key ${k}`);
  assert.equal(e.code, code, r.text);
  assert.ok(e.message.length > 0, 'an error has a message');
  if (expect.param !== undefined) assert.equal(e.param, expect.param, `param: ${r.text}`);
  for (const [k, v] of Object.entries(expect.meta ?? {})) assert.deepEqual(e.meta?.[k], v, `meta.${k}: ${r.text}`);
  return e;
}

/** The answer is the route's success status and its body parses with the route's response schema. */
export function assertSuccess(name: RouteName, r: Reply): void {
  const route = ROUTES[name];
  const status = 'status' in route ? route.status : 200;
  assert.equal(r.status, status, `${name}: expected ${String(status)}, got ${String(r.status)} ${r.text.slice(0, 500)}`);
  const parsed = z.safeParse(route.response, r.body);
  if (!parsed.success) assert.fail(`${name}: response does not match the contract: ${JSON.stringify(parsed.error.issues).slice(0, 500)}`);
}
