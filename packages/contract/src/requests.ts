import * as z from 'zod/mini';
import {
  CARD_OUTCOMES,
  CHANNELS,
  CHAT_VISIBILITIES,
  CURRENCIES,
  INTERVALS,
  PLAN_IDS,
  RESIDENCY_TIERS,
  ROLES,
  USAGE_CATEGORIES,
  USAGE_GROUPINGS,
  USAGE_UNITS,
} from './enums.js';
import { textProblem } from './text.js';

/**
 * Request bodies: one schema per mutation. Organization-scoped routes carry the organization id in the path,
 * so it is not part of these bodies. Every object is strict: an unknown field is an error naming that field.
 */

export const Id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));
export const Email = z.email().check(z.maxLength(254));
const PLAIN = 'must be visible text without control characters, text-direction overrides or broken characters';
/** Well-formed, visible display text (see textProblem()). */
const plain = (multiline = false) => z.refine<string>((s) => textProblem(s, { multiline }) === null, { message: PLAIN });
/** Display names (people, agents, deployments): trimmed, 1–100 characters of visible text. */
export const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100), plain());
/**
 * Only bounded here (a huge string is refused as malformed); every ORG-4 clause — empty, over 100 characters,
 * `<`, `>`, a URL — is answered by the rule itself with `invalid_org_name` (see orgNameProblem()).
 */
export const OrgNameInput = z.string().check(z.maxLength(1_000));
export const IsoDateTime = z.iso.datetime({ offset: true });
const Count = (max: number) => z.int().check(z.minimum(0), z.maximum(max));

/**
 * Any of the four roles is well-formed input; assigning `owner` is a rule error (`cannot_assign_owner`, INV-1 / MEM-5)
 * with its own explanation rather than a schema error.
 */
export const RoleSchema = z.enum(ROLES);
export const PlanIdSchema = z.enum(PLAN_IDS);
export const IntervalSchema = z.enum(INTERVALS);
export const CurrencySchema = z.enum(CURRENCIES);
export const ChannelSchema = z.enum(CHANNELS);
export const ResidencyTierSchema = z.enum(RESIDENCY_TIERS);

// — Accounts and organizations —
export const SignUpBody = z.strictObject({
  email: Email,
  name: Name,
  orgName: OrgNameInput,
  currency: z.optional(CurrencySchema),
});
export const CreateOrgBody = z.strictObject({ name: OrgNameInput, currency: z.optional(CurrencySchema) });

export const UpdateSettingsBody = z.strictObject({
  name: z.optional(OrgNameInput),
  logoUrl: z.optional(z.nullable(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)))),
  notificationEmail: z.optional(z.nullable(Email)),
  features: z.optional(z.strictObject({ regularChat: z.optional(z.boolean()), endlessChat: z.optional(z.boolean()) })),
  internalChatVisibility: z.optional(z.enum(CHAT_VISIBILITIES)),
});

const Line = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max), plain());
export const BillingIdentityBody = z.strictObject({
  email: Email,
  name: Line(200),
  country: z.string().check(z.regex(/^[A-Z]{2}$/)),
  address: Line(200),
  postalCode: Line(20),
  city: Line(100),
  taxId: z.optional(z.nullable(Line(40))),
});

export const ResidencyBody = z.strictObject({ tier: ResidencyTierSchema });
export const DeleteOrgBody = z.strictObject({ confirm: z.string().check(z.maxLength(200)) });

// — Members and invites —
export const ChangeRoleBody = z.strictObject({ role: RoleSchema });
export const InviteBody = z.strictObject({
  email: Email,
  role: RoleSchema,
  deploymentIds: z.optional(z.array(Id).check(z.maxLength(50))),
});
export const AcceptInviteBody = z.strictObject({ name: z.optional(Name) });
export const BillingTransferBody = z.strictObject({ toUserId: Id });

// — Plans and payments —
export const KeepList = z.strictObject({
  memberIds: z.array(Id).check(z.maxLength(10_000)),
  agentIds: z.array(Id).check(z.maxLength(10_000)),
});
export const PlanPreviewBody = z.strictObject({ planId: PlanIdSchema, interval: IntervalSchema, keep: z.optional(KeepList) });
export const PlanChangeBody = z.strictObject({
  planId: PlanIdSchema,
  interval: IntervalSchema,
  keep: z.optional(KeepList),
});
export const CheckoutBody = z.discriminatedUnion('purpose', [
  z.strictObject({ purpose: z.literal('subscription'), planId: PlanIdSchema, interval: IntervalSchema }),
  z.strictObject({ purpose: z.literal('package'), packageId: Id }),
]);
export const SimulatedCard = z.strictObject({
  outcome: z.enum(CARD_OUTCOMES),
  brand: z.optional(z.string().check(z.minLength(1), z.maxLength(20))),
  last4: z.optional(z.string().check(z.regex(/^\d{4}$/))),
});
export const CompleteCheckoutBody = z.strictObject({ card: SimulatedCard });
export const SettlePaymentBody = z.strictObject({ outcome: z.enum(['succeeded', 'failed']) });

// — Credits —
export const PurchaseBody = z.strictObject({ packageId: Id });
export const AutoRechargePackageBody = z.strictObject({ packageId: z.nullable(Id) });
export const AutoRechargeEnabledBody = z.strictObject({ enabled: z.boolean() });
export const GrantCreditsBody = z.strictObject({
  amount: z.int().check(z.minimum(1), z.maximum(100_000_000)),
  source: z.enum(['promo', 'grant']),
  expiresAt: z.optional(z.nullable(IsoDateTime)),
  note: z.optional(z.string().check(z.maxLength(200))),
});

// — Usage —
export const RecordUsageBody = z.strictObject({
  channel: ChannelSchema,
  modelId: Id,
  words: Count(10_000_000),
  agentId: z.optional(Id),
  memberId: z.optional(Id),
  category: z.optional(z.enum(USAGE_CATEGORIES)),
  tokens: z.optional(Count(100_000_000)),
});
export const UsageQuery = z.strictObject({
  days: z.int(),
  unit: z.optional(z.enum(USAGE_UNITS)),
  groupBy: z.optional(z.enum(USAGE_GROUPINGS)),
});
export const EventsQuery = z.strictObject({
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(64))),
});

// — Caps and alerts —
export const CapBody = z.strictObject({ cap: z.nullable(Count(100_000_000)) });
export const AlertsBody = z.strictObject({
  thresholdPct: z.int().check(z.minimum(1), z.maximum(100)),
  recipientIds: z.array(Id).check(z.maxLength(100)),
});

// — Agents, deployments, knowledge, chats —
export const CreateAgentBody = z.strictObject({ name: Name });
export const CreateDeploymentBody = z.strictObject({
  agentId: Id,
  name: Name,
  channel: ChannelSchema,
  modelId: Id,
  inviteOnly: z.optional(z.boolean()),
});
export const SetDeploymentModelBody = z.strictObject({ modelId: Id });
export const AddKnowledgeBody = z.strictObject({
  name: Name,
  characters: Count(1_000_000_000),
  uploadBytes: Count(100_000_000_000),
});
export const CreateChatBody = z.strictObject({ title: Name, message: z.string().check(z.minLength(1), z.maxLength(20_000), plain(true)) });
export const PaymentMethodBody = z.strictObject({
  card: z.nullable(
    z.strictObject({
      brand: z.string().check(z.minLength(1), z.maxLength(20)),
      last4: z.string().check(z.regex(/^\d{4}$/)),
      outcome: z.enum(CARD_OUTCOMES),
    }),
  ),
});
export const PayInvoiceBody = z.strictObject({});
export const SetPlanBody = z.strictObject({
  planId: PlanIdSchema,
  interval: IntervalSchema,
  customCredits: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(100_000_000)))),
});

export type SignUpBody = z.infer<typeof SignUpBody>;
export type CreateOrgBody = z.infer<typeof CreateOrgBody>;
export type UpdateSettingsBody = z.infer<typeof UpdateSettingsBody>;
export type BillingIdentityBody = z.infer<typeof BillingIdentityBody>;
export type InviteBody = z.infer<typeof InviteBody>;
export type PlanChangeBody = z.infer<typeof PlanChangeBody>;
export type KeepList = z.infer<typeof KeepList>;
export type CheckoutBody = z.infer<typeof CheckoutBody>;
export type SimulatedCard = z.infer<typeof SimulatedCard>;
export type RecordUsageBody = z.infer<typeof RecordUsageBody>;
export type UsageQuery = z.infer<typeof UsageQuery>;
export type GrantCreditsBody = z.infer<typeof GrantCreditsBody>;
