import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@orgkit/contract';
import type { UsageEvent } from '../../engine/index.js';
import { DAY, HOUR, SYSTEM, world } from './world.js';

/**
 * Usage stays cheap as it grows: period queries read the daily rollups, never the event log. Proven structurally
 * (the log is replaced by a tripwire that throws on any read) rather than by timing — tests never assert times.
 */

const CHANNELS: Channel[] = ['chat', 'voice', 'widget', 'realtime', 'internal_chat'];

function yearOfUsage() {
  const w = world({ start: '2025-01-01T00:00:00.000Z' });
  const o = w.signUp();
  w.run(SYSTEM, 'system.setPlan', { orgId: o.orgId, planId: 'ultra', interval: 'year', customCredits: 10_000_000 });
  const agents = [w.agent(o.orgId, o.owner, 'Sales'), w.agent(o.orgId, o.owner, 'Support'), w.agent(o.orgId, o.owner, 'Voice')];
  const member = w.join(o.orgId, o.owner, 'member').userId;
  const models = ['gpt-5-mini', 'mistral-large', 'gpt-5'];
  let n = 0;
  for (let day = 0; day < 400; day += 1) {
    for (let i = 0; i < 12; i += 1) {
      const channel = CHANNELS[(day + i) % CHANNELS.length] ?? 'chat';
      w.run(SYSTEM, 'usage.record', {
        orgId: o.orgId, channel, modelId: models[i % models.length] ?? 'gpt-5', words: 200 + ((day * 31 + i * 17) % 3_000),
        agentId: agents[i % agents.length] ?? '', ...(channel === 'internal_chat' ? { memberId: member } : {}),
      });
      n += 1;
    }
    w.clock.advance(DAY);
  }
  w.clock.advance(HOUR);
  return { w, o, n };
}

function tripwire(events: UsageEvent[], allowReads = 0) {
  let reads = 0;
  return new Proxy(events, {
    get(target, prop, receiver) {
      if (prop === 'length' || prop === 'push') return Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && /^\d+$/.test(prop)) {
        reads += 1;
        if (reads > allowReads) throw new Error(`the event log was read (${String(reads)} reads)`);
        return Reflect.get(target, prop, receiver);
      }
      throw new Error(`the event log was scanned (${String(prop)})`);
    },
  });
}

test('USE-1 a 365-day timeseries, summary and per-agent table answer from rollups without reading a single event', () => {
  const { w, o, n } = yearOfUsage();
  const org = w.engine.state.orgs[o.orgId];
  assert.ok(org);
  const now = w.engine.now();
  const firstDay = Math.floor(now / DAY) - 364;
  const inPeriod = org.usage.events.filter((e) => Math.floor(e.at / DAY) >= firstDay);
  const expectCredits = inPeriod.reduce((s, e) => s + e.credits, 0);
  const expectTokens = inPeriod.reduce((s, e) => s + e.tokens, 0);
  assert.equal(org.usage.events.length, n);

  org.usage.events = tripwire(org.usage.events);
  for (const groupBy of ['none', 'channel', 'agent', 'member', 'model'] as const) {
    const credits = w.query(o.owner, 'usage.timeseries', { orgId: o.orgId, days: 365, unit: 'credits', groupBy });
    assert.equal(credits.points.length, 365);
    assert.equal(credits.total, expectCredits, `credits by ${groupBy}`);
    const sumOfSeries = credits.points.reduce((s, p) => s + Object.values(p.series).reduce((a, b) => a + b, 0), 0);
    assert.equal(sumOfSeries, expectCredits);
  }
  assert.equal(w.query(o.owner, 'usage.timeseries', { orgId: o.orgId, days: 365, unit: 'tokens' }).total, expectTokens);
  const summary = w.query(o.owner, 'usage.summary', { orgId: o.orgId, days: 365 });
  assert.equal(summary.totalCredits, expectCredits);
  assert.equal(summary.events, inPeriod.length);
  const table = w.query(o.owner, 'usage.breakdown', { orgId: o.orgId, days: 365 });
  assert.equal(table.reduce((s, r) => s + r.credits, 0), expectCredits);
  assert.equal(new Set(table.map((r) => r.agentName)).size, 3);
});

test('USE-1 recent activity reads only the page it returns, newest first', () => {
  const { w, o } = yearOfUsage();
  const org = w.engine.state.orgs[o.orgId];
  assert.ok(org);
  const newest = org.usage.events.slice(-25).reverse().map((e) => e.id);
  org.usage.events = tripwire(org.usage.events, 25);
  const page1 = w.query(o.owner, 'usage.events', { orgId: o.orgId, limit: 20 });
  assert.deepEqual(page1.events.map((e) => e.id), newest.slice(0, 20));
  assert.ok(page1.nextCursor);
  assert.throws(() => w.query(o.owner, 'usage.events', { orgId: o.orgId, limit: 20, cursor: page1.nextCursor ?? '' }), /event log was read/);
});

test('CRD-5 a debit reads the credit blocks and the month counters, not the event log', () => {
  const { w, o } = yearOfUsage();
  const org = w.engine.state.orgs[o.orgId];
  assert.ok(org);
  org.usage.events = tripwire(org.usage.events);
  const before = w.balance(o.orgId);
  const r = w.use(o.orgId, 5_000);
  assert.equal(r.balance, before - 5);
});
