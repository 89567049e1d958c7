import type { OrgMembers } from '@orgkit/elements';
import { expect, userEvent } from 'storybook/test';
import { freeOneSeat, startBillingTransfer } from './support/mock.js';
import type { OrgKitMeta, OrgKitStory } from './support/orgkit.js';
import { asRole, elementMeta, failing, loading, mockOf, scenario } from './support/orgkit.js';
import { findPart, loaded, part, partIn, partText, rowWith, until } from './support/play.js';

const meta: OrgKitMeta = { title: 'Elements/<org-members>', component: 'org-members', tags: ['autodocs'], ...elementMeta('org-members') };
export default meta;

// ——— Roles: what each one is offered is exactly what the server allows ———
export const Owner: OrgKitStory = { name: 'Owner', ...asRole('owner') };
export const Admin: OrgKitStory = { name: 'Admin', ...asRole('admin') };
export const Builder: OrgKitStory = { name: 'Builder', ...asRole('builder') };
export const Member: OrgKitStory = { name: 'Member', ...asRole('member') };
export const Deactivated: OrgKitStory = { name: 'Deactivated', ...asRole('deactivated') };

// ——— States ———
export const Loading: OrgKitStory = { name: 'State: loading', ...loading() };
export const ErrorWithRetry: OrgKitStory = { name: 'State: error with retry', ...failing() };
/** standard-team: all 3 seats of Standard are taken — the upgrade hint, and invites are refused. */
export const SeatLimitReached: OrgKitStory = { name: 'State: seat limit reached (3 of 3)', ...scenario('standard-team') };
export const PendingDowngrade: OrgKitStory = { name: 'State: pending downgrade', ...scenario('pending-downgrade') };
/** The downgrade applied at the period end: the members beyond Standard's limit are deactivated (Reactivate). */
export const DowngradeApplied: OrgKitStory = { name: 'State: downgrade applied', ...scenario('pending-downgrade', 'owner', { clock: 'period_end' }) };
/** The holder asked the admin to take over the billing role: the holder sees it pending, with Cancel. */
export const PendingBillingTransfer: OrgKitStory = { name: 'State: pending billing transfer (holder)', ...scenario('standard-team', 'owner', { setup: startBillingTransfer }) };
/** The same transfer, seen by its recipient: Accept / Decline. */
export const PendingBillingTransferRecipient: OrgKitStory = { name: 'State: pending billing transfer (recipient)', ...scenario('standard-team', 'admin', { setup: startBillingTransfer }) };

// ——— Theme and locale (the toolbar sets them for every story) ———
export const Dark: OrgKitStory = { name: 'Theme: dark', globals: { theme: 'dark' } };
export const Brand: OrgKitStory = { name: 'Theme: example brand', globals: { theme: 'brand' } };
export const German: OrgKitStory = { name: 'Locale: de', globals: { locale: 'de' } };

// ——— Flows (play functions) ———
/**
 * Invite until the seat limit (INV-5): with one seat free (the builder was removed first) the first invite is sent
 * and listed; the second is refused by the server with its seat-limit message inline — the address typed is kept.
 */
export const InviteUntilSeatLimit: OrgKitStory = {
  name: 'Flow: invite until the seat limit',
  args: { scenario: 'standard-team', as: 'owner' },
  parameters: { orgkit: { setup: freeOneSeat } },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<OrgMembers>(canvasElement, 'org-members');
    const m = mockOf({ loaded: data });
    const invites = () => m?.engine.query({ kind: 'system' }, 'invites.list', { orgId: m.orgId }).filter((i) => i.status === 'pending') ?? [];
    const dialog = () => part<HTMLDialogElement>(el, 'invite-dialog');
    const invite = async (address: string) => {
      await userEvent.click(await findPart(el, 'invite-button'));
      await until(() => dialog()?.open, 'the invite dialog opens');
      const email = await findPart<HTMLInputElement>(el, 'invite-email');
      await until(() => el.shadowRoot?.activeElement === email, 'focus is in the email field');
      await el.updateComplete;
      // Type the address; if a render of the freshly opened dialog resets the field meanwhile, type it again.
      for (let attempt = 0; attempt < 3 && email.value !== address; attempt += 1) {
        if (email.value) {
          // Select what is there (a triple click), so typing replaces it.
          await userEvent.tripleClick(email);
          await userEvent.keyboard(address);
        } else {
          await userEvent.type(email, address);
        }
        await el.updateComplete;
      }
      await expect(email.value).toBe(address);
      await userEvent.click(await findPart(el, 'invite-submit'));
      return email;
    };
    await step('2 of 3 seats: invite kim@acme-ai.test — sent and listed', async () => {
      await partText(el, 'seat-meter', '2 of 3');
      await invite('kim@acme-ai.test');
      await partText(el, 'status', 'Invite sent to kim@acme-ai.test.');
      await until(() => !dialog()?.open, 'the dialog closes');
      await partText(el, 'pending-invites', 'kim@acme-ai.test');
      await expect(invites().map((i) => i.email)).toEqual(['kim@acme-ai.test']);
      await partText(el, 'seat-meter', '3 of 3');
    });
    await step('invite lee@acme-ai.test — the server refuses: all seats are taken', async () => {
      const email = await invite('lee@acme-ai.test');
      await partText(el, 'invite-error', 'All 3 seats of your plan are taken (3 of 3)');
      await expect(dialog()?.open).toBe(true);
      await expect(email.value).toBe('lee@acme-ai.test');
      await expect(dialog()?.querySelector('[part~="upgrade-button"]')).toBeTruthy();
      await expect(invites()).toHaveLength(1);
    });
  },
};

/** The owner makes Bea (builder) an admin: the server has the new role, and the change is announced. */
export const ChangeRole: OrgKitStory = {
  name: 'Flow: change a role',
  args: { scenario: 'standard-team', as: 'owner' },
  play: async ({ canvasElement, loaded: data, step }) => {
    const el = await loaded<OrgMembers>(canvasElement, 'org-members');
    const m = mockOf({ loaded: data });
    const bea = m?.find('builder');
    const serverRole = () => m?.engine.query({ kind: 'system' }, 'members.list', { orgId: m.orgId }).members.find((x) => x.userId === bea?.userId)?.role;
    await step('no role picker on the owner’s own row; Bea’s offers admin, builder, member', async () => {
      await expect(rowWith(el, 'Olivia')?.querySelector('[part~="role-select"]')).toBeNull();
      const select = partIn<HTMLSelectElement>(rowWith(el, 'Bea'), 'role-select');
      await expect([...select.options].map((o) => o.value)).toEqual(['admin', 'builder', 'member']);
      await expect(select.getAttribute('aria-label')).toBe('Role of Bea Huber');
    });
    await step('choose Admin', async () => {
      await userEvent.selectOptions(partIn<HTMLSelectElement>(rowWith(el, 'Bea'), 'role-select'), 'admin');
      await partText(el, 'status', 'Bea Huber is now Admin.');
      await expect(serverRole()).toBe('admin');
    });
  },
};

/** The member list's request fails once (the mock's `failNext`): the server's message with Retry; Retry recovers. */
export const ErrorThenRetry: OrgKitStory = {
  name: 'Flow: error → Retry',
  args: { scenario: 'standard-team', as: 'owner' },
  ...failing(),
  play: async ({ canvasElement, step }) => {
    const el = await loaded<OrgMembers>(canvasElement, 'org-members');
    await step('the error, with Retry', async () => {
      const error = await findPart(el, 'error');
      await expect(error.querySelector('[part~="retry-button"]')).toBeTruthy();
    });
    await step('Retry loads the members', async () => {
      const retry = part(el, 'error')?.querySelector<HTMLElement>('[part~="retry-button"]');
      if (!retry) throw new Error('no Retry button');
      await userEvent.click(retry);
      await until(() => rowWith(el, 'Bea Huber'), 'the member table is shown');
      await expect(part(el, 'error')).toBeNull();
    });
  },
};
