import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AssignableRole, Channel, Interval, PlanId } from '@orgkit/contract';
import type { Actor, Policy } from '../../engine/index.js';
import { ANONYMOUS, asUser, checkInvariants, DomainError, HOUR, SYSTEM } from '../../engine/index.js';
import type { CreditBlock } from '../../engine/index.js';
import { world } from './world.js';
import type { World } from './world.js';

/**
 * Model-based property test: ≥ 1 000 random command sequences per run across roles, invites, plan changes,
 * purchases, usage and clock jumps, under random policies. After every step:
 *  - the invariants hold (one owner, one active billing holder, ≤ 1 pending transfer, seats ≤ limit unless seats
 *    are billed, balance = Σ live blocks ≥ 0, nothing expired counted, no payment granted twice, ORG-1);
 *  - a refused command (DomainError) left the state byte-identical;
 *  - a replay with the same idempotency key returns the first result and changes nothing;
 *  - no other exception is ever thrown.
 * Reproduce a failure with the printed seed: FC_SEED=<seed> pnpm test:node (FC_RUNS sets the number of runs).
 */

const RUNS = Number(process.env.FC_RUNS ?? 1000);
const SEED = Number(process.env.FC_SEED ?? (Date.now() % 2_147_483_647));

type Step =
  | { t: 'invite'; by: number; email: number; role: AssignableRole | 'owner' }
  | { t: 'accept'; invite: number; asInvitee: boolean }
  | { t: 'revoke'; by: number; invite: number }
  | { t: 'role'; by: number; target: number; role: AssignableRole | 'owner' }
  | { t: 'remove'; by: number; target: number }
  | { t: 'reactivate'; by: number; target: number }
  | { t: 'leave'; by: number }
  | { t: 'ownership'; target: number }
  | { t: 'btStart'; by: number; target: number }
  | { t: 'btEnd'; by: number; how: 'accept' | 'decline' | 'cancel' }
  | { t: 'plan'; by: number; plan: PlanId; interval: Interval; keep: number; replay: boolean }
  | { t: 'keepPlan'; by: number }
  | { t: 'checkoutStart'; by: number; plan: PlanId; interval: Interval; pkg: number | null }
  | { t: 'checkoutComplete'; by: number; session: number; outcome: 'succeed' | 'decline' | 'pending' }
  | { t: 'purchase'; by: number; pkg: number; replay: boolean }
  | { t: 'card'; outcome: 'succeed' | 'decline' | 'pending' | null }
  | { t: 'settle'; payment: number; ok: boolean }
  | { t: 'arPackage'; by: number; pkg: number | null }
  | { t: 'arEnabled'; by: number; on: boolean }
  | { t: 'usage'; words: number; member: number; channel: Channel; agent: number }
  | { t: 'cap'; by: number; target: number; cap: number | null }
  | { t: 'grant'; amount: number; days: number | null }
  | { t: 'agent'; by: number }
  | { t: 'supportPlan'; plan: PlanId; interval: Interval }
  | { t: 'advance'; hours: number };

const who = fc.nat({ max: 9 });
const role = fc.constantFrom<AssignableRole | 'owner'>('admin', 'builder', 'member', 'member', 'owner');
const plan = fc.constantFrom<PlanId>('free', 'lite', 'standard', 'pro', 'ultra');
const interval = fc.constantFrom<Interval>('month', 'year');
const outcome = fc.constantFrom<'succeed' | 'decline' | 'pending'>('succeed', 'succeed', 'decline', 'pending');

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('invite' as const), by: who, email: fc.nat({ max: 11 }), role }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('accept' as const), invite: fc.nat(), asInvitee: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('revoke' as const), by: who, invite: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('role' as const), by: who, target: who, role }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('remove' as const), by: who, target: who }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('reactivate' as const), by: who, target: who }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('leave' as const), by: who }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('ownership' as const), target: who }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('btStart' as const), by: who, target: who }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('btEnd' as const), by: who, how: fc.constantFrom<'accept' | 'decline' | 'cancel'>('accept', 'decline', 'cancel') }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('plan' as const), by: who, plan, interval, keep: fc.nat({ max: 9 }), replay: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('keepPlan' as const), by: who }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('checkoutStart' as const), by: who, plan, interval, pkg: fc.option(fc.nat({ max: 4 }), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('checkoutComplete' as const), by: who, session: fc.nat(), outcome }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('purchase' as const), by: who, pkg: fc.nat({ max: 4 }), replay: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('card' as const), outcome: fc.option(outcome, { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('settle' as const), payment: fc.nat(), ok: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('arPackage' as const), by: who, pkg: fc.option(fc.nat({ max: 3 }), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('arEnabled' as const), by: who, on: fc.boolean() }) },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('usage' as const), words: fc.nat({ max: 3_000_000 }), member: fc.nat({ max: 12 }),
      channel: fc.constantFrom<Channel>('chat', 'voice', 'widget', 'realtime', 'internal_chat'), agent: fc.nat({ max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cap' as const), by: who, target: who, cap: fc.option(fc.nat({ max: 5_000 }), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('grant' as const), amount: fc.integer({ min: 1, max: 20_000 }), days: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('agent' as const), by: who }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('supportPlan' as const), plan, interval }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('advance' as const), hours: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 100, max: 2_500 })) }) },
);

const policyArb: fc.Arbitrary<Partial<Policy>> = fc.record({
  billingOwnerOnly: fc.boolean(),
  topupFirst: fc.boolean(),
  rollover: fc.boolean(),
  ownSelf: fc.boolean(),
  seatBilling: fc.boolean(),
});

const isLiveAt = (b: CreditBlock, now: number) => b.remaining > 0 && (b.expiresAt === null || b.expiresAt > now);

const PKGS = ['pkg_1000', 'pkg_5000', 'pkg_10000', 'pkg_50000', 'pkg_nope'];

/** Picks an element by index (modulo), so a step stays meaningful as the world changes under it. */
const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

function runStep(w: World, orgId: string, s: Step, seenKeys: string[]): void {
  const { engine, key } = w;
  const org = engine.state.orgs[orgId];
  if (!org) return;
  const userIds = Object.keys(org.members).sort();
  const user = (i: number): Actor => asUser(pick(userIds, i) ?? 'usr_none');
  const target = (i: number) => pick(userIds, i) ?? 'usr_none';
  const invites = Object.values(engine.state.invites).filter((i) => i.orgId === orgId);
  const payments = Object.values(org.payments);
  const agents = Object.keys(org.agents).sort();
  const reuse = (replay: boolean) => (replay && seenKeys.length > 0 ? (seenKeys[seenKeys.length - 1] ?? key()) : key());
  switch (s.t) {
    case 'invite':
      engine.run(user(s.by), 'invite.create', { orgId, email: `Person${String(s.email)}@Example.test`, role: s.role });
      return;
    case 'accept': {
      const inv = pick(invites, s.invite);
      if (!inv) return;
      const existing = Object.values(engine.state.users).find((u) => u.email === inv.email);
      engine.run(s.asInvitee && existing ? asUser(existing.id) : ANONYMOUS, 'invite.accept', { inviteId: inv.id });
      return;
    }
    case 'revoke': {
      const inv = pick(invites, s.invite);
      if (inv) engine.run(user(s.by), 'invite.revoke', { orgId, inviteId: inv.id });
      return;
    }
    case 'role':
      engine.run(user(s.by), 'member.changeRole', { orgId, userId: target(s.target), role: s.role });
      return;
    case 'remove':
      engine.run(user(s.by), 'member.remove', { orgId, userId: target(s.target) });
      return;
    case 'reactivate':
      engine.run(user(s.by), 'member.reactivate', { orgId, userId: target(s.target) });
      return;
    case 'leave':
      engine.run(user(s.by), 'org.leave', { orgId });
      return;
    case 'ownership':
      engine.run(SYSTEM, 'ownership.transfer', { orgId, userId: target(s.target) });
      return;
    case 'btStart':
      engine.run(user(s.by), 'billingTransfer.start', { orgId, toUserId: target(s.target) });
      return;
    case 'btEnd': {
      const t = org.billingTransfer;
      const name = s.how === 'accept' ? 'billingTransfer.accept' : s.how === 'decline' ? 'billingTransfer.decline' : 'billingTransfer.cancel';
      engine.run(user(s.by), name, { orgId, transferId: t?.id ?? 'btr_none' });
      return;
    }
    case 'plan': {
      const k = reuse(s.replay);
      const active = Object.values(org.members).filter((m) => m.state === 'active').map((m) => m.userId).sort();
      const activeAgents = Object.values(org.agents).filter((a) => a.state === 'active').map((a) => a.id).sort();
      const keep = s.keep === 0 ? undefined : { memberIds: active.slice(0, s.keep), agentIds: activeAgents.slice(0, s.keep) };
      engine.run(user(s.by), 'plan.change', { orgId, planId: s.plan, interval: s.interval, ...(keep ? { keep } : {}) }, { idempotencyKey: k });
      seenKeys.push(k);
      return;
    }
    case 'keepPlan':
      engine.run(user(s.by), 'plan.keepCurrent', { orgId });
      return;
    case 'checkoutStart':
      engine.run(
        user(s.by), 'checkout.start',
        s.pkg === null
          ? { orgId, purpose: 'subscription', planId: s.plan, interval: s.interval }
          : { orgId, purpose: 'package', packageId: pick(PKGS, s.pkg) ?? 'pkg_1000' },
        { idempotencyKey: key() },
      );
      return;
    case 'checkoutComplete': {
      const session = pick(Object.values(org.checkouts), s.session);
      if (session) engine.run(user(s.by), 'checkout.complete', { orgId, checkoutId: session.id, card: { outcome: s.outcome } }, { idempotencyKey: key() });
      return;
    }
    case 'purchase': {
      const k = reuse(s.replay);
      engine.run(user(s.by), 'package.purchase', { orgId, packageId: pick(PKGS, s.pkg) ?? 'pkg_1000' }, { idempotencyKey: k });
      seenKeys.push(k);
      return;
    }
    case 'card':
      engine.run(SYSTEM, 'system.setCard', { orgId, card: s.outcome === null ? null : { brand: 'visa', last4: '4242', outcome: s.outcome } });
      return;
    case 'settle': {
      const p = pick(payments, s.payment);
      if (p) engine.run(SYSTEM, 'payment.settle', { paymentId: p.id, outcome: s.ok ? 'succeeded' : 'failed' });
      return;
    }
    case 'arPackage':
      engine.run(user(s.by), 'autoRecharge.setPackage', { orgId, packageId: s.pkg === null ? null : (pick(PKGS, s.pkg) ?? null) });
      return;
    case 'arEnabled':
      engine.run(user(s.by), 'autoRecharge.setEnabled', { orgId, enabled: s.on });
      return;
    case 'usage': {
      const memberId = s.member >= userIds.length ? undefined : target(s.member);
      const agentId = s.agent >= agents.length ? undefined : pick(agents, s.agent);
      engine.run(SYSTEM, 'usage.record', {
        orgId, channel: s.channel, modelId: 'gpt-5-mini', words: s.words,
        ...(memberId ? { memberId } : {}), ...(agentId ? { agentId } : {}),
      });
      return;
    }
    case 'cap':
      engine.run(user(s.by), 'caps.setMember', { orgId, userId: target(s.target), cap: s.cap });
      return;
    case 'grant':
      engine.run(SYSTEM, 'credits.grant', {
        orgId, amount: s.amount, source: 'promo',
        ...(s.days === null ? {} : { expiresAt: new Date(engine.now() + s.days * 24 * HOUR).toISOString() }),
      });
      return;
    case 'agent':
      engine.run(user(s.by), 'agent.create', { orgId, name: `Agent ${String(agents.length + 1)}` });
      return;
    case 'supportPlan':
      engine.run(SYSTEM, 'system.setPlan', { orgId, planId: s.plan, interval: s.interval });
      return;
    case 'advance':
      w.advance(s.hours * HOUR);
      return;
  }
}

test('property: invariants hold after every step of random command sequences; refusals change nothing', () => {
  console.log(`property seed ${String(SEED)} (${String(RUNS)} runs) — reproduce with FC_SEED=${String(SEED)}`);
  let steps = 0;
  let refused = 0;
  let replays = 0;
  const succeeded: Record<string, number> = {};
  let deactivations = 0;
  fc.assert(
    fc.property(policyArb, plan, fc.nat({ max: 6 }), fc.array(step, { minLength: 5, maxLength: 60, size: '+1' }), (policy, startPlan, team, steps_) => {
      const w = world({ policy });
      const o = w.signUp();
      // Start from a team of `team` members on Pro, then move to the starting plan: its limits apply at once
      // (members over a smaller plan's seats are deactivated), so every path has material from the first step.
      w.plan(o.orgId, 'pro');
      const roles = ['admin', 'builder', 'member'] as const;
      for (let i = 0; i < team; i += 1) w.join(o.orgId, o.owner, roles[i % 3]);
      if (startPlan !== 'pro') w.plan(o.orgId, startPlan);
      const engine = w.engine;
      const grantedBy = new Map<string, string>(); // paymentId → the one block it granted
      const seenKeys: string[] = [];
      for (const s of steps_) {
        steps += 1;
        engine.tick();
        const before = JSON.stringify(engine.state);
        const payingReplay = (s.t === 'purchase' || s.t === 'plan') && s.replay && seenKeys.length > 0;
        try {
          const deactivatedBefore = Object.values(engine.state.orgs[o.orgId]?.members ?? {}).filter((m) => m.state === 'deactivated').length;
          runStep(w, o.orgId, s, seenKeys);
          succeeded[s.t] = (succeeded[s.t] ?? 0) + 1;
          if (payingReplay) replays += 1;
          const deactivatedAfter = Object.values(engine.state.orgs[o.orgId]?.members ?? {}).filter((m) => m.state === 'deactivated').length;
          if (deactivatedAfter > deactivatedBefore) deactivations += 1;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          refused += 1;
          assert.equal(JSON.stringify(engine.state), before, `refused ${e.code} changed the state (step ${JSON.stringify(s)})`);
        }
        const broken = checkInvariants(engine.state, engine.policy);
        assert.deepEqual(broken, [], `after ${JSON.stringify(s)}`);
        const org = engine.state.orgs[o.orgId];
        if (!org) continue;
        // balance = Σ live blocks ≥ 0, computed here independently of the engine's own balance function.
        const sum = org.blocks.filter((b) => isLiveAt(b, engine.now())).reduce((n, b) => n + b.remaining, 0);
        const shown = engine.query(SYSTEM, 'balance.get', { orgId: o.orgId }).balance;
        assert.equal(shown, sum);
        assert.ok(shown >= 0);
        // No payment ever grants a second block (also across steps, after a block is spent).
        for (const b of org.blocks) {
          if (b.paymentId === null) continue;
          const first = grantedBy.get(b.paymentId);
          assert.ok(first === undefined || first === b.id, `payment ${b.paymentId} granted twice`);
          grantedBy.set(b.paymentId, b.id);
        }
      }
    }),
    { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
  );
  console.log(`property: ${String(RUNS)} sequences, ${String(steps)} steps, ${String(refused)} refused (state unchanged each time), ${String(replays)} idempotent replays, ${String(deactivations)} steps deactivated members`);
  console.log(`property: succeeded by kind ${JSON.stringify(succeeded)}`);
  // The generator must reach the interesting paths, not only refusals.
  for (const kind of ['invite', 'accept', 'role', 'remove', 'reactivate', 'btStart', 'btEnd', 'plan', 'checkoutComplete', 'purchase', 'settle', 'usage', 'advance']) {
    assert.ok((succeeded[kind] ?? 0) > 0, `no successful ${kind} step in ${String(RUNS)} runs`);
  }
});

test('property: a replayed money request returns the first result and changes nothing', () => {
  fc.assert(
    fc.property(fc.constantFrom('pkg_1000', 'pkg_5000'), fc.integer({ min: 2, max: 5 }), (packageId, times) => {
      const w = world();
      const o = w.signUp();
      w.plan(o.orgId, 'standard');
      const first = w.run(o.owner, 'package.purchase', { orgId: o.orgId, packageId }, 'same-key');
      const after = JSON.stringify(w.engine.state);
      for (let i = 1; i < times; i += 1) {
        const again = w.engine.execute(o.owner, 'package.purchase', { orgId: o.orgId, packageId }, { idempotencyKey: 'same-key' });
        assert.equal(again.replayed, true);
        assert.deepEqual(again.result, first);
        assert.equal(JSON.stringify(w.engine.state), after);
      }
    }),
    { numRuns: 50, seed: SEED },
  );
});
