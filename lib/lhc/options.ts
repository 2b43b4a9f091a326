/**
 * The options, defaults and result record of the local heat capacity (docs/design.md §4, §5),
 * shared by the 2D path (./local-heat-capacity.ts) and the d-generic one
 * (lib/nd/local-heat-capacity.ts).
 */
import type { Configuration } from '../config.js';
import type { Model } from '../model/index.js';
import type { FactorMode, Ordering, SelectedInverseMethod } from '../sparse-cholesky.js';
import type { SolverChoice } from '../solvers/index.js';
import { MODES_2D, presetE, shearModes } from '../space/index.js';
import { describe, expectAllFinite, expectConfigurationOfDimension, expectInteger, expectNumber } from '../validate.js';
import type { NamedDeformation } from './response.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/**
 * The default deformations, named by their mode: simple shear E = [[0,1],[0,0]] and pure
 * shear E = diag(½, −½) (lib/space directions.ts).
 */
export const DEFAULT_DEFORMATIONS: readonly NamedDeformation[] = Object.freeze(MODES_2D.map((name) => ({ name, E: presetE(name) })));

/** The default deformations of a d-dimensional glass: every preset of that dimension, + direction. */
export function defaultDeformations(d: 2 | 3): readonly NamedDeformation[] {
  if (d === 2) return DEFAULT_DEFORMATIONS;
  return shearModes(d).map((name) => ({ name, E: presetE(name, 1, d) }));
}

/**
 * Checks `options.deformations` for a d-dimensional glass: distinct non-empty names (each
 * names a key of the result's dcdg and nonAffine; `__proto__` would not be one), d×d
 * finite E. Absent: the d-dimensional defaults.
 */
export function expectDeformations(value: unknown, d: 2 | 3): readonly NamedDeformation[] {
  if (value === undefined) return defaultDeformations(d);
  if (!Array.isArray(value)) throw new ArgumentTypeError(`options.deformations: expected an array of { name, E }, got ${describe(value)}`);
  const seen = new Set<string>();
  value.forEach((item: unknown, k) => {
    const where = `options.deformations[${k}]`;
    if (typeof item !== 'object' || item === null) throw new ArgumentTypeError(`${where}: expected { name, E }, got ${describe(item)}`);
    const { name, E } = item as NamedDeformation;
    if (typeof name !== 'string' || name === '') throw new ArgumentTypeError(`${where}.name: expected a non-empty string, got ${describe(name)}`);
    if (seen.has(name)) throw new ArgumentRangeError(`${where}.name: "${name}" is given twice; deformation names must be distinct`);
    if (name === '__proto__') throw new ArgumentRangeError(`${where}.name: "__proto__" cannot name a result (an object's prototype); give another name`);
    seen.add(name);
    if (!(E instanceof Float64Array)) throw new ArgumentTypeError(`${where}.E: expected a Float64Array of ${d * d} entries (${d}×${d} row-major), got ${describe(E)}`);
    if (E.length !== d * d) {
      throw new ArgumentRangeError(`${where}.E: expected a ${d}×${d} matrix (${d * d} entries, row-major) for a ${d}D glass, got ${E.length} entries`);
    }
    expectAllFinite(`${where}.E`, E);
  });
  return value as readonly NamedDeformation[];
}

/** Largest max |force| (ε/λ) accepted as "at a minimum" without polishing. */
export const DEFAULT_FORCE_TOLERANCE = 1e-9;

/** Defaults of {@link LhcOptions} (the deformations: DEFAULT_DEFORMATIONS). */
export const LHC_DEFAULTS = Object.freeze({ method: 'takahashi' as SelectedInverseMethod, ordering: 'metis' as Ordering });

/**
 * The values of {@link LhcOptions.method}: SparseCholesky's selected-inverse methods, and
 * 'selinv', the former name of 'takahashi' (deprecated; still accepted).
 */
export const LHC_METHODS = Object.freeze(['takahashi', 'solves', 'selinv'] as const);
export type LhcMethod = (typeof LHC_METHODS)[number];

export interface LhcOptions {
  /** Deformation directions (default simple and pure shear, "+" direction). */
  deformations?: readonly NamedDeformation[];
  /**
   * How G_α and its derivative are found: 'takahashi' (default), the Takahashi recurrences
   * of selected inversion; 'solves', the blocked multiple-RHS reference
   * (SparseCholesky.selectedInverse's methods). 'selinv' is the deprecated name of 'takahashi'.
   */
  method?: LhcMethod;
  /** Fill-reducing ordering of the Hessian factorization (default 'metis'). */
  ordering?: Ordering;
  /** CHOLMOD factor kind (default 'supernodal'). */
  mode?: FactorMode;
  /**
   * Linear solver for the solves w = G v, u = −G Ξ, ẇ (default: the CHOLMOD factor of
   * the selected inversion itself). Also used by Newton polishing.
   */
  solver?: SolverChoice;
  /** Relative tolerance of an iterative `solver` (default 1e-10). */
  solverTol?: number;
  /** Particle held fixed to remove the two translations (default 0); results do not depend on it. */
  pinned?: number;
  /** Pair law (default docs/design.md §1). */
  model?: Model;
  /** Max |force| accepted as a minimum (default 1e-9). */
  forceTolerance?: number;
  /**
   * What to do when max |force| exceeds forceTolerance: `true` (default) polishes with
   * Newton (newtonPolish, reported in diagnostics.polished), `false` rejects the input
   * with a RangeError, a function polishes with your own minimizer.
   */
  polish?: boolean | ((config: Configuration) => Configuration);
  /**
   * Deformations whose Ġ share one selected-inverse tangent sweep, on both paths (default all of them: the
   * fastest). Every Ż of a sweep, nnz(L) doubles each (0.8 GB at 3D KA N = 10⁴), and its
   * sweep workspace are held at once: fewer per sweep bound the peak memory when it does not
   * fit. Measured on 3D KA N = 2000 (nnz(L) 8.3 M; CPU at load 11): all four 1.20 GB peak,
   * 29 s; two per sweep 0.93 GB, 31 s; one 0.80 GB, 34 s. The results are the same bits.
   * 2D (the paper's glass, N = 10⁵): both shears in one sweep 10.7 s against 11.8–12.9 s for
   * one each, the same bits.
   */
  tangentsPerSweep?: number;
  /**
   * Called as each long phase starts (progress for large glasses; `softspot lhc` prints them
   * for 2D N ≥ 2.5·10⁴ and 3D N ≥ 1000): Newton's polish, the numeric factorization, the
   * selected inverse and each tangent sweep. `factorBytes` is the native memory the factor
   * holds once factorized (factor.memoryBytes: CHOLMOD's supernodal storage of L, 1.5–2.4×
   * 8·nnz(L) on the test glasses): with method 'takahashi' the selected inverse and each
   * deformation of a sweep hold about as much again; 'solves' holds no such arrays.
   */
  onPhase?: (phase: LhcPhase) => void;
}

/** A phase of localHeatCapacity as it starts (LhcOptions.onPhase). */
export type LhcPhase =
  | { phase: 'polish'; maxForce: number }
  | { phase: 'factorize'; nnzL: number; unknowns: number }
  | { phase: 'selectedInverse'; nnzL: number; factorBytes: number }
  | { phase: 'tangents'; deformations: number; nnzL: number; factorBytes: number };

export interface LhcResult {
  /** Number of particles. */
  n: number;
  /** Number of interactions (pairs i < j within x_c λ_ij). */
  count: number;
  i: Int32Array;
  j: Int32Array;
  /** c_α (dimensionless). */
  c: Float64Array;
  /** dc_α/dγ per deformation name. */
  dcdg: Record<string, Float64Array>;
  /**
   * The non-affine velocity u = dx/dγ − E x = −M⁻¹Ξ(E) per deformation name (dN, x, y[, z]
   * interleaved, λ per unit strain), the one the response of c uses; gauge: the pinned
   * particle's u is 0 (subtract the mean for the translation-free field).
   */
  nonAffine: Record<string, Float64Array>;
  /** The configuration the numbers refer to (the polished one if polishing ran). */
  config: Configuration;
  diagnostics: LhcDiagnostics;
}

export interface LhcDiagnostics {
  /** Σ_α c_α; equals d(N − 1) at a true minimum (2N − 2 in 2D). */
  sumC: number;
  expectedSumC: number;
  /** Σ_α dc_α/dγ per deformation; zero at a true minimum. */
  sumDcdg: Record<string, number>;
  /** Max |force| component of the input configuration. */
  maxForceInput: number;
  /** Max |force| of the configuration used. */
  maxForce: number;
  polished: boolean;
  /**
   * How far Newton's polish moved the farthest particle (λ; 0 when not polished). A file's
   * rounding moves particles by about its own size (≤ 1e-4 λ in the tests); above POLISH_SHIFT_WARNING (1e-3 λ) the glass
   * analysed is not the file's (a glass of another law, or far from a minimum).
   */
  polishShift: number;
  method: SelectedInverseMethod;
  /** Solver of the solves: 'factor' (the selected inversion's) or a lib/solvers name. */
  solver: string;
  /** CG steps summed over the solves (0 for direct). */
  solverIterations: number;
  nnzL: number;
  ordering: string;
  mode: string;
  /** ms per phase, and in total. */
  timings: Record<string, number>;
}

/**
 * The checks of localHeatCapacity's arguments that its options' own uses do not make: the
 * configuration (before it is looked at to choose the 2D or the d-generic path), an options
 * object, a non-negative forceTolerance, a polish that is a boolean or a function, a model
 * that is a Model (a preset name goes through presetModel).
 * @throws TypeError / RangeError naming the argument
 */
export function expectLhcArguments(config: unknown, options: unknown): void {
  expectConfigurationOfDimension('config', config);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentTypeError(`options: expected an object of options (or none), got ${describe(options)}`);
  }
  const o = options as LhcOptions;
  if (o.forceTolerance !== undefined) expectNumber('options.forceTolerance', o.forceTolerance, { min: 0 });
  if (o.tangentsPerSweep !== undefined) expectInteger('options.tangentsPerSweep', o.tangentsPerSweep, 1, Number.MAX_SAFE_INTEGER);
  if (o.onPhase !== undefined && typeof o.onPhase !== 'function') throw new ArgumentTypeError(`options.onPhase: expected a function (phase) => void, got ${describe(o.onPhase)}`);
  if (o.polish !== undefined && typeof o.polish !== 'boolean' && typeof o.polish !== 'function') {
    throw new ArgumentTypeError(`options.polish: expected true, false or a function (config) => config, got ${describe(o.polish)}`);
  }
  if (o.model !== undefined && (typeof o.model !== 'object' || o.model === null || typeof (o.model as Model).maxCutoff !== 'number')) {
    throw new ArgumentTypeError(`options.model: expected a Model${typeof o.model === 'string' ? ` (for the preset "${o.model}": presetModel('${o.model}'))` : ''}, got ${describe(o.model)}`);
  }
}
