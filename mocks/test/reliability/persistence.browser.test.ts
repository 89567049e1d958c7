import { expect } from '@open-wc/testing';
import { API_BASE, CONTROL_BASE } from '@orgkit/contract';
import { MOCK_RESET_EVENT, startMockWorker } from '../../browser.js';
import type { StartedMockWorker } from '../../browser.js';

/**
 * Persistence in the browser (issue 9): the mock's saved state (localStorage) survives a reload, and a corrupted or
 * foreign saved state is detected and reset with a message the page can show — returned by startMockWorker, logged
 * as a console warning, dispatched as an event and served by the control API — never an error on the page.
 */
const KEY = 'orgkit-mock-reliability';

let started: StartedMockWorker | null = null;
const pageErrors: string[] = [];
/** The browser's own service-worker update checks can fail when another server holds the port: not the page's error. */
const record = (message: string) => {
  if (!/Failed to update a ServiceWorker/.test(message)) pageErrors.push(message);
};
const onError = (e: ErrorEvent) => record(e.message);
const onRejection = (e: PromiseRejectionEvent) => record(String(e.reason));

async function start(): Promise<StartedMockWorker> {
  started = await startMockWorker({ storageKey: KEY, scenario: 'standard-team' });
  return started;
}

/** Start while watching console.warn and the reset event. */
async function startWatching(): Promise<{ s: StartedMockWorker; warnings: string[]; events: string[] }> {
  const warnings: string[] = [];
  const events: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  const listener = (e: Event) => events.push((e as CustomEvent<{ notice: string }>).detail.notice);
  window.addEventListener(MOCK_RESET_EVENT, listener);
  try {
    return { s: await start(), warnings, events };
  } finally {
    console.warn = warn;
    window.removeEventListener(MOCK_RESET_EVENT, listener);
  }
}

const json = async (path: string, init?: RequestInit) => (await fetch(path, init)).json();

describe('persistence of the browser mock', () => {
  beforeEach(() => {
    localStorage.removeItem(KEY);
    pageErrors.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    started?.worker.stop();
    started = null;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    localStorage.removeItem(KEY);
  });

  it('TIME-1 what happened survives a reload: a purchase, a moved clock and the acting person', async () => {
    let s = await start();
    expect(s.notice).to.equal(null);
    const { orgId, people } = s.backend.controlState();
    const before = (await json(`${API_BASE}/orgs/${orgId}/balance`)).balance as number;
    const bought = await fetch(`${API_BASE}/orgs/${orgId}/purchases`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'persist-1' }, body: JSON.stringify({ packageId: 'pkg_1000' }),
    });
    expect(bought.status).to.equal(201);
    await fetch(`${CONTROL_BASE}/clock`, { method: 'POST', body: JSON.stringify({ hours: 2 }) }); // within the idempotency window (24 h)
    await fetch(`${CONTROL_BASE}/act-as`, { method: 'POST', body: JSON.stringify({ userId: people[1]?.userId }) });
    const now = Date.parse(s.backend.controlState().now);
    s.worker.stop();

    s = await start(); // the reload
    expect(s.notice).to.equal(null);
    const state = await json(`${CONTROL_BASE}/state`);
    expect(state.notice).to.equal(null);
    expect(state.actingUserId).to.equal(people[1]?.userId);
    expect(Date.parse(state.now)).to.be.at.least(now);
    const balance = await json(`${API_BASE}/orgs/${orgId}/balance`, { headers: { Authorization: `Bearer ${people[0]?.token ?? ''}` } });
    expect(balance.balance).to.equal(before + 1_000);
    // The purchase is remembered with its key: a retry after the reload is a replay, not a second charge.
    const retry = await fetch(`${API_BASE}/orgs/${orgId}/purchases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'persist-1', Authorization: `Bearer ${people[0]?.token ?? ''}` },
      body: JSON.stringify({ packageId: 'pkg_1000' }),
    });
    expect(retry.status).to.equal(201);
    expect(retry.headers.get('Idempotent-Replayed')).to.equal('true');
    expect(pageErrors).to.deep.equal([]);
  });

  const BAD: [string, (saved: string) => string][] = [
    ['truncated JSON', (saved) => saved.slice(0, Math.floor(saved.length / 2))],
    ['not JSON at all', () => '<html>oops</html>'],
    ['another app’s data under the key', () => JSON.stringify({ version: 3, todos: [{ id: 1, title: 'Buy milk' }] })],
    ['an older save schema', (saved) => JSON.stringify({ ...(JSON.parse(saved) as object), schema: 'orgkit-mock/0' })],
    ['damage inside (an organization without its subscription)', (saved) => {
      const data = JSON.parse(saved) as { state: { orgs: Record<string, Record<string, unknown>> } };
      for (const org of Object.values(data.state.orgs)) delete org.subscription;
      return JSON.stringify(data);
    }],
  ];

  for (const [label, damage] of BAD) {
    it(`a corrupted or foreign saved state (${label}) is reset with a message the page can show, never an error`, async () => {
      const first = await start();
      first.worker.stop();
      const saved = localStorage.getItem(KEY) ?? '';
      expect(saved.length).to.be.greaterThan(100);
      localStorage.setItem(KEY, damage(saved));

      const { s, warnings, events } = await startWatching();
      expect(s.notice).to.match(/saved mock state could not be used.*reset/i);
      expect(warnings.some((w) => w.includes(s.notice ?? '\u0000'))).to.equal(true);
      expect(events).to.deep.equal([s.notice]);
      const state = await json(`${CONTROL_BASE}/state`);
      expect(state.notice).to.equal(s.notice);
      expect(state.scenario).to.equal('standard-team');
      // The mock works: the reset scenario answers, and a valid copy replaced the bad one.
      const session = await fetch(`${API_BASE}/session`);
      expect(session.status).to.equal(200);
      expect(JSON.parse(localStorage.getItem(KEY) ?? 'null')?.schema).to.equal('orgkit-mock/1');
      expect(pageErrors).to.deep.equal([]);
    });
  }
});
