/**
 * The local heat capacity c_α of every interaction and its linear response dc_α/dγ to
 * imposed deformations, for one configuration (docs/design.md §4, §5; paper Eqs. 1, S3–S6).
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
import { responseSteps } from './response.js';
import { DEFAULT_PINNED } from '../hessian/pattern.js';
import { isNdGlass } from '../nd/law.js';
import { localHeatCapacityNd, localHeatCapacityNdAsync, type NdLhcOptions } from '../nd/local-heat-capacity.js';
import { DEFAULT_FORCE_TOLERANCE, expectDeformations, expectLhcArguments, LHC_DEFAULTS, LHC_METHODS, type LhcOptions, type LhcResult } from './options.js';
import { createLinearAlgebra } from './answer.js';
import { lhcResult, runLhc, runLhcAsync, type LhcParts, type PreparedLhc } from './run.js';
import { isolatedParticles } from '../hessian/isolated.js';
import { minimumToAnalyse, type MinimumRoute } from './minimum.js';

export {
  DEFAULT_DEFORMATIONS, DEFAULT_FORCE_TOLERANCE, LHC_DEFAULTS, LHC_METHODS,
  type LhcDiagnostics, type LhcMethod, type LhcOptions, type LhcPhase, type LhcResult,
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
    isolated: (c) => {
      const pairs = findPairs(c, model);
      return isolatedParticles(pairs.i, pairs.j, pairs.count, c.n);
    },
  };
}


function prepare(input: Configuration, options: LhcOptions): PreparedLhc {
  const t0 = performance.now();
  const model = options.model ?? modelOfConfiguration(input);
  const given = expectOneOf('options.method', options.method ?? LHC_DEFAULTS.method, LHC_METHODS);
  const method: SelectedInverseMethod = given === 'selinv' ? 'takahashi' : given;
  const pinned = expectInteger('options.pinned', options.pinned ?? DEFAULT_PINNED, 0, input.n - 1);
  const deformations = expectDeformations(options.deformations, 2);
  const tolerance = options.forceTolerance ?? DEFAULT_FORCE_TOLERANCE;

  const { config, polished, maxForce, maxForceInput, polishShift } = minimumToAnalyse(input, tolerance, options.polish, planarMinimumRoute(model, pinned, options),
    options.onPhase && ((f) => options.onPhase!({ phase: 'polish', maxForce: f })));

  const pairs = findPairs(config, model);
  const tensors = pairTensors(pairs, model, 4);
  const pattern = hessianPattern(pairs, config.n, pinned);
  const algebra = createLinearAlgebra(pattern, options, method);
  const tSetup = performance.now() - t0;
  const steps = responseSteps(pairs, tensors, pattern, deformations, () => performance.now(), options.tangentsPerSweep ?? Infinity); // checked by expectLhcArguments

  const m = pairs.count;
  const parts: LhcParts = {
    config, d: 2, count: m, i: pairs.i.slice(0, m), j: pairs.j.slice(0, m), deformations,
    minimum: { maxForceInput, polishShift, maxForce, polished }, algebra, t0, tSetup,
  };
  return {
    ...algebra, steps, finish: (fields) => lhcResult(parts, fields),
    particleOfColumn: (column) => particleOfDof(column, pinned), isolated: () => isolatedParticles(pairs.i, pairs.j, pairs.count, config.n),
    ...(options.onPhase !== undefined ? { onPhase: options.onPhase } : {}),
  };
}

/** The options of localHeatCapacity (a complete list: AllKeysOf checks it against NdLhcOptions). */
const LHC_OPTION_NAMES = ['deformations', 'method', 'ordering', 'mode', 'solver', 'solverTol', 'pinned', 'model', 'forceTolerance',
  'polish', 'tangentsPerSweep', 'onPhase', 'law'] as const;
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
  return runLhc(prepare(config, options));
}

/** localHeatCapacity() with every factorization, inversion and solve on the thread pool. */
export async function localHeatCapacityAsync(config: Configuration, options: LhcOptions | NdLhcOptions = {}): Promise<LhcResult> {
  expectLhcArguments(config, options);
  expectKnownKeys('options', options, lhcOptionNames, 'localHeatCapacity');
  if (isNd(config, options)) return localHeatCapacityNdAsync(config, options);
  return runLhcAsync(prepare(config, options));
}
