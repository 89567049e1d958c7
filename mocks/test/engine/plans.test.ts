import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { PlanId } from '@orgkit/contract';
import type { Actor, PlanLimits } from '../../engine/index.js';
import { DAY, SYSTEM } from '../../engine/index.js';
import type { World } from './world.js';
import { rejects, world } from './world.js';

// — Helpers (local to this file) —

const T0 = '2026-01-05T09:00:00.000Z';
/** A monthly term started at T0 ends here (31 days later). */
const FEB5 = '2026-02-05T09:00:00.000Z';
/** A yearly term started at T0 ends here (365 days later). */
const JAN5_2027 = '2027-01-05T09:00:00.000Z';

const isoAfter = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();

/** CHG-2: the price difference for the remaining fraction of the term, in minor units. */
const prorated = (difference: number, remainingDays: number, termDays: number) =>
  Math.round((difference * remainingDays) / termDays);

const sub = (w: World, orgId: string) => w.query(SYSTEM, 'subscription.get', { orgId });
const invoices = (w: World, orgId: string) => w.query(SYSTEM, 'invoices.list', { orgId, limit: 100 });
const members = (w: World, orgId: string) => w.query(SYSTEM, 'members.list', { orgId }).members;
const memberState = (w: World, orgId: string, userId: string) => members(w, orgId).find((m) => m.userId === userId)?.state;
const activeIds = (w: World, orgId: string) =>
  members(w, orgId).filter((m) => m.state === 'active').map((m) => m.userId).sort();
const agentState = (w: World, orgId: string, agentId: string) =>
  w.query(SYSTEM, 'agents.list', { orgId }).find((a) => a.id === agentId)?.state;

/** An organization on `planId` with only its owner (and a working saved card). */
function solo(w: World, planId: PlanId, interval: 'month' | 'year' = 'month') {
  const o = w.signUp();
  if (planId !== 'free') w.plan(o.orgId, planId, interval);
  return o;
}

function agents(w: World, orgId: string, by: Actor, n: number): string[] {
  return Array.from({ length: n }, (_, i) => w.agent(orgId, by, `Agent ${String(i + 1)}`));
}

/** Spend `credits` through the one pool (gpt-5-mini: 1 credit per 1,000 words; at most 10,000 credits per event). */
function spend(w: World, orgId: string, credits: number) {
  for (let left = credits; left > 0; left -= 10_000) w.use(orgId, Math.min(left, 10_000) * 1_000);
}

/** A query must not change anything. */
function assertPure(w: World, fn: () => unknown) {
  w.engine.tick();
  const before = structuredClone(w.engine.state);
  fn();
  assert.deepEqual(w.engine.state, before, 'a preview/query must not change the state');
}

const LIMITS: Record<Exclude<PlanId, 'ultra'>, PlanLimits> = {
  free: { credits: 200, seats: 1, agents: 1, deployments: 1, kbPages: 50, uploadMb: 10 },
  lite: { credits: 1_500, seats: 1, agents: 1, deployments: 1, kbPages: 800, uploadMb: 200 },
  standard: { credits: 10_000, seats: 3, agents: 2, deployments: 4, kbPages: 4_000, uploadMb: 1_000 },
  pro: { credits: 30_000, seats: 8, agents: 5, deployments: 8, kbPages: 12_000, uploadMb: 2_500 },
};
const LIMITED = ['free', 'lite', 'standard', 'pro'] as const;

// — PLAN —

describe('PLAN — plans & limits', () => {
  test('PLAN-1 a new organization starts on Free, and the plan cards are Lite, Standard, Pro and Ultra (Free is not a card)', () => {
    const w = world();
    const o = w.signUp();
    const s = sub(w, o.orgId);
    assert.equal(s.planId, 'free');
    assert.equal(s.planName, 'Free');
    assert.equal(s.pendingChange, null);
    const list = w.query(o.owner, 'plans.list', { orgId: o.orgId });
    assert.deepEqual(list.current, { planId: 'free', interval: 'month' });
    assert.deepEqual(list.plans.map((p) => p.id), ['lite', 'standard', 'pro', 'ultra']);
    assert.deepEqual(list.plans.map((p) => p.name), ['Lite', 'Standard', 'Pro', 'Ultra']);
  });

  test('PLAN-1 Ultra is custom (contact sales): never a self-checkout, never a self-serve plan change', () => {
    const w = world();
    const free = w.signUp();
    const ultra = w.query(free.owner, 'plans.list', { orgId: free.orgId }).plans.find((p) => p.id === 'ultra');
    assert.ok(ultra);
    assert.equal(ultra.selfServe, false);
    assert.equal(ultra.price, null);
    rejects(w, () => w.pay(free.owner, 'checkout.start', { orgId: free.orgId, purpose: 'subscription', planId: 'ultra', interval: 'month' }), 'contact_sales');
    const paid = solo(w, 'pro');
    rejects(w, () => w.pay(paid.owner, 'plan.change', { orgId: paid.orgId, planId: 'ultra', interval: 'month' }), 'contact_sales');
    rejects(w, () => w.pay(paid.owner, 'plan.change', { orgId: paid.orgId, planId: 'ultra', interval: 'year' }), 'contact_sales');
    rejects(w, () => w.query(paid.owner, 'plan.preview', { orgId: paid.orgId, planId: 'ultra', interval: 'month' }), 'contact_sales');
    assert.equal(sub(w, paid.orgId).planId, 'pro');
    assert.equal(invoices(w, paid.orgId).total, 0);
  });

  test('PLAN-1 moving to Free is a cancellation (scheduled, nothing charged), never a checkout', () => {
    const w = world();
    const o = solo(w, 'standard');
    const preview = w.query(o.owner, 'plan.preview', { orgId: o.orgId, planId: 'free', interval: 'month' });
    assert.equal(preview.kind, 'cancel');
    assert.equal(preview.timing, 'period_end');
    assert.equal(preview.amountDueNow, 0);
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'free', interval: 'month' });
    assert.equal(r.status, 'scheduled');
    assert.equal(r.kind, 'cancel');
    assert.equal(invoices(w, o.orgId).total, 0);
    const free = w.signUp();
    rejects(w, () => w.pay(free.owner, 'checkout.start', { orgId: free.orgId, purpose: 'subscription', planId: 'free', interval: 'month' }), 'validation_failed');
    rejects(w, () => w.pay(free.owner, 'plan.change', { orgId: free.orgId, planId: 'free', interval: 'month' }), 'same_plan');
  });

  test('PLAN-2 exact list prices: Lite 39/mo or 384/yr, Standard 169 or 1,680, Pro 699 or 6,960 (minor units)', () => {
    const w = world();
    const o = w.signUp();
    const prices = Object.fromEntries(w.query(o.owner, 'plans.list', { orgId: o.orgId }).plans.map((p) => [p.id, p.price]));
    assert.deepEqual(prices, {
      lite: { month: 3_900, year: 38_400, yearlyPerMonth: 3_200 },
      standard: { month: 16_900, year: 168_000, yearlyPerMonth: 14_000 },
      pro: { month: 69_900, year: 696_000, yearlyPerMonth: 58_000 },
      ultra: null,
    });
  });

  for (const currency of ['CHF', 'EUR', 'USD'] as const) {
    test(`PLAN-2 the same number in ${currency}: cards, checkout and invoice`, () => {
      const w = world();
      const o = w.signUp({ currency });
      const list = w.query(o.owner, 'plans.list', { orgId: o.orgId });
      assert.equal(list.currency, currency);
      assert.deepEqual(list.plans.find((p) => p.id === 'standard')?.price, { month: 16_900, year: 168_000, yearlyPerMonth: 14_000 });
      const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'standard', interval: 'year' });
      assert.equal(cs.amount, 168_000);
      assert.equal(cs.currency, currency);
      w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'succeed' } });
      const [inv] = invoices(w, o.orgId).invoices;
      assert.ok(inv);
      assert.equal(inv.amount, 168_000);
      assert.equal(inv.currency, currency);
    });
  }

  test('PLAN-2 the yearly badge says −17 %, and every yearly price saves 17 % (rounded down) on twelve months', () => {
    const w = world();
    const o = w.signUp();
    const list = w.query(o.owner, 'plans.list', { orgId: o.orgId });
    assert.equal(list.yearlyDiscountPct, 17);
    for (const p of list.plans) {
      if (!p.price) continue;
      assert.equal(Math.floor((1 - p.price.year / (12 * p.price.month)) * 100), 17, `${p.id} yearly saving`);
    }
  });

  test('PLAN-3 the plan cards carry every limit of Lite, Standard and Pro; Ultra is unlimited', () => {
    const w = world();
    const o = w.signUp();
    const list = w.query(o.owner, 'plans.list', { orgId: o.orgId });
    const limits = Object.fromEntries(list.plans.map((p) => [p.id, p.limits]));
    assert.deepEqual(limits, {
      lite: LIMITS.lite,
      standard: LIMITS.standard,
      pro: LIMITS.pro,
      ultra: { credits: null, seats: null, agents: null, deployments: null, kbPages: null, uploadMb: null },
    });
  });

  for (const planId of LIMITED) {
    test(`PLAN-3 an organization on ${planId} has exactly its limits and monthly credits`, () => {
      const w = world();
      const o = solo(w, planId);
      const s = sub(w, o.orgId);
      assert.equal(s.planId, planId);
      assert.deepEqual(s.limits, LIMITS[planId]);
      const b = w.query(o.owner, 'balance.get', { orgId: o.orgId });
      assert.equal(b.monthlyAllowance, LIMITS[planId].credits);
      assert.equal(b.balance, LIMITS[planId].credits);
    });
  }

  test('PLAN-3 Ultra: custom credits, unlimited seats, agents, deployments, KB pages and uploads', () => {
    const w = world();
    const o = w.signUp();
    w.engine.run(SYSTEM, 'system.setPlan', { orgId: o.orgId, planId: 'ultra', interval: 'year', customCredits: 250_000 });
    const s = sub(w, o.orgId);
    assert.equal(s.planId, 'ultra');
    assert.deepEqual(s.limits, { credits: 250_000, seats: null, agents: null, deployments: null, kbPages: null, uploadMb: null });
    assert.equal(w.balance(o.orgId), 250_000);
    for (let i = 0; i < 10; i += 1) w.join(o.orgId, o.owner, 'member');
    assert.equal(activeIds(w, o.orgId).length, 11);
  });

  for (const planId of LIMITED) {
    test(`PLAN-3 seats on ${planId}: ${String(LIMITS[planId].seats)} — the next invite is refused with count and limit`, () => {
      const w = world();
      const o = solo(w, planId);
      const limit = LIMITS[planId].seats ?? 0;
      for (let i = 1; i < limit; i += 1) w.join(o.orgId, o.owner, 'member');
      rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'one-more@acme.test', role: 'member' }), 'seat_limit_reached', (e) => {
        assert.equal(e.meta?.['count'], limit);
        assert.equal(e.meta?.['limit'], limit);
      });
      assert.equal(w.query(o.owner, 'members.list', { orgId: o.orgId }).seats.limit, limit);
    });
  }

  test('PLAN-3 one knowledge-base page is 2,000 characters (partial pages count as a page)', () => {
    const w = world();
    const o = solo(w, 'standard');
    const add = (characters: number) => w.run(o.owner, 'knowledge.add', { orgId: o.orgId, name: 'Doc', characters, uploadBytes: 0 });
    assert.deepEqual([add(2_000).pages, add(2_001).pages, add(1).pages, add(20_000).pages], [1, 2, 1, 10]);
    assert.equal(sub(w, o.orgId).meters.kbPages.used, 14);
  });

  test('PLAN-4 the meters show used vs limit with a percentage for credits, KB pages, agents and seats, with plan name and reset date', () => {
    const w = world();
    const o = solo(w, 'standard');
    w.join(o.orgId, o.owner, 'builder');
    w.agent(o.orgId, o.owner);
    w.run(o.owner, 'knowledge.add', { orgId: o.orgId, name: 'Manual', characters: 2_000_000, uploadBytes: 5_500_000 });
    w.use(o.orgId, 2_500_000); // gpt-5-mini: 1 credit / 1,000 words → 2,500 credits
    const s = w.query(o.owner, 'subscription.get', { orgId: o.orgId });
    assert.equal(s.planName, 'Standard');
    assert.equal(s.resetsAt, FEB5);
    assert.deepEqual(s.meters.credits, { used: 2_500, limit: 10_000, percent: 25 });
    assert.deepEqual(s.meters.kbPages, { used: 1_000, limit: 4_000, percent: 25 });
    assert.deepEqual(s.meters.agents, { used: 1, limit: 2, percent: 50 });
    assert.deepEqual(s.meters.seats, { used: 2, limit: 3, percent: 66.7 });
    assert.deepEqual(s.meters.uploadMb, { used: 6, limit: 1_000, percent: 0.6 });
    assert.equal(s.meters.overallPercent, 66.7);
    // After the reset, the credit meter starts again.
    w.advance(31 * DAY);
    const after = sub(w, o.orgId);
    assert.deepEqual(after.meters.credits, { used: 0, limit: 10_000, percent: 0 });
    assert.equal(after.resetsAt, '2026-03-05T09:00:00.000Z');
  });

  test('PLAN-4 unlimited meters show no percentage', () => {
    const w = world();
    const o = w.signUp();
    w.engine.run(SYSTEM, 'system.setPlan', { orgId: o.orgId, planId: 'ultra', interval: 'month', customCredits: 100_000 });
    w.agent(o.orgId, o.owner);
    const m = sub(w, o.orgId).meters;
    assert.deepEqual(m.agents, { used: 1, limit: null, percent: null });
    assert.deepEqual(m.seats, { used: 1, limit: null, percent: null });
  });

  test('PLAN-5 the picker recommends the smallest plan covering current usage (a fresh Free organization → Lite)', () => {
    const w = world();
    const o = w.signUp();
    assert.equal(w.query(o.owner, 'plans.list', { orgId: o.orgId }).recommended, 'lite');
  });

  test('PLAN-5 the recommendation keeps headroom on credits', () => {
    const w = world();
    const o = solo(w, 'pro');
    w.use(o.orgId, 1_200_000); // 1,200 credits: ×1.2 = 1,440 ≤ Lite's 1,500
    assert.equal(w.query(o.owner, 'plans.list', { orgId: o.orgId }).recommended, 'lite');
    w.use(o.orgId, 100_000); // 1,300 credits fit Lite's 1,500, but not with headroom (1,560)
    assert.equal(w.query(o.owner, 'plans.list', { orgId: o.orgId }).recommended, 'standard');
  });

  test('PLAN-5 seats, agents and KB pages in use drive the recommendation; beyond Pro it is Ultra', () => {
    const w = world();
    const team = w.team('pro'); // 4 seats: more than Standard's 3
    assert.equal(w.query(team.owner, 'plans.list', { orgId: team.orgId }).recommended, 'pro');

    const two = solo(w, 'pro');
    agents(w, two.orgId, two.owner, 2); // Lite allows 1 agent
    assert.equal(w.query(two.owner, 'plans.list', { orgId: two.orgId }).recommended, 'standard');

    const kb = solo(w, 'pro');
    w.run(kb.owner, 'knowledge.add', { orgId: kb.orgId, name: 'Docs', characters: 801 * 2_000, uploadBytes: 0 }); // Lite: 800 pages
    assert.equal(w.query(kb.owner, 'plans.list', { orgId: kb.orgId }).recommended, 'standard');

    const big = w.signUp();
    w.engine.run(SYSTEM, 'system.setPlan', { orgId: big.orgId, planId: 'ultra', interval: 'month' });
    agents(w, big.orgId, big.owner, 6); // Pro allows 5
    assert.equal(w.query(big.owner, 'plans.list', { orgId: big.orgId }).recommended, 'ultra');
  });

  for (const planId of LIMITED) {
    const limit = LIMITS[planId].agents ?? 0;
    test(`PLAN-6 agents on ${planId}: the agent after ${String(limit)} is refused with the count and the limit`, () => {
      const w = world();
      const o = solo(w, planId);
      agents(w, o.orgId, o.owner, limit);
      rejects(w, () => w.agent(o.orgId, o.owner, 'One too many'), 'plan_limit_reached', (e) => {
        assert.deepEqual(e.meta, { resource: 'agents', count: limit + 1, limit, planId });
      });
      assert.equal(sub(w, o.orgId).meters.agents.used, limit);
    });
  }

  for (const planId of LIMITED) {
    const limit = LIMITS[planId].deployments ?? 0;
    test(`PLAN-6 deployments on ${planId}: the deployment after ${String(limit)} is refused with the count and the limit`, () => {
      const w = world();
      const o = solo(w, planId);
      const agentId = w.agent(o.orgId, o.owner);
      const deploy = (name: string) =>
        w.run(o.owner, 'deployment.create', { orgId: o.orgId, agentId, name, channel: 'widget', modelId: 'gpt-5-mini' });
      for (let i = 0; i < limit; i += 1) deploy(`Site ${String(i + 1)}`);
      rejects(w, () => deploy('One too many'), 'plan_limit_reached', (e) => {
        assert.deepEqual(e.meta, { resource: 'deployments', count: limit + 1, limit, planId });
      });
      assert.equal(w.query(o.owner, 'deployments.list', { orgId: o.orgId }).length, limit);
    });
  }

  for (const planId of LIMITED) {
    const limit = LIMITS[planId].kbPages ?? 0;
    test(`PLAN-6 knowledge-base pages on ${planId}: ${String(limit)} pages fit, one more character is refused with the count and the limit`, () => {
      const w = world();
      const o = solo(w, planId);
      w.run(o.owner, 'knowledge.add', { orgId: o.orgId, name: 'All of it', characters: limit * 2_000, uploadBytes: 0 });
      rejects(w, () => w.run(o.owner, 'knowledge.add', { orgId: o.orgId, name: 'Extra', characters: 1, uploadBytes: 0 }), 'plan_limit_reached', (e) => {
        assert.deepEqual(e.meta, { resource: 'kbPages', count: limit + 1, limit, planId });
      });
      assert.equal(sub(w, o.orgId).meters.kbPages.used, limit);
    });
  }

  for (const planId of LIMITED) {
    const limit = LIMITS[planId].uploadMb ?? 0;
    test(`PLAN-6 upload size on ${planId}: ${String(limit)} MB fit, one more byte is refused with the count and the limit`, () => {
      const w = world();
      const o = solo(w, planId);
      w.run(o.owner, 'knowledge.add', { orgId: o.orgId, name: 'Uploads', characters: 0, uploadBytes: limit * 1_000_000 });
      rejects(w, () => w.run(o.owner, 'knowledge.add', { orgId: o.orgId, name: 'Extra', characters: 0, uploadBytes: 1 }), 'plan_limit_reached', (e) => {
        assert.deepEqual(e.meta, { resource: 'uploadMb', count: limit + 1, limit, planId });
      });
      assert.equal(sub(w, o.orgId).meters.uploadMb.used, limit);
    });
  }

  test('PLAN-6 Ultra has no agent, deployment, KB or upload limit', () => {
    const w = world();
    const o = w.signUp();
    w.engine.run(SYSTEM, 'system.setPlan', { orgId: o.orgId, planId: 'ultra', interval: 'month' });
    const ids = agents(w, o.orgId, o.owner, 12);
    for (let i = 0; i < 12; i += 1) {
      w.run(o.owner, 'deployment.create', { orgId: o.orgId, agentId: ids[i % ids.length] ?? '', name: `Site ${String(i)}`, channel: 'chat', modelId: 'gpt-5-mini' });
    }
    w.run(o.owner, 'knowledge.add', { orgId: o.orgId, name: 'Huge', characters: 100_000_000, uploadBytes: 50_000_000_000 });
    const m = sub(w, o.orgId).meters;
    assert.equal(m.agents.used, 12);
    assert.equal(m.deployments.used, 12);
    assert.equal(m.kbPages.used, 50_000);
    assert.equal(m.uploadMb.used, 50_000);
  });

  test('PLAN-6 after an upgrade the bigger limit applies at once', () => {
    const w = world();
    const o = solo(w, 'lite');
    w.agent(o.orgId, o.owner);
    rejects(w, () => w.agent(o.orgId, o.owner, 'Second'), 'plan_limit_reached');
    w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month' });
    w.agent(o.orgId, o.owner, 'Second');
    assert.equal(sub(w, o.orgId).meters.agents.used, 2);
  });
});

// — CHG —

describe('CHG — plan changes', () => {
  test('CHG-1 the owner and an admin may preview and change the plan', () => {
    const w = world();
    const o = solo(w, 'lite');
    w.plan(o.orgId, 'standard');
    const admin = w.join(o.orgId, o.owner, 'admin');
    const preview = w.query(admin.actor, 'plan.preview', { orgId: o.orgId, planId: 'pro', interval: 'month' });
    assert.equal(preview.kind, 'upgrade');
    const r = w.pay(admin.actor, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'month' });
    assert.equal(r.status, 'applied');
    assert.equal(sub(w, o.orgId).planId, 'pro');
    // The owner schedules a downgrade, the admin undoes it, the owner cancels, the admin keeps the plan again.
    assert.equal(w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month' }).status, 'scheduled');
    w.run(admin.actor, 'plan.keepCurrent', { orgId: o.orgId });
    assert.equal(sub(w, o.orgId).pendingChange, null);
    assert.equal(w.pay(admin.actor, 'plan.change', { orgId: o.orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } }).status, 'scheduled');
    assert.equal(sub(w, o.orgId).pendingChange?.kind, 'cancel');
    w.run(o.owner, 'plan.keepCurrent', { orgId: o.orgId });
    assert.equal(sub(w, o.orgId).pendingChange, null);
  });

  test('CHG-1 the owner may start a checkout from Free', () => {
    const w = world();
    const o = w.signUp();
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'lite', interval: 'month' });
    assert.equal(cs.status, 'open');
  });

  test('CHG-1 builders and members are refused every plan change, preview, undo and checkout — and nothing changes', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'pro', interval: 'year' }); // something to look at
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'year', keep: { memberIds: [t.admin.userId, t.builder.userId], agentIds: [] } });
    for (const who of [t.builder.actor, t.member.actor]) {
      rejects(w, () => w.pay(who, 'plan.change', { orgId: t.orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } }), 'forbidden');
      rejects(w, () => w.pay(who, 'plan.change', { orgId: t.orgId, planId: 'pro', interval: 'month' }), 'forbidden');
      rejects(w, () => w.run(who, 'plan.keepCurrent', { orgId: t.orgId }), 'forbidden');
      rejects(w, () => w.query(who, 'plan.preview', { orgId: t.orgId, planId: 'standard', interval: 'year' }), 'forbidden');
      rejects(w, () => w.pay(who, 'checkout.start', { orgId: t.orgId, purpose: 'subscription', planId: 'pro', interval: 'month' }), 'forbidden');
    }
    assert.equal(sub(w, t.orgId).pendingChange?.planId, 'standard');
  });

  test('CHG-1 a deactivated member (even a former admin) is blocked from plan changes with org_access_blocked', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [t.builder.userId], agentIds: [] } });
    w.advance(32 * DAY);
    assert.equal(memberState(w, t.orgId, t.admin.userId), 'deactivated');
    assert.equal(memberState(w, t.orgId, t.member.userId), 'deactivated');
    for (const who of [t.admin.actor, t.member.actor]) {
      rejects(w, () => w.pay(who, 'plan.change', { orgId: t.orgId, planId: 'pro', interval: 'month' }), 'org_access_blocked');
      rejects(w, () => w.query(who, 'plan.preview', { orgId: t.orgId, planId: 'pro', interval: 'month' }), 'org_access_blocked');
      rejects(w, () => w.pay(who, 'plan.change', { orgId: t.orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } }), 'org_access_blocked');
    }
    assert.equal(sub(w, t.orgId).planId, 'standard');
  });

  test('CHG-1 POL-BILLING-OWNER-ONLY: an admin is refused, the owner may change the plan', () => {
    const w = world({ policy: { billingOwnerOnly: true } });
    const t = w.team('pro');
    rejects(w, () => w.pay(t.admin.actor, 'plan.change', { orgId: t.orgId, planId: 'pro', interval: 'year' }), 'forbidden');
    rejects(w, () => w.query(t.admin.actor, 'plan.preview', { orgId: t.orgId, planId: 'pro', interval: 'year' }), 'forbidden');
    assert.equal(w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'pro', interval: 'year' }).status, 'applied');
    assert.equal(sub(w, t.orgId).interval, 'year');
  });

  test('CHG-2 an upgrade between paid plans is previewed with the prorated amount and applies on confirm', () => {
    const w = world();
    const o = solo(w, 'standard');
    w.use(o.orgId, 1_000_000); // 1,000 credits used
    w.advance(10 * DAY); // 21 of 31 days left
    const due = prorated(69_900 - 16_900, 21, 31);
    assert.equal(due, 35_903);
    let preview: ReturnType<typeof w.query<'plan.preview'>> | undefined;
    assertPure(w, () => {
      preview = w.query(o.owner, 'plan.preview', { orgId: o.orgId, planId: 'pro', interval: 'month' });
    });
    assert.ok(preview);
    assert.equal(preview.kind, 'upgrade');
    assert.equal(preview.timing, 'now');
    assert.deepEqual(preview.from, { planId: 'standard', interval: 'month' });
    assert.deepEqual(preview.to, { planId: 'pro', interval: 'month' });
    assert.equal(preview.effectiveAt, isoAfter(10));
    assert.equal(preview.currency, 'USD');
    assert.equal(preview.amountDueNow, 35_903);
    assert.deepEqual(preview.nextInvoice, { date: FEB5, amount: 69_900 });
    assert.equal(sub(w, o.orgId).planId, 'standard', 'the preview alone changes nothing');

    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'month' });
    assert.equal(r.status, 'applied');
    assert.equal(r.kind, 'upgrade');
    assert.equal(r.amountDueNow, 35_903);
    const s = sub(w, o.orgId);
    assert.equal(s.planId, 'pro');
    assert.equal(s.interval, 'month');
    assert.equal(s.termEnd, FEB5, 'the term is not restarted');
    assert.deepEqual(s.limits, LIMITS.pro);
    const list = invoices(w, o.orgId);
    assert.equal(list.total, 1);
    assert.equal(list.invoices[0]?.amount, 35_903);
    assert.equal(list.invoices[0]?.status, 'paid');
    const b = w.query(o.owner, 'balance.get', { orgId: o.orgId });
    assert.equal(b.monthlyAllowance, 30_000);
    assert.equal(b.balance, 29_000, '[D] the current allowance is raised by the difference');
    agents(w, o.orgId, o.owner, 3); // beyond Standard's 2: Pro's limits apply now
  });

  test('CHG-2 proration is the price difference times the remaining fraction of the term', () => {
    const cases = [
      { days: 0, expected: 13_000 }, // the whole month left
      { days: 30, expected: 419 }, // 1 of 31 days left: 13,000 / 31
      { days: 15, expected: prorated(13_000, 16, 31) },
    ];
    for (const c of cases) {
      const w = world();
      const o = solo(w, 'standard');
      w.advance(c.days * DAY);
      const preview = w.query(o.owner, 'plan.preview', { orgId: o.orgId, planId: 'pro', interval: 'month' });
      assert.equal(preview.amountDueNow, prorated(69_900 - 16_900, 31 - c.days, 31), `standard → pro after ${String(c.days)} days`);
    }
    for (const c of cases) {
      const w = world();
      const o = solo(w, 'lite');
      w.advance(c.days * DAY);
      const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month' });
      assert.equal(r.amountDueNow, c.expected, `after ${String(c.days)} days`);
      assert.equal(invoices(w, o.orgId).invoices[0]?.amount, c.expected);
    }
  });

  test('CHG-2 a yearly upgrade is prorated over the 365-day term', () => {
    const w = world();
    const o = solo(w, 'standard', 'year');
    w.advance(100 * DAY); // 265 of 365 days left
    const expected = prorated(696_000 - 168_000, 265, 365);
    assert.equal(expected, 383_342);
    const preview = w.query(o.owner, 'plan.preview', { orgId: o.orgId, planId: 'pro', interval: 'year' });
    assert.equal(preview.amountDueNow, 383_342);
    assert.deepEqual(preview.nextInvoice, { date: JAN5_2027, amount: 696_000 });
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'year' });
    assert.equal(r.amountDueNow, 383_342);
    const s = sub(w, o.orgId);
    assert.equal(s.planId, 'pro');
    assert.equal(s.termEnd, JAN5_2027);
  });

  test('CHG-2 a replayed confirm returns the first result and charges once; a key reused for another request is refused', () => {
    const w = world();
    const o = solo(w, 'standard');
    const key = w.key();
    const first = w.run(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'month' }, key);
    const before = structuredClone(w.engine.state);
    const again = w.run(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'month' }, key);
    assert.deepEqual(again, first);
    assert.deepEqual(w.engine.state, before, 'a replay changes nothing');
    assert.equal(invoices(w, o.orgId).total, 1);
    rejects(w, () => w.run(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'year' }, key), 'idempotency_key_reused');
    rejects(w, () => w.run(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'year' }), 'idempotency_key_required');
    assert.equal(sub(w, o.orgId).interval, 'month');
  });

  test('CHG-2 with a card that stays pending, the upgrade applies only when the payment settles', () => {
    const w = world();
    const o = solo(w, 'standard');
    w.plan(o.orgId, 'standard', 'month', 'pending');
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'month' });
    assert.equal(r.status, 'pending_payment');
    assert.equal(sub(w, o.orgId).planId, 'standard');
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'open');
    rejects(w, () => w.run(o.owner, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' }), 'forbidden');
    w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' });
    assert.equal(sub(w, o.orgId).planId, 'pro');
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'paid');
  });

  test('CHG-3 Free → paid is not a plan change but a checkout (checkout_required)', () => {
    const w = world();
    const o = w.signUp();
    rejects(w, () => w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'lite', interval: 'month' }), 'checkout_required', (e) => {
      assert.deepEqual(e.meta, { planId: 'lite', interval: 'month' });
    });
    rejects(w, () => w.query(o.owner, 'plan.preview', { orgId: o.orgId, planId: 'pro', interval: 'year' }), 'checkout_required');
  });

  test('CHG-3 a checkout paid by card applies the plan as soon as the payment completes', () => {
    const w = world();
    const o = w.signUp({ currency: 'CHF' });
    w.advance(3 * DAY);
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'lite', interval: 'month' });
    assert.equal(cs.status, 'open');
    assert.equal(cs.amount, 3_900);
    assert.equal(cs.currency, 'CHF');
    assert.equal(cs.description, 'Lite plan (monthly)');
    assert.equal(cs.paymentId, null);
    assert.ok(cs.clientSecret.length > 0);
    assert.equal(sub(w, o.orgId).planId, 'free', 'opening a checkout changes nothing');
    assert.equal(invoices(w, o.orgId).total, 0);

    const paid = w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'succeed' } });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.subscription.planId, 'lite');
    assert.equal(paid.balance, 1_500);
    const s = sub(w, o.orgId);
    assert.equal(s.planId, 'lite');
    assert.equal(s.interval, 'month');
    assert.equal(s.termStart, isoAfter(3));
    assert.equal(s.termEnd, '2026-02-08T09:00:00.000Z');
    assert.deepEqual(s.paymentMethod, { brand: 'visa', last4: '4242' });
    assert.equal(w.balance(o.orgId), 1_500);
    const [inv] = invoices(w, o.orgId).invoices;
    assert.equal(inv?.amount, 3_900);
    assert.equal(inv?.currency, 'CHF');
    assert.equal(inv?.status, 'paid');
    assert.equal(w.query(o.owner, 'checkout.get', { orgId: o.orgId, checkoutId: cs.id }).status, 'complete');
    // Already on a paid plan: further moves are plan changes, not checkouts.
    rejects(w, () => w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'pro', interval: 'month' }), 'unsupported_change');
  });

  test('CHG-3 a declined card changes nothing; the same checkout can then be paid with another card', () => {
    const w = world();
    const o = w.signUp();
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'standard', interval: 'month' });
    rejects(w, () => w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'decline' } }), 'card_declined');
    assert.equal(sub(w, o.orgId).planId, 'free');
    assert.equal(sub(w, o.orgId).paymentMethod, null);
    assert.equal(w.balance(o.orgId), 200);
    assert.equal(invoices(w, o.orgId).total, 0);
    assert.equal(w.query(o.owner, 'checkout.get', { orgId: o.orgId, checkoutId: cs.id }).status, 'open');
    const r = w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'succeed' } });
    assert.equal(r.status, 'paid');
    assert.equal(sub(w, o.orgId).planId, 'standard');
    assert.equal(w.balance(o.orgId), 10_000);
  });

  test('CHG-3 a pending payment applies the plan only when the system settles it (exactly once)', () => {
    const w = world();
    const o = w.signUp();
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'pro', interval: 'month' });
    const r = w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'pending' } });
    assert.equal(r.status, 'pending');
    assert.equal(r.subscription.planId, 'free');
    assert.equal(sub(w, o.orgId).planId, 'free');
    assert.equal(w.balance(o.orgId), 200);
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'open');
    rejects(w, () => w.run(o.owner, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' }), 'forbidden');

    w.advance(2 * DAY);
    const settled = w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' });
    assert.equal(settled.status, 'succeeded');
    assert.equal(settled.balance, 30_000);
    const s = sub(w, o.orgId);
    assert.equal(s.planId, 'pro');
    assert.equal(s.termStart, isoAfter(2), 'the plan starts when the payment completes');
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'paid');
    // A retried webhook changes nothing.
    const before = structuredClone(w.engine.state);
    w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' });
    assert.deepEqual(w.engine.state, before);
    assert.equal(w.balance(o.orgId), 30_000);
    rejects(w, () => w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'failed' }), 'payment_not_pending');
  });

  test('CHG-3 a pending payment that fails leaves the organization on Free', () => {
    const w = world();
    const o = w.signUp();
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'lite', interval: 'year' });
    const r = w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'pending' } });
    w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'failed' });
    assert.equal(sub(w, o.orgId).planId, 'free');
    assert.equal(w.balance(o.orgId), 200);
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'void');
    rejects(w, () => w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' }), 'payment_not_pending');
  });

  test('CHG-3 a replayed checkout completion returns the first result and makes no second invoice', () => {
    const w = world();
    const o = w.signUp();
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'lite', interval: 'month' });
    const key = w.key();
    const input = { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'succeed' as const } };
    const first = w.run(o.owner, 'checkout.complete', input, key);
    w.use(o.orgId, 100_000);
    const before = structuredClone(w.engine.state);
    assert.deepEqual(w.run(o.owner, 'checkout.complete', input, key), first);
    assert.deepEqual(w.engine.state, before);
    assert.equal(invoices(w, o.orgId).total, 1);
    assert.equal(w.balance(o.orgId), 1_400);
    rejects(w, () => w.pay(o.owner, 'checkout.complete', input), 'checkout_not_open');
  });

  test('CHG-4 a downgrade is scheduled for the period end, and the preview says who would be deactivated', () => {
    const w = world();
    const t = w.team('pro');
    const [a1, a2, a3, a4] = agents(w, t.orgId, t.owner, 4);
    assert.ok(a1 && a2 && a3 && a4);
    w.advance(5 * DAY);
    const keep = { memberIds: [t.member.userId], agentIds: [a3, a4] };
    const preview = w.query(t.owner, 'plan.preview', { orgId: t.orgId, planId: 'standard', interval: 'month', keep });
    assert.equal(preview.kind, 'downgrade');
    assert.equal(preview.timing, 'period_end');
    assert.equal(preview.effectiveAt, FEB5);
    assert.equal(preview.amountDueNow, 0);
    assert.deepEqual(preview.nextInvoice, { date: FEB5, amount: 16_900 });
    assert.ok(preview.keep);
    assert.equal(preview.keep.required, true);
    assert.deepEqual(preview.keep.members, { active: 4, limit: 3 });
    assert.deepEqual(preview.keep.agents, { active: 4, limit: 2 });
    assert.deepEqual([...preview.keep.willDeactivate.memberIds].sort(), [t.admin.userId, t.builder.userId].sort());
    assert.deepEqual([...preview.keep.willDeactivate.agentIds].sort(), [a1, a2].sort());

    const r = w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', keep });
    if (r.status !== 'scheduled') throw new Error(`expected scheduled, got ${r.status}`);
    assert.equal(r.kind, 'downgrade');
    assert.equal(r.effectiveAt, FEB5);
    assert.deepEqual([...r.willDeactivate.memberIds].sort(), [t.admin.userId, t.builder.userId].sort());
    assert.deepEqual([...r.willDeactivate.agentIds].sort(), [a1, a2].sort());
    const s = sub(w, t.orgId);
    assert.equal(s.planId, 'pro');
    assert.deepEqual(s.pendingChange, { kind: 'downgrade', planId: 'standard', interval: 'month', effectiveAt: FEB5, keep });
    assert.equal(invoices(w, t.orgId).total, 0, 'nothing is charged or refunded');
  });

  test('CHG-4 the keep-list is required when over the target limits, and bounded by them (owner counted)', () => {
    const w = world();
    const t = w.team('pro');
    const [a1, a2, a3] = agents(w, t.orgId, t.owner, 3);
    assert.ok(a1 && a2 && a3);
    const change = (keep?: { memberIds: string[]; agentIds: string[] }) => () =>
      w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', ...(keep ? { keep } : {}) });
    rejects(w, change(), 'keep_list_required', (e) => {
      assert.deepEqual(e.meta, { members: { active: 4, limit: 3 }, agents: { active: 3, limit: 2 } });
    });
    rejects(w, change({ memberIds: [t.admin.userId, t.builder.userId, t.member.userId], agentIds: [a1] }), 'keep_list_invalid', (e) => {
      assert.deepEqual(e.meta, { resource: 'members', count: 4, limit: 3 });
    });
    rejects(w, change({ memberIds: [t.admin.userId], agentIds: [a1, a2, a3] }), 'keep_list_invalid', (e) => {
      assert.deepEqual(e.meta, { resource: 'agents', count: 3, limit: 2 });
    });
    rejects(w, change({ memberIds: ['usr_nobody'], agentIds: [a1] }), 'keep_list_invalid');
    rejects(w, change({ memberIds: [], agentIds: ['agt_nothing'] }), 'keep_list_invalid');
    assert.equal(sub(w, t.orgId).pendingChange, null);
    // At the limit exactly: accepted.
    assert.equal(change({ memberIds: [t.admin.userId, t.builder.userId], agentIds: [a1, a2] })().status, 'scheduled');
  });

  test('CHG-4 when the downgrade applies at term end, the owner and the kept stay; the rest are deactivated', () => {
    const w = world();
    const t = w.team('pro');
    const [a1, a2, a3, a4] = agents(w, t.orgId, t.owner, 4);
    assert.ok(a1 && a2 && a3 && a4);
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [t.member.userId], agentIds: [a3, a4] } });

    w.advance(30 * DAY); // one day before the term ends: nothing has happened yet
    assert.equal(sub(w, t.orgId).planId, 'pro');
    assert.equal(activeIds(w, t.orgId).length, 4);
    assert.deepEqual([a1, a2, a3, a4].map((a) => agentState(w, t.orgId, a)), ['active', 'active', 'active', 'active']);

    w.advance(2 * DAY); // past 2026-02-05
    const s = sub(w, t.orgId);
    assert.equal(s.planId, 'standard');
    assert.equal(s.pendingChange, null);
    assert.deepEqual(s.limits, LIMITS.standard);
    assert.deepEqual(activeIds(w, t.orgId), [t.userId, t.member.userId].sort());
    const list = members(w, t.orgId);
    for (const id of [t.admin.userId, t.builder.userId]) {
      const m = list.find((x) => x.userId === id);
      assert.equal(m?.state, 'deactivated');
      assert.equal(m?.deactivatedAt, FEB5);
    }
    assert.deepEqual([a1, a2, a3, a4].map((a) => agentState(w, t.orgId, a)), ['deactivated', 'deactivated', 'active', 'active']);
    assert.equal(w.balance(t.orgId), 10_000);
    const [renewal] = invoices(w, t.orgId).invoices;
    assert.equal(renewal?.amount, 16_900);
    assert.equal(renewal?.createdAt, FEB5);
    rejects(w, () => w.query(t.admin.actor, 'subscription.get', { orgId: t.orgId }), 'org_access_blocked');
  });

  test('CHG-4 the owner is always kept, even when left off the keep-list', () => {
    const w = world();
    const t = w.team('pro');
    const [a1] = agents(w, t.orgId, t.owner, 2);
    assert.ok(a1);
    rejects(w, () => w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [t.admin.userId], agentIds: [a1] } }), 'keep_list_invalid', (e) => {
      assert.deepEqual(e.meta, { resource: 'members', count: 2, limit: 1 });
    });
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: [a1] } });
    w.advance(32 * DAY);
    assert.equal(sub(w, t.orgId).planId, 'lite');
    assert.deepEqual(activeIds(w, t.orgId), [t.userId]);
    assert.equal(agentState(w, t.orgId, a1), 'active');
  });

  test('CHG-4 a downgrade that fits the smaller plan needs no keep-list and deactivates nobody', () => {
    const w = world();
    const o = solo(w, 'pro');
    const agentId = w.agent(o.orgId, o.owner);
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'lite', interval: 'month' });
    if (r.status !== 'scheduled') throw new Error('expected scheduled');
    assert.deepEqual(r.willDeactivate, { memberIds: [], agentIds: [] });
    w.advance(32 * DAY);
    assert.equal(sub(w, o.orgId).planId, 'lite');
    assert.equal(agentState(w, o.orgId, agentId), 'active');
    assert.deepEqual(activeIds(w, o.orgId), [o.userId]);
    assert.equal(invoices(w, o.orgId).invoices[0]?.amount, 3_900);
  });

  test('CHG-5 cancelling schedules a move to Free at period end, with a keep-list bounded by Free limits', () => {
    const w = world();
    const t = w.team('pro');
    const [a1, a2] = agents(w, t.orgId, t.owner, 2);
    assert.ok(a1 && a2);
    const preview = w.query(t.admin.actor, 'plan.preview', { orgId: t.orgId, planId: 'free', interval: 'month' });
    assert.equal(preview.kind, 'cancel');
    assert.equal(preview.effectiveAt, FEB5);
    assert.deepEqual(preview.nextInvoice, { date: FEB5, amount: 0 });
    assert.deepEqual(preview.keep?.members, { active: 4, limit: 1 });
    assert.deepEqual(preview.keep?.agents, { active: 2, limit: 1 });
    const cancel = (keep?: { memberIds: string[]; agentIds: string[] }) => () =>
      w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'free', interval: 'month', ...(keep ? { keep } : {}) });
    rejects(w, cancel(), 'keep_list_required');
    rejects(w, cancel({ memberIds: [t.admin.userId], agentIds: [a2] }), 'keep_list_invalid', (e) => {
      assert.deepEqual(e.meta, { resource: 'members', count: 2, limit: 1 });
    });
    rejects(w, cancel({ memberIds: [], agentIds: [a1, a2] }), 'keep_list_invalid', (e) => {
      assert.deepEqual(e.meta, { resource: 'agents', count: 2, limit: 1 });
    });
    const r = cancel({ memberIds: [], agentIds: [a2] })();
    assert.equal(r.status, 'scheduled');
    assert.equal(r.kind, 'cancel');
    assert.deepEqual(sub(w, t.orgId).pendingChange, {
      kind: 'cancel', planId: 'free', interval: 'month', effectiveAt: FEB5, keep: { memberIds: [], agentIds: [a2] },
    });

    w.advance(32 * DAY);
    const s = sub(w, t.orgId);
    assert.equal(s.planId, 'free');
    assert.deepEqual(s.limits, LIMITS.free);
    assert.deepEqual(activeIds(w, t.orgId), [t.userId]);
    assert.equal(agentState(w, t.orgId, a1), 'deactivated');
    assert.equal(agentState(w, t.orgId, a2), 'active');
    assert.equal(w.balance(t.orgId), 200);
    assert.equal(invoices(w, t.orgId).total, 0, 'Free renews without an invoice');
  });

  test('CHG-5 "Keep my plan" (plan.keepCurrent) undoes a pending cancellation', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    const r = w.run(t.admin.actor, 'plan.keepCurrent', { orgId: t.orgId });
    assert.equal(r.pendingChange, null);
    assert.equal(sub(w, t.orgId).pendingChange, null);
    w.advance(32 * DAY);
    assert.equal(sub(w, t.orgId).planId, 'pro');
    assert.equal(activeIds(w, t.orgId).length, 4);
    assert.equal(w.balance(t.orgId), 30_000);
    assert.equal(invoices(w, t.orgId).invoices[0]?.amount, 69_900);
  });

  test('CHG-5 "Keep my plan" also undoes a pending downgrade; with nothing pending it is refused', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.owner, 'plan.keepCurrent', { orgId: t.orgId }), 'no_pending_change');
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [t.admin.userId], agentIds: [] } });
    w.run(t.owner, 'plan.keepCurrent', { orgId: t.orgId });
    rejects(w, () => w.run(t.owner, 'plan.keepCurrent', { orgId: t.orgId }), 'no_pending_change');
    w.advance(32 * DAY);
    assert.equal(sub(w, t.orgId).planId, 'pro');
    assert.equal(activeIds(w, t.orgId).length, 4);
  });

  test('CHG-6 yearly → monthly is deferred to the end of the prepaid year', () => {
    const w = world();
    const o = solo(w, 'pro', 'year');
    w.advance(40 * DAY);
    const preview = w.query(o.owner, 'plan.preview', { orgId: o.orgId, planId: 'pro', interval: 'month' });
    assert.equal(preview.kind, 'interval');
    assert.equal(preview.timing, 'period_end');
    assert.equal(preview.effectiveAt, JAN5_2027);
    assert.equal(preview.amountDueNow, 0);
    assert.deepEqual(preview.nextInvoice, { date: JAN5_2027, amount: 69_900 });
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'month' });
    assert.equal(r.status, 'scheduled');
    assert.equal(invoices(w, o.orgId).total, 0);

    w.advance(320 * DAY); // 2026-12-31: still the prepaid year
    let s = sub(w, o.orgId);
    assert.equal(s.interval, 'year');
    assert.equal(s.pendingChange?.effectiveAt, JAN5_2027);

    w.advance(6 * DAY); // past 2027-01-05
    s = sub(w, o.orgId);
    assert.equal(s.planId, 'pro');
    assert.equal(s.interval, 'month');
    assert.equal(s.termStart, JAN5_2027);
    assert.equal(s.termEnd, '2027-02-05T09:00:00.000Z');
    const list = invoices(w, o.orgId);
    assert.equal(list.total, 1);
    assert.equal(list.invoices[0]?.amount, 69_900);
    assert.equal(list.invoices[0]?.createdAt, JAN5_2027);
  });

  test('CHG-6 a yearly → monthly downgrade also waits for the end of the year', () => {
    const w = world();
    const o = solo(w, 'pro', 'year');
    w.advance(200 * DAY);
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month' });
    if (r.status !== 'scheduled') throw new Error('expected scheduled');
    assert.equal(r.effectiveAt, JAN5_2027);
    w.advance(160 * DAY);
    assert.deepEqual([sub(w, o.orgId).planId, sub(w, o.orgId).interval], ['pro', 'year']);
    w.advance(10 * DAY);
    assert.deepEqual([sub(w, o.orgId).planId, sub(w, o.orgId).interval], ['standard', 'month']);
  });

  test('CHG-6 monthly → yearly applies immediately, crediting the unused part of the month', () => {
    const w = world();
    const o = solo(w, 'standard');
    w.advance(10 * DAY); // 21 of 31 days unused
    const credit = prorated(16_900, 21, 31);
    assert.equal(credit, 11_448);
    const preview = w.query(o.owner, 'plan.preview', { orgId: o.orgId, planId: 'standard', interval: 'year' });
    assert.equal(preview.kind, 'interval');
    assert.equal(preview.timing, 'now');
    assert.equal(preview.effectiveAt, isoAfter(10));
    assert.equal(preview.unusedCredit, 11_448);
    assert.equal(preview.amountDueNow, 168_000 - 11_448);
    assert.deepEqual(preview.nextInvoice, { date: '2027-01-15T09:00:00.000Z', amount: 168_000 });
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'year' });
    assert.equal(r.status, 'applied');
    assert.equal(r.amountDueNow, 156_552);
    const s = sub(w, o.orgId);
    assert.equal(s.interval, 'year');
    assert.equal(s.termStart, isoAfter(10));
    assert.equal(s.termEnd, '2027-01-15T09:00:00.000Z');
    assert.equal(s.pendingChange, null);
    assert.equal(invoices(w, o.orgId).invoices[0]?.amount, 156_552);
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'paid');
  });

  test('CHG-6 upgrading and moving monthly → yearly together restarts a yearly term now', () => {
    const w = world();
    const o = solo(w, 'lite');
    w.advance(10 * DAY);
    const credit = prorated(3_900, 21, 31);
    assert.equal(credit, 2_642);
    const r = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'year' });
    assert.equal(r.status, 'applied');
    assert.equal(r.amountDueNow, 696_000 - 2_642);
    const s = sub(w, o.orgId);
    assert.deepEqual([s.planId, s.interval, s.termEnd], ['pro', 'year', '2027-01-15T09:00:00.000Z']);
    assert.equal(w.balance(o.orgId), 30_000);
  });

  test('CHG-7 while a downgrade is pending the organization keeps its plan, limits and credits until the date shown; no refund', () => {
    const w = world();
    const o = solo(w, 'pro');
    const [a1, a2, a3] = agents(w, o.orgId, o.owner, 3);
    assert.ok(a1 && a2 && a3);
    w.advance(3 * DAY);
    w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [], agentIds: [a1, a2] } });

    const s = sub(w, o.orgId);
    assert.equal(s.planId, 'pro');
    assert.deepEqual(s.limits, LIMITS.pro);
    assert.equal(s.pendingChange?.kind, 'downgrade');
    assert.equal(s.pendingChange?.effectiveAt, FEB5, 'the banner states the date of the change');
    const b = w.query(o.owner, 'balance.get', { orgId: o.orgId });
    assert.equal(b.balance, 30_000);
    assert.equal(b.monthlyAllowance, 30_000);
    assert.equal(invoices(w, o.orgId).total, 0, 'no refund, no charge');

    // Pro features still work: a fourth agent, and more credits than Standard would allow.
    const a4 = w.agent(o.orgId, o.owner, 'Fourth');
    spend(w, o.orgId, 20_000);
    assert.equal(w.balance(o.orgId), 10_000);

    w.advance(29 * DAY); // past 2026-02-05
    const after = sub(w, o.orgId);
    assert.equal(after.planId, 'standard');
    assert.deepEqual(after.limits, LIMITS.standard);
    assert.equal(after.pendingChange, null);
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(agentState(w, o.orgId, a4), 'deactivated');
    const list = invoices(w, o.orgId);
    assert.equal(list.total, 1);
    assert.equal(list.invoices[0]?.amount, 16_900);
    assert.ok(list.invoices.every((i) => i.amount >= 0 && i.lines.every((l) => l.amount >= 0)), 'no refund line');
  });

  test('CHG-7 while a cancellation is pending, credits and features stay until period end', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    w.advance(20 * DAY);
    assert.equal(sub(w, t.orgId).planId, 'pro');
    assert.equal(activeIds(w, t.orgId).length, 4);
    assert.equal(w.balance(t.orgId), 30_000);
    w.join(t.orgId, t.owner, 'member'); // Pro's 8 seats still apply
    assert.equal(activeIds(w, t.orgId).length, 5);
    assert.equal(invoices(w, t.orgId).total, 0);
  });

  test('CHG-8 at a monthly renewal the plan allowance is granted again for the new cycle', () => {
    const w = world();
    const o = solo(w, 'standard');
    w.use(o.orgId, 4_000_000);
    let b = w.query(o.owner, 'balance.get', { orgId: o.orgId });
    assert.deepEqual([b.balance, b.usedThisCycle, b.resetsAt], [6_000, 4_000, FEB5]);
    w.advance(32 * DAY);
    b = w.query(o.owner, 'balance.get', { orgId: o.orgId });
    assert.deepEqual([b.balance, b.usedThisCycle, b.resetsAt], [10_000, 0, '2026-03-05T09:00:00.000Z'], 'granted again, not stacked');
    const blocks = w.query(o.owner, 'credits.get', { orgId: o.orgId }).blocks;
    assert.deepEqual(blocks.map((x) => [x.source, x.initial, x.remaining, x.createdAt, x.expiresAt]), [
      ['allowance', 10_000, 10_000, FEB5, '2026-03-05T09:00:00.000Z'],
    ]);
    assert.equal(invoices(w, o.orgId).invoices[0]?.amount, 16_900);
  });

  test('CHG-8 on a yearly plan the allowance is granted again every monthly cycle, without an invoice', () => {
    const w = world();
    const o = solo(w, 'pro', 'year');
    spend(w, o.orgId, 25_000);
    assert.equal(w.balance(o.orgId), 5_000);
    w.advance(31 * DAY);
    assert.equal(w.balance(o.orgId), 30_000);
    spend(w, o.orgId, 30_000);
    assert.equal(w.balance(o.orgId), 0);
    w.advance(28 * DAY); // 2026-03-05
    assert.equal(w.balance(o.orgId), 30_000);
    assert.equal(invoices(w, o.orgId).total, 0);
  });

  test('CHG-8 purchased credits survive the renewal; only the allowance is renewed', () => {
    const w = world();
    const o = solo(w, 'standard');
    w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' });
    assert.equal(w.balance(o.orgId), 11_000);
    spend(w, o.orgId, 10_500); // the allowance first, then 500 from the package
    assert.equal(w.balance(o.orgId), 500);
    w.advance(32 * DAY);
    assert.equal(w.balance(o.orgId), 10_500);
  });
});
