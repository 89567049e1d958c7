import { ContextEvent } from '@lit/context';
import type { Context, ContextCallback } from '@lit/context';
import { html, nothing, render } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { StaticValue } from 'lit/static-html.js';
import type { Capability } from '@orgkit/contract';
import { OrgKitElement } from './base.js';
import type { OrgKitContext } from './context.js';
import { orgkitContext } from './context.js';
import { orgkitEvent } from './events.js';
import { registerMessages } from './messages.js';
import { consoleMessages } from './org-console/messages.js';
import { consoleStyles } from './org-console/styles.js';

registerMessages(consoleMessages);

/** The console's tabs, in order. */
export const CONSOLE_TABS = ['general', 'members', 'plans', 'usage'] as const;
export type ConsoleTab = (typeof CONSOLE_TABS)[number];

/** The capability that shows each tab (ORG-3, ROLE-4, USE-2): never a role name. */
export const CONSOLE_TAB_CAPABILITY: Readonly<Record<ConsoleTab, Capability>> = {
  general: 'settings.read',
  members: 'members.read',
  plans: 'billing.summary',
  usage: 'billing.summary',
};

/** The OrgKit elements the console composes (by tag, with the console's own prefix). */
type ComposedTag =
  | 'org-provider' | 'org-switcher' | 'org-settings' | 'residency-select' | 'org-members' | 'plan-picker' | 'credit-balance'
  | 'invoice-list' | 'usage-meters' | 'usage-chart' | 'spend-caps';

const OWN_TAG = 'org-console';

/** A panel's layout (inline: the panels are in the light DOM, where the console's styles do not reach). */
const PANEL_STYLE = 'display:grid;gap:var(--orgkit-console-gap,calc(var(--orgkit-space,8px)*3));min-width:0';

export const isConsoleTab = (value: unknown): value is ConsoleTab => typeof value === 'string' && (CONSOLE_TABS as readonly string[]).includes(value);

declare module './events.js' {
  interface OrgKitEventDetails {
    'orgkit-tab-changed': { orgId: string; tab: ConsoleTab };
  }
}

/**
 * The whole "My Organization" area in one tag: tabs General, Members, Plans and Usage, composed from the other OrgKit
 * elements — General is <org-settings> with <residency-select> as its server location, Members <org-members>, Plans
 * <plan-picker>, <credit-balance> and <invoice-list>, Usage <usage-meters>, <usage-chart> and <spend-caps>. Someone
 * in several organizations gets an <org-switcher> in the header (ORG-9).
 *
 * What is shown follows the capabilities only (never role names): General with `settings.read` (hidden for builders
 * and members, ORG-3), Members with `members.read`, Plans and Usage with `billing.summary` (builders get the
 * elements' summary-only states, USE-2); an element whose own capability is missing (<invoice-list> without
 * `invoices.read`, <spend-caps> without `billing.read`) is left out rather than shown as a no-access box. With no tab
 * at all, someone with internal chat sees a calm "Members are chat-only" notice (ROLE-5); a deactivated member sees
 * the organization-access-blocked screen (ROLE-7). A requested tab that is not allowed falls back to the first one
 * that is, and `tab` says so.
 *
 * Only the active panel is rendered, so hidden tabs load nothing — except General while it holds unsaved settings:
 * it is kept (hidden), so leaving the tab never loses what was typed. The composed elements are rendered into the
 * console's light DOM (a `[data-orgkit-console-root]` child, slotted into the shadow tab panel), because Stripe's
 * embedded Checkout refuses to mount inside a shadow root.
 *
 * Inside an <org-provider> it uses that one; on its own (`api-base` / `org` / `client`) it puts an <org-provider>
 * of its own around its content, passing `client`, `api-base`, `org`, `checkout` and `stripe-key` through, so the
 * composed elements share one session and refresh together. The tags are looked up with the console's own prefix
 * (`<acme-org-console>` composes `<acme-org-members>` …); register them all (`defineOrgKit()`, or
 * `@orgkit/elements/define/org-console`, which does).
 *
 * @tag org-console
 * @summary The "My Organization" area: General, Members, Plans and Usage tabs, following the user's capabilities.
 *
 * @attr tab - The tab shown: `general`, `members`, `plans` or `usage` (reflected; default and fallback: the first allowed).
 * @attr sync-hash - Also follow and write `location.hash` (`#general` …): deep links, Back and Forward switch tabs.
 * @attr chat-href - Where the internal chat is: linked from the chat-only notice members see.
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr checkout - Used without a provider: `simulated` for the mock's checkout.
 * @attr stripe-key - Used without a provider: Stripe publishable key for checkouts.
 * @attr locale - `en` or `de`; default: the nearest `lang`. The composed elements follow it.
 * @attr theme - `light` or `dark`; default: the user's color scheme. Set on the composed elements too.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 * @prop {ConsoleTab | null} activeTab - Read-only: the tab shown (null while loading, and when no tab is allowed).
 * @prop {ConsoleTab[]} allowedTabs - Read-only: the tabs the user's capabilities allow, in order.
 *
 * @fires orgkit-tab-changed - The user (a click, the keyboard, a hash change, or an upgrade request from a composed
 *   element) switched the tab (`detail: { orgId, tab }`); not fired when the host sets `tab`, nor for the fallback.
 *
 * @slot heading - Replaces the "My organization" heading.
 * @slot chat-only - Replaces the text of the chat-only notice.
 *
 * @csspart header - The heading, the organization and role, and the organization switcher.
 * @csspart title - The "My organization" heading.
 * @csspart subtitle - The organization's name and the user's role.
 * @csspart switcher - The <org-switcher> (only for someone in several organizations).
 * @csspart tablist - The tab row (`role="tablist"`).
 * @csspart tab - Every tab (also `tab-general`, `tab-members`, `tab-plans`, `tab-usage`, and `tab-selected`).
 * @csspart panel - The tab panel (also `panel-general`, `panel-members`, `panel-plans` or `panel-usage`, for the tab shown).
 * @csspart chat-only - The notice shown to someone whose role is internal chat only.
 * @csspart chat-link - The link to the internal chat in that notice (with `chat-href`).
 * @csspart status - The live region announcing a tab shown without the keyboard (a hash change, an upgrade request).
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - The loading state.
 * @csspart error - The session's error, with `retry-button`.
 *
 * @cssprop --orgkit-console-gap - Space between the tab row and the panel, and between the elements in a panel (default 3 × `--orgkit-space`).
 * @cssprop --orgkit-console-max-width - The console's maximum width (default none: its container's width).
 * @cssprop --orgkit-color-accent - The selected tab's underline, focus.
 * @cssprop --orgkit-color-border - The tab row's line.
 * @cssprop --orgkit-color-surface - Hovered tabs and the chat-only notice.
 * @cssprop --orgkit-color-text - Text and the selected tab.
 * @cssprop --orgkit-color-muted - Other tabs and the subtitle.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-space - The spacing unit.
 */
export class OrgConsole extends OrgKitElement {
  static override styles = [
    ...OrgKitElement.styles,
    consoleStyles,
  ];

  /** The tab shown (reflected); a tab that is not allowed falls back to the first one that is. */
  @property({ reflect: true }) tab?: string;
  /** Follow and write `location.hash` (`#general`, `#members`, `#plans`, `#usage`). */
  @property({ type: Boolean, attribute: 'sync-hash' }) syncHash = false;
  /** Where the internal chat is (a link in the chat-only notice). */
  @property({ attribute: 'chat-href' }) chatHref?: string;

  /** Whether this console puts an <org-provider> of its own around its content (no provider above it). */
  @state() private standalone = false;
  /** Tabs kept rendered (hidden) although not active: General while it holds unsaved settings. */
  @state() private kept: readonly ConsoleTab[] = [];
  @state() private announcement = '';

  /** Standalone: context requests from this element and its shadow root, waiting for the inner provider. */
  private pending: { target: Element; callback: ContextCallback<unknown>; subscribe: boolean }[] = [];
  private forwarding = false;
  private readonly tags = new Map<ComposedTag, StaticValue>();

  constructor() {
    super();
    this.addEventListener('context-request', this.onHostRequest);
    this.addEventListener('orgkit-upgrade-request', this.onUpgradeRequest);
    this.addEventListener('orgkit-usage-details-request', this.onDetailsRequest);
  }

  override connectedCallback(): void {
    // Decided before the base asks for a context: without a provider above, the console's own provider (rendered
    // into the light DOM right here, before the base asks) answers it — so no second session is loaded.
    this.standalone = !this.underProvider;
    this.renderLight();
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener('popstate', this.onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener('popstate', this.onHash);
  }

  // — provider and context —


  /**
   * Standalone, the provider is this console's light-DOM child, so requests made by this element itself (the base's
   * context) and from its shadow root (the header's switcher) can never reach it by bubbling: they are asked again
   * from the provider. The console then shows exactly the session its composed elements share, and follows its
   * refreshes.
   */
  private readonly onHostRequest = (e: ContextEvent<Context<unknown, unknown>>): void => {
    if (!this.standalone || e.context !== orgkitContext) return;
    if (this.forwarding) {
      // Bubbled back out of the provider: its tag is not defined yet — ask again once it is.
      e.stopImmediatePropagation();
      this.pending.push({ target: e.contextTarget ?? this, callback: e.callback, subscribe: e.subscribe ?? false });
      void customElements.whenDefined(this.composedTagName('org-provider')).then(() => this.flush());
      return;
    }
    if (e.contextTarget !== this) return; // the composed elements' requests already passed the provider
    e.stopImmediatePropagation();
    this.forward(this, e.callback, e.subscribe ?? false);
  };

  private readonly onShadowRequest = (e: ContextEvent<Context<unknown, unknown>>): void => {
    if (!this.standalone || e.context !== orgkitContext) return;
    e.stopImmediatePropagation();
    const target = e.contextTarget ?? (e.composedPath()[0] as Element);
    this.forward(target, e.callback, e.subscribe ?? false);
  };

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.addEventListener('context-request', this.onShadowRequest as EventListener);
    root.addEventListener('orgkit-org-select', this.onShadowOrgSelect as EventListener);
    return root;
  }

  /** Standalone, the header's switcher asks the console's own provider to switch (it cannot reach it by bubbling). */
  private readonly onShadowOrgSelect = (e: CustomEvent<{ orgId: string }>): void => {
    const provider = this.innerProvider;
    if (!provider) return;
    e.stopPropagation();
    provider.dispatchEvent(orgkitEvent('orgkit-org-select', { orgId: e.detail.orgId }));
  };

  /** The console's own <org-provider> (standalone only). */
  private get innerProvider(): Element | null {
    return this.standalone ? this.querySelector(':scope > [data-orgkit-console-root]') : null;
  }

  private forward(target: Element, callback: ContextCallback<unknown>, subscribe: boolean): void {
    const provider = this.innerProvider;
    if (!provider) {
      this.pending.push({ target, callback, subscribe });
      return;
    }
    this.forwarding = true;
    try {
      provider.dispatchEvent(new ContextEvent(orgkitContext, target, callback as ContextCallback<OrgKitContext>, subscribe));
    } finally {
      this.forwarding = false;
    }
  }

  private flush(): void {
    const waiting = this.pending;
    this.pending = [];
    for (const r of waiting) if (r.target.isConnected) this.forward(r.target, r.callback, r.subscribe);
  }

  private get tagPrefix(): string {
    return this.localName.endsWith(OWN_TAG) ? this.localName.slice(0, -OWN_TAG.length) : '';
  }

  private composedTagName(name: ComposedTag): string {
    return `${this.tagPrefix}${name}`;
  }

  /** A composed element's tag for a static template (with the console's prefix). */
  private tag(name: ComposedTag): StaticValue {
    let value = this.tags.get(name);
    if (!value) {
      value = unsafeStatic(this.composedTagName(name));
      this.tags.set(name, value);
    }
    return value;
  }

  // — tabs —

  /** Whether the session is loaded for an active member (only then are tabs decided). */
  private get ready(): boolean {
    const ctx = this.ctx;
    return !!ctx?.user && ctx.membership?.state === 'active';
  }

  /** The tabs the capabilities allow, in order. */
  get allowedTabs(): ConsoleTab[] {
    return this.ready ? CONSOLE_TABS.filter((t) => this.can(CONSOLE_TAB_CAPABILITY[t])) : [];
  }

  /** The tab shown: the requested one when allowed, else the first allowed; null before the session or without tabs. */
  get activeTab(): ConsoleTab | null {
    const allowed = this.allowedTabs;
    return isConsoleTab(this.tab) && allowed.includes(this.tab) ? this.tab : (allowed[0] ?? null);
  }

  private hashTab(): ConsoleTab | null {
    const value = decodeURIComponent(location.hash.replace(/^#/, ''));
    return isConsoleTab(value) ? value : null;
  }

  private writeHash(tab: ConsoleTab, mode: 'push' | 'replace'): void {
    const url = `${location.pathname}${location.search}#${tab}`;
    if (mode === 'push') history.pushState(history.state, '', url);
    else history.replaceState(history.state, '', url);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A deep link in the hash wins over the attribute.
    if (changed.has('syncHash') && this.syncHash) this.tab = this.hashTab() ?? this.tab;
    const active = this.activeTab;
    if (!active) return;
    // The fallback (or the default): the attribute says which tab is shown.
    if (this.tab !== active) this.tab = active;
    // A hash naming another tab (a disallowed deep link, or the host set `tab`) is corrected; other hashes are the host's.
    if (this.syncHash) {
      const hashed = this.hashTab();
      if (hashed && hashed !== active) this.writeHash(active, 'replace');
    }
    if (this.kept.includes(active)) this.kept = this.kept.filter((t) => t !== active);
  }

  /** Show another tab because the user asked (click, keys, hash, a composed element's upgrade request). */
  private select(tab: ConsoleTab, how: 'user' | 'hash', options: { focus?: boolean; announce?: boolean } = {}): void {
    const before = this.activeTab;
    if (!before) {
      // Not decided yet (the session is loading): remember the request.
      this.tab = tab;
      return;
    }
    if (tab === before || !this.allowedTabs.includes(tab)) return;
    this.keepUnsaved(before);
    this.tab = tab;
    if (this.syncHash && how === 'user' && this.hashTab() !== tab) this.writeHash(tab, 'push');
    this.emit('orgkit-tab-changed', { orgId: this.orgId, tab });
    if (options.announce) this.announce(this.t('console.shown', { tab: this.t(`console.tab.${tab}`) }));
    if (options.focus) void this.updateComplete.then(() => this.tabButton(tab)?.focus());
  }

  /** Leaving General with unsaved settings keeps it rendered (hidden), so nothing typed is lost. */
  private keepUnsaved(leaving: ConsoleTab): void {
    if (leaving !== 'general') return;
    const settings = this.querySelector<HTMLElement & { hasUnsaved?: boolean }>('[data-composed="org-settings"]');
    this.kept = settings?.hasUnsaved ? ['general'] : [];
  }

  private tabButton(tab: ConsoleTab): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`);
  }

  private announce(text: string): void {
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private readonly onHash = (): void => {
    if (!this.syncHash) return;
    const tab = this.hashTab();
    if (tab) this.select(tab, 'hash', { announce: true });
  };

  /** Roving tabindex: arrows move (and select, automatic activation), Home and End go to the ends. */
  private readonly onTabKey = (e: KeyboardEvent): void => {
    const tabs = this.allowedTabs;
    const current = (e.target as HTMLElement).closest<HTMLElement>('[role="tab"]')?.dataset.tab;
    const i = tabs.indexOf(current as ConsoleTab);
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const rtl = getComputedStyle(this).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    let next: number;
    if (step !== undefined) next = (i + step + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    else return;
    e.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    this.select(tab, 'user');
    void this.updateComplete.then(() => this.tabButton(tab)?.focus());
  };

  /** A composed element asks for a bigger plan (seats, credits, "Change plan"): show Plans, unless the host handled it. */
  private readonly onUpgradeRequest = (e: Event): void => {
    queueMicrotask(() => {
      if (e.defaultPrevented || !this.allowedTabs.includes('plans')) return;
      this.select('plans', 'user', { focus: true, announce: true });
    });
  };

  /** "View stats" in the usage meters: the chart is right below — bring it into view, unless the host handled it. */
  private readonly onDetailsRequest = (e: Event): void => {
    queueMicrotask(() => {
      if (e.defaultPrevented) return;
      this.querySelector('[data-composed="usage-chart"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    });
  };

  protected override update(changed: PropertyValues<this>): void {
    // The light DOM first: standalone, the provider then exists when the shadow's switcher asks for its context.
    this.renderLight();
    if (this.pending.length > 0) this.flush();
    super.update(changed);
  }

  // — rendering —

  private get several(): boolean {
    return (this.ctx?.user ? this.ctx.memberships.length : 0) > 1;
  }

  /** The shadow DOM: header, tabs and the one tab panel, into which the light DOM's panels are slotted. */
  protected override render() {
    return html`<div class="console" lang=${this.uiLocale}>
      ${this.renderBody(this.several)}
      <div part="status" class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  /**
   * The light DOM: the composed elements (so the checkout containers they add to themselves — Stripe's iframe —
   * are in the light DOM, as Stripe requires), inside this console's own <org-provider> when standalone.
   */
  private renderLight(): void {
    render(this.lightTemplate(), this, { host: this });
  }

  private lightTemplate(): TemplateResult {
    const panels = this.renderPanels();
    // The header's switcher replaces the usage chart's own organization picker (one selector, ORG-9). Scoped to
    // this console's own nodes.
    const style = html`<style>
      [data-orgkit-console-root][data-several] > [data-orgkit-panel] > [data-composed='usage-chart']::part(org-picker) { display: none; }
    </style>`;
    if (!this.standalone) {
      return html`<div slot="panels" data-orgkit-console-root lang=${this.uiLocale} ?data-several=${this.several}>${style}${panels}</div>`;
    }
    const provider = this.tag('org-provider');
    return staticHtml`<${provider}
      slot="panels"
      data-orgkit-console-root
      lang=${this.uiLocale}
      ?data-several=${this.several}
      .client=${this.client}
      .apiBase=${this.apiBase}
      .org=${this.org}
      .checkout=${this.checkout}
      .stripeKey=${this.stripeKey}
    >${style}${panels}</${provider}>`;
  }

  /** The active tab's elements — and General, hidden, while it holds unsaved settings. Nothing else is created. */
  private renderPanels(): unknown {
    const active = this.activeTab;
    if (!active) return nothing;
    const shown = this.allowedTabs.filter((t) => t === active || this.kept.includes(t));
    return repeat(
      shown,
      (t) => t,
      (t) => html`<div data-orgkit-panel=${t} ?hidden=${t !== active} style=${t === active ? PANEL_STYLE : 'display:none'}>${this.renderPanel(t)}</div>`,
    );
  }

  private renderBody(several: boolean): TemplateResult | typeof nothing {
    const ctx = this.ctx;
    const gate = this.renderGate(null);
    if (gate !== nothing) {
      // Blocked (or no organization): the header stays, with the switcher when there are other organizations to go to.
      return ctx?.user && (ctx.membership || several) ? html`${this.renderHeader(several)}${gate}` : gate;
    }
    const tabs = this.allowedTabs;
    const active = this.activeTab;
    if (!active) return html`${this.renderHeader(several)}${this.can('chat.internal') ? this.renderChatOnly() : this.renderNoAccess()}`;
    return html`${this.renderHeader(several)}
      <div part="tablist" class="tablist" role="tablist" aria-label=${this.t('console.tabs')} @keydown=${this.onTabKey}>
        ${tabs.map(
          (t) => html`<button
            type="button"
            role="tab"
            id="tab-${t}"
            part=${t === active ? `tab tab-${t} tab-selected` : `tab tab-${t}`}
            data-tab=${t}
            aria-selected=${t === active ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${t === active ? '0' : '-1'}
            @click=${() => this.select(t, 'user')}
          >${this.t(`console.tab.${t}`)}</button>`,
        )}
      </div>
      <div role="tabpanel" id="panel" part="panel panel-${active}" aria-labelledby="tab-${active}" tabindex="0"><slot name="panels"></slot></div>`;
  }

  private renderHeader(several: boolean): TemplateResult {
    const m = this.ctx?.membership;
    const switcher = this.tag('org-switcher');
    return html`<div part="header" class="header">
      <div>
        <slot name="heading"><h2 part="title">${this.t('console.title')}</h2></slot>
        ${m
          ? html`<p part="subtitle" class="sub">${m.state === 'active'
              ? this.t('console.subtitle', { org: m.name, role: this.t(`role.${m.role}`) })
              : this.t('console.subtitleInactive', { org: m.name, state: this.t(`memberState.${m.state}`) })}</p>`
          : nothing}
      </div>
      ${several
        ? staticHtml`<${switcher} part="switcher" class="switcher" theme=${ifDefined(this.theme)} @orgkit-org-changed=${this.onSwitcherChanged}></${switcher}>`
        : nothing}
    </div>`;
  }

  /**
   * The switcher is always under a provider here (the one above, or this console's own), and the provider announces
   * the switch itself: the switcher's own `orgkit-org-changed` (it cannot see a provider across a shadow root) would
   * be a second one.
   */
  private readonly onSwitcherChanged = (e: Event): void => {
    e.stopPropagation();
  };

  private renderChatOnly(): TemplateResult {
    const m = this.ctx?.membership;
    return html`<section part="chat-only" class="chat-only" aria-labelledby="chat-only-title">
      <div class="icon" aria-hidden="true">
        <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
          <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
        </svg>
      </div>
      <h2 id="chat-only-title">${this.t('console.chatOnly.title')}</h2>
      <slot name="chat-only">
        <p>${this.t('console.chatOnly.body', { org: m?.name ?? '', role: m ? this.t(`role.${m.role}`) : '' })}</p>
        <p>${this.t('console.chatOnly.more')}</p>
      </slot>
      ${this.chatHref ? html`<a part="chat-link" href=${this.chatHref}>${this.t('console.chatOnly.open')}</a>` : nothing}
    </section>`;
  }

  /** One tab's elements (created only while the tab is shown). */
  private renderPanel(tab: ConsoleTab): TemplateResult {
    const theme = ifDefined(this.theme);
    const el = (name: ComposedTag, extra: TemplateResult | typeof nothing = nothing) => {
      const t = this.tag(name);
      return staticHtml`<${t} data-composed=${name} theme=${theme}>${extra}</${t}>`;
    };
    switch (tab) {
      case 'general': {
        const residency = this.tag('residency-select');
        return el('org-settings', staticHtml`<${residency} slot="server-location" data-composed="residency-select" theme=${theme}></${residency}>`);
      }
      case 'members':
        return el('org-members');
      case 'plans': {
        const invoices = this.tag('invoice-list');
        const settingsHref = this.syncHash && this.allowedTabs.includes('general') ? '#general' : undefined;
        return html`${el('plan-picker')}${el('credit-balance')}${this.can('invoices.read')
          ? staticHtml`<${invoices} data-composed="invoice-list" theme=${theme} billing-settings-href=${ifDefined(settingsHref)}></${invoices}>`
          : nothing}`;
      }
      case 'usage':
        return html`${el('usage-meters')}${el('usage-chart')}${this.can('billing.read') ? el('spend-caps') : nothing}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-console': OrgConsole;
  }
  interface GlobalEventHandlersEventMap {
    'orgkit-tab-changed': CustomEvent<{ orgId: string; tab: ConsoleTab }>;
  }
}
