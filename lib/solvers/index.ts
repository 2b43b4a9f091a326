/**
 * Linear solvers for Hessian systems M x = b (docs/design.md §5): CHOLMOD (direct) and Eigen's
 * preconditioned conjugate gradient (iterative) behind one interface, so that Newton
 * steps, the non-affine velocity u = −G Ξ and the other solves of the local heat
 * capacity can use any of them (`--solver` on the CLI). docs/solvers.md compares them.
 *
 *   const solver = createLinearSolver(pattern, { solver: 'pcg-ichol', tol: 1e-10 });
 *   solver.update(M.values);            // per new values on the same pattern
 *   const X = solver.solve(B, nrhs);    // blocks of right-hand sides
 *   solver.dispose();
 *
 * or, once: `solve(M, b, { solver: 'cg', tol: 1e-8 })`.
 */
export { createLinearSolver, solve } from './create.js';
export {
  SparseCholesky, validateCscPattern,
  type AnalyzeOptions, type CscMatrix, type CscPattern, type FactorMode, type Ordering, type SelectedInverseMethod, type SelectedInverseOptions,
} from '../sparse-cholesky.js';
export { CholmodError, IterativeSolverError } from '../errors.js';
export { relativeResiduals, symmetricMatvec } from './matvec.js';
export { DirectSolver } from './direct.js';
export { IterativeSolver } from './iterative.js';
export {
  DEFAULT_SOLVER_TOL, DIRECT_SOLVERS, FACTOR_NAME, ITERATIVE_SOLVERS, SOLVER_NAMES, resolveSolver, solverName,
  type LinearSolver, type LinearSolverOptions, type Preconditioner, type SolveStats, type SolverChoice, type SolverName, type SolverSpec,
} from './types.js';
