/**
 * Plain records of the ensemble pipeline (issue 8): what a sample is, what the pipeline
 * computes for it, and how a run is described. Shapes follow lib/config.ts (cell row-major
 * [h00, h01, h10, h11], positions x, y interleaved, species 0 = S, 1 = L).
 */
import type { Configuration } from '../config.js';
import { DIRECTIONS_2D, type Direction2D, type Mode2D } from '../space/directions.js';

/** The four first-event directions, in the order of the paper's triangles ▶ ◀ ▲ ▼ (lib/space's). */
export const DIRECTIONS = DIRECTIONS_2D;
export type Direction = Direction2D;

/**
 * Preparation protocol (DESIGN §3), with the option names of lib/md `prepareGlass`.
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

/** First-event (AQS) protocol: the "fast" one by default (DESIGN §6). */
export interface EventProtocol {
  /** lib/aqs protocol: 'fast' (default; predictor + Newton + saddle-node step control) or 'reference'. */
  protocol: 'fast' | 'reference';
  /** Largest strain step (fast) or the fixed step (reference) (default 2e-3). */
  step: number;
  /** Width of the final bracket (default 1e-8). */
  precision: number;
  /** No event beyond this strain: recorded as particle −1 (default 0.5). */
  maxStrain: number;
}

/** Everything that determines a sample's numbers. Sample identity = this record. */
export interface SampleSpec {
  /** Number of particles. */
  n: number;
  /** Seed of the preparation's random stream. */
  seed: number;
  prepare: PrepareProtocol;
  events: EventProtocol;
  /** Also run the finite-difference check of dc/dγ (paper Fig. S1). */
  validate: boolean;
}

/** One first plastic event (DESIGN §6). */
export interface EventRecord {
  direction: Direction;
  /** Critical strain magnitude along the direction (γ_hi of the final bracket). */
  gammaC: number;
  /** Final bracket [γ_lo, γ_hi]. */
  gammaLo: number;
  gammaHi: number;
  /** Particle with the largest non-affine displacement at the event (−1: no event found). */
  particle: number;
  /** Its position in the undeformed glass (λ). */
  x: number;
  y: number;
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
  dcdg: Record<Mode2D, Float64Array>;
  sumC: number;
  events: EventRecord[];
  validation?: ValidationRecord;
  /** ms per stage: prepare, lhc, events, validate, total. */
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
export interface TailFit { alpha: number; se: number; ci: [number, number]; xmin: number; ntail: number; n: number; theory: number }
/** C(λ) of one set of event ranks: how many, ⟨λ⟩, C(0.1) and C on the summary's grid. */
export interface RankSummary { n: number; meanLambda: number; c01: number; cdf: number[] }

/** summary.json of an aggregated results directory (also what report.html shows). */
export interface EnsembleSummary {
  generatedAt: string;
  softwareVersion: string;
  samples: { finished: number; failed: number; failures: Array<{ id: string; stage: string; message: string }>; invalid: InvalidSample[] };
  parameters: Array<{ n: number; prepare: unknown; events: unknown; validate: boolean; samples: number }>;
  events: Record<string, { found: number; missing: number; gammaC: { mean: number; p10: number; median: number; p90: number } | null; meanEnergyDrop: number }>;
  tails: { dcdg: Record<string, TailFit | null>; cdcdg: Record<string, TailFit | null>; c: TailFit | null };
  /**
   * C(λ) at bin size xi: `directions[d]` ranks the events of direction d by |c|, P⁺, P⁻ of d;
   * `cross[p][d]` ranks the events of direction d (other shear mode) by P⁺ of direction p
   * (the extra curves of Fig. S3: does the pure-shear predictor also find simple-shear events?).
   */
  predictability: {
    xi: number;
    grid: number[];
    directions: Record<string, Record<'absC' | 'pPlus' | 'pMinus', RankSummary | null>>;
    cross: Record<string, Record<string, RankSummary | null>>;
  };
  validation: Record<string, { count: number; median: number; p90: number; p99: number; fractionBelow1em2: number }> | null;
  throughput: { samplesTimed: number; meanStageSeconds: Record<string, number>; meanSampleSeconds: number; wallSeconds: number | null; samplesPerHour: number | null };
}
