import * as z from 'zod/mini';
import {
  ASSIGNABLE_ROLES,
  BALANCE_STATES,
  BLOCK_SOURCES,
  CAPABILITIES,
  CHANNELS,
  CHAT_VISIBILITIES,
  CURRENCIES,
  INTERVALS,
  INVOICE_STATUSES,
  MEMBER_STATES,
  PLAN_IDS,
  RESIDENCY_TIERS,
  ROLES,
  USAGE_CATEGORIES,
  USAGE_GROUPINGS,
  USAGE_UNITS,
} from './enums.js';

/**
 * Response entities. Objects are not strict: a backend may add fields without breaking clients; every field
 * listed here must be present with its type. Dates are ISO 8601 strings, money is an integer in minor units
 * (cents) with its currency, credits are whole numbers.
 */

const DateTime = z.iso.datetime({ offset: true });
const Day = z.iso.date();
const Int = z.int();
const Count = z.int().check(z.minimum(0));
const Money = z.int();
const Str = z.string();
const nullable = <T extends z.core.$ZodType>(t: T) => z.nullable(t);
const Currency = z.enum(CURRENCIES);
const PlanId = z.enum(PLAN_IDS);
const Interval = z.enum(INTERVALS);
const Channel = z.enum(CHANNELS);

export const User = z.object({ id: Str, email: Str, name: Str });

export const BillingTransfer = z.object({ id: Str, fromUserId: Str, toUserId: Str, createdAt: DateTime });

/** ROLE-8: per organization, the capabilities the elements use to decide what to show. */
export const SessionMembership = z.object({
  orgId: Str,
  slug: Str,
  name: Str,
  planId: PlanId,
  currency: Currency,
  role: z.enum(ROLES),
  state: z.enum(MEMBER_STATES),
  billingHolder: z.boolean(),
  capabilities: z.array(z.enum(CAPABILITIES)),
  billingTransfer: nullable(BillingTransfer),
});
export const Session = z.object({
  user: User,
  memberships: z.array(SessionMembership),
  /** The server's time: clients count down expiries from it (a test backend's clock may run ahead). */
  now: DateTime,
});
export const SignUpResult = z.object({ userId: Str, orgId: Str });

export const Organization = z.object({ id: Str, slug: Str, name: Str, currency: Currency, logoUrl: nullable(Str), planId: PlanId });

export const BillingIdentity = z.object({
  email: Str, name: Str, country: Str, address: Str, postalCode: Str, city: Str, taxId: nullable(Str),
});

export const Settings = z.object({
  id: Str,
  slug: Str,
  name: Str,
  logoUrl: nullable(Str),
  notificationEmail: nullable(Str),
  features: z.object({ regularChat: z.boolean(), endlessChat: z.boolean() }),
  internalChatVisibility: z.enum(CHAT_VISIBILITIES),
  residency: z.enum(RESIDENCY_TIERS),
  billingIdentity: nullable(BillingIdentity),
  currency: Currency,
  /** ORG-5: how many billing-identity changes were propagated to the payment provider. */
  providerSyncs: Count,
});
export const BillingIdentityResult = z.extend(Settings, { synced: z.array(Str) });

export const Member = z.object({
  userId: Str,
  name: Str,
  email: Str,
  role: z.enum(ROLES),
  state: z.enum(MEMBER_STATES),
  billingHolder: z.boolean(),
  joinedAt: DateTime,
  deactivatedAt: nullable(DateTime),
  deploymentIds: z.array(Str),
});
export const Seats = z.object({ active: Count, pendingInvites: Count, used: Count, limit: nullable(Count), billable: Count });
export const MemberList = z.object({ members: z.array(Member), seats: Seats, billingTransfer: nullable(BillingTransfer) });

export const Invite = z.object({
  id: Str,
  email: Str,
  role: z.enum(ASSIGNABLE_ROLES),
  deploymentIds: z.array(Str),
  invitedBy: Str,
  createdAt: DateTime,
  expiresAt: DateTime,
  status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
});
export const InviteAccepted = z.object({ orgId: Str, userId: Str, role: z.enum(ASSIGNABLE_ROLES) });
export const MemberRemoved = z.object({ userId: Str, removed: z.literal(true) });
export const OrgLeft = z.object({ orgId: Str, left: z.literal(true) });
export const OrgDeleted = z.object({ orgId: Str, deleted: z.literal(true) });
export const OwnershipTransferred = z.object({ ownerId: Str, previousOwnerId: Str });
export const BillingHolder = z.object({ holderId: Str });
export const BillingTransferAccepted = z.object({ holderId: Str, capabilities: z.array(z.enum(CAPABILITIES)) });

export const PlanLimits = z.object({
  credits: nullable(Count), seats: nullable(Count), agents: nullable(Count), deployments: nullable(Count),
  kbPages: nullable(Count), uploadMb: nullable(Count),
});
export const Plan = z.object({
  id: PlanId,
  name: Str,
  selfServe: z.boolean(),
  limits: PlanLimits,
  price: nullable(z.object({ month: Money, year: Money, yearlyPerMonth: Money })),
});
export const PlanList = z.object({
  currency: Currency,
  current: z.object({ planId: PlanId, interval: Interval }),
  yearlyDiscountPct: Int,
  recommended: PlanId,
  plans: z.array(Plan),
});

export const Meter = z.object({ used: Count, limit: nullable(Count), percent: nullable(z.number()) });
export const Meters = z.object({
  credits: Meter, kbPages: Meter, agents: Meter, seats: Meter, deployments: Meter, uploadMb: Meter, overallPercent: z.number(),
});
export const KeepIds = z.object({ memberIds: z.array(Str), agentIds: z.array(Str) });
export const PendingChange = z.object({
  kind: z.enum(['downgrade', 'cancel', 'interval']),
  planId: PlanId,
  interval: Interval,
  effectiveAt: DateTime,
  keep: nullable(KeepIds),
});
export const Subscription = z.object({
  planId: PlanId,
  planName: Str,
  interval: Interval,
  termStart: DateTime,
  termEnd: DateTime,
  cycleStart: DateTime,
  resetsAt: DateTime,
  pendingChange: nullable(PendingChange),
  limits: PlanLimits,
  meters: Meters,
  seatBilling: z.boolean(),
  /** Only for those who may see billing details (BR-2); null for builders (USE-2). */
  paymentMethod: nullable(z.object({ brand: Str, last4: Str })),
  pastDue: z.boolean(),
});
const ChangeKind = z.enum(['upgrade', 'downgrade', 'cancel', 'interval']);
export const KeepCheck = z.object({
  members: z.object({ active: Count, limit: nullable(Count) }),
  agents: z.object({ active: Count, limit: nullable(Count) }),
  required: z.boolean(),
  willDeactivate: KeepIds,
});
export const PlanPreview = z.object({
  kind: ChangeKind,
  timing: z.enum(['now', 'period_end']),
  from: z.object({ planId: PlanId, interval: Interval }),
  to: z.object({ planId: PlanId, interval: Interval }),
  effectiveAt: DateTime,
  currency: Currency,
  amountDueNow: Money,
  unusedCredit: Money,
  nextInvoice: z.object({ date: DateTime, amount: Money }),
  keep: nullable(KeepCheck),
});
export const PlanChangeResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('applied'), kind: ChangeKind, paymentId: Str, invoiceId: Str, amountDueNow: Money, subscription: Subscription }),
  z.object({ status: z.literal('pending_payment'), kind: ChangeKind, paymentId: Str, invoiceId: Str, amountDueNow: Money, subscription: Subscription }),
  z.object({ status: z.literal('scheduled'), kind: ChangeKind, effectiveAt: DateTime, willDeactivate: KeepIds, subscription: Subscription }),
]);

export const CheckoutSession = z.object({
  id: Str,
  /** Handed to Stripe's embedded checkout in production; the simulated checkout in the mock. */
  clientSecret: Str,
  status: z.enum(['open', 'complete', 'expired']),
  amount: Money,
  currency: Currency,
  description: Str,
  expiresAt: DateTime,
  paymentId: nullable(Str),
});
export const CheckoutCompleted = z.object({
  status: z.enum(['paid', 'pending']), paymentId: Str, invoiceId: Str, subscription: Subscription, balance: Count,
});
export const InvoicePaid = z.object({ status: z.enum(['paid', 'pending']), invoiceId: Str, paymentId: Str });

export const Balance = z.object({
  balance: Count,
  state: z.enum(BALANCE_STATES),
  /** CRD-5: at zero every channel is refused ("This assistant is currently offline."). */
  offline: z.boolean(),
  monthlyAllowance: Count,
  usedThisCycle: Count,
  resetsAt: DateTime,
  planId: PlanId,
});
export const CreditBlock = z.object({
  id: Str, source: z.enum(BLOCK_SOURCES), initial: Count, remaining: Count, createdAt: DateTime,
  expiresAt: nullable(DateTime), note: nullable(Str),
});
export const Credits = z.object({
  balance: Count,
  /** In debit order (CRD-4): the block spent next comes first. */
  blocks: z.array(CreditBlock),
  usedThisCycle: Count,
  byMember: z.array(z.object({ userId: Str, credits: Count })),
});
export const Package = z.object({ id: Str, credits: Count, price: Money });
export const AutoRecharge = z.object({
  packageId: nullable(Str), enabled: z.boolean(), failures: Count, paused: z.boolean(), pending: z.boolean(),
  thresholdCredits: Count, thresholdPct: Count,
});
export const PackageList = z.object({
  available: z.boolean(),
  currency: Currency,
  creditsPerCurrencyUnit: z.number(),
  packages: z.array(Package),
  hasSavedCard: z.boolean(),
  autoRecharge: AutoRecharge,
});
export const PurchaseResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('paid'), paymentId: Str, invoiceId: Str, credits: Count, amount: Money, currency: Currency, balance: Count }),
  z.object({ status: z.literal('pending'), paymentId: Str, invoiceId: Str, credits: Count, amount: Money, currency: Currency, balance: Count }),
  z.object({ status: z.literal('requires_checkout'), checkout: CheckoutSession }),
]);

export const InvoiceLine = z.object({ description: Str, quantity: z.number(), unitAmount: Money, amount: Money });
export const Invoice = z.object({
  id: Str,
  number: Str,
  createdAt: DateTime,
  amount: Money,
  currency: Currency,
  status: z.enum(INVOICE_STATUSES),
  lines: z.array(InvoiceLine),
  billTo: nullable(BillingIdentity),
  pdfUrl: Str,
  viewUrl: Str,
});
export const InvoicePage = z.object({ invoices: z.array(Invoice), nextCursor: nullable(Str), total: Count });

export const Timeseries = z.object({
  days: Count,
  unit: z.enum(USAGE_UNITS),
  groupBy: z.enum(USAGE_GROUPINGS),
  from: Day,
  to: Day,
  total: Count,
  keys: z.array(Str),
  points: z.array(z.object({ date: Day, total: Count, series: z.record(z.string(), Count) })),
});
export const UsageSummary = z.object({
  days: Count,
  totalCredits: Count,
  totalTokens: Count,
  events: Count,
  previousCredits: Count,
  changePct: nullable(z.number()),
  topAgent: nullable(z.object({ agentId: Str, credits: Count })),
  topChannel: nullable(z.object({ channel: Channel, credits: Count })),
});
export const BreakdownRow = z.object({
  agentId: nullable(Str), agentName: nullable(Str), channel: Channel, category: z.enum(USAGE_CATEGORIES),
  credits: Count, tokens: Count, events: Count,
});
export const Breakdown = z.array(BreakdownRow);
export const UsageEvent = z.object({
  id: Str, at: DateTime, channel: Channel, agentId: nullable(Str), memberId: nullable(Str), modelId: Str,
  category: z.enum(USAGE_CATEGORIES), words: Count, tokens: Count, credits: Count,
});
export const UsageEventPage = z.object({ events: z.array(UsageEvent), nextCursor: nullable(Str) });
export const UsageRecorded = z.object({ eventId: Str, credits: Count, balance: Count, balanceState: z.enum(BALANCE_STATES) });

export const Model = z.object({
  id: Str, name: Str, provider: Str, providerCountry: nullable(Str), hostingCountry: nullable(Str), creditsPer1kWords: z.number(),
});
export const ModelList = z.object({ tier: z.enum(RESIDENCY_TIERS), models: z.array(Model) });
export const ResidencyPreview = z.object({
  from: z.enum(RESIDENCY_TIERS), to: z.enum(RESIDENCY_TIERS), unavailableModelIds: z.array(Str), flaggedDeploymentIds: z.array(Str),
});
export const ResidencyResult = z.object({ tier: z.enum(RESIDENCY_TIERS), flaggedDeploymentIds: z.array(Str) });

export const Agent = z.object({ id: Str, name: Str, state: z.enum(['active', 'deactivated']), createdBy: Str, createdAt: DateTime });
export const Deployment = z.object({
  id: Str, agentId: Str, name: Str, channel: Channel, modelId: Str, inviteOnly: z.boolean(), flagged: z.boolean(), createdAt: DateTime,
});
export const KnowledgeAdded = z.object({ sourceId: Str, pages: Count, totalPages: Count });
export const Chat = z.object({
  id: Str, memberId: Str, visibility: z.enum(CHAT_VISIBILITIES), createdAt: DateTime,
  /** ROLE-6: null when the chat is someone else's and was created under `private`. */
  title: nullable(Str),
  message: nullable(Str),
});

export const Alerts = z.object({ thresholdPct: Count, thresholdCredits: Count, recipientIds: z.array(Str), defaultRecipients: z.boolean() });
export const MemberCap = z.object({ userId: Str, cap: nullable(Count), spent: Count });
export const AgentCap = z.object({ agentId: Str, cap: nullable(Count), spent: Count });
export const Caps = z.object({
  members: z.array(MemberCap), agents: z.array(AgentCap), alerts: Alerts, resetsAt: DateTime,
});
export const Notification = z.object({
  id: Str, kind: z.enum(['low_balance', 'auto_recharge_paused']), to: z.array(Str), at: DateTime, balance: Count,
});

export type User = z.infer<typeof User>;
export type Session = z.infer<typeof Session>;
export type SessionMembership = z.infer<typeof SessionMembership>;
export type Organization = z.infer<typeof Organization>;
export type Settings = z.infer<typeof Settings>;
export type BillingIdentity = z.infer<typeof BillingIdentity>;
export type Member = z.infer<typeof Member>;
export type MemberList = z.infer<typeof MemberList>;
export type Invite = z.infer<typeof Invite>;
export type BillingTransfer = z.infer<typeof BillingTransfer>;
export type Plan = z.infer<typeof Plan>;
export type PlanList = z.infer<typeof PlanList>;
export type PlanPreview = z.infer<typeof PlanPreview>;
export type PlanChangeResult = z.infer<typeof PlanChangeResult>;
export type Subscription = z.infer<typeof Subscription>;
export type CheckoutSession = z.infer<typeof CheckoutSession>;
export type Balance = z.infer<typeof Balance>;
export type Credits = z.infer<typeof Credits>;
export type CreditBlock = z.infer<typeof CreditBlock>;
export type Package = z.infer<typeof Package>;
export type PackageList = z.infer<typeof PackageList>;
export type AutoRecharge = z.infer<typeof AutoRecharge>;
export type PurchaseResult = z.infer<typeof PurchaseResult>;
export type Invoice = z.infer<typeof Invoice>;
export type InvoicePage = z.infer<typeof InvoicePage>;
export type Timeseries = z.infer<typeof Timeseries>;
export type UsageSummary = z.infer<typeof UsageSummary>;
export type BreakdownRow = z.infer<typeof BreakdownRow>;
export type UsageEvent = z.infer<typeof UsageEvent>;
export type Model = z.infer<typeof Model>;
export type Agent = z.infer<typeof Agent>;
export type Deployment = z.infer<typeof Deployment>;
export type Chat = z.infer<typeof Chat>;
export type Caps = z.infer<typeof Caps>;
