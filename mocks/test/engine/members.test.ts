import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../engine/index.js';
import { COMMANDS } from '../../engine/index.js';
import type { World } from './world.js';
import { DAY, SYSTEM, rejects, world } from './world.js';

// — helpers local to this file —

function caps(w: World, actor: Actor, orgId: string): string[] {
  const m = w.query(actor, 'session', {}).memberships.find((x) => x.orgId === orgId);
  assert.ok(m, 'the caller should be a member of the organization');
  return m.capabilities;
}

function list(w: World, orgId: string) {
  return w.query(SYSTEM, 'members.list', { orgId });
}

function member(w: World, orgId: string, userId: string) {
  const m = list(w, orgId).members.find((x) => x.userId === userId);
  assert.ok(m, `${userId} should be a member`);
  return m;
}

/** userId → state, for the whole member table. */
function states(w: World, orgId: string): Record<string, string> {
  return Object.fromEntries(list(w, orgId).members.map((m) => [m.userId, m.state]));
}

function roles(w: World, orgId: string): Record<string, string> {
  return Object.fromEntries(list(w, orgId).members.map((m) => [m.userId, m.role]));
}

function termEnd(w: World, orgId: string): number {
  return Date.parse(w.query(SYSTEM, 'subscription.get', { orgId }).termEnd);
}

/** Move the clock just past the end of the organization's current term (a scheduled change applies there). */
function pastTermEnd(w: World, orgId: string): void {
  w.advance(termEnd(w, orgId) - w.clock.now() + 1);
}

function memberOrgIds(w: World, actor: Actor): string[] {
  return w.query(actor, 'session', {}).memberships.map((m) => m.orgId);
}

/** Owner, admin and member on Standard: all 3 seats taken. */
function standardTrio(w: World) {
  const o = w.signUp();
  w.plan(o.orgId, 'standard');
  const admin = w.join(o.orgId, o.owner, 'admin');
  const member = w.join(o.orgId, o.owner, 'member');
  return { ...o, admin, member };
}

/**
 * A Pro team (owner, admin, builder and three members) downgraded to Standard (3 seats) keeping admin and builder:
 * once the term ends, the three members are deactivated.
 */
function downgradedTeam() {
  const w = world();
  const o = w.signUp();
  w.plan(o.orgId, 'pro');
  const admin = w.join(o.orgId, o.owner, 'admin');
  const builder = w.join(o.orgId, o.owner, 'builder');
  const m1 = w.join(o.orgId, o.owner, 'member');
  const m2 = w.join(o.orgId, o.owner, 'member');
  const m3 = w.join(o.orgId, o.owner, 'member');
  w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [admin.userId, builder.userId], agentIds: [] } });
  pastTermEnd(w, o.orgId);
  assert.equal(w.query(SYSTEM, 'subscription.get', { orgId: o.orgId }).planId, 'standard');
  return { w, ...o, admin, builder, m1, m2, m3 };
}

describe('MEM — member states, roles, removal', () => {
  // — MEM-1 —
  test('MEM-1 a member is active or deactivated, and new members are active', () => {
    const { w, orgId, userId, admin, builder, m1, m2, m3 } = downgradedTeam();
    assert.deepEqual(states(w, orgId), {
      [userId]: 'active', [admin.userId]: 'active', [builder.userId]: 'active',
      [m1.userId]: 'deactivated', [m2.userId]: 'deactivated', [m3.userId]: 'deactivated',
    });
    for (const m of list(w, orgId).members) assert.ok(m.state === 'active' || m.state === 'deactivated');
  });

  test('MEM-1 there is no manual deactivate action', () => {
    const w = world();
    const t = w.team('pro');
    assert.deepEqual(Object.keys(COMMANDS).filter((name) => /deactivat/i.test(name)), []);
    assert.deepEqual(caps(w, t.owner, t.orgId).filter((c) => /deactivat/i.test(c)), []);
    const runAny = w.engine.run.bind(w.engine) as unknown as (actor: Actor, name: string, input: unknown) => unknown;
    rejects(w, () => runAny(t.owner, 'member.deactivate', { orgId: t.orgId, userId: t.member.userId }), 'not_found');
    assert.equal(member(w, t.orgId, t.member.userId).state, 'active');
  });

  test('MEM-1 a deactivated member sees the state and is blocked from the organization', () => {
    const { w, orgId, m1 } = downgradedTeam();
    const mine = w.query(m1.actor, 'session', {}).memberships.find((m) => m.orgId === orgId);
    assert.ok(mine);
    assert.equal(mine.state, 'deactivated');
    assert.deepEqual(mine.capabilities, []);
    rejects(w, () => w.query(m1.actor, 'org.get', { orgId }), 'org_access_blocked');
    rejects(w, () => w.run(m1.actor, 'chat.create', { orgId, title: 'hi', message: 'hello' }), 'org_access_blocked');
  });

  // — MEM-2 —
  test('MEM-2 a downgrade deactivates members beyond the new limit who are not on the keep-list, at period end', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'pro');
    const a = w.join(o.orgId, o.owner, 'admin');
    const b = w.join(o.orgId, o.owner, 'builder');
    const c = w.join(o.orgId, o.owner, 'member');
    const d = w.join(o.orgId, o.owner, 'member');
    const res = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [b.userId, d.userId], agentIds: [] } });
    assert.equal(res.status, 'scheduled');
    assert.deepEqual([...res.willDeactivate.memberIds].sort(), [a.userId, c.userId].sort());
    // CHG-7: nothing happens before the period ends
    const end = termEnd(w, o.orgId);
    w.advance(end - w.clock.now() - 1);
    assert.ok(Object.values(states(w, o.orgId)).every((s) => s === 'active'));
    w.advance(1);
    assert.deepEqual(states(w, o.orgId), {
      [o.userId]: 'active', [a.userId]: 'deactivated', [b.userId]: 'active', [c.userId]: 'deactivated', [d.userId]: 'active',
    });
    assert.equal(member(w, o.orgId, a.userId).deactivatedAt, new Date(end).toISOString());
    assert.deepEqual(list(w, o.orgId).seats, { active: 3, pendingInvites: 0, used: 3, limit: 3, billable: 3 });
  });

  test('MEM-2 the owner is always kept, even with an empty keep-list', () => {
    const w = world();
    const t = standardTrio(w);
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    pastTermEnd(w, t.orgId);
    assert.deepEqual(states(w, t.orgId), { [t.userId]: 'active', [t.admin.userId]: 'deactivated', [t.member.userId]: 'deactivated' });
    assert.equal(member(w, t.orgId, t.userId).role, 'owner');
  });

  test('MEM-2 the owner always takes one of the kept seats', () => {
    const w = world();
    const t = standardTrio(w);
    rejects(
      w,
      () => w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [t.admin.userId], agentIds: [] } }),
      'keep_list_invalid',
    );
  });

  test('MEM-2 a cancellation deactivates everyone but the owner at period end (Free has one seat)', () => {
    const w = world();
    const t = w.team('pro');
    const res = w.pay(t.admin.actor, 'plan.change', { orgId: t.orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    assert.equal(res.kind, 'cancel');
    pastTermEnd(w, t.orgId);
    assert.equal(w.query(SYSTEM, 'subscription.get', { orgId: t.orgId }).planId, 'free');
    assert.deepEqual(states(w, t.orgId), {
      [t.userId]: 'active', [t.admin.userId]: 'deactivated', [t.builder.userId]: 'deactivated', [t.member.userId]: 'deactivated',
    });
  });

  test('MEM-2 members within the new limit are not deactivated', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'pro');
    const a = w.join(o.orgId, o.owner, 'admin');
    const b = w.join(o.orgId, o.owner, 'member');
    w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month' });
    pastTermEnd(w, o.orgId);
    assert.deepEqual(states(w, o.orgId), { [o.userId]: 'active', [a.userId]: 'active', [b.userId]: 'active' });
  });

  // — MEM-3 —
  test('MEM-3 reactivation is blocked at the seat limit', () => {
    const { w, orgId, owner, admin, m1 } = downgradedTeam();
    assert.deepEqual(list(w, orgId).seats, { active: 3, pendingInvites: 0, used: 3, limit: 3, billable: 3 });
    for (const by of [owner, admin.actor]) {
      rejects(w, () => w.run(by, 'member.reactivate', { orgId, userId: m1.userId }), 'seat_limit_reached', (e) => {
        assert.deepEqual([e.meta?.['count'], e.meta?.['limit']], [3, 3]);
      });
    }
    assert.equal(member(w, orgId, m1.userId).state, 'deactivated');
  });

  test('MEM-3 owner or admin reactivates a member once a seat is free, and it consumes that seat', () => {
    const { w, orgId, owner, admin, m1, m2, m3 } = downgradedTeam();
    const up = w.pay(owner, 'plan.change', { orgId, planId: 'pro', interval: 'month' }); // 8 seats again, at once
    assert.equal(up.status, 'applied');
    const res = w.run(owner, 'member.reactivate', { orgId, userId: m1.userId });
    assert.deepEqual([res.userId, res.state, res.deactivatedAt], [m1.userId, 'active', null]);
    w.run(admin.actor, 'member.reactivate', { orgId, userId: m2.userId });
    const m1Row = member(w, orgId, m1.userId);
    assert.deepEqual([m1Row.state, m1Row.deactivatedAt, m1Row.role], ['active', null, 'member']);
    assert.equal(member(w, orgId, m2.userId).state, 'active');
    assert.equal(member(w, orgId, m3.userId).state, 'deactivated');
    assert.equal(list(w, orgId).seats.active, 5);
    // the reactivated member has access again
    assert.ok(caps(w, m1.actor, orgId).includes('chat.internal'));
    assert.equal(w.query(m1.actor, 'org.get', { orgId }).id, orgId);
  });

  test('MEM-3 a pending invite holds a seat that reactivation cannot take', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const a = w.join(o.orgId, o.owner, 'admin');
    const b = w.join(o.orgId, o.owner, 'member');
    w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    pastTermEnd(w, o.orgId);
    w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'month' });
    w.run(o.owner, 'member.reactivate', { orgId: o.orgId, userId: a.userId }); // 2 of 3
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'new@acme.test', role: 'member' }); // 3 of 3
    rejects(w, () => w.run(a.actor, 'member.reactivate', { orgId: o.orgId, userId: b.userId }), 'seat_limit_reached');
    w.run(a.actor, 'invite.revoke', { orgId: o.orgId, inviteId });
    w.run(a.actor, 'member.reactivate', { orgId: o.orgId, userId: b.userId });
    assert.equal(member(w, o.orgId, b.userId).state, 'active');
  });

  test('MEM-3 only owner and admin may reactivate; an active member cannot be reactivated', () => {
    const { w, orgId, owner, builder, admin, m1, m2 } = downgradedTeam();
    w.pay(owner, 'plan.change', { orgId, planId: 'pro', interval: 'month' });
    rejects(w, () => w.run(builder.actor, 'member.reactivate', { orgId, userId: m1.userId }), 'forbidden');
    rejects(w, () => w.run(m2.actor, 'member.reactivate', { orgId, userId: m1.userId }), 'org_access_blocked');
    rejects(w, () => w.run(m1.actor, 'member.reactivate', { orgId, userId: m1.userId }), 'org_access_blocked');
    rejects(w, () => w.run(owner, 'member.reactivate', { orgId, userId: admin.userId }), 'member_not_deactivated');
  });

  // — MEM-4 —
  test('MEM-4 owner and admin remove a membership', () => {
    const w = world();
    const t = w.team('pro');
    const extra = w.join(t.orgId, t.owner, 'admin');
    assert.deepEqual(w.run(t.owner, 'member.remove', { orgId: t.orgId, userId: t.member.userId }), { userId: t.member.userId, removed: true });
    w.run(t.admin.actor, 'member.remove', { orgId: t.orgId, userId: t.builder.userId });
    w.run(t.admin.actor, 'member.remove', { orgId: t.orgId, userId: extra.userId }); // an admin may remove another admin
    assert.deepEqual(Object.keys(roles(w, t.orgId)).sort(), [t.userId, t.admin.userId].sort());
    assert.equal(list(w, t.orgId).seats.active, 2);
    // the removed person no longer has this organization
    assert.ok(!memberOrgIds(w, t.member.actor).includes(t.orgId));
    rejects(w, () => w.query(t.member.actor, 'org.get', { orgId: t.orgId }), 'org_not_found');
  });

  test('MEM-4 a deactivated member can be removed', () => {
    const { w, orgId, owner, m1 } = downgradedTeam();
    w.run(owner, 'member.remove', { orgId, userId: m1.userId });
    assert.ok(!list(w, orgId).members.some((m) => m.userId === m1.userId));
  });

  test('MEM-4 nobody can remove themselves', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.admin.actor, 'member.remove', { orgId: t.orgId, userId: t.admin.userId }), 'cannot_remove_self');
    rejects(w, () => w.run(t.owner, 'member.remove', { orgId: t.orgId, userId: t.userId }), 'cannot_remove_self');
  });

  test('MEM-4 the owner cannot be removed', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.admin.actor, 'member.remove', { orgId: t.orgId, userId: t.userId }), 'cannot_remove_owner');
    assert.equal(member(w, t.orgId, t.userId).role, 'owner');
  });

  test('MEM-4 builders and members cannot remove anyone', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.builder.actor, 'member.remove', { orgId: t.orgId, userId: t.member.userId }), 'forbidden');
    rejects(w, () => w.run(t.member.actor, 'member.remove', { orgId: t.orgId, userId: t.builder.userId }), 'forbidden');
    assert.ok(!caps(w, t.builder.actor, t.orgId).includes('members.manage'));
    assert.ok(caps(w, t.admin.actor, t.orgId).includes('members.manage'));
  });

  // — MEM-5 —
  test('MEM-5 the owner may set any role but owner', () => {
    const w = world();
    const t = w.team('pro');
    w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'admin' });
    w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.admin.userId, role: 'builder' });
    w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.builder.userId, role: 'member' });
    assert.deepEqual(roles(w, t.orgId), {
      [t.userId]: 'owner', [t.admin.userId]: 'builder', [t.builder.userId]: 'member', [t.member.userId]: 'admin',
    });
    // the new role's capabilities are served at once
    assert.ok(caps(w, t.member.actor, t.orgId).includes('members.invite'));
    assert.ok(!caps(w, t.admin.actor, t.orgId).includes('members.invite'));
    rejects(w, () => w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'owner' }), 'cannot_assign_owner');
  });

  test('MEM-5 an admin may set any role but owner', () => {
    const w = world();
    const t = w.team('pro');
    const other = w.join(t.orgId, t.owner, 'admin');
    w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.builder.userId, role: 'admin' });
    w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'builder' });
    w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: other.userId, role: 'member' });
    assert.equal(member(w, t.orgId, t.builder.userId).role, 'admin');
    assert.equal(member(w, t.orgId, t.member.userId).role, 'builder');
    assert.equal(member(w, t.orgId, other.userId).role, 'member');
    rejects(w, () => w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'owner' }), 'cannot_assign_owner');
  });

  test('MEM-5 nobody changes their own role', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.admin.userId, role: 'member' }), 'cannot_change_own_role');
    rejects(w, () => w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.userId, role: 'admin' }), 'cannot_change_own_role');
  });

  test("MEM-5 nobody changes the owner's role", () => {
    const w = world();
    const t = w.team('pro');
    for (const role of ['admin', 'builder', 'member'] as const) {
      rejects(w, () => w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.userId, role }), 'cannot_change_owner_role');
    }
  });

  test('MEM-5 builders and members cannot change roles', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.builder.actor, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'builder' }), 'forbidden');
    rejects(w, () => w.run(t.member.actor, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'admin' }), 'forbidden');
  });

  // — MEM-6 —
  test('MEM-6 any non-owner may leave', () => {
    const w = world();
    const t = w.team('pro');
    for (const who of [t.admin, t.builder, t.member]) {
      assert.ok(caps(w, who.actor, t.orgId).includes('org.leave'));
      assert.deepEqual(w.run(who.actor, 'org.leave', { orgId: t.orgId }), { orgId: t.orgId, left: true });
      assert.ok(!memberOrgIds(w, who.actor).includes(t.orgId));
    }
    assert.deepEqual(Object.keys(roles(w, t.orgId)), [t.userId]);
  });

  test('MEM-6 the owner cannot leave', () => {
    const w = world();
    const t = w.team('pro');
    assert.ok(!caps(w, t.owner, t.orgId).includes('org.leave'));
    rejects(w, () => w.run(t.owner, 'org.leave', { orgId: t.orgId }), 'owner_cannot_leave');
  });

  test('MEM-6 a non-owner holding the billing role cannot leave (BR-6)', () => {
    const w = world();
    const t = w.team('pro');
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.builder.userId });
    w.run(t.builder.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId });
    assert.ok(!caps(w, t.builder.actor, t.orgId).includes('org.leave'));
    rejects(w, () => w.run(t.builder.actor, 'org.leave', { orgId: t.orgId }), 'billing_role_held');
  });

  // — MEM-7 —
  test('MEM-7 only accepted memberships count as billable seats', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'pro');
    w.join(o.orgId, o.owner);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'later@acme.test', role: 'member' });
    assert.deepEqual(list(w, o.orgId).seats, { active: 2, pendingInvites: 1, used: 3, limit: 8, billable: 2 });
    w.run({ kind: 'anonymous' }, 'invite.accept', { inviteId });
    assert.deepEqual(list(w, o.orgId).seats, { active: 3, pendingInvites: 0, used: 3, limit: 8, billable: 3 });
  });

  test('MEM-7 with seat billing, a pending invite adds no seat-days to the invoice', () => {
    const w = world({ policy: { seatBilling: true } });
    const o = w.signUp();
    w.plan(o.orgId, 'pro');
    w.join(o.orgId, o.owner);
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'never@acme.test', role: 'member' });
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'later@acme.test', role: 'member' });
    assert.equal(list(w, o.orgId).seats.billable, 2);
    const termDays = Math.round((termEnd(w, o.orgId) - w.clock.now()) / DAY);
    pastTermEnd(w, o.orgId);
    const [renewal] = w.query(o.owner, 'invoices.list', { orgId: o.orgId }).invoices;
    assert.ok(renewal);
    const seatLine = renewal.lines.find((l) => l.description.startsWith('Seats'));
    assert.ok(seatLine, 'the renewal invoice has a seat line');
    assert.equal(seatLine.quantity, 2 * termDays, 'owner + one accepted member, for the whole term');
  });
});

describe('OWN — ownership', () => {
  // — OWN-1 —
  test('OWN-1 support promotes a member to owner and the previous owner becomes admin, atomically', () => {
    const w = world();
    const t = w.team('pro');
    const res = w.run(SYSTEM, 'ownership.transfer', { orgId: t.orgId, userId: t.member.userId });
    assert.deepEqual(res, { ownerId: t.member.userId, previousOwnerId: t.userId });
    assert.deepEqual(roles(w, t.orgId), {
      [t.userId]: 'admin', [t.admin.userId]: 'admin', [t.builder.userId]: 'builder', [t.member.userId]: 'owner',
    });
    assert.equal(list(w, t.orgId).members.filter((m) => m.role === 'owner').length, 1);
    assert.ok(caps(w, t.member.actor, t.orgId).includes('org.delete'));
    assert.ok(!caps(w, t.owner, t.orgId).includes('org.delete'));
    assert.ok(caps(w, t.owner, t.orgId).includes('members.manage'), 'the previous owner keeps admin rights');
  });

  test('OWN-1 support can promote an admin to owner', () => {
    const w = world();
    const t = w.team('pro');
    w.run(SYSTEM, 'ownership.transfer', { orgId: t.orgId, userId: t.admin.userId });
    assert.equal(member(w, t.orgId, t.admin.userId).role, 'owner');
    assert.equal(member(w, t.orgId, t.userId).role, 'admin');
    assert.equal(list(w, t.orgId).members.filter((m) => m.role === 'owner').length, 1);
  });

  test('OWN-1 ownership goes only to another active member', () => {
    const { w, orgId, userId, m1 } = downgradedTeam();
    rejects(w, () => w.run(SYSTEM, 'ownership.transfer', { orgId, userId: m1.userId }), 'ineligible_recipient');
    rejects(w, () => w.run(SYSTEM, 'ownership.transfer', { orgId, userId }), 'ineligible_recipient');
    rejects(w, () => w.run(SYSTEM, 'ownership.transfer', { orgId, userId: 'usr_nobody' }), 'not_found');
  });

  test('OWN-1 by default transfer is a support action: the owner cannot do it self-serve', () => {
    const w = world();
    const t = w.team('pro');
    assert.ok(!caps(w, t.owner, t.orgId).includes('ownership.transfer'));
    rejects(w, () => w.run(t.owner, 'ownership.transfer', { orgId: t.orgId, userId: t.admin.userId }), 'forbidden');
    rejects(w, () => w.run(t.admin.actor, 'ownership.transfer', { orgId: t.orgId, userId: t.admin.userId }), 'forbidden');
    assert.equal(member(w, t.orgId, t.userId).role, 'owner');
  });

  test('OWN-1 the owner role is never given through role change or invite', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.admin.userId, role: 'owner' }), 'cannot_assign_owner');
    rejects(w, () => w.run(t.owner, 'invite.create', { orgId: t.orgId, email: 'boss@acme.test', role: 'owner' }), 'cannot_assign_owner');
  });

  // — OWN-2 —
  test('OWN-2 the sole owner can never be demoted', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.userId, role: 'admin' }), 'cannot_change_owner_role');
    rejects(w, () => w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.userId, role: 'admin' }), 'cannot_change_own_role');
    assert.equal(member(w, t.orgId, t.userId).role, 'owner');
  });

  test('OWN-2 the sole owner can never be removed', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.admin.actor, 'member.remove', { orgId: t.orgId, userId: t.userId }), 'cannot_remove_owner');
    rejects(w, () => w.run(t.owner, 'member.remove', { orgId: t.orgId, userId: t.userId }), 'cannot_remove_self');
    rejects(w, () => w.run(t.owner, 'org.leave', { orgId: t.orgId }), 'owner_cannot_leave');
  });

  test('OWN-2 the owner is never deactivated by a downgrade', () => {
    const w = world();
    const t = standardTrio(w);
    w.pay(t.admin.actor, 'plan.change', { orgId: t.orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    pastTermEnd(w, t.orgId);
    const owner = member(w, t.orgId, t.userId);
    assert.deepEqual([owner.role, owner.state], ['owner', 'active']);
  });

  test('OWN-2 after a support transfer the former owner is an ordinary admin again', () => {
    const w = world();
    const t = w.team('pro');
    w.run(SYSTEM, 'ownership.transfer', { orgId: t.orgId, userId: t.admin.userId });
    // the new owner is now the protected one …
    rejects(w, () => w.run(t.owner, 'member.remove', { orgId: t.orgId, userId: t.admin.userId }), 'cannot_remove_owner');
    // … and the former owner can be managed like any admin
    w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.userId, role: 'builder' });
    assert.equal(member(w, t.orgId, t.userId).role, 'builder');
  });
});
