import type { PlanPicker } from '@orgkit/elements';
import { expect, userEvent } from 'storybook/test';
import { noSavedCard } from './support/mock.js';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, mockOf, scenario } from './support/orgkit.js';
import { findPart, inShadow, loaded, part, partIn, partText, squash, until } from './support/play.js';

const meta: OrgKitMeta = { title: 'Elements/<plan-picker>', component: 'plan-picker', tags: ['autodocs'], ...elementMeta('plan-picker') };
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
export const FreePlan: OrgKitStory = { name: 'State: Free plan', ...scenario('fresh-free') };
/** A downgrade to Standard is scheduled for the period end: the banner, and "Keep my plan". */
export const PendingDowngrade: OrgKitStory = { name: 'State: pending downgrade', ...scenario('pending-downgrade') };
export const SeatLimitReached: OrgKitStory = { name: 'State: seat limit reached (3 of 3)', ...scenario('standard-team') };
/** No checkout configured on the provider: the picker says so and offers none. */
export const CheckoutNotConfigured: OrgKitStory = { name: 'State: checkout not configured', ...scenario('fresh-free', 'owner', { checkout: 'none' }) };
export const NoSavedCard: OrgKitStory = { name: 'State: no saved card', ...scenario('standard-team', 'owner', { setup: noSavedCard }) };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/** Free → Standard through the simulated checkout (the mock's stand-in for Stripe's embedded Checkout). */
export const UpgradeViaCheckout: OrgKitStory = {
  name: 'Flow: upgrade via simulated checkout',
  args: { scenario: 'fresh-free', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<PlanPicker>(canvasElement, 'plan-picker');
    const m = mockOf({ loaded: data });
    await step('choose Standard', async () => {
      const card = await findPart(el, 'card-standard');
      const button = card.querySelector<HTMLButtonElement>('[part~="action-button"]');
      if (!button) throw new Error('Standard offers no action');
      await userEvent.click(button);
    });
    let form: HTMLElement | null = null;
    await step('the checkout opens in the light DOM', async () => {
      await until(() => (form = el.querySelector('[slot="checkout"] orgkit-simulated-checkout')), 'the simulated checkout is mounted');
      await until(() => form?.shadowRoot?.querySelector('button.primary'), 'the checkout shows its Pay button');
      await expect(squash(part(el, 'checkout')?.textContent)).toContain('Standard');
    });
    await step('pay', async () => {
      const pay = form?.shadowRoot?.querySelector<HTMLButtonElement>('button.primary');
      if (!pay) throw new Error('no Pay button');
      await userEvent.click(pay);
    });
    await step('Standard is the current plan, on the server too', async () => {
      await until(() => part(el, 'card-standard')?.getAttribute('part')?.includes('card-current'), 'Standard shows as current');
      await expect(squash(part(el, 'status')?.textContent)).toContain('You are now on Standard');
      await expect(el.querySelector('[slot="checkout"]')).toBeNull();
      await expect(m?.engine.query({ kind: 'system' }, 'subscription.get', { orgId: m.orgId }).planId).toBe('standard');
    });
  },
};

/** Standard → Pro with the saved card: the server's proration preview (due now, next invoice) → Confirm applies it at once. */
export const UpgradePreviewConfirm: OrgKitStory = {
  name: 'Flow: upgrade — preview → confirm',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<PlanPicker>(canvasElement, 'plan-picker');
    const m = mockOf({ loaded: data });
    const planOnServer = () => m?.engine.query({ kind: 'system' }, 'subscription.get', { orgId: m.orgId }).planId;
    const dialog = () => part<HTMLDialogElement>(el, 'change-dialog');
    const confirm = () => part<HTMLButtonElement>(el, 'confirm-button');
    await step('Upgrade to Pro opens the dialog with the server’s preview', async () => {
      await userEvent.click(partIn<HTMLButtonElement>(await findPart(el, 'card-pro'), 'action-button'));
      await until(() => dialog()?.open, 'the change dialog opens');
      await until(() => confirm()?.getAttribute('aria-disabled') === 'false', 'the preview arrives');
      const summary = squash(part(el, 'preview')?.textContent);
      await expect(summary).toContain('Due now');
      await expect(summary).toContain('Next invoice');
      await expect(squash(dialog()?.textContent)).toContain('The upgrade applies at once');
      await expect(squash(dialog()?.textContent)).toContain('ending in 4242');
      await expect(squash(confirm()?.textContent)).toMatch(/^Pay .+ and upgrade$/);
      await expect(planOnServer()).toBe('standard');
    });
    await step('Confirm: Pro at once, on the server too', async () => {
      const button = confirm();
      if (!button) throw new Error('no confirm button');
      await userEvent.click(button);
      await until(() => part(el, 'card-pro')?.getAttribute('part')?.includes('card-current'), 'Pro shows as current');
      await partText(el, 'status', 'You are now on Pro, billed monthly');
      await expect(dialog()?.open).toBe(false);
      await expect(planOnServer()).toBe('pro');
    });
  },
};

/**
 * Standard → Lite (1 seat, 1 agent): the keep-lists, bounded by Lite's limits (the owner always kept); keeping the
 * support bot instead of the sales assistant updates who is deactivated; Confirm schedules it for the period end.
 */
export const DowngradeKeepList: OrgKitStory = {
  name: 'Flow: downgrade with a keep-list',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<PlanPicker>(canvasElement, 'plan-picker');
    const m = mockOf({ loaded: data });
    const sub = () => m?.engine.query({ kind: 'system' }, 'subscription.get', { orgId: m.orgId });
    const agents = Object.values(m?.engine.state.orgs[m.orgId]?.agents ?? {});
    const sales = agents.find((a) => a.name === 'Sales assistant');
    const support = agents.find((a) => a.name === 'Support bot');
    const confirm = () => part<HTMLButtonElement>(el, 'confirm-button');
    const ready = () => until(() => confirm()?.getAttribute('aria-disabled') === 'false', 'the preview is up to date');
    const box = (name: string, value: string | undefined) => inShadow<HTMLInputElement>(el, `input[name="${name}"][value="${value ?? ''}"]`);
    await step('Downgrade to Lite: keep-lists bounded by Lite’s limits', async () => {
      await userEvent.click(partIn<HTMLButtonElement>(await findPart(el, 'card-lite'), 'action-button'));
      await findPart(el, 'keep-agents');
      await ready();
      await partText(el, 'keep-members', '1 of 1 chosen');
      await partText(el, 'keep-members', 'owner, always kept');
      await expect(box('keep-agent', sales?.id)?.checked).toBe(true);
      await expect(box('keep-agent', support?.id)?.disabled).toBe(true);
      await partText(el, 'will-deactivate', 'Support bot');
    });
    await step('keep the support bot instead: the server’s preview follows', async () => {
      const salesBox = box('keep-agent', sales?.id);
      if (!salesBox) throw new Error('no keep box for the sales assistant');
      await userEvent.click(salesBox);
      await ready();
      const supportBox = box('keep-agent', support?.id);
      if (!supportBox) throw new Error('no keep box for the support bot');
      await userEvent.click(supportBox);
      await ready();
      await partText(el, 'will-deactivate', 'Sales assistant');
      await expect(squash(part(el, 'will-deactivate')?.textContent)).not.toContain('Support bot');
      await expect(squash(confirm()?.textContent)).toMatch(/^Downgrade on /);
    });
    await step('Confirm: scheduled for the period end with that keep-list', async () => {
      const button = confirm();
      if (!button) throw new Error('no confirm button');
      await userEvent.click(button);
      await findPart(el, 'pending-banner');
      await partText(el, 'pending-banner', 'Your plan changes to Lite on');
      await expect(sub()?.planId).toBe('standard');
      await expect(sub()?.pendingChange?.planId).toBe('lite');
      await expect(sub()?.pendingChange?.keep).toEqual({ memberIds: [], agentIds: [support?.id] });
    });
  },
};
