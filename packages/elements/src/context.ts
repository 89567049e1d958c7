import { createContext } from '@lit/context';
import type { OrgKitClient } from '@orgkit/client';
import type { Capability, SessionMembership, User } from '@orgkit/contract';
import type { CheckoutProvider } from './payments.js';

/**
 * What <org-provider> gives every OrgKit element below it. The key is a string, so copies of OrgKit bundled
 * separately (a CDN bundle next to an npm build) still find each other.
 */
export interface OrgKitContext {
  client: OrgKitClient;
  user: User | null;
  /** The current organization as the caller sees it (role, state, capabilities); null until chosen/loaded. */
  membership: SessionMembership | null;
  memberships: SessionMembership[];
  orgId: string | null;
  capabilities: readonly Capability[];
  /** How checkouts are shown (Stripe's embedded Checkout, or the mock's simulated one); null: not configured. */
  checkout: CheckoutProvider | null;
  /** Server time minus this browser's clock (ms), from the session: countdowns follow the server. */
  clockOffset: number;
  /** Bumped after any OrgKit change below the provider, so every element refreshes what it shows. */
  revision: number;
  /** The session could not be loaded (the error) — elements show it with Retry. */
  error: unknown;
  loading: boolean;
  /** Reload the session (capabilities may have changed) and bump the revision. */
  refresh(): void;
  /** Switch the current organization (as <org-switcher> does). */
  selectOrg(orgId: string): void;
}

export const orgkitContext = createContext<OrgKitContext>('orgkit-context');

/** Marks an <org-provider> instance (under any tag name), so elements can tell one is above them without importing it. */
export const PROVIDER_MARK: unique symbol = Symbol.for('orgkit.provider');
