/**
 * Issue 3 benchmark: neighbour-list build, energy + forces evaluations per second, and
 * Hessian pattern + assembly, for N = 1e3, 1e4, 1e5 particles of a disordered packing
 * at density 0.86 (perturbed triangular lattice, 50:50 — the neighbour count of a glass).
 */
import type { Configuration } from '../../lib/config.js';
import { assembleBlocks, energyForces, findPairs, hessianPattern, pairTensors } from '../../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../../lib/model/index.js';
import { buildNeighborList, createNeighborList } from '../../lib/space/index.js';
import { createRng } from '../../lib/stats/index.js';
import { fmt, printTable, timeMs } from './table.js';

function disorderedPacking(n: number, seed: number): Configuration {
  const rng = createRng(seed);
  const ny = Math.max(2, Math.round(Math.sqrt(n / (Math.sqrt(3) / 2)) / 2) * 2);
  const nx = Math.ceil(n / ny);
  const N = nx * ny;
  const a = Math.sqrt(N / DEFAULT_MODEL.density / (nx * ny * Math.sqrt(3) / 2));
  const positions = new Float64Array(2 * N);
  const species = new Uint8Array(N);
  for (let p = 0; p < N; p++) {
    const i = p % nx, j = Math.floor(p / nx);
    positions[2 * p] = (i + 0.5 * (j % 2) + 0.25 * (rng.uniform() - 0.5)) * a;
    positions[2 * p + 1] = (j + 0.25 * (rng.uniform() - 0.5)) * a * Math.sqrt(3) / 2;
    species[p] = rng.uniform() < 0.5 ? 0 : 1;
  }
  return { n: N, cell: Float64Array.of(nx * a, 0, 0, ny * a * Math.sqrt(3) / 2), positions, species };
}

export async function run(sizes = [1000, 10000, 100000]): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const config = disorderedPacking(n, 1);
    const model = DEFAULT_MODEL;
    const nl = createNeighborList(config.n, { cutoff: model.maxCutoff, skin: 0.3 });
    const tList = timeMs(() => buildNeighborList(nl, config));
    const forces = new Float64Array(2 * config.n);
    energyForces(config, model, nl, forces);
    const reps = Math.max(3, Math.round(2e6 / config.n));
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) energyForces(config, model, nl, forces);
    const tForce = (performance.now() - t0) / reps;
    const pairs = findPairs(config, model, nl);
    let pattern = hessianPattern(pairs, config.n, 0);
    const tPattern = timeMs(() => { pattern = hessianPattern(pairs, config.n, 0); });
    const K = pairTensors(pairs, model, 2).K!;
    const tTensors = timeMs(() => pairTensors(pairs, model, 2));
    const values = new Float64Array(pattern.nnz);
    const tAssemble = timeMs(() => assembleBlocks(pattern, K, values));
    rows.push([config.n, pairs.count, fmt(tList), fmt(tForce), Math.round(1000 / tForce), ((config.n * 1000) / tForce).toExponential(2), fmt(tPattern), fmt(tTensors), fmt(tAssemble)]);
  }
  printTable('Energy, forces and Hessian assembly (single thread)',
    ['N', 'pairs', 'neighbour list ms', 'energy+forces ms', 'evaluations/s', 'particle-evals/s', 'Hessian pattern ms', 'pair tensors (K) ms', 'Hessian assembly ms'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ? process.argv.slice(2).map(Number) : undefined);
