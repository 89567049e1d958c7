import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../engine/index.js';
import type { World } from './world.js';
import { DAY, HOUR, SYSTEM, rejects, world } from './world.js';

/** The rows that carry a cap (caps.get also lists everyone who can spend, with `cap: null`). */
const withCap = <T extends { cap: number | null }>(rows: T[]): T[] => rows.filter((r) => r.cap !== null);

// — Helpers (local to this file) —

const CYCLE_END = Date.parse('2026-02-05T09:00:00.000Z');

/** Advance the world's clock to an absolute instant. */
function advanceTo(w: World, at: number) {
  const now = w.engine.now();
  assert.ok(at >= now, 'time only moves forward');
  w.advance(at - now);
}

function internalChat(w: World, actor: Actor, orgId: string, words: number) {
  return w.run(actor, 'usage.record', { orgId, channel: 'internal_chat', modelId: 'gpt-5-mini', words });
}

function invoices(w: World, orgId: string) {
  return w.query(SYSTEM, 'invoices.list', { orgId, limit: 100 });
}

function allowanceBlocks(w: World, orgId: string) {
  return w.query(SYSTEM, 'credits.get', { orgId }).blocks.filter((b) => b.source === 'allowance');
}

/**
 * A Pro team with two agents and four usage events on three different days:
 *   2026-01-05  chat,          agent A, admin,  gpt-5 (5/1k),          2,000 words → 10 credits, 2,667 tokens
 *   2026-01-06  voice,         agent B, —,      gpt-5-mini (1/1k),     3,000 words →  3 credits, 4,000 tokens (speech)
 *   2026-01-08  widget,        agent A, —,      mistral-large (3/1k),  1,000 words →  3 credits,   500 tokens (given)
 *   2026-01-08  internal_chat, —,       member, gpt-5-mini,              500 words →  1 credit,    667 tokens
 */
function usageWorld() {
  const w = world();
  const t = w.team('pro');
  const agentA = w.agent(t.orgId, t.owner, 'Sales bot');
  const agentB = w.agent(t.orgId, t.builder.actor, 'Support bot');
  const e1 = w.use(t.orgId, 2_000, { channel: 'chat', agentId: agentA, memberId: t.admin.userId, modelId: 'gpt-5' });
  w.advance(DAY);
  const e2 = w.use(t.orgId, 3_000, { channel: 'voice', agentId: agentB, modelId: 'gpt-5-mini' });
  w.advance(2 * DAY);
  const e3 = w.use(t.orgId, 1_000, { channel: 'widget', agentId: agentA, modelId: 'mistral-large', tokens: 500 });
  const e4 = internalChat(w, t.member.actor, t.orgId, 500);
  return { w, t, agentA, agentB, events: [e1, e2, e3, e4] };
}

// — USE —

describe('USE usage & analytics', () => {
  test('USE-1 the timeseries has one point per day over the period and its totals equal the recorded events', () => {
    const { w, t, events } = usageWorld();
    assert.deepEqual(events.map((e) => e.credits), [10, 3, 3, 1]);
    const ts = w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days: 7 });
    assert.equal(ts.unit, 'credits');
    assert.equal(ts.from, '2026-01-02');
    assert.equal(ts.to, '2026-01-08');
    assert.deepEqual(ts.points.map((p) => p.date), ['2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
    assert.deepEqual(ts.points.map((p) => p.total), [0, 0, 0, 10, 3, 0, 4]);
    assert.equal(ts.total, 17);
    assert.equal(ts.total, events.reduce((s, e) => s + e.credits, 0));
    assert.equal(w.balance(t.orgId), 30_000 - 17);
  });

  test('USE-1 the timeseries can be read in tokens', () => {
    const { w, t } = usageWorld();
    const ts = w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days: 7, unit: 'tokens' });
    assert.equal(ts.unit, 'tokens');
    assert.deepEqual(ts.points.map((p) => p.total), [0, 0, 0, 2_667, 4_000, 0, 1_167]);
    assert.equal(ts.total, 2_667 + 4_000 + 500 + 667);
  });

  test('USE-1 the period is counted back from today: 1, 3, 4 and 365 days', () => {
    const { w, t } = usageWorld();
    const total = (days: number) => w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days }).total;
    assert.equal(total(1), 4);
    assert.equal(total(3), 7);
    assert.equal(total(4), 17);
    const year = w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days: 365 });
    assert.equal(year.points.length, 365);
    assert.equal(year.from, '2025-01-09');
    assert.equal(year.total, 17);
    // Later days move the window: 4 days later the 2026-01-05 event has left a 7-day window.
    w.advance(4 * DAY);
    assert.equal(total(7), 7);
    assert.equal(total(365), 17);
  });

  test('USE-1 summary cards: totals, event count, previous period, top agent and top channel', () => {
    const { w, t, agentA } = usageWorld();
    const s = w.query(t.owner, 'usage.summary', { orgId: t.orgId, days: 7 });
    assert.deepEqual(s, {
      days: 7, totalCredits: 17, totalTokens: 7_834, events: 4, previousCredits: 0, changePct: null,
      topAgent: { agentId: agentA, credits: 13 }, topChannel: { channel: 'chat', credits: 10 },
    });
    const two = w.query(t.owner, 'usage.summary', { orgId: t.orgId, days: 2 });
    assert.equal(two.totalCredits, 4); // 2026-01-07 … 01-08
    assert.equal(two.previousCredits, 13); // 2026-01-05 … 01-06
    assert.equal(two.changePct, -69.2);
  });

  test('USE-1 the per-agent table is agent × channel × category, largest first', () => {
    const { w, t, agentA, agentB } = usageWorld();
    const rows = w.query(t.owner, 'usage.breakdown', { orgId: t.orgId, days: 30 });
    for (let i = 1; i < rows.length; i += 1) assert.ok((rows[i - 1]?.credits ?? 0) >= (rows[i]?.credits ?? 0));
    assert.deepEqual(rows[0], { agentId: agentA, agentName: 'Sales bot', channel: 'chat', category: 'completion', credits: 10, tokens: 2_667, events: 1 });
    const key = (r: { agentId: string | null; channel: string; category: string }) => `${r.agentId ?? '-'}/${r.channel}/${r.category}`;
    assert.deepEqual(
      rows.map((r) => [key(r), r.agentName, r.credits, r.tokens, r.events]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['-/internal_chat/completion', null, 1, 667, 1],
        [`${agentA}/chat/completion`, 'Sales bot', 10, 2_667, 1],
        [`${agentA}/widget/completion`, 'Sales bot', 3, 500, 1],
        [`${agentB}/voice/speech`, 'Support bot', 3, 4_000, 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.equal(rows.reduce((s, r) => s + r.credits, 0), 17);
    // Two events in the same cell add up.
    w.use(t.orgId, 1_000, { channel: 'widget', agentId: agentA, modelId: 'mistral-large', tokens: 100 });
    const widget = w.query(t.owner, 'usage.breakdown', { orgId: t.orgId, days: 1 }).find((r) => r.agentId === agentA && r.channel === 'widget');
    assert.deepEqual([widget?.credits, widget?.tokens, widget?.events], [6, 600, 2]);
  });

  test('USE-1 recent activity lists event type, quantity, credits and time, newest first, paged', () => {
    const { w, t, events } = usageWorld();
    const page1 = w.query(t.owner, 'usage.events', { orgId: t.orgId, limit: 3 });
    assert.deepEqual(page1.events.map((e) => e.id), [events[3]?.eventId, events[2]?.eventId, events[1]?.eventId]);
    assert.notEqual(page1.nextCursor, null);
    const newest = page1.events[0];
    assert.deepEqual(
      newest && [newest.channel, newest.category, newest.words, newest.tokens, newest.credits, newest.at, newest.memberId],
      ['internal_chat', 'completion', 500, 667, 1, '2026-01-08T09:00:00.000Z', t.member.userId],
    );
    assert.deepEqual(page1.events.map((e) => e.at), ['2026-01-08T09:00:00.000Z', '2026-01-08T09:00:00.000Z', '2026-01-06T09:00:00.000Z']);
    const page2 = w.query(t.owner, 'usage.events', { orgId: t.orgId, limit: 3, cursor: page1.nextCursor ?? undefined });
    assert.deepEqual(page2.events.map((e) => [e.id, e.channel, e.credits, e.at]), [[events[0]?.eventId, 'chat', 10, '2026-01-05T09:00:00.000Z']]);
    assert.equal(page2.nextCursor, null);
    const all = w.query(t.owner, 'usage.events', { orgId: t.orgId });
    assert.equal(all.events.length, 4);
    assert.equal(all.events.reduce((s, e) => s + e.credits, 0), 17);
  });

  test('USE-1 the balance hero carries the CRD-7 state', () => {
    const { w, t } = usageWorld();
    const hero = w.query(t.owner, 'balance.get', { orgId: t.orgId });
    assert.deepEqual([hero.balance, hero.state, hero.offline], [29_983, 'ok', false]);
  });

  test('USE-1 owner and admin read every usage view', () => {
    const { w, t } = usageWorld();
    for (const who of [t.owner, t.admin.actor]) {
      assert.equal(w.query(who, 'usage.timeseries', { orgId: t.orgId, days: 30 }).total, 17);
      assert.equal(w.query(who, 'usage.summary', { orgId: t.orgId, days: 30 }).totalCredits, 17);
      assert.equal(w.query(who, 'usage.breakdown', { orgId: t.orgId, days: 30 }).length, 4);
      assert.equal(w.query(who, 'usage.events', { orgId: t.orgId }).events.length, 4);
    }
  });

  test('USE-2 a builder sees the balance and limits only; timeseries, summary, breakdown and events are forbidden', () => {
    const { w, t } = usageWorld();
    const b = t.builder.actor;
    const hero = w.query(b, 'balance.get', { orgId: t.orgId });
    assert.deepEqual([hero.balance, hero.state, hero.monthlyAllowance], [29_983, 'ok', 30_000]);
    const sub = w.query(b, 'subscription.get', { orgId: t.orgId });
    assert.equal(sub.planId, 'pro');
    assert.equal(sub.limits.credits, 30_000);
    rejects(w, () => w.query(b, 'usage.timeseries', { orgId: t.orgId, days: 30 }), 'forbidden');
    rejects(w, () => w.query(b, 'usage.summary', { orgId: t.orgId, days: 30 }), 'forbidden');
    rejects(w, () => w.query(b, 'usage.breakdown', { orgId: t.orgId, days: 30 }), 'forbidden');
    rejects(w, () => w.query(b, 'usage.events', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(b, 'credits.get', { orgId: t.orgId }), 'forbidden');
  });

  test('USE-2 a member is forbidden every billing and usage view', () => {
    const { w, t } = usageWorld();
    const m = t.member.actor;
    rejects(w, () => w.query(m, 'balance.get', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(m, 'subscription.get', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(m, 'credits.get', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.query(m, 'usage.timeseries', { orgId: t.orgId, days: 30 }), 'forbidden');
    rejects(w, () => w.query(m, 'usage.summary', { orgId: t.orgId, days: 30 }), 'forbidden');
    rejects(w, () => w.query(m, 'usage.breakdown', { orgId: t.orgId, days: 30 }), 'forbidden');
    rejects(w, () => w.query(m, 'usage.events', { orgId: t.orgId }), 'forbidden');
  });

  test('USE-3 usage splits by member, by agent, by model and by channel, each adding up to the total', () => {
    const { w, t, agentA, agentB } = usageWorld();
    const split = (groupBy: 'member' | 'agent' | 'model' | 'channel') => {
      const ts = w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days: 7, groupBy });
      for (const p of ts.points) assert.equal(Object.values(p.series).reduce((s, v) => s + v, 0), p.total, `${groupBy} ${p.date}`);
      const totals: Record<string, number> = {};
      for (const p of ts.points) for (const [k, v] of Object.entries(p.series)) totals[k] = (totals[k] ?? 0) + v;
      return { keys: ts.keys, totals, points: ts.points };
    };
    const byMember = split('member');
    assert.deepEqual(byMember.totals, { [t.admin.userId]: 10, '(none)': 6, [t.member.userId]: 1 });
    assert.deepEqual(byMember.keys, [t.admin.userId, '(none)', t.member.userId]);
    const byAgent = split('agent');
    assert.deepEqual(byAgent.totals, { [agentA]: 13, [agentB]: 3, '(none)': 1 });
    assert.deepEqual(byAgent.keys, [agentA, agentB, '(none)']);
    assert.deepEqual(byAgent.points.find((p) => p.date === '2026-01-08')?.series, { [agentA]: 3, '(none)': 1 });
    const byModel = split('model');
    assert.deepEqual(byModel.totals, { 'gpt-5': 10, 'gpt-5-mini': 4, 'mistral-large': 3 });
    const byChannel = split('channel');
    assert.deepEqual(byChannel.totals, { chat: 10, voice: 3, widget: 3, internal_chat: 1 });
    // Tokens split the same way.
    const tokens = w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days: 7, unit: 'tokens', groupBy: 'model' });
    const tokenTotals: Record<string, number> = {};
    for (const p of tokens.points) for (const [k, v] of Object.entries(p.series)) tokenTotals[k] = (tokenTotals[k] ?? 0) + v;
    assert.deepEqual(tokenTotals, { 'gpt-5': 2_667, 'gpt-5-mini': 4_667, 'mistral-large': 500 });
  });

  test('USE-4 total used this month and the per-member breakdown', () => {
    const { w, t } = usageWorld();
    internalChat(w, t.admin.actor, t.orgId, 4_000); // admin +4 → 14
    const c = w.query(t.owner, 'credits.get', { orgId: t.orgId });
    assert.equal(c.usedThisCycle, 21);
    assert.deepEqual(c.byMember, [
      { userId: t.admin.userId, credits: 14 },
      { userId: t.member.userId, credits: 1 },
    ]);
    const hero = w.query(t.owner, 'balance.get', { orgId: t.orgId });
    assert.equal(hero.usedThisCycle, 21);
    assert.equal(hero.resetsAt, '2026-02-05T09:00:00.000Z');
    const meter = w.query(t.owner, 'subscription.get', { orgId: t.orgId }).meters.credits;
    assert.deepEqual([meter.used, meter.limit, meter.percent], [21, 30_000, 0.1]);
    // A new month starts from zero; history stays in the timeseries.
    advanceTo(w, CYCLE_END);
    const next = w.query(t.owner, 'credits.get', { orgId: t.orgId });
    assert.deepEqual([next.usedThisCycle, next.byMember], [0, []]);
    assert.equal(w.query(t.owner, 'balance.get', { orgId: t.orgId }).usedThisCycle, 0);
    assert.equal(w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days: 60 }).total, 21);
    internalChat(w, t.member.actor, t.orgId, 2_000);
    assert.deepEqual(w.query(t.owner, 'credits.get', { orgId: t.orgId }).byMember, [{ userId: t.member.userId, credits: 2 }]);
  });

  test('USE-5 a period outside 1–365 days is rejected with invalid_period', () => {
    const { w, t } = usageWorld();
    for (const days of [0, 366, -1]) {
      rejects(w, () => w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days }), 'invalid_period', (e) => {
        assert.equal(e.param, 'days');
        assert.deepEqual(e.meta, { min: 1, max: 365 });
      });
      rejects(w, () => w.query(t.owner, 'usage.summary', { orgId: t.orgId, days }), 'invalid_period');
      rejects(w, () => w.query(t.owner, 'usage.breakdown', { orgId: t.orgId, days }), 'invalid_period');
    }
    for (const days of [1, 365]) {
      assert.equal(w.query(t.owner, 'usage.timeseries', { orgId: t.orgId, days }).points.length, days);
      assert.equal(w.query(t.owner, 'usage.summary', { orgId: t.orgId, days }).days, days);
      assert.ok(Array.isArray(w.query(t.owner, 'usage.breakdown', { orgId: t.orgId, days })));
    }
  });
});

// — CAP —

describe('CAP spend caps & alerts', () => {
  test('CAP-1 without a cap (the default) a member may spend freely', () => {
    const w = world();
    const t = w.team('pro');
    assert.deepEqual(withCap(w.query(t.owner, 'caps.get', { orgId: t.orgId }).members), []);
    assert.equal(internalChat(w, t.member.actor, t.orgId, 5_000_000).credits, 5_000);
  });

  test('CAP-1 a member cap refuses the debit that would exceed it until the next cycle reset', () => {
    const w = world();
    const t = w.team('pro');
    const set = w.run(t.owner, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 100 });
    assert.deepEqual(set, { userId: t.member.userId, cap: 100, spent: 0 });
    internalChat(w, t.member.actor, t.orgId, 60_000); // 60
    rejects(w, () => internalChat(w, t.member.actor, t.orgId, 50_000), 'member_cap_reached', (e) => {
      assert.equal(e.status, 402); // a billing error
      assert.deepEqual(e.meta, { memberId: t.member.userId, cap: 100, spent: 60, resetsAt: '2026-02-05T09:00:00.000Z' });
    });
    internalChat(w, t.member.actor, t.orgId, 40_000); // exactly the cap
    rejects(w, () => internalChat(w, t.member.actor, t.orgId, 1_000), 'member_cap_reached');
    // Attributed to the member by the runtime, on another channel: the same cap.
    rejects(w, () => w.use(t.orgId, 1_000, { channel: 'chat', memberId: t.member.userId }), 'member_cap_reached');
    // Other members are not affected, and the pool still has credits.
    internalChat(w, t.admin.actor, t.orgId, 500_000);
    assert.equal(w.balance(t.orgId), 30_000 - 100 - 500);
    const caps = w.query(t.owner, 'caps.get', { orgId: t.orgId });
    assert.deepEqual(withCap(caps.members), [{ userId: t.member.userId, cap: 100, spent: 100 }]);
    assert.equal(caps.resetsAt, '2026-02-05T09:00:00.000Z');
    // Still refused one moment before the reset …
    advanceTo(w, CYCLE_END - 1);
    rejects(w, () => internalChat(w, t.member.actor, t.orgId, 1_000), 'member_cap_reached');
    // … and allowed again from the reset on.
    w.advance(1);
    assert.deepEqual(withCap(w.query(t.owner, 'caps.get', { orgId: t.orgId }).members), [{ userId: t.member.userId, cap: 100, spent: 0 }]);
    internalChat(w, t.member.actor, t.orgId, 100_000);
    rejects(w, () => internalChat(w, t.member.actor, t.orgId, 1_000), 'member_cap_reached', (e) =>
      assert.equal(e.meta?.['resetsAt'], '2026-03-05T09:00:00.000Z'),
    );
  });

  test('CAP-1 clearing a member cap lifts it', () => {
    const w = world();
    const t = w.team('pro');
    w.run(t.owner, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 10 });
    internalChat(w, t.member.actor, t.orgId, 10_000);
    rejects(w, () => internalChat(w, t.member.actor, t.orgId, 1_000), 'member_cap_reached');
    w.run(t.owner, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: null });
    assert.deepEqual(withCap(w.query(t.owner, 'caps.get', { orgId: t.orgId }).members), []);
    assert.equal(internalChat(w, t.member.actor, t.orgId, 1_000).credits, 1);
  });

  test('CAP-2 an agent cap refuses the debit that would exceed it on every channel until the next cycle reset', () => {
    const w = world();
    const t = w.team('pro');
    const capped = w.agent(t.orgId, t.builder.actor, 'Capped bot');
    const free = w.agent(t.orgId, t.builder.actor, 'Free bot');
    assert.deepEqual(withCap(w.query(t.owner, 'caps.get', { orgId: t.orgId }).agents), []);
    w.run(t.admin.actor, 'caps.setAgent', { orgId: t.orgId, agentId: capped, cap: 50 });
    w.use(t.orgId, 30_000, { agentId: capped, channel: 'chat' });
    w.use(t.orgId, 15_000, { agentId: capped, channel: 'voice' });
    rejects(w, () => w.use(t.orgId, 6_000, { agentId: capped, channel: 'widget' }), 'agent_cap_reached', (e) => {
      assert.equal(e.status, 402);
      assert.deepEqual(e.meta, { agentId: capped, cap: 50, spent: 45, resetsAt: '2026-02-05T09:00:00.000Z' });
    });
    w.use(t.orgId, 5_000, { agentId: capped, channel: 'realtime' }); // exactly 50
    rejects(w, () => w.use(t.orgId, 1_000, { agentId: capped, channel: 'chat' }), 'agent_cap_reached');
    w.use(t.orgId, 500_000, { agentId: free });
    assert.deepEqual(withCap(w.query(t.owner, 'caps.get', { orgId: t.orgId }).agents), [{ agentId: capped, cap: 50, spent: 50 }]);
    advanceTo(w, CYCLE_END - 1);
    rejects(w, () => w.use(t.orgId, 1_000, { agentId: capped }), 'agent_cap_reached');
    w.advance(1);
    assert.equal(w.use(t.orgId, 50_000, { agentId: capped }).credits, 50);
    rejects(w, () => w.use(t.orgId, 1_000, { agentId: capped }), 'agent_cap_reached');
  });

  test('CAP-3 owners are notified once when the pool falls below the default 20 % threshold', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.join(o.orgId, o.owner, 'admin');
    const alerts = w.query(o.owner, 'caps.get', { orgId: o.orgId }).alerts;
    assert.deepEqual(alerts, { thresholdPct: 20, thresholdCredits: 2_000, recipientIds: [], defaultRecipients: true });
    const low = () => w.query(o.owner, 'notifications.list', { orgId: o.orgId }).filter((n) => n.kind === 'low_balance');
    w.use(o.orgId, 1_600_000, { modelId: 'gpt-5' }); // 8,000 → 2,000: not below
    assert.equal(w.balance(o.orgId), 2_000);
    assert.equal(low().length, 0);
    w.advance(HOUR);
    w.use(o.orgId, 1_000); // 1,999: below
    assert.equal(low().length, 1);
    assert.deepEqual(low()[0] && { to: low()[0]?.to, balance: low()[0]?.balance, at: low()[0]?.at }, {
      to: ['owner1@acme.test'], balance: 1_999, at: '2026-01-05T10:00:00.000Z',
    });
    // Further debits under the threshold do not notify again.
    w.use(o.orgId, 500_000);
    w.use(o.orgId, 1_000);
    assert.equal(low().length, 1);
    // Back above the threshold re-arms it; the next crossing notifies once more.
    w.run(SYSTEM, 'credits.grant', { orgId: o.orgId, amount: 5_000, source: 'grant' });
    assert.equal(low().length, 1);
    w.use(o.orgId, 1_000_000, { modelId: 'gpt-5' }); // 5,000
    assert.equal(low().length, 2);
    assert.equal(low()[1]?.balance, 1_498);
  });

  test('CAP-3 the renewal re-arms the alert for the next cycle', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const low = () => w.query(o.owner, 'notifications.list', { orgId: o.orgId }).filter((n) => n.kind === 'low_balance').length;
    w.use(o.orgId, 1_700_000, { modelId: 'gpt-5' }); // 1,500 left
    assert.equal(low(), 1);
    advanceTo(w, CYCLE_END);
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(low(), 1);
    w.use(o.orgId, 1_700_000, { modelId: 'gpt-5' });
    assert.equal(low(), 2);
  });

  test('CAP-3 a configured threshold and recipients replace the defaults', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const admin = w.join(o.orgId, o.owner, 'admin', 'ada@acme.test');
    const r = w.run(o.owner, 'alerts.configure', { orgId: o.orgId, thresholdPct: 50, recipientIds: [admin.userId] });
    assert.deepEqual([r.thresholdPct, r.recipientIds], [50, [admin.userId]]);
    const alerts = w.query(o.owner, 'caps.get', { orgId: o.orgId }).alerts;
    assert.deepEqual(alerts, { thresholdPct: 50, thresholdCredits: 5_000, recipientIds: [admin.userId], defaultRecipients: false });
    w.use(o.orgId, 5_000_000); // 5,000 left: not below
    assert.equal(w.query(o.owner, 'notifications.list', { orgId: o.orgId }).length, 0);
    w.use(o.orgId, 1_000);
    const n = w.query(o.owner, 'notifications.list', { orgId: o.orgId });
    assert.deepEqual(n.map((x) => [x.kind, x.to]), [['low_balance', ['ada@acme.test']]]);
  });

  test('CAP-4 owner and admin set caps and alerts; builder and member may not', () => {
    const w = world();
    const t = w.team('pro');
    const agentId = w.agent(t.orgId, t.builder.actor);
    for (const who of [t.builder.actor, t.member.actor]) {
      rejects(w, () => w.run(who, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 10 }), 'forbidden');
      rejects(w, () => w.run(who, 'caps.setAgent', { orgId: t.orgId, agentId, cap: 10 }), 'forbidden');
      rejects(w, () => w.run(who, 'alerts.configure', { orgId: t.orgId, thresholdPct: 30, recipientIds: [] }), 'forbidden');
    }
    w.run(t.owner, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 10 });
    w.run(t.admin.actor, 'caps.setMember', { orgId: t.orgId, userId: t.builder.userId, cap: 20 });
    w.run(t.owner, 'caps.setAgent', { orgId: t.orgId, agentId, cap: 30 });
    w.run(t.admin.actor, 'alerts.configure', { orgId: t.orgId, thresholdPct: 30, recipientIds: [] });
    const caps = w.query(t.owner, 'caps.get', { orgId: t.orgId });
    assert.deepEqual(withCap(caps.members).map((m) => [m.userId, m.cap]).sort(), [[t.member.userId, 10], [t.builder.userId, 20]].sort());
    assert.deepEqual(withCap(caps.agents).map((a) => [a.agentId, a.cap]), [[agentId, 30]]);
    assert.equal(caps.alerts.thresholdPct, 30);
  });

  test('CAP-4 with POL-BILLING-OWNER-ONLY only the owner sets caps and alerts', () => {
    const w = world({ policy: { billingOwnerOnly: true } });
    const t = w.team('pro');
    const agentId = w.agent(t.orgId, t.builder.actor);
    rejects(w, () => w.run(t.admin.actor, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 10 }), 'forbidden');
    rejects(w, () => w.run(t.admin.actor, 'caps.setAgent', { orgId: t.orgId, agentId, cap: 10 }), 'forbidden');
    rejects(w, () => w.run(t.admin.actor, 'alerts.configure', { orgId: t.orgId, thresholdPct: 30, recipientIds: [] }), 'forbidden');
    assert.equal(w.run(t.owner, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 10 }).cap, 10);
    assert.equal(w.run(t.owner, 'caps.setAgent', { orgId: t.orgId, agentId, cap: 10 }).cap, 10);
  });
});

// — TIME —

describe('TIME the injected clock', () => {
  test('TIME-1 invites expire after 72 hours of the injected clock, not of the wall clock', () => {
    const w = world({ start: '2020-01-01T00:00:00.000Z' }); // years before the wall clock
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const first = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'early@acme.test', role: 'member' });
    assert.equal(first.expiresAt, '2020-01-04T00:00:00.000Z');
    // Still open: the wall clock is long past, the injected one is not.
    w.run({ kind: 'anonymous' }, 'invite.accept', { inviteId: first.id, name: 'Early' });
    const second = w.run(o.owner, 'invite.create', { orgId: o.orgId, email: 'late@acme.test', role: 'member' });
    w.advance(72 * HOUR - 1);
    assert.equal(w.query(o.owner, 'invites.list', { orgId: o.orgId })[0]?.status, 'pending');
    w.advance(1);
    assert.equal(w.query(o.owner, 'invites.list', { orgId: o.orgId })[0]?.status, 'expired');
    rejects(w, () => w.run({ kind: 'anonymous' }, 'invite.accept', { inviteId: second.id, name: 'Late' }), 'invite_expired');
  });

  test('TIME-1 advancing over several cycles runs each renewal exactly once, however the time is stepped', () => {
    const jump = world();
    const a = jump.signUp();
    jump.plan(a.orgId, 'standard');
    const step = world();
    const b = step.signUp();
    step.plan(b.orgId, 'standard');
    const seen = new Set<string>();
    for (const blk of allowanceBlocks(step, b.orgId)) seen.add(blk.id);
    const target = Date.parse('2026-04-05T09:00:00.000Z'); // three cycle ends: Feb 5, Mar 5, Apr 5
    // One jump …
    advanceTo(jump, target);
    // … versus 90 daily steps, using credits along the way.
    for (let d = 0; d < 90; d += 1) {
      step.use(b.orgId, 50_000);
      step.advance(DAY);
      for (const blk of allowanceBlocks(step, b.orgId)) seen.add(blk.id);
    }
    assert.equal(step.engine.now(), target);
    for (const [w, orgId] of [[jump, a.orgId], [step, b.orgId]] as const) {
      // Reading and ticking again without moving the clock runs nothing more.
      for (let i = 0; i < 5; i += 1) w.engine.tick();
      const list = invoices(w, orgId);
      assert.equal(list.total, 3);
      assert.deepEqual(list.invoices.map((i) => i.createdAt).reverse(), [
        '2026-02-05T09:00:00.000Z', '2026-03-05T09:00:00.000Z', '2026-04-05T09:00:00.000Z',
      ]);
      assert.ok(list.invoices.every((i) => i.amount === 16_900 && i.status === 'paid'));
      const live = allowanceBlocks(w, orgId);
      assert.deepEqual(live.map((x) => [x.initial, x.createdAt, x.expiresAt]), [[10_000, '2026-04-05T09:00:00.000Z', '2026-05-05T09:00:00.000Z']]);
    }
    assert.equal(jump.balance(a.orgId), 10_000);
    assert.equal(step.balance(b.orgId), 10_000); // the fresh allowance, nothing stacked
    assert.equal(seen.size, 4, 'one allowance grant at the start and one per renewal');
  });

  test('TIME-1 a yearly term grants the allowance every month and invoices once a year', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard', 'year');
    const seen = new Set(allowanceBlocks(w, o.orgId).map((b) => b.id));
    for (let d = 0; d < 365; d += 1) {
      w.advance(DAY);
      for (const b of allowanceBlocks(w, o.orgId)) seen.add(b.id);
    }
    assert.equal(seen.size, 13);
    const list = invoices(w, o.orgId);
    assert.equal(list.total, 1);
    assert.equal(list.invoices[0]?.createdAt, '2027-01-05T09:00:00.000Z');
    assert.equal(list.invoices[0]?.amount, 168_000);
  });

  test('TIME-1 a package expires 12 months after purchase, by the injected clock', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.advance(3 * DAY);
    w.pay(o.owner, 'package.purchase', { orgId: o.orgId, packageId: 'pkg_5000' });
    assert.equal(w.balance(o.orgId), 15_000);
    advanceTo(w, Date.parse('2027-01-08T09:00:00.000Z') - 1);
    assert.equal(w.balance(o.orgId), 15_000);
    w.advance(1);
    assert.equal(w.balance(o.orgId), 10_000);
    assert.equal(w.query(o.owner, 'credits.get', { orgId: o.orgId }).blocks.some((b) => b.source === 'purchase'), false);
    assert.equal(invoices(w, o.orgId).total, 12 + 1); // twelve renewals and the package
  });

  test('TIME-1 monthly caps reset only when the injected clock crosses each cycle end', () => {
    const w = world();
    const t = w.team('pro');
    w.run(t.owner, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 100 });
    const ends = ['2026-02-05T09:00:00.000Z', '2026-03-05T09:00:00.000Z', '2026-04-05T09:00:00.000Z'];
    for (const end of ends) {
      internalChat(w, t.member.actor, t.orgId, 100_000);
      for (let i = 0; i < 3; i += 1) w.engine.tick(); // no clock movement, no reset
      rejects(w, () => internalChat(w, t.member.actor, t.orgId, 1_000), 'member_cap_reached', (e) => assert.equal(e.meta?.['resetsAt'], end));
      advanceTo(w, Date.parse(end));
      assert.deepEqual(withCap(w.query(t.owner, 'caps.get', { orgId: t.orgId }).members), [{ userId: t.member.userId, cap: 100, spent: 0 }]);
    }
    assert.equal(invoices(w, t.orgId).total, 3);
  });

  test('TIME-1 the engine never reads the wall clock: a world years in the past runs nothing until advanced', () => {
    const w = world({ start: '2020-01-01T00:00:00.000Z' }); // by the wall clock, dozens of cycles have passed since
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    w.run(SYSTEM, 'credits.grant', { orgId: o.orgId, amount: 100, source: 'promo', expiresAt: '2020-01-02T00:00:00.000Z' });
    for (let i = 0; i < 3; i += 1) w.engine.tick();
    assert.equal(w.balance(o.orgId), 10_100);
    assert.equal(w.query(o.owner, 'balance.get', { orgId: o.orgId }).resetsAt, '2020-02-01T00:00:00.000Z');
    assert.equal(invoices(w, o.orgId).total, 0);
    w.advance(DAY);
    assert.equal(w.balance(o.orgId), 10_000);
    advanceTo(w, Date.parse('2020-02-01T00:00:00.000Z'));
    assert.equal(invoices(w, o.orgId).total, 1);
  });
});

test('CAP-1 CAP-2 caps.get lists every active member and agent with this cycle\'s spend, uncapped ones with cap null', () => {
  const w = world();
  const t = w.team('pro');
  const agentId = w.agent(t.orgId, t.owner);
  w.use(t.orgId, 7_000, { agentId });
  w.run(t.owner, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 40 });
  const caps = w.query(t.owner, 'caps.get', { orgId: t.orgId });
  assert.equal(caps.members.length, 4);
  assert.deepEqual(caps.members.find((m) => m.userId === t.admin.userId), { userId: t.admin.userId, cap: null, spent: 0 });
  assert.deepEqual(caps.members.find((m) => m.userId === t.member.userId), { userId: t.member.userId, cap: 40, spent: 0 });
  assert.deepEqual(caps.agents, [{ agentId, cap: null, spent: 7 }]);
});
