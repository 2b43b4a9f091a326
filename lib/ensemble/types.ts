/**
 * Plain records of the ensemble pipeline: what a sample is, what the
 * pipeline computes for it, and how a run is described. Shapes follow lib/config.ts: in
 * dimension d the cell is d×d row-major (columns = cell vectors), positions are d
 * coordinates per particle interleaved (x, y[, z]), species codes index the preset's species.
 */
import type { Configuration } from '../config.js';
import type { ConfigurationFormat } from '../io/formats.js';
import type { ModelFile } from '../model/model-file.js';
import type { ModelPresetName } from '../model/presets.js';
import { DIRECTIONS_2D, type Direction2D, type Mode2D } from '../space/directions.js';

/**
 * The four first-event directions, in the order of the paper's triangles ▶ ◀ ▲ ▼ (lib/space's):
 * ±simple, ±pure, in 2D and in 3D (where simple = x moves with y, pure = diag(½, −½, 0)).
 */
export const DIRECTIONS = DIRECTIONS_2D;
export type Direction = Direction2D;

/** The model presets a run can prepare (lib/model/presets.ts), `ipl` (the paper's 2D glass) by default. */
export const RUN_MODELS: readonly ModelPresetName[] = Object.freeze(['ipl', 'ipl3d', 'ka', 'ka2d', 'poly']);

/**
 * Preparation protocol (docs/design.md §3), with the option names of lib/md `prepareGlass`.
 * Times in τ0, temperatures in ε/k_B; defaults are the paper's (tEquilibrate is ours).
 */
export interface PrepareProtocol {
  /** Liquid temperature (default 1.0). */
  tLiquid: number;
  /** Liquid equilibration time (τ0, default 20). */
  tEquilibrate: number;
  /** Annealing temperature just below T_g (default 0.45). */
  tAnneal: number;
  /** Annealing time (τ0, default 100). */
  anneal: number;
  /** MD time step (τ0, default 0.005). */
  dt: number;
}

/**
 * First-event (AQS) protocol: the "fast" one by default in 2D (docs/design.md §6). A 3D sample
 * records `protocol` and `step` only when the user gave them: otherwise lib/aqs firstEvent
 * chooses (its 3D defaults), and the HDF5 file's engine_events names the protocol it used.
 */
export interface EventProtocol {
  /** lib/aqs protocol: 'fast' (default in 2D; predictor + Newton + saddle-node step control) or 'reference'. */
  protocol?: 'fast' | 'reference';
  /** Largest strain step (fast) or the fixed step (reference) (2D default 2e-3). */
  step?: number;
  /** Width of the final bracket (default 1e-8). */
  precision: number;
  /** No event beyond this strain: recorded as particle −1 (default 0.5). */
  maxStrain: number;
}

/**
 * Everything that determines a sample's numbers. Sample identity = this record. `model`
 * and `dim` are absent for the paper's 2D `ipl` glass (so its ids and files are those of
 * the first softspot, format version 1).
 */
export interface SampleSpec {
  /** Number of particles. */
  n: number;
  /** Model preset (absent: `ipl`), or the name of a model of one's own (then `modelFile` is its definition). */
  model?: ModelPresetName | string;
  /**
   * A model of one's own (`--model params.json`, lib/model/model-file.ts): its JSON form,
   * carried by every job and stored in every sample file so that workers and readers
   * register it (identity.ts registerSpecModel) without the file. Absent for a built-in preset.
   */
  modelFile?: ModelFile;
  /** 3 for a 3D glass (absent: 2). */
  dim?: 3;
  /** Seed of the preparation's random stream (absent for a glass read from a file, `glass`). */
  seed?: number;
  /** The preparation (absent for a glass read from a file). */
  prepare?: PrepareProtocol;
  /**
   * A glass made elsewhere, read from a file (./glass-input.ts) instead of prepared: its
   * content's SHA-256 (hex) and how it is read. The path is not part of the identity (it
   * travels in the job, TaskInput.glass), so a moved file is still the same sample.
   */
  glass?: GlassSource;
  events: EventProtocol;
  /** Also run the finite-difference check of dc/dγ (paper Fig. S1). */
  validate: boolean;
}

/** A sample's glass file: what identifies it and how it is read (SampleSpec.glass). */
export interface GlassSource {
  /**
   * SHA-256 (hex) of the file's bytes; of a frame of a dump or trajectory, of the frame's text;
   * of each frame of a GSD file (of one frame too), of its extended XYZ under the run's model.
   */
  sha256: string;
  /** Reader: extended XYZ, LAMMPS data file, or LAMMPS dump (its last frame). */
  format: ConfigurationFormat;
  /**
   * The file holds configurations that are not minima (MD snapshots, a liquid's trajectory):
   * each is minimized before it is analysed (./glass-input.ts minimizeSampleGlass), so that
   * its sample is its inherent structure. Present only when true: a sample of the file as it
   * is keeps the identity it had before the option existed.
   */
  minimize?: true;
}

/** One first plastic event (docs/design.md §6). */
export interface EventRecord {
  direction: Direction;
  /** Critical strain magnitude along the direction (γ_hi of the final bracket). */
  gammaC: number;
  /** Final bracket [γ_lo, γ_hi]. */
  gammaLo: number;
  gammaHi: number;
  /** Particle with the largest non-affine displacement at the event (−1: no event found). */
  particle: number;
  /** Its position in the undeformed glass (λ); z only in 3D. */
  x: number;
  y: number;
  z?: number;
  /** U_before − U_after (ε) and σ_before − σ_after (ε/λ², σ along the direction). */
  energyDrop: number;
  stressDrop: number;
  /** Largest non-affine displacement at the event (λ). */
  maxDisplacement: number;
  /** Wall time of this direction (ms). */
  ms: number;
}

/** Finite-difference validation of dc/dγ: Err percentiles per deformation (percent). */
export interface ValidationRecord {
  dgamma: number;
  modes: Record<string, { count: number; median: number; p90: number; p99: number; fractionBelow1em2: number; err: Float64Array }>;
}

/** What the pipeline produces for one sample (written to one HDF5 file). */
export interface SampleResult {
  id: string;
  spec: SampleSpec;
  config: Configuration;
  /** Energy per particle and max |force| of the prepared glass. */
  energyPerParticle: number;
  maxForce: number;
  i: Int32Array;
  j: Int32Array;
  c: Float64Array;
  /**
   * dc_α/dγ per shear mode of the "+" direction: simple, pure (2D); simple, pure,
   * simple-xz, simple-yz (3D; lib/space shearModes(d)).
   */
  dcdg: Record<Mode2D, Float64Array> & Partial<Record<string, Float64Array>>;
  /** Σ_α c_α; the sum rule says d(N − 1) (docs/design.md §4). */
  sumC: number;
  events: EventRecord[];
  validation?: ValidationRecord;
  /** The path the glass was read from (a sample of SampleSpec.glass; provenance only), and its frame in a LAMMPS dump (0-based). */
  glassPath?: string;
  glassFrame?: number;
  /** The glass file's atom ids in particle order (a LAMMPS file's, an extended-XYZ id column), when it has them. */
  ids?: Int32Array;
  /** ms per stage: prepare (or read), lhc, events, validate, total. */
  timings: Record<string, number>;
  /** Where the physics came from (module names; "adapter" if a stand-in was used). */
  engines: { prepare: string; events: string };
  softwareVersion: string;
  host: string;
  finishedAt: string;
}

/** A failed sample, recorded next to the finished ones. */
export interface SampleFailure {
  id: string;
  spec: SampleSpec;
  stage: string;
  message: string;
  stack?: string;
  host: string;
  at: string;
}

// ---------------------------------------------------------------------------------------
// What the aggregation writes (summary.json, report.html)

/** A file under samples/ that is not a complete sample, and what is wrong with it. */
export interface InvalidSample { id: string; path: string; reason: string }

/** A power-law tail fit (lib/stats fitPowerLaw: α, its standard error and bootstrap CI, x_min, tail and sample sizes) with the theory's exponent. */
/**
 * A tail fit of the summary: the CSN fit of the pooled values (α̂, x_min, tail size), with
 * `ci` the 95 % interval of a bootstrap over glasses (the glasses are independent, the bonds
 * of a soft spot are not; until 2026-12-07 `ci` was the bootstrap over values, 3–14× too
 * narrow on 10 glasses, now `ciValues`), `glasses` and `glassesInTail` its glasses.
 */
export interface TailFit {
  alpha: number; se: number; ci: [number, number]; ciValues: [number, number]; glasses: number; glassesInTail: number;
  xmin: number; ntail: number; n: number; theory: number;
}
/** C(λ) of one set of event ranks: how many, ⟨λ⟩, C(0.1) and C on the summary's grid. */
export interface RankSummary { n: number; meanLambda: number; c01: number; cdf: number[] }

/** summary.json of an aggregated results directory (also what report.html shows). */
export interface EnsembleSummary {
  generatedAt: string;
  softwareVersion: string;
  samples: { finished: number; failed: number; failures: Array<{ id: string; stage: string; message: string }>; invalid: InvalidSample[] };
  parameters: Array<{ model: string; dim: 2 | 3; n: number; prepare: unknown; events: unknown; validate: boolean; samples: number }>;
  /** The sum rule Σc_α = d(N − 1) over the samples: its relative error |Σc − d(N−1)|/(d(N−1)), largest and mean (null: no samples). */
  sumRule: { samples: number; maxRelativeError: number | null; meanRelativeError: number | null };
  events: Record<string, { found: number; missing: number; gammaC: { mean: number; p10: number; median: number; p90: number } | null; meanEnergyDrop: number }>;
  /**
   * Tail fits of the pooled values: |dc/dγ| and |c·dc/dγ| per 2D shear mode, and the
   * positive c_α (the PDF of c_α, docs/design.md §7; c_α takes both signs, and `softspot tails`
   * fits |c| instead: docs/ensemble.md).
   */
  tails: { dcdg: Record<string, TailFit | null>; cdcdg: Record<string, TailFit | null>; c: TailFit | null };
  /**
   * C(λ) at bin size xi: `directions[d]` ranks the events of direction d by |c|, P⁺, P⁻ of d;
   * `cross[p][d]` ranks the events of direction d (other shear mode) by P⁺ of direction p
   * (the extra curves of Fig. S3: does the pure-shear predictor also find simple-shear events?).
   */
  predictability: {
    xi: number;
    /**
     * Bins n_k along each cell vector of the first sample's grid (lib/stats/grid-nd.ts); a
     * glass with n_k < 4 has no λ (the 3^d neighbourhood spans the axis: MIN_RANK_BINS).
     */
    bins: number[] | null;
    grid: number[];
    directions: Record<string, Record<'absC' | 'pPlus' | 'pMinus', RankSummary | null>>;
    cross: Record<string, Record<string, RankSummary | null>>;
  };
  validation: Record<string, { count: number; median: number; p90: number; p99: number; fractionBelow1em2: number }> | null;
  throughput: { samplesTimed: number; meanStageSeconds: Record<string, number>; meanSampleSeconds: number; wallSeconds: number | null; samplesPerHour: number | null };
  /**
   * What makes numbers of this summary mean less than they seem (`softspot run` and
   * `figures` print them): a ξ-grid of fewer than 4 bins along a cell vector (C(λ) and λ
   * degenerate), glasses of several sizes or protocols pooled in the fits, too few glasses
   * for the tail fits' intervals.
   */
  warnings: string[];
}
