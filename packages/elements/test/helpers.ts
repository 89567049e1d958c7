import { waitUntil } from '@open-wc/testing';
import { OrgKitClient } from '@orgkit/client';
import type { ControlState } from '@orgkit/contract';
import { CONTROL_BASE } from '@orgkit/contract';
import { startMockWorker } from '../../../mocks/browser.js';
import type { MockBackend } from '../../../mocks/index.js';
import { defineOrgKit } from '../src/index.js';

defineOrgKit();

export interface Mock {
  backend: MockBackend;
  state: ControlState;
  /** A person of the scenario by role (first match) or email. */
  person(who: string): ControlState['people'][number];
  /** A client authenticated as that person (the production path: the host's own token provider). */
  clientFor(who: string): OrgKitClient;
  control(path: string, body?: unknown, method?: string): Promise<unknown>;
  stop(): void;
}

/** One service worker per test page (registering it again per test stalls): each mock() resets its backend. */
let started: Promise<Awaited<ReturnType<typeof startMockWorker>>> | null = null;

/** Start the mock in this page (no persistence) on a named scenario; nobody acts by default. */
export async function mock(scenario = 'standard-team'): Promise<Mock> {
  // MSW stops answering a page after a `beforeunload` (a test may fire one): start it again only then.
  if (started && (await fetch(`${CONTROL_BASE}/state`)).status !== 200) {
    (await started).worker.stop();
    started = null;
  }
  started ??= startMockWorker({ persist: false, scenario: scenario as never });
  const { backend } = await started;
  backend.reset({ scenario: scenario as never });
  backend.actingUserId = null;
  const m: Mock = {
    backend,
    state: backend.controlState(),
    person(who) {
      const p = m.state.people.find((x) => x.email === who) ?? m.state.people.find((x) => x.role === who);
      if (!p) throw new Error(`no ${who} in ${scenario}`);
      return p;
    },
    clientFor(who) {
      const token = m.person(who).token;
      return new OrgKitClient({ getAuthToken: () => token, maxRetries: 0 });
    },
    async control(path, body, method = 'POST') {
      const res = await fetch(`${CONTROL_BASE}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
      m.state = backend.controlState();
      return res.json();
    },
    /** The worker stays; what a test changed (faults, the acting person) is cleared. */
    stop: () => {
      backend.faults = { latencyMs: 0, errorRate: 0, offline: false, failNext: 0 };
      backend.actingUserId = null;
    },
  };
  return m;
}

/** Wait until an element has finished loading (no loading skeleton left in it). */
export async function settled(el: HTMLElement, what = 'content'): Promise<void> {
  await waitUntil(() => {
    const root = el.shadowRoot;
    return !!root && root.childElementCount + (root.textContent?.trim().length ?? 0) > 0 && !root.querySelector('[part~="loading"]');
  }, `${el.localName} never finished loading its ${what}`, { timeout: 5_000 });
}

export const shadow = (el: Element) => {
  if (!el.shadowRoot) throw new Error(`${el.localName} has no shadow root`);
  return el.shadowRoot;
};

export const text = (el: Element) => shadow(el).textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** What the fake Stripe saw: publishable keys, client secrets, mount targets, destroy calls, and its onComplete. */
export interface FakeStripe {
  keys: string[];
  secrets: string[];
  mounted: HTMLElement[];
  destroyed: number;
  complete?: () => void;
}

/** A fake Stripe where @stripe/stripe-js/pure looks for it (window.Stripe): nothing leaves the page. */
export function installFakeStripe(): FakeStripe {
  const fake: FakeStripe = { keys: [], secrets: [], mounted: [], destroyed: 0 };
  const Stripe = (key: string) => {
    fake.keys.push(key);
    return {
      createEmbeddedCheckoutPage: async (options: { fetchClientSecret: () => Promise<string>; onComplete: () => void }) => {
        fake.secrets.push(await options.fetchClientSecret());
        fake.complete = options.onComplete;
        return { mount: (el: HTMLElement) => void fake.mounted.push(el), destroy: () => void (fake.destroyed += 1) };
      },
    };
  };
  Object.assign(window, { Stripe: Object.assign(Stripe, { version: 'endive' }) });
  return fake;
}
