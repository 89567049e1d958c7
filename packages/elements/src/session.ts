import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { OrgKitClient } from '@orgkit/client';
import type { SessionMembership, User } from '@orgkit/contract';
import type { OrgKitContext } from './context.js';
import type { CheckoutProvider } from './payments.js';
import { simulatedCheckout, stripeCheckout } from './payments.js';

export interface SessionSource {
  client?: OrgKitClient | undefined;
  apiBase?: string | undefined;
  org?: string | undefined;
  /** An explicit checkout provider (wins), else one made from a Stripe key or `checkout="simulated"`. */
  checkoutProvider?: CheckoutProvider | undefined;
  stripeKey?: string | undefined;
  checkoutMode?: string | undefined;
}

/**
 * Loads the session (user, memberships, capabilities) and keeps the current organization — for <org-provider>,
 * and for an element used on its own. Everything an element may show or do follows from what this loaded.
 */
export class SessionController implements ReactiveController {
  value: OrgKitContext;
  /** The client made from `api-base` when none is given (kept until the base changes). */
  private ownClient: { base: string; client: OrgKitClient } | null = null;
  private loadSeq = 0;
  private clockOffset = 0;
  private chosenOrg: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => SessionSource,
    private readonly onChange: (value: OrgKitContext) => void = () => undefined,
  ) {
    this.value = this.snapshot({ user: null, memberships: [], loading: true, error: null, revision: 0 });
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
  }

  /** The host's client when it gives one (its auth), else one for `api-base` with the host's cookies. */
  private get client(): OrgKitClient {
    const s = this.source();
    if (s.client) return s.client;
    const base = s.apiBase ?? '';
    if (this.ownClient?.base !== base) this.ownClient = { base, client: new OrgKitClient({ baseUrl: base, credentials: 'include' }) };
    return this.ownClient.client;
  }

  private checkoutMemo: { key: string; client: OrgKitClient; provider: CheckoutProvider | null } | null = null;

  /** The checkout provider for the current configuration (kept while the configuration stays the same). */
  private get checkout(): CheckoutProvider | null {
    const s = this.source();
    if (s.checkoutProvider) return s.checkoutProvider;
    const key = `${s.stripeKey ?? ''}|${s.checkoutMode ?? ''}`;
    const client = this.client;
    if (this.checkoutMemo?.key !== key || this.checkoutMemo.client !== client) {
      const provider = s.stripeKey
        ? stripeCheckout(s.stripeKey)
        : s.checkoutMode === 'simulated'
          ? simulatedCheckout({ baseUrl: s.apiBase?.replace(/\/api\/orgkit\/v1\/?$/, ''), headers: () => client.authHeaders() })
          : null;
      this.checkoutMemo = { key, client, provider };
    }
    return this.checkoutMemo.provider;
  }

  /** The client, the base URL or the requested organization changed: start over. */
  reconfigure(): void {
    this.chosenOrg = null;
    void this.load();
  }

  private snapshot(v: { user: User | null; memberships: SessionMembership[]; loading: boolean; error: unknown; revision: number }): OrgKitContext {
    const wanted = this.chosenOrg ?? this.source().org ?? null;
    const membership =
      v.memberships.find((m) => m.orgId === wanted) ??
      (wanted === null ? (v.memberships.find((m) => m.state === 'active') ?? v.memberships[0]) : undefined) ??
      null;
    return {
      client: this.client,
      checkout: this.checkout,
      clockOffset: this.clockOffset,
      user: v.user,
      memberships: v.memberships,
      membership,
      orgId: membership?.orgId ?? wanted,
      capabilities: membership?.capabilities ?? [],
      revision: v.revision,
      error: v.error,
      loading: v.loading,
      refresh: () => void this.load(true),
      selectOrg: (orgId: string) => {
        this.chosenOrg = orgId;
        this.publish(this.snapshot({ ...this.value, revision: this.value.revision + 1 }));
      },
    };
  }

  private publish(value: OrgKitContext): void {
    this.value = value;
    this.onChange(value);
    this.host.requestUpdate();
  }

  /** Reload the session and bump the revision (everything shown refreshes). */
  refresh(): void {
    void this.load(true);
  }

  async load(bump = false): Promise<void> {
    const seq = (this.loadSeq += 1);
    const revision = this.value.revision + (bump ? 1 : 0);
    if (!bump) this.publish(this.snapshot({ ...this.value, loading: true, error: null, revision }));
    try {
      const session = await this.client.session.get();
      if (seq !== this.loadSeq) return;
      this.clockOffset = Date.parse(session.now) - Date.now();
      this.publish(this.snapshot({ user: session.user, memberships: session.memberships, loading: false, error: null, revision }));
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.publish(this.snapshot({ ...this.value, loading: false, error, revision }));
    }
  }
}
