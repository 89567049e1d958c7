/**
 * Smoke check of the built Storybook (stories/storybook-static, from `pnpm build-storybook`): serves it on a free
 * port, opens EVERY story's iframe in the system Chromium, waits until the story rendered and its play function
 * finished, and prints one line per story. A story fails when Storybook shows its error display, the play function
 * throws, the page reports an uncaught error, the accessibility addon reports violations (`a11y.test: 'error'`), a
 * message key is shown instead of its text (an unregistered message table), or the story does not finish in time. Ends with "N passed, N failed" (test/run.mjs counts each story as one test).
 *
 *   node --import tsx stories/test/smoke.ts [--dir stories/storybook-static] [--filter org-members] [--concurrency 2]
 *                                          [--timeout 30000] [--screenshots /tmp/shots] [--json results.json]
 */
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROME_ARGS, NO_CHROME_MESSAGE, findChrome } from '../../test/config/chrome.mjs';

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
  tags?: string[];
}
interface Finished {
  status: 'success' | 'error' | 'warning';
  reporters: { type: string; status: string; result?: { violations?: { id: string; impact?: string; nodes?: { target?: unknown; html?: string }[] }[] } }[];
}
interface Outcome {
  id: string;
  title: string;
  name: string;
  ok: boolean;
  ms: number;
  problems: string[];
  play: boolean;
  docs: boolean;
}

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return (i >= 0 ? args[i + 1] : undefined) ?? fallback;
};
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = resolve(opt('dir', join(here, '..', 'storybook-static')));
const filter = opt('filter', '');
const concurrency = Math.max(1, Number(opt('concurrency', '2')));
const timeout = Number(opt('timeout', '30000'));
const shots = opt('screenshots', '');
const jsonOut = opt('json', '');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** A tiny static file server for the built Storybook (port 0: a free one). */
function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // Hashed assets are cached (one parse for all the stories); the pages and the index are not.
    const cache = /\.(html|json)$/.test(file) || file.endsWith('mockServiceWorker.js') ? 'no-cache' : 'public, max-age=3600';
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cache });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      ok({ url: `http://127.0.0.1:${String(port)}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/**
 * Runs in the page before Storybook: hooks the preview's channel as soon as it is created and records the story's
 * outcome (storyFinished, a play-function exception, a render exception, unhandled errors while playing). Plain
 * JavaScript in a string: the page gets it verbatim (no transpiler helpers).
 */
const HOOK_CHANNEL = `(() => {
  const smoke = (window.__smoke = { finished: null, errors: [] });
  const message = (e) => (e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e));
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(next) {
      channel = next;
      next.on('storyFinished', (payload) => (smoke.finished = payload));
      next.on('docsRendered', () => (smoke.finished = { status: 'success', reporters: [], docs: true }));
      next.on('playFunctionThrewException', (e) => smoke.errors.push('play function: ' + message(e)));
      next.on('storyThrewException', (e) => smoke.errors.push('render: ' + message(e)));
      next.on('storyErrored', (e) => smoke.errors.push('story errored: ' + message(e && e.description ? e.description : e)));
      next.on('unhandledErrorsWhilePlaying', (list) => smoke.errors.push('unhandled while playing: ' + list.map(message).join('; ')));
    },
  });
})();`;

/** Evaluated in the page until truthy: the outcome once the story finished or Storybook shows its error display. */
const OUTCOME = `(() => {
  const s = window.__smoke;
  const shown = document.body.classList.contains('sb-show-errordisplay');
  if (!(s && s.finished) && !shown) return null;
  const display = (document.querySelector('#error-message') || {}).textContent || '';
  return { finished: (s && s.finished) || null, errors: (s && s.errors) || [], display: shown ? display || 'error display shown' : '' };
})()`;

/**
 * Message keys shown instead of text (e.g. `invoices.title`, an `aria-label="orgSettings.id.copy"`): a message table
 * that was not registered. Searches the text and labels inside every shadow root of the story.
 */
const RAW_KEYS = `(() => {
  const key = /^[a-z][a-zA-Z0-9]*(\\.[a-zA-Z0-9]+)+$/;
  const domain = /\\.(test|example|com|ch|de|io|ai|org|net|json|js|ts|pdf|png|svg)$/;
  const found = new Set();
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const t = (n.textContent || '').trim();
        if (key.test(t) && !domain.test(t)) found.add(t);
      } else if (n.nodeType === Node.ELEMENT_NODE) {
        for (const a of ['aria-label', 'title', 'placeholder']) {
          const v = (n.getAttribute(a) || '').trim();
          if (key.test(v) && !domain.test(v)) found.add(v);
        }
        if (n.shadowRoot) visit(n.shadowRoot);
      }
    }
  };
  const root = document.querySelector('#storybook-root') || document.body;
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  return [...found].slice(0, 6);
})()`;

/** One browser tab that opens story after story (a fresh page load each time; the tab is replaced if it crashes). */
class Tab {
  private page: Page | null = null;
  private problems: string[] = [];

  constructor(private readonly context: BrowserContext) {}

  private async open(): Promise<Page> {
    if (this.page && !this.page.isClosed()) return this.page;
    const page = await this.context.newPage();
    page.on('pageerror', (err) => this.problems.push(`uncaught: ${err.message}`));
    page.on('crash', () => this.problems.push('the page crashed'));
    this.page = page;
    return page;
  }

  async check(base: string, entry: IndexEntry, play: boolean): Promise<Outcome> {
    const started = Date.now();
    const problems: string[] = (this.problems = []);
    try {
      const page = await this.open();
      await page.goto(`${base}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${entry.type}`, { waitUntil: 'load' });
      const handle = await page.waitForFunction(OUTCOME, undefined, { timeout, polling: 50 });
      const result = (await handle.jsonValue()) as { finished: Finished | null; errors: string[]; display: string };
      problems.push(...result.errors);
      if (result.display) problems.push(`error display: ${result.display.trim().split('\n')[0] ?? ''}`);
      for (const r of result.finished?.reporters ?? []) {
        if (r.type === 'a11y' && r.status === 'failed') {
          const v = r.result?.violations ?? [];
          for (const x of v) {
          const first = x.nodes?.[0];
          const example = first ? ` — e.g. ${JSON.stringify(first.target ?? [])} ${(first.html ?? '').slice(0, 140)}` : '';
          problems.push(`a11y: ${x.id} (${x.impact ?? '?'}, ${String(x.nodes?.length ?? 0)} nodes)${example}`);
        }
        }
      }
      const raw = (await page.evaluate(RAW_KEYS)) as string[];
      if (raw.length > 0) problems.push(`message keys shown instead of text: ${raw.join(', ')}`);
      if (result.finished?.status === 'error' && problems.length === 0) problems.push('Storybook reported the story as errored');
      // Docs pages render their stories after docsRendered: give them a moment before the picture.
      if (shots && entry.type === 'docs') await page.waitForTimeout(2_000);
      if (shots) await page.screenshot({ path: join(shots, `${entry.id}.png`), fullPage: true });
    } catch (err) {
      problems.push(`the smoke check failed (a story gets ${String(timeout)} ms): ${(err as Error).message.split('\n')[0] ?? ''}`);
      await this.page?.close().catch(() => undefined);
      this.page = null;
    }
    return { id: entry.id, title: entry.title, name: entry.name, ok: problems.length === 0, ms: Date.now() - started, problems, play, docs: entry.type === 'docs' };
  }

  async close(): Promise<void> {
    await this.page?.close().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  const indexFile = join(dir, 'index.json');
  if (!existsSync(indexFile)) {
    console.error(`No built Storybook in ${dir} (run \`pnpm build-storybook\` first).`);
    return 1;
  }
  const chrome = findChrome();
  if (!chrome) {
    console.error(NO_CHROME_MESSAGE);
    return 1;
  }
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { entries: Record<string, IndexEntry> };
  // Every story, and the MDX docs pages (the guides; autodocs pages repeat the stories).
  const wanted = (e: IndexEntry) => e.type === 'story' || (e.type === 'docs' && (e.tags ?? []).includes('unattached-mdx'));
  const stories = Object.values(index.entries).filter((e) => wanted(e) && (!filter || e.id.includes(filter) || `${e.title} ${e.name}`.toLowerCase().includes(filter.toLowerCase())));
  // Which stories have a play function: the tag Storybook gives them.
  const plays = new Set(stories.filter((e) => e.tags?.includes('play-fn')).map((e) => e.id));
  if (shots) mkdirSync(shots, { recursive: true });

  const server = await serve(dir);
  const browser = await chromium.launch({ executablePath: chrome, args: CHROME_ARGS, headless: true });
  const started = Date.now();
  const outcomes: Outcome[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'allow' });
    await context.addInitScript({ content: HOOK_CHANNEL });
    const queue = [...stories];
    const one = async (tab: Tab, entry: IndexEntry) => {
      const outcome = await tab.check(server.url, entry, plays.has(entry.id));
      outcomes.push(outcome);
      const mark = outcome.ok ? '✔' : '✘';
      const flag = outcome.play ? ' [play]' : '';
      console.log(`${mark} ${outcome.title} › ${outcome.name}${flag} (${(outcome.ms / 1000).toFixed(1)} s)${outcome.ok ? '' : `\n    ${outcome.problems.join('\n    ')}`}`);
    };
    const tabs = Array.from({ length: concurrency }, () => new Tab(context));
    // The first story alone: its page registers MSW's service worker for the origin, which every later page shares.
    const first = queue.shift();
    if (first && tabs[0]) await one(tabs[0], first);
    await Promise.all(
      tabs.map(async (tab) => {
        for (let entry = queue.shift(); entry; entry = queue.shift()) await one(tab, entry);
        await tab.close();
      }),
    );
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed + (stories.length - outcomes.length);
  const withPlay = outcomes.filter((o) => o.play);
  const docs = outcomes.filter((o) => o.docs);
  console.log(
    `\nstorybook smoke: ${String(outcomes.length - docs.length)} stories (${String(withPlay.length)} with play functions, ` +
      `${String(withPlay.filter((o) => o.ok).length)} of them passed) and ${String(docs.length)} docs pages ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ passed, failed, outcomes }, null, 2));
  console.log(`${String(passed)} passed, ${String(failed)} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
