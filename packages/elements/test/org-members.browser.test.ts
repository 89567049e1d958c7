import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { defineElement } from '../src/registry.js';
import { OrgMembers } from '../src/org-members.js';
import type { OrgProvider } from '../src/index.js';
import type { Mock } from './helpers.js';
import { mock, shadow, text } from './helpers.js';

defineElement('org-members', OrgMembers);

const SYSTEM = { kind: 'system' } as const;
const user = (userId: string) => ({ kind: 'user', userId }) as const;

/**
 * Real keyboard input (trusted events: Tab moves focus, Enter submits, Escape closes a dialog) through the test
 * runner's built-in send-keys command. `@web/test-runner-commands` is not hoisted into node_modules/@web here (it is
 * only a dependency of @web/test-runner), so this speaks its protocol directly: the same web-socket message its
 * browser module sends.
 */
async function sendKeys(payload: { press: string } | { type: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }>;
  };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!res.executed) throw new Error('the test runner has no send-keys command');
}

interface Mounted {
  provider: OrgProvider;
  el: OrgMembers;
  start: HTMLButtonElement;
}

/** <org-members> in a provider signed in as `who`, with a focusable button before it (where keyboard runs start). */
async function mount(m: Mock, who: string, lang = 'en'): Promise<Mounted> {
  const root = await fixture<HTMLDivElement>(html`<div>
    <button id="start">start</button>
    <org-provider lang=${lang} .client=${m.clientFor(who)}><org-members></org-members></org-provider>
  </div>`);
  const provider = root.querySelector('org-provider') as OrgProvider;
  const el = root.querySelector('org-members') as OrgMembers;
  await waitUntil(() => el.shadowRoot?.querySelector('table, [part~="no-access"], [part~="error"]'), 'the element never finished loading', { timeout: 8_000 });
  return { provider, el, start: root.querySelector('#start') as HTMLButtonElement };
}

const q = <T extends Element = HTMLElement>(el: Element, selector: string) => shadow(el).querySelector<T>(selector);
const all = (el: Element, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const part = <T extends Element = HTMLElement>(el: Element, name: string) => q<T>(el, `[part~="${name}"]`);
const rows = (el: Element) => all(el, 'tbody tr.member');
const rowOf = (el: Element, name: string) => rows(el).find((r) => r.querySelector('td.name')?.textContent?.includes(name));
const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const status = (el: Element) => squash(part(el, 'status')?.textContent);
const focused = (el: Element) => shadow(el).activeElement as HTMLElement | null;

function members(m: Mock) {
  return m.backend.engine.query(SYSTEM, 'members.list', { orgId: m.state.orgId });
}
function pendingInvites(m: Mock) {
  return m.backend.engine.query(SYSTEM, 'invites.list', { orgId: m.state.orgId });
}
/** Room for more people: the organization moves to Pro (8 seats). */
function roomy(m: Mock, planId: 'pro' | 'ultra' | 'standard' = 'pro') {
  m.backend.engine.run(SYSTEM, 'system.setPlan', { orgId: m.state.orgId, planId, interval: 'month' });
}
async function refreshed(provider: OrgProvider, el: OrgMembers, until: () => unknown, message: string) {
  provider.refresh();
  await waitUntil(until, message, { timeout: 5_000 });
  await el.updateComplete;
}

async function openInvite(el: OrgMembers) {
  part<HTMLButtonElement>(el, 'invite-button')?.click();
  await waitUntil(() => part<HTMLDialogElement>(el, 'invite-dialog')?.open, 'the invite dialog opens');
  await el.updateComplete;
  const email = part<HTMLInputElement>(el, 'invite-email');
  if (!email) throw new Error('no email field');
  return { dialog: part<HTMLDialogElement>(el, 'invite-dialog') as HTMLDialogElement, email, role: part<HTMLSelectElement>(el, 'invite-role') as HTMLSelectElement, submit: part<HTMLButtonElement>(el, 'invite-submit') as HTMLButtonElement };
}
function typeInto(input: HTMLInputElement | HTMLSelectElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
}

describe('<org-members>', () => {
  let m: Mock;
  afterEach(() => m.stop());

  describe('the list, seats and roles', () => {
    it('ROLE-8 the owner sees every member with name, email, role, state, billing role and joined date, and the seat meter', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      expect(rows(el)).to.have.length(3);
      const olivia = squash(rowOf(el, 'Olivia')?.textContent);
      expect(olivia).to.contain('Olivia Brandt').and.contain('(you)').and.contain('olivia@acme-ai.test').and.contain('Owner');
      expect(olivia).to.contain('Active').and.contain('Billing role');
      const joined = members(m).members[0]?.joinedAt ?? '';
      expect(olivia).to.contain(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(joined)));
      const meter = q(el, '[part~="seat-meter"] [role="meter"]');
      expect(meter?.getAttribute('aria-valuenow')).to.equal('3');
      expect(meter?.getAttribute('aria-valuemax')).to.equal('3');
      expect(meter?.getAttribute('aria-valuetext')).to.equal('3 of 3 seats');
      expect(q(el, 'table')?.getAttribute('aria-rowcount')).to.equal('4');
      expect(rows(el).map((r) => r.getAttribute('aria-rowindex'))).to.deep.equal(['2', '3', '4']);
      await expect(el).to.be.accessible();
    });

    it('INV-5 at the seat limit an upgrade hint is shown, and its button fires orgkit-upgrade-request', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      expect(squash(part(el, 'upgrade-hint')?.textContent)).to.contain('All seats of your plan are taken');
      const asked = oneEvent(el, 'orgkit-upgrade-request');
      part<HTMLButtonElement>(el, 'upgrade-button')?.click();
      expect((await asked).detail).to.deep.equal({ orgId: m.state.orgId, reason: 'seats' });
    });

    it('MEM-5 / OWN-2 the owner changes the role of others — never their own, never the owner\'s, never to owner', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      expect(rowOf(el, 'Olivia')?.querySelector('select'), 'no role picker on the owner\'s (own) row').to.equal(null);
      const select = rowOf(el, 'Bea')?.querySelector('select') as HTMLSelectElement;
      expect(select.getAttribute('aria-label')).to.equal('Role of Bea Huber');
      expect([...select.options].map((o) => o.value)).to.deep.equal(['admin', 'builder', 'member']);
      expect(rowOf(el, 'Adrian')?.querySelector('select')).to.exist;
      const changed = oneEvent(el, 'orgkit-member-role-changed');
      typeInto(select, 'admin');
      const ev = await changed;
      expect(ev.detail).to.deep.equal({ orgId: m.state.orgId, userId: m.person('bea@acme-ai.test').userId, role: 'admin' });
      expect(members(m).members.find((x) => x.name === 'Bea Huber')?.role).to.equal('admin');
      await waitUntil(() => status(el) === 'Bea Huber is now Admin.', 'announced');
    });

    it('MEM-5 an admin changes the roles of others, but not their own or the owner\'s', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'admin');
      expect(rowOf(el, 'Olivia')?.querySelector('select')).to.equal(null);
      expect(rowOf(el, 'Adrian')?.querySelector('select')).to.equal(null);
      expect(rowOf(el, 'Bea')?.querySelector('select')).to.exist;
      expect(squash(rowOf(el, 'Adrian')?.textContent)).to.contain('Admin').and.contain('(you)');
    });

    it('MEM-4 / OWN-2 Remove asks first, is never offered for yourself or the owner, and a host can veto it', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      expect(rowOf(el, 'Olivia')?.querySelector('[part~="remove-button"]')).to.equal(null);
      expect(rowOf(el, 'Adrian')?.querySelector('[part~="remove-button"]')).to.exist;
      const remove = rowOf(el, 'Bea')?.querySelector('[part~="remove-button"]') as HTMLButtonElement;
      expect(remove.getAttribute('aria-label')).to.equal('Remove Bea Huber');
      const veto = (e: Event) => e.preventDefault();
      el.addEventListener('orgkit-member-remove-request', veto);
      remove.focus();
      remove.click();
      const dialog = part<HTMLDialogElement>(el, 'confirm-dialog') as HTMLDialogElement;
      await waitUntil(() => dialog.open, 'the confirmation opens');
      expect(squash(dialog.textContent)).to.contain('Remove Bea Huber?');
      expect(focused(el)?.textContent?.trim(), 'the safe choice has focus').to.equal('Cancel');
      await expect(el).to.be.accessible();
      part<HTMLButtonElement>(el, 'confirm-button')?.click();
      await waitUntil(() => !dialog.open, 'vetoed: the dialog closes');
      expect(members(m).members.some((x) => x.name === 'Bea Huber'), 'vetoed: still a member').to.equal(true);
      expect(focused(el), 'focus returns to the trigger').to.equal(remove);
      el.removeEventListener('orgkit-member-remove-request', veto);

      remove.click();
      await waitUntil(() => dialog.open);
      const removed = oneEvent(el, 'orgkit-member-removed');
      part<HTMLButtonElement>(el, 'confirm-button')?.click();
      expect((await removed).detail.userId).to.equal(m.person('bea@acme-ai.test').userId);
      expect(members(m).members.some((x) => x.name === 'Bea Huber')).to.equal(false);
      await waitUntil(() => !rowOf(el, 'Bea') && rows(el).length === 2, 'the row is gone');
      expect(status(el)).to.equal('Bea Huber was removed from the organization.');
    });

    it('MEM-1 / MEM-2 after a downgrade applies, the members beyond the limit show as deactivated; there is no manual deactivate', async () => {
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const { el } = await mount(m, 'owner');
      expect(rows(el)).to.have.length(5);
      const gone = members(m).members.filter((x) => x.state === 'deactivated').map((x) => x.name);
      expect(gone).to.have.length(2);
      for (const name of gone) {
        expect(squash(rowOf(el, name)?.textContent)).to.contain('Deactivated');
        expect(rowOf(el, name)?.getAttribute('part')).to.contain('row-deactivated');
      }
      const labels = all(el, 'button').map((b) => squash(b.textContent));
      expect(labels.filter((l) => /deactivate/i.test(l) && !/reactivate/i.test(l))).to.deep.equal([]);
    });

    it('MEM-3 Reactivate is refused at the seat limit with the server\'s message inline; once a seat is free it succeeds', async () => {
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const { provider, el } = await mount(m, 'owner');
      const marco = () => rowOf(el, 'Marco')?.querySelector<HTMLButtonElement>('[part~="reactivate-button"]');
      expect(rowOf(el, 'Adrian')?.querySelector('[part~="reactivate-button"]'), 'only deactivated members').to.equal(null);
      marco()?.click();
      await waitUntil(() => part(el, 'action-error'), 'the refusal is shown');
      expect(squash(part(el, 'action-error')?.textContent)).to.contain('All 3 seats of your plan are taken (3 of 3)');
      expect(part(el, 'action-error')?.querySelector('[part~="upgrade-button"]')).to.exist;
      expect(members(m).members.find((x) => x.name === 'Marco Rossi')?.state).to.equal('deactivated');

      m.backend.engine.run(user(m.person('owner').userId), 'member.remove', { orgId: m.state.orgId, userId: m.person('bea@acme-ai.test').userId });
      await refreshed(provider, el, () => !rowOf(el, 'Bea'), 'Bea is gone');
      const back = oneEvent(el, 'orgkit-member-reactivated');
      marco()?.click();
      expect((await back).detail.userId).to.equal(m.person('marco@acme-ai.test').userId);
      expect(members(m).members.find((x) => x.name === 'Marco Rossi')?.state).to.equal('active');
      await waitUntil(() => squash(rowOf(el, 'Marco')?.textContent).includes('Active') && !marco(), 'Marco is active again');
      expect(part(el, 'action-error')).to.equal(null);
    });
  });

  describe('invites', () => {
    it('INV-5 the seat-limit error is shown inline in the invite dialog: the input is kept and focus stays', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      const { dialog, email, submit } = await openInvite(el);
      expect(focused(el), 'focus starts in the email field').to.equal(email);
      await expect(el).to.be.accessible();
      typeInto(email, 'kim@acme-ai.test');
      submit.focus();
      submit.click();
      await waitUntil(() => squash(part(el, 'invite-error')?.textContent).includes('All 3 seats'), 'the seat-limit error is inline');
      expect(squash(part(el, 'invite-error')?.textContent)).to.contain('All 3 seats of your plan are taken (3 of 3)');
      expect(dialog.open).to.equal(true);
      expect(email.value).to.equal('kim@acme-ai.test');
      expect(focused(el)).to.equal(submit);
      expect(dialog.querySelector('[part~="upgrade-button"]'), 'an upgrade is offered beside it').to.exist;
      expect(pendingInvites(m)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('INV-1 / INV-8 the dialog offers admin, builder and member (never owner) and the invite-only deployments; accepting links them', async () => {
      m = await mock('standard-team');
      roomy(m);
      const owner = user(m.person('owner').userId);
      const agentId = m.backend.engine.query(SYSTEM, 'agents.list', { orgId: m.state.orgId })[0]?.id ?? '';
      const vip = m.backend.engine.run(owner, 'deployment.create', { orgId: m.state.orgId, agentId, name: 'VIP portal', channel: 'chat', modelId: 'gpt-5-mini', inviteOnly: true });
      const { provider, el } = await mount(m, 'owner');
      const { email, role, submit } = await openInvite(el);
      expect([...role.options].map((o) => o.value)).to.deep.equal(['admin', 'builder', 'member']);
      const boxes = all(el, '[part~="invite-deployments"] input[type="checkbox"]') as HTMLInputElement[];
      expect(boxes.map((b) => b.value), 'only invite-only deployments').to.deep.equal([vip.id]);
      expect(squash(part(el, 'invite-deployments')?.textContent)).to.contain('VIP portal');
      typeInto(email, 'kim@acme-ai.test');
      typeInto(role, 'builder');
      boxes[0]?.click();
      const asked = oneEvent(el, 'orgkit-invite-request');
      const sent = oneEvent(el, 'orgkit-invite-sent');
      submit.click();
      expect((await asked).detail).to.deep.equal({ orgId: m.state.orgId, email: 'kim@acme-ai.test', role: 'builder' });
      const detail = (await sent).detail;
      expect(detail.email).to.equal('kim@acme-ai.test');
      expect(pendingInvites(m).find((i) => i.id === detail.inviteId)?.deploymentIds).to.deep.equal([vip.id]);

      const { userId } = m.backend.engine.run({ kind: 'anonymous' }, 'invite.accept', { inviteId: detail.inviteId, name: 'Kim Lee' });
      await refreshed(provider, el, () => rowOf(el, 'Kim Lee'), 'the new member is listed');
      expect(squash(rowOf(el, 'Kim Lee')?.textContent)).to.contain('Active');
      expect((rowOf(el, 'Kim Lee')?.querySelector('select') as HTMLSelectElement).value).to.equal('builder');
      expect(members(m).members.find((x) => x.userId === userId)?.deploymentIds).to.deep.equal([vip.id]);
    });

    it('INV-2 a host vetoes an invite by cancelling orgkit-invite-request: nothing is created', async () => {
      m = await mock('standard-team');
      roomy(m);
      const { el } = await mount(m, 'admin');
      const { dialog, email, submit } = await openInvite(el);
      typeInto(email, 'kim@acme-ai.test');
      el.addEventListener('orgkit-invite-request', (e) => e.preventDefault(), { once: true });
      let sent = false;
      el.addEventListener('orgkit-invite-sent', () => (sent = true));
      submit.click();
      await waitUntil(() => !dialog.open, 'the dialog closes');
      expect(sent).to.equal(false);
      expect(pendingInvites(m)).to.have.length(0);
    });

    it('INV-2 an admin invites: orgkit-invite-sent, the invite is listed, the result is announced, focus returns', async () => {
      m = await mock('standard-team');
      roomy(m);
      const { el } = await mount(m, 'admin');
      const trigger = part<HTMLButtonElement>(el, 'invite-button') as HTMLButtonElement;
      trigger.focus();
      const { dialog, email, submit } = await openInvite(el);
      typeInto(email, 'Kim@Acme-AI.test');
      const sent = oneEvent(el, 'orgkit-invite-sent');
      submit.click();
      expect((await sent).detail.email).to.equal('kim@acme-ai.test');
      await waitUntil(() => !dialog.open && status(el) === 'Invite sent to kim@acme-ai.test.', 'closed and announced');
      expect(focused(el)).to.equal(trigger);
      await waitUntil(() => squash(part(el, 'pending-invites')?.textContent).includes('kim@acme-ai.test'), 'listed');
      expect(squash(part(el, 'pending-invites')?.textContent)).to.contain('expires in 3 days');
      expect(q(el, '[role="meter"]')?.getAttribute('aria-valuenow'), 'a pending invite holds a seat').to.equal('4');
    });

    it('INV-3 a second invite for the same address (any case) and an invite for a member are refused inline', async () => {
      m = await mock('standard-team');
      roomy(m);
      m.backend.engine.run(user(m.person('owner').userId), 'invite.create', { orgId: m.state.orgId, email: 'kim@acme-ai.test', role: 'member' });
      const { el } = await mount(m, 'owner');
      const { email, submit } = await openInvite(el);
      typeInto(email, 'KIM@acme-ai.test');
      submit.click();
      await waitUntil(() => squash(part(el, 'invite-error')?.textContent).includes('already has a pending invite'), 'duplicate refused');
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      typeInto(email, 'adrian@acme-ai.test');
      submit.click();
      await waitUntil(() => squash(part(el, 'invite-error')?.textContent).includes('already a member'), 'member refused');
      expect(pendingInvites(m)).to.have.length(1);
    });

    it('INV-4 a pending invite counts down to its expiry, shows Expired after 72 h, and no longer blocks a new invite', async () => {
      m = await mock('standard-team');
      roomy(m);
      const { provider, el } = await mount(m, 'owner');
      let dialog = await openInvite(el);
      typeInto(dialog.email, 'kim@acme-ai.test');
      dialog.submit.click();
      await waitUntil(() => squash(part(el, 'invite-expiry')?.textContent) === 'expires in 3 days', 'the countdown');
      expect(part(el, 'invite-expiry')?.querySelector('time')?.getAttribute('datetime')).to.equal(pendingInvites(m)[0]?.expiresAt);
      await m.control('/clock', { hours: 73 });
      await refreshed(provider, el, () => part(el, 'invite-expired'), 'shown as expired');
      expect(squash(part(el, 'invite')?.textContent)).to.contain('kim@acme-ai.test').and.contain('Expired');
      expect(q(el, '[role="meter"]')?.getAttribute('aria-valuenow'), 'an expired invite holds no seat').to.equal('3');
      dialog = await openInvite(el);
      typeInto(dialog.email, 'kim@acme-ai.test');
      const sent = oneEvent(el, 'orgkit-invite-sent');
      dialog.submit.click();
      await sent;
      await waitUntil(() => part(el, 'invite-expiry') && part(el, 'invite-expired'), 'the new invite beside the expired one');
    });

    it('INV-7 a pending invite is revoked: orgkit-invite-revoked, its seat is free again', async () => {
      m = await mock('standard-team');
      roomy(m);
      const invite = m.backend.engine.run(user(m.person('owner').userId), 'invite.create', { orgId: m.state.orgId, email: 'kim@acme-ai.test', role: 'builder' });
      const { el } = await mount(m, 'owner');
      expect(q(el, '[role="meter"]')?.getAttribute('aria-valuetext')).to.equal('4 of 8 seats');
      const revoke = part<HTMLButtonElement>(el, 'revoke-button') as HTMLButtonElement;
      expect(revoke.getAttribute('aria-label')).to.equal('Revoke the invite for kim@acme-ai.test');
      const revoked = oneEvent(el, 'orgkit-invite-revoked');
      revoke.click();
      expect((await revoked).detail).to.deep.equal({ orgId: m.state.orgId, inviteId: invite.id });
      expect(pendingInvites(m)).to.have.length(0);
      await waitUntil(() => q(el, '[role="meter"]')?.getAttribute('aria-valuetext') === '3 of 8 seats' && !part(el, 'invite'), 'the seat is free');
      expect(status(el)).to.equal('The invite for kim@acme-ai.test was revoked.');
    });

    it('INV-6 an invite accepted after a downgrade filled the plan fails; it stays pending and the meter shows the overflow', async () => {
      m = await mock('standard-team');
      roomy(m);
      const invite = m.backend.engine.run(user(m.person('owner').userId), 'invite.create', { orgId: m.state.orgId, email: 'kim@acme-ai.test', role: 'builder' });
      roomy(m, 'standard');
      expect(() => m.backend.engine.run({ kind: 'anonymous' }, 'invite.accept', { inviteId: invite.id, name: 'Kim' })).to.throw(/seat/i);
      const { el } = await mount(m, 'owner');
      expect(rowOf(el, 'Kim')).to.equal(undefined);
      expect(squash(part(el, 'invite')?.textContent)).to.contain('kim@acme-ai.test');
      expect(q(el, '[role="meter"]')?.getAttribute('aria-valuetext')).to.equal('4 of 3 seats');
      expect(part(el, 'upgrade-hint')).to.exist;
    });
  });

  describe('leaving and the billing role', () => {
    it('MEM-6 a non-owner without the billing role leaves after confirming: orgkit-org-left, the membership is gone', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'admin');
      part<HTMLButtonElement>(el, 'leave-button')?.click();
      const dialog = part<HTMLDialogElement>(el, 'confirm-dialog') as HTMLDialogElement;
      await waitUntil(() => dialog.open);
      expect(squash(dialog.textContent)).to.contain('Leave Acme AI?');
      const left = oneEvent(el, 'orgkit-org-left');
      part<HTMLButtonElement>(el, 'confirm-button')?.click();
      expect((await left).detail.orgId).to.equal(m.state.orgId);
      expect(m.backend.engine.state.orgs[m.state.orgId]?.members[m.person('admin').userId]).to.equal(undefined);
      await waitUntil(() => status(el) === 'You left Acme AI.');
    });

    it('OWN-2 / MEM-6 the owner is offered no Leave', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      expect(part(el, 'leave-button')).to.equal(null);
      expect(part(el, 'leave-blocked')).to.equal(null);
    });

    it('BR-6 the billing-role holder cannot leave: Leave is disabled, with the reason from the message table', async () => {
      m = await mock('standard-team');
      const orgId = m.state.orgId;
      const adrian = m.person('admin').userId;
      const t = m.backend.engine.run(user(m.person('owner').userId), 'billingTransfer.start', { orgId, toUserId: adrian });
      m.backend.engine.run(user(adrian), 'billingTransfer.accept', { orgId, transferId: t.id });
      const { el } = await mount(m, 'admin');
      const leave = part<HTMLButtonElement>(el, 'leave-button') as HTMLButtonElement;
      expect(leave.disabled).to.equal(true);
      expect(squash(part(el, 'leave-blocked')?.textContent)).to.equal('You hold the billing role. Transfer it to another member before you leave.');
      expect(leave.getAttribute('aria-describedby')).to.equal(part(el, 'leave-blocked')?.id);
      expect(squash(rowOf(el, 'Adrian')?.textContent)).to.contain('Billing role');
      // BR-3 [D]: a holder who is not the owner may hand the role on.
      expect(all(el, '[part~="transfer-button"]').map((b) => b.getAttribute('aria-label'))).to.deep.equal([
        'Hand over the billing role to Olivia Brandt',
        'Hand over the billing role to Bea Huber',
      ]);
    });

    it('BR-3 / BR-4 only the holder offers the billing role, only to active members other than themselves', async () => {
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      let { el } = await mount(m, 'owner');
      const offered = all(el, '[part~="transfer-button"]').map((b) => b.closest('tr')?.querySelector('td.name strong')?.textContent);
      expect(offered).to.deep.equal(['Adrian Keller', 'Bea Huber']);
      m.stop();
      m = await mock('standard-team');
      ({ el } = await mount(m, 'admin'));
      expect(all(el, '[part~="transfer-button"]')).to.have.length(0);
    });

    it('BR-5 the holder starts a handover and sees it pending with Cancel; cancelling fires orgkit-billing-transfer-cancelled', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      const adrian = m.person('admin').userId;
      (rowOf(el, 'Adrian')?.querySelector('[part~="transfer-button"]') as HTMLButtonElement).click();
      const dialog = part<HTMLDialogElement>(el, 'confirm-dialog') as HTMLDialogElement;
      await waitUntil(() => dialog.open);
      expect(dialog.getAttribute('part')).to.contain('transfer-dialog');
      const started = oneEvent(el, 'orgkit-billing-transfer-started');
      part<HTMLButtonElement>(el, 'confirm-button')?.click();
      const detail = (await started).detail;
      expect(detail.toUserId).to.equal(adrian);
      expect(m.backend.engine.state.orgs[m.state.orgId]?.billingTransfer?.toUserId).to.equal(adrian);
      await waitUntil(() => part(el, 'transfer-cancel'), 'pending, with Cancel');
      expect(squash(part(el, 'transfer')?.textContent)).to.contain('You asked Adrian Keller to take over the billing role');
      expect(squash(rowOf(el, 'Adrian')?.textContent)).to.contain('Billing offered');
      expect(all(el, '[part~="transfer-button"]'), 'one handover at a time').to.have.length(0);
      expect(part(el, 'transfer-accept')).to.equal(null);
      const cancelled = oneEvent(el, 'orgkit-billing-transfer-cancelled');
      part<HTMLButtonElement>(el, 'transfer-cancel')?.click();
      expect((await cancelled).detail.transferId).to.equal(detail.transferId);
      expect(m.backend.engine.state.orgs[m.state.orgId]?.billingTransfer).to.equal(null);
      await waitUntil(() => !part(el, 'transfer') && all(el, '[part~="transfer-button"]').length === 2, 'back to offering');
    });

    it('BR-5 the recipient sees Accept / Decline: declining changes nothing, accepting moves the role', async () => {
      m = await mock('standard-team');
      const orgId = m.state.orgId;
      const owner = user(m.person('owner').userId);
      const adrian = m.person('admin').userId;
      m.backend.engine.run(owner, 'billingTransfer.start', { orgId, toUserId: adrian });
      const { provider, el } = await mount(m, 'admin');
      expect(squash(part(el, 'transfer')?.textContent)).to.contain('Olivia Brandt wants to hand the billing role over to you');
      expect(part(el, 'transfer-cancel')).to.equal(null);
      await expect(el).to.be.accessible();
      const declined = oneEvent(el, 'orgkit-billing-transfer-declined');
      part<HTMLButtonElement>(el, 'transfer-decline')?.click();
      await declined;
      expect(m.backend.engine.state.orgs[orgId]?.billingHolderId).to.equal(owner.userId);
      await waitUntil(() => !part(el, 'transfer'), 'no longer pending');

      m.backend.engine.run(owner, 'billingTransfer.start', { orgId, toUserId: adrian });
      await refreshed(provider, el, () => part(el, 'transfer-accept'), 'pending again');
      const accepted = oneEvent(el, 'orgkit-billing-transfer-accepted');
      part<HTMLButtonElement>(el, 'transfer-accept')?.click();
      await accepted;
      expect(m.backend.engine.state.orgs[orgId]?.billingHolderId).to.equal(adrian);
      await waitUntil(() => squash(rowOf(el, 'Adrian')?.textContent).includes('Billing role') && part<HTMLButtonElement>(el, 'leave-button')?.disabled, 'the role moved');
      expect(status(el)).to.equal('You now hold the billing role.');
    });

    it('BR-5 / ROLE-5 a recipient whose role is member sees no list, but can still accept the billing role', async () => {
      m = await mock('pending-downgrade');
      const orgId = m.state.orgId;
      const marco = m.person('marco@acme-ai.test').userId;
      m.backend.engine.run(user(m.person('owner').userId), 'billingTransfer.start', { orgId, toUserId: marco });
      const { el } = await mount(m, 'marco@acme-ai.test');
      expect(part(el, 'no-access')).to.exist;
      expect(q(el, 'table')).to.equal(null);
      expect(squash(part(el, 'transfer')?.textContent)).to.contain('A member wants to hand the billing role over to you');
      const accepted = oneEvent(el, 'orgkit-billing-transfer-accepted');
      part<HTMLButtonElement>(el, 'transfer-accept')?.click();
      await accepted;
      expect(m.backend.engine.state.orgs[orgId]?.billingHolderId).to.equal(marco);
      await waitUntil(() => !part(el, 'transfer'));
    });
  });

  describe('roles and states', () => {
    it('ROLE-4 / INV-2 a builder sees the list read-only: no invite, role, remove, reactivate, handover or invite list — only Leave', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'builder');
      expect(rows(el)).to.have.length(3);
      expect(part(el, 'invite-button')).to.equal(null);
      expect(part(el, 'pending-invites')).to.equal(null);
      expect(part(el, 'upgrade-hint')).to.equal(null);
      expect(all(el, 'table select, table button')).to.have.length(0);
      expect(all(el, 'thead th')).to.have.length(6);
      expect(part(el, 'seat-meter')).to.exist;
      expect(all(el, 'button').map((b) => b.getAttribute('part'))).to.deep.equal(['leave-button']);
      await expect(el).to.be.accessible();
    });

    it('ROLE-5 a member sees the no-access state, never the list', async () => {
      m = await mock('pending-downgrade');
      const { el } = await mount(m, 'member');
      expect(part(el, 'no-access')).to.exist;
      expect(text(el)).to.contain('internal chat only');
      expect(q(el, 'table')).to.equal(null);
      expect(text(el)).to.not.contain('adrian@acme-ai.test');
      await expect(el).to.be.accessible();
    });

    it('ROLE-7 a deactivated member sees the blocked state', async () => {
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const gone = members(m).members.find((x) => x.state === 'deactivated');
      const { el } = await mount(m, gone?.email ?? '');
      expect(text(el)).to.contain('Organization access blocked');
      expect(q(el, 'table')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('a failed load shows the server\'s message with Retry, and Retry recovers', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner');
      m.backend.faults.failNext = 1;
      el.loader.reload();
      await waitUntil(() => part(el, 'error'), 'shows the error');
      expect(text(el)).to.contain('The server had a problem');
      await expect(el).to.be.accessible();
      part<HTMLButtonElement>(el, 'retry-button')?.click();
      await waitUntil(() => rows(el).length === 3, 'Retry loads the list');
    });

    it('speaks German with lang="de"', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner', 'de');
      expect(text(el)).to.contain('Mitglieder').and.contain('3 von 3 Plätzen').and.contain('Personen einladen').and.contain('Billing-Rolle');
      expect(rowOf(el, 'Bea')?.querySelector('select')?.getAttribute('aria-label')).to.equal('Rolle von Bea Huber');
    });

    it('without a provider (api-base + org) it reloads itself after a change', async () => {
      m = await mock('standard-team');
      document.cookie = `orgkit_session=${encodeURIComponent(m.person('owner').token)}; path=/`;
      try {
        const el = await fixture<OrgMembers>(html`<org-members api-base=${location.origin} org=${m.state.orgId}></org-members>`);
        await waitUntil(() => rows(el).length === 3, 'loaded on its own', { timeout: 8_000 });
        (rowOf(el, 'Bea')?.querySelector('[part~="remove-button"]') as HTMLButtonElement).click();
        await waitUntil(() => part<HTMLDialogElement>(el, 'confirm-dialog')?.open);
        part<HTMLButtonElement>(el, 'confirm-button')?.click();
        await waitUntil(() => rows(el).length === 2 && q(el, '[role="meter"]')?.getAttribute('aria-valuenow') === '2', 'reloaded after removing');
      } finally {
        document.cookie = 'orgkit_session=; path=/; max-age=0';
      }
    });
  });

  describe('keyboard', () => {
    async function tabTo(el: OrgMembers, matches: (e: HTMLElement) => boolean, what: string, max = 40) {
      for (let i = 0; i < max; i += 1) {
        const f = focused(el);
        if (f && matches(f)) return f;
        await sendKeys({ press: 'Tab' });
      }
      throw new Error(`Tab never reached ${what}`);
    }

    it('INV-1 / INV-5 the invite flow by keyboard alone: open, fill, send, Escape, focus returns', async () => {
      m = await mock('standard-team');
      const { el, start } = await mount(m, 'owner');
      start.focus();
      const trigger = await tabTo(el, (f) => f.getAttribute('part') === 'invite-button', 'the invite button');
      await sendKeys({ press: 'Enter' });
      const dialog = part<HTMLDialogElement>(el, 'invite-dialog') as HTMLDialogElement;
      await waitUntil(() => dialog.open && focused(el)?.id === 'invite-email', 'the dialog opens with focus in the email field');
      await sendKeys({ type: 'kim@acme-ai.test' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => squash(part(el, 'invite-error')?.textContent).includes('All 3 seats'), 'the seat limit, inline');
      expect(focused(el)?.id, 'focus stays in the field').to.equal('invite-email');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open && focused(el) === trigger, 'Escape closes; focus returns to the trigger');

      roomy(m);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => dialog.open && focused(el)?.id === 'invite-email', 'opens again, empty');
      expect((focused(el) as HTMLInputElement).value).to.equal('');
      await sendKeys({ type: 'kim@acme-ai.test' });
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.id).to.equal('invite-role');
      await sendKeys({ press: 'b' });
      expect((focused(el) as HTMLSelectElement).value).to.equal('builder');
      await tabTo(el, (f) => f.getAttribute('part') === 'invite-submit', 'Send');
      const sent = oneEvent(el, 'orgkit-invite-sent');
      await sendKeys({ press: 'Enter' });
      expect((await sent).detail.role).to.equal('builder');
      await waitUntil(() => !dialog.open && focused(el) === trigger, 'closed; focus back on the trigger');
      await waitUntil(() => status(el) === 'Invite sent to kim@acme-ai.test.', 'announced');
      expect(pendingInvites(m).map((i) => [i.email, i.role])).to.deep.equal([['kim@acme-ai.test', 'builder']]);
    });

    it('BR-5 the billing-role handover by keyboard alone: offer, confirm, then cancel from the pending notice', async () => {
      m = await mock('standard-team');
      const { el, start } = await mount(m, 'owner');
      start.focus();
      const trigger = await tabTo(el, (f) => f.getAttribute('aria-label') === 'Hand over the billing role to Adrian Keller', 'Hand over (Adrian)');
      await sendKeys({ press: 'Enter' });
      const dialog = part<HTMLDialogElement>(el, 'confirm-dialog') as HTMLDialogElement;
      await waitUntil(() => dialog.open && focused(el)?.textContent?.trim() === 'Cancel', 'the confirmation opens on Cancel');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open && focused(el) === trigger, 'Escape closes; focus returns');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => dialog.open);
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.getAttribute('part')).to.equal('confirm-button');
      const started = oneEvent(el, 'orgkit-billing-transfer-started');
      await sendKeys({ press: 'Enter' });
      await started;
      await waitUntil(() => focused(el)?.getAttribute('part') === 'transfer', 'focus moves to the pending handover');
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.getAttribute('part')).to.equal('transfer-cancel');
      const cancelled = oneEvent(el, 'orgkit-billing-transfer-cancelled');
      await sendKeys({ press: 'Enter' });
      await cancelled;
      expect(m.backend.engine.state.orgs[m.state.orgId]?.billingTransfer).to.equal(null);
    });
  });

  describe('thousands of members', () => {
    it('ROLE-8 a 5 000-member organization renders and scrolls with a bounded number of rows in the DOM', async function () {
      this.timeout(120_000);
      m = await mock('standard-team');
      const orgId = m.state.orgId;
      const engine = m.backend.engine;
      roomy(m, 'ultra');
      const owner = user(m.person('owner').userId);
      for (let i = 3; i < 5_000; i += 1) {
        const n = String(i).padStart(4, '0');
        const invite = engine.run(owner, 'invite.create', { orgId, email: `person${n}@bulk.test`, role: 'member' });
        engine.run({ kind: 'anonymous' }, 'invite.accept', { inviteId: invite.id, name: `Person ${n}` });
      }
      const list = members(m).members;
      expect(list).to.have.length(5_000);
      const { el } = await mount(m, 'owner');
      await waitUntil(() => rows(el).length > 0, 'rows', { timeout: 20_000 });
      expect(q(el, 'table')?.getAttribute('aria-rowcount')).to.equal('5001');
      expect(rows(el).length).to.be.greaterThan(5).and.lessThan(100);
      expect(rows(el)[0]?.getAttribute('aria-rowindex')).to.equal('2');
      expect(q(el, '[part~="seat-meter"]')?.textContent).to.contain('5,000 seats (no limit)');

      const viewport = part(el, 'table-scroll') as HTMLElement;
      const head = (q(el, 'thead') as HTMLElement).offsetHeight;
      const target = 2_500;
      viewport.scrollTop = target * 52;
      await waitUntil(() => rows(el).some((r) => r.getAttribute('aria-rowindex') === String(target + 2)), 'the rows at the new position', { timeout: 5_000 });
      await el.updateComplete;
      expect(rows(el).length).to.be.lessThan(100);
      const row = rows(el).find((r) => r.getAttribute('aria-rowindex') === String(target + 2)) as HTMLElement;
      expect(squash(row.querySelector('td.name')?.textContent)).to.equal(list[target]?.name);
      const top = row.getBoundingClientRect().top - viewport.getBoundingClientRect().top;
      expect(top, 'the row is at the top of the scrolled view').to.be.within(head - 4, head + 4);

      viewport.scrollTop = viewport.scrollHeight;
      await waitUntil(() => rows(el).some((r) => r.getAttribute('aria-rowindex') === '5001'), 'the last row', { timeout: 5_000 });
      expect(rows(el).length).to.be.lessThan(100);
      expect(squash(rows(el).at(-1)?.querySelector('td.name')?.textContent)).to.equal(list[4_999]?.name);
    });
  });
});
