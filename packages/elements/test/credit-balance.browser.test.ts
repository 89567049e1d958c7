import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { OrgKitClient } from '@orgkit/client';
import type { AutoRecharge } from '@orgkit/contract';
import { CreditBalance } from '../src/credit-balance.js';
import type { OrgProvider } from '../src/index.js';
import { defineElement } from '../src/registry.js';
import type { Mock } from './helpers.js';
import { installFakeStripe, mock, settled, shadow, text } from './helpers.js';

defineElement('credit-balance', CreditBalance);

let m: Mock;

/** waitUntil with room for a provider refresh (session + every load) under a busy test runner. */
const until = (predicate: () => unknown, message?: string, options: { timeout?: number } = {}) => waitUntil(predicate, message, { timeout: 4000, ...options });

interface MountOptions {
  client?: OrgKitClient;
  checkout?: string;
  stripeKey?: string;
  lang?: string;
}

async function mount(who: string, o: MountOptions = {}): Promise<{ provider: OrgProvider; el: CreditBalance }> {
  const provider = await fixture<OrgProvider>(
    html`<org-provider lang=${ifDefined(o.lang)} checkout=${ifDefined(o.checkout)} stripe-key=${ifDefined(o.stripeKey)} .client=${o.client ?? m.clientFor(who)}
      ><credit-balance></credit-balance
    ></org-provider>`,
  );
  const el = provider.querySelector('credit-balance') as CreditBalance;
  await settled(el);
  return { provider, el };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = shadow(el).querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
};
const flat = (node: Element) => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const has = (el: Element, selector: string) => shadow(el).querySelector(selector) !== null;

/** Real keyboard input (trusted events: Escape closes a dialog) through the test runner's send-keys command (see org-members' test). */
async function sendKeys(payload: { press: string } | { type: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }>;
  };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!res.executed) throw new Error('the test runner has no send-keys command');
}

// — the server's state (assert what happened, not only what is shown) —
const sys = { kind: 'system' } as const;
const serverBalance = () => m.backend.engine.query(sys, 'balance.get', { orgId: m.state.orgId }).balance;
const serverAr = (): AutoRecharge => m.backend.engine.query(sys, 'packages.list', { orgId: m.state.orgId }).autoRecharge;
const invoices = () => m.backend.engine.query(sys, 'invoices.list', { orgId: m.state.orgId, limit: 100 }).invoices;
/** Invoices for bought packages (not plan renewals, not auto-recharge). */
const packageInvoices = () => invoices().filter((i) => i.lines.some((l) => l.description.endsWith('credits package')));
const purchaseBlocks = () => m.backend.engine.query(sys, 'credits.get', { orgId: m.state.orgId }).blocks.filter((b) => b.source === 'purchase');

const setCard = (outcome: 'succeed' | 'decline' | 'pending' | null) =>
  m.control(`/orgs/${m.state.orgId}/card`, { card: outcome === null ? null : { brand: 'visa', last4: outcome === 'decline' ? '0002' : outcome === 'pending' ? '3155' : '4242', outcome } }, 'PUT');

const shownBalance = (el: CreditBalance) => $(el, '[part~="balance"]').textContent?.replace(/\D/g, '') ?? '';
const status = (el: CreditBalance) => $(el, '[part="status"]').textContent?.trim() ?? '';
const dialog = (el: CreditBalance) => $<HTMLDialogElement>(el, '#buy-dialog');
const dialogText = (el: CreditBalance) => dialog(el).textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function openBuy(el: CreditBalance, packageId = 'pkg_1000'): Promise<HTMLButtonElement> {
  const button = $<HTMLButtonElement>(el, `[data-package="${packageId}"] [part~="buy-button"]`);
  button.focus();
  button.click();
  await until(() => dialog(el).open, 'the confirm dialog opens');
  return button;
}

async function confirm(el: CreditBalance): Promise<void> {
  $<HTMLButtonElement>(el, '[part~="confirm-button"]').click();
  await el.updateComplete;
}

describe('<credit-balance>', () => {
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => {
    m.stop();
    delete (window as { Stripe?: unknown }).Stripe;
  });

  describe('who sees what', () => {
    it('CRD-1 CRD-2 CRD-4 CRD-7 USE-4 the owner sees the green hero, the blocks soonest expiry first, this month’s total per member, packages and auto-recharge', async () => {
      const { el } = await mount('owner');
      const b = m.backend.engine.query(sys, 'balance.get', { orgId: m.state.orgId });
      expect(b.state).to.equal('ok');
      expect(shownBalance(el)).to.equal(String(b.balance));
      expect($(el, '[part~="hero"]').getAttribute('part')).to.contain('hero-ok');
      expect($(el, '[part~="state-badge"]').textContent?.trim()).to.equal('Available');
      expect(getComputedStyle($(el, '[part~="balance"]')).color, 'green').to.equal('rgb(18, 128, 92)');
      expect(text(el)).to.contain('Total used this month');
      expect($(el, '[part~="used"]').textContent).to.contain(String(b.usedThisCycle));
      expect(has(el, '[part~="offline-alert"]')).to.equal(false);
      // Blocks: plan allowance (expires at cycle end) before the purchased package (12 months).
      const rows = [...shadow(el).querySelectorAll('[part~="block"]')];
      expect(rows.map((r) => r.getAttribute('data-source'))).to.deep.equal(['allowance', 'purchase']);
      expect(rows[0]?.textContent).to.contain('Plan allowance');
      expect(rows[0]?.textContent).to.contain('Used next');
      expect(rows[1]?.textContent).to.contain('1,000 of 1,000');
      // USE-4: per member, by name.
      expect($(el, '[part~="by-member"]').textContent).to.contain('Adrian Keller');
      // PKG-2: credits and price in the organization's currency (CHF).
      const packages = [...shadow(el).querySelectorAll('[part~="package"]')].map((p) => p.textContent?.replace(/\s+/g, ' ').trim());
      expect(packages[0]).to.contain('1,000 credits').and.contain('CHF 5.00');
      expect(packages).to.have.length(4);
      expect(text(el)).to.contain('200 credits = CHF 1.00'); // CRD-8
      expect($(el, '[part~="pay-note"]').textContent).to.contain('4242');
      expect(has(el, '[part~="auto-recharge"]')).to.equal(true);
      expect(has(el, '[part~="org-select"]'), 'ORG-9: under a provider, <org-switcher> switches').to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('USE-2 a builder sees the balance and limits only: no blocks, packages or auto-recharge', async () => {
      const { el } = await mount('builder');
      expect(shownBalance(el)).to.equal(String(serverBalance()));
      expect(text(el)).to.contain('Monthly allowance').and.contain('Total used this month');
      for (const part of ['blocks', 'by-member', 'packages', 'auto-recharge', 'buy-button']) expect(has(el, `[part~="${part}"]`), part).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('ROLE-5 a member sees the no-access state, never data', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      const { el } = await mount('member');
      expect(has(el, '[part~="no-access"]')).to.equal(true);
      expect(text(el)).to.contain('Not available to you');
      expect(has(el, '[part~="hero"]')).to.equal(false);
      expect(text(el)).not.to.match(/\d{3}/);
      await expect(el).to.be.accessible();
    });

    it('ROLE-7 a deactivated member sees "organization access blocked"', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const gone = m.backend.engine.query(sys, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
      const token = m.state.people.find((p) => p.userId === gone?.userId)?.token ?? '';
      const { el } = await mount('', { client: new OrgKitClient({ getAuthToken: () => token, maxRetries: 0 }) });
      expect(has(el, '[part~="blocked"]')).to.equal(true);
      expect(text(el)).to.contain('Organization access blocked');
      expect(has(el, '[part~="hero"]')).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('PKG-5 AR-2 an admin buys packages and manages auto-recharge (owner/admin by default)', async () => {
      const { el } = await mount('admin');
      expect(shadow(el).querySelectorAll('[part~="buy-button"]')).to.have.length(4);
      expect(has(el, '#ar-package')).to.equal(true);
      await openBuy(el);
      await confirm(el);
      await until(() => status(el).includes('credits added'), 'the purchase is announced');
      expect(packageInvoices()).to.have.length(2); // the scenario's own and this one
    });

    it('POL-BILLING-OWNER-ONLY PKG-5 AR-2 an admin reads blocks and packages but cannot buy or change auto-recharge; the server refuses too', async () => {
      m.backend.reset({ scenario: 'standard-team', policy: { billingOwnerOnly: true } });
      m.state = m.backend.controlState();
      const { el } = await mount('admin');
      expect(has(el, '[part~="blocks"]')).to.equal(true);
      expect(has(el, '[part~="packages"]')).to.equal(true);
      expect(has(el, '[part~="buy-button"]')).to.equal(false);
      expect($(el, '[part~="pay-note"]').textContent).to.contain('Your role does not include buying credits.');
      expect(has(el, '#ar-package')).to.equal(false);
      expect(has(el, '#ar-toggle')).to.equal(false);
      expect($(el, '[part~="auto-recharge"]').textContent).to.contain('Auto-recharge is off');
      const refused = await m.clientFor('admin').packages.purchase(m.state.orgId, { packageId: 'pkg_1000' }).catch((e: { status?: number }) => e);
      expect((refused as { status?: number }).status).to.equal(403);
      await expect(el).to.be.accessible();
      // The owner still can.
      const owner = await mount('owner');
      expect(owner.el.shadowRoot?.querySelectorAll('[part~="buy-button"]')).to.have.length(4);
      expect(has(owner.el, '#ar-toggle')).to.equal(true);
    });

    it('CRD-7 low-credit: amber under 100 credits, for the owner and for a builder', async () => {
      m.stop();
      m = await mock('low-credit');
      const { el } = await mount('owner');
      expect(shownBalance(el)).to.equal('64');
      expect($(el, '[part~="hero"]').getAttribute('part')).to.contain('hero-low');
      expect($(el, '[part~="state-badge"]').textContent?.trim()).to.equal('Running low');
      expect(getComputedStyle($(el, '[part~="balance"]')).color, 'amber').to.equal('rgb(154, 91, 0)');
      expect(has(el, '[part~="low-notice"]')).to.equal(true);
      expect(has(el, '[part~="offline-alert"]')).to.equal(false);
      await expect(el).to.be.accessible();
      const builder = await mount('builder');
      expect($(builder.el, '[part~="hero"]').getAttribute('part')).to.contain('hero-low');
      expect(has(builder.el, '[part~="low-notice"]')).to.equal(true);
    });

    it('CRD-5 CRD-7 out-of-credit: red at zero with the offline warning; Buy credits leads to the packages', async () => {
      m.stop();
      m = await mock('out-of-credit');
      const { el } = await mount('owner');
      expect(shownBalance(el)).to.equal('0');
      expect($(el, '[part~="hero"]').getAttribute('part')).to.contain('hero-out');
      expect(getComputedStyle($(el, '[part~="balance"]')).color, 'red').to.equal('rgb(192, 38, 45)');
      const alert = $(el, '[part~="offline-alert"]');
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(alert.textContent).to.contain('This assistant is currently offline.');
      expect($(el, '[part~="blocks"]').textContent).to.contain('No credits left in any block.');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part~="buy-cta"]').click();
      expect(shadow(el).activeElement === shadow(el).querySelector('[part~="buy-button"]'), 'focus on the first Buy').to.equal(true);
      // Buying brings the agents back online.
      await openBuy(el);
      await confirm(el);
      await until(() => shownBalance(el) === '1000', 'the hero shows the new balance');
      expect(has(el, '[part~="offline-alert"]')).to.equal(false);
      expect(m.backend.engine.query(sys, 'balance.get', { orgId: m.state.orgId }).offline).to.equal(false);
      // A builder sees the warning and whom to ask.
      await m.control('/usage', { orgId: m.state.orgId, channel: 'chat', credits: 1000 });
      const builder = await mount('builder');
      expect($(builder.el, '[part~="offline-alert"]').textContent).to.contain('Ask an owner or admin to buy credits.');
      expect(has(builder.el, '[part~="buy-cta"]')).to.equal(false);
    });

    it('ORG-9 without a provider, someone in several organizations picks the organization; the view follows the role there', async () => {
      m.stop();
      m = await mock('multi-org');
      const el = await fixture<CreditBalance>(html`<credit-balance .client=${m.clientFor('lea@schmid.test')}></credit-balance>`);
      await settled(el);
      const select = $<HTMLSelectElement>(el, '[part~="org-select"]');
      expect(select.options).to.have.length(3);
      expect(has(el, '[part~="packages"]'), 'owner of her own organization').to.equal(true);
      await expect(el).to.be.accessible();
      const orgs = (await m.clientFor('lea@schmid.test').session.get()).memberships;
      const globex = orgs.find((x) => x.role === 'builder');
      expect(globex).to.exist;
      const changed = oneEvent(el, 'orgkit-org-changed');
      select.value = globex?.orgId ?? '';
      select.dispatchEvent(new Event('change'));
      expect((await changed).detail.orgId).to.equal(globex?.orgId);
      await until(() => !has(el, '[part~="packages"]') && has(el, '[part~="hero"]'), 'the builder view of Globex');
      const globexBalance = m.backend.engine.query(sys, 'balance.get', { orgId: globex?.orgId ?? '' }).balance;
      await until(() => shownBalance(el) === String(globexBalance), 'Globex’s balance');
    });

    it('shows German text and the organization’s currency with lang="de"', async () => {
      const { el } = await mount('owner', { lang: 'de' });
      expect(text(el)).to.contain('Credit-Guthaben').and.contain('Automatische Aufladung').and.contain('Plankontingent');
      expect(flat($(el, '[data-package="pkg_1000"]'))).to.contain("1'000 Credits").and.contain('CHF 5.00');
    });
  });

  describe('buying packages (PKG-1 … PKG-5)', () => {
    it('PKG-3 PKG-4 the confirm step shows credits and amount; buying grants once and announces the new balance', async () => {
      const { el } = await mount('owner');
      const before = serverBalance();
      const requests: unknown[] = [];
      el.addEventListener('orgkit-purchase-request', (e) => requests.push(e.detail));
      const buyButton = await openBuy(el, 'pkg_5000');
      expect(dialogText(el)).to.contain('Buy 5,000 credits').and.contain('CHF 25.00').and.contain('Visa •••• 4242');
      expect(shadow(el).activeElement?.id, 'focus inside the dialog').to.equal('buy-cancel');
      await expect(el).to.be.accessible();
      expect(serverBalance(), 'nothing bought before confirming').to.equal(before);
      const purchased = oneEvent(el, 'orgkit-credits-purchased');
      await confirm(el);
      const detail = (await purchased).detail;
      expect(detail).to.include({ packageId: 'pkg_5000', credits: 5000, amount: 2500, currency: 'CHF', status: 'paid', via: 'card' });
      expect(requests).to.deep.equal([{ orgId: m.state.orgId, packageId: 'pkg_5000', credits: 5000, amount: 2500, currency: 'CHF' }]);
      await until(() => !dialog(el).open);
      expect(status(el)).to.contain('5,000 credits added');
      expect(serverBalance()).to.equal(before + 5000);
      expect(packageInvoices()).to.have.length(2);
      await until(() => shownBalance(el) === String(before + 5000), 'the hero shows the new balance');
      expect(purchaseBlocks().map((b) => b.initial)).to.include(5000);
      expect(shadow(el).activeElement === buyButton, 'focus back on the Buy button').to.equal(true);
    });

    it('PKG-4 a double click on Buy opens one dialog, and a double click on the confirm button buys once', async () => {
      const { el } = await mount('owner');
      const before = serverBalance();
      const buy = $<HTMLButtonElement>(el, '[data-package="pkg_1000"] [part~="buy-button"]');
      buy.click();
      buy.click();
      await until(() => dialog(el).open);
      const ok = $<HTMLButtonElement>(el, '[part~="confirm-button"]');
      ok.click();
      ok.click();
      ok.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      await until(() => status(el).includes('credits added'), 'announced');
      expect(serverBalance()).to.equal(before + 1000);
      expect(packageInvoices()).to.have.length(2);
    });

    it('PKG-4 BILL-4 a declined card: the error in the dialog, nothing charged or granted; the retry after the card works buys exactly once', async () => {
      await setCard('decline');
      const { el } = await mount('owner');
      const before = serverBalance();
      await openBuy(el);
      await confirm(el);
      await until(() => $(el, '[part~="confirm-error"]').textContent?.includes('declined'), 'the decline is shown');
      expect(dialog(el).open).to.equal(true);
      expect(dialogText(el)).to.contain('Retrying is safe');
      expect(serverBalance()).to.equal(before);
      expect(packageInvoices()).to.have.length(1);
      await expect(el).to.be.accessible();
      await setCard('succeed');
      await confirm(el);
      await until(() => status(el).includes('1,000 credits added'), 'the retry is announced');
      expect(serverBalance()).to.equal(before + 1000);
      expect(packageInvoices()).to.have.length(2);
    });

    it('PKG-4 a 500 during the purchase: the error is shown, the retry buys exactly once', async () => {
      const { el } = await mount('owner');
      const before = serverBalance();
      await openBuy(el);
      m.backend.faults.failNext = 1;
      await confirm(el);
      await until(() => $(el, '[part~="confirm-error"]').textContent?.includes('The server had a problem'), 'the 500 is shown');
      expect(serverBalance()).to.equal(before);
      expect(packageInvoices()).to.have.length(1);
      await confirm(el);
      await until(() => !dialog(el).open, 'bought on retry');
      expect(serverBalance()).to.equal(before + 1000);
      expect(packageInvoices()).to.have.length(2);
    });

    it('PKG-4 a lost answer: the retry sends the same idempotency key, the server replays, nothing is granted twice', async () => {
      const token = m.person('owner').token;
      const keys: (string | null)[] = [];
      let drop = 1;
      const client = new OrgKitClient({
        getAuthToken: () => token,
        maxRetries: 0,
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          if (String(input).endsWith('/purchases')) {
            keys.push(new Headers(init?.headers).get('Idempotency-Key'));
            if (drop-- > 0) throw new TypeError('the connection dropped after the server answered');
          }
          return res;
        },
      });
      const { el } = await mount('owner', { client });
      const before = serverBalance();
      await openBuy(el);
      await confirm(el);
      await until(() => $(el, '[part~="confirm-error"]').textContent?.includes('offline'), 'the lost answer is shown');
      expect(serverBalance(), 'the first try did buy').to.equal(before + 1000);
      await confirm(el);
      await until(() => status(el).includes('credits added'), 'the replay is announced');
      expect(keys).to.have.length(2);
      expect(keys[0]).to.be.a('string');
      expect(keys[1] === keys[0], 'one key per dialog opening').to.equal(true);
      expect(serverBalance()).to.equal(before + 1000);
      expect(packageInvoices()).to.have.length(2);
      // A new dialog opening is a new intent: a new key.
      await openBuy(el);
      await confirm(el);
      await until(() => serverBalance() === before + 2000, 'a second, separate purchase');
      expect(keys[2] === keys[0]).to.equal(false);
    });

    it('PKG-4 a pending payment: the UI says so; the balance updates once the payment is collected (exactly once)', async () => {
      await setCard('pending');
      const { el } = await mount('owner');
      const before = serverBalance();
      const purchased = oneEvent(el, 'orgkit-credits-purchased');
      await openBuy(el);
      await confirm(el);
      expect((await purchased).detail.status).to.equal('pending');
      await until(() => has(el, '[part~="pending"]'), 'the pending notice');
      expect($(el, '[part~="pending"]').textContent).to.contain('Payment pending');
      expect(serverBalance(), 'no credits before the money is collected').to.equal(before);
      await expect(el).to.be.accessible();
      const payments = (await m.control(`/orgs/${m.state.orgId}/payments`, undefined, 'GET')) as { id: string; status: string }[];
      const payment = payments.find((p) => p.status === 'pending');
      expect(payment).to.exist;
      // Still pending on a refresh.
      $<HTMLButtonElement>(el, '[part~="pending-check"]').click();
      await settled(el);
      await el.updateComplete;
      expect(has(el, '[part~="pending"]')).to.equal(true);
      await m.control(`/payments/${payment?.id ?? ''}/settle`, { outcome: 'succeeded' });
      const paid = oneEvent(el, 'orgkit-credits-purchased');
      $<HTMLButtonElement>(el, '[part~="pending-check"]').click();
      expect((await paid).detail.status).to.equal('paid');
      await until(() => !has(el, '[part~="pending"]') && status(el).includes('1,000 credits added'), 'the settlement is announced');
      await until(() => shownBalance(el) === String(before + 1000), 'the hero follows');
      expect(serverBalance()).to.equal(before + 1000);
      // Settling again (a repeated webhook) grants nothing more.
      await m.control(`/payments/${payment?.id ?? ''}/settle`, { outcome: 'succeeded' });
      expect(serverBalance()).to.equal(before + 1000);
      expect(purchaseBlocks().filter((b) => b.initial === 1000)).to.have.length(2);
    });

    it('PKG-4 a pending payment that fails says so and grants nothing', async () => {
      await setCard('pending');
      const { el } = await mount('owner');
      const before = serverBalance();
      await openBuy(el);
      await confirm(el);
      await until(() => has(el, '[part~="pending-check"]'));
      const payments = (await m.control(`/orgs/${m.state.orgId}/payments`, undefined, 'GET')) as { id: string; status: string }[];
      await m.control(`/payments/${payments.find((p) => p.status === 'pending')?.id ?? ''}/settle`, { outcome: 'failed' });
      $<HTMLButtonElement>(el, '[part~="pending-check"]').click();
      await until(() => $(el, '[part~="pending"]').textContent?.includes('failed'), 'the failure is shown');
      expect(serverBalance()).to.equal(before);
    });

    it('PKG-3 no saved card: the server answers requires_checkout, the simulated checkout is mounted in the dialog, paying adds the credits', async () => {
      await setCard(null);
      const { el } = await mount('owner', { checkout: 'simulated' });
      const before = serverBalance();
      expect($(el, '[part~="pay-note"]').textContent).to.contain('checkout');
      await openBuy(el);
      expect(dialogText(el)).to.contain('Checkout (no saved card)');
      expect($(el, '[part~="confirm-button"]').textContent).to.contain('Continue to payment');
      await confirm(el);
      await until(() => el.querySelector('[slot="checkout"] orgkit-simulated-checkout'), 'the checkout is mounted in the light DOM');
      expect($(el, '[part~="confirm-dialog"]').getAttribute('part')).to.contain('checkout-dialog');
      const form = el.querySelector('orgkit-simulated-checkout') as HTMLElement;
      await until(() => form.shadowRoot?.querySelector('button'));
      expect(form.shadowRoot?.textContent?.replace(/\s+/g, ' ')).to.contain('CHF 5.00');
      await expect(el).to.be.accessible();
      const purchased = oneEvent(el, 'orgkit-credits-purchased');
      (form.shadowRoot?.querySelector('button') as HTMLButtonElement).click();
      const detail = (await purchased).detail;
      expect(detail).to.include({ status: 'paid', via: 'checkout', credits: 1000 });
      expect(detail.paymentId).to.be.a('string');
      expect(dialog(el).open).to.equal(false);
      expect(el.querySelector('[slot="checkout"]'), 'the checkout is removed').to.equal(null);
      await until(() => status(el).includes('1,000 credits added'));
      expect(serverBalance()).to.equal(before + 1000);
      expect(packageInvoices()).to.have.length(2);
      // The card used at checkout is saved: the next purchase is a quick one.
      await until(() => $(el, '[part~="pay-note"]').textContent?.includes('Charged to your saved card'));
    });

    it('PKG-3 BILL-4 the Stripe path: Stripe’s embedded Checkout gets the session’s client secret, mounts in the light DOM, is destroyed; credits once collected', async () => {
      const fake = installFakeStripe();
      await setCard(null);
      const { el } = await mount('owner', { stripeKey: 'pk_test_orgkit' });
      const before = serverBalance();
      await openBuy(el);
      await confirm(el);
      await until(() => fake.mounted.length === 1, 'Stripe mounted the checkout', { timeout: 5000 });
      expect(fake.keys).to.deep.equal(['pk_test_orgkit']);
      expect(fake.secrets[0]).to.match(/^cs_\w+_secret_/);
      const container = fake.mounted[0];
      expect(container?.parentElement === el && container.slot === 'checkout', 'a light-DOM child in the checkout slot').to.equal(true);
      expect(dialog(el).open).to.equal(true);
      const purchased = oneEvent(el, 'orgkit-credits-purchased');
      fake.complete?.();
      expect((await purchased).detail.status, 'Stripe says complete, the money is not collected yet').to.equal('pending');
      expect(fake.destroyed).to.equal(1);
      expect(container?.isConnected).to.equal(false);
      await until(() => has(el, '[part~="pending"]'), 'pending until the webhook');
      expect(serverBalance()).to.equal(before);
      // The payment provider's webhook: the checkout completes on the server.
      const checkoutId = (fake.secrets[0] ?? '').split('_secret_')[0] ?? '';
      m.backend.engine.run({ kind: 'user', userId: m.person('owner').userId }, 'checkout.complete', { orgId: m.state.orgId, checkoutId, card: { outcome: 'succeed' } }, { idempotencyKey: 'webhook-1' });
      $<HTMLButtonElement>(el, '[part~="pending-check"]').click();
      await until(() => status(el).includes('1,000 credits added'), 'collected');
      expect(serverBalance()).to.equal(before + 1000);
    });

    it('PKG-1 a Free organization gets the upgrade prompt (orgkit-upgrade-request) instead of packages and auto-recharge; the server refuses a purchase', async () => {
      m.stop();
      m = await mock('fresh-free');
      const { el } = await mount('owner');
      expect(has(el, '[part~="buy-button"]')).to.equal(false);
      expect(has(el, '[part~="auto-recharge"]')).to.equal(false);
      expect($(el, '[part~="upgrade-prompt"]').textContent).to.contain('paid plans');
      await expect(el).to.be.accessible();
      const upgrade = oneEvent(el, 'orgkit-upgrade-request');
      $<HTMLButtonElement>(el, '[part~="upgrade-button"]').click();
      expect((await upgrade).detail).to.deep.equal({ orgId: m.state.orgId, reason: 'credits' });
      const refused = await m.clientFor('owner').packages.purchase(m.state.orgId, { packageId: 'pkg_1000' }).catch((e: { code?: string }) => e);
      expect((refused as { code?: string }).code).to.equal('upgrade_required');
    });

    it('PKG-3 a host vetoes the purchase with orgkit-purchase-request: nothing is bought', async () => {
      const { el } = await mount('owner');
      const before = serverBalance();
      el.addEventListener('orgkit-purchase-request', (e) => e.preventDefault(), { once: true });
      await openBuy(el);
      await confirm(el);
      await until(() => !dialog(el).open);
      expect(serverBalance()).to.equal(before);
      expect(packageInvoices()).to.have.length(1);
    });

    it('the confirm dialog is keyboard complete: focus inside, Escape closes, focus returns to Buy', async () => {
      const { el } = await mount('owner');
      const buy = await openBuy(el, 'pkg_10000');
      expect(shadow(el).activeElement?.id).to.equal('buy-cancel');
      await sendKeys({ press: 'Tab' });
      expect(shadow(el).activeElement?.getAttribute('part'), 'Tab reaches the confirm button').to.contain('confirm-button');
      await sendKeys({ press: 'Escape' });
      await until(() => !dialog(el).open, 'Escape closes');
      await el.updateComplete;
      expect(shadow(el).activeElement === buy, 'focus back on the Buy button').to.equal(true);
      expect(packageInvoices(), 'nothing bought').to.have.length(1);
      // Enter on the confirm button buys.
      const before = serverBalance();
      await openBuy(el);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await until(() => status(el).includes('1,000 credits added'), 'bought with the keyboard');
      expect(serverBalance()).to.equal(before + 1000);
    });
  });

  describe('auto-recharge (AR-1 … AR-6)', () => {
    it('AR-3 AR-4 AR-1 two steps: the switch is disabled until a package is chosen; choosing does not turn it on; clearing turns it off; off is always allowed', async () => {
      const { el } = await mount('owner');
      const toggle = () => $<HTMLInputElement>(el, '#ar-toggle');
      const select = () => $<HTMLSelectElement>(el, '#ar-package');
      expect($(el, '[part~="auto-recharge"]').textContent).to.contain('below 1,000 credits (10 %'); // AR-1 in credits
      expect(toggle().disabled, 'no package yet').to.equal(true);
      expect(toggle().checked).to.equal(false);
      // Step 1: a package. Auto-recharge stays off.
      let changed = oneEvent(el, 'orgkit-autorecharge-changed');
      select().value = 'pkg_5000';
      select().dispatchEvent(new Event('change'));
      expect((await changed).detail).to.deep.equal({ orgId: m.state.orgId, packageId: 'pkg_5000', enabled: false, paused: false });
      expect(serverAr()).to.include({ packageId: 'pkg_5000', enabled: false });
      await until(() => !toggle().disabled, 'the switch is available');
      expect(toggle().checked).to.equal(false);
      expect(status(el)).to.contain('still off');
      await expect(el).to.be.accessible();
      // Step 2: on. (Each step waits for the element's answer: a click while a change is in flight is ignored.)
      changed = oneEvent(el, 'orgkit-autorecharge-changed');
      toggle().click();
      expect((await changed).detail.enabled).to.equal(true);
      expect(serverAr()).to.include({ packageId: 'pkg_5000', enabled: true });
      await until(() => $(el, '[part~="ar-state"]').textContent?.trim() === 'On');
      // Off is always allowed, and on again.
      changed = oneEvent(el, 'orgkit-autorecharge-changed');
      toggle().click();
      expect((await changed).detail.enabled).to.equal(false);
      expect(serverAr().enabled).to.equal(false);
      await until(() => $(el, '[part~="ar-state"]').textContent?.trim() === 'Off' && !toggle().checked);
      changed = oneEvent(el, 'orgkit-autorecharge-changed');
      toggle().click();
      expect((await changed).detail.enabled).to.equal(true);
      expect(serverAr().enabled).to.equal(true);
      await until(() => toggle().checked);
      // AR-4: clearing the package turns it off, and the switch is disabled again.
      changed = oneEvent(el, 'orgkit-autorecharge-changed');
      select().value = '';
      select().dispatchEvent(new Event('change'));
      expect((await changed).detail).to.include({ packageId: null, enabled: false });
      expect(serverAr()).to.include({ packageId: null, enabled: false });
      await until(() => toggle().disabled && !toggle().checked, 'off and disabled');
      expect(status(el)).to.contain('Auto-recharge is off');
    });

    it('AR-5 AR-1 failed recharges are counted; after 3 it pauses and the UI says so; turning it on again resets and recharges (AR-6)', async () => {
      const { el, provider } = await mount('owner');
      const orgId = m.state.orgId;
      let changed = oneEvent(el, 'orgkit-autorecharge-changed');
      $<HTMLSelectElement>(el, '#ar-package').value = 'pkg_1000';
      $<HTMLSelectElement>(el, '#ar-package').dispatchEvent(new Event('change'));
      await changed;
      await until(() => !$<HTMLInputElement>(el, '#ar-toggle').disabled);
      changed = oneEvent(el, 'orgkit-autorecharge-changed');
      $<HTMLInputElement>(el, '#ar-toggle').click();
      await changed;
      expect(serverAr().enabled).to.equal(true);
      await setCard('decline');
      // Under 10 % of the allowance (1,000 credits): each debit tries to recharge, and the declined card fails.
      await m.control('/usage', { orgId, channel: 'chat', credits: serverBalance() - 950 });
      expect(serverAr()).to.include({ failures: 1, paused: false });
      provider.refresh();
      await until(() => has(el, '[part~="ar-failures"]'), 'the failure is shown');
      expect($(el, '[part~="ar-failures"]').textContent).to.contain('The last recharge failed');
      await m.control('/usage', { orgId, channel: 'chat', credits: 10 });
      await m.control('/usage', { orgId, channel: 'chat', credits: 10 });
      expect(serverAr()).to.include({ failures: 3, paused: true });
      const low = serverBalance();
      expect(low).to.be.below(1000);
      provider.refresh();
      await until(() => has(el, '[part~="ar-paused"]'), 'the pause is shown');
      expect($(el, '[part~="ar-paused"]').textContent).to.contain('paused itself after 3 failed recharges');
      expect($(el, '[part~="ar-state"]').textContent?.trim()).to.equal('Paused');
      expect($<HTMLInputElement>(el, '#ar-toggle').disabled, 'turning off stays possible').to.equal(false);
      await expect(el).to.be.accessible();
      // The card works again; turning it on again resets the counter and (already under the threshold) recharges.
      await setCard('succeed');
      $<HTMLButtonElement>(el, '[part~="ar-resume"]').click();
      await until(() => !serverAr().paused, 'resumed');
      expect(serverAr()).to.include({ failures: 0, paused: false, enabled: true });
      expect(serverBalance()).to.equal(low + 1000);
      await until(() => !has(el, '[part~="ar-paused"]') && $(el, '[part~="ar-state"]').textContent?.trim() === 'On');
      await until(() => shownBalance(el) === String(low + 1000));
    });
  });
});
