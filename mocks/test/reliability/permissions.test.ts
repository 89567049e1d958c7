import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Capability, ErrorCode, RouteDef, RouteName, SessionMembership } from '@orgkit/contract';
import { CAPABILITIES, ERROR_STATUS, ErrorBody, ROUTE_NAMES, ROUTES } from '@orgkit/contract';
import * as z from 'zod/mini';
import { MockBackend } from '../../backend/backend.js';
import type { Policy } from '../../engine/index.js';
import type { CallOptions } from '../handlers/harness.js';
import { Harness, memoryStorage } from '../handlers/harness.js';

/** A hang fails the suite instead of stalling CI (issue 9: bounded in time). */
const BOUND = { timeout: 120_000 };

/**
 * The permission matrix, API side (issue 9; ROLE-2 … ROLE-8, BR-2 … BR-6, MEM-6, OWN-1, POL-*): every route of the
 * contract × the eight acting states — owner, admin, builder, member, billing-role holder (a plain member),
 * deactivated member, non-member, no identity — under the default policy and under POL-BILLING-OWNER-ONLY +
 * POL-OWN-SELF. The expected answer of each cell is written from rules.md alone, never read from the mock:
 *   no identity → 401 unauthenticated · non-member → 404 org_not_found · deactivated → 403 org_access_blocked (ROLE-7)
 *   · an active member without the route's capability → 403 forbidden (ROLE-5) · with it → the route's exact success
 *   status and a body the contract accepts, or the one rule error the rules predict for that person (e.g. the owner
 *   cannot leave, MEM-6). Every cell starts from the same world; a refused request must leave it byte-identical.
 * The world is built on a small organization (fast to restore per cell) through the API only.
 */
const ACTING = ['owner', 'admin', 'builder', 'member', 'billingHolder', 'deactivated', 'nonMember', 'anonymous'] as const;
type Acting = (typeof ACTING)[number];
type Person = Exclude<Acting, 'anonymous'>;

type Gate = Capability | 'signed-in' | 'anonymous-only' | 'public';

interface World {
  saved: string;
  orgId: string;
  slug: string;
  users: Record<Person, string> & { target: string; reactivate: string };
  ids: { agentId: string; deploymentId: string; inviteId: string; checkoutId: string; paidInvoiceId: string; transferId: string };
}

interface Row {
  label: string;
  route: RouteName;
  gate: Gate;
  opts: (w: World) => CallOptions;
  /** Allowed by the gate, yet refused by a rule for this person: the rule's error code (from rules.md). */
  except?: Partial<Record<Acting, ErrorCode>>;
}

const row = (route: RouteName, gate: Gate, opts: Row['opts'] = () => ({}), extra: { variant?: string; except?: Row['except'] } = {}): Row => ({
  label: extra.variant ? `${route} (${extra.variant})` : route, route, gate, opts, ...(extra.except ? { except: extra.except } : {}),
});

const EVERY_ACTIVE = (code: ErrorCode): Partial<Record<Acting, ErrorCode>> => ({ owner: code, admin: code, builder: code, member: code, billingHolder: code });
const SIGNED_IN = (code: ErrorCode): Partial<Record<Acting, ErrorCode>> => ({ ...EVERY_ACTIVE(code), deactivated: code, nonMember: code });

/** One row per route (checkout.start and chats.list twice): its gate from rules.md and a request that can succeed. */
const ROWS: Row[] = [
  row('session', 'signed-in'),
  row('account.signUp', 'anonymous-only', () => ({ body: { email: 'newcomer@elsewhere.test', name: 'Newcomer', orgName: 'Newcomer Co' } })),
  row('org.create', 'signed-in', () => ({ body: { name: 'Second Co' } })),
  row('org.get', 'org.read'),
  row('org.delete', 'org.delete', (w) => ({ body: { confirm: w.slug } })), // ORG-8
  row('settings.get', 'settings.read'), // ORG-3
  row('org.updateSettings', 'settings.edit', () => ({ body: { name: 'Renamed Labs' } })),
  row('org.updateBillingIdentity', 'settings.edit', () => ({ body: { email: 'ap@northwind.test', name: 'Northwind Labs Inc', country: 'US', address: '1 Main St', postalCode: '10001', city: 'New York' } })),
  row('org.setResidency', 'residency.edit', () => ({ body: { tier: 'eu-any' } })), // RES-3
  row('residency.preview', 'settings.read', () => ({ query: { tier: 'ch-ch' } })),
  // MEM-6: any active non-owner may leave; BR-6: not while holding the billing role; the owner never.
  row('org.leave', 'org.read', () => ({}), { except: { owner: 'owner_cannot_leave', billingHolder: 'billing_role_held' } }),
  row('members.list', 'members.read'), // ROLE-4 [D], BR-4
  row('member.changeRole', 'members.manage', (w) => ({ params: { userId: w.users.target }, body: { role: 'builder' } })), // MEM-5
  row('member.remove', 'members.manage', (w) => ({ params: { userId: w.users.target } })), // MEM-4
  row('member.reactivate', 'members.manage', (w) => ({ params: { userId: w.users.reactivate } })), // MEM-3
  row('ownership.transfer', 'ownership.transfer', (w) => ({ body: { userId: w.users.admin } })), // OWN-1, POL-OWN-SELF
  row('invites.list', 'members.invite'),
  row('invite.create', 'members.invite', () => ({ body: { email: 'another@elsewhere.test', role: 'member' } })), // INV-2
  row('invite.revoke', 'members.manage', (w) => ({ params: { inviteId: w.ids.inviteId } })), // INV-7
  // INV-4/8: accepting is open to the invitee or a new account; a signed-in person who is not the invitee is refused.
  row('invite.accept', 'public', (w) => ({ params: { inviteId: w.ids.inviteId }, body: { name: 'Invitee' } }), { except: SIGNED_IN('invite_email_mismatch') }),
  // BR-3 / BR-5: only the holder offers the role, and only one offer may be pending (the holder has one out).
  row('billingTransfer.start', 'billing.transfer', (w) => ({ body: { toUserId: w.users.target } }), { except: { billingHolder: 'transfer_pending' } }),
  // BR-5: the recipient (the member) accepts or declines; the initiator (the holder) cancels; nobody else may.
  row('billingTransfer.accept', 'org.read', (w) => ({ params: { transferId: w.ids.transferId } }), { except: { owner: 'forbidden', admin: 'forbidden', builder: 'forbidden', billingHolder: 'forbidden' } }),
  row('billingTransfer.decline', 'org.read', (w) => ({ params: { transferId: w.ids.transferId } }), { except: { owner: 'forbidden', admin: 'forbidden', builder: 'forbidden', billingHolder: 'forbidden' } }),
  row('billingTransfer.cancel', 'org.read', (w) => ({ params: { transferId: w.ids.transferId } }), { except: { owner: 'forbidden', admin: 'forbidden', builder: 'forbidden', member: 'forbidden' } }),
  row('plans.list', 'billing.summary'), // ROLE-4 / USE-2
  row('subscription.get', 'billing.summary'),
  row('plan.preview', 'plans.change', () => ({ body: { planId: 'standard', interval: 'month' } })), // CHG-1
  row('plan.change', 'plans.change', () => ({ body: { planId: 'pro', interval: 'year' } })), // CHG-6: monthly → yearly applies now
  row('plan.keepCurrent', 'plans.change', () => ({}), { except: EVERY_ACTIVE('no_pending_change') }), // CHG-5: nothing pending
  row('checkout.start', 'credits.purchase', () => ({ body: { purpose: 'package', packageId: 'pkg_1000' } })), // PKG-3/5
  // CHG-3: a checkout is for Free → paid; a paid organization changes plan instead.
  row('checkout.start', 'plans.change', () => ({ body: { purpose: 'subscription', planId: 'pro', interval: 'month' } }), { variant: 'subscription', except: EVERY_ACTIVE('unsupported_change') }),
  row('checkout.get', 'billing.read', (w) => ({ params: { checkoutId: w.ids.checkoutId } })), // BR-2
  row('invoices.list', 'invoices.read'), // BILL-3
  row('invoice.pay', 'plans.change', (w) => ({ params: { invoiceId: w.ids.paidInvoiceId } }), { except: EVERY_ACTIVE('invoice_not_open') }), // BILL-4
  row('balance.get', 'billing.summary'),
  row('credits.get', 'billing.read'),
  row('packages.list', 'billing.read'),
  row('package.purchase', 'credits.purchase', () => ({ body: { packageId: 'pkg_1000' } })), // PKG-5
  row('autoRecharge.setPackage', 'autorecharge.manage', () => ({ body: { packageId: 'pkg_1000' } })), // AR-2
  row('autoRecharge.setEnabled', 'autorecharge.manage', () => ({ body: { enabled: false } })),
  row('usage.timeseries', 'usage.read', () => ({ query: { days: 30 } })), // USE-1/2
  row('usage.summary', 'usage.read', () => ({ query: { days: 30 } })),
  row('usage.breakdown', 'usage.read', () => ({ query: { days: 30 } })),
  row('usage.events', 'usage.read'),
  row('usage.record', 'chat.internal', () => ({ body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 100 } })), // ROLE-5, CRD-3
  row('caps.get', 'billing.read'),
  row('caps.setMember', 'caps.manage', (w) => ({ params: { userId: w.users.target }, body: { cap: 100 } })), // CAP-4
  row('caps.setAgent', 'caps.manage', (w) => ({ params: { agentId: w.ids.agentId }, body: { cap: 100 } })),
  row('alerts.configure', 'caps.manage', () => ({ body: { thresholdPct: 25, recipientIds: [] } })),
  row('notifications.list', 'billing.read'),
  row('models.list', 'deployments.read'), // ROLE-4
  row('agents.list', 'agents.manage'),
  row('agent.create', 'agents.manage', () => ({ body: { name: 'Matrix bot' } })),
  row('deployments.list', 'deployments.read'),
  row('deployment.create', 'deployments.manage', (w) => ({ body: { agentId: w.ids.agentId, name: 'Matrix desk', channel: 'chat', modelId: 'gpt-5-mini' } })), // ROLE-3
  row('deployment.setModel', 'deployments.manage', (w) => ({ params: { deploymentId: w.ids.deploymentId }, body: { modelId: 'mistral-large' } })),
  row('knowledge.add', 'agents.manage', () => ({ body: { name: 'Handbook', characters: 2_000, uploadBytes: 1_000 } })),
  row('chats.list', 'chat.internal'), // ROLE-5
  row('chats.list', 'chat.oversight', () => ({ query: { scope: 'all' } }), { variant: 'scope=all' }), // ROLE-6
  row('chat.create', 'chat.internal', () => ({ body: { title: 'Hello', message: 'Hi there' } })),
];

/** ROLE-2 … ROLE-8, BR-2/3, MEM-6, OWN-1, CHG-1, PKG-5, AR-2, CAP-4, BILL-3, USE-2, POL-*: written from rules.md. */
function capabilitiesFromRules(acting: Acting, policy: Partial<Policy>): Capability[] | null {
  const of = (role: 'owner' | 'admin' | 'builder' | 'member', holder: boolean): Capability[] => {
    const manager = role === 'owner' || role === 'admin'; // ROLE-2/3
    const builds = manager || role === 'builder'; // ROLE-4
    const billing = policy.billingOwnerOnly ? role === 'owner' : manager; // CHG-1, PKG-5, AR-2, CAP-4 / POL-BILLING-OWNER-ONLY
    const has: Record<Capability, boolean> = {
      'org.read': true,
      'settings.read': manager, 'settings.edit': manager, // ORG-3
      'org.delete': role === 'owner', // ORG-8
      'org.leave': role !== 'owner' && !holder, // MEM-6, BR-6
      'members.read': builds || holder, // ROLE-4 [D]; BR-4 the holder picks a recipient
      'members.invite': manager, 'members.manage': manager, // INV-2, MEM-3/4/5
      'ownership.transfer': role === 'owner' && policy.ownSelf === true, // OWN-1, POL-OWN-SELF
      'billing.summary': builds || holder, // ROLE-4, USE-2
      'billing.read': manager || holder, // BR-2
      'billing.transfer': holder, // BR-3
      'plans.change': billing, 'credits.purchase': billing, 'autorecharge.manage': billing, 'caps.manage': billing,
      'invoices.read': billing || holder, // BILL-3
      'usage.read': manager || holder, // USE-1/2, BR-2
      'residency.edit': manager, // RES-3
      'agents.manage': builds, 'deployments.read': builds, // ROLE-4
      'deployments.manage': manager, // ROLE-3
      'chat.internal': true, // ROLE-5
      'chat.oversight': manager, // ROLE-6
    };
    return CAPABILITIES.filter((c) => has[c]);
  };
  switch (acting) {
    case 'owner': return of('owner', false);
    case 'admin': return of('admin', false);
    case 'builder': return of('builder', false);
    case 'member': return of('member', false);
    case 'billingHolder': return of('member', true);
    case 'deactivated': return []; // ROLE-7
    case 'nonMember':
    case 'anonymous': return null;
  }
}

type Expected = { ok: true } | { ok: false; code: ErrorCode };

function expected(r: Row, acting: Acting, policy: Partial<Policy>): Expected {
  const ruled = (): Expected => (r.except?.[acting] ? { ok: false, code: r.except[acting] } : { ok: true });
  if (r.gate === 'public') return acting === 'anonymous' ? { ok: true } : ruled();
  if (r.gate === 'signed-in') return acting === 'anonymous' ? { ok: false, code: 'unauthenticated' } : ruled();
  if (r.gate === 'anonymous-only') return acting === 'anonymous' ? { ok: true } : { ok: false, code: 'forbidden' };
  if (acting === 'anonymous') return { ok: false, code: 'unauthenticated' };
  if (acting === 'nonMember') return { ok: false, code: 'org_not_found' };
  if (acting === 'deactivated') return { ok: false, code: 'org_access_blocked' }; // ROLE-7
  return capabilitiesFromRules(acting, policy)?.includes(r.gate) ? ruled() : { ok: false, code: 'forbidden' }; // ROLE-5
}

async function buildWorld(policy: Partial<Policy>): Promise<World> {
  const storage = memoryStorage();
  const h = new Harness(new MockBackend({ frozen: true, now: Date.parse('2026-11-23T10:00:00Z'), scenario: 'fresh-free', policy, storage, storageKey: 'perm' }));
  const owner = h.user('sam');
  const orgId = h.orgId;
  // Free → Standard through checkout (CHG-3); the card is saved.
  const cs = await h.ok<{ id: string }>('checkout.start', owner, { body: { purpose: 'subscription', planId: 'standard', interval: 'month' } });
  const paid = await h.fetch('POST', `/__orgkit/orgs/${orgId}/checkout-sessions/${cs.id}/complete`, owner, { body: { card: { outcome: 'succeed' } }, key: 'perm-pay' });
  assert.equal(paid.status, 200, paid.text);
  await h.anonymous();
  const join = async (email: string, role: 'admin' | 'builder' | 'member') => {
    const { id } = await h.ok<{ id: string }>('invite.create', owner, { body: { email, role } });
    return (await h.ok<{ userId: string }>('invite.accept', null, { params: { inviteId: id }, body: { name: email.split('@')[0] } })).userId;
  };
  // Two members who will be deactivated by a downgrade to Lite (MEM-2: the owner is kept).
  const deactivated = await join('dana@northwind.test', 'member');
  const reactivate = await join('ray@northwind.test', 'member');
  const agentId = (await h.ok<{ id: string }[]>('agents.list', owner))[0]?.id ?? '';
  await h.ok('plan.change', owner, { body: { planId: 'lite', interval: 'month', keep: { memberIds: [owner], agentIds: [agentId] } } });
  await h.toPeriodEnd();
  await h.ok('plan.change', owner, { body: { planId: 'pro', interval: 'month' } }); // CHG-2: an upgrade applies now
  const admin = await join('ada@northwind.test', 'admin');
  const builder = await join('ben@northwind.test', 'builder');
  const member = await join('mo@northwind.test', 'member');
  const billingHolder = await join('hal@northwind.test', 'member');
  const target = await join('tess@northwind.test', 'member');
  // BR-5: the owner hands the billing role to Hal, who then offers it on to Mo (pending).
  const first = await h.ok<{ id: string }>('billingTransfer.start', owner, { body: { toUserId: billingHolder } });
  await h.ok('billingTransfer.accept', billingHolder, { params: { transferId: first.id } });
  const { id: transferId } = await h.ok<{ id: string }>('billingTransfer.start', billingHolder, { body: { toUserId: member } });
  const nonMember = (await h.ok<{ userId: string }>('account.signUp', null, { body: { email: 'stranger@elsewhere.test', name: 'Stranger', orgName: 'Elsewhere' } })).userId;
  const { id: inviteId } = await h.ok<{ id: string }>('invite.create', owner, { body: { email: 'invitee@elsewhere.test', role: 'builder' } });
  const { id: checkoutId } = await h.ok<{ id: string }>('checkout.start', owner, { body: { purpose: 'package', packageId: 'pkg_5000' } });
  const { id: deploymentId } = await h.ok<{ id: string }>('deployment.create', owner, { body: { agentId, name: 'Support desk', channel: 'chat', modelId: 'gpt-5-mini' } });
  const paidInvoiceId = (await h.ok<{ invoices: { id: string; status: string }[] }>('invoices.list', owner)).invoices.find((i) => i.status === 'paid')?.id ?? '';
  const { slug } = await h.ok<{ slug: string }>('org.get', owner);
  const members = (await h.ok<{ members: { userId: string; state: string }[] }>('members.list', owner)).members;
  assert.equal(members.find((m) => m.userId === deactivated)?.state, 'deactivated', 'the downgrade deactivated Dana');
  assert.equal(members.find((m) => m.userId === reactivate)?.state, 'deactivated', 'and Ray');
  assert.ok(paidInvoiceId && agentId);
  h.backend.save();
  const saved = storage.getItem('perm');
  assert.ok(saved);
  return {
    saved, orgId, slug,
    users: { owner, admin, builder, member, billingHolder, deactivated, nonMember, target, reactivate },
    ids: { agentId, deploymentId, inviteId, checkoutId, paidInvoiceId, transferId },
  };
}

const restore = (w: World) => new Harness(new MockBackend({ storage: memoryStorage({ perm: w.saved }), storageKey: 'perm' }));

const POLICIES: { name: string; policy: Partial<Policy> }[] = [
  { name: 'default policy', policy: {} },
  { name: 'POL-BILLING-OWNER-ONLY + POL-OWN-SELF', policy: { billingOwnerOnly: true, ownSelf: true } },
];

interface Cell {
  row: Row;
  acting: Acting;
  status: number;
  code: string | null;
  want: Expected;
  problem: string | null;
}

for (const { name: policyName, policy } of POLICIES) {
  describe(`permission matrix through the API (${policyName})`, BOUND, () => {
    let w: World;
    const served = {} as Record<Acting, SessionMembership | null>;
    const cells: Cell[] = [];

    before(async () => {
      w = await buildWorld(policy);
      let h = restore(w);
      for (const acting of ACTING) {
        const s = await h.call('session', acting === 'anonymous' ? null : w.users[acting]);
        served[acting] = s.status === 200 ? ((s.body as { memberships: SessionMembership[] }).memberships.find((m) => m.orgId === w.orgId) ?? null) : null;
      }
      for (const r of ROWS) {
        for (const acting of ACTING) {
          const who = acting === 'anonymous' ? null : w.users[acting];
          const before = h.snapshot();
          const reply = await h.call(r.route, who, r.opts(w));
          const want = expected(r, acting, policy);
          const ok = reply.status >= 200 && reply.status < 300;
          const parsedError = ok ? null : z.safeParse(ErrorBody, reply.body);
          const code = parsedError?.success ? parsedError.data.error.code : null;
          let problem: string | null = null;
          if (want.ok) {
            const status = (ROUTES[r.route] as RouteDef).status ?? 200;
            if (reply.status !== status) problem = `expected ${String(status)}, got ${String(reply.status)} ${code ?? reply.text.slice(0, 120)}`;
            else if (!z.safeParse(ROUTES[r.route].response, reply.body).success) problem = 'the answer does not match the contract';
          } else if (reply.status !== ERROR_STATUS[want.code] || code !== want.code) {
            problem = `expected ${String(ERROR_STATUS[want.code])} ${want.code}, got ${String(reply.status)} ${code ?? reply.text.slice(0, 120)}`;
          } else if (h.snapshot() !== before) {
            problem = 'refused, yet the state changed';
          }
          cells.push({ row: r, acting, status: reply.status, code, want, problem });
          if (h.snapshot() !== before) h = restore(w); // the next cell starts from the same world
        }
      }
      const allowed = cells.filter((c) => c.want.ok).length;
      console.log(`[permissions] ${policyName}: permission matrix: ${String(ACTING.length)} states × ${String(ROWS.length)} routes = ${String(cells.length)} cells (${String(allowed)} allowed, ${String(cells.length - allowed)} refused)`);
    });

    test('the matrix covers every route of the contract and every capability', () => {
      assert.deepEqual([...new Set(ROWS.map((r) => r.route))].sort(), [...ROUTE_NAMES].sort());
      const gated = new Set(ROWS.map((r) => r.gate));
      assert.deepEqual(CAPABILITIES.filter((c) => !gated.has(c) && c !== 'org.leave'), [], 'every capability gates a route (org.leave is a rule of its route)');
      assert.equal(cells.length, ROWS.length * ACTING.length);
    });

    test(`ROLE-8 capability × acting state: /session serves exactly the capabilities the rules give (${String(CAPABILITIES.length)} × ${String(ACTING.length)})`, () => {
      const wrong: string[] = [];
      for (const acting of ACTING) {
        const want = capabilitiesFromRules(acting, policy);
        const m = served[acting];
        if (want === null) {
          if (m !== null) wrong.push(`${acting}: should not see the organization`);
          continue;
        }
        if (!m) {
          wrong.push(`${acting}: missing from /session`);
          continue;
        }
        for (const c of CAPABILITIES) if (want.includes(c) !== m.capabilities.includes(c)) wrong.push(`${acting} ${c}: expected ${want.includes(c) ? 'granted' : 'denied'}`);
      }
      assert.deepEqual(wrong, []);
      assert.equal(served.deactivated?.state, 'deactivated');
      assert.equal(served.billingHolder?.billingHolder, true);
    });

    for (const r of ROWS) {
      const route = ROUTES[r.route];
      test(`ROLE-5 ROLE-7 ROLE-8 ${route.method} ${route.path} — ${r.label} [${r.gate}]: every acting state gets the answer the rules give`, () => {
        const mine = cells.filter((c) => c.row === r);
        assert.equal(mine.length, ACTING.length);
        assert.deepEqual(mine.filter((c) => c.problem !== null).map((c) => `${c.acting}: ${String(c.problem)}`), []);
      });
    }

    test('no cell answers a 5xx or a validation error (every request is well-formed)', () => {
      assert.deepEqual(cells.filter((c) => c.status >= 500 || c.code === 'validation_failed').map((c) => `${c.row.label} ${c.acting}`), []);
    });
  });
}
