/** Every OrgKit resource lives under one base path; organization-scoped routes carry the organization id. */
export const API_BASE = '/api/orgkit/v1';

const seg = (s: string) => encodeURIComponent(s);

/** BILL-1: an invoice's PDF download and its view page, relative to the API's origin. */
export function invoicePath(orgId: string, invoiceId: string, kind: 'pdf' | 'view'): string {
  return `${API_BASE}/orgs/${seg(orgId)}/invoices/${seg(invoiceId)}/${kind}`;
}
