import { ContextConsumer } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { OrgKitClient } from '@orgkit/client';
import { ApiError, ConnectionError, TimeoutError } from '@orgkit/client';
import type { Capability, Currency } from '@orgkit/contract';
import type { OrgKitContext } from './context.js';
import { orgkitContext, PROVIDER_MARK } from './context.js';
import type { OrgKitEventDetails, OrgKitEventName } from './events.js';
import { orgkitEvent } from './events.js';
import { formatDate, formatMoney, formatNumber, formatRelative } from './format.js';
import type { Locale, MessageKey, Values } from './messages.js';
import { hasMessage, resolveLocale, translate } from './messages.js';
import { SessionController } from './session.js';
import { shared, tokens } from './styles.js';

/**
 * The base of every OrgKit element: it takes client, user, organization and capabilities from an <org-provider>
 * above it — or, with none, loads them itself from its own `api-base` / `org` / `client` — and offers text,
 * formatting and events to the element.
 *
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 */
export class OrgKitElement extends LitElement {
  static override styles = [tokens, shared];

  @property({ attribute: 'api-base' }) apiBase?: string;
  @property() org?: string;
  @property() locale?: string;
  @property({ reflect: true }) theme?: 'light' | 'dark';
  /** A configured client (your auth) when there is no <org-provider>. */
  @property({ attribute: false }) client?: OrgKitClient;
  /** Used without a provider: Stripe publishable key for checkouts. */
  @property({ attribute: 'stripe-key' }) stripeKey?: string;
  /** Used without a provider: `simulated` for the mock's checkout. */
  @property() checkout?: string;

  /** What the provider (or this element on its own) knows. @internal */
  @state() ctx?: OrgKitContext;
  private fromProvider = false;
  private own?: SessionController;

  constructor() {
    super();
    new ContextConsumer(this, {
      context: orgkitContext,
      subscribe: true,
      callback: (value) => {
        this.fromProvider = true;
        this.ctx = value;
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.fromProvider && !this.own) {
      this.own = new SessionController(this, () => ({ client: this.client, apiBase: this.apiBase, org: this.org, stripeKey: this.stripeKey, checkoutMode: this.checkout }), (v) => {
        if (!this.fromProvider) this.ctx = v;
      });
      this.own.hostConnected();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.own && !this.fromProvider && (changed.has('client') || changed.has('apiBase') || changed.has('org'))) {
      if (this.hasUpdated) this.own.reconfigure();
    }
  }

  // — capabilities —
  protected can(capability: Capability): boolean {
    return this.ctx?.capabilities.includes(capability) ?? false;
  }

  protected get orgId(): string {
    return this.ctx?.orgId ?? '';
  }

  // — text and formatting —
  protected get uiLocale(): Locale {
    return resolveLocale(this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang);
  }

  protected t(key: MessageKey | (string & {}), values?: Values): string {
    return translate(this.uiLocale, key, values);
  }

  protected get currency(): Currency {
    return this.ctx?.membership?.currency ?? 'USD';
  }

  protected money(minor: number, currency: Currency = this.currency): string {
    return formatMoney(minor, currency, this.uiLocale);
  }

  protected num(n: number): string {
    return formatNumber(n, this.uiLocale);
  }

  protected date(iso: string, withTime = false): string {
    return formatDate(iso, this.uiLocale, withTime);
  }

  /** The server's now (from the session), for countdowns. */
  protected now(): number {
    return Date.now() + (this.ctx?.clockOffset ?? 0);
  }

  protected relative(iso: string, now = this.now()): string {
    return formatRelative(iso, now, this.uiLocale);
  }

  /** What to tell the user about an error: the message table's text for its code, else the server's words. */
  protected errorText(error: unknown): string {
    if (error instanceof ApiError) {
      const key = `error.${error.code}`;
      if (hasMessage(key)) {
        const meta = (error.meta ?? {}) as Values;
        const text = this.t(key, { ...meta, param: error.param ?? '' });
        return /\{\w+\}/.test(text) ? error.message : text; // a placeholder the meta did not fill: the server's words
      }
      return error.message;
    }
    if (error instanceof ConnectionError) return this.t('state.offline');
    if (error instanceof TimeoutError) return this.t('state.timeout');
    return this.t('state.error');
  }

  // — the element's place —
  /** The first element in this element's shadow root that matches `selector`. */
  protected $<T extends Element = HTMLElement>(selector: string): T | null {
    return this.renderRoot.querySelector<T>(selector);
  }

  /**
   * Whether an <org-provider> (defined yet or not, under any prefix) is above this element, across shadow roots: it
   * then refreshes every element on a change event and switches the organization on `orgkit-org-select`.
   */
  protected get underProvider(): boolean {
    let node: Node | null = this.parentNode;
    while (node) {
      if (node instanceof Element && (PROVIDER_MARK in node || /(^|-)org-provider$/.test(node.localName))) return true;
      node = node instanceof ShadowRoot ? node.host : node.parentNode;
    }
    return false;
  }

  // — events —
  protected emit<K extends OrgKitEventName>(name: K, detail: OrgKitEventDetails[K]): void {
    this.dispatchEvent(orgkitEvent(name, detail));
  }

  /**
   * After a change on the server: fire the element's event, and `orgkit-changed` so the provider refreshes every
   * element (without a provider, this element reloads itself through `reload`).
   */
  protected emitChange<K extends OrgKitEventName>(name: K, detail: OrgKitEventDetails[K], reload?: () => void): void {
    this.emit(name, detail);
    this.dispatchEvent(orgkitEvent('orgkit-changed', { source: name }));
    if (!this.fromProvider) reload?.();
  }

  /** Fire a cancelable `…-request` event before an action; false when the host vetoed it. */
  protected request<K extends OrgKitEventName>(name: K, detail: OrgKitEventDetails[K]): boolean {
    return this.dispatchEvent(orgkitEvent(name, detail, true));
  }

  /** The calm explanation shown instead of data (a member, or a missing capability). */
  /** @internal */
  renderNoAccess(): TemplateResult {
    const member = this.ctx?.membership?.role === 'member';
    return html`<div part="no-access" class="notice" role="note">
      <slot name="no-access"><strong>${this.t('state.noAccess.title')}</strong>
        <p style="margin:6px 0 0">${this.t(member ? 'state.noAccess.member' : 'state.noAccess.capability')}</p></slot>
    </div>`;
  }

  /** @internal */
  renderError(error: unknown, retry: () => void): TemplateResult {
    return html`<div part="error" class="notice error" role="alert">
      <p>${this.errorText(error)}</p>
      <button part="retry-button" @click=${retry}>${this.t('state.retry')}</button>
    </div>`;
  }

  /** @internal */
  renderLoading(): TemplateResult {
    return html`<div part="loading" class="skeleton" role="status" aria-live="polite" aria-busy="true">
      <span class="sr-only">${this.t('state.loading')}</span><span style="width:40%"></span><span></span><span style="width:70%"></span>
    </div>`;
  }

  /**
   * The states that come before any data, the same in every element: loading the session, its error, signed out,
   * no organization, a deactivated member (blocked), a missing capability (no-access). `nothing` when ready.
   * @internal
   */
  renderGate(capability: Capability | readonly Capability[] | null): TemplateResult | typeof nothing {
    const ctx = this.ctx;
    if (!ctx || (ctx.loading && !ctx.user)) return this.renderLoading();
    if (ctx.error && !ctx.user) return this.renderError(ctx.error, () => ctx.refresh());
    if (!ctx.user) return html`<div part="no-access" class="notice">${this.t('state.signedOut')}</div>`;
    if (!ctx.membership) return html`<div part="no-access" class="notice">${this.t('state.noOrg')}</div>`;
    if (ctx.membership.state !== 'active') {
      return html`<div part="no-access blocked" class="notice warn" role="alert">
        <strong>${this.t('state.blocked.title')}</strong><p style="margin:6px 0 0">${this.t('state.blocked.body')}</p>
      </div>`;
    }
    const needed = capability === null ? [] : typeof capability === 'string' ? [capability] : capability;
    if (needed.length > 0 && !needed.some((c) => this.can(c))) return this.renderNoAccess();
    return nothing;
  }
}
