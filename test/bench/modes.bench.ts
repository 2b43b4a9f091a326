/**
 * Issue 19 benchmark: the k = 20 lowest vibrational modes (lowestModes) at N = 2000 (the
 * annealed fixture slow_n2000_s115) and N = 10⁴ (a minimized random-start glass), against
 * one numeric factorization of the same pinned Hessian (same ordering), measured in this
 * run; shift-invert Lanczos (the default) and block inverse iteration side by side, with
 * the solves used, the right-hand sides per solve, the spread of the modes found and the
 * largest eigenvalue difference between the two methods.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '../../lib/config.js';
import { assembleBlocks, findPairs, hessianPattern, pairTensors } from '../../lib/hessian/index.js';
import { readXyz } from '../../lib/io/index.js';
import { DEFAULT_MODEL } from '../../lib/model/index.js';
import { lowestModes } from '../../lib/modes/index.js';
import { SparseCholesky } from '../../lib/sparse-cholesky.js';
import { benchGlass } from './glasses.js';
import { fmt, printTable, ratio, timeMs } from './table.js';

function fixture(name: string): Configuration {
  const path = fileURLToPath(new URL(`../fixtures/${name}.xyz`, import.meta.url));
  return readXyz(readFileSync(path, 'utf8'), path);
}

export async function run(k = 20): Promise<void> {
  const glasses: [string, Configuration][] = [['slow_n2000_s115 (annealed)', fixture('slow_n2000_s115')], ['N = 10⁴ quench (seed 1)', await benchGlass(10000, 1)]];
  const rows: (string | number)[][] = [];
  for (const [label, glass] of glasses) {
    const pairs = findPairs(glass, DEFAULT_MODEL);
    const pattern = hessianPattern(pairs, glass.n, 0);
    const M = assembleBlocks(pattern, pairTensors(pairs, DEFAULT_MODEL, 2).K!);
    const f = SparseCholesky.analyze(pattern, { ordering: 'metis' });
    const tFactor = timeMs(() => f.factorize(M.values));
    const B = new Float64Array(M.n * k);
    for (let c = 0; c < k; c++) B[c * M.n + ((c * 7919) % M.n)] = 1;
    const tSolve = timeMs(() => f.solve(B, k));
    f.dispose();
    lowestModes(glass, 2); // warm-up (JIT)
    let reference: Float64Array | undefined;
    for (const method of ['block', 'lanczos'] as const) {
      let r = lowestModes(glass, k, { method });
      const t0 = performance.now();
      r = lowestModes(glass, k, { method });
      const total = performance.now() - t0;
      const qlm = r.modes.filter((m) => m.quasilocalized).length;
      const worst = Math.max(...r.modes.map((m) => m.residual / m.eigenvalue));
      const lambdas = Float64Array.from(r.modes, (m) => m.eigenvalue);
      reference ??= lambdas;
      let diff = 0;
      for (let i = 0; i < k; i++) diff = Math.max(diff, Math.abs(lambdas[i] - reference[i]) / reference[i]);
      rows.push([label, glass.n, method, r.blockSize, r.iterations, fmt(tFactor), fmt(tSolve), fmt(total), fmt(r.timings.iterate), ratio(total / tFactor),
        `${r.modes[0].omega.toFixed(3)}–${r.modes[k - 1].omega.toFixed(3)}`, qlm, worst.toExponential(1), diff.toExponential(1), r.converged ? 'yes' : 'NO']);
    }
  }
  printTable(`The ${k} lowest modes (lowestModes, tol 1e-6) vs one factorization of the pinned Hessian (METIS)`,
    ['glass', 'N', 'method', 'rhs per solve', 'solves', 'factorize ms', `solve ×${k} rhs ms`, 'lowestModes ms', 'iteration ms', 'total / 1 factorization', 'ω range', 'QLMs (e<0.2)', 'max residual/λ', 'max |Δλ|/λ vs block', 'converged'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ? Number(process.argv[2]) : undefined);
