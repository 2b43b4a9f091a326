/**
 * What the AQS protocols need of a glass under strain: the energy landscape U(x; γ) of
 * positions x at strain γ on a path H(γ), its Hessian's factorization, and the geometry of
 * the path. The reference protocol (./reference.ts), the minimization (./relax.ts), the
 * Newton polish (./newton.ts), the lowest mode by inverse iteration (./eigen.ts
 * `lowestMode`) and the event's location (./first-event.ts) use only `StrainLandscape`;
 * the fast protocol (./fast.ts, ./branch.ts, ./corrector.ts) needs the extras of
 * `ContinuationLandscape` (linear response, eigenvalue slopes, a kept factor). Both the 2D
 * `Landscape` (./landscape.ts) and the d-generic `NdLandscape` (./landscape-nd.ts, 3D
 * glasses) implement the latter.
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
  /** The particle owning column `column` of the pinned Hessian (to name a failing pivot's particle). */
  particleOfColumn(column: number): number;
  /** Frees native resources. Safe to call twice. */
  dispose(): void;
}

/** The extras of the fast protocol's branch continuation (./fast.ts), docs/design.md §4–§6. */
export interface ContinuationLandscape extends StrainLandscape {
  /** Particle whose d dofs are dropped from the Hessian. */
  readonly pinned: number;
  /** True when a factorization is held (of this or an earlier state; see `heldStep`). */
  readonly factorHeld: boolean;
  /**
   * Protects the factor of the current state (which must be factorized) from being
   * overwritten by later factorizations; `useKeptFactor` makes it the active one again.
   */
  keepFactor(): void;
  /** Makes the kept factor the active one (for `heldStep`); false when none is kept. */
  useKeptFactor(): boolean;
  /** Chord step Δx = M_f⁻¹ F (d·N, zero for the pinned particle), M_f the active factor's Hessian. */
  heldStep(forces: Float64Array): Float64Array;
  /**
   * Non-affine velocity u = dx/dγ − L x = −M⁻¹ Ξ, Ξ = Σ_α D_αᵀ K_α L r_α, L = E H(γ)⁻¹
   * (d·N, zero for the pinned particle) at the factorized state.
   */
  nonAffineVelocity(): Float64Array;
  /**
   * dλ_c/dγ = v_cᵀ Ṁ v_c, Ṁ = Σ_α D_αᵀ (T_α·ṙ_α) D_α, ṙ_α = L r_α + D_α u, for k unit
   * vectors (pinned space, column-major dofs × k) at the last evaluated state (ε λ⁻² per
   * unit strain).
   */
  eigenvalueDerivatives(V: Float64Array, k: number, u: Float64Array): Float64Array;
}
