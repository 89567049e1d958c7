import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { OrgKitClient } from '@orgkit/client';
import type { OrgKitClient as Client } from '@orgkit/client';
import type { OrgProvider } from '../src/index.js';
import { InvoiceList, invoiceFileName } from '../src/invoice-list.js';
import { defineElement } from '../src/registry.js';
import type { Mock } from './helpers.js';
import { mock, shadow, text } from './helpers.js';

defineElement('invoice-list', InvoiceList);

const SYSTEM = { kind: 'system' } as const;
const user = (userId: string) => ({ kind: 'user', userId }) as const;

/** Real keyboard input (trusted events) through the test runner's send-keys command (see org-members' tests). */
async function sendKeys(payload: { press: string } | { type: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }>;
  };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!res.executed) throw new Error('the test runner has no send-keys command');
}

let m: Mock;

interface Mounted {
  provider: OrgProvider;
  el: InvoiceList;
  start: HTMLButtonElement;
}

/** <invoice-list> in a provider signed in as `who` (a role or an email), with a focusable button before it. */
async function mount(who: string, opts: { client?: Client; lang?: string; attrs?: string } = {}): Promise<Mounted> {
  const client = opts.client ?? m.clientFor(who);
  const root = await fixture<HTMLDivElement>(html`<div>
    <button id="start">start</button>
    <org-provider lang=${opts.lang ?? 'en'} .client=${client}><invoice-list billing-settings-href=${opts.attrs ?? '#settings'}></invoice-list></org-provider>
  </div>`);
  const provider = root.querySelector('org-provider') as OrgProvider;
  const el = root.querySelector('invoice-list') as InvoiceList;
  await waitUntil(
    () => el.shadowRoot?.querySelector('table, [part~="no-access"], [part~="error"], [part~="empty"]'),
    'the element never finished loading',
    { timeout: 8_000 },
  );
  return { provider, el, start: root.querySelector('#start') as HTMLButtonElement };
}

const q = <T extends Element = HTMLElement>(el: Element, selector: string) => shadow(el).querySelector<T>(selector);
const all = (el: Element, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const part = <T extends Element = HTMLElement>(el: Element, name: string) => q<T>(el, `[part~="${name}"]`);
const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: Element) => all(el, 'tr.invoice');
const numbers = (el: Element) => rows(el).map((r) => squash(r.querySelector('[part~="toggle"]')?.textContent).replace('▸', '').trim());
const rowOf = (el: Element, number: string) => rows(el).find((r) => squash(r.querySelector('[part~="toggle"]')?.textContent).endsWith(number));
const button = (row: HTMLElement | undefined, name: string) => row?.querySelector<HTMLButtonElement>(`[part~="${name}"]`) ?? null;
const status = (el: Element) => squash(part(el, 'status')?.textContent);
const focused = (el: Element) => shadow(el).activeElement as HTMLElement | null;

function invoices(limit = 100) {
  return m.backend.engine.query(SYSTEM, 'invoices.list', { orgId: m.state.orgId, limit });
}

/** A new invoice: a package bought with the saved card (an idempotency key, as the API requires). */
function buyPackage(key: string) {
  return m.backend.engine.run(user(m.person('owner').userId), 'package.purchase', { orgId: m.state.orgId, packageId: 'pkg_1000' }, { idempotencyKey: key });
}

async function reset(scenario: string, policy: Record<string, unknown>): Promise<void> {
  m.backend.reset({ scenario: scenario as never, policy });
  m.state = m.backend.controlState();
}

/** Captures what a click on a download link would save (and saves nothing). */
function captureDownloads(): { links: { href: string; download: string }[]; restore: () => void } {
  const links: { href: string; download: string }[] = [];
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    links.push({ href: this.href, download: this.download });
  };
  return { links, restore: () => void (HTMLAnchorElement.prototype.click = original) };
}

describe('<invoice-list>', () => {
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => m.stop());

  describe('BILL-1 the list', () => {
    it('BILL-1 the owner sees number, date, amount in the invoice currency and status, newest first', async () => {
      const { el } = await mount('owner');
      const server = invoices();
      expect(server.total).to.be.greaterThan(2);
      expect(numbers(el)).to.deep.equal(server.invoices.map((i) => i.number));
      const newest = server.invoices[0];
      if (!newest) throw new Error('no invoice');
      const row = rowOf(el, newest.number);
      const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(newest.createdAt));
      expect(squash(row?.textContent)).to.contain(date);
      expect(squash(row?.querySelector('[data-field="amount"]')?.textContent)).to.equal(
        squash(new Intl.NumberFormat('en-US', { style: 'currency', currency: newest.currency }).format(newest.amount / 100)),
      );
      expect(squash(row?.textContent)).to.contain('CHF');
      expect(squash(button(row, 'status-badge')?.textContent)).to.equal('Paid');
      expect(button(row, 'pdf-button')?.getAttribute('aria-label')).to.equal(`Download invoice ${newest.number} as PDF`);
      expect(button(row, 'view-button')).to.exist;
      expect(button(row, 'pay-button'), 'nothing to pay').to.equal(null);
      expect(squash(part(el, 'count')?.textContent)).to.equal(`Showing ${String(server.total)} of ${String(server.total)}`);
      expect(part(el, 'more-button'), 'everything is shown').to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('BILL-1 Download PDF fetches the document with the caller’s credentials and saves a real PDF named after the invoice number', async () => {
      const { el } = await mount('owner');
      const newest = invoices().invoices[0];
      if (!newest) throw new Error('no invoice');
      const capture = captureDownloads();
      try {
        button(rowOf(el, newest.number), 'pdf-button')?.click();
        await waitUntil(() => capture.links.length === 1, 'a download was started');
      } finally {
        capture.restore();
      }
      const [link] = capture.links;
      expect(link?.download).to.equal(`${newest.number}.pdf`);
      expect(link?.href.startsWith('blob:')).to.equal(true);
      const bytes = new Uint8Array(await (await fetch(link?.href ?? '')).arrayBuffer());
      const head = new TextDecoder().decode(bytes.slice(0, 5));
      expect(head).to.equal('%PDF-');
      expect(new TextDecoder().decode(bytes)).to.contain(`Invoice ${newest.number}`);
      await waitUntil(() => status(el) === `Invoice ${newest.number} downloaded as ${newest.number}.pdf.`, 'announced');
      expect(invoiceFileName('A/B:01', 'pdf'), 'no path in a file name').to.equal('A_B_01.pdf');
    });

    it('BILL-1 View shows the server’s page in a sandboxed frame in a dialog (never in the element’s DOM); Escape closes it and focus returns', async () => {
      const { el } = await mount('owner');
      const newest = invoices().invoices[0];
      if (!newest) throw new Error('no invoice');
      const trigger = button(rowOf(el, newest.number), 'view-button') as HTMLButtonElement;
      trigger.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = part<HTMLDialogElement>(el, 'view-dialog') as HTMLDialogElement;
      await waitUntil(() => dialog.open && part(el, 'view-frame'), 'the dialog shows the invoice page');
      const frame = part<HTMLIFrameElement>(el, 'view-frame') as HTMLIFrameElement;
      expect(frame.getAttribute('sandbox'), 'no scripts, an opaque origin').to.equal('');
      expect(frame.src.startsWith('blob:')).to.equal(true);
      expect(frame.title).to.equal(`Invoice ${newest.number} as issued`);
      const page = await (await fetch(frame.src)).text();
      expect(page).to.contain(`<h1>Invoice ${newest.number}</h1>`);
      expect(q(el, 'h1'), 'the server’s HTML is not in the shadow DOM').to.equal(null);
      expect(focused(el)?.id).to.equal('view-close');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open && focused(el) === trigger, 'Escape closes; focus returns to View');
    });

    it('BILL-1 a row expands to its items and the billing details printed on it', async () => {
      const { el } = await mount('owner');
      const newest = invoices().invoices[0];
      if (!newest?.billTo) throw new Error('no invoice with billing details');
      const toggle = button(rowOf(el, newest.number), 'toggle') as HTMLButtonElement;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      const details = q(el, `#${toggle.getAttribute('aria-controls') ?? 'none'}`);
      expect(details, 'aria-controls names the details').to.exist;
      const lines = [...(details?.querySelectorAll('[part~="lines"] tbody tr') ?? [])].map((r) => squash(r.textContent));
      expect(lines).to.have.length(newest.lines.length);
      expect(lines[0]).to.contain(newest.lines[0]?.description ?? '?');
      const billTo = squash(details?.querySelector('[part~="bill-to"]')?.textContent);
      expect(billTo).to.contain(newest.billTo.name).and.contain(newest.billTo.email).and.contain(newest.billTo.taxId ?? '?').and.contain('Switzerland');
      await expect(el).to.be.accessible();
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(q(el, '[part~="details"]')).to.equal(null);
    });
  });

  describe('BILL-2 billing details on future invoices', () => {
    it('BILL-2 ORG-5 a changed billing email and tax ID are shown for future invoices; a new invoice carries them, older ones keep theirs', async () => {
      const { el, provider } = await mount('owner');
      const identity = () => squash(part(el, 'billing-identity')?.textContent);
      expect(identity()).to.contain('billing@acme-ai.test').and.contain('CHE-123.456.789 MWST');
      expect(part(el, 'identity-note'), 'read from the settings: no note').to.equal(null);
      expect(part<HTMLAnchorElement>(el, 'settings-link')?.getAttribute('href')).to.equal('#settings');

      const owner = user(m.person('owner').userId);
      m.backend.engine.run(owner, 'org.updateBillingIdentity', {
        orgId: m.state.orgId, email: 'ap@acme-ai.test', name: 'Acme AI AG', country: 'CH', address: 'Bahnhofstrasse 10', postalCode: '8001', city: 'Zürich', taxId: 'CHE-999.888.777 MWST',
      });
      const before = invoices().invoices[0];
      buyPackage('bill-2-new-invoice');
      const [fresh, older] = invoices().invoices;
      expect(fresh?.billTo?.email, 'the server issued the new invoice to the new identity').to.equal('ap@acme-ai.test');
      expect(older?.id).to.equal(before?.id);
      expect(older?.billTo?.email).to.equal('billing@acme-ai.test');

      provider.refresh();
      await waitUntil(() => numbers(el)[0] === fresh?.number, 'the new invoice is listed first');
      await waitUntil(() => identity().includes('ap@acme-ai.test'), 'the future identity is the new one');
      expect(identity()).to.contain('CHE-999.888.777 MWST').and.not.contain('billing@acme-ai.test');

      for (const inv of [fresh, older]) (button(rowOf(el, inv?.number ?? '?'), 'toggle') as HTMLButtonElement).click();
      await el.updateComplete;
      const printed = (n: string) => squash(q(el, `tbody[data-invoice-id="${n}"] [part~="bill-to"]`)?.textContent);
      expect(printed(fresh?.id ?? '')).to.contain('ap@acme-ai.test').and.contain('CHE-999.888.777 MWST');
      expect(printed(older?.id ?? '')).to.contain('billing@acme-ai.test').and.contain('CHE-123.456.789 MWST');
    });

    it('BILL-2 XSS: a billing name with markup is shown as text, in the list, the details and the view', async () => {
      const evil = '<img src=x onerror=alert(1)>';
      m.backend.engine.run(user(m.person('owner').userId), 'org.updateBillingIdentity', {
        orgId: m.state.orgId, email: 'billing@acme-ai.test', name: evil, country: 'CH', address: 'Bahnhofstrasse 10', postalCode: '8001', city: 'Zürich', taxId: null,
      });
      buyPackage('xss-invoice');
      const alerts: unknown[] = [];
      const original = window.alert;
      window.alert = (x?: unknown) => void alerts.push(x);
      try {
        const { el } = await mount('owner');
        const newest = invoices().invoices[0];
        (button(rowOf(el, newest?.number ?? '?'), 'toggle') as HTMLButtonElement).click();
        await el.updateComplete;
        expect(squash(part(el, 'billing-identity')?.textContent)).to.contain(evil);
        expect(squash(part(el, 'bill-to')?.textContent)).to.contain(evil);
        expect(all(el, 'img'), 'no element was made from the name').to.have.length(0);
        (button(rowOf(el, newest?.number ?? '?'), 'view-button') as HTMLButtonElement).click();
        await waitUntil(() => part(el, 'view-frame'), 'the view opens');
        const frame = part<HTMLIFrameElement>(el, 'view-frame') as HTMLIFrameElement;
        const page = await (await fetch(frame.src)).text();
        expect(page).to.contain('&lt;img src=x onerror=alert(1)&gt;');
        await new Promise((r) => setTimeout(r, 150));
        expect(alerts, 'nothing ran').to.have.length(0);
      } finally {
        window.alert = original;
      }
    });
  });

  describe('BILL-3 who sees invoices', () => {
    it('BILL-3 the owner and the admin see the invoices; the builder and the member see no-access (never data)', async () => {
      const total = invoices().total;
      for (const who of ['owner', 'admin']) {
        const { el } = await mount(who);
        expect(rows(el), who).to.have.length(total);
      }
      const { el } = await mount('builder');
      expect(part(el, 'no-access')).to.exist;
      expect(rows(el)).to.have.length(0);
      expect(text(el)).to.contain('Not available to you').and.not.contain('ACMEAI');
      await expect(el).to.be.accessible();
      // The server refuses the builder just the same.
      const refused = await m.clientFor('builder').invoices.list(m.state.orgId).then(() => null, (e: { code?: string }) => e.code);
      expect(refused).to.equal('forbidden');
    });

    it('BILL-3 BR-2 a plain member who holds the billing role sees the invoices, with the billing details as on the newest invoice; a member without it sees no-access', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      const marco = m.person('marco@acme-ai.test');
      expect(marco.role).to.equal('member');
      {
        const { el } = await mount('marco@acme-ai.test');
        expect(part(el, 'no-access')).to.exist;
        expect(text(el)).to.contain('internal chat only');
        await expect(el).to.be.accessible();
      }
      const owner = user(m.person('owner').userId);
      const { id } = m.backend.engine.run(owner, 'billingTransfer.start', { orgId: m.state.orgId, toUserId: marco.userId });
      m.backend.engine.run(user(marco.userId), 'billingTransfer.accept', { orgId: m.state.orgId, transferId: id });

      const { el } = await mount('marco@acme-ai.test');
      const server = invoices();
      expect(numbers(el)).to.deep.equal(server.invoices.map((i) => i.number));
      const identity = squash(part(el, 'billing-identity')?.textContent);
      expect(identity).to.contain('billing@acme-ai.test').and.contain('CHE-123.456.789 MWST');
      expect(squash(part(el, 'identity-note')?.textContent)).to.contain(`As printed on the latest invoice, ${server.invoices[0]?.number ?? '?'}`);
      expect(part(el, 'settings-link'), 'a member cannot change them').to.equal(null);
      expect(all(el, '[part~="pay-button"]')).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('BILL-3 POL-BILLING-OWNER-ONLY the admin sees no-access; the owner still sees the invoices', async () => {
      await reset('standard-team', { billingOwnerOnly: true });
      const admin = await mount('admin');
      expect(part(admin.el, 'no-access')).to.exist;
      expect(rows(admin.el)).to.have.length(0);
      const owner = await mount('owner');
      expect(rows(owner.el)).to.have.length(invoices().total);
    });

    it('BILL-3 ROLE-7 a deactivated member sees "organization access blocked"', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const gone = m.backend.engine.query(SYSTEM, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
      const token = m.state.people.find((p) => p.userId === gone?.userId)?.token ?? '';
      const { el } = await mount('', { client: new OrgKitClient({ getAuthToken: () => token, maxRetries: 0 }) });
      expect(part(el, 'blocked')).to.exist;
      expect(text(el)).to.contain('Organization access blocked');
      expect(rows(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('BILL-4 paying an open invoice', () => {
    it('BILL-4 a renewal on a declined card leaves an open invoice shown as due; Pay now fails while the card declines and pays once it is fixed', async () => {
      const orgId = m.state.orgId;
      await m.control(`/orgs/${orgId}/card`, { card: { brand: 'visa', last4: '0002', outcome: 'decline' } }, 'PUT');
      await m.control('/clock', { to: 'period_end' });
      const open = invoices().invoices[0];
      if (!open) throw new Error('no renewal invoice');
      expect(open.status).to.equal('open');

      const { el } = await mount('owner');
      const row = rowOf(el, open.number);
      expect(squash(button(row, 'status-badge')?.textContent)).to.equal('Due');
      expect(squash(part(el, 'past-due')?.textContent)).to.contain(`Invoice ${open.number}`).and.contain('past due');
      const pay = button(row, 'pay-button') as HTMLButtonElement;
      expect(pay.getAttribute('aria-label')).to.equal(`Pay now: invoice ${open.number}`);
      expect(all(el, '[part~="pay-button"]'), 'only the open invoice').to.have.length(1);
      await expect(el).to.be.accessible();

      pay.click();
      const dialog = part<HTMLDialogElement>(el, 'pay-dialog') as HTMLDialogElement;
      await waitUntil(() => dialog.open, 'the confirmation opens');
      expect(squash(dialog.textContent)).to.contain('CHF 169.00').and.contain('VISA ending in 0002');
      expect(focused(el)?.id, 'Cancel has focus').to.equal('pay-cancel');
      await expect(el).to.be.accessible();
      const confirm = part<HTMLButtonElement>(el, 'confirm-button') as HTMLButtonElement;
      confirm.click();
      await waitUntil(() => squash(dialog.textContent).includes('The card ending in 0002 was declined. Nothing was charged.'), 'the decline, in the dialog');
      expect(invoices().invoices[0]?.status, 'nothing paid').to.equal('open');

      await m.control(`/orgs/${orgId}/card`, { card: { brand: 'visa', last4: '4242', outcome: 'succeed' } }, 'PUT');
      const paid = oneEvent(el, 'orgkit-invoice-paid');
      confirm.click();
      confirm.click(); // a double click pays once
      const event = await paid;
      expect(event.detail).to.include({ orgId, invoiceId: open.id, status: 'paid' });
      await waitUntil(() => !dialog.open, 'the dialog closes');
      await waitUntil(() => squash(button(rowOf(el, open.number), 'status-badge')?.textContent) === 'Paid', 'shown as paid after the refresh');
      expect(status(el)).to.equal(`Invoice ${open.number} is paid.`);
      expect(all(el, '[part~="pay-button"]')).to.have.length(0);
      expect(part(el, 'past-due')).to.equal(null);
      await waitUntil(() => focused(el) === button(rowOf(el, open.number), 'toggle'), 'focus goes to the invoice');

      // Server state: the invoice is paid, exactly once, and the subscription is no longer past due.
      expect(invoices().invoices[0]?.status).to.equal('paid');
      const payments = (await m.control(`/orgs/${orgId}/payments`, undefined, 'GET')) as { invoiceId: string; status: string }[];
      expect(payments.filter((p) => p.invoiceId === open.id && p.status === 'succeeded')).to.have.length(1);
      expect(m.backend.engine.query(SYSTEM, 'subscription.get', { orgId }).pastDue).to.equal(false);
    });

    it('BILL-4 the admin (plans.change) is offered Pay now too; the host may veto it (orgkit-invoice-pay-request) and nothing is charged', async () => {
      const orgId = m.state.orgId;
      await m.control(`/orgs/${orgId}/card`, { card: { brand: 'visa', last4: '0002', outcome: 'decline' } }, 'PUT');
      await m.control('/clock', { to: 'period_end' });
      await m.control(`/orgs/${orgId}/card`, { card: { brand: 'visa', last4: '4242', outcome: 'succeed' } }, 'PUT');
      const open = invoices().invoices[0];
      const { el } = await mount('admin');
      el.addEventListener('orgkit-invoice-pay-request', (e) => e.preventDefault(), { once: true });
      (button(rowOf(el, open?.number ?? '?'), 'pay-button') as HTMLButtonElement).click();
      await waitUntil(() => part<HTMLDialogElement>(el, 'pay-dialog')?.open, 'the confirmation opens');
      part<HTMLButtonElement>(el, 'confirm-button')?.click();
      await waitUntil(() => status(el) === 'The payment was stopped by the app. Nothing was charged.', 'said');
      expect(invoices().invoices[0]?.status).to.equal('open');
    });

    it('BILL-4 an open invoice whose payment is still being collected is shown as due, with no Pay now; who cannot pay never sees Pay now', async () => {
      const orgId = m.state.orgId;
      await m.control(`/orgs/${orgId}/card`, { card: { brand: 'visa', last4: '4000', outcome: 'pending' } }, 'PUT');
      buyPackage('pending-package');
      const open = invoices().invoices[0];
      expect(open?.status).to.equal('open');
      const { el } = await mount('owner');
      expect(squash(button(rowOf(el, open?.number ?? '?'), 'status-badge')?.textContent)).to.equal('Due');
      expect(all(el, '[part~="pay-button"]'), 'the server would refuse it (payment pending)').to.have.length(0);
      expect(part(el, 'past-due')).to.equal(null);

      // The billing-role holder who is a builder sees a past-due invoice as due, but may not pay it (no plans.change).
      await m.control(`/orgs/${orgId}/card`, { card: { brand: 'visa', last4: '0002', outcome: 'decline' } }, 'PUT');
      await m.control('/clock', { to: 'period_end' });
      const bea = m.person('builder');
      const { id } = m.backend.engine.run(user(m.person('owner').userId), 'billingTransfer.start', { orgId, toUserId: bea.userId });
      m.backend.engine.run(user(bea.userId), 'billingTransfer.accept', { orgId, transferId: id });
      const renewal = invoices().invoices[0];
      expect(renewal?.status).to.equal('open');
      const holder = await mount('builder');
      expect(squash(button(rowOf(holder.el, renewal?.number ?? '?'), 'status-badge')?.textContent)).to.equal('Due');
      expect(all(holder.el, '[part~="pay-button"]')).to.have.length(0);
      expect(part(holder.el, 'past-due')).to.equal(null);
    });

    it('POL-SEAT-BILLING the renewal invoice shows its seat line (seat-days, prorated amount)', async () => {
      await reset('standard-team', { seatBilling: true });
      await m.control('/clock', { to: 'period_end' });
      const renewal = invoices().invoices[0];
      const seat = renewal?.lines.find((l) => l.description.startsWith('Seats'));
      if (!renewal || !seat) throw new Error('the renewal has no seat line');
      const { el } = await mount('owner');
      (button(rowOf(el, renewal.number), 'toggle') as HTMLButtonElement).click();
      await el.updateComplete;
      const lines = all(el, '[part~="lines"] tbody tr').map((r) => [...r.querySelectorAll('td')].map((td) => squash(td.textContent)));
      const shown = lines.find((cells) => cells[0] === seat.description);
      expect(shown, 'the seat line is listed').to.exist;
      expect(shown?.[1]).to.equal(new Intl.NumberFormat('en-US').format(seat.quantity));
      const money = (minor: number) => squash(new Intl.NumberFormat('en-US', { style: 'currency', currency: renewal.currency }).format(minor / 100));
      expect(shown?.[3]).to.equal(money(seat.amount));
      expect(squash(q(el, '[part~="lines"] tfoot')?.textContent)).to.contain(money(renewal.amount));
    });
  });

  describe('paging and states', () => {
    it('BILL-1 paging: more than 20 invoices load 20 at a time; Load more keeps what is shown and the scroll position, by keyboard', async () => {
      for (let i = 0; i < 18; i += 1) buyPackage(`paging-${String(i)}`);
      const server = invoices();
      expect(server.total).to.be.greaterThan(20);
      const { el, provider } = await mount('owner');
      expect(rows(el)).to.have.length(20);
      expect(numbers(el)).to.deep.equal(server.invoices.slice(0, 20).map((i) => i.number));
      expect(squash(part(el, 'count')?.textContent)).to.equal(`Showing 20 of ${String(server.total)}`);
      const viewport = part(el, 'table-scroll') as HTMLElement;
      expect(viewport.scrollHeight > viewport.clientHeight, 'the table scrolls').to.equal(true);
      viewport.scrollTop = 240;
      const more = part<HTMLButtonElement>(el, 'more-button') as HTMLButtonElement;
      more.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => rows(el).length === server.total, 'the next page is added');
      expect(numbers(el)).to.deep.equal(server.invoices.map((i) => i.number));
      expect(viewport.scrollTop, 'the scroll position is kept').to.equal(240);
      expect(part(el, 'more-button'), 'nothing more to load').to.equal(null);
      await waitUntil(() => focused(el) === button(rowOf(el, server.invoices[20]?.number ?? '?'), 'toggle'), 'focus on the first new invoice');
      await waitUntil(() => status(el) === `Showing ${String(server.total)} of ${String(server.total)} invoices.`, 'announced');
      await expect(el).to.be.accessible();

      // A refresh (e.g. after a change elsewhere) keeps everything that was shown.
      provider.refresh();
      await new Promise((r) => setTimeout(r, 300));
      await waitUntil(() => rows(el).length === server.total, 'still all shown');
    });

    it('a failed Load more keeps what is shown and offers Retry', async () => {
      for (let i = 0; i < 18; i += 1) buyPackage(`retry-${String(i)}`);
      const { el } = await mount('owner');
      m.backend.faults.failNext = 1;
      part<HTMLButtonElement>(el, 'more-button')?.click();
      await waitUntil(() => part(el, 'more-error'), 'the error is shown');
      expect(rows(el)).to.have.length(20);
      expect(squash(part(el, 'more-error')?.textContent)).to.contain('The server had a problem. Please retry.');
      q<HTMLButtonElement>(el, '[part~="more-error"] [part~="retry-button"]')?.click();
      await waitUntil(() => rows(el).length === invoices().total && !part(el, 'more-error'), 'Retry loads the page');
    });

    it('empty: a Free organization with no invoices yet says so', async () => {
      m.stop();
      m = await mock('fresh-free');
      const { el } = await mount('owner');
      expect(part(el, 'empty')).to.exist;
      expect(text(el)).to.contain('No invoices yet');
      expect(rows(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('loading is announced (aria-busy); a failed load shows the message table text with Retry, and Retry recovers', async () => {
      m.backend.faults.latencyMs = 400;
      const root = await fixture<HTMLDivElement>(html`<div><org-provider .client=${m.clientFor('owner')}><invoice-list></invoice-list></org-provider></div>`);
      const el = root.querySelector('invoice-list') as InvoiceList;
      await waitUntil(() => q(el, '[part~="loading"][aria-busy="true"]'), 'a busy loading state');
      await expect(el).to.be.accessible();
      await waitUntil(() => rows(el).length > 0, 'loaded', { timeout: 8_000 });
      m.backend.faults.latencyMs = 0;

      m.backend.faults.failNext = 1;
      const { el: failed } = await mount('owner');
      await waitUntil(() => part(failed, 'error'), 'the error state');
      expect(squash(part(failed, 'error')?.textContent)).to.contain('The server had a problem. Please retry.');
      await expect(failed).to.be.accessible();
      part<HTMLButtonElement>(failed, 'retry-button')?.click();
      await waitUntil(() => rows(failed).length > 0, 'Retry loads the invoices');
    });

    it('German: labels, statuses and amounts follow the locale', async () => {
      const { el } = await mount('owner', { lang: 'de' });
      const newest = invoices().invoices[0];
      const row = rowOf(el, newest?.number ?? '?');
      expect(text(el)).to.contain('Rechnungen').and.contain('Rechnungsangaben auf künftigen Rechnungen');
      expect(squash(button(row, 'status-badge')?.textContent)).to.equal('Bezahlt');
      expect(squash(row?.querySelector('[data-field="amount"]')?.textContent)).to.equal(
        squash(new Intl.NumberFormat('de-CH', { style: 'currency', currency: 'CHF' }).format((newest?.amount ?? 0) / 100)),
      );
      expect(button(row, 'view-button')?.getAttribute('aria-label')).to.equal(`Rechnung ${newest?.number ?? '?'} ansehen`);
    });
  });
});
