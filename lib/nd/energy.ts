/**
 * Potential energy, forces and virial stress of a d-dimensional glass (docs/design.md §1, §4, §6,
 * §10), from its pair list.
 *
 *   U = Σ_α φ_α(|r_α|)                      (ε)
 *   g_α = ∇φ_α = A1 r_α;  F_i += g_α, F_j −= g_α   (F = −∇U, interleaved d per particle, ε/λ)
 *   σ_ab = (1/V) Σ_α g_{α,a} r_{α,b}           (virial stress, d×d row-major, ε/λ^d;
 *                                               dU/dγ = V E:σ for dH/dγ = E)
 * r_α = x_j − x_i (minimum image), A1 = φ'/r (lib/nd/radial.ts).
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import type { Objective } from '../minimize/types.js';
import { cellVolume } from '../space/cell-nd.js';
import type { NdLaw } from './law.js';
import { findPairsNd, type NdPairList } from './pairs.js';
import { pairRadial, RADIAL_STRIDE } from './radial.js';

/** U and F = −∇U of the pairs (radial: pairRadial(pairs, law, ≥ 1)). */
export function pairEnergyForces(pairs: NdPairList, radial: Float64Array, out?: Float64Array): { energy: number; forces: Float64Array } {
  const { d, count, r } = pairs;
  const f = out ?? new Float64Array(d * pairs.nParticles);
  f.fill(0);
  let energy = 0;
  for (let a = 0; a < count; a++) {
    const o = RADIAL_STRIDE * a;
    energy += radial[o]!;
    const a1 = radial[o + 1]!;
    const i = d * pairs.i[a]!, j = d * pairs.j[a]!;
    for (let k = 0; k < d; k++) {
      const g = a1 * r[d * a + k]!;
      f[i + k] += g;
      f[j + k] -= g;
    }
  }
  return { energy, forces: f };
}

/** U (ε) and F = −∇U (Float64Array(dN), ε/λ) of a configuration (validated by the caller). */
export function energyForcesNd(config: Configuration, law: NdLaw, out?: Float64Array): { energy: number; forces: Float64Array } {
  const pairs = findPairsNd(config, law);
  return pairEnergyForces(pairs, pairRadial(pairs, law, 1), out);
}

/** Virial stress σ_ab = (1/V) Σ_α g_a r_b, Float64Array(d²) row-major (ε/λ^d). */
export function virialStressNd(config: Configuration, law: NdLaw): Float64Array {
  const pairs = findPairsNd(config, law);
  const radial = pairRadial(pairs, law, 1);
  const { d, count, r } = pairs;
  const sigma = new Float64Array(d * d);
  for (let a = 0; a < count; a++) {
    const a1 = radial[RADIAL_STRIDE * a + 1]!;
    for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) sigma[p * d + q] += a1 * r[d * a + p]! * r[d * a + q]!;
  }
  const V = cellVolume(config.cell);
  for (let k = 0; k < d * d; k++) sigma[k] /= V;
  return sigma;
}

/**
 * The energy of `config` with its positions replaced by x, as a minimizer objective
 * (lib/minimize: writes ∇U = −F into grad, returns U); the cell stays fixed.
 */
export function ndObjective(config: Configuration, law: NdLaw): Objective {
  const d = dimensionOf(config);
  const trial: Configuration = { ...config, positions: new Float64Array(d * config.n) };
  return (x, grad) => {
    trial.positions.set(x);
    const { energy, forces } = energyForcesNd(trial, law, grad);
    for (let k = 0; k < forces.length; k++) grad[k] = -forces[k]!;
    return energy;
  };
}
