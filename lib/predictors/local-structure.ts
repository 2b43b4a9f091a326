/**
 * Indicators of the local structure that need no linear algebra (docs/predictors.md): the potential energy of each particle and its coordination.
 *
 *   e_i = ½ Σ_{α ∋ i} φ_α(|r_α|)       (ε; Σ_i e_i = U, Eq. S1)
 *   Z_i = #{α : i ∈ α}                 (interaction partners within x_c λ_{s_i s_j})
 *
 * The local potential energy is one of the classic indicators of Richard et al. (Phys. Rev.
 * Materials 4, 113609, 2020, "Predicting plasticity in disordered solids from structural
 * indicators"), where a particle's energy is the half-sum of its pair energies; the
 * coordination number is the simplest measure of local packing there and in Falk & Langer
 * (Phys. Rev. E 57, 7192, 1998). Z_i uses the model's own neighbour criterion — every
 * pair within the cutoff x_c λ_ij (x_c = 1.6 for the paper's model), i.e. the interactions
 * α of lib/hessian findPairs — not a Voronoi or first-shell criterion; docs/predictors.md
 * says what that counts.
 *
 * Shapes: pairs as lib/hessian PairList (i < j, r_α = x_j − x_i minimum image);
 * per-particle outputs Float64Array(N).
 */
import { checkPairList, type PairList } from '../hessian/pairs.js';
import type { Model } from '../model/model.js';
import { reducedRadialUnchecked } from '../model/radial.js';

/**
 * e_i = ½ Σ_{α ∋ i} φ_α (ε), Float64Array(N); Σ_i e_i equals the total energy U.
 * @param pairs interacting pairs of the configuration (findPairs)
 * @param model the pair law the pairs were found with
 */
export function particleEnergies(pairs: PairList, model: Model): Float64Array {
  checkPairList('pairs', pairs);
  const e = new Float64Array(pairs.nParticles);
  const phi = new Float64Array(1);
  for (let a = 0; a < pairs.count; a++) {
    const rx = pairs.r[2 * a], ry = pairs.r[2 * a + 1];
    reducedRadialUnchecked(model, pairs.sp[a], rx * rx + ry * ry, 0, phi, 0);
    e[pairs.i[a]] += phi[0] / 2;
    e[pairs.j[a]] += phi[0] / 2;
  }
  return e;
}

/** Z_i, the number of interactions of each particle (Float64Array(N), so that it bins like any field). */
export function coordinationNumbers(pairs: PairList): Float64Array {
  checkPairList('pairs', pairs);
  const z = new Float64Array(pairs.nParticles);
  for (let a = 0; a < pairs.count; a++) {
    z[pairs.i[a]]++;
    z[pairs.j[a]]++;
  }
  return z;
}

/**
 * z̄ − Z_i with z̄ = 2M/N the mean coordination (the indicator's orientation: larger for
 * fewer neighbours than average). Float64Array(N).
 */
export function coordinationDeficit(pairs: PairList): Float64Array {
  const z = coordinationNumbers(pairs);
  const mean = (2 * pairs.count) / pairs.nParticles;
  for (let i = 0; i < z.length; i++) z[i] = mean - z[i];
  return z;
}
