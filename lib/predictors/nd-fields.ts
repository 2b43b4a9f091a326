/**
 * The indicator fields of a glass of any dimension d ∈ {2, 3} on the d-generic route of
 * lib/nd (docs/design.md §10; docs/predictors.md "Indicators"): the same formulas as
 * local-structure.ts, non-affine.ts and mode-fields.ts, written over d-vectors. glassIndicators
 * uses them for the glasses of lib/nd (3D, and 2D poly; ./indicators-nd.ts); 2D glasses of a
 * species law keep the specialised 2D kernels.
 *
 *   e_i     = ½ Σ_{α ∋ i} φ_α                                  (ε)
 *   Z_i     = #{α ∋ i},  deficit z̄ − Z_i, z̄ = 2M/N
 *   w       = −M⁺ Ξ(E),  Ξ(E) = Σ_α D_αᵀ K_α E r_α             (dN, λ per unit strain, Σ_i w_i = 0)
 *   dλ_m/dγ = Σ_α (D_α ψ_m)ᵀ (T_α · ṙ_α) (D_α ψ_m),  ṙ_α = E r_α + D_α w   (ε/λ² per unit strain)
 *
 * Shapes: pairs as lib/nd NdPairList (r_α d per pair); particle vectors dN with the d
 * components of each particle interleaved; modes column-major dN × k; per-particle outputs
 * Float64Array(N).
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { DEFAULT_PINNED } from '../hessian/index.js';
import { affineBondVelocity, differences, tDot } from '../nd/contractions.js';
import type { NdLaw } from '../nd/law.js';
import type { NdPairList } from '../nd/pairs.js';
import { ndExpand, ndRestrict } from '../nd/pattern.js';
import { ndPinnedSystem, shearDipole } from '../nd/pinned-system.js';
import { RADIAL_STRIDE } from '../nd/radial.js';
import { SparseCholesky } from '../sparse-cholesky.js';
import { removeTranslation } from './non-affine.js';

/** e_i = ½ Σ_{α ∋ i} φ_α (ε), Float64Array(N), from the radial scalars of the pairs (lib/nd pairRadial, φ at offset 0). */
export function particleEnergiesNd(pairs: NdPairList, radial: Float64Array): Float64Array {
  const e = new Float64Array(pairs.nParticles);
  for (let a = 0; a < pairs.count; a++) {
    const phi = radial[RADIAL_STRIDE * a]!;
    e[pairs.i[a]!] += phi / 2;
    e[pairs.j[a]!] += phi / 2;
  }
  return e;
}

/** z̄ − Z_i (z̄ = 2M/N) of the pairs, Float64Array(N). */
export function coordinationDeficitNd(pairs: Pick<NdPairList, 'count' | 'nParticles' | 'i' | 'j'>): Float64Array {
  const z = new Float64Array(pairs.nParticles);
  for (let a = 0; a < pairs.count; a++) { z[pairs.i[a]!]++; z[pairs.j[a]!]++; }
  const mean = (2 * pairs.count) / pairs.nParticles;
  for (let i = 0; i < z.length; i++) z[i] = mean - z[i]!;
  return z;
}

/**
 * w = −M⁺Ξ(E) for each E (d×d row-major), from one factorization of the Hessian pinned at
 * `pinned` (the pinned solve solves the free system: Ξ has no net force), translation-free.
 * @returns one Float64Array(dN) per deformation (λ per unit strain)
 * @throws CholmodError CHOLMOD_NOT_POSDEF when the Hessian is not positive definite
 */
export function nonAffineVelocityNd(config: Configuration, law: NdLaw, deformations: readonly Float64Array[], pinned = DEFAULT_PINNED): Float64Array[] {
  const d = dimensionOf(config);
  const { pairs, K, pattern, M } = ndPinnedSystem(config, law, pinned);
  const factor = SparseCholesky.analyze({ n: M.n, colPtr: M.colPtr, rowIdx: M.rowIdx }, { ordering: 'metis' });
  try {
    factor.factorize(M.values);
    return deformations.map((E) => {
      const x = ndExpand(pattern, factor.solve(ndRestrict(pattern, shearDipole(pairs, K, E))));
      for (let k = 0; k < x.length; k++) x[k] = -x[k]!;
      return removeTranslation(x, d);
    });
  } finally {
    factor.dispose();
  }
}

/**
 * dλ_m/dγ (ε/λ² per unit strain) of each of the k modes under E, Float64Array(k).
 * @param radial  pairRadial(pairs, law, 3) (A2, A3 used)
 * @param vectors dN × k column-major
 * @param E       d×d row-major (sign included)
 * @param w       −M⁺Ξ(E), dN (any translation gauge)
 */
export function modeStrainDerivativesNd(pairs: NdPairList, radial: Float64Array, vectors: Float64Array, k: number, E: Float64Array, w: Float64Array): Float64Array {
  const { d, count } = pairs;
  const dofs = d * pairs.nParticles;
  const rdot = affineBondVelocity(pairs, E);
  const dw = differences(pairs, w);
  for (let q = 0; q < rdot.length; q++) rdot[q] += dw[q]!;
  const Kdot = tDot(pairs, radial, rdot);
  const dd = d * d;
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const u = differences(pairs, vectors.subarray(c * dofs, (c + 1) * dofs));
    let s = 0;
    for (let a = 0; a < count; a++) {
      for (let p = 0; p < d; p++) {
        let y = 0;
        for (let q = 0; q < d; q++) y += Kdot[dd * a + p * d + q]! * u[d * a + q]!;
        s += u[d * a + p]! * y;
      }
    }
    out[c] = s;
  }
  return out;
}
