/**
 * The browser figures of `pnpm bench`, in the system Chromium (headless, through playwright-core):
 *   list   <org-members> with 100 / 1 000 / 10 000 members — time to first row, and the cost of a scroll frame;
 *   chart  <usage-chart> of 365 days × 5 series vs a reference renderer (one SVG string) in the same page;
 *   demo   the built demo, navigation → the first OrgKit element showing data, cold and warm.
 * The page (test/bench/page/main.ts) is bundled by esbuild like a production build and talks to the mock backend
 * in MSW's service worker, as the demo does. Every figure: one discarded warm-up, then `runs` measured runs.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { CHROME_ARGS, findChrome, NO_CHROME_MESSAGE } from '../config/chrome.mjs';
import { minifyTemplatesPlugin, ROOT } from './size.js';
import type { Stat } from './stats.js';
import { freePort, ratio, stat } from './stats.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.map': 'application/json', '.woff2': 'font/woff2',
};

export interface Static {
  url: string;
  close(): Promise<void>;
}

/** A static file server (what a host's CDN does): files as they are, cacheable, `/` → index.html. */
export async function serveStatic(dir: string, port: number): Promise<Static> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'max-age=3600' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${String(port)}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launch(): Promise<{ browser: Browser; version: string }> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(NO_CHROME_MESSAGE);
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROME_ARGS });
  return { browser, version: `Chromium ${browser.version()} (headless)` };
}

/** The bench page: main.ts bundled (minified, production, templates minified) + MSW's worker script. */
async function buildPage(dir: string): Promise<void> {
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'test/bench/page/main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@orgkit/source', 'module', 'browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: join(dir, 'main.js'),
    logLevel: 'silent',
    plugins: [minifyTemplatesPlugin],
  });
  copyFileSync(join(ROOT, 'demo/public/mockServiceWorker.js'), join(dir, 'mockServiceWorker.js'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OrgKit bench</title></head>' +
      '<body style="margin:0;font:14px system-ui"><div id="stage" style="width:1000px"></div><script type="module" src="/main.js"></script></body></html>',
  );
}

export interface ListScale {
  members: number;
  firstRow: Stat;
  /** Per scroll frame: scroll handled, Lit update, layout flushed (median of each run's frames, then over runs). */
  frameWork: Stat;
  /** requestAnimationFrame deltas while scrolling (per-run median; then over runs). */
  frameDelta: Stat;
  /** The worst single frame's work over all runs. */
  worstFrameWork: number;
  /** Of the first row's time: the members.list request alone (mock + JSON + validation + client), 3 runs. */
  request: Stat;
}

export interface BrowserResult {
  chromium: string;
  runs: number;
  list: { method: string; sizes: ListScale[]; ratioFirstRow: number; ratioFrameWork: number };
  chart: {
    method: string;
    days: number;
    series: number;
    /** From mount (the element loads its own data: timeseries, summary, table, activity) to the drawn paths. */
    element: Stat;
    reference: Stat;
    ratio: number;
    /** Render only, data in hand: the element re-laid out (lines → stacked) vs the reference string set again. */
    elementRender: Stat;
    referenceRender: Stat;
    ratioRender: number;
  };
}

interface RawList {
  total: number;
  runs: { firstRowMs: number; frameWork: number[]; frameDelta: number[]; rows: number }[];
  request: number[];
}

const median = (xs: number[]) => stat(xs).median;

export async function measureBrowser(options: { runs?: number; sizes?: readonly number[]; steps?: number; log?: (l: string) => void } = {}): Promise<BrowserResult> {
  const runs = options.runs ?? 7;
  const sizes = options.sizes ?? [100, 1_000, 10_000];
  const steps = options.steps ?? 60;
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'orgkit-bench-page-'));
  await buildPage(dir);
  const server = await serveStatic(dir, await freePort());
  const { browser, version } = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/index.html`);
    await page.evaluate(() => window.bench.ready);

    const list: ListScale[] = [];
    for (const n of sizes) {
      const raw: RawList = await page.evaluate(([total, count, frames]) => window.bench.members(total, count, frames), [n, runs + 1, steps] as const);
      const measured = raw.runs.slice(1); // the first run warms the JIT and the caches
      list.push({
        members: n,
        firstRow: stat(measured.map((r) => r.firstRowMs)),
        frameWork: stat(measured.map((r) => median(r.frameWork))),
        frameDelta: stat(measured.map((r) => median(r.frameDelta))),
        worstFrameWork: Math.round(Math.max(...measured.flatMap((r) => r.frameWork)) * 100) / 100,
        request: stat(raw.request),
      });
      log(`list: ${n.toLocaleString('en')} members measured`);
    }
    const chartRaw = await page.evaluate((count) => window.bench.chart(count), runs + 1);
    log('chart: measured');
    if (errors.length) throw new Error(`bench page errors: ${errors.join('; ')}`);
    await context.close();
    const element = stat(chartRaw.element.slice(1));
    const reference = stat(chartRaw.reference.slice(1));
    const at = (n: number) => list.find((l) => l.members === n);
    const small = at(100);
    const big = at(10_000);
    return {
      chromium: version,
      runs,
      list: {
        method:
          `members written into the mock's state (Ultra, no seat cap); mount <org-provider><org-members> → first row in the DOM (checked each animation frame); ` +
          `then ${String(steps)} scroll steps of half a viewport, one per frame, bouncing at the ends; frame work = scrollTop set → scroll handled → Lit update → layout flushed`,
        sizes: list,
        ratioFirstRow: small && big ? ratio(big.firstRow.median, small.firstRow.median) : Number.NaN,
        ratioFrameWork: small && big ? ratio(big.frameWork.median, small.frameWork.median) : Number.NaN,
      },
      chart: {
        method:
          '<usage-chart days=365 group-by=channel> mounted → 5 series paths drawn, vs the same request through the same client + one SVG ' +
          'string of 5 straight-segment stacked areas set as innerHTML → paths in the DOM (both from start to the animation frame that shows them); ' +
          'render only: the mounted chart switched lines → stacked (layout + Lit update + layout flush) vs the reference string set again (+ layout flush)',
        days: chartRaw.days,
        series: chartRaw.series,
        element,
        reference,
        ratio: ratio(element.median, reference.median),
        elementRender: stat(chartRaw.elementRender.slice(1)),
        referenceRender: stat(chartRaw.referenceRender.slice(1)),
        ratioRender: ratio(median(chartRaw.elementRender.slice(1)), median(chartRaw.referenceRender.slice(1))),
      },
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DemoResult {
  method: string;
  page: string;
  runs: number;
  cold: Stat;
  warm: Stat;
}

/** In the page from its first script on: performance.now() of the first frame where an OrgKit element shows data. */
const WATCH_FIRST_DATA = `(() => {
  const shows = (el) => {
    const root = el.shadowRoot;
    if (!root || root.querySelector('[part~="loading"], [aria-busy="true"], .skeleton')) return false;
    return root.querySelector('[part~="row"], [part~="balance"], [part~="meter"], [part~="value"], path.series, [part~="plan"], [part~="invoice"], table, dl') !== null;
  };
  const tick = () => {
    const els = [...document.querySelectorAll('*')].filter((el) => el.localName.includes('-') && el.localName !== 'org-provider' && el.shadowRoot);
    const hit = els.find(shows);
    if (hit) { window.__firstData = { at: performance.now(), tag: hit.localName }; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

async function firstData(page: Page, url: string): Promise<{ at: number; tag: string }> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as { __firstData?: unknown }).__firstData !== undefined, undefined, { timeout: 30_000, polling: 50 });
  return page.evaluate(() => (window as unknown as { __firstData: { at: number; tag: string } }).__firstData);
}

/**
 * The demo built by Vite (production), served as static files on port 5373. Cold: a fresh browser profile (no HTTP
 * cache, no service worker yet); warm: the same page loaded again in that profile.
 */
export async function measureDemo(options: { runs?: number; port?: number; path?: string; log?: (l: string) => void } = {}): Promise<DemoResult> {
  const runs = options.runs ?? 7;
  const path = options.path ?? '/index.html';
  const log = options.log ?? (() => undefined);
  const out = mkdtempSync(join(tmpdir(), 'orgkit-bench-demo-'));
  await viteBuild({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  log('demo: built');
  const server = await serveStatic(out, options.port ?? 5373);
  const { browser } = await launch();
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let r = 0; r <= runs; r += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(WATCH_FIRST_DATA);
      const page = await context.newPage();
      const c = await firstData(page, `${server.url}${path}`);
      const w = await firstData(page, `${server.url}${path}`);
      if (r > 0) {
        cold.push(c.at);
        warm.push(w.at);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  return {
    method:
      `vite build of demo/ served as static files (Cache-Control max-age=3600); navigation start → first animation frame in which an OrgKit element ` +
      'has rendered data (no loading state); cold = new browser profile, warm = the same page again in that profile',
    page: path,
    runs,
    cold: stat(cold),
    warm: stat(warm),
  };
}
