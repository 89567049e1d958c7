import type { RouteDef } from '@orgkit/contract';
import { API_BASE, CONTROL_BASE, CONTROL_ROUTES, ROUTES } from '@orgkit/contract';
import { http } from 'msw';
import type { HttpHandler } from 'msw';
import { errorResponse } from './http.js';

const decodes = (segment: string): boolean => {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
};

/** The `:param` of the routes (of this method) whose template the path fits, at the segment that cannot be decoded. */
function badParam(method: string, base: string, routes: readonly RouteDef[], segments: string[]): string | null {
  const bad = segments.findIndex((s) => !decodes(s));
  for (const route of routes) {
    if (route.method !== method) continue;
    const template = `${base}${route.path}`.split('/');
    if (template.length !== segments.length) continue;
    if (!template.every((t, i) => t.startsWith(':') || t === segments[i])) continue;
    const t = template[bad];
    if (t?.startsWith(':')) return t.slice(1);
  }
  return null;
}

/**
 * A path with a malformed percent-escape (`%ZZ`, or bytes that are not UTF-8 such as `%C0%AF`) cannot be decoded
 * into parameters — MSW's matcher would throw, and the answer would be a 500. This handler runs first and answers
 * 400 validation_failed naming the parameter instead; every other request falls through (no capture groups here,
 * so nothing is decoded on the way).
 */
export function malformedPathHandler(): HttpHandler {
  const api = Object.values(ROUTES) as RouteDef[];
  const control = Object.values(CONTROL_ROUTES) as RouteDef[];
  return http.all(/\/(?:api\/orgkit\/v1|__orgkit)\//, ({ request }) => {
    const path = new URL(request.url).pathname;
    if (decodes(path)) return undefined;
    const segments = path.split('/');
    const param = badParam(request.method, API_BASE, api, segments) ?? badParam(request.method, CONTROL_BASE, control, segments) ?? 'path';
    return errorResponse({ code: 'validation_failed', message: `${param} is not a valid URL segment (a malformed %-escape).`, param });
  });
}
