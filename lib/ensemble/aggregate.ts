/**
 * Aggregation of a results directory (re-runnable at any time, e.g. `softspot figures`):
 *
 *   events.csv     one row per sample × direction: the event and its ranks λ (ξ = 5) for
 *                  |c|, P⁺ and P⁻ (docs/design.md §7; λ = NaN when the event is missing)
 *   summary.json   counts and failures, tail exponents (MLE, x_min by KS) of |dc/dγ|,
 *                  |c·dc/dγ| and c against the theory, C(λ) summaries, Err percentiles
 *                  (when validated), throughput and per-stage times
 *   figures/       the statistics figures (lib/plot `ensembleFigures`), SVG and PNG
 *   report.html    a self-contained page: figures, tables, interactive bond-field viewer, and
 *                  the structural-indicator benchmark when <results-dir>/predictors/ holds
 *                  what `softspot predictors` wrote
 *
 * The samples are read one at a time and reduced as they come (their events, ranks at each
 * bin size, sums and timings); what stays in memory is c and dc/dγ of the two 2D shear
 * modes of every interaction (the pooled values of the tail fits and Fig. 2: 24 bytes per
 * interaction), a validated sample's Err values (8 bytes per interaction and shear mode,
 * for the summary's percentiles and Fig. S1) and the few samples the figures and the
 * report's viewer show; see
 * docs/ensemble.md for sizes. A file under samples/ that is not a complete sample (empty,
 * truncated, ...) is left out and listed, with what is wrong, in `invalid` and
 * summary.json's `samples.invalid`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FileWriteError, formatCsvNumber, writeError, writeFileAtomic } from '../io/index.js';
import { ensembleFiguresOf, figureBinSizes, FIGURE_NAMES, type Fig2Fit, type Fig2Fits } from '../plot/index.js';
import { lengthUnitOf } from '../model/index.js';
import { MODES_2D, SHEAR_MODES } from '../space/index.js';
import {
  collectRanks, fitPowerLaw, fitTailOverGlasses, glassRanks, percentiles, predictability, THEORY_EXPONENTS, type GlassRanks, type GlassRecord, type PowerLawFit,
} from '../stats/index.js';
import { binShapeNd, largestBinSize } from '../stats/grid-nd.js';
import { MIN_RANK_BINS } from '../stats/glass-ranks.js';
import { InvalidSampleError, readSampleHdf5 } from './hdf5.js';
import { glassLabel, sampleModels, specModel } from './identity.js';
import { plannedIds, ResultsModelError } from './manifest.js';
import { SOFTWARE_VERSION, STAGES } from './pipeline.js';
import { renderReport } from './report.js';
import { readPredictorsForReport, renderPredictorsSection } from './report-predictors.js';
import { FEW_GLASSES_FOR_INTERVALS, FEW_TAIL_GLASSES, intervalRestsOnFewGlasses } from './tails.js';
import { activeWall } from './throughput.js';
import { failedIds, failurePath, readLog, samplePath, scanSamples } from './store.js';
import { sumRule } from './sum-rule.js';
import { createStaging } from './staging.js';
import {
  DIRECTIONS, type EnsembleSummary, type InvalidSample, type RankSummary, type SampleFailure, type SampleResult, type TailFit,
} from './types.js';

/** Defaults of {@link AggregateOptions}: bin size ξ of the ranks, samples in the report's viewer. */
export const AGGREGATE_DEFAULTS = Object.freeze({ xi: 5, viewerSamples: 8 });

export interface AggregateOptions {
  /** Where events.csv, summary.json, figures/ and report.html go (default: the results dir). */
  outDir?: string;
  /** Bin size ξ of the ranks (default: the ξ of the summary.json already in `outDir`, which `softspot figures --xi` chose, else 5). */
  xi?: number;
  /** Skip the figures (and their PNGs): faster, for tests of the tables. */
  figures?: boolean;
  /** Samples shown in the report's viewer (default 8). */
  viewerSamples?: number;
  /** Called after each sample file is read (done of total), e.g. progress on stderr. */
  onSample?: (done: number, total: number) => void;
}

export interface AggregateResult {
  samples: number;
  failed: number;
  /** Files under samples/ that are not complete samples: left out (rerun `softspot run` to recompute them). */
  invalid: InvalidSample[];
  eventsCsv: string;
  summaryJson: string;
  report: string;
  figures: string[];
  summary: EnsembleSummary;
}

const mean = (a: ArrayLike<number>): number => { let s = 0; for (let k = 0; k < a.length; k++) s += a[k]; return a.length ? s / a.length : NaN; };

/**
 * The summary's tail fit of the positive values (null below 100 of them), and the fit itself
 * for Fig. 2 with the interval over glasses. `bySample` cuts an array of the pooled layout
 * (sample after sample) into its samples' views; the interval over glasses is taken of
 * `positiveValues` (the values with the negative ones zeroed, which the glass fit leaves out,
 * as the pooled fit leaves out values ≤ 0) at the pooled fit's x_min.
 */
function tail(values: Float64Array, theory: number, bySample: (pooledLayout: Float64Array) => Float64Array[], positiveValues: Float64Array = values):
  { summary: TailFit; fit: Fig2Fit } | null {
  let positive = 0, finite = true;
  for (let a = 0; a < values.length; a++) {
    if (values[a] > 0) positive++;
    if (!Number.isFinite(values[a])) finite = false;
  }
  // fitPowerLaw ignores values ≤ 0 itself; a copy without the non-finite ones only if there are any
  const v = finite ? values : values.filter((x) => x > 0 && Number.isFinite(x));
  if ((finite ? positive : v.length) < 100) return null;
  let f: PowerLawFit;
  try {
    f = fitPowerLaw(v, TAIL_FIT);
  } catch {
    return null;
  }
  let over: { ci: [number, number]; nGlasses: number; glassesInTail: number } = { ci: [NaN, NaN], nGlasses: 0, glassesInTail: 0 };
  // Non-finite values, left out of the pooled fit above, are left out of the glasses' too (zero: not a magnitude).
  const glassValues = finite ? positiveValues : positiveValues.map((x) => (Number.isFinite(x) ? x : 0));
  try {
    over = fitTailOverGlasses(bySample(glassValues), { xmin: f.xmin, bootstrap: TAIL_FIT_GLASSES.bootstrap, seed: TAIL_FIT_GLASSES.seed });
  } catch { /* no two distinct magnitudes at x_min in the glasses' values: no interval over glasses */ }
  return {
    summary: { alpha: f.alpha, se: f.se, ci: over.ci, ciValues: f.ci, glasses: over.nGlasses, glassesInTail: over.glassesInTail, xmin: f.xmin, ntail: f.ntail, n: f.n, theory },
    // Fig. 2's legend gives the interval over glasses too, and no ± of independent values when there is none.
    fit: { ...f, ci: over.ci, se: NaN, ciOver: 'glasses' },
  };
}

/** The bootstrap over glasses of the summary's tail fits (lib/stats/glass-tails.ts; O(B·G), cheap). */
const TAIL_FIT_GLASSES = Object.freeze({ bootstrap: 1000, seed: 1 });

/** Options of every tail fit of the summary and of Fig. 2 (one fit serves both). */
const TAIL_FIT = Object.freeze({ bootstrap: 100, bootstrapFixXmin: true, seed: 1 });

const EMPTY = new Float64Array(0);

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
  let o = 0;
  for (const a of arrays) { out.set(a, o); o += a.length; }
  return out;
}

/** Ranks λ of a sample's events for |c|, P⁺, P⁻ of their direction (NaN where no event was found). */
export function sampleRanks(r: SampleResult, xi: number = AGGREGATE_DEFAULTS.xi): Record<string, { absC: number; pPlus: number; pMinus: number }> {
  const own = glassRanks(glassRecord(r), xi).own;
  return Object.fromEntries(r.events.map((e) => [e.direction, own[e.direction] ?? { absC: NaN, pPlus: NaN, pMinus: NaN }]));
}

export function glassRecord(r: SampleResult): GlassRecord {
  const events: GlassRecord['events'] = {};
  for (const e of r.events) if (e.particle >= 0) events[e.direction] = { particle: e.particle, position: r.config.dim === 3 ? [e.x, e.y, e.z ?? NaN] : [e.x, e.y] };
  return { cell: r.config.cell, positions: r.config.positions, i: r.i, j: r.j, c: r.c, dcdg: r.dcdg, events };
}

const EVENT_COLUMNS = [
  'sample_id', 'n', 'seed', 'direction', 'gamma_c', 'gamma_lo', 'gamma_hi', 'particle', 'x', 'y', 'energy_drop', 'stress_drop', 'max_displacement',
  'lambda_abs_c', 'lambda_p_plus', 'lambda_p_minus', 'model', 'dim', 'z', 'sum_c', 'sum_rule_error', 'glass',
];

/** A CSV field: quoted (with quotes doubled) when it holds a comma, a quote or a line break. */
const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export { sumRule };

/**
 * What aggregation keeps of one sample once it is read: everything but its arrays, its
 * events' ranks at each bin size, and c, dc/dγ(simple, pure) for the pooled fits.
 */
interface SampleDigest {
  sample: Omit<SampleResult, 'i' | 'j' | 'c' | 'dcdg' | 'config'> & { config: Pick<SampleResult['config'], 'n' | 'dim' | 'cell'> };
  ranks: Map<number, GlassRanks>;
  fields: { c: Float64Array; simple: Float64Array; pure: Float64Array };
}

/**
 * What the summary.json an earlier aggregation left in `outDir` says, if there is a readable
 * one: its ξ (`predictability.xi`: `softspot figures --xi 2.4` chose it, and a later
 * aggregation without a ξ of its own — a resumed run, predictors' report, figures — went
 * back to 5, rewriting events.csv and the figures) and its number of samples (0 when none).
 */
async function previousAggregate(outDir: string): Promise<{ xi?: number; finished: number }> {
  let summary: { predictability?: { xi?: unknown }; samples?: { finished?: unknown } } | null;
  try {
    summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as typeof summary;
  } catch {
    return { finished: 0 }; // none yet, or not ours to read
  }
  const xi = summary?.predictability?.xi, finished = summary?.samples?.finished;
  return {
    ...(typeof xi === 'number' && Number.isFinite(xi) && xi > 0 ? { xi } : {}),
    finished: typeof finished === 'number' && Number.isInteger(finished) && finished > 0 ? finished : 0,
  };
}

/**
 * No sample file of the directory is valid (truncated, foreign, unreadable): the aggregation
 * writes nothing, so that the aggregate of an earlier one (the only record of samples that
 * were lost since) stays as it is.
 */
export class NoValidSamplesError extends Error {
  readonly code = 'ERR_SOFTSPOT_NO_VALID_SAMPLES';
  constructor(readonly root: string, message: string) {
    super(message);
    this.name = 'NoValidSamplesError';
  }
}

/** Order of samples in every table and of the pooled values: N, then seed, then id. */
const bySample = (a: Pick<SampleResult, 'spec' | 'id'>, b: Pick<SampleResult, 'spec' | 'id'>): number =>
  a.spec.n - b.spec.n || (a.spec.seed ?? -1) - (b.spec.seed ?? -1) || a.id.localeCompare(b.id);

/**
 * The ensemble's results from its finished samples (read once each): events.csv,
 * summary.json, the figures and report.html in `options.outDir` (default the results
 * directory), written as one set: into a staging directory, then moved into place together
 * (./staging.ts), so an interrupted aggregation leaves the previous set whole. Refuses a
 * directory of samples of two models.
 */
export async function aggregate(resultsDir: string, options: AggregateOptions = {}): Promise<AggregateResult> {
  const outDir = options.outDir ?? resultsDir;
  const previous = await previousAggregate(outDir);
  // A later aggregation (a resumed run, predictors' report) keeps the ξ chosen before.
  const xi = options.xi ?? previous.xi ?? AGGREGATE_DEFAULTS.xi;
  const withFigures = options.figures ?? true;
  const binSizes = withFigures ? figureBinSizes({ xi }).all : [xi];
  const viewerCount = options.viewerSamples ?? AGGREGATE_DEFAULTS.viewerSamples;
  await mkdir(outDir, { recursive: true }).catch((error: unknown) => { throw writeError(outDir, error); });
  const { digests, shown, invalid } = await readDigests(resultsDir, binSizes, viewerCount, options.onSample);
  // The aggregate this one replaces, when it is the results directory's own (an --out elsewhere may hold another directory's).
  const before = resolve(outDir) === resolve(resultsDir) ? previous.finished : 0;
  if (digests.length === 0 && invalid.length > 0) {
    throw new NoValidSamplesError(resultsDir, `${resultsDir}: none of its ${invalid.length} sample file${invalid.length === 1 ? ' is' : 's is'} valid ` +
      `(${invalid[0]!.path}: ${invalid[0]!.reason}${invalid.length > 1 ? '; …' : ''}); nothing was written` +
      `${before > 0 ? `, and the aggregate of ${before} samples already in ${outDir} (events.csv, summary.json, report.html) is kept` : ''}: ` +
      'restore the files (a copy, the file system), or move them out of samples/ and rerun softspot run to compute them again');
  }
  if (digests.length === 0 && before > 0) {
    // No sample file at all where an aggregate of some stands (the files were moved or deleted,
    // or a run's recomputation of damaged ones failed): that aggregate is the only record left.
    throw new NoValidSamplesError(resultsDir, `${resultsDir}: samples/ holds no complete sample, but the aggregate in ${outDir} ` +
      `(events.csv, summary.json, report.html) is of ${before}; nothing was written and it is kept: restore the sample files, ` +
      'or rerun softspot run to compute them again');
  }
  // The outputs are written into a staging directory and moved into place together at the
  // end: an interrupted aggregation leaves the previous set whole (./staging.ts).
  const staging = await createStaging(outDir);
  try {
    const result = await writeAggregation(resultsDir, staging.dir, digests, shown, invalid, { xi, withFigures, binSizes, viewerCount, before });
    await staging.commit(['summary.json', 'report.html']);
    return { ...result, eventsCsv: join(outDir, 'events.csv'), summaryJson: join(outDir, 'summary.json'), report: join(outDir, 'report.html'), figures: result.figures.map(staging.finalPath) };
  } catch (error) {
    await staging.discard();
    // A write that failed in the staging directory (a full disk) is told about the file the user knows.
    if (error instanceof FileWriteError && error.path.startsWith(staging.dir)) throw error.about(staging.finalPath(error.path));
    throw error;
  }
}

/** The outputs of an aggregation, written into `outDir` (the staging directory of `aggregate`). */
async function writeAggregation(
  resultsDir: string, outDir: string, digests: SampleDigest[], shown: SampleResult[], invalid: Array<{ id: string; path: string; reason: string }>,
  { xi, withFigures, binSizes, viewerCount, before }: { xi: number; withFigures: boolean; binSizes: readonly number[]; viewerCount: number; before: number },
): Promise<AggregateResult> {
  const samples = digests.map((d) => d.sample);
  // One model per results directory (ensemble.json guards runs; a lost or edited one does not): never pool two.
  const models = sampleModels(samples);
  if (models.labels.length > 1) {
    throw new ResultsModelError(resultsDir, `${resultsDir}: the samples are glasses of ${models.labels.length} models (${models.list}); ` +
      'a results directory holds one model: move the samples of the others out (their files name the model); nothing was written');
  }
  const failures: SampleFailure[] = [];
  for (const id of await failedIds(resultsDir)) {
    try { failures.push(JSON.parse(await readFile(failurePath(resultsDir, id), 'utf8')) as SampleFailure); } catch { /* being rewritten */ }
  }
  // One glassRanks per sample and bin size serves the table, the summary's C(λ) and Figs. 4, S2, S3.
  const perGlass = digests.map((d) => d.ranks.get(xi)!);
  const eventsCsv = join(outDir, 'events.csv');
  await writeFileAtomic(eventsCsv, eventsCsvText(samples, perGlass));
  const log = await readLog(resultsDir); // read once: the active wall time and the runs' plans
  const { summary, pooled, fits } = summarize(digests, perGlass, failures, invalid, xi, activeWall(log));
  const missing = await unaccountedSamples(resultsDir, [...samples.map((x) => x.id), ...failures.map((f) => f.id), ...invalid.map((x) => x.id)], log);
  if (missing.count > 0) {
    // Failed on the queue (attempts spent before a sample ran) leaves no file: said, not read as "0 failed".
    summary.warnings.push(`${missing.count} of the ${missing.planned} samples the runs into this directory planned (ensemble.json: ${missing.first}${missing.count > 1 ? ', …' : ''}) ` +
      'have neither a result nor a failure record: still being computed, stopped before they finished, or failed on a job queue (softspot run printed why); ' +
      'rerun the command that planned them to compute them');
  }
  const twice = samplesOfOneGlass(digests);
  if (twice !== undefined) {
    summary.warnings.push(`${twice.count} glass file${twice.count === 1 ? ' has' : 's have'} more than one sample here (e.g. ${twice.label}: ${twice.ids.join(', ')}), ` +
      'and each counts in these statistics: the file changed between runs, was run with and without --minimize, or was read differently by another softspot version ' +
      '(a GSD file whose type names were matched with their case before 2026-12-07); keep the one you mean (move the others\' samples/ID.h5 out of the directory) or recompute into a new --out');
  }
  if (samples.length < before) {
    summary.warnings.push(`this aggregate holds ${samples.length} sample${samples.length === 1 ? '' : 's'}, the one it replaced ${before}` +
      `${invalid.length > 0 ? ` (${invalid.length} sample file${invalid.length === 1 ? ' is' : 's are'} not valid now: see samples.invalid)` : ' (sample files were moved out or deleted)'}; ` +
      'the earlier events.csv, summary.json and report.html are gone: restore the files and rerun softspot figures, or rerun softspot run to compute them again');
  }
  const summaryJson = join(outDir, 'summary.json');
  await writeFileAtomic(summaryJson, JSON.stringify(summary, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  const { figures, figureSvgs } = withFigures && samples.length > 0
    ? await writeFigures(join(outDir, 'figures'), digests, shown[0]!, pooled, fits, binSizes, xi)
    : { figures: [], figureSvgs: [] };
  const predictors = await readPredictorsForReport(resultsDir);
  const predictorsHtml = predictors === undefined ? undefined : renderPredictorsSection(predictors, xi);
  const report = join(outDir, 'report.html');
  await writeFileAtomic(report, renderReport(summary, shown.slice(0, viewerCount), figureSvgs, predictorsHtml));
  return { samples: samples.length, failed: failures.length, invalid, eventsCsv, summaryJson, report, figures, summary };
}

/** Glass files (a path and frame) of which more than one sample is here: how many, and the first with its sample ids. */
function samplesOfOneGlass(digests: readonly SampleDigest[]): { count: number; label: string; ids: string[] } | undefined {
  const byGlass = new Map<string, string[]>();
  for (const { sample } of digests) {
    if (sample.glassPath === undefined) continue;
    const label = glassLabel(sample.glassPath, sample.glassFrame);
    byGlass.set(label, [...(byGlass.get(label) ?? []), sample.id]);
  }
  const repeated = [...byGlass].filter(([, ids]) => ids.length > 1);
  return repeated.length === 0 ? undefined : { count: repeated.length, label: repeated[0]![0], ids: repeated[0]![1] };
}

/**
 * Every finished sample read once, one at a time: its digest (the sample without its
 * per-bond arrays, its ranks at each bin size, its fields c, dc/dγ for the pooled tails) and
 * the first max(1, viewerCount) samples whole (the maps and the viewer), both in table
 * order; a sample file that is not whole goes to `invalid`.
 */
async function readDigests(resultsDir: string, binSizes: readonly number[], viewerCount: number, onSample?: (read: number, total: number) => void):
  Promise<{ digests: SampleDigest[]; shown: SampleResult[]; invalid: Array<{ id: string; path: string; reason: string }> }> {
  const { done: ids, invalid } = await scanSamples(resultsDir);
  const digests: SampleDigest[] = [];
  const shown: SampleResult[] = []; // the max(1, viewerCount) first samples in table order
  let read = 0;
  for (const id of ids) {
    let r: SampleResult;
    try {
      r = await readSampleHdf5(samplePath(resultsDir, id), id);
    } catch (error) {
      if (!(error instanceof InvalidSampleError)) throw error;
      invalid.push({ id, path: error.path, reason: error.reason });
      continue;
    } finally {
      onSample?.(++read, ids.length);
    }
    const record = glassRecord(r);
    const { i: _i, j: _j, c, dcdg, config, ...rest } = r;
    digests.push({
      sample: { ...rest, config: { n: config.n, dim: config.dim, cell: config.cell } },
      ranks: new Map(binSizes.map((x) => [x, glassRanks(record, x)])),
      fields: { c, simple: dcdg.simple, pure: dcdg.pure },
    });
    shown.push(r);
    shown.sort(bySample);
    if (shown.length > Math.max(1, viewerCount)) shown.pop();
  }
  invalid.sort((a, b) => a.id.localeCompare(b.id));
  digests.sort((a, b) => bySample(a.sample, b.sample));
  return { digests, shown, invalid };
}

/** events.csv: one row per sample and direction (EVENT_COLUMNS), λ of the event's particle at the glass's ranks `perGlass`. */
function eventsCsvText(samples: readonly SampleDigest['sample'][], perGlass: readonly GlassRanks[]): string {
  const rows = [EVENT_COLUMNS.join(',')];
  samples.forEach((s, k) => {
    for (const e of s.events) {
      const l = perGlass[k]!.own[e.direction] ?? { absC: NaN, pPlus: NaN, pMinus: NaN };
      const m = specModel(s.spec);
      rows.push([s.id, s.spec.n, s.spec.seed, e.direction, e.gammaC, e.gammaLo, e.gammaHi, e.particle, e.x, e.y, e.energyDrop, e.stressDrop, e.maxDisplacement, l.absC, l.pPlus, l.pMinus,
        m.model, m.dim, e.z ?? '', s.sumC, sumRule(s).relativeError, s.glassPath === undefined ? '' : glassLabel(s.glassPath, s.glassFrame)]
        .map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : formatCsvNumber(v)) : csvField(v ?? ''))).join(','));
    }
  });
  return rows.join('\n') + '\n';
}

/**
 * summary.json from the digests (a pure function of them, the failures and the log's
 * wall clock), with the pooled fields and the tail fits the figures draw. The digests'
 * per-sample fields are let go once pooled.
 */
function summarize(digests: SampleDigest[], perGlass: readonly GlassRanks[], failures: readonly SampleFailure[],
  invalid: EnsembleSummary['samples']['invalid'], xi: number, log: { wallSeconds: number | null; done: number }):
  { summary: EnsembleSummary; pooled: { c: Float64Array; dcdg: { simple: Float64Array; pure: Float64Array } }; fits: Fig2Fits } {
  const samples = digests.map((d) => d.sample);
  const ranks = collectRanks(perGlass, xi);
  const grid = Array.from({ length: 21 }, (_, k) => k / 20);
  const rankSummary = (v: Float64Array | undefined): RankSummary | null => {
    if (v === undefined || v.length === 0) return null;
    const p = predictability(v, { grid: Float64Array.from(grid) });
    return { n: p.n, meanLambda: p.meanLambda, c01: p.c01, cdf: Array.from(p.cdf) };
  };
  const params = new Map<string, EnsembleSummary['parameters'][number]>();
  for (const s of samples) {
    const m = specModel(s.spec);
    // A glass read from a file has no preparation: 'glass files' in its place.
    const prepare = s.spec.prepare ?? (s.spec.glass !== undefined ? 'glass files' : null);
    const key = JSON.stringify([m.model, m.dim, s.spec.n, prepare, s.spec.events, s.spec.validate]);
    const p = params.get(key) ?? { model: m.model, dim: m.dim, n: s.spec.n, prepare, events: s.spec.events, validate: s.spec.validate, samples: 0 };
    p.samples++;
    params.set(key, p);
  }
  const events: EnsembleSummary['events'] = {};
  for (const d of DIRECTIONS) {
    const ev = samples.map((s) => s.events.find((e) => e.direction === d)).filter((e) => e !== undefined && e.particle >= 0);
    const g = Float64Array.from(ev, (e) => e!.gammaC);
    events[d] = {
      found: ev.length, missing: samples.length - ev.length,
      gammaC: g.length ? (([p10, median, p90]) => ({ mean: mean(g), p10, median, p90 }))(Array.from(percentiles(g, [10, 50, 90]))) : null,
      meanEnergyDrop: mean(Float64Array.from(ev, (e) => e!.energyDrop)),
    };
  }
  // the pooled values, in table order; each field's per-sample arrays are let go once copied
  const pool = (field: keyof SampleDigest['fields']): Float64Array => {
    const out = concat(digests.map((d) => d.fields[field]));
    for (const d of digests) d.fields[field] = EMPTY;
    return out;
  };
  const lengths = digests.map((d) => d.fields.c.length); // one sample's bonds, before pool lets the fields go
  const pooled = { c: pool('c'), dcdg: { simple: pool('simple'), pure: pool('pure') } };
  const perSample = (a: Float64Array): Float64Array[] => {
    let o = 0;
    return lengths.map((len) => a.subarray(o, (o += len)));
  };
  const scratch = new Float64Array(pooled.c.length); // max(c, 0), then |dc/dγ| and |c·dc/dγ| of one mode
  for (let a = 0; a < scratch.length; a++) scratch[a] = pooled.c[a] > 0 ? pooled.c[a] : 0;
  const fitC = tail(pooled.c, THEORY_EXPONENTS.c, perSample, scratch);
  const tails: EnsembleSummary['tails'] = { dcdg: {}, cdcdg: {}, c: fitC?.summary ?? null };
  const fits: Fig2Fits = { dcdg: {}, cdcdg: {} };
  for (const mode of MODES_2D) {
    const d = pooled.dcdg[mode];
    for (let a = 0; a < d.length; a++) scratch[a] = Math.abs(d[a]);
    const fitD = tail(scratch, THEORY_EXPONENTS.dcdg, perSample);
    for (let a = 0; a < d.length; a++) scratch[a] = Math.abs(d[a] * pooled.c[a]);
    const fitCd = tail(scratch, THEORY_EXPONENTS.cdcdg, perSample);
    tails.dcdg[mode] = fitD?.summary ?? null;
    tails.cdcdg[mode] = fitCd?.summary ?? null;
    if (fitD) fits.dcdg![mode] = fitD.fit;
    if (fitCd) fits.cdcdg![mode] = fitCd.fit;
  }
  let validation: EnsembleSummary['validation'] = null;
  const validated = samples.filter((s) => s.validation);
  if (validated.length) {
    validation = {};
    for (const mode of SHEAR_MODES) {
      const err = concat(validated.map((s) => s.validation!.modes[mode]?.err ?? new Float64Array(0))).filter(Number.isFinite);
      if (!err.length) continue;
      const [median, p90, p99] = percentiles(err, [50, 90, 99]);
      validation[mode] = { count: err.length, median, p90, p99, fractionBelow1em2: err.filter((x) => x < 1e-2).length / err.length };
    }
  }
  const meanStageSeconds: Record<string, number> = {};
  for (const st of [...STAGES, 'total']) {
    const v = samples.map((s) => s.timings[st]).filter((x) => typeof x === 'number');
    if (v.length) meanStageSeconds[st] = mean(v) / 1000;
  }
  const { wallSeconds, done: doneCount } = log;
  const bins = samples.length ? binShapeNd(Float64Array.from(samples[0].config.cell), xi) : null;
  // Glasses whose ξ-grid is too coarse for λ (glassRanks leaves them out), and the ξ that would do for all.
  const coarse = perGlass.filter((g) => Math.min(...g.bins) < MIN_RANK_BINS).length;
  const fineXi = samples.length ? Math.min(...samples.map((s) => largestBinSize(Float64Array.from(s.config.cell), MIN_RANK_BINS))) : Infinity;
  const summary: EnsembleSummary = {
    generatedAt: new Date().toISOString(),
    softwareVersion: SOFTWARE_VERSION,
    samples: { finished: samples.length, failed: failures.length, failures: failures.map((f) => ({ id: f.id, stage: f.stage, message: f.message })), invalid },
    parameters: [...params.values()],
    sumRule: (() => {
      const errors = samples.map((x) => sumRule(x).relativeError);
      return { samples: errors.length, maxRelativeError: errors.length ? Math.max(...errors) : null, meanRelativeError: errors.length ? mean(errors) : null };
    })(),
    events,
    tails,
    predictability: {
      xi,
      bins,
      grid,
      directions: Object.fromEntries(DIRECTIONS.map((d) => [d, { absC: rankSummary(ranks.directions[d].absC), pPlus: rankSummary(ranks.directions[d].pPlus), pMinus: rankSummary(ranks.directions[d].pMinus) }])),
      // Every (p, d) of the other mode, null where nothing was ranked (it was {} then, while the own entries were null).
      cross: Object.fromEntries(DIRECTIONS.map((p) => [p, Object.fromEntries(DIRECTIONS.filter((d) => d.slice(0, -1) !== p.slice(0, -1))
        .map((d) => [d, rankSummary(ranks.directions[p].cross[d])]))])),
    },
    validation,
    throughput: {
      samplesTimed: samples.length,
      meanStageSeconds,
      meanSampleSeconds: meanStageSeconds.total ?? NaN,
      wallSeconds,
      samplesPerHour: wallSeconds && doneCount ? (doneCount / wallSeconds) * 3600 : null,
    },
    warnings: summaryWarnings(samples.length, bins, xi, [...params.values()], namedTails(tails), { glasses: coarse, fineXi }),
  };
  return { summary, pooled, fits };
}

/** The ensemble's figures (SVG and PNG) in `figDir`, and the SVGs the report embeds. */
async function writeFigures(figDir: string, digests: readonly SampleDigest[], first: SampleResult, pooled: { c: Float64Array; dcdg: { simple: Float64Array; pure: Float64Array } },
  fits: Fig2Fits, binSizes: readonly number[], xi: number): Promise<{ figures: string[]; figureSvgs: Array<{ name: string; svg: string; caption?: string }> }> {
  const samples = digests.map((d) => d.sample);
  const validated = samples.filter((s) => s.validation);
  // The paper's ipl keeps the paper's unit names: λ_SS in C(λ), λ on the maps.
  const unitOf = (model: string) => (model === 'ipl' ? {} : { lengthUnit: lengthUnitOf(model) });
  const err = validated.length ? Object.fromEntries(MODES_2D.map((mode) => [mode, concat(validated.map((s) => s.validation!.modes[mode]?.err ?? new Float64Array(0)))])) : undefined;
  const ranks = new Map(binSizes.map((x) => [x, collectRanks(digests.map((d) => d.ranks.get(x)!), x)]));
  const figures = await ensembleFiguresOf({ first: glassRecord(first), pooled, ranks, fits }, figDir, { xi, fit: TAIL_FIT, err, ...unitOf(specModel(samples[0]!.spec).model) });
  const figureSvgs: Array<{ name: string; svg: string; caption?: string }> = [];
  // The maps are of one glass: the caption names it (the first sample of the table).
  const ofFirst = `the bond fields of sample ${first.id}${first.glassPath === undefined ? '' : ` (${glassLabel(first.glassPath, first.glassFrame)})`}, the first of the table`;
  for (const name of Object.values(FIGURE_NAMES)) {
    const path = join(figDir, `${name}.svg`);
    const caption = name === FIGURE_NAMES.fig1 || name === FIGURE_NAMES.fig3 ? `${name}: ${ofFirst}` : undefined;
    if (figures.includes(path)) figureSvgs.push({ name, svg: await readFile(path, 'utf8'), ...(caption === undefined ? {} : { caption }) });
  }
  return { figures, figureSvgs };
}

/** Glasses below which the tail fits' intervals over glasses cover less than their 95 %: the rule of `softspot tails` (./tails.ts, 92 % at 6). */
export const FEW_GLASSES = FEW_GLASSES_FOR_INTERVALS;

export { FEW_TAIL_GLASSES };

/** The summary's tail fits by the names the report gives them: c, |dc/dγ| simple, |c·dc/dγ| pure … */
function namedTails(tails: EnsembleSummary['tails']): Record<string, TailFit | null> {
  return {
    c: tails.c,
    ...Object.fromEntries(Object.entries(tails.dcdg).map(([m, f]) => [`|dc/dγ| ${m}`, f])),
    ...Object.fromEntries(Object.entries(tails.cdcdg).map(([m, f]) => [`|c·dc/dγ| ${m}`, f])),
  };
}

/** The caveats of a summary (EnsembleSummary.warnings), in the order a reader needs them. */
export function summaryWarnings(glasses: number, bins: number[] | null, xi: number, parameters: EnsembleSummary['parameters'],
  tails: Readonly<Record<string, TailFit | null>>,
  coarse: { glasses: number; fineXi: number } = { glasses: bins !== null && Math.min(...bins) < MIN_RANK_BINS ? glasses : 0, fineXi: NaN }): string[] {
  const warnings: string[] = [];
  if (coarse.glasses > 0) {
    const shape = bins !== null && Math.min(...bins) < MIN_RANK_BINS ? ` (${bins.join(' × ')} bins)` : '';
    const smaller = Number.isFinite(coarse.fineXi) ? `--xi ${Math.floor(10 * coarse.fineXi) / 10}` : '--xi X, X ≤ L/3.5';
    warnings.push(`the ξ = ${xi} grid${shape} of ${coarse.glasses === glasses ? `every glass` : `${coarse.glasses} of the ${glasses} glasses`} has fewer than ${MIN_RANK_BINS} bins ` +
      'along a cell vector: each bin\'s neighbourhood spans the cell there, so λ is not defined; those glasses\' λ columns of events.csv are NaN and ' +
      `they are left out of C(λ) and Figs. 4, S2, S3; use larger glasses, or a smaller ξ (softspot figures DIR ${smaller})`);
  }
  if (parameters.length > 1) {
    const sizes = [...new Set(parameters.map((p) => p.n))].sort((a, b) => a - b);
    warnings.push(`the directory holds ${parameters.length} sets of parameters (${sizes.length > 1 ? `N = ${sizes.join(', ')}` : 'one N, other protocols'}), ` +
      'pooled in the tail fits, Fig. 2 and C(λ) of summary.json and the report; softspot tails fits each size apart ' +
      '(and says when one size holds several protocols: it pools those)');
  }
  if (glasses > 0 && glasses < FEW_GLASSES) {
    warnings.push(`${glasses} glass${glasses === 1 ? '' : 'es'}: the tail fits' 95 % intervals over glasses cover less with so few ` +
      '(92 % at 6 glasses on synthetic clustered tails, scripts/interval-coverage.ts); compute more glasses');
  }
  // A 1-glass ensemble has its own warning above (no interval over glasses at all).
  const thin = Object.entries(tails).filter(([, f]) => f !== null && f.glasses >= 2 && intervalRestsOnFewGlasses(f));
  if (thin.length > 0) {
    const where = (f: TailFit): string => `above x_min in ${f.glassesInTail} of ${f.glasses} glasses${Number.isNaN(f.ci[0]) ? ', no interval over glasses' : ''}`;
    warnings.push(`the tail fit${thin.length > 1 ? 's' : ''} of ${thin.map(([name, f]) => `${name} (${where(f!)})`).join(', ')} ` +
      `rest${thin.length > 1 ? '' : 's'} on too few glasses (fewer than ${FEW_TAIL_GLASSES}, or an interval over glasses less than half as wide as the one of independent values): ` +
      'that interval cannot bound α̂, and α̂ is of those glasses\' soft spots; compute more glasses, or fit lower windows (softspot tails --quantiles)');
  }
  return warnings;
}

/** The samples of every run's plan (ensemble.json's `ids` and the logs' plan lines) that are none of `accounted` (results, failure records, invalid files). */
async function unaccountedSamples(resultsDir: string, accounted: readonly string[], log: ReadonlyArray<Record<string, unknown>>): Promise<{ count: number; planned: number; first: string }> {
  const ids = await plannedIds(resultsDir, log);
  const known = new Set(accounted);
  const missing = ids.filter((id) => !known.has(id));
  return { count: missing.length, planned: ids.length, first: missing[0] ?? '' };
}
