/**
 * The local heat capacity c_α of every interaction and its linear response dc_α/dγ to
 * imposed deformations, for one configuration (DESIGN §4, §5; paper Eqs. 1, S3–S6).
 *
 * One factorization of the pinned Hessian serves everything: G_α from the selected
 * inverse, and for each deformation one derivative of the selected inverse plus two
 * solves (u and ẇ) — O(1) work per interaction beyond that. The solves (w, u, ẇ) can
 * instead go to another linear solver (`solver`, lib/solvers/, e.g. 'pcg-ichol'); the
 * selected inverse and its derivative always use the CHOLMOD factorization.
 */
import type { Configuration } from '../config.js';
import { energyForces, findPairs, hessianPattern, pairTensors, particleOfDof } from '../hessian/index.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import { CholmodError, UnstableConfigurationError } from '../errors.js';
import { newtonPolish } from '../minimize/newton.js';
import { SparseCholesky, type FactorMode, type Ordering, type SelectedInverseMethod } from '../sparse-cholesky.js';
import { createLinearSolver, type LinearSolver, type SolverChoice } from '../solvers/index.js';
import { expectInteger, expectOneOf } from '../validate.js';
import { drive, driveAsync } from '../protocol.js';
import { responseSteps, type LinearAlgebraRequest, type NamedDeformation, type ResponseFields } from './response.js';
import { DEFAULT_PINNED } from '../hessian/pattern.js';
import { MODES_2D, presetE } from '../space/index.js';
import { localHeatCapacityNd, localHeatCapacityNdAsync, type NdLhcOptions } from '../nd/local-heat-capacity.js';

/** True for a 3D configuration (config.dim = 3), which goes to the d-generic path (lib/nd). */
function isThreeDimensional(config: Configuration): boolean {
  return typeof config === 'object' && config !== null && config.dim === 3;
}

/**
 * The default deformations, named by their mode: simple shear E = [[0,1],[0,0]] and pure
 * shear E = diag(½, −½) (lib/space directions.ts).
 */
export const DEFAULT_DEFORMATIONS: readonly NamedDeformation[] = Object.freeze(MODES_2D.map((name) => ({ name, E: presetE(name) })));

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
  /** Pair law (default DESIGN §1). */
  model?: Model;
  /** Max |force| accepted as a minimum (default 1e-9). */
  forceTolerance?: number;
  /**
   * What to do when max |force| exceeds forceTolerance: `true` (default) polishes with
   * Newton (newtonPolish, reported in diagnostics.polished), `false` rejects the input
   * with a RangeError, a function polishes with your own minimizer.
   */
  polish?: boolean | ((config: Configuration) => Configuration);
}

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
   * The non-affine velocity u = dx/dγ − E x = −M⁻¹Ξ(E) per deformation name (2N, x, y
   * interleaved, λ per unit strain), the one the response of c uses; gauge: the pinned
   * particle's u is 0 (subtract the mean for the translation-free field).
   */
  nonAffine: Record<string, Float64Array>;
  /** The configuration the numbers refer to (the polished one if polishing ran). */
  config: Configuration;
  diagnostics: LhcDiagnostics;
}

export interface LhcDiagnostics {
  /** Σ_α c_α; equals 2N − 2 at a true minimum. */
  sumC: number;
  expectedSumC: number;
  /** Σ_α dc_α/dγ per deformation; zero at a true minimum. */
  sumDcdg: Record<string, number>;
  /** Max |force| component of the input configuration. */
  maxForceInput: number;
  /** Max |force| of the configuration used. */
  maxForce: number;
  polished: boolean;
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

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]));
  return m;
}

interface Prepared {
  factor: SparseCholesky;
  /** the solver of the 'solve' requests, when not the factor itself */
  linear: LinearSolver | undefined;
  /** CG steps of the solves so far */
  counter: { iterations: number };
  steps: Generator<LinearAlgebraRequest, ResponseFields, Float64Array | undefined>;
  finish: (fields: ResponseFields) => LhcResult;
  pinned: number;
  method: SelectedInverseMethod;
}

function prepare(input: Configuration, options: LhcOptions): Prepared {
  const t0 = performance.now();
  const model = options.model ?? modelOfConfiguration(input);
  const given = expectOneOf('options.method', options.method ?? LHC_DEFAULTS.method, LHC_METHODS);
  const method: SelectedInverseMethod = given === 'selinv' ? 'takahashi' : given;
  const pinned = expectInteger('options.pinned', options.pinned ?? DEFAULT_PINNED, 0, input.n - 1);
  const deformations = options.deformations ?? DEFAULT_DEFORMATIONS;
  const tolerance = options.forceTolerance ?? DEFAULT_FORCE_TOLERANCE;

  const maxForceInput = maxAbs(energyForces(input, model).forces);
  let config = input;
  let polished = false;
  if (!(maxForceInput <= tolerance)) {
    const polish = options.polish ?? true;
    if (polish === false) {
      throw new RangeError(
        `config: not at an energy minimum (max |force| = ${maxForceInput.toExponential(3)} > ${tolerance}); ` +
        'minimize it first (softspot minimize) or allow Newton polishing (polish: true)');
    }
    try {
      config = polish === true ? newtonPolish(input, { model, pinned, solver: options.solver, solverTol: options.solverTol }).config : polish(input);
    } catch (error) {
      throw unstable(error, pinned, true);
    }
    polished = true;
  }
  const maxForce = polished ? maxAbs(energyForces(config, model).forces) : maxForceInput;

  const pairs = findPairs(config, model);
  const tensors = pairTensors(pairs, model, 4);
  const pattern = hessianPattern(pairs, config.n, pinned);
  const factor = SparseCholesky.analyze(pattern, { ordering: options.ordering ?? LHC_DEFAULTS.ordering, mode: options.mode ?? 'supernodal' });
  let linear: LinearSolver | undefined;
  try {
    linear = options.solver === undefined ? undefined : createLinearSolver(pattern, { solver: options.solver, tol: options.solverTol });
  } catch (error) {
    factor.dispose();
    throw error;
  }
  const counter = { iterations: 0 };
  const tSetup = performance.now() - t0;
  const steps = responseSteps(pairs, tensors, pattern, deformations, () => performance.now());

  const finish = (fields: ResponseFields): LhcResult => {
    const m = pairs.count;
    const dcdg: Record<string, Float64Array> = {};
    const nonAffine: Record<string, Float64Array> = {};
    const sumDcdg: Record<string, number> = {};
    deformations.forEach(({ name }, k) => {
      dcdg[name] = fields.dcdg[k];
      nonAffine[name] = fields.nonAffine[k];
      sumDcdg[name] = fields.dcdg[k].reduce((s, x) => s + x, 0);
    });
    const timings = { setup: tSetup, ...fields.timings, total: performance.now() - t0 };
    return {
      n: config.n,
      count: m,
      i: pairs.i.slice(0, m),
      j: pairs.j.slice(0, m),
      c: fields.c,
      dcdg,
      nonAffine,
      config,
      diagnostics: {
        sumC: fields.c.reduce((s, x) => s + x, 0),
        expectedSumC: 2 * config.n - 2,
        sumDcdg,
        maxForceInput,
        maxForce,
        polished,
        method,
        solver: linear?.name ?? 'factor',
        solverIterations: counter.iterations,
        nnzL: factor.nnzL,
        ordering: factor.ordering,
        mode: factor.mode,
        timings,
      },
    };
  };
  return { factor, linear, counter, steps, finish, pinned, method };
}

/** A NOT_POSDEF failure on the input's Hessian (or on Newton's way from it) as an UnstableConfigurationError. */
function unstable(error: unknown, pinned: number, polishing = false): unknown {
  if (error instanceof CholmodError && error.code === 'CHOLMOD_NOT_POSDEF' && error.column !== undefined) {
    const particle = particleOfDof(error.column, pinned);
    return new UnstableConfigurationError(polishing
      ? `the configuration is not near a stable minimum: Newton polishing met a Hessian that is not positive definite ` +
        `(first failing pivot at particle ${particle}); minimize it first (CG or FIRE, e.g. softspot minimize)`
      : `the configuration is unstable: its Hessian is not positive definite (first failing pivot at particle ${particle}); ` +
        'minimize it again, it may sit at a saddle point', error.column, particle);
  }
  return error;
}

/**
 * The linear-algebra primitives the response steps ask for, sync (values) or async
 * (promises): the one place that decides which object answers which request.
 */
function operations(p: Prepared, async: boolean) {
  const method = p.method;
  const { factor, linear, counter } = p;
  const countIterations = <T>(x: T): T => {
    counter.iterations += linear!.lastSolve!.iterations.reduce((s, k) => s + k, 0);
    return x;
  };
  return async ? {
    factorize: (v: Float64Array) => factor.factorizeAsync(v).then(() => linear?.updateAsync(v)).then(() => undefined),
    selectedInverse: () => factor.selectedInverseAsync({ method }),
    derivative: (d: Float64Array) => factor.selectedInverseDerivativeAsync(d, { method }),
    solve: (b: Float64Array, nrhs: number) => (linear ? linear.solveAsync(b, nrhs).then(countIterations) : factor.solveAsync(b, nrhs)),
  } : {
    factorize: (v: Float64Array) => { factor.factorize(v); linear?.update(v); return undefined; },
    selectedInverse: () => factor.selectedInverse({ method }),
    derivative: (d: Float64Array) => factor.selectedInverseDerivative(d, { method }),
    solve: (b: Float64Array, nrhs: number) => (linear ? countIterations(linear.solve(b, nrhs)) : factor.solve(b, nrhs)),
  };
}

type Operations = ReturnType<typeof operations>;

function answer(ops: Operations, request: LinearAlgebraRequest) {
  switch (request.kind) {
    case 'factorize': return ops.factorize(request.values);
    case 'selectedInverse': return ops.selectedInverse();
    case 'selectedInverseDerivative': return ops.derivative(request.dValues);
    case 'solve': return ops.solve(request.b, request.nrhs);
  }
}

function release(p: Prepared): void {
  p.factor.dispose();
  p.linear?.dispose();
}

/**
 * c_α and dc_α/dγ for every interaction of a minimized configuration. A 3D configuration
 * (config.dim = 3) is handled by the d-generic path (lib/nd/local-heat-capacity.ts: default
 * deformations simple, pure, simple-xz, simple-yz; Σc = 3(N − 1); options.law accepted).
 * @throws RangeError if the configuration is not at a minimum and no polish is given
 * @throws UnstableConfigurationError (a CholmodError CHOLMOD_NOT_POSDEF) if the Hessian is not positive definite
 */
export function localHeatCapacity(config: Configuration, options: LhcOptions | NdLhcOptions = {}): LhcResult {
  if (isThreeDimensional(config)) return localHeatCapacityNd(config, options);
  const p = prepare(config, options);
  const ops = operations(p, false);
  try {
    return p.finish(drive(p.steps, (request) => answer(ops, request) as Float64Array | undefined));
  } catch (error) {
    throw unstable(error, p.pinned);
  } finally {
    release(p);
  }
}

/** localHeatCapacity() with every factorization, inversion and solve on the thread pool. */
export async function localHeatCapacityAsync(config: Configuration, options: LhcOptions | NdLhcOptions = {}): Promise<LhcResult> {
  if (isThreeDimensional(config)) return localHeatCapacityNdAsync(config, options);
  const p = prepare(config, options);
  const ops = operations(p, true);
  try {
    return p.finish(await driveAsync(p.steps, (request) => answer(ops, request)));
  } catch (error) {
    throw unstable(error, p.pinned);
  } finally {
    release(p);
  }
}
