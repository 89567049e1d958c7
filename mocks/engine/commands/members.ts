import * as z from 'zod/mini';
import { AcceptInviteBody, BillingTransferBody, ChangeRoleBody, Id, InviteBody } from '@orgkit/contract';
import type { Ctx } from '../context.js';
import { authorize, authorizeMember, capabilitiesOf, nextId, ownerOf } from '../context.js';
import { defineCommand, orgScoped } from '../define.js';
import { fail } from '../errors.js';
import { HOUR } from '../clock.js';
import { activeCount, addMembership, deleteMembership, isOpenInvite, openInvites, reactivateMember, seatLimit } from '../membership.js';
import type { AssignableRole } from '@orgkit/contract';
import type { Invite, Membership, Org } from '../state.js';
import { inviteView, memberView, transferEntity } from '../views.js';
import { createUser, ensureHasOrg, findUserByEmail } from './orgs.js';

function memberOf(org: Org, userId: string, param = 'userId'): Membership {
  const m = org.members[userId];
  if (!m) fail('not_found', 'No such member in this organization.', { param, meta: { resource: 'member' } });
  return m;
}

/** INV-5 / MEM-3: active members plus open invites hold seats [D]; at the limit, the answer carries count and limit. */
function assertSeatFree(ctx: Ctx, org: Org, what: string): void {
  const limit = seatLimit(org, ctx.policy);
  if (limit === null) return;
  const count = activeCount(org) + openInvites(ctx.state, org.id, ctx.now).length;
  if (count >= limit) {
    fail('seat_limit_reached', `${what}: all ${String(limit)} seat${limit === 1 ? '' : 's'} of your plan are taken. Upgrade to add more.`, {
      meta: { count, limit, planId: org.subscription.planId },
    });
  }
}

function assertNotOwnerRole(role: string, param: string): void {
  if (role === 'owner') {
    fail('cannot_assign_owner', 'Owner cannot be assigned here: ownership is transferred by support.', { param });
  }
}

const InviteRef = z.strictObject({ orgId: Id, inviteId: Id });
const MemberRef = z.strictObject({ orgId: Id, userId: Id });
const TransferRef = z.strictObject({ orgId: Id, transferId: Id });

function pendingTransfer(org: Org, transferId: string) {
  const t = org.billingTransfer;
  if (!t || t.id !== transferId) fail('transfer_not_pending', 'This billing-role transfer is no longer pending.', { param: 'transferId' });
  return t;
}

export const memberCommands = {
  /** INV-1 … INV-5 */
  'invite.create': defineCommand({
    input: orgScoped(InviteBody),
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'members.invite');
      assertNotOwnerRole(input.role, 'role');
      const email = input.email.toLowerCase();
      const existing = findUserByEmail(ctx, email);
      if (existing && org.members[existing.id]) {
        fail('already_member', `${email} is already a member of this organization.`, { param: 'email' });
      }
      const open = openInvites(ctx.state, org.id, ctx.now).find((i) => i.email === email);
      if (open) {
        fail('invite_exists', `${email} already has a pending invite.`, { param: 'email', meta: { inviteId: open.id } });
      }
      const deploymentIds = [...new Set(input.deploymentIds ?? [])];
      for (const id of deploymentIds) {
        if (!org.deployments[id]?.inviteOnly) {
          fail('validation_failed', `deploymentIds: ${id} is not an invite-only deployment of this organization.`, {
            param: 'deploymentIds',
          });
        }
      }
      assertSeatFree(ctx, org, 'Cannot invite');
      const invite: Invite = {
        id: nextId(ctx.state, 'inv'), orgId: org.id, email, role: input.role as AssignableRole, deploymentIds,
        invitedBy: me.userId, createdAt: ctx.now, expiresAt: ctx.now + ctx.policy.inviteTtlHours * HOUR,
        status: 'pending', closedAt: null,
      };
      ctx.state.invites[invite.id] = invite;
      return inviteView(invite, ctx.now);
    },
  }),

  /** INV-7: pending invites can be revoked (again: a no-op); an accepted one cannot. */
  'invite.revoke': defineCommand({
    input: InviteRef,
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'members.invite');
      const invite = ctx.state.invites[input.inviteId];
      if (!invite || invite.orgId !== org.id) fail('not_found', 'No such invite.', { param: 'inviteId', meta: { resource: 'invite' } });
      if (invite.status === 'accepted') fail('invite_not_pending', 'This invite has already been accepted and cannot be revoked.');
      if (invite.status === 'pending') {
        invite.status = 'revoked';
        invite.closedAt = ctx.now;
      }
      return inviteView(invite, ctx.now);
    },
  }),

  /** INV-4/6/8: accept an open invite — as the signed-in invitee, or as a new account for the invited email. */
  'invite.accept': defineCommand({
    input: z.extend(AcceptInviteBody, { inviteId: Id }),
    run(ctx, input) {
      const invite = ctx.state.invites[input.inviteId];
      if (!invite) fail('not_found', 'No such invite.', { param: 'inviteId', meta: { resource: 'invite' } });
      if (invite.status !== 'pending') fail('invite_not_pending', `This invite was ${invite.status}.`);
      if (!isOpenInvite(invite, ctx.now)) fail('invite_expired', 'This invite has expired (invites last 72 hours). Ask for a new one.');
      const org = ctx.state.orgs[invite.orgId];
      if (!org) fail('org_not_found', 'Organization not found.');
      let userId: string | null = null;
      if (ctx.actor.kind === 'user') {
        const user = ctx.state.users[ctx.actor.userId];
        if (!user) fail('unauthenticated', 'Sign in to continue.');
        if (user.email !== invite.email) fail('invite_email_mismatch', `This invite is for ${invite.email}. Sign in with that address.`);
        userId = user.id;
      } else if (ctx.actor.kind === 'system') {
        fail('forbidden', 'An invite is accepted by the invited person.');
      } else if (findUserByEmail(ctx, invite.email)) {
        fail('unauthenticated', `Sign in as ${invite.email} to accept this invite.`);
      }
      if (userId && org.members[userId]) fail('already_member', 'You are already a member of this organization.');
      // INV-6: re-check the seat limit — this invite's own seat becomes an active one.
      const limit = seatLimit(org, ctx.policy);
      if (limit !== null && activeCount(org) >= limit) {
        fail('seat_limit_reached', 'This organization has no free seat any more. Ask an admin to upgrade or free a seat.', {
          meta: { count: activeCount(org), limit, planId: org.subscription.planId },
        });
      }
      const uid = userId ?? createUser(ctx, invite.email, input.name ?? invite.email.split('@')[0] ?? invite.email).id;
      const links = invite.deploymentIds.filter((id) => org.deployments[id] !== undefined); // INV-8
      addMembership(org, uid, invite.role, ctx.now, links);
      invite.status = 'accepted';
      invite.closedAt = ctx.now;
      return { orgId: org.id, userId: uid, role: invite.role };
    },
  }),

  /** MEM-5 / OWN-2: owner and admin set any role but owner; nobody changes their own or the owner's role. */
  'member.changeRole': defineCommand({
    input: z.extend(ChangeRoleBody, { orgId: Id, userId: Id }),
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'members.manage');
      const target = memberOf(org, input.userId);
      if (target.userId === me.userId) fail('cannot_change_own_role', 'You cannot change your own role.');
      if (target.role === 'owner') fail('cannot_change_owner_role', "The owner's role cannot be changed.");
      assertNotOwnerRole(input.role, 'role');
      target.role = input.role;
      return memberView(ctx.state, org, target);
    },
  }),

  /** MEM-4 / OWN-2: remove a membership; never yourself, never the owner. */
  'member.remove': defineCommand({
    input: MemberRef,
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'members.manage');
      const target = memberOf(org, input.userId);
      if (target.userId === me.userId) fail('cannot_remove_self', 'You cannot remove yourself; leave the organization instead.');
      if (target.role === 'owner') fail('cannot_remove_owner', 'The owner cannot be removed.');
      deleteMembership(ctx, org, target.userId);
      ensureHasOrg(ctx, target.userId);
      return { userId: target.userId, removed: true };
    },
  }),

  /** MEM-3: reactivation consumes a seat. */
  'member.reactivate': defineCommand({
    input: MemberRef,
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'members.manage');
      const target = memberOf(org, input.userId);
      if (target.state !== 'deactivated') fail('member_not_deactivated', 'This member is already active.');
      assertSeatFree(ctx, org, 'Cannot reactivate');
      reactivateMember(org, target.userId, ctx.now);
      return memberView(ctx.state, org, target);
    },
  }),

  /** OWN-1: promoting a member to owner atomically demotes the previous owner to admin (support; POL-OWN-SELF). */
  'ownership.transfer': defineCommand({
    input: MemberRef,
    run(ctx, input) {
      const { org } = authorize(ctx, input.orgId, ctx.actor.kind === 'system' ? null : 'ownership.transfer');
      const target = memberOf(org, input.userId);
      if (target.role === 'owner' || target.state !== 'active') {
        fail('ineligible_recipient', 'Ownership can only go to another active member.', { param: 'userId' });
      }
      const previous = ownerOf(org);
      previous.role = 'admin';
      target.role = 'owner';
      return { ownerId: target.userId, previousOwnerId: previous.userId };
    },
  }),

  /** BR-3/4/5: only the holder starts a transfer, to an eligible member, one at a time. */
  'billingTransfer.start': defineCommand({
    input: orgScoped(BillingTransferBody),
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'billing.transfer');
      if (org.billingTransfer) {
        fail('transfer_pending', 'A billing-role transfer is already pending. Finish or cancel it first.', {
          meta: { transferId: org.billingTransfer.id },
        });
      }
      const to = org.members[input.toUserId];
      if (!to || to.state !== 'active' || to.userId === me.userId || to.userId === org.billingHolderId) {
        fail('ineligible_recipient', 'Choose an active member other than yourself who does not hold the billing role.', {
          param: 'toUserId',
        });
      }
      const transfer = { id: nextId(ctx.state, 'btr'), fromUserId: me.userId, toUserId: to.userId, createdAt: ctx.now };
      org.billingTransfer = transfer;
      return transferEntity(transfer);
    },
  }),

  'billingTransfer.accept': defineCommand({
    input: TransferRef,
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, null);
      const t = pendingTransfer(org, input.transferId);
      if (t.toUserId !== me.userId) fail('forbidden', 'Only the recipient can accept this transfer.');
      org.billingHolderId = me.userId;
      org.billingTransfer = null;
      return { holderId: me.userId, capabilities: capabilitiesOf(org, me, ctx.policy) };
    },
  }),

  'billingTransfer.decline': defineCommand({
    input: TransferRef,
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, null);
      const t = pendingTransfer(org, input.transferId);
      if (t.toUserId !== me.userId) fail('forbidden', 'Only the recipient can decline this transfer.');
      org.billingTransfer = null;
      return { holderId: org.billingHolderId };
    },
  }),

  'billingTransfer.cancel': defineCommand({
    input: TransferRef,
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, null);
      const t = pendingTransfer(org, input.transferId);
      if (t.fromUserId !== me.userId) fail('forbidden', 'Only the member who started this transfer can cancel it.');
      org.billingTransfer = null;
      return { holderId: org.billingHolderId };
    },
  }),
};
