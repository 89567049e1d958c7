/**
 * The plain-HTML host (index.html): Acme AI's dashboard with OrgKit's tags written into its markup. This script
 * starts the mock backend, gives <org-provider> the host's client (a property — its token follows whoever the demo
 * acts as), registers the tags, listens to their events (toasts), and adds the demo's tooling: the control drawer
 * and the embed snippet panel.
 */
import type { OrgConsole } from '@orgkit/elements';
import { h } from './dom.js';
import { mountDrawer } from './host/drawer.js';
import { renderHostPage } from './host/pages.js';
import type { Route } from './host/route.js';
import { handleElementNavigation, isHostPage, onRoute, PAGES, parseRoute } from './host/route.js';
import type { ProviderElement } from './host/session.js';
import { connectHost, DemoSession, faultText, initials } from './host/session.js';
import { mountSnippetPanel } from './host/snippet.js';
import { mountToasts } from './host/toast.js';

const session = new DemoSession();
const provider = document.querySelector<ProviderElement>('org-provider');
const $ = (id: string) => document.getElementById(id);

// — routes: one section per page; the console's tab follows the URL —
function showRoute(r: Route) {
  for (const page of document.querySelectorAll<HTMLElement>('#content > [data-page]')) page.hidden = page.dataset.page !== r.page;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('.nav a[data-page]')) {
    if (a.dataset.page === r.page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const title = $('page-title');
  if (title) title.textContent = PAGES[r.page].title;
  document.title = `Acme AI — ${PAGES[r.page].title} (OrgKit demo, plain HTML)`;
  const console_ = document.querySelector<OrgConsole>('org-console');
  if (console_ && r.page === 'organization' && r.tab && console_.tab !== r.tab) console_.tab = r.tab;
  if (isHostPage(r.page)) void renderPage(r.page);
}

async function renderPage(page: 'agents' | 'conversations') {
  const root = document.querySelector<HTMLElement>(`#content > [data-page="${page}"]`);
  if (root && session.orgId) await renderHostPage(root, page, session);
}

// — the signed-in person and the organization, from the demo session —
function renderHeader() {
  const p = session.person;
  const m = session.membership;
  $('who')?.replaceChildren(
    ...(p
      ? [h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(p.name)),
        h('span', {}, h('strong', { 'data-test': 'who-name' }, p.name), h('small', { 'data-test': 'who-org' }, `${m ? cap(m.role) : cap(p.role)} · ${m?.name ?? '—'}`))]
      : [h('span', { class: 'hint' }, 'Nobody signed in')]),
  );
  const orgName = $('org-name');
  if (orgName) orgName.textContent = m?.name ?? 'Acme AI';
  const badge = $('fault-badge');
  if (badge) {
    const text = faultText(session.state.faults);
    badge.hidden = !text;
    badge.textContent = text;
  }
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

async function main() {
  await session.start();
  if (provider) {
    // Before the tags upgrade: the provider starts with the host's client (Lit keeps a property set before upgrade).
    provider.client = session.client;
    if (session.orgId) provider.setAttribute('org', session.orgId);
  }
  const first = parseRoute();
  const console_ = document.querySelector<OrgConsole>('org-console');
  if (console_ && first.tab) console_.setAttribute('tab', first.tab);
  // The mock had to be running before the elements' first request; a host with a real backend imports this statically.
  await import('@orgkit/elements/define');
  connectHost(session, { flavor: 'html', provider: () => provider, selectOrg: (orgId) => provider?.setAttribute('org', orgId) });
  handleElementNavigation();
  mountToasts(document, $('toasts') ?? document.body.appendChild(document.createElement('div')));
  mountDrawer($('drawer-root') ?? document.body.appendChild(document.createElement('aside')), session);
  mountSnippetPanel(document.body, () => document.querySelector('.main'), 'html');
  session.addEventListener('change', renderHeader);
  session.addEventListener('acted', () => {
    const r = parseRoute();
    if (isHostPage(r.page)) void renderPage(r.page);
  });
  renderHeader();
  onRoute(showRoute);
  showRoute(first);
  document.body.dataset.ready = 'true';
}

void main();
