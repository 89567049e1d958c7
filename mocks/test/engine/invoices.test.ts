import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../engine/index.js';
import { DAY, SYSTEM } from '../../engine/index.js';
import type { World } from './world.js';
import { rejects, world } from './world.js';

// — Helpers (local to this file) —

const T0 = '2026-01-05T09:00:00.000Z';
const FEB5 = '2026-02-05T09:00:00.000Z';
const isoAfter = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();

const invoices = (w: World, orgId: string, by: Actor = SYSTEM) => w.query(by, 'invoices.list', { orgId, limit: 100 });
const planOf = (w: World, orgId: string) => w.query(SYSTEM, 'subscription.get', { orgId }).planId;

/** A Free organization that moves to `planId` through a paid checkout (the card is saved). */
function paidByCheckout(w: World, opts: { planId?: 'lite' | 'standard' | 'pro'; currency?: 'CHF' | 'EUR' | 'USD'; orgName?: string } = {}) {
  const o = w.signUp({ ...(opts.currency ? { currency: opts.currency } : {}), ...(opts.orgName ? { orgName: opts.orgName } : {}) });
  const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: opts.planId ?? 'lite', interval: 'month' });
  const paid = w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'succeed' } });
  return { ...o, checkoutId: cs.id, paid };
}

const IDENTITY = {
  email: 'Billing@Acme.test',
  name: 'Acme AI GmbH',
  country: 'CH',
  address: 'Bahnhofstrasse 1',
  postalCode: '8001',
  city: 'Zürich',
  taxId: 'CHE-123.456.789 MWST',
};

describe('BILL — invoices & payment', () => {
  test('BILL-1 invoices list number, date, amount with currency and status, newest first', () => {
    const w = world();
    const o = paidByCheckout(w, { currency: 'EUR', orgName: 'Acme AI' });
    w.advance(5 * DAY);
    w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' }); // 1,000 credits = 5.00 at 200 credits per unit
    w.advance(1 * DAY);
    w.run(SYSTEM, 'system.setCard', { orgId: o.orgId, card: { brand: 'visa', last4: '4000', outcome: 'pending' } });
    const pending = w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_5000' });
    assert.equal(pending.status, 'pending');

    const list = invoices(w, o.orgId, o.owner);
    assert.equal(list.total, 3);
    assert.deepEqual(
      list.invoices.map((i) => ({ number: i.number, createdAt: i.createdAt, amount: i.amount, currency: i.currency, status: i.status })),
      [
        { number: 'ACMEAI-0003', createdAt: isoAfter(6), amount: 2_500, currency: 'EUR', status: 'open' },
        { number: 'ACMEAI-0002', createdAt: isoAfter(5), amount: 500, currency: 'EUR', status: 'paid' },
        { number: 'ACMEAI-0001', createdAt: T0, amount: 3_900, currency: 'EUR', status: 'paid' },
      ],
    );
    assert.deepEqual(list.invoices[2]?.lines, [{ description: 'Lite plan (monthly)', quantity: 1, unitAmount: 3_900, amount: 3_900 }]);
    assert.deepEqual(list.invoices[1]?.lines, [{ description: '1,000 credits package', quantity: 1, unitAmount: 500, amount: 500 }]);

    // A failed payment leaves its invoice void.
    if (pending.status !== 'pending') throw new Error('expected pending');
    w.run(SYSTEM, 'payment.settle', { paymentId: pending.paymentId, outcome: 'failed' });
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'void');
  });

  test('BILL-1 invoices are paged newest first', () => {
    const w = world();
    const o = paidByCheckout(w);
    for (let i = 0; i < 4; i += 1) w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' });
    const first = w.query(o.owner, 'invoices.list', { orgId: o.orgId, limit: 2 });
    assert.equal(first.total, 5);
    assert.deepEqual(first.invoices.map((i) => i.number.slice(-4)), ['0005', '0004']);
    assert.ok(first.nextCursor);
    const second = w.query(o.owner, 'invoices.list', { orgId: o.orgId, limit: 2, cursor: first.nextCursor });
    assert.deepEqual(second.invoices.map((i) => i.number.slice(-4)), ['0003', '0002']);
    const third = w.query(o.owner, 'invoices.list', { orgId: o.orgId, limit: 2, cursor: second.nextCursor ?? '' });
    assert.deepEqual(third.invoices.map((i) => i.number.slice(-4)), ['0001']);
    assert.equal(third.nextCursor, null);
  });

  test('BILL-1 every invoice offers a PDF download link and a view link', () => {
    const w = world();
    const o = paidByCheckout(w);
    const [inv] = invoices(w, o.orgId, o.owner).invoices;
    assert.ok(inv);
    const fields = Object.entries(inv as Record<string, unknown>);
    const link = (pattern: RegExp) =>
      fields.find(([k, v]) => pattern.test(k) && typeof v === 'string' && /^(https?:\/\/|\/)/.test(v))?.[1];
    assert.ok(link(/pdf/i), `invoice ${inv.number} has no PDF download link (fields: ${Object.keys(inv).join(', ')})`);
    assert.ok(link(/view|hosted/i), `invoice ${inv.number} has no view link (fields: ${Object.keys(inv).join(', ')})`);
  });

  test('BILL-2 the billing email and tax ID appear on invoices made after they are set (earlier invoices unchanged)', () => {
    const w = world();
    const o = paidByCheckout(w, { planId: 'standard' });
    assert.equal(invoices(w, o.orgId).invoices[0]?.billTo, null);

    w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY });
    w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' });
    let list = invoices(w, o.orgId).invoices;
    assert.deepEqual(list[0]?.billTo, { ...IDENTITY, email: 'billing@acme.test' });
    assert.equal(list[1]?.billTo, null, 'an earlier invoice keeps what it was issued with');

    w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY, email: 'ap@acme.test', taxId: 'CHE-999.888.777 MWST' });
    w.advance(32 * DAY); // the renewal invoice is a future invoice too
    list = invoices(w, o.orgId).invoices;
    assert.equal(list[0]?.createdAt, FEB5);
    assert.equal(list[0]?.amount, 16_900);
    assert.equal(list[0]?.billTo?.email, 'ap@acme.test');
    assert.equal(list[0]?.billTo?.taxId, 'CHE-999.888.777 MWST');
    assert.equal(list[1]?.billTo?.taxId, 'CHE-123.456.789 MWST');
  });

  test('BILL-3 the owner and admins see the invoices', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' });
    for (const who of [t.owner, t.admin.actor]) {
      const list = invoices(w, t.orgId, who);
      assert.equal(list.total, 1);
      assert.equal(list.invoices[0]?.amount, 500);
    }
  });

  test('BILL-3 builders, members and deactivated members cannot see invoices', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' });
    for (const who of [t.builder.actor, t.member.actor]) {
      rejects(w, () => w.query(who, 'invoices.list', { orgId: t.orgId }), 'forbidden');
    }
    // The admin is left off the keep-list of a downgrade and deactivated when it applies.
    w.pay(t.owner, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month', keep: { memberIds: [t.builder.userId, t.member.userId], agentIds: [] } });
    w.advance(32 * DAY);
    rejects(w, () => w.query(t.admin.actor, 'invoices.list', { orgId: t.orgId }), 'org_access_blocked');
    assert.equal(invoices(w, t.orgId, t.owner).total, 2);
  });

  test('BILL-3 the billing-role holder sees invoices whatever their role (BR-2)', () => {
    const w = world();
    const t = w.team('pro');
    w.pay(t.owner, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' });
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId });
    rejects(w, () => w.query(t.member.actor, 'invoices.list', { orgId: t.orgId }), 'forbidden'); // not yet accepted
    w.run(t.member.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId });
    const list = invoices(w, t.orgId, t.member.actor);
    assert.equal(list.total, 1);
    assert.equal(list.invoices[0]?.amount, 500);
    assert.equal(invoices(w, t.orgId, t.owner).total, 1, 'the owner still sees them');
    rejects(w, () => w.query(t.builder.actor, 'invoices.list', { orgId: t.orgId }), 'forbidden');
  });

  test('BILL-3 POL-BILLING-OWNER-ONLY: an admin no longer sees invoices; the owner and the billing-role holder do', () => {
    const w = world({ policy: { billingOwnerOnly: true } });
    const t = w.team('pro');
    w.pay(t.owner, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' });
    rejects(w, () => w.query(t.admin.actor, 'invoices.list', { orgId: t.orgId }), 'forbidden');
    assert.equal(invoices(w, t.orgId, t.owner).total, 1);
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.builder.userId });
    w.run(t.builder.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId });
    assert.equal(invoices(w, t.orgId, t.builder.actor).total, 1);
  });

  test('BILL-4 a declined card at checkout: card_declined, nothing charged, no credits, no plan change', () => {
    const w = world();
    const o = w.signUp();
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'pro', interval: 'month' });
    rejects(w, () => w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'decline', last4: '0002' } }), 'card_declined', (e) => {
      assert.deepEqual(e.meta, { last4: '0002' });
      assert.match(e.message, /0002/);
    });
    assert.equal(planOf(w, o.orgId), 'free');
    assert.equal(w.balance(o.orgId), 200);
    assert.equal(invoices(w, o.orgId).total, 0);
    assert.equal(w.query(SYSTEM, 'subscription.get', { orgId: o.orgId }).paymentMethod, null, 'a declined card is not saved');
  });

  test('BILL-4 a declined card paying a package checkout grants no credits', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard', 'month', null); // paid plan, no saved card
    const r = w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_5000' });
    if (r.status !== 'requires_checkout') throw new Error(`expected requires_checkout, got ${r.status}`);
    assert.equal(r.checkout.amount, 2_500);
    rejects(w, () => w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: r.checkout.id, card: { outcome: 'decline' } }), 'card_declined');
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(invoices(w, o.orgId).total, 0);
    const paid = w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: r.checkout.id, card: { outcome: 'succeed' } });
    assert.equal(paid.status, 'paid');
    assert.equal(w.balance(o.orgId), 15_000);
  });

  test('BILL-4 a declined saved card refuses an upgrade, an interval switch and a package purchase, changing nothing', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard', 'month', 'decline');
    rejects(w, () => w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'pro', interval: 'month' }), 'card_declined', (e) => {
      assert.deepEqual(e.meta, { last4: '4242' });
    });
    rejects(w, () => w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'standard', interval: 'year' }), 'card_declined');
    rejects(w, () => w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' }), 'card_declined');
    const s = w.query(o.owner, 'subscription.get', { orgId: o.orgId });
    assert.deepEqual([s.planId, s.interval], ['standard', 'month']);
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(invoices(w, o.orgId).total, 0);
    // A scheduled change charges nothing, so a declined card does not block it.
    assert.equal(w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'lite', interval: 'month' }).status, 'scheduled');
  });

  test('BILL-4 a renewal charged to a declined card is not recorded as paid', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard', 'month', 'decline');
    w.advance(32 * DAY);
    const [renewal] = invoices(w, o.orgId).invoices;
    assert.ok(renewal, 'the renewal is invoiced');
    assert.equal(renewal.amount, 16_900);
    assert.notEqual(renewal.status, 'paid', 'a declined card collected nothing, so the renewal invoice cannot be paid');
  });

  test('BILL-4 a succeeding card pays at once and is saved for quick purchases', () => {
    const w = world();
    const o = w.signUp();
    const cs = w.pay(o.owner, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'standard', interval: 'month' });
    w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: cs.id, card: { outcome: 'succeed', brand: 'mastercard', last4: '5454' } });
    assert.deepEqual(w.query(o.owner, 'subscription.get', { orgId: o.orgId }).paymentMethod, { brand: 'mastercard', last4: '5454' });
    assert.equal(w.query(o.owner, 'packages.list', { orgId: o.orgId }).hasSavedCard, true);
    const r = w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' });
    if (r.status !== 'paid') throw new Error(`expected paid, got ${r.status}`);
    assert.equal(r.balance, 11_000);
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'paid');
  });

  test('BILL-4 a pending payment grants nothing until collected, then exactly once', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard', 'month', 'pending');
    const r = w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' });
    if (r.status !== 'pending') throw new Error(`expected pending, got ${r.status}`);
    assert.equal(r.balance, 10_000);
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'open');
    w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' });
    assert.equal(w.balance(o.orgId), 11_000);
    assert.equal(invoices(w, o.orgId).invoices[0]?.status, 'paid');
    w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' }); // a retried webhook
    assert.equal(w.balance(o.orgId), 11_000);
    rejects(w, () => w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'failed' }), 'payment_not_pending');
  });

  test('BILL-4 a replayed purchase returns the first result and makes no second invoice or grant', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const key = w.key();
    const first = w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' }, key);
    const before = structuredClone(w.engine.state);
    const again = w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' }, key);
    assert.deepEqual(again, first);
    assert.deepEqual(w.engine.state, before);
    assert.equal(invoices(w, o.orgId).total, 1);
    assert.equal(w.balance(o.orgId), 11_000);
    rejects(w, () => w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_5000' }, key), 'idempotency_key_reused');
  });

  test('BILL-4 every money command needs an idempotency key', () => {
    const w = world();
    const free = w.signUp();
    rejects(w, () => w.run(free.owner, 'checkout.start', { orgId: free.orgId, purpose: 'subscription', planId: 'lite', interval: 'month' }), 'idempotency_key_required');
    const cs = w.pay(free.owner, 'checkout.start', { orgId: free.orgId, purpose: 'subscription', planId: 'lite', interval: 'month' });
    rejects(w, () => w.run(free.owner, 'checkout.complete', { orgId: free.orgId, checkoutId: cs.id, card: { outcome: 'succeed' } }), 'idempotency_key_required');
    const paid = w.signUp();
    w.plan(paid.orgId, 'standard');
    rejects(w, () => w.run(paid.owner, 'plan.change', { orgId: paid.orgId, planId: 'pro', interval: 'month' }), 'idempotency_key_required');
    rejects(w, () => w.run(paid.owner, 'package.purchase', { orgId: paid.orgId, packageId: 'pkg_1000' }), 'idempotency_key_required');
    assert.equal(planOf(w, free.orgId), 'free');
    assert.equal(planOf(w, paid.orgId), 'standard');
  });
});
