import { css } from 'lit';

/** <org-console>'s layout: header, an underlined tab row, and panels that stack the composed elements. */
export const consoleStyles = css`
  :host {
    --_gap: var(--orgkit-console-gap, calc(var(--_space) * 3));
    --_max: var(--orgkit-console-max-width, none);
  }
  .console { max-width: var(--_max); margin: 0 auto; }
  .header {
    display: flex; gap: calc(var(--_space) * 2); align-items: flex-end; justify-content: space-between; flex-wrap: wrap;
    margin-bottom: calc(var(--_space) * 2);
  }
  .header h2 { font-size: 1.4em; margin: 0; line-height: 1.25; }
  .sub { color: var(--_muted); margin: 4px 0 0; }
  .switcher { min-width: min(280px, 100%); }
  .tablist {
    display: flex; gap: 2px; border-bottom: 1px solid var(--_border); overflow-x: auto; scrollbar-width: thin;
    margin-bottom: var(--_gap);
  }
  [role='tab'] {
    flex: none; border: 0; border-bottom: 2px solid transparent; border-radius: var(--_radius) var(--_radius) 0 0;
    background: transparent; color: var(--_muted); font-weight: 500; padding: 8px 16px; min-height: 40px; margin-bottom: -1px;
  }
  [role='tab']:hover:not([aria-selected='true']) { color: var(--_text); background: var(--_surface); }
  [role='tab'][aria-selected='true'] { color: var(--_text); border-bottom-color: var(--_accent); }
  [role='tabpanel'] { min-width: 0; }
  [role='tabpanel']:focus-visible { outline: none; box-shadow: var(--_focus); border-radius: var(--_radius); }
  .chat-only {
    max-width: 560px; margin: calc(var(--_space) * 4) auto; padding: calc(var(--_space) * 4) calc(var(--_space) * 3);
    text-align: center; background: var(--_surface); border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.5);
  }
  .chat-only .icon { display: inline-grid; place-items: center; width: 48px; height: 48px; border-radius: 50%; margin-bottom: calc(var(--_space) * 1.5);
    background: color-mix(in srgb, var(--_accent) 14%, transparent); color: var(--_accent); }
  .chat-only h2 { font-size: 1.2em; margin-bottom: var(--_space); }
  .chat-only p { color: var(--_muted); max-width: 46ch; margin-inline: auto; }
  .chat-only a { display: inline-block; margin-top: var(--_space); color: var(--_accent); font-weight: 500; }
`;
