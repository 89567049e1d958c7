/**
 * The mock's policy object. S0 is the default; each POL-* option of rules.md is a switch, off by default,
 * so a host product can demo its own rules. Passed into the engine, never a global.
 */
export interface Policy {
  /** POL-BILLING-OWNER-ONLY: plan changes, purchases, auto-recharge, caps and invoices are owner-only. */
  billingOwnerOnly: boolean;
  /** POL-TOPUP-FIRST: purchased credits are debited before the plan allowance. */
  topupFirst: boolean;
  /** POL-ROLLOVER: unused plan allowance rolls over (up to the plan's rollover cap) instead of expiring. */
  rollover: boolean;
  /** POL-OWN-SELF: the owner may transfer ownership self-serve (otherwise a support action). */
  ownSelf: boolean;
  /** POL-SEAT-BILLING: seats are billed per accepted member with daily proration; no hard seat limit. */
  seatBilling: boolean;
  /** CRD-8: money ↔ credits display rate; S3 quotes 200 credits = 1 unit of currency. */
  creditsPerCurrencyUnit: number;
  /** INV-4 */
  inviteTtlHours: number;
  /** AR-1 */
  autoRechargeThresholdPct: number;
  /** AR-5 [D]: consecutive failures after which auto-recharge pauses itself. */
  autoRechargeMaxFailures: number;
  /** CAP-3 */
  lowBalanceDefaultPct: number;
  /** CRD-2 */
  packageExpiryMonths: number;
  /** How long an idempotency key's first result is kept (Stripe keeps 24 h). */
  idempotencyTtlHours: number;
  /** How long a checkout session stays open. */
  checkoutTtlHours: number;
  /** POL-SEAT-BILLING: price of one seat for a whole term, in minor units, per interval. */
  seatPrice: { month: number; year: number };
  /** Ultra is negotiated: its monthly credits when a fixture does not say otherwise. */
  ultraDefaultCredits: number;
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  billingOwnerOnly: false,
  topupFirst: false,
  rollover: false,
  ownSelf: false,
  seatBilling: false,
  creditsPerCurrencyUnit: 200,
  inviteTtlHours: 72,
  autoRechargeThresholdPct: 10,
  autoRechargeMaxFailures: 3,
  lowBalanceDefaultPct: 20,
  packageExpiryMonths: 12,
  idempotencyTtlHours: 24,
  checkoutTtlHours: 24,
  seatPrice: Object.freeze({ month: 1_200, year: 12_000 }),
  ultraDefaultCredits: 100_000,
});

export function resolvePolicy(overrides: Partial<Policy> = {}): Policy {
  return { ...DEFAULT_POLICY, ...overrides };
}
