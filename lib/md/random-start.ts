/**
 * Random start with overlaps removed softly (docs/design.md §3, first step of the protocol).
 *
 * 1. Square cell of side L = √(N/ρ) (ρ = model.density, 0.86 λ⁻²).
 * 2. N uniform positions; particles are numbered in row-major order of ~2.5 λ bins, so
 *    that neighbours in space are near in memory (the MD loops run faster; liquid
 *    diffusion over the protocol barely mixes this order).
 * 3. Species: exactly ⌊N/2⌋ large (L), the rest small (S), placed by a random
 *    permutation (50:50 for even N).
 * 4. Push-off: FIRE minimization of harmonic soft disks φ = ½ε(1 − r/σ_ij)² with
 *    σ_ij = f·λ_ij, f = 0.85 by default. At f = 0.85 the soft-disk packing fraction is
 *    ρ·π/4·f²·(λ_S² + λ_L²)/2 ≈ 0.72, below jamming (≈ 0.84 in 2D), so the overlap
 *    energy goes to zero: afterwards no pair is closer than 0.85 λ_ij, where the real
 *    pair forces (≲ 100 ε/λ) are safe for dt = 0.005. What heat is left at the start
 *    of the liquid run is removed by the thermostat in a few τ.
 * Everything is drawn from the one stream `rng`, so the start is reproducible bit for bit.
 */
import type { Configuration } from '../config.js';
import { minimizeFire } from '../minimize/fire.js';
import { DEFAULT_MODEL, type Model } from '../model/model.js';
import { expectNumber } from '../validate.js';
import type { Rng } from '../random.js';
import { createMdObjective, softDiskForces } from './objective.js';

/** Options of {@link randomStart}. */
export interface RandomStartOptions {
  model?: Model;
  /** Number density N/V (λ⁻²), default model.density (0.86). */
  density?: number;
  /** Soft-disk diameter as a fraction of λ_ij (default 0.85; must be < model.xc). */
  pushOffDiameter?: number;
  /** Verlet skin of the push-off list (λ, default 0.3). */
  skin?: number;
}

/** Result of the push-off (for the protocol's metadata). */
export interface RandomStart {
  config: Configuration;
  /** FIRE iterations of the push-off and the soft-disk energy left (0 when unjammed). */
  pushOffIterations: number;
  pushOffEnergy: number;
}

/**
 * A random, overlap-free start of N particles (see module doc).
 * @throws RangeError for N < 2 or a cell too small for the model's cutoff
 */
export function randomStart(n: number, rng: Rng, options: RandomStartOptions = {}): RandomStart {
  expectNumber('n', n, { integer: true, min: 2 });
  const model = options.model ?? DEFAULT_MODEL;
  const density = expectNumber('options.density', options.density ?? model.density, { min: 0, exclusiveMin: true });
  const frac = expectNumber('options.pushOffDiameter', options.pushOffDiameter ?? 0.85, { min: 0, max: model.xc });
  const skin = expectNumber('options.skin', options.skin ?? 0.3, { min: 0 });
  const side = Math.sqrt(n / density);
  const cell = new Float64Array([side, 0, 0, side]);

  // Uniform positions, numbered by bins.
  const raw = new Float64Array(2 * n);
  for (let k = 0; k < 2 * n; k++) raw[k] = side * rng.uniform();
  const nb = Math.max(1, Math.floor(side / 2.5));
  const key = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const bx = Math.min(nb - 1, Math.floor((raw[2 * p] / side) * nb));
    const by = Math.min(nb - 1, Math.floor((raw[2 * p + 1] / side) * nb));
    // Boustrophedon rows keep consecutive bins adjacent.
    key[p] = by * nb + (by & 1 ? nb - 1 - bx : bx);
  }
  const order = Array.from({ length: n }, (_, p) => p).sort((a, b) => key[a] - key[b] || a - b);
  const positions = new Float64Array(2 * n);
  for (let p = 0; p < n; p++) {
    positions[2 * p] = raw[2 * order[p]];
    positions[2 * p + 1] = raw[2 * order[p] + 1];
  }

  // Exactly ⌊N/2⌋ large particles, by a Fisher–Yates shuffle.
  const species = new Uint8Array(n);
  for (let p = 0; p < n; p++) species[p] = p < n >> 1 ? 1 : 0;
  for (let p = n - 1; p > 0; p--) {
    const q = rng.uniformInt(p + 1);
    const t = species[p];
    species[p] = species[q];
    species[q] = t;
  }

  // Soft push-off.
  const ns = model.nSpecies;
  const sigma = new Float64Array(ns * ns);
  for (let t = 0; t < ns * ns; t++) sigma[t] = frac * model.lambda[t];
  const soft = createMdObjective(model, cell, species, skin, (nl, x, f) => softDiskForces(nl, x, f, sigma));
  const result = minimizeFire(soft.objective, positions, { fTol: 1e-4, maxIter: 20000, dt: 0.05, maxStep: 0.1 });
  return { config: { n, cell, positions, species }, pushOffIterations: result.iterations, pushOffEnergy: result.energy };
}
