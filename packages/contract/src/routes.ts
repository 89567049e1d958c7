/** Every OrgKit resource lives under one base path; organization-scoped routes carry the organization id. */
export const API_BASE = '/api/orgkit/v1';

/** The mock control API's base (test only; see control.ts). */
export const CONTROL_BASE = '/__orgkit';

const seg = (s: string) => encodeURIComponent(s);

/** BILL-1: an invoice's PDF download and its view page, relative to the API's origin. */
export function invoicePath(orgId: string, invoiceId: string, kind: 'pdf' | 'view'): string {
  return `${API_BASE}/orgs/${seg(orgId)}/invoices/${seg(invoiceId)}/${kind}`;
}

/** The `:param` names of a path template. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '');
}

/** Fill a path template. Values are URL-encoded; a missing one is an error (never a silent "undefined"). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined || v === '') throw new TypeError(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(v);
  });
}
