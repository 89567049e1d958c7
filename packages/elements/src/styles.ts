import { css } from 'lit';

/**
 * Design tokens: every colour, radius and font comes from an `--orgkit-*` custom property with a default, so a host
 * brands OrgKit from its own stylesheet. Light and dark follow `prefers-color-scheme`, or the `theme` attribute
 * (`light` | `dark`). Internal `--_*` variables resolve token → default; nothing leaks out of the shadow root.
 */
export const tokens = css`
  :host {
    --_font: var(--orgkit-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_size: var(--orgkit-font-size, 14px);
    --_radius: var(--orgkit-radius, 8px);
    --_space: var(--orgkit-space, 8px);
    --_bg: var(--orgkit-color-background, #ffffff);
    --_surface: var(--orgkit-color-surface, #f6f7f9);
    --_text: var(--orgkit-color-text, #1d2330);
    --_muted: var(--orgkit-color-muted, #5d6778);
    --_border: var(--orgkit-color-border, #d9dde4);
    --_accent: var(--orgkit-color-accent, #3b5bdb);
    --_on-accent: var(--orgkit-color-on-accent, #ffffff);
    --_ok: var(--orgkit-color-ok, #12805c);
    --_warn: var(--orgkit-color-warning, #9a5b00);
    --_danger: var(--orgkit-color-danger, #c0262d);
    --_focus: var(--orgkit-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 40%, transparent));
    display: block;
    color-scheme: light;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    color-scheme: dark;
    --_bg: var(--orgkit-color-background, #161a22);
    --_surface: var(--orgkit-color-surface, #1e232d);
    --_text: var(--orgkit-color-text, #e8eaf0);
    --_muted: var(--orgkit-color-muted, #a2abbb);
    --_border: var(--orgkit-color-border, #343b48);
    --_accent: var(--orgkit-color-accent, #8aa0ff);
    --_on-accent: var(--orgkit-color-on-accent, #10131a);
    --_ok: var(--orgkit-color-ok, #4cc99a);
    --_warn: var(--orgkit-color-warning, #f0b44c);
    --_danger: var(--orgkit-color-danger, #ff7a7f);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      color-scheme: dark;
      --_bg: var(--orgkit-color-background, #161a22);
      --_surface: var(--orgkit-color-surface, #1e232d);
      --_text: var(--orgkit-color-text, #e8eaf0);
      --_muted: var(--orgkit-color-muted, #a2abbb);
      --_border: var(--orgkit-color-border, #343b48);
      --_accent: var(--orgkit-color-accent, #8aa0ff);
      --_on-accent: var(--orgkit-color-on-accent, #10131a);
      --_ok: var(--orgkit-color-ok, #4cc99a);
      --_warn: var(--orgkit-color-warning, #f0b44c);
      --_danger: var(--orgkit-color-danger, #ff7a7f);
    }
  }
`;

/** The pieces every element shares: buttons, fields, tables, badges, dialogs, notices, meters. */
export const shared = css`
  *, *::before, *::after { box-sizing: border-box; }
  h2, h3 { margin: 0 0 calc(var(--_space) * 1.5); font-size: 1.05em; }
  p { margin: 0 0 var(--_space); }
  .muted { color: var(--_muted); }
  .row { display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; }
  .spread { display: flex; gap: var(--_space); align-items: center; justify-content: space-between; flex-wrap: wrap; }
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  button {
    font: inherit; color: var(--_text); background: var(--_bg); border: 1px solid var(--_border);
    border-radius: var(--_radius); padding: 6px 12px; cursor: pointer; min-height: 32px;
  }
  button:hover:not(:disabled) { border-color: var(--_accent); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
  button.danger { color: var(--_danger); border-color: color-mix(in srgb, var(--_danger) 50%, var(--_border)); }
  button.danger.primary { background: var(--_danger); color: var(--_bg); }
  button.link { border: none; background: none; padding: 0 2px; color: var(--_accent); text-decoration: underline; min-height: 0; }
  :is(button, input, select, textarea, a, [tabindex]):focus-visible { outline: none; box-shadow: var(--_focus); }
  label { display: block; font-weight: 500; margin: calc(var(--_space) * 1.5) 0 4px; }
  input, select, textarea {
    font: inherit; color: var(--_text); background: var(--_bg); border: 1px solid var(--_border);
    border-radius: var(--_radius); padding: 6px 8px; width: 100%; min-height: 34px;
  }
  input[type='checkbox'], input[type='radio'] { width: auto; min-height: 0; }
  :is(input, select, textarea):disabled { background: var(--_surface); color: var(--_muted); cursor: not-allowed; }
  [aria-invalid='true'] { border-color: var(--_danger); }
  .field-error { color: var(--_danger); font-size: 0.92em; margin-top: 4px; }
  .hint { color: var(--_muted); font-size: 0.92em; margin-top: 4px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--_border); vertical-align: middle; }
  th { color: var(--_muted); font-weight: 500; font-size: 0.92em; }
  .badge {
    display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 0.85em; line-height: 1.7;
    border: 1px solid var(--_border); color: var(--_muted); white-space: nowrap;
  }
  .badge.ok { color: var(--_ok); border-color: currentColor; }
  .badge.warn { color: var(--_warn); border-color: currentColor; }
  .badge.danger { color: var(--_danger); border-color: currentColor; }
  .badge.accent { color: var(--_accent); border-color: currentColor; }
  .notice { padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5); border-radius: var(--_radius); background: var(--_surface); border: 1px solid var(--_border); }
  .notice.error { border-color: var(--_danger); }
  .notice.warn { border-color: var(--_warn); }
  .notice.ok { border-color: var(--_ok); }
  .meter { height: 6px; border-radius: 3px; background: var(--_border); overflow: hidden; }
  .meter > span { display: block; height: 100%; background: var(--_accent); }
  .meter.warn > span { background: var(--_warn); }
  .meter.full > span { background: var(--_danger); }
  dialog {
    color: var(--_text); background: var(--_bg); border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.5);
    padding: calc(var(--_space) * 2.5); width: min(480px, calc(100vw - 32px)); box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop { background: rgb(0 0 0 / 0.35); }
  dialog .actions { display: flex; gap: var(--_space); justify-content: flex-end; margin-top: calc(var(--_space) * 2.5); }
  .skeleton { display: grid; gap: var(--_space); }
  .skeleton > span { display: block; height: 14px; border-radius: 4px; background: var(--_surface); animation: pulse 1.4s ease-in-out infinite; }
  @keyframes pulse { 50% { opacity: 0.5; } }
  @media (prefers-reduced-motion: reduce) { .skeleton > span { animation: none; } }
`;
