import type { OrgKitArgs, OrgKitMeta, OrgKitStory, Ctx } from './support/orgkit.js';
import { applyAttributes, asRole, createElementFor, elementMeta, loading, logEvents, mockOf, notice, providerFor, scenario } from './support/orgkit.js';

/** The provider renders nothing itself: these stories show it with a switcher, the usage meters and the credits inside. */
function renderProvider(args: OrgKitArgs, ctx: Ctx): HTMLElement {
  const m = mockOf(ctx);
  if (!m || m.problem) return notice(m?.problem ?? 'no mock');
  const children = ['org-switcher', 'usage-meters', 'credit-balance'].map((tag) => createElementFor(tag, {}, ctx));
  const provider = providerFor(m, children);
  applyAttributes(provider, 'org-provider', args);
  provider.style.display = 'grid';
  provider.style.gap = '20px';
  logEvents(provider, args, ctx);
  return provider;
}

const meta: OrgKitMeta = { title: 'Elements/<org-provider>', component: 'org-provider', tags: ['autodocs'], ...elementMeta('org-provider', { render: renderProvider }) };
export default meta;

// ——— Roles: the capabilities the session serves decide what every element inside shows ———
export const Owner: OrgKitStory = { name: 'Owner', ...asRole('owner') };
export const Admin: OrgKitStory = { name: 'Admin', ...asRole('admin') };
export const Builder: OrgKitStory = { name: 'Builder', ...asRole('builder') };
export const Member: OrgKitStory = { name: 'Member', ...asRole('member') };
export const Deactivated: OrgKitStory = { name: 'Deactivated', ...asRole('deactivated') };

// ——— States ———
export const Loading: OrgKitStory = { name: 'State: loading', ...loading() };
/** The session fails once: every element shows the error with Retry; Retry loads the session again. */
export const ErrorWithRetry: OrgKitStory = { name: 'State: error with retry', parameters: { orgkit: { faults: { failNext: 1 }, retries: 0 } } };
export const SeveralOrganizations: OrgKitStory = { name: 'Several organizations', ...scenario('multi-org', 'lea@schmid.test') };
export const LowCredit: OrgKitStory = { name: 'State: low credit', ...scenario('low-credit') };
export const OutOfCredit: OrgKitStory = { name: 'State: out of credit', ...scenario('out-of-credit') };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };
