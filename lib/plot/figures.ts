/**
 * The statistics figures of the paper, as data → SVG functions:
 * - Fig. 2: log–log PDFs of |dc_α/dγ| and |c_α dc_α/dγ| (simple and pure shear) with the
 *   theory slopes −13/8 and −17/12 and the fitted tail exponents (MLE, bootstrap CI);
 * - Fig. 4 / S3: the predictability C(λ) of |c|, P⁺, P⁻ for ±simple / ±pure shear, with
 *   the diagonal C = λ (S3 adds the pure-shear P⁺ ranked at the ±simple-shear events);
 * - Fig. S1: C(Err) on a log Err axis (simple solid, pure dashed);
 * - Fig. S2: C(λ) for bin sizes ξ = 4, 5, 6 (P⁺ and |c| under +simple shear).
 *
 * Each figure has a data step (pure statistics over Float64Arrays, lib/stats) and an SVG
 * step (`…Svg(data)`, a Vega-Lite chart rendered headlessly, render.ts).
 */
import {
  THEORY_EXPONENTS,
  ecdfAt,
  fitPowerLaw,
  fractionBelow,
  logHistogramAbs,
  predictability,
  predictorFields,
  quantileSorted,
  rankEvents,
  sortedCopy,
  type LogHistogram,
  type PowerLawFit,
  type PowerLawFitOptions,
} from '../stats/index.js';
import { minimumImageUnchecked, reduceCell } from '../space/index.js';
import { EVENT_DIRECTIONS, eventPositions, type EventDirection, type EventMap } from './bond-map.js';
import { chartSpec, type Curve, type MarkerShape, type Panel } from './charts.js';
import { vegaLiteToSvg } from './render.js';

/** The two shear modes of the paper. */
export type { ShearMode } from '../space/index.js';
import type { ShearMode } from '../space/index.js';

/** One glass of an ensemble with its fields and first events (plain record). */
export interface GlassRecord {
  /** h, row-major [h00, h01, h10, h11] (columns = cell vectors). */
  cell: Float64Array;
  /** Undeformed positions, x, y interleaved, length 2N. */
  positions: Float64Array;
  /** Interactions (i < j), length M. */
  i: Int32Array;
  j: Int32Array;
  /** c_α, length M. */
  c: Float64Array;
  /** dc_α/dγ for the "+" directions, length M each. */
  dcdg: { simple: Float64Array; pure: Float64Array };
  /** First plastic events (particle and/or position in the undeformed glass); missing ones are skipped. */
  events: EventMap;
}

// ---------------------------------------------------------------------------------------
// Fig. 2: PDFs

/** One curve of a Fig. 2 panel: the PDF of a shear mode's values and its tail fit. */
export interface PdfSeries {
  mode: ShearMode;
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

/** Options of `fig2Data`. */
export interface Fig2Options {
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

/** Concatenates c and dc/dγ over the glasses. */
export function poolFields(records: readonly Pick<GlassRecord, 'c' | 'dcdg'>[]): { c: Float64Array; dcdg: Record<ShearMode, Float64Array> } {
  let m = 0;
  for (const r of records) m += r.c.length;
  const c = new Float64Array(m), simple = new Float64Array(m), pure = new Float64Array(m);
  let o = 0;
  records.forEach((r, k) => {
    if (r.dcdg.simple.length !== r.c.length || r.dcdg.pure.length !== r.c.length) {
      throw new RangeError(`records[${k}].dcdg: expected simple and pure of length ${r.c.length}, got ${r.dcdg.simple.length} and ${r.dcdg.pure.length}`);
    }
    c.set(r.c, o);
    simple.set(r.dcdg.simple, o);
    pure.set(r.dcdg.pure, o);
    o += r.c.length;
  });
  return { c, dcdg: { simple, pure } };
}

function tryFit(values: Float64Array, options: PowerLawFitOptions | undefined): PowerLawFit | null {
  try {
    return fitPowerLaw(values, options);
  } catch (error) {
    if (error instanceof RangeError) return null; // too few values / no tail
    throw error;
  }
}

/** Histograms and tail fits of |dc/dγ| and |c·dc/dγ| per mode. Cost: the fits (see fitPowerLaw). */
export function fig2Data(pooled: { c: Float64Array; dcdg: Record<ShearMode, Float64Array> }, options: Fig2Options = {}): Fig2Data {
  const shift = { simple: 1, pure: options.pureShift ?? 0.1 };
  const panel = (quantity: 'dcdg' | 'cdcdg') => {
    const series = (['simple', 'pure'] as const).map((mode): PdfSeries => {
      const d = pooled.dcdg[mode];
      const v = new Float64Array(d.length);
      for (let a = 0; a < d.length; a++) v[a] = Math.abs(quantity === 'dcdg' ? d[a] : pooled.c[a] * d[a]);
      const bpd = options.binsPerDecade ?? (v.length < 1e4 ? 5 : 10);
      const positive = sortedCopy(v.filter((x) => x > 0));
      if (positive.length < 2) throw new RangeError(`dcdg.${mode}: expected at least two non-zero values, got ${positive.length}`);
      const q = options.minQuantile ?? 0.01;
      if (!(q >= 0 && q < 1)) throw new RangeError(`options.minQuantile: expected a number in [0, 1), got ${q}`);
      const min = quantileSorted(positive, q);
      const max = positive[positive.length - 1];
      const hist = logHistogramAbs(v, { binsPerDecade: bpd, min, max: max > min ? max : min * 2 });
      return { mode, hist, fit: tryFit(v, options.fit), shift: shift[mode] };
    });
    return { quantity, theory: quantity === 'dcdg' ? THEORY_EXPONENTS.dcdg : THEORY_EXPONENTS.cdcdg, series };
  };
  return { panels: [panel('dcdg'), panel('cdcdg')] };
}

const MODE_STYLE: Record<ShearMode, { colour: string; marker: MarkerShape }> = {
  simple: { colour: '#1f77b4', marker: 'square' },
  pure: { colour: '#e6550d', marker: 'circle' },
};

function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/** Legend text of a fit: α̂ with its CI (or ± standard error without bootstrap). */
export function fitLabel(fit: PowerLawFit | null): string {
  if (fit === null) return 'no tail fit (too few values)';
  const ci = Number.isFinite(fit.ci[0]) && Number.isFinite(fit.ci[1])
    ? `${Math.round(fit.level * 100)}% CI [${fmt(fit.ci[0])}, ${fmt(fit.ci[1])}]`
    : `± ${fmt(fit.se)}`;
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
      const fy = fx.map((x) => amp * Math.pow(x / xmin, -alpha));
      curves.push({ label: `${s.mode} fit`, colour: st.colour, x: fx, y: fy, dash: [6, 4], strokeWidth: 1.5, legend: false });
      // theory slope through the fitted density at the geometric middle of the tail
      const xm = Math.sqrt(xmin * xmax);
      const ym = amp * Math.pow(xm / xmin, -alpha);
      const ty = fx.map((x) => ym * Math.pow(x / xm, -p.theory));
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

/** Ranks λ of the events for one shear direction (one entry per glass that has the event). */
export interface DirectionRanks {
  absC: Float64Array;
  pPlus: Float64Array;
  pMinus: Float64Array;
  /** P⁺ of this direction ranked at the events of the other mode's directions (Fig. S3). */
  cross: Partial<Record<EventDirection, Float64Array>>;
}

/** Ranks for all four directions at one bin size ξ. */
export interface PredictabilityData {
  xi: number;
  glasses: number;
  directions: Record<EventDirection, DirectionRanks>;
}

/** Interaction midpoints x_i + r_α/2 (minimum image), x, y interleaved, length 2M. */
export function interactionMidpoints(cell: Float64Array, positions: Float64Array, i: Int32Array, j: Int32Array): Float64Array {
  const rc = reduceCell(cell);
  const d = new Float64Array(2);
  const out = new Float64Array(2 * i.length);
  for (let a = 0; a < i.length; a++) {
    const p = i[a], q = j[a];
    const x = positions[2 * p], y = positions[2 * p + 1];
    minimumImageUnchecked(rc, positions[2 * q] - x, positions[2 * q + 1] - y, d, 0);
    out[2 * a] = x + d[0] / 2;
    out[2 * a + 1] = y + d[1] / 2;
  }
  return out;
}

const modeOf = (dir: EventDirection): ShearMode => (dir.startsWith('simple') ? 'simple' : 'pure');
const signOf = (dir: EventDirection): number => (dir.endsWith('+') ? 1 : -1);

/** λ of one glass's events: |c|, P⁺, P⁻ of the event's own direction, and P⁺ of `cross[p]` at the other mode's events. */
export interface GlassRanks {
  own: Partial<Record<EventDirection, { absC: number; pPlus: number; pMinus: number }>>;
  cross: Partial<Record<EventDirection, Partial<Record<EventDirection, number>>>>;
}

/**
 * λ of one glass's events for |c|, P⁺, P⁻ of their own direction (dc/dγ sign-flipped for
 * "−"), and P⁺ of each direction at the other mode's events (DESIGN §7). Directions
 * without an event are absent. Cost O(M) per direction.
 */
export function glassRanks(r: GlassRecord, xi = 5): GlassRanks {
  const mid = interactionMidpoints(r.cell, r.positions, r.i, r.j);
  const ev = eventPositions(r, r.events);
  const at = (dir: EventDirection) => Float64Array.from(ev[dir]!);
  const out: GlassRanks = { own: {}, cross: {} };
  for (const dir of EVENT_DIRECTIONS) {
    const base = r.dcdg[modeOf(dir)];
    const s = signOf(dir);
    const d = new Float64Array(base.length);
    for (let a = 0; a < d.length; a++) d[a] = s * base[a];
    const f = predictorFields(r.c, d);
    if (ev[dir] !== undefined) {
      out.own[dir] = {
        absC: rankEvents(r.cell, mid, f.absC, at(dir), xi)[0],
        pPlus: rankEvents(r.cell, mid, f.pPlus, at(dir), xi)[0],
        pMinus: rankEvents(r.cell, mid, f.pMinus, at(dir), xi)[0],
      };
    }
    for (const other of EVENT_DIRECTIONS) {
      if (modeOf(other) === modeOf(dir) || ev[other] === undefined) continue;
      (out.cross[dir] ??= {})[other] = rankEvents(r.cell, mid, f.pPlus, at(other), xi)[0];
    }
  }
  return out;
}

/** The ranks of many glasses (glassRanks at bin size xi), collected per direction. */
export function collectRanks(ranks: readonly GlassRanks[], xi: number): PredictabilityData {
  const directions = Object.fromEntries(EVENT_DIRECTIONS.map((d) => {
    const own = ranks.map((g) => g.own[d]).filter((x) => x !== undefined);
    const cross: Partial<Record<EventDirection, number[]>> = {};
    for (const g of ranks) for (const [other, v] of Object.entries(g.cross[d] ?? {})) (cross[other as EventDirection] ??= []).push(v);
    return [d, {
      absC: Float64Array.from(own, (x) => x.absC),
      pPlus: Float64Array.from(own, (x) => x.pPlus),
      pMinus: Float64Array.from(own, (x) => x.pMinus),
      cross: Object.fromEntries(Object.entries(cross).map(([k, v]) => [k, Float64Array.from(v)])),
    }];
  })) as Record<EventDirection, DirectionRanks>;
  return { xi, glasses: ranks.length, directions };
}

/** λ of every event of every glass (glassRanks), collected per direction. Cost O(glasses·M). */
export function predictabilityData(records: readonly GlassRecord[], xi = 5): PredictabilityData {
  return collectRanks(records.map((r) => glassRanks(r, xi)), xi);
}

const LAMBDA_GRID = Float64Array.from({ length: 201 }, (_, k) => k / 200);
const MARKER_GRID = Float64Array.from({ length: 11 }, (_, k) => k / 10);

/** A C(λ) curve of ranks (step line on a fine grid, markers every 0.1); null if no events. */
function cdfCurve(label: string, ranks: Float64Array, colour: string, marker: MarkerShape | undefined, dash?: number[]): Curve | null {
  if (ranks.length === 0) return null;
  const c = predictability(ranks, { grid: LAMBDA_GRID });
  const m = predictability(ranks, { grid: MARKER_GRID });
  return { label, colour, x: c.grid, y: c.cdf, interpolate: 'step-after', marker, markerX: m.grid, markerY: m.cdf, dash };
}

const DIR_TEXT: Record<EventDirection, string> = {
  'simple+': 'simple shear, +γ', 'simple-': 'simple shear, −γ', 'pure+': 'pure shear, +γ', 'pure-': 'pure shear, −γ',
};
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

/**
 * Fig. 4 (`mode = 'simple'`) or Fig. S3 (`'pure'`, which adds P⁺ of the panel's direction
 * ranked at the +simple (yellow, solid) and −simple (black, dashed) events).
 */
export async function predictabilitySvg(data: PredictabilityData, mode: ShearMode): Promise<string> {
  const dirs: EventDirection[] = mode === 'simple' ? ['simple+', 'simple-'] : ['pure+', 'pure-'];
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
      title: `(${'ab'[k]}) ${DIR_TEXT[dir]}`,
      subtitle: `${r.absC.length} events, bin size ξ = ${data.xi} (units of λ_SS)`,
      curves,
    };
  });
  return vegaLiteToSvg(chartSpec(panels, LAMBDA_AXES));
}

/** Fig. S2: C(λ) of P⁺ (a) and |c| (b) under +simple shear for several bin sizes ξ. */
export async function xiDependenceSvg(byXi: readonly PredictabilityData[]): Promise<string> {
  const styles: Array<{ colour: string; marker: MarkerShape }> = [
    { colour: '#8c564b', marker: 'square' },
    { colour: '#ff7f0e', marker: 'diamond' },
    { colour: '#2ca02c', marker: 'circle' },
    { colour: '#9467bd', marker: 'triangle-up' },
  ];
  const panel = (key: 'pPlus' | 'absC', title: string): Panel => ({
    title,
    subtitle: `+simple shear, ${byXi[0]?.directions['simple+'].absC.length ?? 0} events; ξ in units of λ_SS`,
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
export async function errCdfSvg(err: Partial<Record<ShearMode, Float64Array>>, points = 300): Promise<string> {
  const curves: Curve[] = [];
  let lo = Infinity, hi = -Infinity;
  const sorted: Partial<Record<ShearMode, Float64Array>> = {};
  for (const mode of ['simple', 'pure'] as const) {
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
  if (!(hi >= lo)) throw new RangeError('err: expected at least one positive finite Err value, got none');
  if (hi === lo) { lo /= 2; hi *= 2; }
  const grid = Float64Array.from({ length: points }, (_, k) => lo * Math.pow(hi / lo, k / (points - 1)));
  const sub: string[] = [];
  for (const mode of ['simple', 'pure'] as const) {
    const s = sorted[mode];
    if (s === undefined) continue;
    const y = grid.map((g) => ecdfAt(s, g));
    curves.push({ label: `${mode} shear`, colour: mode === 'simple' ? '#1f77b4' : '#e6550d', x: grid, y, dash: mode === 'pure' ? [7, 4] : undefined, interpolate: 'step-after', strokeWidth: 2.2 });
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
