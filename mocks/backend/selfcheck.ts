import type { RouteName } from '@orgkit/contract';
import { CONTROL_ROUTES, ROUTES } from '@orgkit/contract';
import * as z from 'zod/mini';
import type { Engine, QueryName } from '../engine/index.js';
import { asUser, checkInvariants, DomainError, SYSTEM } from '../engine/index.js';

/** Every read an element makes of an organization, with the input it needs beyond the organization id. */
const ORG_READS: [RouteName, Record<string, unknown>][] = [
  ['org.get', {}], ['settings.get', {}], ['members.list', {}], ['invites.list', {}], ['plans.list', {}], ['subscription.get', {}],
  ['balance.get', {}], ['credits.get', {}], ['packages.list', {}], ['invoices.list', {}], ['usage.timeseries', { days: 365 }],
  ['usage.summary', { days: 365 }], ['usage.breakdown', { days: 365 }], ['usage.events', {}], ['models.list', {}],
  ['residency.preview', { tier: 'ch-ch' }], ['agents.list', {}], ['deployments.list', {}], ['chats.list', { scope: 'all' }],
  ['caps.get', {}], ['notifications.list', {}],
];

/**
 * What is broken in an engine state that parsed and loaded (saved state restored from storage): the invariants, and
 * every read of every organization (and every person's session) answering outside the contract or failing. Empty
 * when the state is usable — a state that loads but would fail later is caught here, before anyone relies on it.
 */
export function brokenState(engine: Engine): string[] {
  const problems = checkInvariants(engine.state, engine.policy);
  const read = (label: string, schema: z.core.$ZodType, run: () => unknown) => {
    try {
      const r = z.safeParse(schema, run());
      if (!r.success) problems.push(`${label}: answers outside the contract`);
    } catch (e) {
      if (!(e instanceof DomainError)) problems.push(`${label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const orgId of Object.keys(engine.state.orgs)) {
    for (const [name, input] of ORG_READS) {
      read(`${orgId} ${name}`, ROUTES[name].response, () => engine.query(SYSTEM, name as QueryName, { orgId, ...input } as never));
    }
    read(`${orgId} payments`, CONTROL_ROUTES.payments.response, () => engine.query(SYSTEM, 'payments.list', { orgId }));
  }
  for (const userId of Object.keys(engine.state.users)) read(`session of ${userId}`, ROUTES.session.response, () => engine.query(asUser(userId), 'session', {}));
  return problems;
}
