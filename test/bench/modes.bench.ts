/**
 * Issue 19 benchmark: the k lowest vibrational modes (lowestModes, k = 20 and 40) at
 * N = 2000 (the annealed fixture slow_n2000_s115) and N = 10⁴ (a minimized random-start
 * glass), against one numeric factorization of the same pinned Hessian measured in this
 * run, with the METIS ordering (the cheapest factorization) and with AMD (lowestModes'
 * default: its analysis is ~5× cheaper). Cost columns are multiples of the METIS
 * factorization, side by side with the milliseconds: set-up (pairs, tensors, one
 * assembly, symbolic analysis), the numeric factorization, the iteration, the total.
 * The iteration is split into the solves through the factor (with the time of one solve
 * inside the loop, to compare with one solve alone in the first row and with its flop
 * ratio 4·nnz(L)/flops of the factorization), the products with the free Hessian, and the
 * rest (orthogonalization, estimates, Ritz vectors).
 * Shift-invert Lanczos (the default) and block inverse iteration, with the solves used,
 * the right-hand sides per solve, and the largest eigenvalue difference between them.
 * Times are the fastest of `repeat` runs (the machine is shared).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '../../lib/config.js';
import { assembleBlocks, findPairs, hessianPattern, pairTensors } from '../../lib/hessian/index.js';
import { readXyz } from '../../lib/io/index.js';
import { DEFAULT_MODEL } from '../../lib/model/index.js';
import { lowestModes, type LowestModesResult } from '../../lib/modes/index.js';
import { SparseCholesky } from '../../lib/sparse-cholesky.js';
import { benchGlass } from './glasses.js';
import { fmt, printTable, ratio } from './table.js';

function fixture(name: string): Configuration {
  const path = fileURLToPath(new URL(`../fixtures/${name}.xyz`, import.meta.url));
  return readXyz(readFileSync(path, 'utf8'), path);
}

function fastest(fn: () => void, repeat: number): number {
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export async function run(ks: number[] = [20, 40], repeat = 5): Promise<void> {
  const glasses: [string, Configuration][] = [['slow_n2000_s115 (annealed)', fixture('slow_n2000_s115')], ['N = 10⁴ quench (seed 1)', await benchGlass(10000, 1)]];
  const rows: (string | number)[][] = [];
  for (const [label, glass] of glasses) {
    const pairs = findPairs(glass, DEFAULT_MODEL);
    const pattern = hessianPattern(pairs, glass.n, 0);
    const M = assembleBlocks(pattern, pairTensors(pairs, DEFAULT_MODEL, 2).K!);
    const factorMs: Record<string, number> = {}, analyzeMs: Record<string, number> = {}, solveMs: Record<string, number> = {}, flopRatio: Record<string, number> = {};
    const b = new Float64Array(M.n).map((_, i) => Math.sin(i));
    for (const ordering of ['metis', 'amd'] as const) {
      let f: SparseCholesky | undefined;
      analyzeMs[ordering] = fastest(() => { f?.dispose(); f = SparseCholesky.analyze(pattern, { ordering }); }, repeat);
      factorMs[ordering] = fastest(() => f!.factorize(M.values), repeat);
      const x = new Float64Array(M.n);
      solveMs[ordering] = fastest(() => f!.solve(b, 1, x), 8 * repeat);
      // One solve of one right-hand side: 2 triangular solves of 2·nnz(L) flops each.
      flopRatio[ordering] = 4 * f!.nnzL / f!.flops;
      f!.dispose();
    }
    const unit = factorMs.metis;
    rows.push([label, glass.n, '(one factorization)', '', '', `METIS ${fmt(analyzeMs.metis)} + ${fmt(factorMs.metis)}; AMD ${fmt(analyzeMs.amd)} + ${fmt(factorMs.amd)} (${ratio(factorMs.amd / unit)})`,
      `1 rhs alone: METIS ${fmt(solveMs.metis)} (${ratio(solveMs.metis / unit)}; flops ${ratio(flopRatio.metis)}), AMD ${fmt(solveMs.amd)} (${ratio(solveMs.amd / factorMs.amd)} of its factorization; flops ${ratio(flopRatio.amd)})`, '', '', '', '', '', '']);
    lowestModes(glass, 2); // warm-up (JIT)
    for (const k of ks) {
      let reference: Float64Array | undefined;
      for (const method of ['lanczos', 'block'] as const) {
        if (method === 'block' && k > 20) continue;
        let r!: LowestModesResult;
        let best = Infinity;
        for (let rep = 0; rep < (method === 'block' ? 2 : repeat); rep++) {
          const t0 = performance.now();
          const x = lowestModes(glass, k, { method });
          const total = performance.now() - t0;
          if (total < best) { best = total; r = x; }
        }
        const t = r.timings;
        const worst = Math.max(...r.modes.map((m) => m.residual / m.eigenvalue));
        const lambdas = Float64Array.from(r.modes, (m) => m.eigenvalue);
        reference ??= lambdas;
        let diff = 0;
        for (let i = 0; i < k; i++) diff = Math.max(diff, Math.abs(lambdas[i] - reference[i]) / reference[i]);
        const u = (ms: number) => `${fmt(ms)} (${ratio(ms / unit)})`;
        const split = `${u(t.iterate)} = solves ${ratio(t.solve / unit)} (${fmt(t.solve / r.iterations)} each) + products ${ratio(t.product / unit)} + rest ${ratio((t.iterate - t.solve - t.product) / unit)}`;
        rows.push([label, glass.n, `${method}, k = ${k}`, `${r.iterations} × ${r.blockSize}`, u(t.setup), u(t.factorize), split, u(t.total),
          `${r.modes[0].omega.toFixed(3)}–${r.modes[k - 1].omega.toFixed(3)}`, r.modes.filter((m) => m.quasilocalized).length, worst.toExponential(1), diff.toExponential(1), r.converged ? 'yes' : 'NO']);
      }
    }
  }
  printTable('The lowest modes (lowestModes, tol 1e-6): ms and (×) multiples of one METIS factorization of the pinned Hessian, measured in this run',
    ['glass', 'N', 'method', 'solves × rhs', 'set-up', 'factorize', 'iterate', 'total', 'ω range', 'QLMs (e<0.2)', 'max residual/λ', 'max |Δλ|/λ vs lanczos', 'converged'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ? process.argv[2].split(',').map(Number) : undefined);
