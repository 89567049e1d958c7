/**
 * The "Embed snippet" panel: the exact markup a product team copies for what is on screen — the <org-provider> with
 * its attributes and the OrgKit tags visible inside it — as plain HTML, React 19 JSX or a Vue 3 SFC, with a Copy
 * button. Read from the live DOM each time it opens, so it follows the page, the organization and the tab.
 */
import { h } from '../dom.js';

export type Flavor = 'html' | 'react' | 'vue';

/** OrgKit's tags (the provider included); an element a host adds under another prefix is matched by suffix. */
export const ORGKIT_TAGS = [
  'org-provider', 'org-console', 'org-switcher', 'org-members', 'org-settings', 'residency-select', 'plan-picker',
  'credit-balance', 'invoice-list', 'usage-chart', 'usage-meters', 'spend-caps',
] as const;
const isOrgKit = (el: Element) => (ORGKIT_TAGS as readonly string[]).includes(el.localName);

/** Attributes that are the host's page plumbing, not part of what a team copies. */
const SKIP = (name: string) => name === 'class' || name === 'style' || name === 'id' || name === 'inert' || name.startsWith('data-') || name.startsWith('aria-');

interface Tag {
  name: string;
  attrs: [string, string][];
  /** OrgKit tags the host slotted into this one (e.g. <residency-select slot="server-location"> in <org-settings>). */
  children: Tag[];
}

/**
 * The provider's settings a framework may have set as properties rather than attributes (React 19 and Vue set a
 * property when the element has one): they belong in the snippet all the same.
 */
const PROVIDER_PROPS = [['api-base', 'apiBase'], ['checkout', 'checkout'], ['stripe-key', 'stripeKey']] as const;

function attrsOf(el: Element): [string, string][] {
  // An empty `name` is <residency-select>'s reflected default, not something the host wrote.
  const attrs: [string, string][] = [...el.attributes].filter((a) => !SKIP(a.name) && !(a.name === 'name' && a.value === '')).map((a) => [a.name, a.value]);
  if (el.localName === 'org-provider') {
    for (const [attr, prop] of PROVIDER_PROPS) {
      const value: unknown = (el as unknown as Record<string, unknown>)[prop];
      if (typeof value === 'string' && value && !el.hasAttribute(attr)) attrs.push([attr, value]);
    }
  }
  return attrs;
}

const visible = (el: Element) => !el.closest('[hidden]') && (!('checkVisibility' in el) || el.checkVisibility());

/** An OrgKit tag as the host wrote it: its attributes and the OrgKit tags the host slotted into it. */
function tagOf(el: Element): Tag {
  // Only slotted OrgKit children are the host's; the rest of an element's light DOM is its own (a checkout
  // container, <org-console>'s composed elements).
  const slotted = [...el.children].filter((c) => isOrgKit(c) && c.hasAttribute('slot') && !c.hasAttribute('data-composed'));
  return { name: el.localName, attrs: attrsOf(el), children: slotted.map(tagOf) };
}

/** The provider and the visible OrgKit tags under it. */
export function describeEmbed(area: ParentNode): { provider: Tag; tags: Tag[] } | null {
  const provider = area.querySelector('org-provider');
  if (!provider) return null;
  const tags: Tag[] = [];
  const walk = (parent: Element) => {
    for (const child of parent.children) {
      if (isOrgKit(child)) {
        if (visible(child)) tags.push(tagOf(child));
      } else {
        walk(child);
      }
    }
  };
  walk(provider);
  return { provider: { name: 'org-provider', attrs: attrsOf(provider), children: [] }, tags };
}

const q = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const attrText = (attrs: [string, string][]) => attrs.map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${q(v)}"`)).join('');

function tagLines(tags: Tag[], indent: string): string[] {
  return tags.flatMap((t) =>
    t.children.length === 0
      ? [`${indent}<${t.name}${attrText(t.attrs)}></${t.name}>`]
      : [`${indent}<${t.name}${attrText(t.attrs)}>`, ...tagLines(t.children, `${indent}  `), `${indent}</${t.name}>`]);
}

const CHECKOUT_NOTE = 'checkout="simulated" is the mock\'s test checkout — in production use stripe-key="pk_live_…"';

/** The snippet text for a flavor. */
export function snippet(area: ParentNode, flavor: Flavor): string {
  const embed = describeEmbed(area);
  if (!embed) return '<!-- Nothing embedded on this page. -->';
  const { provider, tags } = embed;
  const simulated = provider.attrs.some(([k, v]) => k === 'checkout' && v === 'simulated');
  if (flavor === 'html') {
    return [
      '<script type="module">',
      "  import { OrgKitClient } from '@orgkit/client';",
      "  import '@orgkit/elements/define'; // registers every tag",
      '',
      "  const provider = document.querySelector('org-provider');",
      '  provider.client = new OrgKitClient({',
      "    baseUrl: 'https://api.acme.example',",
      '    getAuthToken: ({ forceRefresh }) => yourAuth.getToken({ forceRefresh }),',
      '  });',
      "  provider.addEventListener('orgkit-org-changed', (e) => console.log('Now in', e.detail.orgId));",
      '</script>',
      '',
      ...(simulated ? [`<!-- ${CHECKOUT_NOTE} -->`] : []),
      `<org-provider${attrText(provider.attrs)}>`,
      ...tagLines(tags, '  '),
      '</org-provider>',
    ].join('\n');
  }
  // In a framework the organization is the host's state, bound both ways: a property in, an event out.
  const rest = provider.attrs.filter(([k]) => k !== 'org');
  if (flavor === 'react') {
    return [
      "import { useState } from 'react';",
      "import { OrgKitClient } from '@orgkit/client';",
      "import '@orgkit/elements/define'; // registers every tag",
      '',
      'const client = new OrgKitClient({',
      "  baseUrl: 'https://api.acme.example',",
      '  getAuthToken: ({ forceRefresh }) => yourAuth.getToken({ forceRefresh }),',
      '});',
      '',
      'export function MyOrganization() {',
      '  const [orgId, setOrgId] = useState<string>();',
      '  // React 19 sets `client` as a property and binds `onorgkit-…` to the custom event.',
      ...(simulated ? [`  // ${CHECKOUT_NOTE}`] : []),
      '  return (',
      `    <org-provider client={client}${attrText(rest)} org={orgId}`,
      '      onorgkit-org-changed={(e) => setOrgId(e.detail.orgId)}>',
      ...tagLines(tags, '      '),
      '    </org-provider>',
      '  );',
      '}',
    ].join('\n');
  }
  return [
    '<script setup lang="ts">',
    "import { ref } from 'vue';",
    "import { OrgKitClient } from '@orgkit/client';",
    "import '@orgkit/elements/define'; // registers every tag",
    '',
    'const client = new OrgKitClient({',
    "  baseUrl: 'https://api.acme.example',",
    '  getAuthToken: ({ forceRefresh }) => yourAuth.getToken({ forceRefresh }),',
    '});',
    'const orgId = ref<string>();',
    '</script>',
    '',
    '<!-- vite.config.ts: vue({ template: { compilerOptions: { isCustomElement: (tag) => orgkitTags.includes(tag) } } }) -->',
    ...(simulated ? [`<!-- ${CHECKOUT_NOTE} -->`] : []),
    '<template>',
    `  <org-provider :client.prop="client"${attrText(rest)} :org="orgId"`,
    '    @orgkit-org-changed="orgId = $event.detail.orgId">',
    ...tagLines(tags, '    '),
    '  </org-provider>',
    '</template>',
  ].join('\n');
}

/**
 * Mount the panel (a modal <dialog>) into the page; buttons with `[data-snippet-open]` open it. `area()` is where the
 * embedded OrgKit lives on this page.
 */
export function mountSnippetPanel(host: HTMLElement, area: () => ParentNode | null, flavor: Flavor): HTMLDialogElement {
  const code = h('code', { 'data-test': 'snippet-code' });
  const status = h('span', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  const tabs = (['html', 'react', 'vue'] as const).map((f) =>
    h('button', { type: 'button', role: 'tab', 'data-flavor': f, 'aria-selected': String(f === flavor), tabindex: f === flavor ? 0 : -1 }, f === 'html' ? 'HTML' : f === 'react' ? 'React 19' : 'Vue 3'));
  let current: Flavor = flavor;
  const show = (f: Flavor) => {
    current = f;
    for (const t of tabs) {
      const on = t.dataset.flavor === f;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
    }
    const where = area();
    code.textContent = where ? snippet(where, f) : '';
    status.textContent = '';
  };
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Flavor', class: 'tabs' }, ...tabs);
  tablist.addEventListener('click', (e) => {
    const f = (e.target as HTMLElement).closest<HTMLElement>('[data-flavor]')?.dataset.flavor;
    if (f) show(f as Flavor);
  });
  tablist.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.dataset.flavor === current);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next) {
      show(next.dataset.flavor as Flavor);
      next.focus();
    }
  });
  const copy = h('button', { type: 'button', class: 'primary', 'data-test': 'snippet-copy' }, 'Copy');
  copy.addEventListener('click', () => {
    const text = code.textContent;
    navigator.clipboard.writeText(text).then(
      () => (status.textContent = 'Copied to the clipboard.'),
      () => {
        // No clipboard (permissions): select the text, so Ctrl+C copies it.
        const range = document.createRange();
        range.selectNodeContents(code);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
        status.textContent = 'Selected — press Ctrl+C (⌘C) to copy.';
      },
    );
  });
  const close = h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: () => dialog.close() }, '✕');
  const dialog = h('dialog', { id: 'snippet-dialog', class: 'snippet', 'aria-labelledby': 'snippet-title' },
    h('header', { class: 'spread' },
      h('div', {}, h('h2', { id: 'snippet-title' }, 'Embed snippet'),
        h('p', { class: 'hint' }, 'The exact markup for what is on screen — the provider and the tags you see. Copy it into your product.')),
      close),
    h('div', { class: 'spread' }, tablist, h('div', { class: 'row' }, status, copy)),
    h('pre', { tabindex: 0, 'aria-label': 'Snippet' }, code),
  );
  host.append(dialog);
  let opener: HTMLElement | null = null;
  document.addEventListener('click', (e) => {
    const t = (e.target as Element | null)?.closest?.('[data-snippet-open]');
    if (!(t instanceof HTMLElement)) return;
    opener = t;
    show(current);
    dialog.showModal();
    copy.focus();
  });
  dialog.addEventListener('close', () => opener?.focus());
  return dialog;
}
