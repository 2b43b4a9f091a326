/**
 * Glasses for benchmarks: N particles at density 0.86, 50:50, random start, minimized
 * (CG with a step cap, then Newton to the force floor). Cached under .bench-out/ so
 * repeated benchmark runs reuse them. When lib/md's prepareGlass is available the
 * benchmarks of issue 5 use real annealed glasses instead.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../../lib/config.js';
import { readXyz, writeXyzFile } from '../../lib/io/index.js';
import { minimizeGlass } from '../../lib/minimize/index.js';
import { DEFAULT_MODEL } from '../../lib/model/index.js';
import { createRng } from '../../lib/stats/index.js';

export const BENCH_DIR = '.bench-out';

/** Random positions in a square box at the model density (overlapping; minimize next). */
export function randomStart(n: number, seed: number): Configuration {
  const L = Math.sqrt(n / DEFAULT_MODEL.density);
  const rng = createRng(seed);
  const positions = new Float64Array(2 * n);
  for (let k = 0; k < 2 * n; k++) positions[k] = rng.uniform() * L;
  const species = new Uint8Array(n);
  for (let p = 0; p < n; p++) species[p] = p < n / 2 ? 0 : 1;
  return { n, cell: Float64Array.of(L, 0, 0, L), positions, species };
}

/** A minimized random-start glass of n particles, cached on disk. */
export async function benchGlass(n: number, seed = 1): Promise<Configuration> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `quench-n${n}-s${seed}.xyz`);
  if (existsSync(path)) return readXyz(readFileSync(path, 'utf8'), path);
  const t0 = performance.now();
  const result = minimizeGlass(randomStart(n, seed), { cgTolerance: 1e-8 });
  process.stderr.write(`  (prepared quench N=${n}: ${result.cgIterations} CG iterations, max |F| ${result.maxForce.toExponential(1)}, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  const config = { ...result.config, info: { energy: result.energy, fmax: result.maxForce, seed } };
  await writeXyzFile(path, config);
  return config;
}
