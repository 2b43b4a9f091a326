/**
 * Random start with overlaps removed softly, for d = 2, 3 and any species pair law (the
 * first step of the protocol, docs/design.md §3, §10; the 2D `ipl` one is lib/md/random-start.ts).
 *
 * 1. Cubic (square) cell of side L = (N/ρ)^{1/d}.
 * 2. N uniform positions, numbered in row-major order of bins of side ≈ 2.5 λ, so that
 *    neighbours in space are near in memory (the pair loops run faster).
 * 3. Species: the preset's composition (first species round(f·N), docs/design.md §10; KA N = 256:
 *    205 A, 51 B), placed by a Fisher–Yates shuffle.
 * 4. Push-off: FIRE on harmonic soft spheres φ = ½ε(1 − r/σ_t)², σ_t = 0.85 r₁,t, where
 *    r₁,t is the distance at which the pair's own law gives φ_t(r₁) = 1 ε (bisection; KA AA:
 *    r₁ ≈ 0.97, so σ = 0.82; ipl3d SS: r₁ ≈ λ). The soft packing fraction stays well below
 *    jamming (KA: ≈ 0.3, ipl3d: ≈ 0.5 against ≈ 0.64 in 3D; ka2d ≈ 0.6 against 0.84 in
 *    2D), so the overlap energy goes to zero and no pair is left where the real law
 *    exceeds φ(0.85 r₁) (KA AA ≈ 25 ε). What heat that leaves at the start of the liquid
 *    run the thermostat removes within a few τ.
 * A per-particle law (`poly`) draws the sizes σ_i from P(σ) ∝ σ⁻³ on the preset's range
 * (docs/design.md §10) after the species, and pushes off with σ = 0.85 r₁(1, 1)·σ_ij per pair.
 * Everything is drawn from the one stream `rng`: the start is reproducible bit for bit.
 */
import { portablePow } from '../portable/index.js';
import type { PairLaw } from '../model/pair-law.js';
import { minimizeFire } from '../minimize/fire.js';
import type { Rng } from '../random.js';
import { softSphereForces } from './md-forces.js';
import { createNdObjective } from './md-objective.js';
import { ArgumentRangeError } from '../errors.js';

/** Soft-sphere diameter as a fraction of r₁ (module doc). */
export const PUSH_OFF_FRACTION = 0.85;

/** A random start (positions Float64Array(d·N), cell d×d row-major) and its push-off statistics. */
export interface NdRandomStart {
  cell: Float64Array;
  positions: Float64Array;
  species: Uint8Array;
  /** Sizes σ_i of a per-particle law (`poly`), else undefined. */
  sizes?: Float64Array;
  pushOffIterations: number;
  pushOffEnergy: number;
}

/** r₁ with φ(r₁) = level (bisection on (0, r_c); φ decreasing through the level). */
export function distanceAtEnergy(law: PairLaw, a: number, b: number, level = 1): number {
  const rc = law.cutoff(a, b);
  let lo = 1e-3 * rc, hi = rc;
  const out = new Float64Array(5);
  if (law.radial(a, b, lo, out)[0]! <= level) return lo;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (law.radial(a, b, mid, out)[0]! > level) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * A random overlap-free start (module doc) of `counts[s]` particles of species s.
 * @param skin Verlet skin of the push-off list (λ)
 */
export function ndRandomStart(
  d: 2 | 3, law: PairLaw, counts: readonly number[], density: number, rng: Rng, skin: number,
  sizeRange?: Readonly<{ min: number; max: number }>,
): NdRandomStart {
  const n = counts.reduce((a, b) => a + b, 0);
  const side = portablePow(n / density, 1 / d);
  const cell = new Float64Array(d * d);
  for (let a = 0; a < d; a++) cell[a * d + a] = side;
  const raw = new Float64Array(d * n);
  for (let k = 0; k < d * n; k++) raw[k] = side * rng.uniform();
  const nb = Math.max(1, Math.floor(side / 2.5));
  const key = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let kk = 0;
    for (let a = d - 1; a >= 0; a--) kk = kk * nb + Math.min(nb - 1, Math.floor((raw[d * p + a]! / side) * nb));
    key[p] = kk;
  }
  const order = Array.from({ length: n }, (_, p) => p).sort((a, b) => key[a]! - key[b]! || a - b);
  const positions = new Float64Array(d * n);
  for (let p = 0; p < n; p++) for (let a = 0; a < d; a++) positions[d * p + a] = raw[d * order[p]! + a]!;
  const species = new Uint8Array(n);
  let at = 0;
  counts.forEach((c, s) => { for (let k = 0; k < c; k++) species[at++] = s; });
  for (let p = n - 1; p > 0; p--) {
    const q = rng.uniformInt(p + 1);
    const t = species[p]!;
    species[p] = species[q]!;
    species[q] = t;
  }
  if (law.perParticle) {
    if (sizeRange === undefined) throw new ArgumentRangeError(`sizeRange: the per-particle law '${law.name}' needs the range of its sizes σ_i`);
    // P(σ) ∝ σ⁻³ on [a, b] by its inverse CDF: σ = (a⁻² − U (a⁻² − b⁻²))^(−1/2).
    const a2 = portablePow(sizeRange.min, -2), b2 = portablePow(sizeRange.max, -2);
    const sizes = new Float64Array(n);
    for (let p = 0; p < n; p++) sizes[p] = 1 / Math.sqrt(a2 - rng.uniform() * (a2 - b2));
    // The law is a function of r/σ_ij: r₁(σ_i, σ_j) = σ_ij·r₁(1, 1).
    const sigma = Float64Array.of(PUSH_OFF_FRACTION * distanceAtEnergy(law, 1, 1));
    const cutoff = Float64Array.of(law.cutoff(sizeRange.max, sizeRange.max));
    const soft = createNdObjective(d, cell, species, 1, cutoff, skin, (nl, x, sp, f) => softSphereForces(nl, sigma, x, sp, f, sizes));
    const result = minimizeFire(soft.objective, positions, { fTol: 1e-4, maxIter: 20000, dt: 0.05, maxStep: 0.1 });
    return { cell, positions, species, sizes, pushOffIterations: result.iterations, pushOffEnergy: result.energy };
  }
  const ns = law.nSpecies;
  const sigma = new Float64Array(ns * ns), cutoff = new Float64Array(ns * ns);
  for (let a = 0; a < ns; a++) {
    for (let b = 0; b < ns; b++) {
      sigma[a * ns + b] = PUSH_OFF_FRACTION * distanceAtEnergy(law, Math.min(a, b), Math.max(a, b));
      cutoff[a * ns + b] = law.cutoff(a, b);
    }
  }
  const soft = createNdObjective(d, cell, species, ns, cutoff, skin, (nl, x, sp, f) => softSphereForces(nl, sigma, x, sp, f));
  const result = minimizeFire(soft.objective, positions, { fTol: 1e-4, maxIter: 20000, dt: 0.05, maxStep: 0.1 });
  return { cell, positions, species, pushOffIterations: result.iterations, pushOffEnergy: result.energy };
}
