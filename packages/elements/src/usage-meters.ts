import { TaskStatus } from '@lit/task';
import { css, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Subscription } from '@orgkit/contract';
import { OrgKitElement } from './base.js';
import { Loader } from './loader.js';
import { registerMessages } from './messages.js';
import { usageMetersMessages } from './usage-meters/messages.js';

registerMessages(usageMetersMessages);

declare module './events.js' {
  interface OrgKitEventDetails {
    'orgkit-usage-details-request': { orgId: string; unit: UsageUnit };
  }
}

export type UsageUnit = 'credits' | 'tokens';

type Meter = Subscription['meters']['credits'];
type MeterKey = 'credits' | 'kbPages' | 'agents' | 'seats';

/** Tokens used since the cycle began (from the usage summary), shown instead of credits with `unit="tokens"`. */
interface CycleTokens {
  tokens: number;
  /** The first day the summary counts (the cycle's start). */
  since: string;
}

interface MetersData {
  subscription: Subscription;
  /** null: credits are shown (unit="credits", or the caller may not read usage — USE-2). */
  tokens: CycleTokens | null;
}

const DAY = 86_400_000;
/** A meter turns amber from this share of its limit, red when the limit is reached. */
export const WARN_PERCENT = 80;

/** The usage summary counts whole (UTC) days, at most 365: the days from the cycle's start to now. */
export function cycleDays(cycleStart: string, now: number): number {
  const days = Math.floor(now / DAY) - Math.floor(Date.parse(cycleStart) / DAY) + 1;
  return Math.min(365, Math.max(1, days));
}

/** 'full' at or over the limit, 'warn' from 80 %, '' otherwise. */
export function meterLevel(percent: number | null, used?: number, limit?: number | null): '' | 'warn' | 'full' {
  if (percent === null) return '';
  if ((limit !== undefined && limit !== null && used !== undefined && used >= limit) || percent >= 100) return 'full';
  return percent >= WARN_PERCENT ? 'warn' : '';
}

/**
 * The usage overview card (PLAN-4, S4): the plan's name and reset date, an overall "n % used" badge and meters for
 * credits (or AI tokens), knowledge-base pages, agents and seats — used against the limit with the percentage and a
 * bar that turns amber at 80 % and red at 100 %. Unlimited resources say so; under per-member seat billing
 * (POL-SEAT-BILLING) seats show as billed per member.
 *
 * Builders see it too (`billing.summary`: the limits behind limit notices, USE-2); members see the no-access state.
 * "View stats" is offered to those who may read the detailed usage (`usage.read`), "Change plan" to those who may
 * change it (`plans.change`). With `unit="tokens"` the first meter counts this cycle's AI tokens — for those who may
 * read usage; others see credits and are told why.
 *
 * @tag usage-meters
 * @summary Plan, reset date and usage meters (credits or tokens, KB pages, agents, seats).
 *
 * @attr unit - `credits` (default) or `tokens`: what the first meter counts.
 * @attr stats-href - Where "View stats" leads (a link); without it, a button that only fires the event.
 * @attr plans-href - Where "Change plan" leads (a link); without it, a button that only fires the event.
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 *
 * @fires orgkit-usage-details-request - Cancelable. "View stats" was chosen (`detail: { orgId, unit }`): show your
 *   usage page. `preventDefault()` keeps a `stats-href` link from navigating.
 * @fires orgkit-upgrade-request - Cancelable. "Change plan" was chosen (`detail: { orgId, reason: 'plan' }`): show your
 *   plan picker. `preventDefault()` keeps a `plans-href` link from navigating.
 *
 * @slot heading - Replaces the plan name heading.
 * @slot no-access - Replaces the text shown to someone whose role does not include the billing summary.
 *
 * @csspart card - The whole card.
 * @csspart header - Plan name, reset date and the overall badge.
 * @csspart plan-name - The plan's name.
 * @csspart reset - The reset date.
 * @csspart overall - The overall "n % used" badge.
 * @csspart pending - A scheduled plan change ("Moves to Standard on …").
 * @csspart meters - The list of meters.
 * @csspart meter - One meter (also `meter-credits` / `meter-tokens`, `meter-kbPages`, `meter-agents`, `meter-seats`;
 *   `meter-warn` from 80 %, `meter-full` at the limit, `meter-unlimited`).
 * @csspart bar - A meter's progress bar (`role="meter"`).
 * @csspart value - A meter's "used / limit" text.
 * @csspart percent - A meter's percentage.
 * @csspart level - The "Nearly used up" / "Limit reached" badge of a meter.
 * @csspart unit-note - Why credits are shown although tokens were asked for.
 * @csspart actions - The View stats and Change plan actions.
 * @csspart stats-link - View stats.
 * @csspart plans-button - Change plan.
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - The loading state.
 * @csspart error - The error state, with `retry-button`.
 *
 * @cssprop --orgkit-color-accent - Bars below 80 %, links.
 * @cssprop --orgkit-color-warning - Bars and badges from 80 %.
 * @cssprop --orgkit-color-danger - Bars and badges at the limit.
 * @cssprop --orgkit-color-ok - The overall badge below 80 %.
 * @cssprop --orgkit-color-border - The card border and the bars' track.
 * @cssprop --orgkit-color-surface - The card background.
 * @cssprop --orgkit-color-muted - Secondary text.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-space - The spacing unit.
 */
export class UsageMeters extends OrgKitElement {
  static override styles = [
    ...OrgKitElement.styles,
    css`
      .card {
        container-type: inline-size; border: 1px solid var(--_border); border-radius: var(--_radius);
        padding: calc(var(--_space) * 2.25); background: var(--_bg);
      }
      header { display: flex; gap: calc(var(--_space) * 1.5); align-items: flex-start; justify-content: space-between; flex-wrap: wrap; }
      header h2 { margin: 0 0 2px; font-size: 1.15em; }
      header p { margin: 0; }
      .overall { font-size: 0.9em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.02em; line-height: 1.9; padding: 0 10px; }
      .pending { margin: var(--_space) 0 0; }
      ul.meters {
        list-style: none; margin: calc(var(--_space) * 2) 0 0; padding: 0; display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr)); gap: calc(var(--_space) * 2) calc(var(--_space) * 3);
      }
      @container (max-width: 620px) { ul.meters { grid-template-columns: minmax(0, 1fr); } }
      .meter-head { display: flex; justify-content: space-between; align-items: baseline; gap: var(--_space); margin-bottom: 6px; flex-wrap: wrap; }
      .meter-head .name { font-weight: 500; display: inline-flex; gap: var(--_space); align-items: center; flex-wrap: wrap; }
      .meter-head .name .badge { font-weight: 400; font-size: 0.8em; }
      .meter-head .value { display: inline-flex; gap: var(--_space); align-items: baseline; font-variant-numeric: tabular-nums; }
      .meter-head .pct { color: var(--_muted); min-width: 3.2em; text-align: right; }
      li.warn .pct { color: var(--_warn); font-weight: 600; }
      li.full .pct { color: var(--_danger); font-weight: 600; }
      .meter { height: 8px; border-radius: 4px; }
      .meter > span { border-radius: 4px; }
      .track-unlimited {
        height: 8px; border-radius: 4px;
        background: repeating-linear-gradient(90deg, var(--_border) 0 6px, transparent 6px 10px);
      }
      .sub { display: flex; gap: var(--_space); align-items: center; justify-content: space-between; margin-top: 4px; min-height: 1.6em; }
      .sub .hint { margin: 0; }
      .unit-note { margin: calc(var(--_space) * 1.5) 0 0; }
      .actions {
        display: flex; gap: calc(var(--_space) * 1.5); align-items: center; justify-content: flex-end; flex-wrap: wrap;
        margin-top: calc(var(--_space) * 2); padding-top: calc(var(--_space) * 1.5); border-top: 1px solid var(--_border);
      }
      .actions:empty { display: none; }
      a { color: var(--_accent); font-weight: 500; }
      .arrow { margin-left: 4px; }
    `,
  ];

  /** What the first meter counts: `credits` (default) or `tokens` (needs `usage.read`; otherwise credits are shown). */
  @property({ reflect: true }) unit: UsageUnit = 'credits';
  /** Where "View stats" leads; without it a button fires `orgkit-usage-details-request` only. */
  @property({ attribute: 'stats-href' }) statsHref?: string;
  /** Where "Change plan" leads; without it a button fires `orgkit-upgrade-request` only. */
  @property({ attribute: 'plans-href' }) plansHref?: string;

  /** @internal */
  readonly loader = new Loader<MetersData>(this, {
    capability: 'billing.summary',
    load: async ({ client, orgId, signal }) => {
      const subscription = await client.subscription.get(orgId, { signal });
      let tokens: CycleTokens | null = null;
      if (this.unit === 'tokens' && this.can('usage.read')) {
        const days = cycleDays(subscription.cycleStart, this.now());
        const summary = await client.usage.summary(orgId, { days }, { signal });
        tokens = { tokens: summary.totalTokens, since: subscription.cycleStart };
      }
      return { subscription, tokens };
    },
  });

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The unit decides what is loaded: load again when it changes after the first load.
    if (changed.has('unit') && changed.get('unit') !== undefined) this.loader.reload();
  }

  // — formatting —

  private get intlTag(): string {
    return this.uiLocale === 'de' ? 'de-CH' : 'en-US';
  }

  /** "42 %" — never "100 %" before the limit is actually reached. */
  private percent(p: number, full: boolean): string {
    const shown = full ? Math.round(p) : Math.min(Math.floor(p), 99);
    return new Intl.NumberFormat(this.intlTag, { style: 'percent', maximumFractionDigits: 0 }).format(shown / 100);
  }

  private compact(n: number): string {
    return new Intl.NumberFormat(this.intlTag, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
  }

  // — render —

  protected override render() {
    return this.loader.render({ complete: (data) => this.renderCard(data) });
  }

  private renderCard({ subscription: s, tokens }: MetersData): TemplateResult {
    const overall = s.meters.overallPercent;
    const level = meterLevel(overall);
    const overallText = this.percent(overall, overall >= 100);
    const wantedTokens = this.unit === 'tokens';
    return html`<section part="card" class="card" aria-label=${this.t('usageMeters.title')} aria-busy=${this.loader.task.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <header part="header">
        <div>
          <slot name="heading"><h2 id="plan-name" part="plan-name">${this.t('usageMeters.plan', { plan: s.planName })}</h2></slot>
          <p part="reset" class="muted">${this.t('usageMeters.resets', { date: this.date(s.resetsAt), relative: this.relative(s.resetsAt) })}</p>
        </div>
        <span part="overall" class="badge overall ${level === 'full' ? 'danger' : level === 'warn' ? 'warn' : 'ok'}"
          >${this.t('usageMeters.overall', { percent: overallText })}</span>
      </header>
      ${this.renderPending(s)}
      <ul part="meters" class="meters" aria-label=${this.t('usageMeters.meters')}>
        ${tokens ? this.renderTokens(s.meters.credits, tokens) : this.renderMeter('credits', s.meters.credits, s)}
        ${this.renderMeter('kbPages', s.meters.kbPages, s)}
        ${this.renderMeter('agents', s.meters.agents, s)}
        ${this.renderMeter('seats', s.meters.seats, s)}
      </ul>
      ${wantedTokens && !tokens ? html`<p part="unit-note" class="hint unit-note">${this.t('usageMeters.tokensFallback')}</p>` : nothing}
      <div part="actions" class="actions">${this.renderActions()}</div>
    </section>`;
  }

  private renderPending(s: Subscription): TemplateResult | typeof nothing {
    const p = s.pendingChange;
    if (!p) return nothing;
    const date = this.date(p.effectiveAt);
    const plan = p.planId.charAt(0).toUpperCase() + p.planId.slice(1);
    return html`<p part="pending" class="hint pending">${this.t(`usageMeters.pending.${p.kind}`, { plan, date })}</p>`;
  }

  private levelBadge(level: '' | 'warn' | 'full'): TemplateResult | typeof nothing {
    if (!level) return nothing;
    return html`<span part="level" class="badge ${level === 'full' ? 'danger' : 'warn'}">${this.t(level === 'full' ? 'usageMeters.full' : 'usageMeters.near')}</span>`;
  }

  private renderMeter(key: MeterKey, m: Meter, s: Subscription): TemplateResult {
    const id = `meter-${key}`;
    const label = this.t(`usageMeters.${key}`);
    if (m.limit === null || m.percent === null) {
      const billed = key === 'seats' && s.seatBilling;
      const text = this.t(billed ? 'usageMeters.seatBillingText' : 'usageMeters.unlimitedText', { used: this.num(m.used) });
      return html`<li part="meter ${id} meter-unlimited" class="unlimited">
        <div class="meter-head">
          <span class="name" id="${id}-label">${label}</span>
          <span class="value"><strong part="value">${this.num(m.used)}</strong>
            <span part="percent" class="pct">${this.t(billed ? 'usageMeters.seatBilling' : 'usageMeters.unlimited')}</span></span>
        </div>
        <div class="track-unlimited" aria-hidden="true"></div>
        <span class="sr-only">${text}</span>
      </li>`;
    }
    const full = m.used >= m.limit;
    const level = meterLevel(m.percent, m.used, m.limit);
    const pct = this.percent(m.percent, full);
    const valueText = this.t('usageMeters.valueText', { used: this.num(m.used), limit: this.num(m.limit), percent: pct });
    return html`<li part="meter ${id}${level ? ` meter-${level}` : ''}" class=${level}>
      <div class="meter-head">
        <span class="name"><span id="${id}-label">${label}</span>${this.levelBadge(level)}</span>
        <span class="value">
          <strong part="value">${this.t('usageMeters.of', { used: this.num(m.used), limit: this.num(m.limit) })}</strong>
          <span part="percent" class="pct">${pct}</span>
        </span>
      </div>
      ${this.bar(`${id}-label`, m.used, m.limit, m.percent, level, valueText)}
    </li>`;
  }

  /** The first meter in tokens: this cycle's tokens, the bar and percentage still measured against the credit allowance. */
  private renderTokens(credits: Meter, tokens: CycleTokens): TemplateResult {
    const id = 'meter-tokens';
    const since = this.date(tokens.since);
    const limit = credits.limit;
    const level = meterLevel(credits.percent, credits.used, limit);
    const full = limit !== null && credits.used >= limit;
    const pct = credits.percent === null ? '' : this.percent(credits.percent, full);
    const tokenText = this.compact(tokens.tokens);
    return html`<li part="meter ${id}${level ? ` meter-${level}` : ''}" class=${level}>
      <div class="meter-head">
        <span class="name"><span id="${id}-label">${this.t('usageMeters.tokens')}</span>${this.levelBadge(level)}</span>
        <span class="value">
          <strong part="value" title=${this.num(tokens.tokens)}>${this.t('usageMeters.tokensUsed', { tokens: tokenText })}</strong>
          ${pct ? html`<span part="percent" class="pct">${pct}</span>` : nothing}
        </span>
      </div>
      ${limit === null || credits.percent === null
        ? html`<div class="track-unlimited" aria-hidden="true"></div>`
        : this.bar(`${id}-label`, credits.used, limit, credits.percent, level,
            this.t('usageMeters.tokensValueText', { tokens: this.num(tokens.tokens), date: since, used: this.num(credits.used), limit: this.num(limit), percent: pct }))}
      <div class="sub">
        <p class="hint">${limit === null
          ? this.t('usageMeters.unlimitedText', { used: this.num(credits.used) })
          : this.t('usageMeters.tokensDetail', { date: since, used: this.num(credits.used), limit: this.num(limit) })}</p>
      </div>
    </li>`;
  }

  private bar(labelledBy: string, used: number, limit: number, percent: number, level: string, valueText: string): TemplateResult {
    const width = Math.max(0, Math.min(100, percent));
    return html`<div
      part="bar"
      class="meter ${level}"
      role="meter"
      aria-labelledby=${labelledBy}
      aria-valuemin="0"
      aria-valuemax=${limit}
      aria-valuenow=${Math.min(used, limit)}
      aria-valuetext=${valueText}
    ><span style="width:${width}%"></span></div>`;
  }

  private renderActions(): TemplateResult[] {
    const orgId = this.orgId;
    const out: TemplateResult[] = [];
    if (this.can('usage.read')) {
      const label = html`${this.t('usageMeters.stats')}<span class="arrow" aria-hidden="true">→</span>`;
      const go = (e: Event) => {
        if (!this.request('orgkit-usage-details-request', { orgId, unit: this.unit === 'tokens' ? 'tokens' : 'credits' })) e.preventDefault();
      };
      out.push(this.statsHref
        ? html`<a part="stats-link" href=${this.statsHref} @click=${go}>${label}</a>`
        : html`<button type="button" part="stats-link" class="link" @click=${go}>${label}</button>`);
    }
    if (this.can('plans.change')) {
      const go = (e: Event) => {
        if (!this.request('orgkit-upgrade-request', { orgId, reason: 'plan' })) e.preventDefault();
      };
      out.push(this.plansHref
        ? html`<a part="plans-button" href=${this.plansHref} @click=${go}>${this.t('usageMeters.changePlan')}</a>`
        : html`<button type="button" part="plans-button" class="primary" @click=${go}>${this.t('usageMeters.changePlan')}</button>`);
    }
    return out;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'usage-meters': UsageMeters;
  }
  interface GlobalEventHandlersEventMap {
    'orgkit-usage-details-request': CustomEvent<{ orgId: string; unit: UsageUnit }>;
  }
}
