import { css } from 'lit';

/** <invoice-list>'s own styles, on top of the shared tokens and classes. */
export const invoiceStyles = css`
  :host {
    --_max-height: var(--orgkit-invoices-max-height, 560px);
  }
  .head { display: flex; gap: var(--_space); align-items: baseline; justify-content: space-between; flex-wrap: wrap; margin-bottom: calc(var(--_space) * 1.5); }
  .head h2 { margin: 0; }
  .head .count { color: var(--_muted); font-size: 0.92em; }
  .block { margin-bottom: calc(var(--_space) * 2); }
  .notice p { margin: 0; }
  .notice p + p, .notice p + .row { margin-top: 6px; }
  .status:empty { display: none; }
  .status { margin-bottom: calc(var(--_space) * 1.5); }

  /* — billing identity (BILL-2, ORG-5) — */
  .identity { border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2); }
  .identity h3 { margin: 0 0 var(--_space); font-size: 1em; }
  .identity-body { display: flex; flex-wrap: wrap; gap: var(--_space) calc(var(--_space) * 4); }
  .identity .note { margin: var(--_space) 0 0; }
  .identity a { color: var(--_accent); }
  .postal { font-style: normal; line-height: 1.5; }
  .postal .name { font-weight: 600; }
  dl.facts { display: grid; grid-template-columns: auto 1fr; gap: 2px calc(var(--_space) * 1.5); margin: 0; align-content: start; }
  dl.facts dt { color: var(--_muted); }
  dl.facts dd { margin: 0; overflow-wrap: anywhere; }

  /* — the table — */
  .viewport {
    max-height: var(--_max-height); overflow: auto; border: 1px solid var(--_border); border-radius: var(--_radius);
    background: var(--_bg); overscroll-behavior: contain;
  }
  table.invoices { min-width: 640px; }
  table.invoices > thead th {
    position: sticky; top: 0; z-index: 1; background: var(--_surface); white-space: nowrap; padding: 10px 8px;
  }
  table.invoices > tbody > tr.invoice > :is(th, td) { padding: 6px 8px; white-space: nowrap; }
  table.invoices > tbody:last-of-type > tr:last-child > :is(th, td) { border-bottom: 0; }
  table.invoices > tbody > tr.invoice > th { font-weight: 500; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  th.num { text-align: right; }
  .disclosure {
    display: inline-flex; gap: 6px; align-items: center; border: 0; background: none; padding: 2px 4px; margin-left: -4px;
    font-weight: 600; min-height: 28px; font-variant-numeric: tabular-nums;
  }
  .disclosure .chevron { display: inline-block; width: 0.9em; color: var(--_muted); transition: transform 0.15s; }
  .disclosure[aria-expanded='true'] .chevron { transform: rotate(90deg); }
  @media (prefers-reduced-motion: reduce) { .disclosure .chevron { transition: none; } }
  .actions { text-align: right; }
  .actions .row { justify-content: flex-end; flex-wrap: nowrap; gap: 6px; }
  .actions button { padding: 4px 10px; min-height: 30px; }
  tr.invoice.open > :is(th, td) { background: color-mix(in srgb, var(--_warn) 6%, transparent); }
  tr.details > td { background: var(--_surface); padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2) calc(var(--_space) * 2); }
  .details-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(180px, 1fr); gap: calc(var(--_space) * 3); }
  @media (max-width: 640px) { .details-grid { grid-template-columns: minmax(0, 1fr); } }
  .details-grid h3 { font-size: 0.92em; color: var(--_muted); font-weight: 500; margin: 0 0 6px; }
  table.lines { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); border-collapse: separate; border-spacing: 0; }
  table.lines :is(th, td) { padding: 6px 8px; }
  table.lines tbody tr:last-child td { border-bottom: 1px solid var(--_border); }
  table.lines tfoot td, table.lines tfoot th { border-bottom: 0; font-weight: 600; color: var(--_text); }
  table.lines td.desc { white-space: normal; overflow-wrap: anywhere; }

  .footer { display: flex; gap: calc(var(--_space) * 1.5); align-items: center; justify-content: space-between; flex-wrap: wrap; margin-top: calc(var(--_space) * 1.5); }
  .footer .muted { font-size: 0.92em; }
  .more-error { margin-top: var(--_space); }

  /* — dialogs — */
  dialog.view { width: min(860px, calc(100vw - 32px)); }
  dialog h2 { margin-bottom: var(--_space); }
  .frame-wrap { position: relative; margin-top: var(--_space); }
  iframe {
    display: block; width: 100%; height: min(62vh, 760px); border: 1px solid var(--_border); border-radius: var(--_radius);
    background: #ffffff; color-scheme: light;
  }
  .dialog-error:empty { display: none; }
  .dialog-error { margin-top: var(--_space); }
`;
