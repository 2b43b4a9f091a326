/** `softspot solvers config.xyz [--rhs 1|64|all]`: direct vs iterative solvers on its Hessian. */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { checkPinned, onGlass, readInputGlass } from '../input.js';
import { minimumRouteOf, NEAR_MINIMUM_FORCE } from '../polish.js';
import { DEFAULT_SOLVER_TOL, SOLVER_NAMES } from '../../solvers/index.js';
import { compareSolvers, formatComparison } from '../../studies/index.js';

export const solvers = defineCommand({
  name: 'solvers',
  summary: 'compare direct and iterative solvers on the Hessian of a configuration',
  synopsis: 'solvers <config.xyz> [options]',
  description: `Compares direct (CHOLMOD) and iterative (Eigen's preconditioned conjugate gradient)
solvers on the Hessian of a minimized configuration (one particle pinned) and prints
Markdown tables: analysis and factorization/preconditioner time (ms of the wall clock,
the fastest of --repeats interleaved runs), solve time per right-hand side, CG steps, relative residual ‖b − Mx‖/‖b‖ and error against the direct
solution, for
  --rhs 1     one non-affine velocity u = −G Ξ (simple shear)
  --rhs 64    a block of 64 right-hand sides (unit forces: columns of G)
  --rhs all   c_α of every interaction through blocked solves of M X = I, next to the
              selected-inversion path (d(N − 1) + 1 right-hand sides: the columns of the
              pinned Hessian's inverse and w; small N only)
Any glass: 2D (ipl, ka2d, a model file's species law) on the 2D kernels; 3D (ka, ipl3d,
poly --dim 3) and 2D poly on the d-generic Hessian (lib/nd).
See docs/solvers.md for the tables on glasses of 10³–10⁵ particles.`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    rhs: { kind: 'list', arg: 'LIST', choices: ['1', '64', 'all'], default: ['1', '64'], help: 'comma-separated subset of 1, 64, all' },
    solver: { kind: 'list', arg: 'LIST', choices: SOLVER_NAMES, help: 'contenders: cholmod-{llt,ldlt}-{amd,metis,nesdis}, cg, pcg-jacobi, pcg-ichol', defaultText: 'all' },
    tol: { kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true }, default: DEFAULT_SOLVER_TOL, help: 'CG relative tolerance' },
    'max-iter': { kind: 'number', arg: 'N', rule: { integer: true, min: 1 }, help: 'CG steps per right-hand side at most', defaultText: 'max(1000, 2n)' },
    repeats: { kind: 'number', arg: 'K', rule: { integer: true, min: 1 }, help: 'time each contender of --rhs 1 and 64 K times, interleaved, and keep the fastest (a process\'s first runs pay warm-up costs of milliseconds)', defaultText: '3 up to N = 10⁴, then 1' },
    pinned: sharedOptions.pinned('particle held fixed'),
    quiet: sharedOptions.quiet(),
  },
}, async ({ values, input: path }, { stdout, stderr }) => {
  const { rhs: checked, solver: names, tol, pinned } = values;
  const maxIter = values['max-iter'];
  const config = await readInputGlass(path, values, 'solvers', [2, 3], values.quiet ? undefined : (line) => stderr.write(line));
  checkPinned(pinned, config);
  // The linear algebra is the same away from a minimum, but not the sum rule of --rhs all, which would read as a failure.
  const maxForce = minimumRouteOf(config, pinned).maxForce(config);
  if (maxForce > NEAR_MINIMUM_FORCE) {
    stderr.write(`solvers: warning: max |force| ${maxForce.toExponential(2)} ε/λ > ${NEAR_MINIMUM_FORCE.toExponential(0)}: not at a minimum, so Σc = d(N − 1) of --rhs all does not hold; ` +
      'minimize it first (softspot minimize) to compare on a glass\n');
  }
  if (checked.includes('all') && config.n > 5000 && !values.quiet) {
    stderr.write(`solvers: --rhs all solves ${(config.dim === 3 ? 3 : 2) * (config.n - 1) + 1} right-hand sides per contender; this takes long for N = ${config.n}\n`);
  }
  const result = await onGlass(path, () => compareSolvers(config, {
    cases: checked, solvers: names, tol, maxIter, pinned, repeats: values.repeats ?? (config.n <= 10_000 ? 3 : 1),
    onProgress: values.quiet ? undefined : (message) => stderr.write(`solvers: ${message}\n`),
  }));
  stdout.write(formatComparison(result));
  return 0;
});
