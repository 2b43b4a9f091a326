/** `softspot lhc config.xyz --out table.csv`: c_α and dc_α/dγ of every interaction. */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { integerOption, numberOption, onePositional } from '../options.js';
import { formatLhcCsv, readXyzFile, writeFileAtomic } from '../../io/index.js';
import { localHeatCapacity, type NamedDeformation } from '../../lhc/index.js';
import type { Ordering } from '../../sparse-cholesky.js';
import { SOLVER_NAMES } from '../../solvers/index.js';
import { expectOneOf } from '../../validate.js';

const usage = `Usage: softspot lhc <config.xyz> --out <table.csv> [options]

Computes, for every interacting pair α (i < j, r < x_c λ_ij), the local heat capacity
c_α and its linear response dc_α/dγ to imposed deformations, from one sparse Cholesky
factorization of the Hessian (selected inversion). Writes a CSV with header
i,j,c,dcdg_simple,dcdg_pure (one dcdg_<name> column per deformation) and prints a
one-line summary with the exact sum rules (Σc = 2N−2, Σdc/dγ = 0) on stderr.

Options:
  --out FILE                 output CSV, written atomically (required)
  --method selinv|solves     selected inversion (default) or the blocked-solves reference
  --deformation LIST         comma-separated: simple, pure, simple-, pure- (default simple,pure)
  --E exx,exy,eyx,eyy        any deformation dH/dγ instead (column dcdg_E)
  --ordering NAME            amd, metis (default), nesdis, best
  --solver NAME              solver of the solves (u, w, ẇ; and of Newton polishing): cholmod,
                             cholmod-{llt,ldlt}-{amd,metis,nesdis}, cg, pcg-jacobi, pcg-ichol
                             (default: the factorization of the selected inversion)
  --solver-tol X             relative tolerance of an iterative --solver (default 1e-10)
  --pinned K                 particle held fixed (default 0; results do not depend on it)
  --no-polish                reject input that is not at a minimum instead of polishing it with Newton
`;

const PRESETS: Record<string, Float64Array> = {
  simple: Float64Array.of(0, 1, 0, 0),
  'simple+': Float64Array.of(0, 1, 0, 0),
  'simple-': Float64Array.of(0, -1, 0, 0),
  pure: Float64Array.of(0.5, 0, 0, -0.5),
  'pure+': Float64Array.of(0.5, 0, 0, -0.5),
  'pure-': Float64Array.of(-0.5, 0, 0, 0.5),
};

/** The deformations named by --deformation or --E. */
export function parseDeformations(list: string | undefined, e: string | undefined): NamedDeformation[] {
  if (list !== undefined && e !== undefined) throw new UsageError('give either --deformation or --E, not both');
  if (e !== undefined) {
    const parts = e.split(',').map(Number);
    if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) {
      throw new UsageError(`--E: expected four numbers exx,exy,eyx,eyy, got "${e}"`);
    }
    return [{ name: 'E', E: Float64Array.from(parts) }];
  }
  const names = (list ?? 'simple,pure').split(',').map((s) => s.trim()).filter(Boolean);
  return names.map((name) => {
    const E = PRESETS[name];
    if (!E) throw new UsageError(`--deformation: unknown deformation "${name}"; expected simple, pure, simple- or pure-`);
    return { name, E };
  });
}

export const lhc: Command = {
  name: 'lhc',
  summary: 'local heat capacity c and dc/dγ of every interaction, as CSV',
  usage,
  async run(args, { stderr }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        method: { type: 'string' },
        deformation: { type: 'string' },
        E: { type: 'string' },
        ordering: { type: 'string' },
        solver: { type: 'string' },
        'solver-tol': { type: 'string' },
        pinned: { type: 'string' },
        'no-polish': { type: 'boolean' },
      },
    });
    const path = onePositional(positionals, 'configuration file (.xyz)');
    if (!values.out) throw new UsageError('--out is required');
    const method = expectOneOf('--method', values.method ?? 'selinv', ['selinv', 'solves'] as const);
    const ordering = expectOneOf('--ordering', values.ordering ?? 'metis', ['amd', 'metis', 'nesdis', 'best'] as Ordering[]);
    const solver = values.solver === undefined ? undefined : expectOneOf('--solver', values.solver, SOLVER_NAMES);
    const solverTol = numberOption('solver-tol', values['solver-tol'], 1e-10, (x) => x > 0, 'a positive number');
    const deformations = parseDeformations(values.deformation, values.E);
    const config = await readXyzFile(path);
    const pinned = integerOption('pinned', values.pinned, 0, 0);
    const result = localHeatCapacity(config, { method, ordering, deformations, pinned, polish: !values['no-polish'], solver, solverTol });
    await writeFileAtomic(values.out, formatLhcCsv(result));
    const d = result.diagnostics;
    const sums = Object.entries(d.sumDcdg).map(([name, s]) => `Σdc/dγ(${name}) = ${s.toExponential(2)}`).join(', ');
    stderr.write(
      `lhc: ${result.count} interactions, N = ${result.n}, Σc = ${d.sumC.toFixed(10)} (2N−2 = ${d.expectedSumC}), ${sums}, ` +
      `max |force| ${d.maxForce.toExponential(2)}${d.polished ? ` (polished with Newton from ${d.maxForceInput.toExponential(2)})` : ''}, ` +
      `${method}${solver ? `, solves by ${d.solver} (${d.solverIterations} CG steps)` : ''}, nnz(L) ${d.nnzL}, ${(d.timings.total / 1000).toFixed(3)} s → ${values.out}\n`);
    return 0;
  },
};
