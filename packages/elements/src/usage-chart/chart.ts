import { nothing, svg } from 'lit';
import type { SVGTemplateResult } from 'lit';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, curveMonotoneX, line, stack } from 'd3-shape';
import type { SeriesPoint } from 'd3-shape';
import type { Timeseries, UsageGrouping, UsageUnit } from '@orgkit/contract';

/**
 * The usage chart's data model and geometry: the engine's timeseries → series (largest first, at most MAX_SERIES,
 * the rest folded into "Other") → d3 scales and one SVG path per series. Pure functions, so the element only
 * recomputes them when the data, the width or the mode change.
 */

const DAY = 86_400_000;
/** Series drawn at most; beyond, the smallest are summed as "Other" (so sums stay exact). */
export const MAX_SERIES = 8;
export const OTHER = '__other';

export type ChartMode = 'stacked' | 'lines';

export interface Series {
  key: string;
  label: string;
  /** A second line for the legend and tooltip (a model's rate per 1,000 words, CRD-6). */
  hint: string;
  /** Palette slot 1…8. */
  color: number;
  total: number;
}

export interface ChartModel {
  days: number;
  unit: UsageUnit;
  groupBy: UsageGrouping;
  from: string;
  to: string;
  total: number;
  dates: string[];
  series: Series[];
  /** [day][series] */
  values: number[][];
  /** [day] */
  totals: number[];
}

export function toModel(
  ts: Timeseries,
  describe: (key: string) => { label: string; hint: string },
  colorOf: (key: string, index: number) => number,
  otherLabel: string,
): ChartModel {
  const folded = ts.keys.length > MAX_SERIES;
  const shown = folded ? ts.keys.slice(0, MAX_SERIES - 1) : ts.keys;
  const index = new Map(shown.map((k, i) => [k, i]));
  const width = shown.length + (folded ? 1 : 0);
  const values = ts.points.map((p) => {
    const row = new Array<number>(width).fill(0);
    for (const [k, v] of Object.entries(p.series)) {
      const i = index.get(k) ?? shown.length; // folded keys go to "Other"
      row[i] = (row[i] ?? 0) + v;
    }
    return row;
  });
  const totalOf = (i: number) => values.reduce((s, row) => s + (row[i] ?? 0), 0);
  const series: Series[] = shown.map((key, i) => ({ key, ...describe(key), color: colorOf(key, i), total: totalOf(i) }));
  if (folded) series.push({ key: OTHER, label: otherLabel, hint: '', color: MAX_SERIES, total: totalOf(shown.length) });
  return {
    days: ts.days, unit: ts.unit, groupBy: ts.groupBy, from: ts.from, to: ts.to, total: ts.total,
    dates: ts.points.map((p) => p.date), series, values, totals: ts.points.map((p) => p.total),
  };
}

export interface Layout {
  width: number;
  height: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
  paths: { key: string; color: number; d: string }[];
  xTicks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[];
  yTicks: { y: number; label: string }[];
  /** The centre of each day (x). */
  centers: number[];
  /** Each day's band (its hit target). */
  bands: { x: number; w: number }[];
  /** [day][series]: where the marker of a series sits on that day (the top of its layer, or its line). */
  tops: number[][];
}

export interface Formats {
  /** Axis values (compact). */
  tick: (n: number) => string;
  /** Axis dates; `long` for periods of months. */
  day: (d: Date, long: boolean) => string;
}

export const dayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export function chartHeight(width: number): number {
  return width < 480 ? 220 : 280;
}

/** Scales (d3-scale: scaleUtc + scaleLinear().nice()) and paths (d3-shape: stack + area, or line). */
export function layout(model: ChartModel, width: number, mode: ChartMode, fmt: Formats): Layout {
  const height = chartHeight(width);
  const n = model.dates.length;
  const k = model.series.length;
  const top = 12;
  const bottom = height - 26;
  const right = width - 10;
  const peak = mode === 'stacked' ? Math.max(0, ...model.totals) : Math.max(0, ...model.values.map((row) => Math.max(0, ...row)));
  const y = scaleLinear().domain([0, peak > 0 ? peak : 1]).nice(5).range([bottom, top]);
  const yTicks = y.ticks(5).map((v) => ({ v, label: fmt.tick(v) }));
  const left = Math.max(32, Math.max(...yTicks.map((t) => t.label.length)) * 7 + 14);

  const t0 = dayStart(model.from);
  const x = scaleUtc().domain([new Date(t0), new Date(t0 + n * DAY)]).range([left, right]);
  const bands: Layout['bands'] = [];
  const centers: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const a = x(new Date(t0 + i * DAY));
    const b = x(new Date(t0 + (i + 1) * DAY));
    bands.push({ x: a, w: Math.max(0, b - a) });
    centers.push((a + b) / 2);
  }

  // The first and last day extend to the plot's edges, so the areas fill it (and a one-day period still shows).
  const rows = n > 0 ? [model.values[0] ?? [], ...model.values, model.values[n - 1] ?? []] : [];
  const xs = n > 0 ? [left, ...centers, right] : [];
  const at = (j: number) => xs[j] ?? left;
  const paths: Layout['paths'] = [];
  const tops: number[][] = model.values.map(() => new Array<number>(k).fill(bottom));
  if (n > 0 && k > 0) {
    if (mode === 'stacked') {
      const layers = stack<number[], number>()
        .keys(model.series.map((_, i) => i))
        .value((row, key) => row[key] ?? 0)(rows);
      const shape = area<SeriesPoint<number[]>>()
        .x((_, j) => at(j))
        .y0((p) => y(p[0]))
        .y1((p) => y(p[1]))
        .curve(curveMonotoneX);
      layers.forEach((layer, i) => {
        const s = model.series[i];
        if (!s) return;
        paths.push({ key: s.key, color: s.color, d: shape(layer) ?? '' });
        for (let d = 0; d < n; d += 1) {
          const row = tops[d];
          const p = layer[d + 1];
          if (row && p) row[i] = y(p[1]);
        }
      });
    } else {
      model.series.forEach((s, i) => {
        const shape = line<number[]>()
          .x((_, j) => at(j))
          .y((row) => y(row[i] ?? 0))
          .curve(curveMonotoneX);
        paths.push({ key: s.key, color: s.color, d: shape(rows) ?? '' });
        model.values.forEach((row, d) => {
          const r = tops[d];
          if (r) r[i] = y(row[i] ?? 0);
        });
      });
    }
  }

  const long = n > 120;
  const ticks = x.ticks(Math.max(3, Math.floor((right - left) / (long ? 70 : 84))));
  const midnight = ticks.filter((t) => t.getUTCHours() === 0 && t.getUTCMinutes() === 0);
  // Labels that would overlap the one before (long month names, a label pushed in at the edge) are left out.
  const xTicks: Layout['xTicks'] = [];
  let lastEnd = -Infinity;
  for (const t of midnight) {
    const px = x(t);
    const label = fmt.day(t, long);
    const anchor: 'start' | 'middle' | 'end' = px - left < 24 ? 'start' : right - px < 24 ? 'end' : 'middle';
    const w = label.length * 6.5;
    const start = anchor === 'start' ? px : anchor === 'end' ? px - w : px - w / 2;
    if (start < lastEnd + 8) continue;
    lastEnd = start + w;
    xTicks.push({ x: px, label, anchor });
  }

  return { width, height, left, top, right, bottom, paths, xTicks, yTicks: yTicks.map((t) => ({ y: y(t.v), label: t.label })), centers, bands, tops };
}

export interface SvgOptions {
  mode: ChartMode;
  /** The day whose tooltip shows (-1: none). */
  active: number;
  /** The day that holds the roving tabindex. */
  focus: number;
  /** The accessible name of a day's hit target. */
  pointLabel: (i: number) => string;
  /** The group label of the hit targets. */
  daysLabel: string;
}

/** The SVG's content (inside an <svg> of the element's template): grid, axes, one path per series, hit targets. */
export function chartContent(l: Layout, o: SvgOptions): SVGTemplateResult {
  const active = o.active >= 0 ? o.active : -1;
  const band = l.bands[active];
  return svg`
    <g class="grid" aria-hidden="true">
      ${l.yTicks.map((t) => svg`<line x1=${l.left} x2=${l.right} y1=${t.y} y2=${t.y}></line>`)}
    </g>
    <g class="axis y" aria-hidden="true">
      ${l.yTicks.map((t) => svg`<text x=${l.left - 6} y=${t.y} dy="0.32em" text-anchor="end">${t.label}</text>`)}
    </g>
    <g class="axis x" aria-hidden="true">
      <line x1=${l.left} x2=${l.right} y1=${l.bottom} y2=${l.bottom}></line>
      ${l.xTicks.map((t) => svg`<line x1=${t.x} x2=${t.x} y1=${l.bottom} y2=${l.bottom + 4}></line><text x=${t.x} y=${l.bottom + 17} text-anchor=${t.anchor}>${t.label}</text>`)}
    </g>
    <g class="series ${o.mode} ${l.bands.length > 90 ? 'dense' : ''}" aria-hidden="true">
      ${l.paths.map((p) => svg`<path part="series" class="series s${p.color}" data-key=${p.key} d=${p.d}></path>`)}
    </g>
    ${band
      ? svg`<g class="cursor" aria-hidden="true">
          <line x1=${l.centers[active] ?? 0} x2=${l.centers[active] ?? 0} y1=${l.top} y2=${l.bottom}></line>
          ${(l.tops[active] ?? []).map((y, i) => svg`<circle class="s${l.paths[i]?.color ?? 1}" cx=${l.centers[active] ?? 0} cy=${y} r="3.5"></circle>`)}
        </g>`
      : nothing}
    <g class="hits" role="group" aria-label=${o.daysLabel}>
      ${l.bands.map(
        (b, i) => svg`<rect
          class="hit"
          data-index=${i}
          x=${b.x}
          y=${l.top}
          width=${b.w}
          height=${l.bottom - l.top}
          role="img"
          tabindex=${i === o.focus ? 0 : -1}
          aria-label=${o.pointLabel(i)}
          aria-describedby=${i === active ? 'tooltip' : nothing}
        ></rect>`,
      )}
    </g>`;
}
