import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY, rejects, SYSTEM, world } from './world.js';
import type { World } from './world.js';

/** Every POL-* option is off by default (S0) and switchable; each is tested both ways. */

function adminTeam(w: World) {
  const t = w.team('pro');
  const agentId = w.agent(t.orgId, t.owner);
  return { ...t, agentId };
}

describe('POL-BILLING-OWNER-ONLY', () => {
  test('POL-BILLING-OWNER-ONLY off (S0): an admin changes plans, buys packages, sets auto-recharge and caps, reads invoices', () => {
    const w = world();
    const t = adminTeam(w);
    const a = t.admin.actor;
    assert.equal(w.pay(a, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' }).status, 'paid');
    w.run(a, 'autoRecharge.setPackage', { orgId: t.orgId, packageId: 'pkg_5000' });
    w.run(a, 'caps.setAgent', { orgId: t.orgId, agentId: t.agentId, cap: 500 });
    assert.equal(w.pay(a, 'plan.change', { orgId: t.orgId, planId: 'pro', interval: 'year' }).status, 'applied');
    assert.ok(w.query(a, 'invoices.list', { orgId: t.orgId }).invoices.length >= 2);
    const caps = w.query(a, 'session', {}).memberships[0]?.capabilities ?? [];
    for (const c of ['plans.change', 'credits.purchase', 'autorecharge.manage', 'caps.manage', 'invoices.read'] as const) assert.ok(caps.includes(c), c);
  });

  test('POL-BILLING-OWNER-ONLY on: the same actions are the owner’s only; admins are refused and see no such capability', () => {
    const w = world({ policy: { billingOwnerOnly: true } });
    const t = adminTeam(w);
    const a = t.admin.actor;
    rejects(w, () => w.pay(a, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' }), 'forbidden');
    rejects(w, () => w.run(a, 'autoRecharge.setPackage', { orgId: t.orgId, packageId: 'pkg_5000' }), 'forbidden');
    rejects(w, () => w.run(a, 'caps.setAgent', { orgId: t.orgId, agentId: t.agentId, cap: 500 }), 'forbidden');
    rejects(w, () => w.pay(a, 'plan.change', { orgId: t.orgId, planId: 'pro', interval: 'year' }), 'forbidden');
    rejects(w, () => w.query(a, 'invoices.list', { orgId: t.orgId }), 'forbidden');
    const caps = w.query(a, 'session', {}).memberships[0]?.capabilities ?? [];
    for (const c of ['plans.change', 'credits.purchase', 'autorecharge.manage', 'caps.manage', 'invoices.read'] as const) assert.ok(!caps.includes(c), c);
    // The owner still can.
    assert.equal(w.pay(t.owner, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' }).status, 'paid');
    w.run(t.owner, 'caps.setAgent', { orgId: t.orgId, agentId: t.agentId, cap: 500 });
    assert.equal(w.query(t.owner, 'invoices.list', { orgId: t.orgId }).invoices.length >= 1, true);
  });
});

describe('POL-TOPUP-FIRST', () => {
  function setup(topupFirst: boolean) {
    const w = world({ policy: { topupFirst } });
    const o = w.signUp();
    w.plan(o.orgId, 'lite'); // 1,500 allowance, expiring at the cycle end
    w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' }); // expires in 12 months
    w.use(o.orgId, 300_000); // gpt-5-mini: 300 credits
    const blocks = w.query(o.owner, 'credits.get', { orgId: o.orgId }).blocks;
    const bySource = (s: string) => blocks.find((b) => b.source === s);
    return { allowance: bySource('allowance'), purchase: bySource('purchase') };
  }

  test('POL-TOPUP-FIRST off (S0, CRD-4): the soonest-expiring plan allowance is debited first', () => {
    const { allowance, purchase } = setup(false);
    assert.equal(allowance?.remaining, 1_200);
    assert.equal(purchase?.remaining, 1_000);
  });

  test('POL-TOPUP-FIRST on: purchased credits are debited before the plan allowance', () => {
    const { allowance, purchase } = setup(true);
    assert.equal(allowance?.remaining, 1_500);
    assert.equal(purchase?.remaining, 700);
  });
});

describe('POL-ROLLOVER', () => {
  function cycle(rollover: boolean, words: number) {
    const w = world({ policy: { rollover } });
    const o = w.signUp();
    w.plan(o.orgId, 'lite');
    w.use(o.orgId, words);
    const end = Date.parse(w.query(o.owner, 'subscription.get', { orgId: o.orgId }).resetsAt);
    w.clock.set(end + 1);
    const credits = w.query(o.owner, 'credits.get', { orgId: o.orgId });
    return { w, o, credits };
  }

  test('POL-ROLLOVER off (S0): unused allowance expires at the cycle end; the new cycle starts at the plan allowance', () => {
    const { credits } = cycle(false, 500_000);
    assert.equal(credits.balance, 1_500);
    assert.deepEqual(credits.blocks.map((b) => b.source), ['allowance']);
  });

  test('POL-ROLLOVER on: the unused allowance rolls over into a rollover block, debited after the new allowance', () => {
    const { w, o, credits } = cycle(true, 500_000);
    assert.equal(credits.balance, 1_500 + 1_000);
    const rollover = credits.blocks.find((b) => b.source === 'rollover');
    assert.equal(rollover?.remaining, 1_000);
    assert.deepEqual(credits.blocks.map((b) => b.source), ['allowance', 'rollover']);
    // The rollover lasts one more cycle only, and does not roll over again.
    w.advance(40 * DAY);
    const later = w.query(o.owner, 'credits.get', { orgId: o.orgId });
    assert.equal(later.blocks.find((b) => b.source === 'rollover')?.remaining, 1_500);
  });

  test('POL-ROLLOVER on: the rollover is capped at the plan’s rollover cap', () => {
    const w = world({ policy: { rollover: true } });
    const o = w.signUp(); // Free: 200 credits, rollover cap 200
    w.run(SYSTEM, 'credits.grant', { orgId: o.orgId, amount: 5_000, source: 'grant' });
    w.advance(32 * DAY);
    const blocks = w.query(o.owner, 'credits.get', { orgId: o.orgId }).blocks;
    assert.equal(blocks.find((b) => b.source === 'rollover')?.remaining, 200);
  });
});

describe('POL-OWN-SELF', () => {
  test('POL-OWN-SELF off (S0): the owner cannot transfer ownership self-serve; support (the system) can', () => {
    const w = world();
    const t = w.team('pro');
    rejects(w, () => w.run(t.owner, 'ownership.transfer', { orgId: t.orgId, userId: t.admin.userId }), 'forbidden');
    w.run(SYSTEM, 'ownership.transfer', { orgId: t.orgId, userId: t.admin.userId });
    const roles = Object.fromEntries(w.query(SYSTEM, 'members.list', { orgId: t.orgId }).members.map((m) => [m.userId, m.role]));
    assert.equal(roles[t.admin.userId], 'owner');
    assert.equal(roles[t.userId], 'admin');
  });

  test('POL-OWN-SELF on: the owner transfers ownership; the previous owner becomes admin in the same step', () => {
    const w = world({ policy: { ownSelf: true } });
    const t = w.team('pro');
    assert.ok(w.query(t.owner, 'session', {}).memberships[0]?.capabilities.includes('ownership.transfer'));
    rejects(w, () => w.run(t.admin.actor, 'ownership.transfer', { orgId: t.orgId, userId: t.builder.userId }), 'forbidden');
    w.run(t.owner, 'ownership.transfer', { orgId: t.orgId, userId: t.builder.userId });
    const members = w.query(SYSTEM, 'members.list', { orgId: t.orgId }).members;
    assert.deepEqual(members.filter((m) => m.role === 'owner').map((m) => m.userId), [t.builder.userId]);
    assert.equal(members.find((m) => m.userId === t.userId)?.role, 'admin');
  });
});

describe('POL-SEAT-BILLING', () => {
  test('POL-SEAT-BILLING off (S0): the plan’s seat limit is hard and renewal invoices carry no seat lines', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.join(o.orgId, o.owner);
    w.join(o.orgId, o.owner);
    rejects(w, () => w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'fourth@acme.test', role: 'member' }), 'seat_limit_reached');
    w.advance(31 * DAY);
    const renewal = w.query(o.owner, 'invoices.list', { orgId: o.orgId }).invoices[0];
    assert.deepEqual(renewal?.lines.map((l) => l.description), ['Standard plan (monthly)']);
  });

  test('POL-SEAT-BILLING on: no hard seat limit; accepted members are billed per seat-day at renewal, pending invites are not', () => {
    const w = world({ policy: { seatBilling: true } });
    const o = w.signUp();
    w.plan(o.orgId, 'standard'); // a 31-day January term starting Jan 5
    for (let i = 0; i < 4; i += 1) w.join(o.orgId, o.owner); // 5 active: beyond Standard's 3 seats
    w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'pending@acme.test', role: 'member' }); // never accepted
    const seats = w.query(o.owner, 'members.list', { orgId: o.orgId }).seats;
    assert.equal(seats.limit, null);
    assert.equal(seats.billable, 5);
    w.advance(10 * DAY);
    w.join(o.orgId, o.owner); // a 6th member for the last 21 days
    w.advance(21 * DAY);
    const renewal = w.query(o.owner, 'invoices.list', { orgId: o.orgId }).invoices[0];
    const seatLine = renewal?.lines.find((l) => l.description.startsWith('Seats'));
    assert.equal(seatLine?.quantity, 5 * 31 + 21); // seat-days
    assert.equal(seatLine?.amount, Math.round((1_200 * (5 * 31 + 21)) / 31));
  });
});
