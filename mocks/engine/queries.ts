import * as z from 'zod/mini';
import type { PlanId } from '@orgkit/contract';
import { EventsQuery, Id, IntervalSchema, KeepList, PlanIdSchema, ResidencyTierSchema, UsageQuery } from '@orgkit/contract';
import { describePurpose } from './billing.js';
import { MB, modelAllowed, packages, PAID_PLAN_IDS, PLANS, readTier, yearlyDiscountPct } from './catalog.js';
import {
  agentView, alertsView, autoRechargeView, balanceView, chatView, checkoutView, deploymentView, inviteView, invoiceView, kbUsage,
  memberView, orgView, seatsView, seesBilling, settingsView, subscriptionView, transferView,
} from './views.js';
import type { Ctx } from './context.js';
import { authorize, capabilitiesOf, userIdOf } from './context.js';
import { balanceOf, debitOrder, isLive } from './credits.js';
import { defineQuery, Empty, OrgOnly } from './define.js';
import { fail } from './errors.js';
import { activeCount, openInvites, orgsOfUser } from './membership.js';
import { previewChange } from './commands/plans.js';
import type { Org } from './state.js';
import { iso } from './time.js';
import { breakdown, recentEvents, summary, timeseries } from './usage.js';

/** USE-5: a period outside 1–365 days is rejected. */
function period(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    fail('invalid_period', 'The period must be between 1 and 365 days.', { param: 'days', meta: { min: 1, max: 365 } });
  }
  return days;
}

/**
 * PLAN-5 [D]: the smallest self-serve paid plan whose limits cover the last 30 days' usage with 20 % headroom on
 * credits, and current members, agents, deployments, KB pages and uploads; Ultra when none does.
 */
export function recommendPlan(ctx: Ctx, org: Org): PlanId {
  const used = summary(org, ctx.now, 30).totalCredits * 1.2;
  const kb = kbUsage(org);
  const need = {
    seats: activeCount(org), agents: Object.values(org.agents).filter((a) => a.state === 'active').length,
    deployments: Object.keys(org.deployments).length, kbPages: kb.pages, uploadMb: Math.ceil(kb.uploadBytes / MB),
  };
  const fits = (limit: number | null, n: number) => limit === null || n <= limit;
  for (const id of PAID_PLAN_IDS) {
    const p = PLANS[id];
    if (!p.selfServe) continue;
    const l = p.limits;
    if (fits(l.credits, used) && (ctx.policy.seatBilling || fits(l.seats, need.seats)) && fits(l.agents, need.agents) &&
      fits(l.deployments, need.deployments) && fits(l.kbPages, need.kbPages) && fits(l.uploadMb, need.uploadMb)) return id;
  }
  return 'ultra';
}

const UsageInput = z.extend(UsageQuery, { orgId: Id });
const DaysInput = z.strictObject({ orgId: Id, days: z.int() });

export const QUERIES = {
  /** ROLE-8 / ORG-9: the caller, their organizations, and per organization the capabilities elements use. */
  session: defineQuery({
    input: Empty,
    run(ctx) {
      const userId = userIdOf(ctx);
      const user = ctx.state.users[userId];
      if (!user) return fail('unauthenticated', 'Sign in to continue.');
      return {
        now: iso(ctx.now),
        user: { id: user.id, email: user.email, name: user.name },
        memberships: orgsOfUser(ctx.state, userId).map((org) => {
          const m = org.members[userId];
          if (!m) throw new Error('unreachable');
          const t = org.billingTransfer;
          return {
            orgId: org.id, slug: org.slug, name: org.name, planId: org.subscription.planId, currency: org.currency,
            role: m.role, state: m.state, billingHolder: org.billingHolderId === userId,
            capabilities: capabilitiesOf(org, m, ctx.policy),
            billingTransfer: t && (t.toUserId === userId || t.fromUserId === userId) ? transferView(org) : null,
          };
        }),
      };
    },
  }),

  'org.get': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'org.read');
      return orgView(org);
    },
  }),

  /** ORG-2/3/5/6/7, RES-2: the General page. */
  'settings.get': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'settings.read');
      return settingsView(org);
    },
  }),

  /** ROLE-4, MEM-*, MEM-7, BR-*: the member table and the seat meter. */
  'members.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'members.read');
      const members = Object.values(org.members)
        .sort((a, b) => a.joinedAt - b.joinedAt || a.userId.localeCompare(b.userId))
        .map((m) => memberView(ctx.state, org, m));
      return {
        members,
        seats: seatsView(ctx, org, openInvites(ctx.state, org.id, ctx.now).length),
        billingTransfer: transferView(org),
      };
    },
  }),

  /** INV-7: pending invites (with their expiry; expired ones shown as such until cleaned up). */
  'invites.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'members.invite');
      return Object.values(ctx.state.invites)
        .filter((i) => i.orgId === org.id && i.status === 'pending')
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((i) => inviteView(i, ctx.now));
    },
  }),

  /** PLAN-1/2/3/5: the plan cards (Free never a card), prices in the organization's currency, limits, recommendation. */
  'plans.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'billing.summary');
      return {
        currency: org.currency,
        current: { planId: org.subscription.planId, interval: org.subscription.interval },
        yearlyDiscountPct: yearlyDiscountPct(),
        recommended: recommendPlan(ctx, org),
        plans: PAID_PLAN_IDS.map((id) => {
          const p = PLANS[id];
          return {
            id, name: p.name, selfServe: p.selfServe, limits: p.limits,
            price: p.price ? { month: p.price.month, year: p.price.year, yearlyPerMonth: Math.round(p.price.year / 12) } : null,
          };
        }),
      };
    },
  }),

  /** CHG-2/4/5/6: what a change would cost and do, before confirming. */
  'plan.preview': defineQuery({
    input: z.strictObject({ orgId: Id, planId: PlanIdSchema, interval: IntervalSchema, keep: z.optional(KeepList) }),
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'plans.change');
      return previewChange(ctx, org, input.planId, input.interval, input.keep);
    },
  }),

  /** PLAN-4, CHG-7: plan, reset date, meters and any pending change. */
  'subscription.get': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org, me } = authorize(ctx, input.orgId, 'billing.summary');
      return subscriptionView(ctx, org, seesBilling(ctx, org, me));
    },
  }),

  /** CRD-1/5/7, USE-2: the balance hero (builders see this much). */
  'balance.get': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'billing.summary');
      return balanceView(ctx, org);
    },
  }),

  /** CRD-2/4, USE-4: the breakdown by block in debit order, and the month's totals by member. */
  'credits.get': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'billing.read');
      const live = debitOrder(org.blocks.filter((b) => isLive(b, ctx.now)), ctx.policy);
      return {
        balance: balanceOf(org, ctx.now),
        blocks: live.map((b) => ({
          id: b.id, source: b.source, initial: b.initial, remaining: b.remaining, createdAt: iso(b.createdAt),
          expiresAt: b.expiresAt === null ? null : iso(b.expiresAt), note: b.note,
        })),
        usedThisCycle: org.cycleSpend.total,
        byMember: Object.entries(org.cycleSpend.members)
          .map(([userId, credits]) => ({ userId, credits }))
          .sort((a, b) => b.credits - a.credits),
      };
    },
  }),

  /** PKG-1/2, CRD-8, AR-*: packages with prices in the org's currency, and the auto-recharge state. */
  'packages.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'billing.read');
      return {
        available: org.subscription.planId !== 'free',
        currency: org.currency,
        creditsPerCurrencyUnit: ctx.policy.creditsPerCurrencyUnit,
        packages: packages(ctx.policy),
        hasSavedCard: org.paymentMethod !== null,
        autoRecharge: autoRechargeView(ctx, org),
      };
    },
  }),

  /** BILL-1/2/3: invoices, newest first, paged. */
  'invoices.list': defineQuery({
    input: z.extend(EventsQuery, { orgId: Id }),
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'invoices.read');
      const limit = input.limit ?? 20;
      const start = input.cursor === undefined ? 0 : Number.parseInt(input.cursor, 36);
      if (!Number.isInteger(start) || start < 0) fail('validation_failed', 'cursor is invalid', { param: 'cursor' });
      const newestFirst = [...org.invoices].reverse();
      const page = newestFirst.slice(start, start + limit);
      return {
        invoices: page.map((i) => invoiceView(org, i)),
        nextCursor: start + limit < newestFirst.length ? (start + limit).toString(36) : null,
        total: newestFirst.length,
      };
    },
  }),

  /** BILL-1: one invoice (its PDF and view pages render from this). */
  'invoice.get': defineQuery({
    input: z.strictObject({ orgId: Id, invoiceId: Id }),
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'invoices.read');
      const invoice = org.invoices.find((i) => i.id === input.invoiceId);
      if (!invoice) fail('not_found', 'No such invoice.', { param: 'invoiceId', meta: { resource: 'invoice' } });
      return invoiceView(org, invoice);
    },
  }),

  /** Payments, newest first — for the control panel (settle or decline what is pending). */
  'payments.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'invoices.read');
      return Object.values(org.payments)
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((p) => ({
          id: p.id, invoiceId: p.invoiceId, amount: p.amount, currency: p.currency, status: p.status, via: p.via,
          description: describePurpose(p.purpose), createdAt: iso(p.createdAt), settledAt: p.settledAt === null ? null : iso(p.settledAt),
        }));
    },
  }),

  /** USE-1/3/5: the timeseries. */
  'usage.timeseries': defineQuery({
    input: UsageInput,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'usage.read');
      return timeseries(org, ctx.now, period(input.days), input.unit ?? 'credits', input.groupBy ?? 'none');
    },
  }),

  /** USE-1: summary cards. */
  'usage.summary': defineQuery({
    input: DaysInput,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'usage.read');
      return summary(org, ctx.now, period(input.days));
    },
  }),

  /** USE-1: the per-agent table, agent × channel × category. */
  'usage.breakdown': defineQuery({
    input: DaysInput,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'usage.read');
      return breakdown(org, ctx.now, period(input.days)).map((r) => ({ ...r, agentName: r.agentId ? (org.agents[r.agentId]?.name ?? null) : null }));
    },
  }),

  /** USE-1: recent activity. */
  'usage.events': defineQuery({
    input: z.extend(EventsQuery, { orgId: Id }),
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'usage.read');
      if (input.cursor !== undefined && !/^[0-9a-z]+$/.test(input.cursor)) fail('validation_failed', 'cursor is invalid', { param: 'cursor' });
      const page = recentEvents(org, input.limit ?? 20, input.cursor);
      return { events: page.events.map((e) => ({ ...e, at: iso(e.at) })), nextCursor: page.nextCursor };
    },
  }),

  /** RES-4: the model list filtered by the tier. */
  'models.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'deployments.read');
      const tier = readTier(org.residency);
      return { tier, models: Object.values(ctx.state.models).filter((m) => modelAllowed(m, tier)).map((m) => ({ ...m })) };
    },
  }),

  /** RES-4: before tightening — which models become unavailable and which deployments will be flagged. */
  'residency.preview': defineQuery({
    input: z.strictObject({ orgId: Id, tier: ResidencyTierSchema }),
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'settings.read');
      const models = Object.values(ctx.state.models);
      const current = readTier(org.residency);
      return {
        from: current,
        to: input.tier,
        unavailableModelIds: models.filter((m) => modelAllowed(m, current) && !modelAllowed(m, input.tier)).map((m) => m.id),
        flaggedDeploymentIds: Object.values(org.deployments)
          .filter((d) => {
            const m = ctx.state.models[d.modelId];
            return !m || !modelAllowed(m, input.tier);
          })
          .map((d) => d.id),
      };
    },
  }),

  'agents.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'agents.manage');
      return Object.values(org.agents).map(agentView);
    },
  }),

  'deployments.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'deployments.read');
      return Object.values(org.deployments).map(deploymentView);
    },
  }),

  /** ROLE-6: one's own chats; with oversight, everyone's — content only for chats created under `full`. */
  'chats.list': defineQuery({
    input: z.strictObject({ orgId: Id, scope: z.optional(z.enum(['mine', 'all'])) }),
    run(ctx, input) {
      const scope = input.scope ?? 'mine';
      const { org, me } = authorize(ctx, input.orgId, scope === 'all' ? 'chat.oversight' : 'chat.internal');
      return Object.values(org.chats)
        .filter((c) => scope === 'all' || c.memberId === me?.userId)
        .map((c) => chatView(c, me?.userId ?? null));
    },
  }),

  /** CAP-1/2/3: caps with this cycle's spend beside each, and the alert configuration. */
  'caps.get': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'billing.read');
      return {
        // Everyone who can spend (and anyone still capped), with this cycle's spend; `cap: null` = no cap.
        members: Object.values(org.members)
          .filter((m) => m.state === 'active' || org.caps.members[m.userId] !== undefined)
          .map((m) => ({ userId: m.userId, cap: org.caps.members[m.userId] ?? null, spent: org.cycleSpend.members[m.userId] ?? 0 })),
        agents: Object.values(org.agents)
          .filter((a) => a.state === 'active' || org.caps.agents[a.id] !== undefined)
          .map((a) => ({ agentId: a.id, cap: org.caps.agents[a.id] ?? null, spent: org.cycleSpend.agents[a.id] ?? 0 })),
        alerts: alertsView(ctx, org),
        resetsAt: iso(org.subscription.cycleEnd),
      };
    },
  }),

  'notifications.list': defineQuery({
    input: OrgOnly,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'billing.read');
      return org.notifications.map((n) => ({ ...n, to: [...n.to], at: iso(n.at) }));
    },
  }),

  'checkout.get': defineQuery({
    input: z.strictObject({ orgId: Id, checkoutId: Id }),
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, 'billing.read');
      const s = org.checkouts[input.checkoutId];
      if (!s) fail('not_found', 'No such checkout session.', { param: 'checkoutId', meta: { resource: 'checkout' } });
      return checkoutView(s);
    },
  }),
};
