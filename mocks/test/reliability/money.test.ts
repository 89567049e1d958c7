import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResponseOf } from '@orgkit/contract';
import { API_BASE, CONTROL_BASE } from '@orgkit/contract';
import { MockBackend } from '../../backend/backend.js';
import { reconcilePayments } from '../../engine/billing.js';
import { asUser, ManualClock, SYSTEM } from '../../engine/index.js';
import type { Payment } from '../../engine/index.js';
import { InjectedCrash } from '../../engine/index.js';
import { buildScenario } from '../../fixtures/scenarios.js';
import { memoryStorage } from '../handlers/harness.js';
import type { World } from './support.js';
import { assertInvariants, codeOf, NOW, settle, world } from './support.js';

/** A hang fails the suite instead of stalling CI (issue 9: bounded in time). */
const BOUND = { timeout: 120_000 };

/**
 * Money safety through the real HTTP mock server and the real typed client (issue 9): a purchase, a checkout and an
 * auto-recharge retried 5× and double-clicked grant credits exactly once; 1 000 concurrent debits leave the exact
 * balance and never go below zero; a crash between collecting a payment and granting what it bought is recovered by
 * the next request, without a double grant.
 */

const RETRIES = 5;
/** Concurrent identical requests: a double click, and a frantic one. */
const CLICKS = [2, 10];

const worlds: World[] = [];
async function open(...args: Parameters<typeof world>): Promise<World> {
  const w = await world(...args);
  worlds.push(w);
  return w;
}
after(() => Promise.all(worlds.map((w) => w.close())));

/** A fetch that records whether each answer was a replay (the Idempotent-Replayed header). */
function replayCounter(): { fetch: typeof fetch; replayed: () => number; sent: () => number } {
  let replayed = 0;
  let sent = 0;
  return {
    fetch: async (input, init) => {
      sent += 1;
      const res = await fetch(input, init);
      if (res.headers.get('Idempotent-Replayed') === 'true') replayed += 1;
      return res;
    },
    replayed: () => replayed,
    sent: () => sent,
  };
}

describe('money safety: retries and double clicks grant exactly once', BOUND, () => {
  test(`PKG-4 a package purchase sent once and retried ${String(RETRIES)}× with its key, then double-clicked, grants its credits once per key`, async () => {
    const w = await open();
    const counter = replayCounter();
    const owner = w.client('olivia', { fetch: counter.fetch });
    const before = (await owner.credits.balance(w.orgId)).balance;
    const payments = w.payments().length;

    const first = await owner.packages.purchase(w.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'buy-1' });
    assert.equal(first.status, 'paid');
    for (let i = 0; i < RETRIES; i += 1) {
      assert.deepEqual(await owner.packages.purchase(w.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'buy-1' }), first, `retry ${String(i + 1)}`);
    }
    assert.equal(counter.replayed(), RETRIES);
    let granted = 1;
    for (const clicks of CLICKS) {
      const key = `double-click-${String(clicks)}`;
      const answers = await Promise.all(Array.from({ length: clicks }, () => owner.packages.purchase(w.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: key })));
      assert.equal(new Set(answers.map((a) => (a.status === 'requires_checkout' ? '' : a.paymentId))).size, 1, `${String(clicks)} clicks: one payment`);
      granted += 1;
    }
    assert.equal(w.payments().length, payments + granted, 'one payment per key');
    const blocks = w.purchasedBlocks().filter(([id]) => w.payments().slice(payments).some((p) => p.id === id));
    assert.deepEqual(blocks.map(([, credits]) => credits), Array.from({ length: granted }, () => 1_000), 'one block of 1 000 per payment');
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + granted * 1_000);
    assertInvariants(w);
  });

  test(`PKG-4 the answers are lost on the wire ${String(RETRIES)}× — the client retries with the same key and the credits arrive once`, async () => {
    const w = await open();
    let dropped = 0;
    // The request reaches the server and runs; its answer never reaches the client (a dropped connection).
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'POST' && dropped < RETRIES) {
        dropped += 1;
        await res.body?.cancel();
        throw new TypeError('fetch failed: connection reset');
      }
      return res;
    };
    const owner = w.client('olivia', { fetch: lossy, maxRetries: RETRIES });
    const before = (await owner.credits.balance(w.orgId)).balance;
    const payments = w.payments().length;
    const answer = await owner.packages.purchase(w.orgId, { packageId: 'pkg_5000' });
    assert.equal(dropped, RETRIES);
    assert.equal(answer.status, 'paid');
    assert.equal(w.payments().length, payments + 1);
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 5_000);
    assertInvariants(w);
  });

  test(`CHG-3 PKG-3 checkout: opening it retried ${String(RETRIES)}× and double-clicked opens one session; its Pay retried and double-clicked collects and grants once`, async () => {
    const w = await open();
    await w.control('PUT', `/orgs/${w.orgId}/card`, { card: null }); // no saved card: packages go through checkout
    const owner = w.client('olivia');
    const before = (await owner.credits.balance(w.orgId)).balance;
    const sessions = Object.keys(w.org().checkouts).length;
    const start = () => owner.checkout.start(w.orgId, { purpose: 'package', packageId: 'pkg_5000' }, { idempotencyKey: 'open-checkout' });
    const opened = await start();
    for (let i = 0; i < RETRIES; i += 1) assert.equal((await start()).id, opened.id);
    const clicked = await Promise.all(Array.from({ length: 10 }, start));
    assert.deepEqual(new Set(clicked.map((c) => c.id)), new Set([opened.id]));
    assert.equal(Object.keys(w.org().checkouts).length, sessions + 1, 'one checkout session');

    const payments = w.payments().length;
    const auth = { Authorization: `Bearer ${w.token('olivia')}`, 'Idempotency-Key': 'pay-checkout' };
    const pay = () => w.controlRaw('POST', `/orgs/${w.orgId}/checkout-sessions/${opened.id}/complete`, { card: { outcome: 'succeed' } }, auth);
    const paid = await pay();
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    for (let i = 0; i < RETRIES; i += 1) assert.deepEqual(await pay(), paid);
    const clicks = await Promise.all(Array.from({ length: 10 }, pay));
    for (const c of clicks) assert.deepEqual(c, paid);
    // Another key (a second tab) cannot pay the same checkout again.
    const again = await w.controlRaw('POST', `/orgs/${w.orgId}/checkout-sessions/${opened.id}/complete`, { card: { outcome: 'succeed' } }, { ...auth, 'Idempotency-Key': 'pay-again' });
    assert.equal(again.status, 409);
    assert.equal((again.body as { error: { code: string } }).error.code, 'checkout_not_open');
    assert.equal(w.payments().length, payments + 1, 'one payment');
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 5_000);
    assertInvariants(w);
  });

  test('CHG-3 a first subscription checkout paid 1 + 5 times and double-clicked applies the plan and its allowance once', async () => {
    const w = await open('fresh-free');
    const owner = w.client('sam');
    const opened = await owner.checkout.start(w.orgId, { purpose: 'subscription', planId: 'standard', interval: 'month' }, { idempotencyKey: 'sub' });
    const auth = { Authorization: `Bearer ${w.token('sam')}`, 'Idempotency-Key': 'sub-pay' };
    const pay = () => w.controlRaw('POST', `/orgs/${w.orgId}/checkout-sessions/${opened.id}/complete`, { card: { outcome: 'succeed' } }, auth);
    const results = [await pay()];
    for (let i = 0; i < RETRIES; i += 1) results.push(await pay());
    results.push(...(await Promise.all([pay(), pay()])));
    for (const r of results) assert.deepEqual(r, results[0]);
    assert.equal(results[0]?.status, 200, JSON.stringify(results[0]?.body));
    const sub = await owner.subscription.get(w.orgId);
    assert.equal(sub.planId, 'standard');
    const allowances = w.org().blocks.filter((b) => b.source === 'allowance');
    assert.deepEqual(allowances.map((b) => b.initial), [10_000], 'one Standard allowance');
    assert.equal(w.payments().filter((p) => p.purpose.kind === 'subscription').length, 1);
    assertInvariants(w);
  });

  test(`AR-1 AR-6 auto-recharge: turning it on under the threshold, retried ${String(RETRIES)}× and double-clicked, buys the package once`, async () => {
    const w = await open('low-credit');
    const owner = w.client('olivia');
    const before = (await owner.credits.balance(w.orgId)).balance;
    assert.ok(before < 1_000, `low-credit starts under the 10 % threshold (${String(before)})`);
    await owner.autoRecharge.setPackage(w.orgId, { packageId: 'pkg_1000' });
    const on = () => owner.autoRecharge.setEnabled(w.orgId, { enabled: true }, { idempotencyKey: 'ar-on' });
    await on();
    for (let i = 0; i < RETRIES; i += 1) await on();
    await Promise.all([on(), on()]);
    // Double-clicked without a key: both requests run, and the second finds the balance already topped up.
    await Promise.all([owner.autoRecharge.setEnabled(w.orgId, { enabled: true }), owner.autoRecharge.setEnabled(w.orgId, { enabled: true })]);
    const recharges = w.payments().filter((p) => p.purpose.kind === 'recharge');
    assert.equal(recharges.length, 1, 'one recharge');
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 1_000);
    assertInvariants(w);
  });

  test(`AR-6 PKG-4 a pending auto-recharge is bought once under concurrent debits, and settling it ${String(RETRIES)}× and concurrently grants it once`, async () => {
    const w = await open('standard-team');
    const owner = w.client('olivia');
    await w.control('PUT', `/orgs/${w.orgId}/card`, { card: { brand: 'visa', last4: '4242', outcome: 'pending' } });
    await owner.autoRecharge.setPackage(w.orgId, { packageId: 'pkg_1000' });
    await owner.autoRecharge.setEnabled(w.orgId, { enabled: true });
    const start = (await owner.credits.balance(w.orgId)).balance;
    // Burn down to just above the threshold (1 000 on Standard), then 200 concurrent debits of 1 credit each cross it.
    await w.control('POST', '/usage', { orgId: w.orgId, channel: 'chat', credits: start - 1_100 });
    const debits = await settle(Array.from({ length: 200 }, () => owner.usage.record(w.orgId, { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 1_000 })));
    assert.deepEqual(debits.errors.map(codeOf), []);
    const recharges = w.payments().filter((p) => p.purpose.kind === 'recharge');
    assert.equal(recharges.length, 1, 'one recharge while the first is pending');
    const id = recharges[0]?.id ?? '';
    assert.equal(w.org().autoRecharge.pendingPaymentId, id);
    const balance = (await owner.credits.balance(w.orgId)).balance;
    assert.equal(balance, 1_100 - 200, 'nothing granted before the money is collected (PKG-4)');
    const settleIt = () => w.controlRaw('POST', `/payments/${id}/settle`, { outcome: 'succeeded' });
    const answers = [await settleIt()];
    for (let i = 0; i < RETRIES; i += 1) answers.push(await settleIt());
    answers.push(...(await Promise.all(Array.from({ length: 10 }, settleIt))));
    for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal((await owner.credits.balance(w.orgId)).balance, balance + 1_000);
    assert.equal(w.purchasedBlocks().filter(([p]) => p === id).length, 1);
    assertInvariants(w);
  });
});

describe('money safety: 1 000 concurrent debits', BOUND, () => {
  test('CRD-5 1 000 concurrent debits that ask for more than the balance: exactly the affordable ones succeed, the balance ends exact and never goes below zero', async () => {
    const w = await open();
    // The real client and handlers, in-process (1 000 sockets would only measure the network stack; the 200 concurrent
    // debits of the auto-recharge test above go over real HTTP).
    const people = ['olivia', 'adrian', 'bea'].map((p) => w.client(p, { maxRetries: 0, fetch: w.local }));
    await people[0]?.autoRecharge.setEnabled(w.orgId, { enabled: false });
    const start = (await people[0]?.credits.balance(w.orgId))?.balance ?? 0;
    const cost = Math.ceil(start / 600); // about 600 of the 1 000 fit
    const events = w.org().usage.events.length;
    const results = await settle(
      Array.from({ length: 1_000 }, (_, i) =>
        (people[i % people.length] ?? people[0])?.usage.record(w.orgId, { channel: 'internal_chat', modelId: 'gpt-5-mini', words: cost * 1_000 }) as Promise<ResponseOf<'usage.record'>>,
      ),
    );
    const affordable = Math.floor(start / cost);
    assert.equal(results.ok.length, affordable, 'exactly the affordable debits succeed');
    assert.deepEqual([...new Set(results.errors.map(codeOf))], ['insufficient_credits'], 'the rest are refused as insufficient credits (402)');
    // Each success saw the balance after itself: all distinct, all ≥ 0, one step of `cost` apart — a strict sequence.
    const seen = results.ok.map((r) => r.balance).sort((a, b) => b - a);
    assert.deepEqual(seen, Array.from({ length: affordable }, (_, i) => start - cost * (i + 1)));
    assert.ok(Math.min(...seen) >= 0);
    const final = (await people[0]?.credits.balance(w.orgId))?.balance;
    assert.equal(final, start - affordable * cost);
    const newEvents = w.org().usage.events.slice(events);
    assert.equal(newEvents.length, affordable, 'one usage event per successful debit, none for a refused one');
    assert.equal(newEvents.reduce((s, e) => s + e.credits, 0), start - (final ?? 0), 'the ledger adds up');
    assertInvariants(w);
    console.log(`[money] 1 000 concurrent debits of ${String(cost)} on ${String(start)} credits: ${String(results.ok.length)} debited, ${String(results.errors.length)} refused, final ${String(final)}`);
  });

  test('CRD-3 CRD-5 1 000 concurrent debits of mixed sizes from members (API) and agents (control route) that all fit leave exactly start − sum', async () => {
    const w = await open();
    // The same handlers in-process (no sockets), as above.
    const owner = w.client('olivia', { maxRetries: 0, fetch: w.local });
    const control = (body: unknown) =>
      w.local(`${CONTROL_BASE}/usage`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
        assert.equal(r.status, 200, await r.clone().text());
        return (await r.json()) as { balance: number };
      });
    await owner.autoRecharge.setEnabled(w.orgId, { enabled: false });
    const start = (await owner.credits.balance(w.orgId)).balance;
    const agentId = Object.keys(w.org().agents)[0] ?? '';
    // Deterministic sizes 1–7 credits; the total stays under the balance.
    const sizes = Array.from({ length: 1_000 }, (_, i) => 1 + ((i * 7_919) % 7));
    const total = sizes.reduce((s, n) => s + n, 0);
    assert.ok(total <= start, `the debits fit (${String(total)} ≤ ${String(start)})`);
    const results = await settle(
      sizes.map((credits, i) =>
        i % 2 === 0
          ? owner.usage.record(w.orgId, { channel: 'internal_chat', modelId: 'gpt-5-mini', words: credits * 1_000 })
          : control({ orgId: w.orgId, channel: 'chat', credits, agentId }),
      ),
    );
    assert.deepEqual(results.errors.map(codeOf), []);
    const balances = results.ok.map((r) => (r as { balance: number }).balance);
    assert.ok(Math.min(...balances) >= 0);
    assert.equal(new Set(balances).size, 1_000, 'every debit saw a different balance: they ran one after another');
    assert.equal((await owner.credits.balance(w.orgId)).balance, start - total);
    assertInvariants(w);
  });
});

describe('money safety: a crash between collecting a payment and granting it', BOUND, () => {
  const crash = (w: World) => w.control('PUT', '/faults', { crashAfter: 'payment.collected' });

  test('PKG-4 purchase: the crash answers 500 with the payment collected and nothing granted; the next request recovers the grant; retries of the crashed request (5× and concurrent) never grant again', async () => {
    const w = await open();
    const owner = w.client('olivia', { maxRetries: 0 });
    const before = (await owner.credits.balance(w.orgId)).balance;
    const payments = w.payments().length;
    await crash(w);
    const crashed = await settle([owner.packages.purchase(w.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'crash-buy' })]);
    assert.equal(crashed.errors.length, 1);
    assert.equal((crashed.errors[0] as { status?: number }).status, 500);
    assert.equal(codeOf(crashed.errors[0]), 'internal_error');
    // The engine state right after the crash: the money is collected, the credits are not there yet.
    const collected = w.payments().slice(payments);
    assert.equal(collected.length, 1);
    assert.equal(collected[0]?.status, 'succeeded');
    assert.equal(collected[0]?.fulfilledAt, null);
    assert.equal(w.purchasedBlocks().filter(([p]) => p === collected[0]?.id).length, 0);
    assert.equal(w.server.backend.faults.crashAfter, null, 'the injected crash is used up');

    // The next request — any request — recovers it.
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 1_000);
    const recovered = w.payments().slice(payments)[0];
    assert.ok(recovered?.fulfilledAt !== null && typeof recovered?.recoveredAt === 'number', 'granted by recovery');

    // The host retries the crashed request with its key: it answers from the collected payment, charging nothing.
    const retries = [await owner.packages.purchase(w.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'crash-buy' })];
    for (let i = 1; i < RETRIES; i += 1) retries.push(await owner.packages.purchase(w.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'crash-buy' }));
    retries.push(...(await Promise.all([1, 2].map(() => owner.packages.purchase(w.orgId, { packageId: 'pkg_1000' }, { idempotencyKey: 'crash-buy' })))));
    for (const r of retries) {
      assert.equal(r.status, 'paid');
      assert.equal(r.status === 'paid' ? r.paymentId : '', recovered?.id);
    }
    assert.equal(w.payments().length, payments + 1, 'no second charge');
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 1_000, 'no second grant');
    assertInvariants(w);
  });

  test('PKG-4 purchase with the client’s own retry: the first attempt crashes, the retry recovers and answers paid — one charge, one grant', async () => {
    const w = await open();
    const owner = w.client('olivia', { maxRetries: 2 });
    const before = (await owner.credits.balance(w.orgId)).balance;
    const payments = w.payments().length;
    await crash(w);
    const answer = await owner.packages.purchase(w.orgId, { packageId: 'pkg_5000' });
    assert.equal(answer.status, 'paid');
    assert.equal(w.payments().length, payments + 1);
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 5_000);
    assertInvariants(w);
  });

  test('CHG-3 PKG-4 checkout: Pay crashes after collecting; the next request grants; paying again with the key answers the same payment', async () => {
    const w = await open();
    await w.control('PUT', `/orgs/${w.orgId}/card`, { card: null });
    const owner = w.client('olivia', { maxRetries: 0 });
    const before = (await owner.credits.balance(w.orgId)).balance;
    const opened = await owner.checkout.start(w.orgId, { purpose: 'package', packageId: 'pkg_1000' });
    const payments = w.payments().length;
    await crash(w);
    const auth = { Authorization: `Bearer ${w.token('olivia')}`, 'Idempotency-Key': 'crash-pay' };
    const pay = () => w.controlRaw('POST', `/orgs/${w.orgId}/checkout-sessions/${opened.id}/complete`, { card: { outcome: 'succeed' } }, auth);
    const crashed = await pay();
    assert.equal(crashed.status, 500);
    assert.equal(w.payments().slice(payments)[0]?.fulfilledAt, null);
    const retried = [await pay()];
    for (let i = 1; i < RETRIES; i += 1) retried.push(await pay());
    retried.push(...(await Promise.all([pay(), pay()])));
    for (const r of retried) {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((r.body as { paymentId: string }).paymentId, w.payments().slice(payments)[0]?.id);
    }
    assert.equal(w.payments().length, payments + 1);
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 1_000);
    assertInvariants(w);
  });

  test('CHG-2 PKG-4 plan upgrade: the crash after charging is applied by the next request once; retrying the change answers the same payment', async () => {
    const w = await open();
    const owner = w.client('olivia', { maxRetries: 0 });
    const before = (await owner.credits.balance(w.orgId)).balance;
    const payments = w.payments().length;
    await crash(w);
    const change = () => owner.subscription.change(w.orgId, { planId: 'pro', interval: 'month' }, { idempotencyKey: 'crash-upgrade' });
    const crashed = await settle([change()]);
    assert.equal((crashed.errors[0] as { status?: number } | undefined)?.status, 500);
    assert.equal(w.org().subscription.planId, 'standard', 'collected, not yet applied');
    assert.equal((await owner.subscription.get(w.orgId)).planId, 'pro', 'the next request applies it');
    const answers = [await change()];
    for (let i = 1; i < RETRIES; i += 1) answers.push(await change());
    answers.push(...(await Promise.all([change(), change()])));
    const paymentId = w.payments().slice(payments)[0]?.id;
    for (const a of answers) {
      assert.equal(a.status, 'applied');
      assert.equal(a.status === 'applied' ? a.paymentId : '', paymentId);
      assert.equal(a.kind, 'upgrade');
    }
    assert.equal(w.payments().length, payments + 1, 'charged once');
    // CHG-2 [D]: the cycle's allowance is raised to Pro's (30 000) from Standard's (10 000) — once.
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 20_000);
    assertInvariants(w);
  });

  test('BILL-4 PKG-4 paying a past-due invoice: the crash after collecting is recovered; retrying answers the same payment, never a second charge', async () => {
    const w = await open();
    const owner = w.client('olivia', { maxRetries: 0 });
    await w.control('PUT', `/orgs/${w.orgId}/card`, { card: { brand: 'visa', last4: '0002', outcome: 'decline' } });
    await w.control('POST', '/clock', { to: 'period_end' }); // the renewal is declined: its invoice stays open
    const pastDue = (await owner.invoices.list(w.orgId)).invoices.find((i) => i.status === 'open');
    assert.ok(pastDue, 'a past-due invoice');
    await w.control('PUT', `/orgs/${w.orgId}/card`, { card: { brand: 'visa', last4: '4242', outcome: 'succeed' } });
    const payments = w.payments().length;
    await crash(w);
    const pay = () => owner.invoices.pay(w.orgId, pastDue.id, { idempotencyKey: 'crash-invoice' });
    const crashed = await settle([pay()]);
    assert.equal((crashed.errors[0] as { status?: number } | undefined)?.status, 500);
    const answers = [await pay()];
    for (let i = 1; i < RETRIES; i += 1) answers.push(await pay());
    answers.push(...(await Promise.all([pay(), pay()])));
    for (const a of answers) assert.deepEqual(a, answers[0]);
    assert.equal(answers[0]?.status, 'paid');
    assert.equal(w.payments().length, payments + 1, 'charged once');
    assert.equal((await owner.invoices.list(w.orgId)).invoices.find((i) => i.id === pastDue.id)?.status, 'paid');
    assert.equal(w.org().subscription.pastDueInvoiceId, null);
    assertInvariants(w);
  });

  test('AR-6 PKG-4 auto-recharge: a debit’s recharge crashes after collecting; the next request grants it once and the recharge is no longer pending', async () => {
    const w = await open('low-credit');
    const owner = w.client('olivia', { maxRetries: 0 });
    await owner.autoRecharge.setPackage(w.orgId, { packageId: 'pkg_1000' });
    const before = (await owner.credits.balance(w.orgId)).balance;
    await crash(w);
    const crashed = await settle([owner.autoRecharge.setEnabled(w.orgId, { enabled: true })]);
    assert.equal((crashed.errors[0] as { status?: number } | undefined)?.status, 500);
    const recharge = w.payments().filter((p) => p.purpose.kind === 'recharge');
    assert.equal(recharge.length, 1);
    assert.equal(recharge[0]?.status, 'succeeded');
    assert.equal(recharge[0]?.fulfilledAt, null);
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 1_000);
    assert.equal(w.org().autoRecharge.pendingPaymentId, null);
    for (let i = 0; i < RETRIES; i += 1) await owner.autoRecharge.setEnabled(w.orgId, { enabled: true });
    await Promise.all([owner.autoRecharge.setEnabled(w.orgId, { enabled: true }), owner.autoRecharge.setEnabled(w.orgId, { enabled: true })]);
    assert.equal(w.payments().filter((p) => p.purpose.kind === 'recharge').length, 1, 'no second recharge');
    assert.equal((await owner.credits.balance(w.orgId)).balance, before + 1_000);
    assertInvariants(w);
  });

  test('PKG-4 the crash survives a reload: the collected payment is saved, and the restarted mock grants it on its first request', async () => {
    const storage = memoryStorage();
    const a = new MockBackend({ storage, frozen: true, now: NOW, scenario: 'standard-team' });
    const owner = a.controlState().people[0]?.userId ?? '';
    const before = a.engine.query(SYSTEM, 'balance.get', { orgId: a.orgId }).balance;
    a.faults.crashAfter = 'payment.collected';
    assert.throws(() => a.execute(asUser(owner), 'package.purchase', { orgId: a.orgId, packageId: 'pkg_1000' }, 'reload-buy'), InjectedCrash);
    const saved = JSON.parse(storage.getItem('orgkit-mock') ?? '{}') as { state: { orgs: Record<string, { payments: Record<string, Payment> }> } };
    const pending = Object.values(saved.state.orgs[a.orgId]?.payments ?? {}).filter((p) => p.status === 'succeeded' && p.fulfilledAt === null);
    assert.equal(pending.length, 1, 'saved: collected, not granted');
    const b = new MockBackend({ storage }); // the page reloads
    assert.equal(b.notice, null);
    assert.equal(b.engine.query(SYSTEM, 'balance.get', { orgId: b.orgId }).balance, before + 1_000);
    assert.equal(typeof b.engine.state.orgs[b.orgId]?.payments[pending[0]?.id ?? '']?.recoveredAt, 'number', 'granted by recovery');
    const retry = b.execute(asUser(owner), 'package.purchase', { orgId: b.orgId, packageId: 'pkg_1000' }, 'reload-buy');
    assert.equal(retry.result.status === 'paid' ? retry.result.paymentId : '', pending[0]?.id);
    assert.equal(b.engine.query(SYSTEM, 'balance.get', { orgId: b.orgId }).balance, before + 1_000);
  });

  test('PKG-4 reconcilePayments (pure): grants each collected-but-ungranted payment once, and nothing on a second run', () => {
    const built = buildScenario('standard-team', { now: NOW });
    const { engine, orgId } = built;
    const owner = built.people[0]?.userId ?? '';
    assert.ok(engine.clock instanceof ManualClock);
    const org = engine.state.orgs[orgId];
    assert.ok(org);
    const before = engine.query(SYSTEM, 'balance.get', { orgId }).balance;
    assert.throws(() => engine.execute(asUser(owner), 'package.purchase', { orgId, packageId: 'pkg_1000' }, { idempotencyKey: 'k', crashAfter: 'payment.collected' }), InjectedCrash);
    const ctx = engine.context(SYSTEM);
    const first = reconcilePayments(ctx, org);
    assert.equal(first.length, 1);
    assert.deepEqual(reconcilePayments(ctx, org), [], 'nothing left to recover');
    assert.equal(engine.query(SYSTEM, 'balance.get', { orgId }).balance, before + 1_000);
    assert.equal(org.payments[first[0] ?? '']?.recoveredAt, ctx.now);
  });

  test('the crash is a control fault like the others: set through PUT /faults, shown in the state, refused when unknown', async () => {
    const w = await open();
    const set = await w.control<{ crashAfter: string }>('PUT', '/faults', { crashAfter: 'payment.collected' });
    assert.equal(set.crashAfter, 'payment.collected');
    const bad = await w.controlRaw('PUT', '/faults', { crashAfter: 'everything' });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { param: string } }).error.param, 'crashAfter');
    // A request that collects nothing does not trip it.
    const r = await fetch(`${w.server.url}${API_BASE}/orgs/${w.orgId}/balance`, { headers: { Authorization: `Bearer ${w.token('olivia')}` } });
    assert.equal(r.status, 200);
    assert.equal(w.server.backend.faults.crashAfter, 'payment.collected');
  });
});
