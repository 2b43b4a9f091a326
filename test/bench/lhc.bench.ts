/**
 * Issue 4 benchmark: the whole c_α + dc_α/dγ (simple and pure) computation on minimized
 * glasses of N = 1e3, 1e4, 4e4, its parts, and the ratios to one factorization and to the
 * 'solves' path, measured in this run (the 'solves' path in full at N = 1e3; at larger N
 * extrapolated from its block solves: (1 + 2·2) × n/64 blocks of 64 right-hand sides).
 */
import { localHeatCapacity } from '../../lib/lhc/index.js';
import { findPairs, hessianPattern, pairTensors, assembleBlocks } from '../../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../../lib/model/index.js';
import { SparseCholesky } from '../../lib/sparse-cholesky.js';
import { benchGlass } from './glasses.js';
import { fmt, printTable, ratio, timeMs } from './table.js';

export async function run(sizes = [1000, 10000, 40000]): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const glass = await benchGlass(n, 1);
    localHeatCapacity(glass); // warm-up (JIT)
    const result = localHeatCapacity(glass);
    const t = result.diagnostics.timings;
    // One factorization of the same Hessian, same ordering and mode.
    const pairs = findPairs(glass, DEFAULT_MODEL);
    const pattern = hessianPattern(pairs, glass.n, 0);
    const M = assembleBlocks(pattern, pairTensors(pairs, DEFAULT_MODEL, 2).K!);
    const f = SparseCholesky.analyze(pattern, { ordering: 'metis', mode: 'supernodal' });
    const tFactor = timeMs(() => f.factorize(M.values));
    let tSolves: number, how: string;
    if (n <= 2000) {
      tSolves = localHeatCapacity(glass, { method: 'solves' }).diagnostics.timings.total;
      how = 'measured';
    } else {
      const B = new Float64Array(M.n * 64);
      for (let k = 0; k < 64; k++) B[k + k * M.n] = 1;
      const block = timeMs(() => f.solve(B, 64));
      tSolves = 5 * (M.n / 64) * block;
      how = 'extrapolated';
    }
    f.dispose();
    rows.push([n, result.count, fmt(t.total), fmt(t.setup), fmt(t.factorize), fmt(t.selectedInverse), fmt(t.selectedInverseDerivative),
      fmt(t.total - t.setup - t.factorize - t.selectedInverse - t.selectedInverseDerivative), ratio(t.total / tFactor), `${fmt(tSolves)} (${how})`, ratio(tSolves / t.total)]);
  }
  printTable('Local heat capacity c and dc/dγ (simple + pure), minimized random-start glasses',
    ['N', 'interactions', 'total ms', 'pairs+tensors+analysis ms', 'factorize ms', 'selinv ms', 'selinv deriv ×2 ms', 'solves+contractions ms', 'total / 1 factorization', "'solves' path ms", "'solves' / selinv"], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ? process.argv.slice(2).map(Number) : undefined);
