/**
 * Issue 2 benchmark: CHOLMOD analyze / factorize, selected inversion and its derivative,
 * and the 'solves' reference path, on glass-like Hessians of N = 1e3, 1e4, 4e4 particles
 * (2 DOFs each, one pinned). Ratios are to the fastest factorization of the same matrix
 * measured in this run. The 'solves' path is timed in full at N = 1e3 and extrapolated
 * from blocks of 64 right-hand sides (what it does internally) at larger N.
 */
import { SparseCholesky, type FactorMode, type Ordering } from '../../lib/sparse-cholesky.js';
import { glassLikeHessian } from './glass-like-hessian.js';
import { fmt, printTable, ratio, timeMs } from './table.js';

export async function run(sizes = [1000, 10000, 40000]): Promise<void> {
  for (const N of sizes) {
    const A = glassLikeHessian(N, 1);
    const dA = Float64Array.from(A.values, (v, k) => v * Math.sin(k));
    const rows: (string | number)[][] = [];
    let fastest = Infinity;
    const results: { label: string; analyze: number; factorize: number; selinv: number; deriv: number; nnzL: number }[] = [];
    for (const ordering of ['amd', 'metis', 'nesdis'] as Ordering[]) {
      for (const mode of ['simplicial', 'supernodal'] as FactorMode[]) {
        let f!: SparseCholesky;
        const analyze = timeMs(() => { f?.dispose(); f = SparseCholesky.analyze({ n: A.n, colPtr: A.colPtr, rowIdx: A.rowIdx }, { ordering, mode }); }, 1);
        const factorize = timeMs(() => f.factorize(A.values));
        const selinv = timeMs(() => { f.factorize(A.values); f.selectedInverse(); }) - factorize;
        const deriv = timeMs(() => f.selectedInverseDerivative(dA));
        fastest = Math.min(fastest, factorize);
        results.push({ label: `${ordering}/${mode}`, analyze, factorize, selinv, deriv, nnzL: f.nnzL });
        f.dispose();
      }
    }
    // The 'solves' reference with the best ordering, supernodal.
    const f = SparseCholesky.analyze(A, { ordering: 'nesdis', mode: 'supernodal' });
    let solves: number, solvesDeriv: number, extrapolated = '';
    if (N <= 2000) {
      solves = timeMs(() => f.selectedInverse({ method: 'solves' }), 1);
      solvesDeriv = timeMs(() => f.selectedInverseDerivative(dA, { method: 'solves' }), 1);
    } else {
      const blocks = 4;
      const B = new Float64Array(A.n * 64);
      const perBlock = timeMs(() => { for (let b = 0; b < blocks; b++) { B.fill(0); for (let k = 0; k < 64; k++) B[(b * 64 + k) + k * A.n] = 1; f.solve(B, 64); } }, 1) / blocks;
      solves = perBlock * (A.n / 64);
      solvesDeriv = 2 * solves;
      extrapolated = ' (extrapolated)';
    }
    f.dispose();
    for (const r of results) {
      rows.push([r.label, r.nnzL, fmt(r.analyze), fmt(r.factorize), fmt(r.selinv), ratio(r.selinv / fastest), fmt(r.deriv), ratio(r.deriv / fastest)]);
    }
    printTable(`Sparse Cholesky, glass-like Hessian, N = ${N} (n = ${A.n}, nnz(A) = ${A.rowIdx.length})`,
      ['ordering/mode', 'nnz(L)', 'analyze ms', 'factorize ms', 'selinv ms', 'selinv / fastest fact.', 'deriv ms', 'deriv / fastest fact.'], rows);
    const bestSelinv = Math.min(...results.map((r) => r.selinv));
    const bestDeriv = Math.min(...results.map((r) => r.deriv));
    process.stdout.write(`\nfastest factorization ${fmt(fastest)} ms; 'solves' path${extrapolated}: selected inverse ${fmt(solves)} ms ` +
      `(${ratio(solves / bestSelinv)} the Takahashi path), derivative ${fmt(solvesDeriv)} ms (${ratio(solvesDeriv / bestDeriv)})\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ? process.argv.slice(2).map(Number) : undefined);
