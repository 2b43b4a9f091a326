/**
 * What the AQS protocols need of a glass under strain: the energy landscape U(x; γ) of
 * positions x at strain γ on a path H(γ), its Hessian's factorization, and the geometry of
 * the path. The reference protocol (./reference.ts), the minimization (./relax.ts), the
 * Newton polish (./newton.ts), the lowest mode by inverse iteration (./eigen.ts
 * `lowestMode`) and the event's location (./first-event.ts) use only this; the 2D
 * `Landscape` (./landscape.ts) implements it with the extras of the fast protocol, the
 * d-generic one (./landscape-nd.ts) for 3D glasses.
 *
 * Shapes: x has d·N entries (d = 2, 3; x, y[, z] interleaved), matrices are d×d
 * row-major; the pinned space (the Hessian without the pinned particle's d rows and
 * columns) has `dofs` = d(N − 1) entries. Units: λ, ε, ε/λ² for stresses in 2D (ε/λ³ 3D).
 */
import type { Configuration } from '../config.js';
import type { CholmodError } from '../errors.js';
import type { Request } from './driver.js';

/** Counters of the work done (for the result's statistics). */
export interface LandscapeCounters {
  /** Energy + force evaluations. */
  evaluations: number;
  /** Numeric factorizations (successful or not). */
  factorizations: number;
  /** Symbolic analyses (orderings). */
  analyses: number;
  /** Triangular solves (right-hand sides). */
  solves: number;
}

export interface StrainLandscape {
  /** Work done so far (for `AqsEvent.statistics`). */
  readonly counters: LandscapeCounters;
  /** Cell H(γ)·h0 at strain γ (d×d, row-major). */
  cellAt(gamma: number): Float64Array;
  /** The affine map from γ_old to γ_new: A = H(γ_new)·H(γ_old)⁻¹ (d×d, row-major). */
  affineMap(gammaOld: number, gammaNew: number): Float64Array;
  /** A Configuration record (copies) for positions x at strain γ. */
  configurationAt(x: Float64Array, gamma: number): Configuration;
  /** U and F at (x, γ); the forces array is the landscape's, overwritten by the next call. */
  evaluate(x: Float64Array, gamma: number): { energy: number; forces: Float64Array; maxForce: number };
  /** Objective for lib/minimize at fixed strain γ: returns U(x), writes ∇U = −F into grad. */
  objective(gamma: number): (x: Float64Array, grad: Float64Array) => number;
  /** σ = (1/V) ∂U/∂γ at the last evaluated state. */
  stress(): number;
  /**
   * Assembles and factorizes the pinned Hessian at the last evaluated state (yields one
   * factorize request); returns null, or the CholmodError CHOLMOD_NOT_POSDEF.
   */
  factorizeRequest(): Generator<Request, CholmodError | null, CholmodError | null>;
  /** Newton step Δx = M⁻¹ F (d·N, zero for the pinned particle) at the factorized state. */
  newtonStep(forces: Float64Array): Float64Array;
  /** X = M⁻¹ B in the pinned space (dofs × nrhs, column-major). */
  solvePinned(b: Float64Array, nrhs?: number): Float64Array;
  /** M X in the pinned space (dofs × nrhs, column-major). */
  hessianProduct(X: Float64Array, nrhs?: number): Float64Array;
  /** Dimension of the pinned space, d(N − 1). */
  readonly dofs: number;
  /** Frees native resources. Safe to call twice. */
  dispose(): void;
}
