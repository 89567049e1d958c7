import * as z from 'zod/mini';
import type { Interval, KeepList, PlanId } from '@orgkit/contract';
import { CompleteCheckoutBody, Id, IntervalSchema, PaymentMethodBody, PlanIdSchema, SetPlanBody, SettlePaymentBody } from '@orgkit/contract';
import {
  assertCardCharges,
  assertNoPendingPlanPayment,
  chargeSavedCard,
  describePurpose,
  enforceLimits,
  fulfil,
  grantAllowance,
  line,
  markFailed,
  markPaid,
  openPayment,
  paymentOfRequest,
  payInvoice,
  startTerm,
} from '../billing.js';
import { findPackage, PLANS, planPrice } from '../catalog.js';
import type { Ctx } from '../context.js';
import { authorize, authorizeMember, nextId, ownerOf, requireSystem } from '../context.js';
import { balanceOf, limitsOf, pruneExpiredBlocks } from '../credits.js';
import { defineCommand, OrgOnly, orgScoped } from '../define.js';
import { fail } from '../errors.js';
import { HOUR } from '../clock.js';
import { activeMembers } from '../membership.js';
import type { CheckoutSession, Org, PaymentPurpose, PendingChange } from '../state.js';
import { checkoutView, subscriptionView } from '../views.js';
import { addMonths, iso } from '../time.js';

export type ChangeKind = 'upgrade' | 'downgrade' | 'cancel' | 'interval';

export interface ChangePlan {
  kind: ChangeKind;
  /** Applied now (and charged), or scheduled for the end of the term. */
  timing: 'now' | 'period_end';
  /** CHG-6: monthly → yearly starts a new (yearly) term now. */
  restartTerm: boolean;
}

/**
 * What kind of change moving to (planId, interval) is — or why it is not possible here.
 * PLAN-1: Ultra is contact-sales; Free → paid is a checkout (CHG-3); moving to Free is a cancellation (CHG-5).
 * CHG-2: a bigger paid plan applies at once, prorated; CHG-4: a smaller one at period end;
 * CHG-6: yearly → monthly waits for the end of the prepaid term, monthly → yearly applies at once.
 */
export function classifyChange(org: Org, planId: PlanId, interval: Interval): ChangePlan {
  const sub = org.subscription;
  const from = PLANS[sub.planId];
  const to = PLANS[planId];
  if (!to.selfServe) fail('contact_sales', `${to.name} is a custom plan: contact sales to move to it.`, { param: 'planId' });
  if (from.id === 'free' && to.id !== 'free') {
    fail('checkout_required', `Moving from Free to ${to.name} starts a checkout.`, { param: 'planId', meta: { planId, interval } });
  }
  if (to.id === 'free') {
    if (from.id === 'free') fail('same_plan', 'You are already on the Free plan.', { param: 'planId' });
    return { kind: 'cancel', timing: 'period_end', restartTerm: false };
  }
  if (to.id === from.id && interval === sub.interval) fail('same_plan', `You are already on ${to.name} (${interval}ly).`, { param: 'planId' });
  if (to.rank > from.rank) {
    if (sub.interval === 'year' && interval === 'month') {
      fail('unsupported_change', 'Upgrade on yearly billing first; switching to monthly applies at the end of your prepaid year.', {
        param: 'interval',
      });
    }
    return { kind: 'upgrade', timing: 'now', restartTerm: interval !== sub.interval };
  }
  if (to.rank < from.rank) return { kind: 'downgrade', timing: 'period_end', restartTerm: false };
  return interval === 'year'
    ? { kind: 'interval', timing: 'now', restartTerm: true }
    : { kind: 'interval', timing: 'period_end', restartTerm: false };
}

/** CHG-2 proration in minor units: what is due now, and the next regular invoice. */
export function prorate(org: Org, now: number, planId: PlanId, interval: Interval, restartTerm: boolean) {
  const sub = org.subscription;
  const oldPrice = planPrice(sub.planId, sub.interval) ?? 0;
  const newPrice = planPrice(planId, interval) ?? 0;
  const length = sub.termEnd - sub.termStart;
  const remaining = length > 0 ? Math.max(0, sub.termEnd - now) / length : 0;
  if (restartTerm) {
    const credit = Math.round(oldPrice * remaining);
    return {
      amountDueNow: Math.max(0, newPrice - credit),
      unusedCredit: credit,
      nextInvoice: { date: addMonths(now, interval === 'year' ? 12 : 1), amount: newPrice },
    };
  }
  return {
    amountDueNow: Math.max(0, Math.round((newPrice - oldPrice) * remaining)),
    unusedCredit: 0,
    nextInvoice: { date: sub.termEnd, amount: newPrice },
  };
}

interface KeepCheck {
  members: { active: number; limit: number | null };
  agents: { active: number; limit: number | null };
  required: boolean;
  /** Who would be deactivated when the change applies (with this keep-list). */
  willDeactivate: { memberIds: string[]; agentIds: string[] };
}

/**
 * CHG-4/5, MEM-2: the keep-list for a smaller plan, bounded by its limits; the owner is always kept.
 * Throws when a needed list is missing or exceeds the target plan's limits.
 */
export function checkKeepList(ctx: Ctx, org: Org, planId: PlanId, keep: KeepList | undefined, enforce: boolean): KeepCheck {
  const target = PLANS[planId].limits;
  const seatCap = ctx.policy.seatBilling ? null : target.seats;
  const members = activeMembers(org);
  const agents = Object.values(org.agents).filter((a) => a.state === 'active');
  const overMembers = seatCap !== null && members.length > seatCap;
  const overAgents = target.agents !== null && agents.length > target.agents;
  const result: KeepCheck = {
    members: { active: members.length, limit: seatCap },
    agents: { active: agents.length, limit: target.agents },
    required: overMembers || overAgents,
    willDeactivate: { memberIds: [], agentIds: [] },
  };
  if (!keep) {
    if (result.required && enforce) {
      fail('keep_list_required', `${PLANS[planId].name} allows fewer members or agents than you have: choose whom to keep.`, {
        param: 'keep', meta: { members: result.members, agents: result.agents },
      });
    }
    return result;
  }
  const owner = ownerOf(org).userId;
  const keptMembers = new Set([owner]);
  for (const id of keep.memberIds) {
    if (org.members[id]?.state !== 'active') fail('keep_list_invalid', `${id} is not an active member.`, { param: 'keep.memberIds' });
    keptMembers.add(id);
  }
  const keptAgents = new Set<string>();
  for (const id of keep.agentIds) {
    if (org.agents[id]?.state !== 'active') fail('keep_list_invalid', `${id} is not an active agent.`, { param: 'keep.agentIds' });
    keptAgents.add(id);
  }
  if (seatCap !== null && keptMembers.size > seatCap) {
    fail('keep_list_invalid', `${PLANS[planId].name} has ${String(seatCap)} seat(s); the keep-list (with the owner) has ${String(keptMembers.size)}.`, {
      param: 'keep.memberIds', meta: { resource: 'members', count: keptMembers.size, limit: seatCap },
    });
  }
  if (target.agents !== null && keptAgents.size > target.agents) {
    fail('keep_list_invalid', `${PLANS[planId].name} allows ${String(target.agents)} agent(s); the keep-list has ${String(keptAgents.size)}.`, {
      param: 'keep.agentIds', meta: { resource: 'agents', count: keptAgents.size, limit: target.agents },
    });
  }
  if (overMembers) result.willDeactivate.memberIds = members.filter((m) => !keptMembers.has(m.userId)).map((m) => m.userId);
  if (overAgents) result.willDeactivate.agentIds = agents.filter((a) => !keptAgents.has(a.id)).map((a) => a.id);
  return result;
}

/** The preview behind CHG-2's confirm step and the downgrade dialog (also a query). */
export function previewChange(ctx: Ctx, org: Org, planId: PlanId, interval: Interval, keep?: KeepList) {
  const plan = classifyChange(org, planId, interval);
  const effectiveAt = plan.timing === 'now' ? ctx.now : org.subscription.termEnd;
  const money = plan.timing === 'now'
    ? prorate(org, ctx.now, planId, interval, plan.restartTerm)
    : { amountDueNow: 0, unusedCredit: 0, nextInvoice: { date: effectiveAt, amount: planPrice(planId, interval) ?? 0 } };
  const keepCheck = plan.timing === 'period_end' ? checkKeepList(ctx, org, planId, keep, false) : null;
  return {
    kind: plan.kind,
    timing: plan.timing,
    from: { planId: org.subscription.planId, interval: org.subscription.interval },
    to: { planId, interval },
    effectiveAt: iso(effectiveAt),
    currency: org.currency,
    amountDueNow: money.amountDueNow,
    unusedCredit: money.unusedCredit,
    nextInvoice: { date: iso(money.nextInvoice.date), amount: money.nextInvoice.amount },
    keep: keepCheck,
  };
}

const CheckoutInput = z.discriminatedUnion('purpose', [
  z.strictObject({ orgId: Id, purpose: z.literal('subscription'), planId: PlanIdSchema, interval: IntervalSchema }),
  z.strictObject({ orgId: Id, purpose: z.literal('package'), packageId: Id }),
]);

function checkoutPurpose(ctx: Ctx, org: Org, input: z.output<typeof CheckoutInput>): { purpose: PaymentPurpose; amount: number } {
  if (input.purpose === 'package') {
    if (org.subscription.planId === 'free') fail('upgrade_required', 'Credit packages are available on paid plans. Upgrade first.', { meta: { planId: 'free' } });
    const pkg = findPackage(ctx.policy, input.packageId);
    if (!pkg) fail('not_found', 'No such credit package.', { param: 'packageId', meta: { resource: 'package' } });
    return { purpose: { kind: 'package', packageId: pkg.id, credits: pkg.credits }, amount: pkg.price };
  }
  const to = PLANS[input.planId];
  if (!to.selfServe) fail('contact_sales', `${to.name} is a custom plan: contact sales to move to it.`, { param: 'planId' });
  if (to.id === 'free') fail('validation_failed', 'planId must be a paid plan for a checkout.', { param: 'planId' });
  if (org.subscription.planId !== 'free') {
    fail('unsupported_change', 'You already have a paid plan: change it with a plan change (prorated), not a checkout.', { param: 'planId' });
  }
  return { purpose: { kind: 'subscription', planId: to.id, interval: input.interval }, amount: planPrice(to.id, input.interval) ?? 0 };
}

/** Open a (simulated) checkout session: the mock's stand-in for Stripe's embedded Checkout. */
export function openCheckout(ctx: Ctx, org: Org, purpose: PaymentPurpose, amount: number, createdBy: string) {
  const id = nextId(ctx.state, 'cs');
  const session: CheckoutSession = {
    id, clientSecret: `${id}_secret_${(ctx.state.seq * 2_654_435_761 >>> 0).toString(36)}`, purpose, amount,
    currency: org.currency, status: 'open', paymentId: null, createdBy, createdAt: ctx.now,
    expiresAt: ctx.now + ctx.policy.checkoutTtlHours * HOUR,
  };
  org.checkouts[id] = session;
  return checkoutView(session);
}

function findPayment(ctx: Ctx, paymentId: string) {
  for (const org of Object.values(ctx.state.orgs)) {
    const payment = org.payments[paymentId];
    if (payment) return { org, payment };
  }
  return fail('not_found', 'No such payment.', { param: 'paymentId', meta: { resource: 'payment' } });
}

/** Mutations answer with the subscription as the caller sees it (a plan manager sees billing details). */
const subscriptionResult = (ctx: Ctx, org: Org) => subscriptionView(ctx, org, true);

export const planCommands = {
  /** CHG-1 … CHG-7: change plan or interval — applied now (charged to the saved card) or scheduled. */
  'plan.change': defineCommand({
    input: z.strictObject({
      orgId: Id, planId: PlanIdSchema, interval: IntervalSchema,
      keep: z.optional(z.strictObject({ memberIds: z.array(Id).check(z.maxLength(10_000)), agentIds: z.array(Id).check(z.maxLength(10_000)) })),
    }),
    idempotency: 'required',
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'plans.change');
      // A retry of a change that crashed after collecting: answer from that payment (applied on recovery), never charge again.
      const resumed = paymentOfRequest(ctx, org, (p) => p.purpose.kind === 'upgrade' && p.purpose.planId === input.planId && p.purpose.interval === input.interval);
      if (resumed?.purpose.kind === 'upgrade') {
        return {
          status: resumed.status === 'succeeded' ? ('applied' as const) : ('pending_payment' as const),
          kind: resumed.purpose.change ?? ('upgrade' as const), paymentId: resumed.id, invoiceId: resumed.invoiceId, amountDueNow: resumed.amount,
          subscription: subscriptionResult(ctx, org),
        };
      }
      const plan = classifyChange(org, input.planId, input.interval);
      if (plan.timing === 'now') {
        assertNoPendingPlanPayment(org);
        assertCardCharges(org);
        const money = prorate(org, ctx.now, input.planId, input.interval, plan.restartTerm);
        const purpose: PaymentPurpose = {
          kind: 'upgrade', planId: input.planId, interval: input.interval, restartTerm: plan.restartTerm, change: plan.kind === 'interval' ? 'interval' : 'upgrade',
        };
        const lines = [line(`${describePurpose(purpose)}, prorated`, money.amountDueNow)];
        const payment = chargeSavedCard(ctx, org, purpose, lines);
        return {
          status: payment.status === 'succeeded' ? ('applied' as const) : ('pending_payment' as const),
          kind: plan.kind, paymentId: payment.id, invoiceId: payment.invoiceId, amountDueNow: money.amountDueNow,
          subscription: subscriptionResult(ctx, org),
        };
      }
      const check = checkKeepList(ctx, org, input.planId, input.keep, true);
      const change: PendingChange = {
        kind: plan.kind === 'upgrade' ? 'downgrade' : plan.kind,
        planId: input.planId, interval: input.interval, effectiveAt: org.subscription.termEnd,
        keep: input.keep ? { memberIds: [...input.keep.memberIds], agentIds: [...input.keep.agentIds] } : null,
        requestedBy: me.userId, requestedAt: ctx.now,
      };
      org.subscription.pendingChange = change; // CHG-7: nothing else changes until then
      return { status: 'scheduled' as const, kind: plan.kind, effectiveAt: iso(change.effectiveAt), willDeactivate: check.willDeactivate, subscription: subscriptionResult(ctx, org) };
    },
  }),

  /** CHG-5: "Keep my plan" undoes a pending downgrade, cancellation or interval switch. */
  'plan.keepCurrent': defineCommand({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'plans.change');
      if (!org.subscription.pendingChange) fail('no_pending_change', 'There is no pending plan change to undo.');
      org.subscription.pendingChange = null;
      return subscriptionResult(ctx, org);
    },
  }),

  /** CHG-3 / PKG-3: open a checkout session for a first subscription or a package without a saved card. */
  'checkout.start': defineCommand({
    input: CheckoutInput,
    idempotency: 'required',
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, input.purpose === 'package' ? 'credits.purchase' : 'plans.change');
      const { purpose, amount } = checkoutPurpose(ctx, org, input);
      return openCheckout(ctx, org, purpose, amount, me.userId);
    },
  }),

  /**
   * BILL-4: the simulated checkout's "Pay" — the card is accepted (paid at once), declined (nothing changes),
   * or left pending (settled later by the control API). The card is saved for quick purchases.
   */
  'checkout.complete': defineCommand({
    input: z.extend(CompleteCheckoutBody, { orgId: Id, checkoutId: Id }),
    idempotency: 'required',
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, null, { allowSystem: false });
      const session = org.checkouts[input.checkoutId];
      if (!session) fail('not_found', 'No such checkout session.', { param: 'checkoutId', meta: { resource: 'checkout' } });
      authorizeMember(ctx, input.orgId, session.purpose.kind === 'subscription' ? 'plans.change' : 'credits.purchase');
      // A retry of a Pay that crashed after collecting: answer from that payment (granted on recovery), never charge again.
      const resumed = paymentOfRequest(ctx, org, (p) => p.id === session.paymentId);
      if (resumed) {
        return { status: resumed.status === 'succeeded' ? ('paid' as const) : ('pending' as const), paymentId: resumed.id, invoiceId: resumed.invoiceId, subscription: subscriptionResult(ctx, org), balance: balanceOf(org, ctx.now) };
      }
      if (session.status !== 'open') fail('checkout_not_open', `This checkout is ${session.status}.`, { param: 'checkoutId' });
      if (session.purpose.kind === 'subscription') {
        if (org.subscription.planId !== 'free') fail('unsupported_change', 'The plan has changed since this checkout was opened.', { param: 'checkoutId' });
        assertNoPendingPlanPayment(org);
      }
      const last4 = input.card.last4 ?? (input.card.outcome === 'decline' ? '0002' : '4242');
      if (input.card.outcome === 'decline') {
        fail('card_declined', `Your card ending in ${last4} was declined. Nothing was charged.`, { meta: { last4 } });
      }
      org.paymentMethod = { brand: input.card.brand ?? 'visa', last4, outcome: input.card.outcome };
      const payment = openPayment(ctx, org, session.purpose, [line(describePurpose(session.purpose), session.amount)], 'checkout');
      session.status = 'complete';
      session.paymentId = payment.id;
      if (input.card.outcome === 'succeed') markPaid(ctx, org, payment);
      return {
        status: payment.status === 'succeeded' ? ('paid' as const) : ('pending' as const),
        paymentId: payment.id, invoiceId: payment.invoiceId, subscription: subscriptionResult(ctx, org), balance: balanceOf(org, ctx.now),
      };
    },
  }),

  /** BILL-4: pay an open (past-due) invoice with the saved card. */
  'invoice.pay': defineCommand({
    input: z.strictObject({ orgId: Id, invoiceId: Id }),
    idempotency: 'required',
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'plans.change');
      const invoice = org.invoices.find((i) => i.id === input.invoiceId);
      if (!invoice) fail('not_found', 'No such invoice.', { param: 'invoiceId', meta: { resource: 'invoice' } });
      const resumed = paymentOfRequest(ctx, org, (p) => p.purpose.kind === 'invoice' && p.purpose.invoiceId === invoice.id);
      if (resumed) return { status: resumed.status === 'succeeded' ? ('paid' as const) : ('pending' as const), invoiceId: invoice.id, paymentId: resumed.id };
      if (invoice.status !== 'open') fail('invoice_not_open', `This invoice is ${invoice.status}.`, { param: 'invoiceId' });
      if (Object.values(org.payments).some((p) => p.invoiceId === invoice.id && p.status === 'pending')) {
        fail('payment_pending', 'A payment for this invoice is still being processed.', { param: 'invoiceId' });
      }
      assertCardCharges(org);
      const payment = payInvoice(ctx, org, invoice);
      return { status: payment.status === 'succeeded' ? ('paid' as const) : ('pending' as const), invoiceId: invoice.id, paymentId: payment.id };
    },
  }),

  /** Control API: a pending payment is collected or fails (PKG-4: credits only once collected). Retry-safe. */
  'payment.settle': defineCommand({
    input: z.extend(SettlePaymentBody, { paymentId: Id }),
    run(ctx, input) {
      requireSystem(ctx);
      const { org, payment } = findPayment(ctx, input.paymentId);
      if (payment.status !== 'pending' && payment.status !== input.outcome) {
        fail('payment_not_pending', `This payment has already ${payment.status}.`, { param: 'paymentId' });
      }
      if (input.outcome === 'succeeded') markPaid(ctx, org, payment);
      else markFailed(ctx, org, payment);
      fulfil(ctx, org, payment);
      return { paymentId: payment.id, status: payment.status, balance: balanceOf(org, ctx.now) };
    },
  }),

  /** Support / fixtures: put an organization on a plan without a checkout (e.g. Ultra after a sales deal). */
  'system.setPlan': defineCommand({
    input: orgScoped(SetPlanBody),
    run(ctx, input) {
      requireSystem(ctx);
      const { org } = authorize(ctx, input.orgId, null);
      for (const b of org.blocks) if (b.source === 'allowance' || b.source === 'rollover') b.expiresAt = ctx.now;
      pruneExpiredBlocks(org, ctx.now);
      if (input.customCredits !== undefined) org.subscription.customCredits = input.customCredits;
      startTerm(org.subscription, input.planId, input.interval, ctx.now);
      enforceLimits(ctx, org, null, ctx.now);
      org.cycleSpend = { total: 0, members: {}, agents: {} };
      grantAllowance(ctx, org, ctx.now);
      return { subscription: subscriptionResult(ctx, org), limits: limitsOf(org, ctx.policy) };
    },
  }),

  /** Control API / fixtures: the saved card and how it answers (or none). */
  'system.setCard': defineCommand({
    input: orgScoped(PaymentMethodBody),
    run(ctx, input) {
      requireSystem(ctx);
      const { org } = authorize(ctx, input.orgId, null);
      org.paymentMethod = input.card ? { ...input.card } : null;
      return { card: org.paymentMethod };
    },
  }),
};
