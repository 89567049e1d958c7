/**
 * Faults (issue 9): every element under injected 500s, timeouts, an offline network and slow answers shows an error
 * with Retry (and Retry works), never a spinner without an end, and the loading state before slow data. Forms keep
 * what was typed after a failed save, and optimistic changes are rolled back (the UI equals the server afterwards).
 * Faults come from the mock's fault knobs (`m.backend.faults`); timeouts from the client's `timeoutMs`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { OrgKitClient } from '@orgkit/client';
import type { OrgKitElement } from '../../src/base.js';
import { translate } from '../../src/messages.js';
import type { Mock } from '../helpers.js';
import { mock } from '../helpers.js';
import type { ElementTag } from './support.js';
import { ELEMENT_TAGS, idle, mountProvider, nestedElements, quiet, ready, tokenClient, trackedClient, unmount } from './support.js';

let m: Mock;

/** Where each element's data shows once loaded (inside the element or, for the provider, its child). */
const DATA: Record<ElementTag, string> = {
  'org-provider': '[part~="meters"]',
  'org-switcher': '[part~="select"]',
  'org-members': '[part~="table"]',
  'org-settings': 'input[name="name"]',
  'residency-select': 'input[type="radio"]:checked',
  'plan-picker': '[part~="cards"]',
  'credit-balance': '[part~="balance"]',
  'invoice-list': '[part~="table"]',
  'usage-chart': '[part~="summary"]',
  'usage-meters': '[part~="meters"]',
  'spend-caps': '[part~="members"]',
  'org-console': 'input[name="name"]',
};

/** The element and the elements it composes or wraps (the provider's child, org-console's tab). */
const family = (el: OrgKitElement): OrgKitElement[] => {
  const inner = el.localName === 'org-provider' ? Array.from(el.children).filter((c): c is OrgKitElement => !!c.shadowRoot) : [];
  return [el, ...inner, ...nestedElements(el), ...inner.flatMap(nestedElements)];
};
const all = (el: OrgKitElement, selector: string) => family(el).flatMap((e) => Array.from(e.shadowRoot?.querySelectorAll(selector) ?? []));
const errors = (el: OrgKitElement) => all(el, '[part~="error"]');
/** Nothing busy anywhere: every loading state has ended. */
const calm = (el: OrgKitElement) => family(el).every((e) => !e.shadowRoot?.querySelector('[aria-busy="true"], [part~="loading"]'));
const hasData = (el: OrgKitElement, tag: ElementTag) => all(el, DATA[tag]).length > 0;

type Fault = '500' | 'timeout' | 'offline';
const FAULT_TEXT: Record<Fault, string> = {
  '500': translate('en', 'error.internal_error'),
  timeout: translate('en', 'state.timeout'),
  offline: translate('en', 'state.offline'),
};

function arm(fault: Fault): void {
  if (fault === '500') m.backend.faults.failNext = 1_000;
  if (fault === 'timeout') m.backend.faults.latencyMs = 1_500;
  if (fault === 'offline') m.backend.faults.offline = true;
}

/** The provider and the switcher show the session; the others load their own data and are broken on a refresh. */
const SESSION_ONLY = new Set<ElementTag>(['org-provider', 'org-switcher']);
const scenarioOf = (tag: ElementTag) => (tag === 'org-switcher' ? 'multi-org' : 'standard-team');

async function mountTag(tag: ElementTag, client = m.clientFor('owner')): Promise<{ el: OrgKitElement; refresh: () => void }> {
  const { provider, els } = mountProvider(client, m.state.orgId, tag === 'org-provider' ? ['usage-meters'] : [tag]);
  const el = tag === 'org-provider' ? (provider as unknown as OrgKitElement) : (els[0] as OrgKitElement);
  return { el, refresh: () => provider.refresh() };
}

async function retryAll(el: OrgKitElement, tag: ElementTag): Promise<void> {
  m.stop(); // the network is back
  // The user presses every Retry shown (a section whose load was still running during the fault may fail later).
  const pressed = new Set<Element>();
  await waitUntil(
    () => {
      for (const b of all(el, '[part~="error"] [part~="retry-button"]')) {
        if (pressed.has(b)) continue;
        pressed.add(b);
        (b as HTMLButtonElement).click();
      }
      return errors(el).length === 0 && calm(el) && hasData(el, tag);
    },
    `<${tag}> recovers after Retry`,
    { timeout: 5_000 },
  ).catch((e: unknown) => {
    throw new Error(`${String(e)}: errors ${String(errors(el).length)} (${errors(el).map((x) => x.textContent?.trim()).join(' | ')}), calm ${String(calm(el))}, data ${String(hasData(el, tag))}`);
  });
}

describe('Faults: every element shows an error with Retry, ends every spinner, and recovers', function () {
  this.timeout(15_000);
  let cases = 0;
  afterEach(() => {
    m.stop();
    unmount();
  });
  after(() => console.log(`[faults] ${String(cases)} fault cases`));

  for (const tag of ELEMENT_TAGS) {
    describe(`<${tag}>`, () => {
      // Nothing here changes the server: one scenario per element.
      before(async () => {
        m = await mock(scenarioOf(tag));
      });

      for (const fault of ['500', 'timeout', 'offline'] as const) {
        it(`${fault}: an error with Retry, no endless spinner, Retry works`, async () => {
          cases += 1;
          const token = m.person(tag === 'org-switcher' ? 'lea@schmid.test' : 'owner').token;
          // A short deadline while the fault lasts; the client reads its options per call, so Retry gets a normal one
          // (a busy CI machine may take longer than 300 ms for a healthy answer).
          const options = { getAuthToken: () => token, maxRetries: 0, timeoutMs: 5_000 };
          const client = new OrgKitClient(options);
          const armAll = () => {
            arm(fault);
            if (fault === 'timeout') options.timeoutMs = 300;
          };
          let el: OrgKitElement;
          if (SESSION_ONLY.has(tag)) {
            armAll(); // the session itself fails to load
            el = (await mountTag(tag, client)).el;
          } else {
            const mounted = await mountTag(tag, client);
            el = mounted.el;
            await ready(el);
            expect(hasData(el, tag), 'loaded before the fault').to.equal(true);
            armAll(); // the data fails to load again (a refresh after a change anywhere)
            mounted.refresh();
          }
          await waitUntil(() => errors(el).length > 0 && calm(el), `<${tag}> shows an error after ${fault}`, { timeout: 5_000 });
          for (const err of errors(el)) {
            expect(err.getAttribute('role'), 'announced').to.equal('alert');
            expect(err.querySelector('[part~="retry-button"]'), 'with Retry').to.not.equal(null);
            expect(err.textContent, 'in words').to.contain(FAULT_TEXT[fault]);
          }
          expect(family(el).every(idle) || calm(el), 'no spinner left').to.equal(true);
          options.timeoutMs = 5_000;
          await retryAll(el, tag);
        });
      }

      it('slow: the loading state (aria-busy), then the data', async () => {
        cases += 1;
        m.backend.faults.latencyMs = 250;
        const { el } = await mountTag(tag, tokenClient(m.person(tag === 'org-switcher' ? 'lea@schmid.test' : 'owner').token, { timeoutMs: 5_000 }));
        await waitUntil(() => all(el, '[part~="loading"][aria-busy="true"]').length > 0 || (el.shadowRoot?.querySelector('[aria-busy="true"]') ?? null), 'a loading state is shown', { timeout: 2_000 });
        await waitUntil(() => hasData(el, tag) && calm(el), `<${tag}> shows its data`, { timeout: 8_000 });
        expect(errors(el)).to.have.length(0);
      });
    });
  }
});

// — forms: input kept, optimistic changes rolled back —

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = el.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
};
function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}
const sys = { kind: 'system' } as const;
/** An error region that says something (live regions may be there, empty, all along). */
const saysError = (el: Element, selector: string) =>
  Array.from(el.shadowRoot?.querySelectorAll(selector) ?? []).some((e) => (e.textContent?.trim() ?? '') !== '' && e.checkVisibility());

let inFlight: () => number = () => 0;

async function mountOwner(tag: string): Promise<OrgKitElement> {
  const tracked = trackedClient(m.person('owner').token);
  inFlight = tracked.inFlight;
  const { els } = mountProvider(tracked.client, m.state.orgId, [tag]);
  const el = els[0] as OrgKitElement;
  await ready(el);
  return el;
}

/** Fail the next request — once the element is quiet, so it is the user's action that fails. */
async function failNextAction(el: OrgKitElement): Promise<void> {
  await quiet(el, inFlight);
  m.backend.faults.failNext = 1;
}

describe('Faults in forms: what was typed stays, optimistic changes are rolled back', function () {
  this.timeout(15_000);
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => {
    m.stop();
    unmount();
  });

  it('INV-2 <org-members> a failed invite keeps the dialog, the email and the role; sending again invites once', async () => {
    // Standard has 3 of 3 seats: put the organization on Pro first so an invite is possible.
    await m.control(`/orgs/${m.state.orgId}/plan`, { planId: 'pro', interval: 'month' });
    const el = await mountOwner('org-members');
    $<HTMLButtonElement>(el, '[part~="invite-button"]').click();
    await waitUntil(() => el.shadowRoot?.querySelector<HTMLDialogElement>('[part~="invite-dialog"]')?.open, 'the dialog opens');
    typeInto($<HTMLInputElement>(el, '[part~="invite-email"]'), 'new.person@acme-ai.test');
    const role = $<HTMLSelectElement>(el, '[part~="invite-role"]');
    role.value = 'builder';
    role.dispatchEvent(new Event('change', { bubbles: true }));
    await failNextAction(el);
    $<HTMLButtonElement>(el, '[part~="invite-submit"]').click();
    await waitUntil(() => saysError(el, '[part~="invite-error"]'), 'the error is shown in the dialog');
    expect($<HTMLDialogElement>(el, '[part~="invite-dialog"]').open).to.equal(true);
    expect($<HTMLInputElement>(el, '[part~="invite-email"]').value).to.equal('new.person@acme-ai.test');
    expect($<HTMLSelectElement>(el, '[part~="invite-role"]').value).to.equal('builder');
    const pending = () => m.backend.engine.query(sys, 'invites.list', { orgId: m.state.orgId }).filter((i) => i.email === 'new.person@acme-ai.test');
    expect(pending()).to.have.length(0);
    $<HTMLButtonElement>(el, '[part~="invite-submit"]').click();
    await waitUntil(() => !$<HTMLDialogElement>(el, '[part~="invite-dialog"]').open, 'sent: the dialog closes');
    expect(pending().map((i) => i.role)).to.deep.equal(['builder']);
  });

  it('MEM-5 <org-members> a failed role change is rolled back to the server’s role', async () => {
    const el = await mountOwner('org-members');
    const bea = m.person('builder').userId;
    const select = $<HTMLSelectElement>(el, `[data-user-id="${bea}"] [part~="role-select"]`);
    await failNextAction(el);
    select.value = 'member';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => saysError(el, '[part~="action-error"]'), 'the refusal is shown');
    await waitUntil(() => $<HTMLSelectElement>(el, `[data-user-id="${bea}"] [part~="role-select"]`).value === 'builder', 'rolled back');
    expect(m.backend.engine.state.orgs[m.state.orgId]?.members[bea]?.role).to.equal('builder');
  });

  it('ORG-3 <org-settings> a failed save keeps the typed name; the server keeps its name; saving again works', async () => {
    const el = await mountOwner('org-settings');
    const before = m.backend.engine.state.orgs[m.state.orgId]?.name;
    typeInto($<HTMLInputElement>(el, 'input[name="name"]'), 'Acme Robotics');
    await el.updateComplete; // Save is enabled once something changed
    await failNextAction(el);
    $<HTMLButtonElement>(el, '[part~="save-profile"]').click();
    await waitUntil(() => saysError(el, '[part~="section-profile"] [role="alert"], [part~="section-error"]'), 'the error is shown');
    expect($<HTMLInputElement>(el, 'input[name="name"]').value).to.equal('Acme Robotics');
    expect(m.backend.engine.state.orgs[m.state.orgId]?.name).to.equal(before);
    $<HTMLButtonElement>(el, '[part~="save-profile"]').click();
    await waitUntil(() => m.backend.engine.state.orgs[m.state.orgId]?.name === 'Acme Robotics', 'saved');
  });

  it('RES-3 <residency-select> a failed save keeps the chosen tier and its Save; the server keeps its tier', async () => {
    const el = await mountOwner('residency-select');
    $<HTMLInputElement>(el, 'input[value="eu-any"]').click();
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="save-button"]') && calm(el), 'the preview offers Save');
    await failNextAction(el);
    $<HTMLButtonElement>(el, '[part~="save-button"]').click();
    await waitUntil(() => saysError(el, '[role="alert"]'), 'the error is shown');
    expect($<HTMLInputElement>(el, 'input[type="radio"]:checked').value).to.equal('eu-any');
    expect(el.shadowRoot?.querySelector('[part~="save-button"]'), 'Save is still offered').to.not.equal(null);
    expect(m.backend.engine.state.orgs[m.state.orgId]?.residency).to.equal('global');
    $<HTMLButtonElement>(el, '[part~="save-button"]').click();
    await waitUntil(() => m.backend.engine.state.orgs[m.state.orgId]?.residency === 'eu-any', 'saved');
  });

  it('CAP-4 <spend-caps> a failed cap keeps the typed number; the server keeps no cap; saving again works', async () => {
    const el = await mountOwner('spend-caps');
    const input = $<HTMLInputElement>(el, '[part~="members"] [part~="cap-input"]');
    const form = input.closest('form');
    if (!form) throw new Error('no cap form');
    typeInto(input, '777');
    await el.updateComplete;
    await failNextAction(el);
    form.querySelector<HTMLButtonElement>('[part~="save-button"]')?.click();
    await waitUntil(() => saysError(el, '[part~="members"] [part~="field-error"]'), 'the error is shown');
    expect($<HTMLInputElement>(el, '[part~="members"] [part~="cap-input"]').value).to.equal('777');
    const caps = () => Object.values(m.backend.engine.state.orgs[m.state.orgId]?.caps.members ?? {});
    expect(caps()).to.deep.equal([]);
    $<HTMLInputElement>(el, '[part~="members"] [part~="cap-input"]').closest('form')?.querySelector<HTMLButtonElement>('[part~="save-button"]')?.click();
    await waitUntil(() => caps().includes(777), 'saved');
  });

  it('CHG-4 <plan-picker> a failed downgrade keeps the dialog and the keep-list; nothing is scheduled; confirming again schedules it once', async () => {
    const el = await mountOwner('plan-picker');
    $<HTMLButtonElement>(el, '[part~="card-lite"] [part~="action-button"]').click();
    await waitUntil(() => el.shadowRoot?.querySelector('dialog[open] [part~="keep-agents"] input') && calm(el), 'the downgrade dialog opens with its keep-lists');
    const boxes = () => Array.from(el.shadowRoot?.querySelectorAll<HTMLInputElement>('dialog[open] [part~="keep-members"] input[type="checkbox"], dialog[open] [part~="keep-agents"] input[type="checkbox"]') ?? []);
    const chosen = () => boxes().map((b) => `${b.value}:${String(b.checked)}`);
    // Keep the second agent instead of the first (Lite keeps one agent).
    const agents = Array.from(el.shadowRoot?.querySelectorAll<HTMLInputElement>('dialog[open] [part~="keep-agents"] input[type="checkbox"]') ?? []);
    const [first, second] = agents;
    if (first?.checked && second && !second.checked) {
      first.click();
      await el.updateComplete;
      second.click();
    }
    await el.updateComplete;
    const kept = chosen();
    expect(kept.length).to.be.at.least(2);
    expect(second?.checked, 'the second agent is chosen').to.equal(true);
    await failNextAction(el);
    $<HTMLButtonElement>(el, 'dialog[open] [part~="confirm-button"]').click();
    await waitUntil(() => saysError(el, 'dialog[open] [role="alert"]'), 'the error is shown in the dialog');
    expect(chosen(), 'the keep-list is as chosen').to.deep.equal(kept);
    expect(m.backend.engine.state.orgs[m.state.orgId]?.subscription.pendingChange).to.equal(null);
    $<HTMLButtonElement>(el, 'dialog[open] [part~="confirm-button"]').click();
    await waitUntil(() => m.backend.engine.state.orgs[m.state.orgId]?.subscription.pendingChange !== null, 'scheduled');
    const pending = m.backend.engine.state.orgs[m.state.orgId]?.subscription.pendingChange;
    expect(pending?.planId).to.equal('lite');
    expect(pending?.keep?.agentIds).to.deep.equal([second?.value]);
  });

  it('AR-2 AR-3 <credit-balance> a failed auto-recharge change is rolled back: package and switch equal the server', async () => {
    const el = await mountOwner('credit-balance');
    const ar = () => m.backend.engine.query(sys, 'packages.list', { orgId: m.state.orgId }).autoRecharge;
    const select = $<HTMLSelectElement>(el, '[part~="ar-package"]');
    await failNextAction(el);
    select.value = 'pkg_1000';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => saysError(el, '[part~="ar-error"]'), 'the refusal is shown');
    expect($<HTMLSelectElement>(el, '[part~="ar-package"]').value, 'the package is rolled back').to.equal(ar().packageId ?? '');
    expect(ar().packageId).to.equal(null);
    // With a package set, a failed switch-on is rolled back too.
    select.value = 'pkg_1000';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => ar().packageId === 'pkg_1000' && !$<HTMLInputElement>(el, '[part~="ar-toggle"]').disabled, 'the package is set');
    await failNextAction(el);
    $<HTMLInputElement>(el, '[part~="ar-toggle"]').click();
    await waitUntil(() => saysError(el, '[part~="ar-error"]'), 'the refusal is shown');
    await waitUntil(() => $<HTMLInputElement>(el, '[part~="ar-toggle"]').checked === ar().enabled, 'the switch equals the server');
    expect(ar().enabled).to.equal(false);
  });
});
