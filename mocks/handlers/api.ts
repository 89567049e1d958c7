import type { RouteDef, RouteName } from '@orgkit/contract';
import { API_BASE, ROUTES } from '@orgkit/contract';
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { MockBackend } from '../backend/backend.js';
import { invoiceHtml, invoicePdf } from '../backend/documents.js';
import type { CommandName, QueryName } from '../engine/index.js';
import { COMMANDS, QUERIES } from '../engine/index.js';
import { callerOf, checkedJson, injectedFault, routeInput, toErrorResponse } from './http.js';

const METHOD = { GET: http.get, POST: http.post, PUT: http.put, PATCH: http.patch, DELETE: http.delete } as const;

/** `*` matches any origin: the client may call the API on another host than the page. */
export const apiUrl = (path: string) => `*${API_BASE}${path}`;

let requestSeq = 0;

/**
 * One handler per route of the contract: parse the request with the contract, run the engine operation of the
 * same name, answer its result or its DomainError through the one code → status table. No rule lives here.
 */
function routeHandler(backend: MockBackend, name: RouteName, route: RouteDef): HttpHandler {
  return METHOD[route.method](apiUrl(route.path), async ({ request, params, cookies }) => {
    const fault = await injectedFault(backend);
    if (fault) return fault;
    const requestId = `req_${(requestSeq += 1).toString(36)}`;
    try {
      const actor = callerOf(backend, request, cookies);
      const input = await routeInput(route, request, params);
      const headers: Record<string, string> = { 'X-Request-Id': requestId };
      let result: unknown;
      if (name in COMMANDS) {
        const key = request.headers.get('Idempotency-Key') ?? undefined;
        const run = backend.execute.bind(backend) as (a: typeof actor, n: CommandName, i: unknown, key?: string) => { result: unknown; replayed: boolean };
        const out = run(actor, name as CommandName, input, key);
        if (out.replayed) headers['Idempotent-Replayed'] = 'true';
        result = out.result;
        backend.save();
      } else if (name in QUERIES) {
        const query = backend.engine.query.bind(backend.engine) as (a: typeof actor, n: QueryName, i: unknown) => unknown;
        result = query(actor, name as QueryName, input);
      } else {
        throw new Error(`route ${name} has no engine operation`);
      }
      return checkedJson(backend, route, name, result, { status: route.status ?? 200, headers });
    } catch (e) {
      const res = toErrorResponse(e);
      res.headers.set('X-Request-Id', requestId);
      return res;
    }
  });
}

/** BILL-1: the invoice as a PDF download and as a page, for whoever may read invoices. */
/**
 * `attachment` with a filename that cannot break the header: an ASCII fallback (quotes, backslashes, separators and
 * control characters replaced) plus the exact name in RFC 5987 `filename*` (UTF-8, percent-encoded).
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\;]/g, '_');
  const exact = encodeURIComponent(name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

function documentHandlers(backend: MockBackend): HttpHandler[] {
  const invoice = (request: Request, params: Record<string, string | readonly string[] | undefined>, cookies: Record<string, string>) =>
    backend.engine.query(callerOf(backend, request, cookies), 'invoice.get', { orgId: String(params.orgId), invoiceId: String(params.invoiceId) });
  return [
    http.get(apiUrl('/orgs/:orgId/invoices/:invoiceId/pdf'), async ({ request, params, cookies }) => {
      const fault = await injectedFault(backend);
      if (fault) return fault;
      try {
        const inv = invoice(request, params, cookies);
        return new HttpResponse(invoicePdf(inv), {
          headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(`${inv.number}.pdf`) },
        });
      } catch (e) {
        return toErrorResponse(e);
      }
    }),
    http.get(apiUrl('/orgs/:orgId/invoices/:invoiceId/view'), async ({ request, params, cookies }) => {
      const fault = await injectedFault(backend);
      if (fault) return fault;
      try {
        return HttpResponse.html(invoiceHtml(invoice(request, params, cookies)), {
          headers: { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" },
        });
      } catch (e) {
        return toErrorResponse(e);
      }
    }),
  ];
}

export function apiHandlers(backend: MockBackend): HttpHandler[] {
  // Fixed paths before parameterised ones that could swallow them (e.g. /invoices/:id/pdf before nothing else).
  return [...documentHandlers(backend), ...(Object.entries(ROUTES) as [RouteName, RouteDef][]).map(([name, route]) => routeHandler(backend, name, route))];
}
