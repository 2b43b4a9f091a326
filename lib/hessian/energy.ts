/**
 * Potential energy U = Σ_α φ_α(|r_α|) and forces F = −∇U (Eq. S1; docs/design.md §1, §4).
 *
 * Pair α = (i, j), r_α = x_j − x_i: ∂φ_α/∂x_j = g_α, ∂φ_α/∂x_i = −g_α with g_α = A1(r²) r_α,
 * so F_i += g_α, F_j −= g_α. Forces are interleaved (length 2N), units ε/λ; U in ε.
 *
 * The configuration-level routines loop straight over a Verlet list (no PairList): the
 * MD / minimizer hot path. With `nl` the list is updated (rebuilt when needed) first;
 * without it a temporary cell list is built (allocates).
 */
import type { Configuration } from '../config.js';
import { RADIAL_ORDER, type Model } from '../model/model.js';
import { invHalfPow } from '../model/radial.js';
import { expectOut } from '../validate.js';
import { checkCellSize, type NeighborList } from '../space/neighbor-list.js';
import { neighborListFor } from './neighbor-list-for.js';
import { reduceCellUnchecked } from '../space/reduce.js';
import { roundImageUnchecked } from '../space/min-image.js';

/** Scratch: the image r_α of the pair being evaluated. */
const IMAGE = new Float64Array(2);

/** Core loop: returns U, accumulates forces into f (zeroed here) when f is non-null. */
function kernel(config: Configuration, model: Model, list: NeighborList, f: Float64Array | null): number {
  if (model.reduced !== undefined) return lawKernel(config, model, model.reduced, list, f);
  const rc = reduceCellUnchecked(config.cell, list.rcell);
  checkCellSize(rc, model.maxCutoff, 'cutoff', config.n);
  const r = IMAGE;
  const x = config.positions, sp = config.species, ns = model.nSpecies, n = config.n;
  const cut2 = model.cutoff2, aIpl = model.aIpl, aPoly = model.aPoly, q = model.q, nexp = model.n;
  const K1 = RADIAL_ORDER + 1;
  const offsets = list.offsets, nbr = list.neighbors;
  if (f !== null) f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[2 * i], yi = x[2 * i + 1], ti = sp[i] * ns;
    let fxi = 0, fyi = 0;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const j = nbr[k];
      const u = roundImageUnchecked(rc, x[2 * j] - xi, x[2 * j + 1] - yi, r, 0);
      const t = ti + sp[j];
      if (u >= cut2[t]) continue;
      const ipw = invHalfPow(u, nexp);
      const b0 = t * K1 * (q + 1);
      let p0 = 0;
      for (let m = q; m >= 0; m--) p0 = p0 * u + aPoly[b0 + m];
      energy += aIpl[t * K1] * ipw + p0;
      if (f !== null) {
        const b1 = b0 + q + 1;
        let p1 = 0;
        for (let m = q - 1; m >= 0; m--) p1 = p1 * u + aPoly[b1 + m];
        const a1 = (aIpl[t * K1 + 1] * ipw) / u + p1;
        const gx = a1 * r[0], gy = a1 * r[1];
        fxi += gx; fyi += gy;
        f[2 * j] -= gx;
        f[2 * j + 1] -= gy;
      }
    }
    if (f !== null) {
      f[2 * i] += fxi;
      f[2 * i + 1] += fyi;
    }
  }
  return energy;
}

/** Scratch: A0, A1 of the pair being evaluated (lawKernel). */
const RADIAL = new Float64Array(2);

/**
 * The core loop for a law other than `ipl` (Model.reduced: φ = A0, g = A1 r); same
 * arithmetic order as `kernel`.
 */
function lawKernel(
  config: Configuration, model: Model, reduced: NonNullable<Model['reduced']>, list: NeighborList, f: Float64Array | null,
): number {
  const rc = reduceCellUnchecked(config.cell, list.rcell);
  checkCellSize(rc, model.maxCutoff, 'cutoff', config.n);
  const r = IMAGE, a = RADIAL;
  const x = config.positions, sp = config.species, ns = model.nSpecies, n = config.n, cut2 = model.cutoff2;
  const offsets = list.offsets, nbr = list.neighbors;
  if (f !== null) f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[2 * i], yi = x[2 * i + 1], ti = sp[i] * ns;
    let fxi = 0, fyi = 0;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const j = nbr[k];
      const u = roundImageUnchecked(rc, x[2 * j] - xi, x[2 * j + 1] - yi, r, 0);
      const t = ti + sp[j];
      if (u >= cut2[t]) continue;
      reduced(t, u, f !== null ? 1 : 0, a, 0);
      energy += a[0];
      if (f !== null) {
        const gx = a[1] * r[0], gy = a[1] * r[1];
        fxi += gx; fyi += gy;
        f[2 * j] -= gx;
        f[2 * j + 1] -= gy;
      }
    }
    if (f !== null) {
      f[2 * i] += fxi;
      f[2 * i + 1] += fyi;
    }
  }
  return energy;
}

/** Total potential energy U (ε). */
export function energy(config: Configuration, model: Model, nl?: NeighborList): number {
  return kernel(config, model, neighborListFor(config, model, nl), null);
}

/** Forces F = −∇U, Float64Array(2N) interleaved (ε/λ); `out` reused if given. */
export function forces(config: Configuration, model: Model, nl?: NeighborList, out?: Float64Array): Float64Array {
  const list = neighborListFor(config, model, nl);
  const f = expectOut('out', out, 2 * config.n);
  kernel(config, model, list, f);
  return f;
}

/** U and F = −∇U in one pass; forces written to `out` when given. */
export function energyForces(
  config: Configuration, model: Model, nl?: NeighborList, out?: Float64Array,
): { energy: number; forces: Float64Array } {
  const list = neighborListFor(config, model, nl);
  const f = expectOut('out', out, 2 * config.n);
  const e = kernel(config, model, list, f);
  return { energy: e, forces: f };
}
