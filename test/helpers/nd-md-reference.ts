/**
 * Independent references for the d-generic MD tests (test/nd-md-*.test.ts): jittered
 * lattices of any species preset, all pairs by brute-force image search (O(N²)), and U, F
 * by a direct sum of `law.radial` over them.
 */
import type { PairLaw } from '../../lib/model/index.js';
import { seededRandom } from './dense-linalg.js';

export interface Glass {
  d: 2 | 3;
  cell: Float64Array;
  positions: Float64Array;
  species: Uint8Array;
}

/**
 * A jittered simple-cubic (square) lattice of m^d sites at density rho, species by
 * composition at random, with the upper-triangular tilts of `tilt` (fractions of L).
 */
export function lattice(d: 2 | 3, m: number, rho: number, fractions: readonly number[], seed: number, tilt = [0, 0, 0], jitter = 0.3): Glass {
  const n = m ** d, L = (n / rho) ** (1 / d), rand = seededRandom(seed);
  const cell = new Float64Array(d * d);
  for (let a = 0; a < d; a++) cell[a * d + a] = L;
  cell[1] = tilt[0]! * L; // xy
  if (d === 3) {
    cell[2] = tilt[1]! * L; // xz
    cell[5] = tilt[2]! * L; // yz
  }
  const positions = new Float64Array(d * n);
  for (let p = 0; p < n; p++) {
    const s = [p % m, Math.floor(p / m) % m, Math.floor(p / (m * m))].slice(0, d).map((c) => (c + 0.5 + jitter * (rand() - 0.5)) / m);
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += cell[a * d + k]! * s[k]!;
      positions[d * p + a] = v;
    }
  }
  const species = new Uint8Array(n);
  const order = Array.from({ length: n }, (_, k) => k).sort(() => rand() - 0.5);
  let at = 0;
  const counts = fractions.map((f) => Math.round(f * n));
  counts[counts.length - 1] = n - counts.slice(0, -1).reduce((a, b) => a + b, 0);
  counts.forEach((c, s) => { for (let k = 0; k < c; k++) species[order[at++]!] = s; });
  return { d, cell, positions, species };
}

/** All pairs within `radius(t)` by brute force: every image in {−reach..reach}^d, the shortest kept. */
export function bruteForcePairs(g: Glass, radius2: (si: number, sj: number, i: number, j: number) => number, reach = 2): Map<string, number[]> {
  const { d, cell, positions: x, species } = g, n = species.length;
  const pairs = new Map<string, number[]>();
  const range = Array.from({ length: 2 * reach + 1 }, (_, k) => k - reach);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let best: number[] | null = null, bestR2 = Infinity;
      for (const w0 of range) for (const w1 of range) for (const w2 of d === 3 ? range : [0]) {
        const w = [w0, w1, w2];
        const r: number[] = [];
        let r2 = 0;
        for (let a = 0; a < d; a++) {
          let v = x[d * j + a]! - x[d * i + a]!;
          for (let k = 0; k < d; k++) v += cell[a * d + k]! * w[k]!;
          r.push(v);
          r2 += v * v;
        }
        if (r2 < bestR2) { bestR2 = r2; best = r; }
      }
      if (bestR2 < radius2(species[i]!, species[j]!, i, j)) pairs.set(`${i},${j}`, best!);
    }
  }
  return pairs;
}

/** U and F by a direct sum of law.radial over the brute-force pairs. */
export function referenceEnergyForces(g: Glass, law: PairLaw, sizes?: Float64Array): { energy: number; forces: Float64Array } {
  const { d, species } = g, n = species.length;
  // A species law is keyed by species codes, a per-particle law (poly) by the sizes σ_i.
  const keys = sizes === undefined ? species : sizes;
  const pairs = bruteForcePairs(g, (_a, _b, i, j) => law.cutoff(keys[i]!, keys[j]!) ** 2);
  const forces = new Float64Array(d * n);
  let energy = 0;
  for (const [key, r] of pairs) {
    const [i, j] = key.split(',').map(Number) as [number, number];
    const dist = Math.hypot(...r);
    const v = law.radial(keys[i]!, keys[j]!, dist);
    energy += v[0]!;
    for (let a = 0; a < d; a++) {
      forces[d * i + a] += (v[1]! * r[a]!) / dist;
      forces[d * j + a] -= (v[1]! * r[a]!) / dist;
    }
  }
  return { energy, forces };
}
