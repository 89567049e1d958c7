/**
 * Engine scale: the mock's rules engine (mocks/engine) in Node, one organization on Ultra with N recorded usage
 * events spread evenly over the last 365 days, for N = 10 000, 100 000 and 1 000 000. Timed on the full engine
 * path (tick, input parsing, authorization, the rule):
 *   query  engine.query('usage.timeseries', { days: 365, groupBy: 'channel' }) — what <usage-chart> asks for;
 *   debit  engine.run('usage.record', …) — one more event debited from the credit pool.
 *
 * Building the state is honest: every one of the N events goes through engine.run(SYSTEM, 'usage.record', …) with the
 * ManualClock advanced to the event's time, so renewals, rollovers, allowances and the rollups happen exactly as
 * in production use. The traffic mixes 5 agents, 10 members (internal chat), 5 channels and 3 models; a query by
 * channel reads at most 5 rollup cells per day however many events there are.
 *
 * Run alone: `node --import tsx --conditions=@orgkit/source --expose-gc test/bench/engine.ts` (prints JSON).
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Channel } from '@orgkit/contract';
import type { Actor } from '../../mocks/engine/index.js';
import { asUser, DAY, Engine, ManualClock, SYSTEM } from '../../mocks/engine/index.js';
import type { Stat } from './stats.js';
import { ratio, round, stat } from './stats.js';

export const ENGINE_SIZES = [10_000, 100_000, 1_000_000] as const;

export interface EngineScale {
  events: number;
  /** How long recording the N events took (engine.run per event), and the resulting rollup size. */
  buildMs: number;
  rollupDays: number;
  /** Rollup cells the 365-day query by channel reads. */
  rollupCells: number;
  heapMb: number;
  query: Stat;
  debit: Stat;
}

export interface EngineResult {
  method: string;
  runs: number;
  sizes: EngineScale[];
  /** 1 M / 10 k of the medians (goal ≤ 2). */
  ratioQuery: number;
  ratioDebit: number;
  /** 1 M / 100 k: past the point where every day's rollup is full, the cost should be flat. */
  ratioQuery1mTo100k: number;
  ratioDebit1mTo100k: number;
}

const CHANNELS: Channel[] = ['chat', 'voice', 'widget', 'realtime', 'internal_chat'];
const MODELS = ['gpt-5-mini', 'mistral-large', 'claude-eu'];

/** A deterministic generator (same traffic every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

interface Built {
  engine: Engine;
  clock: ManualClock;
  orgId: string;
  owner: Actor;
  agents: string[];
  members: string[];
}

/** An Ultra organization (10 members, 5 agents) whose history starts 365 days before `end`. */
function setUp(end: number, events: number): Built {
  const clock = new ManualClock(end - 365 * DAY);
  const engine = new Engine({ clock });
  const { userId, orgId } = engine.run({ kind: 'anonymous' }, 'account.signUp', {
    email: 'owner@scale.test', name: 'Owner', orgName: 'Scale Inc', currency: 'USD',
  });
  const owner = asUser(userId);
  // Enough monthly credits for the busiest case (≈ 2 credits × events / 12 months), with room to spare.
  const customCredits = Math.min(100_000_000, Math.max(100_000, Math.ceil((events / 12) * 4)));
  engine.run(SYSTEM, 'system.setPlan', { orgId, planId: 'ultra', interval: 'month', customCredits });
  const members = [userId];
  for (let i = 1; i < 10; i += 1) {
    const invite = engine.run(owner, 'invite.create', { orgId, email: `m${String(i)}@scale.test`, role: i % 3 ? 'member' : 'builder' });
    members.push(engine.run({ kind: 'anonymous' }, 'invite.accept', { inviteId: invite.id, name: `Member ${String(i)}` }).userId);
  }
  const agents: string[] = [];
  for (let i = 0; i < 5; i += 1) agents.push(engine.run(owner, 'agent.create', { orgId, name: `Agent ${String(i)}` }).id);
  return { engine, clock, orgId, owner, agents, members };
}

function usageInput(b: Built, rnd: () => number) {
  const channel = CHANNELS[Math.floor(rnd() * CHANNELS.length)] ?? 'chat';
  const modelId = MODELS[Math.floor(rnd() * MODELS.length)] ?? 'gpt-5-mini';
  const words = 100 + Math.floor(rnd() * 300); // 1–2 credits at these models' rates
  return channel === 'internal_chat'
    ? { orgId: b.orgId, channel, modelId, words, memberId: b.members[Math.floor(rnd() * b.members.length)] ?? '' }
    : { orgId: b.orgId, channel, modelId, words, agentId: b.agents[Math.floor(rnd() * b.agents.length)] ?? '' };
}

function build(events: number, end: number): Built {
  const b = setUp(end, events);
  const rnd = random(events);
  const start = b.clock.now();
  const step = (365 * DAY - 1) / events;
  for (let i = 0; i < events; i += 1) {
    const at = Math.floor(start + (i + 1) * step);
    if (at > b.clock.now()) b.clock.set(at);
    b.engine.run(SYSTEM, 'usage.record', usageInput(b, rnd));
  }
  const org = b.engine.state.orgs[b.orgId];
  if (!org || org.usage.events.length !== events) throw new Error(`engine bench: ${String(org?.usage.events.length)} of ${String(events)} events recorded`);
  return b;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function measureEngine(options: { runs?: number; sizes?: readonly number[]; log?: (line: string) => void } = {}): EngineResult {
  const runs = options.runs ?? 21;
  const sizes = options.sizes ?? ENGINE_SIZES;
  const log = options.log ?? (() => undefined);
  // A fixed end (not Date.now()): the same calendar, renewals and rollups every run.
  const end = Date.UTC(2026, 0, 1, 12);
  const results: EngineScale[] = [];
  for (const events of sizes) {
    gc();
    const t0 = performance.now();
    const b = build(events, end);
    const buildMs = performance.now() - t0;
    const org = b.engine.state.orgs[b.orgId];
    const daily = org?.usage.daily ?? {};
    // The cells a 365-day query by channel reads (one per day and channel that saw usage).
    const rollupCells = Object.values(daily).reduce((s, day) => s + Object.keys(day.channel).length, 0);
    gc();
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    log(`engine: ${events.toLocaleString('en')} events recorded in ${(buildMs / 1000).toFixed(1)} s (${String(rollupCells)} rollup cells, heap ${String(heapMb)} MB)`);

    const query = () => {
      const ts = b.engine.query(b.owner, 'usage.timeseries', { orgId: b.orgId, days: 365, groupBy: 'channel' });
      if (ts.points.length !== 365) throw new Error('engine bench: the timeseries has not 365 points');
    };
    const rnd = random(7);
    const debit = () => {
      b.engine.run(SYSTEM, 'usage.record', usageInput(b, rnd));
    };
    // Warm up (JIT), then measure; a collection between samples keeps one GC pause from landing in one sample.
    for (let i = 0; i < 5; i += 1) {
      query();
      debit();
    }
    const q: number[] = [];
    const d: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      gc();
      q.push(time(query));
      gc();
      d.push(time(debit));
    }
    results.push({ events, buildMs: round(buildMs), rollupDays: Object.keys(daily).length, rollupCells, heapMb, query: stat(q), debit: stat(d) });
  }
  const at = (n: number) => results.find((r) => r.events === n);
  const r10k = at(10_000);
  const r100k = at(100_000);
  const r1m = at(1_000_000);
  return {
    method:
      'engine.run(SYSTEM, "usage.record") per event on a ManualClock advanced through 365 days (real renewals, rollups, debits); ' +
      'query = engine.query("usage.timeseries", 365 days, groupBy channel); debit = engine.run("usage.record"); ' +
      `GC forced between samples${(globalThis as { gc?: unknown }).gc ? '' : ' (not available: run with --expose-gc)'}`,
    runs,
    sizes: results,
    ratioQuery: r10k && r1m ? ratio(r1m.query.median, r10k.query.median) : Number.NaN,
    ratioDebit: r10k && r1m ? ratio(r1m.debit.median, r10k.debit.median) : Number.NaN,
    ratioQuery1mTo100k: r100k && r1m ? ratio(r1m.query.median, r100k.query.median) : Number.NaN,
    ratioDebit1mTo100k: r100k && r1m ? ratio(r1m.debit.median, r100k.debit.median) : Number.NaN,
  };
}

// Run alone (and as run.ts's child process, with --expose-gc and a larger heap): print the result as JSON.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.env.ENGINE_SIZES ? process.env.ENGINE_SIZES.split(',').map(Number) : undefined;
  const runs = process.env.ENGINE_RUNS ? Number(process.env.ENGINE_RUNS) : undefined;
  const result = measureEngine({ ...(sizes ? { sizes } : {}), ...(runs ? { runs } : {}), log: (line) => console.error(`  … ${line}`) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
