import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { OrgKitClient } from '@orgkit/client';
import type { Timeseries, UsageGrouping, UsageUnit } from '@orgkit/contract';
import { USAGE_GROUPINGS } from '@orgkit/contract';
import type { OrgProvider } from '../src/index.js';
import { MESSAGE_TABLES } from '../src/messages.js';
import { defineElement } from '../src/registry.js';
import { UsageChart } from '../src/usage-chart.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow, text } from './helpers.js';

defineElement('usage-chart', UsageChart);

let m: Mock;

// — the server's answers for the same scenario (assert totals, not pixels) —
const sys = { kind: 'system' } as const;
const orgId = () => m.state.orgId;
const serverSeries = (days: number, unit: UsageUnit, groupBy: UsageGrouping, org = orgId()): Timeseries =>
  m.backend.engine.query(sys, 'usage.timeseries', { orgId: org, days, unit, groupBy });
const serverSummary = (days: number, org = orgId()) => m.backend.engine.query(sys, 'usage.summary', { orgId: org, days });

/** Every route the element asks, with its query (a spy on the client's one request method). */
function spyOn(client: OrgKitClient): string[] {
  const calls: string[] = [];
  const target = client as unknown as { request: (name: string, options?: { query?: unknown }) => Promise<unknown> };
  const original = target.request.bind(client);
  target.request = (name, options) => {
    calls.push(`${name} ${JSON.stringify(options?.query ?? {})}`);
    return original(name, options);
  };
  return calls;
}

async function mount(who: string | OrgKitClient, attrs: { days?: number; unit?: string; groupBy?: string } = {}): Promise<{ provider: OrgProvider; el: UsageChart }> {
  const client = typeof who === 'string' ? m.clientFor(who) : who;
  const provider = await fixture<OrgProvider>(
    html`<org-provider .client=${client}><usage-chart days=${attrs.days ?? 30} unit=${attrs.unit ?? 'credits'} group-by=${attrs.groupBy ?? 'channel'}></usage-chart></org-provider>`,
  );
  const el = provider.querySelector('usage-chart') as UsageChart;
  await settled(el);
  return { provider, el };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = shadow(el).querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
};
const $$ = (el: Element, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const has = (el: Element, selector: string) => shadow(el).querySelector(selector) !== null;
const flat = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The number a user reads ("1,234 credits" → 1234). */
const digits = (node: Element | null) => Number((node?.textContent ?? '').replace(/[^\d]/g, ''));

async function choose(el: UsageChart, selector: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, selector);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

async function typeCustom(el: UsageChart, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, '#custom-days');
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  $<HTMLButtonElement>(el, '[part~="custom-apply"]').click();
  await el.updateComplete;
}

/** Wait until the chart (or the table) shows the answer for this query. */
async function showing(el: UsageChart, days: number, unit: UsageUnit, groupBy: UsageGrouping, what: 'table' | 'chart' = 'table'): Promise<void> {
  if (what === 'table') {
    await waitUntil(() => has(el, `table[data-query="${String(days)}|${unit}|${groupBy}"]`), `the table shows ${String(days)} days, ${unit}, by ${groupBy}`, { timeout: 5_000 });
  } else {
    await waitUntil(() => $$(el, 'rect.hit').length === days && !has(el, '[part~="chart-section"][aria-busy="true"]'), `the chart shows ${String(days)} days`, { timeout: 5_000 });
  }
}

/** Real keyboard input through the test runner's send-keys command (trusted events, as in credit-balance's test). */
async function sendKeys(payload: { press: string }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as { sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }> };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload });
  if (!res.executed) throw new Error('the test runner has no send-keys command');
}

async function emulateMedia(payload: { reducedMotion: 'reduce' | 'no-preference' }): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ socket)) as { sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean }> };
  const res = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'emulate-media', payload });
  if (!res.executed) throw new Error('the test runner has no emulate-media command');
}

const focused = (el: UsageChart) => shadow(el).activeElement;

describe('<usage-chart>', () => {
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => m.stop());

  describe('USE-1 / USE-2 / ROLE-5 what each role sees', () => {
    it('USE-1 USE-4 CRD-3 the owner sees summary cards, the chart by channel, the per-agent table and recent activity — the engine’s numbers', async () => {
      const { el } = await mount('owner');
      const s = serverSummary(30);
      expect(digits($(el, '[part~="card-total"] .value'))).to.equal(s.totalCredits);
      expect(text(el)).to.contain(`${s.totalTokens.toLocaleString('en-US')} tokens`);
      const pct = $(el, '[part~="card-change"] .value').textContent?.trim() ?? '';
      if (s.changePct !== null) expect(pct).to.equal(new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(s.changePct / 100));
      const agents = m.backend.engine.query(sys, 'agents.list', { orgId: orgId() });
      expect(flat($(el, '[part~="card-top-agent"] .value'))).to.equal(agents.find((a) => a.id === s.topAgent?.agentId)?.name);
      expect(flat($(el, '[part~="card-top-channel"] .value'))).to.equal({ chat: 'Chat', voice: 'Voice', widget: 'Widget', realtime: 'Realtime', internal_chat: 'Internal chat' }[s.topChannel?.channel ?? 'chat']);
      // USE-4: the total used this billing cycle.
      const balance = m.backend.engine.query(sys, 'balance.get', { orgId: orgId() });
      expect(digits($(el, '[part~="card-cycle"] .value'))).to.equal(balance.usedThisCycle);

      // CRD-3: every channel — internal chat included — is one series of the one pool: the channels add up to the total.
      const ts = serverSeries(30, 'credits', 'channel');
      const legend = $$(el, '[part~="legend"] li');
      expect(legend.map((li) => li.dataset.key)).to.deep.equal(ts.keys);
      expect(flat(legend.find((li) => li.dataset.key === 'internal_chat') ?? null)).to.contain('Internal chat');
      expect(legend.reduce((sum, li) => sum + digits(li.querySelector('.amount')), 0)).to.equal(ts.total);
      expect(ts.total).to.equal(s.totalCredits);
      // One path per series, one (invisible) hit target per day.
      expect($$(el, 'path.series').length).to.equal(ts.keys.length);
      expect($$(el, 'rect.hit').length).to.equal(30);

      const rows = m.backend.engine.query(sys, 'usage.breakdown', { orgId: orgId(), days: 30 });
      const shown = $$(el, '[part~="breakdown-table"] tbody tr');
      expect(shown.length).to.equal(rows.length);
      expect(shown.map((tr) => digits(tr.querySelector('td[data-value]')))).to.deep.equal(rows.map((r) => r.credits));
      expect(shown.map((tr) => tr.dataset.channel)).to.deep.equal(rows.map((r) => r.channel));

      const events = m.backend.engine.query(sys, 'usage.events', { orgId: orgId(), limit: 20 });
      expect($$(el, '[part~="activity-table"] tbody tr').map((tr) => tr.dataset.eventId)).to.deep.equal(events.events.map((e) => e.id));
      expect(has(el, '[part~="load-more"]')).to.equal(events.nextCursor !== null);
      await expect(el).to.be.accessible();
    });

    it('USE-1 the admin sees the same usage page', async () => {
      const { el } = await mount('admin');
      expect(digits($(el, '[part~="card-total"] .value'))).to.equal(serverSummary(30).totalCredits);
      expect(has(el, 'svg[part~="svg"]')).to.equal(true);
      expect(has(el, '[part~="breakdown-table"]')).to.equal(true);
      expect(has(el, '[part~="activity-table"]')).to.equal(true);
    });

    it('USE-2 the builder sees the summary only — balance and this cycle — and no timeseries, events or breakdown is even requested', async () => {
      const client = m.clientFor('builder');
      const calls = spyOn(client);
      const { el } = await mount(client);
      expect(has(el, '[part~="summary-only"]')).to.equal(true);
      const balance = m.backend.engine.query(sys, 'balance.get', { orgId: orgId() });
      expect(digits($(el, '[part~="card-balance"] .value'))).to.equal(balance.balance);
      expect(digits($(el, '[part~="card-cycle"] .value'))).to.equal(balance.usedThisCycle);
      for (const part of ['svg', 'series-table', 'breakdown', 'activity', 'controls', 'card-total']) expect(has(el, `[part~="${part}"]`), part).to.equal(false);
      expect(calls.filter((c) => c.startsWith('usage.'))).to.deep.equal([]);
      expect(calls.some((c) => c.startsWith('balance.get'))).to.equal(true);
      expect(text(el)).to.contain('shown to owners, admins and the billing-role holder');
      await expect(el).to.be.accessible();
    });

    it('USE-2 ROLE-5 a member sees the no-access state, never data, and nothing is requested', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      const client = m.clientFor('member');
      const calls = spyOn(client);
      const { el } = await mount(client);
      expect(has(el, '[part~="no-access"]')).to.equal(true);
      expect(text(el)).to.contain('internal chat only');
      expect(has(el, 'svg') || has(el, 'table') || has(el, '[part~="cards"]')).to.equal(false);
      expect(calls.filter((c) => c.startsWith('usage.') || c.startsWith('balance.'))).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('ROLE-7 a deactivated member sees "organization access blocked"', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const gone = m.backend.engine.query(sys, 'members.list', { orgId: orgId() }).members.find((x) => x.state === 'deactivated');
      const token = m.state.people.find((p) => p.userId === gone?.userId)?.token ?? '';
      const { el } = await mount(new OrgKitClient({ getAuthToken: () => token, maxRetries: 0 }));
      expect(has(el, '[part~="blocked"]')).to.equal(true);
      expect(text(el)).to.contain('Organization access blocked');
      expect(has(el, 'svg') || has(el, 'table')).to.equal(false);
    });

    it('USE-2 ROLE-8 a billing-role holder who is a plain member reads usage; names they may not list come from the breakdown or stay ids', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      const owner = m.person('owner');
      const marco = m.person('member');
      const transfer = m.backend.engine.run({ kind: 'user', userId: owner.userId }, 'billingTransfer.start', { orgId: orgId(), toUserId: marco.userId });
      m.backend.engine.run({ kind: 'user', userId: marco.userId }, 'billingTransfer.accept', { orgId: orgId(), transferId: transfer.id });
      const client = m.clientFor(marco.email);
      const calls = spyOn(client);
      const { el } = await mount(client, { groupBy: 'agent' });
      // Only what the holder may read: no agents or models list (they would answer 403).
      expect(calls.some((c) => c.startsWith('agents.list') || c.startsWith('models.list'))).to.equal(false);
      const agents = m.backend.engine.query(sys, 'agents.list', { orgId: orgId() });
      const names = $$(el, '[part~="legend"] li .name').map((n) => flat(n));
      for (const a of agents) expect(names).to.include(a.name);
      await choose(el, '#group-by', 'model');
      await showing(el, 30, 'credits', 'model', 'chart');
      const ts = serverSeries(30, 'credits', 'model');
      expect($$(el, '[part~="legend"] li .name').map((n) => flat(n))).to.deep.equal(ts.keys);
    });
  });

  describe('USE-1 / USE-3 the chart’s numbers are the engine’s', () => {
    it('USE-1 USE-3 USE-4 the table view equals usage.timeseries for 7/30/90/365 days, every grouping, in credits and tokens', async () => {
      const { el } = await mount('owner');
      $<HTMLButtonElement>(el, '[part~="table-toggle"]').click();
      await el.updateComplete;
      for (const days of [7, 30, 90, 365]) {
        for (const unit of ['credits', 'tokens'] as const) {
          for (const groupBy of USAGE_GROUPINGS) {
            el.days = days;
            el.unit = unit;
            el.groupBy = groupBy;
            await showing(el, days, unit, groupBy);
            const want = serverSeries(days, unit, groupBy);
            const table = $(el, 'table[part~="series-table"]');
            const rows = [...table.querySelectorAll<HTMLElement>('tbody tr')];
            expect(rows.length, `${String(days)} ${unit} ${groupBy}: one row per day`).to.equal(want.points.length);
            const got = rows.map((tr) => {
              const cells = [...tr.querySelectorAll<HTMLElement>('td[data-key]')];
              const total = digits(tr.querySelector('td.total'));
              const series = Object.fromEntries(cells.map((c) => [c.dataset.key, digits(c)]).filter(([, v]) => v !== 0));
              // the per-day total is the sum over the series
              expect(cells.reduce((s, c) => s + digits(c), 0), `${String(days)} ${unit} ${groupBy} ${tr.dataset.date ?? ''}`).to.equal(total);
              return { date: tr.dataset.date, total, series };
            });
            const expected = [...want.points].reverse().map((p) => ({
              date: p.date, total: p.total, series: Object.fromEntries(Object.entries(p.series).filter(([, v]) => v !== 0)),
            }));
            expect(got, `${String(days)} ${unit} ${groupBy}`).to.deep.equal(expected);
            expect(digits(table.querySelector('tfoot td.total')), 'the period total').to.equal(want.total);
            expect([...table.querySelectorAll('thead th.num')].length).to.equal(want.keys.length + 1);
          }
        }
      }
      await expect(el).to.be.accessible();
    });

    it('USE-1 the 365-day view asks only the rollup routes (never the event log); a new unit or grouping asks only the timeseries', async () => {
      const client = m.clientFor('owner');
      const calls = spyOn(client);
      const { el } = await mount(client);
      calls.length = 0;
      $<HTMLButtonElement>(el, '[part~="preset"][data-days="365"]').click();
      await showing(el, 365, 'credits', 'channel', 'chart');
      await settled(el);
      expect(calls.filter((c) => c.startsWith('usage.events'))).to.deep.equal([]);
      expect(calls.filter((c) => c.startsWith('usage.timeseries'))).to.deep.equal(['usage.timeseries {"days":365,"unit":"credits","groupBy":"channel"}']);
      expect(calls.every((c) => /^usage\.(timeseries|summary|breakdown) /.test(c)), calls.join('\n')).to.equal(true);
      // Cheap to render: one path per series, the only per-day elements being the invisible hit targets.
      const ts = serverSeries(365, 'credits', 'channel');
      expect($$(el, 'path.series').length).to.equal(ts.keys.length);
      expect($$(el, 'svg [data-index]').length).to.equal(365);

      calls.length = 0;
      await choose(el, '#group-by', 'agent');
      await showing(el, 365, 'credits', 'agent', 'chart');
      await choose(el, '#unit', 'tokens');
      await waitUntil(() => !has(el, '[part~="chart-section"][aria-busy="true"]') && calls.length === 2);
      expect(calls).to.deep.equal([
        'usage.timeseries {"days":365,"unit":"credits","groupBy":"agent"}',
        'usage.timeseries {"days":365,"unit":"tokens","groupBy":"agent"}',
      ]);
      const agents = serverSeries(365, 'tokens', 'agent');
      expect($$(el, 'path.series').length).to.equal(agents.keys.length);
    });

    it('USE-3 CRD-6 split by model, each model shows its rate per 1,000 words', async () => {
      const { el } = await mount('owner', { groupBy: 'model' });
      const models = m.backend.engine.query(sys, 'models.list', { orgId: orgId() }).models;
      const ts = serverSeries(30, 'credits', 'model');
      const items = $$(el, '[part~="legend"] li');
      expect(items.map((li) => li.dataset.key)).to.deep.equal(ts.keys);
      for (const li of items) {
        const model = models.find((x) => x.id === li.dataset.key);
        if (!model) continue;
        expect(flat(li.querySelector('.name'))).to.equal(model.name);
        const rate = model.creditsPer1kWords;
        expect(flat(li.querySelector('.hint'))).to.equal(rate === 1 ? '(1 credit per 1,000 words)' : `(${rate.toLocaleString('en-US')} credits per 1,000 words)`);
      }
    });
  });

  describe('USE-5 the period', () => {
    it('USE-5 a custom period of 0, 366 or 2.5 days is refused before sending; 12 days is applied', async () => {
      const client = m.clientFor('owner');
      const calls = spyOn(client);
      const { el } = await mount(client);
      calls.length = 0;
      for (const bad of ['0', '366', '2.5', '']) {
        await typeCustom(el, bad);
        expect(flat($(el, '[part~="custom-error"]')), bad).to.equal('Enter a whole number of days from 1 to 365.');
        expect($(el, '#custom-days').getAttribute('aria-invalid')).to.equal('true');
        expect($<HTMLInputElement>(el, '#custom-days').value, 'what was typed stays').to.equal(bad);
        expect(el.days).to.equal(30);
      }
      expect(calls, 'nothing was sent').to.deep.equal([]);
      await expect(el).to.be.accessible();

      const changed = oneEvent(el, 'orgkit-usage-period-changed');
      await typeCustom(el, '12');
      expect((await changed).detail).to.deep.equal({ orgId: orgId(), days: 12, unit: 'credits', groupBy: 'channel' });
      expect(flat($(el, '[part~="custom-error"]'))).to.equal('');
      expect(el.getAttribute('days')).to.equal('12');
      await showing(el, 12, 'credits', 'channel', 'chart');
      expect(calls).to.include('usage.timeseries {"days":12,"unit":"credits","groupBy":"channel"}');
      expect($$(el, '[part~="preset"][aria-pressed="true"]').length).to.equal(0);
    });

    it('USE-5 a period the server refuses (a host’s days="366") shows its invalid_period message; a preset recovers', async () => {
      const client = m.clientFor('owner');
      const calls = spyOn(client);
      const { el } = await mount(client, { days: 366 });
      await waitUntil(() => has(el, '[part~="period-error"]'), 'shows the refusal');
      expect(calls).to.include('usage.timeseries {"days":366,"unit":"credits","groupBy":"channel"}');
      expect(flat($(el, '[part~="period-error"]'))).to.equal('Choose a period between 1 and 365 days.');
      expect(has(el, 'svg[part~="svg"]')).to.equal(false);
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part~="preset"][data-days="7"]').click();
      await showing(el, 7, 'credits', 'channel', 'chart');
      expect(has(el, '[part~="period-error"]')).to.equal(false);
    });
  });

  describe('USE-1 using the chart', () => {
    it('USE-1 keyboard: the points are one tab stop; focus shows the tooltip, arrows, Home and End move, Escape hides it', async () => {
      const { el } = await mount('owner', { days: 7 });
      const ts = serverSeries(7, 'credits', 'channel');
      const hits = $$(el, 'rect.hit');
      expect(hits.filter((h) => h.getAttribute('tabindex') === '0').length).to.equal(1);
      expect(hits[6]?.getAttribute('tabindex')).to.equal('0');
      // Tab from the table toggle reaches the chart's one tab stop (the latest day).
      $(el, '[part~="table-toggle"]').focus();
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(focused(el) === hits[6]).to.equal(true);
      const tooltip = $(el, '[part~="tooltip"]');
      expect(tooltip.hidden).to.equal(false);
      expect(hits[6]?.getAttribute('aria-describedby')).to.equal('tooltip');
      expect(digits(tooltip.querySelector('dd.sum'))).to.equal(ts.points[6]?.total);
      expect(flat(tooltip.querySelector('.date'))).to.equal(new Intl.DateTimeFormat('en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${ts.points[6]?.date ?? ''}T00:00:00Z`)));
      for (const key of ts.keys) expect(digits(tooltip.querySelector(`dd[data-key="${key}"]`)), key).to.equal(ts.points[6]?.series[key] ?? 0);
      expect(hits[6]?.getAttribute('aria-label')).to.contain(`${(ts.points[6]?.total ?? 0).toLocaleString('en-US')} credits`);

      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(focused(el)?.getAttribute('data-index')).to.equal('5');
      expect(digits($(el, '[part~="tooltip"] dd.sum'))).to.equal(ts.points[5]?.total);
      expect($$(el, 'rect.hit[tabindex="0"]').map((h) => h.dataset.index)).to.deep.equal(['5']);
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(focused(el)?.getAttribute('data-index')).to.equal('0');
      expect(digits($(el, '[part~="tooltip"] dd.sum'))).to.equal(ts.points[0]?.total);
      await sendKeys({ press: 'End' });
      await el.updateComplete;
      expect(focused(el)?.getAttribute('data-index')).to.equal('6');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect($(el, '[part~="tooltip"]').hidden).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('USE-1 USE-3 the controls reflect days, unit, group-by and mode and fire orgkit-usage-period-changed', async () => {
      const { el } = await mount('owner');
      let event = oneEvent(el, 'orgkit-usage-period-changed');
      await choose(el, '#unit', 'tokens');
      expect((await event).detail).to.deep.equal({ orgId: orgId(), days: 30, unit: 'tokens', groupBy: 'channel' });
      expect(el.getAttribute('unit')).to.equal('tokens');
      event = oneEvent(el, 'orgkit-usage-period-changed');
      await choose(el, '#group-by', 'member');
      expect((await event).detail).to.deep.equal({ orgId: orgId(), days: 30, unit: 'tokens', groupBy: 'member' });
      expect(el.getAttribute('group-by')).to.equal('member');
      event = oneEvent(el, 'orgkit-usage-period-changed');
      $<HTMLButtonElement>(el, '[part~="preset"][data-days="90"]').click();
      expect((await event).detail).to.deep.equal({ orgId: orgId(), days: 90, unit: 'tokens', groupBy: 'member' });
      expect(el.getAttribute('days')).to.equal('90');
      await showing(el, 90, 'tokens', 'member', 'chart');
      // USE-3 / USE-4: the per-member split, with names.
      const ts = serverSeries(90, 'tokens', 'member');
      const members = m.backend.engine.query(sys, 'members.list', { orgId: orgId() }).members;
      const names = $$(el, '[part~="legend"] li .name').map((n) => flat(n));
      expect(names).to.deep.equal(ts.keys.map((k) => (k === '(none)' ? 'Unattributed' : (members.find((x) => x.userId === k)?.name ?? k))));
      await waitUntil(() => flat($(el, '[part~="status"]')).includes('Last 90 days'), 'announces the result');

      $<HTMLButtonElement>(el, '[part~="mode-button"][data-mode="lines"]').click();
      await el.updateComplete;
      expect(el.getAttribute('mode')).to.equal('lines');
      expect(has(el, 'g.series.lines')).to.equal(true);
      expect(getComputedStyle($(el, 'path.series')).fill).to.equal('none');
      // A host changes the attributes: the controls follow.
      el.setAttribute('unit', 'credits');
      el.setAttribute('mode', 'stacked');
      await el.updateComplete;
      expect($<HTMLSelectElement>(el, '#unit').value).to.equal('credits');
      expect($(el, '[part~="mode-button"][data-mode="stacked"]').getAttribute('aria-pressed')).to.equal('true');
    });

    it('USE-1 the chart follows its container’s width (ResizeObserver, no fixed width)', async () => {
      const client = m.clientFor('owner');
      const box = await fixture<HTMLDivElement>(html`<div style="width:360px"><org-provider .client=${client}><usage-chart></usage-chart></org-provider></div>`);
      const el = box.querySelector('usage-chart') as UsageChart;
      await settled(el);
      await waitUntil(() => Number($(el, 'svg[part~="svg"]').getAttribute('width')) === 360, 'the chart is 360 px wide');
      expect(el.scrollWidth).to.be.at.most(360);
      box.style.width = '820px';
      await waitUntil(() => Number($(el, 'svg[part~="svg"]').getAttribute('width')) === 820, 'the chart grows with its container');
    });

    it('USE-1 prefers-reduced-motion: the series do not animate', async () => {
      const { el } = await mount('owner');
      expect(getComputedStyle($(el, 'path.series')).transitionDuration).to.not.equal('0s');
      await emulateMedia({ reducedMotion: 'reduce' });
      try {
        expect(getComputedStyle($(el, 'path.series')).transitionDuration).to.equal('0s');
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });

    it('USE-1 recent activity pages by cursor: Load more appends the next events, and at the end focus moves to the first new one', async () => {
      m.stop();
      m = await mock('fresh-free');
      const first = m.backend.engine.query(sys, 'usage.events', { orgId: orgId(), limit: 100 }).events.length;
      for (let i = first; i < 27; i += 1) await m.control('/usage', { orgId: orgId(), channel: i % 2 ? 'chat' : 'widget', credits: 1 });
      const { el } = await mount('owner');
      const all = m.backend.engine.query(sys, 'usage.events', { orgId: orgId(), limit: 100 }).events;
      expect(all.length).to.equal(27);
      expect($$(el, '[part~="activity-table"] tbody tr').map((tr) => tr.dataset.eventId)).to.deep.equal(all.slice(0, 20).map((e) => e.id));
      $<HTMLButtonElement>(el, '[part~="load-more"]').click();
      await waitUntil(() => $$(el, '[part~="activity-table"] tbody tr').length === 27, 'the next page is appended');
      expect($$(el, '[part~="activity-table"] tbody tr').map((tr) => tr.dataset.eventId)).to.deep.equal(all.map((e) => e.id));
      expect(has(el, '[part~="load-more"]')).to.equal(false);
      expect(text(el)).to.contain('That is all the activity there is.');
      await waitUntil(() => focused(el)?.getAttribute('data-event-index') === '20', 'focus is on the first new event');
      await waitUntil(() => flat($(el, '[part~="status"]')) === '7 more events loaded.');
    });

    it('USE-1 view as table shows the same numbers as the chart, and is accessible', async () => {
      const { el } = await mount('owner', { days: 7 });
      const toggle = $<HTMLButtonElement>(el, '[part~="table-toggle"]');
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(has(el, 'svg[part~="svg"]')).to.equal(false);
      const ts = serverSeries(7, 'credits', 'channel');
      expect(digits($(el, '[part~="series-table"] tfoot td.total'))).to.equal(ts.total);
      await expect(el).to.be.accessible();
      toggle.click();
      await el.updateComplete;
      expect(has(el, 'svg[part~="svg"]')).to.equal(true);
    });

    it('USE-1 a failed load shows the message table’s text with Retry, and Retry recovers', async () => {
      const { el } = await mount('owner');
      m.backend.faults.errorRate = 1;
      await choose(el, '#unit', 'tokens');
      await waitUntil(() => has(el, '[part~="chart-section"] [part~="error"]'), 'shows the error');
      expect(flat($(el, '[part~="chart-section"] [part~="error"]'))).to.contain('The service is unavailable right now. Please retry.');
      expect(has(el, '[part~="cards"]'), 'the other sections stay').to.equal(true);
      await expect(el).to.be.accessible();
      m.backend.faults.errorRate = 0;
      $<HTMLButtonElement>(el, '[part~="chart-section"] [part~="retry-button"]').click();
      await showing(el, 30, 'tokens', 'channel', 'chart');
      expect(has(el, '[part~="chart-section"] [part~="error"]')).to.equal(false);
    });
  });

  it('its text exists in English and German (the same keys, none empty)', () => {
    const en = Object.keys(MESSAGE_TABLES.en).filter((k) => k.startsWith('usage.')).sort();
    const de = Object.keys(MESSAGE_TABLES.de).filter((k) => k.startsWith('usage.')).sort();
    expect(en.length).to.be.greaterThan(50);
    expect(de).to.deep.equal(en);
    for (const key of en) expect(MESSAGE_TABLES.de[key]?.trim(), key).to.not.equal('');
  });

  describe('ORG-9 several organizations', () => {
    it('ORG-9 someone in several organizations picks which one’s usage to see; the builder role there shows the summary only', async () => {
      m.stop();
      m = await mock('multi-org');
      const lea = m.person('lea@schmid.test');
      const { el } = await mount(lea.email);
      const picker = $<HTMLSelectElement>(el, '[part~="org-picker"] select');
      expect(picker.options.length).to.equal(3);
      const session = m.backend.engine.query({ kind: 'user', userId: lea.userId }, 'session', {});
      const acme = session.memberships.find((x) => x.role === 'admin');
      const globex = session.memberships.find((x) => x.role === 'builder');
      expect(digits($(el, '[part~="card-total"] .value'))).to.equal(serverSummary(30).totalCredits);
      await choose(el, '[part~="org-picker"] select', acme?.orgId ?? '');
      const acmeTotal = serverSummary(30, acme?.orgId).totalCredits;
      await waitUntil(() => digits(shadow(el).querySelector('[part~="card-total"] .value')) === acmeTotal, 'shows Acme’s usage');
      await choose(el, '[part~="org-picker"] select', globex?.orgId ?? '');
      await waitUntil(() => has(el, '[part~="summary-only"]'), 'Globex: summary only');
      expect(has(el, '[part~="org-picker"]'), 'the picker stays').to.equal(true);
    });

    it('ORG-9 with one organization there is no selector', async () => {
      const { el } = await mount('owner');
      expect(has(el, '[part~="org-picker"]')).to.equal(false);
    });
  });
});
