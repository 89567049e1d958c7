import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, scenario } from './support/orgkit.js';

const meta: OrgKitMeta = { title: 'Elements/<usage-meters>', component: 'usage-meters', tags: ['autodocs'], ...elementMeta('usage-meters', {
  argTypes: { unit: { control: { type: 'inline-radio' }, options: ['credits', 'tokens'], table: { category: 'attributes' } } },
}) };
export default meta;

// ——— Roles: each is offered exactly what the server allows ———
export const Owner: OrgKitStory = { name: 'Owner', ...asRole('owner') };
export const Admin: OrgKitStory = { name: 'Admin', ...asRole('admin') };
export const Builder: OrgKitStory = { name: 'Builder', ...asRole('builder') };
export const Member: OrgKitStory = { name: 'Member', ...asRole('member') };
export const Deactivated: OrgKitStory = { name: 'Deactivated', ...asRole('deactivated') };

// ——— States ———
export const Loading: OrgKitStory = { name: 'State: loading', ...loading() };
export const ErrorWithRetry: OrgKitStory = { name: 'State: error with retry', ...failing() };
export const FreePlan: OrgKitStory = { name: 'State: Free plan (limits reached)', ...scenario('fresh-free') };
export const LowCredit: OrgKitStory = { name: 'State: low credit', ...scenario('low-credit') };
export const OutOfCredit: OrgKitStory = { name: 'State: out of credit', ...scenario('out-of-credit') };
export const PendingDowngrade: OrgKitStory = { name: 'State: pending downgrade', ...scenario('pending-downgrade') };
export const Tokens: OrgKitStory = { name: 'Unit: tokens, with links', args: { unit: 'tokens', 'stats-href': '#usage', 'plans-href': '#plans' } };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };
