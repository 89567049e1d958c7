import { freshSignUp } from './support/mock.js';
import type { UsageChart } from '@orgkit/elements';
import { expect, userEvent } from 'storybook/test';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, mockOf, scenario } from './support/orgkit.js';
import { findPart, inShadow, loaded, part, until } from './support/play.js';

const meta: OrgKitMeta = { title: 'Elements/<usage-chart>', component: 'usage-chart', tags: ['autodocs'], ...elementMeta('usage-chart', {
  argTypes: {
    days: { control: { type: 'number', min: 1, max: 365 }, table: { category: 'attributes' } },
    unit: { control: { type: 'inline-radio' }, options: ['credits', 'tokens'], table: { category: 'attributes' } },
    'group-by': { control: { type: 'select' }, options: ['none', 'channel', 'agent', 'member', 'model'], table: { category: 'attributes' } },
    mode: { control: { type: 'inline-radio' }, options: ['stacked', 'lines'], table: { category: 'attributes' } },
  },
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
/** A brand-new sign-up: no usage yet. */
export const Empty: OrgKitStory = { name: 'State: empty (new sign-up)', ...scenario('fresh-free', 'owner', { setup: freshSignUp }) };
export const LowCredit: OrgKitStory = { name: 'State: low credit', ...scenario('low-credit') };
export const OutOfCredit: OrgKitStory = { name: 'State: out of credit', ...scenario('out-of-credit') };
/** Someone in three organizations: the organization picker (ORG-9). */
export const SeveralOrganizations: OrgKitStory = { name: 'Several organizations', ...scenario('multi-org', 'lea@schmid.test') };
export const ByAgentLines: OrgKitStory = { name: 'By agent, lines, 90 days, tokens', args: { days: 90, unit: 'tokens', 'group-by': 'agent', mode: 'lines' } };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/** "View as table": the chart's numbers as a table — its total is the server's — and back to the chart. */
export const ViewAsTable: OrgKitStory = {
  name: 'Flow: view as table',
  args: { scenario: 'standard-team', as: 'owner', days: 30 },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<UsageChart>(canvasElement, 'usage-chart');
    const m = mockOf({ loaded: data });
    const total = m?.engine.query({ kind: 'system' }, 'usage.timeseries', { orgId: m.orgId, days: 30, unit: 'credits', groupBy: 'channel' }).total;
    const toggle = await findPart<HTMLButtonElement>(el, 'table-toggle');
    await step('the chart first', async () => {
      await until(() => inShadow(el, 'svg[part~="svg"]'), 'the chart is drawn');
      await expect(toggle.getAttribute('aria-pressed')).toBe('false');
    });
    await step('View as table: the per-day table, its total equal to the server’s', async () => {
      await userEvent.click(toggle);
      const table = await findPart(el, 'series-table');
      await expect(toggle.getAttribute('aria-pressed')).toBe('true');
      await expect(inShadow(el, 'svg[part~="svg"]')).toBeNull();
      const shown = Number((table.querySelector('tfoot td.total')?.textContent ?? '').replace(/\D/g, ''));
      await expect(shown).toBe(total);
    });
    await step('and back to the chart', async () => {
      await userEvent.click(toggle);
      await until(() => inShadow(el, 'svg[part~="svg"]') && !part(el, 'series-table'), 'the chart again');
    });
  },
};
