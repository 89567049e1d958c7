import { css } from 'lit';

/** The fixed height of one member row (px): the virtualized body relies on every row having exactly this height. */
export const ROW_HEIGHT = 52;

/** <org-members>' own styles, on top of the shared tokens and classes. */
export const membersStyles = css`
  :host {
    --_max-height: var(--orgkit-members-max-height, 480px);
    --_row-height: ${ROW_HEIGHT}px;
  }
  .head { display: flex; gap: calc(var(--_space) * 2); align-items: flex-start; justify-content: space-between; flex-wrap: wrap; margin-bottom: calc(var(--_space) * 2); }
  .head h2 { margin: 0; }
  .head .count { color: var(--_muted); font-weight: 400; margin-left: 6px; font-size: 0.92em; }
  .seats { min-width: 220px; flex: 0 1 320px; }
  .seats .label { display: flex; justify-content: space-between; gap: var(--_space); font-size: 0.92em; margin-bottom: 4px; }
  .seats .label strong { font-weight: 600; }
  .seats .hint { margin-top: 4px; }
  .upgrade { margin-top: var(--_space); display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; }
  .upgrade p { margin: 0; flex: 1 1 220px; }
  .tools { display: flex; gap: var(--_space); align-items: center; }
  .block { margin-top: calc(var(--_space) * 2); }
  .notice p { margin: 0; }
  .notice .row { margin-top: var(--_space); }
  .status:empty { display: none; }
  .status { margin-bottom: calc(var(--_space) * 1.5); }

  /* — the virtualized table — */
  .viewport {
    max-height: var(--_max-height); overflow: auto; border: 1px solid var(--_border); border-radius: var(--_radius);
    background: var(--_bg); overscroll-behavior: contain; contain: content;
  }
  table { table-layout: fixed; min-width: 820px; }
  thead th {
    position: sticky; top: 0; z-index: 1; background: var(--_surface); height: 40px; padding: 0 8px;
    white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  }
  tbody tr.member > td {
    height: var(--_row-height); max-height: var(--_row-height); padding: 0 6px; white-space: nowrap;
    overflow: hidden; text-overflow: ellipsis;
  }
  tbody tr.member:last-child > td { border-bottom-color: transparent; }
  tr.spacer > td { padding: 0; border: 0; }
  tr.deactivated td.name, tr.deactivated td.email { color: var(--_muted); }
  td.name strong { font-weight: 500; }
  td.name .you { color: var(--_muted); margin-left: 4px; }
  td select { min-height: 32px; padding: 4px 6px; max-width: 100%; }
  td.actions { text-align: right; }
  td button { min-height: 30px; padding: 3px 8px; font-size: 0.95em; }
  td.actions button + button { margin-left: 4px; }
  col.c-name { width: 17%; }
  col.c-email { width: 17%; }
  col.c-role { width: 11%; }
  col.c-state { width: 11%; }
  col.c-billing { width: 11%; }
  col.c-joined { width: 12%; }
  col.c-actions { width: 21%; }
  table.readonly col.c-name { width: 21%; }
  table.readonly col.c-email { width: 24%; }

  /* — pending invites — */
  ul.invites { list-style: none; margin: 0; padding: 0; border: 1px solid var(--_border); border-radius: var(--_radius); }
  ul.invites li { display: flex; gap: var(--_space); align-items: center; padding: 8px 10px; border-bottom: 1px solid var(--_border); flex-wrap: wrap; }
  ul.invites li:last-child { border-bottom: 0; }
  ul.invites .who { flex: 1 1 220px; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
  ul.invites .when { color: var(--_muted); font-size: 0.92em; }

  /* — leave — */
  .leave { margin-top: calc(var(--_space) * 2.5); padding-top: calc(var(--_space) * 2); border-top: 1px solid var(--_border); }
  .leave .hint { margin-top: 6px; }

  /* — dialogs — */
  dialog h2 { margin-bottom: var(--_space); }
  dialog form > :first-child, dialog .body > :first-child { margin-top: 0; }
  fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); margin: calc(var(--_space) * 1.5) 0 0; padding: 8px 12px; }
  legend { font-weight: 500; padding: 0 4px; }
  fieldset label { display: flex; gap: 8px; align-items: center; font-weight: 400; margin: 4px 0; }
  .dialog-error { margin-top: calc(var(--_space) * 1.5); }
  .dialog-error .row { margin-top: var(--_space); }
  button[aria-disabled='true'] { opacity: 0.55; cursor: progress; }
  [tabindex='-1']:focus { outline: none; }
`;
