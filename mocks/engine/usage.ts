import type { Channel, UsageCategory, UsageGrouping, UsageUnit } from '@orgkit/contract';
import type { Agg, DayRollup, Org, UsageEvent } from './state.js';
import { dayDate, dayNumber } from './time.js';

/**
 * Usage storage: every event is appended (for "recent activity"), and folded into one rollup per UTC day that holds
 * the day's totals already split every way a query asks for: by channel, agent, member and model (the timeseries'
 * groupings), and by agent × channel × category (the per-agent table). Recording an event updates six cells; a
 * period query reads at most `days` × (series of its grouping) cells — never the events, and never a cell per
 * combination of dimensions — so its cost does not grow with the number of events.
 */
const SEP = '\u241f'; // ␟ cannot appear in an id ([A-Za-z0-9_-])

/** The series of usage with no agent or member (widget users, say): parentheses never occur in an id. */
export const UNATTRIBUTED = '(none)';

type Dimension = Exclude<UsageGrouping, 'none'>;
const DIMENSIONS: readonly Dimension[] = ['channel', 'agent', 'member', 'model'];

interface RollupKey {
  channel: Channel;
  agentId: string | null;
  memberId: string | null;
  modelId: string;
  category: UsageCategory;
}

function seriesOf(e: RollupKey, dimension: Dimension): string {
  switch (dimension) {
    case 'channel':
      return e.channel;
    case 'agent':
      return e.agentId ?? UNATTRIBUTED;
    case 'member':
      return e.memberId ?? UNATTRIBUTED;
    case 'model':
      return e.modelId;
  }
}

const breakdownKey = (e: RollupKey) => [e.agentId ?? '', e.channel, e.category].join(SEP);

function add(cells: Record<string, Agg>, key: string, credits: number, tokens: number, events: number): void {
  const agg = (cells[key] ??= [0, 0, 0]);
  agg[0] += credits;
  agg[1] += tokens;
  agg[2] += events;
}

export function emptyDay(): DayRollup {
  return { total: [0, 0, 0], channel: {}, agent: {}, member: {}, model: {}, breakdown: {} };
}

/** Fold `events` events of one kind (same dimensions) with these sums into a day's rollup. */
function fold(day: DayRollup, key: RollupKey, credits: number, tokens: number, events: number): void {
  day.total[0] += credits;
  day.total[1] += tokens;
  day.total[2] += events;
  for (const dimension of DIMENSIONS) add(day[dimension], seriesOf(key, dimension), credits, tokens, events);
  add(day.breakdown, breakdownKey(key), credits, tokens, events);
}

export function appendUsage(org: Org, event: UsageEvent): void {
  org.usage.events.push(event);
  fold((org.usage.daily[String(dayNumber(event.at))] ??= emptyDay()), event, event.credits, event.tokens, 1);
  org.cycleSpend.total += event.credits;
  if (event.memberId) org.cycleSpend.members[event.memberId] = (org.cycleSpend.members[event.memberId] ?? 0) + event.credits;
  if (event.agentId) org.cycleSpend.agents[event.agentId] = (org.cycleSpend.agents[event.agentId] ?? 0) + event.credits;
}

/**
 * Saved state of schema orgkit-engine/1 kept one cell per channel × agent × member × model × category and day;
 * its rollups convert exactly (every sum is kept) to today's per-grouping form.
 */
export function upgradeDailyV1(cells: Record<string, Record<string, Agg>>): Record<string, DayRollup> {
  const daily: Record<string, DayRollup> = {};
  for (const [d, rollup] of Object.entries(cells)) {
    const day = (daily[d] = emptyDay());
    for (const [key, agg] of Object.entries(rollup)) {
      const [channel, agentId, memberId, modelId, category] = key.split(SEP) as [Channel, string, string, string, UsageCategory];
      fold(day, { channel, agentId: agentId || null, memberId: memberId || null, modelId, category }, agg[0], agg[1], agg[2]);
    }
  }
  return daily;
}

/** Visit the rollup of every day of the `days` days ending with the day of `now` (inclusive), `offsetDays` back. */
function eachDay(org: Org, now: number, days: number, offsetDays: number, visit: (day: number, rollup: DayRollup) => void): void {
  const last = dayNumber(now) - offsetDays;
  for (let d = last - days + 1; d <= last; d += 1) {
    const rollup = org.usage.daily[String(d)];
    if (rollup) visit(d, rollup);
  }
}

const pick = (agg: Agg, unit: UsageUnit) => (unit === 'credits' ? agg[0] : agg[1]);

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
  eachDay(org, now, days, 0, (day, rollup) => {
    const point = points[day - first];
    if (!point) return;
    point.total = pick(rollup.total, unit);
    if (groupBy === 'none') {
      if (rollup.total[2] > 0) {
        point.series.total = point.total;
        totals.total = (totals.total ?? 0) + point.total;
      }
      return;
    }
    for (const [g, agg] of Object.entries(rollup[groupBy])) {
      const v = pick(agg, unit);
      point.series[g] = v;
      totals[g] = (totals[g] ?? 0) + v;
    }
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
  eachDay(org, now, days, 0, (_d, rollup) => {
    credits += rollup.total[0];
    tokens += rollup.total[1];
    events += rollup.total[2];
    for (const [agentId, agg] of Object.entries(rollup.agent)) {
      if (agentId !== UNATTRIBUTED) agents[agentId] = (agents[agentId] ?? 0) + agg[0];
    }
    for (const [channel, agg] of Object.entries(rollup.channel) as [Channel, Agg][]) channels[channel] = (channels[channel] ?? 0) + agg[0];
  });
  let previous = 0;
  eachDay(org, now, days, days, (_d, rollup) => {
    previous += rollup.total[0];
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
  eachDay(org, now, days, 0, (_d, rollup) => {
    for (const [k, agg] of Object.entries(rollup.breakdown)) {
      let row = rows.get(k);
      if (!row) {
        const [agentId, channel, category] = k.split(SEP) as [string, Channel, UsageCategory];
        row = { agentId: agentId || null, channel, category, credits: 0, tokens: 0, events: 0 };
        rows.set(k, row);
      }
      row.credits += agg[0];
      row.tokens += agg[1];
      row.events += agg[2];
    }
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
