import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteName } from '@orgkit/contract';
import { pathParams, ROUTE_NAMES, ROUTES } from '@orgkit/contract';
import { MockBackend } from '../../backend/backend.js';
import { checkInvariants, SYSTEM } from '../../engine/index.js';
import { Harness, memoryStorage } from '../handlers/harness.js';

/** A hang fails the suite instead of stalling CI (issue 9: bounded in time). */
const BOUND = { timeout: 120_000 };

/**
 * Persistence of the mock (issue 9): saved state survives a restart exactly, and a corrupted (bad JSON, truncated,
 * damaged inside) or foreign (another app's data under the key, another schema version) saved state is detected and
 * reset with a notice — never a crash, and never a half-loaded state that fails later. The damage is generated:
 * every truncation point class, and seeded structural mutations all over the saved JSON. (The browser side — the
 * notice reaching the page and the console — is persistence.browser.test.ts.)
 */

const KEY = 'orgkit-mock';
const NOW = Date.parse('2026-11-23T10:00:00Z');

function savedWorld(): { raw: string; backend: MockBackend } {
  const storage = memoryStorage();
  const backend = new MockBackend({ storage, scenario: 'standard-team', frozen: true, now: NOW });
  const owner = backend.controlState().people[0]?.userId ?? '';
  backend.engine.run(SYSTEM, 'credits.grant', { orgId: backend.orgId, amount: 321, source: 'promo' });
  backend.engine.run({ kind: 'user', userId: owner }, 'caps.setMember', { orgId: backend.orgId, userId: owner, cap: 5_000 });
  backend.save();
  const raw = storage.getItem(KEY);
  assert.ok(raw);
  return { raw, backend };
}

/** Every read route of the organization, as its owner: none may answer a 5xx after a restore. */
const READS = ROUTE_NAMES.filter((n) => ROUTES[n].method === 'GET' && pathParams(ROUTES[n].path).every((p) => p === 'orgId'));
const QUERY: Partial<Record<RouteName, Record<string, string | number>>> = {
  'usage.timeseries': { days: 365 }, 'usage.summary': { days: 365 }, 'usage.breakdown': { days: 365 }, 'residency.preview': { tier: 'ch-ch' },
};

async function fiveHundreds(b: MockBackend): Promise<string[]> {
  const h = new Harness(b);
  const owner = b.controlState().people.find((p) => p.role === 'owner')?.userId ?? null;
  const bad: string[] = [];
  for (const name of READS) {
    const q = QUERY[name];
    const r = await h.call(name, owner, q ? { query: q } : {});
    if (r.status >= 500) bad.push(`${name}: ${String(r.status)}`);
  }
  return bad;
}

/** A small deterministic generator. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

type Node = Record<string, unknown> | unknown[];

/** Every container path in a JSON value (objects and arrays), breadth-limited per array to keep it small. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return out;
  const entries = Array.isArray(value) ? value.slice(0, 3).map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    paths(v, [...prefix, k], out);
  }
  return out;
}

const REPLACEMENTS: [string, (v: unknown) => unknown][] = [
  ['deleted', () => undefined],
  ['null', () => null],
  ['a string', () => 'garbage'],
  ['a negative number', () => -1],
  ['an empty object', () => ({})],
  ['an empty array', () => []],
  ['true', () => true],
  ['NaN-like', () => 'NaN'],
  ['a huge number', () => 1e308],
];

function mutate(raw: string, path: (string | number)[], replace: (v: unknown) => unknown): string {
  const data = JSON.parse(raw) as Node;
  let node = data as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  const next = replace(node[last]);
  if (next === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    node[last] = next;
  }
  return JSON.stringify(data);
}

describe('persistence: saved state', BOUND, () => {
  test('TIME-1 saved state survives a restart byte for byte: engine state, clock, scenario, acting user, faults and policy', () => {
    const { raw, backend } = savedWorld();
    const restarted = new MockBackend({ storage: memoryStorage({ [KEY]: raw }) });
    assert.equal(restarted.notice, null);
    assert.equal(JSON.stringify(restarted.engine.state), JSON.stringify(backend.engine.state));
    assert.equal(restarted.engine.now(), backend.engine.now());
    assert.deepEqual(
      [restarted.scenario, restarted.orgId, restarted.actingUserId, restarted.faults, restarted.policy],
      [backend.scenario, backend.orgId, backend.actingUserId, backend.faults, backend.policy],
    );
    assert.deepEqual(checkInvariants(restarted.engine.state, restarted.engine.policy), []);
  });
});

describe('persistence: corrupted or foreign saved state is detected and reset with a notice, never a crash', BOUND, () => {
  const { raw } = savedWorld();

  /** Restore from `stored`: never throws; either a clean reset with a notice, or a fully working restore. */
  async function check(label: string, stored: string): Promise<'reset' | 'restored'> {
    const storage = memoryStorage({ [KEY]: stored });
    let b: MockBackend;
    try {
      b = new MockBackend({ storage, scenario: 'fresh-free', frozen: true, now: NOW });
    } catch (e) {
      assert.fail(`${label}: the restore threw ${String(e)}`);
    }
    assert.deepEqual(checkInvariants(b.engine.state, b.engine.policy), [], `${label}: invariants after the restore`);
    if (b.notice !== null) {
      assert.match(b.notice, /saved mock state could not be used.*reset/i, label);
      assert.equal(b.scenario, 'fresh-free', `${label}: reset to the requested scenario`);
      assert.notEqual(storage.getItem(KEY), stored, `${label}: the bad copy is not kept`);
      return 'reset';
    }
    assert.deepEqual(await fiveHundreds(b), [], `${label}: restored without a notice, so every read must work`);
    return 'restored';
  }

  test('bad JSON and truncations at every kind of boundary', async () => {
    const cuts = [0, 1, 2, 10, 100, Math.floor(raw.length / 3), Math.floor(raw.length / 2), raw.length - 10, raw.length - 2, raw.length - 1];
    const variants: [string, string][] = [
      ...cuts.map((n): [string, string] => [`truncated to ${String(n)} characters`, raw.slice(0, n)]),
      ['not JSON', '{not json'], ['a trailing comma', `${raw.slice(0, -1)},}`], ['doubled', raw + raw], ['binary noise', '\u0000\u0001\u00ff\ufffd'],
      ['a lone surrogate', `${raw.slice(0, 50)}\ud800${raw.slice(50)}`],
    ];
    for (const [label, stored] of variants) assert.equal(await check(label, stored), 'reset', label);
  });

  test('foreign data under the key: other apps, other shapes, other schema versions', async () => {
    const parsed = JSON.parse(raw) as Record<string, unknown> & { state: Record<string, unknown> };
    const foreign: [string, string][] = [
      ['an empty object', '{}'], ['an array', '[]'], ['a string', '"hello"'], ['a number', '42'], ['null', 'null'], ['true', 'true'],
      ['a todo app', JSON.stringify({ version: 3, todos: [{ id: 1, title: 'Buy milk', done: false }] })],
      ['an auth store', JSON.stringify({ user: { id: 1, name: 'x' }, token: 'abc.def.ghi', expires: 1_700_000_000 })],
      ['redux-persist', JSON.stringify({ _persist: { version: -1, rehydrated: true }, app: '{"x":1}' })],
      ['an older save schema', JSON.stringify({ ...parsed, schema: 'orgkit-mock/0' })],
      ['a future save schema', JSON.stringify({ ...parsed, schema: 'orgkit-mock/2' })],
      ['a future engine schema', JSON.stringify({ ...parsed, state: { ...parsed.state, schema: 'orgkit-engine/99' } })],
      ['an unknown scenario', JSON.stringify({ ...parsed, scenario: 'nope' })],
      ['the state only', JSON.stringify(parsed.state)],
      ['wrapped twice', JSON.stringify({ schema: 'orgkit-mock/1', value: raw })],
      ['a fault count out of range', JSON.stringify({ ...parsed, faults: { latencyMs: 0, errorRate: 0, offline: false, failNext: 1e308 } })],
      ['a fault switch as a string', JSON.stringify({ ...parsed, faults: { latencyMs: 0, errorRate: 0, offline: 'yes', failNext: 0 } })],
      ['an unknown crash point', JSON.stringify({ ...parsed, faults: { latencyMs: 0, errorRate: 0, offline: false, failNext: 0, crashAfter: 'everything' } })],
      ['a clock offset that is not a number', JSON.stringify({ ...parsed, clock: { kind: 'offset', offset: 'soon' } })],
      ['a policy switch as a string', JSON.stringify({ ...parsed, policy: { billingOwnerOnly: 'yes' } })],
      ['an unknown policy switch', JSON.stringify({ ...parsed, policy: { everyoneIsOwner: true } })],
    ];
    for (const [label, stored] of foreign) assert.equal(await check(label, stored), 'reset', label);
  });

  test('seeded structural damage all over the saved state (no crash, no half-loaded state)', async () => {
    const all = paths(JSON.parse(raw));
    // Two in three from the structure (organizations, members, subscription, blocks, payments, clock, …), the rest
    // from the bulky usage history, so that the damage is not all in day rollups.
    const structural = all.filter((p) => !p.includes('daily') && !p.includes('events'));
    const random = rng(2_026);
    const outcomes = { reset: 0, restored: 0 };
    const N = 150;
    for (let i = 0; i < N; i += 1) {
      const pool = i % 3 === 2 ? all : structural;
      const path = pool[Math.floor(random() * pool.length)] ?? [];
      const [name, replace] = REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)] ?? REPLACEMENTS[0] ?? ['deleted', () => undefined];
      outcomes[await check(`${path.join('.')} → ${name}`, mutate(raw, path, replace))] += 1;
    }
    console.log(`[persistence] ${String(N)} damaged saves: ${String(outcomes.reset)} detected and reset with a notice, ${String(outcomes.restored)} harmless (restored, every read works)`);
    assert.ok(outcomes.reset > 0 && outcomes.restored > 0, 'both kinds occur (the generator reaches real damage and harmless edits)');
  });
});
