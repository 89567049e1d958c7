import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTE_NAMES } from '@orgkit/contract';
import type { RouteName } from '@orgkit/contract';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  OrgKitClient,
  ResponseValidationError,
  TimeoutError,
} from '../src/index.js';
import { recordingFetch, setup } from './helpers.js';

type Env = Awaited<ReturnType<typeof setup>>;
let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(() => env.server.close());

describe('reading and writing through the mock server', () => {
  test('ROLE-8 the session names the person of the bearer token, with capabilities per organization', async () => {
    const session = await env.client(1).session.get();
    assert.equal(session.user.email, 'adrian@acme-ai.test');
    const membership = session.memberships.find((m) => m.orgId === env.orgId);
    assert.equal(membership?.role, 'admin');
    assert.ok(membership.capabilities.includes('org.read'));
  });

  test('members.list answers the members and seats, parsed by the contract', async () => {
    const list = await env.client(0).members.list(env.orgId);
    assert.equal(list.members.length, 3);
    assert.deepEqual({ used: list.seats.used, limit: list.seats.limit }, { used: 3, limit: 3 });
  });

  test('the generic request() reaches a route by its contract name, with path params and query', async () => {
    const client = env.client(0);
    const page = await client.request('invoices.list', { params: { orgId: env.orgId }, query: { limit: 2 } });
    assert.equal(page.invoices.length, 2);
    const summary = await client.usage.summary(env.orgId, { days: 30 });
    assert.equal(typeof summary, 'object');
  });

  test('a mutation changes the organization: settings are renamed, a freed seat takes an invite (201)', async () => {
    const client = env.client(0);
    const settings = await client.orgs.updateSettings(env.orgId, { name: 'Acme Labs' });
    assert.equal(settings.name, 'Acme Labs');
    assert.equal((await client.orgs.get(env.orgId)).name, 'Acme Labs');
    const bea = env.server.backend.controlState().people[2]?.userId ?? '';
    assert.deepEqual(await client.members.remove(env.orgId, bea), { userId: bea, removed: true });
    const invite = await client.invites.create(env.orgId, { email: 'new@acme-ai.test', role: 'member' });
    assert.equal(invite.status, 'pending');
    assert.deepEqual((await client.invites.list(env.orgId)).map((i) => i.email), ['new@acme-ai.test']);
  });

  test('BILL-1 invoices.download answers the PDF and the printable page as Blobs', async () => {
    const client = env.client(0);
    const [invoice] = (await client.invoices.list(env.orgId, { limit: 1 })).invoices;
    assert.ok(invoice);
    const pdf = await client.invoices.download(env.orgId, invoice.id, 'pdf');
    assert.equal(pdf.type, 'application/pdf');
    assert.match(await pdf.text(), /^%PDF/);
    const page = await client.invoices.download(env.orgId, invoice.id, 'view');
    assert.match(page.type, /^text\/html/);
    assert.match(await page.text(), new RegExp(invoice.number));
  });
});

describe('typed errors', () => {
  test('a full team answers ConflictError seat_limit_reached with its meta count and limit', async () => {
    const err = await env.client(0).invites.create(env.orgId, { email: 'x@y.co', role: 'member' }).catch((e: unknown) => e);
    assert.ok(err instanceof ConflictError);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 409);
    assert.equal(err.code, 'seat_limit_reached');
    assert.equal(err.meta?.count, 3);
    assert.equal(err.meta?.limit, 3);
    assert.match(err.requestId ?? '', /^req_/);
  });

  test('a malformed body answers BadRequestError validation_failed naming the field', async () => {
    const err = await env.client(0).invites.create(env.orgId, { email: 'not-an-email', role: 'member' }).catch((e: unknown) => e);
    assert.ok(err instanceof BadRequestError);
    assert.equal(err.code, 'validation_failed');
    assert.equal(err.param, 'email');
    assert.match(err.message, /email/);
  });

  test('a 2xx body outside the contract is a ResponseValidationError naming what is wrong', async () => {
    const lying = new OrgKitClient({ fetch: () => Promise.resolve(Response.json({ user: { id: 1 } })) });
    const err = await lying.session.get().catch((e: unknown) => e);
    assert.ok(err instanceof ResponseValidationError);
    assert.match(String(err.issues), /^user\.id: expected s, got 1$/);
    assert.match(err.message, /session: the answer does not match the contract \(user\.id/);
    const html = new OrgKitClient({ fetch: () => Promise.resolve(new Response('<html></html>')) });
    assert.ok((await html.session.get().catch((e: unknown) => e)) instanceof ResponseValidationError);
  });
});

describe('authentication', () => {
  test('a 401 asks getAuthToken once more with forceRefresh and retries the request once', async () => {
    const asked: boolean[] = [];
    const client = new OrgKitClient({
      baseUrl: env.server.url,
      getAuthToken: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return forceRefresh ? env.token(2) : 'orgkit-mock.expired';
      },
    });
    assert.equal((await client.session.get()).user.email, 'bea@acme-ai.test');
    assert.deepEqual(asked, [false, true]);
  });

  test('a token still refused after the refresh is an AuthenticationError (no loop)', async () => {
    const asked: boolean[] = [];
    const rec = recordingFetch();
    const client = new OrgKitClient({
      baseUrl: env.server.url,
      fetch: rec.fetch,
      getAuthToken: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return 'orgkit-mock.revoked';
      },
    });
    const err = await client.members.list(env.orgId).catch((e: unknown) => e);
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.code, 'unauthenticated');
    assert.deepEqual(asked, [false, true]);
    assert.equal(rec.calls.length, 2);
  });

  test('the forced refresh happens at most once per call, even when a retry follows it', async () => {
    const asked: boolean[] = [];
    const statuses = [401, 503, 401];
    const client = new OrgKitClient({
      sleep: () => Promise.resolve(),
      getAuthToken: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return Promise.resolve('token');
      },
      fetch: () => Promise.resolve(new Response(null, { status: statuses.shift() ?? 200 })),
    });
    const err = await client.session.get().catch((e: unknown) => e);
    assert.ok(err instanceof AuthenticationError);
    assert.deepEqual(asked, [false, true, false]);
  });

  test("cookie mode: credentials 'include' reaches fetch, no Authorization header, the cookie session identifies", async () => {
    const rec = recordingFetch((input, init) => {
      assert.equal(init?.credentials, 'include');
      const headers = new Headers(init?.headers);
      headers.set('Cookie', `orgkit_session=${encodeURIComponent(env.token(1))}`);
      return fetch(input, { ...init, headers });
    });
    const client = new OrgKitClient({ baseUrl: env.server.url, credentials: 'include', fetch: rec.fetch, headers: { 'X-Host': 'demo' } });
    assert.equal((await client.session.get()).user.email, 'adrian@acme-ai.test');
    assert.equal(rec.calls[0]?.headers.get('authorization'), null);
    assert.equal(rec.calls[0]?.headers.get('x-host'), 'demo');
  });
});

describe('retries and idempotency', () => {
  test('a GET is retried on injected 500s (failNext = 2) and succeeds, with growing backoff', async () => {
    env.server.backend.faults.failNext = 2;
    const rec = recordingFetch();
    const list = await env.client(0, { fetch: rec.fetch }).members.list(env.orgId);
    assert.equal(list.members.length, 3);
    assert.equal(rec.calls.length, 3);
    assert.equal(env.sleeps.length, 2);
    const [first = 0, second = 0] = env.sleeps;
    assert.ok(first >= 375 && first <= 500, `first wait ${String(first)}`);
    assert.ok(second >= 750 && second <= 1000, `second wait ${String(second)}`);
  });

  test('retries stop at maxRetries: the last 500 is an InternalServerError', async () => {
    env.server.backend.faults.failNext = 5;
    const rec = recordingFetch();
    const err = await env.client(0, { fetch: rec.fetch, maxRetries: 1 }).members.list(env.orgId).catch((e: unknown) => e);
    assert.ok(err instanceof InternalServerError);
    assert.equal(err.code, 'internal_error');
    assert.equal(rec.calls.length, 2);
  });

  test('a POST without an idempotency key is never retried', async () => {
    env.server.backend.faults.failNext = 2;
    const rec = recordingFetch();
    const err = await env.client(0, { fetch: rec.fetch }).invites.create(env.orgId, { email: 'x@y.co', role: 'member' }).catch((e: unknown) => e);
    assert.ok(err instanceof InternalServerError);
    assert.equal(rec.calls.length, 1);
    assert.equal(rec.calls[0]?.headers.get('idempotency-key'), null);
    assert.equal(env.server.backend.faults.failNext, 1);
  });

  test('a mutation given a key by its caller becomes retryable and keeps that key', async () => {
    env.server.backend.faults.failNext = 1;
    const rec = recordingFetch();
    const settings = await env.client(0, { fetch: rec.fetch }).orgs.updateSettings(env.orgId, { name: 'Acme Two' }, { idempotencyKey: 'settings-1' });
    assert.equal(settings.name, 'Acme Two');
    assert.deepEqual(rec.calls.map((c) => c.headers.get('idempotency-key')), ['settings-1', 'settings-1']);
  });

  test('PKG-4 a retried purchase reuses its generated key and grants the credits once', async () => {
    const client = env.client(0);
    const before = (await client.credits.balance(env.orgId)).balance;
    env.server.backend.faults.failNext = 1;
    const rec = recordingFetch();
    const paid = await env.client(0, { fetch: rec.fetch }).packages.purchase(env.orgId, { packageId: 'pkg_1000' });
    assert.equal(paid.status, 'paid');
    const keys = rec.calls.map((c) => c.headers.get('idempotency-key'));
    assert.equal(keys.length, 2);
    assert.match(keys[0] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(keys[1], keys[0]);
    assert.equal((await client.credits.balance(env.orgId)).balance, before + 1000);
  });

  test('PKG-4 a purchase whose answer is lost is retried with the same key, replayed, and charged once', async () => {
    const client = env.client(0);
    const before = (await client.credits.balance(env.orgId)).balance;
    let lost = false;
    const rec = recordingFetch(async (input, init) => {
      const res = await fetch(input, init);
      if (lost) return res;
      lost = true;
      throw new TypeError('fetch failed: the connection dropped after the server answered');
    });
    const paid = await env.client(0, { fetch: rec.fetch }).packages.purchase(env.orgId, { packageId: 'pkg_1000' });
    assert.equal(rec.calls.length, 2);
    assert.equal(rec.calls[1]?.res?.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(rec.calls[1]?.headers.get('idempotency-key'), rec.calls[0]?.headers.get('idempotency-key'));
    assert.equal(paid.status, 'paid');
    assert.equal((await client.credits.balance(env.orgId)).balance, before + 1000);
  });

  test('PKG-4 a double-click with the caller’s own key buys once: the second answer is the replayed first', async () => {
    const rec = recordingFetch();
    const client = env.client(0, { fetch: rec.fetch });
    const before = (await client.credits.balance(env.orgId)).balance;
    const first = await client.packages.purchase(env.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'buy-click-1' });
    const second = await client.packages.purchase(env.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'buy-click-1' });
    assert.deepEqual(second, first);
    assert.equal(rec.calls.at(-1)?.res?.headers.get('Idempotent-Replayed'), 'true');
    assert.equal((await client.credits.balance(env.orgId)).balance, before + 1000);
  });

  test('only routes marked idempotency required get a generated key', async () => {
    const rec = recordingFetch();
    const client = env.client(0, { fetch: rec.fetch });
    await client.agents.list(env.orgId);
    await client.orgs.updateSettings(env.orgId, { name: 'Acme AI' });
    await client.packages.purchase(env.orgId, { packageId: 'pkg_1000' });
    assert.deepEqual(rec.calls.map((c) => c.headers.get('idempotency-key') !== null), [false, false, true]);
  });

  test('Retry-After (seconds or a date) sets the wait before the retry of a 429 or 503', async () => {
    let answered = 0;
    const answers = [
      () => Response.json({ error: { code: 'forbidden', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '3' } }),
      () => new Response('busy', { status: 503, headers: { 'Retry-After': new Date(Date.now() + 20_000).toUTCString() } }),
    ];
    const client = env.client(0, {
      fetch: (input, init) => {
        const answer = answers[answered++];
        return answer ? Promise.resolve(answer()) : fetch(input, init);
      },
    });
    await client.members.list(env.orgId);
    const [seconds = 0, date = 0] = env.sleeps;
    assert.equal(seconds, 3000);
    assert.ok(date > 10_000 && date <= 20_000, `wait from the date: ${String(date)}`);
  });

  test('an offline network is a ConnectionError after the GET’s retries', async () => {
    env.server.backend.faults.offline = true;
    const rec = recordingFetch();
    const err = await env.client(0, { fetch: rec.fetch }).members.list(env.orgId).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectionError);
    assert.ok(err.cause instanceof Error);
    assert.equal(rec.calls.length, 3);
  });
});

describe('time limits and cancellation', () => {
  test('no answer within timeoutMs is a TimeoutError', async () => {
    env.server.backend.faults.latencyMs = 300;
    const err = await env.client(0, { timeoutMs: 30 }).members.list(env.orgId).catch((e: unknown) => e);
    assert.ok(err instanceof TimeoutError, String(err));
  });

  test('the timeout also ends the waits between retries', async () => {
    env.server.backend.faults.failNext = 5;
    const client = new OrgKitClient({ baseUrl: env.server.url, timeoutMs: 50, getAuthToken: () => env.token(0) });
    const err = await client.members.list(env.orgId).catch((e: unknown) => e);
    assert.ok(err instanceof TimeoutError, String(err));
  });

  test('a caller abort surfaces as the DOMException AbortError, not a TimeoutError', async () => {
    env.server.backend.faults.latencyMs = 300;
    const controller = new AbortController();
    const pending = env.client(0).members.list(env.orgId, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 10);
    const err = await pending;
    assert.ok(err instanceof DOMException);
    assert.equal(err.name, 'AbortError');
    const early = await env.client(0).session.get({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    assert.ok(early instanceof DOMException && early.name === 'AbortError');
  });
});

describe('the client covers the whole contract', () => {
  test('every route of ROUTES is reachable through a resource method, each by exactly one', async () => {
    const client = new OrgKitClient();
    const reached: string[] = [];
    Object.assign(client, {
      request: (name: RouteName) => {
        reached.push(name);
        return Promise.resolve(null);
      },
    });
    for (const [resource, methods] of Object.entries(client)) {
      if (!methods || typeof methods !== 'object') continue;
      for (const [method, fn] of Object.entries(methods as Record<string, unknown>)) {
        if (typeof fn !== 'function' || `${resource}.${method}` === 'invoices.download') continue;
        await (fn as (...args: unknown[]) => Promise<unknown>)('org_1', 'id_1', {}, {});
      }
    }
    assert.deepEqual([...reached].sort(), [...ROUTE_NAMES].sort());
  });

  test('request() is typed by the contract: params, body and query are required exactly when the route has them', () => {
    const client = new OrgKitClient();
    const typeOnly = (f: () => unknown) => typeof f === 'function';
    assert.ok(typeOnly(() => client.request('session')));
    // @ts-expect-error members.list needs params.orgId
    assert.ok(typeOnly(() => client.request('members.list', {})));
    // @ts-expect-error member.remove needs userId as well
    assert.ok(typeOnly(() => client.request('member.remove', { params: { orgId: 'o' } })));
    // @ts-expect-error invite.create needs a body
    assert.ok(typeOnly(() => client.request('invite.create', { params: { orgId: 'o' } })));
    // @ts-expect-error usage.summary's days is a number
    assert.ok(typeOnly(() => client.usage.summary('o', { days: '30' })));
  });
});

test('baseUrl may be the origin or include the API base path', async () => {
  const seen: string[] = [];
  const fake: typeof fetch = async (url) => {
    seen.push(String(url));
    return new Response('{"error":{"code":"not_found","message":"x"}}', { status: 404, headers: { 'Content-Type': 'application/json' } });
  };
  for (const baseUrl of ['https://api.acme.test', 'https://api.acme.test/', 'https://api.acme.test/api/orgkit/v1', 'https://api.acme.test/api/orgkit/v1/']) {
    await new OrgKitClient({ baseUrl, fetch: fake, maxRetries: 0 }).session.get().catch(() => undefined);
  }
  assert.deepEqual(new Set(seen), new Set(['https://api.acme.test/api/orgkit/v1/session']));
});

test('authHeaders() gives the headers the client authenticates with', async () => {
  const c = new OrgKitClient({ headers: { 'X-Tenant': 'acme' }, getAuthToken: () => 'tok-1' });
  assert.deepEqual(await c.authHeaders(), { 'X-Tenant': 'acme', Authorization: 'Bearer tok-1' });
  assert.deepEqual(await new OrgKitClient().authHeaders(), {});
});
