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

/** The event startMockWorker dispatches on `window` when saved state could not be used and was reset. */
export const MOCK_RESET_EVENT = 'orgkit-mock-reset';

export interface StartedMockWorker {
  worker: SetupWorker;
  backend: MockBackend;
  /**
   * Why the saved state was discarded (corrupted, truncated, from another app or version), or null when it was
   * restored or there was none. Show it to the user: the demo puts it in its notice area. It is also logged as a
   * console warning, dispatched as a `orgkit-mock-reset` event (detail: { notice }) and served by GET /__orgkit/state.
   */
  notice: string | null;
}

/**
 * Start the mock backend in the browser (demo, Storybook, browser tests): MSW's service worker answers the API
 * and the control API from the engine; state persists in localStorage unless `persist: false`.
 */
export async function startMockWorker(options: MockWorkerOptions = {}): Promise<StartedMockWorker> {
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
  const notice = backend.notice;
  if (notice !== null) {
    console.warn(`[orgkit mock] ${notice}`);
    globalThis.dispatchEvent?.(new CustomEvent(MOCK_RESET_EVENT, { detail: { notice } }));
  }
  return { worker, backend, notice };
}

export { MockBackend };
