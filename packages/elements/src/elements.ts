import { ContextRoot } from '@lit/context';
import { OrgProvider } from './provider.js';
import { PlanPicker } from './plan-picker.js';
import { CreditBalance } from './credit-balance.js';
import { InvoiceList } from './invoice-list.js';
import { UsageChart } from './usage-chart.js';
import { UsageMeters } from './usage-meters.js';
import { SpendCaps } from './spend-caps.js';
import { OrgConsole } from './org-console.js';
import { OrgMembers } from './org-members.js';
import { OrgSettings } from './org-settings.js';
import { OrgSwitcher } from './org-switcher.js';
import { ResidencySelect } from './residency-select.js';
import type { DefineOptions } from './registry.js';
import { defineAll } from './registry.js';

/** Every OrgKit tag and its class; the provider first, so elements find it when they upgrade. */
export const ELEMENTS = {
  'org-provider': OrgProvider,
  'org-switcher': OrgSwitcher,
  'org-members': OrgMembers,
  'org-settings': OrgSettings,
  'residency-select': ResidencySelect,
  'plan-picker': PlanPicker,
  'credit-balance': CreditBalance,
  'invoice-list': InvoiceList,
  'usage-chart': UsageChart,
  'usage-meters': UsageMeters,
  'spend-caps': SpendCaps,
  'org-console': OrgConsole,
} as const satisfies Record<string, CustomElementConstructor>;

const ROOT = Symbol.for('orgkit.context-root');

/**
 * Register OrgKit's tags (skipping any already registered), optionally under a prefix or into a scoped registry.
 * Also lets a provider that is defined or connected after its elements still reach them.
 */
export function defineOrgKit(options: DefineOptions = {}): string[] {
  const g = globalThis as { [ROOT]?: ContextRoot };
  if (!g[ROOT] && typeof document !== 'undefined') {
    g[ROOT] = new ContextRoot();
    g[ROOT].attach(document.documentElement);
  }
  return defineAll(ELEMENTS, options);
}
