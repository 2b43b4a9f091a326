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
 * Single-vector shift-invert Lanczos (the default), block Lanczos (blocks of 8 and 16), and
 * block inverse iteration, with the solves used,
 * the right-hand sides per solve, and the largest eigenvalue difference between them.
 * Times are CPU times of this process (user + system; OpenBLAS single-threaded as the CLI
 * runs it; wall times with MODES_BENCH_CLOCK=wall), the fastest of `repeat` interleaved runs (the machine is shared; the load
 * average is printed with the table).
 *
 * Reading the solve columns (docs/modes-cost.md, "Round of issue 19, part 2"): "1 rhs alone"
 * solves back to back into the same buffer; inside lowestModes each solve writes into a
 * fresh column of the Lanczos basis, and on this VM the first touch of a 4 kB page costs
 * ~14 µs (39 pages per column at N = 10⁴: ~0.5 ms per solve), the AMD factor is 1.11× the
 * METIS one, and a reorthogonalizing step's basis stream evicts part of the factor. The
 * lowestModes factorization is a first factorization (its factor's pages fresh too); the
 * unit is a refactorization. Quiet machine, N = 10⁴, k = 20, before that round: 12.7×
 * (solves 7.19 at 2.38 ms each vs 1.51 alone, rest 2.29); the round cut the rest by ~40 %
 * (2.27 → 1.36 at load 11) and, keeping the basis memory from call to call (lanczos.ts),
 * the median in-loop solve by 6–17 % (later calls of a process only). The floor of the
 * algorithm there is ≈ 7–8.5 factorizations (≥ 50–60 solves at 0.076–0.083 each, plus
 * the factorization, the set-up and the residual products); in 3D a solve is a far
 * smaller fraction of a factorization and k = 20 costs ≈ 2.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '../../lib/config.js';
import { assembleBlocks, findPairs, hessianPattern, pairTensors } from '../../lib/hessian/index.js';
import { readXyz } from '../../lib/io/index.js';
import { DEFAULT_MODEL } from '../../lib/model/index.js';
import { BLOCK_LANCZOS_SIZE, lowestModes, type LowestModesOptions, type LowestModesResult } from '../../lib/modes/index.js';
import { SparseCholesky } from '../../lib/sparse-cholesky.js';
import { benchGlass } from './glasses.js';
import { fmt, printTable, ratio } from './table.js';

function fixture(name: string): Configuration {
  const path = fileURLToPath(new URL(`../fixtures/${name}.xyz`, import.meta.url));
  return readXyz(readFileSync(path, 'utf8'), path);
}

/**
 * CPU time of this process (ms; user + system): on the shared machine, wall time measures
 * the other sessions too. `MODES_BENCH_CLOCK=wall` measures wall time instead (on a quiet
 * machine the two should agree: the CLI runs OpenBLAS single-threaded).
 */
const WALL = process.env.MODES_BENCH_CLOCK === 'wall';
const cpuMs = (): number => { if (WALL) return performance.now(); const c = process.cpuUsage(); return (c.user + c.system) / 1000; };

function fastest(fn: () => void, repeat: number): number {
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = cpuMs();
    fn();
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

export async function run(ks: number[] = [20, 40], repeat = 5, blockSizes: number[] = [BLOCK_LANCZOS_SIZE, 16], withBlockInverse = true): Promise<void> {
  const glasses: [string, Configuration][] = [['slow_n2000_s115 (annealed)', fixture('slow_n2000_s115')], ['N = 10⁴ quench (seed 1)', await benchGlass(10000, 1)]];
  const rows: (string | number)[][] = [];
  for (const [label, glass] of glasses) {
    const pairs = findPairs(glass, DEFAULT_MODEL);
    const pattern = hessianPattern(pairs, glass.n, 0);
    const M = assembleBlocks(pattern, pairTensors(pairs, DEFAULT_MODEL, 2).K!);
    const blockSolveMs: Record<number, number> = {}, factorMs: Record<string, number> = {}, analyzeMs: Record<string, number> = {}, solveMs: Record<string, number> = {}, flopRatio: Record<string, number> = {};
    const b = new Float64Array(M.n).map((_, i) => Math.sin(i));
    for (const ordering of ['metis', 'amd'] as const) {
      let f: SparseCholesky | undefined;
      analyzeMs[ordering] = fastest(() => { f?.dispose(); f = SparseCholesky.analyze(pattern, { ordering }); }, repeat);
      factorMs[ordering] = fastest(() => f!.factorize(M.values), repeat);
      const x = new Float64Array(M.n);
      solveMs[ordering] = fastest(() => f!.solve(b, 1, x), 8 * repeat);
      if (ordering === 'amd') {
        for (const p of blockSizes) {
          const bp = new Float64Array(M.n * p).map((_, i) => Math.sin(i)), xp = new Float64Array(M.n * p);
          blockSolveMs[p] = fastest(() => f!.solve(bp, p, xp), 4 * repeat);
        }
      }
      // One solve of one right-hand side: 2 triangular solves of 2·nnz(L) flops each.
      flopRatio[ordering] = 4 * f!.nnzL / f!.flops;
      f!.dispose();
    }
    const unit = factorMs.metis;
    rows.push([label, glass.n, '(one factorization)', '', '', `METIS ${fmt(analyzeMs.metis)} + ${fmt(factorMs.metis)}; AMD ${fmt(analyzeMs.amd)} + ${fmt(factorMs.amd)} (${ratio(factorMs.amd / unit)})`,
      `1 rhs alone: METIS ${fmt(solveMs.metis)} (${ratio(solveMs.metis / unit)}; flops ${ratio(flopRatio.metis)}), AMD ${fmt(solveMs.amd)} (${ratio(solveMs.amd / factorMs.amd)} of its factorization; flops ${ratio(flopRatio.amd)}); per column with p rhs (AMD, × METIS factorization): ${blockSizes.map((p) => `p = ${p} ${ratio(blockSolveMs[p] / p / unit)}`).join(', ')}`, '', '', '', '', '', '']);
    lowestModes(glass, 2); // warm-up (JIT)
    for (const k of ks) {
      let reference: Float64Array | undefined;
      const variants: { label: string; options: LowestModesOptions }[] = [
        { label: 'lanczos', options: { method: 'lanczos' } },
        ...blockSizes.map((p) => ({ label: `block-lanczos p = ${p}`, options: { method: 'block-lanczos' as const, blockSize: p } })),
        ...(k <= 20 && withBlockInverse ? [{ label: 'block', options: { method: 'block' as const } }] : []),
      ];
      // Interleaved: each round runs every variant once (the load drifts); fastest of `repeat`.
      const best = variants.map(() => ({ total: Infinity, r: undefined as LowestModesResult | undefined }));
      for (let rep = 0; rep < repeat; rep++) {
        variants.forEach(({ label: method, options }, v) => {
          if (method === 'block' && rep >= 2) return;
          const x = lowestModes(glass, k, { ...options, clock: cpuMs });
          if (x.timings.total < best[v].total) best[v] = { total: x.timings.total, r: x };
        });
      }
      for (const [v, { label: method }] of variants.entries()) {
        const r = best[v].r!;
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
  printTable(`The lowest modes (lowestModes, tol 1e-6): ${WALL ? 'wall' : 'CPU'} ms and (×) multiples of one METIS factorization of the pinned Hessian, measured in this run (load average ${loadavg().map((x) => x.toFixed(1)).join(', ')} at the end)`,
    ['glass', 'N', 'method', 'solves × rhs', 'set-up', 'factorize', 'iterate', 'total', 'ω range', 'QLMs (e<0.2)', 'max residual/λ', 'max |Δλ|/λ vs lanczos', 'converged'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const list = (arg: string | undefined) => (arg ? arg.split(',').map(Number) : undefined);
  await run(list(process.argv[2]), process.argv[3] ? Number(process.argv[3]) : undefined, list(process.argv[4]), process.argv[5] !== 'no-block');
}
