/**
 * The rule catalog as the conformance suite sees it (rules.md): which rules are observable over HTTP (each has at
 * least one check titled with its ID) and which clauses are not, with the reason.
 */

export const SCENARIOS = ['fresh-free', 'standard-team', 'low-credit', 'out-of-credit', 'pending-downgrade', 'multi-org', 'strict-residency'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** POL-* switches: the key in the control API's `policy` object (reset {policy}). */
export const POLICY_KEYS = {
  'POL-BILLING-OWNER-ONLY': 'billingOwnerOnly',
  'POL-TOPUP-FIRST': 'topupFirst',
  'POL-ROLLOVER': 'rollover',
  'POL-OWN-SELF': 'ownSelf',
  'POL-SEAT-BILLING': 'seatBilling',
  /** CRD-8: the money ↔ credits display rate (a policy value, not a switch). */
  'CRD-8': 'creditsPerCurrencyUnit',
} as const;
export type PolicyKey = keyof typeof POLICY_KEYS;

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1)}`);

/** Every rule ID of rules.md. */
export const ALL_RULES: readonly string[] = [
  ...range('ORG', 9), ...range('ROLE', 8), ...range('INV', 8), ...range('MEM', 7), ...range('OWN', 2), ...range('BR', 6),
  ...range('PLAN', 6), ...range('CHG', 8), ...range('CRD', 8), ...range('PKG', 5), ...range('AR', 6), ...range('USE', 5),
  ...range('CAP', 4), ...range('RES', 5), ...range('BILL', 4),
  'POL-BILLING-OWNER-ONLY', 'POL-TOPUP-FIRST', 'POL-ROLLOVER', 'POL-OWN-SELF', 'POL-SEAT-BILLING', 'TIME-1',
];

/**
 * Rules (or clauses of rules) that no HTTP request can observe. No rule is wholly unobservable: each of these rules
 * still has a check for its HTTP-observable part; the clause named here is what that check cannot see.
 */
export const NOT_HTTP_OBSERVABLE: Readonly<Record<string, string>> = {
  'ORG-3': '"hidden for builder and member" is the UI; the API part (403 for them) is checked',
  'ORG-9': 'the organization selector in credit and usage views is UI',
  'ROLE-4': 'knowledge bases, tools, conversations and forms have no routes in the contract; agents, deployments, people are checked',
  'ROLE-5': '"every element shows a no-access state" is UI; the 403 on every build/analytics/billing route is checked',
  'RES-2': '"a missing or unknown stored value reads as global" concerns storage no request can write; the default and the rejection are checked',
  'CRD-5': 'what end users see is the host\'s widget; the refusal on every channel and `offline` are checked',
  'CHG-7': 'the banner is UI (its date, pendingChange.effectiveAt, is checked); "no refund" has no observable refund route',
  'AR-5': '"the UI says so" is UI; `paused` and the notification are checked',
  'BILL-4': 'Stripe in production is out of reach of a test backend; the simulated states (declined, pending) are checked',
  'PLAN-2': 'the "−17 %" badge is UI; `yearlyDiscountPct` is checked',
};

/** Rules the suite must check over HTTP: all of them (see NOT_HTTP_OBSERVABLE for the clauses it cannot see). */
export const HTTP_OBSERVABLE_RULES: readonly string[] = ALL_RULES;

// — RES-1: the suite judges a backend's model list by the contract's own definition of a tier —
export { modelAllowed as satisfiesTier } from './contract.js';
