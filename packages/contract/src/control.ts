import * as z from 'zod/mini';
import { CHANNELS, INTERVALS, PLAN_IDS } from './enums.js';
import type { RouteDef } from './api.js';
import { GrantCreditsBody, Id, PaymentMethodBody, SimulatedCard } from './requests.js';
import { CheckoutCompleted } from './entities.js';

/**
 * The mock control API — for demos, Storybook, tests and the conformance suite, never for production clients.
 * It lives beside the API under its own base path and is not part of the typed client's resources. A host's real
 * backend implements it in test mode only (to reset to a scenario, move its clock and say who is acting) so the
 * conformance suite can run against it.
 */
export { CONTROL_BASE } from './routes.js';

const Str = z.string();

export const ControlPerson = z.object({
  userId: Str, name: Str, email: Str, role: Str,
  /** A bearer token that authenticates as this person (`Authorization: Bearer <token>`). */
  token: Str,
});

/** Steps of a request where an injected crash can stop it (see Faults.crashAfter). */
export const CRASH_POINTS = ['payment.collected'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export const Faults = z.strictObject({
  /** Added to every API answer. */
  latencyMs: z.int().check(z.minimum(0), z.maximum(60_000)),
  /** Share of API requests answered 503 service_unavailable (0–1). */
  errorRate: z.number().check(z.minimum(0), z.maximum(1)),
  /** Every API request fails as a network error. */
  offline: z.boolean(),
  /** The next N API requests answer 500 (deterministic, for tests). */
  failNext: z.int().check(z.minimum(0), z.maximum(1_000)),
  /**
   * Crash the next request that reaches this step (once): `payment.collected` throws after a payment is recorded as
   * collected but before what it bought is granted — the next request must recover it, never granting twice (PKG-4).
   */
  crashAfter: z.optional(z.nullable(z.enum(CRASH_POINTS))),
});
export type Faults = z.infer<typeof Faults>;

export const ControlState = z.object({
  scenario: Str,
  scenarios: z.array(z.object({ name: Str, description: Str })),
  now: Str,
  /** The organization the scenario is about. */
  orgId: Str,
  people: z.array(ControlPerson),
  /** Whom requests without credentials act as (null: they are anonymous). */
  actingUserId: z.nullable(Str),
  faults: Faults,
  policy: z.record(z.string(), z.unknown()),
  /** Set when saved state could not be used and was reset (e.g. corrupted or from another version). */
  notice: z.nullable(Str),
});
export type ControlState = z.infer<typeof ControlState>;

export const ResetBody = z.strictObject({
  scenario: z.optional(Str),
  /** POL-* switches (and other policy values) for this run. */
  policy: z.optional(z.record(z.string(), z.unknown())),
  /** Build the scenario as of this time (ISO), e.g. for repeatable tests; default: now. */
  now: z.optional(z.iso.datetime({ offset: true })),
  /** Freeze the clock (it then only moves through /clock); default: it runs with real time. */
  frozen: z.optional(z.boolean()),
});
export const ClockBody = z.strictObject({
  hours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 3_660))),
  days: z.optional(z.number().check(z.minimum(0), z.maximum(3_660))),
  /** Jump to the end of the organization's current term (renewal and any scheduled change run). */
  to: z.optional(z.literal('period_end')),
  orgId: z.optional(Id),
});
export const ActAsBody = z.strictObject({ userId: z.nullable(Id) });
export const ControlUsageBody = z.strictObject({
  orgId: Id,
  channel: z.enum(CHANNELS),
  /** Credits to burn (converted to words at the model's rate), or words directly. */
  credits: z.optional(z.int().check(z.minimum(1), z.maximum(10_000_000))),
  words: z.optional(z.int().check(z.minimum(0), z.maximum(10_000_000))),
  modelId: z.optional(Id),
  agentId: z.optional(Id),
  memberId: z.optional(Id),
});
export const SettleBody = z.strictObject({ outcome: z.enum(['succeeded', 'failed']) });
export const CompleteCheckoutControlBody = z.strictObject({ card: SimulatedCard });
export const SupportPlanBody = z.strictObject({
  planId: z.enum(PLAN_IDS),
  interval: z.enum(INTERVALS),
  customCredits: z.optional(z.nullable(z.int().check(z.minimum(0)))),
});

export const ControlPayment = z.object({
  id: Str, invoiceId: Str, amount: z.int(), currency: Str, status: z.enum(['pending', 'succeeded', 'failed']),
  via: z.enum(['card', 'checkout']), description: Str, createdAt: Str, settledAt: z.nullable(Str),
});

const control = <const T extends RouteDef>(def: T): T => def;

export const CONTROL_ROUTES = {
  state: control({ method: 'GET', path: '/state', summary: 'Scenario, clock, people (with tokens), faults', rules: [], response: ControlState }),
  reset: control({ method: 'POST', path: '/reset', summary: 'Reset to a named scenario', rules: [], body: ResetBody, response: ControlState }),
  clock: control({ method: 'POST', path: '/clock', summary: 'Move the clock forward (hours, days, or to the period end)', rules: ['TIME-1'], body: ClockBody, response: z.object({ now: Str }) }),
  actAs: control({ method: 'POST', path: '/act-as', summary: 'Whom requests without credentials act as', rules: [], body: ActAsBody, response: ControlState }),
  usage: control({ method: 'POST', path: '/usage', summary: 'Record usage for an agent or member (burn credits)', rules: ['CRD-3'], body: ControlUsageBody, response: z.unknown() }),
  payments: control({ method: 'GET', path: '/orgs/:orgId/payments', summary: 'Payments, newest first', rules: [], response: z.array(ControlPayment) }),
  settle: control({ method: 'POST', path: '/payments/:paymentId/settle', summary: 'Collect or fail a pending payment', rules: ['PKG-4'], body: SettleBody, response: z.unknown() }),
  completeCheckout: control({ method: 'POST', path: '/orgs/:orgId/checkout-sessions/:checkoutId/complete', summary: 'The simulated checkout’s Pay button (as the acting user)', rules: ['CHG-3', 'BILL-4'], body: CompleteCheckoutControlBody, response: CheckoutCompleted, idempotency: 'required' }),
  faults: control({ method: 'PUT', path: '/faults', summary: 'Inject latency, errors or an offline network into API answers', rules: [], body: z.partial(Faults), response: Faults }),
  plan: control({ method: 'POST', path: '/orgs/:orgId/plan', summary: 'Support: put the organization on a plan (e.g. Ultra)', rules: ['PLAN-1'], body: SupportPlanBody, response: z.unknown() }),
  card: control({ method: 'PUT', path: '/orgs/:orgId/card', summary: 'The saved card and how it answers charges', rules: ['BILL-4'], body: PaymentMethodBody, response: z.unknown() }),
  credits: control({ method: 'POST', path: '/orgs/:orgId/credits', summary: 'Grant promo or admin credits', rules: ['CRD-2'], body: GrantCreditsBody, response: z.unknown() }),
  ownership: control({ method: 'POST', path: '/orgs/:orgId/ownership', summary: 'Support: transfer ownership', rules: ['OWN-1'], body: z.strictObject({ userId: Id }), response: z.unknown() }),
} as const satisfies Record<string, RouteDef>;

export type ControlRouteName = keyof typeof CONTROL_ROUTES;
