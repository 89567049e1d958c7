import { setupWorker } from 'msw/browser';
import type { SetupWorker } from 'msw/browser';
import type { BackendOptions } from './backend/backend.js';
import { MockBackend } from './backend/backend.js';
import { createHandlers } from './handlers/index.js';

export interface MockWorkerOptions extends BackendOptions {
  /** Where mockServiceWorker.js is served (default `/mockServiceWorker.js`). */
  serviceWorkerUrl?: string;
  /** Log every intercepted request (default: quiet). */
  verbose?: boolean;
  /** Keep state in localStorage (default) — it survives reloads; reset it through the control API. */
  persist?: boolean;
}

/**
 * Start the mock backend in the browser (demo, Storybook, browser tests): MSW's service worker answers the API
 * and the control API from the engine; state persists in localStorage unless `persist: false`.
 */
export async function startMockWorker(options: MockWorkerOptions = {}): Promise<{ worker: SetupWorker; backend: MockBackend }> {
  const backend = new MockBackend({
    storageKey: 'orgkit-mock',
    ...options,
    storage: options.persist === false ? null : (options.storage ?? globalThis.localStorage),
  });
  const worker = setupWorker(...createHandlers(backend));
  await worker.start({
    quiet: !options.verbose,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
  });
  return { worker, backend };
}

export { MockBackend };
