import type { Role } from '@orgkit/contract';
import { ownerOf } from './context.js';
import type { Ctx } from './context.js';
import { limitsOf } from './credits.js';
import type { Policy } from './policy.js';
import type { EngineState, Invite, Membership, Org } from './state.js';

export function activeMembers(org: Org): Membership[] {
  return Object.values(org.members).filter((m) => m.state === 'active');
}

export function activeCount(org: Org): number {
  let n = 0;
  for (const m of Object.values(org.members)) if (m.state === 'active') n += 1;
  return n;
}

/** INV-4: an invite is open while pending and younger than its expiry. */
export function isOpenInvite(invite: Invite, now: number): boolean {
  return invite.status === 'pending' && invite.expiresAt > now;
}

export function openInvites(state: EngineState, orgId: string, now: number): Invite[] {
  return Object.values(state.invites).filter((i) => i.orgId === orgId && isOpenInvite(i, now));
}

/** The hard seat limit, or null when there is none (unlimited plan, or POL-SEAT-BILLING bills seats instead). */
export function seatLimit(org: Org, policy: Policy): number | null {
  if (policy.seatBilling) return null;
  return limitsOf(org, policy).seats;
}

/** POL-SEAT-BILLING: accrue active-seat time up to `t` before the active count changes (daily proration). */
export function accrueSeats(org: Org, t: number): void {
  if (t > org.seats.since) {
    org.seats.seatMs += activeCount(org) * (t - org.seats.since);
    org.seats.since = t;
  }
}

export function addMembership(org: Org, userId: string, role: Role, at: number, deploymentIds: string[] = []): Membership {
  accrueSeats(org, at);
  const m: Membership = { userId, role, state: 'active', joinedAt: at, deactivatedAt: null, deploymentIds };
  org.members[userId] = m;
  return m;
}

/**
 * Someone stops being an active holder of anything: the billing role returns to the owner (so there is always
 * exactly one active holder) and a pending billing transfer that involves them is cancelled.
 */
function releaseBillingRole(org: Org, userId: string): void {
  if (org.billingTransfer && (org.billingTransfer.fromUserId === userId || org.billingTransfer.toUserId === userId)) {
    org.billingTransfer = null;
  }
  if (org.billingHolderId === userId) org.billingHolderId = ownerOf(org).userId;
}

/** MEM-1: deactivation is automatic only (a downgrade applying). */
export function deactivateMember(org: Org, userId: string, at: number): void {
  const m = org.members[userId];
  if (!m || m.state !== 'active') return;
  accrueSeats(org, at);
  m.state = 'deactivated';
  m.deactivatedAt = at;
  releaseBillingRole(org, userId);
}

export function reactivateMember(org: Org, userId: string, at: number): void {
  const m = org.members[userId];
  if (!m) return;
  accrueSeats(org, at);
  m.state = 'active';
  m.deactivatedAt = null;
}

export function deleteMembership(ctx: Ctx, org: Org, userId: string): void {
  accrueSeats(org, ctx.now);
  releaseBillingRole(org, userId);
  delete org.members[userId];
  delete org.caps.members[userId];
  if (org.alerts.recipientIds) org.alerts.recipientIds = org.alerts.recipientIds.filter((id) => id !== userId);
}

/** The organizations a user belongs to (in any member state). */
export function orgsOfUser(state: EngineState, userId: string): Org[] {
  return Object.values(state.orgs).filter((o) => o.members[userId] !== undefined);
}
