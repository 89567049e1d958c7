import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, CreditBlock } from '../../engine/index.js';
import { balanceState, debitOrder, DEFAULT_POLICY, packages } from '../../engine/index.js';
import type { World } from './world.js';
import { DAY, HOUR, SYSTEM, rejects, world } from './world.js';

// — Helpers (local to this file) —

const OFFLINE = 'This assistant is currently offline.';
const CHANNELS = ['chat', 'voice', 'widget', 'realtime', 'internal_chat'] as const;

type Card = 'succeed' | 'decline' | 'pending' | null;

/** A fresh organization on a paid plan with a saved card answering `card`. */
function paidOrg(w: World, planId: 'lite' | 'standard' | 'pro' = 'standard', card: Card = 'succeed') {
  const o = w.signUp();
  w.plan(o.orgId, planId, 'month', card);
  return o;
}

function credits(w: World, orgId: string) {
  return w.query(SYSTEM, 'credits.get', { orgId });
}

function blocks(w: World, orgId: string) {
  return credits(w, orgId).blocks;
}

/** Remaining credits per block source (live blocks only). */
function bySource(w: World, orgId: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of blocks(w, orgId)) out[b.source] = (out[b.source] ?? 0) + b.remaining;
  return out;
}

function grant(w: World, orgId: string, amount: number, source: 'promo' | 'grant' = 'grant', expiresAt?: string | null) {
  return w.run(SYSTEM, 'credits.grant', { orgId, amount, source, ...(expiresAt === undefined ? {} : { expiresAt }) });
}

function buy(w: World, actor: Actor, orgId: string, packageId = 'pkg_1000') {
  return w.pay(actor, 'package.purchase', { orgId, packageId });
}

function invoices(w: World, orgId: string) {
  return w.query(SYSTEM, 'invoices.list', { orgId, limit: 100 }).invoices;
}

function arState(w: World, orgId: string) {
  return w.query(SYSTEM, 'packages.list', { orgId }).autoRecharge;
}

function notifications(w: World, orgId: string) {
  return w.query(SYSTEM, 'notifications.list', { orgId });
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function enableAutoRecharge(w: World, actor: Actor, orgId: string, packageId = 'pkg_1000') {
  w.run(actor, 'autoRecharge.setPackage', { orgId, packageId });
  return w.run(actor, 'autoRecharge.setEnabled', { orgId, enabled: true });
}

const T0 = Date.parse('2026-01-05T09:00:00.000Z');

// — CRD —

describe('CRD credits', () => {
  test('CRD-1 balance is the sum of what remains in every live block, the same on every read', () => {
    const w = world();
    const o = paidOrg(w);
    grant(w, o.orgId, 300, 'promo', iso(T0 + 10 * DAY));
    grant(w, o.orgId, 50, 'grant');
    buy(w, o.owner, o.orgId);
    w.use(o.orgId, 1_234); // 2 credits at 1 per 1,000 words
    const c = credits(w, o.orgId);
    const sum = c.blocks.reduce((s, b) => s + b.remaining, 0);
    assert.equal(sum, 10_000 + 300 + 50 + 1_000 - 2);
    assert.equal(c.balance, sum);
    assert.equal(w.balance(o.orgId), sum);
    assert.equal(w.query(o.owner, 'balance.get', { orgId: o.orgId }).balance, sum);
  });

  test('CRD-1 an expired block stops counting at its expiry instant, not a moment before', () => {
    const w = world();
    const o = paidOrg(w);
    grant(w, o.orgId, 500, 'promo', iso(T0 + 2 * DAY));
    assert.equal(w.balance(o.orgId), 10_500);
    w.advance(2 * DAY - 1);
    assert.equal(w.balance(o.orgId), 10_500);
    assert.ok(blocks(w, o.orgId).some((b) => b.source === 'promo'));
    w.advance(1);
    assert.equal(w.balance(o.orgId), 10_000);
    assert.deepEqual(blocks(w, o.orgId).map((b) => b.source), ['allowance']);
  });

  test('CRD-1 a used-up block adds nothing to the balance and is not listed as live', () => {
    const w = world();
    const o = paidOrg(w);
    grant(w, o.orgId, 5, 'promo', iso(T0 + DAY));
    w.use(o.orgId, 5_000); // 5 credits: the promo expires first, so it goes first
    assert.equal(w.balance(o.orgId), 10_000);
    assert.deepEqual(blocks(w, o.orgId).map((b) => b.source), ['allowance']);
  });

  test('CRD-2 the plan allowance expires at the end of the billing cycle and is granted afresh', () => {
    const w = world();
    const o = paidOrg(w);
    const b = w.query(o.owner, 'balance.get', { orgId: o.orgId });
    assert.equal(b.resetsAt, '2026-02-05T09:00:00.000Z');
    const [allowance] = blocks(w, o.orgId);
    assert.equal(allowance?.source, 'allowance');
    assert.equal(allowance?.initial, 10_000);
    assert.equal(allowance?.expiresAt, '2026-02-05T09:00:00.000Z');
    w.use(o.orgId, 4_000_000); // 4,000 credits used; the other 6,000 lapse at the cycle's end
    assert.equal(w.balance(o.orgId), 6_000);
    w.advance(Date.parse('2026-02-05T09:00:00.000Z') - T0);
    assert.equal(w.balance(o.orgId), 10_000);
    const after = blocks(w, o.orgId);
    assert.equal(after.length, 1);
    assert.equal(after[0]?.expiresAt, '2026-03-05T09:00:00.000Z');
  });

  test('CRD-2 a new organization on Free starts with its allowance expiring at the cycle end', () => {
    const w = world();
    const o = w.signUp();
    assert.deepEqual(
      blocks(w, o.orgId).map((b) => ({ source: b.source, remaining: b.remaining, expiresAt: b.expiresAt })),
      [{ source: 'allowance', remaining: 200, expiresAt: '2026-02-05T09:00:00.000Z' }],
    );
  });

  test('CRD-2 a purchased package expires 12 months after purchase', () => {
    const w = world();
    const o = paidOrg(w);
    w.advance(3 * DAY);
    buy(w, o.owner, o.orgId, 'pkg_5000');
    const pkg = blocks(w, o.orgId).find((b) => b.source === 'purchase');
    assert.equal(pkg?.initial, 5_000);
    assert.equal(pkg?.createdAt, '2026-01-08T09:00:00.000Z');
    assert.equal(pkg?.expiresAt, '2027-01-08T09:00:00.000Z');
  });

  test('CRD-2 promo credits expire as configured and an admin grant carries its custom expiry or none', () => {
    const w = world();
    const o = paidOrg(w);
    grant(w, o.orgId, 100, 'promo', '2026-03-01T00:00:00.000Z');
    grant(w, o.orgId, 200, 'grant', '2026-06-30T00:00:00.000Z');
    grant(w, o.orgId, 300, 'grant');
    const list = blocks(w, o.orgId).map((b) => ({ source: b.source, initial: b.initial, expiresAt: b.expiresAt }));
    assert.deepEqual(list, [
      { source: 'allowance', initial: 10_000, expiresAt: '2026-02-05T09:00:00.000Z' },
      { source: 'promo', initial: 100, expiresAt: '2026-03-01T00:00:00.000Z' },
      { source: 'grant', initial: 200, expiresAt: '2026-06-30T00:00:00.000Z' },
      { source: 'grant', initial: 300, expiresAt: null },
    ]);
    // A never-expiring grant survives renewals.
    w.advance(200 * DAY);
    assert.deepEqual(bySource(w, o.orgId), { allowance: 10_000, grant: 300 });
  });

  test('CRD-2 a grant that would already be expired is refused, and only the system grants credits', () => {
    const w = world();
    const o = paidOrg(w);
    rejects(w, () => grant(w, o.orgId, 100, 'promo', iso(T0)), 'validation_failed');
    rejects(w, () => w.run(o.owner, 'credits.grant', { orgId: o.orgId, amount: 100, source: 'grant' }), 'forbidden');
    assert.equal(w.balance(o.orgId), 10_000);
  });

  test('CRD-3 every channel draws from the one organization pool, whoever created the agent or is chatting', () => {
    const w = world();
    const t = w.team('pro');
    const byOwner = w.agent(t.orgId, t.owner, 'Owner bot');
    const byAdmin = w.agent(t.orgId, t.admin.actor, 'Admin bot');
    const byBuilder = w.agent(t.orgId, t.builder.actor, 'Builder bot');
    let expected = 30_000;
    const steps: { channel: (typeof CHANNELS)[number]; agentId?: string; memberId?: string; words: number }[] = [
      { channel: 'chat', agentId: byBuilder, words: 2_000 },
      { channel: 'voice', agentId: byAdmin, words: 3_000 },
      { channel: 'widget', agentId: byOwner, words: 4_000 },
      { channel: 'realtime', agentId: byBuilder, memberId: t.admin.userId, words: 5_000 },
      { channel: 'internal_chat', memberId: t.builder.userId, words: 6_000 },
    ];
    for (const s of steps) {
      const r = w.use(t.orgId, s.words, s);
      expected -= s.words / 1_000;
      assert.equal(r.balance, expected, `${s.channel} draws from the pool`);
    }
    // A member's own internal chat draws from the same pool.
    const own = w.run(t.member.actor, 'usage.record', { orgId: t.orgId, channel: 'internal_chat', modelId: 'gpt-5-mini', words: 7_000 });
    expected -= 7;
    assert.equal(own.balance, expected);
    assert.equal(w.balance(t.orgId), 30_000 - 27);
    // Everyone who can see the balance sees the one pool.
    for (const who of [t.owner, t.admin.actor, t.builder.actor]) assert.equal(w.query(who, 'balance.get', { orgId: t.orgId }).balance, expected);
    assert.deepEqual(bySource(w, t.orgId), { allowance: expected });
    assert.equal(credits(w, t.orgId).usedThisCycle, 27);
  });

  test('CRD-4 debit order: soonest-expiring block first, never-expiring last', () => {
    const w = world();
    const o = paidOrg(w);
    buy(w, o.owner, o.orgId, 'pkg_1000'); // expires 2027-01-05
    grant(w, o.orgId, 500, 'grant'); // never expires
    grant(w, o.orgId, 300, 'promo', iso(T0 + 10 * DAY)); // expires before the allowance (2026-02-05)
    assert.deepEqual(blocks(w, o.orgId).map((b) => b.source), ['promo', 'allowance', 'purchase', 'grant']);
    w.use(o.orgId, 500_000); // 500 credits: all 300 promo, then 200 of the allowance
    assert.deepEqual(bySource(w, o.orgId), { allowance: 9_800, purchase: 1_000, grant: 500 });
    w.use(o.orgId, 9_900_000); // 9,900: the allowance's 9,800, then 100 purchased
    assert.deepEqual(bySource(w, o.orgId), { purchase: 900, grant: 500 });
    w.use(o.orgId, 1_000_000); // 1,000: the purchase's 900, then 100 of the grant
    assert.deepEqual(bySource(w, o.orgId), { grant: 400 });
    assert.equal(w.balance(o.orgId), 400);
  });

  test('CRD-4 the plan allowance goes before purchased credits (it expires sooner)', () => {
    const w = world();
    const o = paidOrg(w);
    buy(w, o.owner, o.orgId, 'pkg_5000');
    w.use(o.orgId, 3_000_000);
    assert.deepEqual(bySource(w, o.orgId), { allowance: 7_000, purchase: 5_000 });
  });

  test('CRD-4 ties on expiry go plan allowance → rollover → purchased (pure debitOrder)', () => {
    const at = T0 + 30 * DAY;
    const block = (id: string, source: CreditBlock['source'], createdAt: number): CreditBlock => ({
      id, source, initial: 10, remaining: 10, createdAt, expiresAt: at, paymentId: null, note: null,
    });
    // Created in the "wrong" order on purpose.
    const input = [block('p', 'purchase', 1), block('g', 'grant', 2), block('r', 'rollover', 3), block('pr', 'promo', 4), block('a', 'allowance', 5)];
    assert.deepEqual(debitOrder(input, DEFAULT_POLICY).map((b) => b.source), ['allowance', 'rollover', 'purchase', 'promo', 'grant']);
    // Sooner expiry still wins over the source order.
    const sooner = { ...block('p2', 'purchase', 6), expiresAt: at - 1 };
    assert.deepEqual(debitOrder([...input, sooner], DEFAULT_POLICY)[0]?.id, 'p2');
  });

  test('CRD-4 a promo expiring exactly with the allowance is debited after the allowance', () => {
    const w = world();
    const o = paidOrg(w);
    grant(w, o.orgId, 100, 'promo', '2026-02-05T09:00:00.000Z');
    w.use(o.orgId, 50_000);
    assert.deepEqual(bySource(w, o.orgId), { allowance: 9_950, promo: 100 });
  });

  test('CRD-4 with POL-ROLLOVER the allowance is debited before the rollover block that expires with it', () => {
    const w = world({ policy: { rollover: true } });
    const o = paidOrg(w);
    w.use(o.orgId, 4_000_000); // 6,000 unused at the cycle's end
    w.advance(Date.parse('2026-02-05T09:00:00.000Z') - T0);
    const list = blocks(w, o.orgId);
    assert.deepEqual(list.map((b) => [b.source, b.remaining, b.expiresAt]), [
      ['allowance', 10_000, '2026-03-05T09:00:00.000Z'],
      ['rollover', 6_000, '2026-03-05T09:00:00.000Z'],
    ]);
    w.use(o.orgId, 100_000);
    assert.deepEqual(bySource(w, o.orgId), { allowance: 9_900, rollover: 6_000 });
  });

  test('CRD-4 POL-TOPUP-FIRST debits purchased credits before the plan allowance', () => {
    const w = world({ policy: { topupFirst: true } });
    const o = paidOrg(w);
    buy(w, o.owner, o.orgId, 'pkg_1000');
    w.use(o.orgId, 1_200_000);
    assert.deepEqual(bySource(w, o.orgId), { allowance: 9_800 });
  });

  test('CRD-5 at zero balance usage is refused on every channel with the offline message', () => {
    const w = world();
    const t = w.team('pro');
    const agentId = w.agent(t.orgId, t.builder.actor);
    w.use(t.orgId, 6_000_000, { agentId, modelId: 'gpt-5' }); // 30,000 credits: exactly the whole pool
    assert.equal(w.balance(t.orgId), 0);
    const hero = w.query(t.owner, 'balance.get', { orgId: t.orgId });
    assert.equal(hero.state, 'out');
    assert.equal(hero.offline, true);
    for (const channel of CHANNELS) {
      rejects(w, () => w.use(t.orgId, 1_000, { channel, agentId }), 'insufficient_credits', (e) => {
        assert.equal(e.message, OFFLINE);
        assert.equal(e.meta?.['offline'], true);
        assert.equal(e.meta?.['offlineMessage'], OFFLINE);
        assert.equal(e.meta?.['balance'], 0);
      });
    }
    rejects(
      w,
      () => w.run(t.member.actor, 'usage.record', { orgId: t.orgId, channel: 'internal_chat', modelId: 'gpt-5-mini', words: 10 }),
      'insufficient_credits',
      (e) => assert.equal(e.message, OFFLINE),
    );
    assert.equal(w.query(t.owner, 'usage.events', { orgId: t.orgId, limit: 100 }).events.length, 1);
  });

  test('CRD-5 a debit larger than the balance is refused whole, never driving the balance negative', () => {
    const w = world();
    const o = w.signUp(); // Free: 200
    grant(w, o.orgId, 30, 'promo', iso(T0 + DAY)); // two blocks, so a partial debit would show
    w.use(o.orgId, 150_000); // 150
    assert.equal(w.balance(o.orgId), 80);
    const before = credits(w, o.orgId);
    rejects(w, () => w.use(o.orgId, 81_000), 'insufficient_credits', (e) => {
      assert.notEqual(e.message, OFFLINE);
      assert.equal(e.meta?.['required'], 81);
      assert.equal(e.meta?.['balance'], 80);
      assert.equal(e.meta?.['offline'], false);
    });
    assert.deepEqual(credits(w, o.orgId), before);
    const r = w.use(o.orgId, 80_000);
    assert.equal(r.balance, 0);
    assert.equal(r.balanceState, 'out');
    assert.ok(blocks(w, o.orgId).every((b) => b.remaining >= 0));
  });

  test('CRD-5 when auto-recharge has paused itself, a zero balance is shown as offline and usage is refused', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'decline');
    enableAutoRecharge(w, o.owner, o.orgId);
    w.use(o.orgId, 9_500_000); // 500 < 1,000: recharge declined (1)
    w.use(o.orgId, 100_000); // declined (2)
    w.use(o.orgId, 100_000); // declined (3): paused
    assert.equal(arState(w, o.orgId).paused, true);
    w.use(o.orgId, 300_000);
    assert.equal(w.balance(o.orgId), 0);
    rejects(w, () => w.use(o.orgId, 1_000, { channel: 'widget' }), 'insufficient_credits', (e) => assert.equal(e.message, OFFLINE));
    // Auto-recharge is not operating, so the balance hero must say what end users see.
    const hero = w.query(o.owner, 'balance.get', { orgId: o.orgId });
    assert.equal(hero.state, 'out');
    assert.equal(hero.offline, true, 'usage is refused at zero with a paused auto-recharge: the balance must read offline');
  });

  test('CRD-6 model rates are per 1,000 words, rounded up to whole credits', () => {
    const w = world();
    const o = paidOrg(w);
    const models = w.query(o.owner, 'models.list', { orgId: o.orgId }).models;
    assert.equal(models.find((m) => m.id === 'gpt-5')?.creditsPer1kWords, 5);
    assert.equal(models.find((m) => m.id === 'gpt-5-mini')?.creditsPer1kWords, 1);
    const cases: [string, number, number][] = [
      ['gpt-5', 1_000, 5],
      ['gpt-5', 1, 1],
      ['gpt-5', 2_000, 10],
      ['gpt-5-mini', 1_000, 1],
      ['gpt-5-mini', 1_001, 2],
      ['swissllm-large', 2_345, 10], // 9.38 → 10
      ['mistral-large', 10_000, 30],
      ['gpt-5-mini', 0, 0],
    ];
    let balance = 10_000;
    for (const [modelId, words, expected] of cases) {
      const r = w.use(o.orgId, words, { modelId });
      balance -= expected;
      assert.equal(r.credits, expected, `${String(words)} words on ${modelId}`);
      assert.equal(r.balance, balance);
    }
    const events = w.query(o.owner, 'usage.events', { orgId: o.orgId, limit: 100 }).events;
    assert.deepEqual(events.map((e) => [e.modelId, e.words, e.credits]).reverse(), cases);
  });

  test('CRD-7 balance state: out at 0, low under 100, ok otherwise', () => {
    const w = world();
    const o = w.signUp(); // 200
    const hero = () => w.query(o.owner, 'balance.get', { orgId: o.orgId });
    assert.equal(hero().state, 'ok');
    assert.equal(w.use(o.orgId, 100_000).balanceState, 'ok'); // 100
    assert.equal(hero().state, 'ok');
    assert.equal(w.use(o.orgId, 1_000).balanceState, 'low'); // 99
    assert.equal(hero().state, 'low');
    assert.equal(w.use(o.orgId, 98_000).balanceState, 'low'); // 1
    assert.equal(w.use(o.orgId, 1_000).balanceState, 'out'); // 0
    assert.deepEqual([hero().balance, hero().state], [0, 'out']);
    assert.deepEqual([0, 1, 99, 100, 101, 10_000].map(balanceState), ['out', 'low', 'low', 'ok', 'ok', 'ok']);
  });

  test('CRD-8 package prices follow the display rate: 200 credits = 1 unit by default', () => {
    const w = world();
    const o = paidOrg(w);
    const list = w.query(o.owner, 'packages.list', { orgId: o.orgId });
    assert.equal(list.creditsPerCurrencyUnit, 200);
    for (const p of list.packages) assert.equal(p.price, (p.credits / 200) * 100, `${p.id}: price in minor units`);
    assert.deepEqual(list.packages.find((p) => p.id === 'pkg_1000'), { id: 'pkg_1000', credits: 1_000, price: 500 });
    const r = buy(w, o.owner, o.orgId, 'pkg_1000');
    assert.ok(r.status === 'paid');
    assert.equal(r.amount, 500);
    assert.equal(invoices(w, o.orgId)[0]?.amount, 500);
  });

  test('CRD-8 the display rate is configurable and the charge follows it', () => {
    const w = world({ policy: { creditsPerCurrencyUnit: 100 } });
    const o = paidOrg(w);
    const list = w.query(o.owner, 'packages.list', { orgId: o.orgId });
    assert.equal(list.creditsPerCurrencyUnit, 100);
    assert.equal(list.packages.find((p) => p.id === 'pkg_1000')?.price, 1_000);
    assert.deepEqual(list.packages, packages({ ...DEFAULT_POLICY, creditsPerCurrencyUnit: 100 }));
    buy(w, o.owner, o.orgId, 'pkg_5000');
    assert.equal(invoices(w, o.orgId)[0]?.amount, 5_000);
  });
});

// — PKG —

describe('PKG credit packages', () => {
  test('PKG-1 on Free a purchase attempt answers upgrade_required and nothing is charged', () => {
    const w = world();
    const o = w.signUp();
    w.run(SYSTEM, 'system.setCard', { orgId: o.orgId, card: { brand: 'visa', last4: '4242', outcome: 'succeed' } });
    assert.equal(w.query(o.owner, 'packages.list', { orgId: o.orgId }).available, false);
    rejects(w, () => buy(w, o.owner, o.orgId), 'upgrade_required');
    assert.equal(w.balance(o.orgId), 200);
    assert.equal(invoices(w, o.orgId).length, 0);
  });

  test('PKG-1 on a paid plan packages are available and can be bought', () => {
    const w = world();
    const o = paidOrg(w, 'lite');
    assert.equal(w.query(o.owner, 'packages.list', { orgId: o.orgId }).available, true);
    const r = buy(w, o.owner, o.orgId);
    assert.equal(r.status, 'paid');
    assert.equal(w.balance(o.orgId), 1_500 + 1_000);
  });

  test('PKG-1 after a cancellation to Free takes effect, packages answer upgrade_required again', () => {
    const w = world();
    const o = paidOrg(w);
    w.run(SYSTEM, 'system.setPlan', { orgId: o.orgId, planId: 'free', interval: 'month' });
    rejects(w, () => buy(w, o.owner, o.orgId), 'upgrade_required');
  });

  for (const currency of ['CHF', 'EUR', 'USD'] as const) {
    test(`PKG-2 packages list credits and price in the organization's currency (${currency})`, () => {
      const w = world();
      const o = w.signUp({ currency });
      w.plan(o.orgId, 'standard');
      const list = w.query(o.owner, 'packages.list', { orgId: o.orgId });
      assert.equal(list.currency, currency);
      assert.deepEqual(
        list.packages.map((p) => [p.credits, p.price]),
        [[1_000, 500], [5_000, 2_500], [10_000, 5_000], [50_000, 25_000]], // the same number in every currency
      );
      const r = buy(w, o.owner, o.orgId, 'pkg_10000');
      assert.ok(r.status === 'paid');
      assert.equal(r.currency, currency);
      const [inv] = invoices(w, o.orgId);
      assert.equal(inv?.currency, currency);
      assert.equal(inv?.amount, 5_000);
    });
  }

  test('PKG-3 quick purchase charges the saved card through a paid invoice and grants the credits', () => {
    const w = world();
    const o = paidOrg(w);
    assert.equal(w.query(o.owner, 'packages.list', { orgId: o.orgId }).hasSavedCard, true);
    const r = buy(w, o.owner, o.orgId, 'pkg_5000');
    assert.ok(r.status === 'paid');
    assert.equal(r.credits, 5_000);
    assert.equal(r.amount, 2_500);
    assert.equal(r.balance, 15_000);
    const list = invoices(w, o.orgId);
    assert.equal(list.length, 1);
    assert.equal(list[0]?.id, r.invoiceId);
    assert.equal(list[0]?.status, 'paid');
    assert.equal(list[0]?.amount, 2_500);
    assert.deepEqual(list[0]?.lines.map((l) => l.description), ['5,000 credits package']);
  });

  test('PKG-3 with no saved card the purchase falls back to checkout; credits come when it is paid', () => {
    const w = world();
    const o = paidOrg(w, 'standard', null);
    assert.equal(w.query(o.owner, 'packages.list', { orgId: o.orgId }).hasSavedCard, false);
    const r = buy(w, o.owner, o.orgId, 'pkg_1000');
    assert.ok(r.status === 'requires_checkout');
    assert.equal(r.checkout.amount, 500);
    assert.equal(r.checkout.status, 'open');
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(invoices(w, o.orgId).length, 0);
    const done = w.pay(o.owner, 'checkout.complete', { orgId: o.orgId, checkoutId: r.checkout.id, card: { outcome: 'succeed' } });
    assert.equal(done.status, 'paid');
    assert.equal(w.balance(o.orgId), 11_000);
    assert.equal(invoices(w, o.orgId)[0]?.status, 'paid');
    // The card is now saved: the next purchase is a quick one.
    assert.equal(w.query(o.owner, 'packages.list', { orgId: o.orgId }).hasSavedCard, true);
    assert.equal(buy(w, o.owner, o.orgId).status, 'paid');
    assert.equal(w.balance(o.orgId), 12_000);
  });

  test('PKG-3 a declined saved card changes nothing', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'decline');
    rejects(w, () => buy(w, o.owner, o.orgId), 'card_declined');
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(invoices(w, o.orgId).length, 0);
  });

  test('PKG-4 a purchase without an idempotency key is refused', () => {
    const w = world();
    const o = paidOrg(w);
    rejects(w, () => w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' }), 'idempotency_key_required');
  });

  test('PKG-4 retrying with the same idempotency key replays the first result and grants once', () => {
    const w = world();
    const o = paidOrg(w);
    const key = w.key();
    const input = { orgId: o.orgId, packageId: 'pkg_1000' };
    const first = w.engine.execute(o.owner, 'package.purchase', input, { idempotencyKey: key });
    assert.equal(first.replayed, false);
    for (let i = 0; i < 3; i += 1) {
      w.advance(HOUR); // retried within the key's lifetime
      const again = w.engine.execute(o.owner, 'package.purchase', input, { idempotencyKey: key });
      assert.equal(again.replayed, true);
      assert.deepEqual(again.result, first.result);
    }
    assert.equal(w.balance(o.orgId), 11_000);
    assert.equal(invoices(w, o.orgId).length, 1);
    assert.equal(blocks(w, o.orgId).filter((b) => b.source === 'purchase').length, 1);
  });

  test('PKG-4 the same idempotency key with a different request is refused; a new key is a new purchase', () => {
    const w = world();
    const o = paidOrg(w);
    const key = w.key();
    w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_1000' }, key);
    rejects(w, () => w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_5000' }, key), 'idempotency_key_reused');
    buy(w, o.owner, o.orgId, 'pkg_1000');
    assert.equal(w.balance(o.orgId), 12_000);
    assert.equal(invoices(w, o.orgId).length, 2);
  });

  test('PKG-4 a pending card payment grants nothing until payment.settle by SYSTEM; settling twice grants once', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'pending');
    const key = w.key();
    const r = w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_5000' }, key);
    assert.ok(r.status === 'pending');
    assert.equal(r.balance, 10_000);
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(invoices(w, o.orgId)[0]?.status, 'open');
    assert.equal(blocks(w, o.orgId).some((b) => b.source === 'purchase'), false);
    // Time passing does not grant it either.
    w.advance(HOUR);
    assert.equal(w.balance(o.orgId), 10_000);
    // A retry of the request while pending replays; no second payment.
    assert.deepEqual(w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_5000' }, key), r);
    assert.equal(invoices(w, o.orgId).length, 1);
    // Only the system (the payment provider's webhook) settles.
    rejects(w, () => w.run(o.owner, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' }), 'forbidden');
    const s1 = w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' });
    assert.equal(s1.status, 'succeeded');
    assert.equal(s1.balance, 15_000);
    const s2 = w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' });
    assert.equal(s2.balance, 15_000);
    assert.equal(w.balance(o.orgId), 15_000);
    assert.equal(blocks(w, o.orgId).filter((b) => b.source === 'purchase').length, 1);
    assert.equal(invoices(w, o.orgId)[0]?.status, 'paid');
    rejects(w, () => w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'failed' }), 'payment_not_pending');
  });

  test('PKG-4 a pending payment that fails grants nothing and voids its invoice', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'pending');
    const r = buy(w, o.owner, o.orgId);
    assert.ok(r.status === 'pending');
    const s = w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'failed' });
    assert.equal(s.status, 'failed');
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(invoices(w, o.orgId)[0]?.status, 'void');
    rejects(w, () => w.run(SYSTEM, 'payment.settle', { paymentId: r.paymentId, outcome: 'succeeded' }), 'payment_not_pending');
    assert.equal(w.balance(o.orgId), 10_000);
  });

  test('PKG-5 purchase is owner/admin; builder and member are forbidden', () => {
    const w = world();
    const t = w.team('pro');
    assert.equal(buy(w, t.owner, t.orgId).status, 'paid');
    assert.equal(buy(w, t.admin.actor, t.orgId).status, 'paid');
    rejects(w, () => buy(w, t.builder.actor, t.orgId), 'forbidden');
    rejects(w, () => buy(w, t.member.actor, t.orgId), 'forbidden');
    assert.equal(w.balance(t.orgId), 32_000);
  });

  test('PKG-5 with POL-BILLING-OWNER-ONLY only the owner may purchase', () => {
    const w = world({ policy: { billingOwnerOnly: true } });
    const t = w.team('pro');
    rejects(w, () => buy(w, t.admin.actor, t.orgId), 'forbidden');
    assert.equal(buy(w, t.owner, t.orgId).status, 'paid');
    assert.equal(w.balance(t.orgId), 31_000);
  });
});

// — AR —

describe('AR auto-recharge', () => {
  test('AR-1 buys the selected package when the balance drops below 10 % of the monthly allowance', () => {
    const w = world();
    const o = paidOrg(w);
    enableAutoRecharge(w, o.owner, o.orgId, 'pkg_1000');
    assert.equal(arState(w, o.orgId).thresholdCredits, 1_000);
    assert.equal(arState(w, o.orgId).thresholdPct, 10);
    assert.equal(w.use(o.orgId, 9_000_000).balance, 1_000); // at 10 %: not below, nothing bought
    assert.equal(invoices(w, o.orgId).length, 0);
    const r = w.use(o.orgId, 1_000); // 999: below
    assert.equal(r.balance, 1_999);
    assert.equal(w.balance(o.orgId), 1_999);
    const list = invoices(w, o.orgId);
    assert.equal(list.length, 1);
    assert.equal(list[0]?.status, 'paid');
    assert.equal(list[0]?.amount, 500);
    assert.deepEqual(list[0]?.lines.map((l) => l.description), ['Auto-recharge: 1,000 credits']);
    const pkg = blocks(w, o.orgId).find((b) => b.source === 'purchase');
    assert.equal(pkg?.initial, 1_000);
    assert.equal(pkg?.expiresAt, '2027-01-05T09:00:00.000Z');
  });

  test('AR-1 the threshold follows the plan and the selected package is the one bought', () => {
    const w = world();
    const o = paidOrg(w, 'pro'); // 30,000: threshold 3,000
    enableAutoRecharge(w, o.owner, o.orgId, 'pkg_5000');
    assert.equal(arState(w, o.orgId).thresholdCredits, 3_000);
    w.use(o.orgId, 5_400_000, { modelId: 'gpt-5' }); // 27,000 credits
    assert.equal(w.balance(o.orgId), 3_000);
    w.use(o.orgId, 1_000);
    assert.equal(w.balance(o.orgId), 2_999 + 5_000);
    assert.equal(invoices(w, o.orgId)[0]?.amount, 2_500);
  });

  test('AR-1 with auto-recharge off nothing is bought below the threshold', () => {
    const w = world();
    const o = paidOrg(w);
    w.run(o.owner, 'autoRecharge.setPackage', { orgId: o.orgId, packageId: 'pkg_1000' });
    w.use(o.orgId, 9_500_000);
    assert.equal(w.balance(o.orgId), 500);
    assert.equal(invoices(w, o.orgId).length, 0);
  });

  test('AR-2 auto-recharge is an owner/admin setting', () => {
    const w = world();
    const t = w.team('pro');
    for (const who of [t.builder.actor, t.member.actor]) {
      rejects(w, () => w.run(who, 'autoRecharge.setPackage', { orgId: t.orgId, packageId: 'pkg_1000' }), 'forbidden');
      rejects(w, () => w.run(who, 'autoRecharge.setEnabled', { orgId: t.orgId, enabled: false }), 'forbidden');
    }
    w.run(t.admin.actor, 'autoRecharge.setPackage', { orgId: t.orgId, packageId: 'pkg_1000' });
    assert.equal(w.run(t.admin.actor, 'autoRecharge.setEnabled', { orgId: t.orgId, enabled: true }).enabled, true);
    assert.equal(w.run(t.owner, 'autoRecharge.setEnabled', { orgId: t.orgId, enabled: false }).enabled, false);
  });

  test('AR-2 with POL-BILLING-OWNER-ONLY only the owner manages auto-recharge', () => {
    const w = world({ policy: { billingOwnerOnly: true } });
    const t = w.team('pro');
    rejects(w, () => w.run(t.admin.actor, 'autoRecharge.setPackage', { orgId: t.orgId, packageId: 'pkg_1000' }), 'forbidden');
    w.run(t.owner, 'autoRecharge.setPackage', { orgId: t.orgId, packageId: 'pkg_1000' });
    rejects(w, () => w.run(t.admin.actor, 'autoRecharge.setEnabled', { orgId: t.orgId, enabled: true }), 'forbidden');
    assert.equal(w.run(t.owner, 'autoRecharge.setEnabled', { orgId: t.orgId, enabled: true }).enabled, true);
  });

  test('AR-3 the toggle cannot be turned on until a package is selected, and selecting one does not turn it on', () => {
    const w = world();
    const o = paidOrg(w);
    rejects(w, () => w.run(o.owner, 'autoRecharge.setEnabled', { orgId: o.orgId, enabled: true }), 'autorecharge_package_required');
    const sel = w.run(o.owner, 'autoRecharge.setPackage', { orgId: o.orgId, packageId: 'pkg_5000' });
    assert.equal(sel.packageId, 'pkg_5000');
    assert.equal(sel.enabled, false);
    assert.deepEqual([arState(w, o.orgId).packageId, arState(w, o.orgId).enabled], ['pkg_5000', false]);
    // Changing the selection still does not enable it.
    w.run(o.owner, 'autoRecharge.setPackage', { orgId: o.orgId, packageId: 'pkg_1000' });
    assert.equal(arState(w, o.orgId).enabled, false);
    assert.equal(w.run(o.owner, 'autoRecharge.setEnabled', { orgId: o.orgId, enabled: true }).enabled, true);
    assert.equal(arState(w, o.orgId).enabled, true);
  });

  test('AR-3 an unknown package cannot be selected, and Free has no auto-recharge', () => {
    const w = world();
    const o = paidOrg(w);
    rejects(w, () => w.run(o.owner, 'autoRecharge.setPackage', { orgId: o.orgId, packageId: 'pkg_123' }), 'not_found');
    const f = w.signUp();
    rejects(w, () => w.run(f.owner, 'autoRecharge.setPackage', { orgId: f.orgId, packageId: 'pkg_1000' }), 'upgrade_required');
  });

  test('AR-4 clearing the package turns auto-recharge off', () => {
    const w = world();
    const o = paidOrg(w);
    enableAutoRecharge(w, o.owner, o.orgId);
    const r = w.run(o.owner, 'autoRecharge.setPackage', { orgId: o.orgId, packageId: null });
    assert.deepEqual([r.packageId, r.enabled], [null, false]);
    assert.deepEqual([arState(w, o.orgId).packageId, arState(w, o.orgId).enabled], [null, false]);
    w.use(o.orgId, 9_500_000);
    assert.equal(invoices(w, o.orgId).length, 0); // nothing bought
  });

  test('AR-4 turning it off is always allowed: already off, without a package, paused, or on Free', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'decline');
    assert.equal(w.run(o.owner, 'autoRecharge.setEnabled', { orgId: o.orgId, enabled: false }).enabled, false); // no package, off
    enableAutoRecharge(w, o.owner, o.orgId);
    w.use(o.orgId, 9_500_000);
    w.use(o.orgId, 1_000);
    w.use(o.orgId, 1_000);
    assert.equal(arState(w, o.orgId).paused, true);
    assert.equal(w.run(o.owner, 'autoRecharge.setEnabled', { orgId: o.orgId, enabled: false }).enabled, false);
    const f = w.signUp();
    assert.equal(w.run(f.owner, 'autoRecharge.setEnabled', { orgId: f.orgId, enabled: false }).enabled, false);
  });

  test('AR-5 failed recharges count up and three consecutive failures pause auto-recharge, with a notice', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'decline');
    enableAutoRecharge(w, o.owner, o.orgId);
    w.use(o.orgId, 9_500_000); // 500: attempt 1 declined
    assert.deepEqual([arState(w, o.orgId).failures, arState(w, o.orgId).paused], [1, false]);
    assert.equal(invoices(w, o.orgId)[0]?.status, 'void');
    assert.equal(w.balance(o.orgId), 500); // the usage itself went through
    w.use(o.orgId, 1_000); // attempt 2
    assert.deepEqual([arState(w, o.orgId).failures, arState(w, o.orgId).paused], [2, false]);
    w.use(o.orgId, 1_000); // attempt 3: pause
    const ar = arState(w, o.orgId);
    assert.deepEqual([ar.failures, ar.paused, ar.enabled], [3, true, true]);
    const paused = notifications(w, o.orgId).filter((n) => n.kind === 'auto_recharge_paused');
    assert.equal(paused.length, 1);
    assert.deepEqual(paused[0]?.to, ['owner1@acme.test']);
    // Paused: no more attempts.
    w.use(o.orgId, 1_000);
    w.use(o.orgId, 1_000);
    assert.equal(arState(w, o.orgId).failures, 3);
    assert.equal(invoices(w, o.orgId).length, 3);
    assert.ok(invoices(w, o.orgId).every((i) => i.status === 'void'));
    assert.equal(w.balance(o.orgId), 496);
  });

  test('AR-5 re-enabling resets the failure counter and the pause', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'decline');
    enableAutoRecharge(w, o.owner, o.orgId);
    w.use(o.orgId, 9_500_000);
    w.use(o.orgId, 1_000);
    w.use(o.orgId, 1_000);
    assert.equal(arState(w, o.orgId).paused, true);
    // The card is fixed; the owner turns it off and on again.
    w.run(SYSTEM, 'system.setCard', { orgId: o.orgId, card: { brand: 'visa', last4: '4242', outcome: 'succeed' } });
    w.run(o.owner, 'autoRecharge.setEnabled', { orgId: o.orgId, enabled: false });
    const on = w.run(o.owner, 'autoRecharge.setEnabled', { orgId: o.orgId, enabled: true });
    assert.deepEqual([on.failures, on.paused, on.enabled], [0, false, true]);
    assert.equal(w.balance(o.orgId), 498 + 1_000); // still under the threshold: recharged at once
  });

  test('AR-5 only consecutive failures count: a successful recharge resets the counter', () => {
    const w = world();
    const o = paidOrg(w, 'standard', 'decline');
    enableAutoRecharge(w, o.owner, o.orgId);
    w.use(o.orgId, 9_500_000); // fail 1
    w.use(o.orgId, 1_000); // fail 2
    assert.equal(arState(w, o.orgId).failures, 2);
    w.run(SYSTEM, 'system.setCard', { orgId: o.orgId, card: { brand: 'visa', last4: '4242', outcome: 'succeed' } });
    w.use(o.orgId, 1_000); // 498 → recharge succeeds → 1,498
    assert.equal(w.balance(o.orgId), 1_498);
    assert.deepEqual([arState(w, o.orgId).failures, arState(w, o.orgId).paused], [0, false]);
    w.run(SYSTEM, 'system.setCard', { orgId: o.orgId, card: { brand: 'visa', last4: '0002', outcome: 'decline' } });
    w.use(o.orgId, 600_000); // 898: fail 1
    w.use(o.orgId, 1_000); // fail 2
    assert.deepEqual([arState(w, o.orgId).failures, arState(w, o.orgId).paused], [2, false]);
  });

  test('AR-5 with no saved card a due recharge counts as a failure', () => {
    const w = world();
    const o = paidOrg(w, 'standard', null);
    enableAutoRecharge(w, o.owner, o.orgId);
    w.use(o.orgId, 9_500_000);
    assert.equal(arState(w, o.orgId).failures, 1);
    assert.equal(w.balance(o.orgId), 500);
  });

  test('AR-6 with auto-recharge on and a working card the organization is topped up before reaching zero', () => {
    const w = world();
    const o = paidOrg(w);
    enableAutoRecharge(w, o.owner, o.orgId, 'pkg_1000');
    let lowest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 80; i += 1) {
      const r = w.use(o.orgId, 500_000, { channel: CHANNELS[i % CHANNELS.length] ?? 'chat' }); // 500 each: 40,000 in all
      assert.notEqual(r.balanceState, 'out');
      lowest = Math.min(lowest, r.balance);
    }
    assert.ok(lowest >= 1_000, `never below the threshold after a recharge (lowest ${String(lowest)})`);
    assert.equal(w.query(o.owner, 'balance.get', { orgId: o.orgId }).offline, false);
    const recharges = invoices(w, o.orgId).filter((i) => i.lines.some((l) => l.description.startsWith('Auto-recharge')));
    assert.ok(recharges.length >= 30);
    assert.ok(recharges.every((i) => i.status === 'paid'));
    assert.equal(w.balance(o.orgId), 10_000 + recharges.length * 1_000 - 40_000);
  });
});
