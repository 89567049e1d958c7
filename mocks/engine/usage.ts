import type { Channel, UsageCategory, UsageGrouping, UsageUnit } from '@orgkit/contract';
import type { Agg, Org, UsageEvent } from './state.js';
import { dayDate, dayNumber } from './time.js';

/**
 * Usage storage: every event is appended (for "recent activity"), and folded into a daily rollup keyed by
 * channel × agent × member × model × category. Period queries read at most `days` rollup days, so their cost
 * does not grow with the number of events (the 365-day query must not rescan them).
 */
const SEP = '\u241f'; // ␟ cannot appear in an id ([A-Za-z0-9_-])

interface RollupKey {
  channel: Channel;
  agentId: string | null;
  memberId: string | null;
  modelId: string;
  category: UsageCategory;
}

function keyOf(e: RollupKey): string {
  return [e.channel, e.agentId ?? '', e.memberId ?? '', e.modelId, e.category].join(SEP);
}

function parseKey(key: string): RollupKey {
  const [channel, agentId, memberId, modelId, category] = key.split(SEP) as [Channel, string, string, string, UsageCategory];
  return { channel, agentId: agentId || null, memberId: memberId || null, modelId, category };
}

export function appendUsage(org: Org, event: UsageEvent): void {
  org.usage.events.push(event);
  const day = String(dayNumber(event.at));
  const rollup = (org.usage.daily[day] ??= {});
  const key = keyOf(event);
  const agg = (rollup[key] ??= [0, 0, 0]);
  agg[0] += event.credits;
  agg[1] += event.tokens;
  agg[2] += 1;
  org.cycleSpend.total += event.credits;
  if (event.memberId) org.cycleSpend.members[event.memberId] = (org.cycleSpend.members[event.memberId] ?? 0) + event.credits;
  if (event.agentId) org.cycleSpend.agents[event.agentId] = (org.cycleSpend.agents[event.agentId] ?? 0) + event.credits;
}

/** Visit every rollup cell of the `days` days ending with the day of `now` (inclusive). */
function eachCell(org: Org, now: number, days: number, offsetDays: number, visit: (day: number, key: RollupKey, agg: Agg) => void): void {
  const last = dayNumber(now) - offsetDays;
  for (let d = last - days + 1; d <= last; d += 1) {
    const rollup = org.usage.daily[String(d)];
    if (!rollup) continue;
    for (const [key, agg] of Object.entries(rollup)) visit(d, parseKey(key), agg);
  }
}

const pick = (agg: Agg, unit: UsageUnit) => (unit === 'credits' ? agg[0] : agg[1]);

/** The series of usage with no agent or member (widget users, say): parentheses never occur in an id. */
export const UNATTRIBUTED = '(none)';

function groupOf(key: RollupKey, groupBy: UsageGrouping): string {
  switch (groupBy) {
    case 'none':
      return 'total';
    case 'channel':
      return key.channel;
    case 'agent':
      return key.agentId ?? UNATTRIBUTED;
    case 'member':
      return key.memberId ?? UNATTRIBUTED;
    case 'model':
      return key.modelId;
  }
}

export interface TimeseriesPoint {
  date: string;
  total: number;
  series: Record<string, number>;
}

export interface Timeseries {
  days: number;
  unit: UsageUnit;
  groupBy: UsageGrouping;
  from: string;
  to: string;
  total: number;
  /** Every series key that appears, largest first. */
  keys: string[];
  points: TimeseriesPoint[];
}

/** USE-1 / USE-3: one point per day, split by the chosen grouping, in credits or tokens. */
export function timeseries(org: Org, now: number, days: number, unit: UsageUnit, groupBy: UsageGrouping): Timeseries {
  const first = dayNumber(now) - days + 1;
  const points: TimeseriesPoint[] = [];
  for (let i = 0; i < days; i += 1) points.push({ date: dayDate(first + i), total: 0, series: {} });
  const totals: Record<string, number> = {};
  eachCell(org, now, days, 0, (day, key, agg) => {
    const point = points[day - first];
    if (!point) return;
    const v = pick(agg, unit);
    const g = groupOf(key, groupBy);
    point.total += v;
    point.series[g] = (point.series[g] ?? 0) + v;
    totals[g] = (totals[g] ?? 0) + v;
  });
  const keys = Object.keys(totals).sort((a, b) => (totals[b] ?? 0) - (totals[a] ?? 0) || a.localeCompare(b));
  return {
    days, unit, groupBy, from: dayDate(first), to: dayDate(dayNumber(now)),
    total: points.reduce((s, p) => s + p.total, 0), keys, points,
  };
}

export interface UsageSummary {
  days: number;
  totalCredits: number;
  totalTokens: number;
  events: number;
  previousCredits: number;
  /** Percent change vs the previous period of the same length; null when the previous period had none. */
  changePct: number | null;
  topAgent: { agentId: string; credits: number } | null;
  topChannel: { channel: Channel; credits: number } | null;
}

function top<K extends string>(totals: Partial<Record<K, number>>): [K, number] | null {
  let best: [K, number] | null = null;
  for (const [k, v] of Object.entries(totals) as [K, number][]) if (!best || v > best[1]) best = [k, v];
  return best;
}

/** USE-1 summary cards: this period, the previous one, top agent, top channel. */
export function summary(org: Org, now: number, days: number): UsageSummary {
  let credits = 0;
  let tokens = 0;
  let events = 0;
  const agents: Record<string, number> = {};
  const channels: Partial<Record<Channel, number>> = {};
  eachCell(org, now, days, 0, (_d, key, agg) => {
    credits += agg[0];
    tokens += agg[1];
    events += agg[2];
    if (key.agentId) agents[key.agentId] = (agents[key.agentId] ?? 0) + agg[0];
    channels[key.channel] = (channels[key.channel] ?? 0) + agg[0];
  });
  let previous = 0;
  eachCell(org, now, days, days, (_d, _k, agg) => {
    previous += agg[0];
  });
  const ta = top(agents);
  const tc = top(channels);
  return {
    days, totalCredits: credits, totalTokens: tokens, events, previousCredits: previous,
    changePct: previous === 0 ? null : Math.round(((credits - previous) / previous) * 1000) / 10,
    topAgent: ta ? { agentId: ta[0], credits: ta[1] } : null,
    topChannel: tc ? { channel: tc[0], credits: tc[1] } : null,
  };
}

export interface BreakdownRow {
  agentId: string | null;
  channel: Channel;
  category: UsageCategory;
  credits: number;
  tokens: number;
  events: number;
}

/** USE-1: the per-agent table, agent × channel × category, largest first. */
export function breakdown(org: Org, now: number, days: number): BreakdownRow[] {
  const rows = new Map<string, BreakdownRow>();
  eachCell(org, now, days, 0, (_d, key, agg) => {
    const k = [key.agentId ?? '', key.channel, key.category].join(SEP);
    const row = rows.get(k) ?? { agentId: key.agentId, channel: key.channel, category: key.category, credits: 0, tokens: 0, events: 0 };
    row.credits += agg[0];
    row.tokens += agg[1];
    row.events += agg[2];
    rows.set(k, row);
  });
  return [...rows.values()].sort((a, b) => b.credits - a.credits);
}

/** USE-1: recent activity, newest first, paged by an opaque cursor (the index of the next older event). */
export function recentEvents(org: Org, limit: number, cursor: string | undefined): { events: UsageEvent[]; nextCursor: string | null } {
  const all = org.usage.events;
  const start = cursor === undefined ? all.length - 1 : Number.parseInt(cursor, 36);
  const events: UsageEvent[] = [];
  let i = Number.isFinite(start) ? Math.min(start, all.length - 1) : -1;
  for (; i >= 0 && events.length < limit; i -= 1) {
    const e = all[i];
    if (e) events.push({ ...e });
  }
  return { events, nextCursor: i >= 0 ? i.toString(36) : null };
}
