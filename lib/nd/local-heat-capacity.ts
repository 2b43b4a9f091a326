/**
 * The local heat capacity c_α and its response dc_α/dγ for a glass of any dimension
 * d ∈ {2, 3} (docs/design.md §4, §5, §10): the d-generic path behind localHeatCapacity() for 3D
 * glasses, 2D glasses of a law the 2D kernels do not have (`poly`, a registered law) and
 * calls with `options.law` (lib/lhc/local-heat-capacity.ts dispatches here). The 2D path
 * stays the specialised one; at d = 2 this gives the same numbers (test/nd-lhc-2d.test.ts).
 *
 * Same options, result and diagnostics as the 2D function, plus `law` (any PairLaw, species
 * or per particle); the default deformations in 3D are the four presets simple, pure,
 * simple-xz, simple-yz (lib/space/directions.ts), and the sum rule is Σ_α c_α = d(N − 1).
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { DEFAULT_FORCE_TOLERANCE, expectDeformations, LHC_DEFAULTS, LHC_METHODS, type LhcOptions, type LhcResult } from '../lhc/options.js';
import { createLinearAlgebra } from '../lhc/answer.js';
import { lhcResult, runLhc, runLhcAsync, type LhcParts, type PreparedLhc } from '../lhc/run.js';
import { isolatedParticles } from '../hessian/isolated.js';
import { minimumToAnalyse, type MinimumRoute } from '../lhc/minimum.js';
import type { PairLaw } from '../model/pair-law.js';
import type { SelectedInverseMethod } from '../sparse-cholesky.js';
import { expectAllFinite, expectConfigurationOfDimension, expectInteger, expectOneOf } from '../validate.js';
import { maxAbs } from '../minimize/common.js';
import { energyForcesNd } from './energy.js';
import { lawOfConfiguration, type NdLaw } from './law.js';
import { newtonPolishNd } from './newton.js';
import { findPairsNd } from './pairs.js';
import { ndHessianPattern, ndParticleOfDof } from './pattern.js';
import { pairRadial } from './radial.js';
import { ndResponseSteps } from './response.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of {@link localHeatCapacityNd}: those of localHeatCapacity, and the pair law. */
export interface NdLhcOptions extends LhcOptions {
  /**
   * The pair law (default: `options.model`'s law, else the preset named by config.model).
   * A law that is not a preset's is checked by finite differences first.
   */
  law?: PairLaw;
}

/**
 * How a glass of lib/nd (3D, or 2D poly) is measured and polished (lib/lhc/minimum.ts): max
 * |F| of the d-generic kernels, Newton with the Hessian pinned at `pinned`.
 */
export function ndMinimumRoute(law: NdLaw, d: 2 | 3, pinned: number, ordering?: NdLhcOptions['ordering']): MinimumRoute {
  return {
    maxForce: (c) => maxAbs(energyForcesNd(c, law).forces),
    newton: (c) => newtonPolishNd(c, law, { pinned, ordering }).config,
    particleOfColumn: (column) => ndParticleOfDof(d, column, pinned),
    isolated: (c) => {
      const pairs = findPairsNd(c, law);
      return isolatedParticles(pairs.i, pairs.j, pairs.count, c.n);
    },
  };
}


function prepare(input: Configuration, options: NdLhcOptions): PreparedLhc {
  const t0 = performance.now();
  expectConfigurationOfDimension('config', input);
  const d = dimensionOf(input);
  expectAllFinite('config.cell', input.cell);
  expectAllFinite('config.positions', input.positions, 'finite coordinates');
  if (input.n < 2) throw new ArgumentRangeError(`config.n: expected at least 2 particles (one is pinned to remove the translations), got ${input.n}`);
  const law: NdLaw = lawOfConfiguration(input, options.law ?? options.model?.law);
  const given = expectOneOf('options.method', options.method ?? LHC_DEFAULTS.method, LHC_METHODS);
  const method: SelectedInverseMethod = given === 'selinv' ? 'takahashi' : given;
  const pinned = expectInteger('options.pinned', options.pinned ?? 0, 0, input.n - 1);
  const deformations = expectDeformations(options.deformations, d);
  const tangentsPerSweep = options.tangentsPerSweep === undefined ? Infinity : expectInteger('options.tangentsPerSweep', options.tangentsPerSweep, 1, Number.MAX_SAFE_INTEGER);
  const tolerance = options.forceTolerance ?? DEFAULT_FORCE_TOLERANCE;

  const { config, polished, maxForce, maxForceInput, polishShift } = minimumToAnalyse(input, tolerance, options.polish, ndMinimumRoute(law, d, pinned, options.ordering),
    options.onPhase && ((f) => options.onPhase!({ phase: 'polish', maxForce: f })));

  const pairs = findPairsNd(config, law);
  const radial = pairRadial(pairs, law, 4);
  const pattern = ndHessianPattern(pairs, pinned);
  const algebra = createLinearAlgebra(pattern, options, method);
  const tSetup = performance.now() - t0;
  const steps = ndResponseSteps(pairs, radial, pattern, deformations, () => performance.now(), tangentsPerSweep);

  const parts: LhcParts = {
    config, d, count: pairs.count, i: pairs.i, j: pairs.j, deformations,
    minimum: { maxForceInput, polishShift, maxForce, polished }, algebra, t0, tSetup,
  };
  return {
    ...algebra, steps, finish: (fields) => lhcResult(parts, fields),
    particleOfColumn: (column) => ndParticleOfDof(d, column, pinned), isolated: () => isolatedParticles(pairs.i, pairs.j, pairs.count, config.n),
    ...(options.onPhase !== undefined ? { onPhase: options.onPhase } : {}),
  };
}

/**
 * c_α and dc_α/dγ for every interaction of a minimized glass of dimension 2 or 3.
 * @throws RangeError for a bad configuration (non-finite positions, a cell narrower than
 *   twice the largest cutoff, a model of another dimension), bad options (an E that is not
 *   d×d), or a configuration off its minimum with polish: false
 * @throws UnstableConfigurationError if the Hessian is not positive definite
 */
export function localHeatCapacityNd(config: Configuration, options: NdLhcOptions = {}): LhcResult {
  return runLhc(prepare(config, options));
}

/** localHeatCapacityNd() with every factorization, inversion and solve on the thread pool. */
export async function localHeatCapacityNdAsync(config: Configuration, options: NdLhcOptions = {}): Promise<LhcResult> {
  return runLhcAsync(prepare(config, options));
}
