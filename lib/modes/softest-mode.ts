/**
 * The lowest vibrational mode of a glass at an energy minimum (unit masses, so ω² is the
 * lowest non-zero eigenvalue of the Hessian M), by inverse iteration on one CHOLMOD
 * factorization of the pinned Hessian.
 *
 * Why it is here: the paper's tail exponents rest on c_α ~ ω⁻⁴ and dc_α/dγ ~ ω⁻⁸ for the
 * soft quasilocalized mode an interaction sits on; this gives ω of a glass's softest mode
 * so that those scalings can be checked glass by glass (docs/reproduction.md).
 *
 * The free Hessian (dN × dN) has d zero modes, the uniform translations. For a right-hand
 * side b with no net force (Σ_i b_i = 0), the pinned solve x = M_p⁻¹ b (particle p held
 * fixed) solves the free system exactly: translation invariance makes the blocks of every
 * column of M sum to zero, so the pinned particle's rows hold by themselves. Removing the
 * mean displacement then gives the pseudo-inverse, M⁺b = P x. Inverse iteration
 * x ← M⁺x / |M⁺x| converges to the lowest mode at the rate λ₁/λ₂ per step; its Rayleigh
 * quotient λ ≈ 1/(x·M⁺x) at (λ₁/λ₂)².
 *
 * Any glass (docs/design.md §10), through the pinned Hessian and products of lib/modes/system.ts
 * as lowestModes: a 2D glass of a species law on the 2D kernels (lib/hessian, the
 * configuration's Model or options.model); a glass of lib/nd (lib/nd/law.ts isNdGlass: 3D,
 * or 2D `poly`) on the d-generic code, under the law of its preset (or options.model's law).
 */
import type { Configuration } from '../config.js';
import { unstableConfiguration } from '../errors.js';
import type { Model } from '../model/index.js';
import { removeTranslation } from './translation.js';
import { modesSystem } from './system.js';
import { SparseCholesky } from '../sparse-cholesky.js';
import { createRng, fillNormal } from '../random.js';
import { expectInteger, expectKnownKeys, expectNumber, type AllKeysOf } from '../validate.js';

export interface SoftestModeOptions {
  /** The pair law (2D kernels; for a glass of lib/nd only its `law` is used). Default: the configuration's. */
  model?: Model;
  /** Largest number of inverse-iteration steps (default 1000). */
  maxIterations?: number;
  /** Stop when the eigenvalue estimate changes by less than tol relatively (default 1e-12). */
  tol?: number;
  /** Seed of the random start vector (default 1). */
  seed?: number;
}

export interface SoftestMode {
  /** Lowest non-zero eigenvalue λ₁ = ω² of the Hessian (ε/λ²; unit masses). */
  eigenvalue: number;
  /** ω = √λ₁ (1/τ0). */
  omega: number;
  /** Unit-norm eigenvector, the d components of each particle interleaved, length dN, no net translation. */
  mode: Float64Array;
  /** |M x − λ₁ x| (ε/λ²), from the free Hessian. */
  residual: number;
  /** Participation ratio (Σ|x_i|²)² / (N Σ|x_i|⁴): ≈ 1 extended (phonon), ≪ 1 quasilocalized. */
  participation: number;
  iterations: number;
}

const norm = (x: Float64Array): number => { let s = 0; for (let k = 0; k < x.length; k++) s += x[k] * x[k]; return Math.sqrt(s); };

/** The options of softestMode (a complete list: AllKeysOf checks it against SoftestModeOptions). */
const SOFTEST_MODE_OPTION_NAMES = ['model', 'maxIterations', 'tol', 'seed'] as const;
const softestModeOptionNames: AllKeysOf<SoftestModeOptions, typeof SOFTEST_MODE_OPTION_NAMES> = SOFTEST_MODE_OPTION_NAMES;

/**
 * The lowest non-zero mode of `config` (which must be at a minimum: the Hessian of a
 * non-minimum may be indefinite, and CHOLMOD then reports the failing particle).
 * @throws UnstableConfigurationError (a CholmodError CHOLMOD_NOT_POSDEF) naming the particle
 *   of the first failing pivot when the Hessian is not positive definite, as lowestModes;
 *   RangeError for bad options
 */
export function softestMode(config: Configuration, options: SoftestModeOptions = {}): SoftestMode {
  expectKnownKeys('options', options, softestModeOptionNames, 'softestMode');
  const maxIterations = expectInteger('options.maxIterations', options.maxIterations ?? 1000, 1);
  const tol = expectNumber('options.tol', options.tol ?? 1e-12, { min: 0, exclusiveMin: true });
  const n = config.n;
  // As lowestModes: the glass's own law unless options.model names one, particle 0 pinned.
  const system = modesSystem(config, options.model, 0);
  const { d, pinnedHessian } = system;
  const dofs = d * n;
  const factor = SparseCholesky.analyze({ n: pinnedHessian.n, colPtr: pinnedHessian.colPtr, rowIdx: pinnedHessian.rowIdx }, { ordering: 'metis' });
  try {
    try {
      factor.factorize(pinnedHessian.values);
    } catch (error) {
      // As lowestModes: an input that is not a stable minimum, named by its particle.
      throw unstableConfiguration(error, system.particleOfRow);
    }
    const x = new Float64Array(dofs);
    fillNormal(createRng(options.seed ?? 1), x);
    removeTranslation(x, d);
    let s = norm(x);
    for (let k = 0; k < x.length; k++) x[k] /= s;
    let lambda = NaN;
    let iterations = 0;
    const y = new Float64Array(dofs);
    while (iterations < maxIterations) {
      iterations++;
      // Particle 0 is pinned: its d entries lead the vector; drop them, solve, put zeros back.
      y.set(factor.solve(x.slice(d)), d);
      y.fill(0, 0, d);
      removeTranslation(y, d);
      let xy = 0;
      for (let k = 0; k < x.length; k++) xy += x[k] * y[k];
      const next = 1 / xy;
      s = norm(y);
      for (let k = 0; k < x.length; k++) x[k] = y[k] / s;
      const converged = Math.abs(next - lambda) <= tol * Math.abs(next);
      lambda = next;
      if (converged) break;
    }
    const mx = system.product(x, 1);
    let rq = 0;
    for (let k = 0; k < x.length; k++) rq += x[k] * mx[k];
    let r2 = 0, sum2 = 0, sum4 = 0;
    for (let k = 0; k < x.length; k++) r2 += (mx[k] - rq * x[k]) ** 2;
    for (let i = 0; i < n; i++) {
      let a = 0;
      for (let c = 0; c < d; c++) a += x[d * i + c] ** 2;
      sum2 += a;
      sum4 += a * a;
    }
    return { eigenvalue: rq, omega: Math.sqrt(rq), mode: x, residual: Math.sqrt(r2), participation: (sum2 * sum2) / (n * sum4), iterations };
  } finally {
    factor.dispose();
  }
}
