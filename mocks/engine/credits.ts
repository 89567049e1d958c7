import type { BalanceState, BlockSource } from '@orgkit/contract';
import type { PlanLimits } from './catalog.js';
import { PLANS } from './catalog.js';
import type { Ctx } from './context.js';
import { nextId } from './context.js';
import type { Policy } from './policy.js';
import type { CreditBlock, Org } from './state.js';

/** The plan's limits as they apply to this organization (Ultra's credits are negotiated per subscription). */
export function limitsOf(org: Org, policy: Policy): PlanLimits {
  const plan = PLANS[org.subscription.planId];
  if (plan.id !== 'ultra') return plan.limits;
  return { ...plan.limits, credits: org.subscription.customCredits ?? policy.ultraDefaultCredits };
}

/** PLAN-3 credits per month (always a number: Ultra's custom amount). */
export function monthlyAllowance(org: Org, policy: Policy): number {
  return limitsOf(org, policy).credits ?? policy.ultraDefaultCredits;
}

export function isLive(b: CreditBlock, now: number): boolean {
  return b.remaining > 0 && (b.expiresAt === null || b.expiresAt > now);
}

/** CRD-1: balance = credits remaining across all non-expired blocks. Derived, never stored. */
export function balanceOf(org: Org, now: number): number {
  let sum = 0;
  for (const b of org.blocks) if (isLive(b, now)) sum += b.remaining;
  return sum;
}

/** CRD-7: out at 0, low under 100, ok otherwise. */
export function balanceState(balance: number): BalanceState {
  if (balance <= 0) return 'out';
  if (balance < 100) return 'low';
  return 'ok';
}

const SOURCE_ORDER: Record<BlockSource, number> = { allowance: 0, rollover: 1, purchase: 2, promo: 3, grant: 4 };

/**
 * CRD-4: soonest-expiring block first (never-expiring last), ties in the order plan allowance → rollover →
 * purchased → promo → grant. POL-TOPUP-FIRST: purchased blocks go before everything else.
 */
export function debitOrder(blocks: readonly CreditBlock[], policy: Policy): CreditBlock[] {
  const expiry = (b: CreditBlock) => b.expiresAt ?? Number.POSITIVE_INFINITY;
  return [...blocks].sort((a, b) => {
    if (policy.topupFirst) {
      const ta = a.source === 'purchase' ? 0 : 1;
      const tb = b.source === 'purchase' ? 0 : 1;
      if (ta !== tb) return ta - tb;
    }
    return expiry(a) - expiry(b) || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || a.createdAt - b.createdAt;
  });
}

/** Take `amount` credits from live blocks in debit order. The caller has checked that the balance covers it. */
export function debitBlocks(org: Org, amount: number, now: number, policy: Policy): void {
  let left = amount;
  for (const b of debitOrder(org.blocks, policy)) {
    if (left === 0) break;
    if (!isLive(b, now)) continue;
    const take = Math.min(b.remaining, left);
    b.remaining -= take;
    left -= take;
  }
  if (left !== 0) throw new Error('invariant broken: debit exceeded the balance');
}

export function grantBlock(
  ctx: Ctx,
  org: Org,
  block: {
    source: BlockSource;
    amount: number;
    expiresAt: number | null;
    paymentId?: string | null;
    note?: string | null;
    createdAt?: number;
  },
): CreditBlock {
  const b: CreditBlock = {
    id: nextId(ctx.state, 'blk'),
    source: block.source,
    initial: block.amount,
    remaining: block.amount,
    createdAt: block.createdAt ?? ctx.now,
    expiresAt: block.expiresAt,
    paymentId: block.paymentId ?? null,
    note: block.note ?? null,
  };
  org.blocks.push(b);
  return b;
}

export function isExpired(b: CreditBlock, t: number): boolean {
  return b.expiresAt !== null && b.expiresAt <= t;
}

/** Drop blocks that have expired at `t` (they no longer count: CRD-1). Used-up blocks stay until they expire. */
export function pruneExpiredBlocks(org: Org, t: number): void {
  if (org.blocks.some((b) => isExpired(b, t))) org.blocks = org.blocks.filter((b) => !isExpired(b, t));
}
