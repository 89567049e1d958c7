import { css } from 'lit';

/** <plan-picker>'s own styles, on top of the shared tokens and classes. */
export const planPickerStyles = css`
  :host {
    --_card-min: var(--orgkit-plan-card-min-width, 190px);
  }
  .wrap { display: grid; gap: calc(var(--_space) * 2); }
  .wrap > p { margin: 0; }
  .head { display: flex; gap: calc(var(--_space) * 2); align-items: flex-start; justify-content: space-between; flex-wrap: wrap; }
  .head h2 { margin: 0 0 4px; }
  .head p { margin: 0; }
  .status:empty { display: none; }
  .status { margin-bottom: calc(var(--_space) * 1.5); }
  /* Headings that receive focus after an action (tabindex=-1) are not controls: no focus ring. */
  h2[tabindex='-1']:focus, h3[tabindex='-1']:focus { outline: none; box-shadow: none; }
  .notice p { margin: 0; }
  .notice .row { margin-top: var(--_space); }

  /* — interval toggle (a radio group that looks like a segmented control) — */
  fieldset.interval { display: inline-flex; border: 1px solid var(--_border); border-radius: 999px; padding: 3px; margin: 0; gap: 2px; }
  fieldset.interval label {
    display: inline-flex; align-items: center; gap: 6px; margin: 0; padding: 4px 14px; border-radius: 999px; cursor: pointer;
    font-weight: 500; position: relative;
  }
  fieldset.interval input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
  fieldset.interval label:has(input:checked) { background: var(--_accent); color: var(--_on-accent); }
  fieldset.interval label:has(input:checked) .badge { color: var(--_on-accent); border-color: currentColor; }
  fieldset.interval label:has(input:focus-visible) { box-shadow: var(--_focus); }

  /* — cards — */
  ul.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 0 calc(var(--_space) * 1.5); grid-template-columns: repeat(auto-fit, minmax(var(--_card-min), 1fr)); row-gap: calc(var(--_space) * 1.5); }
  /* Every card has the same five rows (badges, name, price, billing, action), aligned across cards with subgrid. */
  li.card {
    display: grid; grid-row: span 5; grid-template-rows: subgrid; row-gap: 6px; align-content: start;
    border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.25);
    padding: calc(var(--_space) * 2); background: var(--_bg); min-width: 0;
  }
  li.card.current { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  li.card.recommended:not(.current) { border-color: var(--_ok); }
  li.card h3 { margin: 0; font-size: 1.15em; }
  .badges { display: flex; gap: 4px; flex-wrap: wrap; }
  .price { margin: 0; display: flex; flex-direction: column; gap: 0; }
  .price strong { font-size: 1.5em; font-weight: 650; letter-spacing: -0.01em; }
  .price .per { color: var(--_muted); font-size: 0.92em; }
  .card .hint { margin: 0; }
  .card .action { align-self: end; padding-top: var(--_space); display: grid; gap: 6px; }
  .card .action button { width: 100%; }
  .card .action .hint { font-size: 0.88em; margin: 0; }
  .card .action .badge { justify-self: start; }
  .card .action button.link { justify-self: start; }

  /* — limits table — */
  .limits { overflow-x: auto; }
  .limits table { min-width: 560px; }
  .limits th[scope='col'], .limits td { text-align: right; white-space: nowrap; }
  .limits th[scope='row'], .limits thead th:first-child { text-align: left; }
  .limits th.current, .limits td.current { background: color-mix(in srgb, var(--_accent) 8%, transparent); }
  .limits td.usage { color: var(--_muted); }
  .limits td.usage .hint { margin: 0; font-size: 0.85em; }
  .limits caption { text-align: left; font-weight: 600; padding-bottom: var(--_space); }

  .banner { display: flex; gap: var(--_space); align-items: center; justify-content: space-between; flex-wrap: wrap; }
  .banner p { margin: 0; flex: 1 1 320px; }
  .foot { display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; }
  .foot p { margin: 0; }

  /* — checkout — */
  section.checkout { border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.25); padding: calc(var(--_space) * 2); display: grid; gap: var(--_space); }
  section.checkout h3 { margin: 0; }
  ::slotted([slot='checkout']) { display: block; min-height: 40px; }

  /* — the change dialog — */
  dialog { width: min(560px, calc(100vw - 32px)); max-height: calc(100vh - 48px); }
  dl.summary { display: grid; grid-template-columns: 1fr auto; gap: 4px calc(var(--_space) * 2); margin: calc(var(--_space) * 1.5) 0; padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5); background: var(--_surface); border-radius: var(--_radius); }
  dl.summary dt { color: var(--_muted); }
  dl.summary dd { margin: 0; text-align: right; font-weight: 500; }
  dl.summary .due { font-weight: 650; font-size: 1.1em; }
  fieldset.keep { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space) calc(var(--_space) * 1.5); margin: calc(var(--_space) * 1.5) 0 0; }
  fieldset.keep legend { font-weight: 600; padding: 0 4px; }
  fieldset.keep .count { color: var(--_muted); font-weight: 400; margin-left: 6px; }
  fieldset.keep label { display: flex; align-items: center; gap: 8px; font-weight: 400; margin: 6px 0; }
  fieldset.keep label .muted { font-size: 0.9em; }
  .deactivate { margin-top: calc(var(--_space) * 1.5); }
  .deactivate ul { margin: 4px 0 0; padding-left: 20px; }
  .dialog-error:empty { display: none; }
  .loading-line { color: var(--_muted); }
`;
