/**
 * What the mode solver needs of a glass, in 2D or 3D (d = config.dim): the pinned Hessian
 * M_p (the particle `pinned` held fixed; d·N − d rows, CSC lower triangle, the matrix
 * CHOLMOD factorizes), products with the free Hessian M = Σ_α D_αᵀ K_α D_α (dN × dN, pair
 * by pair, never assembled), the shear force dipole Ξ(E) = ∂²U/∂x∂γ = Σ_α D_αᵀ K_α E r_α
 * (ε/λ per unit strain) and the largest force max_i |F_i| (ε/λ), with F = −Σ_α D_αᵀ g_α.
 * Vectors are particle vectors of dN entries, the d components of each particle
 * interleaved; D_α u = u_j − u_i.
 *
 * 2D: the 2D kernels of lib/hessian with a {@link Model} (pairs, tensors, assembly).
 * 3D: the d-generic route of lib/nd with the law of the configuration
 * (lawOfConfiguration: `config.model`, a docs/design.md §10 preset such as ka, ipl3d, poly, or
 * `model.law`): lib/nd/pinned-system.ts for the pairs, K_α = A2 r rᵀ + A1 I, M_p and Ξ, and
 * the contractions of lib/nd/contractions.ts.
 */
import { dimensionOf, type Configuration } from '../config.js';
import { findPairs, gatherPairVectors, hessian, hessianProduct, mismatchForces, pairTensors, particleOfDof } from '../hessian/index.js';
import { isolatedParticles, type IsolatedParticles } from '../hessian/isolated.js';
import { maxAbs } from '../minimize/common.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import { blockApply, differences, gather, gradientVectors } from '../nd/contractions.js';
import { lawOfConfiguration, usesKernels2d } from '../nd/law.js';
import { ndParticleOfDof } from '../nd/pattern.js';
import { ndPinnedSystem, shearDipole } from '../nd/pinned-system.js';
import type { CscMatrix } from '../sparse-cholesky.js';

export interface ModesSystem {
  d: 2 | 3;
  /** Particles N. */
  n: number;
  /** The pinned Hessian (d·N − d rows). */
  pinnedHessian: CscMatrix;
  /** The largest force component max |F_iα| (ε/λ). */
  maxForce: number;
  /** M V for nrhs particle vectors (dN × nrhs column-major), a new array. */
  product(V: Float64Array, nrhs: number): Float64Array;
  /** Ξ(E) (dN) for E = dH/dγ (d×d row-major). */
  shearDipole(E: Float64Array): Float64Array;
  /** The particle of a row of the pinned Hessian (for the failing pivot of an error). */
  particleOfRow(row: number): number;
  /** The particles without an interaction (for the message of a singular Hessian). */
  isolated(): IsolatedParticles | undefined;
}

/**
 * The system of `config` under `model` (the caller's, or undefined: the glass's own), the
 * one choice of lowestModes and softestMode: a 2D glass of a species law, or any 2D glass
 * with a `model`, on the 2D kernels (`model`, else modelOfConfiguration); 3D, or a 2D glass
 * of a per-particle preset (`poly`, lib/nd/law.ts isNdGlass) without `model`, on the
 * d-generic code under the law of the configuration (or `model.law`).
 */
export function modesSystem(config: Configuration, model: Model | undefined, pinned: number): ModesSystem {
  const d = dimensionOf(config);
  const n = config.n;
  if (usesKernels2d(config, model !== undefined)) {
    const kernels = model ?? modelOfConfiguration(config);
    const pairs = findPairs(config, kernels);
    const tensors = pairTensors(pairs, kernels, 2);
    const K = tensors.K!;
    const f = gatherPairVectors(pairs, tensors.g!);
    return {
      d, n, pinnedHessian: hessian(pairs, K, n, pinned), maxForce: maxAbs(f),
      product: (V, nrhs) => hessianProduct(pairs, K, V, nrhs),
      shearDipole: (E) => mismatchForces(pairs, K, E),
      particleOfRow: (row) => particleOfDof(row, pinned),
      isolated: () => isolatedParticles(pairs.i, pairs.j, pairs.count, n),
    };
  }
  const { pairs, radial, K, M } = ndPinnedSystem(config, lawOfConfiguration(config, model?.law), pinned);
  const m = pairs.count, dofs = d * n;
  return {
    d, n, pinnedHessian: M,
    maxForce: maxAbs(gather(pairs, gradientVectors(pairs, radial))),
    product: (V, nrhs) => {
      const out = new Float64Array(dofs * nrhs);
      for (let c = 0; c < nrhs; c++) out.set(gather(pairs, blockApply(d, m, K, differences(pairs, V.subarray(c * dofs, (c + 1) * dofs)))), c * dofs);
      return out;
    },
    shearDipole: (E) => shearDipole(pairs, K, E),
    particleOfRow: (row) => ndParticleOfDof(d, row, pinned),
    isolated: () => isolatedParticles(pairs.i, pairs.j, pairs.count, n),
  };
}
