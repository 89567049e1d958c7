/**
 * @orgkit/mocks — the mock backend. `engine/` is the pure rules engine; `handlers/` translate HTTP to it (MSW);
 * `browser.ts` runs them in a service worker, `server.ts` as a Node HTTP server; `fixtures/` are named scenarios.
 */
export * from './engine/index.js';
export { MockBackend, OffsetClock, TOKEN_PREFIX, SESSION_COOKIE, tokenFor } from './backend/backend.js';
export type { BackendOptions, StorageLike } from './backend/backend.js';
export { createHandlers } from './handlers/index.js';
