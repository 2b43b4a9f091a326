/**
 * Indicators built on the lowest vibrational modes (docs/predictors.md), from
 * lib/modes lowestModes: unit eigenvectors ψ_m (2N, Σ_i ψ_m,i = 0) of the free Hessian M
 * with eigenvalues λ_m = ω_m² (unit masses). Q is the set of modes used: the
 * quasilocalized ones (participation e < 0.2) among the k lowest.
 *
 *   participation     p_i  = Σ_{m ∈ Q} |ψ_m,i|²                 (dimensionless)
 *       the participation fraction of Widmer-Cooper, Perry, Harrowell & Reichman (Nat.
 *       Phys. 4, 711, 2008) restricted to the QLMs;
 *   vibrality         Ψ_i  = Σ_{m ∈ Q} |ψ_m,i|² / ω_m²           (τ0²)
 *       Smessaert & Rottler (Phys. Rev. E 88, 022314, 2013) sum over the whole spectrum;
 *       here the sum runs over Q only (the QLMs dominate its low-ω end);
 *   QLM softening     S_i  = Σ_{m ∈ Q} |ψ_m,i|² max(−(dλ_m/dγ)/λ_m, 0)   (per unit strain)
 *       the mode-resolved, oriented coupling of each QLM to the imposed shear.
 *
 * dλ_m/dγ is the exact first-order change of a non-degenerate eigenvalue along the strain
 * path of the minimum (Hellmann–Feynman):
 *
 *   dλ_m/dγ = ψ_mᵀ (dM/dγ) ψ_m = Σ_α (D_α ψ_m)ᵀ (T_α · ṙ_α) (D_α ψ_m),   ṙ_α = E r_α + D_α w
 *
 * with T_α = ∂³φ_α/∂r³ and w = −M⁺Ξ(E) the non-affine velocity (the same ṙ and K̇ as
 * lib/lhc/response.ts). It is even in ψ (no sign convention of the mode enters) and odd in
 * E, so S_i is oriented: a mode that softens (λ̇ < 0) under E stiffens under −E. In the
 * cubic picture of a QLM, λ_m vanishes at γ* ≈ λ_m / (2|λ̇_m|) (a fold: λ ∝ √(γ* − γ)),
 * so −λ̇_m/λ_m ≈ 1/(2γ*): S_i weights each QLM by the inverse strain it needs to go unstable.
 * It is the per-mode analogue of P⁺ = max(c dc/dγ, 0) (c_α ~ ω⁻², c dc/dγ ~ d(c²)/dγ),
 * and refines the coupling ξ_m = ψ_m · Ξ of lib/modes (ξ_m/λ_m is the amplitude of mode
 * m in w; λ̇_m contains it through the mode's own anharmonicity, ≈ −(ξ_m/λ_m) T:ψψψ).
 *
 * Shapes: vectors column-major dN × k (the d components of each particle interleaved) as
 * LowestModesResult.vectors (2D here; the 3D dλ_m/dγ is ./nd-fields.ts modeStrainDerivativesNd);
 * per-particle outputs Float64Array(N).
 */
import type { PairList } from '../hessian/pairs.js';
import { bondVelocity, tDotVec } from '../hessian/contractions.js';
import { ArgumentRangeError } from '../errors.js';
import { expectFloat64Array, expectLength } from '../validate.js';

/**
 * Σ_m weights[m] |ψ_m,i|² per particle (modes with weight 0 skipped).
 * @param vectors dN × k column-major (the d components of each particle interleaved)
 * @param weights Float64Array(k)
 * @param d dimension (default 2)
 */
export function weightedModeDensity(vectors: Float64Array, n: number, weights: Float64Array, d: 2 | 3 = 2): Float64Array {
  expectFloat64Array('vectors', vectors);
  expectFloat64Array('weights', weights);
  expectLength('vectors', vectors, d * n * weights.length);
  const out = new Float64Array(n);
  for (let m = 0; m < weights.length; m++) {
    const wm = weights[m];
    if (wm === 0) continue;
    const o = d * n * m;
    if (d === 2) {
      for (let i = 0; i < n; i++) out[i] += wm * (vectors[o + 2 * i] ** 2 + vectors[o + 2 * i + 1] ** 2);
    } else {
      for (let i = 0; i < n; i++) out[i] += wm * (vectors[o + 3 * i] ** 2 + vectors[o + 3 * i + 1] ** 2 + vectors[o + 3 * i + 2] ** 2);
    }
  }
  return out;
}

/**
 * dλ_m/dγ (ε/λ² per unit strain) of each mode under E, Float64Array(k).
 * @param pairs    interacting pairs (findPairs of the same configuration)
 * @param T        third-derivative tensors of the pairs (pairTensors(…, 3).T, 8/pair)
 * @param vectors  2N × k column-major, the modes
 * @param E        row-major 2×2 (sign included)
 * @param w        −M⁺Ξ(E), 2N (any translation gauge)
 */
export function modeStrainDerivatives(pairs: PairList, T: Float64Array, vectors: Float64Array, k: number, E: Float64Array, w: Float64Array): Float64Array {
  const m = pairs.count, n = pairs.nParticles;
  expectLength('vectors', vectors, 2 * n * k);
  const Kdot = tDotVec(T, bondVelocity(pairs, E, w), undefined, m);
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const o = 2 * n * c;
    let s = 0;
    for (let a = 0; a < m; a++) {
      const i = pairs.i[a], j = pairs.j[a];
      const dx = vectors[o + 2 * j] - vectors[o + 2 * i], dy = vectors[o + 2 * j + 1] - vectors[o + 2 * i + 1];
      const k4 = 4 * a;
      s += dx * (Kdot[k4] * dx + Kdot[k4 + 1] * dy) + dy * (Kdot[k4 + 2] * dx + Kdot[k4 + 3] * dy);
    }
    out[c] = s;
  }
  return out;
}

/** The three mode fields for a set of used modes (docs above). */
export interface ModeFieldInput {
  /** 2N × k column-major unit modes. */
  vectors: Float64Array;
  /** λ_m = ω_m² (ε/λ²), Float64Array(k). */
  eigenvalues: Float64Array;
  /** Whether each mode is in Q (e.g. quasilocalized), length k. */
  used: readonly boolean[];
  /** Dimension d of the vectors (default 2). */
  dim?: 2 | 3;
}

/** p_i = Σ_{m ∈ Q} |ψ_m,i|². */
export function qlmParticipation(input: ModeFieldInput, n: number): Float64Array {
  return weightedModeDensity(input.vectors, n, Float64Array.from(input.used, (u) => (u ? 1 : 0)), input.dim);
}

/**
 * The eigenvalues of the used modes, checked: a mode of a stable minimum has λ_m > 0 (1/λ_m
 * and −λ̇_m/λ_m are the weights; λ_m = 0 gave ±∞ or NaN in every particle it touches).
 */
function usedEigenvalues(input: ModeFieldInput): Float64Array {
  expectFloat64Array('eigenvalues', input.eigenvalues);
  input.used.forEach((u, m) => {
    const l = input.eigenvalues[m];
    if (u && !(Number.isFinite(l) && l > 0)) {
      throw new ArgumentRangeError(`eigenvalues[${m}]: expected a finite λ > 0 for a mode used (a mode of a stable minimum), got ${l}`);
    }
  });
  return input.eigenvalues;
}

/** Ψ_i = Σ_{m ∈ Q} |ψ_m,i|² / λ_m. */
export function qlmVibrality(input: ModeFieldInput, n: number): Float64Array {
  usedEigenvalues(input);
  return weightedModeDensity(input.vectors, n, Float64Array.from(input.used, (u, m) => (u ? 1 / input.eigenvalues[m] : 0)), input.dim);
}

/**
 * S_i = Σ_{m ∈ Q} |ψ_m,i|² max(−λ̇_m/λ_m, 0).
 * @param dlambda dλ_m/dγ for the direction sheared (sign included), Float64Array(k)
 */
export function qlmSoftening(input: ModeFieldInput, n: number, dlambda: Float64Array): Float64Array {
  expectLength('dlambda', dlambda, input.eigenvalues.length);
  usedEigenvalues(input);
  return weightedModeDensity(input.vectors, n, Float64Array.from(input.used, (u, m) => (u ? Math.max(-dlambda[m] / input.eigenvalues[m], 0) : 0)), input.dim);
}
