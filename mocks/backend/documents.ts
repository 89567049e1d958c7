import type { Invoice } from '@orgkit/contract';

/** BILL-1: the mock serves a real (small) PDF per invoice, and an HTML page to view it. */

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

function invoiceLines(inv: Invoice): string[] {
  const lines = [
    `Invoice ${inv.number}`,
    `Date: ${inv.createdAt.slice(0, 10)}    Status: ${inv.status}`,
    '',
  ];
  if (inv.billTo) {
    const b = inv.billTo;
    lines.push('Bill to:', b.name, b.address, `${b.postalCode} ${b.city}`, b.country, `Billing email: ${b.email}`);
    if (b.taxId) lines.push(`Tax ID: ${b.taxId}`);
    lines.push('');
  }
  for (const l of inv.lines) lines.push(`${l.description}  x${String(l.quantity)}  ${money(l.amount, inv.currency)}`);
  lines.push('', `Total: ${money(inv.amount, inv.currency)}`);
  return lines;
}

/** PDF strings: escape the delimiters, and keep to printable ASCII (the standard Helvetica encoding). */
function pdfText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A valid one-page PDF 1.4 with the invoice as text. */
export function invoicePdf(inv: Invoice): Uint8Array {
  const text = invoiceLines(inv)
    .map((line, i) => `BT /F1 ${i === 0 ? '16' : '11'} Tf 56 ${String(780 - i * 18)} Td (${pdfText(line)}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${String(text.length)} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${String(i + 1)} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The invoice as a page (every value escaped; served with a CSP that forbids scripts). */
export function invoiceHtml(inv: Invoice): string {
  const rows = inv.lines
    .map((l) => `<tr><td>${escapeHtml(l.description)}</td><td>${String(l.quantity)}</td><td>${escapeHtml(money(l.amount, inv.currency))}</td></tr>`)
    .join('');
  const billTo = inv.billTo
    ? `<p>${[inv.billTo.name, inv.billTo.address, `${inv.billTo.postalCode} ${inv.billTo.city}`, inv.billTo.country, inv.billTo.email, inv.billTo.taxId ?? '']
        .filter((x) => x !== '')
        .map(escapeHtml)
        .join('<br>')}</p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice ${escapeHtml(inv.number)}</title>
<style>body{font:14px system-ui,sans-serif;margin:40px;max-width:640px}table{width:100%;border-collapse:collapse}td,th{padding:6px;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>Invoice ${escapeHtml(inv.number)}</h1><p>${escapeHtml(inv.createdAt.slice(0, 10))} · ${escapeHtml(inv.status)}</p>${billTo}
<table><thead><tr><th>Item</th><th>Qty</th><th>Amount</th></tr></thead><tbody>${rows}</tbody></table>
<p><strong>Total ${escapeHtml(money(inv.amount, inv.currency))}</strong></p></body></html>`;
}
