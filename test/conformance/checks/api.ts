import { equal, expect, fail } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';
import type { ErrorBody, RouteName } from '../contract.js';
import { API_BASE, CONTROL_ROUTES, ROUTES } from '../contract.js';
import { errorProblem } from '../http.js';
import type { Person } from '../http.js';
import { SCENARIOS } from '../rules.js';
import { orgGetRoutes } from './roles.js';

/**
 * Contract-level checks, not tied to one rule: every answer parses with its route's schema, errors have the one
 * shape and the table's status, money and credit mutations demand an Idempotency-Key and replay the first answer.
 */

const QUERY: Partial<Record<RouteName, Record<string, string | number>>> = {
  'usage.timeseries': { days: 30 },
  'usage.summary': { days: 30 },
  'usage.breakdown': { days: 30 },
  'residency.preview': { tier: 'eu-any' },
};

/** A request for each route that requires an Idempotency-Key (a new one in the contract fails this check). */
async function idempotentRequests(t: T): Promise<Partial<Record<RouteName, { params?: Record<string, string>; body: unknown }>>> {
  const pkg = (await t.ok('packages.list')).packages[0]?.id ?? '';
  const open = (await t.ok('invoices.list')).invoices.find((i) => i.status === 'open');
  return {
    'plan.change': { body: { planId: 'pro', interval: 'month' } },
    'checkout.start': { body: { purpose: 'package', packageId: pkg } },
    'package.purchase': { body: { packageId: pkg } },
    'invoice.pay': { params: { invoiceId: open?.id ?? 'in_missing' }, body: {} },
  };
}

export const apiChecks: Check[] = [
  check('CONTRACT', 'every organization GET route answers its response schema in every scenario', async (t) => {
    let n = 0;
    for (const scenario of SCENARIOS) {
      await t.reset(scenario);
      const owner = t.who('owner');
      for (const name of orgGetRoutes()) {
        await t.ok(name, { as: owner, ...(QUERY[name] ? { query: QUERY[name] } : {}) });
        n += 1;
      }
      for (const p of t.state.people) await t.ok('session', { as: p });
    }
    await t.reset('fresh-free');
    const cs = await t.ok('checkout.start', { body: { purpose: 'subscription', planId: 'pro', interval: 'year' } });
    await t.ok('checkout.get', { params: { checkoutId: cs.id } });
    expect(n > 100, `answers checked: ${String(n)}`);
  }),

  check('CONTRACT', 'errors use the one error shape with the status of the contract\'s table', async (t) => {
    await t.reset('standard-team');
    const unknown = await t.c.http.raw('GET', `${API_BASE}/no-such-route`, { token: t.who('owner').token });
    equal(unknown.status, 404, 'an unknown route');
    const p = errorProblem(unknown);
    if (p) fail(`unknown route: ${p}`);
    equal((unknown.body as ErrorBody).error.code, 'not_found', 'code of an unknown route');
    const forged: Person = { ...t.who('owner'), token: 'not-a-valid-token' };
    await t.err('session', 'unauthenticated', { as: forged });
    await t.err('org.get', 'unauthenticated', { as: forged });
    await t.err('session', 'unauthenticated', { as: null });
    await t.err('members.list', 'unauthenticated', { as: null });
    await t.err('org.get', ['org_not_found', 'not_found'], { params: { orgId: 'org_does_not_exist' } });
    const e1 = await t.err('org.updateSettings', 'validation_failed', { body: { nonsense: 1 } });
    equal(e1.param, 'nonsense', 'param of an unknown field');
    const e2 = await t.err('invite.create', 'validation_failed', { body: { email: 42, role: 'member' } });
    equal(e2.param, 'email', 'param of a mistyped field');
    const bad = await t.c.http.raw('PATCH', `${API_BASE}/orgs/${t.orgId}/settings`, { token: t.who('owner').token, rawBody: '{not json' });
    equal([bad.status, (bad.body as ErrorBody | undefined)?.error.code], [400, 'validation_failed'], 'malformed JSON');
    const bp = errorProblem(bad);
    if (bp) fail(`malformed JSON: ${bp}`);
    await t.err('invite.revoke', 'not_found', { params: { inviteId: 'inv_does_not_exist' } });
  }),

  check('CONTRACT', 'money and credit mutations require an Idempotency-Key and a replay answers the first result', async (t) => {
    await t.reset('standard-team');
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: { brand: 'visa', last4: '0002', outcome: 'decline' } } });
    await t.clock({ to: 'period_end' });
    await t.c.controlOk('card', { params: { orgId: t.orgId }, body: { card: { brand: 'visa', last4: '4242', outcome: 'succeed' } } });
    equal((await t.ok('subscription.get')).pastDue, true, 'a declined renewal leaves the subscription past due');
    const reqs = await idempotentRequests(t);
    const required = (Object.keys(ROUTES) as RouteName[]).filter((n) => (ROUTES[n] as { idempotency?: string }).idempotency === 'required');
    for (const name of required) {
      const req = reqs[name];
      if (!req) fail(`no request fixture for ${name}, which requires an Idempotency-Key`);
      await t.err(name, 'idempotency_key_required', { key: null, body: req.body, ...(req.params ? { params: req.params } : {}) });
    }
    const invoices = (await t.ok('invoices.list')).total;
    const pay = reqs['invoice.pay'];
    const first = await t.call('invoice.pay', { key: 'contract-pay', body: {}, ...(pay?.params ? { params: pay.params } : {}) });
    const again = await t.call('invoice.pay', { key: 'contract-pay', body: {}, ...(pay?.params ? { params: pay.params } : {}) });
    equal(again.body, t.c.expectOk(first), 'a replayed invoice payment');
    equal((await t.ok('subscription.get')).pastDue, false, 'paid');
    const a = await t.call('plan.change', { key: 'contract-upgrade', body: { planId: 'pro', interval: 'month' } });
    const b = await t.call('plan.change', { key: 'contract-upgrade', body: { planId: 'pro', interval: 'month' } });
    equal(t.c.expectOk(b), t.c.expectOk(a), 'a replayed plan change');
    equal((await t.ok('invoices.list')).total, invoices + 1, 'invoices after a plan change and its replay');
    await t.err('plan.change', 'idempotency_key_reused', { key: 'contract-upgrade', body: { planId: 'pro', interval: 'year' } });
  }),

  check('CONTRACT', 'every answer seen in this run matched the contract (schemas, statuses, error shape)', async (t) => {
    const obs = t.c.http.recorder.observations;
    expect(obs.length > 0, 'no answers were recorded');
    // The suite injects no faults, so a 5xx is the server failing a request the contract defines.
    const bad = obs
      .map((o) => (o.problem === null && o.status >= 500 ? { ...o, problem: `answered ${String(o.status)} (a server failure)` } : o))
      .filter((o) => o.problem !== null);
    const routes = new Set(obs.filter((o) => !o.route.startsWith('control ')).map((o) => o.route));
    const never = (Object.keys(ROUTES) as RouteName[]).filter((n) => !routes.has(n));
    const control = new Set(obs.filter((o) => o.route.startsWith('control ')).map((o) => o.route.slice(8)));
    const neverControl = Object.keys(CONTROL_ROUTES).filter((n) => !control.has(n));
    t.note(`${String(obs.length)} answers over ${String(routes.size)} API routes and ${String(control.size)} control routes`);
    if (never.length > 0) t.note(`API routes not exercised in this run: ${never.join(', ')}`);
    if (neverControl.length > 0) t.note(`control routes not exercised in this run: ${neverControl.join(', ')}`);
    if (bad.length > 0) {
      const byRoute = new Map<string, string>();
      for (const o of bad) if (!byRoute.has(o.route)) byRoute.set(o.route, `${o.route} (${String(o.status)}): ${o.problem ?? ''}`);
      fail(`${String(bad.length)} answer(s) broke the contract — ${[...byRoute.values()].slice(0, 4).join(' | ')}`);
    }
  }),
];
