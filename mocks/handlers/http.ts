import type { ErrorCode, ErrorDetail, RouteDef } from '@orgkit/contract';
import { pathParams, statusForCode, validationError } from '@orgkit/contract';
import { HttpResponse } from 'msw';
import * as z from 'zod/mini';
import type { MockBackend } from '../backend/backend.js';
import type { Actor } from '../engine/index.js';
import { DomainError, InjectedCrash } from '../engine/index.js';

/** Shared HTTP plumbing for the API and control handlers: errors, bodies, queries, identity, faults. */

export class HttpError extends Error {
  constructor(readonly detail: ErrorDetail) {
    super(detail.message);
  }
}

export function errorResponse(detail: ErrorDetail, headers: Record<string, string> = {}): Response {
  return HttpResponse.json({ error: detail }, { status: statusForCode(detail.code), headers });
}

export function fail(code: ErrorCode, message: string, param?: string): never {
  throw new HttpError({ code, message, ...(param === undefined ? {} : { param }) });
}

/** A DomainError or HttpError becomes the contract's error shape; anything else is a 500 (and logged). */
export function toErrorResponse(e: unknown): Response {
  if (e instanceof DomainError) return errorResponse(e.toJSON());
  if (e instanceof HttpError) return errorResponse(e.detail);
  // An injected crash (faults.crashAfter) is the fault the test asked for, not a bug: a 500 without the alarm.
  if (e instanceof InjectedCrash) return errorResponse({ code: 'internal_error', message: `${e.message} The next request recovers it.`, meta: { crashAfter: e.point } });
  console.error('[orgkit mock] unexpected error', e);
  return errorResponse({ code: 'internal_error', message: 'The mock backend failed unexpectedly.' });
}

/** The JSON body (empty → {}), or a typed 400 naming `body`. */
export async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('validation_failed', 'body must be valid JSON', 'body');
  }
}

export function parseWith<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  const r = z.safeParse(schema, input);
  if (!r.success) throw new HttpError(validationError(r.error.issues, input));
  return r.data;
}

/** Route input = body + query + path params; a body may not smuggle in a path parameter. */
export async function routeInput(route: RouteDef, request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Record<string, unknown>> {
  // Only the route's own :params (MSW also reports the `*` origin wildcard as param "0").
  const path: Record<string, string> = {};
  for (const k of pathParams(route.path)) {
    const v = params[k];
    if (typeof v === 'string') path[k] = v; // already decoded by MSW (decoding again would turn %255F into _)
  }
  let body: Record<string, unknown> = {};
  if (route.body) {
    const raw = await readBody(request);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('validation_failed', 'body must be a JSON object', 'body');
    body = raw as Record<string, unknown>;
    for (const k of Object.keys(path)) if (k in body) fail('validation_failed', `${k} is not a field you can set (it is part of the URL)`, k);
  }
  let query: Record<string, unknown> = {};
  if (route.query) {
    const raw = Object.fromEntries(new URL(request.url).searchParams);
    query = parseWith(route.query, raw) as Record<string, unknown>;
  }
  return { ...body, ...query, ...path };
}

/** Who is calling; an unusable token is a 401 on every route (never silently anonymous). */
export function callerOf(backend: MockBackend, request: Request, cookies: Record<string, string> = {}): Actor {
  const actor = backend.actorFor(request, cookies);
  if (actor === 'invalid') return fail('unauthenticated', 'The access token is not valid. Sign in again.');
  return actor;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Injected faults for API routes (never the control API): latency, an offline network, failing requests. */
export async function injectedFault(backend: MockBackend): Promise<Response | null> {
  const f = backend.faults;
  if (f.latencyMs > 0) await sleep(f.latencyMs);
  if (f.offline) return HttpResponse.error();
  if (f.failNext > 0) {
    f.failNext -= 1;
    backend.save();
    return errorResponse({ code: 'internal_error', message: 'Injected fault: the server failed (mock control API).' });
  }
  if (f.errorRate > 0 && backend.random() < f.errorRate) {
    return errorResponse({ code: 'service_unavailable', message: 'Injected fault: the service is unavailable (mock control API).' });
  }
  return null;
}

/** In development and tests every answer is checked against the contract, so drift fails loudly. */
export function checkedJson(backend: MockBackend, route: RouteDef, name: string, result: unknown, init: ResponseInit): Response {
  if (backend.validateResponses) {
    const r = z.safeParse(route.response, result);
    if (!r.success) {
      console.error(`[orgkit mock] ${name} answered outside the contract`, JSON.stringify(r.error.issues).slice(0, 2_000));
      return errorResponse({ code: 'internal_error', message: `The mock's answer to ${name} does not match the contract.` });
    }
  }
  return HttpResponse.json(result as Record<string, unknown>, init);
}
