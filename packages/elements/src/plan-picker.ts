import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Agent, Interval, Member, Plan, PlanId, PlanList, PlanPreview, Subscription } from '@orgkit/contract';
import { PLAN_IDS } from '@orgkit/contract/wire';
import { OrgKitElement } from './base.js';
import { Loader } from './loader.js';
import { registerMessages } from './messages.js';
import type { CheckoutHandle } from './payments.js';
import { planPickerMessages } from './plan-picker/messages.js';
import { planPickerStyles } from './plan-picker/styles.js';

registerMessages(planPickerMessages);

declare module './events.js' {
  interface OrgKitEventDetails {
    'orgkit-plan-change-request': { orgId: string; planId: string; interval: string; kind: string };
    'orgkit-plan-changed': { orgId: string; planId: string; interval: string; kind: string };
    'orgkit-plan-change-scheduled': { orgId: string; planId: string; interval: string; kind: string; effectiveAt: string };
    'orgkit-plan-payment-pending': { orgId: string; planId: string; interval: string };
    'orgkit-plan-kept': { orgId: string; planId: string };
    'orgkit-contact-sales-request': { orgId: string; planId: string };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'orgkit-plan-change-request': CustomEvent<{ orgId: string; planId: string; interval: string; kind: string }>;
    'orgkit-plan-changed': CustomEvent<{ orgId: string; planId: string; interval: string; kind: string }>;
    'orgkit-plan-change-scheduled': CustomEvent<{ orgId: string; planId: string; interval: string; kind: string; effectiveAt: string }>;
    'orgkit-plan-payment-pending': CustomEvent<{ orgId: string; planId: string; interval: string }>;
    'orgkit-plan-kept': CustomEvent<{ orgId: string; planId: string }>;
    'orgkit-contact-sales-request': CustomEvent<{ orgId: string; planId: string }>;
  }
  interface HTMLElementTagNameMap {
    'plan-picker': PlanPicker;
  }
}

interface PickerData {
  plans: PlanList;
  sub: Subscription;
}

/** What a plan card offers, mirroring the server's classification (PLAN-1, CHG-2 … CHG-6). */
type CardAction =
  | { kind: 'current' }
  | { kind: 'scheduled'; date: string }
  | { kind: 'contact' }
  | { kind: 'checkout' }
  | { kind: 'upgrade' }
  | { kind: 'downgrade' }
  | { kind: 'toYearly' }
  | { kind: 'toMonthly' }
  | { kind: 'yearlyFirst' };

type Intent = 'upgrade' | 'downgrade' | 'cancel' | 'toYearly' | 'toMonthly';

interface ChangeFlow {
  intent: Intent;
  planId: PlanId;
  interval: Interval;
  preview: PlanPreview | null;
  previewing: boolean;
  previewError: string | null;
  /** Active members and agents for the keep-list (loaded when the target plan needs one). */
  people: { members: Member[]; agents: Agent[] } | null;
  /** Chosen members to keep (the owner is always kept and not listed here). */
  keepMembers: string[];
  keepAgents: string[];
  /** The change itself was refused (declined card, server error): shown in the dialog, the choices stay. */
  error: string | null;
}

interface CheckoutFlow {
  planId: PlanId;
  interval: Interval;
  phase: 'opening' | 'open';
  error: string | null;
}

interface Announcement {
  text: string;
  kind: 'ok' | 'warn';
}

const rank = (id: PlanId) => PLAN_IDS.indexOf(id);
const LIMIT_KEYS = ['credits', 'seats', 'agents', 'deployments', 'kbPages', 'uploadMb'] as const;
type LimitKey = (typeof LIMIT_KEYS)[number];

/**
 * The plan picker (PLAN-1 … PLAN-5, CHG-1 … CHG-8): cards for Lite, Standard, Pro and Ultra with monthly or yearly
 * prices in the organization's currency, the yearly discount and the effective monthly price, a limits table to
 * compare plans against current usage, the current and the recommended plan marked — and every way to change plan:
 * a prorated upgrade after a preview from the server, the first paid plan through checkout (Stripe's embedded
 * Checkout, or the mock's simulated one), a downgrade or cancellation at period end with the members and agents to
 * keep, billing interval switches, and "Keep my plan" to undo a scheduled change. Ultra is arranged by sales.
 *
 * Owners and admins (`plans.change`; the owner only under POL-BILLING-OWNER-ONLY) act; builders and billing-role
 * holders see the plans read-only; members see the no-access state and deactivated members the blocked state.
 *
 * @tag plan-picker
 * @summary Compare plans and upgrade, downgrade, cancel or switch the billing interval.
 *
 * @attr sales-href - Where "Contact sales" leads (opened in a new tab) unless a host handles `orgkit-contact-sales-request`.
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr stripe-key - Stripe publishable key for checkouts (used when there is no <org-provider>).
 * @attr checkout - `simulated` for the mock's checkout (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 *
 * @fires orgkit-plan-change-request - Cancelable, before a plan change or checkout (`detail: { orgId, planId, interval, kind }`); `preventDefault()` vetoes it.
 * @fires orgkit-plan-changed - The plan changed now: an upgrade, a switch to yearly, or a completed checkout (`detail: { orgId, planId, interval, kind }`).
 * @fires orgkit-plan-change-scheduled - A downgrade, cancellation or switch to monthly was scheduled (`detail: { orgId, planId, interval, kind, effectiveAt }`).
 * @fires orgkit-plan-payment-pending - The payment for a change is pending; the plan changes once it is collected (`detail: { orgId, planId, interval }`).
 * @fires orgkit-plan-kept - "Keep my plan" withdrew a scheduled change (`detail: { orgId, planId }`).
 * @fires orgkit-contact-sales-request - Cancelable. "Contact sales" was chosen for a custom plan (`detail: { orgId, planId }`); handle it (and `preventDefault()`) to show your own form.
 * @fires orgkit-changed - Beside every change above, so an <org-provider> refreshes every element.
 *
 * @slot checkout - Where the checkout is mounted (the element adds this light-DOM child itself; Stripe's iframe lives there).
 * @slot no-access - Replaces the text shown to roles without access.
 *
 * @csspart status - The live region announcing results ("You are now on Pro …").
 * @csspart header - The heading, the current plan and the interval toggle.
 * @csspart current-plan - The sentence naming the current plan (and the Free plan when it is one).
 * @csspart interval-toggle - The Monthly / Yearly radio group.
 * @csspart yearly-badge - The yearly discount badge ("−17%").
 * @csspart read-only - The note shown to roles that may not change the plan.
 * @csspart recommendation - The sentence naming the recommended plan.
 * @csspart seat-billing - The explanation of per-member seat billing (POL-SEAT-BILLING).
 * @csspart pending-banner - The banner of a scheduled change, with its date.
 * @csspart keep-plan-button - "Keep my plan" in the banner.
 * @csspart checkout-unavailable - The notice shown when no checkout is configured.
 * @csspart cards - The list of plan cards.
 * @csspart card - Every plan card (also `card-<planId>`, `card-current`, `card-recommended`).
 * @csspart price - A card's price.
 * @csspart current-badge - The "Current plan" badge.
 * @csspart recommended-badge - The "Recommended" badge.
 * @csspart action-button - A card's action (also `choose-button`, `upgrade-button`, `downgrade-button`, `interval-button`, `contact-button`,
 *   `show-yearly-button` where a yearly subscriber looks at monthly prices of a bigger plan).
 * @csspart limits - The limits table (scroll container).
 * @csspart cancel-button - "Cancel plan" (a move to Free at period end).
 * @csspart checkout - The checkout panel (with `checkout-back` and `checkout-error`).
 * @csspart change-dialog - The change dialog (native `<dialog>`), also `upgrade-dialog`, `downgrade-dialog`, `cancel-dialog`, `interval-dialog`.
 * @csspart preview - The amounts of a change (due now, credit, next invoice).
 * @csspart keep-members - The members keep-list.
 * @csspart keep-agents - The agents keep-list.
 * @csspart will-deactivate - Who is deactivated when the change applies, and when.
 * @csspart dialog-error - The change's error (declined card, server error).
 * @csspart confirm-button - Confirms the change.
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - The loading state.
 * @csspart error - The load error, with `retry-button`.
 *
 * @cssprop --orgkit-plan-card-min-width - A card's minimum width before cards wrap (default 190px).
 * @cssprop --orgkit-color-accent - The current plan, the toggle, buttons and focus.
 * @cssprop --orgkit-color-ok - The recommended plan and the yearly badge.
 * @cssprop --orgkit-color-warning - The pending-change banner and pending payments.
 * @cssprop --orgkit-color-danger - Errors and "Cancel plan".
 * @cssprop --orgkit-color-background - Background.
 * @cssprop --orgkit-color-surface - Notices and the preview summary.
 * @cssprop --orgkit-color-text - Text.
 * @cssprop --orgkit-color-muted - Secondary text.
 * @cssprop --orgkit-color-border - Borders.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-space - The spacing unit.
 * @cssprop --orgkit-font-family - Font.
 */
export class PlanPicker extends OrgKitElement {
  static override styles = [...OrgKitElement.styles, planPickerStyles];

  /** Where "Contact sales" leads when no host handles `orgkit-contact-sales-request`. */
  @property({ attribute: 'sales-href' }) salesHref?: string;

  /** The one async-state controller: loading, error with Retry, no-access (billing.summary), blocked. @internal */
  readonly loader = new Loader<PickerData>(this, {
    capability: 'billing.summary',
    load: async ({ client, orgId, signal }) => {
      const [plans, sub] = await Promise.all([client.plans.list(orgId, { signal }), client.subscription.get(orgId, { signal })]);
      return { plans, sub };
    },
  });

  @state() private announcement: Announcement | null = null;
  /** The interval the cards show; null: the subscription's own. */
  @state() private chosenInterval: Interval | null = null;
  @state() private busy = false;
  @state() private change: ChangeFlow | null = null;
  @state() private checkoutFlow: CheckoutFlow | null = null;

  /** The idempotency key of the change being confirmed, kept while its request body stays the same (one intent). */
  private changeKey: { fingerprint: string; key: string } | null = null;
  /** The idempotency key of the checkout being opened (one per opening of the checkout panel). */
  private checkoutKey: string | null = null;
  private checkoutHandle: CheckoutHandle | null = null;
  private checkoutContainer: HTMLElement | null = null;
  private previewSeq = 0;
  private returnFocus: HTMLElement | null = null;
  /** Where focus goes when the element it came from was re-rendered (the cards come back after a checkout). */
  private returnFocusSelector: string | null = null;
  private lastOrg = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardownCheckout();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Another organization: its own interval, no flow of the previous one.
    if (this.ctx?.orgId && this.ctx.orgId !== this.lastOrg) {
      if (this.lastOrg) {
        this.chosenInterval = null;
        this.change = null;
        this.teardownCheckout();
        this.checkoutFlow = null;
        this.announcement = null;
      }
      this.lastOrg = this.ctx.orgId;
    }
  }

  // — helpers —


  private announce(text: string, kind: Announcement['kind'] = 'ok'): void {
    this.announcement = null;
    void this.updateComplete.then(() => {
      this.announcement = { text, kind };
    });
  }

  private reload = (): void => {
    this.loader.reload();
  };

  private intervalWord(interval: Interval): string {
    return this.t(`plans.interval.adverb.${interval}`);
  }

  private planName(id: PlanId, data = this.loader.value): string {
    if (id === 'free') return this.t('plans.free');
    return data?.plans.plans.find((p) => p.id === id)?.name ?? id;
  }

  /** An amount in the organization's currency (as the plan list states it). */
  private price(minor: number, data = this.loader.value): string {
    return this.money(minor, data?.plans.currency ?? this.currency);
  }

  private interval(data: PickerData): Interval {
    return this.chosenInterval ?? (data.sub.planId === 'free' ? 'month' : data.sub.interval);
  }

  /** What a card offers at the chosen interval — the same decisions the server makes (classifyChange). */
  private actionFor(plan: Plan, interval: Interval, sub: Subscription): CardAction {
    const pending = sub.pendingChange;
    if (pending && pending.planId === plan.id && pending.interval === interval) return { kind: 'scheduled', date: pending.effectiveAt };
    if (!plan.selfServe) return sub.planId === plan.id ? { kind: 'current' } : { kind: 'contact' };
    if (sub.planId === 'free') return { kind: 'checkout' };
    if (plan.id === sub.planId) {
      if (interval === sub.interval) return { kind: 'current' };
      return interval === 'year' ? { kind: 'toYearly' } : { kind: 'toMonthly' };
    }
    if (rank(plan.id) > rank(sub.planId)) {
      return sub.interval === 'year' && interval === 'month' ? { kind: 'yearlyFirst' } : { kind: 'upgrade' };
    }
    return { kind: 'downgrade' };
  }

  // — render —

  protected override render() {
    const a = this.announcement;
    return html`
      <div part="status" class="status ${a ? `notice ${a.kind}` : ''}" role="status" aria-live="polite">${a?.text ?? ''}</div>
      ${this.loader.render({ complete: (data) => this.renderData(data) })}
      ${this.renderChangeDialog()}
    `;
  }

  private renderData(data: PickerData): TemplateResult {
    const { sub, plans } = data;
    const canChange = this.can('plans.change');
    const interval = this.interval(data);
    return html`<div class="wrap" aria-busy=${this.busy ? 'true' : 'false'}>
      <div part="header" class="head">
        <div>
          <h2 id="title" tabindex="-1">${this.t('plans.title')}</h2>
          <p part="current-plan">${sub.planId === 'free'
            ? this.t('plans.current.free')
            : sub.planId === 'ultra'
              ? this.t('plans.current.custom', { plan: sub.planName })
              : this.t('plans.current.paid', { plan: sub.planName, interval: this.intervalWord(sub.interval), date: this.date(sub.termEnd) })}</p>
        </div>
        ${this.checkoutFlow ? nothing : this.renderToggle(interval, plans.yearlyDiscountPct)}
      </div>
      ${canChange ? nothing : html`<p part="read-only" class="notice" role="note">${this.t('plans.readOnly')}</p>`}
      ${sub.pastDue ? html`<p class="notice warn" role="note">${this.t('plans.pastDue')}</p>` : nothing}
      ${this.renderPending(data, canChange)}
      ${this.checkoutFlow
        ? this.renderCheckout(this.checkoutFlow, data)
        : html`
            ${canChange && sub.planId === 'free' && !this.ctx?.checkout
              ? html`<p id="checkout-unavailable" part="checkout-unavailable" class="notice warn" role="note">${this.t('plans.checkout.unavailable')}</p>`
              : nothing}
            ${this.renderRecommendation(data)}
            <ul part="cards" class="cards" role="list" aria-label=${this.t('plans.cardsLabel')}>
              ${plans.plans.map((p) => this.renderCard(p, interval, data, canChange))}
            </ul>
            ${sub.seatBilling ? html`<p part="seat-billing" class="notice" role="note">${this.t('plans.seatBilling')}</p>` : nothing}
            ${this.renderLimits(data)}
            ${this.renderCancel(data, canChange)}
          `}
    </div>`;
  }

  private renderToggle(interval: Interval, pct: number): TemplateResult {
    const option = (value: Interval) => html`<label
      ><input type="radio" name="interval" value=${value} .checked=${interval === value} @change=${() => (this.chosenInterval = value)} />${this.t(`plans.interval.${value}`)}${value === 'year'
        ? html` <span part="yearly-badge" class="badge ok" aria-hidden="true">${this.t('plans.yearlyBadge', { pct })}</span><span class="sr-only">(${this.t('plans.yearlyBadgeLabel', { pct })})</span>`
        : nothing}</label
    >`;
    return html`<fieldset part="interval-toggle" class="interval">
      <legend class="sr-only">${this.t('plans.interval.legend')}</legend>
      ${option('month')}${option('year')}
    </fieldset>`;
  }

  private renderRecommendation(data: PickerData): TemplateResult {
    const rec = data.plans.recommended;
    const text = rec === data.sub.planId ? this.t('plans.recommended.current') : this.t('plans.recommended.other', { plan: this.planName(rec, data) });
    return html`<p part="recommendation" class="hint">${text} <span class="muted">${this.t('plans.recommended.hint')}</span></p>`;
  }

  private renderPending(data: PickerData, canChange: boolean): TemplateResult | typeof nothing {
    const p = data.sub.pendingChange;
    if (!p) return nothing;
    const date = this.date(p.effectiveAt);
    const current = data.sub.planName;
    const text =
      p.kind === 'cancel'
        ? this.t('plans.pending.cancel', { current, date })
        : p.kind === 'interval'
          ? this.t('plans.pending.interval', { interval: this.intervalWord(p.interval), date })
          : this.t('plans.pending.downgrade', { plan: this.planName(p.planId, data), current, date });
    return html`<div part="pending-banner" class="notice warn banner" role="note">
      <p>${text}${p.keep ? html` ${this.t('plans.pending.keepList')}` : nothing}</p>
      ${canChange
        ? html`<button part="keep-plan-button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.keepPlan}>${this.t('plans.pending.keep')}</button>`
        : nothing}
    </div>`;
  }

  private renderCard(plan: Plan, interval: Interval, data: PickerData, canChange: boolean): TemplateResult {
    const { sub, plans } = data;
    const current = sub.planId === plan.id;
    const recommended = plans.recommended === plan.id;
    const parts = ['card', `card-${plan.id}`, current ? 'card-current' : '', recommended ? 'card-recommended' : ''].filter(Boolean).join(' ');
    const price = plan.price;
    return html`<li part=${parts} class="card ${current ? 'current' : ''} ${recommended ? 'recommended' : ''}" aria-labelledby="plan-${plan.id}" aria-current=${current ? 'true' : 'false'}>
      <div class="badges">
        ${current
          ? html`<span part="current-badge" class="badge accent">${current && plan.selfServe && sub.interval !== interval
              ? this.t('plans.badge.currentInterval', { interval: this.intervalWord(sub.interval) })
              : this.t('plans.badge.current')}</span>`
          : nothing}
        ${recommended ? html`<span part="recommended-badge" class="badge ok">${this.t('plans.badge.recommended')}</span>` : nothing}
      </div>
      <h3 id="plan-${plan.id}">${plan.name}</h3>
      ${price
        ? html`<p part="price" class="price">
              <strong>${this.price(interval === 'year' ? price.yearlyPerMonth : price.month, data)}</strong><span class="per">${this.t('plans.price.perMonth')}</span>
            </p>
            <p class="hint">${interval === 'year' ? this.t('plans.price.billedYearly', { amount: this.price(price.year, data) }) : this.t('plans.price.billedMonthly')}</p>`
        : html`<p part="price" class="price"><strong>${this.t('plans.price.custom')}</strong></p>
            <p class="hint">${this.t('plans.price.customHint')}</p>`}
      <div class="action">${canChange ? this.renderAction(plan, interval, data) : nothing}</div>
    </li>`;
  }

  private renderAction(plan: Plan, interval: Interval, data: PickerData): TemplateResult | typeof nothing {
    const action = this.actionFor(plan, interval, data.sub);
    const name = plan.name;
    const disabled = this.busy ? 'true' : 'false';
    switch (action.kind) {
      case 'current':
        return nothing;
      case 'scheduled':
        return html`<span class="badge warn">${this.t('plans.badge.scheduled', { date: this.date(action.date) })}</span>`;
      case 'contact':
        return html`<button part="action-button contact-button" aria-label=${this.t('plans.action.contactLabel', { plan: name })} @click=${() => this.contactSales(plan)}>
          ${this.t('plans.action.contact')}
        </button>`;
      case 'checkout': {
        const configured = !!this.ctx?.checkout;
        return html`<button
          part="action-button choose-button"
          class=${data.plans.recommended === plan.id ? 'primary' : ''}
          ?disabled=${!configured}
          aria-disabled=${disabled}
          aria-describedby=${configured ? nothing : 'checkout-unavailable'}
          @click=${(e: Event) => this.startCheckout(e, plan.id, interval)}
        >
          ${this.t('plans.action.choose', { plan: name })}
        </button>`;
      }
      case 'upgrade':
        return html`<button part="action-button upgrade-button" class="primary" aria-haspopup="dialog" aria-disabled=${disabled} @click=${(e: Event) => this.openChange(e, 'upgrade', plan.id, interval)}>
          ${this.t('plans.action.upgrade', { plan: name })}
        </button>`;
      case 'downgrade':
        return html`<button part="action-button downgrade-button" aria-haspopup="dialog" aria-disabled=${disabled} @click=${(e: Event) => this.openChange(e, 'downgrade', plan.id, interval)}>
          ${this.t('plans.action.downgrade', { plan: name })}
        </button>`;
      case 'toYearly':
        return html`<button part="action-button interval-button" class="primary" aria-haspopup="dialog" aria-disabled=${disabled} @click=${(e: Event) => this.openChange(e, 'toYearly', plan.id, 'year')}>
          ${this.t('plans.action.toYearly')}
        </button>`;
      case 'toMonthly':
        return html`<button part="action-button interval-button" aria-haspopup="dialog" aria-disabled=${disabled} @click=${(e: Event) => this.openChange(e, 'toMonthly', plan.id, 'month')}>
          ${this.t('plans.action.toMonthly')}
        </button>`;
      case 'yearlyFirst':
        return html`<p class="hint">${this.t('plans.action.yearlyFirst')}</p>
          <button part="action-button show-yearly-button" class="link" @click=${() => (this.chosenInterval = 'year')}>${this.t('plans.action.showYearly')}</button>`;
    }
  }

  private limitCell(key: LimitKey, value: number | null, seatBilling: boolean): TemplateResult | string {
    if (key === 'seats' && seatBilling) return this.t('plans.limits.perMember');
    if (value === null) {
      if (key === 'credits') return this.t('plans.limits.custom');
      return html`<span aria-hidden="true">∞</span><span class="sr-only">${this.t('plans.limits.unlimited')}</span>`;
    }
    return this.num(value);
  }

  private renderLimits(data: PickerData): TemplateResult {
    const { sub, plans } = data;
    const free = sub.planId === 'free';
    const meters = sub.meters;
    return html`<div part="limits" class="limits" role="region" aria-labelledby="limits-title" tabindex="0">
      <table>
        <caption id="limits-title">${this.t('plans.limits.title')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('plans.limits.limit')}</th>
            <th scope="col">${this.t('plans.limits.usage')}</th>
            ${free ? html`<th scope="col" class="current">${this.t('plans.limits.currentCol', { plan: this.t('plans.free') })}</th>` : nothing}
            ${plans.plans.map((p) => html`<th scope="col" class=${p.id === sub.planId ? 'current' : ''}>${p.id === sub.planId ? this.t('plans.limits.currentCol', { plan: p.name }) : p.name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${LIMIT_KEYS.map(
            (key) => html`<tr>
              <th scope="row">${this.t(`plans.limits.${key}`)}${key === 'kbPages' ? html`<div class="hint">${this.t('plans.limits.kbHint')}</div>` : nothing}</th>
              <td class="usage">${this.num(meters[key].used)}${key === 'credits' ? html`<div class="hint">${this.t('plans.limits.thisCycle')}</div>` : nothing}</td>
              ${free ? html`<td class="current">${this.limitCell(key, sub.limits[key], sub.seatBilling)}</td>` : nothing}
              ${plans.plans.map((p) => html`<td class=${p.id === sub.planId ? 'current' : ''}>${this.limitCell(key, p.id === sub.planId ? sub.limits[key] : p.limits[key], sub.seatBilling)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCancel(data: PickerData, canChange: boolean): TemplateResult | typeof nothing {
    const { sub } = data;
    if (!canChange || sub.planId === 'free' || sub.pendingChange?.kind === 'cancel') return nothing;
    return html`<div class="foot">
      <button part="cancel-button" class="danger" aria-haspopup="dialog" aria-disabled=${this.busy ? 'true' : 'false'} aria-describedby="cancel-hint" @click=${(e: Event) => this.openChange(e, 'cancel', 'free', 'month')}>
        ${this.t('plans.action.cancel')}
      </button>
      <p id="cancel-hint" class="hint">${this.t('plans.cancel.hint')}</p>
    </div>`;
  }

  private renderCheckout(flow: CheckoutFlow, data: PickerData): TemplateResult {
    return html`<section part="checkout" class="checkout" aria-labelledby="checkout-title" aria-busy=${flow.phase === 'opening' ? 'true' : 'false'}>
      <div class="spread">
        <h3 id="checkout-title" tabindex="-1">${this.t('plans.checkout.title', { plan: this.planName(flow.planId, data), interval: this.intervalWord(flow.interval) })}</h3>
        <button part="checkout-back" @click=${this.closeCheckout}>${this.t('plans.checkout.back')}</button>
      </div>
      ${flow.phase === 'opening' && !flow.error ? html`<p class="loading-line">${this.t('plans.checkout.opening')}</p>` : nothing}
      <div part="checkout-error" role="alert" class="dialog-error">${flow.error
        ? html`<div class="notice error"><p>${flow.error}</p>${flow.phase === 'opening'
            ? html`<div class="row"><button @click=${this.retryCheckout}>${this.t('state.retry')}</button></div>`
            : nothing}</div>`
        : nothing}</div>
      <slot name="checkout"></slot>
    </section>`;
  }

  // — the change dialog (CHG-2, CHG-4, CHG-5, CHG-6) —

  private dialogTitle(c: ChangeFlow): string {
    const plan = this.planName(c.planId);
    switch (c.intent) {
      case 'upgrade':
        return this.t('plans.dialog.upgrade.title', { plan });
      case 'downgrade':
        return this.t('plans.dialog.downgrade.title', { plan });
      case 'cancel':
        return this.t('plans.dialog.cancel.title');
      case 'toYearly':
        return this.t('plans.dialog.toYearly.title');
      case 'toMonthly':
        return this.t('plans.dialog.toMonthly.title');
    }
  }

  private dialogBody(p: PlanPreview): string {
    const current = this.loader.value?.sub.planName ?? '';
    const date = this.date(p.effectiveAt);
    if (p.timing === 'now') {
      if (p.kind === 'interval') return this.t('plans.dialog.toYearlyNow');
      return p.from.interval !== p.to.interval || p.unusedCredit > 0
        ? this.t('plans.dialog.upgradeNewTerm', { interval: this.intervalWord(p.to.interval) })
        : this.t('plans.dialog.upgradeNow');
    }
    if (p.kind === 'cancel') return this.t('plans.dialog.cancelLater', { date, current });
    if (p.kind === 'interval') return this.t('plans.dialog.toMonthlyLater', { date, amount: this.money(p.nextInvoice.amount, p.currency) });
    return this.t('plans.dialog.downgradeLater', { date, current });
  }

  private confirmLabel(p: PlanPreview | null): string {
    if (!p) return this.t('common.confirm');
    const date = this.date(p.effectiveAt);
    if (p.timing === 'now') {
      const amount = this.money(p.amountDueNow, p.currency);
      if (p.kind === 'interval') return p.amountDueNow > 0 ? this.t('plans.confirm.payInterval', { amount }) : this.t('plans.confirm.switch');
      return p.amountDueNow > 0 ? this.t('plans.confirm.pay', { amount }) : this.t('plans.confirm.upgrade');
    }
    if (p.kind === 'cancel') return this.t('plans.confirm.cancel', { date });
    if (p.kind === 'interval') return this.t('plans.confirm.toMonthly', { date });
    return this.t('plans.confirm.downgrade', { date });
  }

  private renderChangeDialog(): TemplateResult | typeof nothing {
    if (!this.can('plans.change')) return nothing;
    const c = this.change;
    const p = c?.preview ?? null;
    const sub = this.loader.value?.sub;
    const kindPart = c ? (c.intent === 'toYearly' || c.intent === 'toMonthly' ? 'interval-dialog' : `${c.intent}-dialog`) : '';
    return html`<dialog id="change-dialog" part="change-dialog ${kindPart}" aria-labelledby="change-title" aria-describedby="change-body" @close=${this.onChangeClosed} @cancel=${this.onChangeCancel}>
      ${c
        ? html`<h2 id="change-title">${this.dialogTitle(c)}</h2>
            <div aria-busy=${c.previewing ? 'true' : 'false'}>
              ${p
                ? html`<p id="change-body">${this.dialogBody(p)}</p>
                    ${this.renderSummary(p)}
                    ${p.timing === 'now' && sub?.paymentMethod ? html`<p class="hint">${this.t('plans.dialog.card', { last4: sub.paymentMethod.last4 })}</p>` : nothing}
                    ${sub?.pendingChange ? html`<p class="hint">${this.t('plans.dialog.replacesPending', { date: this.date(sub.pendingChange.effectiveAt) })}</p>` : nothing}
                    ${p.keep ? this.renderKeep(c, p, sub?.seatBilling ?? false) : nothing}`
                : html`<p id="change-body" class="loading-line" role="status">${c.previewError ? '' : this.t('plans.dialog.loading')}</p>`}
              ${c.previewError ? html`<p class="field-error" role="alert">${c.previewError}</p>` : nothing}
            </div>
            <div part="dialog-error" role="alert" class="dialog-error">${c.error ? html`<p class="notice error">${c.error}</p>` : nothing}</div>
            <div class="actions">
              <button id="change-back" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.goBack}>${this.t('plans.dialog.back')}</button>
              <button
                part="confirm-button"
                class=${c.intent === 'cancel' ? 'danger primary' : 'primary'}
                ?disabled=${!p}
                aria-disabled=${this.busy || c.previewing ? 'true' : 'false'}
                @click=${this.confirmChange}
              >
                ${this.busy ? this.t('plans.confirm.working') : this.confirmLabel(p)}
              </button>
            </div>`
        : nothing}
    </dialog>`;
  }

  private renderSummary(p: PlanPreview): TemplateResult {
    const m = (minor: number) => this.money(minor, p.currency);
    return html`<dl part="preview" class="summary" aria-label=${this.t('plans.dialog.summary')}>
      ${p.timing === 'now'
        ? html`<dt>${this.t('plans.dialog.dueNow')}</dt><dd class="due">${m(p.amountDueNow)}</dd>
            ${p.unusedCredit > 0 ? html`<dt>${this.t('plans.dialog.credit')}</dt><dd>−${m(p.unusedCredit)}</dd>` : nothing}`
        : html`<dt>${this.t('plans.dialog.effective')}</dt><dd>${this.date(p.effectiveAt)}</dd>`}
      ${p.to.planId === 'free'
        ? nothing
        : html`<dt>${this.t('plans.dialog.nextInvoice')}</dt><dd>${this.t('plans.dialog.nextInvoiceValue', { amount: m(p.nextInvoice.amount), date: this.date(p.nextInvoice.date) })}</dd>`}
    </dl>`;
  }

  /** CHG-4 / CHG-5: the keep-list, bounded by the target plan's limits; the owner is always kept. */
  private renderKeep(c: ChangeFlow, p: PlanPreview, seatBilling: boolean): TemplateResult {
    const keep = p.keep;
    if (!keep) return html``;
    const plan = this.planName(c.planId);
    const membersOver = keep.members.limit !== null && keep.members.active > keep.members.limit;
    const agentsOver = keep.agents.limit !== null && keep.agents.active > keep.agents.limit;
    const people = c.people;
    if ((membersOver || agentsOver) && !people) return html`<p class="loading-line" role="status">${this.t('plans.keep.loading')}</p>`;
    const date = this.date(p.effectiveAt);
    const memberName = new Map((people?.members ?? []).map((x) => [x.userId, x.name]));
    const agentName = new Map((people?.agents ?? []).map((x) => [x.id, x.name]));
    const gone = [...keep.willDeactivate.memberIds.map((id) => memberName.get(id) ?? id), ...keep.willDeactivate.agentIds.map((id) => agentName.get(id) ?? id)];
    return html`
      ${membersOver && people && keep.members.limit !== null
        ? this.renderKeepMembers(c, people.members, keep.members.limit, plan)
        : html`<p class="hint">${seatBilling ? this.t('plans.keep.seatBilling') : this.t('plans.keep.membersAllStay', { count: keep.members.active })}</p>`}
      ${agentsOver && people && keep.agents.limit !== null
        ? this.renderKeepAgents(c, people.agents, keep.agents.limit, plan)
        : html`<p class="hint">${this.t('plans.keep.agentsAllStay', { count: keep.agents.active })}</p>`}
      ${membersOver || agentsOver
        ? html`<div part="will-deactivate" class="deactivate">
            <strong>${this.t('plans.keep.willDeactivate', { date })}</strong>
            ${gone.length ? html`<ul>${gone.map((n) => html`<li>${n}</li>`)}</ul>` : html`<p class="hint">${this.t('plans.keep.nobody')}</p>`}
          </div>`
        : nothing}
    `;
  }

  private renderKeepMembers(c: ChangeFlow, members: Member[], limit: number, plan: string): TemplateResult {
    const count = 1 + c.keepMembers.length;
    const full = count >= limit;
    return html`<fieldset part="keep-members" class="keep" aria-describedby="keep-members-hint">
      <legend>${this.t('plans.keep.members')}<span class="count">${this.t('plans.keep.count', { count, limit })}</span></legend>
      <div id="keep-members-hint" class="hint">${this.t('plans.keep.membersHint', { plan, limit })}</div>
      ${members.map((m) => {
        const owner = m.role === 'owner';
        const checked = owner || c.keepMembers.includes(m.userId);
        return html`<label
          ><input
            type="checkbox"
            name="keep-member"
            value=${m.userId}
            .checked=${checked}
            ?disabled=${owner || (!checked && full) || this.busy}
            @change=${(e: Event) => this.toggleKeep('member', m.userId, (e.target as HTMLInputElement).checked)}
          /><span>${m.name} <span class="muted">${owner ? `(${this.t('plans.keep.owner')})` : `· ${this.t(`role.${m.role}`)}`}</span></span></label
        >`;
      })}
    </fieldset>`;
  }

  private renderKeepAgents(c: ChangeFlow, agents: Agent[], limit: number, plan: string): TemplateResult {
    const count = c.keepAgents.length;
    const full = count >= limit;
    return html`<fieldset part="keep-agents" class="keep" aria-describedby="keep-agents-hint">
      <legend>${this.t('plans.keep.agents')}<span class="count">${this.t('plans.keep.count', { count, limit })}</span></legend>
      <div id="keep-agents-hint" class="hint">${this.t('plans.keep.agentsHint', { plan, limit })}</div>
      ${agents.map((a) => {
        const checked = c.keepAgents.includes(a.id);
        return html`<label
          ><input
            type="checkbox"
            name="keep-agent"
            value=${a.id}
            .checked=${checked}
            ?disabled=${(!checked && full) || this.busy}
            @change=${(e: Event) => this.toggleKeep('agent', a.id, (e.target as HTMLInputElement).checked)}
          /><span>${a.name}</span></label
        >`;
      })}
    </fieldset>`;
  }

  // — opening, previewing and confirming a change —

  private async openChange(e: Event, intent: Intent, planId: PlanId, interval: Interval): Promise<void> {
    if (this.busy) return;
    this.returnFocus = e.currentTarget as HTMLElement;
    this.announcement = null;
    this.changeKey = null; // a new intent: a new idempotency key when it is confirmed
    this.change = { intent, planId, interval, preview: null, previewing: true, previewError: null, people: null, keepMembers: [], keepAgents: [], error: null };
    await this.updateComplete;
    const dialog = this.$<HTMLDialogElement>('#change-dialog');
    if (dialog && !dialog.open) dialog.showModal();
    this.$('#change-back')?.focus();
    await this.runPreview();
  }

  private keepFor(c: ChangeFlow): { memberIds: string[]; agentIds: string[] } | undefined {
    if (!c.preview?.keep?.required || !c.people) return undefined;
    return { memberIds: [...c.keepMembers], agentIds: [...c.keepAgents] };
  }

  /** Ask the server what the change costs and does (with the keep-list as chosen so far). */
  private async runPreview(): Promise<void> {
    const c = this.change;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!c || !client) return;
    const seq = (this.previewSeq += 1);
    this.change = { ...c, previewing: true };
    try {
      const keep = this.keepFor(c);
      const preview = await client.subscription.preview(orgId, { planId: c.planId, interval: c.interval, ...(keep ? { keep } : {}) });
      if (seq !== this.previewSeq || !this.change) return;
      this.change = { ...this.change, preview, previewing: false, previewError: null };
      if (preview.keep?.required && !this.change.people) await this.loadPeople(preview);
    } catch (error) {
      if (seq !== this.previewSeq || !this.change) return;
      this.change = { ...this.change, previewing: false, previewError: this.errorText(error) };
    }
  }

  /** The members and agents to choose from; prefilled with the pending keep-list, else the earliest up to the limit. */
  private async loadPeople(preview: PlanPreview): Promise<void> {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    const keep = preview.keep;
    if (!client || !keep) return;
    try {
      const [list, agents] = await Promise.all([client.members.list(orgId), client.agents.list(orgId)]);
      const c = this.change;
      if (!c) return;
      const members = list.members.filter((m) => m.state === 'active');
      const active = agents.filter((a) => a.state === 'active');
      const pending = this.loader.value?.sub.pendingChange;
      const previous = pending?.planId === c.planId ? pending.keep : null;
      const others = members.filter((m) => m.role !== 'owner').map((m) => m.userId);
      const memberRoom = Math.max(0, (keep.members.limit ?? others.length + 1) - 1);
      const agentRoom = keep.agents.limit ?? active.length;
      const pick = (ids: string[], room: number, before: string[] | undefined) =>
        (before ? ids.filter((id) => before.includes(id)) : ids).slice(0, room);
      this.change = {
        ...c,
        people: { members, agents: active },
        keepMembers: pick(others, memberRoom, previous?.memberIds),
        keepAgents: pick(active.map((a) => a.id), agentRoom, previous?.agentIds),
      };
      await this.runPreview();
    } catch (error) {
      if (this.change) this.change = { ...this.change, previewError: this.errorText(error) };
    }
  }

  private toggleKeep(kind: 'member' | 'agent', id: string, on: boolean): void {
    const c = this.change;
    if (!c) return;
    const list = kind === 'member' ? c.keepMembers : c.keepAgents;
    const next = on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id);
    this.change = kind === 'member' ? { ...c, keepMembers: next, error: null } : { ...c, keepAgents: next, error: null };
    void this.runPreview();
  }

  private closeChange = (): void => {
    this.$<HTMLDialogElement>('#change-dialog')?.close();
  };

  /** "Go back" waits, like Escape, while the change is being made (its answer is shown in the dialog). */
  private goBack = (): void => {
    if (!this.busy) this.closeChange();
  };

  private onChangeCancel = (e: Event): void => {
    if (this.busy) e.preventDefault(); // Escape while the change is being made: wait for its answer
  };

  private onChangeClosed = (e: Event): void => {
    if ((e.currentTarget as HTMLDialogElement).open) return;
    this.change = null;
    this.previewSeq += 1;
    this.restoreFocus();
  };

  private restoreFocus(): void {
    const selector = this.returnFocusSelector;
    const target = this.returnFocus?.isConnected ? this.returnFocus : selector ? this.$(selector) : null;
    this.returnFocus = null;
    this.returnFocusSelector = null;
    if (target && !(target as HTMLButtonElement).disabled) target.focus();
    else this.$('#title')?.focus();
  }

  private confirmChange = async (): Promise<void> => {
    const c = this.change;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!c?.preview || !client || this.busy || c.previewing) return;
    const keep = this.keepFor(c);
    const body = { planId: c.planId, interval: c.interval, ...(keep ? { keep } : {}) };
    const fingerprint = JSON.stringify(body);
    // One intent, one key: a double click or a retry after an error can never change (or charge) twice.
    if (this.changeKey?.fingerprint !== fingerprint) this.changeKey = { fingerprint, key: crypto.randomUUID() };
    const key = this.changeKey.key;
    const kind = c.preview.kind;
    if (!this.request('orgkit-plan-change-request', { orgId, planId: c.planId, interval: c.interval, kind })) {
      this.closeChange();
      return;
    }
    this.busy = true;
    this.change = { ...c, error: null };
    try {
      const result = await client.subscription.change(orgId, body, { idempotencyKey: key });
      this.changeKey = null;
      const plan = this.planName(c.planId);
      this.returnFocus = null;
      this.closeChange();
      if (result.status === 'applied') {
        this.announce(this.t('plans.result.applied', { plan, interval: this.intervalWord(c.interval), amount: this.price(result.amountDueNow) }));
        this.emitChange('orgkit-plan-changed', { orgId, planId: result.subscription.planId, interval: result.subscription.interval, kind: result.kind }, this.reload);
      } else if (result.status === 'pending_payment') {
        this.announce(this.t('plans.result.pendingPayment', { plan, amount: this.price(result.amountDueNow) }), 'warn');
        this.emitChange('orgkit-plan-payment-pending', { orgId, planId: c.planId, interval: c.interval }, this.reload);
      } else {
        const date = this.date(result.effectiveAt);
        this.announce(
          result.kind === 'cancel'
            ? this.t('plans.result.cancelScheduled', { date })
            : result.kind === 'interval'
              ? this.t('plans.result.intervalScheduled', { date })
              : this.t('plans.result.scheduled', { plan, date }),
        );
        this.emitChange('orgkit-plan-change-scheduled', { orgId, planId: c.planId, interval: c.interval, kind: result.kind, effectiveAt: result.effectiveAt }, this.reload);
      }
    } catch (error) {
      // Nothing changed: the dialog stays open with every choice as it was, the server's reason shown.
      if (this.change) this.change = { ...this.change, error: this.errorText(error) };
    } finally {
      this.busy = false;
    }
  };

  // — "Keep my plan" (CHG-5) —

  private keepPlan = async (): Promise<void> => {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client || this.busy) return;
    this.busy = true;
    try {
      const sub = await client.subscription.keepCurrent(orgId);
      this.announce(this.t('plans.pending.kept', { plan: sub.planName }));
      this.$('#title')?.focus();
      this.emitChange('orgkit-plan-kept', { orgId, planId: sub.planId }, this.reload);
    } catch (error) {
      this.announce(this.errorText(error), 'warn');
    } finally {
      this.busy = false;
    }
  };

  // — Ultra: contact sales (PLAN-1) —

  private contactSales(plan: Plan): void {
    if (!this.request('orgkit-contact-sales-request', { orgId: this.orgId, planId: plan.id })) return;
    if (this.salesHref) window.open(this.salesHref, '_blank', 'noopener');
    else this.announce(this.t('plans.sales.hint', { plan: plan.name }));
  }

  // — Free → paid: checkout (CHG-3, BILL-4) —

  private async startCheckout(e: Event, planId: PlanId, interval: Interval): Promise<void> {
    if (this.busy || this.checkoutFlow || !this.ctx?.checkout) return;
    if (!this.request('orgkit-plan-change-request', { orgId: this.orgId, planId, interval, kind: 'subscription' })) return;
    this.returnFocus = e.currentTarget as HTMLElement;
    this.returnFocusSelector = `[part~="card-${planId}"] [part~="action-button"]`;
    this.announcement = null;
    this.checkoutKey = crypto.randomUUID(); // one key for this checkout: a double click opens one session
    this.checkoutFlow = { planId, interval, phase: 'opening', error: null };
    await this.updateComplete;
    this.$('#checkout-title')?.focus();
    await this.openCheckoutSession();
  }

  private retryCheckout = (): void => {
    void this.openCheckoutSession();
  };

  private async openCheckoutSession(): Promise<void> {
    const flow = this.checkoutFlow;
    const client = this.ctx?.client;
    const provider = this.ctx?.checkout;
    const orgId = this.orgId;
    if (!flow || !client || !provider || this.busy) return;
    this.busy = true;
    this.checkoutFlow = { ...flow, error: null };
    try {
      const session = await client.checkout.start(orgId, { purpose: 'subscription', planId: flow.planId, interval: flow.interval }, { idempotencyKey: this.checkoutKey ?? undefined });
      if (this.checkoutFlow !== null && this.checkoutFlow.planId === flow.planId) {
        await this.updateComplete;
        this.checkoutHandle?.destroy();
        this.checkoutHandle = await provider.mount(this.lightContainer(), session, orgId, {
          onComplete: () => void this.checkoutCompleted(flow),
          onError: (error) => {
            if (this.checkoutFlow) this.checkoutFlow = { ...this.checkoutFlow, error: this.errorText(error) };
          },
        });
        if (this.checkoutFlow) this.checkoutFlow = { ...this.checkoutFlow, phase: 'open' };
        else this.teardownCheckout(); // closed while it was mounting
      }
    } catch (error) {
      if (this.checkoutFlow) this.checkoutFlow = { ...this.checkoutFlow, error: this.errorText(error) };
    } finally {
      this.busy = false;
    }
  }

  /** The light-DOM child the checkout is mounted into (Stripe's iframe must not be in a shadow root). */
  private lightContainer(): HTMLElement {
    if (!this.checkoutContainer?.isConnected) {
      const div = document.createElement('div');
      div.slot = 'checkout';
      this.append(div);
      this.checkoutContainer = div;
    }
    return this.checkoutContainer;
  }

  private teardownCheckout(): void {
    this.checkoutHandle?.destroy();
    this.checkoutHandle = null;
    this.checkoutContainer?.remove();
    this.checkoutContainer = null;
    this.checkoutKey = null;
  }

  private closeCheckout = (): void => {
    this.teardownCheckout();
    this.checkoutFlow = null;
    void this.updateComplete.then(() => this.restoreFocus());
  };

  /** The payment went through (or is pending collection): the plan shows as changed as soon as it has. */
  private async checkoutCompleted(flow: CheckoutFlow): Promise<void> {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client) return;
    const plan = this.planName(flow.planId);
    const sub = await client.subscription.get(orgId).catch(() => null);
    this.teardownCheckout();
    this.checkoutFlow = null;
    this.returnFocus = null;
    this.returnFocusSelector = null;
    if (sub && sub.planId !== 'free') {
      this.announce(this.t('plans.checkout.done', { plan: sub.planName }));
      this.emitChange('orgkit-plan-changed', { orgId, planId: sub.planId, interval: sub.interval, kind: 'subscription' }, this.reload);
    } else {
      this.announce(this.t('plans.checkout.pending', { plan }), 'warn');
      this.emitChange('orgkit-plan-payment-pending', { orgId, planId: flow.planId, interval: flow.interval }, this.reload);
    }
    await this.updateComplete;
    this.$('#title')?.focus();
  }
}
