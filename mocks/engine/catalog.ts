import type { Interval, PlanId } from '@orgkit/contract';
import { PLAN_IDS } from '@orgkit/contract';
import type { Policy } from './policy.js';

/** `null` means unlimited (PLAN-3 "∞"). */
export interface PlanLimits {
  /** Credits granted per monthly cycle; Ultra's is custom (set on the subscription). */
  credits: number | null;
  seats: number | null;
  agents: number | null;
  deployments: number | null;
  kbPages: number | null;
  uploadMb: number | null;
}

export interface PlanDef {
  id: PlanId;
  name: string;
  /** Position in PLAN_IDS: higher is a bigger plan. */
  rank: number;
  /** PLAN-2, in minor units (cents); null = not sold at a list price (Free costs 0, Ultra is contact sales). */
  price: { month: number; year: number } | null;
  limits: PlanLimits;
  /** POL-ROLLOVER [D]: at most one month's allowance carries over. */
  rolloverCap: number | null;
  /** PLAN-1: Ultra is never self-checkout. */
  selfServe: boolean;
}

const unlimited: PlanLimits = { credits: null, seats: null, agents: null, deployments: null, kbPages: null, uploadMb: null };

/** PLAN-1 … PLAN-3. */
export const PLANS: Readonly<Record<PlanId, PlanDef>> = Object.freeze({
  free: {
    id: 'free', name: 'Free', rank: 0, price: { month: 0, year: 0 }, selfServe: true, rolloverCap: 200,
    limits: { credits: 200, seats: 1, agents: 1, deployments: 1, kbPages: 50, uploadMb: 10 },
  },
  lite: {
    id: 'lite', name: 'Lite', rank: 1, price: { month: 3_900, year: 38_400 }, selfServe: true, rolloverCap: 1_500,
    limits: { credits: 1_500, seats: 1, agents: 1, deployments: 1, kbPages: 800, uploadMb: 200 },
  },
  standard: {
    id: 'standard', name: 'Standard', rank: 2, price: { month: 16_900, year: 168_000 }, selfServe: true, rolloverCap: 10_000,
    limits: { credits: 10_000, seats: 3, agents: 2, deployments: 4, kbPages: 4_000, uploadMb: 1_000 },
  },
  pro: {
    id: 'pro', name: 'Pro', rank: 3, price: { month: 69_900, year: 696_000 }, selfServe: true, rolloverCap: 30_000,
    limits: { credits: 30_000, seats: 8, agents: 5, deployments: 8, kbPages: 12_000, uploadMb: 2_500 },
  },
  ultra: { id: 'ultra', name: 'Ultra', rank: 4, price: null, selfServe: false, rolloverCap: null, limits: unlimited },
});

export const PAID_PLAN_IDS = PLAN_IDS.filter((id) => id !== 'free');

/** PLAN-2: the yearly discount shown on the toggle, from the list prices (≈ 17 %). */
export function yearlyDiscountPct(): number {
  const p = PLANS.standard.price;
  if (!p) return 0;
  return Math.round((1 - p.year / (p.month * 12)) * 100);
}

export function planPrice(planId: PlanId, interval: Interval): number | null {
  const price = PLANS[planId].price;
  return price ? price[interval] : null;
}

/** One KB page = 2,000 characters of extracted text (PLAN-3). */
export const KB_PAGE_CHARACTERS = 2_000;
export const MB = 1_000_000;

/** Credit packages (PKG-2): priced from the display rate (CRD-8), the same number in every currency. */
export interface PackageDef {
  id: string;
  credits: number;
  /** minor units */
  price: number;
}

export const PACKAGE_SIZES = [1_000, 5_000, 10_000, 50_000] as const;

export function packages(policy: Policy): PackageDef[] {
  return PACKAGE_SIZES.map((credits) => ({
    id: `pkg_${String(credits)}`,
    credits,
    price: Math.round((credits * 100) / policy.creditsPerCurrencyUnit),
  }));
}

export function findPackage(policy: Policy, id: string): PackageDef | undefined {
  return packages(policy).find((p) => p.id === id);
}

// — Residency (RES-*): the rule itself is the contract's (modelAllowed, readTier, EUROPE) —
export { EUROPE, modelAllowed, readTier } from '@orgkit/contract';

export interface ModelDef {
  id: string;
  name: string;
  provider: string;
  /** ISO country of the operating company; null = unknown. */
  providerCountry: string | null;
  /** ISO country where it is served; null = unknown. */
  hostingCountry: string | null;
  /** CRD-6: credits per 1,000 words. */
  creditsPer1kWords: number;
}

/** The model catalog a fresh engine starts with: one model per tier boundary, and one of unknown origin. */
export const DEFAULT_MODELS: readonly ModelDef[] = Object.freeze([
  { id: 'swissllm-large', name: 'SwissLLM Large', provider: 'Helvetia AI', providerCountry: 'CH', hostingCountry: 'CH', creditsPer1kWords: 4 },
  { id: 'gpt-5-ch', name: 'GPT-5 (Swiss region)', provider: 'OpenAI', providerCountry: 'US', hostingCountry: 'CH', creditsPer1kWords: 6 },
  { id: 'mistral-large', name: 'Mistral Large', provider: 'Mistral AI', providerCountry: 'FR', hostingCountry: 'FR', creditsPer1kWords: 3 },
  { id: 'claude-eu', name: 'Claude (EU region)', provider: 'Anthropic', providerCountry: 'US', hostingCountry: 'DE', creditsPer1kWords: 5 },
  { id: 'gpt-5', name: 'GPT-5', provider: 'OpenAI', providerCountry: 'US', hostingCountry: 'US', creditsPer1kWords: 5 },
  { id: 'gpt-5-mini', name: 'GPT-5 mini', provider: 'OpenAI', providerCountry: 'US', hostingCountry: 'US', creditsPer1kWords: 1 },
  { id: 'open-weights-x', name: 'Open Weights X', provider: 'Unknown host', providerCountry: null, hostingCountry: null, creditsPer1kWords: 1 },
]);
