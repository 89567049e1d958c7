import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { safeParse } from 'zod/mini';
import { WIRE_FILE, wireText } from '../scripts/wire.js';
import type { RouteDef } from '../src/index.js';
import { ROUTE_WIRE, ROUTES, WIRE_SCHEMAS, wireProblem } from '../src/index.js';
import { buildScenario } from '../../../mocks/fixtures/scenarios.js';
import { SYSTEM } from '../../../mocks/engine/index.js';
import type { QueryName } from '../../../mocks/engine/index.js';

test('the committed wire.gen.ts is what the zod schemas generate (run `pnpm build` after changing the contract)', () => {
  assert.equal(readFileSync(WIRE_FILE, 'utf8'), wireText());
});

test('the wire route table has every route with its method, path, status and idempotency', () => {
  for (const [name, route] of Object.entries(ROUTES) as [string, RouteDef][]) {
    const wire = ROUTE_WIRE[name as keyof typeof ROUTE_WIRE];
    assert.deepEqual(wire.slice(0, 4), [route.method, route.path, route.status ?? 200, 'idempotency' in route ? 1 : 0], name);
    assert.ok(WIRE_SCHEMAS[wire[4]], `${name} has its schema`);
  }
});

test('the wire validator agrees with zod: real answers pass both, broken copies fail both', () => {
  const s = buildScenario('pending-downgrade', { now: Date.parse('2026-11-23T10:00:00Z') });
  const orgId = s.orgId;
  const inputs: Partial<Record<string, unknown>> = {
    'org.get': { orgId }, 'settings.get': { orgId }, 'members.list': { orgId }, 'invites.list': { orgId }, 'plans.list': { orgId },
    'subscription.get': { orgId }, 'balance.get': { orgId }, 'credits.get': { orgId }, 'packages.list': { orgId },
    'invoices.list': { orgId }, 'usage.timeseries': { orgId, days: 30, groupBy: 'channel' }, 'usage.summary': { orgId, days: 30 },
    'usage.breakdown': { orgId, days: 30 }, 'usage.events': { orgId, limit: 5 }, 'models.list': { orgId }, 'agents.list': { orgId },
    'deployments.list': { orgId }, 'caps.get': { orgId }, 'notifications.list': { orgId }, 'residency.preview': { orgId, tier: 'ch-ch' },
  };
  let checked = 0;
  for (const [name, input] of Object.entries(inputs)) {
    const answer: unknown = JSON.parse(JSON.stringify(s.engine.query(SYSTEM, name as QueryName, input as never)));
    const route = ROUTES[name as keyof typeof ROUTES];
    const schema = `#${ROUTE_WIRE[name as keyof typeof ROUTE_WIRE][4]}`;
    assert.ok(safeParse(route.response, answer).success, `${name} passes zod`);
    assert.equal(wireProblem(schema, answer, WIRE_SCHEMAS), null, `${name} passes the wire form`);
    // Break it: drop a required field, or put a wrong type in, at the top level.
    if (answer && typeof answer === 'object' && !Array.isArray(answer)) {
      const key = Object.keys(answer)[0] ?? '';
      const dropped = { ...answer } as Record<string, unknown>;
      delete dropped[key];
      assert.notEqual(wireProblem(schema, dropped, WIRE_SCHEMAS), null, `${name} without ${key}`);
      assert.equal(safeParse(route.response, dropped).success, false);
      const wrong = { ...answer, [key]: Symbol.for('wrong') } as Record<string, unknown>;
      assert.notEqual(wireProblem(schema, wrong, WIRE_SCHEMAS), null, `${name} with a wrong ${key}`);
    }
    checked += 1;
  }
  assert.equal(checked, Object.keys(inputs).length);
  assert.match(wireProblem('#Balance', { balance: -1 }, WIRE_SCHEMAS) ?? '', /^balance: expected c/);
});
