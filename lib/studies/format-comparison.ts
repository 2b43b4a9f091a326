/** Markdown tables of a solver comparison (`softspot solvers`, docs/solvers.md). */
import type { ComparisonResult, ContenderRow, HeatCapacityRow } from './compare-solvers.js';

function table(header: string[], rows: string[][]): string {
  // A | inside a cell (|Σc − (2N−2)|) would split it: escaped, as Markdown tables want.
  const escape = (r: string[]): string[] => r.map((c) => c.replace(/\|/g, '\\|'));
  header = escape(header);
  rows = rows.map(escape);
  const cells = [header, ...rows];
  const widths = header.map((_, k) => Math.max(...cells.map((r) => (r[k] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, k) => c.padEnd(widths[k])).join(' | ') + ' |';
  return [line(header), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...rows.map(line)].join('\n');
}

/** ms with 3 significant digits. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toPrecision(2);
}

const exp = (x: number) => (Number.isFinite(x) ? (x === 0 ? '0' : x.toExponential(1)) : '—');

function contenderTable(rows: ContenderRow[]): string {
  const fastestDirect = Math.min(...rows.filter((r) => r.kind === 'direct' && !r.failure).map((r) => r.analyzeMs + r.updateMs + r.solveMsPerRhs * r.nrhs));
  const body = rows.map((r) => {
    const total = r.analyzeMs + r.updateMs + r.solveMsPerRhs * r.nrhs;
    return [
      r.solver, formatMs(r.analyzeMs), formatMs(r.updateMs), formatMs(r.solveMsPerRhs), formatMs(total),
      Number.isFinite(fastestDirect) && Number.isFinite(total) ? `${(total / fastestDirect).toFixed(total / fastestDirect < 10 ? 2 : 1)}×` : '—',
      r.kind === 'direct' ? '—' : Number.isFinite(r.iterations) ? `${Math.round(r.iterations)} (${r.iterationsMax})${r.solved < r.nrhs ? ` [${r.solved} of ${r.nrhs}]` : ''}` : '—',
      exp(r.residual), exp(r.error), Number.isFinite(r.storage) ? String(r.storage) : '—',
      r.failure ? r.failure.split(':')[0] : '',
    ];
  });
  return table(['solver', 'analyze ms', 'factorize / precond. ms', 'solve ms per rhs', 'total ms', 'total / best direct', 'CG steps mean (max)',
    'max rel. residual', 'max rel. error vs direct', 'nnz(L) / precond.', 'failure'], body);
}

/** d: the dimension, in the sum rule's heading Σc = d(N − 1) (2N−2 in 2D). */
function heatCapacityTable(rows: HeatCapacityRow[], d: number): string {
  const selinv = rows.find((r) => r.kind === 'selinv')?.totalMs ?? NaN;
  const body = rows.map((r) => [
    r.solver, formatMs(r.totalMs), Number.isFinite(r.totalMs / selinv) ? `${(r.totalMs / selinv).toFixed(r.totalMs / selinv < 10 ? 2 : 1)}×` : '—',
    r.kind === 'selinv' ? '—' : String(r.solves), r.kind === 'iterative' ? (Number.isFinite(r.iterations) ? String(Math.round(r.iterations)) : '—') : '—',
    exp(r.sumRuleError), exp(r.error), r.failure ? r.failure.split(':')[0] : '',
  ]);
  return table(['path', 'total ms', '/ selected inversion', 'right-hand sides', 'CG steps per rhs', `|Σc − (${d}N−${d})|`, 'max |Δc| / max |c|', 'failure'], body);
}

/** The comparison as Markdown: a heading line per case and its table. */
export function formatComparison(result: ComparisonResult, level = '###'): string {
  const parts: string[] = [];
  const what = `N = ${result.N} (n = ${result.n}, nnz(M) = ${result.nnz}, ${result.pairs} interactions), CG tolerance ${result.tol}`;
  const { clock, repeats } = result.timing ?? { clock: 'wall', repeats: 1 };
  const runs = repeats > 1 ? `the fastest of ${repeats} interleaved runs per contender` : 'one run per contender (the first runs of a process pay warm-up costs: repeats > 1 to compare)';
  const timed = result.velocity || result.block ? `; ${runs}${result.heatCapacity ? ' (the c_α paths: one run each)' : ''}` : '; one run per c_α path';
  parts.push(`Times in ms of the ${clock} clock${timed}.`, '');
  if (result.velocity) {
    parts.push(`${level} (a) One non-affine velocity u = −G Ξ, ${what}`, '', contenderTable(result.velocity), '');
  }
  if (result.block) {
    parts.push(`${level} (b) A block of ${result.block[0]?.nrhs ?? 64} right-hand sides (unit forces), ${what}`, '', contenderTable(result.block), '');
  }
  if (result.heatCapacity) {
    parts.push(`${level} (c) c_α of every interaction through blocked solves vs selected inversion, ${what}`, '', heatCapacityTable(result.heatCapacity, result.d ?? 2), '');
  }
  const failures = [...(result.velocity ?? []), ...(result.block ?? []), ...(result.heatCapacity ?? [])].filter((r) => r.failure);
  for (const r of failures) parts.push(`- ${r.solver}: ${r.failure}`);
  return parts.join('\n').trimEnd() + '\n';
}
