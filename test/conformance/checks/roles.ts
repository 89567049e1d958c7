import { equal, excludes, expect, fail, includes } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';
import type { T } from '../context.js';
import type { ErrorCode, RouteName } from '../contract.js';
import { CAPABILITIES, pathParams, ROLES, ROUTES } from '../contract.js';
import type { Person } from '../http.js';

/** Query values the organization-scoped GET routes need. */
const QUERY: Partial<Record<RouteName, Record<string, string | number>>> = {
  'usage.timeseries': { days: 30 },
  'usage.summary': { days: 30 },
  'usage.breakdown': { days: 30 },
  'residency.preview': { tier: 'global' },
};

/** Every GET route whose only path parameter is the organization. */
export function orgGetRoutes(): RouteName[] {
  return (Object.keys(ROUTES) as RouteName[]).filter((n) => {
    const def = ROUTES[n];
    const params = pathParams(def.path);
    return def.method === 'GET' && params.length === 1 && params[0] === 'orgId';
  });
}

async function expectEveryOrgGet(t: T, as: Person, code: ErrorCode, except: readonly RouteName[]): Promise<number> {
  let n = 0;
  for (const name of orgGetRoutes()) {
    if (except.includes(name)) continue;
    await t.err(name, code, { as, ...(QUERY[name] ? { query: QUERY[name] } : {}) });
    n += 1;
  }
  return n;
}

/** Capability → a route that needs it (ROLE-8: the served capabilities and the server's checks agree). */
const PROBES: [string, (t: T, as: Person) => ReturnType<T['call']>][] = [
  ['settings.read', (t, as) => t.call('settings.get', { as })],
  ['members.read', (t, as) => t.call('members.list', { as })],
  ['members.invite', (t, as) => t.call('invites.list', { as })],
  ['billing.summary', (t, as) => t.call('balance.get', { as })],
  ['billing.read', (t, as) => t.call('credits.get', { as })],
  ['invoices.read', (t, as) => t.call('invoices.list', { as })],
  ['usage.read', (t, as) => t.call('usage.summary', { as, query: { days: 7 } })],
  ['deployments.read', (t, as) => t.call('deployments.list', { as })],
  ['agents.manage', (t, as) => t.call('agents.list', { as })],
  ['chat.oversight', (t, as) => t.call('chats.list', { as, query: { scope: 'all' } })],
  ['plans.change', (t, as) => t.call('plan.preview', { as, body: { planId: 'pro', interval: 'year' } })],
];

async function capabilitiesMatchServer(t: T, people: Person[]): Promise<void> {
  for (const p of people) {
    const caps = await t.caps(p);
    for (const [cap, probe] of PROBES) {
      const r = await probe(t, p);
      if (r.problem) fail(`${r.route}: ${r.problem}`);
      const allowed = r.status !== 403;
      expect(
        allowed === caps.includes(cap),
        `${p.role} ${p.email}: capability ${cap} is ${caps.includes(cap) ? 'served' : 'not served'} but ${r.route} answered ${String(r.status)}`,
      );
    }
  }
}

export const roleChecks: Check[] = [
  check('ROLE-1', 'exactly four roles and exactly one owner per organization', async (t) => {
    await t.reset('pending-downgrade');
    const { members } = await t.members();
    for (const m of members) includes([...ROLES], m.role, `role of ${m.email}`);
    equal(members.filter((m) => m.role === 'owner').length, 1, 'owners');
    const target = t.who('builder');
    await t.err('member.changeRole', 'cannot_assign_owner', { params: { userId: target.userId }, body: { role: 'owner' } });
    await t.err('member.changeRole', 'validation_failed', { params: { userId: target.userId }, body: { role: 'superadmin' } });
    await t.ok('member.changeRole', { params: { userId: target.userId }, body: { role: 'admin' } });
    equal((await t.members()).members.filter((m) => m.role === 'owner').length, 1, 'owners after role changes');
  }),

  check('ROLE-2', 'the owner may do everything, including deleting the organization', async (t) => {
    await t.reset('pending-downgrade');
    const owner = t.who('owner');
    const caps = await t.caps(owner);
    for (const c of CAPABILITIES) {
      if (c === 'ownership.transfer' || c === 'org.leave') continue; // POL-OWN-SELF; the owner never leaves (MEM-6)
      includes(caps, c, 'owner capabilities');
    }
    await t.ok('org.updateSettings', { body: { notificationEmail: 'owner@acme-ai.test' } });
    await t.ok('invite.create', { body: { email: t.email('role2'), role: 'member' } });
    await t.ok('usage.timeseries', { query: { days: 7 } });
    await t.ok('invoices.list');
    await t.ok('chats.list', { query: { scope: 'all' } });
    await t.ok('org.setResidency', { body: { tier: 'global' } });
    const { slug } = await t.ok('org.get');
    await t.ok('org.delete', { body: { confirm: slug } });
  }),

  check('ROLE-3', 'an admin manages members, deployments, settings and billing but cannot delete the organization', async (t) => {
    await t.reset('pending-downgrade');
    const admin = t.who('admin');
    const caps = await t.caps(admin);
    excludes(caps, 'org.delete', 'admin capabilities');
    for (const c of ['members.invite', 'members.manage', 'settings.edit', 'deployments.manage', 'plans.change', 'credits.purchase', 'autorecharge.manage'] as const) {
      includes(caps, c, 'admin capabilities');
    }
    const inv = await t.ok('invite.create', { as: admin, body: { email: t.email('role3'), role: 'builder' } });
    await t.ok('invite.revoke', { as: admin, params: { inviteId: inv.id } });
    await t.ok('member.changeRole', { as: admin, params: { userId: t.who('member').userId }, body: { role: 'builder' } });
    await t.ok('org.updateSettings', { as: admin, body: { features: { endlessChat: true } } });
    const agent = (await t.ok('agents.list', { as: admin }))[0];
    const model = await t.model(admin);
    await t.ok('deployment.create', { as: admin, body: { agentId: agent?.id ?? '', name: 'Admin deployment', channel: 'chat', modelId: model.id } });
    await t.ok('plan.preview', { as: admin, body: { planId: 'pro', interval: 'year' } });
    const pkg = (await t.ok('packages.list', { as: admin })).packages[0];
    await t.ok('package.purchase', { as: admin, body: { packageId: pkg?.id ?? '' } });
    await t.ok('autoRecharge.setPackage', { as: admin, body: { packageId: pkg?.id ?? '' } });
    const { slug } = await t.ok('org.get', { as: admin });
    await t.err('org.delete', 'forbidden', { as: admin, body: { confirm: slug } });
  }),

  check('ROLE-4', 'a builder builds agents and reads deployments, people and the billing summary, nothing more', async (t) => {
    await t.reset('pending-downgrade');
    const b = t.who('builder');
    await t.ok('agent.create', { as: b, body: { name: 'Builder agent' } });
    await t.ok('agents.list', { as: b });
    const deps = await t.ok('deployments.list', { as: b });
    await t.ok('models.list', { as: b });
    await t.ok('members.list', { as: b });
    await t.ok('balance.get', { as: b });
    const sub = await t.ok('subscription.get', { as: b });
    equal(sub.paymentMethod, null, 'a builder sees no payment method');
    await t.ok('knowledge.add', { as: b, body: { name: 'FAQ.txt', characters: 4_000, uploadBytes: 10_000 } });
    const other = t.who('member');
    await t.err('invite.create', 'forbidden', { as: b, body: { email: t.email('role4'), role: 'member' } });
    await t.err('invites.list', 'forbidden', { as: b });
    await t.err('member.changeRole', 'forbidden', { as: b, params: { userId: other.userId }, body: { role: 'builder' } });
    await t.err('member.remove', 'forbidden', { as: b, params: { userId: other.userId } });
    const agent = (await t.ok('agents.list', { as: b }))[0];
    const model = await t.model(b);
    await t.err('deployment.create', 'forbidden', { as: b, body: { agentId: agent?.id ?? '', name: 'Nope', channel: 'chat', modelId: model.id } });
    if (deps[0]) await t.err('deployment.setModel', 'forbidden', { as: b, params: { deploymentId: deps[0].id }, body: { modelId: model.id } });
    await t.err('org.updateSettings', 'forbidden', { as: b, body: { name: 'Builder Org' } });
    await t.err('org.setResidency', 'forbidden', { as: b, body: { tier: 'eu-any' } });
    await t.err('credits.get', 'forbidden', { as: b });
    await t.err('usage.timeseries', 'forbidden', { as: b, query: { days: 30 } });
    await t.err('plan.change', 'forbidden', { as: b, body: { planId: 'pro', interval: 'year' } });
  }),

  check('ROLE-5', 'a member gets 403 from every build, analytics and billing route; internal chat works', async (t) => {
    await t.reset('pending-downgrade');
    const m = t.who('member');
    const n = await expectEveryOrgGet(t, m, 'forbidden', ['org.get', 'chats.list']);
    expect(n >= 15, `expected at least 15 organization GET routes, saw ${String(n)}`);
    const agentId = (await t.ok('agents.list'))[0]?.id ?? '';
    const model = await t.model();
    const pkg = (await t.ok('packages.list')).packages[0]?.id ?? '';
    await t.err('agent.create', 'forbidden', { as: m, body: { name: 'Member agent' } });
    await t.err('deployment.create', 'forbidden', { as: m, body: { agentId, name: 'X', channel: 'chat', modelId: model.id } });
    await t.err('knowledge.add', 'forbidden', { as: m, body: { name: 'x.pdf', characters: 10, uploadBytes: 10 } });
    await t.err('invite.create', 'forbidden', { as: m, body: { email: t.email('role5'), role: 'member' } });
    await t.err('plan.preview', 'forbidden', { as: m, body: { planId: 'pro', interval: 'year' } });
    await t.err('plan.change', 'forbidden', { as: m, body: { planId: 'pro', interval: 'year' } });
    await t.err('checkout.start', 'forbidden', { as: m, body: { purpose: 'package', packageId: pkg } });
    await t.err('package.purchase', 'forbidden', { as: m, body: { packageId: pkg } });
    await t.err('autoRecharge.setPackage', 'forbidden', { as: m, body: { packageId: pkg } });
    await t.err('caps.setMember', 'forbidden', { as: m, params: { userId: m.userId }, body: { cap: 1_000 } });
    await t.err('alerts.configure', 'forbidden', { as: m, body: { thresholdPct: 30, recipientIds: [] } });
    await t.ok('org.get', { as: m });
    await t.ok('chat.create', { as: m, body: { title: 'Hello', message: 'internal chat works' } });
    equal((await t.ok('chats.list', { as: m })).length, 1, 'the member lists their own chat');
    const used = await t.ok('usage.record', { as: m, body: { channel: 'internal_chat', modelId: model.id, words: 1_000 } });
    expect(used.credits > 0, 'internal chat usage is recorded');
  }),

  check('ROLE-6', 'reading others\' internal chats is owner/admin only, with content only for chats created under full', async (t) => {
    await t.reset('pending-downgrade');
    const b = t.who('builder');
    const m = t.who('member');
    const priv = await t.ok('chat.create', { as: m, body: { title: 'Private talk', message: 'secret' } });
    await t.ok('org.updateSettings', { body: { internalChatVisibility: 'full' } });
    const full = await t.ok('chat.create', { as: m, body: { title: 'Open talk', message: 'visible' } });
    for (const p of [t.who('owner'), t.who('admin')]) {
      const all = await t.ok('chats.list', { as: p, query: { scope: 'all' } });
      const a = all.find((c) => c.id === priv.id);
      const f = all.find((c) => c.id === full.id);
      expect(a && f, `${p.role} sees both chats under scope=all`);
      equal([a.title, a.message], [null, null], `${p.role} reading a private chat`);
      equal([f.title, f.message], ['Open talk', 'visible'], `${p.role} reading a full chat`);
    }
    await t.err('chats.list', 'forbidden', { as: b, query: { scope: 'all' } });
    await t.err('chats.list', 'forbidden', { as: m, query: { scope: 'all' } });
    const mine = await t.ok('chats.list', { as: m });
    equal(mine.find((c) => c.id === priv.id)?.message, 'secret', 'the author reads their own private chat');
    equal((await t.ok('chats.list', { as: b })).length, 0, 'a builder\'s own list does not include others\' chats');
  }),

  check('ROLE-7', 'a deactivated member gets 403 org_access_blocked on every organization route', async (t) => {
    await t.reset('pending-downgrade');
    const sub = await t.ok('subscription.get');
    const keep = new Set(sub.pendingChange?.keep?.memberIds ?? []);
    const victim = t.state.people.find((p) => p.role !== 'owner' && p.role !== 'none' && !keep.has(p.userId));
    expect(victim, 'pending-downgrade has a member outside the keep-list');
    await t.clock({ to: 'period_end' });
    equal((await t.member(victim.userId)).state, 'deactivated', `${victim.email} after the downgrade applied`);
    const n = await expectEveryOrgGet(t, victim, 'org_access_blocked', []);
    expect(n >= 15, `expected at least 15 organization GET routes, saw ${String(n)}`);
    await t.err('chat.create', 'org_access_blocked', { as: victim, body: { title: 'x', message: 'y' } });
    await t.err('org.leave', 'org_access_blocked', { as: victim });
    const s = await t.session(victim);
    const mem = s.memberships.find((x) => x.orgId === t.orgId);
    equal(mem?.state, 'deactivated', 'session shows the membership deactivated');
    equal(mem?.capabilities, [], 'a deactivated member has no capabilities');
  }),

  check('ROLE-8', 'capabilities are served per role and billing role, and the server enforces exactly them', async (t) => {
    await t.reset('pending-downgrade');
    const owner = t.who('owner');
    const admin = t.who('admin');
    const builder = t.who('builder');
    const member = t.who('member');
    const [co, ca, cb, cm] = [await t.caps(owner), await t.caps(admin), await t.caps(builder), await t.caps(member)];
    includes(co, 'members.invite', 'owner');
    includes(co, 'plans.change', 'owner');
    includes(ca, 'plans.change', 'admin');
    excludes(cb, 'members.invite', 'builder');
    excludes(cb, 'plans.change', 'builder');
    includes(cb, 'agents.manage', 'builder');
    equal(cm.filter((c) => c !== 'org.read' && c !== 'chat.internal' && c !== 'org.leave'), [], 'member capabilities beyond reading the org, internal chat and leaving');
    await capabilitiesMatchServer(t, [owner, admin, builder, member]);
    // The billing role adds to the builder's capabilities (BR-2).
    const tr = await t.ok('billingTransfer.start', { body: { toUserId: builder.userId } });
    const acc = await t.ok('billingTransfer.accept', { as: builder, params: { transferId: tr.id } });
    includes(acc.capabilities, 'billing.read', 'capabilities served on accepting the billing role');
    const cb2 = await t.caps(builder);
    includes(cb2, 'billing.read', 'builder holding the billing role');
    includes(cb2, 'billing.transfer', 'builder holding the billing role');
    await capabilitiesMatchServer(t, [builder]);
    // Policy changes them too (POL-BILLING-OWNER-ONLY).
    await t.reset('pending-downgrade', { policy: { 'POL-BILLING-OWNER-ONLY': true } });
    excludes(await t.caps(t.who('admin')), 'plans.change', 'admin under POL-BILLING-OWNER-ONLY');
    await capabilitiesMatchServer(t, [t.who('owner'), t.who('admin')]);
  }),
];
