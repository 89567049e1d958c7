import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorCode } from '@orgkit/contract';
import { API_BASE, CONTROL_BASE, ERROR_CODES } from '@orgkit/contract';
import { HOUR } from '../../engine/index.js';
import type { ScenarioName } from '../../fixtures/scenarios.js';
import type { Reply } from './harness.js';
import { assertError, assertSuccess, freshKey, Harness } from './harness.js';

/**
 * Every error code the engine (or the HTTP layer) can produce through HTTP is answered with the status of the
 * contract's one code → status table and the one error shape `{ error: { code, message, param?, meta? } }`.
 * Each case prepares a state, then makes one refused request, which must leave the backend's state unchanged.
 */
interface ErrorCase {
  title: string;
  code: ErrorCode;
  scenario?: ScenarioName;
  /** Preparation (may change state); its result is passed to `request`. */
  setup?: (h: Harness, owner: string) => Promise<Record<string, string>>;
  request: (h: Harness, owner: string, ctx: Record<string, string>) => Promise<Reply>;
  param?: string;
  meta?: Record<string, unknown>;
}

/** Codes in the contract's table that no route can answer (no engine operation produces them). */
const NEVER_PRODUCED: ErrorCode[] = ['member_not_active'];

const card = (h: Harness, outcome: 'succeed' | 'decline' | 'pending') =>
  h.control('PUT', `/orgs/${h.orgId}/card`, { card: { brand: 'visa', last4: outcome === 'decline' ? '0002' : '4242', outcome } });

async function agentIds(h: Harness, who: string): Promise<string[]> {
  return (await h.ok<{ id: string }[]>('agents.list', who)).map((a) => a.id);
}

async function invite(h: Harness, who: string, email = 'newbie@elsewhere.test'): Promise<string> {
  return (await h.ok<{ id: string }>('invite.create', who, { body: { email, role: 'member' } })).id;
}

async function nonMember(h: Harness): Promise<string> {
  // A brand-new account (signing up makes its own organization): a user, but not a member of the scenario's.
  const r = await h.call('account.signUp', null, { body: { email: 'stranger@elsewhere.test', name: 'Stranger', orgName: 'Elsewhere' } });
  assert.equal(r.status, 201, r.text);
  return (r.body as { userId: string }).userId;
}

const CASES: ErrorCase[] = [
  // — 400 —
  {
    title: 'INV-1 validation_failed names the field (an email that is not one)',
    code: 'validation_failed', scenario: 'pending-downgrade', param: 'email',
    request: (h, o) => h.call('invite.create', o, { body: { email: 'not-an-email', role: 'member' } }),
  },
  {
    title: 'ROLE-1 validation_failed names the field (a role outside the four)',
    code: 'validation_failed', scenario: 'pending-downgrade', param: 'role',
    request: (h, o) => h.call('invite.create', o, { body: { email: 'x@elsewhere.test', role: 'superadmin' } }),
  },
  {
    title: 'validation_failed for a query parameter outside its enum (residency preview tier)',
    code: 'validation_failed', param: 'tier',
    request: (h, o) => h.call('residency.preview', o, { query: { tier: 'mars' } }),
  },
  {
    title: 'ORG-4 invalid_org_name for a name with < or >',
    code: 'invalid_org_name', param: 'name',
    request: (h, o) => h.call('org.create', o, { body: { name: '<b>Evil</b> Corp' } }),
  },
  {
    title: 'ORG-4 invalid_org_name for a name with a URL (settings)',
    code: 'invalid_org_name', param: 'name',
    request: (h, o) => h.call('org.updateSettings', o, { body: { name: 'Visit https://evil.test' } }),
  },
  {
    title: 'USE-5 invalid_period for 0 days',
    code: 'invalid_period', param: 'days', meta: { min: 1, max: 365 },
    request: (h, o) => h.call('usage.timeseries', o, { query: { days: 0 } }),
  },
  {
    title: 'USE-5 invalid_period for 366 days',
    code: 'invalid_period', param: 'days',
    request: (h, o) => h.call('usage.summary', o, { query: { days: 366 } }),
  },
  {
    title: 'PKG-4 idempotency_key_required for a purchase without an Idempotency-Key',
    code: 'idempotency_key_required', param: 'Idempotency-Key',
    request: (h, o) => h.call('package.purchase', o, { body: { packageId: 'pkg_1000' }, noKey: true }),
  },
  {
    title: 'idempotency_key_required for a plan change without an Idempotency-Key',
    code: 'idempotency_key_required', param: 'Idempotency-Key',
    request: (h, o) => h.call('plan.change', o, { body: { planId: 'pro', interval: 'month' }, noKey: true }),
  },
  // — 401 / 403 / 404 —
  {
    title: 'unauthenticated without any identity (nobody acting, no token, no cookie)',
    code: 'unauthenticated',
    setup: async (h) => {
      await h.anonymous();
      return {};
    },
    request: (h) => h.call('members.list', null),
  },
  {
    title: 'unauthenticated for a bogus bearer token (never silently anonymous or the acting user)',
    code: 'unauthenticated',
    request: (h) => h.call('balance.get', { token: 'not-a-token' }),
  },
  {
    title: 'unauthenticated for a well-formed token of an unknown user',
    code: 'unauthenticated',
    request: (h) => h.call('session', { token: 'orgkit-mock.usr_doesnotexist' }),
  },
  // A credential that is present but unusable is refused — never replaced by the acting user (the owner here).
  ...['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer two words', 'Token orgkit-mock.usr_1'].map((authorization): ErrorCase => ({
    title: `unauthenticated for an unusable Authorization header "${authorization}" (not the acting user)`,
    code: 'unauthenticated',
    request: (h) => h.call('members.list', null, { headers: { Authorization: authorization } }),
  })),
  {
    title: 'unauthenticated for a bogus session cookie',
    code: 'unauthenticated',
    request: (h) => h.call('session', null, { headers: { Cookie: 'theme=dark; orgkit_session=forged' } }),
  },
  {
    title: 'unauthenticated for a bogus token even on a public route (sign-up)',
    code: 'unauthenticated',
    request: (h) => h.call('account.signUp', { token: 'forged' }, { body: { email: 'a@b.test', name: 'A', orgName: 'A Co' } }),
  },
  {
    title: 'ROLE-4 forbidden: a builder cannot edit settings (meta names the capability)',
    code: 'forbidden', meta: { capability: 'settings.edit' },
    request: (h) => h.call('org.updateSettings', h.user('bea'), { body: { name: 'Builder Co' } }),
  },
  {
    title: 'ORG-8 forbidden: an admin cannot delete the organization',
    code: 'forbidden', meta: { capability: 'org.delete' },
    request: (h) => h.call('org.delete', h.user('adrian'), { body: { confirm: 'acme-ai' } }),
  },
  {
    title: 'BR-5 forbidden: only the recipient accepts a billing-role transfer',
    code: 'forbidden',
    setup: async (h, o) => ({ transferId: (await h.ok<{ id: string }>('billingTransfer.start', o, { body: { toUserId: h.user('adrian') } })).id }),
    request: (h, _o, c) => h.call('billingTransfer.accept', h.user('bea'), { params: { transferId: c.transferId ?? '' } }),
  },
  {
    title: 'ROLE-7 org_access_blocked for a deactivated member',
    code: 'org_access_blocked', scenario: 'pending-downgrade',
    setup: async (h) => {
      await h.toPeriodEnd();
      return {};
    },
    request: (h) => h.call('chats.list', h.user('marco')),
  },
  {
    title: 'org_not_found for a signed-in user who is not a member (no existence leak)',
    code: 'org_not_found', param: 'orgId',
    setup: async (h) => {
      await h.anonymous();
      return { stranger: await nonMember(h) };
    },
    request: (h, _o, c) => h.call('org.get', c.stranger ?? ''),
  },
  {
    title: 'org_not_found for an organization that does not exist',
    code: 'org_not_found',
    request: (h, o) => h.call('balance.get', o, { params: { orgId: 'org_nope' } }),
  },
  {
    title: 'not_found for an unknown API route',
    code: 'not_found', meta: { resource: 'route' },
    request: (h, o) => h.fetch('GET', `${API_BASE}/orgs/${h.orgId}/nothing-here`, o),
  },
  {
    title: 'not_found for a known path with a method it does not have',
    code: 'not_found',
    request: (h, o) => h.fetch('PUT', `${API_BASE}/orgs/${h.orgId}/members`, o, { body: {} }),
  },
  {
    title: 'not_found for an unknown control route',
    code: 'not_found',
    request: (h) => h.fetch('GET', `${CONTROL_BASE}/nothing-here`, null),
  },
  {
    title: 'MEM-4 not_found for an unknown member (param userId)',
    code: 'not_found', param: 'userId',
    request: (h, o) => h.call('member.remove', o, { params: { userId: 'usr_nope' } }),
  },
  // — 402 —
  {
    title: 'CRD-5 insufficient_credits at zero balance (offline message in meta)',
    code: 'insufficient_credits', scenario: 'out-of-credit', meta: { balance: 0, offline: true },
    request: (h, o) => h.call('usage.record', o, { body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 100 } }),
  },
  {
    title: 'CAP-1 member_cap_reached once a member’s monthly cap is used up',
    code: 'member_cap_reached', meta: { cap: 1 },
    setup: async (h, o) => {
      await h.ok('caps.setMember', o, { params: { userId: h.user('bea') }, body: { cap: 1 } });
      return {};
    },
    request: (h) => h.call('usage.record', h.user('bea'), { body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 5_000 } }),
  },
  {
    title: 'CAP-2 agent_cap_reached once an agent’s monthly cap is used up',
    code: 'agent_cap_reached', meta: { cap: 1 },
    setup: async (h, o) => {
      const [agentId = ''] = await agentIds(h, o);
      await h.ok('caps.setAgent', o, { params: { agentId }, body: { cap: 1 } });
      return { agentId };
    },
    request: (h, o, c) => h.call('usage.record', o, { body: { channel: 'internal_chat', modelId: 'gpt-5-mini', words: 5_000, agentId: c.agentId } }),
  },
  {
    title: 'BILL-4 card_declined: a declined saved card buys nothing',
    code: 'card_declined', meta: { last4: '0002' },
    setup: async (h) => {
      assert.equal((await card(h, 'decline')).status, 200);
      return {};
    },
    request: (h, o) => h.call('package.purchase', o, { body: { packageId: 'pkg_1000' } }),
  },
  // — 409 —
  {
    title: 'INV-3 invite_exists for a pending invite (case-insensitive email)',
    code: 'invite_exists', scenario: 'pending-downgrade', param: 'email',
    setup: async (h, o) => ({ inviteId: await invite(h, o, 'dup@elsewhere.test') }),
    request: (h, o) => h.call('invite.create', o, { body: { email: 'DUP@Elsewhere.test', role: 'builder' } }),
  },
  {
    title: 'INV-3 already_member for an email that is already a member',
    code: 'already_member', scenario: 'pending-downgrade', param: 'email',
    request: (h, o) => h.call('invite.create', o, { body: { email: 'Adrian@acme-ai.test', role: 'member' } }),
  },
  {
    title: 'INV-5 seat_limit_reached carries count and limit (3 of 3 seats on Standard)',
    code: 'seat_limit_reached', meta: { count: 3, limit: 3, planId: 'standard' },
    request: (h, o) => h.call('invite.create', o, { body: { email: 'fourth@elsewhere.test', role: 'member' } }),
  },
  {
    title: 'MEM-3 seat_limit_reached when reactivating at the seat limit',
    code: 'seat_limit_reached', scenario: 'pending-downgrade', meta: { count: 3, limit: 3 },
    setup: async (h) => {
      await h.toPeriodEnd();
      return {};
    },
    request: (h, o) => h.call('member.reactivate', o, { params: { userId: h.user('marco') } }),
  },
  {
    title: 'INV-4 invite_expired after 72 hours',
    code: 'invite_expired', scenario: 'pending-downgrade',
    setup: async (h, o) => {
      const inviteId = await invite(h, o);
      await h.anonymous();
      h.backend.advance(73 * HOUR);
      return { inviteId };
    },
    request: (h, _o, c) => h.call('invite.accept', null, { params: { inviteId: c.inviteId ?? '' }, body: {} }),
  },
  {
    title: 'INV-7 invite_not_pending for a revoked invite',
    code: 'invite_not_pending', scenario: 'pending-downgrade',
    setup: async (h, o) => {
      const inviteId = await invite(h, o);
      await h.ok('invite.revoke', o, { params: { inviteId } });
      await h.anonymous();
      return { inviteId };
    },
    request: (h, _o, c) => h.call('invite.accept', null, { params: { inviteId: c.inviteId ?? '' }, body: {} }),
  },
  {
    title: 'INV-7 invite_not_pending when revoking an accepted invite',
    code: 'invite_not_pending', scenario: 'pending-downgrade',
    setup: async (h, o) => {
      const inviteId = await invite(h, o);
      await h.anonymous();
      await h.ok('invite.accept', null, { params: { inviteId }, body: { name: 'Newbie' } });
      return { inviteId };
    },
    request: (h, o, c) => h.call('invite.revoke', o, { params: { inviteId: c.inviteId ?? '' } }),
  },
  {
    title: 'invite_email_mismatch when signed in as someone else',
    code: 'invite_email_mismatch', scenario: 'pending-downgrade',
    setup: async (h, o) => ({ inviteId: await invite(h, o) }),
    request: (h, _o, c) => h.call('invite.accept', h.user('adrian'), { params: { inviteId: c.inviteId ?? '' }, body: {} }),
  },
  {
    title: 'MEM-5 cannot_assign_owner',
    code: 'cannot_assign_owner', param: 'role',
    request: (h, o) => h.call('member.changeRole', o, { params: { userId: h.user('bea') }, body: { role: 'owner' } }),
  },
  {
    title: 'MEM-5 cannot_change_own_role',
    code: 'cannot_change_own_role',
    request: (h) => h.call('member.changeRole', h.user('adrian'), { params: { userId: h.user('adrian') }, body: { role: 'member' } }),
  },
  {
    title: 'OWN-2 cannot_change_owner_role',
    code: 'cannot_change_owner_role',
    request: (h, o) => h.call('member.changeRole', h.user('adrian'), { params: { userId: o }, body: { role: 'admin' } }),
  },
  {
    title: 'MEM-4 cannot_remove_self',
    code: 'cannot_remove_self',
    request: (h) => h.call('member.remove', h.user('adrian'), { params: { userId: h.user('adrian') } }),
  },
  {
    title: 'OWN-2 cannot_remove_owner',
    code: 'cannot_remove_owner',
    request: (h, o) => h.call('member.remove', h.user('adrian'), { params: { userId: o } }),
  },
  {
    title: 'MEM-6 owner_cannot_leave',
    code: 'owner_cannot_leave',
    request: (h, o) => h.call('org.leave', o),
  },
  {
    title: 'BR-6 billing_role_held: the holder cannot leave',
    code: 'billing_role_held',
    setup: async (h, o) => {
      const t = await h.ok<{ id: string }>('billingTransfer.start', o, { body: { toUserId: h.user('bea') } });
      await h.ok('billingTransfer.accept', h.user('bea'), { params: { transferId: t.id } });
      return {};
    },
    request: (h) => h.call('org.leave', h.user('bea')),
  },
  {
    title: 'MEM-3 member_not_deactivated',
    code: 'member_not_deactivated',
    request: (h, o) => h.call('member.reactivate', o, { params: { userId: h.user('bea') } }),
  },
  {
    title: 'BR-5 transfer_pending: one pending transfer at a time',
    code: 'transfer_pending',
    setup: async (h, o) => ({ transferId: (await h.ok<{ id: string }>('billingTransfer.start', o, { body: { toUserId: h.user('adrian') } })).id }),
    request: (h, o) => h.call('billingTransfer.start', o, { body: { toUserId: h.user('bea') } }),
  },
  {
    title: 'BR-5 transfer_not_pending',
    code: 'transfer_not_pending', param: 'transferId',
    request: (h) => h.call('billingTransfer.decline', h.user('adrian'), { params: { transferId: 'btr_nope' } }),
  },
  {
    title: 'BR-4 ineligible_recipient: not to yourself',
    code: 'ineligible_recipient', param: 'toUserId',
    request: (h, o) => h.call('billingTransfer.start', o, { body: { toUserId: o } }),
  },
  {
    title: 'PLAN-6 plan_limit_reached carries count and limit (a third agent on Standard)',
    code: 'plan_limit_reached', meta: { resource: 'agents', count: 3, limit: 2, planId: 'standard' },
    request: (h, o) => h.call('agent.create', o, { body: { name: 'One too many' } }),
  },
  {
    title: 'PKG-1 upgrade_required: no packages on Free',
    code: 'upgrade_required', scenario: 'fresh-free',
    request: (h, o) => h.call('package.purchase', o, { body: { packageId: 'pkg_1000' } }),
  },
  {
    title: 'PLAN-1 contact_sales for Ultra',
    code: 'contact_sales', param: 'planId',
    request: (h, o) => h.call('plan.change', o, { body: { planId: 'ultra', interval: 'month' } }),
  },
  {
    title: 'CHG-3 checkout_required: Free → paid goes through checkout',
    code: 'checkout_required', scenario: 'fresh-free', param: 'planId',
    request: (h, o) => h.call('plan.change', o, { body: { planId: 'lite', interval: 'month' } }),
  },
  {
    title: 'same_plan',
    code: 'same_plan', param: 'planId',
    request: (h, o) => h.call('plan.change', o, { body: { planId: 'standard', interval: 'month' } }),
  },
  {
    title: 'CHG-3 unsupported_change: no subscription checkout on a paid plan',
    code: 'unsupported_change', param: 'planId',
    request: (h, o) => h.call('checkout.start', o, { body: { purpose: 'subscription', planId: 'pro', interval: 'month' } }),
  },
  {
    title: 'CHG-4 keep_list_required for a downgrade below the current headcount',
    code: 'keep_list_required', scenario: 'pending-downgrade', param: 'keep',
    request: (h, o) => h.call('plan.change', o, { body: { planId: 'lite', interval: 'month' } }),
  },
  {
    title: 'CHG-4 keep_list_invalid for someone who is not an active member',
    code: 'keep_list_invalid', scenario: 'pending-downgrade', param: 'keep.memberIds',
    request: (h, o) => h.call('plan.change', o, { body: { planId: 'standard', interval: 'month', keep: { memberIds: ['usr_nope'], agentIds: [] } } }),
  },
  {
    title: 'CHG-5 no_pending_change',
    code: 'no_pending_change',
    request: (h, o) => h.call('plan.keepCurrent', o),
  },
  {
    title: 'CHG-3 checkout_not_open: a completed checkout cannot be paid again (control API)',
    code: 'checkout_not_open', scenario: 'fresh-free', param: 'checkoutId',
    setup: async (h, o) => {
      const cs = await h.ok<{ id: string }>('checkout.start', o, { body: { purpose: 'subscription', planId: 'lite', interval: 'month' } });
      const path = `${CONTROL_BASE}/orgs/${h.orgId}/checkout-sessions/${cs.id}/complete`;
      const done = await h.fetch('POST', path, o, { body: { card: { outcome: 'succeed' } }, key: freshKey() });
      assert.equal(done.status, 200, done.text);
      return { path };
    },
    request: (h, o, c) => h.fetch('POST', c.path ?? '', o, { body: { card: { outcome: 'succeed' } }, key: freshKey() }),
  },
  {
    title: 'PKG-4 payment_not_pending: a collected payment cannot be failed (control API)',
    code: 'payment_not_pending', param: 'paymentId',
    setup: async (h, o) => {
      const bought = await h.ok<{ paymentId: string }>('package.purchase', o, { body: { packageId: 'pkg_1000' } });
      return { paymentId: bought.paymentId };
    },
    request: (h, _o, c) => h.control('POST', `/payments/${c.paymentId ?? ''}/settle`, { outcome: 'failed' }),
  },
  {
    title: 'payment_pending: one plan payment at a time',
    code: 'payment_pending',
    setup: async (h, o) => {
      assert.equal((await card(h, 'pending')).status, 200);
      const r = await h.ok<{ status: string }>('plan.change', o, { body: { planId: 'pro', interval: 'month' } });
      assert.equal(r.status, 'pending_payment');
      return {};
    },
    request: (h, o) => h.call('plan.change', o, { body: { planId: 'pro', interval: 'year' } }),
  },
  {
    title: 'BILL-4 invoice_not_open: a paid invoice cannot be paid again',
    code: 'invoice_not_open', param: 'invoiceId',
    setup: async (h, o) => {
      const page = await h.ok<{ invoices: { id: string; status: string }[] }>('invoices.list', o);
      const paid = page.invoices.find((i) => i.status === 'paid');
      assert.ok(paid);
      return { invoiceId: paid.id };
    },
    request: (h, o, c) => h.call('invoice.pay', o, { params: { invoiceId: c.invoiceId ?? '' } }),
  },
  {
    title: 'AR-3 autorecharge_package_required: no auto-recharge without a package',
    code: 'autorecharge_package_required', param: 'enabled',
    request: (h, o) => h.call('autoRecharge.setEnabled', o, { body: { enabled: true } }),
  },
  {
    title: 'RES-4 model_not_allowed for a model outside the residency tier',
    code: 'model_not_allowed', scenario: 'strict-residency', param: 'modelId',
    setup: async (h, o) => ({ deploymentId: (await h.ok<{ id: string }[]>('deployments.list', o))[0]?.id ?? '' }),
    request: (h, o, c) => h.call('deployment.setModel', o, { params: { deploymentId: c.deploymentId ?? '' }, body: { modelId: 'gpt-5' } }),
  },
  {
    title: 'MEM-2 agent_inactive: no deployment for an agent a downgrade deactivated',
    code: 'agent_inactive', scenario: 'pending-downgrade', param: 'agentId',
    setup: async (h, o) => {
      const [kept = '', dropped = ''] = await agentIds(h, o);
      await h.ok('plan.change', o, { body: { planId: 'lite', interval: 'month', keep: { memberIds: [], agentIds: [kept] } } });
      await h.toPeriodEnd();
      return { dropped };
    },
    request: (h, o, c) => h.call('deployment.create', o, { body: { agentId: c.dropped, name: 'Revived', channel: 'chat', modelId: 'gpt-5-mini' } }),
  },
  {
    title: 'idempotency_key_reused: the same key for a different request',
    code: 'idempotency_key_reused', param: 'Idempotency-Key',
    setup: async (h, o) => {
      const key = freshKey();
      await h.ok('package.purchase', o, { body: { packageId: 'pkg_1000' }, key });
      return { key };
    },
    request: (h, o, c) => h.call('package.purchase', o, { body: { packageId: 'pkg_5000' }, key: c.key ?? '' }),
  },
  // — 422 —
  {
    title: 'ORG-8 confirmation_mismatch when the typed ID is wrong',
    code: 'confirmation_mismatch', param: 'confirm',
    request: (h, o) => h.call('org.delete', o, { body: { confirm: 'acme' } }),
  },
  // — 5xx (injected by the control API) —
  {
    title: 'internal_error for an injected failure',
    code: 'internal_error',
    setup: async (h) => {
      assert.equal((await h.control('PUT', '/faults', { failNext: 1 })).status, 200);
      return {};
    },
    request: (h, o) => h.call('org.get', o),
  },
  {
    title: 'service_unavailable for an injected error rate of 1',
    code: 'service_unavailable',
    setup: async (h) => {
      assert.equal((await h.control('PUT', '/faults', { errorRate: 1 })).status, 200);
      return {};
    },
    request: (h, o) => h.call('org.get', o),
  },
];

describe('error codes through HTTP: status from the one table, the one error shape, nothing changed', () => {
  test('every code of the contract is exercised (except those no operation can produce)', () => {
    const covered = new Set(CASES.map((c) => c.code));
    const missing = ERROR_CODES.filter((c) => !covered.has(c) && !NEVER_PRODUCED.includes(c));
    assert.deepEqual(missing, []);
  });

  for (const c of CASES) {
    test(`${c.title} → ${c.code}`, async () => {
      const h = Harness.create(c.scenario ?? 'standard-team');
      const owner = h.backend.controlState().people[0]?.userId ?? '';
      const ctx = c.setup ? await c.setup(h, owner) : {};
      const before = h.snapshot();
      const r = await c.request(h, owner, ctx);
      assertError(r, c.code, { ...(c.param === undefined ? {} : { param: c.param }), ...(c.meta === undefined ? {} : { meta: c.meta }) });
      assert.equal(h.snapshot(), before, `a refused request (${c.code}) must change nothing`);
    });
  }
});

describe('identity', () => {
  test('the session cookie identifies the caller like a bearer token', async () => {
    const h = Harness.create();
    const adrian = h.user('adrian');
    const r = await h.call('session', null, { headers: { Cookie: `theme=dark; orgkit_session=${encodeURIComponent(`orgkit-mock.${adrian}`)}` } });
    assertSuccess('session', r);
    assert.equal((r.body as { user: { id: string } }).user.id, adrian);
  });

  test('without credentials the acting user (control API act-as) is the caller', async () => {
    const h = Harness.create();
    const bea = h.user('bea');
    assert.equal((await h.control('POST', '/act-as', { userId: bea })).status, 200);
    const r = await h.call('session', null);
    assert.equal((r.body as { user: { id: string } }).user.id, bea);
  });

  test('a bearer token wins over the acting user', async () => {
    const h = Harness.create();
    const r = await h.call('session', h.user('bea'));
    assert.equal((r.body as { user: { id: string } }).user.id, h.user('bea'));
  });
});

describe('idempotent replay', () => {
  test('PKG-4 a replayed purchase returns the same body with Idempotent-Replayed: true and changes nothing', async () => {
    const h = Harness.create();
    const o = h.user('olivia');
    const key = freshKey();
    const first = await h.call('package.purchase', o, { body: { packageId: 'pkg_1000' }, key });
    assertSuccess('package.purchase', first);
    assert.equal(first.headers.get('Idempotent-Replayed'), null);
    const before = h.snapshot();
    const balance = (await h.ok<{ balance: number }>('balance.get', o)).balance;
    const again = await h.call('package.purchase', o, { body: { packageId: 'pkg_1000' }, key });
    assertSuccess('package.purchase', again);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(h.snapshot(), before, 'a replay changes nothing');
    assert.equal((await h.ok<{ balance: number }>('balance.get', o)).balance, balance, 'credits granted once');
  });

  test('a replay of an optional-key mutation (invite) is answered from the first result', async () => {
    const h = Harness.create('pending-downgrade');
    const o = h.user('olivia');
    const key = freshKey();
    const body = { email: 'once@elsewhere.test', role: 'member' };
    const first = await h.call('invite.create', o, { body, key });
    assertSuccess('invite.create', first);
    const before = h.snapshot();
    const again = await h.call('invite.create', o, { body, key });
    assertSuccess('invite.create', again);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(h.snapshot(), before);
  });

  test('the same key from another user is not a replay of the first user’s request', async () => {
    const h = Harness.create();
    const key = freshKey();
    await h.ok('package.purchase', h.user('olivia'), { body: { packageId: 'pkg_1000' }, key });
    const r = await h.call('package.purchase', h.user('adrian'), { body: { packageId: 'pkg_1000' }, key });
    assertSuccess('package.purchase', r);
    assert.equal(r.headers.get('Idempotent-Replayed'), null);
  });

  test('a malformed Idempotency-Key is a validation_failed naming the header', async () => {
    const h = Harness.create();
    const before = h.snapshot();
    const r = await h.call('package.purchase', h.user('olivia'), { body: { packageId: 'pkg_1000' }, key: 'has spaces' });
    assertError(r, 'validation_failed', { param: 'Idempotency-Key' });
    assert.equal(h.snapshot(), before);
  });
});
