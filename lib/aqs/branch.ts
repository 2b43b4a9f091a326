/**
 * Points of the elastic branch x(γ) and the predictor along it (docs/design.md §4–§6).
 *
 * At a converged state (the landscape holds its factor) a branch point records:
 * - σ (ε/λ²) and the non-affine velocity u = −M⁻¹ Ξ (Landscape `nonAffineVelocity`),
 *   the slope of the branch: dx/dγ = L x + u (ContinuationLandscape, ./strain-landscape.ts;
 *   d = 2 or 3);
 * - the K_MODES lowest eigenpairs of M (./eigen.ts `branchModes`, warm-started from the
 *   previous point's modes and from u, which is M⁻¹ applied to the mismatch forces and so
 *   leans on the soft modes that couple to the strain) and their slopes
 *   λ'_c = v_cᵀ Ṁ v_c (Landscape `eigenvalueDerivatives`);
 * - the distance to the nearest fold: near a saddle-node λ_c² ∝ γ_c − γ, so
 *   γ_c − γ ≈ min_c λ_c / (2|λ'_c|) over the modes with λ'_c < 0 (./eigen.ts `foldDistance`).
 *   Tracking several modes matters: the mode that goes unstable is often not the lowest
 *   until close to the fold (a softer spot that does not couple to this direction, or at
 *   N = 10⁴ the lowest phonon, sits below it), and a single mode leaves the step control
 *   blind until then.
 *
 * Predictor: x_pred = A x + δγ·u with A = H(γ+δγ)H(γ)⁻¹ (first order in δγ; the corrector
 * does the rest).
 */
import { applyLinear } from '../space/cell-nd.js';
import { branchModes, foldDistance, type BranchModes } from './eigen.js';
import type { ContinuationLandscape } from './strain-landscape.js';
import type { BranchState } from './types.js';

/** Modes tracked along the branch. */
export const K_MODES = 6;
/** Relative tolerance of the tracked eigenvalues (λ_min is reported at the event). */
const MODE_TOL = 1e-8;
/** The same at the first branch point, from a cold start. */
const COLD_TOL = 1e-5;

export interface BranchPoint extends BranchState {
  /** Non-affine velocity u (d·N, zero for the pinned particle). */
  u: Float64Array;
  /** max_k |u_k|. */
  uMax: number;
  /** The tracked modes (pinned space). */
  modes: BranchModes;
  /** λ'_c = dλ_c/dγ of each tracked mode. */
  dLambdas: Float64Array;
  /** λ_min (the lowest tracked eigenvalue). */
  lambda: number;
  /** Estimated distance to the nearest fold, γ_c − γ (+∞ when no mode softens). */
  fold: number;
}

/**
 * The branch point at a converged state (x, γ) with energy U; the landscape must hold
 * the factor at (x, γ), and keeps it (Landscape `keepFactor`) for the corrector's chord
 * steps from this point. `previous` warm-starts the modes.
 */
export function branchPoint(land: ContinuationLandscape, x: Float64Array, gamma: number, energy: number, previous?: BranchPoint): BranchPoint {
  const stress = land.stress();
  const u = land.nonAffineVelocity();
  let uMax = 0;
  for (let k = 0; k < u.length; k++) uMax = Math.max(uMax, Math.abs(u[k]));
  const dofs = land.dofs;
  const start = new Float64Array(K_MODES * dofs);
  const kept = previous === undefined ? 0 : Math.min(K_MODES - 1, previous.modes.k);
  if (previous !== undefined) start.set(previous.modes.vectors.subarray(0, kept * dofs));
  start.set(restrictPinned(land, u), kept * dofs);
  // Cold (first point): a rough start that the warm steps refine; the first steps are far from any fold.
  const modes = previous === undefined
    ? branchModes(land, K_MODES, { start, tol: COLD_TOL, maxIter: 15, converge: 1 })
    : branchModes(land, K_MODES, { start, tol: MODE_TOL, maxIter: 8, converge: 1 });
  const dLambdas = land.eigenvalueDerivatives(modes.vectors, modes.k, u);
  let fold = Number.POSITIVE_INFINITY;
  for (let c = 0; c < modes.k; c++) fold = Math.min(fold, foldDistance(modes.lambdas[c], dLambdas[c]));
  land.keepFactor();
  return { x, gamma, energy, stress, u, uMax, modes, dLambdas, lambda: modes.lambdas[0], fold };
}

/** u without the pinned particle's d entries (the pinned space of the modes). */
function restrictPinned(land: ContinuationLandscape, u: Float64Array): Float64Array {
  const d = u.length - land.dofs, p = land.pinned;
  const out = new Float64Array(land.dofs);
  out.set(u.subarray(0, d * p), 0);
  out.set(u.subarray(d * p + d), d * p);
  return out;
}

/** Predictor x_pred = A x + δγ·u at γ = lo.γ + δγ (see the module doc); A is d×d. */
export function predict(land: ContinuationLandscape, lo: BranchPoint, gamma: number): Float64Array {
  const delta = gamma - lo.gamma;
  const A = land.affineMap(lo.gamma, gamma);
  const pred = applyLinear(A, lo.x), u = lo.u;
  for (let i = 0; i < pred.length; i++) pred[i] += delta * u[i];
  return pred;
}

/** The affine image A x of the branch state at γ (the start of a minimization there). */
export function affineImage(land: ContinuationLandscape, from: BranchState, gamma: number): Float64Array {
  return applyLinear(land.affineMap(from.gamma, gamma), from.x);
}
