import type { ProviderElement } from '../host/session.js';

/** What the demo tooling (mounted outside Vue) calls back into. */
export interface VueHostApi {
  provider: ProviderElement | null;
  selectOrg: (orgId: string) => void;
  ready: () => void;
}
