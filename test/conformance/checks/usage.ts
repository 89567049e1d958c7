import { atLeast, atMost, equal, expect, includes } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

export const usageChecks: Check[] = [
  check('USE-1', 'owner and admin get the timeseries, summary cards, per-agent table and recent activity', async (t) => {
    await t.reset('standard-team');
    for (const as of [t.who('owner'), t.who('admin')]) {
      const ts = await t.ok('usage.timeseries', { as, query: { days: 30 } });
      equal([ts.days, ts.points.length, ts.unit], [30, 30, 'credits'], 'timeseries {days, points, unit}');
      equal(ts.total, sum(ts.points.map((p) => p.total)), 'timeseries total = sum of points');
      const dates = ts.points.map((p) => p.date);
      equal(dates, [...dates].sort(), 'points in date order');
      const tokens = await t.ok('usage.timeseries', { as, query: { days: 30, unit: 'tokens' } });
      equal(tokens.unit, 'tokens', 'timeseries in tokens');
      const summary = await t.ok('usage.summary', { as, query: { days: 30 } });
      equal(summary.totalCredits, ts.total, 'summary total = timeseries total over the same period');
      const rows = await t.ok('usage.breakdown', { as, query: { days: 30 } });
      expect(rows.length > 0, 'the per-agent table has rows');
      equal(sum(rows.map((r) => r.credits)), summary.totalCredits, 'per-agent table total = summary total');
      const page = await t.ok('usage.events', { as, query: { limit: 5 } });
      atMost(page.events.length, 5, 'events per page');
      const at = page.events.map((e) => Date.parse(e.at));
      expect(at.every((v, i) => i === 0 || (at[i - 1] ?? 0) >= v), 'recent activity is newest first');
      expect(page.nextCursor !== null, 'months of history have a next page');
      const next = await t.ok('usage.events', { as, query: { limit: 5, cursor: page.nextCursor } });
      expect(next.events.every((e) => !page.events.some((x) => x.id === e.id)), 'the next page holds other events');
    }
    const model = await t.model();
    const r = await t.ok('usage.record', { as: t.who('builder'), body: { channel: 'internal_chat', modelId: model.id, words: 1_000 } });
    const latest = (await t.ok('usage.events', { query: { limit: 1 } })).events[0];
    equal([latest?.id, latest?.credits, latest?.channel], [r.eventId, r.credits, 'internal_chat'], 'the newest event is the one just recorded');
  }),

  check('USE-2', 'builders see balance and limits only; timeseries, events and breakdowns are owner/admin', async (t) => {
    await t.reset('standard-team');
    const b = t.who('builder');
    await t.ok('balance.get', { as: b });
    const s = await t.ok('subscription.get', { as: b });
    expect(s.limits.credits !== null, 'a builder sees the plan limits');
    await t.err('usage.timeseries', 'forbidden', { as: b, query: { days: 30 } });
    await t.err('usage.summary', 'forbidden', { as: b, query: { days: 30 } });
    await t.err('usage.breakdown', 'forbidden', { as: b, query: { days: 30 } });
    await t.err('usage.events', 'forbidden', { as: b });
    await t.err('credits.get', 'forbidden', { as: b });
  }),

  check('USE-3', 'usage can be split by member, agent and model', async (t) => {
    await t.reset('standard-team');
    const agents = (await t.ok('agents.list')).map((a) => a.id);
    const members = (await t.members()).members.map((m) => m.userId);
    const models = (await t.ok('models.list')).models.map((m) => m.id);
    for (const [groupBy, universe] of [['member', members], ['agent', agents], ['model', models], ['channel', null]] as const) {
      const ts = await t.ok('usage.timeseries', { query: { days: 60, groupBy } });
      equal(ts.groupBy, groupBy, 'groupBy');
      expect(ts.keys.length > 0, `${groupBy}: keys`);
      if (universe) {
        // One bucket may collect what no member/agent/model is attributed to (e.g. agents' usage by member).
        const known = ts.keys.filter((k) => (universe as readonly string[]).includes(k));
        expect(known.length > 0, `${groupBy}: keys ${JSON.stringify(ts.keys)} name no ${groupBy}`);
        atMost(ts.keys.length - known.length, 1, `${groupBy}: keys that are no ${groupBy} (${JSON.stringify(ts.keys)})`);
      }
      for (const p of ts.points) {
        for (const k of Object.keys(p.series)) includes(ts.keys, k, `${groupBy} series keys on ${p.date}`);
        equal(sum(Object.values(p.series)), p.total, `${groupBy}: series sum on ${p.date}`);
      }
    }
  }),

  check('USE-4', 'the total used this month and a per-member breakdown are served', async (t) => {
    await t.reset('standard-team');
    const b = await t.ok('balance.get');
    const c = await t.ok('credits.get');
    equal(c.usedThisCycle, b.usedThisCycle, 'credits.usedThisCycle = balance.usedThisCycle');
    atMost(sum(c.byMember.map((m) => m.credits)), c.usedThisCycle, 'per-member credits');
    const builder = t.who('builder');
    const before = c.byMember.find((m) => m.userId === builder.userId)?.credits ?? 0;
    const model = await t.model();
    const r = await t.ok('usage.record', { as: builder, body: { channel: 'internal_chat', modelId: model.id, words: 4_000 } });
    const c2 = await t.ok('credits.get');
    equal(c2.usedThisCycle, c.usedThisCycle + r.credits, 'used this month after a usage event');
    equal(c2.byMember.find((m) => m.userId === builder.userId)?.credits, before + r.credits, 'the member\'s credits this month');
  }),

  check('USE-5', 'a period outside 1–365 days is rejected', async (t) => {
    await t.reset('standard-team');
    for (const days of [0, 366, -5]) {
      await t.err('usage.timeseries', 'invalid_period', { query: { days } });
      await t.err('usage.summary', 'invalid_period', { query: { days } });
      await t.err('usage.breakdown', 'invalid_period', { query: { days } });
    }
    equal((await t.ok('usage.timeseries', { query: { days: 1 } })).points.length, 1, 'points for 1 day');
    equal((await t.ok('usage.timeseries', { query: { days: 365 } })).points.length, 365, 'points for 365 days');
  }),

  check('CAP-1', 'a member\'s monthly cap, once reached, refuses their usage until the next reset', async (t) => {
    await t.reset('standard-team');
    const b = t.who('builder');
    const model = await t.model();
    const rate = model.creditsPer1kWords;
    const set = await t.ok('caps.setMember', { params: { userId: b.userId }, body: { cap: 0 } });
    const cap = set.spent + 2 * rate;
    equal((await t.ok('caps.setMember', { params: { userId: b.userId }, body: { cap } })).cap, cap, 'cap set');
    const use = () => t.call('usage.record', { as: b, body: { channel: 'internal_chat', modelId: model.id, words: 1_000 } });
    t.c.expectOk(await use());
    t.c.expectOk(await use());
    t.c.expectErr(await use(), 'member_cap_reached');
    const caps = await t.ok('caps.get');
    equal(caps.members.find((m) => m.userId === b.userId)?.spent, cap, 'spent this cycle');
    const other = await t.ok('usage.record', { as: t.who('admin'), body: { channel: 'internal_chat', modelId: model.id, words: 1_000 } });
    expect(other.credits > 0, 'other members are not capped');
    await t.clockTo(caps.resetsAt);
    t.c.expectOk(await use());
    await t.ok('caps.setMember', { params: { userId: b.userId }, body: { cap: null } });
    equal((await t.ok('caps.get')).members.find((m) => m.userId === b.userId)?.cap ?? null, null, 'cap cleared');
  }),

  check('CAP-2', 'an agent\'s monthly cap, once reached, refuses its usage until the next reset', async (t) => {
    await t.reset('standard-team');
    const [a, other] = (await t.ok('agents.list')).map((x) => x.id);
    expect(a && other, 'two agents');
    const set = await t.ok('caps.setAgent', { params: { agentId: a }, body: { cap: 100_000_000 } });
    const cap = set.spent + 30;
    await t.ok('caps.setAgent', { params: { agentId: a }, body: { cap } });
    await t.burn(20, { agentId: a });
    await t.c.controlErr('usage', 'agent_cap_reached', { body: { orgId: t.orgId, channel: 'chat', credits: 20, agentId: a } });
    await t.burn(20, { agentId: other });
    const caps = await t.ok('caps.get');
    equal(caps.agents.find((x) => x.agentId === a)?.spent, cap - 10, 'the agent\'s spend this cycle');
    await t.clockTo(caps.resetsAt);
    await t.burn(20, { agentId: a });
  }),

  check('CAP-3', 'a low-balance alert notifies the owner when the pool falls below the threshold (default 20 %)', async (t) => {
    await t.reset('standard-team');
    const caps = await t.ok('caps.get');
    const allowance = (await t.ok('balance.get')).monthlyAllowance;
    equal([caps.alerts.thresholdPct, caps.alerts.thresholdCredits, caps.alerts.defaultRecipients], [20, Math.floor(allowance / 5), true], 'alerts {thresholdPct, thresholdCredits, defaultRecipients}');
    const count = async () => (await t.ok('notifications.list')).filter((n) => n.kind === 'low_balance').length;
    const before = await count();
    await t.burnTo(caps.alerts.thresholdCredits + 50);
    equal(await count(), before, 'low-balance notices above the threshold');
    await t.burn(100);
    equal(await count(), before + 1, 'low-balance notices once under the threshold');
    const n = (await t.ok('notifications.list')).filter((x) => x.kind === 'low_balance').at(-1);
    includes(n?.to ?? [], t.who('owner').email, 'the notice goes to the owner');
    const admin = t.who('admin');
    const a = await t.ok('alerts.configure', { body: { thresholdPct: 50, recipientIds: [admin.userId] } });
    equal([a.thresholdPct, a.thresholdCredits, a.recipientIds], [50, Math.floor(allowance / 2), [admin.userId]], 'alerts after configuring');
    atLeast(a.thresholdCredits, caps.alerts.thresholdCredits, 'a higher threshold');
  }),

  check('CAP-4', 'setting caps and alerts is owner/admin', async (t) => {
    await t.reset('standard-team');
    const b = t.who('builder');
    const agentId = (await t.ok('agents.list'))[0]?.id ?? '';
    await t.err('caps.setMember', 'forbidden', { as: b, params: { userId: b.userId }, body: { cap: 1_000 } });
    await t.err('caps.setAgent', 'forbidden', { as: b, params: { agentId }, body: { cap: 1_000 } });
    await t.err('alerts.configure', 'forbidden', { as: b, body: { thresholdPct: 30, recipientIds: [] } });
    const admin = t.who('admin');
    await t.ok('caps.setMember', { as: admin, params: { userId: b.userId }, body: { cap: 1_000 } });
    await t.ok('caps.setAgent', { as: admin, params: { agentId }, body: { cap: 1_000 } });
    await t.ok('alerts.configure', { as: admin, body: { thresholdPct: 30, recipientIds: [] } });
  }),
];
