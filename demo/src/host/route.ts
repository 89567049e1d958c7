/**
 * The dashboard's hash routes, shared by every host page: `#/overview`, `#/team`, `#/billing`, `#/usage`,
 * `#/settings` (OrgKit's individual tags, placed in Acme AI's own pages), `#/organization[/<tab>]` (the whole area in
 * one <org-console>), and Acme AI's own `#/agents` and `#/conversations`. A route in the URL survives a reload.
 */
import type { ConsoleTab } from '@orgkit/elements';

export const CONSOLE_TAB_IDS = ['general', 'members', 'plans', 'usage'] as const satisfies readonly ConsoleTab[];

export const PAGES = {
  overview: { title: 'Overview', lead: 'Your plan, what is left this cycle and the shared credit balance.', icon: '◔' },
  team: { title: 'Team', lead: 'Who works in this organization, their roles, and open invitations.', icon: '☺' },
  billing: { title: 'Billing', lead: 'Your plan, credit packages and invoices.', icon: '▤' },
  usage: { title: 'Usage', lead: 'Credits used per channel and agent, and spending caps.', icon: '▥' },
  settings: { title: 'Settings', lead: 'Organization details and where your data is stored.', icon: '⚙' },
  organization: { title: 'My Organization', lead: 'Overview, Team, Billing, Usage and Settings in one tag — tabs follow the role.', icon: '⌂' },
  agents: { title: 'Agents', lead: 'The assistants your team builds and deploys.', icon: '◎' },
  conversations: { title: 'Conversations', lead: 'Internal chat with your organization’s assistant.', icon: '☰' },
} as const;
export type Page = keyof typeof PAGES;

/** The sidebar: Acme AI's own pages, the pages built from individual tags, and the all-in-one page. */
export const NAV: readonly { label: string; note?: string; pages: readonly Page[] }[] = [
  { label: 'Build', pages: ['agents', 'conversations'] },
  { label: 'Organization', note: 'individual tags', pages: ['overview', 'team', 'billing', 'usage', 'settings'] },
  { label: 'All in one', note: '<org-console>', pages: ['organization'] },
];

/** Pages made of OrgKit tags (the host's own pages are rendered by the host). */
export const isHostPage = (p: Page): p is 'agents' | 'conversations' => p === 'agents' || p === 'conversations';

export interface Route {
  page: Page;
  /** The console's tab (My Organization only; null: the console's default). */
  tab: ConsoleTab | null;
}

export const PAGE_TITLES: Record<Page, string> = Object.fromEntries(Object.entries(PAGES).map(([k, v]) => [k, v.title])) as Record<Page, string>;

const isPage = (v: string | undefined): v is Page => v !== undefined && Object.hasOwn(PAGES, v);

export function parseRoute(hash = location.hash): Route {
  const [, page, tab] = hash.replace(/^#/, '').split('/');
  if (!isPage(page)) return { page: 'overview', tab: null };
  const t = page === 'organization' ? (CONSOLE_TAB_IDS.find((id) => id === tab) ?? null) : null;
  return { page, tab: t };
}

export const href = (r: { page: Page; tab?: ConsoleTab | null }) => (r.page === 'organization' && r.tab ? `#/organization/${r.tab}` : `#/${r.page}`);

export function go(r: { page: Page; tab?: ConsoleTab | null }): void {
  location.hash = href(r);
}

export function onRoute(cb: (r: Route) => void): () => void {
  const listener = () => cb(parseRoute());
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** Wait a few frames for something a framework renders after a route change. */
async function whenPresent(id: string, frames = 30): Promise<HTMLElement | null> {
  for (let i = 0; i < frames; i += 1) {
    const el = document.getElementById(id);
    if (el && !el.closest('[hidden]')) return el;
    await new Promise((r) => requestAnimationFrame(r));
  }
  return null;
}

/**
 * The host's side of two element events:
 * - `orgkit-upgrade-request` (more seats, credits on Free, "Change plan"): show Billing with the plan picker in view.
 *   Inside <org-console> the console handles it itself (its Plans tab), so the host leaves those alone.
 * - `orgkit-tab-changed` (the console's tab, chosen by the user): the tab goes into the URL, so a reload keeps it.
 */
export function handleElementNavigation(): void {
  document.addEventListener('orgkit-upgrade-request', (e) => {
    if (e.composedPath().some((n) => n instanceof Element && n.localName === 'org-console')) return;
    e.preventDefault();
    go({ page: 'billing' });
    void whenPresent('plans').then((plans) => {
      plans?.scrollIntoView({ block: 'start' });
      plans?.focus({ preventScroll: true });
    });
  });
  document.addEventListener('orgkit-tab-changed', (e) => {
    const next = href({ page: 'organization', tab: e.detail.tab });
    if (location.hash !== next) location.hash = next;
  });
}
