/**
 * The OrgKit demo, first stage: the mock backend's rules engine running in the browser against a named scenario.
 * Act as anyone, jump the clock, burn credits, invite, buy, change plans — every card is a role-checked query of the
 * engine, so what a builder or a member may not see shows the engine's own refusal. The custom elements replace
 * these cards as they land; the controls become the mock control panel.
 */
import type { Currency, PlanId } from '@orgkit/contract';
import type { Actor, CommandInput, CommandName, CommandResult, QueryInput, QueryName, QueryResult } from '@orgkit/mocks';
import { asUser, DomainError, Engine, HOUR, DAY, ManualClock, STATE_SCHEMA, SYSTEM } from '@orgkit/mocks';
import type { EngineState } from '@orgkit/mocks';
import type { Person, ScenarioName } from '@orgkit/mocks/fixtures';
import { buildScenario, SCENARIO_NAMES, SCENARIOS } from '@orgkit/mocks/fixtures';
import { h, options } from './dom.js';

const STORAGE_KEY = 'orgkit-demo/v1';

interface Saved {
  schema: typeof STATE_SCHEMA;
  scenario: ScenarioName;
  orgId: string;
  actingUserId: string;
  now: number;
  people: Person[];
  state: EngineState;
}

type Notice = { kind: 'success' | 'error' | 'info'; title: string; detail?: string; action?: { label: string; run: () => void } };

let saved: Saved;
let engine: Engine;
let clock: ManualClock;
let notice: Notice | null = null;

function fresh(scenario: ScenarioName): Saved {
  const s = buildScenario(scenario);
  return {
    schema: STATE_SCHEMA, scenario, orgId: s.orgId, actingUserId: s.people[0]?.userId ?? '', now: s.clock.now(),
    people: s.people, state: s.engine.state,
  };
}

/** Saved state survives reload; a corrupted or foreign one is replaced (with a message), never a crash. */
function load(): Saved {
  const raw = localStorage.getItem(STORAGE_KEY);
  if (raw) {
    try {
      const data = JSON.parse(raw) as Partial<Saved>;
      if (data.schema === STATE_SCHEMA && data.state?.schema === STATE_SCHEMA && data.scenario && SCENARIO_NAMES.includes(data.scenario) &&
        typeof data.now === 'number' && data.orgId && data.actingUserId && Array.isArray(data.people)) {
        return data as Saved;
      }
      notice = { kind: 'info', title: 'The saved demo state was from another version, so the demo was reset.' };
    } catch {
      notice = { kind: 'info', title: 'The saved demo state could not be read, so the demo was reset.' };
    }
  }
  return fresh('standard-team');
}

function boot(data: Saved) {
  saved = data;
  clock = new ManualClock(data.now);
  engine = new Engine({ clock, state: data.state });
}

function persist() {
  saved.now = clock.now();
  saved.state = engine.state;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
}

const me = (): Actor => asUser(saved.actingUserId);
const key = () => crypto.randomUUID();

function query<N extends QueryName>(name: N, input: QueryInput<N>, actor: Actor = me()): QueryResult<N> {
  return engine.query(actor, name, input);
}

/** Run a command as the acting user; show its outcome; persist. */
function act<N extends CommandName>(label: string, name: N, input: CommandInput<N>, opts: { actor?: Actor; money?: boolean } = {}): CommandResult<N> | undefined {
  try {
    const result = engine.run(opts.actor ?? me(), name, input, opts.money ? { idempotencyKey: key() } : {});
    notice = { kind: 'success', title: label };
    persist();
    render();
    return result;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

function showError(e: unknown) {
  if (e instanceof DomainError) notice = { kind: 'error', title: e.message, detail: `${e.code}${e.param ? ` · ${e.param}` : ''}` };
  else notice = { kind: 'error', title: 'Something went wrong', detail: String(e) };
  render();
}

// — formatting —
function currencyOf(): Currency {
  return engine.state.orgs[saved.orgId]?.currency ?? 'USD';
}
const money = (minor: number, currency: Currency = currencyOf()) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
const num = (n: number) => new Intl.NumberFormat('en').format(n);
const date = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
const dateTime = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
function until(iso: string): string {
  const ms = Date.parse(iso) - engine.now();
  if (ms <= 0) return 'expired';
  const hours = Math.floor(ms / HOUR);
  return hours >= 24 ? `${String(Math.floor(hours / 24))} d ${String(hours % 24)} h left` : `${String(hours)} h ${String(Math.floor((ms % HOUR) / 60_000))} min left`;
}

// — cards —
function card(title: string, body: () => (Node | null)[], wide = false): HTMLElement {
  let content: (Node | null)[];
  try {
    content = body();
  } catch (e) {
    // The engine refused this read for the acting user: show its calm explanation, never data.
    content = e instanceof DomainError
      ? [h('p', { class: 'notice' }, e.message), h('p', { class: 'code' }, e.code)]
      : [h('p', { class: 'notice error' }, String(e))];
  }
  return h('article', { class: wide ? 'card wide' : 'card' }, h('h2', {}, title), ...content);
}

function meter(label: string, used: number, limit: number | null, percent: number | null) {
  const cls = percent === null ? 'meter' : percent >= 100 ? 'meter full' : percent >= 80 ? 'meter warn' : 'meter';
  return [
    h('div', { class: 'row' }, h('span', {}, label), h('span', { class: 'muted' }, limit === null ? `${num(used)} · unlimited` : `${num(used)} / ${num(limit)}${percent === null ? '' : ` · ${String(percent)} %`}`)),
    h('div', { class: cls, role: 'meter', 'aria-label': label, 'aria-valuenow': used, 'aria-valuemin': 0, ...(limit === null ? {} : { 'aria-valuemax': limit }) },
      h('span', { style: `width:${String(Math.min(100, percent ?? 0))}%` })),
  ];
}

function cards(): HTMLElement[] {
  const orgId = saved.orgId;
  return [
    card('Balance', () => {
      const b = query('balance.get', { orgId });
      return [
        h('div', { class: `hero ${b.state}` }, num(b.balance), h('span', { class: 'muted', style: 'font-size:14px;font-weight:400' }, ' credits')),
        h('p', {}, h('span', { class: `badge ${b.state}` }, b.state), ' ', b.offline ? h('strong', {}, 'This assistant is currently offline.') : `${num(b.usedThisCycle)} used this cycle of ${num(b.monthlyAllowance)}`),
        h('p', { class: 'muted' }, `Allowance resets ${date(b.resetsAt)}`),
      ];
    }),
    card('Plan', () => {
      const s = query('subscription.get', { orgId });
      const m = s.meters;
      const pending = s.pendingChange;
      return [
        h('p', {}, h('strong', {}, s.planName), ` · ${s.interval}ly · renews ${date(s.termEnd)}`, s.pastDue ? h('span', { class: 'badge out' }, ' past due') : null),
        pending ? h('div', { class: 'notice' }, `Your plan changes to ${pending.planId} (${pending.interval}ly) on ${date(pending.effectiveAt)}. `,
          h('button', { onclick: () => act('Kept your current plan', 'plan.keepCurrent', { orgId }) }, 'Keep my plan')) : null,
        ...meter('Credits', m.credits.used, m.credits.limit, m.credits.percent),
        ...meter('Seats', m.seats.used, m.seats.limit, m.seats.percent),
        ...meter('Agents', m.agents.used, m.agents.limit, m.agents.percent),
        ...meter('Knowledge-base pages', m.kbPages.used, m.kbPages.limit, m.kbPages.percent),
      ];
    }),
    card('Members', () => {
      const { members, seats, billingTransfer } = query('members.list', { orgId });
      return [
        h('p', { class: 'muted' }, seats.limit === null ? `${String(seats.active)} members` : `${String(seats.used)} of ${String(seats.limit)} seats (${String(seats.pendingInvites)} held by invites)`),
        h('table', {},
          h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'State'))),
          h('tbody', {}, ...members.map((m) => h('tr', {},
            h('td', {}, m.name, h('div', { class: 'muted' }, m.email)),
            h('td', {}, m.role, m.billingHolder ? h('span', { class: 'badge' }, ' billing') : null),
            h('td', {}, h('span', { class: `badge ${m.state === 'active' ? 'ok' : 'out'}` }, m.state)))))),
        billingTransfer ? h('p', { class: 'notice' }, 'A billing-role transfer is pending.') : null,
      ];
    }),
    card('Pending invites', () => {
      const invites = query('invites.list', { orgId });
      if (invites.length === 0) return [h('p', { class: 'muted' }, 'No pending invites.')];
      return [h('table', {}, h('tbody', {}, ...invites.map((i) => h('tr', {},
        h('td', {}, i.email, h('div', { class: 'muted' }, i.role)),
        h('td', {}, i.status === 'expired' ? h('span', { class: 'badge out' }, 'expired') : until(i.expiresAt)),
        h('td', {}, h('button', { onclick: () => act(`Revoked the invite for ${i.email}`, 'invite.revoke', { orgId, inviteId: i.id }) }, 'Revoke'))))))];
    }),
    card('Credit blocks', () => {
      const c = query('credits.get', { orgId });
      if (c.blocks.length === 0) return [h('p', { class: 'muted' }, 'No credits left in any block. Buy a package or wait for the next allowance.')];
      return [h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Source'), h('th', { class: 'num' }, 'Remaining'), h('th', {}, 'Expires'))),
        h('tbody', {}, ...c.blocks.map((b) => h('tr', {}, h('td', {}, b.source), h('td', { class: 'num' }, `${num(b.remaining)} / ${num(b.initial)}`), h('td', {}, b.expiresAt ? date(b.expiresAt) : 'never')))))];
    }),
    card('Invoices', () => {
      const { invoices, total } = query('invoices.list', { orgId, limit: 6 });
      return [
        h('table', {}, h('tbody', {}, ...invoices.map((i) => h('tr', {},
          h('td', {}, i.number, h('div', { class: 'muted' }, date(i.createdAt))),
          h('td', { class: 'num' }, money(i.amount, i.currency)),
          h('td', {}, h('span', { class: `badge ${i.status === 'paid' ? 'ok' : i.status === 'open' ? 'low' : 'out'}` }, i.status)))))),
        h('p', { class: 'muted' }, `${String(total)} invoices in all`),
      ];
    }),
    card('Usage, last 30 days', () => {
      const s = query('usage.summary', { orgId, days: 30 });
      const events = query('usage.events', { orgId, limit: 6 }).events;
      return [
        h('p', {}, h('strong', {}, `${num(s.totalCredits)} credits`), ` · ${num(s.events)} events`, s.changePct === null ? '' : ` · ${s.changePct > 0 ? '+' : ''}${String(s.changePct)} % vs the 30 days before`),
        h('table', {}, h('tbody', {}, ...events.map((e) => h('tr', {}, h('td', {}, dateTime(e.at)), h('td', {}, e.channel), h('td', { class: 'num' }, `${num(e.credits)} cr`))))),
      ];
    }, true),
  ];
}

// — controls —
function section(title: string, ...children: Node[]) {
  return h('section', {}, h('h2', {}, title), ...children);
}

function field(label: string, control: HTMLElement) {
  const id = `f-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  control.id = id;
  return [h('label', { for: id }, label), control];
}

function controls(): HTMLElement[] {
  const orgId = saved.orgId;
  const scenario = h('select', {}, ...options(SCENARIO_NAMES.map((n) => [n, n] as const), saved.scenario));
  const person = h('select', { onchange: (e: Event) => { saved.actingUserId = (e.target as HTMLSelectElement).value; chooseOrg(); persist(); notice = null; render(); } },
    ...options(saved.people.map((p) => [p.userId, `${p.name} (${p.email})`] as const), saved.actingUserId));
  let memberships: { orgId: string; name: string; role: string; state: string }[];
  try {
    memberships = query('session', {}).memberships;
  } catch {
    memberships = [];
  }
  const org = h('select', { onchange: (e: Event) => { saved.orgId = (e.target as HTMLSelectElement).value; persist(); notice = null; render(); } },
    ...options(memberships.map((m) => [m.orgId, `${m.name} — ${m.role}${m.state === 'active' ? '' : ' (deactivated)'}`] as const), orgId));
  const channel = h('select', {}, ...options([['chat', 'Chat'], ['voice', 'Voice'], ['widget', 'Widget'], ['realtime', 'Realtime'], ['internal_chat', 'Internal chat (as me)']]));
  const credits = h('input', { type: 'number', min: 1, step: 1, value: 500 });
  const email = h('input', { type: 'email', placeholder: 'name@example.com', autocomplete: 'off' });
  const role = h('select', {}, ...options([['member', 'Member'], ['builder', 'Builder'], ['admin', 'Admin']]));
  const pkg = h('select', {}, ...options([['pkg_1000', '1,000 credits'], ['pkg_5000', '5,000 credits'], ['pkg_10000', '10,000 credits'], ['pkg_50000', '50,000 credits']]));
  const plan = h('select', {}, ...options([['lite', 'Lite'], ['standard', 'Standard'], ['pro', 'Pro'], ['ultra', 'Ultra'], ['free', 'Free (cancel)']]));
  const interval = h('select', {}, ...options([['month', 'Monthly'], ['year', 'Yearly']]));
  const card = h('select', {}, ...options([['succeed', 'Card 4242 — accepted'], ['decline', 'Card 0002 — declined']]));

  const jump = (label: string, ms: number | 'period') => h('button', {
    onclick: () => {
      const target = ms === 'period' ? Date.parse(query('subscription.get', { orgId }, SYSTEM).termEnd) : clock.now() + ms;
      clock.set(Math.max(target, clock.now()));
      engine.tick();
      notice = { kind: 'info', title: `The clock moved ${label}.` };
      persist();
      render();
    },
  }, label);

  return [
    section('Scenario', ...field('Scenario', scenario), h('p', { class: 'muted' }, SCENARIOS[saved.scenario]),
      h('button', { onclick: () => { boot(fresh(scenario.value as ScenarioName)); notice = { kind: 'info', title: `Reset to ${scenario.value}.` }; persist(); render(); } }, 'Reset to scenario')),
    section('Acting as', ...field('Person', person), ...field('Organization', org)),
    section('Clock', h('div', { class: 'row' }, jump('+1 h', HOUR), jump('+1 day', DAY), jump('+72 h', 72 * HOUR), jump('to period end', 'period'))),
    section('Record usage', ...field('Channel', channel), ...field('Credits', credits),
      h('button', { onclick: () => burn(channel.value as 'chat', Math.round(Number(credits.value))) }, 'Burn credits')),
    section('Invite', ...field('Email', email), ...field('Role', role),
      h('button', { class: 'primary', onclick: () => act(`Invited ${email.value}`, 'invite.create', { orgId, email: email.value, role: role.value as 'member' }) }, 'Send invite')),
    section('Buy credits', ...field('Package', pkg),
      h('button', {
        onclick: () => {
          const r = act('Purchase submitted', 'package.purchase', { orgId, packageId: pkg.value }, { money: true });
          if (r?.status === 'requires_checkout') notice = { kind: 'info', title: 'No saved card: the purchase continues in checkout.', action: { label: 'Pay with the test card', run: () => { act('Paid in checkout', 'checkout.complete', { orgId, checkoutId: r.checkout.id, card: { outcome: card.value as 'succeed' } }, { money: true }); } } };
          render();
        },
      }, 'Buy now')),
    section('Change plan', ...field('Plan', plan), ...field('Billing', interval), ...field('Checkout card', card),
      h('button', { onclick: () => previewPlan(plan.value as PlanId, interval.value as 'month', card.value as 'succeed') }, 'Preview change')),
  ];
}

/**
 * Record usage worth `credits` on a channel (as the agents' runtime would: the system records it). Large amounts go
 * in events of at most 40,000 credits (a single event is bounded); a refusal part-way says how much went through.
 */
function burn(channel: 'chat', credits: number) {
  const orgId = saved.orgId;
  if (!Number.isInteger(credits) || credits < 1) {
    notice = { kind: 'error', title: 'Enter a whole number of credits, 1 or more.' };
    render();
    return;
  }
  const rate = engine.state.models['gpt-5']?.creditsPer1kWords ?? 5;
  let done = 0;
  try {
    while (done < credits) {
      const chunk = Math.min(credits - done, 40_000);
      engine.run(SYSTEM, 'usage.record', {
        orgId, channel, modelId: 'gpt-5', words: Math.floor((chunk * 1000) / rate),
        ...(channel === ('internal_chat' as string) ? { memberId: saved.actingUserId } : {}),
      });
      done += chunk;
    }
    notice = { kind: 'success', title: `Recorded ${num(credits)} credits of ${channel} usage.` };
  } catch (e) {
    const why = e instanceof DomainError ? e : null;
    notice = {
      kind: 'error',
      title: done > 0 ? `Recorded ${num(done)} of ${num(credits)} credits, then: ${why?.message ?? String(e)}` : (why?.message ?? String(e)),
      ...(why ? { detail: why.code } : {}),
    };
  }
  persist();
  render();
}

function previewPlan(planId: PlanId, interval: 'month' | 'year', outcome: 'succeed' | 'decline') {
  const orgId = saved.orgId;
  try {
    const p = query('plan.preview', { orgId, planId, interval });
    const when = p.timing === 'now' ? `now, ${money(p.amountDueNow)} due today` : `on ${date(p.effectiveAt)}`;
    const drops = p.keep?.required ? ` ${String(p.keep.members.active)} members / ${String(p.keep.agents.active)} agents exceed the new limits: those joined last would be deactivated.` : '';
    notice = { kind: 'info', title: `${p.kind}: applies ${when}.${drops}`, detail: `Next invoice ${money(p.nextInvoice.amount)} on ${date(p.nextInvoice.date)}`,
      action: { label: 'Confirm', run: () => { act(`Plan change ${p.kind === 'upgrade' ? 'applied' : 'scheduled'}`, 'plan.change', { orgId, planId, interval }, { money: true }); } } };
    render();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'checkout_required') {
      notice = { kind: 'info', title: 'Moving from Free to a paid plan goes through checkout.', action: { label: `Pay in checkout (${outcome === 'succeed' ? 'card accepted' : 'card declined'})`, run: () => checkout(planId, interval, outcome) } };
      render();
      return;
    }
    showError(e);
  }
}

function checkout(planId: PlanId, interval: 'month' | 'year', outcome: 'succeed' | 'decline') {
  const orgId = saved.orgId;
  const session = act('Checkout opened', 'checkout.start', { orgId, purpose: 'subscription', planId, interval }, { money: true });
  if (session) act(`Subscribed to ${planId}`, 'checkout.complete', { orgId, checkoutId: session.id, card: { outcome } }, { money: true });
}

/** Keep the selected organization one the acting person belongs to (ORG-9). */
function chooseOrg() {
  try {
    const list = query('session', {}).memberships;
    if (!list.some((m) => m.orgId === saved.orgId)) saved.orgId = list[0]?.orgId ?? saved.orgId;
  } catch {
    /* the person has no session: keep the org */
  }
}

function render() {
  const clockEl = document.getElementById('clock');
  if (clockEl) clockEl.textContent = `Mock time ${dateTime(new Date(engine.now()).toISOString())} UTC`;
  const panel = document.getElementById('controls');
  const view = document.getElementById('view');
  if (!panel || !view) return;
  // What the user typed or picked survives every re-render (only who/which org reflect the state itself).
  const drafts = new Map<string, string>();
  for (const el of panel.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
    if (el.id && el.id !== 'f-person' && el.id !== 'f-organization') drafts.set(el.id, el.value);
  }
  panel.replaceChildren(...controls());
  for (const [id, value] of drafts) {
    const el = document.getElementById(id);
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = value;
  }
  const note = notice
    ? h('div', { class: `card wide notice ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' },
        h('strong', {}, notice.title), notice.detail ? h('div', { class: 'code' }, notice.detail) : null,
        notice.action ? h('div', { class: 'row' }, h('button', { class: 'primary', onclick: notice.action.run }, notice.action.label)) : null)
    : null;
  view.replaceChildren(...(note ? [note] : []), ...cards());
}

boot(load());
chooseOrg();
persist();
render();
