import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Capability } from '@orgkit/contract';
import { CAPABILITIES, ROLES } from '@orgkit/contract';
import type { Actor, Policy, RunOptions } from '../../engine/index.js';
import { COMMANDS, QUERIES } from '../../engine/index.js';
import type { World } from './world.js';
import { SYSTEM, rejects, world } from './world.js';

// — helpers local to this file —

function membership(w: World, actor: Actor, orgId: string) {
  const m = w.query(actor, 'session', {}).memberships.find((x) => x.orgId === orgId);
  assert.ok(m, `the caller should be a member of ${orgId}`);
  return m;
}

function caps(w: World, actor: Actor, orgId: string): string[] {
  return [...membership(w, actor, orgId).capabilities].sort();
}

const sorted = (list: readonly string[]) => [...list].sort();

function members(w: World, orgId: string) {
  return w.query(SYSTEM, 'members.list', { orgId }).members;
}

function memberRow(w: World, orgId: string, userId: string) {
  const m = members(w, orgId).find((x) => x.userId === userId);
  assert.ok(m, `${userId} should be a member`);
  return m;
}

/** Run any command by name with untyped input (and a fresh idempotency key, which plain commands ignore). */
function runAny(w: World, actor: Actor, name: string, input: unknown): unknown {
  const run = w.engine.run.bind(w.engine) as unknown as (a: Actor, n: string, i: unknown, o: RunOptions) => unknown;
  return run(actor, name, input, { idempotencyKey: w.key() });
}

function queryAny(w: World, actor: Actor, name: string, input: unknown): unknown {
  const query = w.engine.query.bind(w.engine) as unknown as (a: Actor, n: string, i: unknown) => unknown;
  return query(actor, name, input);
}

/** A valid input for every organization-scoped query (authorization is what is under test). */
function queryInputs(orgId: string): Record<string, Record<string, unknown>> {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(QUERIES)) if (name !== 'session') inputs[name] = { orgId };
  Object.assign(inputs, {
    'usage.timeseries': { orgId, days: 30 },
    'usage.summary': { orgId, days: 30 },
    'usage.breakdown': { orgId, days: 30 },
    'residency.preview': { orgId, tier: 'eu-eu' },
    'plan.preview': { orgId, planId: 'pro', interval: 'year' },
    'checkout.get': { orgId, checkoutId: 'cs_1' },
    'invoice.get': { orgId, invoiceId: 'in_1' },
    'payments.list': { orgId },
  });
  return inputs;
}

/** Commands that are not about one organization a member acts in (sign-up, accepting by token, system-only). */
const NOT_ORG_MEMBER_COMMANDS = new Set(['account.signUp', 'org.create', 'invite.accept', 'system.setPlan', 'system.setCard', 'payment.settle']);

/** A valid input for every organization-scoped command. */
function commandInputs(orgId: string, ids: { userId: string; agentId: string; deploymentId: string }): Record<string, Record<string, unknown>> {
  return {
    'org.updateSettings': { orgId, name: 'Renamed' },
    'org.updateBillingIdentity': { orgId, email: 'b@acme.ch', name: 'Acme AG', country: 'CH', address: 'Weg 1', postalCode: '8000', city: 'Zürich' },
    'org.setResidency': { orgId, tier: 'ch-ch' },
    'org.delete': { orgId, confirm: 'acme-ai' },
    'org.leave': { orgId },
    'chat.create': { orgId, title: 'Hello', message: 'Hi' },
    'invite.create': { orgId, email: 'new@acme.test', role: 'member' },
    'invite.revoke': { orgId, inviteId: 'inv_1' },
    'member.changeRole': { orgId, userId: ids.userId, role: 'builder' },
    'member.remove': { orgId, userId: ids.userId },
    'member.reactivate': { orgId, userId: ids.userId },
    'ownership.transfer': { orgId, userId: ids.userId },
    'billingTransfer.start': { orgId, toUserId: ids.userId },
    'billingTransfer.accept': { orgId, transferId: 'btr_1' },
    'billingTransfer.decline': { orgId, transferId: 'btr_1' },
    'billingTransfer.cancel': { orgId, transferId: 'btr_1' },
    'plan.change': { orgId, planId: 'pro', interval: 'month' },
    'plan.keepCurrent': { orgId },
    'invoice.pay': { orgId, invoiceId: 'in_1' },
    'checkout.start': { orgId, purpose: 'package', packageId: 'pkg_1000' },
    'checkout.complete': { orgId, checkoutId: 'cs_1', card: { outcome: 'succeed' } },
    'package.purchase': { orgId, packageId: 'pkg_1000' },
    'autoRecharge.setPackage': { orgId, packageId: 'pkg_1000' },
    'autoRecharge.setEnabled': { orgId, enabled: false },
    'credits.grant': { orgId, amount: 100, source: 'grant' },
    'usage.record': { orgId, channel: 'internal_chat', modelId: 'gpt-5-mini', words: 100 },
    'caps.setMember': { orgId, userId: ids.userId, cap: 100 },
    'caps.setAgent': { orgId, agentId: ids.agentId, cap: 100 },
    'alerts.configure': { orgId, thresholdPct: 30, recipientIds: [] },
    'agent.create': { orgId, name: 'Bot' },
    'deployment.create': { orgId, agentId: ids.agentId, name: 'Desk', channel: 'chat', modelId: 'gpt-5' },
    'deployment.setModel': { orgId, deploymentId: ids.deploymentId, modelId: 'gpt-5-mini' },
    'knowledge.add': { orgId, name: 'Docs', characters: 2_000, uploadBytes: 1_000 },
  };
}


// The exact capability lists (ROLE-8), default policy.
const OWNER_CAPS: Capability[] = [
  'org.read', 'settings.read', 'settings.edit', 'org.delete', 'members.read', 'members.invite', 'members.manage',
  'billing.summary', 'billing.read', 'billing.transfer', 'plans.change', 'credits.purchase', 'autorecharge.manage',
  'caps.manage', 'invoices.read', 'usage.read', 'residency.edit', 'agents.manage', 'deployments.read',
  'deployments.manage', 'chat.internal', 'chat.oversight',
];
const ADMIN_CAPS: Capability[] = [
  'org.read', 'settings.read', 'settings.edit', 'org.leave', 'members.read', 'members.invite', 'members.manage',
  'billing.summary', 'billing.read', 'plans.change', 'credits.purchase', 'autorecharge.manage', 'caps.manage',
  'invoices.read', 'usage.read', 'residency.edit', 'agents.manage', 'deployments.read', 'deployments.manage',
  'chat.internal', 'chat.oversight',
];
const BUILDER_CAPS: Capability[] = ['org.read', 'org.leave', 'members.read', 'billing.summary', 'agents.manage', 'deployments.read', 'chat.internal'];
const MEMBER_CAPS: Capability[] = ['org.read', 'org.leave', 'chat.internal'];

describe('ROLE — roles & capabilities', () => {
  // — ROLE-1 —
  test('ROLE-1 there are exactly four roles: owner, admin, builder, member', () => {
    assert.deepEqual([...ROLES], ['owner', 'admin', 'builder', 'member']);
    const w = world();
    const t = w.team('pro');
    assert.deepEqual(
      members(w, t.orgId).map((m) => m.role),
      ['owner', 'admin', 'builder', 'member'],
    );
    rejects(w, () => w.run(t.owner, 'invite.create', { orgId: t.orgId, email: 'g@acme.test', role: 'guest' as never }), 'validation_failed', (e) =>
      assert.equal(e.param, 'role'),
    );
    rejects(w, () => w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'superadmin' as never }), 'validation_failed', (e) =>
      assert.equal(e.param, 'role'),
    );
    assert.equal(memberRow(w, t.orgId, t.member.userId).role, 'member');
  });

  test('ROLE-1 exactly one owner: owner cannot be invited or assigned, and the owner cannot be re-roled', () => {
    const w = world();
    const t = w.team('pro');
    for (const actor of [t.owner, t.admin.actor]) {
      rejects(w, () => w.run(actor, 'invite.create', { orgId: t.orgId, email: 'o2@acme.test', role: 'owner' }), 'cannot_assign_owner');
      rejects(w, () => w.run(actor, 'member.changeRole', { orgId: t.orgId, userId: t.builder.userId, role: 'owner' }), 'cannot_assign_owner');
    }
    rejects(w, () => w.run(t.admin.actor, 'member.changeRole', { orgId: t.orgId, userId: t.userId, role: 'member' }), 'cannot_change_owner_role');
    rejects(w, () => w.run(t.owner, 'member.changeRole', { orgId: t.orgId, userId: t.userId, role: 'admin' }), 'cannot_change_own_role');
    const owners = members(w, t.orgId).filter((m) => m.role === 'owner');
    assert.deepEqual(owners.map((m) => m.userId), [t.userId]);
  });

  test('ROLE-1 a (support) ownership transfer keeps exactly one owner: the previous owner becomes admin', () => {
    const w = world();
    const t = w.team('pro');
    w.run(SYSTEM, 'ownership.transfer', { orgId: t.orgId, userId: t.builder.userId });
    const owners = members(w, t.orgId).filter((m) => m.role === 'owner');
    assert.deepEqual(owners.map((m) => m.userId), [t.builder.userId]);
    assert.equal(memberRow(w, t.orgId, t.userId).role, 'admin');
    assert.equal(membership(w, t.builder.actor, t.orgId).role, 'owner');
  });

  // — ROLE-2 —
  test('ROLE-2 the owner can do everything: members, deployments, settings, billing, usage, oversight', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const orgId = o.orgId;
    // members and invites
    const admin = w.join(orgId, o.owner, 'admin');
    const inv = w.run(o.owner, 'invite.create', { orgId, email: 'x@acme.test', role: 'member' });
    w.run(o.owner, 'invite.revoke', { orgId, inviteId: inv.id });
    assert.deepEqual(w.query(o.owner, 'invites.list', { orgId }), []);
    w.run(o.owner, 'member.changeRole', { orgId, userId: admin.userId, role: 'builder' });
    assert.equal(memberRow(w, orgId, admin.userId).role, 'builder');
    w.run(o.owner, 'member.remove', { orgId, userId: admin.userId });
    assert.equal(members(w, orgId).length, 1);
    // agents and deployments
    const agentId = w.agent(orgId, o.owner);
    const { id: deploymentId } = w.run(o.owner, 'deployment.create', { orgId, agentId, name: 'Desk', channel: 'widget', modelId: 'gpt-5' });
    w.run(o.owner, 'deployment.setModel', { orgId, deploymentId, modelId: 'mistral-large' });
    assert.equal(w.query(o.owner, 'deployments.list', { orgId })[0]?.modelId, 'mistral-large');
    // settings
    w.run(o.owner, 'org.updateSettings', { orgId, name: 'Owner Co' });
    w.run(o.owner, 'org.setResidency', { orgId, tier: 'eu-any' });
    assert.equal(w.query(o.owner, 'settings.get', { orgId }).name, 'Owner Co');
    // billing
    const up = w.pay(o.owner, 'plan.change', { orgId, planId: 'pro', interval: 'month' });
    assert.equal(up.status, 'applied');
    assert.equal(w.query(o.owner, 'subscription.get', { orgId }).planId, 'pro');
    const before = w.balance(orgId);
    w.pay(o.owner, 'package.purchase', { orgId, packageId: 'pkg_1000' });
    assert.equal(w.balance(orgId), before + 1_000);
    w.run(o.owner, 'autoRecharge.setPackage', { orgId, packageId: 'pkg_5000' });
    w.run(o.owner, 'autoRecharge.setEnabled', { orgId, enabled: true });
    assert.equal(w.query(o.owner, 'packages.list', { orgId }).autoRecharge.enabled, true);
    w.run(o.owner, 'caps.setAgent', { orgId, agentId, cap: 500 });
    assert.equal(w.query(o.owner, 'caps.get', { orgId }).agents[0]?.cap, 500);
    assert.ok(w.query(o.owner, 'invoices.list', { orgId }).total >= 2);
    // usage and oversight
    w.use(orgId, 1_000);
    assert.equal(w.query(o.owner, 'usage.summary', { orgId, days: 30 }).totalCredits, 1);
    assert.deepEqual(w.query(o.owner, 'chats.list', { orgId, scope: 'all' }), []);
  });

  test('ROLE-2 the owner, and only the owner, deletes the organization', () => {
    const w = world();
    const t = w.team('pro');
    const slug = w.query(t.owner, 'settings.get', { orgId: t.orgId }).slug;
    rejects(w, () => w.run(t.admin.actor, 'org.delete', { orgId: t.orgId, confirm: slug }), 'forbidden');
    w.run(t.owner, 'org.delete', { orgId: t.orgId, confirm: slug });
    assert.ok(!w.query(t.owner, 'session', {}).memberships.some((m) => m.orgId === t.orgId));
  });

  // — ROLE-3 —
  test('ROLE-3 admin manages members and invites', () => {
    const w = world();
    const t = w.team('pro');
    const a = t.admin.actor;
    const inv = w.run(a, 'invite.create', { orgId: t.orgId, email: 'new@acme.test', role: 'builder' });
    assert.deepEqual(w.query(a, 'invites.list', { orgId: t.orgId }).map((i) => i.email), ['new@acme.test']);
    w.run(a, 'invite.revoke', { orgId: t.orgId, inviteId: inv.id });
    assert.deepEqual(w.query(a, 'invites.list', { orgId: t.orgId }), []);
    w.run(a, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'builder' });
    assert.equal(memberRow(w, t.orgId, t.member.userId).role, 'builder');
    w.run(a, 'member.remove', { orgId: t.orgId, userId: t.builder.userId });
    assert.ok(!members(w, t.orgId).some((m) => m.userId === t.builder.userId));
  });

  test('ROLE-3 admin manages deployments (integrations) and edits organization settings', () => {
    const w = world();
    const t = w.team('pro');
    const a = t.admin.actor;
    const agentId = w.agent(t.orgId, a);
    const { id: deploymentId } = w.run(a, 'deployment.create', { orgId: t.orgId, agentId, name: 'Voice line', channel: 'voice', modelId: 'gpt-5' });
    w.run(a, 'deployment.setModel', { orgId: t.orgId, deploymentId, modelId: 'claude-eu' });
    assert.deepEqual(
      w.query(a, 'deployments.list', { orgId: t.orgId }).map((d) => [d.id, d.modelId, d.channel]),
      [[deploymentId, 'claude-eu', 'voice']],
    );
    w.run(a, 'org.updateSettings', { orgId: t.orgId, name: 'Admin Co', features: { endlessChat: true } });
    w.run(a, 'org.updateBillingIdentity', { orgId: t.orgId, email: 'b@acme.ch', name: 'Acme AG', country: 'CH', address: 'Weg 1', postalCode: '8000', city: 'Zürich' });
    w.run(a, 'org.setResidency', { orgId: t.orgId, tier: 'eu-any' });
    const s = w.query(a, 'settings.get', { orgId: t.orgId });
    assert.equal(s.name, 'Admin Co');
    assert.equal(s.features.endlessChat, true);
    assert.equal(s.billingIdentity?.city, 'Zürich');
    assert.equal(s.residency, 'eu-any');
  });

  test('ROLE-3 admin takes every billing action: upgrade, downgrade, keep plan, cancel, packages, auto-recharge', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'standard');
    const orgId = o.orgId;
    const a = w.join(orgId, o.owner, 'admin').actor;
    // upgrade (immediate)
    assert.equal(w.pay(a, 'plan.change', { orgId, planId: 'pro', interval: 'month' }).status, 'applied');
    assert.equal(w.query(a, 'subscription.get', { orgId }).planId, 'pro');
    // downgrade (scheduled), then "keep my plan"
    assert.equal(w.pay(a, 'plan.change', { orgId, planId: 'standard', interval: 'month' }).status, 'scheduled');
    assert.equal(w.query(a, 'subscription.get', { orgId }).pendingChange?.kind, 'downgrade');
    w.run(a, 'plan.keepCurrent', { orgId });
    assert.equal(w.query(a, 'subscription.get', { orgId }).pendingChange, null);
    // packages and auto-recharge
    const before = w.balance(orgId);
    assert.equal(w.pay(a, 'package.purchase', { orgId, packageId: 'pkg_5000' }).status, 'paid');
    assert.equal(w.balance(orgId), before + 5_000);
    w.run(a, 'autoRecharge.setPackage', { orgId, packageId: 'pkg_1000' });
    w.run(a, 'autoRecharge.setEnabled', { orgId, enabled: true });
    assert.deepEqual(
      (({ packageId, enabled }) => ({ packageId, enabled }))(w.query(a, 'packages.list', { orgId }).autoRecharge),
      { packageId: 'pkg_1000', enabled: true },
    );
    // cancel (scheduled move to Free)
    const cancel = w.pay(a, 'plan.change', { orgId, planId: 'free', interval: 'month', keep: { memberIds: [], agentIds: [] } });
    assert.equal(cancel.kind, 'cancel');
    assert.equal(w.query(a, 'subscription.get', { orgId }).pendingChange?.planId, 'free');
    assert.ok(w.query(a, 'invoices.list', { orgId }).total >= 2);
  });

  test('ROLE-3 admin checks out: a package without a saved card, and a first subscription from Free', () => {
    const w = world();
    const t = w.team('pro');
    w.run(SYSTEM, 'system.setCard', { orgId: t.orgId, card: null });
    const before = w.balance(t.orgId);
    const cs = w.pay(t.admin.actor, 'checkout.start', { orgId: t.orgId, purpose: 'package', packageId: 'pkg_1000' });
    w.pay(t.admin.actor, 'checkout.complete', { orgId: t.orgId, checkoutId: cs.id, card: { outcome: 'succeed' } });
    assert.equal(w.query(t.admin.actor, 'checkout.get', { orgId: t.orgId, checkoutId: cs.id }).status, 'complete');
    assert.equal(w.balance(t.orgId), before + 1_000);

    // Free allows one seat; with seat billing (no hard seat limit) a Free organization can have an admin.
    const w2 = world({ policy: { seatBilling: true } });
    const o = w2.signUp();
    const admin = w2.join(o.orgId, o.owner, 'admin');
    const sub = w2.pay(admin.actor, 'checkout.start', { orgId: o.orgId, purpose: 'subscription', planId: 'standard', interval: 'month' });
    w2.pay(admin.actor, 'checkout.complete', { orgId: o.orgId, checkoutId: sub.id, card: { outcome: 'succeed' } });
    assert.equal(w2.query(admin.actor, 'subscription.get', { orgId: o.orgId }).planId, 'standard');
  });

  test('ROLE-3 admin cannot delete the organization', () => {
    const w = world();
    const t = w.team('pro');
    const slug = w.query(t.admin.actor, 'settings.get', { orgId: t.orgId }).slug;
    assert.ok(!caps(w, t.admin.actor, t.orgId).includes('org.delete'));
    rejects(w, () => w.run(t.admin.actor, 'org.delete', { orgId: t.orgId, confirm: slug }), 'forbidden', (e) =>
      assert.equal(e.meta?.['capability'], 'org.delete'),
    );
    assert.equal(w.query(t.owner, 'org.get', { orgId: t.orgId }).slug, slug);
  });

  // — ROLE-4 —
  test('ROLE-4 builder creates and edits agents and views deployments, knowledge limits, models and conversations', () => {
    const w = world();
    const t = w.team('pro');
    const b = t.builder.actor;
    const agentId = w.agent(t.orgId, b, 'Builder bot');
    w.run(b, 'knowledge.add', { orgId: t.orgId, name: 'Handbook', characters: 5_000, uploadBytes: 10_000 });
    assert.deepEqual(w.query(b, 'agents.list', { orgId: t.orgId }).map((a) => [a.id, a.name, a.createdBy]), [[agentId, 'Builder bot', t.builder.userId]]);
    const { id: deploymentId } = w.run(t.admin.actor, 'deployment.create', { orgId: t.orgId, agentId, name: 'Site', channel: 'widget', modelId: 'gpt-5' });
    assert.deepEqual(w.query(b, 'deployments.list', { orgId: t.orgId }).map((d) => d.id), [deploymentId]);
    assert.ok(w.query(b, 'models.list', { orgId: t.orgId }).models.length > 0);
    assert.equal(w.query(b, 'subscription.get', { orgId: t.orgId }).meters.kbPages.used, 3);
    const chat = w.run(b, 'chat.create', { orgId: t.orgId, title: 'Q', message: 'internal chat works' });
    assert.deepEqual(w.query(b, 'chats.list', { orgId: t.orgId }).map((c) => [c.id, c.message]), [[chat.id, 'internal chat works']]);
  });

  test('ROLE-4 [D] builder reads the member list but cannot manage members or invites', () => {
    const w = world();
    const t = w.team('pro');
    const b = t.builder.actor;
    const list = w.query(b, 'members.list', { orgId: t.orgId });
    assert.equal(list.members.length, 4);
    assert.equal(list.seats.active, 4);
    const inv = w.run(t.owner, 'invite.create', { orgId: t.orgId, email: 'p@acme.test', role: 'member' });
    rejects(w, () => w.query(b, 'invites.list', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.run(b, 'invite.create', { orgId: t.orgId, email: 'q@acme.test', role: 'member' }), 'forbidden');
    rejects(w, () => w.run(b, 'invite.revoke', { orgId: t.orgId, inviteId: inv.id }), 'forbidden');
    rejects(w, () => w.run(b, 'member.changeRole', { orgId: t.orgId, userId: t.member.userId, role: 'admin' }), 'forbidden');
    rejects(w, () => w.run(b, 'member.remove', { orgId: t.orgId, userId: t.member.userId }), 'forbidden');
    rejects(w, () => w.run(b, 'member.reactivate', { orgId: t.orgId, userId: t.member.userId }), 'forbidden');
  });

  test('ROLE-4 builder cannot manage deployments or settings', () => {
    const w = world();
    const t = w.team('pro');
    const b = t.builder.actor;
    const agentId = w.agent(t.orgId, b);
    const { id: deploymentId } = w.run(t.owner, 'deployment.create', { orgId: t.orgId, agentId, name: 'Site', channel: 'chat', modelId: 'gpt-5' });
    rejects(w, () => w.run(b, 'deployment.create', { orgId: t.orgId, agentId, name: 'Mine', channel: 'chat', modelId: 'gpt-5' }), 'forbidden');
    rejects(w, () => w.run(b, 'deployment.setModel', { orgId: t.orgId, deploymentId, modelId: 'gpt-5-mini' }), 'forbidden');
    rejects(w, () => w.query(b, 'settings.get', { orgId: t.orgId }), 'forbidden');
    rejects(w, () => w.run(b, 'org.updateSettings', { orgId: t.orgId, name: 'Builder Co' }), 'forbidden');
    rejects(w, () => w.run(b, 'org.setResidency', { orgId: t.orgId, tier: 'eu-eu' }), 'forbidden');
    rejects(w, () => w.run(b, 'org.updateBillingIdentity', { orgId: t.orgId, email: 'b@acme.ch', name: 'X', country: 'CH', address: 'A', postalCode: '1', city: 'C' }), 'forbidden');
    assert.equal(w.query(t.owner, 'deployments.list', { orgId: t.orgId })[0]?.modelId, 'gpt-5');
  });

  test('ROLE-4 builder sees a read-only billing summary (balance and limits) and nothing else of billing', () => {
    const w = world();
    const t = w.team('pro');
    const b = t.builder.actor;
    w.use(t.orgId, 100_000);
    const bal = w.query(b, 'balance.get', { orgId: t.orgId });
    assert.equal(bal.balance, 29_900);
    assert.equal(bal.state, 'ok');
    assert.equal(bal.monthlyAllowance, 30_000);
    const sub = w.query(b, 'subscription.get', { orgId: t.orgId });
    assert.equal(sub.limits.agents, 5);
    assert.equal(sub.meters.seats.limit, 8);
    assert.equal(w.query(b, 'plans.list', { orgId: t.orgId }).current.planId, 'pro');
    for (const name of ['credits.get', 'packages.list', 'invoices.list', 'caps.get', 'notifications.list'] as const) {
      rejects(w, () => w.query(b, name, { orgId: t.orgId }), 'forbidden');
    }
    rejects(w, () => w.query(b, 'usage.timeseries', { orgId: t.orgId, days: 30 }), 'forbidden');
    rejects(w, () => w.query(b, 'plan.preview', { orgId: t.orgId, planId: 'standard', interval: 'month' }), 'forbidden');
    rejects(w, () => w.pay(b, 'plan.change', { orgId: t.orgId, planId: 'standard', interval: 'month' }), 'forbidden');
    rejects(w, () => w.pay(b, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' }), 'forbidden');
    rejects(w, () => w.run(b, 'autoRecharge.setPackage', { orgId: t.orgId, packageId: 'pkg_1000' }), 'forbidden');
    rejects(w, () => w.run(b, 'caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: 10 }), 'forbidden');
    assert.equal(w.balance(t.orgId), 29_900);
  });

  test('ROLE-4 the builder\u2019s billing summary is balance and limits only: no saved-card details', () => {
    const w = world();
    const t = w.team('pro');
    const owner = w.query(t.owner, 'subscription.get', { orgId: t.orgId });
    assert.deepEqual(owner.paymentMethod, { brand: 'visa', last4: '4242' }, 'owner/admin see the saved card');
    const builder = w.query(t.builder.actor, 'subscription.get', { orgId: t.orgId });
    assert.equal(builder.limits.seats, 8);
    assert.equal(builder.paymentMethod, null, 'a builder must not be served the card brand and last four digits');
  });

  // — ROLE-5 —
  test('ROLE-5 a member has internal chat only: creating and reading their own chats, and using internal chat', () => {
    const w = world();
    const t = w.team('pro');
    const m = t.member.actor;
    assert.deepEqual(caps(w, m, t.orgId), sorted(MEMBER_CAPS));
    const chat = w.run(m, 'chat.create', { orgId: t.orgId, title: 'Hi', message: 'hello' });
    assert.deepEqual(w.query(m, 'chats.list', { orgId: t.orgId }).map((c) => [c.id, c.message]), [[chat.id, 'hello']]);
    const used = w.run(m, 'usage.record', { orgId: t.orgId, channel: 'internal_chat', modelId: 'gpt-5-mini', words: 2_000 });
    assert.equal(used.credits, 2);
    assert.equal(w.balance(t.orgId), 29_998);
    rejects(w, () => w.run(m, 'usage.record', { orgId: t.orgId, channel: 'chat', modelId: 'gpt-5-mini', words: 2_000 }), 'forbidden');
  });

  test('ROLE-5 every build, analytics and billing query answers forbidden for a member', () => {
    const w = world();
    const t = w.team('pro');
    const m = t.member.actor;
    const inputs = queryInputs(t.orgId);
    const allowed = new Set(['org.get', 'chats.list']); // the org itself; their own internal chats
    const names = Object.keys(inputs).filter((n) => !allowed.has(n));
    assert.ok(names.length >= 20, 'every other organization query is checked');
    for (const name of names) {
      rejects(w, () => queryAny(w, m, name, inputs[name]), 'forbidden');
    }
    rejects(w, () => w.query(m, 'chats.list', { orgId: t.orgId, scope: 'all' }), 'forbidden');
  });

  test('ROLE-5 every build, analytics and billing command answers forbidden for a member', () => {
    const w = world();
    const t = w.team('pro');
    const m = t.member.actor;
    const agentId = w.agent(t.orgId, t.owner);
    const { id: deploymentId } = w.run(t.owner, 'deployment.create', { orgId: t.orgId, agentId, name: 'Desk', channel: 'chat', modelId: 'gpt-5' });
    const inputs = commandInputs(t.orgId, { userId: t.builder.userId, agentId, deploymentId });
    const names = [
      'agent.create', 'knowledge.add', 'deployment.create', 'deployment.setModel', // build
      'invite.create', 'invite.revoke', 'member.changeRole', 'member.remove', 'member.reactivate', // people
      'org.updateSettings', 'org.updateBillingIdentity', 'org.setResidency', 'org.delete', // settings
      'plan.change', 'plan.keepCurrent', 'checkout.start', 'package.purchase', 'autoRecharge.setPackage',
      'autoRecharge.setEnabled', 'caps.setMember', 'caps.setAgent', 'alerts.configure', 'billingTransfer.start', // billing
    ];
    for (const name of names) {
      rejects(w, () => runAny(w, m, name, inputs[name]), 'forbidden');
    }
    assert.equal(w.query(t.owner, 'agents.list', { orgId: t.orgId }).length, 1);
  });

  // — ROLE-6 —
  test('ROLE-6 oversight of other members\u2019 internal chats is owner/admin only', () => {
    const w = world();
    const t = w.team('pro');
    const chat = w.run(t.member.actor, 'chat.create', { orgId: t.orgId, title: 'Mine', message: 'secret' });
    for (const actor of [t.owner, t.admin.actor]) {
      assert.ok(caps(w, actor, t.orgId).includes('chat.oversight'));
      const all = w.query(actor, 'chats.list', { orgId: t.orgId, scope: 'all' });
      assert.deepEqual(all.map((c) => [c.id, c.memberId]), [[chat.id, t.member.userId]]);
    }
    for (const who of [t.builder, t.member]) {
      assert.ok(!caps(w, who.actor, t.orgId).includes('chat.oversight'));
      rejects(w, () => w.query(who.actor, 'chats.list', { orgId: t.orgId, scope: 'all' }), 'forbidden');
    }
    assert.deepEqual(w.query(t.builder.actor, 'chats.list', { orgId: t.orgId }), [], "a builder's own list does not show others' chats");
  });

  test('ROLE-6 oversight shows message content only for chats created under visibility full', () => {
    const w = world();
    const t = w.team('pro');
    const hidden = w.run(t.member.actor, 'chat.create', { orgId: t.orgId, title: 'Private', message: 'under private' });
    const ownerPrivate = w.run(t.owner, 'chat.create', { orgId: t.orgId, title: 'Owner', message: 'owner private' });
    w.run(t.owner, 'org.updateSettings', { orgId: t.orgId, internalChatVisibility: 'full' });
    const open = w.run(t.builder.actor, 'chat.create', { orgId: t.orgId, title: 'Open', message: 'under full' });
    const byId = (actor: Actor) => Object.fromEntries(w.query(actor, 'chats.list', { orgId: t.orgId, scope: 'all' }).map((c) => [c.id, c]));
    const admin = byId(t.admin.actor);
    assert.equal(admin[hidden.id]?.visibility, 'private');
    assert.equal(admin[hidden.id]?.message, null);
    assert.equal(admin[ownerPrivate.id]?.message, null, "the owner's private chat is hidden from the admin too");
    assert.equal(admin[open.id]?.visibility, 'full');
    assert.equal(admin[open.id]?.message, 'under full');
    const owner = byId(t.owner);
    assert.equal(owner[hidden.id]?.message, null);
    assert.equal(owner[ownerPrivate.id]?.message, 'owner private', 'one always reads one\u2019s own chats');
    assert.equal(owner[open.id]?.message, 'under full');
    assert.equal(w.query(t.member.actor, 'chats.list', { orgId: t.orgId })[0]?.message, 'under private', 'the author reads their own');
  });

  // — ROLE-7 —
  test('ROLE-7 a downgrade applying at period end deactivates members; their session shows it with no capabilities', () => {
    const w = world();
    const d = w.deactivatedTeam();
    for (const who of [d.admin, d.member]) {
      const m = membership(w, who.actor, d.orgId);
      assert.equal(m.state, 'deactivated');
      assert.deepEqual(m.capabilities, []);
      assert.equal(memberRow(w, d.orgId, who.userId).state, 'deactivated');
    }
    assert.equal(membership(w, d.owner, d.orgId).state, 'active');
    assert.equal(w.query(d.owner, 'subscription.get', { orgId: d.orgId }).planId, 'lite');
  });

  test('ROLE-7 a deactivated member gets org_access_blocked on every organization query', () => {
    const w = world();
    const d = w.deactivatedTeam();
    const inputs = queryInputs(d.orgId);
    for (const who of [d.admin, d.member]) {
      for (const [name, input] of Object.entries(inputs)) {
        rejects(w, () => queryAny(w, who.actor, name, input), 'org_access_blocked');
      }
      rejects(w, () => w.query(who.actor, 'chats.list', { orgId: d.orgId, scope: 'all' }), 'org_access_blocked');
    }
    // nor can usage be run up in their name
    rejects(w, () => w.run(SYSTEM, 'usage.record', { orgId: d.orgId, channel: 'internal_chat', modelId: 'gpt-5-mini', words: 1_000, memberId: d.member.userId }), 'org_access_blocked');
    // and the error is the same whatever role was held (it is not a capability question)
    assert.equal(memberRow(w, d.orgId, d.admin.userId).role, 'admin');
  });

  test('ROLE-7 a deactivated member gets org_access_blocked on every organization command', () => {
    const w = world();
    const d = w.deactivatedTeam();
    const inputs = commandInputs(d.orgId, { userId: d.userId, agentId: d.agentId, deploymentId: d.deploymentId });
    const orgScoped = Object.keys(COMMANDS).filter((n) => !NOT_ORG_MEMBER_COMMANDS.has(n));
    assert.deepEqual(sorted(Object.keys(inputs)), sorted(orgScoped), 'every organization command is covered');
    for (const who of [d.admin, d.member]) {
      for (const [name, input] of Object.entries(inputs)) {
        rejects(w, () => runAny(w, who.actor, name, input), 'org_access_blocked');
      }
    }
  });

  // — ROLE-8 —
  test('ROLE-8 the session serves the exact capabilities of each role: owner, admin, builder, member', () => {
    const w = world();
    const t = w.team('pro');
    assert.deepEqual(caps(w, t.owner, t.orgId), sorted(OWNER_CAPS));
    assert.deepEqual(caps(w, t.admin.actor, t.orgId), sorted(ADMIN_CAPS));
    assert.deepEqual(caps(w, t.builder.actor, t.orgId), sorted(BUILDER_CAPS));
    assert.deepEqual(caps(w, t.member.actor, t.orgId), sorted(MEMBER_CAPS));
    for (const list of [OWNER_CAPS, ADMIN_CAPS, BUILDER_CAPS, MEMBER_CAPS]) {
      for (const c of list) assert.ok((CAPABILITIES as readonly string[]).includes(c), `${c} is a contract capability`);
    }
  });

  test('ROLE-8 a deactivated member is served no capabilities', () => {
    const w = world();
    const d = w.deactivatedTeam();
    assert.deepEqual(caps(w, d.admin.actor, d.orgId), []);
    assert.deepEqual(caps(w, d.member.actor, d.orgId), []);
    assert.deepEqual(caps(w, d.owner, d.orgId), sorted(OWNER_CAPS));
  });

  test('ROLE-8 capabilities follow the billing role: the holder gains billing and credit views, the previous holder loses the transfer', () => {
    const w = world();
    const t = w.team('pro');
    const { id: transferId } = w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.member.userId });
    w.run(t.member.actor, 'billingTransfer.accept', { orgId: t.orgId, transferId });
    assert.deepEqual(
      caps(w, t.member.actor, t.orgId),
      sorted(['org.read', 'members.read', 'billing.summary', 'billing.read', 'billing.transfer', 'invoices.read', 'usage.read', 'chat.internal']),
      'member + billing role: no org.leave (BR-6), billing views (BR-2), the member list to pick a recipient (BR-4), can hand it on (BR-3)',
    );
    assert.deepEqual(caps(w, t.owner, t.orgId), sorted(OWNER_CAPS.filter((c) => c !== 'billing.transfer')));
    // the served list is the enforced list
    assert.equal(w.query(t.member.actor, 'credits.get', { orgId: t.orgId }).balance, 30_000);
    rejects(w, () => w.run(t.owner, 'billingTransfer.start', { orgId: t.orgId, toUserId: t.admin.userId }), 'forbidden');
  });

  test('ROLE-8 capabilities follow the policy: POL-BILLING-OWNER-ONLY and POL-OWN-SELF', () => {
    const policy: Partial<Policy> = { billingOwnerOnly: true };
    const w = world({ policy });
    const t = w.team('pro');
    const billing: Capability[] = ['plans.change', 'credits.purchase', 'autorecharge.manage', 'caps.manage', 'invoices.read'];
    assert.deepEqual(caps(w, t.admin.actor, t.orgId), sorted(ADMIN_CAPS.filter((c) => !billing.includes(c))));
    assert.deepEqual(caps(w, t.owner, t.orgId), sorted(OWNER_CAPS));
    rejects(w, () => w.pay(t.admin.actor, 'package.purchase', { orgId: t.orgId, packageId: 'pkg_1000' }), 'forbidden', (e) =>
      assert.equal(e.meta?.['capability'], 'credits.purchase'),
    );
    rejects(w, () => w.query(t.admin.actor, 'invoices.list', { orgId: t.orgId }), 'forbidden');

    const w2 = world({ policy: { ownSelf: true } });
    const t2 = w2.team('pro');
    assert.deepEqual(caps(w2, t2.owner, t2.orgId), sorted([...OWNER_CAPS, 'ownership.transfer']));
    assert.deepEqual(caps(w2, t2.admin.actor, t2.orgId), sorted(ADMIN_CAPS));
    // without the policy the served list lacks it and the API refuses it
    const w3 = world();
    const t3 = w3.team('pro');
    rejects(w3, () => w3.run(t3.owner, 'ownership.transfer', { orgId: t3.orgId, userId: t3.admin.userId }), 'forbidden');
    w2.run(t2.owner, 'ownership.transfer', { orgId: t2.orgId, userId: t2.admin.userId });
    assert.equal(membership(w2, t2.admin.actor, t2.orgId).role, 'owner');
  });
});
