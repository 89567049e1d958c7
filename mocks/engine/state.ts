import type {
  AssignableRole,
  BlockSource,
  CardOutcome,
  Channel,
  ChatVisibility,
  Currency,
  Interval,
  InvoiceStatus,
  MemberState,
  PaymentStatus,
  PlanId,
  Role,
  UsageCategory,
} from '@orgkit/contract';
import type { ModelDef } from './catalog.js';
import { DEFAULT_MODELS } from './catalog.js';

/**
 * The whole engine state: plain JSON-serialisable data (it is persisted to localStorage by the browser mock).
 * Times are epoch milliseconds, money is in minor units, credits are whole numbers.
 */
export interface EngineState {
  schema: typeof STATE_SCHEMA;
  /** Counter behind every generated id: ids are deterministic for a given command sequence. */
  seq: number;
  /** The time up to which due work (renewals, expiries, scheduled changes) has run: each runs exactly once. */
  cursor: number;
  users: Record<string, User>;
  orgs: Record<string, Org>;
  invites: Record<string, Invite>;
  models: Record<string, ModelDef>;
  idempotency: Record<string, IdempotencyRecord>;
}

/** Version 2: per-grouping daily rollups (DayRollup). Saved version-1 state is upgraded by upgradeState(). */
export const STATE_SCHEMA = 'orgkit-engine/2' as const;

export interface User {
  id: string;
  /** Lower-cased: emails compare case-insensitively (INV-3). */
  email: string;
  name: string;
  createdAt: number;
}

export interface Membership {
  userId: string;
  role: Role;
  state: MemberState;
  joinedAt: number;
  deactivatedAt: number | null;
  /** INV-8: invite-only deployments linked at acceptance. */
  deploymentIds: string[];
}

export interface Invite {
  id: string;
  orgId: string;
  email: string;
  role: AssignableRole;
  deploymentIds: string[];
  invitedBy: string;
  createdAt: number;
  expiresAt: number;
  status: 'pending' | 'accepted' | 'revoked';
  closedAt: number | null;
}

export interface BillingTransfer {
  id: string;
  fromUserId: string;
  toUserId: string;
  createdAt: number;
}

export interface PendingChange {
  kind: 'downgrade' | 'cancel' | 'interval';
  planId: PlanId;
  interval: Interval;
  effectiveAt: number;
  keep: { memberIds: string[]; agentIds: string[] } | null;
  requestedBy: string;
  requestedAt: number;
}

export interface Subscription {
  planId: PlanId;
  interval: Interval;
  /** The paid-for term (a month or a year). */
  termStart: number;
  termEnd: number;
  /** The monthly credit cycle inside the term (the allowance is per month, also on yearly terms). */
  cycleStart: number;
  cycleEnd: number;
  pendingChange: PendingChange | null;
  /** Ultra's negotiated monthly credits. */
  customCredits: number | null;
  /** A renewal the saved card did not pay: the term runs on, the invoice stays open until paid (BILL-4). */
  pastDueInvoiceId: string | null;
}

export interface CreditBlock {
  id: string;
  source: BlockSource;
  initial: number;
  remaining: number;
  createdAt: number;
  /** null = never expires. */
  expiresAt: number | null;
  /** PKG-4: the payment that granted it (at most one block per payment). */
  paymentId: string | null;
  note: string | null;
}

export type PaymentPurpose =
  | { kind: 'subscription'; planId: PlanId; interval: Interval }
  | { kind: 'upgrade'; planId: PlanId; interval: Interval; restartTerm: boolean; /** What the caller asked for (a retry's answer). */ change?: 'upgrade' | 'interval' }
  | { kind: 'package'; packageId: string; credits: number }
  | { kind: 'recharge'; packageId: string; credits: number }
  | { kind: 'renewal' }
  | { kind: 'invoice'; invoiceId: string };

export interface Payment {
  id: string;
  invoiceId: string;
  amount: number;
  currency: Currency;
  status: PaymentStatus;
  purpose: PaymentPurpose;
  via: 'card' | 'checkout';
  createdAt: number;
  settledAt: number | null;
  /** Set once what the payment bought has been granted or applied — never twice. */
  fulfilledAt: number | null;
  /** The idempotency scope of the request that opened it (a retry of that request resumes from this payment). */
  requestKey?: string | null;
  /** Set when the grant was made by recovery (collected, then the request crashed before granting). */
  recoveredAt?: number | null;
}

export interface CheckoutSession {
  id: string;
  clientSecret: string;
  purpose: PaymentPurpose;
  amount: number;
  currency: Currency;
  status: 'open' | 'complete' | 'expired';
  paymentId: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

export interface Invoice {
  id: string;
  number: string;
  createdAt: number;
  currency: Currency;
  lines: InvoiceLine[];
  amount: number;
  status: InvoiceStatus;
  paymentId: string | null;
  /** BILL-2: the billing identity as it was when the invoice was made. */
  billTo: BillingIdentity | null;
}

export interface BillingIdentity {
  email: string;
  name: string;
  country: string;
  address: string;
  postalCode: string;
  city: string;
  taxId: string | null;
}

export interface Card {
  brand: string;
  last4: string;
  /** How the simulated card answers a charge. */
  outcome: CardOutcome;
}

export interface Agent {
  id: string;
  name: string;
  state: 'active' | 'deactivated';
  createdBy: string;
  createdAt: number;
}

export interface Deployment {
  id: string;
  agentId: string;
  name: string;
  channel: Channel;
  modelId: string;
  inviteOnly: boolean;
  /** RES-4: its model no longer complies with the organization's residency tier. */
  flagged: boolean;
  createdAt: number;
}

export interface KnowledgeSource {
  id: string;
  name: string;
  characters: number;
  pages: number;
  uploadBytes: number;
  createdAt: number;
}

export interface Chat {
  id: string;
  memberId: string;
  title: string;
  /** The opening message: content, visible to oversight only under `full` (ROLE-6). */
  message: string;
  /** ORG-7: fixed when the chat is created. */
  visibility: ChatVisibility;
  createdAt: number;
}

export interface UsageEvent {
  id: string;
  at: number;
  channel: Channel;
  agentId: string | null;
  memberId: string | null;
  modelId: string;
  category: UsageCategory;
  words: number;
  tokens: number;
  credits: number;
}

/** credits, tokens, events — one cell of a daily rollup. */
export type Agg = [credits: number, tokens: number, events: number];

/**
 * One UTC day of usage, pre-aggregated for every question a query asks: the day's total, one cell per series of
 * each timeseries grouping, and the per-agent table's agent × channel × category cells (agent '' = none).
 */
export interface DayRollup {
  total: Agg;
  channel: Record<string, Agg>;
  /** By agent id; usage without an agent under '(none)'. */
  agent: Record<string, Agg>;
  /** By member id; usage without a member under '(none)'. */
  member: Record<string, Agg>;
  model: Record<string, Agg>;
  breakdown: Record<string, Agg>;
}

export interface Notification {
  id: string;
  kind: 'low_balance' | 'auto_recharge_paused';
  to: string[];
  at: number;
  balance: number;
}

export interface Org {
  id: string;
  slug: string;
  name: string;
  createdAt: number;
  currency: Currency;
  logoUrl: string | null;
  notificationEmail: string | null;
  features: { regularChat: boolean; endlessChat: boolean };
  internalChatVisibility: ChatVisibility;
  /** Stored as given; read through readTier() (RES-2). */
  residency: string;
  billingIdentity: BillingIdentity | null;
  /** ORG-5: billing identity changes propagated to the payment provider's customer record. */
  providerSyncs: { at: number; fields: string[] }[];
  members: Record<string, Membership>;
  billingHolderId: string;
  billingTransfer: BillingTransfer | null;
  subscription: Subscription;
  paymentMethod: Card | null;
  blocks: CreditBlock[];
  payments: Record<string, Payment>;
  checkouts: Record<string, CheckoutSession>;
  invoices: Invoice[];
  autoRecharge: { packageId: string | null; enabled: boolean; failures: number; paused: boolean; pendingPaymentId: string | null };
  caps: { members: Record<string, number>; agents: Record<string, number> };
  alerts: { thresholdPct: number; recipientIds: string[] | null; armed: boolean };
  notifications: Notification[];
  /** Spend in the current credit cycle (CAP-1/2 and USE-4 read it; reset at each cycle). */
  cycleSpend: { total: number; members: Record<string, number>; agents: Record<string, number> };
  usage: {
    events: UsageEvent[];
    /** day number → that day's rollup: 365-day queries read at most 365 × (series) cells, never the events. */
    daily: Record<string, DayRollup>;
  };
  agents: Record<string, Agent>;
  deployments: Record<string, Deployment>;
  knowledge: KnowledgeSource[];
  chats: Record<string, Chat>;
  /** POL-SEAT-BILLING: active-seat time accrued in the current term. */
  seats: { since: number; seatMs: number };
}

export interface IdempotencyRecord {
  fingerprint: string;
  result: unknown;
  at: number;
}

export function createState(options: { models?: readonly ModelDef[]; now?: number } = {}): EngineState {
  const models: Record<string, ModelDef> = {};
  for (const m of options.models ?? DEFAULT_MODELS) models[m.id] = { ...m };
  return {
    schema: STATE_SCHEMA,
    seq: 0,
    cursor: options.now ?? 0,
    users: {},
    orgs: {},
    invites: {},
    models,
    idempotency: {},
  };
}
