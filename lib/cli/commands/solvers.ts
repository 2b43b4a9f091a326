/** `softspot solvers config.xyz [--rhs 1|64|all]`: direct vs iterative solvers on its Hessian. */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { integerOption, numberOption, onePositional } from '../options.js';
import { readXyzFile } from '../../io/index.js';
import { compareSolvers, formatComparison, SOLVER_NAMES, type SolverName } from '../../solvers/index.js';
import { expectOneOf } from '../../validate.js';

const usage = `Usage: softspot solvers <config.xyz> [options]

Compares direct (CHOLMOD) and iterative (Eigen's preconditioned conjugate gradient)
solvers on the Hessian of a minimized configuration (one particle pinned) and prints
Markdown tables: analysis and factorization/preconditioner time, solve time per
right-hand side, CG steps, relative residual ‖b − Mx‖/‖b‖ and error against the direct
solution, for
  --rhs 1     one non-affine velocity u = −G Ξ (simple shear)
  --rhs 64    a block of 64 right-hand sides (unit forces: columns of G)
  --rhs all   c_α of every interaction through blocked solves of M X = I, next to the
              selected-inversion path (2N right-hand sides: small N only)
See docs/solvers.md for the tables on glasses of 10³–10⁵ particles.

Options:
  --rhs LIST          comma-separated subset of 1, 64, all (default 1,64)
  --solver LIST       contenders (default all): cholmod-{llt,ldlt}-{amd,metis,nesdis}, cg,
                      pcg-jacobi, pcg-ichol
  --tol X             CG relative tolerance (default 1e-10)
  --max-iter N        CG steps per right-hand side at most (default max(1000, 2n))
  --pinned K          particle held fixed (default 0)
  --quiet             no progress on stderr
`;

export const solvers: Command = {
  name: 'solvers',
  summary: 'compare direct and iterative solvers on the Hessian of a configuration',
  usage,
  async run(args, { stdout, stderr }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        rhs: { type: 'string' },
        solver: { type: 'string' },
        tol: { type: 'string' },
        'max-iter': { type: 'string' },
        pinned: { type: 'string' },
        quiet: { type: 'boolean' },
      },
    });
    const path = onePositional(positionals, 'configuration file (.xyz)');
    const cases = (values.rhs ?? '1,64').split(',').map((s) => s.trim()).filter(Boolean);
    if (cases.length === 0) throw new UsageError('--rhs: expected a comma-separated subset of 1, 64, all, got ""');
    const checked = cases.map((c) => expectOneOf('--rhs', c, ['1', '64', 'all'] as const));
    const names = values.solver === undefined ? undefined
      : values.solver.split(',').map((s) => expectOneOf('--solver', s.trim(), SOLVER_NAMES) as SolverName);
    const tol = numberOption('tol', values.tol, 1e-10, (x) => x > 0, 'a positive number');
    const maxIter = values['max-iter'] === undefined ? undefined : integerOption('max-iter', values['max-iter'], 0, 1);
    const pinned = integerOption('pinned', values.pinned, 0, 0);
    const config = await readXyzFile(path);
    if (checked.includes('all') && config.n > 5000 && !values.quiet) {
      stderr.write(`solvers: --rhs all solves ${2 * config.n - 2} right-hand sides per contender; this takes long for N = ${config.n}\n`);
    }
    const result = compareSolvers(config, {
      cases: checked, solvers: names, tol, maxIter, pinned,
      onProgress: values.quiet ? undefined : (message) => stderr.write(`solvers: ${message}\n`),
    });
    stdout.write(formatComparison(result));
    return 0;
  },
};
