import type { CrashPoint } from '@orgkit/contract';
import * as z from 'zod/mini';
import type { Clock } from './clock.js';
import { HOUR } from './clock.js';
import { settleOrg } from './billing.js';
import { creditCommands } from './commands/credits.js';
import { memberCommands } from './commands/members.js';
import { orgCommands } from './commands/orgs.js';
import { planCommands } from './commands/plans.js';
import { resourceCommands } from './commands/resources.js';
import type { Actor, Ctx } from './context.js';
import type { CommandDef, QueryDef } from './define.js';
import { DomainError, fail, InjectedCrash } from './errors.js';
import type { Policy } from './policy.js';
import { resolvePolicy } from './policy.js';
import { QUERIES } from './queries.js';
import type { EngineState } from './state.js';
import { createState } from './state.js';

export const COMMANDS = {
  ...orgCommands,
  ...memberCommands,
  ...planCommands,
  ...creditCommands,
  ...resourceCommands,
};

export type Commands = typeof COMMANDS;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type CommandResult<N extends CommandName> = ReturnType<Commands[N]['run']>;
export type Queries = typeof QUERIES;
export type QueryName = keyof Queries;
export type QueryInput<N extends QueryName> = z.input<Queries[N]['input']>;
export type QueryResult<N extends QueryName> = ReturnType<Queries[N]['run']>;

export interface RunOptions {
  /**
   * Makes any command safe to retry: a replay with the same key returns the first result and changes nothing.
   * Required for money and credit mutations.
   */
  idempotencyKey?: string;
  /** Fault injection (the mock's `faults.crashAfter`): throw InjectedCrash when the command reaches this step. */
  crashAfter?: CrashPoint;
}

const IdempotencyKey = z.string().check(z.minLength(1), z.maxLength(255), z.regex(/^[\x21-\x7e]+$/));

/** Stable JSON for request fingerprints: object keys sorted. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function actorKey(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : actor.kind;
}

function parse<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  const result = z.safeParse(schema, input);
  if (!result.success) throw DomainError.fromIssues(result.error.issues, input);
  return result.data;
}

/**
 * The rules engine: state + command + clock + policy → new state, or a DomainError.
 *
 * The state is plain data, changed in place for speed (a million usage events must not be copied per command);
 * every command checks everything before it writes anything, so a refused command leaves the state exactly as it
 * was. Time only moves through the injected clock: before each command or query, whatever fell due since the last
 * one (renewals, expiries, scheduled downgrades) runs once, in time order.
 */
export class Engine {
  readonly state: EngineState;
  readonly policy: Policy;
  readonly clock: Clock;

  constructor(options: { clock: Clock; policy?: Partial<Policy>; state?: EngineState }) {
    this.clock = options.clock;
    this.policy = resolvePolicy(options.policy);
    this.state = options.state ?? createState({ now: options.clock.now() });
  }

  /** The engine's now: the clock, but never earlier than what has already been settled. */
  now(): number {
    return Math.max(this.clock.now(), this.state.cursor);
  }

  context(actor: Actor): Ctx {
    return { state: this.state, now: this.now(), policy: this.policy, actor };
  }

  /** TIME-1: run everything that fell due up to the clock's now, exactly once. */
  tick(): void {
    const ctx = this.context({ kind: 'system' });
    for (const org of Object.values(this.state.orgs)) settleOrg(ctx, org);
    const ttl = this.policy.idempotencyTtlHours * HOUR;
    for (const [key, rec] of Object.entries(this.state.idempotency)) if (rec.at + ttl <= ctx.now) delete this.state.idempotency[key];
    this.state.cursor = ctx.now;
  }

  /** Run a command and say whether the result is a replay of an earlier request with the same idempotency key. */
  execute<N extends CommandName>(actor: Actor, name: N, input: CommandInput<N>, options: RunOptions = {}): { result: CommandResult<N>; replayed: boolean } {
    const def = COMMANDS[name] as unknown as CommandDef<z.core.$ZodType, CommandResult<N>> | undefined;
    if (!def) fail('not_found', `Unknown command ${String(name)}.`);
    this.tick();
    const ctx = this.context(actor);
    const key = options.idempotencyKey;
    if (key === undefined && def.idempotency === 'required') {
      fail('idempotency_key_required', 'This request moves money or credits: send an Idempotency-Key header so a retry cannot repeat it.', {
        param: 'Idempotency-Key',
      });
    }
    let scope: string | null = null;
    let fingerprint = '';
    if (key !== undefined) {
      if (!z.safeParse(IdempotencyKey, key).success) {
        fail('validation_failed', 'Idempotency-Key must be 1–255 visible ASCII characters.', { param: 'Idempotency-Key' });
      }
      scope = `${actorKey(actor)}:${key}`;
      fingerprint = `${String(name)}:${canonical(input)}`;
      const seen = this.state.idempotency[scope];
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          fail('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.', { param: 'Idempotency-Key' });
        }
        return { result: structuredClone(seen.result) as CommandResult<N>, replayed: true };
      }
    }
    const parsed = parse(def.input, input);
    const crashAfter = options.crashAfter;
    const run: Ctx = {
      ...ctx,
      ...(scope === null ? {} : { requestKey: scope }),
      ...(crashAfter === undefined ? {} : { checkpoint: (point: CrashPoint) => { if (point === crashAfter) throw new InjectedCrash(point); } }),
    };
    const result = def.run(run, parsed);
    if (scope !== null) this.state.idempotency[scope] = { fingerprint, result: structuredClone(result), at: ctx.now };
    return { result, replayed: false };
  }

  run<N extends CommandName>(actor: Actor, name: N, input: CommandInput<N>, options: RunOptions = {}): CommandResult<N> {
    return this.execute(actor, name, input, options).result;
  }

  query<N extends QueryName>(actor: Actor, name: N, input: QueryInput<N>): QueryResult<N> {
    const def = QUERIES[name] as unknown as QueryDef<z.core.$ZodType, QueryResult<N>> | undefined;
    if (!def) fail('not_found', `Unknown query ${String(name)}.`);
    this.tick();
    return def.run(this.context(actor), parse(def.input, input));
  }
}
