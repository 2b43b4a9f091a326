/**
 * The predictor benchmark on ensemble results (`softspot predictors`;
 * docs/predictors.md): for every sample of `softspot run`, the indicator fields of its glass
 * (lib/predictors glassIndicators, with the stored c_α and dc_α/dγ passed in as `lhc` so that
 * nothing stored is recomputed: only the non-affine velocity w = −M⁺Ξ and, for the mode
 * indicators, the k lowest modes are solved here), the ranks λ_e and AUC_e of its first events
 * (glassEventRanks), and over the glasses of each size N the metrics (benchmarkMetrics):
 * mean λ, C(λ), C(0.1), pooled AUC, tied events, better/worse/tied against P⁺.
 *
 * Events: the sample's EventRecord of each direction with particle ≥ 0, located at its
 * stored undeformed position (x, y[, z]), as lib/ensemble/aggregate.ts ranks them for events.csv.
 * 3D glasses (ka, ipl3d, poly --dim 3): the same four directions ±simple, ±pure (E = e_x e_yᵀ,
 * diag(½, −½, 0)); the ξ-cubes are averaged with their 26 neighbours (lib/predictors rank.ts).
 * Glasses of a per-particle law (poly, 2D or 3D) take glassIndicators' d-generic route.
 */
import { pooledProtocolsNote, type ProtocolSpec } from './protocols.js';
import type { EventMap } from '../stats/glass-ranks.js';
import {
  BENCHMARK_XI, DEFAULT_INDICATOR_MODES, INDICATOR_NAMES, INDICATORS, benchmarkMetrics, glassEventRanks, glassIndicators,
  type BenchmarkMetrics, type GlassEventRanks, type IndicatorName,
} from '../predictors/index.js';
import type { Direction2D } from '../space/index.js';
import { DIRECTIONS, type Direction, type SampleResult } from './types.js';
import { ArgumentRangeError, isArgumentError } from '../errors.js';

/** Defaults of {@link EnsemblePredictorsOptions}. */
export const PREDICTORS_DEFAULTS = Object.freeze({
  indicators: INDICATOR_NAMES as readonly IndicatorName[],
  xis: BENCHMARK_XI as readonly number[],
  modes: DEFAULT_INDICATOR_MODES,
});

export interface EnsemblePredictorsOptions {
  /** Indicators (default all of INDICATOR_NAMES). */
  indicators?: readonly IndicatorName[];
  /** Bin sizes ξ in λ (default 4, 5, 6). */
  xis?: readonly number[];
  /** k, the lowest modes searched for QLMs (default 20; capped at dN − d − 1 for small glasses). */
  modes?: number;
  /** Participation below which a mode is quasilocalized (default lib/modes QLM_THRESHOLD). */
  qlmThreshold?: number;
  /** Called after each glass: `done` of `total`, the sample and its seconds. */
  onGlass?: (done: number, total: number, sample: SampleResult, seconds: number) => void;
}

/** The benchmark of the glasses of one size N. */
export interface SizePredictors {
  n: number;
  glasses: number;
  /** Events ranked per direction (particle ≥ 0). */
  events: Record<Direction, number>;
  /** Per glass (in the order of the samples): sample id and its event ranks. */
  ranks: Array<{ id: string; ranks: GlassEventRanks }>;
  /** benchmarkMetrics over the glasses of this size. */
  metrics: BenchmarkMetrics;
  /** Caveats of this size: glasses of several protocols pooled (pooledProtocolsNote). */
  notes: string[];
}

/** A sample's first events as lib/stats EventMap (the directions with no event are absent). */
export function sampleEvents(sample: Pick<SampleResult, 'events'>): EventMap {
  const events: EventMap = {};
  for (const e of sample.events) {
    if (e.particle >= 0) events[e.direction] = { particle: e.particle, position: e.z === undefined ? [e.x, e.y] : [e.x, e.y, e.z] };
  }
  return events;
}

/**
 * The ranks of one sample's events under each indicator (glassIndicators with the stored
 * LHC fields, then glassEventRanks).
 * @throws RangeError (with the sample id) when a ξ leaves fewer than 4 bins along a cell vector
 */
export function samplePredictorRanks(sample: SampleResult, options: EnsemblePredictorsOptions = {}): GlassEventRanks {
  const d = sample.config.dim === 3 ? 3 : 2;
  const indicators = options.indicators ?? PREDICTORS_DEFAULTS.indicators;
  const needsModes = indicators.some((name) => INDICATORS[name].needsModes);
  const n = sample.config.n;
  const fields = glassIndicators(sample.config, {
    indicators,
    lhc: { config: sample.config, count: sample.i.length, i: sample.i, j: sample.j, c: sample.c, dcdg: sample.dcdg as Record<string, Float64Array> },
    ...(needsModes ? { modes: Math.min(options.modes ?? PREDICTORS_DEFAULTS.modes, d * n - d - 1) } : {}),
    ...(options.qlmThreshold !== undefined ? { qlmThreshold: options.qlmThreshold } : {}),
  });
  try {
    return glassEventRanks(fields, sampleEvents(sample), options.xis ?? PREDICTORS_DEFAULTS.xis);
  } catch (error) {
    // A refusal names the sample; the engine's own errors (a bug) go on as they are.
    if (isArgumentError(error)) throw new ArgumentRangeError(`sample ${sample.id} (N = ${n}): ${(error as Error).message}`);
    throw error;
  }
}

/**
 * The benchmark built glass by glass: `add` ranks one sample's events and keeps only its
 * ranks, so the samples can be read one at a time (`softspot predictors`); `sizes` gives
 * the metrics of the glasses added so far, grouped by N (ascending).
 */
export class PredictorsBenchmark {
  readonly #bySize = new Map<number, SizePredictors>();
  readonly #specs = new Map<number, ProtocolSpec[]>();

  constructor(private readonly options: EnsemblePredictorsOptions = {}) {}

  /** Ranks `sample`'s events under each indicator (samplePredictorRanks); returns the seconds it took. */
  add(sample: SampleResult): number {
    const t = performance.now();
    const ranks = samplePredictorRanks(sample, this.options);
    const n = sample.config.n;
    let size = this.#bySize.get(n);
    if (size === undefined) {
      size = { n, glasses: 0, events: Object.fromEntries(DIRECTIONS.map((d) => [d, 0])) as Record<Direction, number>, ranks: [], metrics: {}, notes: [] };
      this.#bySize.set(n, size);
      this.#specs.set(n, []);
    }
    this.#specs.get(n)!.push(sample.spec);
    size.glasses++;
    for (const e of sample.events) if (e.particle >= 0) size.events[e.direction]++;
    size.ranks.push({ id: sample.id, ranks });
    return (performance.now() - t) / 1000;
  }

  /** The sizes with their metrics (benchmarkMetrics over each size's glasses). */
  sizes(): SizePredictors[] {
    const xis = this.options.xis ?? PREDICTORS_DEFAULTS.xis;
    const sizes = [...this.#bySize.values()].sort((a, b) => a.n - b.n);
    for (const s of sizes) {
      s.metrics = benchmarkMetrics(s.ranks.map((r) => r.ranks), { xis });
      const pooled = pooledProtocolsNote(s.n, this.#specs.get(s.n)!, true, 'the metrics of this size');
      s.notes = pooled === null ? [] : [pooled];
    }
    return sizes;
  }
}

/**
 * The benchmark of an ensemble, grouped by N (ascending). Glasses are processed one at a
 * time (one factorization for w and one modes run each; a few seconds at N = 2000).
 */
export function ensemblePredictors(samples: readonly SampleResult[], options: EnsemblePredictorsOptions = {}): SizePredictors[] {
  const benchmark = new PredictorsBenchmark(options);
  let done = 0;
  for (const sample of samples) {
    const seconds = benchmark.add(sample);
    options.onGlass?.(++done, samples.length, sample, seconds);
  }
  return benchmark.sizes();
}

/** One entry of predictors.json: the metrics of one indicator, direction and ξ. */
export interface PredictorsJsonEntry {
  n: number; meanLambda: number; c01: number; auc: number; tiedEvents: number;
  /** Paired against P⁺ (pPlus), event by event. */
  better: number; worse: number; tied: number;
}

/** predictors.json: { <N>: { <indicator>: { <direction | 'all'>: { <ξ>: entry } } } }. */
export type PredictorsJson = Record<string, Record<string, Record<string, Record<string, PredictorsJsonEntry>>>>;

/**
 * predictors.json: { <N>: { <indicator>: { <direction | 'all'>: { <ξ>: { n, meanLambda, c01,
 * auc, tiedEvents, better, worse, tied } } } } }; better/worse/tied are against P⁺.
 */
export function predictorsJson(sizes: readonly SizePredictors[]): PredictorsJson {
  const out: PredictorsJson = {};
  for (const s of sizes) {
    const byName: PredictorsJson[string] = {};
    for (const [name, byDir] of Object.entries(s.metrics)) {
      const dirs: PredictorsJson[string][string] = {};
      for (const [dir, byXi] of Object.entries(byDir!)) {
        dirs[dir] = Object.fromEntries(Object.entries(byXi).map(([xi, m]) => [xi, {
          n: m.n, meanLambda: m.meanLambda, c01: m.c01, auc: m.auc, tiedEvents: m.tiedEvents, ...m.vsReference,
        }]));
      }
      byName[name] = dirs;
    }
    out[String(s.n)] = byName;
  }
  return out;
}

/** File name of a direction's figure: c-lambda-n<N>-<simple|pure><plus|minus>|all.svg. */
export function figureName(n: number, direction: Direction2D | 'all'): string {
  return `c-lambda-n${n}-${direction.replace('+', '-plus').replace(/-$/, '-minus')}.svg`;
}
