/**
 * The pinned Hessian of a glass of lib/nd and its shear force dipole, built the one way
 * every caller needs them (modes, the non-affine velocity of the predictors, the solver
 * comparison):
 *
 *   pairs   findPairsNd(config, law)
 *   radial  pairRadial(pairs, law, order)             (A_k up to `order`, lib/nd/radial.ts)
 *   K       K_α = A2 r rᵀ + A1 I                        (d² per pair, ε/λ²)
 *   M       Σ_α D_αᵀ K_α D_α without the pinned particle's d rows and columns
 *           (CSC lower triangle, d·N − d rows; what CHOLMOD factorizes, docs/design.md §5)
 *   Ξ(E)    Σ_α D_αᵀ K_α E r_α                          (dN, ε/λ per unit strain; shearDipole)
 */
import type { Configuration } from '../config.js';
import { affineBondVelocity, blockApply, gather, stiffnessBlocks } from './contractions.js';
import type { NdLaw } from './law.js';
import { findPairsNd, type NdPairList } from './pairs.js';
import { ndAssemble, ndHessianPattern, type NdHessianPattern } from './pattern.js';
import { pairRadial } from './radial.js';
import type { CscMatrix } from '../sparse-cholesky.js';

export interface NdPinnedSystem {
  pairs: NdPairList;
  /** pairRadial(pairs, law, order). */
  radial: Float64Array;
  /** K_α, d² per pair (row-major). */
  K: Float64Array;
  /** The pattern of M (its scatter maps restrict and expand particle vectors). */
  pattern: NdHessianPattern;
  /** The pinned Hessian on `pattern`. */
  M: CscMatrix;
}

/**
 * The pairs, stiffness blocks and pinned Hessian of `config` under `law`.
 * @param order highest radial derivative the caller needs besides K (2, 3 or 4)
 */
export function ndPinnedSystem(config: Configuration, law: NdLaw, pinned: number, order: 2 | 3 | 4 = 2): NdPinnedSystem {
  const pairs = findPairsNd(config, law);
  const radial = pairRadial(pairs, law, order);
  const K = stiffnessBlocks(pairs, radial);
  const pattern = ndHessianPattern(pairs, pinned);
  return { pairs, radial, K, pattern, M: ndAssemble(pattern, K) };
}

/**
 * Ξ(E) = ∂²U/∂x∂γ = Σ_α D_αᵀ K_α E r_α, the force dipole that shear E = dH/dγ (d×d
 * row-major) exerts at fixed reduced coordinates: dN (ε/λ per unit strain), no net force.
 */
export function shearDipole(pairs: NdPairList, K: Float64Array, E: Float64Array): Float64Array {
  return gather(pairs, blockApply(pairs.d, pairs.count, K, affineBondVelocity(pairs, E)));
}
