import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { TaskStatus } from '@lit/task';
import type { OrgKitClient } from '@orgkit/client';
import { ApiError } from '@orgkit/client';
import type { AutoRecharge, Balance, CheckoutSession, CreditBlock, Credits, Currency, Package, PackageList, PurchaseResult } from '@orgkit/contract';
import { OrgKitElement } from './base.js';
import type { OrgKitEventDetails } from './events.js';
import { Loader } from './loader.js';
import { registerMessages } from './messages.js';
import type { CheckoutHandle } from './payments.js';
import { shared, tokens } from './styles.js';
import { creditMessages } from './credit-balance/messages.js';
import { creditStyles } from './credit-balance/styles.js';

registerMessages(creditMessages);

declare module './events.js' {
  interface OrgKitEventDetails {
    'orgkit-purchase-request': { orgId: string; packageId: string; credits: number; amount: number; currency: Currency };
    'orgkit-credits-purchased': {
      orgId: string;
      packageId: string;
      credits: number;
      amount: number;
      currency: Currency;
      /** `paid`: the credits are in the balance; `pending`: they are added once the payment is collected. */
      status: 'paid' | 'pending';
      via: 'card' | 'checkout';
      paymentId: string | null;
    };
    'orgkit-autorecharge-changed': { orgId: string; packageId: string | null; enabled: boolean; paused: boolean };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'orgkit-purchase-request': CustomEvent<OrgKitEventDetails['orgkit-purchase-request']>;
    'orgkit-credits-purchased': CustomEvent<OrgKitEventDetails['orgkit-credits-purchased']>;
    'orgkit-autorecharge-changed': CustomEvent<OrgKitEventDetails['orgkit-autorecharge-changed']>;
  }
  interface HTMLElementTagNameMap {
    'credit-balance': CreditBalance;
  }
}

interface CreditData {
  balance: Balance;
  /** Blocks and this cycle's totals; null without `billing.read` (builders: USE-2). */
  credits: Credits | null;
  /** Packages and auto-recharge; null without `billing.read`. */
  packages: PackageList | null;
  /** The saved card, for the confirm step; null without `credits.purchase` or without a card. */
  card: { brand: string; last4: string } | null;
  /** Member names for the per-member breakdown (USE-4); null without `members.read`. */
  names: Map<string, string> | null;
}

/** One opening of the confirm dialog. */
interface Purchase {
  pkg: Package;
  currency: Currency;
  /** PKG-4: one idempotency key per opening — a double click or a retry replays this purchase, never buys again. */
  key: string;
  viaCheckout: boolean;
  stage: 'confirm' | 'checkout';
  error: string | null;
  /** The failure asked for a paid plan (offer the upgrade beside it). */
  upgrade: boolean;
  session: CheckoutSession | null;
  /** Purchase blocks that existed before: a new one with these credits means the payment was collected. */
  knownBlocks: string[];
}

/** A purchase whose payment is not collected yet (PKG-4: the credits come once it is). */
interface PendingPurchase {
  packageId: string;
  credits: number;
  amount: number;
  currency: Currency;
  via: 'card' | 'checkout';
  paymentId: string | null;
  invoiceId: string | null;
  knownBlocks: string[];
  /** The payment failed (its invoice was voided). */
  failed: boolean;
}

const purchaseBlocks = (credits: Credits | null | undefined): string[] => (credits?.blocks ?? []).filter((b) => b.source === 'purchase').map((b) => b.id);

/** CRD-2 / the issue: soonest expiry first (no expiry last); the server's order (CRD-4) breaks ties. */
function byExpiry(blocks: readonly CreditBlock[]): CreditBlock[] {
  return blocks
    .map((b, i) => ({ b, i }))
    .sort((x, y) => {
      const a = x.b.expiresAt === null ? Infinity : Date.parse(x.b.expiresAt);
      const c = y.b.expiresAt === null ? Infinity : Date.parse(y.b.expiresAt);
      return a === c ? x.i - y.i : a - c;
    })
    .map(({ b }) => b);
}

/**
 * The organization's credits: the balance hero in the server's `ok | low | out` state (CRD-7) with the offline
 * warning at zero (CRD-5), the monthly allowance and what was used this month; the credit blocks (plan allowance,
 * rollover, purchased, promo, grant) with their expiry; credit packages bought with the saved card after a confirm
 * step, or through checkout when there is none; and the two-step auto-recharge (choose a package, then turn it on).
 *
 * What it offers follows the current member's capabilities: owners and admins (or the owner alone under
 * POL-BILLING-OWNER-ONLY) buy and manage auto-recharge; the billing-role holder reads; builders see the balance and
 * limits only (USE-2); members see the no-access state and deactivated members the blocked state. Used without a
 * provider by someone in several organizations, it offers an organization selector (ORG-9).
 *
 * @tag credit-balance
 * @summary Credit balance, credit blocks, packages and auto-recharge of an organization.
 *
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @attr checkout - Used without a provider: `simulated` for the mock's checkout.
 * @attr stripe-key - Used without a provider: Stripe publishable key for checkouts.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 *
 * @fires orgkit-purchase-request - Cancelable, before a package is bought (`detail: { orgId, packageId, credits, amount, currency }`); `preventDefault()` vetoes it.
 * @fires orgkit-credits-purchased - A package was bought (`detail: { orgId, packageId, credits, amount, currency, status, via, paymentId }`); `status` is `pending` until the payment is collected, and the event fires again with `paid` once it is.
 * @fires orgkit-autorecharge-changed - The auto-recharge package or switch changed (`detail: { orgId, packageId, enabled, paused }`).
 * @fires orgkit-upgrade-request - A Free organization asked for packages (`detail: { orgId, reason: 'credits' }`): show your plan picker.
 * @fires orgkit-org-changed - Without a provider, the organization selector switched organization (`detail: { orgId, previousOrgId }`).
 *
 * @slot checkout - Where the checkout (Stripe's embedded Checkout, or the simulated one) is mounted; the element fills it itself.
 * @slot no-access - Replaces the text shown to someone whose role does not include credits.
 *
 * @csspart title - The "Credits" heading.
 * @csspart org-select - The organization selector (without a provider, for someone in several organizations).
 * @csspart status - The live region announcing results ("1,000 credits added…").
 * @csspart content - The loaded content (`aria-busy` while it refreshes).
 * @csspart hero - The balance hero (also `hero-ok`, `hero-low` or `hero-out`).
 * @csspart balance - The balance figure.
 * @csspart state-badge - The balance state ("Available", "Running low", "Out of credits").
 * @csspart limits - The monthly allowance, the reset date and the total used this month.
 * @csspart used-meter - The meter of this month's use against the allowance.
 * @csspart low-notice - The notice under 100 credits.
 * @csspart offline-alert - The alert at zero ("This assistant is currently offline.").
 * @csspart buy-cta - The button in the alert that leads to the packages.
 * @csspart pending - A purchase whose payment is being collected, with `pending-check`.
 * @csspart pending-check - Checks again whether the pending payment was collected.
 * @csspart blocks - The credit blocks section; its table is `blocks-table`, each row `block`.
 * @csspart blocks-table - The table of credit blocks.
 * @csspart block - One credit block (a row).
 * @csspart by-member - Use this month per member (USE-4), with the rest (agents' conversations) as the last row.
 * @csspart by-member-table - The per-member table.
 * @csspart packages - The credit packages section.
 * @csspart package - One package.
 * @csspart buy-button - A package's Buy button (opens the confirm step).
 * @csspart pay-note - How packages are paid (saved card or checkout).
 * @csspart upgrade-prompt - Shown on Free instead of packages, with `upgrade-button`.
 * @csspart upgrade-button - Asks the host for a plan upgrade.
 * @csspart auto-recharge - The auto-recharge section.
 * @csspart ar-package - The recharge package picker.
 * @csspart ar-toggle - The auto-recharge switch (disabled until a package is chosen).
 * @csspart ar-state - The auto-recharge state badge (On, Off, Paused).
 * @csspart ar-paused - The notice shown when auto-recharge paused itself, with `ar-resume`.
 * @csspart ar-resume - Turns a paused auto-recharge on again (resets the failures).
 * @csspart ar-failures - The failed recharge count.
 * @csspart ar-error - A refused auto-recharge change.
 * @csspart confirm-dialog - The purchase dialog (native `<dialog>`; also `checkout-dialog` while checkout is shown).
 * @csspart confirm-summary - The credits, amount and payment method being confirmed.
 * @csspart confirm-error - The dialog's error (declined card, server error) — retrying is safe.
 * @csspart confirm-button - Buys (or continues to checkout).
 * @csspart checkout - The checkout area in the dialog.
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - The loading state.
 * @csspart error - The error state, with `retry-button`.
 *
 * @cssprop --orgkit-color-ok - The `ok` balance (green).
 * @cssprop --orgkit-color-warning - The `low` balance (amber) and paused auto-recharge.
 * @cssprop --orgkit-color-danger - The `out` balance (red) and errors.
 * @cssprop --orgkit-color-accent - Buttons, meter and focus ring.
 * @cssprop --orgkit-color-background - Background.
 * @cssprop --orgkit-color-surface - The hero and notices.
 * @cssprop --orgkit-color-text - Text.
 * @cssprop --orgkit-color-muted - Secondary text.
 * @cssprop --orgkit-color-border - Borders.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-font-family - Font.
 */
export class CreditBalance extends OrgKitElement {
  static override styles = [tokens, shared, creditStyles];

  /** The one async-state controller: loading, error with Retry, no-access (billing.summary), blocked. @internal */
  readonly loader = new Loader<CreditData>(this, {
    capability: 'billing.summary',
    load: async ({ client, orgId, signal }) => {
      const read = this.can('billing.read');
      const [balance, credits, packages, subscription, members] = await Promise.all([
        client.credits.balance(orgId, { signal }),
        read ? client.credits.get(orgId, { signal }) : null,
        read ? client.packages.list(orgId, { signal }) : null,
        this.can('credits.purchase') ? client.subscription.get(orgId, { signal }) : null,
        read && this.can('members.read') ? client.members.list(orgId, { signal }) : null,
      ]);
      await this.checkPending(client, orgId, credits, signal);
      this.ar = null; // the server's auto-recharge state replaces what the last change answered
      return {
        balance,
        credits,
        packages,
        card: subscription?.paymentMethod ?? null,
        names: members ? new Map(members.members.map((m) => [m.userId, m.name])) : null,
      };
    },
  });

  @state() private announcement = '';
  /** The announcement is for screen readers only (a notice on the page already says it). */
  @state() private quiet = false;
  @state() private busy = false;
  @state() private purchase: Purchase | null = null;
  @state() private pending: PendingPurchase | null = null;
  /** Auto-recharge as the last change answered it (until the reload shows the server's). */
  @state() private ar: AutoRecharge | null = null;
  @state() private arBusy = false;
  @state() private arError: string | null = null;

  private returnFocus: HTMLElement | null = null;
  private checkoutHandle: CheckoutHandle | null = null;
  private checkoutContainer: HTMLElement | null = null;
  private lastOrg = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyCheckout();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Another organization: nothing of the last one's purchase or messages belongs here.
    const org = this.ctx?.orgId ?? '';
    if (org !== this.lastOrg) {
      if (this.lastOrg) {
        this.pending = null;
        this.ar = null;
        this.arError = null;
        this.announcement = '';
      }
      this.lastOrg = org;
    }
  }

  // — helpers —



  /** Without a provider: reload the session (capabilities may change) and with it this element's data. */
  private readonly reloadAll = (): void => {
    this.ctx?.refresh();
  };

  private announce(text: string, quiet = false): void {
    this.announcement = '';
    this.quiet = quiet;
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private credits(n: number): string {
    return this.num(n);
  }

  // — pending purchases (PKG-4) —

  /** On each load: was the pending purchase's payment collected (a new purchase block) or did it fail (void invoice)? */
  private async checkPending(client: OrgKitClient, orgId: string, credits: Credits | null, signal: AbortSignal): Promise<void> {
    const p = this.pending;
    if (!p || !credits) return;
    const granted = credits.blocks.some((b) => b.source === 'purchase' && b.initial === p.credits && !p.knownBlocks.includes(b.id));
    let status: 'paid' | 'void' | 'open' = granted ? 'paid' : 'open';
    if (!granted && p.invoiceId && this.can('invoices.read')) {
      const page = await client.invoices.list(orgId, { limit: 50 }, { signal });
      const invoice = page.invoices.find((i) => i.id === p.invoiceId);
      if (invoice?.status === 'void') status = 'void';
      else if (invoice?.status === 'paid') status = 'paid';
    }
    if (this.pending !== p) return;
    if (status === 'paid') {
      this.pending = null;
      this.announce(this.t('credits.paid', { credits: this.credits(p.credits), balance: this.credits(credits.balance) }));
      this.emit('orgkit-credits-purchased', { orgId, packageId: p.packageId, credits: p.credits, amount: p.amount, currency: p.currency, status: 'paid', via: p.via, paymentId: p.paymentId });
    } else if (status === 'void') {
      this.pending = { ...p, failed: true };
    }
  }

  private checkAgain = (): void => {
    if (this.underProvider) this.ctx?.refresh();
    else this.loader.reload();
  };

  // — render —

  protected override render() {
    return html`
      <div class="head">
        <h2 id="title" part="title">${this.t('credits.title')}</h2>
        ${this.renderOrgPicker()}
      </div>
      <div part="status" class="status ${this.quiet ? 'sr-only' : this.announcement ? 'notice ok' : ''}" role="status" aria-live="polite">${this.announcement}</div>
      ${this.loader.render({ complete: (data) => this.renderData(data) })}
      ${this.renderDialog()}
    `;
  }

  /** ORG-9: without a provider, someone in several organizations picks which one's credits to see. */
  private renderOrgPicker(): TemplateResult | typeof nothing {
    const ctx = this.ctx;
    if (!ctx?.user || ctx.memberships.length < 2 || this.underProvider) return nothing;
    return html`<div class="org-picker">
      <label for="org-select">${this.t('credits.org')}</label>
      <select id="org-select" part="org-select" @change=${this.pickOrg}>
        ${ctx.memberships.map(
          (m) => html`<option value=${m.orgId} ?selected=${m.orgId === ctx.orgId}>
            ${m.name} — ${this.t(`role.${m.role}`)}${m.state === 'active' ? '' : ` ${this.t('credits.orgBlocked')}`}
          </option>`,
        )}
      </select>
    </div>`;
  }

  private pickOrg = (e: Event): void => {
    const orgId = (e.target as HTMLSelectElement).value;
    const previous = this.ctx?.orgId ?? null;
    if (!this.ctx || orgId === previous) return;
    this.ctx.selectOrg(orgId);
    this.emit('orgkit-org-changed', { orgId, previousOrgId: previous });
  };

  private renderData(data: CreditData): TemplateResult {
    const refreshing = this.loader.task.status === TaskStatus.PENDING;
    return html`<div part="content" aria-busy=${refreshing ? 'true' : 'false'}>
      ${this.renderHero(data)} ${this.renderPending()}
      ${data.credits ? html`<div class="tables">${this.renderBlocks(data.credits)} ${this.renderByMember(data)}</div>` : nothing}
      ${data.packages ? this.renderPackages(data, data.packages) : nothing}
      ${data.packages?.available ? this.renderAutoRecharge(data.packages) : nothing}
    </div>`;
  }

  private renderHero(data: CreditData): TemplateResult {
    const b = data.balance;
    const stateClass = b.state === 'ok' ? 'ok' : b.state === 'low' ? 'warn' : 'danger';
    const allowance = b.monthlyAllowance;
    const used = b.usedThisCycle;
    const pct = allowance > 0 ? Math.min(100, Math.round((used / allowance) * 100)) : 0;
    const meterText = this.t('credits.usedMeter', { used: this.credits(used), allowance: this.credits(allowance) });
    return html`<div part="hero hero-${b.state}" class="hero ${b.state}">
        <div>
          <p class="label" id="balance-label">${this.t('credits.balanceLabel')}</p>
          <p class="amount" part="balance" aria-describedby="balance-label">${this.credits(b.balance)}<span class="unit">${this.t('credits.unit')}</span></p>
          <span part="state-badge" class="badge ${stateClass}" data-state=${b.state}>${this.t(`credits.state.${b.state}`)}</span>
        </div>
        <div>
          <dl part="limits" class="stats">
            <dt>${this.t('credits.allowance')}</dt>
            <dd>${this.t('credits.allowanceValue', { credits: this.credits(allowance) })}</dd>
            <dt>${this.t('credits.resets')}</dt>
            <dd><time datetime=${b.resetsAt}>${this.date(b.resetsAt)}</time></dd>
            <dt>${this.t('credits.usedThisMonth')}</dt>
            <dd part="used">${this.t('credits.allowanceValue', { credits: this.credits(used) })}</dd>
          </dl>
          ${allowance > 0
            ? html`<div
                  part="used-meter"
                  class="meter ${pct >= 100 ? 'full' : pct >= 90 ? 'warn' : ''}"
                  role="meter"
                  aria-valuemin="0"
                  aria-valuemax=${allowance}
                  aria-valuenow=${Math.min(used, allowance)}
                  aria-valuetext=${meterText}
                  aria-label=${this.t('credits.usedThisMonth')}
                ><span style="width:${pct}%"></span></div>
                <div class="meter-label" aria-hidden="true">${meterText}</div>`
            : nothing}
        </div>
      </div>
      ${b.offline || b.state === 'out' ? this.renderOffline(data) : b.state === 'low' ? html`<div part="low-notice" class="notice warn alert" role="note"><p>${this.t('credits.lowNotice')}</p></div>` : nothing}`;
  }

  /** CRD-5: at zero every channel is refused; end users see "This assistant is currently offline." */
  private renderOffline(data: CreditData): TemplateResult {
    const canBuy = this.can('credits.purchase') && data.packages?.available === true;
    return html`<div part="offline-alert" class="notice error alert" role="alert">
      <strong>${this.t('credits.offline.title')}</strong>
      <p>${this.t('credits.offline.body')}</p>
      ${canBuy
        ? html`<div class="row"><button part="buy-cta" class="primary" @click=${this.goToPackages}>${this.t('credits.buyCta')}</button></div>`
        : this.can('credits.purchase')
          ? nothing
          : html`<p>${this.t('credits.offline.ask')}</p>`}
    </div>`;
  }

  private goToPackages = (): void => {
    const heading = this.$<HTMLElement>('#packages-title');
    heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    this.$<HTMLButtonElement>('[part~="buy-button"]')?.focus();
  };

  private renderPending(): TemplateResult | typeof nothing {
    const p = this.pending;
    if (!p) return nothing;
    const credits = this.credits(p.credits);
    if (p.failed) {
      return html`<div part="pending" class="notice error alert" role="alert">
        <p>${this.t('credits.pending.failed', { credits })}</p>
        <div class="row"><button @click=${() => (this.pending = null)}>${this.t('credits.pending.dismiss')}</button></div>
      </div>`;
    }
    return html`<div part="pending" class="notice warn alert">
      <strong>${this.t('credits.pending.title')}</strong>
      <p>${this.t('credits.pending.body', { credits })}</p>
      <div class="row"><button part="pending-check" @click=${this.checkAgain}>${this.t('credits.pending.check')}</button></div>
    </div>`;
  }

  private renderBlocks(credits: Credits): TemplateResult {
    const next = credits.blocks[0]?.id; // the server lists them in debit order (CRD-4): this one is spent next
    const blocks = byExpiry(credits.blocks);
    return html`<section part="blocks" aria-labelledby="blocks-title">
      <h3 id="blocks-title">${this.t('credits.blocks.title')}</h3>
      <p class="hint">${this.t('credits.blocks.hint')}</p>
      ${blocks.length === 0
        ? html`<p class="muted">${this.t('credits.blocks.empty')}</p>`
        : html`<table part="blocks-table" aria-labelledby="blocks-title">
            <thead>
              <tr>
                <th scope="col">${this.t('credits.blocks.source')}</th>
                <th scope="col" class="num">${this.t('credits.blocks.remaining')}</th>
                <th scope="col">${this.t('credits.blocks.expires')}</th>
              </tr>
            </thead>
            <tbody>
              ${blocks.map(
                (b) => html`<tr part="block" data-source=${b.source} data-id=${b.id}>
                  <td>
                    ${this.t(`credits.source.${b.source}`)} ${b.id === next && blocks.length > 1 ? html`<span class="badge accent">${this.t('credits.blocks.next')}</span>` : nothing}
                    ${b.note ? html`<span class="sub">${b.note}</span>` : nothing}
                  </td>
                  <td class="num">${this.t('credits.blocks.remainingOf', { remaining: this.credits(b.remaining), initial: this.credits(b.initial) })}</td>
                  <td>
                    ${b.expiresAt
                      ? html`<time datetime=${b.expiresAt}>${this.date(b.expiresAt)}</time><span class="sub">${this.relative(b.expiresAt)}</span>`
                      : this.t('credits.blocks.never')}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }

  /** USE-4: the month's total and who used it. */
  private renderByMember(data: CreditData): TemplateResult | typeof nothing {
    const credits = data.credits;
    if (!credits) return nothing;
    // What no member used: agents' conversations with end users (every channel draws from the one pool, CRD-3).
    const other = credits.usedThisCycle - credits.byMember.reduce((s, r) => s + r.credits, 0);
    return html`<section part="by-member" aria-labelledby="by-member-title">
      <h3 id="by-member-title">${this.t('credits.byMember.title')}</h3>
      <p class="hint">${this.t('credits.usedThisMonth')}: ${this.t('credits.allowanceValue', { credits: this.credits(credits.usedThisCycle) })}</p>
      ${credits.byMember.length === 0
        ? html`<p class="muted">${this.t('credits.byMember.empty')}</p>`
        : html`<table part="by-member-table" aria-labelledby="by-member-title">
            <thead>
              <tr><th scope="col">${this.t('credits.byMember.member')}</th><th scope="col" class="num">${this.t('credits.byMember.credits')}</th></tr>
            </thead>
            <tbody>
              ${credits.byMember.map(
                (row) => html`<tr>
                  <td>${data.names ? (data.names.get(row.userId) ?? this.t('credits.byMember.former')) : row.userId}</td>
                  <td class="num">${this.credits(row.credits)}</td>
                </tr>`,
              )}
              ${other > 0
                ? html`<tr class="other">
                    <td>${this.t('credits.byMember.other')}</td>
                    <td class="num">${this.credits(other)}</td>
                  </tr>`
                : nothing}
            </tbody>
          </table>`}
    </section>`;
  }

  // — packages (PKG-1 … PKG-5, CRD-8) —

  private renderPackages(data: CreditData, list: PackageList): TemplateResult {
    if (!list.available) {
      // PKG-1: on Free a purchase would answer upgrade_required — offer the upgrade instead.
      return html`<section part="packages" aria-labelledby="packages-title">
        <h3 id="packages-title" tabindex="-1">${this.t('credits.packages.title')}</h3>
        <div part="upgrade-prompt" class="notice">
          <strong>${this.t('credits.upgrade.title')}</strong>
          <p>${this.t('credits.upgrade.body')}</p>
          ${this.can('plans.change')
            ? html`<div class="row"><button part="upgrade-button" class="primary" @click=${this.upgrade}>${this.t('credits.upgrade.button')}</button></div>`
            : html`<p>${this.t('credits.upgrade.ask')}</p>`}
        </div>
      </section>`;
    }
    const canBuy = this.can('credits.purchase');
    const blocked = canBuy && !list.hasSavedCard && !this.ctx?.checkout;
    const rate = this.t('credits.packages.rate', { credits: this.credits(list.creditsPerCurrencyUnit), amount: this.money(100, list.currency) });
    return html`<section part="packages" aria-labelledby="packages-title">
      <h3 id="packages-title" tabindex="-1">${this.t('credits.packages.title')}</h3>
      <p class="hint">${rate}</p>
      <ul class="packages">
        ${list.packages.map((pkg) => {
          const amount = this.money(pkg.price, list.currency);
          const credits = this.credits(pkg.credits);
          return html`<li part="package" class="package" data-package=${pkg.id}>
            <span class="credits">${this.t('credits.packages.credits', { credits })}</span>
            <span class="price">${amount}</span>
            ${canBuy
              ? html`<button
                  part="buy-button"
                  class="primary"
                  aria-haspopup="dialog"
                  ?disabled=${blocked}
                  aria-label=${this.t('credits.packages.buyLabel', { credits, amount })}
                  @click=${(e: Event) => void this.openBuy(e, pkg, list, data)}
                >${this.t('credits.packages.buy')}</button>`
              : nothing}
          </li>`;
        })}
      </ul>
      <p part="pay-note" class="hint pay-note">
        ${!canBuy
          ? this.t('credits.packages.readOnly')
          : blocked
            ? this.t('credits.packages.noCheckout')
            : list.hasSavedCard
              ? data.card
                ? this.t('credits.packages.card', { card: this.cardText(data.card) })
                : this.t('credits.packages.cardUnknown')
              : this.t('credits.packages.checkout')}
      </p>
    </section>`;
  }

  private cardText(card: { brand: string; last4: string }): string {
    return `${card.brand.charAt(0).toUpperCase()}${card.brand.slice(1)} •••• ${card.last4}`;
  }

  private upgrade = (): void => {
    this.emit('orgkit-upgrade-request', { orgId: this.orgId, reason: 'credits' });
  };

  // — auto-recharge (AR-1 … AR-6) —

  private renderAutoRecharge(list: PackageList): TemplateResult {
    const ar = this.ar ?? list.autoRecharge;
    const manage = this.can('autorecharge.manage');
    const chosen = list.packages.find((p) => p.id === ar.packageId) ?? null;
    const stateText = ar.paused ? this.t('credits.ar.pausedBadge') : ar.enabled ? this.t('credits.ar.on') : this.t('credits.ar.off');
    const badge = ar.paused ? 'warn' : ar.enabled ? 'ok' : '';
    const option = (p: Package) => this.t('credits.ar.option', { credits: this.credits(p.credits), amount: this.money(p.price, list.currency) });
    return html`<section part="auto-recharge" aria-labelledby="ar-title" class="ar" aria-busy=${this.arBusy ? 'true' : 'false'}>
      <div class="ar-head">
        <h3 id="ar-title">${this.t('credits.ar.title')}</h3>
        <span part="ar-state" class="badge ${badge}" data-state=${ar.paused ? 'paused' : ar.enabled ? 'on' : 'off'}>${stateText}</span>
      </div>
      <p class="hint" id="ar-explain">${this.t('credits.ar.explain', { threshold: this.credits(ar.thresholdCredits), pct: ar.thresholdPct })}</p>
      ${manage
        ? html`<div class="ar-controls">
            <div>
              <label for="ar-package">${this.t('credits.ar.package')}</label>
              <select id="ar-package" part="ar-package" @change=${(e: Event) => void this.changeArPackage(e, ar, list)}>
                <option value="" ?selected=${ar.packageId === null}>${this.t('credits.ar.none')}</option>
                ${list.packages.map((p) => html`<option value=${p.id} ?selected=${p.id === ar.packageId}>${option(p)}</option>`)}
              </select>
            </div>
            <div>
              <label class="switch">
                <input
                  id="ar-toggle"
                  part="ar-toggle"
                  type="checkbox"
                  role="switch"
                  .checked=${live(ar.enabled)}
                  ?disabled=${ar.packageId === null && !ar.enabled}
                  aria-describedby=${ar.packageId === null ? 'ar-needs-package' : 'ar-explain'}
                  @click=${(e: Event) => {
                    if (this.arBusy) e.preventDefault();
                  }}
                  @change=${(e: Event) => void this.changeArEnabled((e.target as HTMLInputElement).checked, e.target as HTMLInputElement)}
                />${this.t('credits.ar.toggle')}
              </label>
            </div>
          </div>
          ${ar.packageId === null ? html`<p id="ar-needs-package" class="hint">${this.t('credits.ar.needsPackage')}</p>` : nothing}`
        : html`<p>${this.t('credits.ar.readOnly', { state: stateText.toLocaleLowerCase(this.uiLocale), package: chosen ? option(chosen) : this.t('credits.ar.none') })}</p>`}
      ${ar.paused
        ? html`<div part="ar-paused" class="notice warn" role="alert">
            <p>${this.t('credits.ar.paused', { failures: ar.failures })}</p>
            ${manage && ar.packageId !== null
              ? html`<div class="row"><button part="ar-resume" @click=${() => void this.changeArEnabled(true, null)}>${this.t('credits.ar.resume')}</button></div>`
              : nothing}
          </div>`
        : ar.failures > 0
          ? html`<p part="ar-failures" class="notice warn">${this.t(ar.failures === 1 ? 'credits.ar.failures.one' : 'credits.ar.failures.other', { failures: ar.failures })}</p>`
          : nothing}
      ${ar.pending ? html`<p class="notice">${this.t('credits.ar.pending')}</p>` : nothing}
      ${manage && !list.hasSavedCard && ar.packageId !== null ? html`<p class="notice warn">${this.t('credits.ar.noCard')}</p>` : nothing}
      <div part="ar-error" role="alert">${this.arError ? html`<p class="field-error">${this.arError}</p>` : nothing}</div>
    </section>`;
  }

  private async changeArPackage(e: Event, current: AutoRecharge, list: PackageList): Promise<void> {
    const select = e.target as HTMLSelectElement;
    const packageId = select.value === '' ? null : select.value;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client || this.arBusy) {
      select.value = current.packageId ?? '';
      return;
    }
    this.arBusy = true;
    this.arError = null;
    try {
      const ar = await client.autoRecharge.setPackage(orgId, { packageId });
      this.ar = ar;
      const pkg = list.packages.find((p) => p.id === ar.packageId);
      this.announce(
        pkg
          ? this.t('credits.ar.packageSet', { credits: this.credits(pkg.credits), state: this.t(ar.enabled ? 'credits.ar.on' : 'credits.ar.off').toLocaleLowerCase(this.uiLocale) })
          : this.t('credits.ar.packageCleared'),
      );
      this.emitChange('orgkit-autorecharge-changed', { orgId, packageId: ar.packageId, enabled: ar.enabled, paused: ar.paused }, this.reloadAll);
    } catch (error) {
      select.value = current.packageId ?? '';
      this.arError = this.errorText(error);
    } finally {
      this.arBusy = false;
    }
  }

  private async changeArEnabled(enabled: boolean, input: HTMLInputElement | null): Promise<void> {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client || this.arBusy) return;
    this.arBusy = true;
    this.arError = null;
    try {
      const ar = await client.autoRecharge.setEnabled(orgId, { enabled });
      this.ar = ar;
      this.announce(this.t(ar.enabled ? 'credits.ar.enabled' : 'credits.ar.disabled'));
      this.emitChange('orgkit-autorecharge-changed', { orgId, packageId: ar.packageId, enabled: ar.enabled, paused: ar.paused }, this.reloadAll);
      if (!input) await this.updateComplete.then(() => this.$<HTMLInputElement>('#ar-toggle')?.focus());
    } catch (error) {
      if (input) input.checked = !enabled;
      this.arError = this.errorText(error);
    } finally {
      this.arBusy = false;
    }
  }

  // — the purchase dialog (PKG-3, PKG-4) —

  private renderDialog(): TemplateResult {
    const p = this.purchase;
    const amount = p ? this.money(p.pkg.price, p.currency) : '';
    const credits = p ? this.credits(p.pkg.credits) : '';
    const checkout = p?.stage === 'checkout';
    return html`<dialog
      id="buy-dialog"
      part="confirm-dialog ${checkout ? 'checkout-dialog' : ''}"
      class=${checkout ? 'checkout' : ''}
      aria-labelledby="buy-title"
      aria-describedby="buy-body"
      @cancel=${this.onBuyCancel}
      @close=${this.onBuyClosed}
    >
      ${p
        ? html`<h2 id="buy-title">${checkout ? this.t('credits.checkout.title', { amount }) : this.t('credits.confirm.title', { credits })}</h2>
            ${checkout
              ? html`<p id="buy-body" class=${p.session ? 'sr-only' : 'hint'}>${p.session ? p.session.description : this.t('credits.checkout.loading')}</p>
                  <div part="checkout" class="checkout-slot"><slot name="checkout"></slot></div>`
              : html`<p id="buy-body">${this.t('credits.confirm.body')}</p>
                  <dl part="confirm-summary" class="summary">
                    <dt>${this.t('credits.confirm.credits')}</dt>
                    <dd>${credits}</dd>
                    <dt>${this.t('credits.confirm.amount')}</dt>
                    <dd>${amount}</dd>
                    <dt>${this.t('credits.confirm.payment')}</dt>
                    <dd>${p.viaCheckout ? this.t('credits.confirm.checkout') : this.loader.value?.card ? this.cardText(this.loader.value.card) : this.t('credits.packages.cardUnknown')}</dd>
                  </dl>`}
            <div part="confirm-error" class="dialog-error" role="alert">
              ${p.error
                ? html`<p class="field-error">${p.error}</p>
                    ${p.upgrade && this.can('plans.change')
                      ? html`<div class="row"><button part="upgrade-button" @click=${this.upgradeFromDialog}>${this.t('credits.upgrade.button')}</button></div>`
                      : html`<p class="hint">${this.t('credits.confirm.retryHint')}</p>`}`
                : nothing}
            </div>
            <div class="actions">
              <button id="buy-cancel" @click=${this.closeBuy} aria-disabled=${this.busy ? 'true' : 'false'}>${this.t('common.cancel')}</button>
              ${checkout
                ? nothing
                : html`<button part="confirm-button" class="primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.confirmBuy}>
                    ${this.busy ? this.t('credits.confirm.buying') : p.viaCheckout ? this.t('credits.confirm.continue') : this.t('credits.confirm.buy', { amount })}
                  </button>`}
            </div>`
        : nothing}
    </dialog>`;
  }

  private async openBuy(e: Event, pkg: Package, list: PackageList, data: CreditData): Promise<void> {
    if (this.purchase) return; // a double click on Buy opens one dialog, with one key
    this.returnFocus = e.currentTarget as HTMLElement;
    this.purchase = {
      pkg,
      currency: list.currency,
      key: crypto.randomUUID(),
      viaCheckout: !list.hasSavedCard,
      stage: 'confirm',
      error: null,
      upgrade: false,
      session: null,
      knownBlocks: purchaseBlocks(data.credits),
    };
    await this.updateComplete;
    const dialog = this.$<HTMLDialogElement>('#buy-dialog');
    if (dialog && !dialog.open) dialog.showModal();
    this.$('#buy-cancel')?.focus();
  }

  private closeBuy = (): void => {
    if (this.busy) return; // a purchase in flight finishes first: closing now could let a second one start
    this.$<HTMLDialogElement>('#buy-dialog')?.close();
  };

  private onBuyCancel = (e: Event): void => {
    if (this.busy) e.preventDefault(); // Escape waits for the purchase in flight
  };

  private onBuyClosed = (e: Event): void => {
    if ((e.currentTarget as HTMLDialogElement).open) return; // a late close event after it was opened again
    this.destroyCheckout();
    this.purchase = null;
    const target = this.returnFocus;
    this.returnFocus = null;
    if (target?.isConnected && !(target as HTMLButtonElement).disabled) target.focus();
    else this.$<HTMLElement>('#packages-title')?.focus();
  };

  private upgradeFromDialog = (): void => {
    this.closeBuy();
    this.upgrade();
  };

  private confirmBuy = async (): Promise<void> => {
    const p = this.purchase;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!p || !client || this.busy) return;
    const detail = { orgId, packageId: p.pkg.id, credits: p.pkg.credits, amount: p.pkg.price, currency: p.currency };
    if (!this.request('orgkit-purchase-request', detail)) {
      this.closeBuy();
      return;
    }
    this.busy = true;
    this.purchase = { ...p, error: null, upgrade: false };
    try {
      // The same key for every try of this dialog: the server answers a replay with the first result (PKG-4).
      const result = await client.packages.purchase(orgId, { packageId: p.pkg.id }, { idempotencyKey: p.key });
      this.busy = false;
      if (result.status === 'requires_checkout') await this.startCheckout(result.checkout);
      else this.purchased(result, p);
    } catch (error) {
      if (this.purchase) {
        this.purchase = { ...this.purchase, error: this.errorText(error), upgrade: error instanceof ApiError && error.code === 'upgrade_required' };
      }
    } finally {
      this.busy = false;
    }
  };

  /** Bought with the saved card: paid now, or pending until the payment is collected. */
  private purchased(result: Exclude<PurchaseResult, { status: 'requires_checkout' }>, p: Purchase): void {
    const orgId = this.orgId;
    const detail = {
      orgId, packageId: p.pkg.id, credits: result.credits, amount: result.amount, currency: result.currency,
      status: result.status, via: 'card' as const, paymentId: result.paymentId,
    };
    if (result.status === 'paid') {
      this.announce(this.t('credits.paid', { credits: this.credits(result.credits), balance: this.credits(result.balance) }));
    } else {
      this.pending = {
        packageId: p.pkg.id, credits: result.credits, amount: result.amount, currency: result.currency, via: 'card',
        paymentId: result.paymentId, invoiceId: result.invoiceId, knownBlocks: p.knownBlocks, failed: false,
      };
      this.announce(this.t('credits.pending.body', { credits: this.credits(result.credits) }), true);
    }
    this.$<HTMLDialogElement>('#buy-dialog')?.close();
    this.emitChange('orgkit-credits-purchased', detail, this.reloadAll);
  }

  /** No saved card: the server opened a checkout session — mount it in the dialog (light DOM, for Stripe's iframe). */
  private async startCheckout(session: CheckoutSession): Promise<void> {
    const provider = this.ctx?.checkout;
    const orgId = this.orgId;
    if (!this.purchase) return;
    if (!provider) {
      this.purchase = { ...this.purchase, error: this.t('credits.checkout.missing') };
      return;
    }
    this.destroyCheckout();
    this.purchase = { ...this.purchase, stage: 'checkout', session: null, viaCheckout: true };
    await this.updateComplete;
    // The confirm button is gone: keep focus inside the dialog.
    if (!this.$('#buy-dialog')?.contains(this.shadowRoot?.activeElement ?? null)) this.$('#buy-cancel')?.focus();
    const container = document.createElement('div');
    container.slot = 'checkout';
    this.append(container);
    this.checkoutContainer = container;
    try {
      const handle = await provider.mount(container, session, orgId, {
        onComplete: () => void this.checkoutCompleted(session),
        onError: (error) => {
          if (this.purchase) this.purchase = { ...this.purchase, error: this.errorText(error) };
        },
      });
      if (this.checkoutContainer === container) {
        this.checkoutHandle = handle;
        // The checkout is light DOM: an explicit theme on this element is handed to what was mounted (the simulated form).
        if (this.theme) for (const child of container.children) if (!child.hasAttribute('theme')) child.setAttribute('theme', this.theme);
        if (this.purchase) this.purchase = { ...this.purchase, session };
      } else handle.destroy(); // the dialog was closed meanwhile
    } catch (error) {
      this.destroyCheckout();
      if (this.purchase) this.purchase = { ...this.purchase, stage: 'confirm', error: this.errorText(error) };
    }
  }

  /** The checkout says the payment went through (or is pending collection): were the credits granted yet? */
  private async checkoutCompleted(session: CheckoutSession): Promise<void> {
    const p = this.purchase;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!p || !client) return;
    this.$<HTMLDialogElement>('#buy-dialog')?.close();
    const [credits, latest] = await Promise.all([
      client.credits.get(orgId).catch(() => null),
      client.checkout.get(orgId, session.id).catch(() => null),
    ]);
    const granted = !!credits?.blocks.some((b) => b.source === 'purchase' && b.initial === p.pkg.credits && !p.knownBlocks.includes(b.id));
    const paymentId = latest?.paymentId ?? null;
    const detail = {
      orgId, packageId: p.pkg.id, credits: p.pkg.credits, amount: p.pkg.price, currency: p.currency,
      status: granted ? ('paid' as const) : ('pending' as const), via: 'checkout' as const, paymentId,
    };
    if (granted && credits) {
      this.announce(this.t('credits.paid', { credits: this.credits(p.pkg.credits), balance: this.credits(credits.balance) }));
    } else {
      this.pending = {
        packageId: p.pkg.id, credits: p.pkg.credits, amount: p.pkg.price, currency: p.currency, via: 'checkout',
        paymentId, invoiceId: null, knownBlocks: p.knownBlocks, failed: false,
      };
      this.announce(this.t('credits.pending.body', { credits: this.credits(p.pkg.credits) }), true);
    }
    this.emitChange('orgkit-credits-purchased', detail, this.reloadAll);
  }

  private destroyCheckout(): void {
    this.checkoutHandle?.destroy();
    this.checkoutHandle = null;
    this.checkoutContainer?.remove();
    this.checkoutContainer = null;
  }
}
