import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StorageLike } from '../../backend/backend.js';
import { MockBackend } from '../../backend/backend.js';
import type { EngineState } from '../../engine/index.js';
import { STATE_SCHEMA, SYSTEM } from '../../engine/index.js';

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** What orgkit-engine/1 saved: one rollup cell per channel × agent × member × model × category and day, from the events. */
function asVersion1(state: EngineState): unknown {
  const copy = structuredClone(state) as unknown as { schema: string; orgs: Record<string, { usage: { events: EngineState['orgs'][string]['usage']['events']; daily: unknown } }> };
  copy.schema = 'orgkit-engine/1';
  for (const org of Object.values(copy.orgs)) {
    const daily: Record<string, Record<string, [number, number, number]>> = {};
    for (const e of org.usage.events) {
      const day = (daily[String(Math.floor(e.at / 86_400_000))] ??= {});
      const key = [e.channel, e.agentId ?? '', e.memberId ?? '', e.modelId, e.category].join('\u241f');
      const agg = (day[key] ??= [0, 0, 0]);
      agg[0] += e.credits;
      agg[1] += e.tokens;
      agg[2] += 1;
    }
    org.usage.daily = daily;
  }
  return copy;
}

test('USE-1 state saved by engine schema 1 (one cell per dimension combination) is upgraded with every sum intact, not reset', () => {
  const storage = memoryStorage();
  const a = new MockBackend({ storage, scenario: 'standard-team' });
  const { orgId } = a.controlState();
  const owner = { kind: 'user', userId: a.controlState().people[0]?.userId ?? '' } as const;
  const ask = (b: MockBackend) =>
    [
      ...(['none', 'channel', 'agent', 'member', 'model'] as const).map((groupBy) =>
        b.engine.query(owner, 'usage.timeseries', { orgId, days: 90, groupBy }),
      ),
      b.engine.query(owner, 'usage.timeseries', { orgId, days: 30, unit: 'tokens', groupBy: 'model' }),
      b.engine.query(owner, 'usage.summary', { orgId, days: 30 }),
      b.engine.query(owner, 'usage.breakdown', { orgId, days: 90 }),
    ];
  const expected = ask(a);
  assert.ok((expected[0] as { total: number }).total > 0, 'the scenario has usage');
  a.save();
  const saved = JSON.parse(storage.data.get('orgkit-mock') ?? '{}') as { state: EngineState };
  storage.setItem('orgkit-mock', JSON.stringify({ ...saved, state: asVersion1(saved.state) }));

  const b = new MockBackend({ storage });
  assert.equal(b.notice, null);
  assert.equal(b.engine.state.schema, STATE_SCHEMA);
  assert.deepEqual(ask(b), expected);
  assert.equal(b.engine.query(SYSTEM, 'balance.get', { orgId }).balance, a.engine.query(SYSTEM, 'balance.get', { orgId }).balance);
});
