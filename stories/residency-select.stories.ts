import type { ResidencySelect } from '@orgkit/elements';
import { expect, userEvent } from 'storybook/test';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, mockOf, scenario } from './support/orgkit.js';
import { findPart, inShadow, loaded, part, squash, until } from './support/play.js';

const meta: OrgKitMeta = {
  title: 'Elements/<residency-select>',
  component: 'residency-select',
  tags: ['autodocs'],
  ...elementMeta('residency-select', {
    argTypes: {
      value: { control: { type: 'select' }, options: ['ch-ch', 'ch-any', 'eu-eu', 'eu-any', 'global'], table: { category: 'attributes' } },
      disabled: { control: { type: 'boolean' }, table: { category: 'attributes' } },
    },
  }),
};
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
/** strict-residency: a Swiss team on "Swiss server by Swiss company", with the deployments that tier flagged. */
export const StrictResidency: OrgKitStory = { name: 'State: strict residency (flagged deployments)', ...scenario('strict-residency') };
export const StrictResidencyAdmin: OrgKitStory = { name: 'State: strict residency, as admin', ...scenario('strict-residency', 'claudia@bergbahn.test') };
export const Disabled: OrgKitStory = { name: 'Disabled', args: { disabled: true } };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/** Tighten Global → EU/EU: the preview names what becomes unavailable and what will be flagged; Save applies it. */
export const TightenPreview: OrgKitStory = {
  name: 'Flow: tighten with preview',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<ResidencySelect>(canvasElement, 'residency-select');
    const m = mockOf({ loaded: data });
    const tier = () => m?.engine.query({ kind: 'system' }, 'settings.get', { orgId: m.orgId }).residency;
    const items = (name: string) => [...(part(el, name)?.querySelectorAll('li') ?? [])].map((li) => squash(li.textContent));
    await step('choose European server, European company', async () => {
      const radio = inShadow<HTMLInputElement>(el, 'input[type="radio"][value="eu-eu"]');
      if (!radio) throw new Error('no eu-eu radio');
      await userEvent.click(radio);
    });
    await step('the preview lists unavailable models and deployments to be flagged; nothing saved yet', async () => {
      await findPart(el, 'save-button');
      await expect(items('unavailable-models').length).toBeGreaterThan(0);
      await expect(items('flagged-deployments')).toEqual(expect.arrayContaining(['Website widget', 'Hotline']));
      await expect(tier()).toBe('global');
    });
    await step('save: the server has the new tier and the flagged deployments are listed', async () => {
      const save = part<HTMLButtonElement>(el, 'save-button');
      if (!save) throw new Error('no Save button');
      await userEvent.click(save);
      await findPart(el, 'flagged-list');
      await expect(tier()).toBe('eu-eu');
      await until(() => squash(part(el, 'status')?.textContent).includes('Saved'), 'the result is announced');
    });
  },
};
