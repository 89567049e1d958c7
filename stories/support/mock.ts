/**
 * The mock behind every story: a fresh MockBackend per story (a named scenario, no persistence) answered by the real
 * handlers of `createHandlers(backend)`, and a client that acts as one person of the scenario (a role or an email).
 *
 * One service worker serves the whole preview, and a docs page renders many stories at once, each with its own
 * backend. So the worker gets one permanent handler (`dispatcher`, registered when MSW starts, which the addon's
 * per-story `resetHandlers()` keeps) that hands every API and control request to the handlers of the story it came
 * from: the story's client sends `x-orgkit-story: <id>`. Nothing here answers a request itself.
 */
import { OrgKitClient } from '@orgkit/client';
import type { Faults } from '@orgkit/contract';
import { createHandlers, DAY, HOUR, MockBackend, SYSTEM, asUser } from '@orgkit/mocks';
import type { Engine } from '@orgkit/mocks';
import type { ScenarioName } from '@orgkit/mocks/fixtures';
import { SCENARIO_NAMES, SCENARIOS } from '@orgkit/mocks/fixtures';
import type { RequestHandler } from 'msw';
import { getResponse, http, HttpResponse } from 'msw';

export { SCENARIO_NAMES, SCENARIOS };
export type { ScenarioName };

export const STORY_HEADER = 'x-orgkit-story';
export const ROLES = ['owner', 'admin', 'builder', 'member', 'deactivated'] as const;

/** What a story says about its mock (story args `scenario`/`as`, and `parameters.orgkit` for the rest). */
export interface MockOptions {
  /** A named scenario of mocks/fixtures (default: standard-team; member/deactivated: pending-downgrade). */
  scenario?: ScenarioName | undefined;
  /** Whom the story acts as: a role (first person with it), an email, `deactivated`, or `nobody`. */
  as?: string | undefined;
  /** Move the mock's clock first: hours, or to the end of the organization's current term. */
  clock?: number | 'period_end' | undefined;
  /** Injected faults from the start (e.g. `latencyMs` for the loading state). */
  faults?: Partial<Faults> | undefined;
  /**
   * The error state: once the session has loaded, the element's next request fails (the mock's `failNext`), and
   * the client does not retry it — so the element shows the server's message with Retry, and Retry recovers.
   */
  failAfterSession?: number | undefined;
  /** Server-side preparation through the engine's real commands (e.g. start a billing-role transfer). */
  setup?: ((m: StoryMock) => void) | undefined;
  /** Client retries (default: the client's own, 2); the error states use 0. */
  retries?: number | undefined;
  /** `simulated` (default) for the mock's checkout, or `none` to show an unconfigured checkout. */
  checkout?: 'simulated' | 'none' | undefined;
}

export interface Person {
  userId: string;
  name: string;
  email: string;
  role: string;
  token: string;
}

export interface StoryMock {
  id: string;
  backend: MockBackend;
  engine: Engine;
  scenario: ScenarioName;
  orgId: string;
  /** The person the story acts as (null: nobody, or no such person in the scenario). */
  person: Person | null;
  /** Why there is no person, when one was asked for. */
  problem: string | null;
  client: OrgKitClient;
  options: MockOptions;
  /** A person of the scenario by role or email (after any clock move: `deactivated` finds one). */
  find(who: string): Person | null;
  /** Act as someone else from now on (a setup hook may create people). */
  actAs(userId: string): void;
}

const live = new Map<string, RequestHandler[]>();
let latest: string | null = null;
let seq = 0;

/**
 * The worker's one permanent handler: the API and the control API of the story that sent the request (requests
 * without the header, e.g. a document opened in a new tab, go to the story rendered last).
 */
export const dispatcher = http.all(/\/(api\/orgkit\/v1|__orgkit)\//, async ({ request }) => {
  const id = request.headers.get(STORY_HEADER) ?? latest;
  const handlers = id === null ? undefined : live.get(id);
  if (!handlers) {
    return HttpResponse.json(
      { error: { code: 'service_unavailable', message: 'No mock backend for this story (it was closed). Reload the story.' } },
      { status: 503 },
    );
  }
  return getResponse(handlers, request);
});

function people(backend: MockBackend): Person[] {
  const org = backend.engine.state.orgs[backend.orgId];
  return backend.controlState().people.map((p) => ({
    ...p,
    // A deactivated member reads as `deactivated`, so a story can ask for one by that name.
    role: org?.members[p.userId]?.state === 'deactivated' ? 'deactivated' : p.role,
  }));
}

/** Build a story's mock and register its handlers with the dispatcher. */
export function createStoryMock(options: MockOptions): StoryMock {
  const as = options.as ?? 'owner';
  const scenario: ScenarioName = options.scenario ?? (as === 'member' || as === 'deactivated' ? 'pending-downgrade' : 'standard-team');
  const backend = new MockBackend({ scenario, storage: null });
  backend.actingUserId = null;
  const clock = options.clock ?? (as === 'deactivated' ? 'period_end' : undefined);
  if (clock === 'period_end') {
    const sub = backend.engine.query(SYSTEM, 'subscription.get', { orgId: backend.orgId });
    backend.advance(Math.max(0, Date.parse(sub.termEnd) - backend.engine.now()) + 1_000);
  } else if (typeof clock === 'number') {
    backend.advance(clock * HOUR);
  }

  const id = `story-${String((seq += 1))}`;
  let token: string | null = null;
  const m: StoryMock = {
    id,
    backend,
    engine: backend.engine,
    scenario,
    orgId: backend.orgId,
    person: null,
    problem: null,
    options,
    client: new OrgKitClient({
      getAuthToken: () => token,
      headers: { [STORY_HEADER]: id },
      // The error state must not be retried away; the loading state must not time out while someone looks at it.
      ...(options.failAfterSession ? { maxRetries: 0 } : {}),
      ...(options.retries === undefined ? {} : { maxRetries: options.retries }),
      ...(options.faults?.latencyMs ? { timeoutMs: 24 * HOUR } : {}),
    }),
    find(who) {
      const list = people(backend);
      return list.find((p) => p.email === who) ?? list.find((p) => p.role === who) ?? null;
    },
    actAs(userId) {
      const p = people(backend).find((x) => x.userId === userId) ?? null;
      m.person = p;
      token = p?.token ?? null;
    },
  };
  if (as !== 'nobody') {
    const p = m.find(as);
    if (p) m.actAs(p.userId);
    else m.problem = `Nobody is “${as}” in the scenario ${scenario}. Choose another scenario or person.`;
  }
  options.setup?.(m);
  Object.assign(backend.faults, options.faults ?? {});
  live.set(id, createHandlers(backend));
  latest = id;
  return m;
}

/** Forget a story's backend once Storybook cleans the story up. */
export function disposeStoryMock(m: StoryMock): void {
  live.delete(m.id);
  if (latest === m.id) latest = [...live.keys()].at(-1) ?? null;
}

// ——— Setup hooks: server-side preparation through the engine's real commands ———

/** The billing-role holder asks the admin (or the next active member) to take over the billing role. */
export function startBillingTransfer(m: StoryMock): void {
  const org = m.engine.state.orgs[m.orgId];
  if (!org) return;
  const holder = org.billingHolderId;
  const to = m.find('admin') ?? people(m.backend).find((p) => p.userId !== holder && org.members[p.userId]?.state === 'active');
  if (!to) return;
  m.engine.run(asUser(holder), 'billingTransfer.start', { orgId: m.orgId, toUserId: to.userId });
}

/** A brand-new sign-up (no usage, no invoices yet), acted as by its owner. */
export function freshSignUp(m: StoryMock): void {
  const { userId, orgId } = m.engine.run({ kind: 'anonymous' }, 'account.signUp', {
    email: 'noor@newco.test', name: 'Noor Haddad', orgName: 'NewCo', currency: 'EUR',
  });
  m.orgId = orgId;
  m.backend.orgId = orgId;
  m.actAs(userId);
}

/** Move the mock's clock forward (e.g. so a scheduled change runs). */
export function advanceDays(days: number): (m: StoryMock) => void {
  return (m) => m.backend.advance(days * DAY);
}

/** The organization has no saved card: purchases and upgrades go through the (simulated) checkout. */
export function noSavedCard(m: StoryMock): void {
  m.engine.run(SYSTEM, 'system.setCard', { orgId: m.orgId, card: null });
}

/** The renewal at the period end was declined (a past-due invoice); the card was fixed afterwards, so it can be paid. */
export function pastDueInvoice(m: StoryMock): void {
  m.engine.run(SYSTEM, 'system.setCard', { orgId: m.orgId, card: { brand: 'visa', last4: '0002', outcome: 'decline' } });
  const sub = m.engine.query(SYSTEM, 'subscription.get', { orgId: m.orgId });
  m.backend.advance(Math.max(0, Date.parse(sub.termEnd) - m.engine.now()) + 1_000);
  m.engine.run(SYSTEM, 'system.setCard', { orgId: m.orgId, card: { brand: 'visa', last4: '4242', outcome: 'succeed' } });
}

/** The owner removes the builder first: 2 of 3 seats are used, so one invite still fits. */
export function freeOneSeat(m: StoryMock): void {
  const builder = m.find('builder');
  const owner = m.find('owner');
  if (!builder || !owner) return;
  m.engine.run(asUser(owner.userId), 'member.remove', { orgId: m.orgId, userId: builder.userId });
}
