/**
 * The demo's control drawer: a slide-out panel over the mock control API, the same in every host page.
 * Act as anyone, switch organization, move the clock, record usage (channel, agent, member), settle or decline
 * pending payments, set the saved card, inject faults, reset to a scenario — and a few API shortcuts as the acting
 * person. After every action the host's <org-provider> refreshes (see connectHost). Non-modal: the dashboard stays
 * usable beside it; Escape closes it and focus returns to the toggle.
 */
import type { Agent, ControlState, PlanId } from '@orgkit/contract';
import { CHANNELS } from '@orgkit/contract';
import { ApiError } from '@orgkit/client';
import type { ControlPayment } from '../control.js';
import { control, ControlError } from '../control.js';
import { h, options } from '../dom.js';
import type { DemoSession, Person } from './session.js';
import { describeError, KEYS } from './session.js';

const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  chat: 'Chat', voice: 'Voice', widget: 'Widget', realtime: 'Realtime', internal_chat: 'Internal chat',
};
/** Usage is recorded on GPT-5 (5 credits per 1,000 words), so credits convert to words exactly. */
const MODEL = 'gpt-5';
/** The largest single usage event (10,000,000 words at 5 credits per 1,000). */
const CHUNK = 40_000;

const num = (n: number) => new Intl.NumberFormat('en').format(n);
const money = (minor: number, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
const dateTime = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));

export interface DrawerHandle {
  readonly element: HTMLElement;
  open(focus?: boolean): void;
  close(returnFocus?: boolean): void;
  toggle(): void;
  /** Bring toggles rendered after mounting (React, Vue) in line with the drawer's state. */
  sync(): void;
  readonly isOpen: boolean;
}

let ids = 0;
function field(label: string, input: HTMLElement, hint?: string) {
  input.id ||= `dc-${String((ids += 1))}`;
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
}

function section(title: string, ...children: (Node | null)[]) {
  const id = `dc-h-${String((ids += 1))}`;
  return h('section', { 'aria-labelledby': id }, h('h3', { id }, title), ...children);
}

/** Mount the drawer into `root` (an empty element). Toggles are any `[data-drawer-toggle]` buttons on the page. */
export function mountDrawer(root: HTMLElement, session: DemoSession): DrawerHandle {
  root.id = 'demo-drawer';
  root.classList.add('drawer');
  root.setAttribute('aria-labelledby', 'demo-drawer-title');
  root.setAttribute('role', 'complementary');
  root.tabIndex = -1;

  // — acting as —
  const person = h('select', { 'data-test': 'act-as' });
  const org = h('select', { 'data-test': 'org' });
  person.addEventListener('change', () => void session.actAs(person.value));
  org.addEventListener('change', () => session.selectOrg(org.value));

  // — clock —
  const clock = h('p', { class: 'clock', 'aria-live': 'polite' });
  const jump = (label: string, body: Record<string, unknown>) =>
    h('button', { type: 'button', 'data-test': `clock-${label}`, onclick: () => void session.run(`The clock moved ${label}.`, () => control('clock', { body: { ...body, ...(session.orgId ? { orgId: session.orgId } : {}) } })) }, label);

  // — usage —
  const channel = h('select', { 'data-test': 'usage-channel' }, ...options(CHANNELS.map((c) => [c, CHANNEL_LABELS[c]] as const)));
  const agent = h('select', { 'data-test': 'usage-agent' });
  const member = h('select', { 'data-test': 'usage-member' });
  const credits = h('input', { type: 'number', min: 1, step: 1, value: 500, inputmode: 'numeric', 'data-test': 'usage-credits' });
  const balance = h('p', { class: 'hint', 'aria-live': 'polite' });
  const memberField = field('Member (internal chat)', member);
  channel.addEventListener('change', () => (memberField.hidden = channel.value !== 'internal_chat'));
  memberField.hidden = true;

  // — payments —
  const payments = h('div', { class: 'payments', 'aria-live': 'polite' });
  const card = h('select', { 'data-test': 'saved-card' }, ...options([
    ['succeed', 'Visa 4242 — accepted'], ['decline', 'Visa 0002 — declined'], ['pending', 'Visa 3155 — stays pending'], ['none', 'No saved card'],
  ]));

  // — faults —
  const offline = h('input', { type: 'checkbox', 'data-test': 'fault-offline' });
  const latency = h('input', { type: 'number', min: 0, max: 60_000, step: 100, inputmode: 'numeric', 'data-test': 'fault-latency' });
  const errorRate = h('input', { type: 'number', min: 0, max: 100, step: 5, inputmode: 'numeric', 'data-test': 'fault-error-rate' });
  const failNext = h('input', { type: 'number', min: 0, max: 1000, step: 1, inputmode: 'numeric', 'data-test': 'fault-fail-next' });
  let faultsShown = '';

  // — scenario —
  const scenario = h('select', { 'data-test': 'scenario' });
  const scenarioInfo = h('p', { class: 'hint' });
  scenario.addEventListener('change', () => (scenarioInfo.textContent = session.state.scenarios.find((s) => s.name === scenario.value)?.description ?? ''));

  // — API shortcuts (as the acting person) —
  const inviteEmail = h('input', { type: 'email', placeholder: 'name@example.com', autocomplete: 'off' });
  const inviteRole = h('select', {}, ...options([['member', 'Member'], ['builder', 'Builder'], ['admin', 'Admin']]));
  const pkg = h('select', {}, ...options([['pkg_1000', '1,000 credits'], ['pkg_5000', '5,000 credits'], ['pkg_10000', '10,000 credits'], ['pkg_50000', '50,000 credits']]));
  const plan = h('select', {}, ...options([['lite', 'Lite'], ['standard', 'Standard'], ['pro', 'Pro'], ['free', 'Free (cancel)']]));
  const interval = h('select', {}, ...options([['month', 'Monthly'], ['year', 'Yearly']]));

  const notice = h('div', { class: 'drawer-notice', role: 'status', 'aria-live': 'polite', 'data-test': 'drawer-notice' });
  const closeButton = h('button', { type: 'button', class: 'icon', 'aria-label': 'Close demo controls', onclick: () => handle.close() }, '✕');

  const orgId = () => session.orgId ?? session.state.orgId;
  const primary = (label: string, test: string, run: () => void) => h('button', { type: 'button', class: 'primary', 'data-test': test, onclick: run }, label);

  root.replaceChildren(
    h('header', { class: 'drawer-head' },
      h('div', {}, h('h2', { id: 'demo-drawer-title' }, 'Demo controls'), h('p', { class: 'hint' }, 'The mock backend’s control API — not part of OrgKit.')),
      closeButton),
    notice,
    h('div', { class: 'drawer-body' },
      section('Acting as', field('Person', person), field('Organization', org)),
      section('Clock', clock, h('div', { class: 'row' }, jump('+1 h', { hours: 1 }), jump('+1 day', { days: 1 }), jump('+72 h', { hours: 72 }), jump('To period end', { to: 'period_end' }))),
      section('Record usage', field('Channel', channel), field('Agent', agent), memberField, field('Credits', credits), balance,
        h('div', { class: 'row' },
          primary('Record usage', 'usage-record', () => void recordUsage(Math.round(Number(credits.value)))),
          h('button', { type: 'button', 'data-test': 'usage-burn-all', onclick: () => void burnToZero() }, 'Burn to zero'),
          h('button', { type: 'button', 'data-test': 'grant', onclick: () => void session.run('Granted 1,000 promo credits.', () => control('credits', { params: { orgId: orgId() }, body: { amount: 1000, source: 'promo', note: 'Demo grant' } })) }, '+1,000 promo'))),
      section('Payments', payments, field('Saved card', card, 'How the saved card answers the next charge.'),
        h('button', { type: 'button', 'data-test': 'saved-card-apply', onclick: () => void setCard() }, 'Set saved card')),
      section('Faults', h('label', { class: 'check' }, offline, ' Offline — every API request fails'),
        h('div', { class: 'grid2' }, field('Latency (ms)', latency), field('Error rate (%)', errorRate)), field('Fail the next N requests', failNext),
        h('div', { class: 'row' }, primary('Apply faults', 'faults-apply', () => void applyFaults()),
          h('button', { type: 'button', 'data-test': 'faults-clear', onclick: () => void session.run('Faults cleared.', () => control('faults', { body: { offline: false, latencyMs: 0, errorRate: 0, failNext: 0 } })) }, 'Clear'))),
      section('Scenario', field('Scenario', scenario), scenarioInfo,
        h('button', { type: 'button', class: 'danger', 'data-test': 'scenario-reset', onclick: () => void resetTo(scenario.value) }, 'Reset to this scenario')),
      h('details', { class: 'shortcuts' }, h('summary', {}, 'API shortcuts (as the acting person)'),
        field('Invite email', inviteEmail), field('Role', inviteRole),
        h('button', { type: 'button', onclick: () => void session.run(`Invited ${inviteEmail.value}.`, () => session.client.invites.create(orgId(), { email: inviteEmail.value, role: inviteRole.value as 'member' })) }, 'Send invite'),
        field('Package', pkg), h('button', { type: 'button', onclick: () => void buy(pkg.value) }, 'Buy package'),
        h('div', { class: 'grid2' }, field('Plan', plan), field('Billing', interval)),
        h('button', { type: 'button', onclick: () => void changePlan(plan.value as PlanId, interval.value as 'month' | 'year') }, 'Change plan')),
    ),
  );

  // — actions —
  function usageBody(creditsN: number) {
    const body: Record<string, unknown> = { orgId: orgId(), channel: channel.value, credits: creditsN, modelId: MODEL };
    if (agent.value) body.agentId = agent.value;
    if (channel.value === 'internal_chat' && member.value) body.memberId = member.value;
    return body;
  }

  async function recordUsage(total: number) {
    if (!Number.isInteger(total) || total < 1) {
      session.say({ kind: 'error', title: 'Enter a whole number of credits, 1 or more.' });
      credits.setAttribute('aria-invalid', 'true');
      credits.focus();
      return;
    }
    credits.removeAttribute('aria-invalid');
    let done = 0;
    await session.run(() => `Recorded ${num(total)} credits of ${CHANNEL_LABELS[channel.value as 'chat']} usage${agent.value ? ` on ${agent.selectedOptions[0]?.text ?? 'the agent'}` : ''}.`, async () => {
      try {
        while (done < total) {
          const chunk = Math.min(total - done, CHUNK);
          await control('usage', { body: usageBody(chunk) });
          done += chunk;
        }
      } catch (e) {
        if (done > 0 && e instanceof ControlError) throw new ControlError(`Recorded ${num(done)} of ${num(total)} credits, then: ${e.message}`, e.code, e.meta);
        throw e;
      }
    });
  }

  /** CRD-5: usage larger than the balance is refused whole — the refusal tells the balance, which is then burnt. */
  async function burnToZero() {
    await session.run('The balance is at zero: agents are offline.', async () => {
      for (let i = 0; i < 100; i += 1) {
        try {
          await control('usage', { body: usageBody(CHUNK) });
        } catch (e) {
          if (!(e instanceof ControlError) || e.code !== 'insufficient_credits') throw e;
          const left = Number(e.meta.balance ?? 0);
          if (left === 0) return;
          await control('usage', { body: usageBody(left) });
        }
      }
      throw new ControlError('The balance keeps being topped up (auto-recharge is on).', 'auto_recharge');
    });
  }

  async function setCard() {
    const outcome = card.value;
    const body = outcome === 'none' ? { card: null } : { card: { brand: 'visa', last4: outcome === 'succeed' ? '4242' : outcome === 'decline' ? '0002' : '3155', outcome } };
    await session.run(outcome === 'none' ? 'The saved card was removed.' : `The saved card now answers “${outcome}”.`, () => control('card', { params: { orgId: orgId() }, body }));
  }

  async function applyFaults() {
    const clamp = (v: string, max: number) => Math.min(max, Math.max(0, Math.round(Number(v) || 0)));
    await session.run('Faults applied.', () =>
      control('faults', { body: { offline: offline.checked, latencyMs: clamp(latency.value, 60_000), errorRate: clamp(errorRate.value, 100) / 100, failNext: clamp(failNext.value, 1000) } }));
  }

  async function resetTo(name: string) {
    localStorage.removeItem(KEYS.org);
    session.orgId = null;
    await session.run(`Reset to “${name}”.`, () => control('reset', { body: { scenario: name } }));
  }

  /** The simulated checkout's "Pay" as the acting person (what the elements' checkout does). */
  const pay = (checkoutId: string) =>
    control('completeCheckout', { params: { orgId: orgId(), checkoutId }, body: { card: { outcome: 'succeed' } }, token: session.person?.token ?? null, idempotencyKey: crypto.randomUUID() });

  async function buy(packageId: string) {
    await session.run((r) => String(r), async () => {
      const r = await session.client.packages.purchase(orgId(), { packageId });
      if (r.status === 'requires_checkout') {
        await pay(r.checkout.id);
        return 'No saved card: paid in the simulated checkout (Visa 4242).';
      }
      return r.status === 'paid' ? `Bought ${num(r.credits)} credits.` : 'The payment is pending: credits arrive once it is collected (see Payments).';
    });
  }

  async function changePlan(planId: PlanId, iv: 'month' | 'year') {
    await session.run((r) => String(r), async () => {
      try {
        const p = await session.client.subscription.preview(orgId(), { planId, interval: iv });
        await session.client.subscription.change(orgId(), { planId, interval: iv });
        return p.timing === 'now' ? `Changed to ${planId} now.` : `The change to ${planId} is scheduled for the period end.`;
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'checkout_required') throw e;
        const s = await session.client.checkout.start(orgId(), { purpose: 'subscription', planId, interval: iv });
        await pay(s.id);
        return `Subscribed to ${planId} through the simulated checkout.`;
      }
    });
  }

  // — rendering —
  let agentsKey = '';
  async function loadAgents(state: ControlState) {
    const key = `${state.scenario}|${orgId()}|${state.now.slice(0, 13)}`;
    if (key === agentsKey) return;
    agentsKey = key;
    // Agents are read as someone allowed to (the acting person first): the drawer is the operator's, not theirs.
    const people: Person[] = [...(session.person ? [session.person] : []), ...state.people.filter((p) => p.userId !== state.actingUserId)];
    const firstAllowed = async (): Promise<Agent[]> => {
      for (const p of people) {
        const found = await session.clientAs(p).agents.list(orgId()).catch(() => null); // not allowed, or a fault
        if (found) return found;
      }
      return [];
    };
    const list = await firstAllowed();
    const chosen = agent.value;
    agent.replaceChildren(...options([['', 'No agent (organization only)'], ...list.filter((a) => a.state === 'active').map((a) => [a.id, a.name] as const)], chosen));
  }

  async function loadPayments() {
    let list: ControlPayment[];
    try {
      list = await control<ControlPayment[]>('payments', { params: { orgId: orgId() } });
    } catch (e) {
      payments.replaceChildren(h('p', { class: 'hint' }, describeError(e).title));
      return;
    }
    const pending = list.filter((p) => p.status === 'pending');
    if (pending.length === 0) {
      payments.replaceChildren(h('p', { class: 'hint' }, 'No payment is waiting to be collected.'));
      return;
    }
    payments.replaceChildren(h('ul', { class: 'plain' }, ...pending.map((p) =>
      h('li', { 'data-test': 'pending-payment' },
        h('span', {}, p.description, ' · ', h('strong', {}, money(p.amount, p.currency))),
        h('span', { class: 'row' },
          h('button', { type: 'button', 'data-test': 'settle', onclick: () => void session.run('The payment was collected.', () => control('settle', { params: { paymentId: p.id }, body: { outcome: 'succeeded' } })) }, 'Settle'),
          h('button', { type: 'button', 'data-test': 'decline', onclick: () => void session.run('The payment failed.', () => control('settle', { params: { paymentId: p.id }, body: { outcome: 'failed' } })) }, 'Decline'))))));
  }

  async function loadBalance() {
    try {
      const b = await session.client.credits.balance(orgId());
      balance.textContent = `Balance now: ${num(b.balance)} credits${b.offline ? ' — agents are offline' : ''}.`;
    } catch {
      balance.textContent = '';
    }
  }

  function render() {
    const s = session.state;
    root.toggleAttribute('aria-busy', session.busy);
    // aria-disabled (not disabled) while an action runs: focus stays where it was, clicks are ignored below.
    for (const b of root.querySelectorAll('button')) if (b !== closeButton) b.setAttribute('aria-disabled', String(session.busy));
    const n = session.notice ?? (s.notice ? { kind: 'info' as const, title: s.notice } : null);
    notice.className = `drawer-notice ${n?.kind ?? ''}`;
    notice.replaceChildren(...(n ? [h('strong', {}, n.title), n.detail ? h('span', { class: 'code' }, n.detail) : null].filter((x): x is HTMLElement => x !== null) : []));
    person.replaceChildren(...options(s.people.map((p) => [p.userId, `${p.name} — ${p.role}`] as const), s.actingUserId ?? undefined));
    org.replaceChildren(...options(session.memberships.map((m) => [m.orgId, `${m.name} — ${m.role}${m.state === 'active' ? '' : ' (deactivated)'}`] as const), session.orgId ?? undefined));
    org.disabled = session.memberships.length < 2 || session.busy;
    clock.replaceChildren('Mock time ', h('strong', {}, `${dateTime(s.now)} UTC`));
    member.replaceChildren(...options(s.people.map((p) => [p.userId, p.name] as const), member.value || (s.actingUserId ?? undefined)));
    scenario.replaceChildren(...options(s.scenarios.map((x) => [x.name, x.name] as const), s.scenario));
    scenarioInfo.textContent = s.scenarios.find((x) => x.name === s.scenario)?.description ?? '';
    const f = JSON.stringify(s.faults);
    if (f !== faultsShown) {
      faultsShown = f;
      offline.checked = s.faults.offline;
      latency.value = String(s.faults.latencyMs);
      errorRate.value = String(Math.round(s.faults.errorRate * 100));
      failNext.value = String(s.faults.failNext);
    }
  }

  let refreshSeq = 0;
  function refreshData() {
    const seq = (refreshSeq += 1);
    queueMicrotask(() => {
      if (seq !== refreshSeq) return;
      void loadAgents(session.state);
      void loadPayments();
      void loadBalance();
    });
  }

  session.addEventListener('change', () => {
    render();
    if (!session.busy) refreshData();
  });
  // A purchase or a plan change inside the elements may leave a pending payment, or change the balance.
  document.addEventListener('orgkit-changed', () => refreshData());
  render();
  refreshData();

  // — open / close —
  const toggles = () => document.querySelectorAll<HTMLElement>('[data-drawer-toggle]');
  let lastToggle: HTMLElement | null = null;
  const handle: DrawerHandle = {
    element: root,
    get isOpen() {
      return root.classList.contains('open');
    },
    open(focus = true) {
      root.classList.add('open');
      root.removeAttribute('inert');
      document.body.classList.add('drawer-open');
      for (const t of toggles()) t.setAttribute('aria-expanded', 'true');
      localStorage.setItem(KEYS.drawer, 'open');
      if (focus) root.focus();
    },
    close(returnFocus = true) {
      root.classList.remove('open');
      root.setAttribute('inert', '');
      document.body.classList.remove('drawer-open');
      for (const t of toggles()) t.setAttribute('aria-expanded', 'false');
      localStorage.setItem(KEYS.drawer, 'closed');
      if (returnFocus) (lastToggle ?? toggles()[0])?.focus();
    },
    toggle() {
      if (handle.isOpen) handle.close();
      else handle.open();
    },
    sync() {
      for (const t of toggles()) {
        t.setAttribute('aria-expanded', String(handle.isOpen));
        t.setAttribute('aria-controls', root.id);
      }
    },
  };
  document.addEventListener('click', (e) => {
    const t = (e.target as Element | null)?.closest?.('[data-drawer-toggle]');
    if (!(t instanceof HTMLElement)) return;
    lastToggle = t;
    handle.toggle();
  });
  root.addEventListener('click', (e) => {
    const button = (e.target as Element).closest('button');
    if (session.busy && button && button !== closeButton) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  // Escape closes the drawer when focus is in it (or nowhere in particular) — not when it is in a dialog elsewhere.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !handle.isOpen || e.defaultPrevented) return;
    const active = document.activeElement;
    if (active && active !== document.body && !root.contains(active)) return;
    e.preventDefault();
    handle.close();
  });
  if (localStorage.getItem(KEYS.drawer) === 'open') handle.open(false);
  else handle.close(false);
  handle.sync();
  return handle;
}
