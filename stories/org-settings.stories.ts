import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, scenario } from './support/orgkit.js';

const meta: OrgKitMeta = { title: 'Elements/<org-settings>', component: 'org-settings', tags: ['autodocs'], ...elementMeta('org-settings') };
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
/** strict-residency: the server location section of a Swiss team on its strictest tier. */
export const StrictResidency: OrgKitStory = { name: 'State: strict residency', ...scenario('strict-residency') };
/** With a link to where the server location is changed. */
export const WithServerLocationLink: OrgKitStory = { name: 'With server-location-href', args: { 'server-location-href': '#residency' } };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };
