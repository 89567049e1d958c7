import { equal, excludes, expect, includes } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';
import type { Person } from '../http.js';

async function holders(t: T): Promise<string[]> {
  return (await t.members()).members.filter((m) => m.billingHolder).map((m) => m.userId);
}

async function handOver(t: T, from: Person, to: Person): Promise<void> {
  const tr = await t.ok('billingTransfer.start', { as: from, body: { toUserId: to.userId } });
  const r = await t.ok('billingTransfer.accept', { as: to, params: { transferId: tr.id } });
  equal(r.holderId, to.userId, 'holder after accepting');
}

export const billingRoleChecks: Check[] = [
  check('BR-1', 'exactly one member holds the billing role, and it is never set through a role change', async (t) => {
    await t.reset('standard-team');
    equal(await holders(t), [t.who('owner').userId], 'billing-role holders');
    const b = t.who('builder');
    await t.err('member.changeRole', 'validation_failed', { params: { userId: b.userId }, body: { role: 'billing' } });
    await t.err('member.changeRole', 'validation_failed', { params: { userId: b.userId }, body: { billingHolder: true } });
    await t.err('member.changeRole', 'validation_failed', { params: { userId: b.userId }, body: { role: 'admin', billingHolder: true } });
    await t.ok('member.changeRole', { params: { userId: b.userId }, body: { role: 'admin' } });
    equal(await holders(t), [t.who('owner').userId], 'billing-role holders after a role change');
  }),

  check('BR-2', 'the holder of the billing role sees the organization\'s billing and credit', async (t) => {
    await t.reset('standard-team');
    const b = t.who('builder');
    await t.err('credits.get', 'forbidden', { as: b });
    await t.err('invoices.list', 'forbidden', { as: b });
    await t.err('packages.list', 'forbidden', { as: b });
    equal((await t.ok('subscription.get', { as: b })).paymentMethod, null, 'payment method hidden from a builder');
    await handOver(t, t.who('owner'), b);
    await t.ok('credits.get', { as: b });
    await t.ok('invoices.list', { as: b });
    await t.ok('packages.list', { as: b });
    expect((await t.ok('subscription.get', { as: b })).paymentMethod !== null, 'the holder sees the payment method');
    const s = await t.session(b);
    equal(s.memberships.find((m) => m.orgId === t.orgId)?.billingHolder, true, 'session billingHolder');
  }),

  check('BR-3', 'only the current holder starts a transfer, owner or not', async (t) => {
    await t.reset('standard-team');
    const owner = t.who('owner');
    const admin = t.who('admin');
    const builder = t.who('builder');
    await t.err('billingTransfer.start', 'forbidden', { as: admin, body: { toUserId: builder.userId } });
    await t.err('billingTransfer.start', 'forbidden', { as: builder, body: { toUserId: admin.userId } });
    await handOver(t, owner, admin);
    await t.err('billingTransfer.start', 'forbidden', { as: owner, body: { toUserId: builder.userId } });
    await handOver(t, admin, builder);
    equal(await holders(t), [builder.userId], 'holder after two hand-overs');
  }),

  check('BR-4', 'recipients are active members other than the caller who do not hold the role', async (t) => {
    await t.reset('pending-downgrade');
    await t.clock({ to: 'period_end' });
    const owner = t.who('owner');
    const off = (await t.members()).members.find((m) => m.state === 'deactivated');
    expect(off, 'a member is deactivated after the downgrade');
    await t.err('billingTransfer.start', 'ineligible_recipient', { body: { toUserId: owner.userId } });
    await t.err('billingTransfer.start', 'ineligible_recipient', { body: { toUserId: off.userId } });
    await t.err('billingTransfer.start', ['ineligible_recipient', 'not_found'], { body: { toUserId: 'usr_not_a_member' } });
    const tr = await t.ok('billingTransfer.start', { body: { toUserId: t.who('admin').userId } });
    equal([tr.fromUserId, tr.toUserId], [owner.userId, t.who('admin').userId], 'the transfer');
  }),

  check('BR-5', 'the recipient accepts or declines, the initiator may cancel, one pending transfer at a time', async (t) => {
    await t.reset('standard-team');
    const owner = t.who('owner');
    const admin = t.who('admin');
    const builder = t.who('builder');
    const t1 = await t.ok('billingTransfer.start', { body: { toUserId: admin.userId } });
    await t.err('billingTransfer.start', 'transfer_pending', { body: { toUserId: builder.userId } });
    equal((await t.members()).billingTransfer?.id, t1.id, 'members.list billingTransfer');
    equal((await t.session(admin)).memberships.find((m) => m.orgId === t.orgId)?.billingTransfer?.id, t1.id, 'recipient\'s session billingTransfer');
    await t.err('billingTransfer.accept', 'forbidden', { as: builder, params: { transferId: t1.id } });
    equal((await t.ok('billingTransfer.decline', { as: admin, params: { transferId: t1.id } })).holderId, owner.userId, 'holder after declining');
    equal(await holders(t), [owner.userId], 'holders after declining');
    equal((await t.members()).billingTransfer, null, 'no pending transfer after declining');
    const t2 = await t.ok('billingTransfer.start', { body: { toUserId: admin.userId } });
    await t.err('billingTransfer.cancel', 'forbidden', { as: admin, params: { transferId: t2.id } });
    equal((await t.ok('billingTransfer.cancel', { params: { transferId: t2.id } })).holderId, owner.userId, 'holder after cancelling');
    await t.err('billingTransfer.accept', 'transfer_not_pending', { as: admin, params: { transferId: t2.id } });
    const t3 = await t.ok('billingTransfer.start', { body: { toUserId: admin.userId } });
    const acc = await t.ok('billingTransfer.accept', { as: admin, params: { transferId: t3.id } });
    equal(acc.holderId, admin.userId, 'holder after accepting');
    equal(await holders(t), [admin.userId], 'holders after accepting');
    equal((await t.members()).billingTransfer, null, 'no pending transfer after accepting');
  }),

  check('BR-6', 'the holder cannot leave until the billing role is transferred', async (t) => {
    await t.reset('standard-team');
    const admin = t.who('admin');
    await handOver(t, t.who('owner'), admin);
    excludes(await t.caps(admin), 'org.leave', 'capabilities of the holding admin');
    await t.err('org.leave', 'billing_role_held', { as: admin });
    await handOver(t, admin, t.who('builder'));
    includes(await t.caps(admin), 'org.leave', 'capabilities once the role is handed on');
    await t.ok('org.leave', { as: admin });
  }),
];
