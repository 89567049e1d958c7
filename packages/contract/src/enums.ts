/** The closed vocabularies of OrgKit. Each list is the single source for its zod enum and its TypeScript type. */

/** ROLE-1: exactly four roles. */
export const ROLES = ['owner', 'admin', 'builder', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** INV-1 / MEM-5: roles that may be invited or assigned through the members screen (never owner). */
export const ASSIGNABLE_ROLES = ['admin', 'builder', 'member'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** MEM-1 */
export const MEMBER_STATES = ['active', 'deactivated'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

/** PLAN-1: the tiers, cheapest first (the order is the upgrade order). */
export const PLAN_IDS = ['free', 'lite', 'standard', 'pro', 'ultra'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const INTERVALS = ['month', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

/** PLAN-2: the same number in every currency. */
export const CURRENCIES = ['CHF', 'EUR', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** CRD-3: every channel draws from the one pool. */
export const CHANNELS = ['chat', 'voice', 'widget', 'realtime', 'internal_chat'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a usage event paid for (the "category" of USE-1's per-agent table). */
export const USAGE_CATEGORIES = ['completion', 'speech', 'transcription', 'embedding', 'tool'] as const;
export type UsageCategory = (typeof USAGE_CATEGORIES)[number];

/** CRD-2 (+ rollover from POL-ROLLOVER). */
export const BLOCK_SOURCES = ['allowance', 'rollover', 'purchase', 'promo', 'grant'] as const;
export type BlockSource = (typeof BLOCK_SOURCES)[number];

/** CRD-7 */
export const BALANCE_STATES = ['ok', 'low', 'out'] as const;
export type BalanceState = (typeof BALANCE_STATES)[number];

/** RES-1: strictest first. */
export const RESIDENCY_TIERS = ['ch-ch', 'ch-any', 'eu-eu', 'eu-any', 'global'] as const;
export type ResidencyTier = (typeof RESIDENCY_TIERS)[number];

/** ORG-7 */
export const CHAT_VISIBILITIES = ['private', 'full'] as const;
export type ChatVisibility = (typeof CHAT_VISIBILITIES)[number];

export const INVOICE_STATUSES = ['open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** How the simulated card behaves (BILL-4: the mock simulates Stripe's states, including a decline). */
export const CARD_OUTCOMES = ['succeed', 'decline', 'pending'] as const;
export type CardOutcome = (typeof CARD_OUTCOMES)[number];

export const USAGE_UNITS = ['credits', 'tokens'] as const;
export type UsageUnit = (typeof USAGE_UNITS)[number];

/** USE-3: how a usage timeseries may be split. */
export const USAGE_GROUPINGS = ['none', 'channel', 'agent', 'member', 'model'] as const;
export type UsageGrouping = (typeof USAGE_GROUPINGS)[number];

/**
 * ROLE-8: the capabilities the API serves per organization. Elements decide what to show from these alone.
 * Computed server-side from role + billing role + policy.
 */
export const CAPABILITIES = [
  'org.read', // see the organization at all (every active member)
  'settings.read', // ORG-3: the General page
  'settings.edit', // ORG-3
  'org.delete', // ORG-8
  'org.leave', // MEM-6
  'members.read', // ROLE-4 [D]: builders read the list
  'members.invite', // INV-2
  'members.manage', // MEM-3/4/5, INV-7: role change, remove, reactivate, revoke
  'ownership.transfer', // OWN-1 with POL-OWN-SELF
  'billing.summary', // ROLE-4 / USE-2: balance and limits
  'billing.read', // BR-2: credit blocks, subscription, packages
  'billing.transfer', // BR-3: the holder hands the billing role on
  'plans.change', // CHG-1
  'credits.purchase', // PKG-5
  'autorecharge.manage', // AR-2
  'caps.manage', // CAP-4
  'invoices.read', // BILL-3
  'usage.read', // USE-1 / USE-2: timeseries, events, per-agent table
  'residency.edit', // RES-3
  'agents.manage', // ROLE-4
  'deployments.read', // ROLE-4
  'deployments.manage', // ROLE-3
  'chat.internal', // ROLE-5
  'chat.oversight', // ROLE-6
] as const;
export type Capability = (typeof CAPABILITIES)[number];
