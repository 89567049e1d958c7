import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invoicePath } from '@orgkit/contract';
import { assertError, assertSuccess, Harness } from './harness.js';

/** Injected faults (control PUT /__orgkit/faults) hit API answers only — never the control API itself. */

describe('faults', () => {
  test('failNext: the next N API requests answer 500 internal_error, then answers are normal again', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    const set = await h.control('PUT', '/faults', { failNext: 2 });
    assert.equal(set.status, 200, set.text);
    assert.equal((set.body as { failNext: number }).failNext, 2);
    const before = h.snapshot();
    assertError(await h.call('org.get', o), 'internal_error');
    // the control API is never faulted (and does not use up the count)
    const state = await h.control('GET', '/state');
    assert.equal(state.status, 200);
    assert.equal((state.body as { faults: { failNext: number } }).faults.failNext, 1);
    assertError(await h.call('package.purchase', o, { body: { packageId: 'pkg_1000' } }), 'internal_error');
    assert.equal(h.snapshot(), before, 'a faulted request reaches no engine operation');
    assertSuccess('org.get', await h.call('org.get', o));
    assertSuccess('package.purchase', await h.call('package.purchase', o, { body: { packageId: 'pkg_1000' } }));
  });

  test('failNext also fails the invoice documents', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    const { invoices } = await h.ok<{ invoices: { id: string }[] }>('invoices.list', o);
    const id = invoices[0]?.id ?? '';
    await h.control('PUT', '/faults', { failNext: 1 });
    assertError(await h.fetch('GET', invoicePath(h.orgId, id, 'pdf'), o), 'internal_error');
    assert.equal((await h.fetch('GET', invoicePath(h.orgId, id, 'pdf'), o)).status, 200);
  });

  test('offline: every API request is a network error (Response type "error"); the control API still answers', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    assert.equal((await h.control('PUT', '/faults', { offline: true })).status, 200);
    const before = h.snapshot();
    for (const name of ['session', 'balance.get'] as const) {
      const r = await h.call(name, o);
      assert.equal(r.response.type, 'error', `${name} should be a network error`);
      assert.equal(r.status, 0);
    }
    const purchase = await h.call('package.purchase', o, { body: { packageId: 'pkg_1000' } });
    assert.equal(purchase.response.type, 'error');
    assert.equal(h.snapshot(), before, 'nothing ran while offline');
    const state = await h.control('GET', '/state');
    assert.equal(state.status, 200);
    assert.equal((state.body as { faults: { offline: boolean } }).faults.offline, true);
    assert.equal((await h.control('PUT', '/faults', { offline: false })).status, 200);
    assertSuccess('balance.get', await h.call('balance.get', o));
  });

  test('errorRate 1: API requests answer 503 service_unavailable; 0 restores them', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    await h.control('PUT', '/faults', { errorRate: 1 });
    assertError(await h.call('members.list', o), 'service_unavailable');
    assert.equal((await h.control('GET', '/state')).status, 200);
    await h.control('PUT', '/faults', { errorRate: 0 });
    assertSuccess('members.list', await h.call('members.list', o));
  });

  test('latency delays API answers but never the control API', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    await h.control('PUT', '/faults', { latencyMs: 60 });
    let t = performance.now();
    assertSuccess('org.get', await h.call('org.get', o));
    assert.ok(performance.now() - t >= 55, 'the API answer waited for the injected latency');
    await h.control('PUT', '/faults', { latencyMs: 60_000 });
    t = performance.now();
    assert.equal((await h.control('GET', '/state')).status, 200);
    assert.equal((await h.control('PUT', '/faults', { latencyMs: 0 })).status, 200);
    assert.ok(performance.now() - t < 5_000, 'the control API is not delayed');
  });

  test('the control routes answer normally under every fault at once', async () => {
    const h = Harness.create();
    await h.control('PUT', '/faults', { offline: true, failNext: 5, errorRate: 1 });
    assert.equal((await h.control('GET', '/state')).status, 200);
    assert.equal((await h.control('POST', '/clock', { hours: 1 })).status, 200);
    assert.equal((await h.control('GET', `/orgs/${h.orgId}/payments`)).status, 200);
    const faults = (await h.control('GET', '/state')).body as { faults: { failNext: number } };
    assert.equal(faults.faults.failNext, 5, 'control requests never use up failNext');
  });

  test('a reset clears every fault', async () => {
    const h = Harness.create();
    await h.control('PUT', '/faults', { offline: true, failNext: 3, errorRate: 0.5, latencyMs: 10 });
    const r = await h.control('POST', '/reset', { scenario: 'fresh-free', frozen: true, now: '2026-11-23T10:00:00Z' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((r.body as { faults: unknown }).faults, { latencyMs: 0, errorRate: 0, offline: false, failNext: 0 });
    assertSuccess('session', await h.call('session', h.user('sam')));
  });

  test('bad fault settings are refused with validation_failed naming the field', async () => {
    const h = Harness.create();
    const cases: [unknown, string][] = [
      [{ errorRate: 2 }, 'errorRate'],
      [{ failNext: -1 }, 'failNext'],
      [{ failNext: 1.5 }, 'failNext'],
      [{ offline: 'yes' }, 'offline'],
      [{ latencyMs: 60_001 }, 'latencyMs'],
      [{ chaos: true }, 'chaos'],
    ];
    for (const [body, param] of cases) assertError(await h.control('PUT', '/faults', body), 'validation_failed', { param });
    const state = (await h.control('GET', '/state')).body as { faults: unknown };
    assert.deepEqual(state.faults, { latencyMs: 0, errorRate: 0, offline: false, failNext: 0 }, 'refused settings change nothing');
  });
});
