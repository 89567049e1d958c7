import { TaskStatus } from '@lit/task';
import { css, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { OrgKitClient } from '@orgkit/client';
import type { Agent, Balance, Caps, Member } from '@orgkit/contract';
import { OrgKitElement } from './base.js';
import { Loader } from './loader.js';
import { registerMessages } from './messages.js';
import { spendCapsMessages } from './spend-caps/messages.js';

registerMessages(spendCapsMessages);

export type CapKind = 'member' | 'agent';

declare module './events.js' {
  interface OrgKitEventDetails {
    'orgkit-cap-changed': { orgId: string; kind: CapKind; id: string; cap: number | null };
    'orgkit-alerts-changed': { orgId: string; thresholdPct: number; recipientIds: string[] };
  }
}

type SentNotification = Awaited<ReturnType<OrgKitClient['notifications']['list']>>[number];

interface CapsData {
  caps: Caps;
  /** null without `members.read` (rows then come from the caps alone). */
  members: Member[] | null;
  /** null without `agents.manage` (rows then come from the caps alone). */
  agents: Agent[] | null;
  balance: Balance | null;
  /** This cycle's credits by member (for members without a cap). */
  spentByMember: Record<string, number>;
  notifications: SentNotification[];
}

interface CapRow {
  kind: CapKind;
  id: string;
  name: string;
  detail: string;
  inactive: boolean;
  cap: number | null;
  /** null: not known (an agent without a cap: the API reports spend for capped agents only). */
  spent: number | null;
}

/** The largest cap the API accepts. */
export const MAX_CAP = 100_000_000;
/** CAP-3: the default low-balance threshold. */
export const DEFAULT_THRESHOLD_PCT = 20;
/** How many sent alerts are listed. */
const HISTORY = 5;

const keyOf = (kind: CapKind, id: string) => `${kind}:${id}`;

/** A whole number of credits ≥ 0 (as typed), or the reason it is not one. */
export function parseCap(value: string): { cap: number } | { problem: 'invalid' | 'tooLarge' } {
  const v = value.trim();
  if (!/^\d+$/.test(v)) return { problem: 'invalid' };
  const cap = Number(v);
  return cap > MAX_CAP ? { problem: 'tooLarge' } : { cap };
}

/**
 * Spending limits (CAP-1 … CAP-4): per-member and per-agent monthly credit caps — set, changed and cleared, with this
 * cycle's spend beside each as a meter and the reset date — and the low-balance alert: the threshold (default 20 % of
 * the monthly allowance, with the credits it means) and who is notified (members who can see billing; nobody chosen
 * means the owner). Recent alerts sent are listed, and the pool's balance is shown in its CRD-7 state.
 *
 * A member or agent whose spend has reached the cap is marked "Cap reached", with the text their usage is refused
 * with (`member_cap_reached` / `agent_cap_reached` in the message table).
 *
 * Seen with `billing.read` (owners, admins, the billing-role holder); changed with `caps.manage` (owners and admins,
 * or the owner only under POL-BILLING-OWNER-ONLY) — others with `billing.read` see it read-only. Builders and
 * members see the no-access state, deactivated members the blocked state.
 *
 * @tag spend-caps
 * @summary Per-member and per-agent monthly credit caps, and the low-balance alert.
 *
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 *
 * @fires orgkit-cap-changed - A cap was set, changed or cleared (`detail: { orgId, kind: 'member' | 'agent', id, cap }`,
 *   `cap` null when cleared).
 * @fires orgkit-alerts-changed - The low-balance alert was saved (`detail: { orgId, thresholdPct, recipientIds }`).
 *
 * @slot heading - Replaces the "Spending limits" heading.
 * @slot no-access - Replaces the text shown to someone whose role does not include billing.
 *
 * @csspart status - The live region announcing results ("The cap for … is now 500 credits.").
 * @csspart header - Heading, introduction and reset date.
 * @csspart reset - The reset date of this cycle's spend.
 * @csspart read-only - The note shown to those who may see but not change caps.
 * @csspart members - The member caps section; `agents` the agent caps section.
 * @csspart table - A caps table.
 * @csspart row - One member or agent (also `row-capped` once the spend reached the cap, `row-inactive`).
 * @csspart name - A row's name.
 * @csspart spent - A row's spend this cycle.
 * @csspart spent-meter - The spend-vs-cap bar (`role="meter"`).
 * @csspart capped-badge - "Cap reached".
 * @csspart capped-text - What that member's or agent's usage is refused with.
 * @csspart cap - A row's cap (read-only) or its form.
 * @csspart cap-input - The cap input (whole credits ≥ 0).
 * @csspart save-button - Sets or changes a cap.
 * @csspart clear-button - Clears a cap.
 * @csspart field-error - A row's inline error.
 * @csspart alerts - The low-balance alert section.
 * @csspart balance - The balance now, with its state badge (`balance-ok`, `balance-low`, `balance-out`).
 * @csspart threshold-input - The threshold percentage.
 * @csspart threshold-credits - The credits the threshold means.
 * @csspart recipients - The recipient checkboxes.
 * @csspart save-alerts - Saves the alert.
 * @csspart alerts-error - The alert form's error.
 * @csspart history - Recent alerts sent.
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - The loading state.
 * @csspart error - The load error, with `retry-button`.
 *
 * @cssprop --orgkit-color-accent - Buttons, bars below 80 %.
 * @cssprop --orgkit-color-warning - Bars from 80 %, the low balance.
 * @cssprop --orgkit-color-danger - Reached caps, errors, no balance.
 * @cssprop --orgkit-color-ok - A healthy balance, confirmations.
 * @cssprop --orgkit-color-border - Borders and the bars' track.
 * @cssprop --orgkit-color-surface - Table header and notices.
 * @cssprop --orgkit-color-muted - Secondary text.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-space - The spacing unit.
 */
export class SpendCaps extends OrgKitElement {
  static override styles = [
    ...OrgKitElement.styles,
    css`
      .wrap { display: grid; gap: calc(var(--_space) * 2); }
      .block { container-type: inline-size; border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 2.25); }
      .block > h2, .block > header h2 { margin-bottom: 4px; }
      .intro { color: var(--_muted); margin: 0; }
      .status:empty { display: none; }
      .read-only { margin-top: calc(var(--_space) * 1.5); }
      h3 { font-size: 1em; margin: calc(var(--_space) * 2.5) 0 var(--_space); }
      table { table-layout: fixed; }
      th:nth-child(1) { width: 32%; }
      th:nth-child(2) { width: 30%; }
      td { vertical-align: top; padding-top: 10px; padding-bottom: 10px; }
      .who { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
      .who strong { font-weight: 500; overflow: hidden; text-overflow: ellipsis; }
      .who .muted { font-size: 0.9em; }
      .badges { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 2px; }
      .spent-text { display: flex; justify-content: space-between; gap: var(--_space); font-variant-numeric: tabular-nums; margin-bottom: 6px; }
      .spent-text .pct { color: var(--_muted); }
      .capped .spent-text .pct { color: var(--_danger); font-weight: 600; }
      .capped-text { color: var(--_danger); font-size: 0.9em; margin-top: 6px; }
      form.cap { display: flex; gap: 6px; align-items: flex-start; flex-wrap: wrap; }
      form.cap .field { flex: 1 1 110px; min-width: 90px; max-width: 160px; }
      form.cap input { font-variant-numeric: tabular-nums; }
      form.cap button { flex: none; }
      form.cap .field-error { flex-basis: 100%; margin-top: 0; }
      .cap-now { font-variant-numeric: tabular-nums; }
      button[aria-disabled='true'] { opacity: 0.55; cursor: not-allowed; }
      button[aria-disabled='true']:hover { border-color: var(--_border); }
      button.primary[aria-disabled='true']:hover { border-color: var(--_accent); }
      input:disabled { background: var(--_surface); color: var(--_muted); cursor: not-allowed; }
      @container (max-width: 620px) {
        table, thead, tbody, tr, td { display: block; width: 100%; }
        thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        tr { border-bottom: 1px solid var(--_border); padding: var(--_space) 0; }
        td { border: 0; padding: 4px 0; }
        th:nth-child(n) { width: auto; }
      }
      .balance { display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; margin: calc(var(--_space) * 1.5) 0 0; }
      .threshold { display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; }
      .threshold input { width: 90px; font-variant-numeric: tabular-nums; }
      fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
      fieldset + fieldset { margin-top: calc(var(--_space) * 2); }
      legend { font-weight: 500; padding: 0; margin: 0 0 4px; }
      .choice { display: flex; gap: var(--_space); align-items: center; padding: 4px 0; }
      .choice label { margin: 0; font-weight: 400; }
      .footer {
        display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap;
        margin-top: calc(var(--_space) * 2); padding-top: calc(var(--_space) * 1.5); border-top: 1px solid var(--_border);
      }
      .history { list-style: none; margin: 0; padding: 0; }
      .history li { padding: 6px 0; border-bottom: 1px solid var(--_border); display: flex; gap: var(--_space); justify-content: space-between; flex-wrap: wrap; }
      .history li:last-child { border-bottom: 0; }
      .history time { color: var(--_muted); font-size: 0.92em; }
    `,
  ];

  /** @internal */
  readonly loader = new Loader<CapsData>(this, {
    capability: 'billing.read',
    load: async ({ client, orgId, signal }) => {
      const [caps, members, agents, balance, credits, notifications] = await Promise.all([
        client.caps.get(orgId, { signal }),
        this.can('members.read') ? client.members.list(orgId, { signal }).then((l) => l.members) : Promise.resolve(null),
        this.can('agents.manage') ? client.agents.list(orgId, { signal }) : Promise.resolve(null),
        this.can('billing.summary') ? client.credits.balance(orgId, { signal }) : Promise.resolve(null),
        client.credits.get(orgId, { signal }),
        client.notifications.list(orgId, { signal }),
      ]);
      const spentByMember = Object.fromEntries(credits.byMember.map((b) => [b.userId, b.credits]));
      return { caps, members, agents, balance, spentByMember, notifications };
    },
  });

  @state() private announcement = '';
  /** Caps as typed, by row key; kept on an error. */
  @state() private drafts: Record<string, string> = {};
  @state() private rowErrors: Record<string, string> = {};
  @state() private busy: Record<string, boolean> = {};
  @state() private alertDraft: { pct: string; recipients: string[] } | null = null;
  @state() private alertError: { field: 'threshold' | null; text: string } | null = null;
  @state() private alertBusy = false;
  /** What a save answered, shown until the next load replaces the data it was based on. */
  @state() private fresh: { base: CapsData; data: CapsData } | null = null;
  private lastOrgId: string | null = null;
  private focusAfter: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const orgId = this.ctx?.orgId ?? null;
    if (orgId !== this.lastOrgId) {
      // What was typed or said about another organization does not apply to this one.
      if (this.lastOrgId !== null) {
        this.drafts = {};
        this.rowErrors = {};
        this.alertDraft = null;
        this.alertError = null;
        this.announcement = '';
      }
      this.lastOrgId = orgId;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.focusAfter) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfter);
      if (target) {
        this.focusAfter = null;
        target.focus();
      }
    }
  }

  // — helpers —

  private current(data: CapsData): CapsData {
    return this.fresh && this.fresh.base === data ? this.fresh.data : data;
  }

  private patch(update: (d: CapsData) => CapsData): void {
    const base = this.loader.value;
    if (!base) return;
    this.fresh = { base, data: update(this.current(base)) };
  }

  private announce(text: string): void {
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private get intlTag(): string {
    return this.uiLocale === 'de' ? 'de-CH' : 'en-US';
  }

  private percent(spent: number, cap: number): string {
    const p = cap === 0 ? 100 : (spent / cap) * 100;
    const shown = spent >= cap ? Math.round(p) : Math.min(Math.floor(p), 99);
    return new Intl.NumberFormat(this.intlTag, { style: 'percent', maximumFractionDigits: 0 }).format(shown / 100);
  }

  private memberRows(d: CapsData): CapRow[] {
    const caps = new Map(d.caps.members.map((c) => [c.userId, c]));
    const rows: CapRow[] = [];
    const seen = new Set<string>();
    for (const m of d.members ?? []) {
      const c = caps.get(m.userId);
      // Deactivated members are listed only while they still have a cap (to clear it).
      if (m.state !== 'active' && !c) continue;
      seen.add(m.userId);
      rows.push({
        kind: 'member', id: m.userId, name: m.name, detail: `${this.t(`role.${m.role}`)} · ${m.email}`, inactive: m.state !== 'active',
        cap: c?.cap ?? null, spent: c ? c.spent : (d.spentByMember[m.userId] ?? 0),
      });
    }
    for (const c of d.caps.members) {
      if (!seen.has(c.userId)) rows.push({ kind: 'member', id: c.userId, name: c.userId, detail: '', inactive: false, cap: c.cap, spent: c.spent });
    }
    return rows;
  }

  private agentRows(d: CapsData): CapRow[] {
    const caps = new Map(d.caps.agents.map((c) => [c.agentId, c]));
    const rows: CapRow[] = [];
    const seen = new Set<string>();
    for (const a of d.agents ?? []) {
      const c = caps.get(a.id);
      if (a.state !== 'active' && !c) continue;
      seen.add(a.id);
      rows.push({ kind: 'agent', id: a.id, name: a.name, detail: '', inactive: a.state !== 'active', cap: c?.cap ?? null, spent: c ? c.spent : null });
    }
    for (const c of d.caps.agents) {
      if (!seen.has(c.agentId)) {
        rows.push({ kind: 'agent', id: c.agentId, name: this.t('spendCaps.agentFallback', { id: c.agentId }), detail: '', inactive: false, cap: c.cap, spent: c.spent });
      }
    }
    return rows;
  }

  /** Members who may receive the alert: active, and able to see billing (owner, admins, the billing-role holder). */
  private eligible(d: CapsData): Member[] {
    return (d.members ?? []).filter((m) => m.state === 'active' && (m.role === 'owner' || m.role === 'admin' || m.billingHolder));
  }

  private allowance(d: CapsData): number {
    if (d.balance) return d.balance.monthlyAllowance;
    const a = d.caps.alerts;
    return a.thresholdPct > 0 ? Math.round((a.thresholdCredits * 100) / a.thresholdPct) : 0;
  }

  private alertForm(d: CapsData): { pct: string; recipients: string[] } {
    if (this.alertDraft) return this.alertDraft;
    const eligible = new Set(this.eligible(d).map((m) => m.userId));
    return { pct: String(d.caps.alerts.thresholdPct), recipients: d.caps.alerts.recipientIds.filter((id) => eligible.has(id)) };
  }

  private alertDirty(d: CapsData): boolean {
    if (!this.alertDraft) return false;
    const saved = { pct: String(d.caps.alerts.thresholdPct), recipients: [...d.caps.alerts.recipientIds].sort() };
    return this.alertDraft.pct.trim() !== saved.pct || [...this.alertDraft.recipients].sort().join() !== saved.recipients.join();
  }

  // — actions —

  private editCap(row: CapRow, value: string): void {
    const key = keyOf(row.kind, row.id);
    this.drafts = { ...this.drafts, [key]: value };
    if (this.rowErrors[key]) {
      const { [key]: _gone, ...rest } = this.rowErrors;
      this.rowErrors = rest;
    }
  }

  private async saveCap(row: CapRow, e: Event): Promise<void> {
    e.preventDefault();
    const key = keyOf(row.kind, row.id);
    if (this.busy[key]) return;
    const typed = this.drafts[key] ?? (row.cap === null ? '' : String(row.cap));
    const parsed = parseCap(typed);
    if ('problem' in parsed) {
      this.rowErrors = { ...this.rowErrors, [key]: this.t(`spendCaps.${parsed.problem}`, { max: this.num(MAX_CAP) }) };
      this.focusAfter = `#cap-${CSS.escape(key)}`;
      return;
    }
    if (parsed.cap === row.cap) {
      this.rowErrors = { ...this.rowErrors, [key]: this.t('spendCaps.unchanged') };
      return;
    }
    await this.writeCap(row, parsed.cap);
  }

  private async clearCap(row: CapRow): Promise<void> {
    const key = keyOf(row.kind, row.id);
    if (this.busy[key]) return;
    await this.writeCap(row, null);
    // The Clear button is gone now: focus stays in the row, on its input.
    this.focusAfter = `#cap-${CSS.escape(key)}`;
    this.requestUpdate();
  }

  private async writeCap(row: CapRow, cap: number | null): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return;
    const orgId = this.orgId;
    const key = keyOf(row.kind, row.id);
    this.busy = { ...this.busy, [key]: true };
    const { [key]: _old, ...errors } = this.rowErrors;
    this.rowErrors = errors;
    try {
      if (row.kind === 'member') {
        const r = await ctx.client.caps.setMember(orgId, row.id, { cap });
        this.patch((d) => ({
          ...d,
          caps: { ...d.caps, members: [...d.caps.members.filter((c) => c.userId !== row.id), ...(r.cap === null ? [] : [r])] },
          spentByMember: { ...d.spentByMember, [row.id]: r.spent },
        }));
      } else {
        const r = await ctx.client.caps.setAgent(orgId, row.id, { cap });
        this.patch((d) => ({ ...d, caps: { ...d.caps, agents: [...d.caps.agents.filter((c) => c.agentId !== row.id), ...(r.cap === null ? [] : [r])] } }));
      }
      const { [key]: _draft, ...drafts } = this.drafts;
      this.drafts = drafts;
      this.announce(cap === null ? this.t('spendCaps.capCleared', { name: row.name }) : this.t('spendCaps.capSet', { name: row.name, cap: this.num(cap) }));
      this.emitChange('orgkit-cap-changed', { orgId, kind: row.kind, id: row.id, cap }, () => this.loader.reload());
    } catch (error) {
      this.rowErrors = { ...this.rowErrors, [key]: this.errorText(error) };
    } finally {
      const { [key]: _done, ...rest } = this.busy;
      this.busy = rest;
    }
  }

  private editAlert(d: CapsData, patch: Partial<{ pct: string; recipients: string[] }>): void {
    this.alertDraft = { ...this.alertForm(d), ...patch };
    this.alertError = null;
  }

  private async saveAlerts(d: CapsData, e: Event): Promise<void> {
    e.preventDefault();
    const ctx = this.ctx;
    if (!ctx || this.alertBusy) return;
    // The button stays focusable (aria-disabled) so focus is not lost after a save; with nothing changed it does nothing.
    if (!this.alertDirty(d)) return;
    const form = this.alertForm(d);
    const pct = form.pct.trim();
    if (!/^\d+$/.test(pct) || Number(pct) < 1 || Number(pct) > 100) {
      this.alertError = { field: 'threshold', text: this.t('spendCaps.thresholdInvalid') };
      this.focusAfter = '#threshold';
      return;
    }
    const orgId = this.orgId;
    const body = { thresholdPct: Number(pct), recipientIds: form.recipients };
    this.alertBusy = true;
    this.alertError = null;
    try {
      const alerts = await ctx.client.alerts.configure(orgId, body);
      this.patch((x) => ({ ...x, caps: { ...x.caps, alerts } }));
      this.alertDraft = null;
      this.announce(this.t('spendCaps.alertsSaved'));
      this.emitChange('orgkit-alerts-changed', { orgId, thresholdPct: alerts.thresholdPct, recipientIds: alerts.recipientIds }, () => this.loader.reload());
    } catch (error) {
      this.alertError = { field: null, text: this.errorText(error) };
    } finally {
      this.alertBusy = false;
    }
  }

  // — render —

  protected override render() {
    return html`
      <div part="status" class="status ${this.announcement ? 'notice ok' : ''}" role="status" aria-live="polite">${this.announcement}</div>
      ${this.loader.render({ complete: (data) => this.renderData(this.current(data)) })}
    `;
  }

  private renderData(d: CapsData): TemplateResult {
    const manage = this.can('caps.manage');
    const refreshing = this.loader.task.status === TaskStatus.PENDING;
    return html`<div class="wrap" aria-busy=${refreshing ? 'true' : 'false'}>
      <section part="members" class="block" aria-labelledby="caps-title">
        <header part="header">
          <slot name="heading"><h2 id="caps-title">${this.t('spendCaps.title')}</h2></slot>
          <p class="intro">${this.t('spendCaps.intro')}</p>
          <p part="reset" class="hint">${this.t('spendCaps.resets', { date: this.date(d.caps.resetsAt), relative: this.relative(d.caps.resetsAt) })}</p>
          ${manage ? nothing : html`<p part="read-only" class="notice read-only">${this.t('spendCaps.readOnly')}</p>`}
        </header>
        <h3 id="members-title">${this.t('spendCaps.members')}</h3>
        ${this.renderTable('member', this.memberRows(d), manage)}
      </section>
      <section part="agents" class="block" aria-labelledby="agents-title">
        <h2 id="agents-title">${this.t('spendCaps.agents')}</h2>
        ${this.renderTable('agent', this.agentRows(d), manage)}
      </section>
      ${this.renderAlerts(d, manage)}
    </div>`;
  }

  private renderTable(kind: CapKind, rows: CapRow[], manage: boolean): TemplateResult {
    if (rows.length === 0) return html`<p class="hint">${this.t(kind === 'member' ? 'spendCaps.noMembers' : 'spendCaps.noAgents')}</p>`;
    return html`<table part="table" aria-labelledby=${kind === 'member' ? 'members-title' : 'agents-title'}>
      <thead>
        <tr>
          <th scope="col">${this.t(kind === 'member' ? 'spendCaps.col.member' : 'spendCaps.col.agent')}</th>
          <th scope="col">${this.t('spendCaps.col.spent')}</th>
          <th scope="col">${this.t('spendCaps.col.cap')}</th>
        </tr>
      </thead>
      <tbody>${rows.map((r) => this.renderRow(r, manage))}</tbody>
    </table>`;
  }

  private renderRow(row: CapRow, manage: boolean): TemplateResult {
    const key = keyOf(row.kind, row.id);
    const capped = row.cap !== null && row.spent !== null && row.spent >= row.cap;
    const near = !capped && row.cap !== null && row.spent !== null && row.cap > 0 && row.spent / row.cap >= 0.8;
    const parts = ['row', capped ? 'row-capped' : '', row.inactive ? 'row-inactive' : ''].filter(Boolean).join(' ');
    return html`<tr part=${parts} class=${capped ? 'capped' : ''} data-key=${key}>
      <td>
        <div class="who">
          <strong part="name" id="name-${key}">${row.name}</strong>
          ${row.detail ? html`<span class="muted">${row.detail}</span>` : nothing}
          ${capped || near || row.inactive
            ? html`<span class="badges">
                ${capped ? html`<span part="capped-badge" class="badge danger">${this.t('spendCaps.capReached')}</span>` : nothing}
                ${near ? html`<span class="badge warn">${this.t('spendCaps.nearCap')}</span>` : nothing}
                ${row.inactive ? html`<span class="badge">${this.t('spendCaps.deactivated')}</span>` : nothing}
              </span>`
            : nothing}
        </div>
      </td>
      <td part="spent">${this.renderSpent(row, capped, near)}</td>
      <td part="cap">${manage ? this.renderCapForm(row) : this.renderCapValue(row)}</td>
    </tr>`;
  }

  private renderSpent(row: CapRow, capped: boolean, near: boolean): TemplateResult {
    const key = keyOf(row.kind, row.id);
    if (row.spent === null) return html`<span class="hint">${this.t('spendCaps.spentUnknown')}</span>`;
    if (row.cap === null) return html`<span class="cap-now">${this.t('spendCaps.spentOnly', { spent: this.num(row.spent) })}</span>`;
    const pct = this.percent(row.spent, row.cap);
    const width = row.cap === 0 ? 100 : Math.min(100, (row.spent / row.cap) * 100);
    return html`<div class="spent-text">
        <span>${this.t('spendCaps.spentOf', { spent: this.num(row.spent), cap: this.num(row.cap) })}</span><span class="pct">${pct}</span>
      </div>
      <div
        part="spent-meter"
        class="meter ${capped ? 'full' : near ? 'warn' : ''}"
        role="meter"
        aria-labelledby="name-${key}"
        aria-valuemin="0"
        aria-valuemax=${row.cap}
        aria-valuenow=${Math.min(row.spent, row.cap)}
        aria-valuetext=${this.t('spendCaps.spentValueText', { spent: this.num(row.spent), cap: this.num(row.cap), percent: pct })}
      ><span style="width:${width}%"></span></div>
      ${capped
        ? html`<p part="capped-text" class="capped-text">${this.t(row.kind === 'member' ? 'error.member_cap_reached' : 'error.agent_cap_reached')}</p>`
        : nothing}`;
  }

  private renderCapValue(row: CapRow): TemplateResult {
    return html`<span class="cap-now ${row.cap === null ? 'muted' : ''}">${row.cap === null ? this.t('spendCaps.noCap') : this.t('spendCaps.capCredits', { cap: this.num(row.cap) })}</span>`;
  }

  private renderCapForm(row: CapRow): TemplateResult {
    const key = keyOf(row.kind, row.id);
    const id = `cap-${key}`;
    const value = this.drafts[key] ?? (row.cap === null ? '' : String(row.cap));
    const error = this.rowErrors[key];
    const busy = this.busy[key] ?? false;
    return html`<form class="cap" novalidate @submit=${(e: Event) => void this.saveCap(row, e)}>
      <div class="field">
        <label class="sr-only" for=${id}>${this.t('spendCaps.inputLabel', { name: row.name })}</label>
        <input
          id=${id}
          part="cap-input"
          inputmode="numeric"
          autocomplete="off"
          placeholder=${this.t('spendCaps.noCap')}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? `${id}-error` : nothing}
          .value=${live(value)}
          @input=${(e: Event) => this.editCap(row, (e.target as HTMLInputElement).value)}
        />
      </div>
      <button type="submit" part="save-button" class="primary" id="save-${key}" aria-labelledby="save-${key} name-${key}" aria-disabled=${busy ? 'true' : 'false'}>
        ${busy ? this.t('spendCaps.saving') : this.t(row.cap === null ? 'spendCaps.set' : 'spendCaps.change')}
      </button>
      ${row.cap === null
        ? nothing
        : html`<button type="button" part="clear-button" id="clear-${key}" aria-labelledby="clear-${key} name-${key}" aria-disabled=${busy ? 'true' : 'false'}
            @click=${() => void this.clearCap(row)}>${this.t('spendCaps.clear')}</button>`}
      ${error ? html`<div part="field-error" class="field-error" id="${id}-error" role="alert">${error}</div>` : nothing}
    </form>`;
  }

  private renderAlerts(d: CapsData, manage: boolean): TemplateResult {
    const form = this.alertForm(d);
    const allowance = this.allowance(d);
    const pctNum = /^\d+$/.test(form.pct.trim()) ? Number(form.pct.trim()) : null;
    const credits = pctNum !== null && pctNum >= 1 && pctNum <= 100 ? Math.floor((allowance * pctNum) / 100) : null;
    const eligible = this.eligible(d);
    const owner = (d.members ?? []).find((m) => m.role === 'owner');
    const thresholdError = this.alertError?.field === 'threshold' ? this.alertError.text : null;
    const generalError = this.alertError && this.alertError.field === null ? this.alertError.text : null;
    const dirty = this.alertDirty(d);
    const described = ['threshold-credits', thresholdError ? 'threshold-error' : ''].filter(Boolean).join(' ');
    return html`<section part="alerts" class="block" aria-labelledby="alerts-title">
      <h2 id="alerts-title">${this.t('spendCaps.alerts.title')}</h2>
      <p class="intro">${this.t('spendCaps.alerts.intro')}</p>
      ${d.balance ? this.renderBalance(d.balance) : nothing}
      <form novalidate @submit=${(e: Event) => void this.saveAlerts(d, e)}>
        <fieldset ?disabled=${!manage}>
          <label for="threshold">${this.t('spendCaps.threshold')}</label>
          <div class="threshold">
            <input
              id="threshold"
              part="threshold-input"
              inputmode="numeric"
              autocomplete="off"
              aria-invalid=${thresholdError ? 'true' : 'false'}
              aria-describedby=${described}
              .value=${live(form.pct)}
              @input=${(e: Event) => this.editAlert(d, { pct: (e.target as HTMLInputElement).value })}
            />
            <span>${this.t('spendCaps.thresholdUnit')}</span>
          </div>
          ${thresholdError ? html`<div class="field-error" id="threshold-error" role="alert">${thresholdError}</div>` : nothing}
          <div class="hint" id="threshold-credits" part="threshold-credits">
            ${credits === null
              ? nothing
              : this.t('spendCaps.thresholdCredits', { credits: this.num(credits), allowance: this.num(allowance), default: DEFAULT_THRESHOLD_PCT })}
          </div>
        </fieldset>
        <fieldset part="recipients" ?disabled=${!manage} aria-describedby="recipients-hint recipients-default">
          <legend>${this.t('spendCaps.recipients')}</legend>
          ${eligible.map((m) => html`<div class="choice">
            <input
              type="checkbox"
              id="recipient-${m.userId}"
              .checked=${live(form.recipients.includes(m.userId))}
              @change=${(e: Event) => {
                const on = (e.target as HTMLInputElement).checked;
                const now = this.alertForm(d).recipients.filter((id) => id !== m.userId);
                this.editAlert(d, { recipients: on ? [...now, m.userId] : now });
              }}
            />
            <label for="recipient-${m.userId}">${m.name} <span class="muted">(${this.t(`role.${m.role}`)} · ${m.email})</span></label>
          </div>`)}
          <div class="hint" id="recipients-hint">${this.t('spendCaps.recipientsHint')}</div>
          <div class="hint" id="recipients-default">
            ${form.recipients.length === 0
              ? owner ? this.t('spendCaps.recipientsDefault', { name: owner.name }) : this.t('spendCaps.recipientsDefaultNoName')
              : nothing}
          </div>
        </fieldset>
        ${generalError ? html`<div part="alerts-error" class="notice error" role="alert" style="margin-top:12px">${generalError}</div>` : nothing}
        ${manage
          ? html`<div class="footer">
              <button type="submit" part="save-alerts" class="primary" aria-disabled=${!dirty || this.alertBusy ? 'true' : 'false'}>
                ${this.alertBusy ? this.t('spendCaps.saving') : this.t('spendCaps.saveAlerts')}
              </button>
              ${dirty ? html`<span class="badge warn">${this.t('spendCaps.unsaved')}</span>` : nothing}
            </div>`
          : nothing}
      </form>
      ${this.renderHistory(d)}
    </section>`;
  }

  /** CRD-7: ok (green), low (amber, under 100), out (red, at 0). */
  private renderBalance(b: Balance): TemplateResult {
    const cls = b.state === 'out' ? 'danger' : b.state === 'low' ? 'warn' : 'ok';
    return html`<p part="balance balance-${b.state}" class="balance">
      <span>${this.t('spendCaps.balance', { balance: this.num(b.balance) })}</span>
      <span class="badge ${cls}">${this.t(`spendCaps.balanceState.${b.state}`)}</span>
    </p>`;
  }

  private renderHistory(d: CapsData): TemplateResult {
    const recent = [...d.notifications].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, HISTORY);
    return html`<h3 id="history-title">${this.t('spendCaps.history')}</h3>
      ${recent.length === 0
        ? html`<p class="hint" part="history">${this.t('spendCaps.historyEmpty')}</p>`
        : html`<ul part="history" class="history" aria-labelledby="history-title">
            ${recent.map((n) => html`<li>
              <span>${this.t(`spendCaps.notification.${n.kind}`, { balance: this.num(n.balance) })}
                <span class="muted">· ${this.t('spendCaps.sentTo', { to: n.to.join(', ') })}</span></span>
              <time datetime=${n.at}>${this.date(n.at, true)}</time>
            </li>`)}
          </ul>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spend-caps': SpendCaps;
  }
  interface GlobalEventHandlersEventMap {
    'orgkit-cap-changed': CustomEvent<{ orgId: string; kind: CapKind; id: string; cap: number | null }>;
    'orgkit-alerts-changed': CustomEvent<{ orgId: string; thresholdPct: number; recipientIds: string[] }>;
  }
}
