/**
 * The exponent toolkit of lib/stats applied to ensemble results (`softspot tails`): for
 * |c|, |dc/dγ| and |c·dc/dγ| of one shear mode, per glass size N: the tail fit with the
 * interval over glasses, the same interval with the soft-spot count as the sample size,
 * the Fréchet fit of the per-glass maxima, fits over fixed quantile windows; and, across
 * sizes, the finite-size scaling slope of the median per-glass maximum against the theory
 * m/5 (lib/stats/theory.ts). Formulas are in the lib/stats files named below.
 */
import { pooledProtocolsNote, type ProtocolSpec } from './protocols.js';
import {
  clusterInterval, countSoftSpots, fitFrechet, fitMaxScaling, fitQuantileWindows, fitTailOverGlasses, perGlassMaxima,
  FIELD_SCALING, THEORY_EXPONENTS, THEORY_MAX_SCALING,
  type ClusterInterval, type FrechetFit, type GlassTailFit, type MaxScaling, type QuantileWindowFit,
} from '../stats/index.js';
import { shearModes } from '../space/directions.js';
import type { InvalidSample, SampleResult } from './types.js';
import { readSampleBonds, type SampleBonds } from './hdf5.js';
import { eachSample, type SampleRepeat } from './sample-stream.js';
import { sumRule } from './sum-rule.js';
import { ArgumentRangeError } from '../errors.js';

/** The three fields, in table order. */
export const TAIL_FIELDS = ['c', 'dcdg', 'cdcdg'] as const;
export type TailField = (typeof TAIL_FIELDS)[number];

/** Defaults of {@link EnsembleTailsOptions}. */
export const TAILS_DEFAULTS = Object.freeze({ mode: 'simple' as TailMode, quantiles: [0.5, 0.9, 0.99] as readonly number[], bootstrap: 1000, seed: 1, level: 0.95 });

/** Shear modes of dc/dγ: simple, pure (2D and 3D), simple-xz, simple-yz (3D samples only). */
export const TAIL_MODES = Object.freeze(shearModes(3) as Array<'simple' | 'pure' | 'simple-xz' | 'simple-yz'>);
export type TailMode = (typeof TAIL_MODES)[number];

export interface EnsembleTailsOptions {
  /** Shear mode of dc/dγ (default 'simple'). */
  mode?: TailMode;
  /** Quantiles of the fixed windows (default 0.5, 0.9, 0.99). */
  quantiles?: readonly number[];
  /** Bootstrap resamples of every interval (default 1000). */
  bootstrap?: number;
  /** Seed of the bootstrap streams (default 1). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** One glass size of one field. A fit that the data do not allow is null, with the reason in `notes`. */
export interface SizeTails {
  n: number;
  glasses: number;
  /** CSN fit, x_min by KS, interval over glasses (`fitTailOverGlasses`). */
  fit: GlassTailFit | null;
  /** The interval of `fit` with the soft-spot count as sample size (`clusterInterval`). */
  softSpots: ClusterInterval | null;
  /** Fréchet fit of the per-glass maxima of |x| (`fitFrechet`); its `alpha` estimates the same exponent. */
  frechet: FrechetFit | null;
  /** Fits at fixed quantile windows (`fitQuantileWindows`). */
  windows: QuantileWindowFit[] | null;
  notes: string[];
}

export interface FieldTails {
  field: TailField;
  /** Theory: tail exponent 1 + 5/m and growth m/5 of the per-glass maximum. */
  theory: { m: number; alpha: number; maxSlope: number };
  sizes: SizeTails[];
  /** Slope of ln(median per-glass max) against ln N (`fitMaxScaling`); null with fewer than 2 sizes, or when it fails (`notes` says why). */
  maxScaling: MaxScaling | null;
  /** What kept `maxScaling` from being fitted, if anything (the notes of each size are in `sizes`). */
  notes: string[];
}

/**
 * What the toolkit reads of a sample: its size, bonds and fields (a SampleResult is one,
 * and so is what readTailSamples keeps; scripts/finite-size/ builds them from its own files).
 */
export type TailSample = { spec: ProtocolSpec; id?: string } & Pick<SampleResult, 'i' | 'j' | 'c'> & { dcdg: Partial<Record<string, Float64Array>> };

/**
 * The sizes whose glasses come from several preparation protocols, with the note that says
 * so (pooledProtocolsNote; the tails of c and dc/dγ do not depend on the event protocol).
 */
export function pooledProtocolNotes(samples: readonly Pick<TailSample, 'spec'>[]): Map<number, string> {
  const specs = new Map<number, ProtocolSpec[]>();
  for (const s of samples) specs.set(s.spec.n, [...(specs.get(s.spec.n) ?? []), s.spec]);
  const notes = new Map<number, string>();
  for (const [n, group] of specs) {
    const note = pooledProtocolsNote(n, group, false, 'this size\'s fits');
    if (note !== null) notes.set(n, note);
  }
  return notes;
}

/** A sample as readTailSamples keeps it: {@link SampleBonds} and the relative error of its sum rule Σc = d(N − 1). */
export type TailInput = SampleBonds & { sumRuleError: number };

/**
 * Reads the complete samples of the results directories one at a time, keeping of each
 * only what the toolkit uses (readSampleBonds: bonds, c, dc/dγ of `mode`) and its sum-rule
 * error; invalid files are listed, not read. `onSample(done, total)` after each sample.
 * Memory: 24 B per interaction (Int32 i, j; Float64 c, dc/dγ) and the fields' copies of
 * one ensembleTails call, instead of every array of every sample file.
 */
export async function readTailSamples(
  dirs: readonly string[], mode: TailMode, onSample?: (done: number, total: number) => void,
): Promise<{ samples: TailInput[]; invalid: InvalidSample[]; repeats: SampleRepeat[] }> {
  const samples: TailInput[] = [];
  const invalid: InvalidSample[] = [];
  const repeats: SampleRepeat[] = [];
  const read = async (path: string, id: string): Promise<TailInput> => {
    const s = await readSampleBonds(path, id, [mode]);
    return { ...s, sumRuleError: sumRule(s).relativeError };
  };
  for await (const s of eachSample(dirs, read, invalid, onSample, repeats)) samples.push(s);
  return { samples, invalid, repeats };
}

function values(s: TailSample, field: TailField, mode: TailMode): Float64Array {
  if (field === 'c') return s.c;
  const d = s.dcdg[mode];
  if (d === undefined) {
    throw new ArgumentRangeError(`mode: a sample has no dc/dγ of ${mode} (simple-xz and simple-yz exist for 3D glasses only)`);
  }
  return field === 'dcdg' ? d : d.map((x, a) => x * s.c[a]);
}

/**
 * Glasses below which the 95 % intervals over glasses cover visibly less than 95 %: measured
 * by scripts/interval-coverage.ts (400 synthetic ensembles a size, seeded): the tail fit
 * (studentized) 92 % at 6 glasses, 95 % at 10 with x_min given; the Fréchet fit (basic, of
 * ln â) 90 % at 6, 94 % at 20. (The percentile intervals of earlier versions: 83 % and 65 %
 * at 6 glasses, 87 % for the Fréchet fit still at 20.) With x_min chosen by KS, as here, the
 * tail fit covers about 90 % at any number of glasses (the choice of x_min is not in it).
 */
export const FEW_GLASSES_FOR_INTERVALS = 10;

/** Glasses holding a tail below which its interval over glasses cannot bound α̂ (an audit: 2–3 glasses gave an interval narrower than the one of independent values): a note here, a warning in summary.json. */
export const FEW_TAIL_GLASSES = 5;

/**
 * The note for a fit without an interval over glasses (NaN): its tail lies in one glass, or
 * in so few that most resamples rest it on one (`fitTailOverGlasses`).
 */
function noIntervalNote(what: string, fit: GlassTailFit, bootstrap: number, remedy: string): string | null {
  const where = `${what}: the tail above x_min = ${fit.xmin.toPrecision(4)}`;
  if (fit.glassesInTail < 2) return `${where} lies in one glass, so there is no interval over glasses (NaN); ${remedy}`;
  if (bootstrap > 0 && fit.ci.some(Number.isNaN)) {
    return `${where} lies in ${fit.glassesInTail} of ${fit.nGlasses} glasses, too few for an interval over glasses (NaN: too many resamples hold it in one glass); ${remedy}`;
  }
  if (bootstrap > 0 && intervalRestsOnFewGlasses(fit)) {
    // (The NaN interval of a tail in few glasses has its note above.)
    return `${where} lies in ${fit.glassesInTail} of ${fit.nGlasses} glasses${narrowerThanIndependent(fit) ? `, and its interval over glasses ` +
      `[${fit.ci[0].toPrecision(3)}, ${fit.ci[1].toPrecision(3)}] is less than half as wide as one of independent values (± ${(1.96 * fit.se).toPrecision(2)})` : ''}: ` +
      `the tail rests on too few glasses for an interval over them to bound α̂; ${remedy}`;
  }
  return null;
}

/**
 * Whether an interval over glasses is less than half as wide as ± 1.96 se of independent
 * values: a tail carried by a few glasses (an audit: KA |dc/dγ| pure, [2.76, 2.88] against
 * [2.70, 2.97]). Half, not equal: with independent values the two widths agree up to the
 * jackknife's noise (~1/√(2G)), so "narrower" alone would flag sound ensembles.
 */
function narrowerThanIndependent(fit: Pick<GlassTailFit, 'ci' | 'se'>): boolean {
  return fit.ci[1] - fit.ci[0] < 0.5 * 2 * 1.96 * fit.se;
}

/**
 * Whether a tail fit rests on too few glasses for an interval over them to bound α̂: fewer
 * than FEW_TAIL_GLASSES hold the tail (whose interval is then mostly NaN: most resamples
 * hold it in one glass), or the interval came out less than half as wide as the one of
 * independent values (about as wide with independent values, wider with soft spots). A note
 * in `softspot tails`, a warning in summary.json.
 */
export function intervalRestsOnFewGlasses(fit: Pick<GlassTailFit, 'ci' | 'se' | 'glassesInTail'>): boolean {
  const finite = Number.isFinite(fit.ci[0]) && Number.isFinite(fit.ci[1]);
  return fit.glassesInTail < FEW_TAIL_GLASSES || (finite && narrowerThanIndependent(fit));
}

/** What a fit of lib/stats refused, as a note: without the name of the toolkit's argument (perGlass, maxima, groups[0].maxima), which `tails` has none of. */
const reason = (what: string, error: unknown): string =>
  `${what}: ${(error instanceof Error ? error.message : String(error)).replace(/^(perGlass|maxima|groups)(\[\d+\])?(\.\w+)?: /, '')}`;

/** The toolkit on samples grouped by N (see the file header). */
export function ensembleTails(samples: readonly TailSample[], options: EnsembleTailsOptions = {}): FieldTails[] {
  const o = { ...TAILS_DEFAULTS, ...options };
  const bySize = new Map<number, TailSample[]>();
  for (const s of samples) bySize.set(s.spec.n, [...(bySize.get(s.spec.n) ?? []), s]);
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  const pooledBySize = pooledProtocolNotes(samples);
  return TAIL_FIELDS.map((field) => {
    // The per-glass maxima of each size, kept for the N-scaling (the values themselves are not).
    const maximaBySize: Array<{ n: number; maxima: Float64Array }> = [];
    const rows: SizeTails[] = sizes.map((n) => {
      const group = bySize.get(n)!;
      const perGlass = group.map((s) => values(s, field, o.mode));
      const row: SizeTails = { n, glasses: group.length, fit: null, softSpots: null, frechet: null, windows: null, notes: [] };
      const pooled = pooledBySize.get(n);
      if (pooled !== undefined) row.notes.push(pooled);
      const common = { bootstrap: o.bootstrap, seed: o.seed, level: o.level };
      try {
        row.fit = fitTailOverGlasses(perGlass, common);
        const note = noIntervalNote('tail fit', row.fit, o.bootstrap, 'compute more glasses');
        if (note !== null) row.notes.push(note);
        const spots = countSoftSpots(group.map((s, g) => ({ i: s.i, j: s.j, values: perGlass[g] })), row.fit.xmin);
        row.softSpots = clusterInterval(row.fit.alpha, spots.sizes, o.level);
      } catch (e) { row.notes.push(reason('tail fit', e)); }
      try {
        const all = perGlassMaxima(perGlass);
        // A glass whose field is zero everywhere has no maximum on a log scale: named, left out.
        const zero = group.flatMap((s, g) => (all[g] === 0 ? [s.id ?? `glass ${g + 1} of N = ${n}`] : []));
        if (zero.length > 0) {
          row.notes.push(`${zero.length === 1 ? `${zero[0]} is` : `${zero.length} glasses are (${zero.join(', ')})`} zero everywhere (largest |x| = 0): left out of the Fréchet fit and the N-scaling`);
        }
        const maxima = all.filter((m) => m > 0);
        // One glass has no spread of its maximum: the size is left out of the N-scaling.
        if (maxima.length >= 2) maximaBySize.push({ n, maxima });
        else row.notes.push(`N-scaling: N = ${n} has ${maxima.length === 1 ? '1 glass, whose maximum has' : 'no glass with a maximum > 0, so it has'} no interval; left out of the slope`);
        row.frechet = fitFrechet(maxima, common);
      } catch (e) { row.notes.push(reason('Fréchet fit', e)); }
      try {
        row.windows = fitQuantileWindows(perGlass, o.quantiles, common);
        for (const w of row.windows) {
          const note = noIntervalNote(`window q = ${w.quantile}`, w, o.bootstrap, 'a lower q (--quantiles) or more glasses give one');
          if (note !== null) row.notes.push(note);
        }
      } catch (e) { row.notes.push(reason('quantile windows', e)); }
      if (group.length < FEW_GLASSES_FOR_INTERVALS) {
        row.notes.push(`${group.length} glass${group.length === 1 ? '' : 'es'}: the 95 % intervals over glasses cover less with so few glasses ` +
          '(scripts/interval-coverage.ts, synthetic clustered tails: the tail fit 92 % and the Fréchet fit 90 % at 6 glasses)');
      }
      return row;
    });
    let maxScaling: MaxScaling | null = null;
    const notes: string[] = [];
    if (maximaBySize.length >= 2) {
      try {
        maxScaling = fitMaxScaling(maximaBySize, { bootstrap: o.bootstrap, seed: o.seed, level: o.level });
      } catch (e) { notes.push(reason('N-scaling', e)); }
    }
    return { field, theory: { m: FIELD_SCALING[field], alpha: THEORY_EXPONENTS[field], maxSlope: THEORY_MAX_SCALING[field] }, sizes: rows, maxScaling, notes };
  });
}
