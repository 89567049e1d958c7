/** @orgkit/mocks — the mock backend. `engine/` is the pure rules engine; HTTP handlers and scenarios build on it. */
export * from './engine/index.js';
