import { isExpired } from './credits.js';
import { activeCount, seatLimit } from './membership.js';
import type { Policy } from './policy.js';
import type { EngineState } from './state.js';

/**
 * The invariants that hold after every command (checked by the property tests after each step, and available to
 * the mock for self-checks). Returns what is broken, empty when all hold.
 */
export function checkInvariants(state: EngineState, policy: Policy): string[] {
  const broken: string[] = [];
  const memberships = new Map<string, number>();
  for (const org of Object.values(state.orgs)) {
    const at = `org ${org.id}`;
    const members = Object.values(org.members);
    for (const m of members) memberships.set(m.userId, (memberships.get(m.userId) ?? 0) + 1);
    const owners = members.filter((m) => m.role === 'owner');
    if (owners.length !== 1) broken.push(`${at}: ${String(owners.length)} owners (ROLE-1)`);
    if (owners[0] && owners[0].state !== 'active') broken.push(`${at}: the owner is deactivated (OWN-2)`);
    const holder = org.members[org.billingHolderId];
    if (!holder || holder.state !== 'active') broken.push(`${at}: the billing holder is not an active member (BR-1)`);
    const t = org.billingTransfer;
    if (t && (t.fromUserId !== org.billingHolderId || org.members[t.toUserId]?.state !== 'active' || t.toUserId === t.fromUserId)) {
      broken.push(`${at}: the pending billing transfer is stale (BR-5)`);
    }
    const limit = seatLimit(org, policy);
    if (limit !== null && activeCount(org) > limit) broken.push(`${at}: ${String(activeCount(org))} active members over ${String(limit)} seats (INV-5)`);
    const paidFor = new Set<string>();
    for (const b of org.blocks) {
      if (!Number.isInteger(b.remaining) || b.remaining < 0 || b.remaining > b.initial) broken.push(`${at}: block ${b.id} has ${String(b.remaining)} of ${String(b.initial)} (CRD-1)`);
      if (isExpired(b, state.cursor)) broken.push(`${at}: expired block ${b.id} still counted (CRD-1)`);
      if (b.paymentId !== null) {
        if (paidFor.has(b.paymentId)) broken.push(`${at}: payment ${b.paymentId} granted twice (PKG-4)`);
        paidFor.add(b.paymentId);
        const p = org.payments[b.paymentId];
        if (!p || p.status !== 'succeeded' || p.fulfilledAt === null) broken.push(`${at}: block ${b.id} granted without a collected payment (PKG-4)`);
      }
    }
    for (const p of Object.values(org.payments)) {
      if (p.fulfilledAt !== null && p.status !== 'succeeded') broken.push(`${at}: payment ${p.id} fulfilled but ${p.status} (PKG-4)`);
    }
  }
  for (const u of Object.values(state.users)) {
    if (!memberships.has(u.id)) broken.push(`user ${u.id} belongs to no organization (ORG-1)`);
  }
  return broken;
}
