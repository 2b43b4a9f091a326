/**
 * Issue 9 benchmark: direct (CHOLMOD supernodal LLᵀ / simplicial LDLᵀ × AMD / METIS /
 * NESDIS) against iterative (Eigen CG, Jacobi-PCG, incomplete-Cholesky-PCG) solvers on
 * the pinned Hessians of minimized glasses of N = 1e3, 1e4, 1e5 particles (benchGlass,
 * cached in .bench-out/), through lib/studies compareSolvers: (a) one non-affine velocity,
 * (b) a block of 64 right-hand sides, (c) at N ≤ 1e3 the full c_α by blocked solves next
 * to selected inversion. Prints the tables of docs/solvers.md and a summary of the
 * ratios measured in this run.
 *
 * Times are process CPU time with one BLAS / OpenMP thread (set here before the addon
 * loads, unless already set): every contender on one core, and numbers that a busy
 * shared machine does not inflate as it does wall time.
 *
 *   node --import tsx test/bench/solvers.bench.ts [N ...]
 */
import type { ComparisonResult, ContenderRow } from '../../lib/studies/index.js';

process.env.OMP_NUM_THREADS ??= '1';
process.env.OPENBLAS_NUM_THREADS ??= '1';
const { compareSolvers, formatComparison } = await import('../../lib/studies/index.js');
const { benchGlass } = await import('./glasses.js');

/** Process CPU time (user + system) in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function best(rows: ContenderRow[], kind: 'direct' | 'iterative'): ContenderRow | undefined {
  const total = (r: ContenderRow) => r.analyzeMs + r.updateMs + r.solveMsPerRhs * r.nrhs;
  return rows.filter((r) => r.kind === kind && !r.failure).sort((a, b) => total(a) - total(b))[0];
}

function summary(result: ComparisonResult): string {
  const total = (r: ContenderRow) => r.analyzeMs + r.updateMs + r.solveMsPerRhs * r.nrhs;
  const lines: string[] = [];
  for (const [label, rows] of [['one rhs', result.velocity], [`${result.block?.[0]?.nrhs ?? 64} rhs`, result.block]] as const) {
    if (!rows) continue;
    const d = best(rows, 'direct'), i = best(rows, 'iterative');
    if (!d || !i) continue;
    const ratio = total(i) / total(d);
    lines.push(`- N = ${result.N}, ${label}: best direct ${d.solver} ${total(d).toFixed(1)} ms, best iterative ${i.solver} ${total(i).toFixed(1)} ms ` +
      `→ ${ratio >= 1 ? `direct ${ratio.toFixed(1)}× faster` : `iterative ${(1 / ratio).toFixed(1)}× faster`}; ` +
      `per extra rhs: direct ${d.solveMsPerRhs.toFixed(2)} ms vs iterative ${i.solveMsPerRhs.toFixed(1)} ms`);
  }
  if (result.heatCapacity) {
    const rows = result.heatCapacity;
    const selinv = rows.find((r) => r.kind === 'selinv')!;
    const bestOf = (kind: string) => rows.filter((r) => r.kind === kind && Number.isFinite(r.totalMs)).sort((a, b) => a.totalMs - b.totalMs)[0];
    const d = bestOf('direct'), i = bestOf('iterative');
    lines.push(`- N = ${result.N}, c_α: selected inversion ${selinv.totalMs.toFixed(0)} ms; blocked direct solves (${d?.solver}) ${d?.totalMs.toFixed(0)} ms; ` +
      `blocked PCG solves (${i?.solver}) ${i?.totalMs.toFixed(0)} ms`);
  }
  return lines.join('\n');
}

export async function run(sizes = [1000, 10000, 100000]): Promise<void> {
  const summaries: string[] = [];
  for (const N of sizes) {
    const config = await benchGlass(N);
    const t0 = performance.now();
    const result = compareSolvers(config, {
      cases: N <= 1000 ? ['1', '64', 'all'] : ['1', '64'],
      // 64 CG solves take minutes at N = 1e5: time 8 of them (each solve is independent).
      sample: N >= 50000 ? 8 : undefined,
      clock: cpuMs,
      clockName: 'process CPU',
      // The first runs of a process pay warm-up costs; the largest size's CG runs take minutes.
      repeats: N <= 10000 ? 3 : 1,
      onProgress: (m) => process.stderr.write(`  N=${N} ${m}\n`),
    });
    process.stdout.write(`\n## N = ${N}\n\n${formatComparison(result)}`);
    process.stdout.write(`\n(CPU ms, OMP_NUM_THREADS=${process.env.OMP_NUM_THREADS}, OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS})\n`);
    process.stderr.write(`  (N=${N}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    summaries.push(summary(result));
  }
  process.stdout.write(`\n### Summary (ratios measured in this run)\n\n${summaries.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ? process.argv.slice(2).map(Number) : undefined);
