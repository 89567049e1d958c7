import * as z from 'zod/mini';
import * as E from './entities.js';
import { RESIDENCY_TIERS, USAGE_GROUPINGS, USAGE_UNITS } from './enums.js';
import * as R from './requests.js';

/**
 * The API: every route of OrgKit, relative to API_BASE. One table serves the mock's handlers, the typed client,
 * the OpenAPI document and the conformance suite, so they cannot drift apart. Route names are the operations'
 * names (the mock engine answers each under the same name).
 *
 * Identity: `Authorization: Bearer <token>` (or the host's cookie session). Money and credit mutations require an
 * `Idempotency-Key` header; every other mutation accepts one (a replay returns the first answer).
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: Method;
  /** Path template with `:param` segments, relative to API_BASE. */
  path: string;
  summary: string;
  /** Rule IDs this route enforces (documentation and conformance). */
  rules: readonly string[];
  body?: z.core.$ZodType;
  query?: z.core.$ZodType;
  response: z.core.$ZodType;
  /** 201 for creations, else 200. */
  status?: 200 | 201;
  idempotency?: 'required';
  /** Callable without a signed-in user (sign-up, accepting an invite as a new account). */
  public?: boolean;
}

const route = <const T extends RouteDef>(def: T): T => def;
const Days = z.coerce.number();
const Limit = z.optional(z.coerce.number());

export const ROUTES = {
  // — Session and organizations —
  session: route({ method: 'GET', path: '/session', summary: 'The caller, their organizations and per organization their capabilities', rules: ['ROLE-8', 'ORG-9'], response: E.Session }),
  'account.signUp': route({ method: 'POST', path: '/signup', summary: 'Create an account and its first organization (Free, owner, billing holder)', rules: ['ORG-1'], body: R.SignUpBody, response: E.SignUpResult, status: 201, public: true }),
  'org.create': route({ method: 'POST', path: '/orgs', summary: 'Create another organization', rules: ['ORG-1', 'ORG-9'], body: R.CreateOrgBody, response: E.Organization, status: 201 }),
  'org.get': route({ method: 'GET', path: '/orgs/:orgId', summary: 'An organization', rules: ['ORG-2'], response: E.Organization }),
  'org.delete': route({ method: 'DELETE', path: '/orgs/:orgId', summary: 'Delete the organization (owner only; type its ID to confirm)', rules: ['ORG-8'], body: R.DeleteOrgBody, response: E.OrgDeleted }),
  'settings.get': route({ method: 'GET', path: '/orgs/:orgId/settings', summary: 'The General page', rules: ['ORG-2', 'ORG-3'], response: E.Settings }),
  'org.updateSettings': route({ method: 'PATCH', path: '/orgs/:orgId/settings', summary: 'Edit name, logo, notification email, features, chat visibility', rules: ['ORG-3', 'ORG-4', 'ORG-6', 'ORG-7'], body: R.UpdateSettingsBody, response: E.Settings }),
  'org.updateBillingIdentity': route({ method: 'PUT', path: '/orgs/:orgId/billing-identity', summary: 'Billing identity, synced to the payment provider', rules: ['ORG-5', 'BILL-2'], body: R.BillingIdentityBody, response: E.BillingIdentityResult }),
  'org.setResidency': route({ method: 'PUT', path: '/orgs/:orgId/residency', summary: 'Save the data-residency tier; flags deployments that no longer comply', rules: ['RES-2', 'RES-3', 'RES-4'], body: R.ResidencyBody, response: E.ResidencyResult }),
  'residency.preview': route({ method: 'GET', path: '/orgs/:orgId/residency/preview', summary: 'What a tier would make unavailable or flag', rules: ['RES-4'], query: z.object({ tier: z.enum(RESIDENCY_TIERS) }), response: E.ResidencyPreview }),
  'org.leave': route({ method: 'POST', path: '/orgs/:orgId/leave', summary: 'Leave the organization', rules: ['MEM-6', 'BR-6'], response: E.OrgLeft }),

  // — Members and invites —
  'members.list': route({ method: 'GET', path: '/orgs/:orgId/members', summary: 'Members, seats and any pending billing-role transfer', rules: ['ROLE-4', 'MEM-1', 'MEM-7'], response: E.MemberList }),
  'member.changeRole': route({ method: 'PATCH', path: '/orgs/:orgId/members/:userId', summary: 'Change a member’s role', rules: ['MEM-5', 'OWN-2'], body: R.ChangeRoleBody, response: E.Member }),
  'member.remove': route({ method: 'DELETE', path: '/orgs/:orgId/members/:userId', summary: 'Remove a member', rules: ['MEM-4', 'OWN-2'], response: E.MemberRemoved }),
  'member.reactivate': route({ method: 'POST', path: '/orgs/:orgId/members/:userId/reactivate', summary: 'Reactivate a deactivated member (takes a seat)', rules: ['MEM-3'], response: E.Member }),
  'ownership.transfer': route({ method: 'POST', path: '/orgs/:orgId/ownership', summary: 'Transfer ownership (support, or the owner under POL-OWN-SELF)', rules: ['OWN-1', 'POL-OWN-SELF'], body: z.strictObject({ userId: R.Id }), response: E.OwnershipTransferred }),
  'invites.list': route({ method: 'GET', path: '/orgs/:orgId/invites', summary: 'Pending (and expired, not yet cleaned) invites', rules: ['INV-7'], response: z.array(E.Invite) }),
  'invite.create': route({ method: 'POST', path: '/orgs/:orgId/invites', summary: 'Invite someone', rules: ['INV-1', 'INV-2', 'INV-3', 'INV-5'], body: R.InviteBody, response: E.Invite, status: 201 }),
  'invite.revoke': route({ method: 'DELETE', path: '/orgs/:orgId/invites/:inviteId', summary: 'Revoke a pending invite', rules: ['INV-7'], response: E.Invite }),
  'invite.accept': route({ method: 'POST', path: '/invites/:inviteId/accept', summary: 'Accept an invite (signed in as the invitee, or as a new account)', rules: ['INV-4', 'INV-6', 'INV-8'], body: R.AcceptInviteBody, response: E.InviteAccepted, public: true }),
  'billingTransfer.start': route({ method: 'POST', path: '/orgs/:orgId/billing-transfers', summary: 'Offer the billing role to a member', rules: ['BR-3', 'BR-4', 'BR-5'], body: R.BillingTransferBody, response: E.BillingTransfer, status: 201 }),
  'billingTransfer.accept': route({ method: 'POST', path: '/orgs/:orgId/billing-transfers/:transferId/accept', summary: 'Accept the billing role', rules: ['BR-5'], response: E.BillingTransferAccepted }),
  'billingTransfer.decline': route({ method: 'POST', path: '/orgs/:orgId/billing-transfers/:transferId/decline', summary: 'Decline the billing role', rules: ['BR-5'], response: E.BillingHolder }),
  'billingTransfer.cancel': route({ method: 'POST', path: '/orgs/:orgId/billing-transfers/:transferId/cancel', summary: 'Cancel a transfer you started', rules: ['BR-5'], response: E.BillingHolder }),

  // — Plans, checkout, invoices —
  'plans.list': route({ method: 'GET', path: '/orgs/:orgId/plans', summary: 'Plan cards with prices in the organization’s currency, limits and a recommendation', rules: ['PLAN-1', 'PLAN-2', 'PLAN-3', 'PLAN-5'], response: E.PlanList }),
  'subscription.get': route({ method: 'GET', path: '/orgs/:orgId/subscription', summary: 'Plan, reset date, meters, pending change', rules: ['PLAN-4', 'CHG-7'], response: E.Subscription }),
  'plan.preview': route({ method: 'POST', path: '/orgs/:orgId/subscription/preview', summary: 'What a plan change would cost and do', rules: ['CHG-2', 'CHG-4', 'CHG-6'], body: R.PlanPreviewBody, response: E.PlanPreview }),
  'plan.change': route({ method: 'POST', path: '/orgs/:orgId/subscription/change', summary: 'Change plan or billing interval (prorated now, or at period end)', rules: ['CHG-1', 'CHG-2', 'CHG-4', 'CHG-5', 'CHG-6'], body: R.PlanChangeBody, response: E.PlanChangeResult, idempotency: 'required' }),
  'plan.keepCurrent': route({ method: 'POST', path: '/orgs/:orgId/subscription/keep', summary: 'Keep my plan: undo a pending change', rules: ['CHG-5'], response: E.Subscription }),
  'checkout.start': route({ method: 'POST', path: '/orgs/:orgId/checkout-sessions', summary: 'Open a checkout (Free → paid, or a package without a saved card)', rules: ['CHG-3', 'PKG-3'], body: R.CheckoutBody, response: E.CheckoutSession, status: 201, idempotency: 'required' }),
  'checkout.get': route({ method: 'GET', path: '/orgs/:orgId/checkout-sessions/:checkoutId', summary: 'A checkout session’s state', rules: ['CHG-3'], response: E.CheckoutSession }),
  'invoices.list': route({ method: 'GET', path: '/orgs/:orgId/invoices', summary: 'Invoices, newest first', rules: ['BILL-1', 'BILL-2', 'BILL-3'], query: z.object({ limit: Limit, cursor: z.optional(z.string()) }), response: E.InvoicePage }),
  'invoice.pay': route({ method: 'POST', path: '/orgs/:orgId/invoices/:invoiceId/pay', summary: 'Pay an open (past-due) invoice with the saved card', rules: ['BILL-4'], response: E.InvoicePaid, idempotency: 'required' }),

  // — Credits —
  'balance.get': route({ method: 'GET', path: '/orgs/:orgId/balance', summary: 'The balance hero', rules: ['CRD-1', 'CRD-5', 'CRD-7', 'USE-2'], response: E.Balance }),
  'credits.get': route({ method: 'GET', path: '/orgs/:orgId/credits', summary: 'Credit blocks in debit order and this cycle’s totals', rules: ['CRD-2', 'CRD-4', 'USE-4'], response: E.Credits }),
  'packages.list': route({ method: 'GET', path: '/orgs/:orgId/packages', summary: 'Credit packages and auto-recharge', rules: ['PKG-1', 'PKG-2', 'CRD-8', 'AR-1'], response: E.PackageList }),
  'package.purchase': route({ method: 'POST', path: '/orgs/:orgId/purchases', summary: 'Buy a package with the saved card (or get a checkout)', rules: ['PKG-1', 'PKG-3', 'PKG-4', 'PKG-5'], body: R.PurchaseBody, response: E.PurchaseResult, status: 201, idempotency: 'required' }),
  'autoRecharge.setPackage': route({ method: 'PUT', path: '/orgs/:orgId/auto-recharge/package', summary: 'Choose (or clear) the recharge package', rules: ['AR-2', 'AR-3', 'AR-4'], body: R.AutoRechargePackageBody, response: E.AutoRecharge }),
  'autoRecharge.setEnabled': route({ method: 'PUT', path: '/orgs/:orgId/auto-recharge/enabled', summary: 'Turn auto-recharge on or off', rules: ['AR-2', 'AR-3', 'AR-4', 'AR-5'], body: R.AutoRechargeEnabledBody, response: E.AutoRecharge }),

  // — Usage, caps, alerts —
  'usage.timeseries': route({ method: 'GET', path: '/orgs/:orgId/usage/timeseries', summary: 'Usage per day over 1–365 days, by channel, agent, member or model', rules: ['USE-1', 'USE-3', 'USE-5'], query: z.object({ days: Days, unit: z.optional(z.enum(USAGE_UNITS)), groupBy: z.optional(z.enum(USAGE_GROUPINGS)) }), response: E.Timeseries }),
  'usage.summary': route({ method: 'GET', path: '/orgs/:orgId/usage/summary', summary: 'Summary cards for a period', rules: ['USE-1'], query: z.object({ days: Days }), response: E.UsageSummary }),
  'usage.breakdown': route({ method: 'GET', path: '/orgs/:orgId/usage/breakdown', summary: 'Per agent × channel × category', rules: ['USE-1'], query: z.object({ days: Days }), response: E.Breakdown }),
  'usage.events': route({ method: 'GET', path: '/orgs/:orgId/usage/events', summary: 'Recent activity, newest first', rules: ['USE-1'], query: z.object({ limit: Limit, cursor: z.optional(z.string()) }), response: E.UsageEventPage }),
  'usage.record': route({ method: 'POST', path: '/orgs/:orgId/usage', summary: 'Record usage (a member’s own internal chat; agents’ runtimes use the same route)', rules: ['CRD-3', 'CRD-5', 'CAP-1', 'CAP-2'], body: R.RecordUsageBody, response: E.UsageRecorded, status: 201 }),
  'caps.get': route({ method: 'GET', path: '/orgs/:orgId/caps', summary: 'Spend caps with this cycle’s spend, and the low-balance alert', rules: ['CAP-1', 'CAP-2', 'CAP-3'], response: E.Caps }),
  'caps.setMember': route({ method: 'PUT', path: '/orgs/:orgId/caps/members/:userId', summary: 'Set or clear a member’s monthly cap', rules: ['CAP-1', 'CAP-4'], body: R.CapBody, response: E.MemberCap }),
  'caps.setAgent': route({ method: 'PUT', path: '/orgs/:orgId/caps/agents/:agentId', summary: 'Set or clear an agent’s monthly cap', rules: ['CAP-2', 'CAP-4'], body: R.CapBody, response: E.AgentCap }),
  'alerts.configure': route({ method: 'PUT', path: '/orgs/:orgId/alerts', summary: 'Low-balance alert threshold and recipients', rules: ['CAP-3', 'CAP-4'], body: R.AlertsBody, response: E.Alerts }),
  'notifications.list': route({ method: 'GET', path: '/orgs/:orgId/notifications', summary: 'Notifications sent (low balance, auto-recharge paused)', rules: ['CAP-3', 'AR-5'], response: z.array(E.Notification) }),

  // — Agents, deployments, models, knowledge, chats —
  'models.list': route({ method: 'GET', path: '/orgs/:orgId/models', summary: 'Models allowed by the residency tier', rules: ['RES-4', 'RES-5', 'CRD-6'], response: E.ModelList }),
  'agents.list': route({ method: 'GET', path: '/orgs/:orgId/agents', summary: 'Agents', rules: ['ROLE-4'], response: z.array(E.Agent) }),
  'agent.create': route({ method: 'POST', path: '/orgs/:orgId/agents', summary: 'Create an agent (within the plan’s limit)', rules: ['PLAN-6'], body: R.CreateAgentBody, response: E.Agent, status: 201 }),
  'deployments.list': route({ method: 'GET', path: '/orgs/:orgId/deployments', summary: 'Deployments (flagged when their model breaks the residency tier)', rules: ['RES-4'], response: z.array(E.Deployment) }),
  'deployment.create': route({ method: 'POST', path: '/orgs/:orgId/deployments', summary: 'Create a deployment', rules: ['PLAN-6', 'RES-4'], body: R.CreateDeploymentBody, response: E.Deployment, status: 201 }),
  'deployment.setModel': route({ method: 'PATCH', path: '/orgs/:orgId/deployments/:deploymentId', summary: 'Change a deployment’s model', rules: ['RES-4'], body: R.SetDeploymentModelBody, response: E.Deployment }),
  'knowledge.add': route({ method: 'POST', path: '/orgs/:orgId/knowledge', summary: 'Add a knowledge source (metered in pages and MB)', rules: ['PLAN-3', 'PLAN-6'], body: R.AddKnowledgeBody, response: E.KnowledgeAdded, status: 201 }),
  'chats.list': route({ method: 'GET', path: '/orgs/:orgId/chats', summary: 'Internal chats: mine, or all with oversight', rules: ['ROLE-6'], query: z.object({ scope: z.optional(z.enum(['mine', 'all'])) }), response: z.array(E.Chat) }),
  'chat.create': route({ method: 'POST', path: '/orgs/:orgId/chats', summary: 'Start an internal chat', rules: ['ORG-7'], body: R.CreateChatBody, response: E.Chat, status: 201 }),
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;
export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

/** The response type of a route. */
export type ResponseOf<N extends RouteName> = z.infer<Routes[N]['response']>;
/** The request body type of a route (never when it takes none). */
export type BodyOf<N extends RouteName> = Routes[N] extends { body: infer B extends z.core.$ZodType } ? z.input<B> : never;
/** The query type of a route (never when it takes none). */
export type QueryOf<N extends RouteName> = Routes[N] extends { query: infer Q extends z.core.$ZodType } ? z.input<Q> : never;

export { fillPath, pathParams } from './routes.js';
