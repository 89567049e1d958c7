/**
 * Money safety through the elements (issue 9, the UI half): Buy / Confirm / Pay double-clicked, and retried after a
 * failure or a lost answer, grant credits (or change the plan) exactly once — asserted on the server's ledger.
 * The elements keep one idempotency key per user intent (PKG-4), so a second click or a Retry cannot buy twice.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { OrgKitElement } from '../../src/base.js';
import type { Mock } from '../helpers.js';
import { mock } from '../helpers.js';
import { mountProvider, quiet, ready, trackedClient, unmount } from './support.js';

let m: Mock;
const sys = { kind: 'system' } as const;

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = el.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
};
const org = () => {
  const o = m.backend.engine.state.orgs[m.state.orgId];
  if (!o) throw new Error('no org');
  return o;
};
const balance = () => m.backend.engine.query(sys, 'balance.get', { orgId: m.state.orgId }).balance;
const purchaseBlocks = () => org().blocks.filter((b) => b.source === 'purchase');
const planBlocks = () => org().blocks.filter((b) => b.source === 'allowance');
const payments = () => Object.values(org().payments);
const saysError = (el: Element, selector: string) =>
  Array.from(el.shadowRoot?.querySelectorAll(selector) ?? []).some((e) => (e.textContent?.trim() ?? '') !== '' && e.checkVisibility());

/** Two clicks in the same task, as a double click delivers them, and a third once the first has started. */
async function doubleClick(button: HTMLElement): Promise<void> {
  button.click();
  button.click();
  await Promise.resolve();
  button.click();
}

let inFlight: () => number = () => 0;

/** Mount as the owner with a client whose deadline a test may shorten (it reads its options per call). */
async function mountOwner(tag: string): Promise<{ el: OrgKitElement; options: { timeoutMs: number } }> {
  const tracked = trackedClient(m.person('owner').token);
  inFlight = tracked.inFlight;
  const { els } = mountProvider(tracked.client, m.state.orgId, [tag]);
  const el = els[0] as OrgKitElement;
  await ready(el);
  return { el, options: tracked.options };
}

async function openBuy(el: OrgKitElement): Promise<HTMLDialogElement> {
  await doubleClick($(el, '[data-package="pkg_1000"] [part~="buy-button"]'));
  const dialog = $<HTMLDialogElement>(el, '[part~="confirm-dialog"]');
  await waitUntil(() => dialog.open && el.shadowRoot?.querySelector('[part~="confirm-button"]:not(:disabled)'), 'the confirm step opens');
  return dialog;
}

describe('Money safety in the UI: double clicks and retries grant exactly once', function () {
  this.timeout(15_000);
  afterEach(() => {
    m.stop();
    unmount();
  });

  it('PKG-4 <credit-balance> Buy and Confirm double-clicked: one charge, one block, the balance up once', async () => {
    m = await mock('standard-team');
    const { el } = await mountOwner('credit-balance');
    const before = { balance: balance(), blocks: purchaseBlocks().length, payments: payments().length };
    const dialog = await openBuy(el);
    await doubleClick($(el, '[part~="confirm-button"]'));
    await waitUntil(() => !dialog.open && purchaseBlocks().length > before.blocks, 'bought');
    await ready(el);
    expect(purchaseBlocks().length).to.equal(before.blocks + 1);
    expect(payments().length).to.equal(before.payments + 1);
    expect(balance()).to.equal(before.balance + 1_000);
  });

  it('PKG-4 <credit-balance> a failed Confirm retried: one charge', async () => {
    m = await mock('standard-team');
    const { el } = await mountOwner('credit-balance');
    const before = { balance: balance(), blocks: purchaseBlocks().length };
    await openBuy(el);
    await quiet(el, inFlight);
    m.backend.faults.failNext = 1;
    $(el, '[part~="confirm-button"]').click();
    await waitUntil(() => saysError(el, '[part~="confirm-error"]'), 'the failure is shown; retrying is safe');
    expect(purchaseBlocks().length).to.equal(before.blocks);
    await doubleClick($(el, '[part~="confirm-button"]'));
    await waitUntil(() => purchaseBlocks().length > before.blocks, 'bought');
    await ready(el);
    expect(purchaseBlocks().length).to.equal(before.blocks + 1);
    expect(balance()).to.equal(before.balance + 1_000);
  });

  it('PKG-4 <credit-balance> an answer lost to a timeout (the server did buy) retried: still one charge', async () => {
    m = await mock('standard-team');
    const { el, options } = await mountOwner('credit-balance');
    const before = { balance: balance(), blocks: purchaseBlocks().length, payments: payments().length };
    await openBuy(el);
    await quiet(el, inFlight);
    m.backend.faults.latencyMs = 800;
    options.timeoutMs = 300;
    $(el, '[part~="confirm-button"]').click();
    await waitUntil(() => saysError(el, '[part~="confirm-error"]'), 'the timeout is shown', { timeout: 4_000 });
    // The server still runs the purchase once its (slow) answer is due — the user never saw it.
    await waitUntil(() => purchaseBlocks().length > before.blocks, 'the server bought', { timeout: 4_000 });
    m.stop();
    options.timeoutMs = 5_000;
    await doubleClick($(el, '[part~="confirm-button"]'));
    await waitUntil(() => !$<HTMLDialogElement>(el, '[part~="confirm-dialog"]').open, 'the retry is answered with the first purchase');
    await ready(el);
    expect(purchaseBlocks().length).to.equal(before.blocks + 1);
    expect(payments().length).to.equal(before.payments + 1);
    expect(balance()).to.equal(before.balance + 1_000);
  });

  it('CHG-2 <plan-picker> upgrade Confirm double-clicked, after a failure: one charge, one plan change', async () => {
    m = await mock('standard-team');
    const { el } = await mountOwner('plan-picker');
    const before = { payments: payments().length, invoices: org().invoices.length };
    await doubleClick($(el, '[part~="card-pro"] [part~="action-button"]'));
    await waitUntil(() => el.shadowRoot?.querySelector('dialog[open] [part~="confirm-button"]:not(:disabled)'), 'the upgrade dialog opens');
    await quiet(el, inFlight);
    m.backend.faults.failNext = 1;
    $(el, 'dialog[open] [part~="confirm-button"]').click();
    await waitUntil(() => saysError(el, 'dialog[open] [part~="dialog-error"]'), 'the failure is shown');
    expect(org().subscription.planId).to.equal('standard');
    await doubleClick($(el, 'dialog[open] [part~="confirm-button"]'));
    await waitUntil(() => org().subscription.planId === 'pro' && !el.shadowRoot?.querySelector('dialog[open]'), 'upgraded');
    await ready(el);
    expect(payments().length).to.equal(before.payments + 1);
    expect(org().invoices.length).to.equal(before.invoices + 1);
  });

  it('CHG-3 PKG-4 <plan-picker> Choose and the checkout’s Pay double-clicked: one checkout, one invoice, one plan allowance', async () => {
    m = await mock('fresh-free');
    const { el } = await mountOwner('plan-picker');
    const before = { invoices: org().invoices.length };
    expect(planBlocks().filter((b) => b.initial === 10_000)).to.have.length(0);
    await doubleClick($(el, '[part~="card-standard"] [part~="action-button"]'));
    await waitUntil(() => el.querySelector('[slot="checkout"] orgkit-simulated-checkout')?.shadowRoot?.querySelector('button.primary'), 'the checkout is mounted');
    expect(Object.keys(org().checkouts), 'one checkout session for one intent').to.have.length(1);
    const form = el.querySelector('[slot="checkout"] orgkit-simulated-checkout') as HTMLElement;
    await doubleClick(form.shadowRoot?.querySelector('button.primary') as HTMLButtonElement);
    await waitUntil(() => org().subscription.planId === 'standard' && !el.querySelector('[slot="checkout"]'), 'paid: the plan changed');
    await ready(el);
    const sessions = Object.values(org().checkouts);
    expect(sessions.map((c) => c.status)).to.deep.equal(['complete']);
    expect(org().invoices.length, 'one invoice').to.equal(before.invoices + 1);
    // PLAN-3: Standard's 10,000 monthly credits, granted once.
    expect(planBlocks().filter((b) => b.initial === 10_000)).to.have.length(1);
  });
});
