import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteName, Routes } from '@orgkit/contract';
import { API_BASE, pathParams, ROUTE_NAMES, ROUTES } from '@orgkit/contract';
import * as z from 'zod/mini';
import type { CallOptions } from './harness.js';
import { assertError, Harness } from './harness.js';

/**
 * Bad payloads for every route that takes a body: malformed JSON, a body that is not an object, a wrong type, a
 * missing field, an unknown field and a path parameter smuggled into the body are each a 400 `validation_failed`
 * naming the field — and the whole backend state is byte-identical afterwards.
 */
type BodyRoute = { [N in RouteName]: Routes[N] extends { body: z.core.$ZodType } ? N : never }[RouteName];

const id = (prefix: string) => `${prefix}_x1`;

/** One valid body per route with a body (path parameters filled with well-formed ids). */
const VALID = {
  'account.signUp': { body: { email: 'new@elsewhere.test', name: 'New Person', orgName: 'New Co', currency: 'EUR' } },
  'org.create': { body: { name: 'Second Co', currency: 'USD' } },
  'org.delete': { body: { confirm: 'acme-ai' } },
  'org.updateSettings': {
    body: { name: 'Acme', logoUrl: 'https://acme.test/logo.png', notificationEmail: 'ops@acme.test', features: { regularChat: true, endlessChat: false }, internalChatVisibility: 'full' },
  },
  'org.updateBillingIdentity': { body: { email: 'ap@acme.test', name: 'Acme AG', country: 'CH', address: 'Weg 1', postalCode: '8000', city: 'Zürich', taxId: 'CHE-1' } },
  'org.setResidency': { body: { tier: 'eu-eu' } },
  'member.changeRole': { params: { userId: id('usr') }, body: { role: 'builder' } },
  'ownership.transfer': { body: { userId: id('usr') } },
  'invite.create': { body: { email: 'x@elsewhere.test', role: 'member', deploymentIds: [id('dep')] } },
  'invite.accept': { params: { inviteId: id('inv') }, body: { name: 'Newbie' } },
  'billingTransfer.start': { body: { toUserId: id('usr') } },
  'plan.preview': { body: { planId: 'pro', interval: 'month', keep: { memberIds: [], agentIds: [] } } },
  'plan.change': { body: { planId: 'pro', interval: 'month', keep: { memberIds: [], agentIds: [] } } },
  'checkout.start': { body: { purpose: 'subscription', planId: 'pro', interval: 'year' } },
  'package.purchase': { body: { packageId: 'pkg_1000' } },
  'autoRecharge.setPackage': { body: { packageId: null } },
  'autoRecharge.setEnabled': { body: { enabled: true } },
  'usage.record': { body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 100, memberId: id('usr'), category: 'completion', tokens: 130 } },
  'caps.setMember': { params: { userId: id('usr') }, body: { cap: 100 } },
  'caps.setAgent': { params: { agentId: id('agt') }, body: { cap: null } },
  'alerts.configure': { body: { thresholdPct: 20, recipientIds: [id('usr')] } },
  'agent.create': { body: { name: 'Bot' } },
  'deployment.create': { body: { agentId: id('agt'), name: 'Desk', channel: 'chat', modelId: 'gpt-5-mini', inviteOnly: false } },
  'deployment.setModel': { params: { deploymentId: id('dep') }, body: { modelId: 'gpt-5' } },
  'knowledge.add': { body: { name: 'Docs', characters: 2_000, uploadBytes: 1_000 } },
  'chat.create': { body: { title: 'Hello', message: 'Hi there' } },
} satisfies Record<BodyRoute, { params?: Record<string, string>; body: Record<string, unknown> }>;

/** A value of another JSON type than `v`. */
function wrongType(v: unknown): unknown {
  if (typeof v === 'string') return 12_345;
  if (typeof v === 'number') return 'many';
  if (typeof v === 'boolean') return 'yes';
  if (v === null) return true;
  if (Array.isArray(v)) return 'not-a-list';
  return 'not-an-object';
}

/** A few nested fields, named by their dotted path. */
const NESTED: { route: BodyRoute; body: Record<string, unknown>; param: string }[] = [
  { route: 'org.updateSettings', body: { features: { regularChat: 'yes' } }, param: 'features.regularChat' },
  { route: 'org.updateSettings', body: { features: { darkMode: true } }, param: 'features.darkMode' },
  { route: 'plan.change', body: { planId: 'lite', interval: 'month', keep: { memberIds: [42], agentIds: [] } }, param: 'keep.memberIds.0' },
  { route: 'plan.change', body: { planId: 'lite', interval: 'month', keep: { memberIds: [] } }, param: 'keep.agentIds' },
  { route: 'invite.create', body: { email: 'x@elsewhere.test', role: 'member', deploymentIds: ['has space'] }, param: 'deploymentIds.0' },
  { route: 'alerts.configure', body: { thresholdPct: 101, recipientIds: [] }, param: 'thresholdPct' },
  { route: 'usage.record', body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 1.5 }, param: 'words' },
  { route: 'checkout.start', body: { purpose: 'package', packageId: 'pkg_1000', planId: 'pro' }, param: 'planId' },
];

/** Bad queries of the query routes. */
const BAD_QUERIES: { route: RouteName; query: Record<string, string>; param: string }[] = [
  { route: 'usage.timeseries', query: {}, param: 'days' },
  { route: 'usage.timeseries', query: { days: 'thirty' }, param: 'days' },
  { route: 'usage.timeseries', query: { days: '30', unit: 'dollars' }, param: 'unit' },
  { route: 'usage.timeseries', query: { days: '30', groupBy: 'planet' }, param: 'groupBy' },
  { route: 'usage.summary', query: { days: '7.5' }, param: 'days' },
  { route: 'usage.breakdown', query: {}, param: 'days' },
  { route: 'usage.events', query: { limit: 'ten' }, param: 'limit' },
  { route: 'usage.events', query: { limit: '0' }, param: 'limit' },
  { route: 'invoices.list', query: { limit: '1000' }, param: 'limit' },
  { route: 'residency.preview', query: {}, param: 'tier' },
  { route: 'chats.list', query: { scope: 'everyone' }, param: 'scope' },
];

interface Variant {
  name: string;
  opts: CallOptions;
  /** The expected `param`; a list when any of several is right. */
  param: string | string[];
}

function variants(route: BodyRoute): Variant[] {
  const def = ROUTES[route];
  const valid = VALID[route];
  const params: Record<string, string> = 'params' in valid ? valid.params : {};
  const base = valid.body as Record<string, unknown>;
  const accepts = (body: unknown) => z.safeParse(def.body, body).success;
  const out: Variant[] = [
    { name: 'malformed JSON', opts: { params, rawBody: '{"name": "unterminated' }, param: 'body' },
    { name: 'a JSON array', opts: { params, rawBody: JSON.stringify([base]) }, param: 'body' },
    { name: 'JSON null', opts: { params, rawBody: 'null' }, param: 'body' },
    { name: 'a JSON string', opts: { params, rawBody: '"hello"' }, param: 'body' },
    { name: 'a JSON number', opts: { params, rawBody: '42' }, param: 'body' },
    { name: 'an unknown field', opts: { params, body: { ...base, isAdmin: true } }, param: 'isAdmin' },
  ];
  const required = Object.keys(base).filter((k) => !accepts(Object.fromEntries(Object.entries(base).filter(([f]) => f !== k))));
  if (!accepts({})) out.push({ name: 'an empty body', opts: { params, rawBody: '' }, param: required });
  for (const field of Object.keys(base)) {
    out.push({ name: `${field} of the wrong type`, opts: { params, body: { ...base, [field]: wrongType(base[field]) } }, param: field });
  }
  for (const field of required) {
    const { [field]: _dropped, ...rest } = base;
    out.push({ name: `${field} missing`, opts: { params, body: rest }, param: field });
  }
  for (const p of pathParams(def.path)) {
    out.push({ name: `path parameter ${p} smuggled into the body`, opts: { params, body: { ...base, [p]: params[p] ?? 'org_other' } }, param: p });
  }
  return out;
}

const BODY_ROUTES = ROUTE_NAMES.filter((n): n is BodyRoute => 'body' in ROUTES[n]);

describe('bad payloads → 400 validation_failed naming the field, state byte-identical', () => {
  test('every route with a body has a valid body here (and it is valid)', () => {
    assert.deepEqual(Object.keys(VALID).sort(), [...BODY_ROUTES].sort());
    for (const name of BODY_ROUTES) assert.ok(z.safeParse(ROUTES[name].body, VALID[name].body).success, `${name}: the valid body should be valid`);
  });

  const h = Harness.create('standard-team');
  const owner = h.user('olivia');

  for (const route of BODY_ROUTES) {
    describe(`${ROUTES[route].method} ${ROUTES[route].path} (${route})`, () => {
      for (const v of variants(route)) {
        test(v.name, async () => {
          const before = h.snapshot();
          const r = await h.call(route, owner, v.opts);
          const e = assertError(r, 'validation_failed');
          if (Array.isArray(v.param)) assert.ok(e.param !== undefined && v.param.includes(e.param), `param ${String(e.param)} should be one of ${v.param.join(', ')}`);
          else assert.equal(e.param, v.param, r.text);
          assert.ok(e.message.includes(e.param ?? '\u0000'), `the message names the field: ${e.message}`);
          assert.equal(h.snapshot(), before, 'the state must be byte-identical');
        });
      }
    });
  }

  describe('nested fields are named by their path', () => {
    for (const n of NESTED) {
      test(`${n.route}: ${n.param}`, async () => {
        const before = h.snapshot();
        const r = await h.call(n.route, owner, { body: n.body });
        assertError(r, 'validation_failed', { param: n.param });
        assert.equal(h.snapshot(), before);
      });
    }
  });

  describe('bad queries', () => {
    for (const q of BAD_QUERIES) {
      test(`${q.route} ?${new URLSearchParams(q.query).toString()} → ${q.param}`, async () => {
        const before = h.snapshot();
        const r = await h.call(q.route, owner, { query: q.query });
        assertError(r, 'validation_failed', { param: q.param });
        assert.equal(h.snapshot(), before);
      });
    }
  });

  describe('path parameters', () => {
    test('a query parameter cannot smuggle in a path parameter (the URL’s organization wins)', async () => {
      const r = await h.call('usage.summary', owner, { query: { days: 30, orgId: 'org_other' } });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body, (await h.call('usage.summary', owner, { query: { days: 30 } })).body);
    });

    test('path parameters are decoded once: %255F is the literal "%5F", not "_" (no other resource is reached)', async () => {
      const before = h.snapshot();
      const encodedTwice = h.orgId.replace('_', '%255F');
      const r = await h.fetch('GET', `${API_BASE}/orgs/${encodedTwice}/balance`, owner);
      assertError(r, 'validation_failed', { param: 'orgId' });
      assert.equal(h.snapshot(), before);
    });

    test('a path parameter with a stray % is a validation_failed naming it (not a 500)', async () => {
      const before = h.snapshot();
      const r = await h.fetch('DELETE', `${API_BASE}/orgs/${h.orgId}/members/%25ZZ`, owner);
      assertError(r, 'validation_failed', { param: 'userId' });
      const g = await h.fetch('GET', `${API_BASE}/orgs/${h.orgId}/checkout-sessions/100%25`, owner);
      assertError(g, 'validation_failed', { param: 'checkoutId' });
      assert.equal(h.snapshot(), before);
    });
  });

  test('a body that is not valid JSON is refused before anything runs, even for a purchase with a key', async () => {
    const before = h.snapshot();
    const r = await h.call('package.purchase', owner, { rawBody: "{'packageId':'pkg_1000'}" });
    assertError(r, 'validation_failed', { param: 'body' });
    assert.equal(h.snapshot(), before);
  });
});

/**
 * Mutations that take no body: whatever body is sent cannot redirect them — the answer and the resulting state are
 * those of the same request without a body (the path parameters always win).
 */
describe('bodiless mutations ignore a body that smuggles in path parameters', () => {
  const BODILESS: { route: RouteName; who: 'owner' | 'admin'; params: (h: Harness) => Promise<Record<string, string>> }[] = [
    { route: 'org.leave', who: 'admin', params: () => Promise.resolve({}) },
    { route: 'member.remove', who: 'owner', params: (h) => Promise.resolve({ userId: h.user('bea') }) },
    { route: 'member.reactivate', who: 'owner', params: (h) => Promise.resolve({ userId: h.user('bea') }) },
    { route: 'invite.revoke', who: 'owner', params: () => Promise.resolve({ inviteId: 'inv_1' }) },
    { route: 'billingTransfer.accept', who: 'admin', params: () => Promise.resolve({ transferId: 'btr_1' }) },
    { route: 'billingTransfer.decline', who: 'admin', params: () => Promise.resolve({ transferId: 'btr_1' }) },
    { route: 'billingTransfer.cancel', who: 'owner', params: () => Promise.resolve({ transferId: 'btr_1' }) },
    { route: 'plan.keepCurrent', who: 'owner', params: () => Promise.resolve({}) },
    {
      route: 'invoice.pay', who: 'owner',
      params: async (h) => ({ invoiceId: (await h.ok<{ invoices: { id: string }[] }>('invoices.list', h.user('olivia'))).invoices[0]?.id ?? '' }),
    },
  ];

  test('the list covers every mutating route without a body', () => {
    const bodiless = ROUTE_NAMES.filter((n) => ROUTES[n].method !== 'GET' && !('body' in ROUTES[n]));
    assert.deepEqual(BODILESS.map((b) => b.route).sort(), [...bodiless].sort());
  });

  for (const b of BODILESS) {
    test(`${b.route}`, async () => {
      const plain = Harness.create('standard-team');
      const smuggled = Harness.create('standard-team');
      const params = await b.params(plain);
      assert.deepEqual(await b.params(smuggled), params);
      const who = (h: Harness) => h.user(b.who === 'owner' ? 'olivia' : 'adrian');
      const body = { orgId: 'org_1', userId: smuggled.user('olivia'), transferId: 'btr_2', invoiceId: 'in_2', extra: true };
      const a = await plain.call(b.route, who(plain), { params });
      const c = await smuggled.call(b.route, who(smuggled), { params, body });
      assert.equal(c.status, a.status, c.text);
      assert.deepEqual(c.body, a.body);
      assert.equal(smuggled.snapshot(), plain.snapshot());
    });
  }
});
