import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../engine/index.js';
import { ANONYMOUS } from '../../engine/index.js';
import type { World } from './world.js';
import { HOUR, SYSTEM, asUser, rejects, world } from './world.js';

// — helpers local to this file —

function caps(w: World, actor: Actor, orgId: string): string[] {
  const m = w.query(actor, 'session', {}).memberships.find((x) => x.orgId === orgId);
  assert.ok(m, 'the caller should be a member of the organization');
  return m.capabilities;
}

function member(w: World, orgId: string, userId: string) {
  const m = w.query(SYSTEM, 'members.list', { orgId }).members.find((x) => x.userId === userId);
  assert.ok(m, `${userId} should be a member`);
  return m;
}

function invites(w: World, orgId: string) {
  return w.query(SYSTEM, 'invites.list', { orgId });
}

function seats(w: World, orgId: string) {
  return w.query(SYSTEM, 'members.list', { orgId }).seats;
}

/** Move the clock just past the end of the organization's current term (a scheduled change applies there). */
function pastTermEnd(w: World, orgId: string): void {
  const end = Date.parse(w.query(SYSTEM, 'subscription.get', { orgId }).termEnd);
  w.advance(end - w.clock.now() + 1);
}

/** An owner on Pro (8 seats) with a saved card. */
function proOrg(w: World) {
  const o = w.signUp();
  w.plan(o.orgId, 'pro');
  return o;
}

function inviteOnlyDeployment(w: World, orgId: string, by: Actor, inviteOnly = true): string {
  const agentId = w.agent(orgId, by);
  return w.run(by, 'deployment.create', { orgId, agentId, name: 'Private desk', channel: 'chat', modelId: 'gpt-5', inviteOnly })
    .id;
}

describe('INV — invitations', () => {
  // — INV-1 —
  test('INV-1 an invite is an email plus a role, for each of admin, builder and member', () => {
    const w = world();
    const o = proOrg(w);
    for (const role of ['admin', 'builder', 'member'] as const) {
      w.run(o.owner, 'invite.create', { orgId: o.orgId, email: `${role}@acme.test`, role });
    }
    const list = invites(w, o.orgId);
    assert.deepEqual(
      list.map((i) => ({ email: i.email, role: i.role, status: i.status })),
      [
        { email: 'admin@acme.test', role: 'admin', status: 'pending' },
        { email: 'builder@acme.test', role: 'builder', status: 'pending' },
        { email: 'member@acme.test', role: 'member', status: 'pending' },
      ],
    );
  });

  test('INV-1 the owner role can never be invited', () => {
    const w = world();
    const o = proOrg(w);
    const admin = w.join(o.orgId, o.owner, 'admin');
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'boss@acme.test', role: 'owner' }), 'cannot_assign_owner');
    rejects(w, () => w.run(admin.actor, 'invite.create', { orgId: o.orgId, email: 'boss@acme.test', role: 'owner' }), 'cannot_assign_owner');
    assert.deepEqual(invites(w, o.orgId), []);
  });

  test('INV-1 a role outside the four roles and a malformed email are refused', () => {
    const w = world();
    const o = proOrg(w);
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'x@acme.test', role: 'billing' as unknown as 'member' }), 'validation_failed');
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'not-an-email', role: 'member' }), 'validation_failed');
  });

  test('INV-1 an invite may carry a list of invite-only deployments', () => {
    const w = world();
    const o = proOrg(w);
    const dep = inviteOnlyDeployment(w, o.orgId, o.owner);
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'guest@acme.test', role: 'member', deploymentIds: [dep] });
    const [invite] = invites(w, o.orgId);
    assert.ok(invite);
    assert.deepEqual(invite.deploymentIds, [dep]);
  });

  test('INV-1 only invite-only deployments of this organization can be attached', () => {
    const w = world();
    const o = proOrg(w);
    const open = inviteOnlyDeployment(w, o.orgId, o.owner, false);
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'g@acme.test', role: 'member', deploymentIds: [open] }), 'validation_failed');
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'g@acme.test', role: 'member', deploymentIds: ['dep_nope'] }), 'validation_failed');
  });

  // — INV-2 —
  test('INV-2 owner and admin can invite and revoke', () => {
    const w = world();
    const t = w.team('pro');
    for (const actor of [t.owner, t.admin.actor]) {
      assert.ok(caps(w, actor, t.orgId).includes('members.invite'));
      const { id: inviteId } = w.run(actor, 'invite.create', { orgId: t.orgId, email: `${actor.kind === 'user' ? actor.userId : 'x'}@new.test`, role: 'member' });
      assert.ok(invites(w, t.orgId).some((i) => i.id === inviteId));
      const revoked = w.run(actor, 'invite.revoke', { orgId: t.orgId, inviteId });
      assert.deepEqual([revoked.id, revoked.status], [inviteId, 'revoked']);
      assert.ok(!invites(w, t.orgId).some((i) => i.id === inviteId));
    }
  });

  test('INV-2 builders and members can neither invite nor revoke', () => {
    const w = world();
    const t = w.team('pro');
    const { id: inviteId } = w.run(t.owner, 'invite.create', { orgId: t.orgId, email: 'x@new.test', role: 'member' });
    for (const who of [t.builder, t.member]) {
      assert.ok(!caps(w, who.actor, t.orgId).includes('members.invite'));
      rejects(w, () => w.run(who.actor, 'invite.create', { orgId: t.orgId, email: 'y@new.test', role: 'member' }), 'forbidden');
      rejects(w, () => w.run(who.actor, 'invite.revoke', { orgId: t.orgId, inviteId }), 'forbidden');
    }
    assert.equal(invites(w, t.orgId).find((i) => i.id === inviteId)?.status, 'pending');
  });

  test('INV-2 strangers and the system cannot invite', () => {
    const w = world();
    const o = proOrg(w);
    const stranger = w.signUp();
    rejects(w, () => w.run(stranger.owner, 'invite.create', { orgId: o.orgId, email: 'y@new.test', role: 'member' }), 'org_not_found');
    rejects(w, () => w.run(ANONYMOUS, 'invite.create', { orgId: o.orgId, email: 'y@new.test', role: 'member' }), 'unauthenticated');
    rejects(w, () => w.run(SYSTEM, 'invite.create', { orgId: o.orgId, email: 'y@new.test', role: 'member' }), 'forbidden');
  });

  // — INV-3 —
  test('INV-3 no invite for an email that is already a member (case-insensitive)', () => {
    const w = world();
    const o = proOrg(w);
    w.join(o.orgId, o.owner, 'member', 'mia@acme.test');
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'mia@acme.test', role: 'admin' }), 'already_member');
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'MIA@Acme.Test', role: 'admin' }), 'already_member');
    const ownerEmail = w.query(o.owner, 'session', {}).user.email;
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: ownerEmail.toUpperCase(), role: 'admin' }), 'already_member');
  });

  test('INV-3 no second invite while one is pending and unexpired (case-insensitive)', () => {
    const w = world();
    const o = proOrg(w);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'Nora@Acme.test', role: 'member' });
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'builder' }), 'invite_exists', (e) => {
      assert.equal(e.meta?.['inviteId'], inviteId);
    });
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'NORA@ACME.TEST', role: 'member' }), 'invite_exists');
    assert.deepEqual(invites(w, o.orgId).map((i) => i.email), ['nora@acme.test']);
  });

  test('INV-3 a revoked invite no longer blocks a new invite for that email', () => {
    const w = world();
    const o = proOrg(w);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'member' });
    w.run(o.owner, 'invite.revoke', { orgId: o.orgId, inviteId });
    const again = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'admin' });
    assert.deepEqual(invites(w, o.orgId).map((i) => [i.id, i.role]), [[again.id, 'admin']]);
  });

  test('INV-3 the same email may be invited to two different organizations', () => {
    const w = world();
    const a = proOrg(w);
    const b = proOrg(w);
    w.run(a.owner, 'invite.create', { orgId: a.orgId, email: 'nora@acme.test', role: 'member' });
    w.run(b.owner, 'invite.create', { orgId: b.orgId, email: 'nora@acme.test', role: 'member' });
    assert.equal(invites(w, a.orgId).length, 1);
    assert.equal(invites(w, b.orgId).length, 1);
  });

  // — INV-4 —
  test('INV-4 an invite expires 72 hours after creation', () => {
    const w = world();
    const o = proOrg(w);
    const created = w.clock.now();
    const res = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'member' });
    assert.equal(Date.parse(res.expiresAt), created + 72 * HOUR);
    const [listed] = invites(w, o.orgId);
    assert.ok(listed);
    assert.equal(Date.parse(listed.createdAt), created);
    assert.equal(Date.parse(listed.expiresAt), created + 72 * HOUR);
    w.advance(72 * HOUR - 1);
    assert.equal(invites(w, o.orgId)[0]?.status, 'pending');
    w.advance(1);
    assert.equal(invites(w, o.orgId)[0]?.status, 'expired');
  });

  test('INV-4 an invite can still be accepted just before 72 h', () => {
    const w = world();
    const o = proOrg(w);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'builder' });
    w.advance(72 * HOUR - 1);
    const { userId } = w.run(ANONYMOUS, 'invite.accept', { inviteId, name: 'Nora' });
    assert.equal(member(w, o.orgId, userId).role, 'builder');
  });

  test('INV-4 an invite older than 72 h cannot be accepted', () => {
    const w = world();
    const o = proOrg(w);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'member' });
    w.advance(72 * HOUR);
    rejects(w, () => w.run(ANONYMOUS, 'invite.accept', { inviteId, name: 'Nora' }), 'invite_expired');
    // also for an existing account signed in with the invited email
    const nora = w.signUp({ email: 'nora@acme.test' });
    rejects(w, () => w.run(nora.owner, 'invite.accept', { inviteId }), 'invite_expired');
    assert.equal(w.query(SYSTEM, 'members.list', { orgId: o.orgId }).members.length, 1);
  });

  test('INV-4 an expired invite does not block a new invite for the same email', () => {
    const w = world();
    const o = proOrg(w);
    const first = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'member' });
    w.advance(72 * HOUR);
    const second = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'NORA@acme.test', role: 'admin' });
    assert.notEqual(second.id, first.id);
    const { userId } = w.run(ANONYMOUS, 'invite.accept', { inviteId: second.id });
    assert.equal(member(w, o.orgId, userId).role, 'admin');
    // the old one stays dead
    rejects(w, () => w.run(asUser(userId), 'invite.accept', { inviteId: first.id }), 'invite_expired');
  });

  // — INV-5 —
  test('INV-5 inviting is blocked at the seat limit, with the count and the limit', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard'); // 3 seats
    w.join(o.orgId, o.owner, 'admin');
    w.join(o.orgId, o.owner, 'member');
    assert.deepEqual(seats(w, o.orgId), { active: 3, pendingInvites: 0, used: 3, limit: 3, billable: 3 });
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'x@acme.test', role: 'member' }), 'seat_limit_reached', (e) => {
      assert.equal(e.meta?.['count'], 3);
      assert.equal(e.meta?.['limit'], 3);
      assert.equal(e.meta?.['planId'], 'standard');
      assert.match(e.message, /upgrade/i); // the UI offers an upgrade
      assert.equal(e.status, 409);
    });
  });

  test('INV-5 the owner alone fills the single seat of Free', () => {
    const w = world();
    const o = w.signUp();
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'x@acme.test', role: 'member' }), 'seat_limit_reached', (e) => {
      assert.deepEqual([e.meta?.['count'], e.meta?.['limit']], [1, 1]);
    });
    assert.ok(caps(w, o.owner, o.orgId).includes('plans.change'), 'the owner can take the upgrade offered');
  });

  test('INV-5 [D] pending invites hold a seat', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'a@acme.test', role: 'member' });
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'b@acme.test', role: 'member' });
    assert.deepEqual(seats(w, o.orgId), { active: 1, pendingInvites: 2, used: 3, limit: 3, billable: 1 });
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'c@acme.test', role: 'member' }), 'seat_limit_reached', (e) => {
      assert.deepEqual([e.meta?.['count'], e.meta?.['limit']], [3, 3]);
    });
  });

  test('INV-5 an expired invite no longer holds a seat', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.join(o.orgId, o.owner);
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'a@acme.test', role: 'member' });
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'b@acme.test', role: 'member' }), 'seat_limit_reached');
    w.advance(72 * HOUR);
    assert.equal(seats(w, o.orgId).used, 2);
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'b@acme.test', role: 'member' });
    assert.equal(seats(w, o.orgId).used, 3);
  });

  test('INV-5 a revoked invite frees its seat', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.join(o.orgId, o.owner);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'a@acme.test', role: 'member' });
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'b@acme.test', role: 'member' }), 'seat_limit_reached');
    w.run(o.owner, 'invite.revoke', { orgId: o.orgId, inviteId });
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'b@acme.test', role: 'member' });
    assert.deepEqual(invites(w, o.orgId).map((i) => i.email), ['b@acme.test']);
  });

  // — INV-6 —
  test('INV-6 accepting an invite whose seat is held succeeds up to the limit', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const a = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'a@acme.test', role: 'member' });
    const b = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'b@acme.test', role: 'builder' });
    w.run(ANONYMOUS, 'invite.accept', { inviteId: a.id });
    w.run(ANONYMOUS, 'invite.accept', { inviteId: b.id });
    assert.deepEqual(seats(w, o.orgId), { active: 3, pendingInvites: 0, used: 3, limit: 3, billable: 3 });
  });

  test('INV-6 [D] accepting re-checks the seat limit after a downgrade and fails cleanly', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    // downgrade to Lite (1 seat) scheduled for the end of the term
    const scheduled = w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    assert.equal(scheduled.status, 'scheduled');
    const end = Date.parse(w.query(SYSTEM, 'subscription.get', { orgId: o.orgId }).termEnd);
    w.advance(end - w.clock.now() - HOUR); // an hour before the change applies: still Standard
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'late@acme.test', role: 'member' });
    w.advance(2 * HOUR); // the downgrade has applied
    assert.equal(w.query(SYSTEM, 'subscription.get', { orgId: o.orgId }).planId, 'lite');
    rejects(w, () => w.run(ANONYMOUS, 'invite.accept', { inviteId, name: 'Late' }), 'seat_limit_reached', (e) => {
      assert.deepEqual([e.meta?.['count'], e.meta?.['limit']], [1, 1]);
    });
    // nothing half-done: no account was created, the invite is still pending, the member list is unchanged
    assert.equal(w.query(SYSTEM, 'members.list', { orgId: o.orgId }).members.length, 1);
    assert.equal(invites(w, o.orgId).find((i) => i.id === inviteId)?.status, 'pending');
  });

  test('INV-6 [D] the re-check also applies to a signed-in invitee', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    const end = Date.parse(w.query(SYSTEM, 'subscription.get', { orgId: o.orgId }).termEnd);
    w.advance(end - w.clock.now() - HOUR);
    const nora = w.signUp({ email: 'nora@acme.test' });
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'nora@acme.test', role: 'admin' });
    pastTermEnd(w, o.orgId);
    rejects(w, () => w.run(nora.owner, 'invite.accept', { inviteId }), 'seat_limit_reached');
    assert.deepEqual(w.query(nora.owner, 'session', {}).memberships.map((m) => m.orgId), [nora.orgId]);
  });

  // — INV-7 —
  test('INV-7 pending invites are listed with role, inviter and expiry', () => {
    const w = world();
    const t = w.team('pro');
    const a = w.run(t.owner, 'invite.create', { orgId: t.orgId, email: 'a@acme.test', role: 'member' });
    w.advance(HOUR);
    const b = w.run(t.admin.actor, 'invite.create', { orgId: t.orgId, email: 'b@acme.test', role: 'builder' });
    const list = w.query(t.admin.actor, 'invites.list', { orgId: t.orgId });
    assert.deepEqual(
      list.map((i) => ({ id: i.id, email: i.email, role: i.role, invitedBy: i.invitedBy, status: i.status, expiresAt: i.expiresAt })),
      [
        { id: a.id, email: 'a@acme.test', role: 'member', invitedBy: t.userId, status: 'pending', expiresAt: a.expiresAt },
        { id: b.id, email: 'b@acme.test', role: 'builder', invitedBy: t.admin.userId, status: 'pending', expiresAt: b.expiresAt },
      ],
    );
    // the list of invites is part of managing invites: not for builders or members
    rejects(w, () => w.query(t.builder.actor, 'invites.list', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(t.member.actor, 'invites.list', { orgId: t.orgId }), 'forbidden');
  });

  test('INV-7 a pending invite can be revoked; it leaves the list and can no longer be accepted', () => {
    const w = world();
    const o = proOrg(w);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'a@acme.test', role: 'member' });
    const res = w.run(o.owner, 'invite.revoke', { orgId: o.orgId, inviteId });
    assert.equal(res.status, 'revoked');
    assert.deepEqual(invites(w, o.orgId), []);
    assert.equal(seats(w, o.orgId).pendingInvites, 0);
    rejects(w, () => w.run(ANONYMOUS, 'invite.accept', { inviteId }), 'invite_not_pending');
  });

  test('INV-7 an accepted invite cannot be revoked', () => {
    const w = world();
    const o = proOrg(w);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'a@acme.test', role: 'member' });
    const { userId } = w.run(ANONYMOUS, 'invite.accept', { inviteId });
    assert.deepEqual(invites(w, o.orgId), [], 'an accepted invite is no longer listed as pending');
    rejects(w, () => w.run(o.owner, 'invite.revoke', { orgId: o.orgId, inviteId }), 'invite_not_pending');
    assert.equal(member(w, o.orgId, userId).state, 'active');
  });

  test("INV-7 an invite of another organization cannot be revoked from here", () => {
    const w = world();
    const a = proOrg(w);
    const b = proOrg(w);
    const { id: inviteId } = w.run(a.owner, 'invite.create', { orgId: a.orgId, email: 'a@acme.test', role: 'member' });
    rejects(w, () => w.run(b.owner, 'invite.revoke', { orgId: b.orgId, inviteId }), 'not_found');
    assert.equal(invites(w, a.orgId)[0]?.status, 'pending');
  });

  // — INV-8 —
  test('INV-8 accepting creates an active membership with the invited role', () => {
    const w = world();
    const o = proOrg(w);
    for (const role of ['admin', 'builder', 'member'] as const) {
      const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: `${role}@acme.test`, role });
      const res = w.run(ANONYMOUS, 'invite.accept', { inviteId, name: `New ${role}` });
      assert.deepEqual(res, { orgId: o.orgId, userId: res.userId, role });
      const row = member(w, o.orgId, res.userId);
      assert.deepEqual([row.email, row.name, row.role, row.state, row.deactivatedAt], [`${role}@acme.test`, `New ${role}`, role, 'active', null]);
      const mine = w.query(asUser(res.userId), 'session', {}).memberships;
      assert.deepEqual(mine.map((m) => [m.orgId, m.role, m.state]), [[o.orgId, role, 'active']]);
    }
    assert.equal(seats(w, o.orgId).active, 4);
  });

  test('INV-8 an existing account accepts while signed in with the invited email', () => {
    const w = world();
    const o = proOrg(w);
    const nora = w.signUp({ email: 'nora@acme.test' });
    const other = w.signUp({ email: 'other@acme.test' });
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'NORA@acme.test', role: 'builder' });
    rejects(w, () => w.run(other.owner, 'invite.accept', { inviteId }), 'invite_email_mismatch');
    rejects(w, () => w.run(ANONYMOUS, 'invite.accept', { inviteId }), 'unauthenticated');
    const res = w.run(nora.owner, 'invite.accept', { inviteId });
    assert.equal(res.userId, nora.userId);
    const orgs = w.query(nora.owner, 'session', {}).memberships.map((m) => [m.orgId, m.role]);
    assert.deepEqual(orgs.sort(), [[nora.orgId, 'owner'], [o.orgId, 'builder']].sort());
  });

  test('INV-8 accepting links the invite-only deployments', () => {
    const w = world();
    const o = proOrg(w);
    const d1 = inviteOnlyDeployment(w, o.orgId, o.owner);
    const d2 = inviteOnlyDeployment(w, o.orgId, o.owner);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'g@acme.test', role: 'member', deploymentIds: [d1, d2] });
    const { userId } = w.run(ANONYMOUS, 'invite.accept', { inviteId });
    assert.deepEqual(member(w, o.orgId, userId).deploymentIds, [d1, d2]);
    // an invite without deployments links none
    const plain = w.join(o.orgId, o.owner);
    assert.deepEqual(member(w, o.orgId, plain.userId).deploymentIds, []);
  });

  test('INV-8 an invite is accepted once only', () => {
    const w = world();
    const o = proOrg(w);
    const { id: inviteId } = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'g@acme.test', role: 'member' });
    const { userId } = w.run(ANONYMOUS, 'invite.accept', { inviteId });
    rejects(w, () => w.run(asUser(userId), 'invite.accept', { inviteId }), 'invite_not_pending');
    rejects(w, () => w.run(ANONYMOUS, 'invite.accept', { inviteId }), 'invite_not_pending');
    assert.equal(seats(w, o.orgId).active, 2);
  });
});
