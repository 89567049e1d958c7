/**
 * The OrgKit demo host: the mock backend runs in a service worker (MSW) and everything on this page talks HTTP to
 * it, the way the elements will — reads and mutations through the typed client as the acting person (a bearer
 * token), clock, usage, scenarios, payments and faults through the mock control API. State survives reloads.
 * The custom elements replace these cards as they land; the left column becomes the control panel.
 */
import { ApiError, ConnectionError, OrgKitClient, TimeoutError } from '@orgkit/client';
import type { ControlState, Currency, PlanId } from '@orgkit/contract';
import { startMockWorker } from '@orgkit/mocks/browser';
import { control, ControlError, controlState } from './control.js';
import { h, options } from './dom.js';

type Notice = { kind: 'success' | 'error' | 'info'; title: string; detail?: string; action?: { label: string; run: () => void } };

const ORG_KEY = 'orgkit-demo/org';
let state: ControlState;
let orgId = '';
let currency: Currency = 'USD';
let notice: Notice | null = null;

const tokenOf = (userId: string | null) => state.people.find((p) => p.userId === userId)?.token ?? null;
/** The typed client, authenticated as whoever the demo is acting as. */
const api = new OrgKitClient({ getAuthToken: () => tokenOf(state.actingUserId), maxRetries: 1, timeoutMs: 15_000 });

function describeError(e: unknown): Notice {
  if (e instanceof ApiError) return { kind: 'error', title: e.message, detail: `${e.code}${e.param ? ` · ${e.param}` : ''} · HTTP ${String(e.status)}` };
  if (e instanceof ConnectionError) return { kind: 'error', title: 'The network is unreachable (is the "offline" fault on?).', detail: 'connection_error' };
  if (e instanceof TimeoutError) return { kind: 'error', title: 'The server took too long to answer.', detail: 'timeout' };
  if (e instanceof ControlError) return { kind: 'error', title: e.message, detail: e.code };
  return { kind: 'error', title: 'Something went wrong', detail: String(e) };
}

/** Run an action; show its outcome; refresh everything. */
async function act(label: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
    notice = { kind: 'success', title: label };
  } catch (e) {
    notice = describeError(e);
  }
  await refresh();
}

// — formatting —
const money = (minor: number, cur: Currency = currency) => new Intl.NumberFormat('en', { style: 'currency', currency: cur }).format(minor / 100);
const num = (n: number) => new Intl.NumberFormat('en').format(n);
const date = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
const dateTime = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
function until(iso: string): string {
  const ms = Date.parse(iso) - Date.parse(state.now);
  if (ms <= 0) return 'expired';
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 24 ? `${String(Math.floor(hours / 24))} d ${String(hours % 24)} h left` : `${String(hours)} h left`;
}

// — cards: each one request through the client; a refusal shows the server's calm explanation, never data —
async function card(title: string, body: () => Promise<(Node | null)[]>, wide = false): Promise<HTMLElement> {
  let content: (Node | null)[];
  try {
    content = await body();
  } catch (e) {
    const n = describeError(e);
    content = [h('p', { class: 'notice' }, n.title), h('p', { class: 'code' }, n.detail ?? '')];
  }
  return h('article', { class: wide ? 'card wide' : 'card' }, h('h2', {}, title), ...content);
}

function meter(label: string, m: { used: number; limit: number | null; percent: number | null }) {
  const cls = m.percent === null ? 'meter' : m.percent >= 100 ? 'meter full' : m.percent >= 80 ? 'meter warn' : 'meter';
  return [
    h('div', { class: 'row' }, h('span', {}, label), h('span', { class: 'muted' }, m.limit === null ? `${num(m.used)} · unlimited` : `${num(m.used)} / ${num(m.limit)}${m.percent === null ? '' : ` · ${String(m.percent)} %`}`)),
    h('div', { class: cls, role: 'meter', 'aria-label': label, 'aria-valuenow': m.used, 'aria-valuemin': 0, ...(m.limit === null ? {} : { 'aria-valuemax': m.limit }) },
      h('span', { style: `width:${String(Math.min(100, m.percent ?? 0))}%` })),
  ];
}

function cards(): Promise<HTMLElement>[] {
  return [
    card('Balance', async () => {
      const b = await api.credits.balance(orgId);
      return [
        h('div', { class: `hero ${b.state}` }, num(b.balance), h('span', { class: 'muted', style: 'font-size:14px;font-weight:400' }, ' credits')),
        h('p', {}, h('span', { class: `badge ${b.state}` }, b.state), ' ', b.offline ? h('strong', {}, 'This assistant is currently offline.') : `${num(b.usedThisCycle)} used this cycle of ${num(b.monthlyAllowance)}`),
        h('p', { class: 'muted' }, `Allowance resets ${date(b.resetsAt)}`),
      ];
    }),
    card('Plan', async () => {
      const s = await api.subscription.get(orgId);
      const p = s.pendingChange;
      return [
        h('p', {}, h('strong', {}, s.planName), ` · ${s.interval}ly · renews ${date(s.termEnd)}`, s.pastDue ? h('span', { class: 'badge out' }, ' past due') : null),
        p ? h('div', { class: 'notice' }, `Your plan changes to ${p.planId} (${p.interval}ly) on ${date(p.effectiveAt)}. `,
          h('button', { onclick: () => void act('Kept your current plan', () => api.subscription.keepCurrent(orgId)) }, 'Keep my plan')) : null,
        ...meter('Credits', s.meters.credits), ...meter('Seats', s.meters.seats), ...meter('Agents', s.meters.agents), ...meter('Knowledge-base pages', s.meters.kbPages),
      ];
    }),
    card('Members', async () => {
      const { members, seats, billingTransfer } = await api.members.list(orgId);
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
    card('Pending invites', async () => {
      const invites = await api.invites.list(orgId);
      if (invites.length === 0) return [h('p', { class: 'muted' }, 'No pending invites.')];
      return [h('table', {}, h('tbody', {}, ...invites.map((i) => h('tr', {},
        h('td', {}, i.email, h('div', { class: 'muted' }, i.role)),
        h('td', {}, i.status === 'expired' ? h('span', { class: 'badge out' }, 'expired') : until(i.expiresAt)),
        h('td', {}, h('button', { onclick: () => void act(`Revoked the invite for ${i.email}`, () => api.invites.revoke(orgId, i.id)) }, 'Revoke'))))))];
    }),
    card('Credit blocks', async () => {
      const c = await api.credits.get(orgId);
      if (c.blocks.length === 0) return [h('p', { class: 'muted' }, 'No credits left in any block. Buy a package or wait for the next allowance.')];
      return [h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Source'), h('th', { class: 'num' }, 'Remaining'), h('th', {}, 'Expires'))),
        h('tbody', {}, ...c.blocks.map((b) => h('tr', {}, h('td', {}, b.source), h('td', { class: 'num' }, `${num(b.remaining)} / ${num(b.initial)}`), h('td', {}, b.expiresAt ? date(b.expiresAt) : 'never')))))];
    }),
    card('Invoices', async () => {
      const { invoices, total } = await api.invoices.list(orgId, { limit: 6 });
      return [
        h('table', {}, h('tbody', {}, ...invoices.map((i) => h('tr', {},
          h('td', {}, i.number, h('div', { class: 'muted' }, date(i.createdAt))),
          h('td', { class: 'num' }, money(i.amount, i.currency)),
          h('td', {}, h('span', { class: `badge ${i.status === 'paid' ? 'ok' : i.status === 'open' ? 'low' : 'out'}` }, i.status)),
          h('td', {}, h('button', { onclick: () => void openInvoice(i.id) }, 'PDF')))))),
        h('p', { class: 'muted' }, `${String(total)} invoices in all`),
      ];
    }),
    card('Payments (control API)', async () => {
      const payments = await control<{ id: string; description: string; amount: number; currency: Currency; status: string }[]>('payments', { params: { orgId } });
      const pending = payments.filter((p) => p.status === 'pending');
      if (pending.length === 0) return [h('p', { class: 'muted' }, 'No payment is waiting to be collected.')];
      return [h('table', {}, h('tbody', {}, ...pending.map((p) => h('tr', {},
        h('td', {}, p.description), h('td', { class: 'num' }, money(p.amount, p.currency)),
        h('td', {},
          h('button', { onclick: () => void act('Payment collected', () => control('settle', { params: { paymentId: p.id }, body: { outcome: 'succeeded' } })) }, 'Settle'), ' ',
          h('button', { onclick: () => void act('Payment failed', () => control('settle', { params: { paymentId: p.id }, body: { outcome: 'failed' } })) }, 'Decline'))))))];
    }),
    card('Usage, last 30 days', async () => {
      const [s, { events }] = await Promise.all([api.usage.summary(orgId, { days: 30 }), api.usage.events(orgId, { limit: 6 })]);
      return [
        h('p', {}, h('strong', {}, `${num(s.totalCredits)} credits`), ` · ${num(s.events)} events`, s.changePct === null ? '' : ` · ${s.changePct > 0 ? '+' : ''}${String(s.changePct)} % vs the 30 days before`),
        h('table', {}, h('tbody', {}, ...events.map((e) => h('tr', {}, h('td', {}, dateTime(e.at)), h('td', {}, e.channel), h('td', { class: 'num' }, `${num(e.credits)} cr`))))),
      ];
    }, true),
  ];
}

async function openInvoice(invoiceId: string) {
  try {
    const blob = await api.invoices.download(orgId, invoiceId, 'pdf');
    window.open(URL.createObjectURL(blob), '_blank', 'noopener');
  } catch (e) {
    notice = describeError(e);
    await refresh();
  }
}

// — the control panel —
function section(title: string, ...children: Node[]) {
  return h('section', {}, h('h2', {}, title), ...children);
}

function field(label: string, control_: HTMLElement) {
  control_.id = `f-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return [h('label', { for: control_.id }, label), control_];
}

async function controls(): Promise<HTMLElement[]> {
  let memberships: { orgId: string; name: string; role: string; state: string }[] = [];
  try {
    memberships = (await api.session.get()).memberships;
  } catch {
    /* shown in the cards */
  }
  const scenario = h('select', {}, ...options(state.scenarios.map((s) => [s.name, s.name] as const), state.scenario));
  const actAs = (userId: string) => {
    const p = state.people.find((x) => x.userId === userId);
    return act(`Now acting as ${p ? `${p.name} (${p.role})` : userId}.`, () => control('actAs', { body: { userId } }));
  };
  const person = h('select', { onchange: (e: Event) => void actAs((e.target as HTMLSelectElement).value) },
    ...options(state.people.map((p) => [p.userId, `${p.name} (${p.role})`] as const), state.actingUserId ?? undefined));
  const org = h('select', { onchange: (e: Event) => { orgId = (e.target as HTMLSelectElement).value; localStorage.setItem(ORG_KEY, orgId); notice = null; void refresh(); } },
    ...options(memberships.map((m) => [m.orgId, `${m.name} — ${m.role}${m.state === 'active' ? '' : ' (deactivated)'}`] as const), orgId));
  const channel = h('select', {}, ...options([['chat', 'Chat'], ['voice', 'Voice'], ['widget', 'Widget'], ['realtime', 'Realtime'], ['internal_chat', 'Internal chat (as me)']]));
  const credits = h('input', { type: 'number', min: 1, step: 1, value: 500 });
  const email = h('input', { type: 'email', placeholder: 'name@example.com', autocomplete: 'off' });
  const role = h('select', {}, ...options([['member', 'Member'], ['builder', 'Builder'], ['admin', 'Admin']]));
  const pkg = h('select', {}, ...options([['pkg_1000', '1,000 credits'], ['pkg_5000', '5,000 credits'], ['pkg_10000', '10,000 credits'], ['pkg_50000', '50,000 credits']]));
  const plan = h('select', {}, ...options([['lite', 'Lite'], ['standard', 'Standard'], ['pro', 'Pro'], ['ultra', 'Ultra'], ['free', 'Free (cancel)']]));
  const interval = h('select', {}, ...options([['month', 'Monthly'], ['year', 'Yearly']]));
  const card_ = h('select', {}, ...options([['succeed', 'Card 4242 — accepted'], ['decline', 'Card 0002 — declined'], ['pending', 'Card 3155 — pending']]));
  const offline = h('input', { type: 'checkbox', checked: state.faults.offline });
  const latency = h('input', { type: 'number', min: 0, step: 100, value: state.faults.latencyMs });

  const jump = (label: string, body: Record<string, unknown>) =>
    h('button', { onclick: () => void act(`The clock moved ${label}.`, () => control('clock', { body: { ...body, orgId } })) }, label);

  return [
    section('Scenario', ...field('Scenario', scenario), h('p', { class: 'muted' }, state.scenarios.find((s) => s.name === state.scenario)?.description ?? ''),
      h('button', { onclick: () => void act(`Reset to ${scenario.value}.`, async () => { await control('reset', { body: { scenario: scenario.value } }); localStorage.removeItem(ORG_KEY); }) }, 'Reset to scenario')),
    section('Acting as', ...field('Person', person), ...field('Organization', org)),
    section('Clock', h('div', { class: 'row' }, jump('+1 h', { hours: 1 }), jump('+1 day', { days: 1 }), jump('+72 h', { hours: 72 }), jump('to period end', { to: 'period_end' }))),
    section('Record usage', ...field('Channel', channel), ...field('Credits', credits),
      h('button', { onclick: () => void burn(channel.value, Math.round(Number(credits.value))) }, 'Burn credits')),
    section('Invite', ...field('Email', email), ...field('Role', role),
      h('button', { class: 'primary', onclick: () => void act(`Invited ${email.value}`, () => api.invites.create(orgId, { email: email.value, role: role.value as 'member' })) }, 'Send invite')),
    section('Buy credits', ...field('Package', pkg), h('button', { onclick: () => void buy(pkg.value, card_.value as 'succeed') }, 'Buy now')),
    section('Change plan', ...field('Plan', plan), ...field('Billing', interval), ...field('Checkout card', card_),
      h('button', { onclick: () => void previewPlan(plan.value as PlanId, interval.value as 'month', card_.value as 'succeed') }, 'Preview change')),
    section('Faults', h('label', {}, offline, ' Offline (every API request fails)'), ...field('Latency (ms)', latency),
      h('button', { onclick: () => void act('Faults updated', () => control('faults', { body: { offline: offline.checked, latencyMs: Math.max(0, Math.round(Number(latency.value))) } })) }, 'Apply')),
  ];
}

/** Burn credits through the control API (agents' usage is recorded by the system), in events of ≤ 40,000. */
async function burn(channel: string, credits: number) {
  if (!Number.isInteger(credits) || credits < 1) {
    notice = { kind: 'error', title: 'Enter a whole number of credits, 1 or more.' };
    await refresh();
    return;
  }
  let done = 0;
  try {
    while (done < credits) {
      const chunk = Math.min(credits - done, 40_000);
      await control('usage', { body: { orgId, channel, credits: chunk, modelId: 'gpt-5', ...(channel === 'internal_chat' && state.actingUserId ? { memberId: state.actingUserId } : {}) } });
      done += chunk;
    }
    notice = { kind: 'success', title: `Recorded ${num(credits)} credits of ${channel} usage.` };
  } catch (e) {
    const n = describeError(e);
    notice = { ...n, title: done > 0 ? `Recorded ${num(done)} of ${num(credits)} credits, then: ${n.title}` : n.title };
  }
  await refresh();
}

/** The simulated checkout's "Pay" (a stand-in for Stripe's embedded checkout): the control API, as the acting person. */
const payCheckout = (checkoutId: string, outcome: 'succeed' | 'decline' | 'pending') =>
  control('completeCheckout', { params: { orgId, checkoutId }, body: { card: { outcome } }, token: tokenOf(state.actingUserId), idempotencyKey: crypto.randomUUID() });

async function buy(packageId: string, outcome: 'succeed' | 'decline' | 'pending') {
  try {
    const r = await api.packages.purchase(orgId, { packageId });
    if (r.status === 'requires_checkout') {
      notice = { kind: 'info', title: 'No saved card: the purchase continues in checkout.', action: { label: `Pay ${money(r.checkout.amount)} in checkout`, run: () => void act('Paid in checkout', () => payCheckout(r.checkout.id, outcome)) } };
    } else {
      notice = { kind: 'success', title: r.status === 'paid' ? `Bought ${num(r.credits)} credits.` : 'The payment is pending: credits arrive once it is collected.' };
    }
  } catch (e) {
    notice = describeError(e);
  }
  await refresh();
}

async function previewPlan(planId: PlanId, interval: 'month' | 'year', outcome: 'succeed' | 'decline' | 'pending') {
  try {
    const p = await api.subscription.preview(orgId, { planId, interval });
    const when = p.timing === 'now' ? `now, ${money(p.amountDueNow)} due today` : `on ${date(p.effectiveAt)}`;
    const drops = p.keep?.required ? ` ${String(p.keep.members.active)} members / ${String(p.keep.agents.active)} agents exceed the new limits: those joined last would be deactivated.` : '';
    notice = { kind: 'info', title: `${p.kind}: applies ${when}.${drops}`, detail: `Next invoice ${money(p.nextInvoice.amount)} on ${date(p.nextInvoice.date)}`,
      action: { label: 'Confirm', run: () => void act(`Plan change ${p.kind === 'upgrade' ? 'applied' : 'scheduled'}`, () => api.subscription.change(orgId, { planId, interval })) } };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'checkout_required') {
      notice = { kind: 'info', title: 'Moving from Free to a paid plan goes through checkout.', action: { label: 'Pay in checkout', run: () => void act(`Subscribed to ${planId}`, async () => {
        const session = await api.checkout.start(orgId, { purpose: 'subscription', planId, interval });
        await payCheckout(session.id, outcome);
      }) } };
    } else {
      notice = describeError(e);
    }
  }
  await refresh();
}

let rendering = 0;
async function refresh() {
  const turn = (rendering += 1);
  try {
    state = await controlState();
  } catch (e) {
    notice = describeError(e);
  }
  if (!state.people.some((p) => p.userId === state.actingUserId)) await control('actAs', { body: { userId: state.people[0]?.userId ?? null } });
  try {
    const list = (await api.session.get()).memberships;
    if (!list.some((m) => m.orgId === orgId)) orgId = list.find((m) => m.orgId === state.orgId)?.orgId ?? list[0]?.orgId ?? state.orgId;
    currency = list.find((m) => m.orgId === orgId)?.currency ?? 'USD';
  } catch {
    orgId ||= state.orgId;
  }
  const [panelNodes, cardNodes] = await Promise.all([controls(), Promise.all(cards())]);
  if (turn !== rendering) return; // a newer refresh is on its way
  const panel = document.getElementById('controls');
  const view = document.getElementById('view');
  const clock = document.getElementById('clock');
  if (!panel || !view || !clock) return;
  clock.textContent = `Mock time ${dateTime(state.now)} UTC`;
  // What the user typed or picked survives every refresh (only who/which org reflect the state itself).
  const drafts = new Map<string, string>();
  for (const el of panel.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
    if (el.id && el.id !== 'f-person' && el.id !== 'f-organization' && el.type !== 'checkbox') drafts.set(el.id, el.value);
  }
  panel.replaceChildren(...panelNodes);
  for (const [id, value] of drafts) {
    const el = document.getElementById(id);
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = value;
  }
  const note = notice ?? (state.notice ? { kind: 'info' as const, title: state.notice } : null);
  view.replaceChildren(
    ...(note
      ? [h('div', { class: `card wide notice ${note.kind}`, role: note.kind === 'error' ? 'alert' : 'status' },
          h('strong', {}, note.title), note.detail ? h('div', { class: 'code' }, note.detail) : null,
          note.action ? h('div', { class: 'row' }, h('button', { class: 'primary', onclick: note.action.run }, note.action.label)) : null)]
      : []),
    ...cardNodes,
  );
  view.removeAttribute('aria-busy');
}

async function main() {
  document.getElementById('view')?.setAttribute('aria-busy', 'true');
  await startMockWorker();
  orgId = localStorage.getItem(ORG_KEY) ?? '';
  await refresh();
}

void main();
