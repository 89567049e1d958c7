/**
 * The demo's session, shared by every host page (plain HTML, React, Vue): the mock backend in a service worker
 * (state persists in localStorage), the control state (scenario, clock, people, faults), whom the demo acts as, and
 * the one OrgKitClient the host hands to <org-provider> — its bearer token follows the acting person.
 */
import { ApiError, ConnectionError, OrgKitClient, TimeoutError } from '@orgkit/client';
import type { ControlState, SessionMembership } from '@orgkit/contract';
import { startMockWorker } from '@orgkit/mocks/browser';
import { control, ControlError, controlState } from '../control.js';

export type Person = ControlState['people'][number];

export interface Notice {
  kind: 'success' | 'error' | 'info';
  title: string;
  detail?: string;
}

/** What the demo keeps beside the mock's own state (which the worker persists). */
export const KEYS = {
  org: 'orgkit-demo/org',
  drawer: 'orgkit-demo/drawer',
} as const;

export function describeError(e: unknown): Notice {
  if (e instanceof ApiError) return { kind: 'error', title: e.message, detail: `${e.code}${e.param ? ` · ${e.param}` : ''} · HTTP ${String(e.status)}` };
  if (e instanceof ConnectionError) return { kind: 'error', title: 'The network is unreachable (is the "offline" fault on?).', detail: 'connection_error' };
  if (e instanceof TimeoutError) return { kind: 'error', title: 'The server took too long to answer.', detail: 'timeout' };
  if (e instanceof ControlError) return { kind: 'error', title: e.message, detail: e.code };
  return { kind: 'error', title: 'Something went wrong', detail: String(e) };
}

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');

/**
 * Events: `change` (state, memberships, organization or notice changed — re-render) and `acted` (the backend
 * changed under the elements — refresh the provider).
 */
export class DemoSession extends EventTarget {
  state!: ControlState;
  /** The acting person's organizations (from GET /session as them). */
  memberships: SessionMembership[] = [];
  /** The organization on screen. */
  orgId: string | null = null;
  notice: Notice | null = null;
  busy = false;

  /** The host's client: authenticated as whoever the demo acts as (the token is read on every request). */
  readonly client = new OrgKitClient({ getAuthToken: () => this.person?.token ?? null, timeoutMs: 15_000 });

  get person(): Person | null {
    return this.state.people.find((p) => p.userId === this.state.actingUserId) ?? null;
  }

  get membership(): SessionMembership | null {
    return this.memberships.find((m) => m.orgId === this.orgId) ?? null;
  }

  /** A client for any person of the scenario (the drawer reads agents as someone allowed to). */
  clientAs(person: Person): OrgKitClient {
    return new OrgKitClient({ getAuthToken: () => person.token, maxRetries: 0, timeoutMs: 10_000 });
  }

  findPerson(who: string): Person | undefined {
    const people = this.state.people;
    return people.find((p) => p.userId === who) ?? people.find((p) => p.email === who) ?? people.find((p) => p.role === who);
  }

  /**
   * Start the worker, then apply the one-shot URL parameters — `?scenario=<name>` (reset), `?as=<role|email>` —
   * and drop them from the address, so a reload keeps whatever happened since.
   */
  async start(): Promise<void> {
    // For the browser console and the end-to-end suite: the session, its client and the control state.
    (globalThis as { orgkitDemo?: DemoSession }).orgkitDemo = this;
    await startMockWorker();
    const url = new URL(location.href);
    const scenario = url.searchParams.get('scenario');
    if (scenario) {
      await control('reset', { body: { scenario } }).catch((e: unknown) => (this.notice = describeError(e)));
      localStorage.removeItem(KEYS.org);
    }
    this.state = await controlState();
    const as = url.searchParams.get('as');
    const wanted = as ? this.findPerson(as) : undefined;
    if (wanted) this.state = await control<ControlState>('actAs', { body: { userId: wanted.userId } });
    if (!this.person && this.state.people[0]) this.state = await control<ControlState>('actAs', { body: { userId: this.state.people[0].userId } });
    if (scenario || as) {
      url.searchParams.delete('scenario');
      url.searchParams.delete('as');
      history.replaceState(history.state, '', url);
    }
    this.orgId = localStorage.getItem(KEYS.org);
    await this.reload();
  }

  /** Read the control state and the acting person's organizations again; keep the organization if they are in it. */
  async reload(): Promise<void> {
    try {
      this.state = await controlState();
    } catch (e) {
      this.notice = describeError(e);
    }
    try {
      this.memberships = (await this.client.session.get()).memberships;
    } catch {
      // Faults (offline, errors) or a deactivated person: keep what we knew; the elements show the error.
    }
    const list = this.memberships;
    if (list.length > 0 && !list.some((m) => m.orgId === this.orgId)) {
      this.orgId = (list.find((m) => m.orgId === this.state.orgId) ?? list.find((m) => m.state === 'active') ?? list[0])?.orgId ?? null;
    }
    if (this.orgId) localStorage.setItem(KEYS.org, this.orgId);
    this.emit('change');
  }

  /** The provider showed an organization (session loaded, <org-switcher>): follow it when it is the acting person's. */
  follow(orgId: string | null): void {
    if (!orgId || orgId === this.orgId || !this.memberships.some((m) => m.orgId === orgId)) return;
    this.orgId = orgId;
    localStorage.setItem(KEYS.org, orgId);
    this.emit('change');
  }

  /** Pick the organization (the drawer's picker); the host switches its provider on `acted`. */
  selectOrg(orgId: string): void {
    this.orgId = orgId;
    localStorage.setItem(KEYS.org, orgId);
    this.notice = null;
    this.emit('change');
    this.emit('acted');
  }

  /** Run a control action: show its outcome, read the state again, and have the host refresh its provider. */
  async run(label: string | ((result: unknown) => string), action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.emit('change');
    let ok = true;
    try {
      const result = await action();
      this.notice = { kind: 'success', title: typeof label === 'string' ? label : label(result) };
    } catch (e) {
      ok = false;
      this.notice = describeError(e);
    }
    this.busy = false;
    await this.reload();
    this.emit('acted');
    return ok;
  }

  actAs(userId: string): Promise<boolean> {
    const p = this.state.people.find((x) => x.userId === userId);
    return this.run(`Now acting as ${p ? `${p.name} (${p.role})` : userId}.`, () => control('actAs', { body: { userId } }));
  }

  say(notice: Notice | null): void {
    this.notice = notice;
    this.emit('change');
  }

  private emit(type: 'change' | 'acted'): void {
    this.dispatchEvent(new Event(type));
  }
}

/** The provider as a host sees it (a property for the client, `refresh()` after the host changed something). */
export interface ProviderElement extends HTMLElement {
  client?: OrgKitClient;
  org?: string;
  refresh(): void;
}

/** How a host page (plain, React, Vue) lets the demo tooling reach its provider. */
export interface HostBinding {
  flavor: 'html' | 'react' | 'vue';
  /** The <org-provider> on screen. */
  provider(): ProviderElement | null;
  /** Switch the provider's organization the host's way (an attribute, React state, a Vue ref). */
  selectOrg(orgId: string): void;
}

/**
 * Wire a host to the session: after every control action the provider shows the session's organization and
 * reloads (its token may now be someone else's); the provider's own organization changes flow back.
 */
export function connectHost(session: DemoSession, binding: HostBinding): void {
  let shown: string | null = null;
  session.addEventListener('acted', () => {
    if (session.orgId && session.orgId !== shown) binding.selectOrg(session.orgId);
    binding.provider()?.refresh();
  });
  const follow = (e: Event) => {
    const orgId = (e as CustomEvent<{ orgId: string | null }>).detail.orgId;
    shown = orgId;
    session.follow(orgId);
  };
  // Captured on the document, so it works whoever renders the provider (and whenever it is replaced).
  document.addEventListener('orgkit-session-loaded', follow);
  document.addEventListener('orgkit-org-changed', follow);
}

/** The injected faults in a few words (empty when there are none), for the host's header badge. */
export function faultText(f: ControlState['faults']): string {
  const parts: string[] = [];
  if (f.offline) parts.push('Offline');
  if (f.latencyMs > 0) parts.push(`+${String(f.latencyMs)} ms`);
  if (f.errorRate > 0) parts.push(`${String(Math.round(f.errorRate * 100))} % errors`);
  if (f.failNext > 0) parts.push(`next ${String(f.failNext)} fail`);
  return parts.length ? `Faults: ${parts.join(' · ')}` : '';
}
