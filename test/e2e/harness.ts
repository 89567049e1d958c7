/**
 * The end-to-end suite's plumbing: the demo built by Vite and served by `vite preview` on a free port (what a
 * product team would deploy — no dev-server dependency optimisation reloading pages mid-test), the system
 * Chromium through playwright-core, and small helpers that act the way a person does (click, type, read).
 * E2E_BASE_URL=http://127.0.0.1:5173 runs the suite against a demo that is already served (e.g. `pnpm demo`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROME_ARGS, findChrome, NO_CHROME_MESSAGE } from '../config/chrome.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(root, 'vite.config.ts');

/** How long one step may take before the test fails (a person would have given up too). */
export const STEP_MS = 12_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Demo {
  url: string;
  close(): Promise<void>;
}

/** Build the demo into a temporary folder and serve it with `vite preview` on a free port. */
export async function serveDemo(): Promise<Demo> {
  const given = process.env.E2E_BASE_URL;
  if (given) return { url: given.replace(/\/$/, ''), close: async () => undefined };
  const outDir = mkdtempSync(join(tmpdir(), 'orgkit-demo-'));
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5_000 } });
  const port = await freePort();
  const server = await preview({ configFile, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  return {
    url: `http://127.0.0.1:${String(port)}`,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(NO_CHROME_MESSAGE);
  return chromium.launch({ executablePath, args: CHROME_ARGS, headless: true });
}

/** A fresh visitor: its own storage (so the mock starts from its default scenario) and a desktop viewport. */
export async function newVisitor(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'allow' });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Open a host page and wait until the mock runs and the tags are registered. */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
}

/** Wait until a locator's text matches (the UI settles after the server answered). */
export async function waitText(locator: Locator, expected: RegExp, timeout = STEP_MS): Promise<string> {
  const until = Date.now() + timeout;
  let last: string;
  for (;;) {
    last = ((await locator.first().textContent({ timeout: Math.max(1, until - Date.now()) }).catch(() => null)) ?? '').replace(/\s+/g, ' ').trim();
    if (expected.test(last)) return last;
    if (Date.now() > until) throw new Error(`Expected ${String(expected)} in ${locator.toString()}, saw "${last.slice(0, 300)}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wait until a condition over the page holds. */
export async function waitFor(page: Page, what: string, check: () => Promise<boolean>, timeout = STEP_MS): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`Timed out waiting for: ${what}`);
    await page.waitForTimeout(100);
  }
}

/** The page on screen (every host renders its pages as `#content > [data-page]`; hidden ones stay hidden). */
export const view = (page: Page) => page.locator('#content > [data-page]:not([hidden])');

/** An element's shadow part on the page on screen (Playwright's CSS pierces open shadow roots). */
export const part = (page: Page, tag: string, name: string) => view(page).locator(`${tag} [part~="${name}"]`);

/** Wait until an element on screen shows one of ITS OWN parts (not one of a tag slotted into it). */
export async function shows(page: Page, tag: string, name: string): Promise<void> {
  await waitFor(page, `<${tag}> to show its ${name}`, () =>
    view(page).locator(tag).first().evaluate((el, p) => el.shadowRoot?.querySelector(`[part~="${p}"]`)?.checkVisibility() ?? false, name));
}

/** The header's <org-switcher> picker. */
export const switcher = (page: Page) => page.locator('header.topbar org-switcher [part~="select"]');

// — the control drawer, as a person uses it —

export const drawer = (page: Page) => page.locator('#demo-drawer');

export async function openDrawer(page: Page): Promise<void> {
  if (await drawer(page).evaluate((el) => el.classList.contains('open'))) return;
  await page.locator('[data-drawer-toggle]').first().click();
  await drawer(page).locator('h2').waitFor({ state: 'visible' });
}

/** Wait for the drawer's action to finish and say what happened. */
export async function drawerNotice(page: Page, expected: RegExp): Promise<string> {
  await waitFor(page, 'the drawer to finish', async () => !(await drawer(page).evaluate((el) => el.hasAttribute('aria-busy'))));
  return waitText(page.locator('[data-test="drawer-notice"]'), expected);
}

async function chooseOption(select: Locator, text: RegExp): Promise<void> {
  const value = await select.evaluate((el, source) => {
    const re = new RegExp(source);
    return [...(el as HTMLSelectElement).options].find((o) => re.test(o.text))?.value ?? null;
  }, text.source);
  if (value === null) throw new Error(`No option ${String(text)} in ${select.toString()}`);
  await select.selectOption(value);
}

export async function resetTo(page: Page, scenario: string): Promise<void> {
  await openDrawer(page);
  await drawer(page).locator('[data-test="scenario"]').selectOption(scenario);
  await drawer(page).locator('[data-test="scenario-reset"]').click();
  await drawerNotice(page, new RegExp(`Reset to “${scenario}”`));
}

/** Act as a person of the scenario (by name or role, as the drawer lists them: "Name — role"). */
export async function actAs(page: Page, who: RegExp): Promise<void> {
  await openDrawer(page);
  const select = drawer(page).locator('[data-test="act-as"]');
  const current = await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? '');
  if (who.test(current)) return;
  await chooseOption(select, who);
  await drawerNotice(page, /Now acting as/);
}

export async function clickDrawer(page: Page, test: string, notice: RegExp): Promise<string> {
  await openDrawer(page);
  await drawer(page).locator(`[data-test="${test}"]`).click();
  return drawerNotice(page, notice);
}

export async function closeDrawer(page: Page): Promise<void> {
  if (!(await drawer(page).evaluate((el) => el.classList.contains('open')))) return;
  await drawer(page).getByRole('button', { name: 'Close demo controls' }).click();
  await waitFor(page, 'the drawer to close', async () => !(await drawer(page).evaluate((el) => el.classList.contains('open'))));
}

export type DemoPage = 'overview' | 'team' | 'billing' | 'usage' | 'settings' | 'organization' | 'agents' | 'conversations';

/** Go to a page of the dashboard through the sidebar. */
export async function goTo(page: Page, id: DemoPage): Promise<void> {
  await closeDrawer(page); // it covers the right of the page
  await page.locator(`.sidebar a[data-page="${id}"]`).click();
  await page.locator(`#content > [data-page="${id}"]`).waitFor({ state: 'visible' });
}

/** The toasts the host shows for OrgKit's events (text and event name). */
export async function toasts(page: Page): Promise<string[]> {
  return page.locator('[data-test="toast"]').evaluateAll((list) =>
    list.map((t) => [...t.querySelectorAll('span, code')].map((n) => n.textContent?.trim() ?? '').join(' ')));
}

/** The header's "signed-in person" line: name, role and organization. */
export async function who(page: Page): Promise<string> {
  const name = (await page.locator('[data-test="who-name"]').textContent()) ?? '';
  const org = (await page.locator('[data-test="who-org"]').textContent()) ?? '';
  return `${name} · ${org}`.replace(/\s+/g, ' ');
}

/** Server state, read through the demo's own client as the acting person (window.orgkitDemo). */
export function server<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(async () => { const d = globalThis.orgkitDemo; const c = d.client; const orgId = d.orgId; return (${fn}); })()`) as Promise<T>;
}
