/**
 * XSS (issue 9): the corpus stored in every user-controlled string — member names and emails, invite emails, the
 * organization's name, logo URL and notification email, the billing identity, agent and deployment names, invoice
 * numbers, lines, billed-to details and ids (the PDF / view URLs are built from them) — and rendered by every element
 * and every org-console tab. A sentinel proves nothing ran; no event-handler attribute and no script URL reached the
 * DOM; the payloads are shown as text (so the test is not vacuous).
 *
 * The strings are written into the backend's state directly: an element must be safe even with data its own API would
 * refuse (ORG-4 rejects `<` in an organization name, logo URLs must be http(s)) — e.g. data from an older version.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { OrgKitElement } from '../../src/base.js';
import type { OrgConsole } from '../../src/org-console.js';
import type { Mock } from '../helpers.js';
import { mock } from '../helpers.js';
import { deepNodes, INNER_TAGS, mountProvider, nestedElements, ready, sleep, unmount } from './support.js';
import { armSentinel, dangerousUrl, PAYLOADS, URL_ATTRIBUTES } from './xss-payloads.js';

const N = PAYLOADS.length;
const p = (i: number) => PAYLOADS[((i % N) + N) % N] ?? '';

let m: Mock;
let orgId: string;
let sentinel: { ran: number[] };

/** Multi-valued sinks: every payload in every one of them at once (one render covers them all). */
function storeCorpus(): void {
  const s = m.backend.engine.state;
  const org = s.orgs[orgId];
  if (!org) throw new Error('no org');
  const now = m.backend.engine.now();
  const base = org.invoices[0];
  if (!base) throw new Error('the scenario has no invoice');
  PAYLOADS.forEach((payload, i) => {
    // Members: name and email (org-members, spend-caps, usage by member, credit-balance by member).
    const userId = `usr_xss_${String(i)}`;
    s.users[userId] = { id: userId, email: p(i + 1), name: payload, createdAt: now };
    org.members[userId] = { userId, role: 'member', state: i % 5 === 0 ? 'deactivated' : 'active', joinedAt: now, deactivatedAt: i % 5 === 0 ? now : null, deploymentIds: [] };
    org.caps.members[userId] = 100 + i;
    org.cycleSpend.members[userId] = 10 + i;
    // Pending invites: the email.
    const inviteId = `inv_xss_${String(i)}`;
    s.invites[inviteId] = { id: inviteId, orgId, email: p(i + 2), role: 'member', deploymentIds: [], invitedBy: Object.keys(org.members)[0] ?? '', createdAt: now, expiresAt: now + 72 * 3_600_000, status: 'pending', closedAt: null };
    // Agents and deployments: names (spend-caps, usage breakdown, residency flags).
    const agentId = `agt_xss_${String(i)}`;
    org.agents[agentId] = { id: agentId, name: p(i + 3), state: 'active', createdBy: userId, createdAt: now };
    org.caps.agents[agentId] = 200 + i;
    org.cycleSpend.agents[agentId] = 20 + i;
    const deploymentId = `dep_xss_${String(i)}`;
    const any = Object.values(org.deployments)[0];
    if (any) org.deployments[deploymentId] = { ...any, id: deploymentId, agentId, name: p(i + 4), flagged: true };
    // Invoices: number, line, billed-to details — and the id the PDF / view URLs are built from.
    org.invoices.unshift({
      ...base,
      id: i % 2 === 0 ? p(i + 5) : `in_xss_${String(i)}`,
      number: p(i + 6),
      createdAt: now - i * 1_000,
      lines: [{ description: p(i + 7), quantity: 1, unitAmount: base.amount, amount: base.amount }],
      billTo: { email: p(i + 8), name: p(i + 9), country: p(i + 10), address: p(i + 11), postalCode: p(i + 12), city: p(i + 13), taxId: p(i + 14) },
    });
  });
  // Usage per payload agent and member, so charts, breakdowns and activity list them.
  for (let i = 0; i < N; i += 1) {
    m.backend.engine.run({ kind: 'system' }, 'usage.record', { orgId, channel: 'chat', modelId: 'gpt-5-mini', agentId: `agt_xss_${String(i)}`, words: 1_000 });
    if (i % 5 !== 0) m.backend.engine.run({ kind: 'system' }, 'usage.record', { orgId, channel: 'internal_chat', modelId: 'gpt-5-mini', memberId: `usr_xss_${String(i)}`, words: 1_000 });
  }
}

/** Single-valued sinks (the organization's own strings): rotation k puts payload k + j into sink j. */
function storeOrgStrings(k: number): void {
  const org = m.backend.engine.state.orgs[orgId];
  if (!org) throw new Error('no org');
  org.name = p(k);
  org.logoUrl = p(k + 1);
  org.notificationEmail = p(k + 2);
  org.billingIdentity = { email: p(k + 3), name: p(k + 4), country: p(k + 5), address: p(k + 6), postalCode: p(k + 7), city: p(k + 8), taxId: p(k + 9) };
}
const ORG_SINKS = 10;

/** Without white space (a text input drops line breaks from its value). */
const squash = (v: string) => v.replace(/\s+/g, '');

/** Everything shown (text, form values, attribute values) through every shadow root. */
function shownStrings(root: ParentNode): string {
  const out: string[] = [];
  for (const node of deepNodes(root)) {
    if (node.shadowRoot) out.push(node.shadowRoot.textContent ?? '');
    for (const a of Array.from(node.attributes)) out.push(a.value);
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement) out.push(node.value);
  }
  out.push((root as Element).textContent ?? '');
  return out.join('\n');
}

/** The DOM carries no trace of the payloads as markup: no on* attribute, no script URL, no unsandboxed frame. */
function assertInert(root: ParentNode, where: string): void {
  const problems: string[] = [];
  for (const node of deepNodes(root)) {
    for (const a of Array.from(node.attributes)) {
      if (/^on/i.test(a.name)) problems.push(`<${node.localName}> has ${a.name}="${a.value}"`);
      if ((URL_ATTRIBUTES as readonly string[]).includes(a.name.toLowerCase()) && dangerousUrl(a.value)) problems.push(`<${node.localName}> ${a.name}="${a.value}"`);
    }
    if (node.localName === 'iframe' && (node.getAttribute('sandbox') ?? 'none') !== '') problems.push(`an iframe that is not fully sandboxed: sandbox="${node.getAttribute('sandbox') ?? '(none)'}"`);
    if (['script', 'object', 'embed', 'base', 'meta'].includes(node.localName)) problems.push(`a <${node.localName}> element`);
    if (node.localName === 'iframe' && node.hasAttribute('srcdoc')) problems.push('an iframe with srcdoc');
  }
  expect(problems, where).to.deep.equal([]);
  expect(sentinel.ran, `${where}: payloads that ran`).to.deep.equal([]);
}

/** Open what only shows on demand: invoice rows, the per-day table, and group usage by agent and member. */
async function exercise(els: OrgKitElement[]): Promise<void> {
  for (const el of els) {
    const root = el.shadowRoot;
    if (!root) continue;
    if (el.localName === 'invoice-list') {
      for (const t of Array.from(root.querySelectorAll<HTMLButtonElement>('[part~="toggle"]'))) t.click();
    }
    if (el.localName === 'usage-chart') root.querySelector<HTMLButtonElement>('[part~="table-toggle"]')?.click();
  }
  await sleep(0);
}

describe('XSS: the corpus in every user-controlled string, rendered by every element', function () {
  this.timeout(60_000);

  before(async () => {
    m = await mock('standard-team');
    orgId = m.state.orgId;
    sentinel = armSentinel();
    storeCorpus();
    storeOrgStrings(0);
  });
  afterEach(() => {
    unmount();
    sentinel.ran.length = 0;
  });
  after(() => {
    console.log(`[xss] ${String(N)} payloads; ${String(MULTI_SINKS + ORG_SINKS)} string sinks (${String(MULTI_SINKS)} per record × ${String(N)} records each, ${String(ORG_SINKS)} organization strings rotated ${String(N)}×); ${String(INNER_TAGS.length + 1)} elements and 4 console tabs`);
    delete window.__xss;
  });

  it(`the corpus has at least 30 payloads, each with its own sentinel number`, () => {
    expect(N).to.be.at.least(30);
    PAYLOADS.forEach((payload, i) => expect(payload, payload).to.include(`__xss(${String(i + 1)})`));
  });

  for (const group of ['usage by agent', 'usage by member'] as const) {
    it(`${group}: every element shows every payload as text, nothing runs`, async function () {
      this.timeout(20_000);
      const { provider, els } = mountProvider(m.clientFor('owner'), orgId, INNER_TAGS);
      const chart = els.find((e) => e.localName === 'usage-chart');
      chart?.setAttribute('group-by', group === 'usage by agent' ? 'agent' : 'member');
      await Promise.all(els.map((el) => ready(el, 10_000)));
      await exercise(els);
      await Promise.all(els.map((el) => ready(el, 10_000)));
      assertInert(provider, group);
      // Not vacuous: the payloads reached the page — as text.
      const shown = shownStrings(provider);
      const missing = PAYLOADS.filter((x) => !shown.includes(x));
      expect(missing, 'payloads never shown').to.deep.equal([]);
      for (const el of els) expect(el.shadowRoot?.querySelector('[part~="error"]') ?? null, `<${el.localName}> failed to render the data`).to.equal(null);
    });
  }

  it('PDF and view of invoices whose numbers, lines and billed-to details are payloads: blob URLs, a sandboxed frame, nothing runs', async function () {
    this.timeout(20_000);
    const { provider, els } = mountProvider(m.clientFor('owner'), orgId, ['invoice-list']);
    const list = els[0];
    if (!list) throw new Error('no invoice-list');
    await ready(list);
    const root = list.shadowRoot;
    if (!root) throw new Error('no shadow root');
    const clicked: string[] = [];
    const onClick = (e: MouseEvent) => {
      const a = e.composedPath()[0];
      if (a instanceof HTMLAnchorElement) {
        clicked.push(a.href);
        e.preventDefault(); // no real download in the test page
      }
    };
    document.addEventListener('click', onClick, true);
    try {
      // Invoice ids are the server's (an id with markup never reaches a URL: the API refuses it); numbers and lines
      // are payloads — line breaks and quotes included (the download's Content-Disposition header escapes them).
      const rows = Array.from(root.querySelectorAll('tbody[data-invoice-id^="in_xss_"]'));
      expect(rows.length).to.be.at.least(5);
      const picked = rows.slice(0, 6);
      for (const row of picked) {
        const before = clicked.length;
        row.querySelector<HTMLButtonElement>('[part~="pdf-button"]')?.click();
        await waitUntil(() => clicked.length > before || root.querySelector('[part~="action-error"]'), 'the PDF downloads', { timeout: 4_000 });
        expect(root.querySelector('[part~="action-error"]')?.textContent?.trim() ?? null, `download of ${row.getAttribute('data-invoice-id') ?? ''}`).to.equal(null);
      }
      expect(clicked.length).to.equal(picked.length);
      expect(clicked.every((href) => href.startsWith('blob:')), clicked.join(' ')).to.equal(true);
      root.querySelector<HTMLButtonElement>('tbody[data-invoice-id^="in_xss_"] [part~="view-button"]')?.click();
      await waitUntil(() => root.querySelector('[part~="view-frame"]'), 'the view opens', { timeout: 4_000 });
      const frame = root.querySelector('iframe');
      expect(frame?.getAttribute('sandbox')).to.equal('');
      expect(frame?.getAttribute('src') ?? '').to.match(/^blob:/);
      await sleep(100);
      assertInert(provider, 'invoice PDF and view');
    } finally {
      document.removeEventListener('click', onClick, true);
    }
  });

  it('every org-console tab renders the corpus inertly', async function () {
    this.timeout(20_000);
    const { provider, els } = mountProvider(m.clientFor('owner'), orgId, ['org-console']);
    const console_ = els[0] as OrgConsole;
    await ready(console_, 10_000);
    const tabs = console_.allowedTabs;
    expect(tabs).to.deep.equal(['general', 'members', 'plans', 'usage']);
    for (const tab of tabs) {
      console_.shadowRoot?.querySelector<HTMLButtonElement>(`[part~="tab-${tab}"]`)?.click();
      await waitUntil(() => console_.activeTab === tab, `the ${tab} tab opens`);
      await ready(console_, 10_000);
      await exercise(nestedElements(console_));
      assertInert(provider, `org-console › ${tab}`);
    }
  });

  it(`the organization's own strings (name, logo URL, notification email, billing identity): every payload in every one`, async function () {
    this.timeout(40_000);
    // Only the elements that show the organization's own strings are re-rendered per rotation.
    const { provider, els } = mountProvider(m.clientFor('owner'), orgId, ['org-console', 'invoice-list', 'org-switcher']);
    await Promise.all(els.map((el) => ready(el, 10_000)));
    const settings = () => nestedElements(els[0] as Element).find((e) => e.localName === 'org-settings');
    const nameShown = () => squash(settings()?.shadowRoot?.querySelector<HTMLInputElement>('input[name="name"]')?.value ?? '');
    for (let k = 0; k < N; k += 1) {
      storeOrgStrings(k);
      if (k > 0) provider.refresh();
      await waitUntil(() => nameShown() === squash(p(k)), `rotation ${String(k)} shows`, { timeout: 5_000 });
      await Promise.all(els.map((el) => ready(el, 10_000)));
      assertInert(provider, `rotation ${String(k)}`);
      const shown = squash(shownStrings(provider));
      for (let j = 0; j < ORG_SINKS; j += 1) if (j !== 1) expect(shown.includes(squash(p(k + j))), `sink ${String(j)} shows payload ${String(((k + j) % N) + 1)}`).to.equal(true);
      // The logo (sink 1) is a URL: shown in its input, never as an image source unless it is a web URL.
      const logo = settings()?.shadowRoot?.querySelector<HTMLImageElement>('[part~="logo-preview"]');
      if (logo) expect(/^https?:/i.test(logo.getAttribute('src') ?? ''), `logo src ${logo.getAttribute('src') ?? ''}`).to.equal(true);
    }
  });
});

/** Strings per payload record: member name, email, invite email, agent, deployment, invoice id, number, line, 7 billed-to fields. */
const MULTI_SINKS = 15;
