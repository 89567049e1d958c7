import type { Currency } from '@orgkit/contract';
import {
  BillingIdentityBody,
  CreateChatBody,
  CreateOrgBody,
  DeleteOrgBody,
  orgNameProblem,
  ResidencyBody,
  SignUpBody,
  UpdateSettingsBody,
} from '@orgkit/contract';
import { grantAllowance, newSubscription } from '../billing.js';
import { modelAllowed, readTier } from '../catalog.js';
import type { Ctx } from '../context.js';
import { authorizeMember, nextId, userIdOf } from '../context.js';
import { defineCommand, orgScoped, OrgOnly } from '../define.js';
import { fail } from '../errors.js';
import { addMembership, deleteMembership, orgsOfUser } from '../membership.js';
import type { BillingIdentity, Org, User } from '../state.js';
import { chatView, orgView, settingsView } from '../views.js';

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base || 'org';
}

function uniqueSlug(ctx: Ctx, name: string): string {
  const taken = new Set(Object.values(ctx.state.orgs).map((o) => o.slug));
  const base = slugify(name);
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${String(n)}`;
  return slug;
}

/** ORG-4, the authority: the same check the elements run before a round trip. */
export function checkOrgName(name: string, param = 'name'): string {
  const problem = orgNameProblem(name);
  if (problem) fail('invalid_org_name', problem, { param });
  return name.trim();
}

/** ORG-1: a new organization on Free, with its creator as owner and billing-role holder. */
export function createOrganization(ctx: Ctx, ownerId: string, name: string, currency: Currency): Org {
  const id = nextId(ctx.state, 'org');
  const org: Org = {
    id,
    slug: uniqueSlug(ctx, name),
    name,
    createdAt: ctx.now,
    currency,
    logoUrl: null,
    notificationEmail: null,
    features: { regularChat: true, endlessChat: false },
    internalChatVisibility: 'private',
    residency: 'global',
    billingIdentity: null,
    providerSyncs: [],
    members: {},
    billingHolderId: ownerId,
    billingTransfer: null,
    subscription: newSubscription(ctx.now),
    paymentMethod: null,
    blocks: [],
    payments: {},
    checkouts: {},
    invoices: [],
    autoRecharge: { packageId: null, enabled: false, failures: 0, paused: false, pendingPaymentId: null },
    caps: { members: {}, agents: {} },
    alerts: { thresholdPct: ctx.policy.lowBalanceDefaultPct, recipientIds: null, armed: true },
    notifications: [],
    cycleSpend: { total: 0, members: {}, agents: {} },
    usage: { events: [], daily: {} },
    agents: {},
    deployments: {},
    knowledge: [],
    chats: {},
    seats: { since: ctx.now, seatMs: 0 },
  };
  ctx.state.orgs[id] = org;
  addMembership(org, ownerId, 'owner', ctx.now);
  grantAllowance(ctx, org, ctx.now);
  return org;
}

/**
 * ORG-1 [D]: every account belongs to at least one organization. Someone left with none (they left, were removed,
 * or their organization was deleted) gets a fresh Free organization, exactly as at sign-up.
 */
export function ensureHasOrg(ctx: Ctx, userId: string): void {
  if (ctx.state.users[userId] && orgsOfUser(ctx.state, userId).length === 0) {
    createOrganization(ctx, userId, 'My organization', 'USD');
  }
}

export function createUser(ctx: Ctx, email: string, name: string): User {
  const user: User = { id: nextId(ctx.state, 'usr'), email: email.toLowerCase(), name, createdAt: ctx.now };
  ctx.state.users[user.id] = user;
  return user;
}

export function findUserByEmail(ctx: Ctx, email: string): User | undefined {
  const needle = email.toLowerCase();
  return Object.values(ctx.state.users).find((u) => u.email === needle);
}

const BILLING_FIELDS = ['email', 'name', 'country', 'address', 'postalCode', 'city', 'taxId'] as const;

export const orgCommands = {
  /** ORG-1: signing up creates the account and its first organization. */
  'account.signUp': defineCommand({
    input: SignUpBody,
    run(ctx, input) {
      if (ctx.actor.kind === 'user') fail('forbidden', 'You are already signed in.');
      const name = checkOrgName(input.orgName, 'orgName');
      if (findUserByEmail(ctx, input.email)) {
        fail('already_member', 'An account with this email already exists; sign in instead.', { param: 'email' });
      }
      const user = createUser(ctx, input.email, input.name);
      const org = createOrganization(ctx, user.id, name, input.currency ?? 'USD');
      return { userId: user.id, orgId: org.id };
    },
  }),

  /** ORG-9: a user may belong to several organizations. */
  'org.create': defineCommand({
    input: CreateOrgBody,
    run(ctx, input) {
      const userId = userIdOf(ctx);
      const name = checkOrgName(input.name);
      return orgView(createOrganization(ctx, userId, name, input.currency ?? 'USD'));
    },
  }),

  /** ORG-2/3/4/6/7: the General page. The slug is read-only (not part of the body). */
  'org.updateSettings': defineCommand({
    input: orgScoped(UpdateSettingsBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'settings.edit');
      const name = input.name === undefined ? undefined : checkOrgName(input.name);
      if (name !== undefined) org.name = name;
      if (input.logoUrl !== undefined) org.logoUrl = input.logoUrl;
      if (input.notificationEmail !== undefined) org.notificationEmail = input.notificationEmail?.toLowerCase() ?? null;
      if (input.features?.regularChat !== undefined) org.features.regularChat = input.features.regularChat;
      if (input.features?.endlessChat !== undefined) org.features.endlessChat = input.features.endlessChat;
      // ORG-7: only chats created from now on take the new default (each chat keeps its own visibility).
      if (input.internalChatVisibility !== undefined) org.internalChatVisibility = input.internalChatVisibility;
      return settingsView(org);
    },
  }),

  /** ORG-5 / BILL-2: billing identity; changes are propagated to the payment provider (recorded as a sync). */
  'org.updateBillingIdentity': defineCommand({
    input: orgScoped(BillingIdentityBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'settings.edit');
      const next: BillingIdentity = {
        email: input.email.toLowerCase(),
        name: input.name,
        country: input.country,
        address: input.address,
        postalCode: input.postalCode,
        city: input.city,
        taxId: input.taxId ?? null,
      };
      const before = org.billingIdentity;
      const changed = BILLING_FIELDS.filter((f) => (before ? before[f] : null) !== next[f]);
      if (changed.length > 0) {
        org.billingIdentity = next;
        org.providerSyncs.push({ at: ctx.now, fields: [...changed] });
      }
      return { ...settingsView(org), synced: [...changed] };
    },
  }),

  /** RES-2/3/4: save the tier; flag deployments whose model no longer complies (and unflag those that do again). */
  'org.setResidency': defineCommand({
    input: orgScoped(ResidencyBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'residency.edit');
      org.residency = input.tier;
      const flagged: string[] = [];
      for (const d of Object.values(org.deployments)) {
        const model = ctx.state.models[d.modelId];
        d.flagged = !model || !modelAllowed(model, readTier(org.residency));
        if (d.flagged) flagged.push(d.id);
      }
      return { tier: input.tier, flaggedDeploymentIds: flagged };
    },
  }),

  /** ORG-8: owner only, with the slug typed as confirmation. */
  'org.delete': defineCommand({
    input: orgScoped(DeleteOrgBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'org.delete');
      if (input.confirm.trim() !== org.slug) {
        fail('confirmation_mismatch', `Type the organization ID "${org.slug}" to confirm.`, { param: 'confirm' });
      }
      const memberIds = Object.keys(org.members);
      delete ctx.state.orgs[org.id];
      for (const [id, invite] of Object.entries(ctx.state.invites)) if (invite.orgId === org.id) delete ctx.state.invites[id];
      for (const id of memberIds) ensureHasOrg(ctx, id);
      return { orgId: org.id, deleted: true };
    },
  }),

  /** MEM-6 / BR-6: any non-owner may leave, except while holding the billing role. */
  'org.leave': defineCommand({
    input: OrgOnly,
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, null);
      if (me.role === 'owner') {
        fail('owner_cannot_leave', 'The owner cannot leave the organization; ownership must be transferred first.');
      }
      if (org.billingHolderId === me.userId) {
        fail('billing_role_held', 'You hold the billing role. Transfer it to another member before you leave.');
      }
      deleteMembership(ctx, org, me.userId);
      ensureHasOrg(ctx, me.userId);
      return { orgId: org.id, left: true };
    },
  }),

  /** ORG-7: a new internal chat takes the organization's visibility default at creation. */
  'chat.create': defineCommand({
    input: orgScoped(CreateChatBody),
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'chat.internal');
      const id = nextId(ctx.state, 'chat');
      const chat = { id, memberId: me.userId, title: input.title, message: input.message, visibility: org.internalChatVisibility, createdAt: ctx.now };
      org.chats[id] = chat;
      return chatView(chat, me.userId);
    },
  }),
};
