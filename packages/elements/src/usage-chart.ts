import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import { ApiError } from '@orgkit/client';
import type { Balance, BreakdownRow, Model, ResponseOf, Timeseries, UsageEvent, UsageGrouping, UsageSummary, UsageUnit } from '@orgkit/contract';
import { CHANNELS, USAGE_GROUPINGS, USAGE_UNITS } from '@orgkit/contract/wire';
import { OrgKitElement } from './base.js';
import { Loader } from './loader.js';
import type { Locale } from './messages.js';
import { registerMessages } from './messages.js';
import { shared, tokens } from './styles.js';
import type { ChartMode, ChartModel, Layout } from './usage-chart/chart.js';
import { chartContent, layout, toModel } from './usage-chart/chart.js';
import { usageMessages } from './usage-chart/messages.js';
import { usageStyles } from './usage-chart/styles.js';

registerMessages(usageMessages);

declare module './events.js' {
  interface OrgKitEventDetails {
    'orgkit-usage-period-changed': { orgId: string; days: number; unit: UsageUnit; groupBy: UsageGrouping };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'orgkit-usage-period-changed': CustomEvent<{ orgId: string; days: number; unit: UsageUnit; groupBy: UsageGrouping }>;
  }
  interface HTMLElementTagNameMap {
    'usage-chart': UsageChart;
  }
}

/** The period presets (days); any other whole number of days from 1 to 365 is a custom period (USE-5). */
export const USAGE_PRESETS = [7, 30, 90, 365] as const;
/** Recent activity per page. */
const PAGE = 20;
/** The engine's series key for usage without an agent or member. */
const UNATTRIBUTED = '(none)';
/** Until the chart's container is measured. */
const WIDTH_GUESS = 640;

interface Names {
  agents: Map<string, string> | null;
  members: Map<string, string> | null;
  models: Map<string, Model> | null;
}

type UsageEventPage = ResponseOf<'usage.events'>;

const intlTag = (locale: Locale) => (locale === 'de' ? 'de-CH' : 'en-US');

/** Whole days from 1 to 365 (USE-5); anything else is refused before it is sent. */
export function validDays(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 365 ? n : null;
}

/**
 * Usage over time for owners, admins and the billing-role holder: summary cards, a timeseries over 1–365 days in
 * credits or tokens — stacked or as lines, split by channel, agent, member or model — with a keyboard-readable
 * SVG chart (d3 scales and shapes, rendered through Lit) or the same numbers as a table, the per-agent table by
 * agent × channel × category, and recent activity paged by cursor.
 *
 * Builders see a calm summary (balance and this cycle's usage) and never request the timeseries, breakdown or
 * events (USE-2); members see the no-access state, deactivated members the blocked state. Periods outside 1–365
 * days are refused before sending; should the server refuse one (a host's `days`), its message is shown (USE-5).
 * The 365-day view asks only the rollup routes (timeseries, summary, breakdown) — never the event log.
 *
 * @tag usage-chart
 * @summary Usage over time, by channel, agent, member or model, with summary cards, the per-agent table and recent activity.
 *
 * @attr days - The period in days, 1–365 (default 30). Presets 7, 30, 90, 365; any other is a custom period.
 * @attr unit - `credits` (default) or `tokens`.
 * @attr group-by - `none`, `channel` (default), `agent`, `member` or `model`.
 * @attr mode - `stacked` (default) or `lines` (`split` is the same as `lines`).
 * @attr api-base - Where the OrgKit API lives (used when there is no <org-provider>).
 * @attr org - The organization to show (used when there is no <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`, else English.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @prop {OrgKitClient} client - A configured client (your auth) when there is no <org-provider>.
 *
 * @fires orgkit-usage-period-changed - The user changed the period, unit or grouping (`detail: { orgId, days, unit, groupBy }`).
 * @fires orgkit-org-select - The user picked another organization in the selector (ORG-9; `detail: { orgId }`).
 *
 * @slot heading - Replaces the "Usage" heading.
 * @slot no-access - Replaces the text shown to someone whose role does not include usage.
 *
 * @csspart status - The live region announcing results.
 * @csspart header - The heading and the organization selector.
 * @csspart org-picker - The organization selector (shown when the user belongs to several, ORG-9).
 * @csspart controls - Period, unit, grouping and chart style.
 * @csspart preset - A period preset button (7, 30, 90, 365 days).
 * @csspart custom-days - The custom period input (1–365 days).
 * @csspart custom-apply - Applies the custom period.
 * @csspart custom-error - Why a custom period was refused.
 * @csspart unit - The unit picker.
 * @csspart group-by - The grouping picker.
 * @csspart mode-button - The Stacked / Lines buttons.
 * @csspart period-error - The server's refusal of the period (USE-5).
 * @csspart summary - The summary section (the cards).
 * @csspart cards - The summary cards (also `card`, `card-total`, `card-change`, `card-top-agent`, `card-top-channel`, `card-cycle`, and `card-balance` in the summary only).
 * @csspart chart-section - The chart, its legend and the table toggle.
 * @csspart table-toggle - "View as table".
 * @csspart chart - The chart's container (it follows its width).
 * @csspart svg - The SVG.
 * @csspart series - One path per series.
 * @csspart tooltip - The tooltip of the focused or hovered day.
 * @csspart legend - The legend.
 * @csspart table-scroll - The scroll container of the per-day table.
 * @csspart series-table - The per-day table (the chart's numbers).
 * @csspart breakdown - The per-agent section (agent × channel × category), with `breakdown-scroll` and `breakdown-table`.
 * @csspart activity - Recent activity, with `activity-scroll`, `activity-table` and `load-more`.
 * @csspart summary-only - The builder's summary (balance and this cycle's usage).
 * @csspart no-access - The no-access or blocked state.
 * @csspart loading - A loading state.
 * @csspart error - An error state, with `retry-button`.
 *
 * @cssprop --orgkit-usage-color-1 - Series colour 1 (up to --orgkit-usage-color-8; 8 is also "Other").
 * @cssprop --orgkit-usage-table-max-height - The tables' maximum height before they scroll (default 360px).
 * @cssprop --orgkit-color-accent - Buttons, focus ring, the pressed controls.
 * @cssprop --orgkit-color-background - Background.
 * @cssprop --orgkit-color-surface - Cards and table headers.
 * @cssprop --orgkit-color-text - Text.
 * @cssprop --orgkit-color-muted - Axis labels and secondary text.
 * @cssprop --orgkit-color-border - Grid lines and borders.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-font-family - Font.
 */
export class UsageChart extends OrgKitElement {
  static override styles = [tokens, shared, usageStyles];

  /** The period in days (1–365). */
  @property({ type: Number, reflect: true }) days = 30;
  /** `credits` or `tokens`. */
  @property({ reflect: true }) unit: UsageUnit = 'credits';
  /** How the timeseries is split. */
  @property({ attribute: 'group-by', reflect: true }) groupBy: UsageGrouping = 'channel';
  /** `stacked` or `lines` (`split` means `lines`). */
  @property({ reflect: true }) mode: 'stacked' | 'lines' | 'split' = 'stacked';

  /** USE-2: balance and this cycle's usage (builders see this much; owners see it as a card). @internal */
  readonly balance = new Loader<Balance>(this, {
    capability: 'billing.summary',
    load: ({ client, orgId, signal }) => client.credits.balance(orgId, { signal }),
  });

  /** @internal */
  readonly summary = new Loader<UsageSummary>(this, {
    capability: 'usage.read',
    load: ({ client, orgId, signal }) => client.usage.summary(orgId, { days: this.days }, { signal }),
  });

  /** @internal */
  readonly breakdown = new Loader<BreakdownRow[]>(this, {
    capability: 'usage.read',
    load: ({ client, orgId, signal }) => client.usage.breakdown(orgId, { days: this.days }, { signal }),
  });

  /** The chart's data: only the timeseries route (daily rollups), whatever the period. @internal */
  readonly series = new Loader<Timeseries>(this, {
    capability: 'usage.read',
    load: async ({ client, orgId, signal }) => {
      const ts = await client.usage.timeseries(orgId, { days: this.days, unit: this.queryUnit, groupBy: this.queryGroup }, { signal });
      if (this.announceNext) {
        this.announceNext = false;
        this.announce(this.describeResult(ts));
      }
      return ts;
    },
  });

  /** Names for series keys — only what the caller may read; anything else falls back to ids. @internal */
  readonly names = new Loader<Names>(this, {
    capability: 'usage.read',
    load: async ({ client, orgId, signal }) => {
      const soft = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);
      const [agents, members, models] = await Promise.all([
        this.can('agents.manage') ? soft(client.agents.list(orgId, { signal })) : null,
        this.can('members.read') ? soft(client.members.list(orgId, { signal })) : null,
        this.can('deployments.read') ? soft(client.models.list(orgId, { signal })) : null,
      ]);
      return {
        agents: agents ? new Map(agents.map((a) => [a.id, a.name])) : null,
        members: members ? new Map(members.members.map((m) => [m.userId, m.name])) : null,
        models: models ? new Map(models.models.map((m) => [m.id, m])) : null,
      };
    },
  });

  /** @internal */
  readonly events = new Loader<UsageEventPage>(this, {
    capability: 'usage.read',
    load: ({ client, orgId, signal }) => client.usage.events(orgId, { limit: PAGE }, { signal }),
    isEmpty: (page) => page.events.length === 0,
  });

  @state() private announcement = '';
  @state() private tableView = false;
  /** The day whose tooltip shows (-1: none). */
  @state() private active = -1;
  /** The day holding the roving tabindex (-1: the last day). */
  @state() private focusDay = -1;
  @state() private width = 0;
  @state() private customText = '';
  @state() private customDirty = false;
  @state() private customError = '';
  // — recent activity beyond the first page —
  @state() private more: UsageEvent[] = [];
  @state() private moreCursor: string | null | undefined = undefined;
  @state() private loadingMore = false;
  @state() private moreError = '';
  private eventsBase: UsageEventPage | undefined;
  private announceNext = false;
  private focusAfterMore = -1;

  private modelMemo: { ts: Timeseries; names: Names | undefined; rows: BreakdownRow[] | undefined; locale: Locale; model: ChartModel } | null = null;
  private layoutMemo: { model: ChartModel; width: number; mode: ChartMode; locale: Locale; layout: Layout } | null = null;
  private ages = new Map<string, string>();
  private labelsMemo: { model: ChartModel; locale: Locale; labels: string[] } | null = null;
  private formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

  private observed: Element | null = null;
  /** The chart follows its container's width; the new layout waits for the next frame (no resize-observer loop). */
  private readonly resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
    const w = Math.round(entries[entries.length - 1]?.contentRect.width ?? 0);
    if (w > 0 && w !== this.width) requestAnimationFrame(() => (this.width = w));
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.observed = null;
  }

  // — what is asked for —

  private get queryUnit(): UsageUnit {
    return (USAGE_UNITS as readonly string[]).includes(this.unit) ? this.unit : 'credits';
  }

  private get queryGroup(): UsageGrouping {
    return (USAGE_GROUPINGS as readonly string[]).includes(this.groupBy) ? this.groupBy : 'channel';
  }

  private get chartMode(): ChartMode {
    return this.mode === 'lines' || this.mode === 'split' ? 'lines' : 'stacked';
  }

  // — formatting —

  private fmt<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: (tag: string) => T): T {
    const k = `${this.uiLocale}|${key}`;
    let f = this.formatters.get(k);
    if (!f) {
      f = make(intlTag(this.uiLocale));
      this.formatters.set(k, f);
    }
    return f as T;
  }

  /** As the base's num(), with the Intl formatter kept (the tables format hundreds of numbers per render). */
  protected override num(n: number): string {
    return this.fmt('num', (tag) => new Intl.NumberFormat(tag)).format(n);
  }

  /** As the base's date(), with the Intl formatters kept. */
  protected override date(iso: string, withTime = false): string {
    return this.fmt(withTime ? 'date-time' : 'date', (tag) =>
      new Intl.DateTimeFormat(tag, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }),
    ).format(new Date(iso));
  }

  private amount(value: number, unit: UsageUnit): string {
    return this.t(`usage.amount.${unit}`, { value: this.num(value) });
  }

  private compact(n: number): string {
    return this.fmt('compact', (tag) => new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 })).format(n);
  }

  private pct(p: number): string {
    return this.fmt('pct', (tag) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' })).format(p / 100);
  }

  /** A day of the timeseries (YYYY-MM-DD, a UTC day). */
  private day(date: string, style: 'long' | 'medium' = 'medium'): string {
    const f = this.fmt(`day-${style}`, (tag) =>
      new Intl.DateTimeFormat(tag, style === 'long' ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' }),
    );
    return f.format(new Date(`${date}T00:00:00Z`));
  }

  private axisDay(d: Date, long: boolean): string {
    return this.fmt(long ? 'axis-long' : 'axis', (tag) =>
      new Intl.DateTimeFormat(tag, long ? { month: 'short', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' }),
    ).format(d);
  }

  private periodLabel(days: number): string {
    return days === 1 ? this.t('usage.periodLabel.one') : this.t('usage.periodLabel', { days: this.num(days) });
  }

  private channelName(channel: string): string {
    return this.t(`usage.channel.${channel}`);
  }

  private agentName(id: string | null): string {
    if (id === null || id === UNATTRIBUTED) return this.t('usage.unattributed');
    return this.names.value?.agents?.get(id) ?? this.breakdown.value?.find((r) => r.agentId === id)?.agentName ?? id;
  }

  private memberName(id: string | null): string {
    if (id === null || id === UNATTRIBUTED) return this.t('usage.unattributed');
    return this.names.value?.members?.get(id) ?? id;
  }

  /** A series key's label, and for models their rate per 1,000 words (CRD-6). */
  private describeKey(key: string, groupBy: UsageGrouping): { label: string; hint: string } {
    if (key === UNATTRIBUTED) return { label: this.t('usage.unattributed'), hint: '' };
    switch (groupBy) {
      case 'none':
        return { label: this.t('usage.series.total'), hint: '' };
      case 'channel':
        return { label: this.channelName(key), hint: '' };
      case 'agent':
        return { label: this.agentName(key), hint: '' };
      case 'member':
        return { label: this.memberName(key), hint: '' };
      case 'model': {
        const m = this.names.value?.models?.get(key);
        return { label: m?.name ?? key, hint: m ? this.t(m.creditsPer1kWords === 1 ? 'usage.rate.one' : 'usage.rate', { rate: this.num(m.creditsPer1kWords), thousand: this.num(1000) }) : '' };
      }
    }
  }

  private describeResult(ts: Timeseries): string {
    const values = {
      period: this.periodLabel(ts.days),
      unit: this.t(`usage.unit.${ts.unit}`),
      grouping: this.t(`usage.groupBy.${ts.groupBy}`),
      total: this.amount(ts.total, ts.unit),
    };
    return this.t(ts.groupBy === 'none' ? 'usage.announce.none' : 'usage.announce', values);
  }

  private announce(text: string): void {
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  // — the chart's model and geometry (recomputed only when their inputs change) —

  private modelFor(ts: Timeseries): ChartModel {
    const memo = this.modelMemo;
    const names = this.names.value;
    const rows = this.breakdown.value;
    const locale = this.uiLocale;
    if (memo && memo.ts === ts && memo.names === names && memo.rows === rows && memo.locale === locale) return memo.model;
    const model = toModel(
      ts,
      (key) => this.describeKey(key, ts.groupBy),
      (key, i) => (ts.groupBy === 'channel' ? (CHANNELS as readonly string[]).indexOf(key) + 1 || i + 1 : i + 1),
      this.t('usage.other'),
    );
    this.modelMemo = { ts, names, rows, locale, model };
    return model;
  }

  private layoutFor(model: ChartModel, width: number): Layout {
    const memo = this.layoutMemo;
    const mode = this.chartMode;
    const locale = this.uiLocale;
    if (memo && memo.model === model && memo.width === width && memo.mode === mode && memo.locale === locale) return memo.layout;
    const l = layout(model, width, mode, { tick: (n) => this.compact(n), day: (d, long) => this.axisDay(d, long) });
    this.layoutMemo = { model, width, mode, locale, layout: l };
    return l;
  }

  /** Each day's accessible name ("Mon, Mar 3, 2025: 120 credits"), formatted once per answer. */
  private pointLabels(model: ChartModel): string[] {
    const memo = this.labelsMemo;
    const locale = this.uiLocale;
    if (memo && memo.model === model && memo.locale === locale) return memo.labels;
    const labels = model.dates.map((date, i) => this.t('usage.chart.point', { date: this.day(date, 'long'), value: this.amount(model.totals[i] ?? 0, model.unit) }));
    this.labelsMemo = { model, locale, labels };
    return labels;
  }

  // — lifecycle —

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A new period asks the rollup routes again; a new unit or grouping only the timeseries.
    if (changed.has('days')) {
      this.summary.reload();
      this.breakdown.reload();
      this.series.reload();
    } else if (changed.has('unit') || changed.has('groupBy')) {
      this.series.reload();
    }
    // A fresh first page of activity (another organization, or a change anywhere) replaces what was paged in.
    if (this.events.value !== this.eventsBase) {
      this.eventsBase = this.events.value;
      this.ages.clear();
      this.more = [];
      this.moreCursor = undefined;
      this.moreError = '';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const plot = this.renderRoot.querySelector('.plot');
    if (plot !== this.observed) {
      this.resize?.disconnect();
      if (plot) this.resize?.observe(plot);
      this.observed = plot;
    }
    if (this.focusAfterMore >= 0) {
      const row = this.renderRoot.querySelector<HTMLElement>(`tr[data-event-index="${String(this.focusAfterMore)}"]`);
      this.focusAfterMore = -1;
      row?.focus();
    }
  }

  // — user changes —

  private setPeriod(change: { days?: number; unit?: UsageUnit; groupBy?: UsageGrouping }): void {
    const next = { days: change.days ?? this.days, unit: change.unit ?? this.queryUnit, groupBy: change.groupBy ?? this.queryGroup };
    if (next.days === this.days && next.unit === this.unit && next.groupBy === this.groupBy) return;
    this.days = next.days;
    this.unit = next.unit;
    this.groupBy = next.groupBy;
    this.active = -1;
    this.focusDay = -1;
    this.announceNext = true;
    this.emit('orgkit-usage-period-changed', { orgId: this.orgId, ...next });
  }

  private applyCustom = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#custom-days');
    const text = input?.value ?? this.customText;
    const days = validDays(text);
    if (days === null) {
      // USE-5: refused here, never sent; what was typed stays.
      this.customText = text;
      this.customDirty = true;
      this.customError = this.t('usage.custom.invalid');
      input?.focus();
      return;
    }
    this.customError = '';
    this.customDirty = false;
    this.setPeriod({ days });
  };

  private onCustomInput = (e: Event): void => {
    this.customText = (e.target as HTMLInputElement).value;
    this.customDirty = true;
    if (this.customError && validDays(this.customText) !== null) this.customError = '';
  };

  private setMode(mode: ChartMode): void {
    this.mode = mode;
  }

  private toggleTable = (): void => {
    this.tableView = !this.tableView;
    this.active = -1;
  };


  private pickOrg = (e: Event): void => {
    const orgId = (e.target as HTMLSelectElement).value;
    const ctx = this.ctx;
    if (!ctx || orgId === ctx.orgId) return;
    const previous = ctx.orgId;
    this.emit('orgkit-org-select', { orgId });
    if (!this.underProvider) {
      ctx.selectOrg(orgId);
      this.emit('orgkit-org-changed', { orgId, previousOrgId: previous });
    }
  };

  // — chart interaction: roving tabindex over the per-day hit targets —

  private hitIndex(e: Event): number {
    const target = e.target as Element | null;
    if (!target?.classList.contains('hit')) return -1;
    return Number(target.getAttribute('data-index') ?? -1);
  }

  private onFocusIn = (e: FocusEvent): void => {
    const i = this.hitIndex(e);
    if (i < 0) return;
    this.focusDay = i;
    this.active = i;
  };

  private onFocusOut = (e: FocusEvent): void => {
    const next = e.relatedTarget as Element | null;
    if (!next?.classList.contains('hit')) this.active = -1;
  };

  private onPointerMove = (e: PointerEvent): void => {
    const i = this.hitIndex(e);
    if (i >= 0 && i !== this.active) this.active = i;
  };

  private onPointerLeave = (): void => {
    const focused = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    this.active = focused?.classList.contains('hit') ? this.focusDay : -1;
  };

  private onKeyDown = (e: KeyboardEvent): void => {
    const i = this.hitIndex(e);
    if (i < 0) return;
    const n = this.series.value?.points.length ?? 0;
    let next = i;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = i + 1;
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = i - 1;
        break;
      case 'PageDown':
        next = i + 7;
        break;
      case 'PageUp':
        next = i - 7;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = n - 1;
        break;
      case 'Escape':
        this.active = -1;
        return;
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(n - 1, next));
    this.focusDay = next;
    this.active = next;
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<SVGRectElement>(`rect.hit[data-index="${String(next)}"]`)?.focus();
    });
  };

  // — recent activity —

  private loadMore = async (): Promise<void> => {
    const client = this.ctx?.client;
    const base = this.events.value;
    const cursor = this.moreCursor === undefined ? base?.nextCursor : this.moreCursor;
    if (!client || !base || !cursor || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = '';
    try {
      const page = await client.usage.events(this.orgId, { limit: PAGE, cursor });
      if (this.events.value !== base) return; // reloaded meanwhile
      const first = base.events.length + this.more.length;
      this.more = [...this.more, ...page.events];
      this.moreCursor = page.nextCursor;
      this.announce(this.t('usage.activity.loaded', { count: this.num(page.events.length) }));
      // The button goes away at the end: focus moves to the first new row instead of being lost.
      if (page.nextCursor === null && page.events.length > 0) this.focusAfterMore = first;
    } catch (error) {
      this.moreError = this.errorText(error);
    } finally {
      this.loadingMore = false;
    }
  };

  // — render —

  protected override render() {
    const picker = this.renderOrgPicker();
    const gate = this.renderGate(['usage.read', 'billing.summary']);
    if (gate !== nothing) return html`${picker}${gate}`;
    if (!this.can('usage.read')) return this.renderSummaryOnly(picker);
    const periodError = this.periodError();
    return html`
      <div part="status" class="status ${this.announcement ? 'notice ok' : ''}" role="status" aria-live="polite">${this.announcement}</div>
      <header part="header" class="head">
        <slot name="heading"><h2 id="title">${this.t('usage.title')}<span class="period">${this.periodLabel(this.days)}</span></h2></slot>
        ${picker}
      </header>
      ${this.renderControls()}
      ${periodError
        ? html`<div part="period-error" class="notice error" role="alert" style="margin-top:16px"><p>${this.errorText(periodError)}</p></div>`
        : html`<section part="summary" aria-labelledby="cards-title">
              <h3 id="cards-title" class="sr-only">${this.t('usage.cards')}</h3>
              ${this.summary.render({ complete: (s) => this.renderCards(s) })}
            </section>
            ${this.renderChartSection()} ${this.renderBreakdown()}`}
      ${this.renderActivity()}
    `;
  }

  /** USE-5: the server refused the period (a host's `days`): one message, not one per section. */
  private periodError(): ApiError | null {
    for (const l of [this.series, this.summary, this.breakdown] as Loader<unknown>[]) {
      const e = l.task.status === TaskStatus.ERROR ? (l.task.error as unknown) : null;
      if (e instanceof ApiError && (e.code === 'invalid_period' || (e.code === 'validation_failed' && e.param === 'days'))) return e;
    }
    return null;
  }

  /** ORG-9: someone in several organizations picks which one's usage to see. */
  private renderOrgPicker(): TemplateResult | typeof nothing {
    const ctx = this.ctx;
    if (!ctx?.user || ctx.memberships.length < 2) return nothing;
    return html`<div part="org-picker" class="org">
      <label for="org">${this.t('usage.org')}</label>
      <select id="org" @change=${this.pickOrg}>
        ${ctx.memberships.map(
          (m) => html`<option value=${m.orgId} ?selected=${m.orgId === ctx.orgId}>
            ${m.name} — ${this.t(`role.${m.role}`)}${m.state === 'active' ? '' : ` (${this.t('memberState.deactivated')})`}
          </option>`,
        )}
      </select>
    </div>`;
  }

  private renderControls(): TemplateResult {
    const preset = (USAGE_PRESETS as readonly number[]).includes(this.days);
    const customValue = this.customDirty ? this.customText : preset ? '' : String(this.days);
    const mode = this.chartMode;
    return html`<div part="controls" class="controls" role="group" aria-label=${this.t('usage.controls')}>
      <div class="control">
        <span class="caption" id="period-caption">${this.t('usage.period')}</span>
        <div class="segmented" role="group" aria-labelledby="period-caption">
          ${USAGE_PRESETS.map(
            (d) => html`<button part="preset" data-days=${d} aria-pressed=${this.days === d ? 'true' : 'false'} @click=${() => this.setPeriod({ days: d })}>
              ${this.t('usage.preset', { days: this.num(d) })}
            </button>`,
          )}
        </div>
      </div>
      <form class="control" novalidate @submit=${this.applyCustom}>
        <label for="custom-days">${this.t('usage.custom')}</label>
        <div class="custom">
          <input
            id="custom-days"
            part="custom-days"
            type="number"
            inputmode="numeric"
            min="1"
            max="365"
            step="1"
            .value=${customValue}
            aria-invalid=${this.customError ? 'true' : 'false'}
            aria-describedby="custom-error"
            @input=${this.onCustomInput}
          />
          <button type="submit" part="custom-apply">${this.t('usage.custom.apply')}</button>
        </div>
        <div id="custom-error" part="custom-error" class="field-error" role="alert">${this.customError}</div>
      </form>
      <div class="control">
        <label for="unit">${this.t('usage.unit')}</label>
        <select id="unit" part="unit" @change=${(e: Event) => this.setPeriod({ unit: (e.target as HTMLSelectElement).value as UsageUnit })}>
          ${USAGE_UNITS.map((u) => html`<option value=${u} ?selected=${u === this.queryUnit}>${this.t(`usage.unit.${u}`)}</option>`)}
        </select>
      </div>
      <div class="control">
        <label for="group-by">${this.t('usage.groupBy')}</label>
        <select id="group-by" part="group-by" @change=${(e: Event) => this.setPeriod({ groupBy: (e.target as HTMLSelectElement).value as UsageGrouping })}>
          ${USAGE_GROUPINGS.map((g) => html`<option value=${g} ?selected=${g === this.queryGroup}>${this.t(`usage.groupBy.${g}`)}</option>`)}
        </select>
      </div>
      <div class="control">
        <span class="caption" id="mode-caption">${this.t('usage.mode')}</span>
        <div class="segmented" role="group" aria-labelledby="mode-caption">
          ${(['stacked', 'lines'] as const).map(
            (m) => html`<button part="mode-button" data-mode=${m} aria-pressed=${mode === m ? 'true' : 'false'} @click=${() => this.setMode(m)}>${this.t(`usage.mode.${m}`)}</button>`,
          )}
        </div>
      </div>
    </div>`;
  }

  // — summary cards (USE-1, USE-4) —

  private renderCards(s: UsageSummary): TemplateResult {
    const b = this.can('billing.summary') ? this.balance.value : undefined;
    return html`<ul part="cards" class="cards">
      <li part="card card-total" class="card">
        <div class="label">${this.t('usage.card.total')}</div>
        <div class="value" data-value=${s.totalCredits}>${this.amount(s.totalCredits, 'credits')}</div>
        <div class="detail">${this.t('usage.card.totalDetail', { tokens: this.num(s.totalTokens), events: this.num(s.events) })}</div>
      </li>
      <li part="card card-change" class="card">
        <div class="label">${this.t('usage.card.change')}</div>
        <div class="value">${s.changePct === null ? '—' : this.pct(s.changePct)}</div>
        <div class="detail">
          ${s.changePct === null ? this.t('usage.card.changeNone') : this.t('usage.card.changeDetail', { value: this.amount(s.previousCredits, 'credits') })}
        </div>
      </li>
      <li part="card card-top-agent" class="card">
        <div class="label">${this.t('usage.card.topAgent')}</div>
        <div class="value">${s.topAgent ? this.agentName(s.topAgent.agentId) : this.t('usage.card.none')}</div>
        ${s.topAgent ? html`<div class="detail">${this.amount(s.topAgent.credits, 'credits')}</div>` : nothing}
      </li>
      <li part="card card-top-channel" class="card">
        <div class="label">${this.t('usage.card.topChannel')}</div>
        <div class="value">${s.topChannel ? this.channelName(s.topChannel.channel) : this.t('usage.card.none')}</div>
        ${s.topChannel ? html`<div class="detail">${this.amount(s.topChannel.credits, 'credits')}</div>` : nothing}
      </li>
      ${b ? this.renderCycleCard(b) : nothing}
    </ul>`;
  }

  /** USE-4: the total used this billing cycle, against the plan's allowance. */
  private renderCycleCard(b: Balance): TemplateResult {
    const ratio = b.monthlyAllowance > 0 ? Math.min(1, b.usedThisCycle / b.monthlyAllowance) : 0;
    const level = ratio >= 1 ? 'full' : ratio >= 0.8 ? 'warn' : '';
    const allowance = this.amount(b.monthlyAllowance, 'credits');
    return html`<li part="card card-cycle" class="card">
      <div class="label" id="cycle-label">${this.t('usage.card.cycle')}</div>
      <div class="value" data-value=${b.usedThisCycle}>${this.amount(b.usedThisCycle, 'credits')}</div>
      ${b.monthlyAllowance > 0
        ? html`<div
            class="meter ${level}"
            role="meter"
            aria-labelledby="cycle-label"
            aria-valuemin="0"
            aria-valuemax=${b.monthlyAllowance}
            aria-valuenow=${Math.min(b.usedThisCycle, b.monthlyAllowance)}
            aria-valuetext=${`${this.amount(b.usedThisCycle, 'credits')} / ${allowance}`}
          ><span style=${`width:${String(Math.round(ratio * 100))}%`}></span></div>`
        : nothing}
      <div class="detail">${this.t('usage.card.cycleDetail', { allowance, date: this.date(b.resetsAt) })}</div>
    </li>`;
  }

  // — the chart —

  private renderChartSection(): TemplateResult {
    const busy = this.series.task.status === TaskStatus.PENDING;
    return html`<section part="chart-section" aria-labelledby="chart-title" aria-busy=${busy ? 'true' : 'false'}>
      <div class="chart-head">
        <h3 id="chart-title">${this.t('usage.chart.title')}</h3>
        <button part="table-toggle" class="toggle" aria-pressed=${this.tableView ? 'true' : 'false'} @click=${this.toggleTable}>${this.t('usage.viewTable')}</button>
      </div>
      ${this.series.render({ complete: (ts) => this.renderSeries(ts) })}
    </section>`;
  }

  private renderSeries(ts: Timeseries): TemplateResult {
    const model = this.modelFor(ts);
    return this.tableView ? this.renderSeriesTable(model) : html`${this.renderPlot(model)}${this.renderLegend(model)}`;
  }

  private renderPlot(model: ChartModel): TemplateResult {
    const width = this.width || WIDTH_GUESS;
    const l = this.layoutFor(model, width);
    const n = model.dates.length;
    const focus = this.focusDay >= 0 && this.focusDay < n ? this.focusDay : n - 1;
    const active = this.active < n ? this.active : -1;
    const labels = this.pointLabels(model);
    const unit = model.unit;
    const label = this.t('usage.chart.label', {
      unit: this.t(`usage.unit.${unit}`),
      grouping: this.t(`usage.groupBy.${model.groupBy}`),
      from: this.day(model.from),
      to: this.day(model.to),
    });
    return html`<div part="chart" class="plot">
      <p id="chart-label" class="sr-only">${label}</p>
      <p id="chart-keys" class="sr-only">${this.t('usage.chart.keys')}</p>
      <svg
        part="svg"
        tabindex="-1"
        role="group"
        aria-labelledby="chart-label"
        aria-describedby="chart-keys"
        width=${l.width}
        height=${l.height}
        viewBox=${`0 0 ${String(l.width)} ${String(l.height)}`}
        @focusin=${this.onFocusIn}
        @focusout=${this.onFocusOut}
        @keydown=${this.onKeyDown}
        @pointermove=${this.onPointerMove}
        @pointerleave=${this.onPointerLeave}
      >
        ${chartContent(l, {
          mode: this.chartMode,
          active,
          focus,
          daysLabel: this.t('usage.chart.days'),
          pointLabel: (i) => labels[i] ?? '',
        })}
      </svg>
      ${model.total === 0 ? html`<p class="empty-note">${this.t('usage.chart.empty')}</p>` : nothing}
      ${this.renderTooltip(model, l, active)}
    </div>`;
  }

  private renderTooltip(model: ChartModel, l: Layout, i: number): TemplateResult {
    const x = l.centers[i] ?? 0;
    const flip = x > l.width / 2;
    const style = i < 0 ? '' : flip ? `right:${String(Math.round(l.width - x + 12))}px` : `left:${String(Math.round(x + 12))}px`;
    const row = model.values[i] ?? [];
    return html`<div id="tooltip" part="tooltip" class="tooltip" role="tooltip" ?hidden=${i < 0} style=${style}>
      ${i < 0
        ? nothing
        : html`<div class="date">${this.day(model.dates[i] ?? '', 'long')}</div>
            <dl class=${this.chartMode}>
              <dt class="sum">${this.t('usage.total')}</dt>
              <dd class="sum" data-total=${model.totals[i] ?? 0}>${this.amount(model.totals[i] ?? 0, model.unit)}</dd>
              ${model.series.map(
                (s, k) => html`<dt><span class="swatch s${s.color}"></span>${s.label}</dt>
                  <dd data-key=${s.key}>${this.num(row[k] ?? 0)}</dd>`,
              )}
            </dl>`}
    </div>`;
  }

  private renderLegend(model: ChartModel): TemplateResult | typeof nothing {
    if (model.series.length === 0) return nothing;
    return html`<ul part="legend" class="legend ${this.chartMode}" aria-label=${this.t('usage.legend')}>
      ${model.series.map(
        (s) => html`<li data-key=${s.key}>
          <span class="swatch s${s.color}"></span>
          <span class="name">${s.label}</span>
          <span class="amount">${this.num(s.total)}</span>
          ${s.hint ? html`<span class="hint">(${s.hint})</span>` : nothing}
        </li>`,
      )}
    </ul>`;
  }

  /** "View as table": the chart's numbers, one row per day (newest first), a total per series. */
  private renderSeriesTable(model: ChartModel): TemplateResult {
    const caption = this.t('usage.table.caption', { unit: this.t(`usage.unit.${model.unit}`), grouping: this.t(`usage.groupBy.${model.groupBy}`) });
    const order = model.dates.map((_, i) => model.dates.length - 1 - i);
    return html`<div part="table-scroll" class="scroll" role="region" aria-label=${this.t('usage.table.region')} tabindex="0">
      <table part="series-table" data-query=${`${String(model.days)}|${model.unit}|${model.groupBy}`}>
        <caption class="sr-only">${caption}, ${this.t('usage.range', { from: this.day(model.from), to: this.day(model.to) })}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('usage.table.date')}</th>
            ${model.series.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}
            <th scope="col" class="num">${this.t('usage.total')}</th>
          </tr>
        </thead>
        <tbody>
          ${order.map((i) => {
            const row = model.values[i] ?? [];
            return html`<tr data-date=${model.dates[i] ?? ''}>
              <th scope="row">${this.day(model.dates[i] ?? '')}</th>
              ${model.series.map((s, k) => html`<td class="num" data-key=${s.key} data-value=${row[k] ?? 0}>${this.num(row[k] ?? 0)}</td>`)}
              <td class="num total" data-value=${model.totals[i] ?? 0}>${this.num(model.totals[i] ?? 0)}</td>
            </tr>`;
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${this.t('usage.total')}</th>
            ${model.series.map((s) => html`<td class="num" data-key=${s.key} data-value=${s.total}>${this.num(s.total)}</td>`)}
            <td class="num total" data-value=${model.total}>${this.num(model.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  // — the per-agent table (USE-1) —

  private renderBreakdown(): TemplateResult {
    return html`<section part="breakdown" aria-labelledby="breakdown-title">
      <h3 id="breakdown-title">${this.t('usage.breakdown.title')}</h3>
      ${this.breakdown.render({
        complete: (rows) =>
          rows.length === 0
            ? html`<p class="muted">${this.t('usage.breakdown.empty')}</p>`
            : html`<div part="breakdown-scroll" class="scroll" role="region" aria-label=${this.t('usage.breakdown.caption', { period: this.periodLabel(this.days) })} tabindex="0">
                <table part="breakdown-table">
                  <caption class="sr-only">${this.t('usage.breakdown.caption', { period: this.periodLabel(this.days) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">${this.t('usage.col.agent')}</th>
                      <th scope="col">${this.t('usage.col.channel')}</th>
                      <th scope="col">${this.t('usage.col.category')}</th>
                      <th scope="col" class="num">${this.t('usage.col.events')}</th>
                      <th scope="col" class="num">${this.t('usage.col.tokens')}</th>
                      <th scope="col" class="num">${this.t('usage.col.credits')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${rows.map(
                      (r) => html`<tr data-agent=${r.agentId ?? ''} data-channel=${r.channel} data-category=${r.category}>
                        <td>${r.agentName ?? this.agentName(r.agentId)}</td>
                        <td>${this.channelName(r.channel)}</td>
                        <td>${this.t(`usage.category.${r.category}`)}</td>
                        <td class="num">${this.num(r.events)}</td>
                        <td class="num">${this.num(r.tokens)}</td>
                        <td class="num" data-value=${r.credits}>${this.num(r.credits)}</td>
                      </tr>`,
                    )}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colspan="3">${this.t('usage.total')}</th>
                      <td class="num">${this.num(rows.reduce((s, r) => s + r.events, 0))}</td>
                      <td class="num">${this.num(rows.reduce((s, r) => s + r.tokens, 0))}</td>
                      <td class="num">${this.num(rows.reduce((s, r) => s + r.credits, 0))}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>`,
      })}
    </section>`;
  }

  // — recent activity (USE-1) —

  private renderActivity(): TemplateResult {
    return html`<section part="activity" aria-labelledby="activity-title">
      <h3 id="activity-title" tabindex="-1">${this.t('usage.activity.title')}</h3>
      ${this.events.render({
        empty: () => html`<p class="muted">${this.t('usage.activity.empty')}</p>`,
        complete: (page) => {
          const all = [...page.events, ...this.more];
          const cursor = this.moreCursor === undefined ? page.nextCursor : this.moreCursor;
          return html`<div part="activity-scroll" class="scroll" role="region" aria-label=${this.t('usage.activity.caption')} tabindex="0">
              <table part="activity-table">
                <caption class="sr-only">${this.t('usage.activity.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">${this.t('usage.col.time')}</th>
                    <th scope="col">${this.t('usage.col.type')}</th>
                    <th scope="col">${this.t('usage.col.source')}</th>
                    <th scope="col" class="num">${this.t('usage.col.quantity')}</th>
                    <th scope="col" class="num">${this.t('usage.col.credits')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${all.map((e, i) => this.renderEvent(e, i))}
                </tbody>
              </table>
            </div>
            <div class="more">
              ${cursor
                ? html`<button part="load-more" aria-disabled=${this.loadingMore ? 'true' : 'false'} @click=${this.loadMore}>
                    ${this.loadingMore ? this.t('usage.activity.loading') : this.t('usage.activity.more')}
                  </button>`
                : html`<p class="hint">${this.t('usage.activity.end')}</p>`}
              ${this.moreError ? html`<p class="field-error" role="alert">${this.moreError}</p>` : nothing}
            </div>`;
        },
      })}
    </section>`;
  }

  /** "2 hours ago", formatted once per loaded page (a hover must not format every row again). */
  private eventAge(e: UsageEvent): string {
    const key = `${this.uiLocale}|${e.id}`;
    let age = this.ages.get(key);
    if (age === undefined) {
      age = this.relative(e.at);
      this.ages.set(key, age);
    }
    return age;
  }

  private renderEvent(e: UsageEvent, index: number): TemplateResult {
    return html`<tr data-event-id=${e.id} data-event-index=${index} tabindex="-1">
      <td><time datetime=${e.at}>${this.date(e.at, true)}</time><span class="sub">${this.eventAge(e)}</span></td>
      <td>${this.channelName(e.channel)}<span class="sub">${this.t(`usage.category.${e.category}`)}</span></td>
      <td>
        ${e.agentId
          ? html`${this.agentName(e.agentId)}${e.memberId ? html`<span class="sub">${this.memberName(e.memberId)}</span>` : nothing}`
          : e.memberId
            ? this.memberName(e.memberId)
            : this.t('usage.unattributed')}
      </td>
      <td class="num">${this.t('usage.activity.quantity', { words: this.num(e.words), tokens: this.num(e.tokens) })}</td>
      <td class="num" data-value=${e.credits}>${this.num(e.credits)}</td>
    </tr>`;
  }

  // — builders: the summary only (USE-2) —

  private renderSummaryOnly(picker: TemplateResult | typeof nothing): TemplateResult {
    return html`${picker}<section part="summary-only" class="summary-only" aria-labelledby="summary-only-title">
      <slot name="heading"><h2 id="summary-only-title">${this.t('usage.summaryOnly.title')}</h2></slot>
      <div class="notice" role="note"><p>${this.t('usage.summaryOnly.body')}</p></div>
      ${this.balance.render({
        complete: (b) => html`<ul part="cards" class="cards">
          <li part="card card-balance" class="card">
            <div class="label">${this.t('usage.balance')}</div>
            <div class="value" data-value=${b.balance}>${this.amount(b.balance, 'credits')}</div>
            <div class="detail">
              <span class="badge ${b.state === 'ok' ? 'ok' : b.state === 'low' ? 'warn' : 'danger'}">${this.t(`usage.balance.${b.state}`)}</span>
            </div>
          </li>
          ${this.renderCycleCard(b)}
        </ul>`,
      })}
    </section>`;
  }
}
