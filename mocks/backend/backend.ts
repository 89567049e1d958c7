import type { ControlState } from '@orgkit/contract';
import { Faults } from '@orgkit/contract';
import * as z from 'zod/mini';
import type { Actor, Clock, CommandInput, CommandName, CommandResult, EngineState, Policy } from '../engine/index.js';
import { ANONYMOUS, asUser, DEFAULT_POLICY, Engine, InjectedCrash, ManualClock, STATE_SCHEMA, upgradeState } from '../engine/index.js';
import type { ScenarioName } from '../fixtures/scenarios.js';
import { buildScenario, SCENARIO_NAMES, SCENARIOS } from '../fixtures/scenarios.js';
import { brokenState } from './selfcheck.js';

/** Real time plus an offset the control API moves forward: the demo's clock ticks, and can jump. */
export class OffsetClock implements Clock {
  constructor(public offset = 0) {}
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time only moves forward');
    this.offset += ms;
  }
}

type MockClock = OffsetClock | ManualClock;

/** What the browser mock keeps in localStorage (or any storage with the same three methods). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface BackendOptions {
  scenario?: ScenarioName;
  policy?: Partial<Policy>;
  /** Build the scenario as of this time; default: now. */
  now?: number;
  /** Freeze the clock: it moves only through the control API (repeatable tests). */
  frozen?: boolean;
  /** Persist state here after every change; it is restored on start (survives reloads). */
  storage?: StorageLike | null;
  storageKey?: string;
  /** Check every answer against the contract (on in development and tests: drift fails loudly). */
  validateResponses?: boolean;
  /** Source of randomness for injected error rates (tests pass a seeded one). */
  random?: () => number;
}

export const TOKEN_PREFIX = 'orgkit-mock.';
export const SESSION_COOKIE = 'orgkit_session';
export const tokenFor = (userId: string) => `${TOKEN_PREFIX}${userId}`;

const SAVE_SCHEMA = 'orgkit-mock/1';
/** Events kept per organization in saved state (daily rollups keep every total; only the oldest recent-activity rows go). */
const SAVED_EVENTS_PER_ORG = 5_000;
export const NO_FAULTS: Faults = Object.freeze({ latencyMs: 0, errorRate: 0, offline: false, failNext: 0 });

interface Saved {
  schema: typeof SAVE_SCHEMA;
  scenario: ScenarioName;
  orgId: string;
  actingUserId: string | null;
  faults: Faults;
  policy: Partial<Policy>;
  clock: { kind: 'offset'; offset: number } | { kind: 'frozen'; now: number };
  state: EngineState;
}

/** Saved policy values: only known switches, each of its default's type (a string "true" is damage, not a switch). */
function validPolicy(p: unknown): boolean {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return false;
  const defaults = DEFAULT_POLICY as unknown as Record<string, unknown>;
  return Object.entries(p).every(([k, v]) => k in defaults && typeof v === typeof defaults[k] && (typeof v !== 'number' || Number.isFinite(v)) && v !== null);
}

function isSaved(v: unknown): v is Saved {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<Saved>;
  return (
    s.schema === SAVE_SCHEMA &&
    typeof s.scenario === 'string' && (SCENARIO_NAMES as string[]).includes(s.scenario) &&
    typeof s.orgId === 'string' &&
    (s.actingUserId === null || typeof s.actingUserId === 'string') &&
    z.safeParse(Faults, s.faults).success && // a damaged count or switch would fail every request after a reload
    validPolicy(s.policy) &&
    !!s.clock && ((s.clock.kind === 'offset' && Number.isFinite(s.clock.offset)) || (s.clock.kind === 'frozen' && Number.isFinite(s.clock.now))) &&
    !!s.state && s.state.schema === STATE_SCHEMA && typeof s.state.orgs === 'object' && typeof s.state.users === 'object' &&
    typeof s.state.seq === 'number' && typeof s.state.cursor === 'number'
  );
}

/**
 * The mock backend behind both the browser worker and the Node server: the engine and its clock, who is acting,
 * the injected faults, and persistence. Handlers only translate HTTP to it; every rule lives in the engine.
 */
export class MockBackend {
  engine!: Engine;
  clock!: MockClock;
  scenario!: ScenarioName;
  orgId!: string;
  /** Whom requests without credentials act as (the demo's "act as"); null: they are anonymous. */
  actingUserId: string | null = null;
  faults: Faults = { ...NO_FAULTS };
  policy: Partial<Policy> = {};
  /** Why saved state was discarded, if it was (shown by the control API, never a crash). */
  notice: string | null = null;
  readonly validateResponses: boolean;
  readonly random: () => number;
  private readonly storage: StorageLike | null;
  private readonly storageKey: string;

  constructor(options: BackendOptions = {}) {
    this.storage = options.storage ?? null;
    this.storageKey = options.storageKey ?? 'orgkit-mock';
    this.validateResponses = options.validateResponses ?? true;
    this.random = options.random ?? Math.random;
    if (!this.restore()) this.reset(options);
  }

  /** Start over from a named scenario (default `standard-team`), acting as its first person. */
  reset(options: BackendOptions = {}): void {
    const scenario = options.scenario ?? 'standard-team';
    if (!(SCENARIO_NAMES as string[]).includes(scenario)) throw new RangeError(`unknown scenario ${scenario}`);
    this.policy = { ...(options.policy ?? {}) };
    const now = options.now ?? Date.now();
    const built = buildScenario(scenario, { now, policy: this.policy });
    this.clock = options.frozen ? new ManualClock(now) : new OffsetClock(now - Date.now());
    this.engine = new Engine({ clock: this.clock, policy: this.policy, state: built.engine.state });
    this.scenario = scenario;
    this.orgId = built.orgId;
    this.actingUserId = built.people[0]?.userId ?? null;
    this.faults = { ...NO_FAULTS };
    this.save();
  }

  /**
   * Run an engine command for a request with the injected crash armed (`faults.crashAfter`, used up by the crash it
   * causes). A crash leaves what the command wrote before that step — a collected payment — and that is saved, as a
   * real database would have committed it; the caller answers 500 and the next request recovers the grant
   * (Engine.tick → reconcilePayments), never granting twice.
   */
  execute<N extends CommandName>(actor: Actor, name: N, input: CommandInput<N>, idempotencyKey?: string): { result: CommandResult<N>; replayed: boolean } {
    const crashAfter = this.faults.crashAfter ?? undefined;
    try {
      return this.engine.execute(actor, name, input, {
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(crashAfter === undefined ? {} : { crashAfter }),
      });
    } catch (e) {
      if (e instanceof InjectedCrash) {
        this.faults = { ...this.faults, crashAfter: null };
        this.save();
      }
      throw e;
    }
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.engine.tick();
  }

  /** Identify the caller: a bearer token or the session cookie; else the acting user; else nobody. */
  /**
   * `cookies`: what MSW read for the request (in the browser the Cookie header is never on a Request; MSW passes the
   * page's cookies separately). Falls back to the Cookie header (the Node server).
   */
  actorFor(request: Request, cookies: Record<string, string> = {}): Actor | 'invalid' {
    const authorization = request.headers.get('authorization');
    // A credential that is there but unusable is a 401 — never a silent fallback to the acting user.
    if (authorization !== null && !/^Bearer [^\s]+$/i.test(authorization.trim())) return 'invalid';
    const bearer = authorization === null ? undefined : authorization.trim().slice('Bearer '.length);
    const cookie =
      cookies[SESSION_COOKIE] ??
      (request.headers.get('cookie') ?? '')
        .split(';')
        .map((c) => c.trim().split('='))
        .find(([k]) => k === SESSION_COOKIE)?.[1];
    const token = bearer ?? (cookie ? decodeURIComponent(cookie) : undefined);
    if (token !== undefined) {
      const userId = token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length) : '';
      return this.engine.state.users[userId] ? asUser(userId) : 'invalid';
    }
    if (this.actingUserId && this.engine.state.users[this.actingUserId]) return asUser(this.actingUserId);
    return ANONYMOUS;
  }

  controlState(): ControlState {
    const org = this.engine.state.orgs[this.orgId];
    const people = Object.values(this.engine.state.users)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map((u) => ({ userId: u.id, name: u.name, email: u.email, role: org?.members[u.id]?.role ?? 'none', token: tokenFor(u.id) }));
    return {
      scenario: this.scenario,
      scenarios: SCENARIO_NAMES.map((name) => ({ name, description: SCENARIOS[name] })),
      now: new Date(this.engine.now()).toISOString(),
      orgId: this.orgId,
      people,
      actingUserId: this.actingUserId,
      faults: { ...this.faults },
      policy: { ...this.engine.policy },
      notice: this.notice,
    };
  }

  save(): void {
    if (!this.storage) return;
    const state = this.engine.state;
    // Keep the saved copy small: recent-activity rows beyond the newest few thousand per organization are dropped.
    const orgs = Object.fromEntries(
      Object.entries(state.orgs).map(([id, org]) => [
        id,
        org.usage.events.length > SAVED_EVENTS_PER_ORG
          ? { ...org, usage: { ...org.usage, events: org.usage.events.slice(-SAVED_EVENTS_PER_ORG) } }
          : org,
      ]),
    );
    const saved: Saved = {
      schema: SAVE_SCHEMA, scenario: this.scenario, orgId: this.orgId, actingUserId: this.actingUserId,
      faults: this.faults, policy: this.policy,
      clock: this.clock instanceof OffsetClock ? { kind: 'offset', offset: this.clock.offset } : { kind: 'frozen', now: this.clock.now() },
      state: { ...state, orgs },
    };
    try {
      this.storage.setItem(this.storageKey, JSON.stringify(saved));
    } catch (e) {
      this.notice = `The mock's state could not be saved (${e instanceof Error ? e.message : String(e)}); it lasts until reload.`;
    }
  }

  /** Restore saved state; a corrupted or foreign one is discarded with a notice — never a crash. */
  private restore(): boolean {
    if (!this.storage) return false;
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.storageKey);
    } catch {
      raw = null;
    }
    if (raw === null) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    // State saved by an earlier version of the engine is upgraded, not thrown away.
    try {
      if (parsed && typeof parsed === 'object') upgradeState((parsed as { state?: unknown }).state);
    } catch {
      parsed = undefined; // damaged beyond upgrading
    }
    if (!isSaved(parsed)) {
      this.notice = 'The saved mock state could not be used (corrupted or from another version), so it was reset.';
      this.storage.removeItem(this.storageKey);
      return false;
    }
    try {
      this.policy = parsed.policy;
      this.clock = parsed.clock.kind === 'offset' ? new OffsetClock(parsed.clock.offset) : new ManualClock(parsed.clock.now);
      this.engine = new Engine({ clock: this.clock, policy: this.policy, state: parsed.state });
      this.engine.tick();
      // Loaded is not enough: a state damaged inside would fail later, on some request. Check every read now.
      const broken = brokenState(this.engine);
      if (broken.length > 0) throw new Error(broken.slice(0, 3).join('; '));
    } catch {
      this.notice = 'The saved mock state could not be used (it did not load), so it was reset.';
      this.storage.removeItem(this.storageKey);
      return false;
    }
    this.scenario = parsed.scenario;
    this.orgId = parsed.orgId;
    this.actingUserId = parsed.actingUserId;
    this.faults = { ...NO_FAULTS, ...parsed.faults };
    return true;
  }
}
