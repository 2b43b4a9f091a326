/**
 * The lowest vibrational mode of a glass at an energy minimum (unit masses, so ω² is the
 * lowest non-zero eigenvalue of the Hessian M), by inverse iteration on one CHOLMOD
 * factorization of the pinned Hessian.
 *
 * Why it is here: the paper's tail exponents rest on c_α ~ ω⁻⁴ and dc_α/dγ ~ ω⁻⁸ for the
 * soft quasilocalized mode an interaction sits on; this gives ω of a glass's softest mode
 * so that those scalings can be checked glass by glass (docs/reproduction.md).
 *
 * The free Hessian (2N × 2N) has two zero modes, the uniform translations. For a right-hand
 * side b with no net force (Σ_i b_i = 0), the pinned solve x = M_p⁻¹ b (particle p held
 * fixed) solves the free system exactly: translation invariance makes the blocks of every
 * column of M sum to zero, so the pinned particle's rows hold by themselves. Removing the
 * mean displacement then gives the pseudo-inverse, M⁺b = P x. Inverse iteration
 * x ← M⁺x / |M⁺x| converges to the lowest mode at the rate λ₁/λ₂ per step; its Rayleigh
 * quotient λ ≈ 1/(x·M⁺x) at (λ₁/λ₂)².
 */
import type { Configuration } from '../config.js';
import { expandPinned, findPairs, hessian, hessianPattern, pairTensors, restrictPinned } from '../hessian/index.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import { SparseCholesky } from '../sparse-cholesky.js';
import { symmetricMatvec } from '../solvers/matvec.js';
import { createRng, fillNormal } from '../stats/random.js';
import { expectInteger } from '../validate.js';

export interface SoftestModeOptions {
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
  /** Unit-norm eigenvector, x, y interleaved, length 2N, no net translation. */
  mode: Float64Array;
  /** |M x − λ₁ x| (ε/λ²), from the free Hessian. */
  residual: number;
  /** Participation ratio (Σ|x_i|²)² / (N Σ|x_i|⁴): ≈ 1 extended (phonon), ≪ 1 quasilocalized. */
  participation: number;
  iterations: number;
}

/** Removes the mean x and y displacement, in place. */
function removeTranslation(x: Float64Array): void {
  const n = x.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[2 * i]; my += x[2 * i + 1]; }
  mx /= n; my /= n;
  for (let i = 0; i < n; i++) { x[2 * i] -= mx; x[2 * i + 1] -= my; }
}

const norm = (x: Float64Array): number => { let s = 0; for (let k = 0; k < x.length; k++) s += x[k] * x[k]; return Math.sqrt(s); };

/**
 * The lowest non-zero mode of `config` (which must be at a minimum: the Hessian of a
 * non-minimum may be indefinite, and CHOLMOD then reports the failing particle).
 */
export function softestMode(config: Configuration, options: SoftestModeOptions = {}): SoftestMode {
  const model = options.model ?? modelOfConfiguration(config);
  const maxIterations = expectInteger('options.maxIterations', options.maxIterations ?? 1000, 1);
  const tol = options.tol ?? 1e-12;
  if (!(tol > 0)) throw new RangeError(`options.tol: expected a number > 0, got ${options.tol}`);
  const n = config.n;
  const pairs = findPairs(config, model);
  const K = pairTensors(pairs, model, 2).K!;
  const pattern = hessianPattern(pairs, n, 0);
  const factor = SparseCholesky.analyze(pattern, { ordering: 'metis' });
  try {
    factor.factorize(hessian(pairs, K, n, 0).values);
    const x = new Float64Array(2 * n);
    fillNormal(createRng(options.seed ?? 1), x);
    removeTranslation(x);
    let s = norm(x);
    for (let k = 0; k < x.length; k++) x[k] /= s;
    let lambda = NaN;
    let iterations = 0;
    const y = new Float64Array(2 * n);
    while (iterations < maxIterations) {
      iterations++;
      expandPinned(pattern, factor.solve(restrictPinned(pattern, x)), y);
      removeTranslation(y);
      let xy = 0;
      for (let k = 0; k < x.length; k++) xy += x[k] * y[k];
      const next = 1 / xy;
      s = norm(y);
      for (let k = 0; k < x.length; k++) x[k] = y[k] / s;
      const converged = Math.abs(next - lambda) <= tol * Math.abs(next);
      lambda = next;
      if (converged) break;
    }
    const mx = symmetricMatvec(hessian(pairs, K, n, -1), x);
    let rq = 0;
    for (let k = 0; k < x.length; k++) rq += x[k] * mx[k];
    let r2 = 0, sum2 = 0, sum4 = 0;
    for (let k = 0; k < x.length; k++) r2 += (mx[k] - rq * x[k]) ** 2;
    for (let i = 0; i < n; i++) {
      const a = x[2 * i] ** 2 + x[2 * i + 1] ** 2;
      sum2 += a;
      sum4 += a * a;
    }
    return { eigenvalue: rq, omega: Math.sqrt(rq), mode: x, residual: Math.sqrt(r2), participation: (sum2 * sum2) / (n * sum4), iterations };
  } finally {
    factor.dispose();
  }
}
