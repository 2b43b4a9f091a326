/**
 * The shapes of the predictor benchmark's per-glass indicators (docs/predictors.md), shared
 * by the 2D route (./indicators.ts) and the d-generic one (./indicators-nd.ts).
 */
import type { LhcOptions, LhcResult } from '../lhc/index.js';
import type { LowestModesOptions, LowestModesResult } from '../modes/index.js';
import type { Model } from '../model/index.js';
import type { Direction2D, Mode2D } from '../space/index.js';
import type { IndicatorName } from './names.js';

/** What glassIndicators needs of an LHC result (LhcResult has it all). */
export type LhcFields = Pick<LhcResult, 'config' | 'count' | 'i' | 'j' | 'c' | 'dcdg'> & { nonAffine?: Partial<Record<string, Float64Array>> };

export interface GlassIndicatorOptions {
  /** Directions (default all four of DIRECTIONS_2D). */
  directions?: readonly Direction2D[];
  /** Indicators (default all of INDICATOR_NAMES). */
  indicators?: readonly IndicatorName[];
  /** k, the number of lowest modes searched for QLMs (default 20; at most dN − d − 1: 2N − 3 in 2D, 3N − 4 in 3D). */
  modes?: number;
  /** Participation below which a mode counts as quasilocalized (default QLM_THRESHOLD = 0.2; 1 takes all k). */
  qlmThreshold?: number;
  model?: Model;
  /**
   * c_α and dc_α/dγ of this glass (computed by localHeatCapacity if absent): a LhcResult with
   * the deformations 'simple' and 'pure', or the same fields read back from a file. Without
   * `nonAffine` the non-affine velocity is solved here (nonAffineVelocity, one more factorization).
   */
  lhc?: LhcFields;
  /** A lowestModes result of the same configuration (computed if absent and needed). */
  lowestModes?: LowestModesResult;
  /** Options of localHeatCapacity when it runs here. */
  lhcOptions?: LhcOptions;
  /** Options of lowestModes when it runs here. */
  modesOptions?: LowestModesOptions;
}

/** The modes behind the mode indicators. */
export interface IndicatorModes {
  /** λ_m = ω_m² (ε/λ²) of the k lowest modes. */
  eigenvalues: Float64Array;
  /** Participation ratio of each. */
  participation: Float64Array;
  /** Whether each is in Q (participation < qlmThreshold). */
  used: boolean[];
  /** dλ_m/dγ for the "+" direction of each mode (ε/λ² per unit strain); negate for "−". */
  dlambda: Partial<Record<Mode2D, Float64Array>>;
}

export interface GlassIndicators {
  n: number;
  /** Number of interactions M. */
  count: number;
  i: Int32Array;
  j: Int32Array;
  /** The configuration the fields refer to (the LHC's, polished if it had to be). */
  cell: Float64Array;
  positions: Float64Array;
  /** Interaction midpoints (dM), where bond fields are binned. */
  midpoints: Float64Array;
  directions: Direction2D[];
  fields: Partial<Record<IndicatorName, Partial<Record<Direction2D, Float64Array>>>>;
  /** Present when a mode indicator was computed. */
  modes?: IndicatorModes;
  timings: Record<string, number>;
}
