import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError } from '@orgkit/client';
import type { AssignableRole, BillingTransfer, Deployment, Invite, Member, MemberList } from '@orgkit/contract';
import { ASSIGNABLE_ROLES } from '@orgkit/contract/wire';
import { OrgKitElement } from './base.js';
import { Loader } from './loader.js';
import { registerMessages } from './messages.js';
import { shared, tokens } from './styles.js';
import { membersMessages } from './org-members/messages.js';
import { membersStyles, ROW_HEIGHT } from './org-members/styles.js';

registerMessages(membersMessages);

/** Rows rendered above and below the visible ones, so fast scrolling and Tab never reach an unrendered row. */
const OVERSCAN = 8;
/** The sticky header row's height (px), until measured. */
const HEAD_HEIGHT = 40;
/** The scroll container's height before it is measured (the default max-height). */
const VIEWPORT_GUESS = 480;
/** How often the invite countdown refreshes (ms). */
const TICK_MS = 30_000;

interface MembersData {
  list: MemberList;
  /** Pending invites; null without `members.invite`. */
  invites: Invite[] | null;
  /** The organization's deployments (for invite-only access); null without `deployments.read` + `members.invite`. */
  deployments: Deployment[] | null;
}

type ConfirmKind = 'remove' | 'transfer' | 'leave';
interface Confirm {
  kind: ConfirmKind;
  member: Member | null;
  error: string | null;
}
interface ShownError {
  text: string;
  /** The error was the seat limit: offer the upgrade beside it (INV-5). */
  seatLimit: boolean;
}

/**
 * The organization's people: a virtualized member table (name, email, role, state, billing role, joined), the seat
 * meter with an upgrade hint at the limit, invites (with invite-only deployments) and their expiry, role changes,
 * removal, reactivation, leaving, and the billing-role handover between its holder and another member.
 *
 * What it offers follows the current member's capabilities and the rules (never yourself, never the owner): owners
 * and admins manage, builders read, members see the no-access state and deactivated members the blocked state. The
 * server stays the authority; its refusals (seat limit, duplicates) are shown inline from the message table.
 *
 * @tag org-members
 * @summary Members, seats, invites and the billing role of an organization.
 *
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 *
 * @fires orgkit-invite-request - Cancelable, before an invite is sent (`detail: { orgId, email, role }`); `preventDefault()` vetoes it.
 * @fires orgkit-invite-sent - An invite was created (`detail: { orgId, inviteId, email, role }`).
 * @fires orgkit-invite-revoked - A pending invite was revoked (`detail: { orgId, inviteId }`).
 * @fires orgkit-member-role-changed - A member's role changed (`detail: { orgId, userId, role }`).
 * @fires orgkit-member-remove-request - Cancelable, before a member is removed (`detail: { orgId, userId }`).
 * @fires orgkit-member-removed - A member was removed (`detail: { orgId, userId }`).
 * @fires orgkit-member-reactivated - A deactivated member is active again (`detail: { orgId, userId }`).
 * @fires orgkit-org-left - The current user left the organization (`detail: { orgId }`).
 * @fires orgkit-billing-transfer-started - The billing-role holder asked someone to take it over (`detail: { orgId, transferId, toUserId }`).
 * @fires orgkit-billing-transfer-accepted - The recipient accepted; the role moved (`detail: { orgId, transferId }`).
 * @fires orgkit-billing-transfer-declined - The recipient declined (`detail: { orgId, transferId }`).
 * @fires orgkit-billing-transfer-cancelled - The holder withdrew the request (`detail: { orgId, transferId }`).
 * @fires orgkit-upgrade-request - The user asked for more seats (`detail: { orgId, reason: 'seats' }`): show your plan picker.
 *
 * @slot heading - Replaces the "Members" heading.
 * @slot no-access - Replaces the text shown to someone whose role does not include the member list.
 *
 * @csspart status - The live region announcing results ("Invite sent to …").
 * @csspart header - The heading, seat meter and invite button.
 * @csspart seat-meter - The seat meter ("3 of 3 seats"), with `role="meter"`.
 * @csspart upgrade-hint - The notice shown when every seat is taken.
 * @csspart upgrade-button - The button asking for more seats (in the hint and beside a seat-limit error).
 * @csspart invite-button - Opens the invite dialog.
 * @csspart action-error - A refused action's message (e.g. reactivation at the seat limit).
 * @csspart transfer - The pending billing-role handover, with Cancel (holder) or Accept / Decline (recipient).
 * @csspart transfer-accept - The recipient's Accept button.
 * @csspart transfer-decline - The recipient's Decline button.
 * @csspart transfer-cancel - The holder's Cancel button.
 * @csspart table-scroll - The scroll container of the member table (max height `--orgkit-members-max-height`).
 * @csspart table - The member table.
 * @csspart row - A member row (also `row-self` for your own, `row-deactivated` for a deactivated member).
 * @csspart role-select - A member's role picker (where the role may be changed).
 * @csspart state-badge - A member's state (active, deactivated).
 * @csspart billing-badge - The billing-role holder's badge.
 * @csspart remove-button - Removes a member (after confirmation).
 * @csspart reactivate-button - Reactivates a deactivated member.
 * @csspart transfer-button - Offers the billing role to a member (shown to its holder).
 * @csspart pending-invites - The pending invites section.
 * @csspart invite - One pending invite.
 * @csspart invite-expiry - An invite's countdown ("expires in 3 days").
 * @csspart invite-expired - The badge of an expired invite.
 * @csspart revoke-button - Revokes a pending invite.
 * @csspart leave - The leave section.
 * @csspart leave-button - Leave the organization (after confirmation).
 * @csspart leave-blocked - Why leaving is not possible right now (holding the billing role).
 * @csspart invite-dialog - The invite dialog (native `<dialog>`).
 * @csspart invite-email - The invite dialog's email field.
 * @csspart invite-role - The invite dialog's role picker.
 * @csspart invite-error - The invite dialog's inline error.
 * @csspart invite-submit - The invite dialog's Send button.
 * @csspart confirm-dialog - The confirmation dialog (also `remove-dialog`, `transfer-dialog` or `leave-dialog`).
 * @csspart confirm-button - The confirmation dialog's confirm button.
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - The loading state.
 * @csspart error - The error state, with `retry-button`.
 *
 * @cssprop --orgkit-members-max-height - The member table's maximum height before it scrolls (default 480px).
 * @cssprop --orgkit-color-accent - Buttons, meter and focus ring.
 * @cssprop --orgkit-color-danger - Remove, Leave and errors.
 * @cssprop --orgkit-color-warning - The full-seats hint and deactivated badges.
 * @cssprop --orgkit-color-ok - Active badges and results.
 * @cssprop --orgkit-color-background - Background.
 * @cssprop --orgkit-color-surface - Table header and notices.
 * @cssprop --orgkit-color-text - Text.
 * @cssprop --orgkit-color-muted - Secondary text.
 * @cssprop --orgkit-color-border - Borders.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-font-family - Font.
 */
export class OrgMembers extends OrgKitElement {
  static override styles = [tokens, shared, membersStyles];

  /** The one async-state controller: loading, error with Retry, no-access (members.read), blocked. @internal */
  readonly loader = new Loader<MembersData>(this, {
    capability: 'members.read',
    load: async ({ client, orgId, signal }) => {
      const invite = this.can('members.invite');
      const [list, invites, deployments] = await Promise.all([
        client.members.list(orgId, { signal }),
        invite ? client.invites.list(orgId, { signal }) : Promise.resolve(null),
        invite && this.can('deployments.read') ? client.deployments.list(orgId, { signal }) : Promise.resolve(null),
      ]);
      return { list, invites, deployments };
    },
  });

  /** The last result, read out by the live region. */
  @state() private announcement = '';
  @state() private actionError: ShownError | null = null;
  @state() private busy = false;
  @state() private confirm: Confirm | null = null;
  // — invite dialog —
  @state() private inviteOpen = false;
  @state() private inviteEmail = '';
  @state() private inviteRole: AssignableRole = 'member';
  @state() private inviteDeployments: string[] = [];
  @state() private inviteError: (ShownError & { field: boolean }) | null = null;
  // — virtualization —
  @state() private scrollRow = 0;
  @state() private viewportHeight = VIEWPORT_GUESS;
  private headHeight = HEAD_HEIGHT;
  private observed: Element | null = null;
  private readonly resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
    for (const entry of entries) {
      const h = (entry.target as HTMLElement).clientHeight;
      if (h > 0) this.viewportHeight = h;
    }
  });

  /** Where focus goes back to when a dialog closes. */
  private returnFocus: HTMLElement | null = null;
  /** Something to focus once it appears (the trigger of an action may be gone after the list reloads). */
  private pendingFocus: { selector: string; until: number } | null = null;
  private tick = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // The invite countdown ("expires in 3 hours") moves on while the page stays open.
    this.tick = window.setInterval(() => {
      if (this.loader.value?.invites?.length) this.requestUpdate();
    }, TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.tick);
    this.resize?.disconnect();
    this.observed = null;
  }

  // — helpers —

  private get me(): string {
    return this.ctx?.user?.id ?? '';
  }



  /** After a change this element made: the provider refreshes on the event; on its own, this element reloads. */
  private afterChange(): void {
    if (this.underProvider) return;
    this.ctx?.refresh();
    this.loader.reload();
  }

  private announce(text: string): void {
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private shown(error: unknown): ShownError {
    return { text: this.errorText(error), seatLimit: error instanceof ApiError && error.code === 'seat_limit_reached' };
  }

  private focusLater(selector: string): void {
    this.pendingFocus = { selector, until: Date.now() + 5_000 };
    this.requestUpdate();
  }

  /** Run one action at a time; its failure is shown inline (never a raw code). */
  private async act(run: () => Promise<void>, onError: (e: ShownError) => void = (e) => (this.actionError = e)): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.actionError = null;
    try {
      await run();
    } catch (error) {
      onError(this.shown(error));
    } finally {
      this.busy = false;
    }
  }

  /** MEM-5 / OWN-2: the role may be changed by a manager, never one's own, never the owner's. */
  private canChangeRole(m: Member): boolean {
    return this.can('members.manage') && m.userId !== this.me && m.role !== 'owner';
  }

  /** MEM-4 / OWN-2: remove never yourself, never the owner. */
  private canRemove(m: Member): boolean {
    return this.can('members.manage') && m.userId !== this.me && m.role !== 'owner';
  }

  /** MEM-3 */
  private canReactivate(m: Member): boolean {
    return this.can('members.manage') && m.state === 'deactivated';
  }

  /** BR-3 / BR-4 / BR-5: the holder offers the role to an active member other than themselves, one offer at a time. */
  private canOfferBilling(m: Member, list: MemberList): boolean {
    return this.can('billing.transfer') && !list.billingTransfer && m.state === 'active' && m.userId !== this.me && !m.billingHolder;
  }

  /** The actions column (remove, reactivate) exists only for those who manage members. */
  private get rowActions(): boolean {
    return this.can('members.manage');
  }

  // — lifecycle —

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const viewport = this.$('.viewport');
    if (viewport !== this.observed) {
      this.resize?.disconnect();
      if (viewport) this.resize?.observe(viewport);
      this.observed = viewport;
    }
    const head = this.$<HTMLElement>('thead');
    if (head && head.offsetHeight > 0) this.headHeight = head.offsetHeight;
    if (this.pendingFocus) {
      if (Date.now() > this.pendingFocus.until) this.pendingFocus = null;
      else {
        const target = this.$(this.pendingFocus.selector);
        if (target) {
          this.pendingFocus = null;
          target.focus();
        }
      }
    }
  }

  // — render —

  protected override render() {
    return html`
      <div part="status" class="status ${this.announcement ? 'notice ok' : ''}" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderIncomingOnly()}
      ${this.loader.render({ complete: (data) => this.renderData(data) })}
      ${this.renderInviteDialog()} ${this.renderConfirmDialog()}
    `;
  }

  /** A recipient whose role does not include the member list (a member) still answers the handover (BR-5). */
  private renderIncomingOnly(): TemplateResult | typeof nothing {
    const ctx = this.ctx;
    const transfer = ctx?.membership?.billingTransfer;
    if (!ctx?.user || !transfer || ctx.membership?.state !== 'active' || this.can('members.read') || transfer.toUserId !== ctx.user.id) {
      return nothing;
    }
    return html`${this.renderTransfer(transfer, null)}${this.renderActionError()}`;
  }

  private renderData(data: MembersData): TemplateResult {
    const { list } = data;
    return html`
      <header part="header" class="head">
        <slot name="heading">
          <h2 id="title" tabindex="-1">${this.t('members.title')}<span class="count">${this.t(list.members.length === 1 ? 'members.count.one' : 'members.count', { count: this.num(list.members.length) })}</span></h2>
        </slot>
        ${this.renderSeats(list)}
        ${this.can('members.invite')
          ? html`<div class="tools">
              <button part="invite-button" class="primary" aria-haspopup="dialog" @click=${this.openInvite}>${this.t('members.invite')}</button>
            </div>`
          : nothing}
      </header>
      ${this.renderUpgradeHint(list)}
      ${list.billingTransfer ? this.renderTransfer(list.billingTransfer, list) : nothing}
      ${this.renderActionError()}
      ${this.renderTable(list)}
      ${data.invites ? this.renderInvites(data.invites) : nothing}
      ${this.renderLeave()}
    `;
  }

  private renderSeats(list: MemberList): TemplateResult {
    const { used, limit, active, pendingInvites } = list.seats;
    const text = limit === null ? this.t('members.seats.unlimited', { used: this.num(used) }) : this.t('members.seats.of', { used: this.num(used), limit: this.num(limit) });
    const ratio = limit === null || limit === 0 ? 0 : Math.min(1, used / limit);
    const level = limit !== null && used >= limit ? 'full' : ratio >= 0.8 ? 'warn' : '';
    return html`<div part="seat-meter" class="seats">
      <div class="label"><span id="seats-label">${this.t('members.seats.label')}</span><strong>${text}</strong></div>
      ${limit === null
        ? nothing
        : html`<div
            class="meter ${level}"
            role="meter"
            aria-labelledby="seats-label"
            aria-valuemin="0"
            aria-valuemax=${limit}
            aria-valuenow=${Math.min(used, limit)}
            aria-valuetext=${text}
          ><span style=${`width:${String(Math.round(ratio * 100))}%`}></span></div>`}
      <div class="hint">${this.t('members.seats.detail', { active: this.num(active), pending: this.num(pendingInvites) })}</div>
    </div>`;
  }

  /** INV-5: at the limit, those who invite are told why and offered an upgrade. */
  private renderUpgradeHint(list: MemberList): TemplateResult | typeof nothing {
    const { used, limit } = list.seats;
    if (limit === null || used < limit || !this.can('members.invite')) return nothing;
    return html`<div part="upgrade-hint" class="notice warn upgrade block">
      <p>${this.t('members.seats.full')}</p>
      <button part="upgrade-button" @click=${this.upgrade}>${this.t('members.upgrade')}</button>
    </div>`;
  }

  private renderActionError(): TemplateResult | typeof nothing {
    const e = this.actionError;
    if (!e) return nothing;
    return html`<div part="action-error" class="notice error block" role="alert">
      <p>${e.text}</p>
      <div class="row">
        ${e.seatLimit && this.can('members.invite') ? html`<button part="upgrade-button" @click=${this.upgrade}>${this.t('members.upgrade')}</button>` : nothing}
        <button class="link" @click=${() => (this.actionError = null)}>${this.t('common.close')}</button>
      </div>
    </div>`;
  }

  /** BR-5: the initiator sees Cancel, the recipient Accept / Decline, anyone else who sees the list is told. */
  private renderTransfer(transfer: BillingTransfer, list: MemberList | null): TemplateResult {
    const name = (id: string) => list?.members.find((m) => m.userId === id)?.name ?? this.t('members.transfer.someone');
    const busy = this.busy ? 'true' : 'false';
    let body: TemplateResult;
    if (transfer.fromUserId === this.me) {
      body = html`<p>${this.t('members.transfer.outgoing', { name: name(transfer.toUserId), when: this.relative(transfer.createdAt) })}</p>
        <div class="row">
          <button part="transfer-cancel" aria-disabled=${busy} @click=${() => this.cancelTransfer(transfer)}>${this.t('members.transfer.cancel')}</button>
        </div>`;
    } else if (transfer.toUserId === this.me) {
      body = html`<p>${this.t('members.transfer.incoming', { name: name(transfer.fromUserId) })}</p>
        <div class="row">
          <button part="transfer-accept" class="primary" aria-disabled=${busy} @click=${() => this.acceptTransfer(transfer)}>${this.t('members.transfer.accept')}</button>
          <button part="transfer-decline" aria-disabled=${busy} @click=${() => this.declineTransfer(transfer)}>${this.t('members.transfer.decline')}</button>
        </div>`;
    } else {
      body = html`<p>${this.t('members.transfer.other', { from: name(transfer.fromUserId), to: name(transfer.toUserId) })}</p>`;
    }
    return html`<section part="transfer" class="notice block" tabindex="-1" aria-label=${this.t('members.col.billing')}>${body}</section>`;
  }

  // — the virtualized table —

  private onScroll = (e: Event): void => {
    const top = (e.currentTarget as HTMLElement).scrollTop;
    this.scrollRow = Math.max(0, Math.floor((top - this.headHeight) / ROW_HEIGHT));
  };

  /** The rows to render: the visible ones plus the overscan on each side. */
  private range(n: number): [number, number] {
    const visible = Math.ceil(this.viewportHeight / ROW_HEIGHT) + 1;
    const span = visible + 2 * OVERSCAN;
    const first = Math.max(0, Math.min(this.scrollRow - OVERSCAN, n - span));
    return [first, Math.min(n, first + span)];
  }

  private renderTable(list: MemberList): TemplateResult {
    const members = list.members;
    const n = members.length;
    const [first, last] = this.range(n);
    const actions = this.rowActions;
    const cols = actions ? 7 : 6;
    const spacer = (rows: number) =>
      rows > 0 ? html`<tr class="spacer" aria-hidden="true"><td colspan=${cols} style=${`height:${String(rows * ROW_HEIGHT)}px`}></td></tr>` : nothing;
    return html`<div part="table-scroll" class="viewport block" role="region" aria-label=${this.t('members.region')} tabindex="0" @scroll=${this.onScroll}>
      <table part="table" class=${actions ? '' : 'readonly'} aria-rowcount=${n + 1}>
        <caption class="sr-only">${this.t('members.caption', { org: this.ctx?.membership?.name ?? '' })}</caption>
        <colgroup>
          <col class="c-name" /><col class="c-email" /><col class="c-role" /><col class="c-state" /><col class="c-billing" /><col class="c-joined" />
          ${actions ? html`<col class="c-actions" />` : nothing}
        </colgroup>
        <thead>
          <tr aria-rowindex="1">
            <th scope="col">${this.t('members.col.name')}</th>
            <th scope="col">${this.t('members.col.email')}</th>
            <th scope="col">${this.t('members.col.role')}</th>
            <th scope="col">${this.t('members.col.state')}</th>
            <th scope="col">${this.t('members.col.billing')}</th>
            <th scope="col">${this.t('members.col.joined')}</th>
            ${actions ? html`<th scope="col"><span class="sr-only">${this.t('members.col.actions')}</span></th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${spacer(first)}
          ${repeat(members.slice(first, last), (m) => m.userId, (m, i) => this.renderRow(m, first + i, list, actions))}
          ${spacer(n - last)}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(m: Member, index: number, list: MemberList, actions: boolean): TemplateResult {
    const self = m.userId === this.me;
    const deactivated = m.state !== 'active';
    const offered = list.billingTransfer?.toUserId === m.userId;
    const parts = ['row', self ? 'row-self' : '', deactivated ? 'row-deactivated' : ''].filter(Boolean).join(' ');
    return html`<tr part=${parts} class="member ${deactivated ? 'deactivated' : ''}" aria-rowindex=${index + 2} data-user-id=${m.userId}>
      <td class="name" title=${m.name}><strong>${m.name}</strong>${self ? html`<span class="you">${this.t('members.you')}</span>` : nothing}</td>
      <td class="email" title=${m.email}>${m.email}</td>
      <td class="role">${this.canChangeRole(m) ? this.renderRoleSelect(m) : this.t(`role.${m.role}`)}</td>
      <td><span part="state-badge" class="badge ${deactivated ? 'warn' : 'ok'}">${this.t(`memberState.${m.state}`)}</span></td>
      <td class="billing">
        ${m.billingHolder
          ? html`<span part="billing-badge" class="badge accent">${this.t('members.billingBadge')}</span>`
          : offered
            ? html`<span class="badge">${this.t('members.transferBadge')}</span>`
            : this.canOfferBilling(m, list)
              ? html`<button part="transfer-button" aria-haspopup="dialog" aria-label=${this.t('members.transferLabel', { name: m.name })} @click=${(e: Event) => this.openConfirm(e, 'transfer', m)}>
                  ${this.t('members.transfer')}
                </button>`
              : nothing}
      </td>
      <td>${this.date(m.joinedAt)}</td>
      ${actions ? html`<td class="actions">${this.renderRowActions(m)}</td>` : nothing}
    </tr>`;
  }

  private renderRoleSelect(m: Member): TemplateResult {
    return html`<select part="role-select" aria-label=${this.t('members.roleOf', { name: m.name })} @change=${(e: Event) => this.changeRole(m, e)}>
      ${ASSIGNABLE_ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${this.t(`role.${r}`)}</option>`)}
    </select>`;
  }

  private renderRowActions(m: Member): TemplateResult {
    const busy = this.busy ? 'true' : 'false';
    return html`${this.canReactivate(m)
      ? html`<button part="reactivate-button" aria-disabled=${busy} aria-label=${this.t('members.reactivateLabel', { name: m.name })} @click=${() => this.reactivate(m)}>
          ${this.t('members.reactivate')}
        </button>`
      : nothing}${this.canRemove(m)
      ? html`<button part="remove-button" class="danger" aria-haspopup="dialog" aria-label=${this.t('members.removeLabel', { name: m.name })} @click=${(e: Event) => this.openConfirm(e, 'remove', m)}>
          ${this.t('members.remove')}
        </button>`
      : nothing}`;
  }

  // — pending invites (INV-4, INV-7) —

  private renderInvites(invites: Invite[]): TemplateResult {
    const now = this.now(); // the server's clock (a test backend's may run ahead)
    return html`<section part="pending-invites" class="block" aria-labelledby="invites-title">
      <h3 id="invites-title" tabindex="-1">${this.t('members.invites.title')}</h3>
      ${invites.length === 0
        ? html`<p class="muted">${this.t('members.invites.none')}</p>`
        : html`<ul class="invites">
            ${repeat(
              invites,
              (i) => i.id,
              (i) => html`<li part="invite" data-invite-id=${i.id}>
                <span class="who"><strong>${i.email}</strong> · ${this.t(`role.${i.role}`)}</span>
                ${i.status === 'expired'
                  ? html`<span part="invite-expired" class="badge danger">${this.t('members.invites.expired')}</span>`
                  : html`<span part="invite-expiry" class="when"
                      ><time datetime=${i.expiresAt} title=${this.date(i.expiresAt, true)}>${this.t('members.invites.expires', { when: this.relative(i.expiresAt, now) })}</time></span
                    >`}
                <button part="revoke-button" aria-disabled=${this.busy ? 'true' : 'false'} aria-label=${this.t('members.invites.revokeLabel', { email: i.email })} @click=${() => this.revoke(i)}>
                  ${this.t('members.invites.revoke')}
                </button>
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  // — leaving (MEM-6, BR-6) —

  private renderLeave(): TemplateResult | typeof nothing {
    const membership = this.ctx?.membership;
    if (!membership) return nothing;
    if (this.can('org.leave')) {
      return html`<div part="leave" class="leave">
        <button part="leave-button" class="danger" aria-haspopup="dialog" @click=${(e: Event) => this.openConfirm(e, 'leave', null)}>${this.t('members.leave')}</button>
      </div>`;
    }
    // BR-6: the holder must hand the role over first — say so; the owner cannot leave at all (nothing to offer).
    if (membership.role !== 'owner' && membership.billingHolder) {
      return html`<div part="leave" class="leave">
        <button part="leave-button" class="danger" disabled aria-describedby="leave-reason">${this.t('members.leave')}</button>
        <p id="leave-reason" part="leave-blocked" class="hint">${this.t('error.billing_role_held')}</p>
      </div>`;
    }
    return nothing;
  }

  // — dialogs —

  private renderInviteDialog(): TemplateResult | typeof nothing {
    if (!this.can('members.invite')) return nothing;
    const deployments = (this.loader.value?.deployments ?? []).filter((d) => d.inviteOnly);
    const error = this.inviteError;
    return html`<dialog id="invite-dialog" part="invite-dialog" aria-labelledby="invite-title" @close=${this.onInviteClosed}>
      ${this.inviteOpen
        ? html`<form novalidate @submit=${this.sendInvite}>
            <h2 id="invite-title">${this.t('members.invite.title')}</h2>
            <label for="invite-email">${this.t('members.invite.email')}</label>
            <input
              id="invite-email"
              part="invite-email"
              type="email"
              name="email"
              required
              autocomplete="off"
              spellcheck="false"
              .value=${this.inviteEmail}
              aria-invalid=${error?.field ? 'true' : 'false'}
              aria-describedby="invite-error"
              @input=${(e: Event) => (this.inviteEmail = (e.target as HTMLInputElement).value)}
            />
            <label for="invite-role">${this.t('members.invite.role')}</label>
            <select id="invite-role" part="invite-role" aria-describedby="role-hint" @change=${(e: Event) => (this.inviteRole = (e.target as HTMLSelectElement).value as AssignableRole)}>
              ${ASSIGNABLE_ROLES.map((r) => html`<option value=${r} ?selected=${r === this.inviteRole}>${this.t(`role.${r}`)}</option>`)}
            </select>
            <div id="role-hint" class="hint">${this.t('members.invite.roleHint')}</div>
            ${deployments.length > 0
              ? html`<fieldset part="invite-deployments" aria-describedby="deployments-hint">
                  <legend>${this.t('members.invite.deployments')}</legend>
                  ${deployments.map(
                    (d) => html`<label
                      ><input
                        type="checkbox"
                        value=${d.id}
                        .checked=${this.inviteDeployments.includes(d.id)}
                        @change=${(e: Event) => this.toggleDeployment(d.id, (e.target as HTMLInputElement).checked)}
                      />${d.name}</label
                    >`,
                  )}
                  <div id="deployments-hint" class="hint">${this.t('members.invite.deploymentsHint')}</div>
                </fieldset>`
              : nothing}
            <p class="hint">${this.t('members.invite.expiryHint')}</p>
            <div id="invite-error" part="invite-error" class="dialog-error" role="alert">
              ${error
                ? html`<p class="field-error">${error.text}</p>
                    ${error.seatLimit ? html`<div class="row"><button type="button" part="upgrade-button" @click=${this.upgrade}>${this.t('members.upgrade')}</button></div>` : nothing}`
                : nothing}
            </div>
            <div class="actions">
              <button type="button" @click=${this.closeInvite}>${this.t('common.cancel')}</button>
              <button type="submit" part="invite-submit" class="primary" aria-disabled=${this.busy ? 'true' : 'false'}>
                ${this.busy ? this.t('members.invite.sending') : this.t('members.invite.send')}
              </button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  private renderConfirmDialog(): TemplateResult {
    const c = this.confirm;
    const org = this.ctx?.membership?.name ?? '';
    const name = c?.member?.name ?? '';
    const text =
      c?.kind === 'remove'
        ? { title: this.t('members.remove.title', { name }), body: this.t('members.remove.body', { name, email: c.member?.email ?? '' }), ok: this.t('members.remove.confirm'), danger: true }
        : c?.kind === 'transfer'
          ? { title: this.t('members.transfer.title', { name }), body: this.t('members.transfer.body', { name }), ok: this.t('members.transfer.confirm'), danger: false }
          : { title: this.t('members.leave.title', { org }), body: this.t('members.leave.body', { org }), ok: this.t('members.leave.confirm'), danger: true };
    return html`<dialog id="confirm-dialog" part="confirm-dialog ${c ? `${c.kind}-dialog` : ''}" aria-labelledby="confirm-title" aria-describedby="confirm-body" @close=${this.onConfirmClosed}>
      ${c
        ? html`<h2 id="confirm-title">${text.title}</h2>
            <p id="confirm-body">${text.body}</p>
            <div role="alert" class="dialog-error">${c.error ? html`<p class="field-error">${c.error}</p>` : nothing}</div>
            <div class="actions">
              <button id="confirm-cancel" @click=${this.closeConfirm}>${this.t('common.cancel')}</button>
              <button part="confirm-button" class=${text.danger ? 'danger primary' : 'primary'} aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.runConfirm}>${text.ok}</button>
            </div>`
        : nothing}
    </dialog>`;
  }

  private restoreFocus(): void {
    const target = this.returnFocus;
    this.returnFocus = null;
    if (target?.isConnected && !(target as HTMLButtonElement).disabled) target.focus();
    else this.$('.viewport')?.focus();
  }

  // — invite flow (INV-1 … INV-5) —

  private openInvite = async (e: Event): Promise<void> => {
    this.returnFocus = e.currentTarget as HTMLElement;
    this.inviteEmail = '';
    this.inviteRole = 'member';
    this.inviteDeployments = [];
    this.inviteError = null;
    this.inviteOpen = true;
    await this.updateComplete;
    const dialog = this.$<HTMLDialogElement>('#invite-dialog');
    if (dialog && !dialog.open) dialog.showModal();
    this.$('#invite-email')?.focus();
  };

  private closeInvite = (): void => {
    this.$<HTMLDialogElement>('#invite-dialog')?.close();
  };

  private onInviteClosed = (e: Event): void => {
    if ((e.currentTarget as HTMLDialogElement).open) return; // a late close event after it was opened again
    this.inviteOpen = false;
    this.inviteError = null;
    this.restoreFocus();
  };

  private toggleDeployment(id: string, on: boolean): void {
    this.inviteDeployments = on ? [...this.inviteDeployments, id] : this.inviteDeployments.filter((x) => x !== id);
  }

  private sendInvite = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    if (this.busy) return;
    const input = this.$<HTMLInputElement>('#invite-email');
    const email = this.inviteEmail.trim();
    if (!email || (input && !input.checkValidity())) {
      this.inviteError = { text: this.t('members.invite.emailInvalid'), seatLimit: false, field: true };
      input?.focus();
      return;
    }
    const orgId = this.orgId;
    const role = this.inviteRole;
    const client = this.ctx?.client;
    if (!client) return;
    if (!this.request('orgkit-invite-request', { orgId, email, role })) {
      this.closeInvite();
      return;
    }
    const deploymentIds = [...this.inviteDeployments];
    await this.act(
      async () => {
        this.inviteError = null;
        const invite = await client.invites.create(orgId, { email, role, ...(deploymentIds.length ? { deploymentIds } : {}) });
        this.closeInvite();
        this.announce(this.t('members.invite.sent', { email: invite.email }));
        this.emit('orgkit-invite-sent', { orgId, inviteId: invite.id, email: invite.email, role: invite.role });
        this.afterChange();
      },
      // Shown inside the dialog; the input stays as typed and focus stays where it is.
      (shown) => {
        this.inviteError = { ...shown, field: !shown.seatLimit };
      },
    );
  };

  private revoke(invite: Invite): void {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client) return;
    void this.act(async () => {
      await client.invites.revoke(orgId, invite.id);
      this.announce(this.t('members.invites.revoked', { email: invite.email }));
      this.focusLater('#invites-title');
      this.emit('orgkit-invite-revoked', { orgId, inviteId: invite.id });
      this.afterChange();
    });
  }

  private upgrade = (): void => {
    if (this.inviteOpen) this.closeInvite();
    this.emit('orgkit-upgrade-request', { orgId: this.orgId, reason: 'seats' });
  };

  // — members (MEM-3, MEM-4, MEM-5) —

  private changeRole(m: Member, e: Event): void {
    const select = e.target as HTMLSelectElement;
    const role = select.value as AssignableRole;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client || role === m.role) return;
    if (this.busy) {
      select.value = m.role;
      return;
    }
    void this.act(
      async () => {
        await client.members.changeRole(orgId, m.userId, { role });
        this.announce(this.t('members.roleChanged', { name: m.name, role: this.t(`role.${role}`) }));
        this.emit('orgkit-member-role-changed', { orgId, userId: m.userId, role });
        this.afterChange();
      },
      (shown) => {
        select.value = m.role;
        this.actionError = shown;
      },
    );
  }

  private reactivate(m: Member): void {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client) return;
    void this.act(async () => {
      await client.members.reactivate(orgId, m.userId);
      this.announce(this.t('members.reactivated', { name: m.name }));
      this.emit('orgkit-member-reactivated', { orgId, userId: m.userId });
      this.afterChange();
    });
  }

  // — confirmations: remove, hand over billing, leave —

  private async openConfirm(e: Event, kind: ConfirmKind, member: Member | null): Promise<void> {
    this.returnFocus = e.currentTarget as HTMLElement;
    this.actionError = null;
    this.confirm = { kind, member, error: null };
    await this.updateComplete;
    const dialog = this.$<HTMLDialogElement>('#confirm-dialog');
    if (dialog && !dialog.open) dialog.showModal();
    // The safe choice has focus: Enter on a confirmation never removes anyone by accident.
    this.$('#confirm-cancel')?.focus();
  }

  private closeConfirm = (): void => {
    this.$<HTMLDialogElement>('#confirm-dialog')?.close();
  };

  private onConfirmClosed = (e: Event): void => {
    if ((e.currentTarget as HTMLDialogElement).open) return; // a late close event after it was opened again
    this.confirm = null;
    this.restoreFocus();
  };

  private runConfirm = async (): Promise<void> => {
    const c = this.confirm;
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!c || !client || this.busy) return;
    const fail = (shown: ShownError) => {
      if (this.confirm) this.confirm = { ...this.confirm, error: shown.text };
    };
    if (c.kind === 'remove' && c.member) {
      const m = c.member;
      if (!this.request('orgkit-member-remove-request', { orgId, userId: m.userId })) {
        this.closeConfirm();
        return;
      }
      await this.act(async () => {
        await client.members.remove(orgId, m.userId);
        this.returnFocus = null; // the row is gone: focus goes to the table
        this.closeConfirm();
        this.announce(this.t('members.removed', { name: m.name }));
        this.emit('orgkit-member-removed', { orgId, userId: m.userId });
        this.afterChange();
      }, fail);
    } else if (c.kind === 'transfer' && c.member) {
      const m = c.member;
      await this.act(async () => {
        const transfer = await client.billingTransfers.start(orgId, { toUserId: m.userId });
        this.returnFocus = null;
        this.closeConfirm();
        this.focusLater('[part~="transfer"]');
        this.announce(this.t('members.transfer.started', { name: m.name }));
        this.emit('orgkit-billing-transfer-started', { orgId, transferId: transfer.id, toUserId: m.userId });
        this.afterChange();
      }, fail);
    } else if (c.kind === 'leave') {
      const org = this.ctx?.membership?.name ?? '';
      await this.act(async () => {
        await client.orgs.leave(orgId);
        this.returnFocus = null;
        this.closeConfirm();
        this.announce(this.t('members.left', { org }));
        this.emit('orgkit-org-left', { orgId });
        this.afterChange();
      }, fail);
    }
  };

  // — the billing-role handover (BR-5) —

  private acceptTransfer(t: BillingTransfer): void {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client) return;
    void this.act(async () => {
      await client.billingTransfers.accept(orgId, t.id);
      this.focusLater('#title');
      this.announce(this.t('members.transfer.accepted'));
      this.emit('orgkit-billing-transfer-accepted', { orgId, transferId: t.id });
      this.afterChange();
    });
  }

  private declineTransfer(t: BillingTransfer): void {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client) return;
    void this.act(async () => {
      await client.billingTransfers.decline(orgId, t.id);
      this.focusLater('#title');
      this.announce(this.t('members.transfer.declined'));
      this.emit('orgkit-billing-transfer-declined', { orgId, transferId: t.id });
      this.afterChange();
    });
  }

  private cancelTransfer(t: BillingTransfer): void {
    const client = this.ctx?.client;
    const orgId = this.orgId;
    if (!client) return;
    void this.act(async () => {
      await client.billingTransfers.cancel(orgId, t.id);
      this.focusLater('#title');
      this.announce(this.t('members.transfer.cancelled'));
      this.emit('orgkit-billing-transfer-cancelled', { orgId, transferId: t.id });
      this.afterChange();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-members': OrgMembers;
  }
}
