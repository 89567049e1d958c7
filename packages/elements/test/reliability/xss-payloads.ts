/**
 * The XSS corpus (issue 9): script tags, event-handler attributes, `javascript:` and other dangerous URLs, SVG/MathML,
 * broken and nested markup, attribute break-outs and template-syntax confusions. Every payload that could run calls
 * `window.__xss(n)` with its own number, so a sentinel names exactly which one ran. `{n}` is replaced by the number.
 */
const CORPUS = [
  '<script>__xss({n})</script>',
  '<img src=x onerror=__xss({n})>',
  '<img src="x" onerror="__xss({n})">',
  '<svg onload=__xss({n})>',
  '<svg><script>__xss({n})</script></svg>',
  '<svg><a xlink:href="javascript:__xss({n})"><text x="0" y="10">x</text></a></svg>',
  '<svg><animate onbegin=__xss({n}) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss({n})>',
  '<iframe src="javascript:__xss({n})"></iframe>',
  '<iframe srcdoc="<script>parent.__xss({n})</script>"></iframe>',
  '<a href="javascript:__xss({n})">click</a>',
  'javascript:__xss({n})',
  'JaVaScRiPt:__xss({n})',
  ' \tjava\nscript:__xss({n})',
  'javascript&colon;__xss({n})',
  'data:text/html,<script>parent.__xss({n})</script>',
  'vbscript:__xss({n})',
  '"><img src=x onerror=__xss({n})>',
  "'><svg onload=__xss({n})>",
  '" autofocus onfocus="__xss({n})" x="',
  "' onmouseover='__xss({n})' x='",
  '<details open ontoggle=__xss({n})>',
  '<body onload=__xss({n})>',
  '<input autofocus onfocus=__xss({n})>',
  '<video><source onerror=__xss({n})></video>',
  '<audio src=x onerror=__xss({n})>',
  '<object data="javascript:__xss({n})"></object>',
  '<embed src="javascript:__xss({n})">',
  '<form><button formaction="javascript:__xss({n})">go</button></form>',
  '<marquee onstart=__xss({n})>m</marquee>',
  '<img src=x:x onerror=__xss({n})//',
  '<!--<img src="--><img src=x onerror=__xss({n})//">',
  '<noscript><p title="</noscript><img src=x onerror=__xss({n})>">',
  '</textarea><img src=x onerror=__xss({n})>',
  '</title></style></script><script>__xss({n})</script>',
  '<style>@import "javascript:__xss({n})";</style><b onmouseover=__xss({n})>b</b>',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss({n})">',
  '<base href="javascript:__xss({n})//">',
  '${__xss({n})}{{constructor.constructor("__xss({n})")()}}',
  '<img srcset=",,,,x" onerror=__xss({n})>',
  '<scr<script>ipt>__xss({n})</scr</script>ipt>',
  '<<img src=x onerror=__xss({n})>>',
] as const;

/** The corpus, numbered from 1 (the number is what `__xss` receives). */
export const PAYLOADS: readonly string[] = CORPUS.map((p, i) => p.replaceAll('{n}', String(i + 1)));

declare global {
  interface Window {
    __xss?: (n: number) => void;
  }
}

/** Arm the sentinel: every payload that runs records its number. */
export function armSentinel(): { ran: number[] } {
  const record = { ran: [] as number[] };
  window.__xss = (n: number) => {
    record.ran.push(n);
  };
  return record;
}

/** A URL that would run script (after the browser's own normalization: whitespace and control characters dropped). */
export function dangerousUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  const v = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  return v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text/html') || v.startsWith('javascript&colon;');
}

/** Attributes whose value the browser may load or navigate to. */
export const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'ping', 'cite'] as const;
