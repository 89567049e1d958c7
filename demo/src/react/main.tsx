/**
 * The React 19 host (react.html): the same Acme AI dashboard as index.html, rendered by React. The demo tooling
 * (control drawer, snippet panel) is the same plain-DOM code as in the other hosts, mounted beside the React root.
 */
import { createRoot } from 'react-dom/client';
import { mountDrawer } from '../host/drawer.js';
import { handleElementNavigation } from '../host/route.js';
import { connectHost, DemoSession } from '../host/session.js';
import { mountSnippetPanel } from '../host/snippet.js';
import type { ReactHostApi } from './App.js';
import { App } from './App.js';

async function main() {
  const session = new DemoSession();
  await session.start();
  // Registered before React renders, so React 19 finds the `client` property on <org-provider> and sets it as one.
  await import('@orgkit/elements/define');
  const api: ReactHostApi = { provider: null, selectOrg: () => undefined };
  connectHost(session, { flavor: 'react', provider: () => api.provider, selectOrg: (orgId) => api.selectOrg(orgId) });
  handleElementNavigation();
  const drawer = mountDrawer(document.getElementById('drawer-root') ?? document.body.appendChild(document.createElement('aside')), session);
  mountSnippetPanel(document.body, () => document.querySelector('.main'), 'react');
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <App
      session={session}
      api={api}
      onReady={() => {
        drawer.sync();
        document.body.dataset.ready = 'true';
      }}
    />,
  );
}

void main();
