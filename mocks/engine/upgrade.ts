import type { Agg } from './state.js';
import { STATE_SCHEMA } from './state.js';
import { upgradeDailyV1 } from './usage.js';

/**
 * Saved engine state from an earlier schema version, brought to STATE_SCHEMA in place (persisted state survives an
 * upgrade of the mock). Anything it does not recognise is left untouched for the caller's own checks to refuse.
 *   orgkit-engine/1 → 2: usage rollups from one cell per dimension combination to per-grouping cells (exact sums).
 */
export function upgradeState(state: unknown): void {
  if (!state || typeof state !== 'object') return;
  const s = state as { schema?: unknown; orgs?: unknown };
  if (s.schema !== 'orgkit-engine/1' || !s.orgs || typeof s.orgs !== 'object') return;
  for (const org of Object.values(s.orgs as Record<string, { usage?: { daily?: unknown } } | null>)) {
    const usage = org?.usage;
    if (!usage || !usage.daily || typeof usage.daily !== 'object') return;
  }
  for (const org of Object.values(s.orgs as Record<string, { usage: { daily: unknown } }>)) {
    org.usage.daily = upgradeDailyV1(org.usage.daily as Record<string, Record<string, Agg>>);
  }
  s.schema = STATE_SCHEMA;
}
