import type { Decorator, Preview } from '@storybook/web-components';
import { setCustomElementsManifest } from '@storybook/web-components';
import manifest from 'virtual:orgkit/custom-elements';
import '@orgkit/elements/define';
import { html } from 'lit';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { dispatcher } from '../support/mock.js';
import { orgkitCleanup, orgkitLoader, orgkitSettle } from '../support/orgkit.js';

// Autodocs and controls come from the elements' JSDoc (the manifest .storybook/manifest.mjs generates at build time).
setCustomElementsManifest(manifest);

/**
 * MSW with one permanent handler (the dispatcher): each story's requests go to that story's own mock backend, also
 * when a docs page shows many stories at once (support/mock.ts). The worker script comes from demo/public.
 */
async function startWorker() {
  const worker = setupWorker(dispatcher);
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: './mockServiceWorker.js' } });
  return worker;
}

/** The toolbar's theme and locale: a wrapper with `lang` (the elements read the nearest one) and the brand's tokens. */
const stage: Decorator = (story, ctx) => {
  const theme = String(ctx.globals.theme ?? 'light');
  const locale = String(ctx.globals.locale ?? 'en');
  return html`<div class="orgkit-stage" data-theme=${theme} data-view=${ctx.viewMode} lang=${locale}>${story()}</div>`;
};

const preview: Preview = {
  loaders: [mswLoader(startWorker), orgkitLoader],
  beforeEach: [orgkitCleanup],
  // Before the accessibility addon's check (project afterEach hooks run before the addons'): wait until loaded.
  afterEach: [orgkitSettle],
  decorators: [stage],
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'OrgKit theme (the elements’ `theme` attribute; “Brand” sets example --orgkit-* tokens)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        dynamicTitle: true,
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'brand', title: 'Brand (example)', icon: 'heart' },
        ],
      },
    },
    locale: {
      description: 'Language of the elements (`lang` on a wrapper)',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        dynamicTitle: true,
        items: [
          { value: 'en', title: 'English', right: 'en' },
          { value: 'de', title: 'Deutsch', right: 'de' },
        ],
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
    a11y: { test: 'error' },
    docs: { toc: true },
    options: {
      storySort: {
        order: ['Docs', ['Introduction', 'Install', 'Embed', 'Connect a backend', 'Theming', 'Events', 'Localisation'], 'Elements'],
      },
    },
  },
};

export default preview;
