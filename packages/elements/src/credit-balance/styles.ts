import { css } from 'lit';

/** <credit-balance>'s own styles, on top of the shared tokens and classes. */
export const creditStyles = css`
  .head { display: flex; gap: calc(var(--_space) * 2); align-items: flex-end; justify-content: space-between; flex-wrap: wrap; margin-bottom: calc(var(--_space) * 2); }
  .head h2 { margin: 0; }
  .org-picker { min-width: 220px; flex: 0 1 320px; }
  .org-picker label { margin-top: 0; }
  .status:empty { display: none; }
  .status { margin-bottom: calc(var(--_space) * 1.5); }
  .notice p { margin: 0; }
  .notice p + p, .notice .row { margin-top: calc(var(--_space) * 0.75); }
  section { margin-top: calc(var(--_space) * 3); }
  section > h3 { margin-bottom: 4px; }
  h3[tabindex='-1']:focus { outline: none; box-shadow: none; }
  section > .hint:first-of-type { margin: 0 0 calc(var(--_space) * 1.5); }

  /* — the hero (CRD-7: the server's state picks the colour) — */
  .hero {
    --_state: var(--_ok);
    display: grid; grid-template-columns: minmax(220px, 1fr) minmax(260px, 1.3fr); gap: calc(var(--_space) * 2.5);
    padding: calc(var(--_space) * 2) calc(var(--_space) * 2.5); background: var(--_surface);
    border: 1px solid var(--_border); border-left: 6px solid var(--_state); border-radius: var(--_radius);
  }
  .hero.low { --_state: var(--_warn); }
  .hero.out { --_state: var(--_danger); }
  @media (max-width: 560px) { .hero { grid-template-columns: 1fr; } }
  .hero .label { color: var(--_muted); font-size: 0.92em; margin: 0 0 2px; }
  .amount { font-size: 2.3em; font-weight: 650; line-height: 1.15; font-variant-numeric: tabular-nums; color: var(--_state); margin: 0 0 6px; }
  .amount .unit { font-size: 0.42em; font-weight: 500; color: var(--_muted); margin-left: 6px; }
  .stats { display: grid; grid-template-columns: auto 1fr; gap: 4px calc(var(--_space) * 1.5); margin: 0 0 var(--_space); align-content: start; }
  .stats dt { color: var(--_muted); }
  .stats dd { margin: 0; font-weight: 500; font-variant-numeric: tabular-nums; text-align: right; }
  .hero .meter { margin-top: 4px; }
  .hero .meter-label { font-size: 0.88em; color: var(--_muted); margin-top: 4px; }
  .alert { margin-top: calc(var(--_space) * 1.5); }
  .alert strong { display: block; margin-bottom: 2px; }

  /* — tables — */
  tr.other td { color: var(--_muted); }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  td .sub { display: block; color: var(--_muted); font-size: 0.88em; }
  .tables { margin-top: calc(var(--_space) * 3); display: grid; grid-template-columns: 1.6fr 1fr; gap: calc(var(--_space) * 3); }
  @media (max-width: 720px) { .tables { grid-template-columns: 1fr; } }
  .tables section { margin-top: 0; }

  /* — packages — */
  .packages { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: calc(var(--_space) * 1.5); }
  .package { border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 1.5); display: flex; flex-direction: column; gap: 2px; background: var(--_bg); }
  .package .credits { font-size: 1.2em; font-weight: 600; font-variant-numeric: tabular-nums; }
  .package .price { color: var(--_muted); margin-bottom: var(--_space); }
  .package button { margin-top: auto; }
  .pay-note { margin-top: calc(var(--_space) * 1.25); }

  /* — auto-recharge — */
  .ar { border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2); }
  .ar-controls { display: grid; grid-template-columns: minmax(200px, 320px) auto; gap: calc(var(--_space) * 2.5); align-items: end; }
  @media (max-width: 560px) { .ar-controls { grid-template-columns: 1fr; } }
  .ar-controls label { margin-top: 0; }
  .switch { display: flex; gap: var(--_space); align-items: center; margin: 0; min-height: 34px; font-weight: 500; }
  .switch input { width: 18px; height: 18px; accent-color: var(--_accent); }
  .ar .notice { margin-top: calc(var(--_space) * 1.5); }
  .ar-head { display: flex; gap: var(--_space); align-items: center; margin-bottom: var(--_space); }
  .ar-head h3 { margin: 0; }

  /* — the confirm dialog — */
  dialog.checkout { width: min(640px, calc(100vw - 32px)); }
  .summary { display: grid; grid-template-columns: auto 1fr; gap: 6px calc(var(--_space) * 2); margin: calc(var(--_space) * 1.5) 0; }
  .summary dt { color: var(--_muted); }
  .summary dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
  .dialog-error:empty { display: none; }
  .dialog-error { margin-top: var(--_space); }
  .checkout-slot { display: block; min-height: 120px; margin-top: var(--_space); }
`;
