import * as z from 'zod/mini';
import {
  AlertsBody,
  AutoRechargeEnabledBody,
  AutoRechargePackageBody,
  CapBody,
  GrantCreditsBody,
  Id,
  PurchaseBody,
  RecordUsageBody,
} from '@orgkit/contract';
import { afterBalanceChange, assertCardCharges, attemptAutoRecharge, autoRechargeDue, chargeSavedCard, describePurpose, line, paymentOfRequest } from '../billing.js';
import { findPackage } from '../catalog.js';
import type { Ctx } from '../context.js';
import { authorize, authorizeMember, capabilitiesOf, nextId } from '../context.js';
import { balanceOf, balanceState, debitBlocks, grantBlock } from '../credits.js';
import { defineCommand, orgScoped } from '../define.js';
import { fail } from '../errors.js';
import type { Org, PaymentPurpose } from '../state.js';
import { iso } from '../time.js';
import { appendUsage } from '../usage.js';
import { alertsView, autoRechargeView } from '../views.js';
import { openCheckout } from './plans.js';

/** PKG-1 / AR: packages and auto-recharge exist on paid plans only. */
function assertPaidPlan(org: Org): void {
  if (org.subscription.planId === 'free') {
    fail('upgrade_required', 'Credit packages are available on paid plans. Upgrade to buy credits.', { meta: { planId: 'free' } });
  }
}

function packageOf(ctx: Ctx, packageId: string) {
  const pkg = findPackage(ctx.policy, packageId);
  if (!pkg) fail('not_found', 'No such credit package.', { param: 'packageId', meta: { resource: 'package' } });
  return pkg;
}

const OFFLINE = 'This assistant is currently offline.';

/** CRD-6: credits for a number of words at a model's per-1,000-words rate (whole credits, rounded up). */
export function creditsFor(words: number, creditsPer1kWords: number): number {
  return Math.ceil((words * creditsPer1kWords) / 1000);
}

export const creditCommands = {
  /** PKG-1 … PKG-5: quick purchase with the saved card, or a checkout when there is none. */
  'package.purchase': defineCommand({
    input: orgScoped(PurchaseBody),
    idempotency: 'required',
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'credits.purchase');
      // A retry of a request that crashed after collecting: answer from that payment, never charge again (PKG-4).
      const resumed = paymentOfRequest(ctx, org, (p) => p.purpose.kind === 'package' && p.purpose.packageId === input.packageId);
      assertPaidPlan(org);
      const pkg = packageOf(ctx, input.packageId);
      const purpose: PaymentPurpose = { kind: 'package', packageId: pkg.id, credits: pkg.credits };
      if (!resumed && !org.paymentMethod) {
        return { status: 'requires_checkout' as const, checkout: openCheckout(ctx, org, purpose, pkg.price, me.userId) };
      }
      if (!resumed) assertCardCharges(org);
      const payment = resumed ?? chargeSavedCard(ctx, org, purpose, [line(describePurpose(purpose), pkg.price)]);
      return {
        status: payment.status === 'succeeded' ? ('paid' as const) : ('pending' as const),
        paymentId: payment.id, invoiceId: payment.invoiceId, credits: pkg.credits, amount: pkg.price,
        currency: org.currency, balance: balanceOf(org, ctx.now),
      };
    },
  }),

  /** AR-3/4: choosing a package never turns auto-recharge on; clearing it turns auto-recharge off. */
  'autoRecharge.setPackage': defineCommand({
    input: orgScoped(AutoRechargePackageBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'autorecharge.manage');
      if (input.packageId === null) {
        org.autoRecharge.packageId = null;
        org.autoRecharge.enabled = false;
      } else {
        assertPaidPlan(org);
        org.autoRecharge.packageId = packageOf(ctx, input.packageId).id;
      }
      return autoRechargeView(ctx, org);
    },
  }),

  /** AR-3/4/5: on needs a package; off is always allowed; turning on resets the failure counter and the pause. */
  'autoRecharge.setEnabled': defineCommand({
    input: orgScoped(AutoRechargeEnabledBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'autorecharge.manage');
      const ar = org.autoRecharge;
      if (!input.enabled) {
        ar.enabled = false;
        return autoRechargeView(ctx, org);
      }
      assertPaidPlan(org);
      if (ar.packageId === null) {
        fail('autorecharge_package_required', 'Choose a recharge package first, then turn auto-recharge on.', { param: 'enabled' });
      }
      ar.enabled = true;
      ar.failures = 0;
      ar.paused = false;
      if (autoRechargeDue(ctx, org)) attemptAutoRecharge(ctx, org); // already under the threshold: recharge now
      return autoRechargeView(ctx, org);
    },
  }),

  /** CRD-2: promo credits and admin grants (system). */
  'credits.grant': defineCommand({
    input: orgScoped(GrantCreditsBody),
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, null);
      if (ctx.actor.kind !== 'system') fail('forbidden', 'Credits are granted by support or promotions.');
      const expiresAt = input.expiresAt === undefined || input.expiresAt === null ? null : Date.parse(input.expiresAt);
      if (expiresAt !== null && expiresAt <= ctx.now) fail('validation_failed', 'expiresAt must be in the future.', { param: 'expiresAt' });
      const block = grantBlock(ctx, org, { source: input.source, amount: input.amount, expiresAt, note: input.note ?? null });
      afterBalanceChange(ctx, org, { allowRecharge: false });
      return { blockId: block.id, balance: balanceOf(org, ctx.now) };
    },
  }),

  /**
   * CRD-3/5/6, CAP-1/2, AR-1/6: one usage event, debited from the one pool. Refused whole — changing nothing —
   * when it would exceed the balance, a member's or an agent's monthly cap.
   * Called by the system (agents' runtime, the control API) or by a member for their own internal chat.
   */
  'usage.record': defineCommand({
    input: orgScoped(RecordUsageBody),
    run(ctx, input) {
      const { org, me } = authorize(ctx, input.orgId, 'chat.internal');
      let memberId = input.memberId ?? null;
      if (me) {
        if (input.channel !== 'internal_chat') fail('forbidden', 'Members record only their own internal chat usage.', { param: 'channel' });
        if (memberId !== null && memberId !== me.userId) fail('forbidden', 'Members record only their own usage.', { param: 'memberId' });
        memberId = me.userId;
      }
      if (memberId !== null) {
        const member = org.members[memberId];
        if (!member) fail('not_found', 'No such member.', { param: 'memberId', meta: { resource: 'member' } });
        if (member.state !== 'active') fail('org_access_blocked', 'This member is deactivated.', { param: 'memberId' });
      }
      const agentId = input.agentId ?? null;
      if (agentId !== null) {
        const agent = org.agents[agentId];
        if (!agent) fail('not_found', 'No such agent.', { param: 'agentId', meta: { resource: 'agent' } });
        if (agent.state !== 'active') fail('agent_inactive', 'This agent is deactivated.', { param: 'agentId' });
      }
      const model = ctx.state.models[input.modelId];
      if (!model) fail('not_found', 'No such model.', { param: 'modelId', meta: { resource: 'model' } });
      const credits = creditsFor(input.words, model.creditsPer1kWords);
      if (memberId !== null && org.caps.members[memberId] !== undefined) {
        const cap = org.caps.members[memberId] ?? 0;
        const spent = org.cycleSpend.members[memberId] ?? 0;
        if (spent + credits > cap) {
          fail('member_cap_reached', 'You have reached your monthly credit limit in this organization. It resets with the next cycle.', {
            meta: { memberId, cap, spent, resetsAt: iso(org.subscription.cycleEnd) },
          });
        }
      }
      if (agentId !== null && org.caps.agents[agentId] !== undefined) {
        const cap = org.caps.agents[agentId] ?? 0;
        const spent = org.cycleSpend.agents[agentId] ?? 0;
        if (spent + credits > cap) {
          fail('agent_cap_reached', "This agent has reached its monthly credit limit. It resets with the next cycle.", {
            meta: { agentId, cap, spent, resetsAt: iso(org.subscription.cycleEnd) },
          });
        }
      }
      const balance = balanceOf(org, ctx.now);
      if (balance === 0 || credits > balance) {
        fail('insufficient_credits', balance === 0 ? OFFLINE : `Not enough credits: ${String(credits)} needed, ${String(balance)} left.`, {
          meta: { balance, required: credits, offline: balance === 0, offlineMessage: OFFLINE },
        });
      }
      debitBlocks(org, credits, ctx.now, ctx.policy);
      const event = {
        id: nextId(ctx.state, 'evt'), at: ctx.now, channel: input.channel, agentId, memberId, modelId: model.id,
        category: input.category ?? (input.channel === 'voice' ? ('speech' as const) : ('completion' as const)),
        words: input.words, tokens: input.tokens ?? Math.round((input.words * 4) / 3), credits,
      };
      appendUsage(org, event);
      afterBalanceChange(ctx, org, { allowRecharge: true });
      const after = balanceOf(org, ctx.now);
      return { eventId: event.id, credits, balance: after, balanceState: balanceState(after) };
    },
  }),

  /** CAP-1 / CAP-4: a member's monthly cap (null clears it). */
  'caps.setMember': defineCommand({
    input: z.extend(CapBody, { orgId: Id, userId: Id }),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'caps.manage');
      if (!org.members[input.userId]) fail('not_found', 'No such member.', { param: 'userId', meta: { resource: 'member' } });
      if (input.cap === null) delete org.caps.members[input.userId];
      else org.caps.members[input.userId] = input.cap;
      return { userId: input.userId, cap: input.cap, spent: org.cycleSpend.members[input.userId] ?? 0 };
    },
  }),

  /** CAP-2 / CAP-4: an agent's monthly cap (null clears it). */
  'caps.setAgent': defineCommand({
    input: z.extend(CapBody, { orgId: Id, agentId: Id }),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'caps.manage');
      if (!org.agents[input.agentId]) fail('not_found', 'No such agent.', { param: 'agentId', meta: { resource: 'agent' } });
      if (input.cap === null) delete org.caps.agents[input.agentId];
      else org.caps.agents[input.agentId] = input.cap;
      return { agentId: input.agentId, cap: input.cap, spent: org.cycleSpend.agents[input.agentId] ?? 0 };
    },
  }),

  /** CAP-3 / CAP-4: the low-balance alert threshold and who is notified (default: the owner). */
  'alerts.configure': defineCommand({
    input: orgScoped(AlertsBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'caps.manage');
      const ids = [...new Set(input.recipientIds)];
      for (const id of ids) {
        const m = org.members[id];
        if (!m || m.state !== 'active' || !capabilitiesOf(org, m, ctx.policy).includes('billing.read')) {
          fail('validation_failed', `recipientIds: ${id} is not an active member who can see billing.`, { param: 'recipientIds' });
        }
      }
      org.alerts.thresholdPct = input.thresholdPct;
      org.alerts.recipientIds = ids.length > 0 ? ids : null;
      afterBalanceChange(ctx, org, { allowRecharge: false });
      return alertsView(ctx, org);
    },
  }),
};
