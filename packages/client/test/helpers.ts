import type { ClientOptions } from '../src/index.js';
import { OrgKitClient } from '../src/index.js';
import type { MockServer } from '../../../mocks/server.js';
import { startMockServer } from '../../../mocks/server.js';

export const NOW = Date.parse('2026-11-23T10:00:00Z');

export interface Call {
  url: string;
  init: RequestInit | undefined;
  headers: Headers;
  res?: Response;
}

/** A fetch that records every request (and its answer) before passing it on. */
export function recordingFetch(inner: typeof fetch = fetch): { calls: Call[]; fetch: typeof fetch } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (input, init) => {
      const call: Call = { url: input instanceof Request ? input.url : String(input), init, headers: new Headers(init?.headers) };
      calls.push(call);
      call.res = await inner(input, init);
      return call.res;
    },
  };
}

/** A fresh frozen mock server (standard-team) with helpers to build clients acting as one of its people. */
export async function setup(): Promise<{
  server: MockServer;
  orgId: string;
  token: (i: number) => string;
  /** Waits the client asked for (no real waiting: tests never depend on wall-clock time). */
  sleeps: number[];
  client: (person: number, options?: ClientOptions) => OrgKitClient;
}> {
  const server = await startMockServer({ frozen: true, now: NOW });
  const state = server.backend.controlState();
  const token = (i: number) => {
    const person = state.people[i];
    if (!person) throw new Error(`no person ${String(i)}`);
    return person.token;
  };
  const sleeps: number[] = [];
  return {
    server,
    orgId: state.orgId,
    token,
    sleeps,
    client: (person, options = {}) =>
      new OrgKitClient({
        baseUrl: server.url,
        getAuthToken: () => token(person),
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        ...options,
      }),
  };
}
