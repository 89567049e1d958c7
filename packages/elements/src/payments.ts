import type { CheckoutSession } from '@orgkit/contract';
import { CONTROL_BASE } from '@orgkit/contract/wire';

/**
 * How a checkout is shown (CHG-3, PKG-3, BILL-4). Elements open a checkout session on the backend and hand it to
 * the configured provider; the code path is the same for Stripe's embedded Checkout in production and for the
 * simulated checkout against the mock.
 */
export interface CheckoutHandle {
  destroy(): void;
}

export interface CheckoutEvents {
  /** The payment went through (or is pending collection): refresh what the payment changes. */
  onComplete(): void;
  /** The checkout could not be shown or the payment failed in a way the user should see. */
  onError(error: unknown): void;
}

export interface CheckoutProvider {
  readonly kind: 'stripe' | 'simulated';
  mount(container: HTMLElement, session: CheckoutSession, orgId: string, events: CheckoutEvents): Promise<CheckoutHandle>;
}

export interface StripeCheckoutOptions {
  /** Replaces `loadStripe` from `@stripe/stripe-js/pure` (tests pass a fake; default: Stripe's, loaded on first use). */
  loadStripe?: (publishableKey: string) => Promise<{ createEmbeddedCheckoutPage(options: { fetchClientSecret: () => Promise<string>; onComplete: () => void }): Promise<{ mount(el: HTMLElement): void; destroy(): void }> } | null>;
}

/**
 * Stripe's embedded Checkout: `loadStripe(publishableKey)` then the embedded checkout mounted with the client
 * secret the backend returned for the session. Stripe's code is only loaded when a checkout is first opened.
 */
export function stripeCheckout(publishableKey: string, options: StripeCheckoutOptions = {}): CheckoutProvider {
  return {
    kind: 'stripe',
    async mount(container, session, _orgId, events) {
      const load = options.loadStripe ?? (await import('@stripe/stripe-js/pure')).loadStripe;
      const stripe = await load(publishableKey);
      if (!stripe) throw new Error('Stripe could not be loaded.');
      const checkout = await stripe.createEmbeddedCheckoutPage({
        fetchClientSecret: () => Promise.resolve(session.clientSecret),
        onComplete: () => events.onComplete(),
      });
      checkout.mount(container);
      return { destroy: () => checkout.destroy() };
    },
  };
}

export type SimulatedOutcome = 'succeed' | 'decline' | 'pending';

export interface SimulatedCheckoutOptions {
  /** How the simulated "Pay" reaches the mock (default: its control API with `headers()`). */
  pay?: (orgId: string, checkoutId: string, outcome: SimulatedOutcome) => Promise<void>;
  /** Where the mock is (default: this origin). */
  baseUrl?: string;
  /** Credentials for the control call (the acting person's), e.g. from `client.authHeaders()`. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
}

/** The mock's stand-in for Stripe: a small test-card form (accepted, declined, pending). Never for production. */
export function simulatedCheckout(options: SimulatedCheckoutOptions = {}): CheckoutProvider {
  const pay =
    options.pay ??
    (async (orgId: string, checkoutId: string, outcome: SimulatedOutcome) => {
      const res = await fetch(`${options.baseUrl ?? ''}${CONTROL_BASE}/orgs/${encodeURIComponent(orgId)}/checkout-sessions/${encodeURIComponent(checkoutId)}/complete`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID(), ...(await options.headers?.()) },
        body: JSON.stringify({ card: { outcome } }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
        throw Object.assign(new Error(body?.error?.message ?? `Checkout failed (${String(res.status)})`), { code: body?.error?.code });
      }
    });
  return {
    kind: 'simulated',
    async mount(container, session, orgId, events) {
      await import('./simulated-checkout.js');
      const form = document.createElement('orgkit-simulated-checkout') as HTMLElement & {
        session: CheckoutSession;
        pay: (outcome: SimulatedOutcome) => Promise<void>;
        onComplete: () => void;
      };
      form.session = session;
      form.pay = (outcome) => pay(orgId, session.id, outcome);
      form.onComplete = () => events.onComplete();
      container.replaceChildren(form);
      return { destroy: () => form.remove() };
    },
  };
}
