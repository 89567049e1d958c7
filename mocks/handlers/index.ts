import type { HttpHandler } from 'msw';
import type { MockBackend } from '../backend/backend.js';
import { apiHandlers } from './api.js';
import { controlHandlers, notFoundHandler } from './control.js';
import { malformedPathHandler } from './guard.js';

/** Every handler of the mock: a guard for undecodable paths, the API (one per contract route), the control API, then a 404 for the rest. */
export function createHandlers(backend: MockBackend): HttpHandler[] {
  return [malformedPathHandler(), ...controlHandlers(backend), ...apiHandlers(backend), notFoundHandler()];
}

export { apiHandlers, controlHandlers };
