import type { Interval, PlanId } from '@orgkit/contract';
import { findPackage, PLANS, planPrice } from './catalog.js';
import type { Ctx } from './context.js';
import { nextId, ownerOf } from './context.js';
import {
  balanceOf,
  grantBlock,
  isExpired,
  limitsOf,
  monthlyAllowance,
  pruneExpiredBlocks,
} from './credits.js';
import { fail } from './errors.js';
import { accrueSeats, activeMembers, deactivateMember } from './membership.js';
import { DAY } from './clock.js';
import type { Invoice, InvoiceLine, Org, Payment, PaymentPurpose, PendingChange, Subscription } from './state.js';
import { addMonths } from './time.js';

// — Terms and cycles —

const termMonths = (interval: Interval) => (interval === 'year' ? 12 : 1);

/** The end of the monthly credit cycle that contains `t`, counted from the term start (no day drift). */
function cycleEndAfter(termStart: number, t: number): number {
  let k = 1;
  while (addMonths(termStart, k) <= t) k += 1;
  return addMonths(termStart, k);
}

/** Start a new term (and credit cycle) at `at`. */
export function startTerm(sub: Subscription, planId: PlanId, interval: Interval, at: number): void {
  sub.planId = planId;
  sub.interval = interval;
  sub.termStart = at;
  sub.termEnd = addMonths(at, termMonths(interval));
  sub.cycleStart = at;
  sub.cycleEnd = addMonths(at, 1);
  sub.pendingChange = null;
}

export function newSubscription(at: number): Subscription {
  const sub: Subscription = {
    planId: 'free', interval: 'month', termStart: at, termEnd: at, cycleStart: at, cycleEnd: at,
    pendingChange: null, customCredits: null, pastDueInvoiceId: null,
  };
  startTerm(sub, 'free', 'month', at);
  return sub;
}

/** CRD-2 / CHG-8: the plan allowance for the current cycle, expiring at the cycle's end. */
export function grantAllowance(ctx: Ctx, org: Org, at: number): void {
  const amount = monthlyAllowance(org, ctx.policy);
  if (amount > 0) grantBlock(ctx, org, { source: 'allowance', amount, expiresAt: org.subscription.cycleEnd, createdAt: at });
}

/** A new cycle starts now: what the old allowance had left is gone, the caps' monthly spend restarts. */
function restartCycleNow(ctx: Ctx, org: Org, planId: PlanId, interval: Interval): void {
  for (const b of org.blocks) if (b.source === 'allowance' || b.source === 'rollover') b.expiresAt = ctx.now;
  pruneExpiredBlocks(org, ctx.now);
  accrueSeats(org, ctx.now);
  startTerm(org.subscription, planId, interval, ctx.now);
  org.cycleSpend = { total: 0, members: {}, agents: {} };
  grantAllowance(ctx, org, ctx.now);
}

// — Invoices and payments —

function invoiceNumber(org: Org): string {
  const prefix = (org.slug.replace(/[^a-z0-9]/g, '').slice(0, 6) || 'org').toUpperCase();
  return `${prefix}-${String(org.invoices.length + 1).padStart(4, '0')}`;
}

export function createInvoice(ctx: Ctx, org: Org, lines: InvoiceLine[], at: number = ctx.now): Invoice {
  const invoice: Invoice = {
    id: nextId(ctx.state, 'in'),
    number: invoiceNumber(org),
    createdAt: at,
    currency: org.currency,
    lines,
    amount: lines.reduce((s, l) => s + l.amount, 0),
    status: 'open',
    paymentId: null,
    billTo: org.billingIdentity ? { ...org.billingIdentity } : null, // BILL-2
  };
  org.invoices.push(invoice);
  return invoice;
}

export const line = (description: string, amount: number, quantity = 1): InvoiceLine => ({
  description,
  quantity,
  unitAmount: quantity === 0 ? 0 : Math.round(amount / quantity),
  amount,
});

export function describePurpose(purpose: PaymentPurpose): string {
  switch (purpose.kind) {
    case 'subscription':
    case 'upgrade':
      return `${PLANS[purpose.planId].name} plan (${purpose.interval === 'year' ? 'yearly' : 'monthly'})`;
    case 'package':
      return `${purpose.credits.toLocaleString('en-US')} credits package`;
    case 'recharge':
      return `Auto-recharge: ${purpose.credits.toLocaleString('en-US')} credits`;
    case 'renewal':
      return 'Renewal';
    case 'invoice':
      return 'Invoice payment';
  }
}

/** An open invoice and a pending payment for it. */
export function openPayment(
  ctx: Ctx,
  org: Org,
  purpose: PaymentPurpose,
  lines: InvoiceLine[],
  via: Payment['via'],
  at: number = ctx.now,
): Payment {
  const invoice = createInvoice(ctx, org, lines, at);
  const payment: Payment = {
    id: nextId(ctx.state, 'pay'),
    invoiceId: invoice.id,
    amount: invoice.amount,
    currency: org.currency,
    status: 'pending',
    purpose,
    via,
    createdAt: at,
    settledAt: null,
    fulfilledAt: null,
    ...(ctx.requestKey === undefined ? {} : { requestKey: ctx.requestKey }),
  };
  invoice.paymentId = payment.id;
  org.payments[payment.id] = payment;
  return payment;
}

/**
 * The payment an earlier attempt of this same request (same actor and idempotency key) already opened, if any.
 * That attempt crashed before it could record its answer; the retry resumes from this payment — whatever it
 * bought was granted by reconcilePayments() — instead of charging again.
 */
export function paymentOfRequest(ctx: Ctx, org: Org, matches: (p: Payment) => boolean): Payment | undefined {
  const key = ctx.requestKey;
  if (key === undefined) return undefined;
  return Object.values(org.payments).find((p) => p.requestKey === key && matches(p));
}

function invoiceOf(org: Org, payment: Payment): Invoice | undefined {
  return org.invoices.find((i) => i.id === payment.invoiceId);
}

/** PKG-4: the money is collected; what it bought is granted (once). */
export function markPaid(ctx: Ctx, org: Org, payment: Payment): void {
  if (payment.status !== 'pending') return;
  payment.status = 'succeeded';
  payment.settledAt = ctx.now;
  const invoice = invoiceOf(org, payment);
  if (invoice) invoice.status = 'paid';
  if (org.subscription.pastDueInvoiceId === payment.invoiceId) org.subscription.pastDueInvoiceId = null;
  ctx.checkpoint?.('payment.collected'); // an injected crash stops here: collected, not yet granted
  fulfil(ctx, org, payment);
}

export function markFailed(ctx: Ctx, org: Org, payment: Payment): void {
  if (payment.status !== 'pending') return;
  payment.status = 'failed';
  payment.settledAt = ctx.now;
  const invoice = invoiceOf(org, payment);
  if (payment.purpose.kind === 'renewal' || payment.purpose.kind === 'invoice') {
    org.subscription.pastDueInvoiceId = payment.invoiceId; // the debt remains: the invoice stays open
  } else if (invoice) {
    invoice.status = 'void';
  }
  if (org.autoRecharge.pendingPaymentId === payment.id) {
    org.autoRecharge.pendingPaymentId = null;
    recordRechargeFailure(ctx, org);
  }
}

/**
 * Grant or apply what a collected payment bought — exactly once per payment (PKG-4), however often it is called:
 * `fulfilledAt` is the guard. Settling also calls this for any succeeded-but-unfulfilled payment, so a crash
 * between collecting and granting is recovered on the next request without a double grant.
 */
export function fulfil(ctx: Ctx, org: Org, payment: Payment): void {
  if (payment.status !== 'succeeded' || payment.fulfilledAt !== null) return;
  const p = payment.purpose;
  switch (p.kind) {
    case 'subscription': // CHG-3: applies as soon as the payment completes
      restartCycleNow(ctx, org, p.planId, p.interval);
      break;
    case 'upgrade': // CHG-2 / CHG-6
      if (p.restartTerm) {
        restartCycleNow(ctx, org, p.planId, p.interval);
      } else {
        const before = monthlyAllowance(org, ctx.policy);
        org.subscription.planId = p.planId;
        org.subscription.pendingChange = null;
        const extra = monthlyAllowance(org, ctx.policy) - before;
        // [D] the current cycle's allowance is raised to the new plan's at once (same expiry).
        const allowance = org.blocks.find((b) => b.source === 'allowance' && !isExpired(b, ctx.now));
        if (allowance && extra > 0) {
          allowance.initial += extra;
          allowance.remaining += extra;
        } else if (extra > 0) {
          grantBlock(ctx, org, { source: 'allowance', amount: extra, expiresAt: org.subscription.cycleEnd });
        }
      }
      break;
    case 'package':
    case 'recharge':
      grantBlock(ctx, org, {
        source: 'purchase',
        amount: p.credits,
        expiresAt: addMonths(ctx.now, ctx.policy.packageExpiryMonths), // CRD-2
        paymentId: payment.id,
      });
      if (p.kind === 'recharge') {
        org.autoRecharge.failures = 0;
        if (org.autoRecharge.pendingPaymentId === payment.id) org.autoRecharge.pendingPaymentId = null;
      }
      break;
    case 'renewal':
    case 'invoice':
      break;
  }
  payment.fulfilledAt = ctx.now;
  afterBalanceChange(ctx, org, { allowRecharge: false });
}

/** Pay an existing open invoice (a past-due renewal) with the saved card; its invoice is not duplicated. */
export function payInvoice(ctx: Ctx, org: Org, invoice: Invoice): Payment {
  const payment: Payment = {
    id: nextId(ctx.state, 'pay'), invoiceId: invoice.id, amount: invoice.amount, currency: invoice.currency,
    status: 'pending', purpose: { kind: 'invoice', invoiceId: invoice.id }, via: 'card', createdAt: ctx.now,
    settledAt: null, fulfilledAt: null,
    ...(ctx.requestKey === undefined ? {} : { requestKey: ctx.requestKey }),
  };
  org.payments[payment.id] = payment;
  invoice.paymentId = payment.id;
  if (org.paymentMethod?.outcome === 'succeed') markPaid(ctx, org, payment);
  return payment;
}

/** One plan payment at a time: a second could otherwise be collected for a plan the first already changed. */
export function assertNoPendingPlanPayment(org: Org): void {
  const pending = Object.values(org.payments).find(
    (p) => p.status === 'pending' && (p.purpose.kind === 'subscription' || p.purpose.kind === 'upgrade'),
  );
  if (pending) {
    fail('payment_pending', 'A payment for a plan change is still being processed. Wait for it to complete.', {
      meta: { paymentId: pending.id },
    });
  }
}

/** BILL-4: the saved card must be able to pay, or nothing happens (a decline changes nothing). */
export function assertCardCharges(org: Org): void {
  const card = org.paymentMethod;
  if (!card) fail('checkout_required', 'There is no saved card; pay through checkout instead.');
  if (card.outcome === 'decline') {
    fail('card_declined', `Your card ending in ${card.last4} was declined. Nothing was charged.`, {
      meta: { last4: card.last4 },
    });
  }
}

/** Charge the saved card (after assertCardCharges): collected at once, or left pending until settled. */
export function chargeSavedCard(ctx: Ctx, org: Org, purpose: PaymentPurpose, lines: InvoiceLine[]): Payment {
  const payment = openPayment(ctx, org, purpose, lines, 'card');
  if (org.paymentMethod?.outcome === 'succeed') markPaid(ctx, org, payment);
  return payment;
}

// — Auto-recharge (AR-*) and the low-balance alert (CAP-3) —

export function rechargeThreshold(org: Org, ctx: Ctx): number {
  return Math.floor((monthlyAllowance(org, ctx.policy) * ctx.policy.autoRechargeThresholdPct) / 100);
}

export function lowBalanceThreshold(org: Org, ctx: Ctx): number {
  return Math.floor((monthlyAllowance(org, ctx.policy) * org.alerts.thresholdPct) / 100);
}

function recordRechargeFailure(ctx: Ctx, org: Org): void {
  const ar = org.autoRecharge;
  ar.failures += 1;
  if (ar.failures >= ctx.policy.autoRechargeMaxFailures && !ar.paused) {
    ar.paused = true; // AR-5 [D]
    notify(ctx, org, 'auto_recharge_paused');
  }
}

function notify(ctx: Ctx, org: Org, kind: 'low_balance' | 'auto_recharge_paused'): void {
  const ids = org.alerts.recipientIds ?? [ownerOf(org).userId];
  const to = ids.map((id) => ctx.state.users[id]?.email).filter((e): e is string => e !== undefined);
  org.notifications.push({ id: nextId(ctx.state, 'ntf'), kind, to, at: ctx.now, balance: balanceOf(org, ctx.now) });
  if (org.notifications.length > 200) org.notifications.splice(0, org.notifications.length - 200);
}

/** AR-1: due when on, not paused, a package chosen, nothing pending, on a paid plan, and under 10 % of the allowance. */
export function autoRechargeDue(ctx: Ctx, org: Org): boolean {
  const ar = org.autoRecharge;
  return (
    ar.enabled && !ar.paused && ar.packageId !== null && ar.pendingPaymentId === null &&
    org.subscription.planId !== 'free' && balanceOf(org, ctx.now) < rechargeThreshold(org, ctx)
  );
}

/** AR-1 / AR-5 / AR-6: buy the selected package with the saved card; a failure counts towards the pause. */
export function attemptAutoRecharge(ctx: Ctx, org: Org): void {
  const ar = org.autoRecharge;
  const pkg = ar.packageId === null ? undefined : findPackage(ctx.policy, ar.packageId);
  if (!pkg) return;
  const purpose: PaymentPurpose = { kind: 'recharge', packageId: pkg.id, credits: pkg.credits };
  const lines = [line(describePurpose(purpose), pkg.price)];
  const card = org.paymentMethod;
  if (!card) {
    recordRechargeFailure(ctx, org);
    return;
  }
  const payment = openPayment(ctx, org, purpose, lines, 'card');
  ar.pendingPaymentId = payment.id;
  if (card.outcome === 'succeed') markPaid(ctx, org, payment);
  else if (card.outcome === 'decline') markFailed(ctx, org, payment); // recorded (void invoice) and counted
}

/** After the balance moved: maybe recharge (only after a debit or expiry), then the CAP-3 alert with re-arming. */
export function afterBalanceChange(ctx: Ctx, org: Org, opts: { allowRecharge: boolean }): void {
  if (opts.allowRecharge && autoRechargeDue(ctx, org)) attemptAutoRecharge(ctx, org);
  const balance = balanceOf(org, ctx.now);
  const threshold = lowBalanceThreshold(org, ctx);
  if (org.alerts.armed && balance < threshold) {
    notify(ctx, org, 'low_balance');
    org.alerts.armed = false;
  } else if (!org.alerts.armed && balance >= threshold) {
    org.alerts.armed = true;
  }
}

// — Renewal and scheduled changes (CHG-4/5/6/7/8, MEM-2) —

/**
 * MEM-2 / CHG-4: when a smaller plan applies, members and agents beyond its limits who are not on the keep-list are
 * deactivated; the owner is always kept. Without a list, the longest-standing are kept [D].
 */
export function enforceLimits(ctx: Ctx, org: Org, keepList: PendingChange['keep'], at: number): void {
  const limits = limitsOf(org, ctx.policy);
  const seatCap = ctx.policy.seatBilling ? null : limits.seats;
  const active = activeMembers(org).sort((a, b) => a.joinedAt - b.joinedAt);
  if (seatCap !== null && active.length > seatCap) {
    const keep = new Set<string>([ownerOf(org).userId]);
    const wanted = keepList ? keepList.memberIds : active.map((m) => m.userId); // [D] no list: longest-standing
    for (const id of wanted) {
      if (keep.size >= seatCap) break;
      if (org.members[id]?.state === 'active') keep.add(id);
    }
    for (const m of active) if (!keep.has(m.userId)) deactivateMember(org, m.userId, at);
  }
  const agentCap = limits.agents;
  const agents = Object.values(org.agents).filter((a) => a.state === 'active').sort((a, b) => a.createdAt - b.createdAt);
  if (agentCap !== null && agents.length > agentCap) {
    const wanted = keepList ? keepList.agentIds : agents.map((a) => a.id);
    const keep = new Set<string>();
    for (const id of wanted) {
      if (keep.size >= agentCap) break;
      if (org.agents[id]?.state === 'active') keep.add(id);
    }
    for (const a of agents) if (!keep.has(a.id)) a.state = 'deactivated';
  }
}

/** The renewal invoice: the new term in advance, and (POL-SEAT-BILLING) the ended term's seats in arrears. */
function renewalInvoice(ctx: Ctx, org: Org, at: number, endedTerm: { start: number; end: number; interval: Interval }): void {
  const sub = org.subscription;
  const price = planPrice(sub.planId, sub.interval) ?? 0;
  const lines: InvoiceLine[] = [];
  if (price > 0) lines.push(line(describePurpose({ kind: 'subscription', planId: sub.planId, interval: sub.interval }), price));
  if (ctx.policy.seatBilling) {
    // POL-SEAT-BILLING: the term that just ended, per accepted member, prorated by the day.
    const seatDays = Math.round(org.seats.seatMs / DAY);
    const termDays = Math.max(1, Math.round((endedTerm.end - endedTerm.start) / DAY));
    const amount = Math.round((ctx.policy.seatPrice[endedTerm.interval] * seatDays) / termDays);
    if (seatDays > 0) lines.push(line(`Seats: ${String(seatDays)} seat-days`, amount, seatDays));
  }
  if (lines.length === 0) return;
  // BILL-4: the saved card answers the renewal as it answers any charge. Declined (or no card): the new term runs
  // on (a grace period [D]), the invoice stays open and the subscription is past due until it is paid.
  const payment = openPayment(ctx, org, { kind: 'renewal' }, lines, 'card', at);
  const card = org.paymentMethod;
  if (card?.outcome === 'succeed') markPaid(ctx, org, payment);
  else if (card?.outcome !== 'pending') {
    payment.status = 'failed';
    payment.settledAt = at;
    sub.pastDueInvoiceId = payment.invoiceId;
  }
}

/**
 * One cycle boundary at time `t` (exactly once: it moves `cycleEnd` past `t`). The old allowance expires or rolls
 * over (POL-ROLLOVER); at a term end any pending change applies and the term renews; a new allowance is granted.
 */
export function runBoundary(ctx: Ctx, org: Org, t: number): void {
  const sub = org.subscription;
  let rollover = 0;
  if (ctx.policy.rollover) {
    const unused = org.blocks
      .filter((b) => b.source === 'allowance' && isExpired(b, t))
      .reduce((s, b) => s + b.remaining, 0);
    rollover = Math.min(unused, PLANS[sub.planId].rolloverCap ?? unused);
  }
  pruneExpiredBlocks(org, t);
  if (t >= sub.termEnd) {
    accrueSeats(org, t);
    const ended = { start: sub.termStart, end: sub.termEnd, interval: sub.interval };
    const change = sub.pendingChange;
    const planId = change && change.effectiveAt <= t ? change.planId : sub.planId;
    const interval = change && change.effectiveAt <= t ? change.interval : sub.interval;
    startTerm(sub, planId, interval, t); // clears pendingChange
    if (change && change.effectiveAt <= t) enforceLimits(ctx, org, change.keep, t);
    renewalInvoice(ctx, org, t, ended);
    org.seats = { since: t, seatMs: 0 };
  } else {
    sub.cycleStart = t;
    sub.cycleEnd = cycleEndAfter(sub.termStart, t);
  }
  if (rollover > 0) grantBlock(ctx, org, { source: 'rollover', amount: rollover, expiresAt: sub.cycleEnd, createdAt: t });
  grantAllowance(ctx, org, t);
  org.cycleSpend = { total: 0, members: {}, agents: {} };
}

/**
 * PKG-4 crash recovery: every payment that was collected but whose grant never happened (the request crashed in
 * between) is granted now — once: fulfil() is guarded by `fulfilledAt`, so running this again grants nothing.
 * Runs before every command and query (Engine.tick), so the next request of any kind recovers. Returns the ids of
 * the payments it recovered; each is marked with `recoveredAt`.
 */
export function reconcilePayments(ctx: Ctx, org: Org): string[] {
  const recovered: string[] = [];
  for (const p of Object.values(org.payments)) {
    if (p.status !== 'succeeded' || p.fulfilledAt !== null) continue;
    fulfil(ctx, org, p);
    p.recoveredAt = ctx.now;
    recovered.push(p.id);
  }
  return recovered;
}

/** Everything that falls due for one organization up to `now`, in time order. */
export function settleOrg(ctx: Ctx, org: Org): void {
  let expired = false;
  while (org.subscription.cycleEnd <= ctx.now) {
    runBoundary(ctx, org, org.subscription.cycleEnd);
    expired = true;
  }
  if (org.blocks.some((b) => isExpired(b, ctx.now))) {
    pruneExpiredBlocks(org, ctx.now);
    expired = true;
  }
  for (const s of Object.values(org.checkouts)) if (s.status === 'open' && s.expiresAt <= ctx.now) s.status = 'expired';
  reconcilePayments(ctx, org);
  if (expired) afterBalanceChange(ctx, org, { allowRecharge: true });
}
