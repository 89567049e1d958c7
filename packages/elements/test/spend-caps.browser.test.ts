import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ApiError } from '@orgkit/client';
import type { OrgProvider } from '../src/index.js';
import { translate } from '../src/index.js';
import { SpendCaps } from '../src/spend-caps.js';
import { defineElement } from '../src/registry.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow, text } from './helpers.js';

defineElement('spend-caps', SpendCaps);

const SYSTEM = { kind: 'system' } as const;
let m: Mock;

/** Real keyboard input through the test runner's send-keys command (as in org-members' tests). */
async function sendKeys(payload: { press: string } | { type: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }>;
  };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!res.executed) throw new Error('the test runner has no send-keys command');
}

async function mount(who: string, lang = 'en'): Promise<{ provider: OrgProvider; el: SpendCaps }> {
  const provider = await fixture<OrgProvider>(html`<org-provider lang=${lang} .client=${m.clientFor(who)}><spend-caps></spend-caps></org-provider>`);
  const el = provider.querySelector('spend-caps') as SpendCaps;
  await settled(el);
  await el.updateComplete;
  return { provider, el };
}

const part = <T extends Element = HTMLElement>(el: Element, name: string, root: ParentNode = shadow(el)): T | null =>
  root.querySelector<T>(`[part~="${name}"]`);
const rowOf = (el: Element, name: string): HTMLElement | undefined =>
  [...shadow(el).querySelectorAll<HTMLElement>('[part~="row"]')].find((r) => r.querySelector('[part~="name"]')?.textContent === name);
const inRow = <T extends Element = HTMLElement>(el: Element, name: string, p: string): T | null => {
  const row = rowOf(el, name);
  return row ? part<T>(el, p, row) : null;
};
const status = (el: Element) => part(el, 'status')?.textContent?.trim() ?? '';
/** The caps set on the server (caps.get also lists everyone uncapped, with cap null). */
const caps = () => {
  const all = m.backend.engine.query(SYSTEM, 'caps.get', { orgId: m.state.orgId });
  return { ...all, members: all.members.filter((c) => c.cap !== null), agents: all.agents.filter((c) => c.cap !== null) };
};
const balance = () => m.backend.engine.query(SYSTEM, 'balance.get', { orgId: m.state.orgId }).balance;
const agentId = (name: string) => m.backend.engine.query(SYSTEM, 'agents.list', { orgId: m.state.orgId }).find((a) => a.name === name)?.id ?? '';

async function typeCap(el: SpendCaps, name: string, value: string): Promise<HTMLInputElement> {
  const input = inRow<HTMLInputElement>(el, name, 'cap-input');
  if (!input) throw new Error(`no cap input for ${name}`);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  return input;
}

async function saveCap(el: SpendCaps, name: string, value: string): Promise<void> {
  await typeCap(el, name, value);
  inRow<HTMLButtonElement>(el, name, 'save-button')?.click();
  await el.updateComplete;
}

async function refreshed(provider: OrgProvider, el: SpendCaps, until: () => boolean, what: string): Promise<void> {
  provider.refresh();
  await waitUntil(until, what, { timeout: 5_000 });
  await el.updateComplete;
}

const MEMBER_CAP_TEXT = translate('en', 'error.member_cap_reached');
const AGENT_CAP_TEXT = translate('en', 'error.agent_cap_reached');

describe('<spend-caps>', () => {
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => m.stop());

  describe('CAP-4 who sees and who changes caps', () => {
    it('CAP-4 the owner sees every member and agent — those without a cap too — with spend, inputs and the reset date', async () => {
      const { el } = await mount('owner');
      for (const name of ['Olivia Brandt', 'Adrian Keller', 'Bea Huber', 'Sales assistant', 'Support bot']) {
        expect(rowOf(el, name), name).to.exist;
        expect(inRow(el, name, 'cap-input'), `${name} has a cap input`).to.exist;
        expect(inRow(el, name, 'save-button')?.textContent?.trim()).to.equal('Set cap');
        expect(inRow(el, name, 'clear-button'), 'nothing to clear yet').to.equal(null);
      }
      const spent = m.backend.engine.query(SYSTEM, 'credits.get', { orgId: m.state.orgId }).byMember.find((b) => b.userId === m.person('admin').userId)?.credits ?? 0;
      expect(inRow(el, 'Adrian Keller', 'spent')?.textContent?.trim()).to.equal(`${new Intl.NumberFormat('en-US').format(spent)} credits`);
      const resets = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(caps().resetsAt));
      expect(part(el, 'reset')?.textContent).to.contain(resets);
      expect(part(el, 'read-only')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('CAP-4 an admin changes caps by default; a builder and a member see the no-access state and the server refuses them', async () => {
      const admin = await mount('admin');
      await saveCap(admin.el, 'Bea Huber', '300');
      await waitUntil(() => caps().members.some((c) => c.userId === m.person('builder').userId && c.cap === 300), 'the admin set the cap');

      const builder = await mount('builder');
      expect(part(builder.el, 'no-access')).to.exist;
      expect(part(builder.el, 'table')).to.equal(null);
      expect(text(builder.el)).to.not.contain('Olivia');
      await expect(builder.el).to.be.accessible();
      const refused = await m.clientFor('builder').caps.setMember(m.state.orgId, m.person('builder').userId, { cap: null }).then(() => null, (e: ApiError) => e.code);
      expect(refused).to.equal('forbidden');
      expect(caps().members.find((c) => c.userId === m.person('builder').userId)?.cap).to.equal(300);

      m = await mock('pending-downgrade');
      const member = await mount('member');
      expect(part(member.el, 'no-access')).to.exist;
      expect(text(member.el)).to.contain('internal chat only');
      await expect(member.el).to.be.accessible();
    });

    it('CAP-4 POL-BILLING-OWNER-ONLY: only the owner changes caps; an admin sees them read-only and the server refuses the admin', async () => {
      await m.control('/reset', { scenario: 'standard-team', policy: { billingOwnerOnly: true } });
      const admin = await mount('admin');
      expect(part(admin.el, 'read-only')?.textContent).to.contain('changing them is not part of your role');
      expect(part(admin.el, 'cap-input')).to.equal(null);
      expect(part(admin.el, 'save-button')).to.equal(null);
      expect(part(admin.el, 'save-alerts')).to.equal(null);
      expect(part<HTMLInputElement>(admin.el, 'threshold-input')?.matches(':disabled')).to.equal(true);
      expect(inRow(admin.el, 'Bea Huber', 'cap')?.textContent?.trim()).to.equal('No cap');
      await expect(admin.el).to.be.accessible();
      const refused = await m.clientFor('admin').caps.setMember(m.state.orgId, m.person('builder').userId, { cap: 10 }).then(() => null, (e: ApiError) => e.code);
      expect(refused).to.equal('forbidden');
      const alertsRefused = await m.clientFor('admin').alerts.configure(m.state.orgId, { thresholdPct: 30, recipientIds: [] }).then(() => null, (e: ApiError) => e.code);
      expect(alertsRefused).to.equal('forbidden');

      const owner = await mount('owner');
      expect(part(owner.el, 'read-only')).to.equal(null);
      await saveCap(owner.el, 'Bea Huber', '40');
      await waitUntil(() => caps().members.some((c) => c.cap === 40), 'the owner set the cap');
      await expect(owner.el).to.be.accessible();
    });

    it('ROLE-7 a deactivated member sees the blocked state', async () => {
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const gone = m.backend.engine.query(SYSTEM, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
      const { el } = await mount(gone?.email ?? '');
      expect(text(el)).to.contain('Organization access blocked');
      expect(part(el, 'table')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('CAP-1 / CAP-2 caps', () => {
    it('CAP-1 set, change and clear a member\'s cap: the server follows, the spend shows beside it, and each change is announced', async () => {
      const { el } = await mount('owner');
      const bea = m.person('builder').userId;
      setTimeout(() => void saveCap(el, 'Bea Huber', '500'));
      const set = await oneEvent(el, 'orgkit-cap-changed');
      expect(set.detail).to.deep.equal({ orgId: m.state.orgId, kind: 'member', id: bea, cap: 500 });
      await waitUntil(() => status(el) === 'The cap for Bea Huber is now 500 credits.', 'announces the cap');
      expect(caps().members).to.deep.include({ userId: bea, cap: 500, spent: 0 });
      await waitUntil(() => inRow(el, 'Bea Huber', 'clear-button'), 'Clear is offered');
      expect(inRow(el, 'Bea Huber', 'spent')?.textContent).to.contain('0 of 500 credits');
      const meter = inRow(el, 'Bea Huber', 'spent-meter');
      expect(meter?.getAttribute('role')).to.equal('meter');
      expect(meter?.getAttribute('aria-valuemax')).to.equal('500');
      expect(meter?.getAttribute('aria-valuenow')).to.equal('0');
      expect(inRow(el, 'Bea Huber', 'save-button')?.textContent?.trim()).to.equal('Change');
      await expect(el).to.be.accessible();

      await saveCap(el, 'Bea Huber', '750');
      await waitUntil(() => caps().members.some((c) => c.userId === bea && c.cap === 750), 'changed on the server');
      await waitUntil(() => inRow(el, 'Bea Huber', 'spent')?.textContent?.includes('0 of 750 credits'), 'shows the new cap');

      setTimeout(() => inRow<HTMLButtonElement>(el, 'Bea Huber', 'clear-button')?.click());
      const cleared = await oneEvent(el, 'orgkit-cap-changed');
      expect(cleared.detail.cap).to.equal(null);
      await waitUntil(() => status(el) === 'Bea Huber has no cap any more.', 'announces the clearing');
      expect(caps().members.some((c) => c.userId === bea)).to.equal(false);
      await waitUntil(() => !inRow(el, 'Bea Huber', 'clear-button'), 'Clear is gone');
      expect(inRow<HTMLInputElement>(el, 'Bea Huber', 'cap-input')?.value).to.equal('');
      expect(shadow(el).activeElement === inRow(el, 'Bea Huber', 'cap-input'), 'focus stays in the row, on its input').to.equal(true);
    });

    it('CAP-1 a cap is whole credits ≥ 0: other input is refused inline, kept in the field, and never sent', async () => {
      const { el } = await mount('owner');
      for (const [typed, message] of [
        ['12.5', 'Enter a whole number of credits, 0 or more.'],
        ['-3', 'Enter a whole number of credits, 0 or more.'],
        ['', 'Enter a whole number of credits, 0 or more.'],
        ['200000000', 'At most 100,000,000 credits.'],
      ] as const) {
        await saveCap(el, 'Adrian Keller', typed);
        const input = inRow<HTMLInputElement>(el, 'Adrian Keller', 'cap-input');
        expect(inRow(el, 'Adrian Keller', 'field-error')?.textContent?.trim(), typed).to.equal(message);
        expect(input?.getAttribute('aria-invalid')).to.equal('true');
        expect(input?.getAttribute('aria-describedby')).to.equal(inRow(el, 'Adrian Keller', 'field-error')?.id);
        expect(input?.value, 'the input is kept').to.equal(typed);
      }
      expect(caps().members).to.deep.equal([]);
      await expect(el).to.be.accessible();
      // Typing again clears the error; 0 is a valid cap (it blocks all usage).
      await typeCap(el, 'Adrian Keller', '0');
      expect(inRow(el, 'Adrian Keller', 'field-error')).to.equal(null);
      inRow<HTMLButtonElement>(el, 'Adrian Keller', 'save-button')?.click();
      await waitUntil(() => caps().members.some((c) => c.userId === m.person('admin').userId && c.cap === 0), 'cap 0 saved');
    });

    it('CAP-1 the keyboard sets a cap: type into the field and press Enter', async () => {
      const { el } = await mount('owner');
      inRow<HTMLInputElement>(el, 'Olivia Brandt', 'cap-input')?.focus();
      await sendKeys({ type: '25' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => caps().members.some((c) => c.userId === m.person('owner').userId && c.cap === 25), 'Enter saved the cap');
      await waitUntil(() => status(el).includes('25 credits'), 'announced');
    });

    it('CAP-1 CRD-3 CRD-6 a member over their cap is refused with member_cap_reached — the text shown is the message table\'s — until the next cycle', async () => {
      const { provider, el } = await mount('owner');
      const bea = m.person('builder');
      await saveCap(el, 'Bea Huber', '10');
      await waitUntil(() => caps().members.some((c) => c.userId === bea.userId && c.cap === 10), 'cap set');
      const asBea = m.clientFor('builder');
      const chat = (words: number) => asBea.usage.record(m.state.orgId, { channel: 'internal_chat', modelId: 'gpt-5-mini', words });

      // CRD-6: GPT-5 mini costs 1 credit per 1,000 words; CRD-3: internal chat draws from the organization's one pool.
      const before = balance();
      const first = await chat(4_000);
      expect(first.credits).to.equal(4);
      expect(balance()).to.equal(before - 4);
      await chat(4_000);
      let refused: unknown = null;
      try {
        await chat(4_000); // 8 + 4 > 10
      } catch (e) {
        refused = e;
      }
      expect(refused).to.be.instanceOf(ApiError);
      expect((refused as ApiError).code).to.equal('member_cap_reached');
      expect(balance(), 'a refused event changes nothing').to.equal(before - 8);
      // What the member is told: the message table's text for the code, through the same errorText every element uses.
      const shown = (el as unknown as { errorText(e: unknown): string }).errorText(refused);
      expect(shown).to.equal(MEMBER_CAP_TEXT);

      await chat(2_000); // exactly up to the cap
      await refreshed(provider, el, () => !!inRow(el, 'Bea Huber', 'capped-badge'), 'Bea is marked capped');
      expect(caps().members.find((c) => c.userId === bea.userId)?.spent).to.equal(10);
      expect(inRow(el, 'Bea Huber', 'spent')?.textContent).to.contain('10 of 10 credits');
      expect(inRow(el, 'Bea Huber', 'spent-meter')?.classList.contains('full')).to.equal(true);
      expect(inRow(el, 'Bea Huber', 'capped-badge')?.textContent?.trim()).to.equal('Cap reached');
      expect(inRow(el, 'Bea Huber', 'capped-text')?.textContent?.trim()).to.equal(MEMBER_CAP_TEXT);
      expect(rowOf(el, 'Bea Huber')?.getAttribute('part')).to.contain('row-capped');
      const stillRefused = await chat(1_000).then(() => null, (e: ApiError) => e.code);
      expect(stillRefused).to.equal('member_cap_reached');
      // Other members are not affected by Bea's cap.
      const olivia = await m.clientFor('owner').usage.record(m.state.orgId, { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 1_000 });
      expect(olivia.credits).to.equal(1);
      await expect(el).to.be.accessible();

      // TIME-1: the next cycle resets the spend; the cap stays.
      await m.control('/clock', { to: 'period_end' });
      await refreshed(provider, el, () => !inRow(el, 'Bea Huber', 'capped-badge'), 'the cap is no longer reached');
      expect(inRow(el, 'Bea Huber', 'spent')?.textContent).to.contain('0 of 10 credits');
      const again = await chat(4_000);
      expect(again.credits).to.equal(4);
      expect(caps().members.find((c) => c.userId === bea.userId)).to.deep.equal({ userId: bea.userId, cap: 10, spent: 4 });
    });

    it('CAP-2 an agent\'s cap: set beside its spend, its usage refused with agent_cap_reached until the next cycle, then cleared', async () => {
      const { provider, el } = await mount('owner');
      const support = agentId('Support bot');
      setTimeout(() => void saveCap(el, 'Support bot', '20'));
      const set = await oneEvent(el, 'orgkit-cap-changed');
      expect(set.detail).to.deep.equal({ orgId: m.state.orgId, kind: 'agent', id: support, cap: 20 });
      await waitUntil(() => inRow(el, 'Support bot', 'spent-meter'), 'the spend meter shows');
      const spent = caps().agents.find((c) => c.agentId === support)?.spent ?? 0;
      const burn = (credits: number) => m.control('/usage', { orgId: m.state.orgId, channel: 'chat', credits, agentId: support }) as Promise<{ error?: { code: string } }>;
      if (spent < 20) await burn(20 - spent);
      const refused = await burn(1);
      expect(refused.error?.code).to.equal('agent_cap_reached');
      await refreshed(provider, el, () => !!inRow(el, 'Support bot', 'capped-badge'), 'the agent is marked capped');
      expect(inRow(el, 'Support bot', 'capped-text')?.textContent?.trim()).to.equal(AGENT_CAP_TEXT);
      // The other agent still runs.
      const other = await m.control('/usage', { orgId: m.state.orgId, channel: 'widget', credits: 1, agentId: agentId('Sales assistant') }) as { error?: unknown };
      expect(other.error).to.equal(undefined);
      await expect(el).to.be.accessible();

      await m.control('/clock', { to: 'period_end' });
      await refreshed(provider, el, () => !inRow(el, 'Support bot', 'capped-badge'), 'a new cycle');
      expect((await burn(5)).error).to.equal(undefined);

      inRow<HTMLButtonElement>(el, 'Support bot', 'clear-button')?.click();
      await waitUntil(() => !caps().agents.some((c) => c.agentId === support), 'cleared on the server');
      await waitUntil(() => status(el) === 'Support bot has no cap any more.', 'announced');
    });

    it('a refused save keeps the typed cap and shows the server\'s message inline', async () => {
      const { el } = await mount('owner');
      m.backend.faults.failNext = 1;
      await saveCap(el, 'Bea Huber', '123');
      await waitUntil(() => inRow(el, 'Bea Huber', 'field-error'), 'shows the error');
      expect(inRow(el, 'Bea Huber', 'field-error')?.textContent).to.contain('The server had a problem');
      expect(inRow<HTMLInputElement>(el, 'Bea Huber', 'cap-input')?.value).to.equal('123');
      expect(caps().members).to.deep.equal([]);
      await expect(el).to.be.accessible();
      inRow<HTMLButtonElement>(el, 'Bea Huber', 'save-button')?.click();
      await waitUntil(() => caps().members.some((c) => c.cap === 123), 'the retry saves');
    });
  });

  describe('CAP-3 the low-balance alert', () => {
    it('CAP-3 threshold and recipients are saved on the server, and the alert goes to them once the balance crosses it', async () => {
      const { provider, el } = await mount('owner');
      const threshold = part<HTMLInputElement>(el, 'threshold-input');
      if (!threshold) throw new Error('no threshold input');
      expect(threshold.value, 'default 20 %').to.equal('20');
      expect(part(el, 'threshold-credits')?.textContent).to.contain('fewer than 2,000 of the 10,000 monthly credits');
      expect(text(el)).to.contain('Nobody chosen: the owner, Olivia Brandt, is notified.');
      const boxes = [...shadow(el).querySelectorAll<HTMLInputElement>('[part~="recipients"] input[type="checkbox"]')];
      const labels = boxes.map((b) => shadow(el).querySelector(`label[for="${b.id}"]`)?.textContent ?? '');
      expect(labels.some((l) => l.includes('Olivia Brandt'))).to.equal(true);
      expect(labels.some((l) => l.includes('Adrian Keller'))).to.equal(true);
      expect(labels.some((l) => l.includes('Bea Huber')), 'a builder cannot see billing').to.equal(false);
      expect(part(el, 'save-alerts')?.getAttribute('aria-disabled'), 'nothing to save yet').to.equal('true');

      // Out of range: refused inline, never sent.
      for (const typed of ['0', '101', '12.5']) {
        threshold.value = typed;
        threshold.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        await el.updateComplete;
        part<HTMLButtonElement>(el, 'save-alerts')?.click();
        await el.updateComplete;
        expect(shadow(el).getElementById('threshold-error')?.textContent?.trim(), typed).to.equal('Enter a whole percentage from 1 to 100.');
        expect(threshold.getAttribute('aria-invalid')).to.equal('true');
      }
      expect(caps().alerts.thresholdPct).to.equal(20);

      threshold.value = '50';
      threshold.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      const adrian = m.person('admin');
      shadow(el).querySelector<HTMLInputElement>(`#recipient-${adrian.userId}`)?.click();
      await el.updateComplete;
      expect(part(el, 'threshold-credits')?.textContent).to.contain('fewer than 5,000 of the 10,000 monthly credits');
      expect(text(el)).to.not.contain('Nobody chosen');
      await expect(el).to.be.accessible();
      setTimeout(() => part<HTMLButtonElement>(el, 'save-alerts')?.click());
      const changed = await oneEvent(el, 'orgkit-alerts-changed');
      expect(changed.detail).to.deep.equal({ orgId: m.state.orgId, thresholdPct: 50, recipientIds: [adrian.userId] });
      await waitUntil(() => status(el) === 'The low-balance alert is saved.', 'announced');
      expect(caps().alerts).to.deep.equal({ thresholdPct: 50, thresholdCredits: 5_000, recipientIds: [adrian.userId], defaultRecipients: false });

      const sent = () => m.backend.engine.query(SYSTEM, 'notifications.list', { orgId: m.state.orgId });
      const count = sent().length;
      expect(balance()).to.be.greaterThan(5_000);
      await m.control('/usage', { orgId: m.state.orgId, channel: 'chat', credits: balance() - 4_999 });
      expect(balance()).to.equal(4_999);
      expect(sent().length).to.equal(count + 1);
      expect(sent().at(-1)).to.include({ kind: 'low_balance', balance: 4_999 });
      expect(sent().at(-1)?.to).to.deep.equal([adrian.email]);
      await refreshed(provider, el, () => part(el, 'history')?.textContent?.includes('4,999 credits left') ?? false, 'lists the alert');
      const first = part(el, 'history')?.querySelector('li');
      expect(first?.textContent).to.contain('Low balance: 4,999 credits left');
      expect(first?.textContent).to.contain(`Sent to ${adrian.email}`);
      // Once sent, it is not sent again on every further debit.
      await m.control('/usage', { orgId: m.state.orgId, channel: 'chat', credits: 10 });
      expect(sent().length).to.equal(count + 1);
      await expect(el).to.be.accessible();
    });

    it('CAP-3 with nobody chosen, the owner is notified', async () => {
      const sent = () => m.backend.engine.query(SYSTEM, 'notifications.list', { orgId: m.state.orgId });
      expect(caps().alerts.defaultRecipients).to.equal(true);
      await m.control('/usage', { orgId: m.state.orgId, channel: 'chat', credits: balance() - 1_999 });
      expect(sent().at(-1)?.to).to.deep.equal([m.person('owner').email]);
      const { el } = await mount('owner');
      expect(part(el, 'history')?.querySelector('li')?.textContent).to.contain(`Sent to ${m.person('owner').email}`);
    });

    it('CRD-7 the balance shows its state: OK, Low under 100, Out of credits at 0', async () => {
      const ok = await mount('owner');
      expect(part(ok.el, 'balance-ok')?.textContent).to.contain('OK');
      m = await mock('low-credit');
      const low = await mount('owner');
      expect(part(low.el, 'balance-low')?.textContent).to.contain('Balance now: 64 credits');
      expect(part(low.el, 'balance-low')?.querySelector('.badge.warn')?.textContent).to.equal('Low');
      await expect(low.el).to.be.accessible();
      m = await mock('out-of-credit');
      const out = await mount('owner');
      expect(part(out.el, 'balance-out')?.querySelector('.badge.danger')?.textContent).to.equal('Out of credits');
    });
  });

  it('a failed load shows the server\'s message with Retry, and Retry recovers', async () => {
    const { el } = await mount('owner');
    m.backend.faults.failNext = 1;
    el.loader.reload();
    await waitUntil(() => part(el, 'error'), 'shows the error');
    expect(text(el)).to.contain('The server had a problem');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'retry-button')?.click();
    await waitUntil(() => part(el, 'table'), 'Retry loads the caps');
  });

  it('speaks German with lang="de"', async () => {
    const { el } = await mount('owner', 'de');
    expect(text(el)).to.contain('Ausgabenlimits');
    expect(inRow(el, 'Bea Huber', 'save-button')?.textContent?.trim()).to.equal('Limit setzen');
    expect(text(el)).to.contain('Warnung bei niedrigem Guthaben');
    expect(text(el)).to.contain('Niemand gewählt');
    await expect(el).to.be.accessible();
  });
});
