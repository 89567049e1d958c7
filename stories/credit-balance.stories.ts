import type { CreditBalance } from '@orgkit/elements';
import { expect, userEvent } from 'storybook/test';
import { noSavedCard } from './support/mock.js';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, mockOf, scenario } from './support/orgkit.js';
import { inShadow, loaded, part, partText, squash, until } from './support/play.js';

const meta: OrgKitMeta = { title: 'Elements/<credit-balance>', component: 'credit-balance', tags: ['autodocs'], ...elementMeta('credit-balance') };
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
/** low-credit: under 100 credits left (amber). */
export const LowCredit: OrgKitStory = { name: 'State: low credit', ...scenario('low-credit') };
/** out-of-credit: zero credits, auto-recharge off, agents offline (red). */
export const OutOfCredit: OrgKitStory = { name: 'State: out of credit', ...scenario('out-of-credit') };
/** Free: no packages — the upgrade prompt instead. */
export const FreePlan: OrgKitStory = { name: 'State: Free plan', ...scenario('fresh-free') };
/** No saved card: a purchase goes through the (simulated) checkout. */
export const NoSavedCard: OrgKitStory = { name: 'State: no saved card', ...scenario('standard-team', 'owner', { setup: noSavedCard }) };
export const PendingDowngrade: OrgKitStory = { name: 'State: pending downgrade', ...scenario('pending-downgrade') };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/** Buy the 5,000-credit package with the saved card: confirm step, then the new balance (granted once). */
export const BuyPackage: OrgKitStory = {
  name: 'Flow: buy a package',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<CreditBalance>(canvasElement, 'credit-balance');
    const m = mockOf({ loaded: data });
    const balance = () => m?.engine.query({ kind: 'system' }, 'balance.get', { orgId: m.orgId }).balance ?? 0;
    const before = balance();
    const dialog = () => inShadow<HTMLDialogElement>(el, '#buy-dialog');
    await step('Buy 5,000 credits opens the confirm step', async () => {
      await until(() => inShadow(el, '[data-package="pkg_5000"] [part~="buy-button"]'), 'the packages are listed');
      const buy = inShadow<HTMLButtonElement>(el, '[data-package="pkg_5000"] [part~="buy-button"]');
      if (!buy) throw new Error('no Buy button for pkg_5000');
      await userEvent.click(buy);
      await until(() => dialog()?.open, 'the confirm dialog opens');
      await expect(squash(dialog()?.textContent)).toContain('5,000 credits');
      await expect(balance()).toBe(before);
    });
    await step('confirm', async () => {
      const confirm = part<HTMLButtonElement>(el, 'confirm-button');
      if (!confirm) throw new Error('no confirm button');
      await userEvent.click(confirm);
    });
    await step('the credits are added once', async () => {
      await until(() => !dialog()?.open, 'the dialog closes');
      await until(() => squash(part(el, 'status')?.textContent).includes('5,000 credits added'), 'the purchase is announced');
      await expect(balance()).toBe(before + 5000);
      await until(() => (part(el, 'balance')?.textContent ?? '').replace(/\D/g, '') === String(before + 5000), 'the hero shows the new balance');
    });
  },
};

/** Auto-recharge in two steps (AR-3): choose a package (it stays off), then switch it on; the server follows each step. */
export const AutoRechargeTwoSteps: OrgKitStory = {
  name: 'Flow: auto-recharge in two steps',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<CreditBalance>(canvasElement, 'credit-balance');
    const m = mockOf({ loaded: data });
    const server = () => m?.engine.query({ kind: 'system' }, 'packages.list', { orgId: m.orgId }).autoRecharge;
    const toggle = () => inShadow<HTMLInputElement>(el, '#ar-toggle');
    const select = () => inShadow<HTMLSelectElement>(el, '#ar-package');
    await step('the switch is disabled until a package is chosen', async () => {
      await until(() => toggle(), 'the auto-recharge switch');
      await expect(toggle()?.disabled).toBe(true);
      await expect(toggle()?.checked).toBe(false);
    });
    await step('step 1: choose the 5,000-credit package — auto-recharge stays off', async () => {
      const picker = select();
      if (!picker) throw new Error('no package picker');
      await userEvent.selectOptions(picker, 'pkg_5000');
      await until(() => server()?.packageId === 'pkg_5000', 'the package is saved on the server');
      await expect(server()?.enabled).toBe(false);
      await until(() => toggle()?.disabled === false, 'the switch is available');
      await partText(el, 'status', 'still off');
    });
    await step('step 2: switch it on', async () => {
      const sw = toggle();
      if (!sw) throw new Error('no switch');
      await userEvent.click(sw);
      await until(() => server()?.enabled === true, 'on, on the server');
      await until(() => squash(part(el, 'ar-state')?.textContent) === 'On', 'the badge says On');
      await expect(toggle()?.checked).toBe(true);
    });
  },
};
