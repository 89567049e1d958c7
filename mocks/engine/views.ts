import { invoicePath } from '@orgkit/contract';
import { lowBalanceThreshold, rechargeThreshold, describePurpose } from './billing.js';
import { MB, PLANS, readTier } from './catalog.js';
import type { Ctx } from './context.js';
import { capabilitiesOf } from './context.js';
import { balanceOf, balanceState, limitsOf, monthlyAllowance } from './credits.js';
import { activeCount, isOpenInvite, seatLimit } from './membership.js';
import type { Agent, BillingTransfer, Chat, CheckoutSession, Deployment, EngineState, Invite, Invoice, Membership, Org } from './state.js';
import { iso } from './time.js';

/**
 * The engine's answers, shaped as the contract's entities (ISO dates, minor-unit money). Commands and queries both
 * answer through these, so an entity looks the same whichever route returns it.
 */

const pct = (used: number, limit: number | null) => (limit === null || limit === 0 ? null : Math.round((used / limit) * 1000) / 10);

export function kbUsage(org: Org) {
  return {
    pages: org.knowledge.reduce((s, k) => s + k.pages, 0),
    uploadBytes: org.knowledge.reduce((s, k) => s + k.uploadBytes, 0),
  };
}

export function orgView(org: Org) {
  return { id: org.id, slug: org.slug, name: org.name, currency: org.currency, logoUrl: org.logoUrl, planId: org.subscription.planId };
}

export function settingsView(org: Org) {
  return {
    id: org.id, slug: org.slug, name: org.name, logoUrl: org.logoUrl, notificationEmail: org.notificationEmail,
    features: { ...org.features }, internalChatVisibility: org.internalChatVisibility,
    residency: readTier(org.residency), billingIdentity: org.billingIdentity ? { ...org.billingIdentity } : null,
    currency: org.currency, providerSyncs: org.providerSyncs.length,
  };
}

export function memberView(state: EngineState, org: Org, m: Membership) {
  const u = state.users[m.userId];
  return {
    userId: m.userId, name: u?.name ?? '', email: u?.email ?? '', role: m.role, state: m.state,
    billingHolder: org.billingHolderId === m.userId, joinedAt: iso(m.joinedAt),
    deactivatedAt: m.deactivatedAt === null ? null : iso(m.deactivatedAt), deploymentIds: [...m.deploymentIds],
  };
}

export function seatsView(ctx: Ctx, org: Org, openInviteCount: number) {
  const active = activeCount(org);
  // INV-5 [D]: open invites hold seats; MEM-7: only accepted memberships are billable.
  return { active, pendingInvites: openInviteCount, used: active + openInviteCount, limit: seatLimit(org, ctx.policy), billable: active };
}

export function inviteView(invite: Invite, now: number) {
  const status = invite.status === 'pending' ? (isOpenInvite(invite, now) ? 'pending' : 'expired') : invite.status;
  return {
    id: invite.id, email: invite.email, role: invite.role, deploymentIds: [...invite.deploymentIds], invitedBy: invite.invitedBy,
    createdAt: iso(invite.createdAt), expiresAt: iso(invite.expiresAt), status,
  };
}

export function transferEntity(t: BillingTransfer) {
  return { id: t.id, fromUserId: t.fromUserId, toUserId: t.toUserId, createdAt: iso(t.createdAt) };
}

/** BR-5: the organization's pending billing-role transfer, if any. */
export function transferView(org: Org) {
  return org.billingTransfer ? transferEntity(org.billingTransfer) : null;
}

/** PLAN-4: the meters of the overview card — used vs limit with a percentage. */
export function metersView(ctx: Ctx, org: Org) {
  const limits = limitsOf(org, ctx.policy);
  const kb = kbUsage(org);
  const row = (used: number, limit: number | null) => ({ used, limit, percent: pct(used, limit) });
  const m = {
    credits: row(org.cycleSpend.total, monthlyAllowance(org, ctx.policy)),
    kbPages: row(kb.pages, limits.kbPages),
    agents: row(Object.values(org.agents).filter((a) => a.state === 'active').length, limits.agents),
    seats: row(activeCount(org), seatLimit(org, ctx.policy)),
    deployments: row(Object.keys(org.deployments).length, limits.deployments),
    uploadMb: row(Math.ceil(kb.uploadBytes / MB), limits.uploadMb),
  };
  const percents = [m.credits, m.kbPages, m.agents, m.seats].map((r) => r.percent).filter((p): p is number => p !== null);
  return { ...m, overallPercent: percents.length ? Math.max(...percents) : 0 };
}

/** `withBilling`: the caller may see billing details (BR-2); builders get plan, limits and meters only (USE-2). */
export function subscriptionView(ctx: Ctx, org: Org, withBilling: boolean) {
  const s = org.subscription;
  return {
    planId: s.planId, planName: PLANS[s.planId].name, interval: s.interval,
    termStart: iso(s.termStart), termEnd: iso(s.termEnd), cycleStart: iso(s.cycleStart), resetsAt: iso(s.cycleEnd),
    pendingChange: s.pendingChange
      ? {
          kind: s.pendingChange.kind, planId: s.pendingChange.planId, interval: s.pendingChange.interval,
          effectiveAt: iso(s.pendingChange.effectiveAt),
          keep: s.pendingChange.keep ? { memberIds: [...s.pendingChange.keep.memberIds], agentIds: [...s.pendingChange.keep.agentIds] } : null,
        }
      : null,
    limits: { ...limitsOf(org, ctx.policy) },
    meters: metersView(ctx, org),
    seatBilling: ctx.policy.seatBilling,
    paymentMethod: withBilling && org.paymentMethod ? { brand: org.paymentMethod.brand, last4: org.paymentMethod.last4 } : null,
    pastDue: s.pastDueInvoiceId !== null,
  };
}

/** Whether the caller sees billing details (the system always does). */
export function seesBilling(ctx: Ctx, org: Org, me: Membership | null): boolean {
  return me === null || capabilitiesOf(org, me, ctx.policy).includes('billing.read');
}

export function balanceView(ctx: Ctx, org: Org) {
  const balance = balanceOf(org, ctx.now);
  const state = balanceState(balance);
  return {
    balance, state, offline: state === 'out', // CRD-5: at zero every channel is refused
    monthlyAllowance: monthlyAllowance(org, ctx.policy), usedThisCycle: org.cycleSpend.total,
    resetsAt: iso(org.subscription.cycleEnd), planId: org.subscription.planId,
  };
}

export function autoRechargeView(ctx: Ctx, org: Org) {
  const ar = org.autoRecharge;
  return {
    packageId: ar.packageId, enabled: ar.enabled, failures: ar.failures, paused: ar.paused,
    pending: ar.pendingPaymentId !== null, thresholdCredits: rechargeThreshold(org, ctx),
    thresholdPct: ctx.policy.autoRechargeThresholdPct,
  };
}

export function alertsView(ctx: Ctx, org: Org) {
  return {
    thresholdPct: org.alerts.thresholdPct, thresholdCredits: lowBalanceThreshold(org, ctx),
    recipientIds: org.alerts.recipientIds ? [...org.alerts.recipientIds] : [], defaultRecipients: org.alerts.recipientIds === null,
  };
}

export function invoiceView(org: Org, i: Invoice) {
  return {
    id: i.id, number: i.number, createdAt: iso(i.createdAt), amount: i.amount, currency: i.currency, status: i.status,
    lines: i.lines.map((l) => ({ ...l })), billTo: i.billTo ? { ...i.billTo } : null,
    pdfUrl: invoicePath(org.id, i.id, 'pdf'), viewUrl: invoicePath(org.id, i.id, 'view'), // BILL-1
  };
}

export function checkoutView(s: CheckoutSession) {
  return {
    id: s.id, clientSecret: s.clientSecret, status: s.status, amount: s.amount, currency: s.currency,
    description: describePurpose(s.purpose), expiresAt: iso(s.expiresAt), paymentId: s.paymentId,
  };
}

export function agentView(a: Agent) {
  return { id: a.id, name: a.name, state: a.state, createdBy: a.createdBy, createdAt: iso(a.createdAt) };
}

export function deploymentView(d: Deployment) {
  return {
    id: d.id, agentId: d.agentId, name: d.name, channel: d.channel, modelId: d.modelId, inviteOnly: d.inviteOnly,
    flagged: d.flagged, createdAt: iso(d.createdAt),
  };
}

/** ROLE-6: content only for one's own chats and chats created under `full`. */
export function chatView(c: Chat, viewerId: string | null) {
  const visible = c.memberId === viewerId || c.visibility === 'full';
  return {
    id: c.id, memberId: c.memberId, visibility: c.visibility, createdAt: iso(c.createdAt),
    title: visible ? c.title : null, message: visible ? c.message : null,
  };
}
