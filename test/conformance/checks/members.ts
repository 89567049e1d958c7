import { atMost, equal, excludes, expect, includes } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import { API_BASE } from '../contract.js';

export const memberChecks: Check[] = [
  check('MEM-1', 'a member is active or deactivated, and there is no manual deactivate action', async (t) => {
    await t.reset('pending-downgrade');
    const { members } = await t.members();
    for (const m of members) includes(['active', 'deactivated'], m.state, `state of ${m.email}`);
    const target = t.who('builder');
    await t.err('member.changeRole', 'validation_failed', { params: { userId: target.userId }, body: { state: 'deactivated' } });
    await t.err('member.changeRole', 'validation_failed', { params: { userId: target.userId }, body: { role: 'builder', state: 'deactivated' } });
    const raw = await t.c.http.raw('POST', `${API_BASE}/orgs/${t.orgId}/members/${target.userId}/deactivate`, { token: t.who('owner').token, body: {} });
    expect(raw.status === 404 || raw.status === 405, `POST …/members/:userId/deactivate answered ${String(raw.status)}; there is no such action`);
    await t.err('member.reactivate', 'member_not_deactivated', { params: { userId: target.userId } });
    equal((await t.member(target.userId)).state, 'active', 'state after the attempts');
  }),

  check('MEM-2', 'when a downgrade applies, members beyond the seat limit and not on the keep-list are deactivated', async (t) => {
    await t.reset('pending-downgrade');
    const sub = await t.ok('subscription.get');
    const keep = sub.pendingChange?.keep;
    expect(keep, 'pending-downgrade has a keep-list');
    await t.clock({ to: 'period_end' });
    const after = await t.ok('subscription.get');
    equal(after.planId, sub.pendingChange?.planId, 'plan after the period end');
    const { members, seats } = await t.members();
    const owner = members.find((m) => m.role === 'owner');
    equal(owner?.state, 'active', 'the owner');
    for (const m of members) {
      const kept = m.role === 'owner' || keep.memberIds.includes(m.userId);
      equal(m.state, kept ? 'active' : 'deactivated', `${m.email} (${kept ? 'kept' : 'not kept'})`);
      if (!kept) expect(m.deactivatedAt !== null, `${m.email} has deactivatedAt`);
    }
    if (after.limits.seats !== null) atMost(seats.active, after.limits.seats, 'active members after the downgrade');
  }),

  check('MEM-2', 'the owner is always kept, even when the keep-list leaves them out', async (t) => {
    await t.reset('standard-team');
    const agentId = (await t.ok('agents.list'))[0]?.id ?? '';
    const r = await t.ok('plan.change', { body: { planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [agentId] } } });
    equal(r.status, 'scheduled', 'cancellation');
    await t.clock({ to: 'period_end' });
    const { members } = await t.members();
    for (const m of members) equal(m.state, m.role === 'owner' ? 'active' : 'deactivated', `${m.role} ${m.email} after moving to Free`);
  }),

  check('MEM-3', 'reactivating takes a seat and is blocked at the seat limit', async (t) => {
    await t.reset('pending-downgrade');
    await t.clock({ to: 'period_end' });
    const { members, seats } = await t.members();
    const off = members.filter((m) => m.state === 'deactivated');
    const kept = members.find((m) => m.state === 'active' && m.role !== 'owner' && m.role !== 'admin');
    expect(off.length >= 2 && kept, 'after the downgrade two members are deactivated and a non-admin is kept');
    equal(seats.used, seats.limit, 'seats are full after the downgrade');
    const [a, b] = off;
    expect(a && b, 'two deactivated members');
    const e = await t.err('member.reactivate', 'seat_limit_reached', { params: { userId: a.userId } });
    equal([e.meta?.count, e.meta?.limit], [seats.limit, seats.limit], 'error meta {count, limit}');
    await t.err('member.reactivate', 'forbidden', { as: t.who('builder'), params: { userId: a.userId } });
    await t.ok('member.remove', { params: { userId: kept.userId } });
    const back = await t.ok('member.reactivate', { as: t.who('admin'), params: { userId: a.userId } });
    equal([back.state, back.deactivatedAt], ['active', null], 'the reactivated member');
    equal((await t.members()).seats.active, seats.active, 'active seats after freeing one and reactivating');
    await t.err('member.reactivate', 'seat_limit_reached', { params: { userId: b.userId } });
  }),

  check('MEM-4', 'owner and admin remove members, never themselves and never the owner', async (t) => {
    await t.reset('standard-team');
    const owner = t.who('owner');
    const admin = t.who('admin');
    const builder = t.who('builder');
    await t.err('member.remove', 'cannot_remove_self', { as: admin, params: { userId: admin.userId } });
    await t.err('member.remove', 'cannot_remove_owner', { as: admin, params: { userId: owner.userId } });
    await t.err('member.remove', ['cannot_remove_self', 'cannot_remove_owner'], { as: owner, params: { userId: owner.userId } });
    await t.err('member.remove', 'forbidden', { as: builder, params: { userId: admin.userId } });
    const r = await t.ok('member.remove', { as: admin, params: { userId: builder.userId } });
    equal([r.userId, r.removed], [builder.userId, true], 'member.remove answer');
    excludes((await t.members()).members.map((m) => m.userId), builder.userId, 'members after removal');
    await t.err('member.remove', 'not_found', { params: { userId: builder.userId } });
    await t.err('org.get', ['org_not_found', 'not_found'], { as: builder });
  }),

  check('MEM-5', 'owner and admin set any role but owner; nobody changes their own or the owner\'s role', async (t) => {
    await t.reset('pending-downgrade');
    const owner = t.who('owner');
    const admin = t.who('admin');
    const bea = t.who('builder', 0);
    const nina = t.who('builder', 1);
    const marco = t.who('member');
    await t.err('member.changeRole', 'forbidden', { as: bea, params: { userId: marco.userId }, body: { role: 'admin' } });
    await t.err('member.changeRole', 'forbidden', { as: marco, params: { userId: bea.userId }, body: { role: 'member' } });
    equal((await t.ok('member.changeRole', { as: owner, params: { userId: nina.userId }, body: { role: 'admin' } })).role, 'admin', 'owner sets admin');
    equal((await t.ok('member.changeRole', { as: admin, params: { userId: bea.userId }, body: { role: 'member' } })).role, 'member', 'admin sets member');
    equal((await t.ok('member.changeRole', { as: admin, params: { userId: marco.userId }, body: { role: 'admin' } })).role, 'admin', 'admin sets admin');
    equal((await t.ok('member.changeRole', { as: admin, params: { userId: nina.userId }, body: { role: 'builder' } })).role, 'builder', 'admin changes another admin');
    await t.err('member.changeRole', 'cannot_change_own_role', { as: admin, params: { userId: admin.userId }, body: { role: 'builder' } });
    await t.err('member.changeRole', ['cannot_change_own_role', 'cannot_change_owner_role'], { as: owner, params: { userId: owner.userId }, body: { role: 'admin' } });
    await t.err('member.changeRole', 'cannot_change_owner_role', { as: admin, params: { userId: owner.userId }, body: { role: 'admin' } });
    await t.err('member.changeRole', 'cannot_assign_owner', { as: owner, params: { userId: admin.userId }, body: { role: 'owner' } });
    await t.err('member.changeRole', 'cannot_assign_owner', { as: admin, params: { userId: bea.userId }, body: { role: 'owner' } });
    equal((await t.member(owner.userId)).role, 'owner', 'the owner after all attempts');
  }),

  check('MEM-6', 'any non-owner may leave; the owner cannot', async (t) => {
    await t.reset('pending-downgrade');
    for (const p of [t.who('builder', 1), t.who('member'), t.who('admin')]) {
      const r = await t.ok('org.leave', { as: p });
      equal([r.orgId, r.left], [t.orgId, true], `${p.role} leaving`);
      excludes((await t.members()).members.map((m) => m.userId), p.userId, 'members after leaving');
    }
    await t.err('org.leave', 'owner_cannot_leave', { as: t.who('owner') });
  }),

  check('MEM-7', 'only accepted memberships count as billable seats', async (t) => {
    await t.reset('pending-downgrade');
    const before = (await t.members()).seats;
    equal(before.billable, before.active, 'billable seats before inviting');
    const inv = await t.ok('invite.create', { body: { email: t.email('mem7'), role: 'member' } });
    const pending = (await t.members()).seats;
    equal([pending.billable, pending.pendingInvites, pending.used], [before.billable, before.pendingInvites + 1, before.used + 1], 'seats {billable, pendingInvites, used} with a pending invite');
    await t.ok('invite.accept', { as: null, params: { inviteId: inv.id }, body: { name: 'Accepted' } });
    const accepted = (await t.members()).seats;
    equal([accepted.billable, accepted.pendingInvites], [before.billable + 1, before.pendingInvites], 'seats {billable, pendingInvites} after acceptance');
  }),

  check('OWN-1', 'ownership moves only by support (by default), promoting one member and demoting the previous owner to admin', async (t) => {
    await t.reset('standard-team');
    const owner = t.who('owner');
    const admin = t.who('admin');
    await t.err('ownership.transfer', 'forbidden', { as: owner, body: { userId: admin.userId } });
    await t.c.controlOk('ownership', { params: { orgId: t.orgId }, body: { userId: admin.userId } });
    const { members } = await t.members();
    equal(members.find((m) => m.userId === admin.userId)?.role, 'owner', 'the promoted member');
    equal(members.find((m) => m.userId === owner.userId)?.role, 'admin', 'the previous owner');
    equal(members.filter((m) => m.role === 'owner').length, 1, 'owners');
    includes(await t.caps(admin), 'org.delete', 'capabilities of the new owner');
    excludes(await t.caps(owner), 'org.delete', 'capabilities of the previous owner');
  }),

  check('OWN-2', 'the sole owner can never be demoted or removed', async (t) => {
    await t.reset('standard-team');
    const owner = t.who('owner');
    const admin = t.who('admin');
    await t.err('member.changeRole', 'cannot_change_owner_role', { as: admin, params: { userId: owner.userId }, body: { role: 'member' } });
    await t.err('member.remove', 'cannot_remove_owner', { as: admin, params: { userId: owner.userId } });
    await t.err('org.leave', 'owner_cannot_leave', { as: owner });
    const m = await t.member(owner.userId);
    equal([m.role, m.state], ['owner', 'active'], 'the owner after all attempts');
  }),
];
