/**
 * The statistics figures of the paper, as data → SVG functions:
 * - Fig. 2: log–log PDFs of |dc_α/dγ| and |c_α dc_α/dγ| (simple and pure shear) with the
 *   theory slopes −13/8 and −17/12 and the fitted tail exponents (MLE, bootstrap CI);
 * - Fig. 4 / S3: the predictability C(λ) of |c|, P⁺, P⁻ for ±simple / ±pure shear, with
 *   the diagonal C = λ (S3 adds the pure-shear P⁺ ranked at the ±simple-shear events);
 * - Fig. S1: C(Err) on a log Err axis (simple solid, pure dashed);
 * - Fig. S2: C(λ) for bin sizes ξ = 4, 5, 6 (P⁺ and |c| under +simple shear).
 *
 * Each figure has a data step (the statistics of lib/stats: pooled fields, ranks, fits)
 * and an SVG step (`…Svg(data)`, a Vega-Lite chart rendered headlessly, render.ts).
 */
import { portablePow } from '../portable/index.js';
import {
  THEORY_EXPONENTS,
  ecdfAt,
  fitPowerLaw,
  fractionBelow,
  logHistogramAbs,
  predictability,
  quantileOf,
  sortedCopy,
  type LogHistogram,
  type PowerLawFit,
  type PowerLawFitOptions,
  type PredictabilityData,
} from '../stats/index.js';
import { MIN_RANK_BINS } from '../stats/glass-ranks.js';
import { DIRECTIONS_2D, MODES_2D, directionOf, type Mode2D } from '../space/index.js';
import { chartSpec, type Curve, type MarkerShape, type Panel } from './charts.js';
import { vegaLiteToSvg } from './render.js';
import { DIRECTION_STYLE, MODE_STYLE } from './style.js';
import { ArgumentRangeError } from '../errors.js';

// ---------------------------------------------------------------------------------------
// Fig. 2: PDFs

/** One curve of a Fig. 2 panel: the PDF of a shear mode's values and its tail fit. */
export interface PdfSeries {
  mode: Mode2D;
  hist: LogHistogram;
  /** Tail fit, or null if there were too few values. */
  fit: PowerLawFit | null;
  /** Vertical factor applied when drawing (the paper shifts the curves apart). */
  shift: number;
}

/** Data of Fig. 2: panel (a) |dc/dγ|, panel (b) |c·dc/dγ|. */
export interface Fig2Data {
  panels: Array<{ quantity: 'dcdg' | 'cdcdg'; theory: number; series: PdfSeries[] }>;
}

/**
 * Tail fits of Fig. 2 made elsewhere on the same values with the same options (an
 * ensemble's summary fits them first), by quantity and mode: used as they are, not fitted
 * again. The fits not given are made by fig2Data.
 */
export type Fig2Fits = Partial<Record<'dcdg' | 'cdcdg', Partial<Record<Mode2D, Fig2Fit>>>>;

/** A fit of Fig. 2: `ciOver: 'glasses'` when its interval is a bootstrap over glasses (an ensemble's summary), said in the legend. */
export type Fig2Fit = PowerLawFit & { ciOver?: 'glasses' };

/** Options of `fig2Data`. */
export interface Fig2Options {
  /** Fits already made of these values with `fit` (the rest are fitted here). */
  fits?: Fig2Fits;
  /** Histogram bins per decade (default 5 below 10⁴ values, else 10). */
  binsPerDecade?: number;
  /** Options of `fitPowerLaw` (default: its own, i.e. 200 bootstrap resamples, 95 % CI). */
  fit?: PowerLawFitOptions;
  /** Factor applied to the pure-shear curve for visual separation (default 0.1). */
  pureShift?: number;
  /**
   * Lower edge of the histogram range as a quantile of the positive values (default 0.01):
   * the far left of the distribution (values near 0) spans many empty decades otherwise.
   * All values still count in the normalisation. 0 = from the smallest value.
   */
  minQuantile?: number;
}

function tryFit(values: Float64Array, options: PowerLawFitOptions | undefined): PowerLawFit | null {
  try {
    return fitPowerLaw(values, options);
  } catch (error) {
    if (error instanceof ArgumentRangeError) return null; // too few values / no tail
    throw error;
  }
}

/** Histograms and tail fits of |dc/dγ| and |c·dc/dγ| per mode. Cost: the fits not given in `options.fits` (see fitPowerLaw). */
export function fig2Data(pooled: { c: Float64Array; dcdg: Record<Mode2D, Float64Array> }, options: Fig2Options = {}): Fig2Data {
  const shift = { simple: 1, pure: options.pureShift ?? 0.1 };
  const panel = (quantity: 'dcdg' | 'cdcdg') => {
    const series = MODES_2D.map((mode): PdfSeries => {
      const d = pooled.dcdg[mode];
      const v = new Float64Array(d.length);
      for (let a = 0; a < d.length; a++) v[a] = Math.abs(quantity === 'dcdg' ? d[a] : pooled.c[a] * d[a]);
      const bpd = options.binsPerDecade ?? (v.length < 1e4 ? 5 : 10);
      const positive = v.filter((x) => x > 0);
      if (positive.length < 2) throw new ArgumentRangeError(`dcdg.${mode}: expected at least two non-zero values, got ${positive.length}`);
      const q = options.minQuantile ?? 0.01;
      if (!(q >= 0 && q < 1)) throw new ArgumentRangeError(`options.minQuantile: expected a number in [0, 1), got ${q}`);
      const min = quantileOf(positive, q);
      let max = -Infinity;
      for (let a = 0; a < positive.length; a++) if (positive[a] > max) max = positive[a];
      const hist = logHistogramAbs(v, { binsPerDecade: bpd, min, max: max > min ? max : min * 2 });
      return { mode, hist, fit: options.fits?.[quantity]?.[mode] ?? tryFit(v, options.fit), shift: shift[mode] };
    });
    return { quantity, theory: quantity === 'dcdg' ? THEORY_EXPONENTS.dcdg : THEORY_EXPONENTS.cdcdg, series };
  };
  return { panels: [panel('dcdg'), panel('cdcdg')] };
}

function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/** Legend text of a fit: α̂ with its CI (or ± standard error without bootstrap; neither: a CI over glasses that the tail's few glasses do not give). */
export function fitLabel(fit: Fig2Fit | null): string {
  if (fit === null) return 'no tail fit (too few values)';
  const ci = Number.isFinite(fit.ci[0]) && Number.isFinite(fit.ci[1])
    ? `${Math.round(fit.level * 100)}% CI${fit.ciOver === 'glasses' ? ' over glasses' : ''} [${fmt(fit.ci[0])}, ${fmt(fit.ci[1])}]`
    : Number.isFinite(fit.se) ? `± ${fmt(fit.se)}` : 'no CI (tail in too few glasses)';
  return `fit α = ${fmt(fit.alpha)}, ${ci}`;
}

/** Fraction like −13/8 for the theory exponents. */
function exponentText(alpha: number): string {
  for (const den of [2, 3, 4, 6, 8, 12, 16]) {
    const num = Math.round(alpha * den);
    if (Math.abs(num / den - alpha) < 1e-12) return `−${num}/${den}`;
  }
  return `−${alpha.toFixed(3)}`;
}

/** Fig. 2 as SVG. */
export async function fig2Svg(data: Fig2Data): Promise<string> {
  const panels: Panel[] = data.panels.map((p, k) => {
    const curves: Curve[] = [];
    const theory: Curve[] = [];
    const theoryLabel = `theory: slope ${exponentText(p.theory)}`;
    let theoryDrawn = false;
    for (const s of p.series) {
      const st = MODE_STYLE[s.mode];
      const y = Array.from(s.hist.density, (d) => d * s.shift);
      const shiftText = s.shift === 1 ? '' : ` (×${s.shift})`;
      curves.push({ label: `${s.mode} shear${shiftText}: ${fitLabel(s.fit)}`, colour: st.colour, x: s.hist.centres, y, line: false, marker: st.marker });
      if (s.fit === null) continue;
      // fitted density over the tail: p(x) = (m/n)·(α−1)/x_min·(x/x_min)^(−α), drawn with the shift
      const { alpha, xmin, ntail } = s.fit;
      const xmax = s.hist.edges[s.hist.edges.length - 1];
      const amp = (s.shift * ntail) / s.hist.n * ((alpha - 1) / xmin);
      const fx = [xmin, xmax];
      const fy = fx.map((x) => amp * portablePow(x / xmin, -alpha));
      curves.push({ label: `${s.mode} fit`, colour: st.colour, x: fx, y: fy, dash: [6, 4], strokeWidth: 1.5, legend: false });
      // theory slope through the fitted density at the geometric middle of the tail
      const xm = Math.sqrt(xmin * xmax);
      const ym = amp * portablePow(xm / xmin, -alpha);
      const ty = fx.map((x) => ym * portablePow(x / xm, -p.theory));
      theory.push({ label: theoryDrawn ? `${theoryLabel} (${s.mode})` : theoryLabel, colour: '#000000', x: fx, y: ty, strokeWidth: 2, legend: !theoryDrawn });
      theoryDrawn = true;
    }
    curves.push(...theory);
    const q = p.quantity === 'dcdg' ? '|dc/dγ|' : '|c·dc/dγ|';
    return {
      title: `(${'ab'[k]}) p(${q})`,
      subtitle: 'dashed: power-law fit above x_min (maximum likelihood)',
      xTitle: `${q}  (dimensionless: c per k_B/2, γ a strain)`,
      yTitle: `p(${q})`,
      curves,
    };
  });
  return vegaLiteToSvg(chartSpec(panels, { xTitle: '', yTitle: '', xLog: true, yLog: true, legendOrient: 'bottom', width: 400, height: 320 }));
}

// ---------------------------------------------------------------------------------------
// Figs. 4, S2, S3: predictability C(λ)

const LAMBDA_GRID = Float64Array.from({ length: 201 }, (_, k) => k / 200);
const MARKER_GRID = Float64Array.from({ length: 11 }, (_, k) => k / 10);

/** A C(λ) curve of ranks (step line on a fine grid, markers every 0.1); null if no events. */
function cdfCurve(label: string, ranks: Float64Array, colour: string, marker: MarkerShape | undefined, dash?: number[]): Curve | null {
  if (ranks.length === 0) return null;
  const c = predictability(ranks, { grid: LAMBDA_GRID });
  const m = predictability(ranks, { grid: MARKER_GRID });
  return { label, colour, x: c.grid, y: c.cdf, interpolate: 'step-after', marker, markerX: m.grid, markerY: m.cdf, dash };
}

const FIELD_STYLE = {
  absC: { label: '|c|', colour: '#555555', marker: 'circle' as MarkerShape },
  pPlus: { label: 'P⁺ = max(c·dc/dγ, 0)', colour: '#1f77b4', marker: 'diamond' as MarkerShape },
  pMinus: { label: 'P⁻ = max(−c·dc/dγ, 0)', colour: '#d62728', marker: 'square' as MarkerShape },
};
const LAMBDA_AXES = {
  xTitle: 'λ (fraction of bins ranked above the event’s bin)',
  yTitle: 'C(λ) (fraction of events)',
  xDomain: [0, 1] as [number, number],
  yDomain: [0, 1] as [number, number],
  diagonal: { label: 'C(λ) = λ (no predictability)' },
  legendOrient: 'bottom' as const,
  width: 340,
  height: 300,
};

/** "1 event", "3 events". */
const eventCount = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;

/** The subtitle's line on the glasses whose ξ-grid is too coarse for λ (none: no line). */
const leftOut = (data: PredictabilityData): string[] =>
  (data.coarseGlasses > 0 ? [`${data.coarseGlasses} of ${data.glasses} glasses left out: fewer than ${MIN_RANK_BINS} bins along a cell vector`] : []);

/**
 * Fig. 4 (`mode = 'simple'`) or Fig. S3 (`'pure'`, which adds P⁺ of the panel's direction
 * ranked at the +simple (yellow, solid) and −simple (black, dashed) events). `lengthUnit`
 * names the unit of ξ in the subtitles (lib/model lengthUnitOf; the paper's λ_SS by default).
 */
export async function predictabilitySvg(data: PredictabilityData, mode: Mode2D, lengthUnit = 'λ_SS'): Promise<string> {
  const dirs = DIRECTIONS_2D.filter((dir) => directionOf(dir)!.mode === mode);
  const panels: Panel[] = dirs.map((dir, k) => {
    const r = data.directions[dir];
    const curves: Curve[] = [];
    for (const key of ['absC', 'pPlus', 'pMinus'] as const) {
      const st = FIELD_STYLE[key];
      const c = cdfCurve(st.label, r[key], st.colour, st.marker);
      if (c) curves.push(c);
    }
    if (mode === 'pure') {
      const yellow = cdfCurve(`P⁺ at +simple-shear events`, r.cross['simple+'] ?? new Float64Array(0), '#e6ab02', undefined);
      const black = cdfCurve(`P⁺ at −simple-shear events`, r.cross['simple-'] ?? new Float64Array(0), '#000000', undefined, [6, 4]);
      if (yellow) curves.push({ ...yellow, strokeWidth: 2.5 });
      if (black) curves.push(black);
    }
    return {
      title: `(${'ab'[k]}) ${DIRECTION_STYLE[dir].title}`,
      subtitle: [`${eventCount(r.absC.length)}, bin size ξ = ${data.xi} (units of ${lengthUnit})`, ...leftOut(data)],
      curves,
    };
  });
  return vegaLiteToSvg(chartSpec(panels, LAMBDA_AXES));
}

/** Fig. S2: C(λ) of P⁺ (a) and |c| (b) under +simple shear for several bin sizes ξ. */
export async function xiDependenceSvg(byXi: readonly PredictabilityData[], lengthUnit = 'λ_SS'): Promise<string> {
  const styles: Array<{ colour: string; marker: MarkerShape }> = [
    { colour: '#8c564b', marker: 'square' },
    { colour: '#ff7f0e', marker: 'diamond' },
    { colour: '#2ca02c', marker: 'circle' },
    { colour: '#9467bd', marker: 'triangle-up' },
  ];
  const panel = (key: 'pPlus' | 'absC', title: string): Panel => ({
    title,
    subtitle: [
      `+simple shear, ${eventCount(byXi[0]?.directions['simple+'].absC.length ?? 0)}; ξ in units of ${lengthUnit}`,
      ...(byXi.some((d) => d.coarseGlasses > 0)
        ? [`left out, fewer than ${MIN_RANK_BINS} bins: ${byXi.filter((d) => d.coarseGlasses > 0).map((d) => `ξ = ${d.xi} (${d.coarseGlasses} of ${d.glasses})`).join(', ')}`]
        : []),
    ],
    curves: byXi.flatMap((d, k) => {
      const st = styles[k % styles.length];
      const c = cdfCurve(`ξ = ${d.xi}`, d.directions['simple+'][key], st.colour, st.marker);
      return c ? [c] : [];
    }),
  });
  return vegaLiteToSvg(chartSpec([panel('pPlus', '(a) P⁺ = max(c·dc/dγ, 0)'), panel('absC', '(b) |c|')], LAMBDA_AXES));
}

// ---------------------------------------------------------------------------------------
// Fig. S1: C(Err)

/** Fig. S1: the CDF of Err (percent, paper Eq. S7) for simple (solid) and pure (dashed) shear. */
export async function errCdfSvg(err: Partial<Record<Mode2D, Float64Array>>, points = 300): Promise<string> {
  const curves: Curve[] = [];
  let lo = Infinity, hi = -Infinity;
  const sorted: Partial<Record<Mode2D, Float64Array>> = {};
  for (const mode of MODES_2D) {
    const e = err[mode];
    if (e === undefined) continue;
    const s = sortedCopy(e);
    sorted[mode] = s;
    for (const x of s) {
      if (x > 0 && Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
  }
  if (!(hi >= lo)) throw new ArgumentRangeError('err: expected at least one positive finite Err value, got none');
  if (hi === lo) { lo /= 2; hi *= 2; }
  const grid = Float64Array.from({ length: points }, (_, k) => lo * portablePow(hi / lo, k / (points - 1)));
  const sub: string[] = [];
  for (const mode of MODES_2D) {
    const s = sorted[mode];
    if (s === undefined) continue;
    const y = grid.map((g) => ecdfAt(s, g));
    curves.push({ label: `${mode} shear`, colour: MODE_STYLE[mode].colour, x: grid, y, dash: MODE_STYLE[mode].dash, interpolate: 'step-after', strokeWidth: 2.2 });
    sub.push(`${mode}: ${(100 * fractionBelow(s, 1e-2)).toFixed(1)}% below 10⁻² %`);
  }
  if (lo <= 1e-2 && hi >= 1e-2) curves.push({ label: 'Err = 10⁻² %', colour: '#999999', x: [1e-2, 1e-2], y: [0, 1], dash: [2, 3], strokeWidth: 1, legend: false });
  const n = sorted.simple?.length ?? sorted.pure?.length ?? 0;
  return vegaLiteToSvg(chartSpec([{ title: 'C(Err): analytic dc/dγ vs finite differences', subtitle: `${n} interactions; ${sub.join(', ')}`, curves }], {
    xTitle: 'Err = 100·|dc/dγ − Δc/Δγ| / min(|dc/dγ|, |Δc/Δγ|)  (percent)',
    yTitle: 'C(Err) (fraction of interactions)',
    xLog: true, yDomain: [0, 1], legendOrient: 'bottom-right', width: 460, height: 320,
  }));
}
