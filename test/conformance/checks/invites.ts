import { equal, expect, includes, notEqual } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';

async function inviteOnlyDeployment(t: T): Promise<string> {
  const agentId = (await t.ok('agents.list'))[0]?.id;
  expect(agentId, 'the scenario has an agent');
  const model = await t.model();
  const d = await t.ok('deployment.create', { body: { agentId, name: 'Partner portal', channel: 'widget', modelId: model.id, inviteOnly: true } });
  equal(d.inviteOnly, true, 'deployment.inviteOnly');
  return d.id;
}

export const inviteChecks: Check[] = [
  check('INV-1', 'an invite is an email and a role among admin, builder, member (never owner), with optional invite-only deployments', async (t) => {
    await t.reset('pending-downgrade');
    await t.err('invite.create', 'cannot_assign_owner', { body: { email: t.email('inv1-owner'), role: 'owner' } });
    await t.err('invite.create', 'validation_failed', { body: { email: t.email('inv1-guest'), role: 'guest' } });
    await t.err('invite.create', 'validation_failed', { body: { email: 'not-an-email', role: 'member' } });
    const dep = await inviteOnlyDeployment(t);
    for (const role of ['admin', 'builder', 'member'] as const) {
      const inv = await t.ok('invite.create', { body: { email: t.email(`inv1-${role}`), role, ...(role === 'member' ? { deploymentIds: [dep] } : {}) } });
      equal(inv.role, role, 'invite.role');
      equal(inv.status, 'pending', 'invite.status');
      if (role === 'member') equal(inv.deploymentIds, [dep], 'invite.deploymentIds');
    }
  }),

  check('INV-2', 'inviting and revoking need owner or admin', async (t) => {
    await t.reset('pending-downgrade');
    const owner = t.who('owner');
    for (const p of [t.who('builder'), t.who('member')]) {
      await t.err('invite.create', 'forbidden', { as: p, body: { email: t.email('inv2'), role: 'member' } });
    }
    const a = await t.ok('invite.create', { as: t.who('admin'), body: { email: t.email('inv2-admin'), role: 'member' } });
    const o = await t.ok('invite.create', { as: owner, body: { email: t.email('inv2-owner'), role: 'builder' } });
    for (const p of [t.who('builder'), t.who('member')]) {
      await t.err('invite.revoke', 'forbidden', { as: p, params: { inviteId: a.id } });
    }
    equal((await t.ok('invite.revoke', { as: owner, params: { inviteId: a.id } })).status, 'revoked', 'revoked by the owner');
    equal((await t.ok('invite.revoke', { as: t.who('admin'), params: { inviteId: o.id } })).status, 'revoked', 'revoked by an admin');
  }),

  check('INV-3', 'no second invite for a member or a pending invitee (emails compared case-insensitively)', async (t) => {
    await t.reset('pending-downgrade');
    await t.ok('invite.create', { body: { email: 'Dup.Person@Example.test', role: 'member' } });
    await t.err('invite.create', 'invite_exists', { body: { email: 'dup.person@example.test', role: 'builder' } });
    await t.err('invite.create', 'invite_exists', { as: t.who('admin'), body: { email: 'DUP.PERSON@EXAMPLE.TEST', role: 'member' } });
    const member = t.who('builder');
    await t.err('invite.create', 'already_member', { body: { email: member.email.toUpperCase(), role: 'member' } });
    await t.err('invite.create', 'already_member', { body: { email: member.email, role: 'admin' } });
  }),

  check('INV-4', 'an invite older than 72 h cannot be accepted and no longer blocks a new invite', async (t) => {
    await t.reset('pending-downgrade');
    const e1 = t.email('inv4-early');
    const e2 = t.email('inv4-late');
    await t.ok('invite.create', { body: { email: e1, role: 'member' } });
    const late = await t.ok('invite.create', { body: { email: e2, role: 'member' } });
    equal(Date.parse(late.expiresAt) - Date.parse(late.createdAt), 72 * 3_600_000, 'expiresAt − createdAt');
    const first = (await t.ok('invites.list')).find((i) => i.email === e1);
    expect(first, 'invites.list shows the first invite');
    await t.clock({ hours: 71 });
    const ok = await t.ok('invite.accept', { as: null, params: { inviteId: first.id }, body: { name: 'Early Bird' } });
    equal(ok.role, 'member', 'accepted within 72 h');
    await t.clock({ hours: 2 });
    await t.err('invite.accept', 'invite_expired', { as: null, params: { inviteId: late.id }, body: { name: 'Late Comer' } });
    const listed = (await t.ok('invites.list')).find((i) => i.id === late.id);
    if (listed) equal(listed.status, 'expired', 'an expired invite still listed');
    const again = await t.ok('invite.create', { body: { email: e2, role: 'builder' } });
    notEqual(again.id, late.id, 'the new invite');
    equal(again.status, 'pending', 'the new invite');
  }),

  check('INV-5', 'inviting is blocked at the seat limit, pending invites holding seats; the error carries count and limit', async (t) => {
    await t.reset('standard-team');
    const full = await t.err('invite.create', 'seat_limit_reached', { body: { email: t.email('inv5'), role: 'member' } });
    equal([full.meta?.count, full.meta?.limit], [3, 3], 'error meta {count, limit} on a full Standard team');
    await t.reset('pending-downgrade');
    const { seats } = await t.members();
    expect(seats.limit !== null, 'Pro has a seat limit');
    const free = seats.limit - seats.used;
    expect(free > 0, 'pending-downgrade has free seats');
    for (let i = 0; i < free; i += 1) await t.ok('invite.create', { body: { email: t.email(`inv5-${String(i)}`), role: 'member' } });
    const after = await t.members();
    equal(after.seats.used, seats.limit, 'seats used once the invites fill the plan');
    const e = await t.err('invite.create', 'seat_limit_reached', { body: { email: t.email('inv5-over'), role: 'member' } });
    equal([e.meta?.count, e.meta?.limit], [seats.limit, seats.limit], 'error meta {count, limit}');
    await t.clock({ hours: 73 });
    equal((await t.members()).seats.pendingInvites, 0, 'expired invites no longer hold seats');
    await t.ok('invite.create', { body: { email: t.email('inv5-after-expiry'), role: 'member' } });
  }),

  check('INV-6', 'accepting re-checks the seat limit and fails cleanly when the plan has no free seat any more', async (t) => {
    await t.reset('pending-downgrade');
    const email = t.email('inv6');
    const inv = await t.ok('invite.create', { body: { email, role: 'member' } });
    await t.c.controlOk('plan', { params: { orgId: t.orgId }, body: { planId: 'standard', interval: 'month' } });
    const before = await t.members();
    equal(before.seats.limit, 3, 'seat limit after support moved the organization to Standard');
    const e = await t.err('invite.accept', 'seat_limit_reached', { as: null, params: { inviteId: inv.id }, body: { name: 'No Seat' } });
    expect(e.message.length > 0, 'the error explains itself');
    const after = await t.members();
    equal(after.members.length, before.members.length, 'members after the refused acceptance');
    expect(!after.members.some((m) => m.email === email), 'the invitee did not become a member');
  }),

  check('INV-7', 'pending invites are listed and revocable; an accepted invite cannot be revoked', async (t) => {
    await t.reset('pending-downgrade');
    const a = await t.ok('invite.create', { body: { email: t.email('inv7-a'), role: 'member' } });
    const b = await t.ok('invite.create', { body: { email: t.email('inv7-b'), role: 'builder' } });
    const list = await t.ok('invites.list');
    for (const i of [a, b]) includes(list.map((x) => [x.id, x.status]), [i.id, 'pending'], 'invites.list');
    const r = await t.ok('invite.revoke', { params: { inviteId: a.id } });
    equal(r.status, 'revoked', 'revoked invite');
    const listed = (await t.ok('invites.list')).find((x) => x.id === a.id);
    expect(!listed || listed.status === 'revoked', `a revoked invite is not listed as pending (got ${listed?.status ?? ''})`);
    await t.err('invite.accept', ['invite_not_pending', 'not_found'], { as: null, params: { inviteId: a.id }, body: {} });
    await t.ok('invite.accept', { as: null, params: { inviteId: b.id }, body: { name: 'Accepted Person' } });
    await t.err('invite.revoke', 'invite_not_pending', { params: { inviteId: b.id } });
  }),

  check('INV-8', 'accepting creates an active membership with the invited role, linked to the invite-only deployments', async (t) => {
    await t.reset('pending-downgrade');
    const dep = await inviteOnlyDeployment(t);
    const email = t.email('inv8');
    const inv = await t.ok('invite.create', { body: { email, role: 'builder', deploymentIds: [dep] } });
    const acc = await t.ok('invite.accept', { as: null, params: { inviteId: inv.id }, body: { name: 'New Builder' } });
    equal([acc.orgId, acc.role], [t.orgId, 'builder'], 'invite.accept answer');
    const m = (await t.members()).members.find((x) => x.userId === acc.userId);
    expect(m, 'the new member is listed');
    equal([m.role, m.state], ['builder', 'active'], 'the new membership');
    includes(m.deploymentIds, dep, 'deployments linked to the new member');
    const person = await t.byEmail(email);
    const s = await t.session(person);
    equal(s.memberships.find((x) => x.orgId === t.orgId)?.role, 'builder', 'the new member\'s session');
  }),

  check('INV-8', 'an existing account accepts signed in as the invited email and joins with the invited role', async (t) => {
    await t.reset('pending-downgrade');
    const email = t.email('inv8-existing');
    const own = await t.ok('account.signUp', { as: null, body: { email, name: 'Existing Account', orgName: 'Own Org' } });
    const person = await t.byEmail(email);
    const inv = await t.ok('invite.create', { body: { email: email.toUpperCase(), role: 'admin' } });
    await t.err('invite.accept', 'invite_email_mismatch', { as: t.who('builder'), params: { inviteId: inv.id }, body: {} });
    await t.err('invite.accept', 'unauthenticated', { as: null, params: { inviteId: inv.id }, body: {} });
    const acc = await t.ok('invite.accept', { as: person, params: { inviteId: inv.id }, body: {} });
    equal([acc.userId, acc.role], [person.userId, 'admin'], 'invite.accept answer');
    const s = await t.session(person);
    equal(s.memberships.map((m) => m.orgId).sort(), [own.orgId, t.orgId].sort(), 'organizations of the account');
    equal((await t.member(person.userId)).state, 'active', 'the new membership');
  }),
];
