/**
 * Small minimized 3D glasses for tests (DESIGN §10 presets `ka`, `ipl3d`): N = m³ particles
 * on a jittered simple-cubic lattice at the preset's density and composition (the first
 * round(f·N) particles are species 0, species shuffled over the sites), minimized by
 * conjugate gradient on the d-generic energy and polished by Newton. Deterministic for a
 * seed. Smallest cubes that fit the cutoff: `ka` m = 6 (N = 216, width 5.65 > 2·2.5),
 * `ipl3d` m = 4 (N = 64, width 4.28 > 2·1.48·1.4).
 */
import type { Configuration } from '../../lib/config.js';
import { minimizeCG } from '../../lib/minimize/index.js';
import { ndObjective } from '../../lib/nd/energy.js';
import { lawOfConfiguration } from '../../lib/nd/law.js';
import { newtonPolishNd } from '../../lib/nd/newton.js';
import { seededRandom } from './dense-linalg.js';
import { modelPreset } from '../../lib/model/index.js';

export function glass3d(preset: 'ka' | 'ipl3d', m: number, seed = 1, jitter = 0.3): Configuration {
  const { density, fractions } = modelPreset(preset);
  const n = m ** 3;
  const side = Math.cbrt(n / density);
  const a = side / m;
  const r = seededRandom(seed);
  const positions = new Float64Array(3 * n);
  const species = new Uint8Array(n);
  const nA = Math.round(fractions[0]! * n);
  // Species shuffled over the lattice sites (Fisher–Yates on the site order).
  const order = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  for (let p = 0; p < n; p++) {
    const site = order[p]!;
    const ix = site % m, iy = Math.floor(site / m) % m, iz = Math.floor(site / (m * m));
    positions[3 * p] = (ix + 0.5) * a + jitter * a * (r() - 0.5);
    positions[3 * p + 1] = (iy + 0.5) * a + jitter * a * (r() - 0.5);
    positions[3 * p + 2] = (iz + 0.5) * a + jitter * a * (r() - 0.5);
    species[p] = p < nA ? 0 : 1;
  }
  const start: Configuration = { n, dim: 3, model: preset, cell: new Float64Array([side, 0, 0, 0, side, 0, 0, 0, side]), positions, species };
  const law = lawOfConfiguration(start);
  const x = Float64Array.from(positions);
  minimizeCG(ndObjective(start, law), x, { fTol: 1e-9, maxIter: 50000, maxStep: 0.1 });
  return newtonPolishNd({ ...start, positions: x }, law).config;
}

/** The `ka` glass of N = m³ (default 216, the smallest cube that fits). */
export const ka3dGlass = (m = 6, seed = 1): Configuration => glass3d('ka', m, seed);
