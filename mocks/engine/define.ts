import * as z from 'zod/mini';
import { Id } from '@orgkit/contract';
import type { Ctx } from './context.js';

/** A command: its input schema, whether it moves money (an idempotency key is then required), and its rule. */
export interface CommandDef<S extends z.core.$ZodType, R> {
  input: S;
  /**
   * Every command honours an idempotency key when one is sent (a replay returns the first result); 'required' for
   * money and credit mutations, which refuse to run without one.
   */
  idempotency?: 'required';
  /**
   * Checks first, writes last: a run either throws a DomainError before it has written anything, or succeeds.
   * (The property tests assert that every rejected command leaves the state deep-equal to before.)
   */
  run(ctx: Ctx, input: z.output<S>): R;
}

export function defineCommand<S extends z.core.$ZodType, R>(def: CommandDef<S, R>): CommandDef<S, R> {
  return def;
}

/** A query reads; it never writes (only the clock's due work, run before it, may). */
export interface QueryDef<S extends z.core.$ZodType, R> {
  input: S;
  run(ctx: Ctx, input: z.output<S>): R;
}

export function defineQuery<S extends z.core.$ZodType, R>(def: QueryDef<S, R>): QueryDef<S, R> {
  return def;
}

/** An organization-scoped input: the route's organization id plus the request body. */
export function orgScoped<T extends z.ZodMiniObject>(body: T) {
  return z.extend(body, { orgId: Id });
}

export const OrgOnly = z.strictObject({ orgId: Id });
export const Empty = z.strictObject({});
