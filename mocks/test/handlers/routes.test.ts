import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteName } from '@orgkit/contract';
import { ROUTE_NAMES, ROUTES } from '@orgkit/contract';
import type { Policy } from '../../engine/index.js';
import type { ScenarioName } from '../../fixtures/scenarios.js';
import type { Reply } from './harness.js';
import { assertSuccess, Harness } from './harness.js';

/**
 * One success case per route of the contract: the answer has the route's status (201 for creations) and a body that
 * parses with the route's response schema. Each case runs on a fresh backend built from a named scenario.
 */
interface Case {
  scenario?: ScenarioName;
  policy?: Partial<Policy>;
  run: (h: Harness, owner: string) => Promise<Reply>;
}

const BILLING_IDENTITY = { email: 'ap@acme-ai.test', name: 'Acme AI AG', country: 'CH', address: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', taxId: 'CHE-1' };

async function firstId(h: Harness, who: string, name: RouteName, pick: (body: never) => string | undefined): Promise<string> {
  const id = pick((await h.ok(name, who)) as never);
  assert.ok(id, `${name} should list something`);
  return id;
}

/** Start a billing-role transfer from the owner (holder) to the admin; returns its id. */
async function startTransfer(h: Harness, owner: string): Promise<string> {
  const t = await h.ok<{ id: string }>('billingTransfer.start', owner, { body: { toUserId: h.user('adrian') } });
  return t.id;
}

async function newInvite(h: Harness, owner: string, email = 'newbie@elsewhere.test'): Promise<string> {
  return (await h.ok<{ id: string }>('invite.create', owner, { body: { email, role: 'member' } })).id;
}

const CASES = {
  session: { run: (h, o) => h.call('session', o) },
  'account.signUp': {
    run: async (h) => {
      await h.anonymous();
      return h.call('account.signUp', null, { body: { email: 'founder@startup.test', name: 'Fay Founder', orgName: 'Startup', currency: 'EUR' } });
    },
  },
  'org.create': { run: (h, o) => h.call('org.create', o, { body: { name: 'Second Co', currency: 'USD' } }) },
  'org.get': { run: (h, o) => h.call('org.get', o) },
  'org.delete': {
    run: async (h, o) => {
      const { slug } = await h.ok<{ slug: string }>('org.get', o);
      return h.call('org.delete', o, { body: { confirm: slug } });
    },
  },
  'settings.get': { run: (h, o) => h.call('settings.get', o) },
  'org.updateSettings': {
    run: (h, o) => h.call('org.updateSettings', o, { body: { name: 'Acme Renamed', features: { endlessChat: true }, internalChatVisibility: 'full', notificationEmail: 'ops@acme-ai.test' } }),
  },
  'org.updateBillingIdentity': { run: (h, o) => h.call('org.updateBillingIdentity', o, { body: BILLING_IDENTITY }) },
  'org.setResidency': { run: (h, o) => h.call('org.setResidency', o, { body: { tier: 'eu-eu' } }) },
  'residency.preview': { run: (h, o) => h.call('residency.preview', o, { query: { tier: 'ch-ch' } }) },
  'org.leave': { run: (h) => h.call('org.leave', h.user('adrian')) },
  'members.list': { run: (h, o) => h.call('members.list', o) },
  'member.changeRole': { run: (h, o) => h.call('member.changeRole', o, { params: { userId: h.user('bea') }, body: { role: 'member' } }) },
  'member.remove': { run: (h, o) => h.call('member.remove', o, { params: { userId: h.user('bea') } }) },
  'member.reactivate': {
    scenario: 'pending-downgrade',
    run: async (h, o) => {
      await h.toPeriodEnd(); // Standard: 3 seats, Marco and Nina deactivated
      await h.ok('member.remove', o, { params: { userId: h.user('bea') } }); // frees a seat
      return h.call('member.reactivate', o, { params: { userId: h.user('marco') } });
    },
  },
  'ownership.transfer': { policy: { ownSelf: true }, run: (h, o) => h.call('ownership.transfer', o, { body: { userId: h.user('adrian') } }) },
  'invites.list': {
    scenario: 'pending-downgrade',
    run: async (h, o) => {
      await newInvite(h, o);
      return h.call('invites.list', o);
    },
  },
  'invite.create': {
    scenario: 'pending-downgrade',
    run: (h, o) => h.call('invite.create', o, { body: { email: 'New.Person@Elsewhere.test', role: 'builder' } }),
  },
  'invite.revoke': {
    scenario: 'pending-downgrade',
    run: async (h, o) => h.call('invite.revoke', o, { params: { inviteId: await newInvite(h, o) } }),
  },
  'invite.accept': {
    scenario: 'pending-downgrade',
    run: async (h, o) => {
      const inviteId = await newInvite(h, o);
      await h.anonymous();
      return h.call('invite.accept', null, { params: { inviteId }, body: { name: 'New Person' } });
    },
  },
  'billingTransfer.start': { run: (h, o) => h.call('billingTransfer.start', o, { body: { toUserId: h.user('adrian') } }) },
  'billingTransfer.accept': {
    run: async (h, o) => h.call('billingTransfer.accept', h.user('adrian'), { params: { transferId: await startTransfer(h, o) } }),
  },
  'billingTransfer.decline': {
    run: async (h, o) => h.call('billingTransfer.decline', h.user('adrian'), { params: { transferId: await startTransfer(h, o) } }),
  },
  'billingTransfer.cancel': {
    run: async (h, o) => h.call('billingTransfer.cancel', o, { params: { transferId: await startTransfer(h, o) } }),
  },
  'plans.list': { run: (h, o) => h.call('plans.list', o) },
  'subscription.get': { run: (h, o) => h.call('subscription.get', o) },
  'plan.preview': { run: (h, o) => h.call('plan.preview', o, { body: { planId: 'pro', interval: 'year' } }) },
  'plan.change': { run: (h, o) => h.call('plan.change', o, { body: { planId: 'pro', interval: 'month' } }) },
  'plan.keepCurrent': { scenario: 'pending-downgrade', run: (h, o) => h.call('plan.keepCurrent', o) },
  'checkout.start': {
    scenario: 'fresh-free',
    run: (h, o) => h.call('checkout.start', o, { body: { purpose: 'subscription', planId: 'lite', interval: 'month' } }),
  },
  'checkout.get': {
    scenario: 'fresh-free',
    run: async (h, o) => {
      const cs = await h.ok<{ id: string }>('checkout.start', o, { body: { purpose: 'subscription', planId: 'standard', interval: 'year' } });
      return h.call('checkout.get', o, { params: { checkoutId: cs.id } });
    },
  },
  'invoices.list': { run: (h, o) => h.call('invoices.list', o, { query: { limit: 2 } }) },
  'invoice.pay': {
    run: async (h, o) => {
      // A declined card at renewal leaves the renewal invoice open (past due); then a working card pays it.
      assert.equal((await h.control('PUT', `/orgs/${h.orgId}/card`, { card: { brand: 'visa', last4: '0002', outcome: 'decline' } })).status, 200);
      await h.toPeriodEnd();
      assert.equal((await h.control('PUT', `/orgs/${h.orgId}/card`, { card: { brand: 'visa', last4: '4242', outcome: 'succeed' } })).status, 200);
      const invoiceId = await firstId(h, o, 'invoices.list', (b: { invoices: { id: string; status: string }[] }) => b.invoices.find((i) => i.status === 'open')?.id);
      return h.call('invoice.pay', o, { params: { invoiceId } });
    },
  },
  'balance.get': { run: (h, o) => h.call('balance.get', o) },
  'credits.get': { run: (h, o) => h.call('credits.get', o) },
  'packages.list': { run: (h, o) => h.call('packages.list', o) },
  'package.purchase': { run: (h, o) => h.call('package.purchase', o, { body: { packageId: 'pkg_1000' } }) },
  'autoRecharge.setPackage': { run: (h, o) => h.call('autoRecharge.setPackage', o, { body: { packageId: 'pkg_5000' } }) },
  'autoRecharge.setEnabled': {
    run: async (h, o) => {
      await h.ok('autoRecharge.setPackage', o, { body: { packageId: 'pkg_1000' } });
      return h.call('autoRecharge.setEnabled', o, { body: { enabled: true } });
    },
  },
  'usage.timeseries': { run: (h, o) => h.call('usage.timeseries', o, { query: { days: 30, unit: 'tokens', groupBy: 'channel' } }) },
  'usage.summary': { run: (h, o) => h.call('usage.summary', o, { query: { days: 30 } }) },
  'usage.breakdown': { run: (h, o) => h.call('usage.breakdown', o, { query: { days: 365 } }) },
  'usage.events': { run: (h, o) => h.call('usage.events', o, { query: { limit: 5 } }) },
  'usage.record': { run: (h, o) => h.call('usage.record', o, { body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 300 } }) },
  'caps.get': { run: (h, o) => h.call('caps.get', o) },
  'caps.setMember': { run: (h, o) => h.call('caps.setMember', o, { params: { userId: h.user('bea') }, body: { cap: 500 } }) },
  'caps.setAgent': {
    run: async (h, o) => {
      const agentId = await firstId(h, o, 'agents.list', (b: { id: string }[]) => b[0]?.id);
      return h.call('caps.setAgent', o, { params: { agentId }, body: { cap: 2_000 } });
    },
  },
  'alerts.configure': { run: (h, o) => h.call('alerts.configure', o, { body: { thresholdPct: 30, recipientIds: [o, h.user('adrian')] } }) },
  'notifications.list': { scenario: 'low-credit', run: (h, o) => h.call('notifications.list', o) },
  'models.list': { run: (h, o) => h.call('models.list', o) },
  'agents.list': { run: (h, o) => h.call('agents.list', o) },
  'agent.create': { scenario: 'pending-downgrade', run: (h, o) => h.call('agent.create', o, { body: { name: 'Onboarding coach' } }) },
  'deployments.list': { run: (h, o) => h.call('deployments.list', o) },
  'deployment.create': {
    run: async (h, o) => {
      const agentId = await firstId(h, o, 'agents.list', (b: { id: string }[]) => b[0]?.id);
      return h.call('deployment.create', o, { body: { agentId, name: 'Slack bot', channel: 'chat', modelId: 'gpt-5-mini', inviteOnly: true } });
    },
  },
  'deployment.setModel': {
    run: async (h, o) => {
      const deploymentId = await firstId(h, o, 'deployments.list', (b: { id: string }[]) => b[0]?.id);
      return h.call('deployment.setModel', o, { params: { deploymentId }, body: { modelId: 'claude-eu' } });
    },
  },
  'knowledge.add': { run: (h, o) => h.call('knowledge.add', o, { body: { name: 'FAQ.md', characters: 10_000, uploadBytes: 20_000 } }) },
  'chats.list': {
    run: async (h, o) => {
      await h.ok('chat.create', h.user('bea'), { body: { title: 'Question', message: 'How do I…?' } });
      return h.call('chats.list', o, { query: { scope: 'all' } });
    },
  },
  'chat.create': { run: (h) => h.call('chat.create', h.user('bea'), { body: { title: 'Hello', message: 'First message' } }) },
} satisfies Record<RouteName, Case>;

describe('every route answers its success status with a body the contract accepts', () => {
  test('the success cases cover exactly the routes of the contract (ROUTE_NAMES)', () => {
    assert.deepEqual(Object.keys(CASES).sort(), [...ROUTE_NAMES].sort());
  });

  for (const name of ROUTE_NAMES) {
    const c: Case = CASES[name];
    const route = ROUTES[name];
    test(`${route.method} ${route.path} (${name}) → ${String('status' in route ? route.status : 200)}`, async () => {
      const h = Harness.create(c.scenario ?? 'standard-team', c.policy ? { policy: c.policy } : {});
      const owner = h.backend.controlState().people[0]?.userId;
      assert.ok(owner);
      const r = await c.run(h, owner);
      assertSuccess(name, r);
      assert.match(r.headers.get('X-Request-Id') ?? '', /^req_/, 'API answers carry a request id');
      if ('idempotency' in route) assert.equal(r.headers.get('Idempotent-Replayed'), null, 'a first answer is not a replay');
    });
  }
});

/** The other shapes a route can answer (discriminated unions, optional parts) are inside the contract too. */
describe('response variants stay inside the contract', () => {
  const card = (h: Harness, c: { brand: string; last4: string; outcome: 'succeed' | 'decline' | 'pending' } | null) =>
    h.control('PUT', `/orgs/${h.orgId}/card`, { card: c });

  test('CHG-4 plan.change scheduled (a downgrade with a keep-list) and the pending change in subscription.get', async () => {
    const h = Harness.create('pending-downgrade');
    const o = h.user('olivia');
    const agents = (await h.ok<{ id: string }[]>('agents.list', o)).map((a) => a.id);
    const r = await h.call('plan.change', o, { body: { planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: agents.slice(0, 1) } } });
    assertSuccess('plan.change', r);
    assert.equal((r.body as { status: string }).status, 'scheduled');
    const sub = await h.call('subscription.get', h.user('bea'));
    assertSuccess('subscription.get', sub);
    assert.equal((sub.body as { paymentMethod: unknown }).paymentMethod, null, 'a builder does not see the card');
  });

  test('CHG-2 plan.change pending_payment and invoice.pay pending with a card that leaves payments pending', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    assert.equal((await card(h, { brand: 'visa', last4: '4242', outcome: 'pending' })).status, 200);
    const r = await h.call('plan.change', o, { body: { planId: 'pro', interval: 'month' } });
    assertSuccess('plan.change', r);
    assert.equal((r.body as { status: string }).status, 'pending_payment');
    const bought = await h.call('package.purchase', o, { body: { packageId: 'pkg_1000' } });
    assertSuccess('package.purchase', bought);
    assert.equal((bought.body as { status: string }).status, 'pending');
    assertSuccess('packages.list', await h.call('packages.list', o));
    assertSuccess('invoices.list', await h.call('invoices.list', o));
  });

  test('PKG-3 package.purchase requires_checkout without a saved card; the checkout is readable', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    assert.equal((await card(h, null)).status, 200);
    const r = await h.call('package.purchase', o, { body: { packageId: 'pkg_5000' } });
    assertSuccess('package.purchase', r);
    const body = r.body as { status: string; checkout: { id: string } };
    assert.equal(body.status, 'requires_checkout');
    assertSuccess('checkout.get', await h.call('checkout.get', o, { params: { checkoutId: body.checkout.id } }));
  });

  test('BR-5 members.list and session carry a pending billing-role transfer', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    await h.ok('billingTransfer.start', o, { body: { toUserId: h.user('bea') } });
    assertSuccess('members.list', await h.call('members.list', o));
    const s = await h.call('session', h.user('bea'));
    assertSuccess('session', s);
    assert.ok((s.body as { memberships: { billingTransfer: unknown }[] }).memberships[0]?.billingTransfer);
  });

  test('INV-4 invites.list with an expired invite; ROLE-6 chats.list with full visibility', async () => {
    const h = Harness.create('pending-downgrade');
    const o = h.user('olivia');
    await h.ok('invite.create', o, { body: { email: 'late@elsewhere.test', role: 'member' } });
    h.backend.advance(80 * 3_600_000);
    assertSuccess('invites.list', await h.call('invites.list', o));
    await h.ok('org.updateSettings', o, { body: { internalChatVisibility: 'full' } });
    await h.ok('chat.create', h.user('marco'), { body: { title: 'Open', message: 'Visible' } });
    assertSuccess('chats.list', await h.call('chats.list', o, { query: { scope: 'all' } }));
  });

  test('CAP-3 caps.get and notifications.list on a team at zero credits', async () => {
    const h = Harness.create('out-of-credit');
    const o = h.user('olivia');
    for (const name of ['caps.get', 'notifications.list', 'balance.get', 'credits.get', 'subscription.get', 'plans.list'] as const) assertSuccess(name, await h.call(name, o));
  });
});
