/**
 * Shared support for the reliability and security suites (permission matrix, XSS, faults, money safety):
 * the acting states, mounting every element under one provider, and reading what an element offers.
 */
import { waitUntil } from '@open-wc/testing';
import { html, render } from 'lit';
import type { TemplateResult } from 'lit';
import { OrgKitClient } from '@orgkit/client';
import type { Capability } from '@orgkit/contract';
import type { OrgKitElement } from '../../src/base.js';
import type { OrgProvider } from '../../src/provider.js';
import type { Mock } from '../helpers.js';
import { mock } from '../helpers.js';

/** Every OrgKit tag (org-provider first: it wraps the others). */
export const ELEMENT_TAGS = [
  'org-provider', 'org-switcher', 'org-members', 'org-settings', 'residency-select', 'plan-picker', 'credit-balance',
  'invoice-list', 'usage-chart', 'usage-meters', 'spend-caps', 'org-console',
] as const;
export type ElementTag = (typeof ELEMENT_TAGS)[number];
/** The tags that render inside a provider (everything but the provider itself). */
export const INNER_TAGS = ELEMENT_TAGS.filter((t): t is Exclude<ElementTag, 'org-provider'> => t !== 'org-provider');

/** The acting states of the permission matrix. */
export const ACTING_STATES = ['owner', 'admin', 'builder', 'member', 'billing holder', 'deactivated', 'non-member', 'no identity'] as const;
export type ActingState = (typeof ACTING_STATES)[number];

export interface World {
  m: Mock;
  orgId: string;
  /** A client per acting state (no retries: a fault is seen at once). */
  clients: Record<ActingState, OrgKitClient>;
  /** Who acts in each state (null for no identity). */
  userIds: Record<ActingState, string | null>;
  ownerId: string;
}

export const tokenClient = (token: string | null, options: { timeoutMs?: number; maxRetries?: number } = {}) =>
  new OrgKitClient({ getAuthToken: () => token, maxRetries: 0, ...options });

/**
 * One organization in which every acting state exists at once (built through the API, as a host's users would):
 * pending-downgrade → the downgrade applies at period end (Marco and Nina are deactivated) → support puts the
 * organization back on Pro → the owner reactivates Marco → Jonas signs up and accepts an invite as a member → the owner hands the billing role to Marco (a plain
 * member, BR-*), who accepts and also founds an organization of his own (ORG-9: he now has two) → a pending invite,
 * an auto-recharge package, a member cap → an outsider signs up (a user of another organization).
 *   owner Olivia · admin Adrian · builder Bea · member Jonas · billing holder Marco (member) · deactivated Nina (builder)
 *   non-member: the outsider pointed at this organization · no identity: a client without a token.
 */
export async function buildWorld(): Promise<World> {
  const m = await mock('pending-downgrade');
  const orgId = m.state.orgId;
  await m.control('/clock', { to: 'period_end' });
  await m.control(`/orgs/${orgId}/plan`, { planId: 'pro', interval: 'month' });
  const owner = m.clientFor('owner');
  const id = (email: string) => m.person(email).userId;
  await owner.members.reactivate(orgId, id('marco@acme-ai.test'));
  // Jonas: a plain member, through an invite he accepts (he signed up on his own first, so he is in two organizations).
  const jonas = await new OrgKitClient({ maxRetries: 0 }).account.signUp({ email: 'jonas@acme-ai.test', name: 'Jonas Weber', orgName: 'Weber Werkstatt' });
  await m.control('/state', undefined, 'GET');
  const invite = await owner.invites.create(orgId, { email: 'jonas@acme-ai.test', role: 'member' });
  await m.clientFor('jonas@acme-ai.test').invites.accept(invite.id);
  if (m.clientFor('jonas@acme-ai.test') && jonas.userId !== id('jonas@acme-ai.test')) throw new Error('Jonas is not who signed up');
  const marco = m.clientFor('marco@acme-ai.test');
  const transfer = await owner.billingTransfers.start(orgId, { toUserId: id('marco@acme-ai.test') });
  await marco.billingTransfers.accept(orgId, transfer.id);
  await marco.orgs.create({ name: 'Rossi Studio' });
  await owner.invites.create(orgId, { email: 'pending@acme-ai.test', role: 'member' });
  await owner.autoRecharge.setPackage(orgId, { packageId: 'pkg_1000' });
  await owner.caps.setMember(orgId, id('bea@acme-ai.test'), { cap: 5_000 });
  const outsider = await new OrgKitClient({ maxRetries: 0 }).account.signUp({ email: 'outsider@elsewhere.test', name: 'Otto Outsider', orgName: 'Elsewhere' });
  await m.control('/state', undefined, 'GET');
  const people: Record<Exclude<ActingState, 'no identity'>, string> = {
    owner: 'olivia@acme-ai.test', admin: 'adrian@acme-ai.test', builder: 'bea@acme-ai.test', member: 'jonas@acme-ai.test',
    'billing holder': 'marco@acme-ai.test', deactivated: 'nina@acme-ai.test', 'non-member': 'outsider@elsewhere.test',
  };
  const clients = { 'no identity': tokenClient(null) } as Record<ActingState, OrgKitClient>;
  const userIds = { 'no identity': null } as Record<ActingState, string | null>;
  for (const [state, email] of Object.entries(people) as [ActingState, string][]) {
    clients[state] = tokenClient(m.person(email).token);
    userIds[state] = m.person(email).userId;
  }
  if (userIds['non-member'] !== outsider.userId) throw new Error('the outsider is not who signed up');
  return { m, orgId, clients, userIds, ownerId: id('olivia@acme-ai.test') };
}

/** What the server reports for one acting state in this organization (ROLE-8): the session's capabilities. */
export interface Reported {
  caps: ReadonlySet<Capability>;
  /** Organizations the user belongs to (ORG-9). */
  memberships: number;
  /** An active membership in this organization. */
  active: boolean;
}

export async function reported(client: OrgKitClient, orgId: string): Promise<Reported> {
  try {
    const s = await client.session.get();
    const mine = s.memberships.find((x) => x.orgId === orgId);
    return { caps: new Set(mine?.capabilities ?? []), memberships: s.memberships.length, active: mine?.state === 'active' };
  } catch {
    return { caps: new Set(), memberships: 0, active: false }; // no identity: 401, nothing is allowed
  }
}

/**
 * A client that counts its requests in flight (so a test arms a one-shot fault only once the element is quiet: no
 * refresh still running that would take the fault instead), with options a test may change between calls.
 */
export function trackedClient(token: string | null): { client: OrgKitClient; options: { timeoutMs: number }; inFlight: () => number } {
  let n = 0;
  const options = {
    getAuthToken: () => token,
    maxRetries: 0,
    timeoutMs: 5_000,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      n += 1;
      try {
        return await fetch(input, init);
      } finally {
        n -= 1;
      }
    },
  };
  return { client: new OrgKitClient(options), options, inFlight: () => n };
}

/** Wait until nothing is in flight and nothing is busy (checked twice, a task apart: a refresh may be queued). */
export async function quiet(el: Element, inFlight: () => number): Promise<void> {
  const still = () => inFlight() === 0 && !el.shadowRoot?.querySelector('[aria-busy="true"], [part~="loading"]');
  for (let i = 0; i < 2; i += 1) {
    await waitUntil(still, `<${el.localName}> never became quiet`, { timeout: 5_000 });
    await sleep(30);
  }
  await waitUntil(still, `<${el.localName}> never became quiet`, { timeout: 5_000 });
}

// — mounting —

let host: HTMLElement | null = null;

/** Render into a fresh container (kept until `unmount()` or the next mount; survives mocha hooks, unlike fixture()). */
export function mountRaw(template: TemplateResult): HTMLElement {
  unmount();
  host = document.createElement('div');
  host.className = 'reliability-host';
  document.body.append(host);
  render(template, host);
  return host;
}

export function unmount(): void {
  if (host) {
    render(html``, host);
    host.remove();
  }
  host = null;
}

/** A provider for `org` with the given client and the listed elements inside. */
export function mountProvider(client: OrgKitClient, orgId: string, tags: readonly string[], o: { checkout?: boolean } = {}): { provider: OrgProvider; els: OrgKitElement[] } {
  const root = mountRaw(html`<org-provider org=${orgId} checkout=${o.checkout === false ? '' : 'simulated'} .client=${client}></org-provider>`);
  const provider = root.querySelector('org-provider') as OrgProvider;
  const els = tags.map((t) => {
    const el = document.createElement(t) as OrgKitElement;
    provider.append(el);
    return el;
  });
  return { provider, els };
}

/** Nothing in this shadow root is loading or busy any more (nested OrgKit elements are checked on their own). */
export function idle(el: Element): boolean {
  const root = el.shadowRoot;
  const ctx = (el as OrgKitElement).ctx;
  if (!root || !ctx || ctx.loading) return false;
  return !root.querySelector('[part~="loading"], [aria-busy="true"]');
}

/** Wait until the element and every OrgKit element inside it are idle. */
export async function ready(el: Element, timeout = 5_000): Promise<void> {
  await waitUntil(() => idle(el) && nestedElements(el).every(idle), `<${el.localName}> never finished loading`, { timeout });
}

/**
 * The OrgKit elements an element composes (org-console renders its tabs' elements into its own light DOM, under a
 * provider of its own), depth-first, through shadow roots too.
 */
export function nestedElements(el: Element): OrgKitElement[] {
  const out: OrgKitElement[] = [];
  const walk = (root: ParentNode) => {
    for (const child of Array.from(root.querySelectorAll('*'))) {
      if (child.shadowRoot && 'ctx' in child && !out.includes(child as OrgKitElement)) {
        out.push(child as OrgKitElement);
        walk(child.shadowRoot);
      }
    }
  };
  walk(el);
  if (el.shadowRoot) walk(el.shadowRoot);
  return out;
}

// — what an element offers —

const CONTROL = 'button, input, select, textarea, a[href], [role="button"], [role="tab"], [role="radio"], [role="checkbox"], [role="switch"], [role="menuitem"], [contenteditable="true"]';

/** A control the user can operate now: shown, not disabled (also by a fieldset), not read-only, not in a closed dialog. */
export function operable(el: Element): boolean {
  if (el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true') return false;
  if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.readOnly) return false;
  if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
  const dialog = el.closest('dialog');
  if (dialog && !dialog.open) return false;
  if (el.closest('[hidden], [inert]')) return false;
  return el.checkVisibility({ checkVisibilityCSS: true } as CheckVisibilityOptions);
}

/** Every operable control in an element's own shadow root (not in nested elements' shadow roots). */
export function operableControls(el: Element): Element[] {
  return Array.from(el.shadowRoot?.querySelectorAll(CONTROL) ?? []).filter(operable);
}

/** Every node of a tree, through every shadow root (for the XSS checks). */
export function* deepNodes(root: ParentNode): Generator<Element> {
  for (const node of Array.from(root.querySelectorAll('*'))) {
    yield node;
    if (node.shadowRoot) yield* deepNodes(node.shadowRoot);
    if (node instanceof HTMLSlotElement) continue;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
