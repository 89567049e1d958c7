import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invoicePath } from '@orgkit/contract';
import type { Reply, Who } from './harness.js';
import { assertError, Harness } from './harness.js';

/** BILL-1 / BILL-2 / BILL-3: each invoice as a PDF download and as an HTML page, for whoever may read invoices. */

interface InvoiceRow {
  id: string;
  number: string;
  status: string;
  pdfUrl: string;
  viewUrl: string;
  billTo: { name: string } | null;
}

async function invoices(h: Harness, who: string): Promise<InvoiceRow[]> {
  return (await h.ok<{ invoices: InvoiceRow[] }>('invoices.list', who)).invoices;
}

const EVIL = '<script>alert("x")</script> & Co \'AG\'';

/** Put markup in the billing name, then buy a package: the new invoice bills to it (BILL-2). */
async function evilInvoice(h: Harness, owner: string): Promise<InvoiceRow> {
  const r = await h.call('org.updateBillingIdentity', owner, {
    body: { email: 'ap@acme-ai.test', name: EVIL, country: 'CH', address: 'Weg <1>', postalCode: '8000', city: 'Zürich', taxId: null },
  });
  assert.equal(r.status, 200, r.text);
  const bought = await h.ok<{ invoiceId: string }>('package.purchase', owner, { body: { packageId: 'pkg_1000' } });
  const inv = (await invoices(h, owner)).find((i) => i.id === bought.invoiceId);
  assert.ok(inv);
  assert.equal(inv.billTo?.name, EVIL);
  return inv;
}

const pdf = (h: Harness, who: Who, id: string): Promise<Reply> => h.fetch('GET', invoicePath(h.orgId, id, 'pdf'), who);
const view = (h: Harness, who: Who, id: string): Promise<Reply> => h.fetch('GET', invoicePath(h.orgId, id, 'view'), who);

describe('invoice documents', () => {
  test('BILL-1 the PDF is a PDF download named after the invoice number', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    const [inv] = await invoices(h, o);
    assert.ok(inv);
    assert.equal(inv.pdfUrl, invoicePath(h.orgId, inv.id, 'pdf'), 'the list links the document route');
    const r = await h.fetch('GET', inv.pdfUrl, o);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/pdf/);
    assert.match(r.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="${inv.number}\\.pdf"`));
    const bytes = new Uint8Array(await r.response.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
    assert.match(new TextDecoder().decode(bytes), /%%EOF\s*$/);
    assert.match(new TextDecoder().decode(bytes), new RegExp(inv.number));
  });

  test('BILL-1 BILL-2 the view page escapes every value and forbids scripts with a CSP', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    const inv = await evilInvoice(h, o);
    assert.equal(inv.viewUrl, invoicePath(h.orgId, inv.id, 'view'));
    const r = await h.fetch('GET', inv.viewUrl, o);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|unsafe-eval/);
    const html = r.text;
    assert.ok(!html.includes('<script'), 'no markup from data reaches the page');
    assert.ok(!html.includes('<1>'));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co &#39;AG&#39;'), 'the name is shown escaped');
    assert.ok(html.includes('Weg &lt;1&gt;'));
    assert.ok(html.includes(inv.number));
  });

  test('BILL-2 the PDF keeps to its own syntax with the same billing name', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    const inv = await evilInvoice(h, o);
    const r = await pdf(h, o, inv.id);
    assert.equal(r.status, 200);
    assert.ok(r.text.startsWith('%PDF'));
    assert.ok(r.text.includes('<script>alert\\("x"\\)</script>'), 'parentheses are escaped inside PDF strings');
  });

  test('BILL-3 a builder gets 403 forbidden for the PDF and the page', async () => {
    const h = Harness.create();
    const [inv] = await invoices(h, h.user('olivia'));
    assert.ok(inv);
    const before = h.snapshot();
    assertError(await pdf(h, h.user('bea'), inv.id), 'forbidden', { meta: { capability: 'invoices.read' } });
    assertError(await view(h, h.user('bea'), inv.id), 'forbidden', { meta: { capability: 'invoices.read' } });
    assert.equal(h.snapshot(), before);
  });

  test('BILL-3 BR-2 an admin and the billing-role holder who is a plain member may read them', async () => {
    const h = Harness.create('pending-downgrade');
    const o = h.user('olivia');
    const marco = h.user('marco');
    const [inv] = await invoices(h, o);
    assert.ok(inv);
    assertError(await pdf(h, marco, inv.id), 'forbidden');
    const t = await h.ok<{ id: string }>('billingTransfer.start', o, { body: { toUserId: marco } });
    await h.ok('billingTransfer.accept', marco, { params: { transferId: t.id } });
    for (const who of [h.user('adrian'), marco]) {
      assert.equal((await pdf(h, who, inv.id)).status, 200);
      assert.equal((await view(h, who, inv.id)).status, 200);
    }
  });

  test('POL-BILLING-OWNER-ONLY an admin gets 403 for invoice documents', async () => {
    const h = Harness.create('standard-team', { policy: { billingOwnerOnly: true } });
    const [inv] = await invoices(h, h.user('olivia'));
    assert.ok(inv);
    assertError(await pdf(h, h.user('adrian'), inv.id), 'forbidden');
    assertError(await view(h, h.user('adrian'), inv.id), 'forbidden');
  });

  test('ROLE-7 a deactivated member gets org_access_blocked; strangers 404; no identity 401; an unknown invoice 404', async () => {
    const h = Harness.create('pending-downgrade');
    const o = h.user('olivia');
    const [inv] = await invoices(h, o);
    assert.ok(inv);
    await h.toPeriodEnd();
    assertError(await pdf(h, h.user('marco'), inv.id), 'org_access_blocked');
    assertError(await view(h, h.user('marco'), inv.id), 'org_access_blocked');
    await h.anonymous();
    assertError(await pdf(h, null, inv.id), 'unauthenticated');
    assertError(await view(h, { token: 'forged' }, inv.id), 'unauthenticated');
    const stranger = (await h.ok<{ userId: string }>('account.signUp', null, { body: { email: 's@elsewhere.test', name: 'S', orgName: 'S Co' } })).userId;
    assertError(await pdf(h, stranger, inv.id), 'org_not_found');
    assertError(await pdf(h, o, 'in_nope'), 'not_found', { param: 'invoiceId' });
    assertError(await view(h, o, 'in_nope'), 'not_found', { param: 'invoiceId' });
  });
});

describe('the PDF download header', () => {
  test('a filename with quotes, separators, line breaks or lone surrogates cannot break Content-Disposition', async () => {
    const { contentDisposition } = await import('../../handlers/api.js');
    for (const name of ['INV-1.pdf', 'a"b;c\\d.pdf', 'line\r\nSet-Cookie: x=1.pdf', 'Zürich \uD800.pdf', '<script>.pdf']) {
      const value = contentDisposition(name);
      assert.doesNotThrow(() => new Headers({ 'Content-Disposition': value }), name);
      assert.match(value, /^attachment; filename="[\x20-\x21\x23-\x3a\x3c-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/);
    }
    assert.equal(contentDisposition('Zürich.pdf'), `attachment; filename="Z_rich.pdf"; filename*=UTF-8''Z%C3%BCrich.pdf`);
  });
});
