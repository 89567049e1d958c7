import { atLeast, atMost, equal, expect, includes, sameSet } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';
import { addMonthsIso, sameInstant } from '../context.js';
import type { PlanId } from '../contract.js';
import { PLAN_IDS } from '../contract.js';

const PRICES = { lite: { month: 3_900, year: 38_400 }, standard: { month: 16_900, year: 168_000 }, pro: { month: 69_900, year: 696_000 } };
const LIMITS = {
  free: { credits: 200, seats: 1, agents: 1, deployments: 1, kbPages: 50, uploadMb: 10 },
  lite: { credits: 1_500, seats: 1, agents: 1, deployments: 1, kbPages: 800, uploadMb: 200 },
  standard: { credits: 10_000, seats: 3, agents: 2, deployments: 4, kbPages: 4_000, uploadMb: 1_000 },
  pro: { credits: 30_000, seats: 8, agents: 5, deployments: 8, kbPages: 12_000, uploadMb: 2_500 },
};
const rank = (id: PlanId) => PLAN_IDS.indexOf(id);

async function agentIds(t: T): Promise<string[]> {
  return (await t.ok('agents.list')).filter((a) => a.state === 'active').map((a) => a.id);
}

export const planChecks: Check[] = [
  check('PLAN-1', 'tiers Free…Ultra: new organizations on Free, Free no card, moving to Free is a cancellation, Ultra contact-sales only', async (t) => {
    await t.reset('fresh-free');
    equal((await t.ok('subscription.get')).planId, 'free', 'plan of a new sign-up');
    const list = await t.ok('plans.list');
    sameSet(list.plans.map((p) => p.id), ['lite', 'standard', 'pro', 'ultra'], 'plan cards');
    for (const p of list.plans) equal(p.selfServe, p.id !== 'ultra', `${p.id}.selfServe`);
    equal(list.plans.find((p) => p.id === 'ultra')?.price, null, 'Ultra has no list price');
    await t.err('checkout.start', 'contact_sales', { body: { purpose: 'subscription', planId: 'ultra', interval: 'month' } });
    await t.reset('standard-team');
    await t.err('plan.preview', 'contact_sales', { body: { planId: 'ultra', interval: 'month' } });
    await t.err('plan.change', 'contact_sales', { body: { planId: 'ultra', interval: 'year' } });
    const [a] = await agentIds(t);
    const r = await t.ok('plan.change', { body: { planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: a ? [a] : [] } } });
    equal([r.status, r.kind], ['scheduled', 'cancel'], 'moving to Free');
  }),

  check('PLAN-2', 'prices are 39/384, 169/1,680, 699/6,960 in the organization\'s currency, the same number in CHF, EUR and USD', async (t) => {
    const seen = new Set<string>();
    for (const scenario of ['fresh-free', 'standard-team', 'multi-org'] as const) {
      await t.reset(scenario);
      const owner = t.who('owner');
      const org = await t.ok('org.get', { as: owner });
      const list = await t.ok('plans.list', { as: owner });
      equal(list.currency, org.currency, `${scenario}: plans.list currency`);
      seen.add(list.currency);
      equal(list.yearlyDiscountPct, 17, 'yearlyDiscountPct');
      for (const [id, price] of Object.entries(PRICES)) {
        const p = list.plans.find((x) => x.id === id)?.price;
        equal([p?.month, p?.year], [price.month, price.year], `${scenario}: ${id} price (minor units, ${list.currency})`);
      }
    }
    equal(seen.size, 3, 'currencies covered');
  }),

  check('PLAN-3', 'plan limits follow the table, and one knowledge-base page is 2,000 characters', async (t) => {
    await t.reset('fresh-free');
    equal((await t.ok('subscription.get')).limits, LIMITS.free, 'Free limits');
    await t.reset('standard-team');
    const list = await t.ok('plans.list');
    for (const [id, limits] of Object.entries(LIMITS)) {
      if (id === 'free') continue;
      equal(list.plans.find((p) => p.id === id)?.limits, limits, `${id} limits`);
    }
    const ultra = list.plans.find((p) => p.id === 'ultra')?.limits;
    equal(ultra, { credits: null, seats: null, agents: null, deployments: null, kbPages: null, uploadMb: null }, 'Ultra limits (custom/unlimited)');
    const k1 = await t.ok('knowledge.add', { body: { name: 'one-page.txt', characters: 2_000, uploadBytes: 1_000 } });
    equal(k1.pages, 1, 'pages of 2,000 characters');
    const k2 = await t.ok('knowledge.add', { body: { name: 'two-pages.txt', characters: 2_001, uploadBytes: 1_000 } });
    equal(k2.pages, 2, 'pages of 2,001 characters');
    equal(k2.totalPages, k1.totalPages + 2, 'totalPages');
  }),

  check('PLAN-4', 'the subscription shows plan name, reset date and meters of used vs limit with a percentage', async (t) => {
    await t.reset('standard-team');
    const s = await t.ok('subscription.get');
    equal(s.planName, 'Standard', 'planName');
    expect(Date.parse(s.resetsAt) > Date.parse(t.state.now), 'resetsAt is in the future');
    const { seats } = await t.members();
    equal(s.meters.seats.used, seats.active, 'seat meter');
    equal(s.meters.agents.used, (await agentIds(t)).length, 'agent meter');
    equal(s.meters.credits.used, (await t.ok('balance.get')).usedThisCycle, 'credit meter = credits used this cycle');
    for (const [name, m] of Object.entries({ credits: s.meters.credits, kbPages: s.meters.kbPages, agents: s.meters.agents, seats: s.meters.seats })) {
      equal(m.limit, s.limits[name as keyof typeof s.limits], `${name} meter limit`);
      expect(m.limit !== null && m.percent !== null, `${name} meter has a percentage`);
      expect(Math.abs(m.percent - (m.used / m.limit) * 100) <= 0.1, `${name} meter percent ${String(m.percent)} ≠ ${String(m.used)}/${String(m.limit)}`);
    }
    await t.ok('knowledge.add', { body: { name: 'more.txt', characters: 20_000, uploadBytes: 1_000 } });
    equal((await t.ok('subscription.get')).meters.kbPages.used, s.meters.kbPages.used + 10, 'KB page meter after adding 10 pages');
  }),

  check('PLAN-5', 'the recommended plan is the smallest whose limits cover current usage', async (t) => {
    await t.reset('fresh-free');
    equal((await t.ok('plans.list')).recommended, 'lite', 'recommendation for a tiny Free organization');
    await t.reset('standard-team');
    const list = await t.ok('plans.list');
    const { meters } = await t.ok('subscription.get');
    const covers = (id: PlanId) => {
      const l = list.plans.find((p) => p.id === id)?.limits;
      const fits = (limit: number | null | undefined, used: number) => limit === null || (limit !== undefined && used <= limit);
      return !!l && fits(l.seats, meters.seats.used) && fits(l.agents, meters.agents.used) && fits(l.deployments, meters.deployments.used) && fits(l.kbPages, meters.kbPages.used);
    };
    expect(covers(list.recommended), `recommended ${list.recommended} does not cover current usage`);
    const smallest = list.plans.map((p) => p.id).filter(covers).sort((a, b) => rank(a) - rank(b))[0];
    expect(smallest, 'some plan covers the usage');
    atLeast(rank(list.recommended), rank(smallest), `rank of recommended ${list.recommended} vs smallest covering ${smallest}`);
  }),

  check('PLAN-6', 'agents, deployments, knowledge pages and uploads beyond the plan\'s limit are refused with count and limit', async (t) => {
    await t.reset('standard-team');
    const a = await t.err('agent.create', 'plan_limit_reached', { body: { name: 'Third agent' } });
    equal([a.meta?.count, a.meta?.limit], [3, 2], 'agent error meta {count, limit}');
    const [agentId] = await agentIds(t);
    const model = await t.model();
    await t.ok('deployment.create', { body: { agentId: agentId ?? '', name: 'Fourth', channel: 'chat', modelId: model.id } });
    const d = await t.err('deployment.create', 'plan_limit_reached', { body: { agentId: agentId ?? '', name: 'Fifth', channel: 'chat', modelId: model.id } });
    equal([d.meta?.count, d.meta?.limit], [5, 4], 'deployment error meta {count, limit}');
    const { meters } = await t.ok('subscription.get');
    const freePages = (meters.kbPages.limit ?? 0) - meters.kbPages.used;
    const k = await t.err('knowledge.add', 'plan_limit_reached', { body: { name: 'huge.txt', characters: (freePages + 1) * 2_000, uploadBytes: 1_000 } });
    equal([k.meta?.count, k.meta?.limit], [(meters.kbPages.limit ?? 0) + 1, meters.kbPages.limit], 'KB error meta {count, limit}');
    await t.ok('knowledge.add', { body: { name: 'fits.txt', characters: freePages * 2_000, uploadBytes: 1_000 } });
    const u = await t.err('knowledge.add', 'plan_limit_reached', { body: { name: 'big.zip', characters: 0, uploadBytes: 5_000_000_000 } });
    equal(u.meta?.limit, meters.uploadMb.limit, 'upload error meta limit');
    expect(typeof u.meta?.count === 'number', 'upload error meta carries the count');
  }),

  check('CHG-1', 'plan changes, checkout, downgrade and cancel are owner/admin', async (t) => {
    await t.reset('standard-team');
    const b = t.who('builder');
    await t.err('plan.preview', 'forbidden', { as: b, body: { planId: 'pro', interval: 'month' } });
    await t.err('plan.change', 'forbidden', { as: b, body: { planId: 'pro', interval: 'month' } });
    await t.err('plan.change', 'forbidden', { as: b, body: { planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } } });
    await t.err('plan.keepCurrent', 'forbidden', { as: b });
    const r = await t.ok('plan.change', { as: t.who('admin'), body: { planId: 'pro', interval: 'month' } });
    equal(r.subscription.planId, 'pro', 'plan after an admin upgrade');
    await t.reset('fresh-free');
    await t.ok('checkout.start', { body: { purpose: 'subscription', planId: 'lite', interval: 'month' } });
  }),

  check('CHG-2', 'an upgrade between paid plans is previewed with a prorated amount and applies at once on confirm', async (t) => {
    await t.reset('standard-team');
    const p = await t.ok('plan.preview', { body: { planId: 'pro', interval: 'month' } });
    equal([p.kind, p.timing], ['upgrade', 'now'], 'preview kind/timing');
    const full = PRICES.pro.month - PRICES.standard.month;
    expect(p.amountDueNow > 0 && p.amountDueNow < full, `a mid-term upgrade is prorated: ${String(p.amountDueNow)} of ${String(full)}`);
    equal(p.nextInvoice.amount, PRICES.pro.month, 'next invoice');
    const invoicesBefore = (await t.ok('invoices.list')).total;
    const r = await t.ok('plan.change', { body: { planId: 'pro', interval: 'month' } });
    equal([r.status, r.subscription.planId], ['applied', 'pro'], 'plan change');
    if (r.status === 'applied') equal(r.amountDueNow, p.amountDueNow, 'amount charged = previewed');
    equal((await t.ok('subscription.get')).planId, 'pro', 'plan after confirming');
    equal((await t.ok('balance.get')).monthlyAllowance, LIMITS.pro.credits, 'monthly allowance after the upgrade');
    equal((await t.ok('invoices.list')).total, invoicesBefore + 1, 'invoices after the upgrade');
  }),

  check('CHG-3', 'Free → paid starts a checkout and applies as soon as the payment completes', async (t) => {
    await t.reset('fresh-free');
    await t.err('plan.change', 'checkout_required', { body: { planId: 'standard', interval: 'month' } });
    const cs = await t.ok('checkout.start', { body: { purpose: 'subscription', planId: 'standard', interval: 'month' } });
    equal([cs.status, cs.amount], ['open', PRICES.standard.month], 'checkout session');
    expect(cs.clientSecret.length > 0, 'checkout has a client secret');
    equal((await t.ok('checkout.get', { params: { checkoutId: cs.id } })).status, 'open', 'checkout.get status');
    equal((await t.ok('subscription.get')).planId, 'free', 'plan while the checkout is open');
    const done = await t.c.controlOk('completeCheckout', { params: { orgId: t.orgId, checkoutId: cs.id }, as: t.who('owner'), body: { card: { outcome: 'succeed' } } });
    equal((done as { status?: string }).status, 'paid', 'checkout completion');
    equal((await t.ok('subscription.get')).planId, 'standard', 'plan after payment');
    equal((await t.ok('checkout.get', { params: { checkoutId: cs.id } })).status, 'complete', 'checkout.get after payment');
    equal((await t.ok('balance.get')).monthlyAllowance, LIMITS.standard.credits, 'allowance after payment');
    await t.reset('fresh-free');
    const slow = await t.ok('checkout.start', { body: { purpose: 'subscription', planId: 'lite', interval: 'month' } });
    const pending = (await t.c.controlOk('completeCheckout', { params: { orgId: t.orgId, checkoutId: slow.id }, as: t.who('owner'), body: { card: { outcome: 'pending' } } })) as { status?: string; paymentId?: string };
    equal(pending.status, 'pending', 'checkout paid with a slow card');
    equal((await t.ok('subscription.get')).planId, 'free', 'plan while the payment is pending');
    await t.c.controlOk('settle', { params: { paymentId: pending.paymentId ?? '' }, body: { outcome: 'succeeded' } });
    equal((await t.ok('subscription.get')).planId, 'lite', 'plan once the payment is collected');
  }),

  check('CHG-4', 'a downgrade applies at period end with a keep-list bounded by the target plan\'s limits', async (t) => {
    await t.reset('pending-downgrade');
    await t.ok('plan.keepCurrent');
    const extra = await t.ok('agent.create', { body: { name: 'Third agent' } });
    const sub = await t.ok('subscription.get');
    const p = await t.ok('plan.preview', { body: { planId: 'standard', interval: 'month' } });
    equal([p.kind, p.timing], ['downgrade', 'period_end'], 'preview kind/timing');
    expect(sameInstant(p.effectiveAt, sub.termEnd), `effectiveAt ${p.effectiveAt} = termEnd ${sub.termEnd}`);
    equal(p.keep?.required, true, 'a keep-list is required');
    equal(p.keep?.members.limit, 3, 'keep-list member limit');
    await t.err('plan.change', 'keep_list_required', { body: { planId: 'standard', interval: 'month' } });
    const people = (await t.members()).members.filter((m) => m.role !== 'owner').map((m) => m.userId);
    const agents = await agentIds(t);
    await t.err('plan.change', 'keep_list_invalid', { body: { planId: 'standard', interval: 'month', keep: { memberIds: people.slice(0, 3), agentIds: agents.slice(0, 2) } } });
    await t.err('plan.change', 'keep_list_invalid', { body: { planId: 'standard', interval: 'month', keep: { memberIds: people.slice(0, 2), agentIds: agents } } });
    const keep = { memberIds: people.slice(0, 2), agentIds: agents.filter((a) => a !== extra.id) };
    const r = await t.ok('plan.change', { body: { planId: 'standard', interval: 'month', keep } });
    expect(r.status === 'scheduled', `status ${r.status}`);
    expect(sameInstant(r.effectiveAt, sub.termEnd), 'scheduled for the term end');
    sameSet(r.willDeactivate.memberIds, people.slice(2), 'willDeactivate.memberIds');
    sameSet(r.willDeactivate.agentIds, [extra.id], 'willDeactivate.agentIds');
    equal(r.subscription.planId, 'pro', 'plan until the period end');
    await t.clock({ to: 'period_end' });
    equal((await t.ok('subscription.get')).planId, 'standard', 'plan after the period end');
    const after = await t.ok('agents.list');
    equal(after.find((a) => a.id === extra.id)?.state, 'deactivated', 'the agent not kept');
    for (const id of keep.agentIds) equal(after.find((a) => a.id === id)?.state, 'active', 'a kept agent');
  }),

  check('CHG-5', 'cancelling schedules Free at period end with a keep-list; "keep my plan" undoes it', async (t) => {
    await t.reset('standard-team');
    const agents = await agentIds(t);
    await t.err('plan.change', 'keep_list_required', { body: { planId: 'free', interval: 'month' } });
    await t.err('plan.change', 'keep_list_invalid', { body: { planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: agents } } });
    const r = await t.ok('plan.change', { body: { planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: agents.slice(0, 1) } } });
    equal([r.status, r.kind], ['scheduled', 'cancel'], 'cancellation');
    const s = await t.ok('subscription.get');
    equal([s.planId, s.pendingChange?.kind, s.pendingChange?.planId], ['standard', 'cancel', 'free'], 'subscription {planId, pendingChange.kind, pendingChange.planId}');
    const kept = await t.ok('plan.keepCurrent', { as: t.who('admin') });
    equal(kept.pendingChange, null, 'pending change after "keep my plan"');
    await t.err('plan.keepCurrent', 'no_pending_change');
    await t.clock({ to: 'period_end' });
    equal((await t.ok('subscription.get')).planId, 'standard', 'plan after the period end');
    await t.reset('pending-downgrade');
    await t.ok('plan.keepCurrent');
    await t.clock({ to: 'period_end' });
    equal((await t.ok('subscription.get')).planId, 'pro', 'a kept plan after the period end');
  }),

  check('CHG-6', 'monthly → yearly applies at once; yearly → monthly waits for the end of the prepaid term', async (t) => {
    await t.reset('standard-team');
    const p = await t.ok('plan.preview', { body: { planId: 'standard', interval: 'year' } });
    equal(p.timing, 'now', 'monthly → yearly timing');
    const r = await t.ok('plan.change', { body: { planId: 'standard', interval: 'year' } });
    equal(r.status, 'applied', 'monthly → yearly');
    const s = await t.ok('subscription.get');
    equal(s.interval, 'year', 'interval after switching to yearly');
    expect(sameInstant(s.termEnd, addMonthsIso(t.state.now, 12)), `a yearly term from now ends ${addMonthsIso(t.state.now, 12)}, got ${s.termEnd}`);
    const back = await t.ok('plan.preview', { body: { planId: 'standard', interval: 'month' } });
    equal(back.timing, 'period_end', 'yearly → monthly timing');
    expect(sameInstant(back.effectiveAt, s.termEnd), 'yearly → monthly takes effect at the end of the prepaid year');
    const r2 = await t.ok('plan.change', { body: { planId: 'standard', interval: 'month' } });
    equal(r2.status, 'scheduled', 'yearly → monthly');
    const s2 = await t.ok('subscription.get');
    equal([s2.interval, s2.pendingChange?.interval], ['year', 'month'], 'interval now and pending');
    await t.clock({ to: 'period_end' });
    equal((await t.ok('subscription.get')).interval, 'month', 'interval after the prepaid year');
  }),

  check('CHG-7', 'while a downgrade is pending the organization keeps its plan, limits and credits until the dated change', async (t) => {
    await t.reset('pending-downgrade');
    const s = await t.ok('subscription.get');
    equal([s.planId, s.pendingChange?.kind, s.pendingChange?.planId], ['pro', 'downgrade', 'standard'], 'subscription while pending');
    expect(sameInstant(s.pendingChange?.effectiveAt, s.termEnd), 'the change is dated at the period end');
    equal(s.limits, LIMITS.pro, 'limits while pending');
    equal((await t.ok('balance.get')).monthlyAllowance, LIMITS.pro.credits, 'allowance while pending');
    equal((await t.members()).seats.limit, LIMITS.pro.seats, 'seat limit while pending');
    await t.ok('agent.create', { body: { name: 'Pro-only third agent' } });
    const invoices = (await t.ok('invoices.list')).total;
    const before = await t.balance();
    await t.ok('plan.keepCurrent');
    const agents = (await agentIds(t)).slice(0, 2);
    const people = (await t.members()).members.filter((m) => m.role !== 'owner').map((m) => m.userId).slice(0, 2);
    await t.ok('plan.change', { body: { planId: 'standard', interval: 'month', keep: { memberIds: people, agentIds: agents } } });
    equal((await t.ok('invoices.list')).total, invoices, 'invoices after scheduling (no refund, no charge)');
    equal(await t.balance(), before, 'balance after scheduling');
    await t.clockTo(new Date(Date.parse(s.termEnd) - 3_600_000).toISOString());
    equal((await t.ok('subscription.get')).planId, 'pro', 'plan an hour before the change');
    await t.clock({ hours: 1 });
    equal((await t.ok('subscription.get')).planId, 'standard', 'plan at the change');
  }),

  check('CHG-8', 'at a renewal the plan allowance is granted again for the new cycle', async (t) => {
    await t.reset('standard-team');
    const b = await t.ok('balance.get');
    const resetsAt = b.resetsAt;
    const credits = await t.ok('credits.get');
    const purchased = credits.blocks.filter((x) => x.source !== 'allowance').reduce((s, x) => s + x.remaining, 0);
    await t.clock({ to: 'period_end' });
    const after = await t.ok('balance.get');
    expect(sameInstant(after.resetsAt, addMonthsIso(resetsAt, 1)), `next reset ${addMonthsIso(resetsAt, 1)}, got ${after.resetsAt}`);
    equal(after.usedThisCycle, 0, 'used this cycle after the renewal');
    const c2 = await t.ok('credits.get');
    const allowance = c2.blocks.filter((x) => x.source === 'allowance');
    equal(allowance.length, 1, 'allowance blocks after the renewal');
    equal([allowance[0]?.initial, allowance[0]?.remaining], [LIMITS.standard.credits, LIMITS.standard.credits], 'new allowance block');
    expect(sameInstant(allowance[0]?.expiresAt, after.resetsAt), 'the new allowance expires at the next reset');
    equal(after.balance, LIMITS.standard.credits + purchased, 'balance = new allowance + unexpired purchases');
    atMost(c2.usedThisCycle, 0, 'credits used this cycle');
    includes(c2.blocks.map((x) => x.source), 'purchase', 'purchased credits survive the renewal');
  }),
];
