import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../engine/index.js';
import type { World } from './world.js';
import { SYSTEM, rejects, world } from './world.js';

// — helpers local to this file —

function mine(w: World, actor: Actor, orgId: string) {
  const m = w.query(actor, 'session', {}).memberships.find((x) => x.orgId === orgId);
  assert.ok(m, 'the caller should be a member of the organization');
  return m;
}

function caps(w: World, actor: Actor, orgId: string): string[] {
  return mine(w, actor, orgId).capabilities;
}

/** The userIds the member table marks as billing-role holders. */
function holders(w: World, orgId: string): string[] {
  return w.query(SYSTEM, 'members.list', { orgId }).members.filter((m) => m.billingHolder).map((m) => m.userId);
}

function pending(w: World, orgId: string) {
  return w.query(SYSTEM, 'members.list', { orgId }).billingTransfer;
}

/** Hand the billing role from `from` to `to` (start + accept). */
function handOver(w: World, orgId: string, from: Actor, to: { userId: string; actor: Actor }): void {
  const { id: transferId } = w.run(from, 'billingTransfer.start', { orgId, toUserId: to.userId });
  w.run(to.actor, 'billingTransfer.accept', { orgId, transferId });
}

function pastTermEnd(w: World, orgId: string): void {
  const end = Date.parse(w.query(SYSTEM, 'subscription.get', { orgId }).termEnd);
  w.advance(end - w.clock.now() + 1);
}

/** The billing views of BR-2: credits and invoices (plus the balance summary). */
function billingViews(w: World, actor: Actor, orgId: string) {
  return {
    credits: w.query(actor, 'credits.get', { orgId }),
    invoices: w.query(actor, 'invoices.list', { orgId }),
    balance: w.query(actor, 'balance.get', { orgId }),
  };
}

describe('BR — the billing role', () => {
  // — BR-1 —
  test('BR-1 the signer of a new organization holds the billing role, and only they do', () => {
    const w = world();
    const t = w.team('pro');
    assert.deepEqual(holders(w, t.orgId), [t.userId]);
    assert.equal(mine(w, t.owner, t.orgId).billingHolder, true);
    for (const who of [t.admin, t.builder, t.member]) assert.equal(mine(w, who.actor, t.orgId).billingHolder, false);
  });

  test('BR-1 exactly one member holds the billing role after a transfer', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.member);
    assert.deepEqual(holders(w, t.orgId), [t.member.userId]);
    assert.equal(mine(w, t.owner, t.orgId).billingHolder, false);
    assert.equal(mine(w, t.member.actor, t.orgId).billingHolder, true);
  });

  test('BR-1 billing is not a role of the edit-roles screen', () => {
    const w = world();
    const t = w.team('pro');
    rejects(
      w,
      () => w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'billing' as unknown as 'admin' }),
      'validation_failed',
    );
    assert.deepEqual(holders(w, t.orgId), [t.userId]);
  });

  test('BR-1 changing a role neither gives nor takes the billing role', () => {
    const w = world();
    const t = w.team('pro');
    w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'admin' });
    assert.deepEqual(holders(w, t.orgId), [t.userId]);
    handOver(w, t.orgId, t.owner, t.builder);
    w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.builder.userId, role: 'member' });
    assert.deepEqual(holders(w, t.orgId), [t.builder.userId]);
    assert.ok(caps(w, t.builder.actor, t.orgId).includes('billing.read'));
  });

  test('BR-1 when the holder is removed, the role returns to the owner (still exactly one holder)', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.member);
    w.run(t.admin.actor, 'member.remove', { orgId: t.orgId, userId: t.member.userId });
    assert.deepEqual(holders(w, t.orgId), [t.userId]);
    assert.ok(caps(w, t.owner, t.orgId).includes('billing.transfer'));
  });

  test('BR-1 when a downgrade deactivates the holder, the role returns to the owner', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.member);
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [t.admin.userId, t.builder.userId], agentIds: [] } });
    assert.deepEqual(holders(w, t.orgId), [t.member.userId], 'nothing changes before the period ends');
    pastTermEnd(w, t.orgId);
    assert.equal(mine(w, t.member.actor, t.orgId).state, 'deactivated');
    assert.deepEqual(holders(w, t.orgId), [t.userId]);
  });

  // — BR-2 —
  test('BR-2 a plain member who holds the billing role can view billing and credit', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.query(t.member.actor, 'credits.get', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(t.member.actor, 'invoices.list', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(t.member.actor, 'balance.get', { orgId: t.orgId }), 'forbidden');
    handOver(w, t.orgId, t.owner, t.member);
    const c = caps(w, t.member.actor, t.orgId);
    for (const cap of ['billing.read', 'billing.summary', 'invoices.read']) assert.ok(c.includes(cap), `holder has ${cap}`);
    assert.deepEqual(billingViews(w, t.member.actor, t.orgId), billingViews(w, t.owner, t.orgId));
    assert.ok(w.query(t.member.actor, 'credits.get', { orgId: t.orgId }).balance > 0);
  });

  test('BR-2 a builder holding the billing role sees credits and invoices, beyond the summary builders get', () => {
    const w = world();
    const t = w.team('pro');
    assert.ok(w.query(t.builder.actor, 'balance.get', { orgId: t.orgId }).balance > 0);
    rejects(w, () => w.query(t.builder.actor, 'credits.get', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(t.builder.actor, 'invoices.list', { orgId: t.orgId }), 'forbidden');
    handOver(w, t.orgId, t.owner, t.builder);
    assert.deepEqual(billingViews(w, t.builder.actor, t.orgId), billingViews(w, t.owner, t.orgId));
  });

  test('BR-2 the billing role adds viewing, nothing of another role', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.member);
    const c = caps(w, t.member.actor, t.orgId);
    assert.ok(!c.includes('members.invite'));
    assert.ok(!c.includes('plans.change'));
    rejects(w, () => w.run(t.member.actor, 'invite.create', { orgId: t.orgId, email: 'x@acme.test', role: 'member' }), 'forbidden');
    rejects(w, () => w.pay(t.member.actor, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month' }), 'forbidden');
  });

  test('BR-2 handing the role on takes the extra view with it', () => {
    const w = world();
    const t = w.team('pro');
    const other = w.join(t.orgId, t.owner, 'member');
    handOver(w, t.orgId, t.owner, t.member);
    handOver(w, t.orgId, t.member.actor, other);
    rejects(w, () => w.query(t.member.actor, 'credits.get', { orgId: t.orgId }), 'forbidden');
    assert.ok(!caps(w, t.member.actor, t.orgId).includes('billing.read'));
    assert.ok(w.query(other.actor, 'credits.get', { orgId: t.orgId }).balance > 0);
    // the owner keeps billing access through their role
    assert.ok(w.query(t.owner, 'credits.get', { orgId: t.orgId }).balance > 0);
  });

  // — BR-3 —
  test('BR-3 the owner holding the role can start a transfer', () => {
    const w = world();
    const t = w.team('pro');
    assert.ok(caps(w, t.owner, t.orgId).includes('billing.transfer'));
    const res = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.admin.userId });
    assert.equal(res.toUserId, t.admin.userId);
    const p = pending(w, t.orgId);
    assert.ok(p);
    assert.deepEqual([p.id, p.fromUserId, p.toUserId], [res.id, t.userId, t.admin.userId]);
    assert.deepEqual(holders(w, t.orgId), [t.userId], 'starting moves nothing yet');
  });

  test('BR-3 members who do not hold the role cannot start a transfer', () => {
    const w = world();
    const t = w.team('pro');
    for (const who of [t.admin, t.builder, t.member]) {
      assert.ok(!caps(w, who.actor, t.orgId).includes('billing.transfer'));
      rejects(w, () => w.run(who.actor, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId === who.userId ? t.admin.userId : t.member.userId }), 'forbidden');
    }
    rejects(w, () => w.run(SYSTEM, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.admin.userId }), 'forbidden');
  });

  test('BR-3 once the owner has handed the role on, the owner can no longer start a transfer', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.admin);
    assert.ok(!caps(w, t.owner, t.orgId).includes('billing.transfer'));
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId }), 'forbidden');
  });

  test('BR-3 [D] a non-owner holder may hand the role on', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.member);
    assert.ok(caps(w, t.member.actor, t.orgId).includes('billing.transfer'));
    handOver(w, t.orgId, t.member.actor, t.builder);
    assert.deepEqual(holders(w, t.orgId), [t.builder.userId]);
    // … including back to the owner
    handOver(w, t.orgId, t.builder.actor, { userId: t.userId, actor: t.owner });
    assert.deepEqual(holders(w, t.orgId), [t.userId]);
  });

  // — BR-4 —
  test('BR-4 every active member other than the holder is an eligible recipient', () => {
    const w = world();
    const t = w.team('pro');
    for (const who of [t.admin, t.builder, t.member]) {
      const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: who.userId });
      w.run(t.owner, 'billingTransfer.cancel', { orgId: t.orgId, transferId });
    }
    assert.equal(pending(w, t.orgId), null);
  });

  test('BR-4 the holder cannot pick themselves', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.userId }), 'ineligible_recipient');
    handOver(w, t.orgId, t.owner, t.builder);
    rejects(w, () => w.run(t.builder.actor, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.builder.userId }), 'ineligible_recipient');
  });

  test('BR-4 a deactivated member is not eligible', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [t.admin.userId, t.builder.userId], agentIds: [] } });
    pastTermEnd(w, t.orgId);
    assert.equal(mine(w, t.member.actor, t.orgId).state, 'deactivated');
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId }), 'ineligible_recipient');
  });

  test('BR-4 someone outside the organization is not eligible', () => {
    const w = world();
    const t = w.team('pro');
    const outsider = w.signUp();
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: outsider.userId }), 'ineligible_recipient');
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: 'usr_nobody' }), 'ineligible_recipient');
  });

  // — BR-5 —
  test('BR-5 the recipient accepts and the role moves', () => {
    const w = world();
    const t = w.team('pro');
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.admin.userId });
    // both sides see the pending transfer; the others do not
    assert.equal(mine(w, t.admin.actor, t.orgId).billingTransfer?.id, transferId);
    assert.equal(mine(w, t.owner, t.orgId).billingTransfer?.id, transferId);
    assert.equal(mine(w, t.member.actor, t.orgId).billingTransfer, null);
    const res = w.run(t.admin.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId });
    assert.equal(res.holderId, t.admin.userId);
    assert.ok(res.capabilities.includes('billing.transfer'));
    assert.deepEqual(holders(w, t.orgId), [t.admin.userId]);
    assert.equal(pending(w, t.orgId), null);
    assert.equal(mine(w, t.admin.actor, t.orgId).billingTransfer, null);
    assert.ok(!caps(w, t.owner, t.orgId).includes('billing.transfer'));
  });

  test('BR-5 the recipient declines and nothing changes', () => {
    const w = world();
    const t = w.team('pro');
    const before = { holders: holders(w, t.orgId), owner: caps(w, t.owner, t.orgId), member: caps(w, t.member.actor, t.orgId) };
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId });
    const res = w.run(t.member.actor, 'billingTransfer.decline', { orgId: t.orgId, transferId });
    assert.equal(res.holderId, t.userId);
    assert.deepEqual({ holders: holders(w, t.orgId), owner: caps(w, t.owner, t.orgId), member: caps(w, t.member.actor, t.orgId) }, before);
    assert.equal(pending(w, t.orgId), null);
    rejects(w, () => w.run(t.member.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId }), 'transfer_not_pending');
  });

  test('BR-5 the initiator may cancel before acceptance', () => {
    const w = world();
    const t = w.team('pro');
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId });
    const res = w.run(t.owner, 'billingTransfer.cancel', { orgId: t.orgId, transferId });
    assert.equal(res.holderId, t.userId);
    assert.equal(pending(w, t.orgId), null);
    assert.deepEqual(holders(w, t.orgId), [t.userId]);
    rejects(w, () => w.run(t.member.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId }), 'transfer_not_pending');
    rejects(w, () => w.run(t.member.actor, 'billingTransfer.decline', { orgId: t.orgId, transferId }), 'transfer_not_pending');
  });

  test('BR-5 a transfer cannot be cancelled once accepted', () => {
    const w = world();
    const t = w.team('pro');
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId });
    w.run(t.member.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId });
    rejects(w, () => w.run(t.owner, 'billingTransfer.cancel', { orgId: t.orgId, transferId }), 'transfer_not_pending');
    assert.deepEqual(holders(w, t.orgId), [t.member.userId]);
  });

  test('BR-5 only the recipient accepts or declines, only the initiator cancels', () => {
    const w = world();
    const t = w.team('pro');
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId });
    for (const who of [t.owner, t.admin.actor, t.builder.actor]) {
      rejects(w, () => w.run(who, 'billingTransfer.accept', { orgId: t.orgId, transferId }), 'forbidden');
      rejects(w, () => w.run(who, 'billingTransfer.decline', { orgId: t.orgId, transferId }), 'forbidden');
    }
    for (const who of [t.member.actor, t.admin.actor]) {
      rejects(w, () => w.run(who, 'billingTransfer.cancel', { orgId: t.orgId, transferId }), 'forbidden');
    }
    assert.equal(pending(w, t.orgId)?.id, transferId);
  });

  test('BR-5 only one pending transfer per organization', () => {
    const w = world();
    const t = w.team('pro');
    const first = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId });
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.admin.userId }), 'transfer_pending', (e) => {
      assert.equal(e.meta?.['transferId'], first.id);
    });
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId }), 'transfer_pending');
    w.run(t.member.actor, 'billingTransfer.decline', { orgId: t.orgId, transferId: first.id });
    const second = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.admin.userId });
    assert.equal(pending(w, t.orgId)?.id, second.id);
  });

  // — BR-6 —
  test('BR-6 the holder cannot leave until the role is transferred', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.admin);
    assert.ok(!caps(w, t.admin.actor, t.orgId).includes('org.leave'));
    rejects(w, () => w.run(t.admin.actor, 'org.leave', { orgId: t.orgId }), 'billing_role_held');
    // a pending transfer is not enough
    const { id: transferId } = w.run(t.admin.actor, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.builder.userId });
    rejects(w, () => w.run(t.admin.actor, 'org.leave', { orgId: t.orgId }), 'billing_role_held');
    w.run(t.builder.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId });
    assert.ok(caps(w, t.admin.actor, t.orgId).includes('org.leave'));
    w.run(t.admin.actor, 'org.leave', { orgId: t.orgId });
    assert.ok(!w.query(t.admin.actor, 'session', {}).memberships.some((m) => m.orgId === t.orgId));
    assert.deepEqual(holders(w, t.orgId), [t.builder.userId]);
  });

  test('BR-6 a plain member who was given the role is held by it too', () => {
    const w = world();
    const t = w.team('pro');
    handOver(w, t.orgId, t.owner, t.member);
    rejects(w, () => w.run(t.member.actor, 'org.leave', { orgId: t.orgId }), 'billing_role_held');
    assert.equal(mine(w, t.member.actor, t.orgId).billingHolder, true);
  });
});
