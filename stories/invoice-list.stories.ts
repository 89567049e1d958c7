import { pastDueInvoice } from './support/mock.js';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, scenario } from './support/orgkit.js';

const meta: OrgKitMeta = { title: 'Elements/<invoice-list>', component: 'invoice-list', tags: ['autodocs'], ...elementMeta('invoice-list', {
  argTypes: { 'page-size': { control: { type: 'number', min: 1, max: 100 }, table: { category: 'attributes' } } },
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
/** fresh-free: a new Free organization has no invoices yet. */
export const Empty: OrgKitStory = { name: 'State: empty', ...scenario('fresh-free') };
/** The renewal was declined: a past-due invoice that the owner can pay. */
export const PastDue: OrgKitStory = { name: 'State: past-due invoice', ...scenario('standard-team', 'owner', { setup: pastDueInvoice }) };
export const PendingDowngrade: OrgKitStory = { name: 'State: pending downgrade', ...scenario('pending-downgrade') };
export const Paged: OrgKitStory = { name: 'Paged (page-size 2)', args: { 'page-size': 2, 'billing-settings-href': '#settings' } };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };
