import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { BillingIdentity, Currency, Invoice } from '@orgkit/contract';
import { OrgKitElement } from './base.js';
import type { OrgKitEventDetails } from './events.js';
import { Loader } from './loader.js';
import { shared, tokens } from './styles.js';
import { invoiceStyles } from './invoice-list/styles.js';
import { registerMessages } from './messages.js';
import { invoiceListMessages } from './invoice-list/messages.js';

registerMessages(invoiceListMessages);

declare module './events.js' {
  interface OrgKitEventDetails {
    'orgkit-invoice-pay-request': { orgId: string; invoiceId: string; number: string; amount: number; currency: Currency };
    'orgkit-invoice-paid': { orgId: string; invoiceId: string; paymentId: string; status: 'paid' | 'pending' };
  }
}

/** Invoices per request (the API's default page). */
const PAGE_SIZE = 20;

type InvoiceLine = Invoice['lines'][number];

interface InvoicesData {
  /** Newest first: the first page, or as many pages as were shown before a refresh. */
  invoices: Invoice[];
  nextCursor: string | null;
  total: number;
  /**
   * The billing identity future invoices will carry (BILL-2), from the organization's settings — `undefined` when
   * the caller may not read the settings (then the newest invoice's `billTo` is shown, with a note).
   */
  identity: BillingIdentity | null | undefined;
  /** For those who may pay an invoice (`plans.change`): whether the subscription is past due, and the saved card. */
  billing: { pastDue: boolean; card: { brand: string; last4: string } | null } | null;
}

/** Pages loaded with "Load more" on top of a loaded value (dropped when that value is replaced). */
interface More {
  base: InvoicesData;
  invoices: Invoice[];
  nextCursor: string | null;
  total: number;
}

interface ViewState {
  invoice: Invoice;
  url: string | null;
  /** The page could not be loaded. */
  error: string | null;
  /** The PDF (from the dialog's button) could not be downloaded. */
  downloadError: string | null;
}

interface PayState {
  invoice: Invoice;
  /** One idempotency key per intent (this dialog): a double click or a retry can never pay twice. */
  key: string;
  error: string | null;
}

/** A download's file name: the invoice number, with nothing a file system could trip over. */
export function invoiceFileName(number: string, ext: string): string {
  const base = number.replace(/[^\w.-]+/g, '_').replace(/^[.]+/, '') || 'invoice';
  return `${base}.${ext}`;
}

function mergeUnique(a: readonly Invoice[], b: readonly Invoice[]): Invoice[] {
  const seen = new Set(a.map((i) => i.id));
  return [...a, ...b.filter((i) => !seen.has(i.id))];
}

/**
 * The organization's invoices (BILL-1 … BILL-4), newest first: number, date, amount in the invoice's currency and
 * status, with a PDF download and a view of each; a row expands to its items (seat lines under POL-SEAT-BILLING)
 * and the billing details it was issued to. Above the table, the billing email and tax ID as they will appear on
 * future invoices. Long histories page with "Load more". A past-due invoice can be paid with the saved card.
 *
 * Shown to whoever holds `invoices.read` — owners and admins, and the billing-role holder whatever their role
 * (BR-2); only the owner and the holder under POL-BILLING-OWNER-ONLY. Others see the no-access state, deactivated
 * members the blocked state. "Pay now" needs `plans.change`.
 *
 * Documents are fetched through the client (with the caller's credentials): the PDF is saved under the invoice
 * number, and the view is the server's HTML shown in a sandboxed frame (no scripts, its own origin) — never put
 * into this element's DOM.
 *
 * @tag invoice-list
 * @summary Invoices: PDF and view, items, billing details on future invoices, paging, paying a past-due invoice.
 *
 * @attr page-size - Invoices per page (1–100, default 20).
 * @attr billing-settings-href - Where the billing details are changed (e.g. a page with <org-settings>); linked
 *   for those who may edit the settings.
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 *
 * @fires orgkit-invoice-pay-request - Cancelable, before an invoice is paid (`detail: { orgId, invoiceId, number,
 *   amount, currency }`); `preventDefault()` vetoes it.
 * @fires orgkit-invoice-paid - An open invoice was paid with the saved card (`detail: { orgId, invoiceId,
 *   paymentId, status }`; `status` is `pending` while the payment is still being collected).
 * @fires orgkit-changed - Beside `orgkit-invoice-paid`: the provider refreshes every element.
 *
 * @slot heading - Replaces the "Invoices" heading.
 * @slot empty - Replaces the text shown when there are no invoices yet.
 * @slot no-access - Replaces the text shown to someone whose role does not include invoices.
 *
 * @csspart status - The live region announcing results ("Invoice … is paid.").
 * @csspart header - The heading and the count.
 * @csspart count - "Showing 20 of 45".
 * @csspart past-due - The notice about a past-due invoice (for those who may pay it).
 * @csspart billing-identity - The billing details future invoices will carry.
 * @csspart identity-note - Where those details come from, when not from the settings.
 * @csspart settings-link - The link to change the billing details.
 * @csspart action-error - A failed download or view.
 * @csspart table-scroll - The scroll container of the table (max height `--orgkit-invoices-max-height`).
 * @csspart table - The invoice table.
 * @csspart row - An invoice row (also `row-paid`, `row-open` or `row-void`).
 * @csspart toggle - The invoice number, which expands the row.
 * @csspart status-badge - An invoice's status (paid, due, void, processing).
 * @csspart pdf-button - Downloads the PDF.
 * @csspart view-button - Opens the view dialog.
 * @csspart pay-button - Pays a past-due invoice (opens a confirmation).
 * @csspart details - An expanded row: items and the billing details as printed.
 * @csspart lines - The items table.
 * @csspart bill-to - The billing details the invoice was issued to.
 * @csspart footer - The count and "Load more".
 * @csspart more-button - Loads the next page.
 * @csspart more-error - A failed "Load more", with `retry-button`.
 * @csspart empty - The empty state.
 * @csspart view-dialog - The view dialog (native `<dialog>`).
 * @csspart view-frame - The sandboxed frame showing the invoice page.
 * @csspart pay-dialog - The payment confirmation dialog.
 * @csspart confirm-button - The payment dialog's Pay button.
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - The loading state.
 * @csspart error - The error state, with `retry-button`.
 *
 * @cssprop --orgkit-invoices-max-height - The table's maximum height before it scrolls (default 560px).
 * @cssprop --orgkit-color-accent - Buttons and focus ring.
 * @cssprop --orgkit-color-warning - Due invoices and the past-due notice.
 * @cssprop --orgkit-color-ok - Paid badges and results.
 * @cssprop --orgkit-color-danger - Errors.
 * @cssprop --orgkit-color-background - Background.
 * @cssprop --orgkit-color-surface - Table header, expanded rows and notices.
 * @cssprop --orgkit-color-text - Text.
 * @cssprop --orgkit-color-muted - Secondary text.
 * @cssprop --orgkit-color-border - Borders.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-font-family - Font.
 */
export class InvoiceList extends OrgKitElement {
  static override styles = [tokens, shared, invoiceStyles];

  /** Invoices per page (1–100). */
  @property({ attribute: 'page-size', type: Number }) pageSize = PAGE_SIZE;
  /** Where the billing details are changed; linked for those who may edit the settings. */
  @property({ attribute: 'billing-settings-href' }) billingSettingsHref?: string;

  /** The one async-state controller: loading, error with Retry, no-access (invoices.read), blocked. @internal */
  readonly loader = new Loader<InvoicesData>(this, {
    capability: 'invoices.read',
    isEmpty: (v) => v.total === 0 && v.invoices.length === 0,
    load: async ({ client, orgId, signal }) => {
      const size = this.size;
      // A refresh (after a payment, or any change elsewhere) shows as many invoices as were shown before.
      const want = Math.max(size, this.wanted);
      const [first, settings, subscription] = await Promise.all([
        client.invoices.list(orgId, { limit: size }, { signal }),
        this.can('settings.read') ? client.orgs.settings(orgId, { signal }) : Promise.resolve(null),
        this.can('plans.change') && this.can('billing.summary') ? client.subscription.get(orgId, { signal }) : Promise.resolve(null),
      ]);
      let invoices = first.invoices;
      let cursor = first.nextCursor;
      while (cursor && invoices.length < want) {
        const page = await client.invoices.list(orgId, { limit: size, cursor }, { signal });
        invoices = mergeUnique(invoices, page.invoices);
        cursor = page.nextCursor;
      }
      return {
        invoices,
        nextCursor: cursor,
        total: first.total,
        identity: settings ? settings.billingIdentity : undefined,
        billing: subscription ? { pastDue: subscription.pastDue, card: subscription.paymentMethod } : null,
      };
    },
  });

  /** The last result, read out by the live region. */
  @state() private announcement = '';
  @state() private actionError: string | null = null;
  @state() private expanded: ReadonlySet<string> = new Set();
  @state() private downloading: ReadonlySet<string> = new Set();
  /** Invoices paid here whose payment is still being collected: no second "Pay now". */
  @state() private processing: ReadonlySet<string> = new Set();
  @state() private more: More | null = null;
  @state() private moreBusy = false;
  @state() private moreError: string | null = null;
  @state() private view: ViewState | null = null;
  @state() private pay: PayState | null = null;
  @state() private paying = false;

  /** How many invoices were shown (a refresh loads as many again). */
  private wanted = 0;
  private lastOrgId: string | null = null;
  private returnFocus: HTMLElement | null = null;
  private pendingFocus: { selector: string; until: number } | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.view?.url) URL.revokeObjectURL(this.view.url);
  }

  private get size(): number {
    const n = Math.floor(Number(this.pageSize));
    return Number.isFinite(n) ? Math.min(100, Math.max(1, n)) : PAGE_SIZE;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const orgId = this.ctx?.orgId ?? null;
    if (orgId !== this.lastOrgId) {
      // Another organization: nothing said or opened about the previous one applies.
      if (this.lastOrgId !== null) {
        this.wanted = 0;
        this.more = null;
        this.moreError = null;
        this.expanded = new Set();
        this.processing = new Set();
        this.actionError = null;
        this.announcement = '';
        this.closeDialog('#view-dialog');
        this.closeDialog('#pay-dialog');
      }
      this.lastOrgId = orgId;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.pendingFocus) {
      if (Date.now() > this.pendingFocus.until) this.pendingFocus = null;
      else {
        const target = this.$(this.pendingFocus.selector);
        if (target) {
          this.pendingFocus = null;
          target.focus({ preventScroll: true });
        }
      }
    }
  }

  // — helpers —


  private announce(text: string): void {
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private focusLater(selector: string): void {
    this.pendingFocus = { selector, until: Date.now() + 5_000 };
    this.requestUpdate();
  }

  private closeDialog(selector: string): void {
    const dialog = this.$<HTMLDialogElement>(selector);
    if (dialog?.open) dialog.close();
  }

  /** What is shown: the loaded invoices and any pages loaded on top of them. */
  private shown(data: InvoicesData): { invoices: Invoice[]; nextCursor: string | null; total: number } {
    const more = this.more?.base === data ? this.more : null;
    return more
      ? { invoices: mergeUnique(data.invoices, more.invoices), nextCursor: more.nextCursor, total: more.total }
      : { invoices: data.invoices, nextCursor: data.nextCursor, total: data.total };
  }

  /** BILL-4: an open invoice of a past-due subscription, for those who may pay, not already being paid. */
  private payable(inv: Invoice, data: InvoicesData): boolean {
    return inv.status === 'open' && this.can('plans.change') && !!data.billing?.pastDue && !!data.billing.card && !this.processing.has(inv.id);
  }

  private country(code: string): string {
    try {
      return new Intl.DisplayNames([this.uiLocale === 'de' ? 'de-CH' : 'en-US'], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  }

  // — render —

  protected override render() {
    return html`
      <div part="status" class="status ${this.announcement ? 'notice ok' : ''}" role="status" aria-live="polite">${this.announcement}</div>
      ${this.loader.render({ complete: (data) => this.renderData(data), empty: () => this.renderEmpty() })}
      ${this.renderViewDialog()} ${this.renderPayDialog()}
    `;
  }

  private renderHeading(count: TemplateResult | typeof nothing): TemplateResult {
    return html`<header part="header" class="head">
      <slot name="heading"><h2 id="title" tabindex="-1">${this.t('invoices.title')}</h2></slot>
      ${count}
    </header>`;
  }

  private renderEmpty(): TemplateResult {
    const data = this.loader.value;
    return html`${this.renderHeading(nothing)}
      <div part="empty" class="notice block">
        <slot name="empty"><strong>${this.t('invoices.empty.title')}</strong><p>${this.t('invoices.empty.body')}</p></slot>
      </div>
      ${data ? this.renderIdentity(data, []) : nothing}`;
  }

  private renderData(data: InvoicesData): TemplateResult {
    const { invoices, nextCursor, total } = this.shown(data);
    const count = this.t('invoices.shown', { shown: this.num(invoices.length), total: this.num(total) });
    return html`
      ${this.renderHeading(html`<span part="count" class="count">${count}</span>`)}
      ${this.renderPastDue(data, invoices)}
      ${this.renderIdentity(data, invoices)}
      ${this.actionError
        ? html`<div part="action-error" class="notice error block" role="alert">
            <p>${this.actionError}</p>
            <div class="row"><button class="link" @click=${() => (this.actionError = null)}>${this.t('common.close')}</button></div>
          </div>`
        : nothing}
      ${this.renderTable(data, invoices)}
      ${nextCursor
        ? html`<div part="footer" class="footer">
            <span class="muted">${count}</span>
            <button part="more-button" aria-disabled=${this.moreBusy ? 'true' : 'false'} aria-busy=${this.moreBusy ? 'true' : 'false'} @click=${() => this.loadMore(data)}>
              ${this.moreBusy ? this.t('invoices.moreLoading') : this.t('invoices.more')}
            </button>
          </div>`
        : nothing}
      ${this.moreError
        ? html`<div part="more-error" class="notice error more-error" role="alert">
            <p>${this.moreError}</p>
            <div class="row"><button part="retry-button" @click=${() => this.loadMore(data)}>${this.t('state.retry')}</button></div>
          </div>`
        : nothing}
    `;
  }

  /** BILL-4: the past-due invoice, said once above the table to those who can pay it. */
  private renderPastDue(data: InvoicesData, invoices: Invoice[]): TemplateResult | typeof nothing {
    if (!data.billing?.pastDue || !this.can('plans.change')) return nothing;
    const due = invoices.find((i) => i.status === 'open' && !this.processing.has(i.id));
    if (!due) return nothing;
    return html`<div part="past-due" class="notice warn block">
      <p><strong>${this.t('invoices.pay.pastDue', { number: due.number, amount: this.money(due.amount, due.currency) })}</strong></p>
      <p>${data.billing.card
        ? this.t('invoices.pay.pastDueHint', { brand: data.billing.card.brand.toUpperCase(), last4: data.billing.card.last4 })
        : this.t('invoices.pay.noCard')}</p>
    </div>`;
  }

  /** BILL-2 / ORG-5: the billing email and tax ID as they will appear on future invoices. */
  private renderIdentity(data: InvoicesData, invoices: Invoice[]): TemplateResult | typeof nothing {
    let body: TemplateResult;
    let note: TemplateResult | typeof nothing = nothing;
    if (data.identity !== undefined) {
      body = data.identity ? this.renderBillTo(data.identity) : html`<p class="muted">${this.t('invoices.identity.none')}</p>`;
    } else {
      const newest = invoices[0];
      if (!newest) return nothing;
      body = newest.billTo ? this.renderBillTo(newest.billTo) : html`<p class="muted">${this.t('invoices.identity.noneOnInvoice')}</p>`;
      if (newest.billTo) {
        note = html`<p part="identity-note" class="hint note">
          ${this.t('invoices.identity.fromInvoice', { number: newest.number, date: this.date(newest.createdAt) })}
        </p>`;
      }
    }
    const link =
      this.billingSettingsHref && this.can('settings.edit')
        ? html`<p class="note"><a part="settings-link" href=${this.billingSettingsHref}>${this.t('invoices.identity.change')}</a></p>`
        : nothing;
    return html`<section part="billing-identity" class="identity block" aria-labelledby="identity-title">
      <h3 id="identity-title">${this.t('invoices.identity.title')}</h3>
      ${body} ${note} ${link}
    </section>`;
  }

  /** A billing identity as it is printed: the postal block, then the billing email and the tax ID. */
  private renderBillTo(b: BillingIdentity): TemplateResult {
    return html`<div class="identity-body">
      <div class="postal">
        <div class="name">${b.name}</div>
        <div>${b.address}</div>
        <div>${b.postalCode} ${b.city}</div>
        <div>${this.country(b.country)}</div>
      </div>
      <dl class="facts">
        <dt>${this.t('invoices.identity.email')}</dt>
        <dd data-field="email">${b.email}</dd>
        <dt>${this.t('invoices.identity.taxId')}</dt>
        <dd data-field="taxId">${b.taxId ?? html`<span class="muted">${this.t('invoices.identity.noTaxId')}</span>`}</dd>
      </dl>
    </div>`;
  }

  private renderTable(data: InvoicesData, invoices: Invoice[]): TemplateResult {
    return html`<div part="table-scroll" class="viewport block" role="region" aria-labelledby="title" tabindex="0">
      <table part="table" class="invoices">
        <caption class="sr-only">${this.t('invoices.caption', { org: this.ctx?.membership?.name ?? '' })}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('invoices.col.number')}</th>
            <th scope="col">${this.t('invoices.col.date')}</th>
            <th scope="col" class="num">${this.t('invoices.col.amount')}</th>
            <th scope="col">${this.t('invoices.col.status')}</th>
            <th scope="col" class="actions"><span class="sr-only">${this.t('invoices.col.actions')}</span></th>
          </tr>
        </thead>
        ${repeat(invoices, (i) => i.id, (i) => this.renderInvoice(i, data))}
      </table>
    </div>`;
  }

  private renderInvoice(inv: Invoice, data: InvoicesData): TemplateResult {
    const open = this.expanded.has(inv.id);
    const processing = inv.status === 'open' && this.processing.has(inv.id);
    const badge =
      processing
        ? html`<span part="status-badge" class="badge accent">${this.t('invoices.status.processing')}</span>`
        : html`<span part="status-badge" class="badge ${inv.status === 'paid' ? 'ok' : inv.status === 'open' ? 'warn' : ''}">${this.t(`invoices.status.${inv.status}`)}</span>`;
    const busy = this.downloading.has(inv.id);
    const detailsId = `details-${inv.id}`;
    return html`<tbody data-invoice-id=${inv.id}>
      <tr part="row row-${inv.status}" class="invoice ${inv.status}">
        <th scope="row">
          <button
            part="toggle"
            class="disclosure"
            aria-expanded=${open ? 'true' : 'false'}
            aria-controls=${open ? detailsId : nothing}
            title=${this.t('invoices.details.show', { number: inv.number })}
            @click=${() => this.toggle(inv.id)}
          ><span class="chevron" aria-hidden="true">▸</span>${inv.number}</button>
        </th>
        <td>${this.date(inv.createdAt)}</td>
        <td class="num" data-field="amount">${this.money(inv.amount, inv.currency)}</td>
        <td>${badge}</td>
        <td class="actions">
          <div class="row">
            <button part="pdf-button" aria-label=${this.t('invoices.pdfLabel', { number: inv.number })} aria-disabled=${busy ? 'true' : 'false'} aria-busy=${busy ? 'true' : 'false'} @click=${() => this.downloadPdf(inv)}>
              ${busy ? this.t('invoices.downloading') : this.t('invoices.pdf')}
            </button>
            <button part="view-button" aria-haspopup="dialog" aria-label=${this.t('invoices.viewLabel', { number: inv.number })} @click=${(e: Event) => this.openView(e, inv)}>
              ${this.t('invoices.view')}
            </button>
            ${this.payable(inv, data)
              ? html`<button part="pay-button" class="primary" aria-haspopup="dialog" aria-label=${this.t('invoices.payLabel', { number: inv.number })} @click=${(e: Event) => this.openPay(e, inv)}>
                  ${this.t('invoices.pay')}
                </button>`
              : nothing}
          </div>
        </td>
      </tr>
      ${open
        ? html`<tr part="details" class="details" id=${detailsId}>
            <td colspan="5">${this.renderDetails(inv)}</td>
          </tr>`
        : nothing}
    </tbody>`;
  }

  /** The items (seat lines under POL-SEAT-BILLING) and the billing details as printed on this invoice. */
  private renderDetails(inv: Invoice): TemplateResult {
    const money = (minor: number) => this.money(minor, inv.currency);
    const line = (l: InvoiceLine) => html`<tr>
      <td class="desc">${l.description}</td>
      <td class="num">${this.num(l.quantity)}</td>
      <td class="num">${money(l.unitAmount)}</td>
      <td class="num">${money(l.amount)}</td>
    </tr>`;
    return html`<div class="details-grid">
      <div>
        <h3 id="lines-${inv.id}">${this.t('invoices.details.lines')}</h3>
        ${inv.lines.length === 0
          ? html`<p class="muted">${this.t('invoices.details.noLines')}</p>`
          : html`<table part="lines" class="lines" aria-labelledby="lines-${inv.id}">
              <thead>
                <tr>
                  <th scope="col">${this.t('invoices.details.description')}</th>
                  <th scope="col" class="num">${this.t('invoices.details.quantity')}</th>
                  <th scope="col" class="num">${this.t('invoices.details.unit')}</th>
                  <th scope="col" class="num">${this.t('invoices.details.amount')}</th>
                </tr>
              </thead>
              <tbody>${inv.lines.map(line)}</tbody>
              <tfoot>
                <tr><th scope="row" colspan="3">${this.t('invoices.details.total')}</th><td class="num">${money(inv.amount)}</td></tr>
              </tfoot>
            </table>`}
      </div>
      <section part="bill-to" aria-labelledby="billto-${inv.id}">
        <h3 id="billto-${inv.id}">${this.t('invoices.details.billTo')}</h3>
        ${inv.billTo ? this.renderBillTo(inv.billTo) : html`<p class="muted">${this.t('invoices.details.noBillTo')}</p>`}
      </section>
    </div>`;
  }

  private renderViewDialog(): TemplateResult {
    const v = this.view;
    const number = v?.invoice.number ?? '';
    return html`<dialog id="view-dialog" class="view" part="view-dialog" aria-labelledby="view-title" @close=${this.onViewClosed}>
      ${v
        ? html`<div class="spread">
              <h2 id="view-title">${this.t('invoices.viewTitle', { number })}</h2>
              <div class="row">
                <button part="pdf-button" aria-label=${this.t('invoices.pdfLabel', { number })} @click=${() => this.downloadPdf(v.invoice)}>${this.t('invoices.pdf')}</button>
                <button id="view-close" @click=${() => this.closeDialog('#view-dialog')}>${this.t('common.close')}</button>
              </div>
            </div>
            <p class="hint">${this.t('invoices.viewHint')}</p>
            ${v.downloadError ? html`<div class="notice error dialog-error" role="alert"><p>${v.downloadError}</p></div>` : nothing}
            ${v.error
              ? html`<div class="notice error dialog-error" role="alert"><p>${v.error}</p></div>`
              : v.url
                ? html`<div class="frame-wrap">
                    <iframe part="view-frame" sandbox="" referrerpolicy="no-referrer" src=${v.url} title=${this.t('invoices.viewFrame', { number })}></iframe>
                  </div>`
                : this.renderLoading()}`
        : nothing}
    </dialog>`;
  }

  private renderPayDialog(): TemplateResult {
    const p = this.pay;
    const card = this.loader.value?.billing?.card;
    const amount = p ? this.money(p.invoice.amount, p.invoice.currency) : '';
    return html`<dialog id="pay-dialog" part="pay-dialog" aria-labelledby="pay-title" aria-describedby="pay-body" @close=${this.onPayClosed}>
      ${p
        ? html`<h2 id="pay-title">${this.t('invoices.pay.title', { number: p.invoice.number })}</h2>
            <p id="pay-body">${card ? this.t('invoices.pay.body', { amount, brand: card.brand.toUpperCase(), last4: card.last4 }) : this.t('invoices.pay.noCard')}</p>
            <div class="dialog-error" role="alert">${p.error ? html`<p class="field-error">${p.error}</p>` : nothing}</div>
            <div class="actions">
              <button id="pay-cancel" @click=${() => this.closeDialog('#pay-dialog')}>${this.t('common.cancel')}</button>
              <button part="confirm-button" class="primary" aria-disabled=${this.paying ? 'true' : 'false'} @click=${this.runPay}>
                ${this.paying ? this.t('invoices.pay.paying') : this.t('invoices.pay.confirm', { amount })}
              </button>
            </div>`
        : nothing}
    </dialog>`;
  }

  // — actions —

  private toggle(id: string): void {
    const next = new Set(this.expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.expanded = next;
  }

  /** BILL-1: the PDF through the client (the caller's credentials), saved under the invoice number. */
  private async downloadPdf(inv: Invoice): Promise<void> {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client || this.downloading.has(inv.id)) return;
    this.downloading = new Set([...this.downloading, inv.id]);
    this.actionError = null;
    if (this.view) this.view = { ...this.view, downloadError: null };
    try {
      const blob = await client.invoices.download(orgId, inv.id, 'pdf');
      const file = invoiceFileName(inv.number, 'pdf');
      const url = URL.createObjectURL(blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      a.rel = 'noopener';
      a.hidden = true;
      this.renderRoot.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.announce(this.t('invoices.downloaded', { number: inv.number, file }));
    } catch (error) {
      const text = this.errorText(error);
      if (this.view) this.view = { ...this.view, downloadError: text };
      else this.actionError = text;
    } finally {
      const next = new Set(this.downloading);
      next.delete(inv.id);
      this.downloading = next;
    }
  }

  /** BILL-1: the server's page in a sandboxed frame (no scripts, an opaque origin), from a blob URL. */
  private async openView(e: Event, inv: Invoice): Promise<void> {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client) return;
    this.returnFocus = e.currentTarget as HTMLElement;
    this.actionError = null;
    this.view = { invoice: inv, url: null, error: null, downloadError: null };
    await this.updateComplete;
    const dialog = this.$<HTMLDialogElement>('#view-dialog');
    if (dialog && !dialog.open) dialog.showModal();
    this.$('#view-close')?.focus();
    try {
      const blob = await client.invoices.download(orgId, inv.id, 'view');
      if (this.view?.invoice.id !== inv.id || this.view.url) return; // closed, or another one opened
      this.view = { ...this.view, url: URL.createObjectURL(blob) };
    } catch (error) {
      if (this.view?.invoice.id === inv.id) this.view = { ...this.view, error: this.errorText(error) };
    }
  }

  private onViewClosed = (e: Event): void => {
    if ((e.currentTarget as HTMLDialogElement).open) return; // a late close event after it was opened again
    if (this.view?.url) URL.revokeObjectURL(this.view.url);
    this.view = null;
    this.restoreFocus();
  };

  private async openPay(e: Event, inv: Invoice): Promise<void> {
    this.returnFocus = e.currentTarget as HTMLElement;
    this.actionError = null;
    this.pay = { invoice: inv, key: crypto.randomUUID(), error: null };
    await this.updateComplete;
    const dialog = this.$<HTMLDialogElement>('#pay-dialog');
    if (dialog && !dialog.open) dialog.showModal();
    // The safe choice has focus: Enter never pays by accident.
    this.$('#pay-cancel')?.focus();
  }

  private onPayClosed = (e: Event): void => {
    if ((e.currentTarget as HTMLDialogElement).open) return;
    this.pay = null;
    this.restoreFocus();
  };

  /** BILL-4: pay the open invoice with the saved card, with the intent's idempotency key (kept across retries). */
  private runPay = async (): Promise<void> => {
    const p = this.pay;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!p || !client || this.paying) return;
    const inv = p.invoice;
    if (!this.request('orgkit-invoice-pay-request', { orgId, invoiceId: inv.id, number: inv.number, amount: inv.amount, currency: inv.currency })) {
      this.closeDialog('#pay-dialog');
      this.announce(this.t('invoices.pay.vetoed'));
      return;
    }
    this.paying = true;
    this.pay = { ...p, error: null };
    try {
      const result = await client.invoices.pay(orgId, inv.id, { idempotencyKey: p.key });
      if (result.status === 'pending') this.processing = new Set([...this.processing, inv.id]);
      this.returnFocus = null; // the Pay button is gone: focus goes to the invoice
      this.focusLater(`tbody[data-invoice-id="${CSS.escape(inv.id)}"] [part~="toggle"]`);
      this.closeDialog('#pay-dialog');
      this.announce(this.t(result.status === 'paid' ? 'invoices.pay.paid' : 'invoices.pay.pending', { number: inv.number }));
      this.emitChange('orgkit-invoice-paid', { orgId, invoiceId: inv.id, paymentId: result.paymentId, status: result.status }, () => this.loader.reload());
    } catch (error) {
      // Shown in the dialog; the key stays, so a retry (e.g. after the card was fixed) is the same intent.
      if (this.pay) this.pay = { ...this.pay, error: this.errorText(error) };
    } finally {
      this.paying = false;
    }
  };

  /** Paging: the next page is added below what is shown; the scroll position stays, focus goes to the first new invoice. */
  private async loadMore(data: InvoicesData): Promise<void> {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client || this.moreBusy) return;
    const before = this.shown(data);
    if (!before.nextCursor) return;
    this.moreBusy = true;
    this.moreError = null;
    try {
      const page = await client.invoices.list(orgId, { limit: this.size, cursor: before.nextCursor });
      if (this.loader.value !== data || this.orgId !== orgId) return; // refreshed meanwhile: that shows the list anew
      const previous = this.more?.base === data ? this.more.invoices : [];
      this.more = { base: data, invoices: mergeUnique(previous, page.invoices), nextCursor: page.nextCursor, total: page.total };
      const after = this.shown(data);
      this.wanted = after.invoices.length;
      const first = after.invoices[before.invoices.length];
      if (first) this.focusLater(`tbody[data-invoice-id="${CSS.escape(first.id)}"] [part~="toggle"]`);
      this.announce(this.t('invoices.moreLoaded', { shown: this.num(after.invoices.length), total: this.num(after.total) }));
    } catch (error) {
      this.moreError = this.errorText(error);
    } finally {
      this.moreBusy = false;
    }
  }

  private restoreFocus(): void {
    const target = this.returnFocus;
    this.returnFocus = null;
    if (target?.isConnected) target.focus();
    else if (!this.pendingFocus && !this.shadowRoot?.activeElement) this.$('#title')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'invoice-list': InvoiceList;
  }
  interface GlobalEventHandlersEventMap {
    'orgkit-invoice-pay-request': CustomEvent<OrgKitEventDetails['orgkit-invoice-pay-request']>;
    'orgkit-invoice-paid': CustomEvent<OrgKitEventDetails['orgkit-invoice-paid']>;
  }
}
