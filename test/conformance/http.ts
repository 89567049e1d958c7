import { randomUUID } from 'node:crypto';
import { CheckFailure, fail, show } from './assert.js';
import type { ControlRouteName, ControlState, ErrorCode, ErrorDetail, ResponseOf, RouteDef, RouteName } from './contract.js';
import { API_BASE, CONTROL_BASE, CONTROL_ROUTES, ERROR_STATUS, ErrorBody, fieldIssues, fillPath, pathParams, ROUTES } from './contract.js';

/**
 * Plain HTTP against the backend under test, every answer checked against the contract: a success must carry the
 * route's status and parse with its response schema; an error must have the one error shape, with a code whose
 * status is the contract's. Every answer is also recorded, for the suite's closing contract check.
 */

type Schema = RouteDef['response'];
type Issues = Parameters<typeof fieldIssues>[0];

/** null when `value` parses with `schema`; else the first few problems, each naming its field. */
export function schemaProblem(schema: Schema, value: unknown): string | null {
  const r = schema['~standard'].validate(value);
  if (r instanceof Promise) return 'the schema is asynchronous';
  if (!r.issues) return null;
  const list = fieldIssues(r.issues as unknown as Issues, value);
  const shown = list.slice(0, 3).map((i) => i.message).join('; ');
  return list.length > 3 ? `${shown} (and ${String(list.length - 3)} more)` : shown;
}

export interface Observation {
  /** Route name (API), `control <name>`, or a document (`invoice.pdf`). */
  route: string;
  method: string;
  status: number;
  /** Why the answer breaks the contract, or null. */
  problem: string | null;
}

export class Recorder {
  readonly observations: Observation[] = [];
  add(o: Observation): void {
    this.observations.push(o);
  }
}

export interface RawResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
}

/** The server could not be reached at all (refused, DNS, timeout): reported once, clearly, by the runner. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

const TIMEOUT_MS = 20_000;

export class Http {
  readonly base: string;
  constructor(
    base: string,
    readonly recorder: Recorder,
  ) {
    this.base = base.replace(/\/+$/, '');
  }

  async raw(method: string, path: string, init: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<RawResult> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers ?? {}) };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.rawBody !== undefined) body = init.rawBody;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw new UnreachableError(`${method} ${this.base}${path} failed: ${describeNetworkError(e)}`);
    }
    const text = await res.text();
    let parsed: unknown;
    if (text.trim() !== '' && /json/i.test(res.headers.get('content-type') ?? 'application/json')) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = undefined;
      }
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }
}

export function describeNetworkError(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    const detail = cause instanceof Error ? cause.message : '';
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${String(TIMEOUT_MS / 1000)} s`;
    return [e.message, code && !detail.includes(code) ? code : '', detail].filter(Boolean).join(': ');
  }
  return String(e);
}

/** Checks an answer of a route against the contract; null when it conforms. */
export function contractProblem(def: RouteDef, res: RawResult): string | null {
  if (res.status >= 200 && res.status < 300) {
    const expected = def.status ?? 200;
    if (res.status !== expected) return `answered ${String(res.status)}, the contract says ${String(expected)}`;
    if (res.body === undefined) return `answered ${String(res.status)} without a JSON body`;
    const p = schemaProblem(def.response, res.body);
    return p ? `the ${String(res.status)} body does not match the response schema: ${p}` : null;
  }
  return errorProblem(res);
}

/** An error answer: the one error shape, and the code's status in the contract's table. */
export function errorProblem(res: RawResult): string | null {
  if (res.body === undefined) return `answered ${String(res.status)} without a JSON error body (${show(res.text.slice(0, 120))})`;
  const p = schemaProblem(ErrorBody, res.body);
  if (p) return `the ${String(res.status)} body is not the error shape: ${p} — ${show(res.body)}`;
  const code = (res.body as ErrorBody).error.code;
  const want = ERROR_STATUS[code];
  if (want !== res.status) return `error ${code} came with status ${String(res.status)}, the contract's table says ${String(want)}`;
  return null;
}

export type Person = ControlState['people'][number];

export interface CallOptions {
  /** Who is calling (a person's bearer token), or null for no credentials at all. */
  as: Person | null;
  /** Path parameters; `orgId` defaults to the scenario's organization. */
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Idempotency-Key. Routes that require one get a fresh key unless a key (or null: none) is given. */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface RouteResult<N extends RouteName> extends RawResult {
  route: N;
  problem: string | null;
  data: ResponseOf<N> | undefined;
  error: ErrorDetail | undefined;
}

const isOk = (status: number) => status >= 200 && status < 300;

/** Client of the API and the control API for one check, bound to the scenario's organization. */
export class Client {
  orgId = '';
  constructor(readonly http: Http) {}

  path(def: { path: string }, base: string, params: Record<string, string> = {}): string {
    const all: Record<string, string> = { ...params };
    if (pathParams(def.path).includes('orgId') && all.orgId === undefined) all.orgId = this.orgId;
    return `${base}${fillPath(def.path, all)}`;
  }

  async call<N extends RouteName>(name: N, o: CallOptions): Promise<RouteResult<N>> {
    const def: RouteDef = ROUTES[name];
    let path = this.path(def, API_BASE, o.params);
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) q.set(k, String(v));
    if ([...q].length > 0) path += `?${q.toString()}`;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const key = o.key === undefined ? (def.idempotency === 'required' ? `conf-${randomUUID()}` : null) : o.key;
    if (key !== null) headers['Idempotency-Key'] = key;
    const res = await this.http.raw(def.method, path, {
      token: o.as?.token ?? null,
      headers,
      ...(o.body !== undefined ? { body: o.body } : def.body && def.method !== 'GET' ? { body: {} } : {}),
    });
    const problem = contractProblem(def, res);
    this.http.recorder.add({ route: name, method: def.method, status: res.status, problem });
    return {
      ...res,
      route: name,
      problem,
      data: isOk(res.status) && !problem ? (res.body as ResponseOf<N>) : undefined,
      error: !isOk(res.status) && !problem ? (res.body as ErrorBody).error : undefined,
    };
  }

  /** The route must succeed with its contract status and schema; answers the parsed body. */
  async ok<N extends RouteName>(name: N, o: CallOptions): Promise<ResponseOf<N>> {
    const r = await this.call(name, o);
    return this.expectOk(r);
  }

  expectOk<N extends RouteName>(r: RouteResult<N>): ResponseOf<N> {
    const def = ROUTES[r.route];
    if (!isOk(r.status)) {
      const e = r.error ?? (r.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      fail(`${def.method} ${def.path} (${r.route}) answered ${String(r.status)}${e ? ` ${String(e.code)}: ${String(e.message)}` : ` ${show(r.text.slice(0, 200))}`}`);
    }
    if (r.problem || r.data === undefined) fail(`${r.route}: ${r.problem ?? 'no body'}`);
    return r.data;
  }

  /** The route must fail with `code` (or one of `codes`) and the contract's status for it. */
  async err<N extends RouteName>(name: N, code: ErrorCode | readonly ErrorCode[], o: CallOptions): Promise<ErrorDetail> {
    return this.expectErr(await this.call(name, o), code);
  }

  expectErr<N extends RouteName>(r: RouteResult<N>, code: ErrorCode | readonly ErrorCode[]): ErrorDetail {
    const codes = typeof code === 'string' ? [code] : code;
    const want = codes.map((c) => `${c} (${String(ERROR_STATUS[c])})`).join(' or ');
    if (isOk(r.status)) fail(`${r.route}: expected ${want}, got ${String(r.status)} ${show(r.body)}`);
    if (r.problem || !r.error) fail(`${r.route}: ${r.problem ?? 'no error body'}`);
    if (!codes.includes(r.error.code)) fail(`${r.route}: expected ${want}, got ${r.error.code} (${String(r.status)}): ${r.error.message}`);
    return r.error;
  }

  /** A control-API call (test mode of the backend): scenario, clock, identity, usage, payments. */
  async control(name: ControlRouteName, o: { body?: unknown; params?: Record<string, string>; as?: Person | null; key?: string | null } = {}): Promise<RawResult & { problem: string | null }> {
    const def: RouteDef = CONTROL_ROUTES[name];
    const path = this.path(def, CONTROL_BASE, o.params);
    const headers: Record<string, string> = {};
    const key = o.key === undefined ? (def.idempotency === 'required' ? `conf-${randomUUID()}` : null) : o.key;
    if (key !== null) headers['Idempotency-Key'] = key;
    const res = await this.http.raw(def.method, path, {
      token: o.as?.token ?? null,
      headers,
      ...(def.method === 'GET' ? {} : { body: o.body ?? {} }),
    });
    const problem = contractProblem(def, res);
    this.http.recorder.add({ route: `control ${name}`, method: def.method, status: res.status, problem });
    return { ...res, problem };
  }

  /** A control call that must succeed; answers its body. */
  async controlOk(name: ControlRouteName, o: Parameters<Client['control']>[1] = {}): Promise<unknown> {
    const r = await this.control(name, o);
    if (!isOk(r.status)) fail(`control ${name} answered ${String(r.status)}: ${show(r.body ?? r.text.slice(0, 200))}`);
    if (r.problem) fail(`control ${name}: ${r.problem}`);
    return r.body;
  }

  /** A control call that must fail with `code`. */
  async controlErr(name: ControlRouteName, code: ErrorCode, o: Parameters<Client['control']>[1] = {}): Promise<ErrorDetail> {
    const r = await this.control(name, o);
    if (isOk(r.status)) fail(`control ${name}: expected ${code} (${String(ERROR_STATUS[code])}), got ${String(r.status)} ${show(r.body)}`);
    if (r.problem) fail(`control ${name}: ${r.problem}`);
    const e = (r.body as ErrorBody).error;
    if (e.code !== code) fail(`control ${name}: expected ${code} (${String(ERROR_STATUS[code])}), got ${e.code} (${String(r.status)}): ${e.message}`);
    return e;
  }
}

export { CheckFailure };
