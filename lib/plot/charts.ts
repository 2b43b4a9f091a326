/**
 * Vega-Lite specifications of the statistics figures (paper Figs. 2, 4, S1–S3): one generic
 * chart of labelled curves (lines and/or markers, linear or log axes, optional diagonal),
 * laid out as panels side by side. The data come in as plain records of Float64Arrays;
 * every function here is pure (no I/O) and returns a spec for `vegaLiteToSvg`.
 *
 * Legend: every labelled curve gets one entry (colour, marker shape and dash merged);
 * curves with `legend: false` (e.g. fitted lines described in the subtitle) are drawn
 * with their literal colour and no entry.
 */
import { portablePow } from '../portable/index.js';
import type { TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY } from './svg.js';
import { ArgumentRangeError } from '../errors.js';

/** Vega symbol shapes usable as markers. */
export type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle-up' | 'triangle-down' | 'triangle-right' | 'triangle-left' | 'cross';

/** One labelled curve of a panel. */
export interface Curve {
  /** Legend label (unique within the panel). */
  label: string;
  /** CSS colour. */
  colour: string;
  /** Abscissae and ordinates, same length. Non-finite points (and ≤ 0 on log axes) are dropped. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Draw a line through (x, y) (default true). */
  line?: boolean;
  /** Dash pattern of the line in px, e.g. [6, 4] (default solid). */
  dash?: number[];
  /** Line interpolation: 'linear' (default) or 'step-after' (for empirical CDFs). */
  interpolate?: 'linear' | 'step-after';
  /** Line width in px (default 2). */
  strokeWidth?: number;
  /** Marker shape; markers are drawn at (markerX, markerY) or, if absent, at every (x, y). */
  marker?: MarkerShape;
  markerX?: ArrayLike<number>;
  markerY?: ArrayLike<number>;
  /** Include in the legend (default true). */
  legend?: boolean;
}

/** One panel: a title and its curves. */
export interface Panel {
  title: string;
  /** Optional lines under the title (small, grey): one, or several (an array: one line each, so that a note does not widen the panel). */
  subtitle?: string | string[];
  /** Axis titles of this panel (default: the chart's). */
  xTitle?: string;
  yTitle?: string;
  curves: Curve[];
}

/** Axes and layout shared by the panels of a chart. */
export interface ChartOptions {
  xTitle: string;
  yTitle: string;
  xLog?: boolean;
  yLog?: boolean;
  /** Fixed axis domains (default: from the data). */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Draw the line y = x over the x domain (C(λ) = λ, no predictability). */
  diagonal?: { label: string } | false;
  /** Legend position inside each panel (default 'bottom-right'). */
  legendOrient?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'right' | 'bottom';
  legendTitle?: string;
  /** Plot area of one panel in px (default 360 × 300). */
  width?: number;
  height?: number;
  /** Filled markers (default false: hollow markers with a 1.5 px outline). */
  filledMarkers?: boolean;
  /** Figure title above the panels. */
  title?: string;
}

type Row = { series: string; x: number; y: number };
type Json = Record<string, unknown>;

function rows(label: string, x: ArrayLike<number>, y: ArrayLike<number>, xLog: boolean, yLog: boolean): Row[] {
  if (x.length !== y.length) throw new ArgumentRangeError(`curve '${label}': expected x and y of equal length, got ${x.length} and ${y.length}`);
  const out: Row[] = [];
  for (let k = 0; k < x.length; k++) {
    const a = x[k], b = y[k];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if ((xLog && a <= 0) || (yLog && b <= 0)) continue;
    out.push({ series: label, x: a, y: b });
  }
  return out;
}

/** Vega expression turning an integer-valued expression into Unicode superscript digits. */
function superscript(expr: string): string {
  const map: Array<[string, string]> = [['-', '⁻'], ['0', '⁰'], ['1', '¹'], ['2', '²'], ['3', '³'], ['4', '⁴'], ['5', '⁵'], ['6', '⁶'], ['7', '⁷'], ['8', '⁸'], ['9', '⁹']];
  let out = `toString(${expr})`;
  for (const [a, b] of map) out = `replace(${out}, regexp('${a}', 'g'), '${b}')`;
  return out;
}

/** Log axes: labels 10ⁿ at the powers of ten only (the other ticks stay unlabelled). */
const LOG_AXIS = (() => {
  const e = 'round(log(datum.value) / LN10)';
  return {
    labelExpr: `abs(log(datum.value) / LN10 - ${e}) < 1e-6 ? '10' + ${superscript(e)} : ''`,
    labelOverlap: true,
  };
})();

/** Powers of ten spanning `values` (or `domain`), every k-th so that at most 10 remain. */
function decades(values: number[], domain?: [number, number]): number[] {
  let lo = Infinity, hi = -Infinity;
  for (const v of domain ?? values) {
    if (v > 0 && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(hi >= lo)) return [];
  const a = Math.ceil(Math.log10(lo) - 1e-9), b = Math.floor(Math.log10(hi) + 1e-9);
  const step = Math.max(1, Math.ceil((b - a + 1) / 10));
  const out: number[] = [];
  for (let k = a; k <= b; k += step) out.push(portablePow(10, k));
  return out;
}

function panelSpec(panel: Panel, o: ChartOptions): Json {
  const xLog = o.xLog ?? false, yLog = o.yLog ?? false;
  const curves = [...panel.curves];
  if (o.diagonal) {
    const [a, b] = o.xDomain ?? [0, 1];
    curves.push({ label: o.diagonal.label, colour: '#9a9a9a', x: [a, b], y: [a, b], dash: [5, 4], strokeWidth: 1.5 });
  }
  const labels = curves.filter((c) => c.legend !== false).map((c) => c.label);
  if (new Set(labels).size !== labels.length) throw new ArgumentRangeError(`panel '${panel.title}': expected unique curve labels, got ${labels.join(' | ')}`);
  const styled = curves.filter((c) => c.legend !== false);
  const domain = styled.map((c) => c.label);
  const colourScale = { domain, range: styled.map((c) => c.colour) };
  const shapeScale = { domain, range: styled.map((c) => c.marker ?? 'stroke') };
  const dashScale = { domain, range: styled.map((c) => (c.line === false ? [1, 0] : c.dash ?? [1, 0])) };
  const orient = o.legendOrient ?? 'bottom-right';
  const outside = orient === 'bottom' || orient === 'right';
  const legend = {
    title: o.legendTitle ?? null,
    orient,
    direction: 'vertical',
    ...(outside ? { offset: 10 } : { fillColor: 'rgba(255,255,255,0.85)', padding: 6 }),
    labelFontSize: 12,
    labelLimit: 0,
    symbolSize: 110,
    symbolStrokeWidth: 2,
    symbolType: 'stroke',
  };

  const lineRows: Row[] = [], pointRows: Row[] = [];
  const layers: Json[] = [];
  for (const c of curves) {
    if (c.line !== false && c.legend !== false) lineRows.push(...rows(c.label, c.x, c.y, xLog, yLog));
    if (c.marker !== undefined && c.legend !== false) pointRows.push(...rows(c.label, c.markerX ?? c.x, c.markerY ?? c.y, xLog, yLog));
  }
  const x = { field: 'x', type: 'quantitative', title: panel.xTitle ?? o.xTitle, scale: { type: xLog ? 'log' : 'linear', domain: o.xDomain, nice: !o.xDomain && !xLog, ...(xLog ? {} : { zero: false }) },
    // Vega-Lite sets the end labels of a continuous x axis flush with the range, which put
    // "0.0" of the λ axes beside its tick instead of under it: centred labels, on their ticks.
    axis: { grid: true, labelFlush: false } };
  const y = { field: 'y', type: 'quantitative', title: panel.yTitle ?? o.yTitle, scale: { type: yLog ? 'log' : 'linear', domain: o.yDomain, nice: !o.yDomain && !yLog, ...(yLog ? {} : { zero: false }) }, axis: { grid: true } };
  const all = curves.filter((c) => c.legend !== false || c.line !== false);
  if (xLog) Object.assign(x.axis, LOG_AXIS, { values: decades(all.flatMap((c) => [...rows(c.label, c.x, c.y, true, yLog), ...(c.marker ? rows(c.label, c.markerX ?? c.x, c.markerY ?? c.y, true, yLog) : [])]).map((r) => r.x), o.xDomain) });
  if (yLog) Object.assign(y.axis, LOG_AXIS, { values: decades(all.flatMap((c) => [...rows(c.label, c.x, c.y, xLog, true), ...(c.marker ? rows(c.label, c.markerX ?? c.x, c.markerY ?? c.y, xLog, true) : [])]).map((r) => r.y), o.yDomain) });
  const colour = { field: 'series', type: 'nominal', scale: colourScale, legend, sort: domain };
  const shape = { field: 'series', type: 'nominal', scale: shapeScale, legend, sort: domain };
  const dash = { field: 'series', type: 'nominal', scale: dashScale, legend, sort: domain };

  // Unlabelled curves: one layer each with literal style, no legend. Drawn first (underneath).
  for (const c of curves) {
    if (c.legend !== false || c.line === false) continue;
    layers.push({
      data: { values: rows(c.label, c.x, c.y, xLog, yLog) },
      mark: { type: 'line', color: c.colour, strokeDash: c.dash, strokeWidth: c.strokeWidth ?? 1.5, interpolate: c.interpolate ?? 'linear', clip: true },
      encoding: { x, y },
    });
  }
  // Labelled lines, one layer per interpolation / width so each keeps its own style.
  const groups = new Map<string, Row[]>();
  for (const c of curves) {
    if (c.line === false || c.legend === false) continue;
    const key = `${c.interpolate ?? 'linear'}|${c.strokeWidth ?? 2}`;
    const list = groups.get(key) ?? [];
    list.push(...rows(c.label, c.x, c.y, xLog, yLog));
    groups.set(key, list);
  }
  for (const [key, list] of groups) {
    const [interp, width] = key.split('|');
    layers.push({
      data: { values: list },
      mark: { type: 'line', interpolate: interp, strokeWidth: Number(width), clip: true },
      encoding: { x, y, color: colour, strokeDash: dash },
    });
  }
  if (pointRows.length > 0) {
    const filled = o.filledMarkers ?? false;
    layers.push({
      data: { values: pointRows },
      mark: { type: 'point', filled, size: 60, strokeWidth: 1.5, opacity: 0.95, clip: false },
      encoding: { x, y, color: colour, shape, strokeDash: dash },
    });
  }
  if (layers.length === 0) {
    // an empty panel still needs axes
    layers.push({ data: { values: [] }, mark: 'point', encoding: { x, y } });
  }
  return {
    title: { text: panel.title, subtitle: panel.subtitle, anchor: 'start', fontSize: 15, subtitleFontSize: 12, subtitleColor: '#555555' },
    width: o.width ?? 360,
    height: o.height ?? 300,
    layer: layers,
    resolve: { scale: { color: 'shared', shape: 'shared', strokeDash: 'shared' } },
  };
}

/** A chart of `panels` side by side with independent legends. */
export function chartSpec(panels: readonly Panel[], options: ChartOptions): TopLevelSpec {
  if (panels.length === 0) throw new ArgumentRangeError('panels: expected at least one panel, got 0');
  const config = {
    font: FONT_FAMILY,
    axis: { labelFontSize: 12, titleFontSize: 14, titleFontWeight: 'normal', gridColor: '#e6e6e6', tickColor: '#888888', domainColor: '#888888' },
    legend: { labelFontSize: 12 },
    view: { stroke: '#888888' },
    concat: { spacing: 36 },
  };
  const spec: Json = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 12,
    config,
    hconcat: panels.map((p) => panelSpec(p, options)),
    resolve: { scale: { color: 'independent', shape: 'independent', strokeDash: 'independent', x: 'independent', y: 'independent' }, legend: { color: 'independent', shape: 'independent', strokeDash: 'independent' } },
  };
  if (options.title) spec.title = { text: options.title, fontSize: 16, anchor: 'start' };
  return spec as unknown as TopLevelSpec;
}
