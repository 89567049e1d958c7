/**
 * Display text (names, titles, address lines, chat messages) must be well-formed and visible: no unpaired UTF-16
 * surrogates (they cannot be encoded, and break storage and PDFs), no control characters (NUL and friends), no
 * text-direction overrides in one-line text (they disguise what a name says, e.g. "‮gpj.exe"), and not made only of
 * invisible characters. Zero-width joiners inside visible text stay allowed (emoji sequences, Persian). `<` and
 * URLs are text like any other here: elements escape what they show (only organization names refuse them, ORG-4).
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Multi-line text keeps tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const DIRECTION_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE_ONLY = /^[\s\p{Cf}\p{Cc}]+$/u;

/** What is wrong with a piece of display text (a phrase to follow the field's name), or null when it is fine. */
export function textProblem(text: string, options: { multiline?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(text)) return 'contains a broken character (an unpaired surrogate)';
  if ((options.multiline ? CONTROL_MULTILINE : CONTROL).test(text)) return 'cannot contain control characters';
  if (!options.multiline && DIRECTION_OVERRIDE.test(text)) return 'cannot contain text-direction override characters';
  if (INVISIBLE_ONLY.test(text)) return 'must contain a visible character';
  return null;
}
