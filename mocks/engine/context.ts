import type { Capability, CrashPoint, Role } from '@orgkit/contract';
import { fail } from './errors.js';
import type { Policy } from './policy.js';
import type { EngineState, Membership, Org } from './state.js';

/** Who is calling: a signed-in user, the system (control API, support, payment webhooks), or nobody. */
export type Actor = { kind: 'user'; userId: string } | { kind: 'system' } | { kind: 'anonymous' };

export const SYSTEM: Actor = Object.freeze({ kind: 'system' });
export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });
export const asUser = (userId: string): Actor => ({ kind: 'user', userId });

/** What every command and query runs with. Handlers read `now` from here, never from a clock of their own. */
export interface Ctx {
  readonly state: EngineState;
  readonly now: number;
  readonly policy: Policy;
  readonly actor: Actor;
  /**
   * The idempotency scope of the request (actor + key), when it sent one: money commands stamp it on the payments
   * they open, so a retry after a crash resumes from the collected payment instead of charging again.
   */
  readonly requestKey?: string;
  /** Marks a step of the request; an injected crash (RunOptions.crashAfter) throws InjectedCrash here. */
  readonly checkpoint?: (point: CrashPoint) => void;
}

/** The next deterministic id. Only call it once every check of a command has passed (it writes `seq`). */
export function nextId(state: EngineState, prefix: string): string {
  state.seq += 1;
  return `${prefix}_${state.seq.toString(36)}`;
}

const OWNER_OR_ADMIN: readonly Role[] = ['owner', 'admin'];
const BUILDERS: readonly Role[] = ['owner', 'admin', 'builder'];

/**
 * ROLE-8: the capabilities of one membership, from role + billing role + policy. The only thing elements use to
 * decide what to show; the engine checks the same list on every command, so UI and API cannot disagree.
 */
export function capabilitiesOf(org: Org, m: Membership, policy: Policy): Capability[] {
  if (m.state !== 'active') return []; // ROLE-7
  const role = m.role;
  const holder = org.billingHolderId === m.userId; // BR-2
  const manager = OWNER_OR_ADMIN.includes(role);
  const builder = BUILDERS.includes(role);
  const billingManager = policy.billingOwnerOnly ? role === 'owner' : manager; // CHG-1, PKG-5, AR-2, CAP-4
  const caps: [Capability, boolean][] = [
    ['org.read', true],
    ['settings.read', manager], // ORG-3
    ['settings.edit', manager],
    ['org.delete', role === 'owner'], // ORG-8
    ['org.leave', role !== 'owner' && !holder], // MEM-6, BR-6
    ['members.read', builder || holder], // ROLE-4 [D]; BR-4: the holder picks a recipient from the list
    ['members.invite', manager], // INV-2
    ['members.manage', manager], // MEM-3/4/5
    ['ownership.transfer', policy.ownSelf && role === 'owner'], // OWN-1 / POL-OWN-SELF
    ['billing.summary', builder || holder], // ROLE-4, USE-2
    ['billing.read', manager || holder], // BR-2
    ['billing.transfer', holder], // BR-3
    ['plans.change', billingManager],
    ['credits.purchase', billingManager],
    ['autorecharge.manage', billingManager],
    ['caps.manage', billingManager],
    ['invoices.read', billingManager || holder], // BILL-3
    ['usage.read', manager || holder], // USE-1/2
    ['residency.edit', manager], // RES-3
    ['agents.manage', builder], // ROLE-4
    ['deployments.read', builder],
    ['deployments.manage', manager], // ROLE-3
    ['chat.internal', true], // ROLE-5
    ['chat.oversight', manager], // ROLE-6
  ];
  return caps.filter(([, ok]) => ok).map(([c]) => c);
}

export function orgOf(state: EngineState, orgId: string): Org {
  const org = state.orgs[orgId];
  if (!org) fail('org_not_found', 'Organization not found.', { param: 'orgId' });
  return org;
}

export function userIdOf(ctx: Ctx): string {
  if (ctx.actor.kind === 'user') {
    if (!ctx.state.users[ctx.actor.userId]) fail('unauthenticated', 'Sign in to continue.');
    return ctx.actor.userId;
  }
  if (ctx.actor.kind === 'system') fail('forbidden', 'This action must be taken by a signed-in user.');
  return fail('unauthenticated', 'Sign in to continue.');
}

export function requireSystem(ctx: Ctx): void {
  if (ctx.actor.kind === 'anonymous') fail('unauthenticated', 'Sign in to continue.');
  if (ctx.actor.kind !== 'system') fail('forbidden', 'Only the system (support or the mock control API) can do this.');
}

export interface Access {
  org: Org;
  /** The caller's membership; null when the system is acting. */
  me: Membership | null;
}

/**
 * Every organization-scoped command and query starts here. Non-members get 404 (no existence leak), deactivated
 * members get `org_access_blocked` on every route (ROLE-7), members without the capability get `forbidden` (ROLE-5).
 */
export function authorize(ctx: Ctx, orgId: string, capability: Capability | null, opts: { allowSystem?: boolean } = {}): Access {
  if (ctx.actor.kind === 'anonymous') fail('unauthenticated', 'Sign in to continue.');
  const org = orgOf(ctx.state, orgId);
  if (ctx.actor.kind === 'system') {
    if (opts.allowSystem === false) fail('forbidden', 'This action must be taken by a member of the organization.');
    return { org, me: null };
  }
  const me = org.members[ctx.actor.userId];
  if (!me) fail('org_not_found', 'Organization not found.', { param: 'orgId' });
  if (me.state !== 'active') {
    fail('org_access_blocked', 'Your access to this organization is blocked. Ask an owner or admin to reactivate you.');
  }
  if (capability && !capabilitiesOf(org, me, ctx.policy).includes(capability)) {
    fail('forbidden', `Your role does not allow this (${capability}).`, { meta: { capability } });
  }
  return { org, me };
}

/** authorize() for actions a person must take themselves (the system cannot act as a member). */
export function authorizeMember(ctx: Ctx, orgId: string, capability: Capability | null): { org: Org; me: Membership } {
  const { org, me } = authorize(ctx, orgId, capability, { allowSystem: false });
  if (!me) return fail('forbidden', 'This action must be taken by a member of the organization.');
  return { org, me };
}

export function ownerOf(org: Org): Membership {
  for (const m of Object.values(org.members)) if (m.role === 'owner') return m;
  throw new Error(`invariant broken: organization ${org.id} has no owner`);
}
