import { css } from 'lit';

/** <usage-chart>'s own styles, on top of the shared tokens and classes. */
export const usageStyles = css`
  :host {
    --_c1: var(--orgkit-usage-color-1, #3b5bdb);
    --_c2: var(--orgkit-usage-color-2, #0c8f6a);
    --_c3: var(--orgkit-usage-color-3, #e8890c);
    --_c4: var(--orgkit-usage-color-4, #ae3ec9);
    --_c5: var(--orgkit-usage-color-5, #d6336c);
    --_c6: var(--orgkit-usage-color-6, #1098ad);
    --_c7: var(--orgkit-usage-color-7, #5c940d);
    --_c8: var(--orgkit-usage-color-8, #868e96);
    --_table-max: var(--orgkit-usage-table-max-height, 360px);
  }
  :host([theme='dark']) {
    --_c1: var(--orgkit-usage-color-1, #8aa0ff);
    --_c2: var(--orgkit-usage-color-2, #38d9a9);
    --_c3: var(--orgkit-usage-color-3, #ffc078);
    --_c4: var(--orgkit-usage-color-4, #da77f2);
    --_c5: var(--orgkit-usage-color-5, #f783ac);
    --_c6: var(--orgkit-usage-color-6, #66d9e8);
    --_c7: var(--orgkit-usage-color-7, #a9e34b);
    --_c8: var(--orgkit-usage-color-8, #adb5bd);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_c1: var(--orgkit-usage-color-1, #8aa0ff);
      --_c2: var(--orgkit-usage-color-2, #38d9a9);
      --_c3: var(--orgkit-usage-color-3, #ffc078);
      --_c4: var(--orgkit-usage-color-4, #da77f2);
      --_c5: var(--orgkit-usage-color-5, #f783ac);
      --_c6: var(--orgkit-usage-color-6, #66d9e8);
      --_c7: var(--orgkit-usage-color-7, #a9e34b);
      --_c8: var(--orgkit-usage-color-8, #adb5bd);
    }
  }
  .s1 { --_c: var(--_c1); }
  .s2 { --_c: var(--_c2); }
  .s3 { --_c: var(--_c3); }
  .s4 { --_c: var(--_c4); }
  .s5 { --_c: var(--_c5); }
  .s6 { --_c: var(--_c6); }
  .s7 { --_c: var(--_c7); }
  .s8 { --_c: var(--_c8); }

  .status:empty { display: none; }
  .status { margin-bottom: calc(var(--_space) * 1.5); }
  section { margin-top: calc(var(--_space) * 3); }
  section:first-of-type { margin-top: calc(var(--_space) * 2); }
  .head { display: flex; gap: calc(var(--_space) * 2); align-items: flex-end; justify-content: space-between; flex-wrap: wrap; }
  .head h2 { margin: 0; }
  .head .period { color: var(--_muted); font-weight: 400; font-size: 0.92em; margin-left: 6px; }
  .org label { margin: 0 0 4px; font-size: 0.92em; }
  .org select { width: auto; min-width: 200px; max-width: 100%; }

  /* — controls — */
  .controls { display: flex; flex-wrap: wrap; gap: var(--_space) calc(var(--_space) * 2); align-items: flex-start; margin-top: calc(var(--_space) * 2); }
  .control { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
  .control > .caption, .control > label { margin: 0; font-weight: 500; font-size: 0.92em; line-height: 1.45; }
  .control .field-error { margin-top: 0; }
  .control .field-error:empty { display: none; }
  .control select { width: auto; min-width: 140px; }
  .segmented { display: inline-flex; flex-wrap: nowrap; }
  .segmented button { white-space: nowrap; }
  .controls { container-type: inline-size; }
  @container (max-width: 420px) {
    .segmented { display: flex; width: 100%; }
    .segmented button { flex: 1 1 auto; padding: 6px 4px; min-width: 0; }
    .control, .control select { width: 100%; }
  }
  .segmented button { border-radius: 0; margin-left: -1px; }
  .segmented button:first-child { border-radius: var(--_radius) 0 0 var(--_radius); margin-left: 0; }
  .segmented button:last-child { border-radius: 0 var(--_radius) var(--_radius) 0; }
  .segmented button[aria-pressed='true'] { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); position: relative; }
  .custom { display: flex; gap: 6px; align-items: flex-start; }
  .custom input { width: 6.5em; }
  /* the message wraps inside the control's width instead of widening it */
  .control .field-error { width: 0; min-width: 100%; }
  button.toggle[aria-pressed='true'] { background: color-mix(in srgb, var(--_accent) 14%, var(--_bg)); border-color: var(--_accent); }

  /* — summary cards — */
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: var(--_space); margin: 0; padding: 0; list-style: none; }
  .card { border: 1px solid var(--_border); background: var(--_surface); border-radius: var(--_radius); padding: calc(var(--_space) * 1.5); min-width: 0; }
  .card .label { color: var(--_muted); font-size: 0.92em; }
  .card .value { font-size: 1.35em; font-weight: 600; margin-top: 2px; overflow-wrap: anywhere; }
  .card .value.up { color: var(--_warn); }
  .card .value.down { color: var(--_ok); }
  .card .detail { color: var(--_muted); font-size: 0.88em; margin-top: 2px; }
  .card .meter { margin-top: 6px; }

  /* — chart — */
  .chart-head { display: flex; gap: var(--_space); align-items: baseline; justify-content: space-between; flex-wrap: wrap; margin-bottom: var(--_space); }
  .chart-head h3 { margin: 0; }
  .plot { position: relative; width: 100%; min-width: 0; }
  .plot svg { display: block; width: 100%; overflow: visible; }
  .plot .grid line { stroke: var(--_border); stroke-width: 1; }
  .plot .axis line { stroke: var(--_border); }
  .plot .axis text { fill: var(--_muted); font-size: 11px; font-family: var(--_font); }
  path.series { transition: d 280ms ease, opacity 200ms ease; }
  .series.stacked path.series { fill: var(--_c); fill-opacity: 0.85; stroke: var(--_bg); stroke-width: 1; }
  .series.stacked.dense path.series { stroke-width: 0.25; }
  .series.lines.dense path.series { stroke-width: 1.5; }
  .series.lines path.series { fill: none; stroke: var(--_c); stroke-width: 2; stroke-linejoin: round; }
  .cursor line { stroke: var(--_muted); stroke-dasharray: 3 3; }
  .cursor circle { fill: var(--_c); stroke: var(--_bg); stroke-width: 2; }
  rect.hit { fill: transparent; stroke: none; cursor: crosshair; outline: none; }
  rect.hit:focus-visible { fill: color-mix(in srgb, var(--_accent) 10%, transparent); stroke: var(--_accent); stroke-width: 2; }
  .empty-note { position: absolute; inset: 40% 0 auto; text-align: center; color: var(--_muted); pointer-events: none; }
  .tooltip {
    position: absolute; top: 8px; z-index: 2; pointer-events: none; min-width: 170px; max-width: min(280px, 80%);
    background: var(--_bg); color: var(--_text); border: 1px solid var(--_border); border-radius: var(--_radius);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.16); padding: 8px 10px; font-size: 0.9em; transition: opacity 120ms ease;
  }
  .tooltip[hidden] { display: block; visibility: hidden; opacity: 0; }
  .tooltip .date { font-weight: 600; }
  .tooltip dl { display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; margin: 6px 0 0; }
  .tooltip dt { display: flex; gap: 6px; align-items: center; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .tooltip dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
  .tooltip .sum { font-weight: 600; border-bottom: 1px solid var(--_border); padding-bottom: 3px; }
  .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 3px; background: var(--_c); flex: none; }
  .lines .swatch, .swatch.line { height: 3px; border-radius: 2px; width: 14px; }
  .legend { display: flex; flex-wrap: wrap; gap: 6px 16px; list-style: none; margin: var(--_space) 0 0; padding: 0; font-size: 0.92em; }
  .legend li { display: flex; gap: 6px; align-items: baseline; min-width: 0; }
  .legend .swatch { align-self: center; }
  .legend .amount { color: var(--_muted); font-variant-numeric: tabular-nums; }
  .legend .hint { margin: 0; }
  .keys-hint { margin-top: 6px; }

  /* — tables — */
  .scroll { max-height: var(--_table-max); overflow: auto; border: 1px solid var(--_border); border-radius: var(--_radius); }
  .scroll table { min-width: 100%; border-collapse: separate; border-spacing: 0; }
  .scroll thead th { position: sticky; top: 0; background: var(--_surface); z-index: 1; }
  .scroll tfoot td, .scroll tfoot th { position: sticky; bottom: 0; background: var(--_surface); font-weight: 600; color: var(--_text); }
  td, th { white-space: nowrap; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  tbody th { color: var(--_text); font-weight: 400; font-size: 1em; }
  tbody tr:last-child > :is(td, th) { border-bottom-color: transparent; }
  td .sub { display: block; color: var(--_muted); font-size: 0.88em; }
  .more { display: flex; gap: var(--_space); align-items: center; margin-top: var(--_space); flex-wrap: wrap; }
  .more .hint { margin: 0; }
  tr:focus { outline: none; box-shadow: inset 0 0 0 2px var(--_accent); }
  [tabindex='-1']:focus { outline: none; }

  /* — summary only (USE-2) — */
  .summary-only .cards { margin-top: calc(var(--_space) * 1.5); }
  .notice p { margin: 0; }

  @media (prefers-reduced-motion: reduce) {
    path.series, .tooltip { transition: none; }
  }
`;
