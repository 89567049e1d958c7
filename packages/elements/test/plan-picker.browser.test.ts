import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import { CONTROL_BASE } from '@orgkit/contract';
import { defineElement } from '../src/registry.js';
import { PlanPicker } from '../src/plan-picker.js';
import type { OrgProvider } from '../src/index.js';
import type { Mock } from './helpers.js';
import { installFakeStripe, mock, shadow } from './helpers.js';

defineElement('plan-picker', PlanPicker);

const SYSTEM = { kind: 'system' } as const;

/** Real key presses (trusted events: Escape closes a native dialog) through the test runner's send-keys command. */
async function sendKeys(payload: { press: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as { sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }> };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!res.executed) throw new Error('the test runner has no send-keys command');
}

interface Mounted {
  provider: OrgProvider;
  el: PlanPicker;
}

interface MountOptions {
  checkout?: string;
  stripeKey?: string;
  lang?: string;
}

/** <plan-picker> in a provider signed in as `who`. */
async function mount(m: Mock, who: string, o: MountOptions = {}): Promise<Mounted> {
  const root = await fixture<HTMLDivElement>(html`<div>
    <org-provider lang=${o.lang ?? 'en'} checkout=${o.checkout ?? nothing} stripe-key=${o.stripeKey ?? nothing} .client=${m.clientFor(who)}><plan-picker></plan-picker></org-provider>
  </div>`);
  const provider = root.querySelector('org-provider') as OrgProvider;
  const el = root.querySelector('plan-picker') as PlanPicker;
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="cards"], [part~="no-access"], [part~="error"]'), 'the picker never finished loading', { timeout: 8_000 });
  return { provider, el };
}

const q = <T extends Element = HTMLElement>(el: Element, selector: string) => shadow(el).querySelector<T>(selector);
const all = (el: Element, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const part = <T extends Element = HTMLElement>(el: Element, name: string) => q<T>(el, `[part~="${name}"]`);
const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const textOf = (node: Element | null | undefined) => squash(node?.textContent);
const card = (el: Element, planId: string) => part(el, `card-${planId}`);
const cardButton = (el: Element, planId: string) => card(el, planId)?.querySelector<HTMLButtonElement>('[part~="action-button"]') ?? null;
const dialog = (el: Element) => part<HTMLDialogElement>(el, 'change-dialog');
const confirmButton = (el: Element) => part<HTMLButtonElement>(el, 'confirm-button');
const status = (el: Element) => textOf(part(el, 'status'));
const focused = (el: Element) => shadow(el).activeElement as HTMLElement | null;

const sub = (m: Mock) => m.backend.engine.query(SYSTEM, 'subscription.get', { orgId: m.state.orgId });
const org = (m: Mock) => {
  const o = m.backend.engine.state.orgs[m.state.orgId];
  if (!o) throw new Error('no org');
  return o;
};
const invoiceCount = (m: Mock) => org(m).invoices.length;
const payments = (m: Mock) => Object.values(org(m).payments);

const fmtDate = (iso: string, locale = 'en-US') => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
const fmtMoney = (minor: number, currency: string, locale = 'en-US') => squash(new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100));
/** A table cell's visible text (without screen-reader-only words and hints). */
function cellText(c: Element): string {
  const copy = c.cloneNode(true) as Element;
  for (const x of copy.querySelectorAll('.sr-only, .hint')) x.remove();
  return squash(copy.textContent);
}
/** The preview's summary as read: each term and its value, separated by spaces. */
const summaryOf = (el: Element) => [...(part(el, 'preview')?.querySelectorAll('dt, dd') ?? [])].map((x) => textOf(x)).join(' ');

/** Record every subscription.change call the element makes through the provider's client (its idempotency keys). */
function spyChanges(provider: OrgProvider): (string | undefined)[] {
  const client = provider.client;
  if (!client) throw new Error('no client');
  const keys: (string | undefined)[] = [];
  const original = client.subscription.change;
  (client.subscription as { change: typeof original }).change = (orgId, body, o) => {
    keys.push(o?.idempotencyKey);
    return original(orgId, body, o);
  };
  return keys;
}

function chooseInterval(el: Element, interval: 'month' | 'year') {
  const radio = q<HTMLInputElement>(el, `[part~="interval-toggle"] input[value="${interval}"]`);
  if (!radio) throw new Error('no interval toggle');
  radio.click();
}

/** Open the change dialog from a button and wait for the server's preview (and keep-list, when one is needed). */
async function openDialog(el: PlanPicker, button: HTMLButtonElement | null) {
  if (!button) throw new Error('no such button');
  button.click();
  await waitUntil(() => dialog(el)?.open, 'the change dialog opens');
  await waitUntil(() => confirmButton(el) && !confirmButton(el)?.disabled && confirmButton(el)?.getAttribute('aria-disabled') === 'false', 'the preview arrives', { timeout: 5_000 });
  await el.updateComplete;
}

async function waitForPreview(el: PlanPicker) {
  await waitUntil(() => confirmButton(el)?.getAttribute('aria-disabled') === 'false', 'the preview is updated');
  await el.updateComplete;
}

async function cardCheck(el: PlanPicker, name: string, value: string) {
  const box = q<HTMLInputElement>(el, `input[name="${name}"][value="${value}"]`);
  if (!box) throw new Error(`no checkbox ${name} ${value}`);
  box.click();
  await waitForPreview(el);
}

describe('<plan-picker>', () => {
  let m: Mock;
  afterEach(() => {
    m.stop();
    delete (window as { Stripe?: unknown }).Stripe;
  });

  describe('cards, prices and limits', () => {
    it('PLAN-1 PLAN-2 PLAN-3 the owner sees Lite, Standard, Pro and Ultra (contact sales) with monthly prices in the organization\'s currency, the limits table and the current plan marked', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      expect(all(el, '[part~="card"]').map((c) => c.querySelector('h3')?.textContent)).to.deep.equal(['Lite', 'Standard', 'Pro', 'Ultra']);
      expect(card(el, 'free')).to.equal(null);
      expect(textOf(card(el, 'lite'))).to.contain('CHF 39.00').and.contain('Billed monthly');
      expect(textOf(card(el, 'standard'))).to.contain('CHF 169.00');
      expect(textOf(card(el, 'pro'))).to.contain('CHF 699.00');
      expect(textOf(card(el, 'ultra'))).to.contain('Custom pricing').and.contain('Contact sales');
      // The current plan is marked and offers nothing; the others offer what the server would do.
      expect(card(el, 'standard')?.getAttribute('part')).to.contain('card-current');
      expect(card(el, 'standard')?.getAttribute('aria-current')).to.equal('true');
      expect(textOf(part(el, 'current-badge'))).to.equal('Current plan');
      expect(cardButton(el, 'standard')).to.equal(null);
      expect(textOf(cardButton(el, 'pro'))).to.equal('Upgrade to Pro');
      expect(textOf(cardButton(el, 'lite'))).to.equal('Downgrade to Lite');
      expect(textOf(part(el, 'current-plan'))).to.contain('You are on Standard, billed monthly').and.contain(fmtDate(sub(m).termEnd));
      // The limits table, comparable across plans (∞ for unlimited), with the usage beside it.
      const rows = all(el, '[part~="limits"] tbody tr').map((r) => [...r.querySelectorAll('th, td')].map(cellText));
      expect(all(el, '[part~="limits"] thead th').map((c) => textOf(c))).to.deep.equal(['Limit', 'Your usage', 'Lite', 'Standard (current)', 'Pro', 'Ultra']);
      expect(rows.map((r) => r[0])).to.deep.equal(['Credits per month', 'Seats', 'Agents', 'Deployments', 'Knowledge-base pages', 'Upload (MB)']);
      expect(rows.map((r) => r.slice(2))).to.deep.equal([
        ['1,500', '10,000', '30,000', 'Custom'],
        ['1', '3', '8', '∞'],
        ['1', '2', '5', '∞'],
        ['1', '4', '8', '∞'],
        ['800', '4,000', '12,000', '∞'],
        ['200', '1,000', '2,500', '∞'],
      ]);
      expect(rows[1]?.[1]).to.equal('3');
      expect(rows[2]?.[1]).to.equal('2');
      await expect(el).to.be.accessible();
    });

    it('PLAN-2 the yearly toggle shows the −17% badge from yearlyDiscountPct and the effective monthly price; the same numbers in every currency', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      const pct = m.backend.engine.query(SYSTEM, 'plans.list', { orgId: m.state.orgId }).yearlyDiscountPct;
      expect(pct).to.equal(17);
      expect(textOf(part(el, 'yearly-badge'))).to.equal(`−${String(pct)}%`);
      chooseInterval(el, 'year');
      await el.updateComplete;
      expect(textOf(card(el, 'lite'))).to.contain('CHF 32.00').and.contain('CHF 384.00 billed yearly');
      expect(textOf(card(el, 'standard'))).to.contain('CHF 140.00').and.contain('CHF 1,680.00 billed yearly');
      expect(textOf(card(el, 'pro'))).to.contain('CHF 580.00').and.contain('CHF 6,960.00 billed yearly');
      // Standard yearly is the current plan at another interval: switching is offered (CHG-6).
      expect(textOf(part(el, 'current-badge'))).to.equal('Your plan (monthly)');
      expect(textOf(cardButton(el, 'standard'))).to.equal('Switch to yearly');
      await expect(el).to.be.accessible();
      // USD: the same numbers.
      m = await mock('fresh-free');
      const free = await mount(m, 'owner');
      expect(textOf(card(free.el, 'standard'))).to.contain('$169.00');
      chooseInterval(free.el, 'year');
      await free.el.updateComplete;
      expect(textOf(card(free.el, 'standard'))).to.contain('$140.00').and.contain('$1,680.00 billed yearly');
    });

    it('PLAN-1 PLAN-5 on Free: Free is named as the current plan (and its limits compared), never a card; the recommended plan follows usage', async () => {
      m = await mock('fresh-free');
      const { el } = await mount(m, 'owner', { checkout: 'simulated' });
      expect(textOf(part(el, 'current-plan'))).to.equal('You are on the Free plan.');
      expect(all(el, '[part~="card"]').map((c) => c.querySelector('h3')?.textContent)).to.deep.equal(['Lite', 'Standard', 'Pro', 'Ultra']);
      expect(all(el, '[part~="limits"] thead th').map((c) => textOf(c))).to.include('Free (current)');
      const recommended = m.backend.engine.query(SYSTEM, 'plans.list', { orgId: m.state.orgId }).recommended;
      expect(recommended).to.equal('lite');
      expect(card(el, 'lite')?.getAttribute('part')).to.contain('card-recommended');
      expect(textOf(part(el, 'recommendation'))).to.contain('Based on your usage, Lite fits best.');
      expect(all(el, '[part~="recommended-badge"]')).to.have.length(1);
      expect(textOf(cardButton(el, 'standard'))).to.equal('Choose Standard');
      await expect(el).to.be.accessible();
    });

    it('PLAN-5 a team that outgrows Standard gets Pro recommended', async () => {
      m = await mock('standard-team');
      const { el, provider } = await mount(m, 'owner');
      expect(card(el, 'standard')?.getAttribute('part')).to.contain('card-recommended');
      const agentId = Object.keys(org(m).agents)[0] ?? '';
      await m.control('/usage', { orgId: m.state.orgId, channel: 'chat', credits: 4_000, agentId });
      expect(m.backend.engine.query(SYSTEM, 'plans.list', { orgId: m.state.orgId }).recommended).to.equal('pro');
      provider.refresh();
      await waitUntil(() => card(el, 'pro')?.getAttribute('part')?.includes('card-recommended'), 'Pro is recommended');
      expect(textOf(part(el, 'recommendation'))).to.contain('Based on your usage, Pro fits best.');
      expect(card(el, 'standard')?.getAttribute('part')).to.not.contain('card-recommended');
    });

    it('PLAN-1 Ultra is contact sales: the button fires orgkit-contact-sales-request and never opens a checkout or a change', async () => {
      m = await mock('fresh-free');
      const { el } = await mount(m, 'owner', { checkout: 'simulated' });
      const button = part<HTMLButtonElement>(el, 'contact-button');
      expect(button?.getAttribute('aria-label')).to.equal('Contact sales about Ultra');
      const asked = oneEvent(el, 'orgkit-contact-sales-request');
      button?.click();
      const event = await asked;
      expect(event.detail).to.deep.equal({ orgId: m.state.orgId, planId: 'ultra' });
      expect(event.cancelable).to.equal(true);
      await el.updateComplete;
      expect(dialog(el)?.open).to.equal(false);
      expect(part(el, 'checkout')).to.equal(null);
      expect(Object.keys(org(m).checkouts)).to.have.length(0);
      await waitUntil(() => status(el).includes('Ultra is arranged with our sales team.'));
    });
  });

  describe('upgrade between paid plans (CHG-2)', () => {
    it('CHG-2 the server\'s proration preview (due now, next invoice and date) → Confirm applies it at once → orgkit-plan-changed; Escape closes the dialog and focus returns', async () => {
      m = await mock('standard-team');
      await m.control('/reset', { scenario: 'standard-team', frozen: true });
      const { el } = await mount(m, 'owner');
      const trigger = cardButton(el, 'pro');
      // Keyboard: the dialog opens with focus inside; Escape closes it and focus returns to the card's button.
      await openDialog(el, trigger);
      expect(shadow(el).activeElement?.closest('dialog')).to.not.equal(null);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog(el)?.open, 'Escape closes the dialog');
      await el.updateComplete;
      expect(focused(el) === trigger, 'focus is back on the trigger').to.equal(true);

      await openDialog(el, trigger);
      const preview = m.backend.engine.query(SYSTEM, 'plan.preview', { orgId: m.state.orgId, planId: 'pro', interval: 'month' });
      expect(preview.timing).to.equal('now');
      expect(preview.amountDueNow).to.be.greaterThan(0);
      const summary = summaryOf(el);
      expect(summary).to.contain(`Due now ${fmtMoney(preview.amountDueNow, 'CHF')}`);
      expect(summary).to.contain(`Next invoice ${fmtMoney(69_900, 'CHF')} on ${fmtDate(preview.nextInvoice.date)}`);
      expect(textOf(dialog(el))).to.contain('The upgrade applies at once').and.contain('ending in 4242');
      expect(textOf(confirmButton(el))).to.equal(`Pay ${fmtMoney(preview.amountDueNow, 'CHF')} and upgrade`);
      await expect(el).to.be.accessible();
      const invoices = invoiceCount(m);
      const changed = oneEvent(el, 'orgkit-plan-changed');
      confirmButton(el)?.click();
      expect((await changed).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'pro', interval: 'month', kind: 'upgrade' });
      expect(sub(m).planId).to.equal('pro');
      expect(invoiceCount(m)).to.equal(invoices + 1);
      await waitUntil(() => card(el, 'pro')?.getAttribute('part')?.includes('card-current'), 'Pro shows as current');
      expect(status(el)).to.contain('You are now on Pro, billed monthly').and.contain(`${fmtMoney(preview.amountDueNow, 'CHF')} was charged`);
      expect(dialog(el)?.open).to.equal(false);
    });

    it('CHG-2 BILL-4 a declined card: the server\'s error in the dialog, nothing changed, the dialog kept; with a working card the same Confirm applies it', async () => {
      m = await mock('standard-team');
      await m.control(`/orgs/${m.state.orgId}/card`, { card: { brand: 'visa', last4: '0002', outcome: 'decline' } }, 'PUT');
      const { el } = await mount(m, 'owner');
      await openDialog(el, cardButton(el, 'pro'));
      const invoices = invoiceCount(m);
      confirmButton(el)?.click();
      await waitUntil(() => textOf(part(el, 'dialog-error')), 'the error is shown');
      expect(textOf(part(el, 'dialog-error'))).to.equal('The card ending in 0002 was declined. Nothing was charged.');
      expect(dialog(el)?.open).to.equal(true);
      expect(sub(m).planId).to.equal('standard');
      expect(invoiceCount(m)).to.equal(invoices);
      await expect(el).to.be.accessible();
      // A card that pays: the same dialog, the same Confirm.
      await m.control(`/orgs/${m.state.orgId}/card`, { card: { brand: 'visa', last4: '4242', outcome: 'succeed' } }, 'PUT');
      const changed = oneEvent(el, 'orgkit-plan-changed');
      confirmButton(el)?.click();
      await changed;
      expect(sub(m).planId).to.equal('pro');
      expect(invoiceCount(m)).to.equal(invoices + 1);
    });

    it('CHG-2 a 500 during the change: the server error shown, nothing changed, the dialog kept; Confirm again applies it once', async () => {
      m = await mock('standard-team');
      const { el, provider } = await mount(m, 'owner');
      const keys = spyChanges(provider);
      await openDialog(el, cardButton(el, 'pro'));
      const invoices = invoiceCount(m);
      m.backend.faults.failNext = 1;
      confirmButton(el)?.click();
      await waitUntil(() => textOf(part(el, 'dialog-error')), 'the error is shown');
      expect(textOf(part(el, 'dialog-error'))).to.equal('The server had a problem. Please retry.');
      expect(dialog(el)?.open).to.equal(true);
      expect(sub(m).planId).to.equal('standard');
      expect(invoiceCount(m)).to.equal(invoices);
      const changed = oneEvent(el, 'orgkit-plan-changed');
      confirmButton(el)?.click();
      await changed;
      expect(sub(m).planId).to.equal('pro');
      expect(invoiceCount(m)).to.equal(invoices + 1);
      // The retry was the same intent: the same idempotency key.
      expect(keys).to.have.length(2);
      expect(keys[0]).to.be.a('string');
      expect(keys[1]).to.equal(keys[0]);
    });

    it('CHG-2 a double click on Confirm changes the plan once (one payment, one invoice)', async () => {
      m = await mock('standard-team');
      const { el, provider } = await mount(m, 'owner');
      const keys = spyChanges(provider);
      await openDialog(el, cardButton(el, 'pro'));
      const invoices = invoiceCount(m);
      const paid = payments(m).length;
      const changed = oneEvent(el, 'orgkit-plan-changed');
      confirmButton(el)?.click();
      confirmButton(el)?.click();
      confirmButton(el)?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      await changed;
      await new Promise((r) => setTimeout(r, 300));
      expect(sub(m).planId).to.equal('pro');
      expect(invoiceCount(m)).to.equal(invoices + 1);
      expect(payments(m).length).to.equal(paid + 1);
      expect(keys, 'one request').to.have.length(1);
    });

    it('CHG-2 a host vetoes the change by cancelling orgkit-plan-change-request: nothing is sent, nothing changes', async () => {
      m = await mock('standard-team');
      const { el, provider } = await mount(m, 'owner');
      const keys = spyChanges(provider);
      el.addEventListener('orgkit-plan-change-request', (e) => e.preventDefault(), { once: true });
      await openDialog(el, cardButton(el, 'pro'));
      const asked = oneEvent(el, 'orgkit-plan-change-request');
      confirmButton(el)?.click();
      expect((await asked).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'pro', interval: 'month', kind: 'upgrade' });
      await waitUntil(() => !dialog(el)?.open, 'the dialog closes');
      expect(keys).to.have.length(0);
      expect(sub(m).planId).to.equal('standard');
    });

    it('CHG-2 BILL-4 a pending payment: the picker says so and the plan changes only once it is collected', async () => {
      m = await mock('standard-team');
      await m.control(`/orgs/${m.state.orgId}/card`, { card: { brand: 'sepa', last4: '3155', outcome: 'pending' } }, 'PUT');
      const { el, provider } = await mount(m, 'owner');
      await openDialog(el, cardButton(el, 'pro'));
      const pending = oneEvent(el, 'orgkit-plan-payment-pending');
      confirmButton(el)?.click();
      expect((await pending).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'pro', interval: 'month' });
      await waitUntil(() => status(el).includes('pending'), 'the pending payment is announced');
      expect(status(el)).to.contain('Your plan changes to Pro once it is collected');
      expect(part(el, 'status')?.className).to.contain('warn');
      expect(sub(m).planId).to.equal('standard');
      const payment = payments(m).find((p) => p.status === 'pending');
      expect(payment, 'a pending payment').to.exist;
      await m.control(`/payments/${payment?.id ?? ''}/settle`, { outcome: 'succeeded' });
      expect(sub(m).planId).to.equal('pro');
      provider.refresh();
      await waitUntil(() => card(el, 'pro')?.getAttribute('part')?.includes('card-current'), 'Pro shows as current once collected');
    });
  });

  describe('Free → paid (CHG-3, BILL-4)', () => {
    it('CHG-3 the simulated checkout: a session from client.checkout.start mounted in the light DOM; the plan shows as changed as soon as the payment completes', async () => {
      m = await mock('fresh-free');
      const { el } = await mount(m, 'owner', { checkout: 'simulated' });
      cardButton(el, 'standard')?.click();
      await waitUntil(() => el.querySelector('[slot="checkout"] orgkit-simulated-checkout'), 'the checkout is mounted in the light DOM');
      const form = el.querySelector('[slot="checkout"] orgkit-simulated-checkout') as HTMLElement;
      await waitUntil(() => form.shadowRoot?.querySelector('button'));
      expect(form.shadowRoot?.textContent).to.contain('$169.00');
      expect(textOf(part(el, 'checkout'))).to.contain('Checkout: Standard, billed monthly');
      expect(part(el, 'cards')).to.equal(null);
      const sessions = Object.values(org(m).checkouts);
      expect(sessions).to.have.length(1);
      expect(sessions[0]?.purpose).to.deep.equal({ kind: 'subscription', planId: 'standard', interval: 'month' });
      await expect(el).to.be.accessible();
      const changed = oneEvent(el, 'orgkit-plan-changed');
      (form.shadowRoot?.querySelector('button.primary') as HTMLButtonElement).click();
      expect((await changed).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'standard', interval: 'month', kind: 'subscription' });
      expect(sub(m).planId).to.equal('standard');
      await waitUntil(() => card(el, 'standard')?.getAttribute('part')?.includes('card-current'), 'Standard shows as current');
      expect(el.querySelector('[slot="checkout"]'), 'the checkout is gone').to.equal(null);
      expect(status(el)).to.contain('Payment complete. You are now on Standard.');
    });

    it('CHG-3 BILL-4 a declined card in the checkout changes nothing; back to plans destroys it', async () => {
      m = await mock('fresh-free');
      const { el } = await mount(m, 'owner', { checkout: 'simulated' });
      chooseInterval(el, 'year');
      await el.updateComplete;
      cardButton(el, 'lite')?.click();
      await waitUntil(() => el.querySelector('[slot="checkout"] orgkit-simulated-checkout')?.shadowRoot?.querySelector('button'), 'mounted');
      const form = el.querySelector('[slot="checkout"] orgkit-simulated-checkout') as HTMLElement;
      expect(form.shadowRoot?.textContent).to.contain('384.00');
      (form.shadowRoot?.querySelectorAll('input[type=radio]')[1] as HTMLInputElement).click();
      (form.shadowRoot?.querySelector('button.primary') as HTMLButtonElement).click();
      await waitUntil(() => form.shadowRoot?.querySelector('[role=alert]'), 'the decline is shown');
      expect(sub(m).planId).to.equal('free');
      part<HTMLButtonElement>(el, 'checkout-back')?.click();
      await waitUntil(() => part(el, 'cards'), 'back to the cards');
      expect(el.querySelector('[slot="checkout"]')).to.equal(null);
      expect(focused(el) === cardButton(el, 'lite'), 'focus returns to the card').to.equal(true);
    });

    it('CHG-3 BILL-4 a checkout payment left pending: the picker says so, the plan stays Free until it is collected', async () => {
      m = await mock('fresh-free');
      const { el, provider } = await mount(m, 'owner', { checkout: 'simulated' });
      cardButton(el, 'pro')?.click();
      await waitUntil(() => el.querySelector('[slot="checkout"] orgkit-simulated-checkout')?.shadowRoot?.querySelector('button'), 'mounted');
      const form = el.querySelector('[slot="checkout"] orgkit-simulated-checkout') as HTMLElement;
      (form.shadowRoot?.querySelectorAll('input[type=radio]')[2] as HTMLInputElement).click();
      const pending = oneEvent(el, 'orgkit-plan-payment-pending');
      (form.shadowRoot?.querySelector('button.primary') as HTMLButtonElement).click();
      expect((await pending).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'pro', interval: 'month' });
      await waitUntil(() => status(el).includes('pending'), 'announced');
      expect(status(el)).to.contain('Your payment is pending. The plan changes to Pro as soon as it is collected.');
      expect(sub(m).planId).to.equal('free');
      const payment = payments(m).find((p) => p.status === 'pending');
      await m.control(`/payments/${payment?.id ?? ''}/settle`, { outcome: 'succeeded' });
      provider.refresh();
      await waitUntil(() => card(el, 'pro')?.getAttribute('part')?.includes('card-current'), 'Pro once collected');
    });

    it('CHG-3 BILL-4 Stripe (a fake window.Stripe, no network): the publishable key, the client secret from the backend, mounted in the light DOM, destroyed on completion', async () => {
      m = await mock('fresh-free');
      const fake = installFakeStripe();
      const { el } = await mount(m, 'owner', { stripeKey: 'pk_test_plan_picker' });
      cardButton(el, 'pro')?.click();
      await waitUntil(() => fake.mounted.length === 1, 'Stripe\'s embedded checkout is mounted');
      const session = Object.values(org(m).checkouts)[0];
      expect(fake.keys).to.deep.equal(['pk_test_plan_picker']);
      expect(fake.secrets).to.deep.equal([session?.clientSecret]);
      const container = fake.mounted[0];
      expect(container?.parentElement === el && container.slot === 'checkout', 'a light-DOM child of the element').to.equal(true);
      expect(document.querySelector('script[src*="stripe.com"]'), 'no Stripe script was fetched').to.equal(null);
      // Stripe collects the payment (here: the mock completes the session as Stripe's webhook would), then onComplete.
      const token = m.person('owner').token;
      const res = await fetch(`${CONTROL_BASE}/orgs/${m.state.orgId}/checkout-sessions/${session?.id ?? ''}/complete`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID(), Authorization: `Bearer ${token}` },
        body: JSON.stringify({ card: { outcome: 'succeed' } }),
      });
      expect(res.status).to.equal(200);
      const changed = oneEvent(el, 'orgkit-plan-changed');
      fake.complete?.();
      expect((await changed).detail.planId).to.equal('pro');
      expect(fake.destroyed).to.equal(1);
      expect(container?.isConnected).to.equal(false);
      await waitUntil(() => card(el, 'pro')?.getAttribute('part')?.includes('card-current'), 'Pro shows as current');
    });

    it('CHG-3 with no checkout configured the picker says so and offers no checkout', async () => {
      m = await mock('fresh-free');
      const { el } = await mount(m, 'owner');
      expect(textOf(part(el, 'checkout-unavailable'))).to.contain('Payments are not set up on this page');
      for (const id of ['lite', 'standard', 'pro']) {
        const b = cardButton(el, id);
        expect(b?.disabled, id).to.equal(true);
        expect(b?.getAttribute('aria-describedby')).to.equal('checkout-unavailable');
      }
      cardButton(el, 'lite')?.click();
      await el.updateComplete;
      expect(part(el, 'checkout')).to.equal(null);
      expect(Object.keys(org(m).checkouts)).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('downgrade, cancel, keep my plan (CHG-4 … CHG-7)', () => {
    it('CHG-4 downgrade Standard → Lite: keep-lists bounded by Lite\'s limits, the owner always kept, who is deactivated and when; scheduled for the period end', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      await openDialog(el, cardButton(el, 'lite'));
      await waitUntil(() => part(el, 'keep-agents'), 'the keep-lists are shown');
      await waitForPreview(el);
      const termEnd = sub(m).termEnd;
      expect(textOf(dialog(el))).to.contain(`The downgrade takes effect on ${fmtDate(termEnd)}`).and.contain('the rest of the period is not refunded');
      // Members: Lite has 1 seat — the owner, checked and not removable; nobody else can be added.
      const memberBoxes = all(el, 'input[name="keep-member"]') as HTMLInputElement[];
      expect(memberBoxes).to.have.length(3);
      const owner = memberBoxes.find((b) => b.value === m.person('owner').userId);
      expect(owner?.checked && owner.disabled, 'the owner is kept and not removable').to.equal(true);
      expect(memberBoxes.filter((b) => b !== owner).every((b) => !b.checked && b.disabled), 'the limit is reached').to.equal(true);
      expect(textOf(part(el, 'keep-members'))).to.contain('1 of 1 chosen').and.contain('owner, always kept');
      // Agents: Lite allows 1 — the first is prefilled, the second cannot be added too.
      const agents = Object.values(org(m).agents);
      const sales = agents.find((a) => a.name === 'Sales assistant');
      const support = agents.find((a) => a.name === 'Support bot');
      let agentBoxes = all(el, 'input[name="keep-agent"]') as HTMLInputElement[];
      expect(agentBoxes.map((b) => [b.value, b.checked, b.disabled])).to.deep.equal([[sales?.id, true, false], [support?.id, false, true]]);
      const gone = () => textOf(part(el, 'will-deactivate'));
      expect(gone()).to.contain(`Deactivated on ${fmtDate(termEnd)}`).and.contain('Adrian Keller').and.contain('Bea Huber').and.contain('Support bot');
      expect(gone()).to.not.contain('Sales assistant');
      await expect(el).to.be.accessible();
      // Keep the support bot instead: the server's preview follows.
      await cardCheck(el, 'keep-agent', sales?.id ?? '');
      agentBoxes = all(el, 'input[name="keep-agent"]') as HTMLInputElement[];
      expect(agentBoxes.every((b) => !b.checked && !b.disabled)).to.equal(true);
      await cardCheck(el, 'keep-agent', support?.id ?? '');
      await waitUntil(() => gone().includes('Sales assistant'), 'the preview follows the keep-list');
      expect(gone()).to.not.contain('Support bot');
      expect(textOf(confirmButton(el))).to.equal(`Downgrade on ${fmtDate(termEnd)}`);
      const scheduled = oneEvent(el, 'orgkit-plan-change-scheduled');
      confirmButton(el)?.click();
      expect((await scheduled).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'lite', interval: 'month', kind: 'downgrade', effectiveAt: termEnd });
      const pending = sub(m).pendingChange;
      expect(pending?.kind).to.equal('downgrade');
      expect(pending?.planId).to.equal('lite');
      expect(pending?.keep).to.deep.equal({ memberIds: [], agentIds: [support?.id] });
      expect(sub(m).planId).to.equal('standard');
      await waitUntil(() => part(el, 'pending-banner'), 'the banner');
      expect(textOf(part(el, 'pending-banner'))).to.contain(`Your plan changes to Lite on ${fmtDate(termEnd)}`);
      expect(status(el)).to.contain(`Scheduled: your plan changes to Lite on ${fmtDate(termEnd)}.`);
    });

    it('CHG-5 cancellation is a move to Free at period end with a keep-list bounded by Free; "Keep my plan" undoes it', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      await openDialog(el, part<HTMLButtonElement>(el, 'cancel-button'));
      await waitUntil(() => part(el, 'keep-agents'), 'the keep-lists are shown');
      await waitForPreview(el);
      const termEnd = sub(m).termEnd;
      expect(textOf(dialog(el))).to.contain('Cancel your plan').and.contain(`Your plan ends on ${fmtDate(termEnd)}`).and.contain('moves to Free');
      expect(textOf(part(el, 'keep-members'))).to.contain('1 of 1 chosen');
      expect(textOf(part(el, 'keep-agents'))).to.contain('1 of 1 chosen');
      expect(textOf(confirmButton(el))).to.equal(`Cancel plan on ${fmtDate(termEnd)}`);
      const scheduled = oneEvent(el, 'orgkit-plan-change-scheduled');
      confirmButton(el)?.click();
      expect((await scheduled).detail.kind).to.equal('cancel');
      expect(sub(m).pendingChange?.kind).to.equal('cancel');
      expect(sub(m).pendingChange?.planId).to.equal('free');
      await waitUntil(() => part(el, 'pending-banner'), 'the banner');
      expect(textOf(part(el, 'pending-banner'))).to.contain(`Your Standard plan ends on ${fmtDate(termEnd)}; the organization then moves to Free.`);
      expect(part(el, 'cancel-button'), 'no second cancellation').to.equal(null);
      await expect(el).to.be.accessible();
      const kept = oneEvent(el, 'orgkit-plan-kept');
      part<HTMLButtonElement>(el, 'keep-plan-button')?.click();
      expect((await kept).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'standard' });
      expect(sub(m).pendingChange).to.equal(null);
      await waitUntil(() => !part(el, 'pending-banner'), 'the banner is gone');
      expect(status(el)).to.contain('Your plan stays Standard.');
    });

    it('CHG-7 CHG-4 a scheduled downgrade: the banner with its date for everyone who sees plans, "Keep my plan" only for those who may change it; the keep-list starts from the pending one', async () => {
      m = await mock('pending-downgrade');
      const pending = sub(m).pendingChange;
      expect(pending?.planId).to.equal('standard');
      const { el } = await mount(m, 'owner');
      expect(textOf(part(el, 'pending-banner'))).to.contain(`Your plan changes to Standard on ${fmtDate(pending?.effectiveAt ?? '')}`).and.contain('keep the features and credits of Pro');
      expect(part(el, 'keep-plan-button')).to.not.equal(null);
      expect(textOf(card(el, 'standard'))).to.contain(`Scheduled from ${fmtDate(pending?.effectiveAt ?? '')}`);
      expect(cardButton(el, 'standard'), 'the scheduled plan is not offered again').to.equal(null);
      await expect(el).to.be.accessible();
      // Downgrading to Lite instead: the dialog says it replaces the scheduled change.
      await openDialog(el, cardButton(el, 'lite'));
      await waitUntil(() => part(el, 'keep-members'), 'keep-lists');
      expect(textOf(dialog(el))).to.contain(`This replaces the change scheduled for ${fmtDate(pending?.effectiveAt ?? '')}`);
      dialog(el)?.close();
      await el.updateComplete;
      // A builder sees the banner, without the undo.
      const builder = await mount(m, 'builder');
      expect(textOf(part(builder.el, 'pending-banner'))).to.contain(fmtDate(pending?.effectiveAt ?? ''));
      expect(part(builder.el, 'keep-plan-button')).to.equal(null);
    });

    it('CHG-6 monthly → yearly applies at once (preview, new yearly term); yearly → monthly is deferred to the end of the prepaid term — both explained', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      chooseInterval(el, 'year');
      await el.updateComplete;
      await openDialog(el, cardButton(el, 'standard'));
      const preview = m.backend.engine.query(SYSTEM, 'plan.preview', { orgId: m.state.orgId, planId: 'standard', interval: 'year' });
      expect(textOf(dialog(el))).to.contain('Switch to yearly billing').and.contain('Yearly billing starts today, with a new yearly term');
      expect(summaryOf(el)).to.contain('Credit for unused time').and.contain(`${fmtMoney(168_000, 'CHF')} on ${fmtDate(preview.nextInvoice.date)}`);
      const changed = oneEvent(el, 'orgkit-plan-changed');
      confirmButton(el)?.click();
      expect((await changed).detail).to.deep.equal({ orgId: m.state.orgId, planId: 'standard', interval: 'year', kind: 'interval' });
      expect(sub(m).interval).to.equal('year');
      await waitUntil(() => textOf(part(el, 'current-plan')).includes('billed yearly'), 'yearly now');
      // Monthly view on a yearly plan: a bigger plan cannot be bought monthly (the server would refuse) — explained.
      chooseInterval(el, 'month');
      await el.updateComplete;
      expect(textOf(card(el, 'pro'))).to.contain('You pay yearly: upgrades are yearly too');
      expect(card(el, 'pro')?.querySelector('[part~="upgrade-button"]')).to.equal(null);
      // Yearly → monthly: deferred, in words.
      const termEnd = sub(m).termEnd;
      await openDialog(el, cardButton(el, 'standard'));
      expect(textOf(cardButton(el, 'standard'))).to.equal('Switch to monthly');
      expect(textOf(dialog(el))).to.contain(`You have paid until ${fmtDate(termEnd)}. Monthly billing starts then, at ${fmtMoney(16_900, 'CHF')} per month`);
      expect(textOf(confirmButton(el))).to.equal(`Switch on ${fmtDate(termEnd)}`);
      const scheduled = oneEvent(el, 'orgkit-plan-change-scheduled');
      confirmButton(el)?.click();
      expect((await scheduled).detail.kind).to.equal('interval');
      expect(sub(m).interval).to.equal('year');
      expect(sub(m).pendingChange).to.deep.include({ kind: 'interval', interval: 'month', effectiveAt: termEnd });
      await waitUntil(() => part(el, 'pending-banner'), 'the banner');
      expect(textOf(part(el, 'pending-banner'))).to.contain(`Billing switches to monthly on ${fmtDate(termEnd)}`);
    });
  });

  describe('roles and policies', () => {
    it('CHG-1 ROLE-4 a builder sees the plans read-only: prices, limits, current and recommended, no action', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'builder');
      expect(all(el, '[part~="card"]')).to.have.length(4);
      expect(textOf(part(el, 'read-only'))).to.equal('Your role can compare the plans but not change them.');
      expect(all(el, '[part~="card"] button')).to.have.length(0);
      expect(part(el, 'cancel-button')).to.equal(null);
      expect(part(el, 'change-dialog')).to.equal(null);
      expect(part(el, 'limits')).to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it('CHG-1 ROLE-7 a member sees no-access; a deactivated member is blocked', async () => {
      m = await mock('pending-downgrade');
      const member = await mount(m, 'marco@acme-ai.test');
      expect(part(member.el, 'no-access')).to.not.equal(null);
      expect(part(member.el, 'cards')).to.equal(null);
      await expect(member.el).to.be.accessible();
      await m.control('/clock', { to: 'period_end' });
      const gone = m.backend.engine.query(SYSTEM, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
      expect(gone, 'the downgrade deactivated someone').to.exist;
      const blocked = await mount(m, gone?.email ?? '');
      expect(part(blocked.el, 'blocked')).to.not.equal(null);
      expect(textOf(part(blocked.el, 'blocked'))).to.contain('Organization access blocked');
      expect(part(blocked.el, 'cards')).to.equal(null);
      await expect(blocked.el).to.be.accessible();
    });

    it('CHG-1 POL-BILLING-OWNER-ONLY an admin sees the plans read-only; the owner still changes them (and an admin may under S0)', async () => {
      m = await mock('standard-team');
      const s0 = await mount(m, 'admin');
      expect(textOf(cardButton(s0.el, 'pro'))).to.equal('Upgrade to Pro');
      await m.control('/reset', { scenario: 'standard-team', policy: { billingOwnerOnly: true } });
      const admin = await mount(m, 'admin');
      expect(textOf(part(admin.el, 'read-only'))).to.contain('not change them');
      expect(all(admin.el, '[part~="card"] button')).to.have.length(0);
      expect(part(admin.el, 'cancel-button')).to.equal(null);
      await expect(admin.el).to.be.accessible();
      const owner = await mount(m, 'owner');
      expect(textOf(cardButton(owner.el, 'pro'))).to.equal('Upgrade to Pro');
      expect(part(owner.el, 'cancel-button')).to.not.equal(null);
    });

    it('POL-SEAT-BILLING seats are explained as billed per member per day; no seat limit bounds the keep-list', async () => {
      m = await mock('standard-team');
      await m.control('/reset', { scenario: 'standard-team', policy: { seatBilling: true } });
      const { el } = await mount(m, 'owner');
      expect(textOf(part(el, 'seat-billing'))).to.contain('Seats are billed per member per day');
      const seats = all(el, '[part~="limits"] tbody tr')[1];
      expect([...(seats?.querySelectorAll('td') ?? [])].slice(1).map((c) => textOf(c))).to.deep.equal(['Per member', 'Per member', 'Per member', 'Per member']);
      await openDialog(el, cardButton(el, 'lite'));
      await waitUntil(() => part(el, 'keep-agents'), 'the agents keep-list');
      expect(part(el, 'keep-members')).to.equal(null);
      expect(textOf(dialog(el))).to.contain('Every member stays: seats are billed per member per day.');
      await expect(el).to.be.accessible();
    });

    it('PLAN-2 PLAN-3 in German: text, money and numbers in the element\'s locale', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner', { lang: 'de' });
      expect(textOf(part(el, 'current-plan'))).to.contain('Sie nutzen Standard, monatlich verrechnet');
      expect(textOf(part(el, 'yearly-badge'))).to.equal('−17 %');
      expect(textOf(cardButton(el, 'pro'))).to.equal('Upgrade auf Pro');
      expect(textOf(part(el, 'contact-button'))).to.equal('Vertrieb kontaktieren');
      expect(textOf(card(el, 'standard'))).to.contain(fmtMoney(16_900, 'CHF', 'de-CH'));
      expect(textOf(part(el, 'limits'))).to.contain(new Intl.NumberFormat('de-CH').format(10_000)).and.contain('Unbegrenzt');
      await expect(el).to.be.accessible();
    });
  });
});
