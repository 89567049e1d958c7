/**
 * The in-browser half of `pnpm bench` (bundled by esbuild, loaded into headless Chromium by test/bench/browser.ts):
 * the mock backend in MSW's service worker, exactly as the demo runs it, and the measurements as window.bench.*.
 * Each measurement returns raw samples in milliseconds; the Node side computes min/median/max.
 */
import { OrgKitClient } from '../../../packages/client/src/index.js';
import type { Timeseries } from '@orgkit/contract';
import { startMockWorker } from '../../../mocks/browser.js';
import { SYSTEM } from '../../../mocks/engine/index.js';
import type { DayRollup, MockBackend } from '../../../mocks/index.js';
import { defineOrgKit } from '../../../packages/elements/src/index.js';

defineOrgKit();

const DAY = 86_400_000;
const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

let backend: MockBackend;
let client: OrgKitClient;
let orgId = '';

async function start(): Promise<void> {
  ({ backend } = await startMockWorker({ persist: false, scenario: 'standard-team' }));
  await reset();
}

async function reset(): Promise<void> {
  backend.reset({ scenario: 'standard-team' });
  const state = backend.controlState();
  orgId = state.orgId;
  const owner = state.people.find((p) => p.role === 'owner');
  if (!owner) throw new Error('bench: the scenario has no owner');
  client = new OrgKitClient({ getAuthToken: () => owner.token, maxRetries: 0 });
  await Promise.resolve();
}

/**
 * The organization gets `total` members (the scenario's own included), written straight into the engine's state:
 * inviting 10 000 people through the engine would time the invite path, not the list. On Ultra (no seat cap), so
 * the state is one the product allows.
 */
function seedMembers(total: number): void {
  const state = backend.engine.state;
  const org = state.orgs[orgId];
  if (!org) throw new Error('bench: no organization');
  backend.engine.run(SYSTEM, 'system.setPlan', { orgId, planId: 'ultra', interval: 'month', customCredits: 1_000_000 });
  const now = backend.engine.now();
  for (let i = Object.keys(org.members).length; i < total; i += 1) {
    const id = `u_bench_${String(i)}`;
    state.users[id] = { id, email: `person${String(i)}@bench.test`, name: `Person ${String(i).padStart(5, '0')}`, createdAt: now - DAY };
    org.members[id] = {
      userId: id, role: i % 7 === 0 ? 'builder' : 'member', state: i % 13 === 0 ? 'deactivated' : 'active',
      joinedAt: now - DAY + i, deactivatedAt: i % 13 === 0 ? now - 1000 : null, deploymentIds: [],
    };
  }
}

function stage(): HTMLElement {
  const host = document.getElementById('stage');
  if (!host) throw new Error('bench: no #stage');
  host.replaceChildren();
  return host;
}

function provider(child: HTMLElement): HTMLElement {
  const p = document.createElement('org-provider') as HTMLElement & { client: OrgKitClient };
  p.client = client;
  p.setAttribute('org', orgId);
  p.append(child);
  return p;
}

/** Resolve with performance.now() at the first animation frame where `ready()` holds. */
async function until(ready: () => boolean, what: string, timeoutMs = 30_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const t = await frame();
    if (ready()) return t;
    if (t - t0 > timeoutMs) throw new Error(`bench: ${what} did not happen within ${String(timeoutMs)} ms`);
  }
}

interface ListRun {
  firstRowMs: number;
  /** Script + style + layout per scroll step: scrollTop set → scroll handled → Lit update → layout flushed. */
  frameWork: number[];
  /** requestAnimationFrame deltas while scrolling one step per frame. */
  frameDelta: number[];
  rows: number;
}

async function members(total: number, runs: number, steps: number): Promise<{ total: number; runs: ListRun[]; request: number[] }> {
  await reset();
  seedMembers(total);
  const out: ListRun[] = [];
  for (let r = 0; r < runs; r += 1) {
    const host = stage();
    await frame();
    const el = document.createElement('org-members');
    const root = () => el.shadowRoot;
    const t0 = performance.now();
    host.append(provider(el));
    const t1 = await until(() => !!root()?.querySelector('tr[part~="row"]'), 'the first member row');
    const viewport = root()?.querySelector<HTMLElement>('[part~="table-scroll"]');
    if (!viewport) throw new Error('bench: no table-scroll');
    const rows = Number(root()?.querySelector('table')?.getAttribute('aria-rowcount') ?? 0) - 1;
    if (rows !== total) throw new Error(`bench: ${String(rows)} rows of ${String(total)}`);
    // A fast flick: half a viewport per frame, bouncing at the ends — the same scroll speed for every list length,
    // so each frame brings the same number of new rows into view (virtualized: never more than fit on screen).
    const span = Math.max(0, viewport.scrollHeight - viewport.clientHeight);
    const stride = Math.max(1, Math.round(viewport.clientHeight / 2));
    const frameWork: number[] = [];
    const frameDelta: number[] = [];
    let last = await frame();
    let pos = 0;
    let dir = 1;
    for (let s = 1; s <= steps; s += 1) {
      pos += dir * stride;
      if (pos > span) {
        pos = 2 * span - pos;
        dir = -1;
      } else if (pos < 0) {
        pos = -pos;
        dir = 1;
      }
      const top = pos;
      const w0 = performance.now();
      viewport.scrollTop = top;
      viewport.dispatchEvent(new Event('scroll'));
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      void viewport.getBoundingClientRect().height; // flush style + layout
      void root()?.querySelector('tr[part~="row"]')?.getBoundingClientRect();
      frameWork.push(performance.now() - w0);
      const t = await frame();
      frameDelta.push(t - last);
      last = t;
    }
    out.push({ firstRowMs: t1 - t0, frameWork, frameDelta, rows });
  }
  stage();
  // Where the first row's time goes: the members.list request alone (mock engine + JSON + response checks + client).
  const request: number[] = [];
  for (let r = 0; r < 3; r += 1) {
    const t0 = performance.now();
    await client.members.list(orgId);
    request.push(performance.now() - t0);
  }
  return { total, runs: out, request };
}

/** 365 days × 5 channels of usage, written into the day rollups (what 365 days of recording would leave). */
function seedYearOfUsage(): void {
  const org = backend.engine.state.orgs[orgId];
  if (!org) throw new Error('bench: no organization');
  const today = Math.floor(backend.engine.now() / DAY);
  const channels = ['chat', 'voice', 'widget', 'realtime', 'internal_chat'] as const;
  for (let d = today - 365; d <= today; d += 1) {
    const day: DayRollup = { total: [0, 0, 0], channel: {}, agent: {}, member: {}, model: {}, breakdown: {} };
    channels.forEach((c, i) => {
      const credits = 40 + ((d * 37 + i * 101) % 300) * (i + 1);
      day.channel[c] = [credits, credits * 700, 20];
      day.agent['(none)'] = [(day.agent['(none)']?.[0] ?? 0) + credits, 0, 0];
      day.total[0] += credits;
      day.total[1] += credits * 700;
      day.total[2] += 20;
    });
    org.usage.daily[String(d)] = day;
  }
}

/**
 * A reference renderer: the same timeseries, stacked, as one SVG string of straight-segment area paths (no
 * framework, no axes, no interaction) — a floor for "drawing 5 × 365 points".
 */
function referenceSvg(ts: Timeseries, width: number, height: number): string {
  const keys = ts.keys;
  const n = ts.points.length;
  const peak = Math.max(1, ...ts.points.map((p) => p.total));
  const x = (i: number) => (i / Math.max(1, n - 1)) * width;
  const y = (v: number) => height - (v / peak) * height;
  const base = new Array<number>(n).fill(0);
  const paths: string[] = [];
  for (const key of keys) {
    const lower = base.slice();
    for (let i = 0; i < n; i += 1) base[i] = (base[i] ?? 0) + (ts.points[i]?.series[key] ?? 0);
    let d = '';
    for (let i = 0; i < n; i += 1) d += `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(base[i] ?? 0).toFixed(1)}`;
    for (let i = n - 1; i >= 0; i -= 1) d += `L${x(i).toFixed(1)},${y(lower[i] ?? 0).toFixed(1)}`;
    paths.push(`<path d="${d}Z" fill="currentColor" opacity="0.5"></path>`);
  }
  return `<svg viewBox="0 0 ${String(width)} ${String(height)}" width="${String(width)}" height="${String(height)}">${paths.join('')}</svg>`;
}

/** <usage-chart days=365 group-by=channel> vs the reference renderer, both from a click to drawn paths, same data path. */
async function chart(
  runs: number,
): Promise<{ element: number[]; reference: number[]; elementRender: number[]; referenceRender: number[]; series: number; days: number }> {
  await reset();
  seedYearOfUsage();
  const element: number[] = [];
  const reference: number[] = [];
  const elementRender: number[] = [];
  const referenceRender: number[] = [];
  let series = 0;
  let days = 0;
  for (let r = 0; r < runs; r += 1) {
    // The element: mount → Loader → client → mock → model → layout → Lit render.
    let host = stage();
    host.style.width = '900px';
    await frame();
    const el = document.createElement('usage-chart');
    el.setAttribute('days', '365');
    el.setAttribute('group-by', 'channel');
    let t0 = performance.now();
    host.append(provider(el));
    let t1 = await until(() => (el.shadowRoot?.querySelectorAll('path.series').length ?? 0) === 5, 'the chart’s 5 series');
    element.push(t1 - t0);
    series = el.shadowRoot?.querySelectorAll('path.series').length ?? 0;
    // Render only (data loaded): lines → stacked, i.e. the model laid out again and 5 paths + 365 hit targets updated.
    const chartEl = el as HTMLElement & { mode: string; updateComplete: Promise<unknown> };
    chartEl.mode = 'lines';
    await chartEl.updateComplete;
    await frame();
    t0 = performance.now();
    chartEl.mode = 'stacked';
    await chartEl.updateComplete;
    void el.shadowRoot?.querySelector('path.series')?.getBoundingClientRect();
    elementRender.push(performance.now() - t0);

    // The reference: the same request through the same client, then one innerHTML.
    host = stage();
    host.style.width = '900px';
    await frame();
    t0 = performance.now();
    const ts = await client.usage.timeseries(orgId, { days: 365, groupBy: 'channel' });
    const div = document.createElement('div');
    div.innerHTML = referenceSvg(ts, 880, 280);
    host.append(div);
    t1 = await until(() => div.querySelectorAll('path').length === ts.keys.length, 'the reference paths');
    reference.push(t1 - t0);
    days = ts.points.length;
    await frame();
    t0 = performance.now();
    div.innerHTML = referenceSvg(ts, 880, 280);
    void div.querySelector('path')?.getBoundingClientRect();
    referenceRender.push(performance.now() - t0);
  }
  stage();
  return { element, reference, elementRender, referenceRender, series, days };
}

declare global {
  interface Window {
    bench: { ready: Promise<void>; members: typeof members; chart: typeof chart; userAgent: string };
  }
}

window.bench = { ready: start(), members, chart, userAgent: navigator.userAgent };
