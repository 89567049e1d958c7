/**
 * OrgKit's tags, for Vue's template compiler (`isCustomElement`): Vue then leaves them to the browser instead of
 * resolving them as Vue components. Plain data — vite.config.ts imports it too.
 */
export const ORGKIT_TAG_NAMES = [
  'org-provider', 'org-console', 'org-switcher', 'org-members', 'org-settings', 'residency-select', 'plan-picker',
  'credit-balance', 'invoice-list', 'usage-chart', 'usage-meters', 'spend-caps', 'orgkit-simulated-checkout',
];

export const isOrgKitTag = (tag: string): boolean => ORGKIT_TAG_NAMES.includes(tag);
