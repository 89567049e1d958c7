import type { SpendCaps } from '@orgkit/elements';
import { expect, userEvent } from 'storybook/test';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, mockOf, scenario } from './support/orgkit.js';
import { loaded, partIn, partText, rowWith, squash, until } from './support/play.js';

const meta: OrgKitMeta = { title: 'Elements/<spend-caps>', component: 'spend-caps', tags: ['autodocs'], ...elementMeta('spend-caps') };
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
export const LowCredit: OrgKitStory = { name: 'State: low credit', ...scenario('low-credit') };
export const OutOfCredit: OrgKitStory = { name: 'State: out of credit', ...scenario('out-of-credit') };
export const PendingDowngrade: OrgKitStory = { name: 'State: pending downgrade', ...scenario('pending-downgrade') };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/** Set a cap of 500 credits for Bea (CAP-1): typed and saved with Enter; the server has it, the row shows spend of cap. */
export const SetSpendCap: OrgKitStory = {
  name: 'Flow: set a spend cap',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<SpendCaps>(canvasElement, 'spend-caps');
    const m = mockOf({ loaded: data });
    const bea = m?.find('builder');
    const serverCap = () => m?.engine.query({ kind: 'system' }, 'caps.get', { orgId: m.orgId }).members.find((c) => c.userId === bea?.userId)?.cap ?? null;
    const row = () => rowWith(el, 'Bea Huber');
    await step('Bea has no cap yet', async () => {
      await until(() => row(), 'Bea’s row');
      await expect(serverCap()).toBeNull();
    });
    await step('type 500 and press Enter', async () => {
      const input = partIn<HTMLInputElement>(row(), 'cap-input');
      await userEvent.click(input);
      await userEvent.type(input, '500{Enter}');
      await partText(el, 'status', 'The cap for Bea Huber is now 500 credits.');
      await expect(serverCap()).toBe(500);
    });
    await step('the row shows the spend against the cap, with Change and Clear', async () => {
      await until(() => row()?.querySelector('[part~="clear-button"]'), 'Clear is offered');
      await expect(squash(partIn(row(), 'spent').textContent)).toContain('0 of 500 credits');
      await expect(partIn(row(), 'spent-meter').getAttribute('aria-valuemax')).toBe('500');
      await expect(squash(partIn(row(), 'save-button').textContent)).toBe('Change');
    });
  },
};
