import type { OrgConsole } from '@orgkit/elements';
import { expect, userEvent, waitFor } from 'storybook/test';
import { startBillingTransfer } from './support/mock.js';
import type { Ctx, OrgKitArgs, OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, createElementFor, elementMeta, failing, loading, logEvents, mockOf, notice } from './support/orgkit.js';
import { inShadow, loaded, squash, until } from './support/play.js';

const TABS = ['general', 'members', 'plans', 'usage'];

/**
 * The whole "My organization" area in one tag. The stories put it inside an <org-provider> (as a host app does);
 * "Standalone" shows it on its own, with a client and `checkout` — it then makes its own provider.
 */
const meta: OrgKitMeta = {
  title: 'Elements/<org-console>',
  component: 'org-console',
  tags: ['autodocs'],
  ...elementMeta('org-console', {
    args: { 'chat-href': '#chat' },
    argTypes: {
      tab: { control: { type: 'inline-radio' }, options: TABS, table: { category: 'attributes' } },
      'sync-hash': { control: { type: 'boolean' }, table: { category: 'attributes' } },
    },
    parameters: { docs: { story: { height: '760px' } } },
  }),
};
export default meta;

// ——— Roles: the tabs follow the capabilities (builders: no General; members: chat-only; deactivated: blocked) ———
export const Owner: OrgKitStory = { name: 'Owner', ...asRole('owner') };
export const Admin: OrgKitStory = { name: 'Admin', ...asRole('admin') };
export const Builder: OrgKitStory = { name: 'Builder', ...asRole('builder') };
/** A plain member has internal chat only: a calm notice with a link to the chat (`chat-href`), no tabs. */
export const Member: OrgKitStory = { name: 'Member (chat-only)', ...asRole('member') };
export const Deactivated: OrgKitStory = { name: 'Deactivated', ...asRole('deactivated') };

// ——— Tabs (the `tab` attribute) ———
export const General: OrgKitStory = { name: 'Tab: General', args: { tab: 'general' } };
export const Members: OrgKitStory = { name: 'Tab: Members', args: { tab: 'members' } };
export const Plans: OrgKitStory = { name: 'Tab: Plans', args: { tab: 'plans' } };
export const Usage: OrgKitStory = { name: 'Tab: Usage', args: { tab: 'usage' } };

// ——— States ———
export const Loading: OrgKitStory = { name: 'State: loading', ...loading() };
/** The session fails once: the console shows the server's message with Retry, which loads it again. */
export const ErrorWithRetry: OrgKitStory = { name: 'State: error with retry', parameters: { orgkit: { faults: { failNext: 1 }, retries: 0 } } };
/** The members tab's own list fails once (after the session loaded): its error with Retry inside the console. */
export const PanelError: OrgKitStory = { name: 'State: a panel fails (Members)', args: { tab: 'members' }, ...failing() };
export const SeatLimitReached: OrgKitStory = { name: 'State: seat limit reached (Members)', args: { scenario: 'standard-team', as: 'owner', tab: 'members' } };
export const LowCredit: OrgKitStory = { name: 'State: low credit (Plans)', args: { scenario: 'low-credit', as: 'owner', tab: 'plans' } };
export const OutOfCredit: OrgKitStory = { name: 'State: out of credit (Usage)', args: { scenario: 'out-of-credit', as: 'owner', tab: 'usage' } };
export const PendingDowngrade: OrgKitStory = { name: 'State: pending downgrade (Plans)', args: { scenario: 'pending-downgrade', as: 'owner', tab: 'plans' } };
export const PendingBillingTransfer: OrgKitStory = {
  name: 'State: pending billing transfer (Members)',
  args: { scenario: 'standard-team', as: 'owner', tab: 'members' },
  parameters: { orgkit: { setup: startBillingTransfer } },
};
export const StrictResidency: OrgKitStory = { name: 'State: strict residency (General)', args: { scenario: 'strict-residency', as: 'owner', tab: 'general' } };
/** Someone in three organizations: the switcher in the header, and the tabs follow the role in the chosen one. */
export const SeveralOrganizations: OrgKitStory = { name: 'Several organizations', args: { scenario: 'multi-org', as: 'lea@schmid.test' } };

/** Without an <org-provider>: a `client` property and `checkout="simulated"` — the console makes its own provider. */
export const Standalone: OrgKitStory = {
  name: 'Standalone (own provider)',
  render: (args: OrgKitArgs, ctx: Ctx) => {
    const m = mockOf(ctx);
    if (!m || m.problem) return notice(m?.problem ?? 'no mock');
    const el = createElementFor('org-console', args, ctx) as OrgConsole;
    el.setAttribute('checkout', 'simulated');
    el.client = m.client;
    logEvents(el, args, ctx);
    return el;
  },
};

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/** Click Members, then the keyboard (→ Plans, End → Usage, Home → General): each panel renders its elements. */
export const SwitchTabs: OrgKitStory = {
  name: 'Flow: switch tabs (mouse and keyboard)',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, step }) => {
    const el = await loaded<OrgConsole>(canvasElement, 'org-console');
    const seen: string[] = [];
    el.addEventListener('orgkit-tab-changed', (e) => seen.push(e.detail.tab));
    const tab = (t: string) => inShadow<HTMLButtonElement>(el, `#tab-${t}`);
    const panelShows = (tag: string) => until(() => el.querySelector(`[data-orgkit-console-root] ${tag}`), `the panel shows <${tag}>`);
    await step('General is the first tab for the owner', async () => {
      await until(() => tab('general')?.getAttribute('aria-selected') === 'true', 'General is selected');
      await panelShows('org-settings');
    });
    await step('click Members: <org-members> in the panel, the event says so', async () => {
      const members = tab('members');
      if (!members) throw new Error('no Members tab');
      await userEvent.click(members);
      await panelShows('org-members');
      await expect(el.tab).toBe('members');
      await expect(tab('members')?.getAttribute('aria-selected')).toBe('true');
      await expect(el.querySelector('[data-orgkit-console-root] org-settings')).toBeNull();
    });
    await step('arrow right: Plans (plan picker, credits, invoices)', async () => {
      await userEvent.keyboard('{ArrowRight}');
      await panelShows('plan-picker');
      await panelShows('credit-balance');
      await expect(el.shadowRoot?.activeElement?.id).toBe('tab-plans');
    });
    await step('End: Usage; Home: General', async () => {
      await userEvent.keyboard('{End}');
      await panelShows('usage-chart');
      await userEvent.keyboard('{Home}');
      await panelShows('org-settings');
    });
    await waitFor(() => expect(seen).toEqual(['members', 'plans', 'usage', 'general']));
  },
};

/** A builder: no General tab (hidden, not disabled); Plans and Usage are summaries. */
export const BuilderTabs: OrgKitStory = {
  name: 'Flow: a builder’s tabs',
  args: { scenario: 'standard-team', as: 'builder' },
  play: async ({ canvasElement }) => {
    const el = await loaded<OrgConsole>(canvasElement, 'org-console');
    await until(() => inShadow(el, '[part~="tablist"]'), () => `the tabs are shown (the console shows: “${squash(el.shadowRoot?.textContent).slice(0, 200)}”)`);
    await expect(el.allowedTabs).toEqual(['members', 'plans', 'usage']);
    await expect(inShadow(el, '#tab-general')).toBeNull();
    await expect(squash(inShadow(el, '[part~="tablist"]')?.textContent)).not.toContain('General');
  },
};
