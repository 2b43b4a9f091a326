/**
 * The benchmark's metrics (docs/predictors.md "Metrics"): per glass, the rank of
 * each event under every indicator, direction and bin size ξ (rank.ts); over an ensemble,
 * per indicator, direction and ξ:
 *
 *   mean λ, C(λ) and C(0.1)     lib/stats `predictability` of the ranks λ_e
 *   AUC                          Σ_e (lower_e + ½ ties_e) / Σ_e (B_e − 1): the fraction of
 *                                all (event bin, other bin) pairs, pooled over the events,
 *                                that the field orders correctly, ties ½ (equals the mean
 *                                of AUC_e when every glass has the same number of bins B)
 *   tied events                  events whose bin ties with another (λ flatters the field there)
 *   better / worse / tied        paired with the reference P⁺ event by event: the
 *                                indicator's λ_e <, >, = P⁺'s λ_e (the comparison of
 *                                docs/reproduction.md, P⁺ against |c|)
 *
 * Directions (2D and 3D glasses alike: ±simple, ±pure): each of DIRECTIONS_2D, and 'all' pooling the four (each event counted once,
 * with the field of its own direction).
 */
import { DIRECTIONS_2D, type Direction2D } from '../space/index.js';
import { eventPositionsNd, type EventMap } from '../stats/glass-ranks.js';
import { predictability, type PredictabilityOptions } from '../stats/predictability.js';
import { expectFloat64Array, expectLength } from '../validate.js';
import { BENCHMARK_XI, INDICATORS, INDICATOR_NAMES, REFERENCE_INDICATOR, type IndicatorName } from './names.js';
import { rankField } from './rank.js';
import { ArgumentRangeError } from '../errors.js';

/** The rank of one event under one field (rank.ts, for one event). */
export interface EventRank {
  lambda: number;
  auc: number;
  higher: number;
  lower: number;
  ties: number;
  bins: number;
}

/** ranks[indicator][direction][String(ξ)] of one glass's events. */
export type GlassEventRanks = Partial<Record<IndicatorName, Partial<Record<Direction2D, Record<string, EventRank>>>>>;

/** What glassEventRanks needs of a glass: GlassIndicators has it. */
export interface RankableGlass {
  cell: Float64Array;
  /** Undeformed positions (dN, d from the cell: 2×2 or 3×3): where particle fields are binned and particle events are found. */
  positions: Float64Array;
  /** Interaction midpoints (dM): where bond fields are binned. */
  midpoints: Float64Array;
  fields: Partial<Record<IndicatorName, Partial<Record<Direction2D, Float64Array>>>>;
}

/**
 * λ and AUC of each direction's first event under each indicator field of that direction,
 * at each ξ. Events and fields that are missing are skipped. Cost O((M + N) · ξ-count)
 * per indicator and direction.
 * @param events the glass's first events (lib/stats EventMap: particle and/or position)
 * @param xis bin sizes (default 4, 5, 6)
 */
export function glassEventRanks(glass: RankableGlass, events: EventMap, xis: readonly number[] = BENCHMARK_XI): GlassEventRanks {
  // An event under another name ('simple' for 'simple+') was skipped: the result was {}.
  for (const key of Object.keys(events ?? {})) {
    if (!(DIRECTIONS_2D as readonly string[]).includes(key)) {
      throw new ArgumentRangeError(`events: expected the directions ${DIRECTIONS_2D.map((d) => `'${d}'`).join(', ')} as keys, got '${key}'`);
    }
  }
  const at = eventPositionsNd(glass, events);
  const d = glass.cell.length === 9 ? 3 : 2;
  const out: GlassEventRanks = {};
  for (const [name, byDirection] of Object.entries(glass.fields) as [IndicatorName, Partial<Record<Direction2D, Float64Array>>][]) {
    const points = INDICATORS[name].support === 'bond' ? glass.midpoints : glass.positions;
    for (const dir of DIRECTIONS_2D) {
      const field = byDirection[dir];
      const where = at[dir];
      if (field === undefined || where === undefined) continue;
      expectFloat64Array(`fields.${name}['${dir}']`, field);
      expectLength(`fields.${name}['${dir}']`, field, points.length / d);
      const ranks: Record<string, EventRank> = {};
      for (const xi of xis) {
        const r = rankField(glass.cell, points, field, Float64Array.from(where), xi);
        ranks[String(xi)] = { lambda: r.lambda[0], auc: r.auc[0], higher: r.higher[0], lower: r.lower[0], ties: r.ties[0], bins: r.bins };
      }
      (out[name] ??= {})[dir] = ranks;
    }
  }
  return out;
}

/** better: a[k] < b[k] (a ranks the event higher); worse: a[k] > b[k]; tied: equal. */
export function pairedCounts(a: Float64Array, b: Float64Array): { better: number; worse: number; tied: number } {
  expectFloat64Array('a', a);
  expectFloat64Array('b', b);
  expectLength('b', b, a.length);
  let better = 0, worse = 0, tied = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k] < b[k]) better++;
    else if (a[k] > b[k]) worse++;
    else tied++;
  }
  return { better, worse, tied };
}

/** The metrics of one indicator, direction and ξ over an ensemble. */
export interface IndicatorMetrics {
  /** Events ranked. */
  n: number;
  meanLambda: number;
  /** C(0.1). */
  c01: number;
  /** C(λ) on `grid` (lib/stats predictability). */
  grid: Float64Array;
  cdf: Float64Array;
  /** Pooled AUC (see the header). */
  auc: number;
  /**
   * Events whose bin ties with at least one other bin (ties_e > 0). λ counts ties in the
   * event's favour, so where this is not 0 the mean λ flatters the field (an all-zero field,
   * e.g. QLM softening in a glass whose QLMs all stiffen, scores λ = 0); the AUC does not.
   */
  tiedEvents: number;
  /** Paired with the reference indicator on the events both ranked. */
  vsReference: { better: number; worse: number; tied: number };
}

/** metrics[indicator][direction or 'all'][String(ξ)]. */
export type BenchmarkMetrics = Partial<Record<IndicatorName, Partial<Record<Direction2D | 'all', Record<string, IndicatorMetrics>>>>>;

export interface BenchmarkMetricsOptions extends PredictabilityOptions {
  /** Bin sizes (default 4, 5, 6). */
  xis?: readonly number[];
  /** Indicator of the paired comparison (default 'pPlus'). */
  reference?: IndicatorName;
}

/**
 * The benchmark table from the ranks of many glasses (glassEventRanks of each).
 * Indicators and directions with no ranked event are absent.
 */
export function benchmarkMetrics(glasses: readonly GlassEventRanks[], options: BenchmarkMetricsOptions = {}): BenchmarkMetrics {
  const xis = options.xis ?? BENCHMARK_XI;
  const reference = options.reference ?? REFERENCE_INDICATOR;
  const cdfOptions: PredictabilityOptions = options.grid !== undefined ? { grid: options.grid } : { points: options.points };
  const out: BenchmarkMetrics = {};
  for (const name of INDICATOR_NAMES) {
    for (const dir of [...DIRECTIONS_2D, 'all'] as const) {
      const dirs = dir === 'all' ? DIRECTIONS_2D : [dir];
      const byXi: Record<string, IndicatorMetrics> = {};
      for (const xi of xis) {
        const key = String(xi);
        const own: EventRank[] = [], mine: number[] = [], ref: number[] = [];
        for (const g of glasses) {
          for (const d of dirs) {
            const r = g[name]?.[d]?.[key];
            if (r === undefined) continue;
            own.push(r);
            const rr = g[reference]?.[d]?.[key];
            if (rr !== undefined) { mine.push(r.lambda); ref.push(rr.lambda); }
          }
        }
        if (own.length === 0) continue;
        const p = predictability(Float64Array.from(own, (r) => r.lambda), cdfOptions);
        let right = 0, pairs = 0, tiedEvents = 0;
        for (const r of own) { right += r.lower + r.ties / 2; pairs += r.bins - 1; if (r.ties > 0) tiedEvents++; }
        byXi[key] = {
          n: p.n, meanLambda: p.meanLambda, c01: p.c01, grid: p.grid, cdf: p.cdf, auc: right / pairs, tiedEvents,
          vsReference: pairedCounts(Float64Array.from(mine), Float64Array.from(ref)),
        };
      }
      if (Object.keys(byXi).length > 0) (out[name] ??= {})[dir] = byXi;
    }
  }
  return out;
}
