import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { defineElement } from '../src/registry.js';
import { defineOrgKit } from '../src/elements.js';
import { OrgConsole } from '../src/org-console.js';
import type { ConsoleTab } from '../src/org-console.js';
import type { OrgKitElement, OrgProvider } from '../src/index.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow, text } from './helpers.js';

defineElement('org-console', OrgConsole);

const SYSTEM = { kind: 'system' } as const;

/** Real keyboard input through the test runner's send-keys command (see org-members.browser.test.ts). */
async function sendKeys(payload: { press: string } | { type: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }>;
  };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!res.executed) throw new Error('the test runner has no send-keys command');
}

const q = <T extends Element = HTMLElement>(el: Element, selector: string) => shadow(el).querySelector<T>(selector);
const tabsOf = (el: OrgConsole) => [...shadow(el).querySelectorAll<HTMLElement>('[role="tab"]')].map((b) => b.dataset.tab);
const tabButton = (el: OrgConsole, tab: ConsoleTab) => q<HTMLButtonElement>(el, `#tab-${tab}`);
function composed<T extends HTMLElement = OrgKitElement>(el: OrgConsole, name: string): T {
  const found = el.querySelector<T>(`[data-composed="${name}"]`);
  if (!found) throw new Error(`no <${name}> in the console`);
  return found;
}
/** Which composed elements exist right now (only the active panel's, unless General is kept for unsaved edits). */
const present = (el: OrgConsole) => [...el.querySelectorAll<HTMLElement>('[data-composed]')].map((e) => e.dataset.composed).sort();
const deepActive = (): Element | null => {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};

interface Options {
  lang?: string;
  tab?: string;
  syncHash?: boolean;
  theme?: 'light' | 'dark';
  chatHref?: string;
}

/** <org-console> in a provider signed in as `who`, once it decided what to show. */
async function mount(m: Mock, who: string, o: Options = {}): Promise<{ provider: OrgProvider; el: OrgConsole }> {
  const provider = await fixture<OrgProvider>(html`<org-provider checkout="simulated" lang=${o.lang ?? 'en'} .client=${m.clientFor(who)}>
    <org-console tab=${ifDefined(o.tab)} ?sync-hash=${o.syncHash ?? false} theme=${ifDefined(o.theme)} chat-href=${ifDefined(o.chatHref)}></org-console>
  </org-provider>`);
  const el = provider.querySelector('org-console') as OrgConsole;
  await decided(el);
  return { provider, el };
}

async function decided(el: OrgConsole): Promise<void> {
  await waitUntil(() => el.activeTab !== null || q(el, '[part~="no-access"]') || q(el, '[part~="chat-only"]'), 'the console decided what to show', { timeout: 5_000 });
  await el.updateComplete;
}

async function show(el: OrgConsole, tab: ConsoleTab): Promise<void> {
  tabButton(el, tab)?.click();
  await el.updateComplete;
  expect(el.activeTab).to.equal(tab);
}

/** The deactivated member of pending-downgrade once the downgrade applied (ROLE-7). */
async function deactivatedEmail(m: Mock): Promise<string> {
  await m.control('/clock', { to: 'period_end' });
  const gone = m.backend.engine.query(SYSTEM, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
  if (!gone) throw new Error('nobody was deactivated');
  return gone.email;
}

const ORIGINAL_URL = `${location.pathname}${location.search}`;

describe('<org-console>', () => {
  let m: Mock;
  afterEach(() => {
    m.stop();
    history.replaceState(history.state, '', ORIGINAL_URL);
  });

  describe('tabs per role', () => {
    for (const role of ['owner', 'admin'] as const) {
      it(`ORG-3 ROLE-${role === 'owner' ? 2 : 3} the ${role} gets General, Members, Plans and Usage; General is <org-settings> with <residency-select> as its server location`, async () => {
        m = await mock('standard-team');
        const { el } = await mount(m, role);
        expect(tabsOf(el)).to.deep.equal(['general', 'members', 'plans', 'usage']);
        expect(el.activeTab).to.equal('general');
        expect(el.getAttribute('tab'), 'the default is reflected').to.equal('general');
        expect(tabButton(el, 'general')?.getAttribute('aria-selected')).to.equal('true');
        expect(tabButton(el, 'general')?.getAttribute('aria-controls')).to.equal('panel');
        expect(q(el, '#panel')?.getAttribute('aria-labelledby')).to.equal('tab-general');
        // Lazy: only General's elements exist.
        expect(present(el)).to.deep.equal(['org-settings', 'residency-select']);
        // In the light DOM (Stripe's iframes must not be in a shadow root), shown in the shadow's tab panel.
        const root = el.querySelector('[data-orgkit-console-root]');
        expect(root?.assignedSlot?.parentElement === q(el, '#panel'), 'slotted into the tab panel').to.equal(true);
        const settings = composed(el, 'org-settings') as OrgKitElement;
        const residency = composed(el, 'residency-select') as OrgKitElement;
        expect(residency.slot).to.equal('server-location');
        await settled(settings);
        await settled(residency);
        expect(residency.assignedSlot?.name, 'shown in the settings page\'s server-location section').to.equal('server-location');
        expect(settings.ctx === el.ctx, 'the composed elements share the provider\'s session').to.equal(true);
        expect(text(el)).to.contain('My organization').and.contain(`Acme AI · your role: ${role === 'owner' ? 'Owner' : 'Admin'}`);
        await expect(el).to.be.accessible();
      });
    }

    it('ORG-3 ROLE-4 USE-2 a builder gets no General tab, and Plans and Usage as summaries only', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'builder');
      expect(tabsOf(el)).to.deep.equal(['members', 'plans', 'usage']);
      expect(q(el, '#tab-general'), 'General is hidden, not disabled').to.equal(null);
      expect(el.activeTab).to.equal('members');
      expect(present(el)).to.deep.equal(['org-members']);
      await show(el, 'plans');
      // No invoices for a builder (invoices.read): the element is left out rather than shown as a no-access box.
      expect(present(el)).to.deep.equal(['credit-balance', 'plan-picker']);
      await show(el, 'usage');
      expect(present(el)).to.deep.equal(['usage-chart', 'usage-meters']);
      const chart = composed(el, 'usage-chart');
      await waitUntil(() => chart.shadowRoot?.querySelector('[part~="summary-only"]'), 'the chart shows the builder\'s summary (USE-2)');
      expect(chart.shadowRoot?.querySelector('[part~="svg"]'), 'no timeseries').to.equal(null);
      await settled(composed(el, 'usage-meters'));
      // What the server allows a builder matches: the detailed usage is refused.
      const builder = m.person('builder');
      expect(() => m.backend.engine.query({ kind: 'user', userId: builder.userId }, 'usage.timeseries', { orgId: m.state.orgId, days: 30, unit: 'credits', groupBy: 'channel' })).to.throw();
      await expect(el).to.be.accessible();
    });

    it('ROLE-5 a member gets no tabs, only the calm "Members are chat-only" notice (en and de)', async () => {
      m = await mock('pending-downgrade');
      const { el } = await mount(m, 'member', { chatHref: '/chat' });
      expect(q(el, '[role="tablist"]')).to.equal(null);
      expect(present(el), 'no element loads anything').to.deep.equal([]);
      const notice = q(el, '[part~="chat-only"]');
      expect(notice?.textContent).to.contain('Members are chat-only').and.contain('internal chat');
      expect(q(el, '[part~="chat-link"]')?.getAttribute('href')).to.equal('/chat');
      expect(q(el, '[role="alert"]'), 'calm: not an alert').to.equal(null);
      await expect(el).to.be.accessible();

      const de = (await mount(m, 'member', { lang: 'de' })).el;
      expect(text(de)).to.contain('Mitglieder nutzen nur den Chat').and.contain('Meine Organisation');
      await expect(de).to.be.accessible();
    });

    it('ROLE-7 a deactivated member sees the organization-access-blocked screen instead of the whole console', async () => {
      m = await mock('pending-downgrade');
      const email = await deactivatedEmail(m);
      const { el } = await mount(m, email);
      expect(q(el, '[part~="blocked"]')?.textContent).to.contain('Organization access blocked');
      expect(q(el, '[part~="subtitle"]')?.textContent).to.contain('Acme AI · Deactivated');
      expect(q(el, '[role="tablist"]')).to.equal(null);
      expect(present(el)).to.deep.equal([]);
      const who = m.person(email);
      expect(() => m.backend.engine.query({ kind: 'user', userId: who.userId }, 'settings.get', { orgId: m.state.orgId })).to.throw(/blocked/i);
      await expect(el).to.be.accessible();
    });
  });

  describe('deep links', () => {
    it('the tab attribute opens a tab; only its panel is rendered, and setting tab swaps it (no event for the host\'s own change)', async () => {
      m = await mock('standard-team');
      const { el } = await mount(m, 'owner', { tab: 'plans' });
      let events = 0;
      el.addEventListener('orgkit-tab-changed', () => (events += 1));
      expect(el.activeTab).to.equal('plans');
      expect(present(el)).to.deep.equal(['credit-balance', 'invoice-list', 'plan-picker']);
      await settled(composed(el, 'plan-picker'));
      el.tab = 'usage';
      await el.updateComplete;
      expect(present(el)).to.deep.equal(['spend-caps', 'usage-chart', 'usage-meters']);
      expect(tabButton(el, 'usage')?.getAttribute('aria-selected')).to.equal('true');
      expect(events).to.equal(0);
      await settled(composed(el, 'spend-caps'));
      await expect(el).to.be.accessible();
    });

    it('sync-hash: #usage opens Usage, a click writes #members, and a hash change or Back switches the tab', async () => {
      m = await mock('standard-team');
      history.replaceState(history.state, '', `${ORIGINAL_URL}#usage`);
      const { el } = await mount(m, 'owner', { tab: 'general', syncHash: true });
      expect(el.activeTab, 'the hash wins over the attribute').to.equal('usage');
      expect(el.getAttribute('tab')).to.equal('usage');

      const clicked = oneEvent(el, 'orgkit-tab-changed');
      tabButton(el, 'members')?.click();
      expect((await clicked).detail.tab).to.equal('members');
      expect(location.hash).to.equal('#members');

      const followed = oneEvent(el, 'orgkit-tab-changed');
      location.hash = '#plans';
      expect((await followed).detail.tab).to.equal('plans');
      await el.updateComplete;
      expect(present(el)).to.include('plan-picker');
      await waitUntil(() => q(el, '[part~="status"]')?.textContent?.includes('Plans shown.'), 'announced');

      const back = oneEvent(el, 'orgkit-tab-changed');
      history.back();
      expect((await back).detail.tab).to.equal('members');

      // A hash that names no tab belongs to the host: ignored, and never overwritten.
      location.hash = '#somewhere-else';
      await new Promise((r) => setTimeout(r, 50));
      expect(el.activeTab).to.equal('members');
      expect(location.hash).to.equal('#somewhere-else');
    });

    it('ORG-3 a disallowed tab falls back to the first allowed one, and the attribute and the hash say so', async () => {
      m = await mock('standard-team');
      history.replaceState(history.state, '', `${ORIGINAL_URL}#general`);
      let events = 0;
      const { el } = await mount(m, 'builder', { tab: 'general', syncHash: true });
      el.addEventListener('orgkit-tab-changed', () => (events += 1));
      expect(el.activeTab).to.equal('members');
      expect(el.getAttribute('tab')).to.equal('members');
      expect(location.hash).to.equal('#members');
      el.setAttribute('tab', 'nonsense');
      await el.updateComplete;
      expect(el.getAttribute('tab')).to.equal('members');
      expect(events).to.equal(0);
    });
  });

  it('the tablist is keyboard complete: roving tabindex, arrows (wrapping), Home and End, then Tab into the panel', async () => {
    m = await mock('standard-team');
    const { el } = await mount(m, 'owner');
    const seen: string[] = [];
    el.addEventListener('orgkit-tab-changed', (e) => seen.push(e.detail.tab));
    tabButton(el, 'general')?.focus();
    const expectAt = async (tab: ConsoleTab) => {
      await el.updateComplete;
      expect(el.activeTab).to.equal(tab);
      expect(deepActive() === tabButton(el, tab), `focus on ${tab}`).to.equal(true);
      const tabbable = [...shadow(el).querySelectorAll('[role="tab"]')].filter((b) => b.getAttribute('tabindex') === '0');
      expect(tabbable.map((b) => (b as HTMLElement).dataset.tab)).to.deep.equal([tab]);
    };
    await sendKeys({ press: 'ArrowRight' });
    await expectAt('members');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await expectAt('usage');
    await sendKeys({ press: 'Home' });
    await expectAt('general');
    await sendKeys({ press: 'End' });
    await expectAt('usage');
    expect(seen).to.deep.equal(['members', 'general', 'usage', 'general', 'usage']);
    await sendKeys({ press: 'Tab' });
    expect(deepActive() === q(el, '#panel'), 'Tab leaves the tablist for the panel').to.equal(true);
    expect(q(el, '#panel')?.getAttribute('aria-labelledby')).to.equal('tab-usage');
  });

  it('an upgrade request from a composed element shows Plans (focus on its tab), unless the host handled it', async () => {
    m = await mock('standard-team');
    const { el } = await mount(m, 'owner', { tab: 'usage' });
    const meters = composed(el, 'usage-meters');
    await settled(meters);
    const handled = (e: Event) => e.preventDefault();
    document.addEventListener('orgkit-upgrade-request', handled);
    meters.shadowRoot?.querySelector<HTMLElement>('[part~="plans-button"]')?.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(el.activeTab, 'the host handled it').to.equal('usage');
    document.removeEventListener('orgkit-upgrade-request', handled);
    const changed = oneEvent(el, 'orgkit-tab-changed');
    meters.shadowRoot?.querySelector<HTMLElement>('[part~="plans-button"]')?.click();
    expect((await changed).detail.tab).to.equal('plans');
    await el.updateComplete;
    expect(deepActive() === tabButton(el, 'plans')).to.equal(true);
  });

  it('unsaved settings survive a visit to another tab, and saving afterwards reaches the server', async () => {
    m = await mock('standard-team');
    const { el } = await mount(m, 'owner');
    const settings = composed(el, 'org-settings');
    await settled(settings);
    const name = settings.shadowRoot?.querySelector<HTMLInputElement>('#profile-name');
    if (!name) throw new Error('no name field');
    name.value = 'Acme Robotics';
    name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await show(el, 'members');
    expect(present(el), 'General is kept (hidden) while it holds unsaved edits').to.include('org-settings');
    expect(el.querySelector<HTMLElement>('[data-orgkit-panel="general"]')?.hidden).to.equal(true);
    await show(el, 'general');
    expect(composed(el, 'org-settings') === settings, 'the same element, with its draft').to.equal(true);
    expect(settings.shadowRoot?.querySelector<HTMLInputElement>('#profile-name')?.value).to.equal('Acme Robotics');
    settings.shadowRoot?.querySelector<HTMLButtonElement>('[part~="save-profile"]')?.click();
    await waitUntil(() => m.backend.engine.query(SYSTEM, 'settings.get', { orgId: m.state.orgId }).name === 'Acme Robotics', 'saved on the server');
    await waitUntil(() => el.shadowRoot?.textContent?.includes('Acme Robotics · your role'), 'the header follows the refreshed session');
    // Without unsaved edits, leaving General unloads it again.
    await show(el, 'plans');
    expect(present(el)).to.not.include('org-settings');
  });

  it('ORG-9 someone in several organizations switches in the header; the usage chart\'s own picker gives way, and tabs follow the new role', async () => {
    m = await mock('multi-org');
    const { el, provider } = await mount(m, 'lea@schmid.test', { tab: 'usage' });
    const switcher = q<OrgKitElement>(el, '[part~="switcher"]');
    if (!switcher) throw new Error('no switcher');
    await settled(switcher);
    const chart = composed(el, 'usage-chart');
    await waitUntil(() => chart.shadowRoot?.querySelector('[part~="org-picker"]'), 'the chart renders its picker');
    const picker = chart.shadowRoot?.querySelector('[part~="org-picker"]') as HTMLElement;
    expect(getComputedStyle(picker).display, 'one organization selector').to.equal('none');
    await expect(el).to.be.accessible();

    const select = switcher.shadowRoot?.querySelector('select') as HTMLSelectElement;
    const globex = [...select.options].find((o) => o.textContent?.includes('Globex'))?.value ?? '';
    const announced: string[] = [];
    const count = (e: CustomEvent<{ orgId: string }>) => announced.push(e.detail.orgId);
    document.addEventListener('orgkit-org-changed', count);
    select.value = globex;
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => provider.org === globex && el.ctx?.orgId === globex && el.ctx.user, 'switched to Globex');
    await el.updateComplete;
    document.removeEventListener('orgkit-org-changed', count);
    expect(announced, 'one orgkit-org-changed, from the provider').to.deep.equal([globex]);
    expect(tabsOf(el), 'a builder in Globex').to.deep.equal(['members', 'plans', 'usage']);
    expect(el.activeTab).to.equal('usage');
    expect(text(el)).to.contain('Globex · your role: Builder');
  });

  it('standalone (client, checkout) it makes its own <org-provider>, which the console and the composed elements share', async () => {
    m = await mock('standard-team');
    const client = m.clientFor('owner');
    let sessions = 0;
    const get = client.session.get.bind(client.session);
    client.session.get = (...args: Parameters<typeof get>) => {
      sessions += 1;
      return get(...args);
    };
    const el = await fixture<OrgConsole>(html`<org-console .client=${client} checkout="simulated" tab="members"></org-console>`);
    await decided(el);
    expect(sessions, 'one session for the console and everything in it').to.equal(1);
    const inner = el.querySelector<OrgProvider>(':scope > org-provider');
    if (!inner) throw new Error('no inner provider');
    expect(inner.client === client, 'the client is passed through').to.equal(true);
    expect(inner.checkout).to.equal('simulated');
    expect(tabsOf(el)).to.deep.equal(['general', 'members', 'plans', 'usage']);
    const members = composed(el, 'org-members');
    await settled(members);
    expect(members.ctx === el.ctx, 'one context for the console and its elements').to.equal(true);
    expect(text(members)).to.contain('Bea');
    const revision = el.ctx?.revision ?? 0;
    inner.refresh();
    await waitUntil(() => (el.ctx?.revision ?? 0) > revision && members.ctx === el.ctx, 'the console follows the provider\'s refresh');
    await show(el, 'plans');
    expect(composed(el, 'plan-picker').ctx?.checkout, 'checkout configured through the console').to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('CHG-3 BILL-4 standalone with checkout="simulated": the checkout mounts in the light DOM (as Stripe requires) and the plan changes on the server', async () => {
    m = await mock('fresh-free');
    const el = await fixture<OrgConsole>(html`<org-console .client=${m.clientFor('owner')} checkout="simulated" tab="plans"></org-console>`);
    await decided(el);
    const picker = composed(el, 'plan-picker');
    await settled(picker);
    picker.shadowRoot?.querySelector<HTMLButtonElement>('[part~="card-standard"] [part~="action-button"]')?.click();
    await waitUntil(() => picker.querySelector('[slot="checkout"] orgkit-simulated-checkout')?.shadowRoot?.querySelector('button.primary'), 'the checkout is mounted');
    const container = picker.querySelector('[slot="checkout"]');
    expect(container?.getRootNode() === document, 'not inside any shadow root').to.equal(true);
    const form = picker.querySelector('[slot="checkout"] orgkit-simulated-checkout') as HTMLElement;
    const changed = oneEvent(el, 'orgkit-plan-changed');
    form.shadowRoot?.querySelector<HTMLButtonElement>('button.primary')?.click();
    await changed;
    expect(m.backend.engine.query(SYSTEM, 'subscription.get', { orgId: m.state.orgId }).planId).to.equal('standard');
  });

  it('ORG-9 standalone, the header\'s switcher switches the console\'s own provider', async () => {
    m = await mock('multi-org');
    const el = await fixture<OrgConsole>(html`<org-console .client=${m.clientFor('lea@schmid.test')}></org-console>`);
    await decided(el);
    const inner = el.querySelector<OrgProvider>(':scope > org-provider');
    const switcher = q<OrgKitElement>(el, '[part~="switcher"]');
    if (!inner || !switcher) throw new Error('no provider or switcher');
    await settled(switcher);
    expect(switcher.ctx === el.ctx, 'the switcher in the shadow root uses the console\'s provider').to.equal(true);
    const select = switcher.shadowRoot?.querySelector('select') as HTMLSelectElement;
    const globex = [...select.options].find((o) => o.textContent?.includes('Globex'))?.value ?? '';
    select.value = globex;
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => inner.org === globex && el.ctx?.orgId === globex, 'switched to Globex');
    await el.updateComplete;
    expect(tabsOf(el)).to.deep.equal(['members', 'plans', 'usage']);
    expect(composed(el, 'org-members').ctx?.orgId).to.equal(globex);
  });

  it('registered under a prefix, it composes the tags of the same prefix', async () => {
    m = await mock('standard-team');
    defineOrgKit({ prefix: 'tst' });
    defineElement('org-console', OrgConsole, { prefix: 'tst' });
    const provider = document.createElement('tst-org-provider') as OrgProvider;
    provider.client = m.clientFor('builder');
    const el = document.createElement('tst-org-console') as OrgConsole;
    provider.append(el);
    const root = await fixture<HTMLDivElement>(html`<div></div>`);
    root.append(provider);
    await decided(el);
    expect(present(el)).to.deep.equal(['org-members']);
    expect(composed(el, 'org-members').localName).to.equal('tst-org-members');
    await settled(composed(el, 'org-members'));
    expect(composed(el, 'org-members').ctx === el.ctx).to.equal(true);
  });

  it('theme and locale reach the composed elements (dark, German)', async () => {
    m = await mock('standard-team');
    const { el } = await mount(m, 'owner', { lang: 'de', theme: 'dark' });
    expect([...shadow(el).querySelectorAll('[role="tab"]')].map((b) => b.textContent?.trim())).to.deep.equal(['Allgemein', 'Mitglieder', 'Pläne', 'Nutzung']);
    const settings = composed(el, 'org-settings');
    expect(settings.getAttribute('theme')).to.equal('dark');
    expect(composed(el, 'residency-select').getAttribute('theme')).to.equal('dark');
    await settled(settings);
    expect(text(settings)).to.contain('Speichern');
    el.theme = 'light';
    await el.updateComplete;
    expect(settings.getAttribute('theme')).to.equal('light');
    await expect(el).to.be.accessible();
  });
});
