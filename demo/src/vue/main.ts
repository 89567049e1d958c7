/**
 * The Vue 3 host (vue.html): the same Acme AI dashboard as index.html, rendered by Vue. The demo tooling
 * (control drawer, snippet panel) is the same plain-DOM code as in the other hosts, mounted beside the Vue app.
 */
import { createApp, markRaw } from 'vue';
import { mountDrawer } from '../host/drawer.js';
import { handleElementNavigation } from '../host/route.js';
import { connectHost, DemoSession } from '../host/session.js';
import { mountSnippetPanel } from '../host/snippet.js';
import type { VueHostApi } from './api.js';
import App from './App.vue';

async function main() {
  // Kept out of Vue's reactivity (an EventTarget with a client inside); the app re-reads it on its events.
  const session = markRaw(new DemoSession());
  await session.start();
  await import('@orgkit/elements/define');
  const drawerRoot = document.getElementById('drawer-root') ?? document.body.appendChild(document.createElement('aside'));
  const drawer = mountDrawer(drawerRoot, session);
  const api: VueHostApi = markRaw({
    provider: null,
    selectOrg: () => undefined,
    ready: () => {
      drawer.sync();
      document.body.dataset.ready = 'true';
    },
  });
  connectHost(session, { flavor: 'vue', provider: () => api.provider, selectOrg: (orgId) => api.selectOrg(orgId) });
  handleElementNavigation();
  mountSnippetPanel(document.body, () => document.querySelector('.main'), 'vue');
  createApp(App, { session, api }).mount('#app');
}

void main();
