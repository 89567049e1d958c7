import type { OrgProvider, OrgSwitcher } from '@orgkit/elements';
import { expect, userEvent } from 'storybook/test';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, createElementFor, elementMeta, loading, logEvents, mockOf, notice, providerFor, scenario } from './support/orgkit.js';
import { inShadow, loaded, squash, until } from './support/play.js';

/**
 * For someone in a single organization the switcher stays out of the way unless `personal-href` offers a personal
 * context — so the role stories set one; "Several organizations" shows the real case.
 */
const meta: OrgKitMeta = {
  title: 'Elements/<org-switcher>',
  component: 'org-switcher',
  tags: ['autodocs'],
  ...elementMeta('org-switcher', { args: { 'personal-href': '#personal' } }),
};
export default meta;

/** Someone in three organizations (owner, admin, builder): the switcher, and the usage meters of the chosen one. */
export const SeveralOrganizations: OrgKitStory = { name: 'Several organizations', args: { scenario: 'multi-org', as: 'lea@schmid.test', 'personal-href': '' } };

// ——— Roles ———
export const Owner: OrgKitStory = { name: 'Owner', ...asRole('owner') };
export const Admin: OrgKitStory = { name: 'Admin', ...asRole('admin') };
export const Builder: OrgKitStory = { name: 'Builder', ...asRole('builder') };
export const Member: OrgKitStory = { name: 'Member', ...asRole('member') };
export const Deactivated: OrgKitStory = { name: 'Deactivated', ...asRole('deactivated') };

// ——— States ———
export const Loading: OrgKitStory = { name: 'State: loading', ...loading() };
/** The session itself fails once (the switcher has nothing of its own to load): Retry loads it again. */
export const ErrorWithRetry: OrgKitStory = { name: 'State: error with retry', parameters: { orgkit: { faults: { failNext: 1 }, retries: 0 } } };
/** A single organization and no personal link: nothing to switch, nothing shown. */
export const SingleOrganization: OrgKitStory = { name: 'State: single organization (hidden)', args: { 'personal-href': '' } };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', ...scenario('multi-org', 'lea@schmid.test'), globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', ...scenario('multi-org', 'lea@schmid.test'), globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', ...scenario('multi-org', 'lea@schmid.test'), globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/** Switch organization: the provider follows (orgkit-org-changed) and every element inside shows the new one. */
export const SwitchOrganization: OrgKitStory = {
  name: 'Flow: switch organization',
  args: { scenario: 'multi-org', as: 'lea@schmid.test', 'personal-href': '' },
  render: (args, ctx) => {
    const m = mockOf(ctx);
    if (!m || m.problem) return notice(m?.problem ?? 'no mock');
    const provider = providerFor(m, [createElementFor('org-switcher', args, ctx), createElementFor('usage-meters', {}, ctx)]);
    provider.style.display = 'grid';
    provider.style.gap = '16px';
    logEvents(provider, args, ctx);
    return provider;
  },
  play: async ({ canvasElement, step }) => {
    const el = await loaded<OrgSwitcher>(canvasElement, 'org-switcher');
    const provider = canvasElement.querySelector<OrgProvider>('org-provider');
    const select = inShadow<HTMLSelectElement>(el, 'select');
    if (!provider || !select) throw new Error('no provider or picker');
    await step('every organization is listed with the role there', async () => {
      const labels = [...select.options].map((o) => squash(o.textContent)).join(' | ');
      await expect(labels).toContain('Schmid Consulting — Owner');
      await expect(labels).toContain('Acme AI — Admin');
      await expect(labels).toContain('Globex — Builder');
    });
    const meters = canvasElement.querySelector('usage-meters');
    await until(() => meters?.shadowRoot?.querySelector('[part~="plan-name"], [part~="no-access"]'), 'the meters loaded');
    const before = squash(meters?.shadowRoot?.textContent);
    const target = [...select.options].find((o) => squash(o.textContent).startsWith('Globex'))?.value ?? '';
    await step('pick Globex: the provider switches', async () => {
      const changed = new Promise<CustomEvent<{ orgId: string }>>((resolve) => provider.addEventListener('orgkit-org-changed', (e) => resolve(e), { once: true }));
      await userEvent.selectOptions(select, target);
      await expect((await changed).detail.orgId).toBe(target);
      await expect(provider.org).toBe(target);
    });
    await step('the other elements follow', async () => {
      await until(() => {
        const now = squash(meters?.shadowRoot?.textContent);
        return now !== before && !meters?.shadowRoot?.querySelector('[part~="loading"]');
      }, 'the meters show the new organization');
    });
  },
};
