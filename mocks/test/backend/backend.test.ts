import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StorageLike } from '../../backend/backend.js';
import { MockBackend, OffsetClock, tokenFor } from '../../backend/backend.js';
import { HOUR, SYSTEM } from '../../engine/index.js';

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const NOW = Date.parse('2026-11-23T10:00:00.000Z');

test('saved state survives a restart: clock, acting user, faults and every change', () => {
  const storage = memoryStorage();
  const a = new MockBackend({ storage, scenario: 'standard-team' });
  const { orgId } = a.controlState();
  a.engine.run(SYSTEM, 'credits.grant', { orgId, amount: 777, source: 'promo' });
  a.advance(5 * HOUR);
  a.actingUserId = a.controlState().people[1]?.userId ?? null;
  a.faults.latencyMs = 250;
  a.save();
  const b = new MockBackend({ storage });
  assert.equal(b.notice, null);
  assert.equal(b.scenario, 'standard-team');
  assert.equal(b.actingUserId, a.actingUserId);
  assert.equal(b.faults.latencyMs, 250);
  assert.ok(b.clock instanceof OffsetClock);
  assert.ok(Math.abs(b.engine.now() - a.engine.now()) < 5_000);
  assert.equal(b.engine.query(SYSTEM, 'balance.get', { orgId }).balance, a.engine.query(SYSTEM, 'balance.get', { orgId }).balance);
});

test('a corrupted, foreign or half-valid saved state is discarded with a notice — never a crash', () => {
  for (const bad of ['{not json', '"a string"', '{"schema":"orgkit-mock/0"}', JSON.stringify({ schema: 'orgkit-mock/1', scenario: 'standard-team' }), '[]', 'null']) {
    const storage = memoryStorage();
    storage.setItem('orgkit-mock', bad);
    const b = new MockBackend({ storage, scenario: 'fresh-free' });
    assert.match(b.notice ?? '', /could not be used/, bad);
    assert.equal(b.scenario, 'fresh-free');
    assert.ok(b.engine.state.orgs[b.orgId]);
  }
});

test('a saved state whose engine state is internally broken is reset too', () => {
  const storage = memoryStorage();
  const a = new MockBackend({ storage });
  const saved = JSON.parse(storage.getItem('orgkit-mock') ?? '{}') as { state: { orgs: Record<string, unknown> } };
  for (const id of Object.keys(saved.state.orgs)) saved.state.orgs[id] = { nonsense: true };
  storage.setItem('orgkit-mock', JSON.stringify(saved));
  void a;
  const b = new MockBackend({ storage });
  assert.match(b.notice ?? '', /could not be used/);
});

test('a big history is saved trimmed (recent activity keeps the newest 5,000 per organization; totals stay exact)', () => {
  const storage = memoryStorage();
  const a = new MockBackend({ storage, scenario: 'standard-team', frozen: true, now: NOW });
  const { orgId } = a.controlState();
  a.engine.run(SYSTEM, 'system.setPlan', { orgId, planId: 'ultra', interval: 'month', customCredits: 10_000_000 });
  for (let i = 0; i < 6_000; i += 1) a.engine.run(SYSTEM, 'usage.record', { orgId, channel: 'chat', modelId: 'gpt-5-mini', words: 1000 });
  a.save();
  const total = a.engine.query(SYSTEM, 'usage.summary', { orgId, days: 30 }).totalCredits;
  const b = new MockBackend({ storage });
  assert.equal(b.engine.state.orgs[orgId]?.usage.events.length, 5_000);
  assert.equal(b.engine.query(SYSTEM, 'usage.summary', { orgId, days: 30 }).totalCredits, total);
});

test('identity: a bearer token or the session cookie names the user; a bad token is invalid; else the acting user', () => {
  const b = new MockBackend({ scenario: 'standard-team' });
  const [owner, admin] = b.controlState().people;
  const req = (headers: Record<string, string>) => new Request('http://x/', { headers });
  assert.deepEqual(b.actorFor(req({ authorization: `Bearer ${tokenFor(admin?.userId ?? '')}` })), { kind: 'user', userId: admin?.userId });
  assert.deepEqual(b.actorFor(req({ cookie: `a=1; orgkit_session=${encodeURIComponent(tokenFor(admin?.userId ?? ''))}` })), { kind: 'user', userId: admin?.userId });
  assert.equal(b.actorFor(req({ authorization: 'Bearer orgkit-mock.usr_nobody' })), 'invalid');
  assert.equal(b.actorFor(req({ authorization: 'Bearer something-else' })), 'invalid');
  assert.deepEqual(b.actorFor(req({})), { kind: 'user', userId: owner?.userId });
  b.actingUserId = null;
  assert.deepEqual(b.actorFor(req({})), { kind: 'anonymous' });
});
