import assert from 'node:assert/strict';
import { CONTROL_BASE } from '@orgkit/contract';
import { getResponse } from 'msw';
import { OrgKitClient } from '../../../packages/client/src/index.js';
import type { ClientOptions } from '../../../packages/client/src/index.js';
import type { ScenarioName } from '../../fixtures/scenarios.js';
import { checkInvariants } from '../../engine/index.js';
import { createHandlers } from '../../handlers/index.js';
import type { Org, Payment } from '../../engine/index.js';
import type { MockServer } from '../../server.js';
import { startMockServer } from '../../server.js';

/** Shared plumbing of the reliability suites: a real HTTP mock server, the real typed client, and ledger reads. */

export const NOW = Date.parse('2026-11-23T10:00:00Z');

export interface World {
  server: MockServer;
  orgId: string;
  /** The bearer token of the scenario's person whose email starts with `prefix`. */
  token(prefix: string): string;
  /** The real client acting as that person (retries never wait: tests do not depend on wall-clock time). */
  client(prefix: string, options?: ClientOptions): OrgKitClient;
  /** A control API call over HTTP; throws unless it answers 2xx. */
  control<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** The raw control answer (status and JSON). */
  controlRaw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  org(): Org;
  /** Payments, oldest first. */
  payments(): Payment[];
  /** The credit blocks bought with money (packages and auto-recharges), as [paymentId, credits granted]. */
  purchasedBlocks(): [string, number][];
  /** A fetch that answers in-process from the same backend's MSW handlers (no sockets): for the high-volume runs. */
  local: typeof fetch;
  close(): Promise<void>;
}

export async function world(scenario: ScenarioName = 'standard-team'): Promise<World> {
  const server = await startMockServer({ frozen: true, now: NOW, scenario });
  const state = server.backend.controlState();
  const handlers = createHandlers(server.backend);
  const person = (prefix: string) => {
    const p = state.people.find((x) => x.email.startsWith(`${prefix}@`));
    assert.ok(p, `no person ${prefix} in ${scenario}`);
    return p;
  };
  const controlRaw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${CONTROL_BASE}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const w: World = {
    server,
    orgId: state.orgId,
    token: (prefix) => person(prefix).token,
    client: (prefix, options = {}) =>
      new OrgKitClient({ baseUrl: server.url, getAuthToken: () => person(prefix).token, sleep: () => Promise.resolve(), ...options }),
    controlRaw,
    control: async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const r = await controlRaw(method, path, body, headers);
      assert.ok(r.status >= 200 && r.status < 300, `control ${method} ${path}: ${String(r.status)} ${JSON.stringify(r.body)}`);
      return r.body as T;
    },
    org: () => {
      const org = server.backend.engine.state.orgs[state.orgId];
      assert.ok(org);
      return org;
    },
    payments: () => Object.values(w.org().payments).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id, 'en', { numeric: true })),
    purchasedBlocks: () => w.org().blocks.filter((b) => b.paymentId !== null).map((b) => [b.paymentId ?? '', b.initial]),
    local: (input, init) => {
      const request = new Request(input instanceof Request ? input : new URL(String(input), server.url), init);
      return getResponse(handlers, request).then((r) => r ?? new Response(null, { status: 404 }));
    },
    close: () => server.close(),
  };
  return w;
}

/** Every engine invariant holds (one owner, no block granted twice for a payment, no negative block, …). */
export function assertInvariants(w: World): void {
  assert.deepEqual(checkInvariants(w.server.backend.engine.state, w.server.backend.engine.policy), []);
}

/** Settle every promise; split into the answers and the errors. */
export async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: unknown[] }> {
  const all = await Promise.allSettled(promises);
  return {
    ok: all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: all.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}

/** The `code` of a client error (ApiError), else its name. */
export function codeOf(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e) return String((e as { code: unknown }).code);
  return e instanceof Error ? e.name : String(e);
}
