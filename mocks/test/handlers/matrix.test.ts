import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Capability, ErrorCode, RouteName, SessionMembership } from '@orgkit/contract';
import { CAPABILITIES, ROUTE_NAMES, ROUTES } from '@orgkit/contract';
import { MockBackend } from '../../backend/backend.js';
import type { Policy } from '../../engine/index.js';
import type { CallOptions, Reply } from './harness.js';
import { Harness, memoryStorage } from './harness.js';

/**
 * The role × capability matrix through HTTP (ROLE-5, ROLE-7, ROLE-8): for every route and every acting state the
 * answer is "allowed" — 2xx, or a rule error other than forbidden / org_access_blocked / unauthenticated /
 * org_not_found — exactly when the capability model says so, and a denial carries the right code. Every cell is
 * asserted, under the default policy and under POL-BILLING-OWNER-ONLY + POL-OWN-SELF.
 *
 * The world: the `pending-downgrade` team after its term end (Marco deactivated by the downgrade, MEM-2), upgraded
 * to Pro, with Mia (member) and Paul (member) invited and accepted, and the billing role handed to Paul (BR-5).
 */
const ACTING = ['owner', 'admin', 'builder', 'member', 'deactivated', 'nonMember', 'anonymous', 'billingHolder'] as const;
type Acting = (typeof ACTING)[number];

const DENIALS: readonly ErrorCode[] = ['forbidden', 'org_access_blocked', 'unauthenticated', 'org_not_found'];

/** Who may call a route: an organization capability, or a rule about identity for routes outside an organization. */
type Gate = Capability | 'signed-in' | 'anonymous-only' | 'public';

interface Fixture {
  saved: string;
  orgId: string;
  slug: string;
  users: Record<Exclude<Acting, 'anonymous'>, string>;
  ids: { agentId: string; deploymentId: string; inviteId: string; checkoutId: string; paidInvoiceId: string; userId: string; reactivateId: string };
}

interface Row {
  /** A label (the route name, or the route name with a variant). */
  label: string;
  route: RouteName;
  gate: Gate;
  opts: (f: Fixture) => CallOptions;
}

const row = (route: RouteName, gate: Gate, opts: (f: Fixture) => CallOptions = () => ({}), variant = ''): Row => ({
  label: variant ? `${route} (${variant})` : route, route, gate, opts,
});

/** One row per route (plus the oversight variant of chats.list): its gate, and a valid request for it. */
const ROWS: Row[] = [
  row('session', 'signed-in'),
  row('account.signUp', 'anonymous-only', () => ({ body: { email: 'fresh@elsewhere.test', name: 'Fresh', orgName: 'Fresh Co' } })),
  row('org.create', 'signed-in', () => ({ body: { name: 'Another Co' } })),
  row('org.get', 'org.read'),
  row('org.delete', 'org.delete', (f) => ({ body: { confirm: f.slug } })),
  row('settings.get', 'settings.read'),
  row('org.updateSettings', 'settings.edit', () => ({ body: { name: 'Renamed AG' } })),
  row('org.updateBillingIdentity', 'settings.edit', () => ({
    body: { email: 'ap@acme-ai.test', name: 'Acme AI AG', country: 'CH', address: 'Weg 1', postalCode: '8000', city: 'Zürich' },
  })),
  row('org.setResidency', 'residency.edit', () => ({ body: { tier: 'eu-any' } })),
  row('residency.preview', 'settings.read', () => ({ query: { tier: 'ch-ch' } })),
  // MEM-6 / BR-6: every active member may ask to leave; the owner and the holder get a rule error (owner_cannot_leave, billing_role_held).
  row('org.leave', 'org.read'),
  row('members.list', 'members.read'),
  row('member.changeRole', 'members.manage', (f) => ({ params: { userId: f.ids.userId }, body: { role: 'member' } })),
  row('member.remove', 'members.manage', (f) => ({ params: { userId: f.ids.userId } })),
  row('member.reactivate', 'members.manage', (f) => ({ params: { userId: f.ids.reactivateId } })),
  row('ownership.transfer', 'ownership.transfer', (f) => ({ body: { userId: f.ids.userId } })),
  row('invites.list', 'members.invite'),
  row('invite.create', 'members.invite', () => ({ body: { email: 'another@elsewhere.test', role: 'member' } })),
  row('invite.revoke', 'members.manage', (f) => ({ params: { inviteId: f.ids.inviteId } })),
  // Accepting is public: the invitee (or a new account) succeeds, anyone else gets invite_email_mismatch (a rule error).
  row('invite.accept', 'public', (f) => ({ params: { inviteId: f.ids.inviteId }, body: {} })),
  row('billingTransfer.start', 'billing.transfer', (f) => ({ body: { toUserId: f.ids.userId } })),
  // BR-5: any active member reaches the transfer (only its recipient / initiator then may act: transfer_not_pending here).
  row('billingTransfer.accept', 'org.read', () => ({ params: { transferId: 'btr_none' } })),
  row('billingTransfer.decline', 'org.read', () => ({ params: { transferId: 'btr_none' } })),
  row('billingTransfer.cancel', 'org.read', () => ({ params: { transferId: 'btr_none' } })),
  row('plans.list', 'billing.summary'),
  row('subscription.get', 'billing.summary'),
  row('plan.preview', 'plans.change', () => ({ body: { planId: 'standard', interval: 'month' } })),
  row('plan.change', 'plans.change', () => ({ body: { planId: 'pro', interval: 'year' } })),
  row('plan.keepCurrent', 'plans.change'),
  row('checkout.start', 'credits.purchase', () => ({ body: { purpose: 'package', packageId: 'pkg_1000' } })),
  row('checkout.start', 'plans.change', () => ({ body: { purpose: 'subscription', planId: 'pro', interval: 'month' } }), 'subscription'),
  row('checkout.get', 'billing.read', (f) => ({ params: { checkoutId: f.ids.checkoutId } })),
  row('invoices.list', 'invoices.read'),
  row('invoice.pay', 'plans.change', (f) => ({ params: { invoiceId: f.ids.paidInvoiceId } })),
  row('balance.get', 'billing.summary'),
  row('credits.get', 'billing.read'),
  row('packages.list', 'billing.read'),
  row('package.purchase', 'credits.purchase', () => ({ body: { packageId: 'pkg_1000' } })),
  row('autoRecharge.setPackage', 'autorecharge.manage', () => ({ body: { packageId: 'pkg_1000' } })),
  row('autoRecharge.setEnabled', 'autorecharge.manage', () => ({ body: { enabled: false } })),
  row('usage.timeseries', 'usage.read', () => ({ query: { days: 30 } })),
  row('usage.summary', 'usage.read', () => ({ query: { days: 30 } })),
  row('usage.breakdown', 'usage.read', () => ({ query: { days: 30 } })),
  row('usage.events', 'usage.read'),
  row('usage.record', 'chat.internal', () => ({ body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 100 } })),
  row('caps.get', 'billing.read'),
  row('caps.setMember', 'caps.manage', (f) => ({ params: { userId: f.ids.userId }, body: { cap: 100 } })),
  row('caps.setAgent', 'caps.manage', (f) => ({ params: { agentId: f.ids.agentId }, body: { cap: 100 } })),
  row('alerts.configure', 'caps.manage', () => ({ body: { thresholdPct: 25, recipientIds: [] } })),
  row('notifications.list', 'billing.read'),
  row('models.list', 'deployments.read'),
  row('agents.list', 'agents.manage'),
  row('agent.create', 'agents.manage', () => ({ body: { name: 'Matrix bot' } })),
  row('deployments.list', 'deployments.read'),
  row('deployment.create', 'deployments.manage', (f) => ({ body: { agentId: f.ids.agentId, name: 'Matrix desk', channel: 'chat', modelId: 'gpt-5-mini' } })),
  row('deployment.setModel', 'deployments.manage', (f) => ({ params: { deploymentId: f.ids.deploymentId }, body: { modelId: 'gpt-5-mini' } })),
  row('knowledge.add', 'agents.manage', () => ({ body: { name: 'Doc', characters: 2_000, uploadBytes: 1_000 } })),
  row('chats.list', 'chat.internal'),
  row('chats.list', 'chat.oversight', () => ({ query: { scope: 'all' } }), 'scope=all'),
  row('chat.create', 'chat.internal', () => ({ body: { title: 'Hi', message: 'Hello' } })),
];

/**
 * ROLE-2 … ROLE-8, BR-2, POL-*: the capabilities each acting state should be served, written from rules.md
 * (independently of the engine). The owner does not hold the billing role here (Paul does).
 */
function expectedCapabilities(acting: Acting, policy: Partial<Policy>): Capability[] | null {
  const billingManager = policy.billingOwnerOnly ? ['owner'] : ['owner', 'admin'];
  const byRole = (role: 'owner' | 'admin' | 'builder' | 'member', holder: boolean): Capability[] => {
    const manager = role === 'owner' || role === 'admin';
    const builder = manager || role === 'builder';
    const bm = billingManager.includes(role);
    const has: Record<Capability, boolean> = {
      'org.read': true, 'settings.read': manager, 'settings.edit': manager, 'org.delete': role === 'owner',
      'org.leave': role !== 'owner' && !holder, 'members.read': builder || holder, 'members.invite': manager, 'members.manage': manager,
      'ownership.transfer': role === 'owner' && policy.ownSelf === true, 'billing.summary': builder || holder,
      'billing.read': manager || holder, 'billing.transfer': holder, 'plans.change': bm, 'credits.purchase': bm,
      'autorecharge.manage': bm, 'caps.manage': bm, 'invoices.read': bm || holder, 'usage.read': manager || holder,
      'residency.edit': manager, 'agents.manage': builder, 'deployments.read': builder, 'deployments.manage': manager,
      'chat.internal': true, 'chat.oversight': manager,
    };
    return CAPABILITIES.filter((c) => has[c]);
  };
  switch (acting) {
    case 'owner': return byRole('owner', false);
    case 'admin': return byRole('admin', false);
    case 'builder': return byRole('builder', false);
    case 'member': return byRole('member', false);
    case 'billingHolder': return byRole('member', true);
    case 'deactivated': return []; // ROLE-7
    case 'nonMember':
    case 'anonymous': return null;
  }
}

async function buildFixture(policy: Partial<Policy>): Promise<Fixture> {
  const storage = memoryStorage();
  const h = new Harness(new MockBackend({ frozen: true, now: Date.parse('2026-11-23T10:00:00Z'), scenario: 'pending-downgrade', policy, storage, storageKey: 'matrix' }));
  const owner = h.user('olivia');
  await h.toPeriodEnd(); // the downgrade to Standard applies: Marco and Nina are deactivated (MEM-2)
  await h.ok('plan.change', owner, { body: { planId: 'pro', interval: 'month' } }); // room for more seats
  await h.anonymous();
  const join = async (email: string) => {
    const { id } = await h.ok<{ id: string }>('invite.create', owner, { body: { email, role: 'member' } });
    return (await h.ok<{ userId: string }>('invite.accept', null, { params: { inviteId: id }, body: { name: email.split('@')[0] } })).userId;
  };
  const mia = await join('mia@acme-ai.test');
  const paul = await join('paul@acme-ai.test');
  const transfer = await h.ok<{ id: string }>('billingTransfer.start', owner, { body: { toUserId: paul } });
  await h.ok('billingTransfer.accept', paul, { params: { transferId: transfer.id } });
  const stranger = (await h.ok<{ userId: string }>('account.signUp', null, { body: { email: 'stranger@elsewhere.test', name: 'Stranger', orgName: 'Elsewhere' } })).userId;
  const { id: inviteId } = await h.ok<{ id: string }>('invite.create', owner, { body: { email: 'invitee@elsewhere.test', role: 'builder' } });
  const { id: checkoutId } = await h.ok<{ id: string }>('checkout.start', owner, { body: { purpose: 'package', packageId: 'pkg_5000' } });
  const agentId = (await h.ok<{ id: string }[]>('agents.list', owner))[0]?.id ?? '';
  const deploymentId = (await h.ok<{ id: string }[]>('deployments.list', owner))[0]?.id ?? '';
  const paidInvoiceId = (await h.ok<{ invoices: { id: string; status: string }[] }>('invoices.list', owner)).invoices.find((i) => i.status === 'paid')?.id ?? '';
  const { slug } = await h.ok<{ slug: string }>('org.get', owner);
  const marco = h.user('marco');
  const members = (await h.ok<{ members: { userId: string; state: string }[] }>('members.list', owner)).members;
  assert.equal(members.find((m) => m.userId === marco)?.state, 'deactivated', 'Marco is deactivated by the downgrade');
  h.backend.save();
  const saved = storage.getItem('matrix');
  assert.ok(saved);
  return {
    saved, orgId: h.orgId, slug,
    users: { owner, admin: h.user('adrian'), builder: h.user('bea'), member: mia, deactivated: marco, nonMember: stranger, billingHolder: paul },
    ids: { agentId, deploymentId, inviteId, checkoutId, paidInvoiceId, userId: h.user('bea'), reactivateId: marco },
  };
}

const restore = (f: Fixture) => new Harness(new MockBackend({ storage: memoryStorage({ matrix: f.saved }), storageKey: 'matrix' }));

interface Cell {
  row: Row;
  acting: Acting;
  status: number;
  code: ErrorCode | null;
  allowed: boolean;
  expected: boolean;
  /** The denial code the model expects (null when allowed). */
  expectedCode: ErrorCode | null;
  unchanged: boolean;
}

function expectation(gate: Gate, acting: Acting, served: Record<Acting, SessionMembership | null>): { allowed: boolean; code: ErrorCode | null } {
  const signedIn = acting !== 'anonymous';
  if (gate === 'public') return { allowed: true, code: null };
  if (gate === 'signed-in') return signedIn ? { allowed: true, code: null } : { allowed: false, code: 'unauthenticated' };
  if (gate === 'anonymous-only') return signedIn ? { allowed: false, code: 'forbidden' } : { allowed: true, code: null };
  if (!signedIn) return { allowed: false, code: 'unauthenticated' };
  const m = served[acting];
  if (!m) return { allowed: false, code: 'org_not_found' };
  if (m.state !== 'active') return { allowed: false, code: 'org_access_blocked' };
  return m.capabilities.includes(gate) ? { allowed: true, code: null } : { allowed: false, code: 'forbidden' };
}

const POLICIES: { name: string; policy: Partial<Policy> }[] = [
  { name: 'default policy', policy: {} },
  { name: 'POL-BILLING-OWNER-ONLY + POL-OWN-SELF', policy: { billingOwnerOnly: true, ownSelf: true } },
];

for (const { name: policyName, policy } of POLICIES) {
  describe(`role × capability matrix through HTTP (${policyName})`, () => {
    let fixture: Fixture;
    const served = {} as Record<Acting, SessionMembership | null>;
    const cells: Cell[] = [];

    before(async () => {
      fixture = await buildFixture(policy);
      let h = restore(fixture);
      for (const acting of ACTING) {
        const who = acting === 'anonymous' ? null : fixture.users[acting];
        const s = await h.call('session', who);
        served[acting] = s.status === 200 ? ((s.body as { memberships: SessionMembership[] }).memberships.find((m) => m.orgId === fixture.orgId) ?? null) : null;
      }
      for (const r of ROWS) {
        for (const acting of ACTING) {
          const who = acting === 'anonymous' ? null : fixture.users[acting];
          const before = h.snapshot();
          const reply: Reply = await h.call(r.route, who, r.opts(fixture));
          const ok = reply.status >= 200 && reply.status < 300;
          const code = ok ? null : ((reply.body as { error?: { code?: ErrorCode } }).error?.code ?? null);
          const exp = expectation(r.gate, acting, served);
          const unchanged = h.snapshot() === before;
          cells.push({ row: r, acting, status: reply.status, code, allowed: ok || (code !== null && !DENIALS.includes(code)), expected: exp.allowed, expectedCode: exp.code, unchanged });
          if (!unchanged) h = restore(fixture); // a success changed the world: the next cell starts from the fixture again
        }
      }
      if (process.env.MATRIX_DUMP) for (const c of cells) console.log(c.row.label.padEnd(34), c.acting.padEnd(14), c.status, c.code ?? "ok");
      console.log(`[matrix] ${policyName}: ${String(ROWS.length)} route rows × ${String(ACTING.length)} acting states = ${String(cells.length)} cells`);
    });

    test('the matrix has a row for every route of the contract', () => {
      assert.deepEqual([...new Set(ROWS.map((r) => r.route))].sort(), [...ROUTE_NAMES].sort());
      assert.equal(cells.length, ROWS.length * ACTING.length);
    });

    test('ROLE-8 /session serves each acting state the capabilities of its role, billing role and policy', () => {
      for (const acting of ACTING) {
        const want = expectedCapabilities(acting, policy);
        const m = served[acting];
        if (want === null) {
          assert.equal(m, null, `${acting} has no membership in the organization`);
          continue;
        }
        assert.ok(m, `${acting} should see the organization in /session`);
        assert.deepEqual([...m.capabilities].sort(), [...want].sort(), `${acting}: served capabilities`);
      }
      assert.equal(served.deactivated?.state, 'deactivated');
      assert.equal(served.billingHolder?.billingHolder, true);
      assert.equal(served.billingHolder?.role, 'member');
    });

    for (const r of ROWS) {
      const route = ROUTES[r.route];
      const rules = r.gate === 'public' || r.gate === 'signed-in' || r.gate === 'anonymous-only' ? 'ROLE-8' : 'ROLE-5 ROLE-7 ROLE-8';
      test(`${rules} ${route.method} ${route.path} — ${r.label} [${r.gate}]: allowed exactly as the capability model says`, () => {
        const mine = cells.filter((c) => c.row === r);
        assert.equal(mine.length, ACTING.length, 'every acting state has a cell');
        const wrong = mine
          .filter((c) => c.allowed !== c.expected || (!c.expected && c.code !== c.expectedCode) || (!c.allowed && !c.unchanged) || c.code === 'validation_failed' || c.code === 'internal_error')
          .map((c) => `${c.acting}: got ${String(c.status)} ${c.code ?? 'ok'}, expected ${c.expected ? 'allowed' : `${String(c.expectedCode)}`}${!c.allowed && !c.unchanged ? ' (a denial changed the state)' : ''}`);
        assert.deepEqual(wrong, []);
      });
    }

    test('ROLE-5 a plain member is refused (403 forbidden) on every build, analytics and billing route', () => {
      const memberOnly = new Set<Gate>(['org.read', 'org.leave', 'chat.internal', 'public', 'signed-in']);
      const refused = cells.filter((c) => c.acting === 'member' && !memberOnly.has(c.row.gate));
      assert.ok(refused.length > 40);
      for (const c of refused) {
        if (c.row.gate === 'anonymous-only') continue;
        assert.equal(c.status, 403, `${c.row.label}: ${String(c.status)} ${String(c.code)}`);
        assert.equal(c.code, 'forbidden', c.row.label);
      }
    });

    test('ROLE-7 a deactivated member gets 403 org_access_blocked on every organization route', () => {
      const orgCells = cells.filter((c) => c.acting === 'deactivated' && ROUTES[c.row.route].path.startsWith('/orgs/:orgId'));
      assert.ok(orgCells.length > 50);
      for (const c of orgCells) {
        assert.equal(c.status, 403, c.row.label);
        assert.equal(c.code, 'org_access_blocked', c.row.label);
      }
    });

    test('BR-2 the billing-role holder who is a plain member reads billing, credits, invoices and usage — and changes nothing billing-wise', () => {
      const allowed = (label: string) => cells.find((c) => c.acting === 'billingHolder' && c.row.label === label)?.allowed;
      // BR-4: the holder also reads the member list, to pick whom to hand the role to.
      for (const label of ['subscription.get', 'balance.get', 'credits.get', 'packages.list', 'invoices.list', 'caps.get', 'usage.events', 'billingTransfer.start', 'members.list']) {
        assert.equal(allowed(label), true, label);
      }
      for (const label of ['plan.change', 'package.purchase', 'autoRecharge.setEnabled', 'caps.setMember', 'org.updateSettings', 'agents.list']) {
        assert.equal(allowed(label), false, label);
      }
    });
  });
}
