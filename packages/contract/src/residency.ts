import type { ResidencyTier } from './enums.js';
import { RESIDENCY_TIERS } from './enums.js';

/**
 * RES-1 / RES-2 / RES-5 — what a residency tier allows, as the contract defines it for every backend (and for the
 * elements, which explain a tier and preview a tightening).
 */

/** Countries counted as European: the EU, the EEA, Switzerland ("counts as European") and the UK. */
export const EUROPE: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH', 'GB',
]);

/** RES-2: a missing or unknown stored value reads as `global`. */
export function readTier(stored: unknown): ResidencyTier {
  return typeof stored === 'string' && (RESIDENCY_TIERS as readonly string[]).includes(stored) ? (stored as ResidencyTier) : 'global';
}

const known = (c: string | null): c is string => c !== null && /^[A-Z]{2}$/.test(c);
const european = (c: string | null) => known(c) && EUROPE.has(c);

/** Where a model is served and who operates it (ISO country codes; null = unknown). */
export interface ModelOrigin {
  providerCountry: string | null;
  hostingCountry: string | null;
}

/** RES-1 / RES-5: does a model satisfy a tier? Unknown hosting or provider never satisfies a restrictive tier. */
export function modelAllowed(model: ModelOrigin, tier: ResidencyTier): boolean {
  switch (tier) {
    case 'global':
      return true;
    case 'ch-ch':
      return model.hostingCountry === 'CH' && model.providerCountry === 'CH';
    case 'ch-any':
      return model.hostingCountry === 'CH' && known(model.providerCountry);
    case 'eu-eu':
      return european(model.hostingCountry) && european(model.providerCountry);
    case 'eu-any':
      return european(model.hostingCountry) && known(model.providerCountry);
  }
}
