import { equal, expect, sameSet } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';
import { RESIDENCY_TIERS } from '../contract.js';
import { satisfiesTier } from '../rules.js';

async function globalModels(t: T) {
  const { tier, models } = await t.ok('models.list');
  equal(tier, 'global', 'tier before the check');
  return models;
}

async function fetchDocument(t: T, url: string, token: string | null) {
  const u = new URL(url, `${t.c.http.base}/`);
  const path = u.origin === new URL(t.c.http.base).origin ? `${u.pathname}${u.search}` : url;
  return t.c.http.raw('GET', path, { token, headers: { Accept: '*/*' } });
}

export const residencyBillingChecks: Check[] = [
  check('RES-1', 'five tiers, strictest first, each filtering the models by server and company location', async (t) => {
    await t.reset('standard-team');
    const all = await globalModels(t);
    const lists: Record<string, string[]> = {};
    for (const tier of RESIDENCY_TIERS) {
      equal((await t.ok('org.setResidency', { body: { tier } })).tier, tier, 'saved tier');
      const r = await t.ok('models.list');
      equal(r.tier, tier, 'models.list tier');
      sameSet(r.models.map((m) => m.id), all.filter((m) => satisfiesTier(m, tier)).map((m) => m.id), `models allowed under ${tier}`);
      lists[tier] = r.models.map((m) => m.id);
    }
    const sub = (a: string, b: string) => (lists[a] ?? []).every((id) => (lists[b] ?? []).includes(id));
    for (const [a, b] of [['ch-ch', 'ch-any'], ['ch-ch', 'eu-eu'], ['ch-any', 'eu-any'], ['eu-eu', 'eu-any'], ['eu-any', 'global']]) {
      expect(sub(a ?? '', b ?? ''), `every model allowed under ${String(a)} is allowed under ${String(b)}`);
    }
    expect((lists['ch-ch'] ?? []).length < all.length, 'the strictest tier filters something out');
  }),

  check('RES-2', 'the tier defaults to global and an invalid value is rejected on save', async (t) => {
    await t.reset('fresh-free');
    equal((await t.ok('settings.get')).residency, 'global', 'default residency');
    equal((await t.ok('models.list')).tier, 'global', 'models.list tier by default');
    for (const tier of ['mars', 'EU-EU', '', 'eu']) {
      await t.err('org.setResidency', 'validation_failed', { body: { tier } });
    }
    await t.err('org.setResidency', 'validation_failed', { body: {} });
    await t.err('residency.preview', 'validation_failed', { query: { tier: 'mars' } });
    equal((await t.ok('settings.get')).residency, 'global', 'residency after rejected saves');
  }),

  check('RES-3', 'the server location is set by owner and admin only', async (t) => {
    await t.reset('pending-downgrade');
    for (const p of [t.who('builder'), t.who('member')]) await t.err('org.setResidency', 'forbidden', { as: p, body: { tier: 'eu-any' } });
    equal((await t.ok('settings.get')).residency, 'global', 'residency after refused saves');
    await t.ok('org.setResidency', { as: t.who('admin'), body: { tier: 'eu-any' } });
    await t.ok('org.setResidency', { as: t.who('owner'), body: { tier: 'global' } });
  }),

  check('RES-4', 'the tier filters models, rejects non-compliant ones and flags deployments after a tightening', async (t) => {
    await t.reset('standard-team');
    const all = await globalModels(t);
    const deps = await t.ok('deployments.list');
    const model = (id: string) => all.find((m) => m.id === id);
    const tier = 'eu-eu';
    const bad = deps.filter((d) => !satisfiesTier(model(d.modelId) ?? { providerCountry: null, hostingCountry: null }, tier)).map((d) => d.id);
    expect(bad.length > 0 && bad.length < deps.length, 'standard-team has compliant and non-compliant deployments under eu-eu');
    const p = await t.ok('residency.preview', { query: { tier } });
    equal([p.from, p.to], ['global', tier], 'preview from/to');
    sameSet(p.unavailableModelIds, all.filter((m) => !satisfiesTier(m, tier)).map((m) => m.id), 'models a tightening makes unavailable');
    sameSet(p.flaggedDeploymentIds, bad, 'deployments a tightening would flag');
    const r = await t.ok('org.setResidency', { body: { tier } });
    sameSet(r.flaggedDeploymentIds, bad, 'flagged deployments');
    for (const d of await t.ok('deployments.list')) equal(d.flagged, bad.includes(d.id), `deployment ${d.name} flagged`);
    const nonCompliant = all.find((m) => !satisfiesTier(m, tier));
    const compliant = all.find((m) => satisfiesTier(m, tier));
    expect(nonCompliant && compliant, 'both kinds of model exist');
    const agentId = deps[0]?.agentId ?? '';
    await t.err('deployment.create', 'model_not_allowed', { body: { agentId, name: 'Non-compliant', channel: 'chat', modelId: nonCompliant.id } });
    const flagged = bad[0] ?? '';
    await t.err('deployment.setModel', 'model_not_allowed', { params: { deploymentId: flagged }, body: { modelId: nonCompliant.id } });
    const fixed = await t.ok('deployment.setModel', { params: { deploymentId: flagged }, body: { modelId: compliant.id } });
    equal([fixed.modelId, fixed.flagged], [compliant.id, false], 'a deployment moved to a compliant model');
    await t.reset('strict-residency');
    const s = await t.ok('settings.get');
    equal(s.residency, 'ch-ch', 'strict-residency tier');
    const models = (await t.ok('models.list')).models;
    expect(models.every((m) => satisfiesTier(m, 'ch-ch')), 'only ch-ch models are listed');
    const sd = await t.ok('deployments.list');
    for (const d of sd) equal(d.flagged, !models.some((m) => m.id === d.modelId), `strict-residency deployment ${d.name} flagged`);
  }),

  check('RES-5', 'a model with unknown hosting or provider country never satisfies a restrictive tier', async (t) => {
    await t.reset('standard-team');
    const all = await globalModels(t);
    const unknown = all.filter((m) => m.providerCountry === null || m.hostingCountry === null);
    if (unknown.length === 0) {
      t.note('the backend lists no model of unknown origin; nothing to exclude');
      return;
    }
    const agentId = (await t.ok('agents.list'))[0]?.id ?? '';
    for (const tier of RESIDENCY_TIERS.filter((x) => x !== 'global')) {
      await t.ok('org.setResidency', { body: { tier } });
      const ids = (await t.ok('models.list')).models.map((m) => m.id);
      for (const m of unknown) expect(!ids.includes(m.id), `${m.id} (unknown origin) is listed under ${tier}`);
      await t.err('deployment.create', 'model_not_allowed', { body: { agentId, name: 'Unknown origin', channel: 'chat', modelId: unknown[0]?.id ?? '' } });
    }
  }),

  check('BILL-1', 'invoices list number, date, amount, currency and status, newest first, with PDF and view links', async (t) => {
    await t.reset('standard-team');
    const org = await t.ok('org.get');
    const page = await t.ok('invoices.list');
    expect(page.invoices.length >= 3 && page.total >= page.invoices.length, 'months of history have invoices');
    const at = page.invoices.map((i) => Date.parse(i.createdAt));
    expect(at.every((v, i) => i === 0 || (at[i - 1] ?? 0) >= v), 'invoices are newest first');
    for (const i of page.invoices) {
      expect(i.number.length > 0, 'an invoice number');
      equal(i.currency, org.currency, `invoice ${i.number} currency`);
      equal(i.amount, i.lines.reduce((s, l) => s + l.amount, 0), `invoice ${i.number} amount = sum of lines`);
    }
    const first = page.invoices[0];
    expect(first, 'an invoice');
    const owner = t.who('owner');
    const pdf = await fetchDocument(t, first.pdfUrl, owner.token);
    equal(pdf.status, 200, 'PDF download status');
    expect(/application\/pdf/.test(pdf.headers.get('content-type') ?? ''), `PDF content-type, got ${pdf.headers.get('content-type') ?? ''}`);
    expect(pdf.text.startsWith('%PDF'), 'the PDF starts with %PDF');
    const view = await fetchDocument(t, first.viewUrl, owner.token);
    equal(view.status, 200, 'invoice view status');
    expect(/text\/html/.test(view.headers.get('content-type') ?? ''), `view content-type, got ${view.headers.get('content-type') ?? ''}`);
    expect(view.text.includes(first.number), 'the view shows the invoice number');
    const denied = await fetchDocument(t, first.pdfUrl, t.who('builder').token);
    equal(denied.status, 403, 'PDF download for a builder');
    const p1 = await t.ok('invoices.list', { query: { limit: 2 } });
    equal(p1.invoices.length, 2, 'page size');
    expect(p1.nextCursor !== null, 'a next page');
    const p2 = await t.ok('invoices.list', { query: { limit: 2, cursor: p1.nextCursor ?? '' } });
    expect(p2.invoices.every((i) => !p1.invoices.some((x) => x.id === i.id)), 'the next page holds other invoices');
  }),

  check('BILL-2', 'billing email and tax ID appear on invoices issued after they change', async (t) => {
    await t.reset('standard-team');
    const old = (await t.ok('invoices.list')).invoices[0];
    expect(old?.billTo, 'the latest invoice has a bill-to identity');
    const identity = { email: 'finance@acme-ai.test', name: 'Acme AI AG', country: 'CH', address: 'Bahnhofstrasse 10', postalCode: '8001', city: 'Zürich', taxId: 'CHE-111.222.333 MWST' };
    await t.ok('org.updateBillingIdentity', { body: identity });
    const pkg = (await t.ok('packages.list')).packages[0];
    await t.ok('package.purchase', { body: { packageId: pkg?.id ?? '' } });
    const list = (await t.ok('invoices.list')).invoices;
    const newest = list[0];
    equal([newest?.billTo?.email, newest?.billTo?.taxId], [identity.email, identity.taxId], 'bill-to of the new invoice');
    const before = list.find((i) => i.id === old.id);
    equal(before?.billTo?.email, old.billTo.email, 'an earlier invoice keeps its bill-to');
  }),

  check('BILL-3', 'invoices are visible to owner, admin and the billing-role holder only', async (t) => {
    await t.reset('pending-downgrade');
    await t.ok('invoices.list', { as: t.who('owner') });
    await t.ok('invoices.list', { as: t.who('admin') });
    await t.err('invoices.list', 'forbidden', { as: t.who('member') });
    const b = t.who('builder');
    await t.err('invoices.list', 'forbidden', { as: b });
    const tr = await t.ok('billingTransfer.start', { body: { toUserId: b.userId } });
    await t.ok('billingTransfer.accept', { as: b, params: { transferId: tr.id } });
    await t.ok('invoices.list', { as: b });
  }),

  check('BILL-4', 'a declined card changes nothing; a pending payment applies only once collected', async (t) => {
    await t.reset('fresh-free');
    const owner = t.who('owner');
    const cs = await t.ok('checkout.start', { body: { purpose: 'subscription', planId: 'lite', interval: 'month' } });
    await t.c.controlErr('completeCheckout', 'card_declined', { params: { orgId: t.orgId, checkoutId: cs.id }, as: owner, body: { card: { outcome: 'decline' } } });
    equal((await t.ok('subscription.get')).planId, 'free', 'plan after a declined checkout');
    equal((await t.ok('checkout.get', { params: { checkoutId: cs.id } })).status, 'open', 'checkout after a decline');
    await t.c.controlOk('completeCheckout', { params: { orgId: t.orgId, checkoutId: cs.id }, as: owner, body: { card: { outcome: 'succeed' } } });
    equal((await t.ok('subscription.get')).planId, 'lite', 'plan after paying');
    await t.reset('standard-team');
    const before = await t.balance();
    const invoices = (await t.ok('invoices.list')).total;
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: { brand: 'visa', last4: '0002', outcome: 'decline' } } });
    const pkg = (await t.ok('packages.list')).packages[0]?.id ?? '';
    await t.err('package.purchase', 'card_declined', { body: { packageId: pkg } });
    await t.err('plan.change', 'card_declined', { body: { planId: 'pro', interval: 'month' } });
    equal(await t.balance(), before, 'balance after declines');
    equal((await t.ok('subscription.get')).planId, 'standard', 'plan after a declined upgrade');
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: { brand: 'visa', last4: '4000', outcome: 'pending' } } });
    const r = await t.ok('plan.change', { body: { planId: 'pro', interval: 'month' } });
    expect(r.status === 'pending_payment', `upgrade with a slow card: ${r.status}`);
    equal((await t.ok('subscription.get')).planId, 'standard', 'plan while the payment is pending');
    await t.err('plan.change', 'payment_pending', { body: { planId: 'pro', interval: 'year' } });
    await t.c.controlOk('settle', { params: { paymentId: r.paymentId }, body: { outcome: 'failed' } });
    equal((await t.ok('subscription.get')).planId, 'standard', 'plan after the payment failed');
    const list = await t.ok('invoices.list');
    const inv = list.invoices.find((i) => i.id === r.invoiceId);
    expect(inv && inv.status !== 'paid', `the failed payment's invoice is not paid (${inv?.status ?? 'missing'})`);
    equal(list.total, invoices + 1, 'invoices: only the pending upgrade made one');
  }),
];
