import type { ControlRouteName } from '@orgkit/contract';
import { CONTROL_BASE, CONTROL_ROUTES } from '@orgkit/contract';
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { MockBackend } from '../backend/backend.js';
import type { ScenarioName } from '../fixtures/scenarios.js';
import { DAY, HOUR, SYSTEM } from '../engine/index.js';
import { callerOf, checkedJson, fail, parseWith, readBody, toErrorResponse } from './http.js';

const METHOD = { GET: http.get, POST: http.post, PUT: http.put, PATCH: http.patch, DELETE: http.delete } as const;
export const controlUrl = (path: string) => `*${CONTROL_BASE}${path}`;

type Params = Record<string, string | readonly string[] | undefined>;
const param = (params: Params, name: string) => String(params[name] ?? '');

/**
 * The control API (/__orgkit/…): scenario, clock, identity, usage, payments and faults for demos and tests.
 * Separate from the API and never part of the typed client's resources. Commands still go through the engine.
 */
export function controlHandlers(backend: MockBackend): HttpHandler[] {
  const engine = () => backend.engine;
  const actions: Record<ControlRouteName, (request: Request, params: Params, body: unknown, cookies: Record<string, string>) => unknown> = {
    state: () => backend.controlState(),
    reset: (_r, _p, body) => {
      const b = parseWith(CONTROL_ROUTES.reset.body, body);
      const scenario = (b.scenario ?? backend.scenario) as ScenarioName;
      if (!backend.controlState().scenarios.some((s) => s.name === scenario)) fail('validation_failed', `scenario must be one of the named scenarios`, 'scenario');
      backend.notice = null;
      backend.reset({ scenario, policy: (b.policy ?? {}) as never, ...(b.now ? { now: Date.parse(b.now) } : {}), ...(b.frozen ? { frozen: true } : {}) });
      return backend.controlState();
    },
    clock: (_r, _p, body) => {
      const b = parseWith(CONTROL_ROUTES.clock.body, body);
      let ms = (b.hours ?? 0) * HOUR + (b.days ?? 0) * DAY;
      if (b.to === 'period_end') {
        const sub = engine().query(SYSTEM, 'subscription.get', { orgId: b.orgId ?? backend.orgId });
        ms += Math.max(0, Date.parse(sub.termEnd) - engine().now());
      }
      backend.advance(ms);
      return { now: new Date(engine().now()).toISOString() };
    },
    actAs: (_r, _p, body) => {
      const b = parseWith(CONTROL_ROUTES.actAs.body, body);
      if (b.userId !== null && !engine().state.users[b.userId]) fail('not_found', 'No such user.', 'userId');
      backend.actingUserId = b.userId;
      return backend.controlState();
    },
    usage: (_r, _p, body) => {
      const b = parseWith(CONTROL_ROUTES.usage.body, body);
      const modelId = b.modelId ?? 'gpt-5-mini';
      const rate = engine().state.models[modelId]?.creditsPer1kWords ?? 1;
      const words = b.words ?? Math.floor(((b.credits ?? 0) * 1000) / rate);
      // Through backend.execute: an injected crash (faults.crashAfter) can hit the auto-recharge a debit triggers.
      return backend.execute(SYSTEM, 'usage.record', {
        orgId: b.orgId, channel: b.channel, modelId, words,
        ...(b.agentId ? { agentId: b.agentId } : {}), ...(b.memberId ? { memberId: b.memberId } : {}),
      }).result;
    },
    payments: (_r, params) => engine().query(SYSTEM, 'payments.list', { orgId: param(params, 'orgId') }),
    settle: (_r, params, body) => {
      const b = parseWith(CONTROL_ROUTES.settle.body, body);
      return backend.execute(SYSTEM, 'payment.settle', { paymentId: param(params, 'paymentId'), outcome: b.outcome }).result;
    },
    completeCheckout: (request, params, body, cookies) => {
      const b = parseWith(CONTROL_ROUTES.completeCheckout.body, body);
      const key = request.headers.get('Idempotency-Key') ?? undefined;
      return backend.execute(callerOf(backend, request, cookies), 'checkout.complete', { orgId: param(params, 'orgId'), checkoutId: param(params, 'checkoutId'), card: b.card }, key).result;
    },
    faults: (_r, _p, body) => {
      const b = parseWith(CONTROL_ROUTES.faults.body, body);
      backend.faults = { ...backend.faults, ...b };
      return { ...backend.faults };
    },
    plan: (_r, params, body) => engine().run(SYSTEM, 'system.setPlan', { orgId: param(params, 'orgId'), ...parseWith(CONTROL_ROUTES.plan.body, body) }),
    card: (_r, params, body) => engine().run(SYSTEM, 'system.setCard', { orgId: param(params, 'orgId'), ...parseWith(CONTROL_ROUTES.card.body, body) }),
    credits: (_r, params, body) => engine().run(SYSTEM, 'credits.grant', { orgId: param(params, 'orgId'), ...parseWith(CONTROL_ROUTES.credits.body, body) }),
    ownership: (_r, params, body) => engine().run(SYSTEM, 'ownership.transfer', { orgId: param(params, 'orgId'), ...parseWith(CONTROL_ROUTES.ownership.body, body) }),
  };

  return (Object.keys(CONTROL_ROUTES) as ControlRouteName[]).map((name) => {
    const route = CONTROL_ROUTES[name];
    return METHOD[route.method](controlUrl(route.path), async ({ request, params, cookies }) => {
      try {
        const body = route.method === 'GET' ? undefined : await readBody(request);
        const result = actions[name](request, params, body, cookies);
        if (route.method !== 'GET') backend.save();
        return checkedJson(backend, route, `control ${name}`, result, { status: 200 });
      } catch (e) {
        return toErrorResponse(e);
      }
    });
  });
}

/** Answer every other /__orgkit and API path with a clear 404 in the contract's shape. */
export function notFoundHandler(): HttpHandler {
  return http.all(/\/(api\/orgkit\/v1|__orgkit)\//, ({ request }) =>
    HttpResponse.json(
      { error: { code: 'not_found', message: `No route ${request.method} ${new URL(request.url).pathname}.`, meta: { resource: 'route' } } },
      { status: 404 },
    ),
  );
}
