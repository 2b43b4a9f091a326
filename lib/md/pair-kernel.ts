/**
 * The native pair kernel for a Model (lib/native.ts NativePairKernel,
 * native/core/pair_kernel.h): the per-species-pair table the C++ loop reads.
 *
 * Table for the law 'ipl' (Eq. S1), one record per pair type t = s_i·nSpecies + s_j:
 *   [λ_t, ε, r_c,t, c_0, …, c_q]   (λ, ε, λ, dimensionless)
 * with φ_t(r) = ε [(λ_t/r)^n + Σ_{ℓ=0..q} c_ℓ (r/λ_t)^{2ℓ}] for r < r_c,t = x_c λ_t and
 * c_ℓ the smoothing coefficients of Eq. S2 (model.c). The kernel rescales them to
 * w = r²/λ_t² itself, so the loop holds no constant of the law.
 */
import { addon, type NativePairKernel } from '../native.js';
import type { Model } from '../model/model.js';

/** The 'ipl' table of `model`: Float64Array(nSpecies² · (q + 4)), layout in the module doc. */
export function iplPairTable(model: Model): Float64Array {
  const nt = model.nSpecies * model.nSpecies, stride = model.q + 4;
  const table = new Float64Array(nt * stride);
  for (let t = 0; t < nt; t++) {
    table[t * stride] = model.lambda[t];
    table[t * stride + 1] = model.epsilon;
    table[t * stride + 2] = model.cutoff[t];
    for (let l = 0; l <= model.q; l++) table[t * stride + 3 + l] = model.c[l];
  }
  return table;
}

/** A native pair kernel evaluating `model`'s law (see the module doc). */
export function createNativePairKernel(model: Model): NativePairKernel {
  return new addon.NativePairKernel('ipl', model.nSpecies * model.nSpecies, model.n, model.q, iplPairTable(model));
}
