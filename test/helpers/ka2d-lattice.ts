/** Small unminimized `ka2d` glasses for the tests of the pair laws (DESIGN §10). */
import type { Configuration } from '../../lib/config.js';
import { composition, modelPreset } from '../../lib/model/index.js';
import { seededRandom } from './dense-linalg.js';

/**
 * A jittered m × m square lattice at the preset's N/V = 1.2 with A:B = 65:35 placed at
 * random, model=ka2d. Each coordinate moves by jitter·(u − ½)·(L/m), u uniform; the cell is
 * [[L, tilt], [0, L]] (row-major h).
 */
export function ka2dLattice(m: number, seed: number, options: { jitter?: number; tilt?: number } = {}): Configuration {
  const jitter = options.jitter ?? 0.3;
  const n = m * m, preset = modelPreset('ka2d');
  const L = Math.sqrt(n / preset.density);
  const rand = seededRandom(seed);
  const positions = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    positions[2 * k] = ((k % m) + 0.5 + jitter * (rand() - 0.5)) * (L / m);
    positions[2 * k + 1] = (Math.floor(k / m) + 0.5 + jitter * (rand() - 0.5)) * (L / m);
  }
  const species = new Uint8Array(n);
  const order = Array.from({ length: n }, (_, k) => k).sort(() => rand() - 0.5);
  for (let k = composition(preset, n)[0]!; k < n; k++) species[order[k]!] = 1;
  return { n, cell: Float64Array.of(L, options.tilt ?? 0, 0, L), positions, species, model: 'ka2d' };
}
