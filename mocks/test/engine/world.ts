import assert from 'node:assert/strict';
import type { AssignableRole, ErrorCode, Interval, PlanId } from '@orgkit/contract';
import type { Actor, CommandInput, CommandName, CommandResult, Policy, QueryInput, QueryName, QueryResult } from '../../engine/index.js';
import { asUser, DAY, DomainError, Engine, HOUR, ManualClock, SYSTEM } from '../../engine/index.js';

export { DAY, HOUR, SYSTEM, asUser };

/** Test world: an engine on a manual clock, with helpers that go through the real commands (no state surgery). */
export function world(options: { policy?: Partial<Policy>; start?: string } = {}) {
  const clock = new ManualClock(options.start ?? '2026-01-05T09:00:00.000Z');
  const engine = new Engine({ clock, ...(options.policy ? { policy: options.policy } : {}) });
  let keys = 0;
  let emails = 0;

  const w = {
    clock,
    engine,
    /** A fresh idempotency key. */
    key: () => `key-${String((keys += 1))}`,
    run<N extends CommandName>(actor: Actor, name: N, input: CommandInput<N>, idempotencyKey?: string): CommandResult<N> {
      return engine.run(actor, name, input, idempotencyKey === undefined ? {} : { idempotencyKey });
    },
    /** Money commands with a fresh key each time. */
    pay<N extends CommandName>(actor: Actor, name: N, input: CommandInput<N>): CommandResult<N> {
      return engine.run(actor, name, input, { idempotencyKey: w.key() });
    },
    query<N extends QueryName>(actor: Actor, name: N, input: QueryInput<N>): QueryResult<N> {
      return engine.query(actor, name, input);
    },
    signUp(opts: { email?: string; name?: string; orgName?: string; currency?: 'CHF' | 'EUR' | 'USD' } = {}) {
      const res = engine.run({ kind: 'anonymous' }, 'account.signUp', {
        email: opts.email ?? `owner${String((emails += 1))}@acme.test`,
        name: opts.name ?? 'Olivia Owner',
        orgName: opts.orgName ?? 'Acme AI',
        ...(opts.currency ? { currency: opts.currency } : {}),
      });
      return { ...res, owner: asUser(res.userId) };
    },
    /** Invite and accept: a new user joins `orgId` with `role` (seat limits apply). */
    join(orgId: string, inviter: Actor, role: AssignableRole = 'member', email?: string): { userId: string; actor: Actor } {
      const address = email ?? `person${String((emails += 1))}@acme.test`;
      const { id: inviteId } = engine.run(inviter, 'invite.create', { orgId, email: address, role });
      const { userId } = engine.run({ kind: 'anonymous' }, 'invite.accept', { inviteId, name: address.split('@')[0] });
      return { userId, actor: asUser(userId) };
    },
    /** Support puts the org on a plan (and a working saved card, so paid flows can charge). */
    plan(orgId: string, planId: PlanId, interval: Interval = 'month', card: 'succeed' | 'decline' | 'pending' | null = 'succeed') {
      engine.run(SYSTEM, 'system.setPlan', { orgId, planId, interval });
      engine.run(SYSTEM, 'system.setCard', { orgId, card: card === null ? null : { brand: 'visa', last4: '4242', outcome: card } });
    },
    /** A team on `planId` with one member of each role next to the owner. */
    team(planId: PlanId = 'pro', policy?: never) {
      void policy;
      const o = w.signUp();
      w.plan(o.orgId, planId);
      const admin = w.join(o.orgId, o.owner, 'admin');
      const builder = w.join(o.orgId, o.owner, 'builder');
      const member = w.join(o.orgId, o.owner, 'member');
      return { ...o, admin, builder, member };
    },
    agent(orgId: string, by: Actor, name = 'Support bot'): string {
      return engine.run(by, 'agent.create', { orgId, name }).id;
    },
    use(orgId: string, words: number, extra: Partial<CommandInput<'usage.record'>> = {}) {
      return engine.run(SYSTEM, 'usage.record', { orgId, channel: 'chat', modelId: 'gpt-5-mini', words, ...extra });
    },
    balance(orgId: string): number {
      return engine.query(SYSTEM, 'balance.get', { orgId }).balance;
    },
    advance(ms: number) {
      clock.advance(ms);
      engine.tick();
    },
    /**
     * Owner, admin and member on Standard, with an agent, a deployment and a chat of the admin's; then a downgrade to
     * Lite keeping only the owner (and the agent) applies at the term end — the only way members become deactivated
     * (MEM-1) — so admin and member are deactivated.
     */
    deactivatedTeam() {
      const o = w.signUp();
      w.plan(o.orgId, 'standard');
      const admin = w.join(o.orgId, o.owner, 'admin');
      const member = w.join(o.orgId, o.owner, 'member');
      const agentId = w.agent(o.orgId, o.owner);
      const { id: deploymentId } = w.run(o.owner, 'deployment.create', { orgId: o.orgId, agentId, name: 'Desk', channel: 'chat', modelId: 'gpt-5' });
      w.run(admin.actor, 'chat.create', { orgId: o.orgId, title: 'Mine', message: 'before' });
      w.pay(o.owner, 'plan.change', { orgId: o.orgId, planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: [agentId] } });
      w.advance(Date.parse(engine.query(SYSTEM, 'subscription.get', { orgId: o.orgId }).termEnd) - clock.now() + DAY);
      const states = engine.query(SYSTEM, 'members.list', { orgId: o.orgId }).members.map((m) => m.state);
      assert.deepEqual(states.sort(), ['active', 'deactivated', 'deactivated']);
      return { ...o, admin, member, agentId, deploymentId };
    },
  };
  return w;
}

export type World = ReturnType<typeof world>;

/** Assert `fn` is refused with `code` — and that the refusal changed nothing at all. */
export function rejects(w: World, fn: () => unknown, code: ErrorCode, check?: (e: DomainError) => void): DomainError {
  w.engine.tick();
  const before = structuredClone(w.engine.state);
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DomainError, `expected DomainError ${code}, got ${caught === undefined ? 'success' : String(caught)}`);
  assert.equal(caught.code, code, `expected ${code}, got ${caught.code}: ${caught.message}`);
  assert.deepEqual(w.engine.state, before, `refused ${code} must leave the state unchanged`);
  check?.(caught);
  return caught;
}
