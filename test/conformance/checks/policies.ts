import { equal, excludes, expect, includes } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';
import { HOUR_MS, NOW, sameInstant } from '../context.js';
import type { Person } from '../http.js';

/** The billing actions POL-BILLING-OWNER-ONLY moves to the owner: each answers 403 or not. */
async function billingActions(t: T, as: Person, allowed: boolean): Promise<void> {
  const pkg = (await t.ok('packages.list')).packages[0]?.id ?? '';
  const builder = t.who('builder');
  const agentId = (await t.ok('agents.list'))[0]?.id ?? '';
  const calls = [
    () => t.call('plan.preview', { as, body: { planId: 'pro', interval: 'month' } }),
    () => t.call('plan.change', { as, body: { planId: 'standard', interval: 'year' } }),
    () => t.call('package.purchase', { as, body: { packageId: pkg } }),
    () => t.call('checkout.start', { as, body: { purpose: 'package', packageId: pkg } }),
    () => t.call('autoRecharge.setPackage', { as, body: { packageId: pkg } }),
    () => t.call('autoRecharge.setEnabled', { as, body: { enabled: false } }),
    () => t.call('caps.setMember', { as, params: { userId: builder.userId }, body: { cap: 5_000 } }),
    () => t.call('caps.setAgent', { as, params: { agentId }, body: { cap: 5_000 } }),
    () => t.call('alerts.configure', { as, body: { thresholdPct: 25, recipientIds: [] } }),
    () => t.call('invoices.list', { as }),
  ];
  for (const call of calls) {
    const r = await call();
    if (allowed) t.c.expectOk(r);
    else t.c.expectErr(r, 'forbidden');
  }
}

export const policyChecks: Check[] = [
  check('POL-BILLING-OWNER-ONLY', 'off (S0): admins change plans, buy credits, set auto-recharge and caps, read invoices', async (t) => {
    await t.reset('standard-team');
    await billingActions(t, t.who('admin'), true);
  }),

  check('POL-BILLING-OWNER-ONLY', 'on: plan changes, purchases, auto-recharge, caps and invoices are owner-only', async (t) => {
    await t.reset('standard-team', { policy: { 'POL-BILLING-OWNER-ONLY': true } });
    const admin = t.who('admin');
    const caps = await t.caps(admin);
    for (const c of ['plans.change', 'credits.purchase', 'autorecharge.manage', 'caps.manage', 'invoices.read']) excludes(caps, c, 'admin capabilities');
    await billingActions(t, admin, false);
    await billingActions(t, t.who('owner'), true);
  }),

  check('POL-TOPUP-FIRST', 'off (S0): the plan allowance, expiring sooner, is debited before purchased credits', async (t) => {
    await t.reset('standard-team');
    const c = await t.ok('credits.get');
    const allowance = c.blocks.find((b) => b.source === 'allowance');
    const purchase = c.blocks.find((b) => b.source === 'purchase');
    expect(allowance && purchase, 'standard-team has an allowance and a purchase block');
    await t.burn(100);
    const c2 = await t.ok('credits.get');
    equal(c2.blocks.find((b) => b.id === allowance.id)?.remaining, allowance.remaining - 100, 'allowance after a debit');
    equal(c2.blocks.find((b) => b.id === purchase.id)?.remaining, purchase.remaining, 'purchase after a debit');
  }),

  check('POL-TOPUP-FIRST', 'on: purchased credits are debited before the plan allowance', async (t) => {
    await t.reset('standard-team', { policy: { 'POL-TOPUP-FIRST': true } });
    const pkg = (await t.ok('packages.list')).packages[0]?.id ?? '';
    await t.ok('package.purchase', { body: { packageId: pkg } });
    const c = await t.ok('credits.get');
    equal(c.blocks[0]?.source, 'purchase', 'first block in debit order');
    const allowance = c.blocks.find((b) => b.source === 'allowance');
    const purchase = c.blocks.find((b) => b.source === 'purchase');
    expect(allowance && purchase, 'standard-team has an allowance and a purchase block');
    await t.burn(100);
    const c2 = await t.ok('credits.get');
    equal(c2.blocks.find((b) => b.id === purchase.id)?.remaining, purchase.remaining - 100, 'purchase after a debit');
    equal(c2.blocks.find((b) => b.id === allowance.id)?.remaining, allowance.remaining, 'allowance after a debit');
  }),

  check('POL-ROLLOVER', 'off (S0): unused plan allowance expires at the cycle end', async (t) => {
    await t.reset('standard-team');
    const c = await t.ok('credits.get');
    const others = c.blocks.filter((b) => b.source !== 'allowance').reduce((s, b) => s + b.remaining, 0);
    await t.clock({ to: 'period_end' });
    const c2 = await t.ok('credits.get');
    expect(!c2.blocks.some((b) => b.source === 'rollover'), 'no rollover block');
    equal(c2.balance, (await t.ok('balance.get')).monthlyAllowance + others, 'balance = fresh allowance + other blocks');
  }),

  check('POL-ROLLOVER', 'on: unused plan allowance rolls over into a rollover block, up to the cap', async (t) => {
    await t.reset('standard-team', { policy: { 'POL-ROLLOVER': true } });
    const c = await t.ok('credits.get');
    const unused = c.blocks.filter((b) => b.source === 'allowance').reduce((s, b) => s + b.remaining, 0);
    const allowance = (await t.ok('balance.get')).monthlyAllowance;
    expect(unused > 0 && unused <= allowance, `unused allowance ${String(unused)} is within one month's allowance`);
    await t.clock({ to: 'period_end' });
    const roll = (await t.ok('credits.get')).blocks.filter((b) => b.source === 'rollover');
    equal(roll.length, 1, 'rollover blocks');
    equal(roll[0]?.initial, unused, 'rolled-over credits');
    const before = (await t.ok('credits.get')).blocks;
    await t.burn(100);
    const after = (await t.ok('credits.get')).blocks;
    const left = (source: string, blocks: typeof before) => blocks.filter((b) => b.source === source).reduce((s, b) => s + b.remaining, 0);
    equal([left('allowance', after), left('rollover', after)], [left('allowance', before) - 100, left('rollover', before)], 'allowance is debited before rollover (CRD-4)');
  }),

  check('POL-OWN-SELF', 'off (S0): ownership transfer is a support action, not self-serve', async (t) => {
    await t.reset('standard-team');
    excludes(await t.caps(t.who('owner')), 'ownership.transfer', 'owner capabilities');
    await t.err('ownership.transfer', 'forbidden', { body: { userId: t.who('admin').userId } });
    equal((await t.member(t.who('owner').userId)).role, 'owner', 'owner after the attempt');
  }),

  check('POL-OWN-SELF', 'on: the owner transfers ownership self-serve and becomes admin', async (t) => {
    await t.reset('standard-team', { policy: { 'POL-OWN-SELF': true } });
    const owner = t.who('owner');
    const admin = t.who('admin');
    includes(await t.caps(owner), 'ownership.transfer', 'owner capabilities');
    await t.err('ownership.transfer', 'forbidden', { as: admin, body: { userId: admin.userId } });
    const r = await t.ok('ownership.transfer', { as: owner, body: { userId: admin.userId } });
    equal([r.ownerId, r.previousOwnerId], [admin.userId, owner.userId], 'ownership transfer');
    equal((await t.member(owner.userId)).role, 'admin', 'previous owner');
    equal((await t.member(admin.userId)).role, 'owner', 'new owner');
  }),

  check('POL-SEAT-BILLING', 'off (S0): the plan\'s seat limit is hard', async (t) => {
    await t.reset('standard-team');
    equal((await t.ok('subscription.get')).seatBilling, false, 'seatBilling');
    equal((await t.members()).seats.limit, 3, 'seat limit');
    await t.err('invite.create', 'seat_limit_reached', { body: { email: t.email('seat-off'), role: 'member' } });
  }),

  check('POL-SEAT-BILLING', 'on: no hard seat limit; seats are billed per accepted member on the invoice', async (t) => {
    await t.reset('standard-team', { policy: { 'POL-SEAT-BILLING': true } });
    equal((await t.ok('subscription.get')).seatBilling, true, 'seatBilling');
    equal((await t.members()).seats.limit, null, 'seat limit');
    const inv = await t.ok('invite.create', { body: { email: t.email('seat-on'), role: 'member' } });
    await t.ok('invite.accept', { as: null, params: { inviteId: inv.id }, body: { name: 'Fourth Seat' } });
    equal((await t.members()).seats.billable, 4, 'billable seats');
    await t.clock({ to: 'period_end' });
    const newest = (await t.ok('invoices.list')).invoices[0];
    const seatLine = newest?.lines.find((l) => /seat/i.test(l.description));
    expect(seatLine, `the renewal invoice has a seat line (lines: ${JSON.stringify(newest?.lines.map((l) => l.description))})`);
    expect(seatLine.quantity > 0 && seatLine.amount > 0, 'the seat line bills a quantity');
  }),

  check('TIME-1', 'one injectable clock drives expiry, renewals and period ends', async (t) => {
    await t.reset('pending-downgrade');
    expect(sameInstant(t.state.now, NOW), `the clock starts at the reset's now (${NOW}), got ${t.state.now}`);
    expect(sameInstant((await t.refresh()).now, NOW), 'a frozen clock does not move by itself');
    const after = await t.clock({ hours: 5 });
    equal(Date.parse(after) - Date.parse(NOW), 5 * HOUR_MS, 'clock moved by 5 hours');
    const inv = await t.ok('invite.create', { body: { email: t.email('time'), role: 'member' } });
    const sub = await t.ok('subscription.get');
    const end = await t.clock({ to: 'period_end' });
    expect(sameInstant(end, sub.termEnd), `to: period_end moves to the term end ${sub.termEnd}, got ${end}`);
    const renewed = await t.ok('subscription.get');
    expect(sameInstant(renewed.termStart, sub.termEnd), 'the term renewed at the old term end');
    expect(Date.parse(renewed.resetsAt) > Date.parse(end), 'the next reset is in the future');
    await t.err('invite.accept', 'invite_expired', { as: null, params: { inviteId: inv.id }, body: {} });
  }),
];
