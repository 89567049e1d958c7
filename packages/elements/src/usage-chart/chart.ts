import { nothing, svg } from 'lit';
import type { SVGTemplateResult } from 'lit';
import type { Timeseries, UsageGrouping, UsageUnit } from '@orgkit/contract';

/**
 * The usage chart's data model and geometry: the engine's timeseries → series (largest first, at most MAX_SERIES,
 * the rest folded into "Other") → scales and one SVG path per series. Pure functions, so the element only
 * recomputes them when the data, the width or the mode change.
 *
 * The geometry is d3's, written out for the few pieces the chart uses (a "nice" linear y axis with round ticks,
 * calendar ticks on a UTC time axis, stacked areas and lines with a monotone-x curve), so the chart does not ship
 * d3-scale / d3-shape (with d3-time-format, d3-color and d3-interpolate behind them: ~50 KB minified).
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

// — geometry (after d3-array's ticks, d3-scale's linear.nice and scaleUtc ticks, d3-shape's curveMonotoneX; ISC) —

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/** d3-array tickIncrement: the round step for about `count` ticks over [start, stop] (negative: 1 / step). */
function tickIncrement(start: number, stop: number, count: number): number {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  return power >= 0 ? factor * 10 ** power : -(10 ** -power) / factor;
}

/** d3-scale linear().domain([0, peak]).nice(count): the top of the axis, rounded out to a tick. */
function niceTop(peak: number, count: number): number {
  let stop = peak;
  let previous: number | undefined;
  for (let i = 0; i < 10; i += 1) {
    const step = tickIncrement(0, stop, count);
    if (step === previous || !Number.isFinite(step) || step === 0) break;
    stop = step > 0 ? Math.ceil(stop / step) * step : Math.floor(stop * step) / step;
    previous = step;
  }
  return stop;
}

/** d3-array ticks(0, stop, count): round values from 0 to stop. */
function linearTicks(stop: number, count: number): number[] {
  const inc = tickIncrement(0, stop, count);
  if (!Number.isFinite(inc) || inc === 0) return [0];
  const out: number[] = [];
  if (inc > 0) for (let i = 0, last = Math.floor(stop / inc); i <= last; i += 1) out.push(i * inc);
  else for (let i = 0, last = Math.floor(stop * -inc); i <= last; i += 1) out.push(i / -inc);
  return out;
}

/** scaleUtc().ticks(count) at whole days: the calendar interval nearest the target spacing (d3's choice rule). */
function dayTicks(t0: number, t1: number, count: number): Date[] {
  const month = 30 * DAY;
  const intervals: [(d: Date) => boolean, number][] = [
    [(d) => (d.getUTCDate() - 1) % 1 === 0, DAY],
    [(d) => (d.getUTCDate() - 1) % 2 === 0, 2 * DAY],
    [(d) => d.getUTCDay() === 0, 7 * DAY],
    [(d) => d.getUTCDate() === 1, month],
    [(d) => d.getUTCDate() === 1 && d.getUTCMonth() % 3 === 0, 3 * month],
    [(d) => d.getUTCDate() === 1 && d.getUTCMonth() === 0, 365 * DAY],
  ];
  const target = (t1 - t0) / Math.max(1, count);
  let i = intervals.findIndex(([, duration]) => duration > target);
  if (i < 0) i = intervals.length - 1;
  else if (i > 0 && target / (intervals[i - 1]?.[1] ?? DAY) < (intervals[i]?.[1] ?? DAY) / target) i -= 1;
  const keep = intervals[i]?.[0] ?? (() => true);
  const out: Date[] = [];
  for (let t = Math.ceil(t0 / DAY) * DAY; t <= t1; t += DAY) {
    const d = new Date(t);
    if (keep(d)) out.push(d);
  }
  return out;
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/**
 * d3-shape curveMonotoneX through the points (monotone cubic interpolation: no overshoot between days), as SVG
 * path commands beginning with M (`move`) or L (continuing an area's outline).
 */
function monotone(xs: number[], ys: number[], move: boolean): string {
  let d = '';
  let x0 = Number.NaN;
  let y0 = Number.NaN;
  let x1 = Number.NaN;
  let y1 = Number.NaN;
  let t0 = Number.NaN;
  let state = 0;
  const sign = (v: number) => (v < 0 ? -1 : 1);
  const slope3 = (x2: number, y2: number) => {
    const h0 = x1 - x0;
    const h1 = x2 - x1;
    const s0 = (y1 - y0) / (h0 || (h1 < 0 ? -0 : 0));
    const s1 = (y2 - y1) / (h1 || (h0 < 0 ? -0 : 0));
    const p = (s0 * h1 + s1 * h0) / (h0 + h1);
    return (sign(s0) + sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
  };
  const slope2 = (t: number) => {
    const h = x1 - x0;
    return h ? (3 * (y1 - y0) / h - t) / 2 : t;
  };
  const curve = (ta: number, tb: number) => {
    const dx = (x1 - x0) / 3;
    d += `C${num(x0 + dx)},${num(y0 + dx * ta)},${num(x1 - dx)},${num(y1 - dx * tb)},${num(x1)},${num(y1)}`;
  };
  for (let i = 0; i < xs.length; i += 1) {
    const x = xs[i] ?? 0;
    const y = ys[i] ?? 0;
    let t1 = Number.NaN;
    if (x === x1 && y === y1) continue;
    if (state === 0) {
      state = 1;
      d += `${move ? 'M' : 'L'}${num(x)},${num(y)}`;
    } else if (state === 1) {
      state = 2;
    } else if (state === 2) {
      state = 3;
      t1 = slope3(x, y);
      curve(slope2(t1), t1);
    } else {
      t1 = slope3(x, y);
      curve(t0, t1);
    }
    x0 = x1;
    x1 = x;
    y0 = y1;
    y1 = y;
    t0 = t1;
  }
  if (state === 2) d += `L${num(x1)},${num(y1)}`;
  else if (state === 3) curve(t0, slope2(t0));
  return d;
}

/** Scales (a nice linear y, a UTC time x) and paths (stacked areas, or lines). */
export function layout(model: ChartModel, width: number, mode: ChartMode, fmt: Formats): Layout {
  const height = chartHeight(width);
  const n = model.dates.length;
  const k = model.series.length;
  const top = 12;
  const bottom = height - 26;
  const right = width - 10;
  const peak = mode === 'stacked' ? Math.max(0, ...model.totals) : Math.max(0, ...model.values.map((row) => Math.max(0, ...row)));
  const yMax = niceTop(peak > 0 ? peak : 1, 5);
  const y = (v: number) => bottom + (v / yMax) * (top - bottom);
  const yTicks = linearTicks(yMax, 5).map((v) => ({ v, label: fmt.tick(v) }));
  const left = Math.max(32, Math.max(...yTicks.map((t) => t.label.length)) * 7 + 14);

  const t0 = dayStart(model.from);
  const span = Math.max(1, n) * DAY;
  const x = (d: Date) => left + ((d.getTime() - t0) / span) * (right - left);
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
  const paths: Layout['paths'] = [];
  const tops: number[][] = model.values.map(() => new Array<number>(k).fill(bottom));
  if (n > 0 && k > 0) {
    if (mode === 'stacked') {
      // Layers in series order, each on the sum of those before it (d3's stack with no offset).
      const lower = new Array<number>(rows.length).fill(0);
      model.series.forEach((s, i) => {
        const upper = rows.map((row, j) => (lower[j] ?? 0) + (row[i] ?? 0));
        const topYs = upper.map(y);
        const baseYs = lower.map(y);
        const back = [...xs].reverse();
        paths.push({ key: s.key, color: s.color, d: `${monotone(xs, topYs, true)}${monotone(back, baseYs.reverse(), false)}Z` });
        for (let d = 0; d < n; d += 1) {
          const row = tops[d];
          if (row) row[i] = topYs[d + 1] ?? bottom;
        }
        upper.forEach((v, j) => (lower[j] = v));
      });
    } else {
      model.series.forEach((s, i) => {
        paths.push({ key: s.key, color: s.color, d: monotone(xs, rows.map((row) => y(row[i] ?? 0)), true) });
        model.values.forEach((row, d) => {
          const r = tops[d];
          if (r) r[i] = y(row[i] ?? 0);
        });
      });
    }
  }

  const long = n > 120;
  const midnight = dayTicks(t0, t0 + n * DAY, Math.max(3, Math.floor((right - left) / (long ? 70 : 84))));
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
