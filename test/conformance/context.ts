import { equal, expect, fail, show } from './assert.js';
import type { Channel, ControlState, ErrorDetail, ResponseOf, RouteName } from './contract.js';
import type { CallOptions, Http, Person, RouteResult } from './http.js';
import { Client } from './http.js';
import type { PolicyKey, ScenarioName } from './rules.js';
import { POLICY_KEYS } from './rules.js';

/** Every check starts from a scenario built as of this instant, with the clock frozen: runs are repeatable. */
export const NOW = '2025-03-15T12:00:00.000Z';
export const HOUR_MS = 3_600_000;

export type Role = 'owner' | 'admin' | 'builder' | 'member';
type Opts = Omit<CallOptions, 'as'> & { as?: Person | null };

/**
 * What a check works with: the control API (reset, clock, usage, payments), the scenario's people (with their
 * bearer tokens) and the API. Requests carry the caller explicitly: after every reset nobody is "acting", so a
 * request without a token is anonymous.
 */
export class T {
  readonly c: Client;
  state!: ControlState;
  /** Notes a check wants printed with its result (e.g. what it could not exercise). */
  readonly notes: string[] = [];

  constructor(http: Http) {
    this.c = new Client(http);
  }

  get orgId(): string {
    return this.state.orgId;
  }

  /** Reset to a named scenario (frozen clock at `now`), with POL-* switches by rule ID; then act as nobody. */
  async reset(scenario: ScenarioName, opts: { policy?: Partial<Record<PolicyKey, unknown>>; now?: string } = {}): Promise<ControlState> {
    const policy: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(opts.policy ?? {})) policy[POLICY_KEYS[id as PolicyKey]] = value;
    const body = { scenario, frozen: true, now: opts.now ?? NOW, ...(opts.policy ? { policy } : {}) };
    this.state = (await this.c.controlOk('reset', { body })) as ControlState;
    equal(this.state.scenario, scenario, 'control reset: scenario');
    for (const [key, value] of Object.entries(policy)) {
      expect(key in this.state.policy, `control reset: the backend's policy has no switch "${key}" (state.policy: ${show(Object.keys(this.state.policy))})`);
      equal(this.state.policy[key], value, `control reset: policy.${key}`);
    }
    this.state = (await this.c.controlOk('actAs', { body: { userId: null } })) as ControlState;
    this.c.orgId = this.state.orgId;
    return this.state;
  }

  /** Re-read the control state (people created since, e.g. by sign-up or an accepted invite). */
  async refresh(): Promise<ControlState> {
    this.state = (await this.c.controlOk('state')) as ControlState;
    return this.state;
  }

  /** The n-th person holding `role` in the scenario's organization. */
  who(role: Role, n = 0): Person {
    const p = this.state.people.filter((x) => x.role === role)[n];
    if (!p) fail(`scenario ${this.state.scenario} has no ${role}${n > 0 ? ` #${String(n + 1)}` : ''} among its people`);
    return p;
  }

  async byEmail(email: string): Promise<Person> {
    const state = await this.refresh();
    const p = state.people.find((x) => x.email.toLowerCase() === email.toLowerCase());
    if (!p) fail(`control state lists no person with email ${email}`);
    return p;
  }

  private opts(o: Opts): CallOptions {
    return { ...o, as: o.as === undefined ? this.who('owner') : o.as };
  }

  /** Call a route (as the owner unless `as` says otherwise); the answer is checked against the contract. */
  call<N extends RouteName>(name: N, o: Opts = {}): Promise<RouteResult<N>> {
    return this.c.call(name, this.opts(o));
  }

  ok<N extends RouteName>(name: N, o: Opts = {}): Promise<ResponseOf<N>> {
    return this.c.ok(name, this.opts(o));
  }

  err<N extends RouteName>(name: N, code: Parameters<Client['err']>[1], o: Opts = {}): Promise<ErrorDetail> {
    return this.c.err(name, code, this.opts(o));
  }

  /** Move the backend's clock forward. */
  async clock(body: { hours?: number; days?: number; to?: 'period_end'; orgId?: string }): Promise<string> {
    const r = (await this.c.controlOk('clock', { body })) as { now: string };
    return r.now;
  }

  /** Move the clock to an instant (at least an hour's resolution is not assumed: milliseconds are sent as hours). */
  async clockTo(iso: string): Promise<void> {
    const state = await this.refresh();
    const ms = Date.parse(iso) - Date.parse(state.now);
    if (ms > 0) await this.clock({ hours: ms / HOUR_MS });
  }

  async balance(as: Person = this.who('owner')): Promise<number> {
    return (await this.ok('balance.get', { as })).balance;
  }

  /** Burn credits through the control API (an agent's runtime or a member), answering the raw result. */
  async usage(body: { credits?: number; words?: number; channel?: Channel; agentId?: string; memberId?: string; modelId?: string; orgId?: string }) {
    return this.c.control('usage', { body: { orgId: this.orgId, channel: 'chat', ...body } });
  }

  /** Burn exactly `credits` (must succeed). */
  async burn(credits: number, body: { channel?: Channel; agentId?: string; memberId?: string } = {}): Promise<void> {
    if (credits <= 0) return;
    const r = await this.usage({ credits, ...body });
    if (r.status !== 200) fail(`control usage of ${String(credits)} credits answered ${String(r.status)}: ${show(r.body)}`);
    if (r.problem) fail(`control usage: ${r.problem}`);
  }

  /** Burn down to exactly `target` credits. */
  async burnTo(target: number): Promise<void> {
    const before = await this.balance();
    expect(before >= target, `cannot burn up to ${String(target)}: the balance is only ${String(before)}`);
    await this.burn(before - target);
    equal(await this.balance(), target, 'balance after burning');
  }

  async members() {
    return this.ok('members.list');
  }

  async member(userId: string) {
    const m = (await this.members()).members.find((x) => x.userId === userId);
    if (!m) fail(`members.list has no member ${userId}`);
    return m;
  }

  async session(as: Person) {
    return this.ok('session', { as });
  }

  /** The caller's capabilities in the scenario's organization (ROLE-8). */
  async caps(as: Person, orgId = this.orgId): Promise<string[]> {
    const s = await this.session(as);
    const m = s.memberships.find((x) => x.orgId === orgId);
    if (!m) fail(`session of ${as.email} has no membership in ${orgId}`);
    return m.capabilities;
  }

  /** A model allowed in the organization whose rate is a whole number of credits per 1,000 words. */
  async model(as: Person = this.who('owner')) {
    const { models } = await this.ok('models.list', { as });
    const m = models.find((x) => Number.isInteger(x.creditsPer1kWords) && x.creditsPer1kWords > 0);
    if (!m) fail('models.list has no model with a whole-number rate to measure with');
    return m;
  }

  private emails = 0;

  /** A fresh e-mail for people a check invites or signs up (deterministic: every check starts from a reset). */
  email(tag: string): string {
    this.emails += 1;
    return `${tag}.${String(this.emails)}@conformance.test`;
  }

  note(s: string): void {
    this.notes.push(s);
  }
}

/** Months between two instants as calendar arithmetic would give them (for expiries "12 months after"). */
export function addMonthsIso(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return t.toISOString();
}

export const sameInstant = (a: string | null | undefined, b: string | null | undefined): boolean =>
  typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);
