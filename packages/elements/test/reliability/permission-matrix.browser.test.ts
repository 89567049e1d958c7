/**
 * The UI half of the permission matrix (issue 9): in every element, for every acting state, the set of actions the
 * element offers equals the set the server's reported capabilities allow — no more (never an action the API would
 * refuse) and no fewer. The expected sets come from the table below, written from the rules (docs: spec/rules.md),
 * not from the elements' code; the capabilities come from the session the server reports for that state (ROLE-8).
 */
import { expect } from '@open-wc/testing';
import type { Capability } from '@orgkit/contract';
import type { OrgKitElement } from '../../src/base.js';
import type { ElementTag, Reported as Session, World } from './support.js';
import { ACTING_STATES, buildWorld, ELEMENT_TAGS, INNER_TAGS, mountProvider, nestedElements, operable, operableControls, ready, reported, unmount } from './support.js';

type Reported = Session & { pendingChange: boolean };

/** An action is allowed when the state has every listed capability (and, for the switcher, several organizations). */
type Need = readonly Capability[] | ((r: Reported) => boolean);

interface Action {
  /** A stable name in the matrix. */
  name: string;
  /** Where it is, by part (in the element's own shadow root). */
  selector: string;
  need: Need;
  rule: string;
  /** `present`: a Save button that stays disabled until something changed counts when it is shown at all. */
  mode?: 'present';
  /** Offered also where the element shows no data (ORG-9: someone in several organizations may switch away). */
  ungated?: true;
}

interface ElementSpec {
  /** The capabilities (any of) that let the element show data at all; null: always (ROLE-5: a member sees no-access). */
  view: readonly Capability[] | null;
  actions: readonly Action[];
  /**
   * Controls that change nothing on the server (view filters, expanding a row, Retry): allowed in any state that may
   * see the element. Any operable control that is neither an action nor listed here fails the test ("exactly").
   */
  neutral: readonly string[];
}

const several = (r: Reported) => r.memberships >= 2; // ORG-9
const never = () => false;

/** The table, from spec/rules.md. */
const TABLE: Record<ElementTag, ElementSpec> = {
  'org-provider': { view: null, actions: [], neutral: [] },
  'org-switcher': {
    view: null,
    actions: [{ name: 'switch organization', selector: '[part~="select"]', need: several, rule: 'ORG-9' }],
    neutral: ['retry-button'],
  },
  'org-members': {
    view: ['members.read'], // ROLE-4 [D], BR-4
    actions: [
      { name: 'invite', selector: '[part~="invite-button"]', need: ['members.invite'], rule: 'INV-2' },
      { name: 'change role', selector: '[part~="role-select"]', need: ['members.manage'], rule: 'MEM-5' },
      { name: 'remove', selector: '[part~="remove-button"]', need: ['members.manage'], rule: 'MEM-4' },
      { name: 'reactivate', selector: '[part~="reactivate-button"]', need: ['members.manage'], rule: 'MEM-3' },
      { name: 'revoke invite', selector: '[part~="revoke-button"]', need: ['members.manage'], rule: 'INV-7' },
      { name: 'hand over billing', selector: '[part~="transfer-button"]', need: ['billing.transfer'], rule: 'BR-3' },
      { name: 'leave', selector: '[part~="leave-button"]', need: ['org.leave'], rule: 'MEM-6' },
      // Never, for anyone: your own role or removal (MEM-4, MEM-5), the owner's (OWN-2).
      { name: 'change own role', selector: '[part~="row-self"] [part~="role-select"]', need: never, rule: 'MEM-5' },
      { name: 'remove yourself', selector: '[part~="row-self"] [part~="remove-button"]', need: never, rule: 'MEM-4' },
      { name: "change the owner's role", selector: '[data-owner] [part~="role-select"]', need: never, rule: 'OWN-2' },
      { name: 'remove the owner', selector: '[data-owner] [part~="remove-button"]', need: never, rule: 'OWN-2' },
    ],
    neutral: ['retry-button'],
  },
  'org-settings': {
    view: ['settings.read'], // ORG-3
    actions: [
      { name: 'edit name', selector: 'input[name="name"]', need: ['settings.edit'], rule: 'ORG-3' },
      { name: 'edit logo', selector: 'input[name="logoUrl"]', need: ['settings.edit'], rule: 'ORG-3' },
      { name: 'choose logo file', selector: 'input[type="file"]', need: ['settings.edit'], rule: 'ORG-3' },
      { name: 'edit billing identity', selector: 'input[name="email"]', need: ['settings.edit'], rule: 'ORG-5' },
      { name: 'edit billing address', selector: 'input[name="address"], input[name="postalCode"], input[name="city"], input[name="taxId"], select', need: ['settings.edit'], rule: 'ORG-5' },
      { name: 'edit notification email', selector: 'input[name="notificationEmail"]', need: ['settings.edit'], rule: 'ORG-3' },
      { name: 'toggle features', selector: 'input[type="checkbox"]', need: ['settings.edit'], rule: 'ORG-6' },
      { name: 'chat visibility', selector: 'input[type="radio"]', need: ['settings.edit'], rule: 'ORG-7' },
      { name: 'save', selector: '[part~="save-button"]', need: ['settings.edit'], rule: 'ORG-3', mode: 'present' },
      { name: 'delete organization', selector: '[part~="delete-button"]', need: ['org.delete'], rule: 'ORG-8' },
    ],
    neutral: ['copy-button', 'retry-button'],
  },
  'residency-select': {
    view: ['settings.read', 'residency.edit'],
    actions: [{ name: 'choose tier', selector: 'input[type="radio"]', need: ['residency.edit'], rule: 'RES-3' }],
    neutral: ['retry-button'],
  },
  'plan-picker': {
    view: ['billing.summary', 'billing.read'],
    actions: [
      { name: 'change plan', selector: '[part~="action-button"]', need: ['plans.change'], rule: 'CHG-1' },
      { name: 'cancel plan', selector: '[part~="cancel-button"]', need: ['plans.change'], rule: 'CHG-5' },
      { name: 'keep my plan', selector: '[part~="keep-plan-button"]', need: (r) => r.pendingChange && r.caps.has('plans.change'), rule: 'CHG-5' },
    ],
    // The Monthly / Yearly toggle only changes the prices shown.
    neutral: ['interval-toggle', 'retry-button'],
  },
  'credit-balance': {
    view: ['billing.summary', 'billing.read'],
    actions: [
      { name: 'buy package', selector: '[part~="buy-button"]', need: ['credits.purchase'], rule: 'PKG-5' },
      { name: 'recharge package', selector: '[part~="ar-package"]', need: ['autorecharge.manage'], rule: 'AR-2' },
      // A package is chosen in this organization, so the switch is operable for whoever may manage it (AR-3).
      { name: 'auto-recharge switch', selector: '[part~="ar-toggle"]', need: ['autorecharge.manage'], rule: 'AR-2' },
    ],
    neutral: ['retry-button', 'pending-check'],
  },
  'invoice-list': {
    view: ['invoices.read'], // BILL-3
    actions: [
      { name: 'download PDF', selector: '[part~="pdf-button"]', need: ['invoices.read'], rule: 'BILL-1' },
      { name: 'view invoice', selector: '[part~="view-button"]', need: ['invoices.read'], rule: 'BILL-1' },
    ],
    neutral: ['toggle', 'more-button', 'retry-button', 'settings-link'],
  },
  'usage-chart': {
    view: ['billing.summary', 'usage.read'], // USE-2: builders see the summary only
    actions: [
      { name: 'period', selector: '[part~="preset"], [part~="custom-days"], [part~="custom-apply"]', need: ['usage.read'], rule: 'USE-1' },
      { name: 'unit and grouping', selector: '[part~="unit"], [part~="group-by"]', need: ['usage.read'], rule: 'USE-3' },
      { name: 'chart style and table', selector: '[part~="mode-button"], [part~="table-toggle"]', need: ['usage.read'], rule: 'USE-1' },
      { name: 'recent activity', selector: '[part~="load-more"]', need: ['usage.read'], rule: 'USE-1' },
      { name: 'organization picker', selector: '[part~="org-picker"]', need: several, rule: 'ORG-9', ungated: true },
    ],
    neutral: ['retry-button'],
  },
  'usage-meters': {
    view: ['billing.summary'], // PLAN-4, ROLE-4
    actions: [
      { name: 'view stats', selector: '[part~="stats-link"]', need: ['usage.read'], rule: 'USE-2' },
      { name: 'change plan', selector: '[part~="plans-button"]', need: ['plans.change'], rule: 'CHG-1' },
    ],
    neutral: ['retry-button'],
  },
  'spend-caps': {
    view: ['billing.read', 'caps.manage'],
    actions: [
      { name: 'set cap', selector: '[part~="cap-input"], [part~="save-button"]', need: ['caps.manage'], rule: 'CAP-4' },
      { name: 'clear cap', selector: '[part~="clear-button"]', need: ['caps.manage'], rule: 'CAP-4' },
      { name: 'alert threshold', selector: '[part~="threshold-input"], [part~="recipients"] input', need: ['caps.manage'], rule: 'CAP-3' },
      { name: 'save alert', selector: '[part~="save-alerts"]', need: ['caps.manage'], rule: 'CAP-3', mode: 'present' },
    ],
    neutral: ['retry-button'],
  },
  'org-console': {
    view: null,
    actions: [
      { name: 'General tab', selector: '[part~="tab-general"]', need: ['settings.read'], rule: 'ORG-3' },
      { name: 'Members tab', selector: '[part~="tab-members"]', need: ['members.read'], rule: 'ROLE-4' },
      { name: 'Plans tab', selector: '[part~="tab-plans"]', need: ['billing.summary'], rule: 'ROLE-4' },
      { name: 'Usage tab', selector: '[part~="tab-usage"]', need: ['billing.summary'], rule: 'USE-2' },
    ],
    neutral: ['retry-button', 'chat-link'],
  },
};

const allowed = (need: Need, r: Reported) => (typeof need === 'function' ? need(r) : need.every((c) => r.caps.has(c)));

/** The expected actions of an element in a state: its view gate first (ROLE-5, ROLE-7), then each action's need. */
function expected(tag: ElementTag, r: Reported): string[] {
  const spec = TABLE[tag];
  const sees = r.active && (spec.view === null || spec.view.some((c) => r.caps.has(c)));
  return spec.actions.filter((a) => (sees || (a.ungated && r.active)) && allowed(a.need, r)).map((a) => a.name).sort();
}

/** The actions an element offers now (and the operable controls the table does not know). */
function offered(el: Element): { actions: string[]; unknown: string[] } {
  const tag = el.localName as ElementTag;
  const spec = TABLE[tag];
  const root = el.shadowRoot;
  if (!root) return { actions: [], unknown: [] };
  // Mark the owner's row, so the table can name it without knowing how the element draws rows.
  const actions = spec.actions
    .filter((a) => Array.from(root.querySelectorAll(a.selector)).some((c) => (a.mode === 'present' ? c.checkVisibility() && !c.closest('dialog:not([open])') : operable(c))))
    .map((a) => a.name)
    .sort();
  const known = (c: Element) =>
    spec.actions.some((a) => c.matches(a.selector) || c.closest(a.selector) !== null) ||
    spec.neutral.some((p) => c.matches(`[part~="${p}"]`) || c.closest(`[part~="${p}"]`) !== null);
  const unknown = operableControls(el)
    .filter((c) => !known(c))
    .map((c) => `${c.localName}${c.getAttribute('part') ? `[part="${c.getAttribute('part') ?? ''}"]` : ''}${c.getAttribute('name') ? `[name="${c.getAttribute('name') ?? ''}"]` : ''} "${(c.textContent ?? '').trim().slice(0, 30)}"`);
  return { actions, unknown };
}

let world: World;
let cells = 0;

describe('ROLE-8 permission matrix: every element offers exactly the actions the server allows', function () {
  this.timeout(60_000);

  before(async () => {
    world = await buildWorld();
  });
  after(() => {
    unmount();
    const actions = ELEMENT_TAGS.reduce((n, t) => n + TABLE[t].actions.length, 0);
    // The matrix size (issue 9): elements × acting states × actions, every cell asserted above.
    console.log(`[permission matrix] ${String(ELEMENT_TAGS.length)} elements × ${String(ACTING_STATES.length)} acting states; ${String(actions)} actions × ${String(ACTING_STATES.length)} states = ${String(actions * ACTING_STATES.length)} cells (${String(cells)} asserted)`);
  });

  for (const state of ACTING_STATES) {
    describe(`as ${state}`, () => {
      let r: Reported;
      let els: OrgKitElement[];
      let providerRoot: Element;

      before(async function () {
        this.timeout(20_000);
        const client = world.clients[state];
        // What the server reports for this state, and whether a plan change is scheduled (CHG-5: "Keep my plan").
        const sub = world.m.backend.engine.query({ kind: 'system' }, 'subscription.get', { orgId: world.orgId });
        r = { ...(await reported(client, world.orgId)), pendingChange: sub.pendingChange !== null };
        const mounted = mountProvider(client, world.orgId, INNER_TAGS);
        els = mounted.els;
        providerRoot = mounted.provider;
        await Promise.all(els.map((el) => ready(el, 10_000)));
        // The owner's row, for the "never" entries (OWN-2): marked from the server's data, not the element's markup.
        for (const el of els) {
          for (const row of Array.from(el.shadowRoot?.querySelectorAll(`[data-user-id="${world.ownerId}"]`) ?? [])) row.setAttribute('data-owner', '');
        }
      });

      it(`ROLE-8 the session reports ${state}'s capabilities`, () => {
        if (state === 'owner' || state === 'admin' || state === 'builder' || state === 'member' || state === 'billing holder') expect(r.active).to.equal(true);
        else expect(r.caps.size, 'ROLE-7 / no membership / no identity: no capability in this organization').to.equal(0);
        if (state === 'billing holder') expect([...r.caps]).to.include.members(['billing.read', 'billing.transfer', 'invoices.read']); // BR-2, BR-3
      });

      for (const tag of ELEMENT_TAGS) {
        it(`${rulesOf(tag)} <${tag}> offers exactly what ${state} may do`, () => {
          const el = tag === 'org-provider' ? providerRoot : els.find((x) => x.localName === tag);
          if (!el) throw new Error(`no <${tag}>`);
          const want = expected(tag, r);
          const got = offered(el);
          cells += TABLE[tag].actions.length;
          expect(got.unknown, `<${tag}> as ${state}: operable controls the table does not know`).to.deep.equal([]);
          expect(got.actions, `<${tag}> as ${state}`).to.deep.equal(want);
          if (tag === 'org-provider') expect(el.shadowRoot?.querySelector('button, input, select, a[href]') ?? null).to.equal(null);
          // org-console composes the other elements: the panel shown obeys the same table.
          if (tag === 'org-console') {
            for (const inner of nestedElements(el)) {
              const innerTag = inner.localName as ElementTag;
              if (!(innerTag in TABLE)) continue;
              const g = offered(inner);
              expect(g.unknown, `<org-console> › <${innerTag}> as ${state}: unknown controls`).to.deep.equal([]);
              expect(g.actions, `<org-console> › <${innerTag}> as ${state}`).to.deep.equal(expected(innerTag, r));
            }
          }
        });
      }
    });
  }
});

function rulesOf(tag: ElementTag): string {
  const ids = [...new Set(TABLE[tag].actions.map((a) => a.rule))];
  return ids.length > 0 ? ids.join(' ') : 'ROLE-8';
}
