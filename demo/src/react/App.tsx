/**
 * Acme AI's dashboard as a React 19 app: the same pages as index.html, with OrgKit's tags rendered as JSX.
 * Property binding: `client={session.client}` (React 19 sets a property when the custom element has one).
 * Event binding: `onorgkit-org-changed={…}`, `onorgkit-plan-changed={…}` … (React 19 adds a listener for an `on…`
 * prop of a custom element) — the organization is React state, shown in the header and bound back as `org={orgId}`;
 * the other events become toasts rendered by React.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import type { OrgKitEventDetails } from '@orgkit/elements';
import { renderHostPage } from '../host/pages.js';
import type { Page, Route } from '../host/route.js';
import { href, isHostPage, NAV, onRoute, PAGES, parseRoute } from '../host/route.js';
import type { DemoSession, ProviderElement } from '../host/session.js';
import { faultText, initials } from '../host/session.js';
import type { Toast, ToastEvent } from '../host/toast.js';
import { makeToast, TOAST_MS } from '../host/toast.js';
import './orgkit-jsx.js';

/** What the demo tooling (mounted outside React) calls back into. */
export interface ReactHostApi {
  provider: ProviderElement | null;
  selectOrg: (orgId: string) => void;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Acme AI's own pages (Agents, Conversations): plain DOM code shared by the three hosts. */
function HostPage({ page, session, orgId, tick }: { page: 'agents' | 'conversations'; session: DemoSession; orgId: string | null; tick: number }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (ref.current && orgId) void renderHostPage(ref.current, page, session);
  }, [page, session, orgId, tick]);
  return <section ref={ref} data-page={page} aria-labelledby="page-title" />;
}

/** The pages made of OrgKit's tags (only the page on screen is rendered: the tags load when it opens). */
function OrgPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return (
        <div className="panel split">
          <usage-meters plans-href="#/billing" stats-href="#/usage"></usage-meters>
          <div className="embed"><credit-balance></credit-balance></div>
        </div>
      );
    case 'team':
      return <div className="embed"><org-members></org-members></div>;
    case 'billing':
      return (
        <div className="panel">
          <div className="embed" id="plans" tabIndex={-1}><plan-picker></plan-picker></div>
          <div className="embed"><credit-balance></credit-balance></div>
          <div className="embed"><invoice-list billing-settings-href="#/settings"></invoice-list></div>
        </div>
      );
    case 'usage':
      return (
        <div className="panel">
          <div className="embed"><usage-chart></usage-chart></div>
          <div className="embed"><spend-caps></spend-caps></div>
        </div>
      );
    case 'settings':
      return (
        <div className="panel">
          <org-settings>
            <residency-select slot="server-location"></residency-select>
          </org-settings>
        </div>
      );
    default:
      // The console's tab is React state from the URL: `tab` is set as an attribute, the console reflects it.
      return <div className="embed"><org-console chat-href="#/conversations" tab={route.tab ?? undefined}></org-console></div>;
  }
}

export function App({ session, api, onReady }: { session: DemoSession; api: ReactHostApi; onReady?: () => void }) {
  const [route, setRoute] = useState<Route>(parseRoute);
  const [orgId, setOrgId] = useState<string | null>(session.orgId);
  const [lastEvent, setLastEvent] = useState<string>('');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [tick, bump] = useReducer((n: number) => n + 1, 0);

  useEffect(() => onRoute(setRoute), []);
  useEffect(() => {
    session.addEventListener('change', bump);
    session.addEventListener('acted', bump);
    return () => {
      session.removeEventListener('change', bump);
      session.removeEventListener('acted', bump);
    };
  }, [session]);
  useEffect(() => {
    api.selectOrg = setOrgId;
    onReady?.();
    // Once, after the first render.
  }, []);
  useEffect(() => {
    document.title = `Acme AI — ${PAGES[route.page].title} (OrgKit demo, React 19)`;
  }, [route.page]);

  const onOrgChanged = (e: CustomEvent<OrgKitEventDetails['orgkit-org-changed']>) => {
    setOrgId(e.detail.orgId);
    setLastEvent(`orgkit-org-changed → ${e.detail.orgId}`);
  };
  const dismiss = (id: number) => setToasts((list) => list.filter((t) => t.id !== id));
  const toast = <K extends ToastEvent>(e: CustomEvent<OrgKitEventDetails[K]>) => {
    const t = makeToast(e);
    setToasts((list) => [...list, t]);
    setLastEvent(t.event);
    setTimeout(() => dismiss(t.id), TOAST_MS);
  };

  const person = session.person;
  const membership = session.memberships.find((m) => m.orgId === orgId) ?? null;
  const faults = faultText(session.state.faults);
  const navLink = (p: Page) => (
    <li key={p}>
      <a href={href({ page: p })} data-page={p} aria-current={route.page === p ? 'page' : undefined}>
        <span className="ico" aria-hidden="true">{PAGES[p].icon}</span>{PAGES[p].title}
      </a>
    </li>
  );

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Acme AI">
        <a className="brand" href="#/overview">
          <svg width="26" height="26" viewBox="0 0 26 26" aria-hidden="true"><rect width="26" height="26" rx="7" fill="#5b4bdb" /><path d="M7 18l6-11 6 11M9.5 14h7" stroke="#fff" strokeWidth="2.2" fill="none" strokeLinecap="round" strokeLinejoin="round" /></svg>
          Acme AI
        </a>
        {NAV.map((group) => [
          <p key={`${group.label}-label`} className="nav-label">{group.label}{group.note ? <> <span className="nav-note">{group.note}</span></> : null}</p>,
          <ul key={`${group.label}-list`} className="nav">{group.pages.map(navLink)}</ul>,
        ])}
        <p className="sidebar-foot">
          OrgKit demo · hosted by <strong>React 19</strong><br />Same page in <a href="index.html">plain HTML</a> · <a href="vue.html">Vue 3</a>
          {lastEvent ? <><br /><span data-test="react-last-event">React saw {lastEvent}</span></> : null}
        </p>
      </nav>

      <div className="main">
        {/* One provider around the product. `client` is a property (an object), `checkout` and `org` attributes. */}
        <org-provider
          ref={(el) => {
            api.provider = el as ProviderElement | null;
          }}
          client={session.client}
          checkout="simulated"
          org={orgId ?? undefined}
          onorgkit-org-changed={onOrgChanged}
          onorgkit-plan-changed={toast}
          onorgkit-plan-change-scheduled={toast}
          onorgkit-credits-purchased={toast}
          onorgkit-invite-sent={toast}
          onorgkit-member-removed={toast}
          onorgkit-settings-saved={toast}
        >
          <header className="topbar">
            <div className="title">
              <div className="crumb">{membership?.name ?? 'Acme AI'}</div>
              <h1 id="page-title">{PAGES[route.page].title}</h1>
            </div>
            <div className="topbar-actions">
              <org-switcher></org-switcher>
              {faults ? <span className="pill danger fault-badge">{faults}</span> : null}
              <button type="button" className="tool" data-snippet-open>Embed snippet</button>
              <button type="button" className="tool" data-drawer-toggle aria-controls="demo-drawer">Demo controls</button>
              <div className="who" aria-live="polite">
                {person ? (
                  <>
                    <span className="avatar" aria-hidden="true">{initials(person.name)}</span>
                    <span>
                      <strong data-test="who-name">{person.name}</strong>
                      <small data-test="who-org">{membership ? cap(membership.role) : cap(person.role)} · {membership?.name ?? '—'}</small>
                    </span>
                  </>
                ) : <span className="hint">Nobody signed in</span>}
              </div>
            </div>
          </header>

          <main className="content" id="content">
            {isHostPage(route.page) ? (
              <HostPage key={route.page} page={route.page} session={session} orgId={orgId} tick={tick} />
            ) : (
              <section key={route.page} data-page={route.page} aria-labelledby="page-title">
                <p className="lead">{PAGES[route.page].lead}</p>
                <OrgPage route={route} />
              </section>
            )}
          </main>
        </org-provider>
      </div>

      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className="toast" data-test="toast">
            <span>{t.text}</span><code>{t.event}</code>
            <button type="button" className="icon" aria-label="Dismiss" onClick={() => dismiss(t.id)}>✕</button>
          </div>
        ))}
      </div>
    </div>
  );
}
