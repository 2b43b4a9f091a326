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
import { maxAbs } from '../minimize/common.js';
import { newtonPolish } from '../minimize/newton.js';
import type { SelectedInverseMethod } from '../sparse-cholesky.js';
import { expectInteger, expectKnownKeys, expectOneOf, type AllKeysOf } from '../validate.js';
import { drive, driveAsync } from '../protocol.js';
import { responseSteps, type LinearAlgebraRequest, type ResponseFields } from './response.js';
import { DEFAULT_PINNED } from '../hessian/pattern.js';
import { isNdGlass } from '../nd/law.js';
import { localHeatCapacityNd, localHeatCapacityNdAsync, type NdLhcOptions } from '../nd/local-heat-capacity.js';
import { DEFAULT_DEFORMATIONS, DEFAULT_FORCE_TOLERANCE, expectDeformations, expectLhcArguments, LHC_DEFAULTS, LHC_METHODS, type LhcOptions, type LhcResult } from './options.js';
import { answerer, createLinearAlgebra, releaseLinearAlgebra, type LinearAlgebra } from './answer.js';
import { isolatedParticles, type IsolatedParticles } from '../hessian/isolated.js';
import { minimumToAnalyse, unstableConfiguration, type MinimumRoute } from './minimum.js';

export {
  DEFAULT_DEFORMATIONS, DEFAULT_FORCE_TOLERANCE, LHC_DEFAULTS, LHC_METHODS,
  type LhcDiagnostics, type LhcMethod, type LhcOptions, type LhcResult,
} from './options.js';

/**
 * True for what the d-generic path (lib/nd) computes: a 3D configuration (config.dim = 3),
 * a 2D glass of a per-particle preset (`poly`; lib/nd/law.ts isNdGlass), or any
 * configuration with `options.law` (a PairLaw, e.g. per particle).
 */
function isNd(config: Configuration, options: LhcOptions | NdLhcOptions): boolean {
  return isNdGlass(config) || (typeof options === 'object' && options !== null && (options as NdLhcOptions).law !== undefined);
}

/**
 * How a 2D glass of a species law is measured and polished (lib/lhc/minimum.ts): max |F| of
 * the 2D kernels, Newton with the sparse Hessian pinned at `pinned`.
 */
export function planarMinimumRoute(model: Model, pinned: number, solver?: Pick<LhcOptions, 'solver' | 'solverTol'>): MinimumRoute {
  return {
    maxForce: (c) => maxAbs(energyForces(c, model).forces),
    newton: (c) => newtonPolish(c, { model, pinned, solver: solver?.solver, solverTol: solver?.solverTol }).config,
    particleOfColumn: (column) => particleOfDof(column, pinned),
  };
}

interface Prepared extends LinearAlgebra {
  steps: Generator<LinearAlgebraRequest, ResponseFields, Float64Array | undefined>;
  finish: (fields: ResponseFields) => LhcResult;
  pinned: number;
  /** The particles without an interaction (for the message of a singular Hessian). */
  isolated: () => IsolatedParticles | undefined;
}

function prepare(input: Configuration, options: LhcOptions): Prepared {
  const t0 = performance.now();
  const model = options.model ?? modelOfConfiguration(input);
  const given = expectOneOf('options.method', options.method ?? LHC_DEFAULTS.method, LHC_METHODS);
  const method: SelectedInverseMethod = given === 'selinv' ? 'takahashi' : given;
  const pinned = expectInteger('options.pinned', options.pinned ?? DEFAULT_PINNED, 0, input.n - 1);
  const deformations = expectDeformations(options.deformations, 2);
  const tolerance = options.forceTolerance ?? DEFAULT_FORCE_TOLERANCE;

  const { config, polished, maxForce, maxForceInput, polishShift } = minimumToAnalyse(input, tolerance, options.polish, planarMinimumRoute(model, pinned, options));

  const pairs = findPairs(config, model);
  const tensors = pairTensors(pairs, model, 4);
  const pattern = hessianPattern(pairs, config.n, pinned);
  const algebra = createLinearAlgebra(pattern, options, method);
  const { factor, linear, counter } = algebra;
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
        polishShift,
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
  return { ...algebra, steps, finish, pinned, isolated: () => isolatedParticles(pairs.i, pairs.j, pairs.count, config.n) };
}

/** CHOLMOD_NOT_POSDEF as an UnstableConfigurationError naming the particle (./minimum.ts). */
function unstable(error: unknown, p: Prepared): unknown {
  return unstableConfiguration(error, { particleOfColumn: (column) => particleOfDof(column, p.pinned) }, false, p.isolated());
}

/** The options of localHeatCapacity (a complete list: AllKeysOf checks it against NdLhcOptions). */
const LHC_OPTION_NAMES = ['deformations', 'method', 'ordering', 'mode', 'solver', 'solverTol', 'pinned', 'model', 'forceTolerance',
  'polish', 'tangentsPerSweep', 'law'] as const;
const lhcOptionNames: AllKeysOf<NdLhcOptions, typeof LHC_OPTION_NAMES> = LHC_OPTION_NAMES;

/**
 * c_α and dc_α/dγ for every interaction of a minimized configuration. A 3D configuration
 * (config.dim = 3), or a call with options.law (any PairLaw, e.g. `poly` in 2D), is handled by
 * the d-generic path (lib/nd/local-heat-capacity.ts; 3D default deformations simple, pure,
 * simple-xz, simple-yz; Σc = d(N − 1)).
 * @throws RangeError if the configuration is not at a minimum and no polish is given
 * @throws UnstableConfigurationError (a CholmodError CHOLMOD_NOT_POSDEF) if the Hessian is not positive definite
 */
export function localHeatCapacity(config: Configuration, options: LhcOptions | NdLhcOptions = {}): LhcResult {
  expectLhcArguments(config, options);
  expectKnownKeys('options', options, lhcOptionNames, 'localHeatCapacity');
  if (isNd(config, options)) return localHeatCapacityNd(config, options);
  const p = prepare(config, options);
  const answer = answerer(p, false);
  try {
    return p.finish(drive(p.steps, (request) => answer(request) as Float64Array | undefined));
  } catch (error) {
    throw unstable(error, p);
  } finally {
    releaseLinearAlgebra(p);
  }
}

/** localHeatCapacity() with every factorization, inversion and solve on the thread pool. */
export async function localHeatCapacityAsync(config: Configuration, options: LhcOptions | NdLhcOptions = {}): Promise<LhcResult> {
  expectLhcArguments(config, options);
  expectKnownKeys('options', options, lhcOptionNames, 'localHeatCapacity');
  if (isNd(config, options)) return localHeatCapacityNdAsync(config, options);
  const p = prepare(config, options);
  const answer = answerer(p, true);
  try {
    return p.finish(await driveAsync(p.steps, answer));
  } catch (error) {
    throw unstable(error, p);
  } finally {
    releaseLinearAlgebra(p);
  }
}
