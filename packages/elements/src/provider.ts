import { ContextProvider } from '@lit/context';
import { css, html, LitElement } from 'lit';
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { OrgKitClient } from '@orgkit/client';
import { orgkitContext, PROVIDER_MARK } from './context.js';
import type { CheckoutProvider } from './payments.js';
import { CHANGE_EVENTS, orgkitEvent } from './events.js';
import { SessionController } from './session.js';

/**
 * Provides one client, the signed-in user, the current organization and its capabilities to every OrgKit
 * element inside it (through @lit/context). Elements inside refresh together after any change one of them makes.
 *
 * @tag org-provider
 * @summary The root of an OrgKit area: session, organization and capabilities for the elements inside.
 * @attr api-base - Where the OrgKit API lives (default: this page's origin). Ignored when `client` is set.
 * @attr org - The organization to show (an id); default: the first organization the user is active in.
 * @attr stripe-key - Stripe publishable key: checkouts open Stripe's embedded Checkout.
 * @attr checkout - `simulated`: checkouts use the mock backend's simulated checkout (never in production).
 * @prop {OrgKitClient} client - A client configured with your auth (token provider or cookies).
 * @prop {CheckoutProvider} checkoutProvider - A checkout provider of your own.
 * @fires orgkit-org-changed - The current organization changed (`detail: { orgId, previousOrgId }`).
 * @fires orgkit-session-loaded - The session loaded (`detail: { userId, orgId }`).
 * @slot - The OrgKit elements (and anything else) that share this organization.
 */
export class OrgProvider extends LitElement {
  get [PROVIDER_MARK](): true {
    return true;
  }

  @property({ attribute: 'api-base' }) apiBase?: string;
  @property({ reflect: true }) org?: string;
  @property({ attribute: false }) client?: OrgKitClient;
  /** Stripe publishable key: checkouts use Stripe's embedded Checkout. */
  @property({ attribute: 'stripe-key' }) stripeKey?: string;
  /** `simulated`: checkouts use the mock's simulated checkout (demos, Storybook, tests — never production). */
  @property() checkout?: string;
  /** A checkout provider of your own (wins over `stripe-key` / `checkout`). */
  @property({ attribute: false }) checkoutProvider?: CheckoutProvider;

  private readonly provider = new ContextProvider(this, { context: orgkitContext });
  private readonly session = new SessionController(this, () => ({ client: this.client, apiBase: this.apiBase, org: this.org, stripeKey: this.stripeKey, checkoutMode: this.checkout, checkoutProvider: this.checkoutProvider }), (value) => {
    const previous = this.provider.value?.orgId ?? null;
    this.provider.setValue(value);
    if (value.user && !value.loading) this.dispatchEvent(orgkitEvent('orgkit-session-loaded', { userId: value.user.id, orgId: value.orgId }));
    if (value.orgId && previous !== null && previous !== value.orgId) {
      this.dispatchEvent(orgkitEvent('orgkit-org-changed', { orgId: value.orgId, previousOrgId: previous }));
    }
  });

  constructor() {
    super();
    this.provider.setValue(this.session.value);
    // A change made by any element inside: reload the session (capabilities may change) and refresh everyone.
    // (orgkit-changed accompanies every mutation event; refreshes are coalesced.)
    for (const name of [...CHANGE_EVENTS, 'orgkit-changed'] as const) this.addEventListener(name, () => this.scheduleRefresh());
    // <org-switcher> asks to switch organization.
    this.addEventListener('orgkit-org-select', (e) => {
      e.stopPropagation();
      this.org = e.detail.orgId;
    });
  }

  private refreshQueued = false;

  /** One refresh for a burst of change events (an element may fire its own event and orgkit-changed). */
  private scheduleRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      this.session.refresh();
    });
  }

  /** Reload the session and refresh every element inside (e.g. after the host changed something itself). */
  refresh(): void {
    this.session.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    if (changed.has('client') || changed.has('apiBase')) this.session.reconfigure();
    else if (changed.has('stripeKey') || changed.has('checkout') || changed.has('checkoutProvider')) this.session.refresh();
    else if (changed.has('org') && this.org) this.session.value.selectOrg(this.org);
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  static override styles = css`
    :host {
      display: contents;
    }
  `;
}
