import { atLeast, equal, expect, includes } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';
import { addMonthsIso, HOUR_MS, sameInstant } from '../context.js';
import type { Channel } from '../contract.js';
import { CHANNELS } from '../contract.js';

const iso = (ms: number) => new Date(ms).toISOString();

async function liveSum(t: T): Promise<number> {
  const c = await t.ok('credits.get');
  return c.blocks.reduce((s, b) => s + b.remaining, 0);
}

/** Usage on a channel as it really arrives: agents' channels with an agent, internal chat with a member. */
async function channelUsage(t: T, channel: Channel, credits: number) {
  const agentId = (await t.ok('agents.list'))[0]?.id;
  return t.usage({ channel, credits, ...(channel === 'internal_chat' ? { memberId: t.who('builder').userId } : agentId ? { agentId } : {}) });
}

async function smallestPackage(t: T) {
  const list = await t.ok('packages.list');
  const pkg = [...list.packages].sort((a, b) => a.credits - b.credits)[0];
  expect(pkg, 'packages.list offers a package');
  return { pkg, list };
}

export const creditChecks: Check[] = [
  check('CRD-1', 'the balance is the credits remaining across all non-expired blocks', async (t) => {
    for (const scenario of ['standard-team', 'low-credit', 'out-of-credit'] as const) {
      await t.reset(scenario);
      const b = await t.ok('balance.get');
      const c = await t.ok('credits.get');
      equal(c.balance, b.balance, `${scenario}: credits.balance = balance.balance`);
      equal(await liveSum(t), b.balance, `${scenario}: sum of blocks' remaining`);
    }
    await t.reset('standard-team');
    const before = await t.balance();
    await t.c.controlOk('credits', { params: { orgId: t.orgId }, body: { amount: 500, source: 'promo', expiresAt: iso(Date.parse(t.state.now) + 2 * HOUR_MS) } });
    equal(await t.balance(), before + 500, 'balance with a promo block');
    await t.clock({ hours: 3 });
    equal(await t.balance(), before, 'balance once the promo block expired');
    equal(await liveSum(t), before, 'blocks once the promo block expired');
  }),

  check('CRD-2', 'blocks expire by source: allowance at cycle end, purchases after 12 months, promo and grants as configured', async (t) => {
    await t.reset('standard-team');
    const b = await t.ok('balance.get');
    const c = await t.ok('credits.get');
    const allowance = c.blocks.find((x) => x.source === 'allowance');
    expect(allowance, 'an allowance block');
    expect(sameInstant(allowance.expiresAt, b.resetsAt), `allowance expires at the cycle end ${b.resetsAt}, got ${String(allowance.expiresAt)}`);
    const { pkg } = await smallestPackage(t);
    await t.ok('package.purchase', { body: { packageId: pkg.id } });
    const bought = (await t.ok('credits.get')).blocks.find((x) => x.source === 'purchase' && sameInstant(x.createdAt, t.state.now));
    expect(bought, 'a purchase block created now');
    equal(bought.initial, pkg.credits, 'purchased credits');
    expect(sameInstant(bought.expiresAt, addMonthsIso(t.state.now, 12)), `a purchase expires 12 months after purchase (${addMonthsIso(t.state.now, 12)}), got ${String(bought.expiresAt)}`);
    const promoEnd = iso(Date.parse(t.state.now) + 10 * 24 * HOUR_MS);
    await t.c.controlOk('credits', { params: { orgId: t.orgId }, body: { amount: 300, source: 'promo', expiresAt: promoEnd, note: 'Launch promo' } });
    await t.c.controlOk('credits', { params: { orgId: t.orgId }, body: { amount: 200, source: 'grant', note: 'Goodwill' } });
    const blocks = (await t.ok('credits.get')).blocks;
    const promo = blocks.find((x) => x.source === 'promo');
    const grant = blocks.find((x) => x.source === 'grant');
    expect(promo && grant, 'promo and grant blocks');
    expect(sameInstant(promo.expiresAt, promoEnd), 'promo expiry as configured');
    equal(grant.expiresAt, null, 'a grant without expiry never expires');
    await t.clock({ days: 11 });
    const later = (await t.ok('credits.get')).blocks;
    expect(!later.some((x) => x.source === 'promo'), 'the promo block is gone after its expiry');
    includes(later.map((x) => x.source), 'grant', 'the grant is still there');
  }),

  check('CRD-3', 'every channel draws from the one organization pool', async (t) => {
    await t.reset('standard-team');
    let balance = await t.balance();
    for (const channel of CHANNELS) {
      const r = await channelUsage(t, channel, 7);
      expect(r.status === 200 && !r.problem, `usage on ${channel} answered ${String(r.status)} ${r.problem ?? ''}`);
      const now = await t.balance();
      equal(balance - now, 7, `credits drawn from the pool by ${channel}`);
      balance = now;
    }
    const model = await t.model();
    const r = await t.ok('usage.record', { as: t.who('builder'), body: { channel: 'internal_chat', modelId: model.id, words: 2_000 } });
    equal(balance - (await t.balance()), r.credits, 'a member\'s own internal chat draws from the same pool');
    equal(r.balance, balance - r.credits, 'usage.record answers the pool\'s balance');
  }),

  check('CRD-4', 'credits are debited soonest-expiring block first', async (t) => {
    await t.reset('standard-team');
    const order = (blocks: { expiresAt: string | null }[]) => blocks.map((b) => (b.expiresAt === null ? Infinity : Date.parse(b.expiresAt)));
    const c = await t.ok('credits.get');
    const exp = order(c.blocks);
    expect(exp.every((v, i) => i === 0 || (exp[i - 1] ?? 0) <= v), 'credits.get lists blocks in debit order (soonest expiry first)');
    const first = c.blocks[0];
    const rest = c.blocks.slice(1);
    expect(first && rest.length > 0, 'standard-team has more than one block');
    await t.burn(100);
    const c2 = await t.ok('credits.get');
    equal(c2.blocks.find((b) => b.id === first.id)?.remaining, first.remaining - 100, 'the soonest-expiring block paid');
    for (const b of rest) equal(c2.blocks.find((x) => x.id === b.id)?.remaining, b.remaining, `block ${b.source} untouched`);
    await t.c.controlOk('credits', { params: { orgId: t.orgId }, body: { amount: 50, source: 'promo', expiresAt: iso(Date.parse(t.state.now) + 24 * HOUR_MS) } });
    const c3 = await t.ok('credits.get');
    equal(c3.blocks[0]?.source, 'promo', 'a block expiring tomorrow comes first');
    await t.burn(60);
    const c4 = await t.ok('credits.get');
    equal(c4.blocks.find((b) => b.source === 'promo')?.remaining ?? 0, 0, 'the promo block is spent first');
    equal(c4.blocks.find((b) => b.id === first.id)?.remaining, first.remaining - 110, 'then the next block');
  }),

  check('CRD-5', 'at zero balance usage is refused on every channel; a debit above the balance is refused whole', async (t) => {
    await t.reset('out-of-credit');
    const b = await t.ok('balance.get');
    equal([b.balance, b.state, b.offline], [0, 'out', true], 'balance {balance, state, offline}');
    for (const channel of CHANNELS) {
      const r = await channelUsage(t, channel, 1);
      expect(!r.problem, `usage on ${channel}: ${r.problem ?? ''}`);
      const code = (r.body as { error?: { code?: string } } | undefined)?.error?.code;
      equal([r.status, code], [402, 'insufficient_credits'], `usage on ${channel} at zero`);
    }
    const model = await t.model();
    await t.err('usage.record', 'insufficient_credits', { as: t.who('builder'), body: { channel: 'internal_chat', modelId: model.id, words: 1_000 } });
    await t.reset('low-credit');
    const low = await t.balance();
    expect(low > 0 && low < 100, `low-credit balance is under 100 (got ${String(low)})`);
    await t.c.controlErr('usage', 'insufficient_credits', { body: { orgId: t.orgId, channel: 'chat', credits: low + 36 } });
    equal(await t.balance(), low, 'balance after a refused debit');
    await t.burn(low);
    equal(await t.balance(), 0, 'the whole balance can be spent');
  }),

  check('CRD-6', 'model rates are quoted per 1,000 words and usage is charged at them', async (t) => {
    await t.reset('standard-team');
    const { models } = await t.ok('models.list');
    expect(models.length > 0, 'models are listed');
    for (const m of models) expect(m.creditsPer1kWords > 0, `${m.id} has a positive rate per 1,000 words`);
    const whole = models.filter((m) => Number.isInteger(m.creditsPer1kWords) && m.creditsPer1kWords > 0);
    expect(whole.length > 0, 'a model with a whole-number rate');
    for (const m of whole.slice(0, 3)) {
      const r = await t.ok('usage.record', { as: t.who('builder'), body: { channel: 'internal_chat', modelId: m.id, words: 3_000 } });
      equal(r.credits, 3 * m.creditsPer1kWords, `credits for 3,000 words on ${m.id} at ${String(m.creditsPer1kWords)}/1,000 words`);
    }
  }),

  check('CRD-7', 'balance state is out at 0, low under 100, ok otherwise', async (t) => {
    await t.reset('low-credit');
    equal((await t.ok('balance.get')).state, 'low', 'low-credit state');
    await t.reset('out-of-credit');
    equal((await t.ok('balance.get')).state, 'out', 'out-of-credit state');
    await t.reset('standard-team');
    equal((await t.ok('balance.get')).state, 'ok', 'standard-team state');
    await t.burnTo(100);
    equal((await t.ok('balance.get')).state, 'ok', 'state at 100');
    const model = await t.model();
    const words = Math.ceil(1_000 / model.creditsPer1kWords);
    const r = await t.ok('usage.record', { as: t.who('builder'), body: { channel: 'internal_chat', modelId: model.id, words } });
    equal(r.balanceState, r.balance === 0 ? 'out' : r.balance < 100 ? 'low' : 'ok', 'usage.record balanceState');
    const b = await t.ok('balance.get');
    expect(b.balance < 100 && b.balance > 0, `balance ${String(b.balance)} is between 0 and 100`);
    equal([b.state, b.offline], ['low', false], 'state just under 100');
    await t.burnTo(0);
    const z = await t.ok('balance.get');
    equal([z.state, z.offline], ['out', true], 'state at 0');
  }),

  check('CRD-8', 'package prices follow the configurable money ↔ credits rate (default 200 credits = 1 unit)', async (t) => {
    await t.reset('standard-team');
    const list = await t.ok('packages.list');
    equal(list.creditsPerCurrencyUnit, 200, 'default rate');
    for (const p of list.packages) equal(p.price, Math.round((p.credits * 100) / 200), `price of ${String(p.credits)} credits (minor units)`);
    await t.reset('standard-team', { policy: { 'CRD-8': 100 } });
    const l2 = await t.ok('packages.list');
    equal(l2.creditsPerCurrencyUnit, 100, 'configured rate');
    for (const p of l2.packages) equal(p.price, p.credits, `price of ${String(p.credits)} credits at 100 per unit (minor units)`);
  }),

  check('PKG-1', 'packages exist on paid plans only; on Free a purchase answers upgrade_required', async (t) => {
    await t.reset('fresh-free');
    const list = await t.ok('packages.list');
    equal(list.available, false, 'packages.available on Free');
    const id = list.packages[0]?.id ?? 'pkg_1000';
    await t.err('package.purchase', 'upgrade_required', { body: { packageId: id } });
    await t.err('checkout.start', 'upgrade_required', { body: { purpose: 'package', packageId: id } });
    await t.reset('standard-team');
    const { pkg, list: paid } = await smallestPackage(t);
    equal(paid.available, true, 'packages.available on Standard');
    await t.ok('package.purchase', { body: { packageId: pkg.id } });
  }),

  check('PKG-2', 'each package lists credits and a price in the organization\'s currency', async (t) => {
    const seen = new Set<string>();
    for (const scenario of ['standard-team', 'multi-org', 'fresh-free'] as const) {
      await t.reset(scenario);
      const org = await t.ok('org.get');
      const list = await t.ok('packages.list');
      equal(list.currency, org.currency, `${scenario}: packages currency`);
      seen.add(list.currency);
      expect(list.packages.length > 0, `${scenario}: packages listed`);
      for (const p of list.packages) expect(p.credits > 0 && p.price > 0, `${scenario}: ${p.id} has credits and a price`);
    }
    equal(seen.size, 3, 'currencies covered');
  }),

  check('PKG-3', 'a quick purchase charges the saved card; without one it falls back to checkout', async (t) => {
    await t.reset('standard-team');
    const { pkg, list } = await smallestPackage(t);
    equal(list.hasSavedCard, true, 'standard-team has a saved card');
    const before = await t.balance();
    const invoices = (await t.ok('invoices.list')).total;
    const r = await t.ok('package.purchase', { body: { packageId: pkg.id } });
    expect(r.status === 'paid', `purchase status ${r.status}`);
    const inv = (await t.ok('invoices.list')).invoices.find((i) => i.id === r.invoiceId);
    equal([inv?.status, inv?.amount, (await t.ok('invoices.list')).total], ['paid', pkg.price, invoices + 1], 'the purchase\'s invoice {status, amount} and invoice count');
    equal([r.credits, r.amount, r.balance], [pkg.credits, pkg.price, before + pkg.credits], 'purchase {credits, amount, balance}');
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: null } });
    equal((await t.ok('packages.list')).hasSavedCard, false, 'hasSavedCard after removing the card');
    const r2 = await t.ok('package.purchase', { body: { packageId: pkg.id } });
    expect(r2.status === 'requires_checkout', `purchase without a card: ${r2.status}`);
    equal([r2.checkout.status, r2.checkout.amount], ['open', pkg.price], 'the fallback checkout');
    equal(await t.balance(), before + pkg.credits, 'balance before paying the checkout');
    await t.c.controlOk('completeCheckout', { params: { orgId: t.orgId, checkoutId: r2.checkout.id }, as: t.who('owner'), body: { card: { outcome: 'succeed' } } });
    equal(await t.balance(), before + 2 * pkg.credits, 'balance after the checkout');
  }),

  check('PKG-4', 'credits are granted only once payment is collected, exactly once however often it is retried', async (t) => {
    await t.reset('standard-team');
    const { pkg } = await smallestPackage(t);
    const before = await t.balance();
    await t.err('package.purchase', 'idempotency_key_required', { key: null, body: { packageId: pkg.id } });
    const key = `pkg4-${String(Date.now())}`;
    const a = await t.ok('package.purchase', { key, body: { packageId: pkg.id } });
    const b = await t.ok('package.purchase', { key, body: { packageId: pkg.id } });
    expect(a.status === 'paid' && b.status === 'paid', 'both answers are paid');
    equal(b.paymentId, a.paymentId, 'a retry answers the same payment');
    equal(await t.balance(), before + pkg.credits, 'balance after a purchase and its retry');
    await t.err('package.purchase', 'idempotency_key_reused', { key, body: { packageId: `${pkg.id}-other` } });
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: { brand: 'visa', last4: '4000', outcome: 'pending' } } });
    const p = await t.ok('package.purchase', { body: { packageId: pkg.id } });
    expect(p.status === 'pending', `purchase with a slow card: ${p.status}`);
    equal(await t.balance(), before + pkg.credits, 'balance while the payment is pending');
    const paymentId = p.paymentId;
    const payments = async () => ((await t.c.controlOk('payments', { params: { orgId: t.orgId } })) as { id: string; status: string }[]).find((x) => x.id === paymentId)?.status;
    equal(await payments(), 'pending', 'control payments: the payment before settling');
    await t.c.controlOk('settle', { params: { paymentId }, body: { outcome: 'succeeded' } });
    equal(await payments(), 'succeeded', 'control payments: the payment after settling');
    equal(await t.balance(), before + 2 * pkg.credits, 'balance once the payment is collected');
    const again = await t.c.control('settle', { params: { paymentId }, body: { outcome: 'succeeded' } });
    expect(!again.problem, `settle retry: ${again.problem ?? ''}`);
    equal(await t.balance(), before + 2 * pkg.credits, 'balance after settling the payment again');
    const f = await t.ok('package.purchase', { body: { packageId: pkg.id } });
    expect(f.status === 'pending', 'a second pending purchase');
    await t.c.controlOk('settle', { params: { paymentId: f.paymentId }, body: { outcome: 'failed' } });
    equal(await t.balance(), before + 2 * pkg.credits, 'balance after a failed payment');
  }),

  check('PKG-5', 'purchasing packages is owner/admin', async (t) => {
    await t.reset('standard-team');
    const { pkg } = await smallestPackage(t);
    await t.err('package.purchase', 'forbidden', { as: t.who('builder'), body: { packageId: pkg.id } });
    await t.err('checkout.start', 'forbidden', { as: t.who('builder'), body: { purpose: 'package', packageId: pkg.id } });
    await t.ok('package.purchase', { as: t.who('admin'), body: { packageId: pkg.id } });
    await t.ok('package.purchase', { as: t.who('owner'), body: { packageId: pkg.id } });
  }),

  check('AR-1', 'auto-recharge buys the selected package when the balance drops below 10 % of the monthly allowance', async (t) => {
    await t.reset('standard-team');
    const { pkg, list } = await smallestPackage(t);
    const allowance = (await t.ok('balance.get')).monthlyAllowance;
    equal([list.autoRecharge.thresholdPct, list.autoRecharge.thresholdCredits], [10, Math.floor(allowance / 10)], 'autoRecharge {thresholdPct, thresholdCredits}');
    const threshold = list.autoRecharge.thresholdCredits;
    await t.ok('autoRecharge.setPackage', { body: { packageId: pkg.id } });
    await t.ok('autoRecharge.setEnabled', { body: { enabled: true } });
    await t.burnTo(threshold + 100);
    const invoices = (await t.ok('invoices.list')).total;
    await t.burn(100);
    equal(await t.balance(), threshold, 'at the threshold nothing is bought yet');
    await t.burn(1);
    equal(await t.balance(), threshold - 1 + pkg.credits, 'balance after dropping under the threshold');
    equal((await t.ok('invoices.list')).total, invoices + 1, 'one recharge invoice');
  }),

  check('AR-2', 'the auto-recharge setting is owner/admin', async (t) => {
    await t.reset('standard-team');
    const { pkg } = await smallestPackage(t);
    for (const p of [t.who('builder')]) {
      await t.err('autoRecharge.setPackage', 'forbidden', { as: p, body: { packageId: pkg.id } });
      await t.err('autoRecharge.setEnabled', 'forbidden', { as: p, body: { enabled: false } });
    }
    await t.ok('autoRecharge.setPackage', { as: t.who('admin'), body: { packageId: pkg.id } });
    equal((await t.ok('autoRecharge.setEnabled', { as: t.who('admin'), body: { enabled: true } })).enabled, true, 'enabled by an admin');
  }),

  check('AR-3', 'the toggle needs a package first, and selecting a package does not turn it on', async (t) => {
    await t.reset('standard-team');
    const { pkg } = await smallestPackage(t);
    await t.err('autoRecharge.setEnabled', 'autorecharge_package_required', { body: { enabled: true } });
    const a = await t.ok('autoRecharge.setPackage', { body: { packageId: pkg.id } });
    equal([a.packageId, a.enabled], [pkg.id, false], 'after selecting a package');
    const b = await t.ok('autoRecharge.setEnabled', { body: { enabled: true } });
    equal([b.packageId, b.enabled], [pkg.id, true], 'after turning it on');
  }),

  check('AR-4', 'clearing the package turns auto-recharge off; turning it off is always allowed', async (t) => {
    await t.reset('standard-team');
    const { pkg } = await smallestPackage(t);
    equal((await t.ok('autoRecharge.setEnabled', { body: { enabled: false } })).enabled, false, 'turning off while off');
    await t.ok('autoRecharge.setPackage', { body: { packageId: pkg.id } });
    await t.ok('autoRecharge.setEnabled', { body: { enabled: true } });
    const cleared = await t.ok('autoRecharge.setPackage', { body: { packageId: null } });
    equal([cleared.packageId, cleared.enabled], [null, false], 'after clearing the package');
    equal((await t.ok('packages.list')).autoRecharge.enabled, false, 'packages.list autoRecharge.enabled');
    await t.ok('autoRecharge.setPackage', { body: { packageId: pkg.id } });
    await t.ok('autoRecharge.setEnabled', { body: { enabled: true } });
    equal((await t.ok('autoRecharge.setEnabled', { body: { enabled: false } })).enabled, false, 'turning off while on');
  }),

  check('AR-5', 'failed recharges count up, three in a row pause auto-recharge (with a notice), re-enabling resets', async (t) => {
    await t.reset('standard-team');
    const { pkg, list } = await smallestPackage(t);
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: { brand: 'visa', last4: '0002', outcome: 'decline' } } });
    await t.ok('autoRecharge.setPackage', { body: { packageId: pkg.id } });
    await t.ok('autoRecharge.setEnabled', { body: { enabled: true } });
    await t.burnTo(list.autoRecharge.thresholdCredits + 50);
    const failures: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await t.burn(i === 0 ? 60 : 5);
      failures.push((await t.ok('packages.list')).autoRecharge.failures);
    }
    equal(failures.slice(0, 3), [1, 2, 3], 'failure counter after each attempt');
    const ar = (await t.ok('packages.list')).autoRecharge;
    equal(ar.paused, true, 'paused after three failures');
    equal(ar.failures, 3, 'no further attempts while paused');
    const notes = await t.ok('notifications.list');
    expect(notes.some((n) => n.kind === 'auto_recharge_paused'), 'an auto_recharge_paused notification');
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: { brand: 'visa', last4: '4242', outcome: 'succeed' } } });
    const re = await t.ok('autoRecharge.setEnabled', { body: { enabled: true } });
    equal([re.failures, re.paused, re.enabled], [0, false, true], 're-enabled {failures, paused, enabled}');
  }),

  check('AR-6', 'with auto-recharge on and a working card the organization is topped up before reaching zero', async (t) => {
    await t.reset('standard-team');
    const { pkg, list } = await smallestPackage(t);
    await t.ok('autoRecharge.setPackage', { body: { packageId: pkg.id } });
    await t.ok('autoRecharge.setEnabled', { body: { enabled: true } });
    const start = list.autoRecharge.thresholdCredits + 500;
    await t.burnTo(start);
    const step = Math.max(1, Math.floor(list.autoRecharge.thresholdCredits / 3));
    let burnt = 0;
    while (burnt < start + pkg.credits * 2) {
      await t.burn(step);
      burnt += step;
      atLeast(await t.balance(), 1, `balance after burning ${String(burnt)} credits`);
    }
  }),
];
