/** createLinearSolver and the one-shot solve(): see lib/solvers/index.ts. */
import type { CscMatrix, CscPattern } from '../sparse-cholesky.js';
import { expectFiniteValues, expectInteger } from '../validate.js';
import { DirectSolver } from './direct.js';
import { IterativeSolver } from './iterative.js';
import { resolveSolver, solverName, type LinearSolver, type LinearSolverOptions } from './types.js';


/**
 * A solver for the pattern of A (CSC lower triangle, sorted rows; the values, if given,
 * are used for a first update). Performs the analysis: the fill-reducing ordering and
 * symbolic factorization (direct), the IC ordering (pcg-ichol) or only the pattern copy.
 * @throws TypeError / RangeError for bad arguments (messages name the parameter)
 */
export function createLinearSolver(A: CscPattern, options: LinearSolverOptions = {}): LinearSolver {
  const spec = resolveSolver('options.solver', options.solver);
  const name = solverName(spec);
  const solver: LinearSolver = spec.kind === 'direct'
    ? new DirectSolver(A, spec.ordering, spec.mode, name)
    : new IterativeSolver(A, spec.preconditioner, options.tol, options.maxIter, name);
  if (A.values !== undefined) {
    try {
      solver.update(A.values);
    } catch (error) {
      solver.dispose();
      throw error;
    }
  }
  return solver;
}

/**
 * X = M⁻¹ B in one call (analysis, update, solve, dispose) for `nrhs` right-hand sides
 * (column-major n×nrhs, default 1).
 */
export function solve(M: CscMatrix, B: Float64Array, options: LinearSolverOptions & { nrhs?: number } = {}): Float64Array {
  const nrhs = expectInteger('nrhs', options.nrhs ?? 1, 1);
  expectFiniteValues('b', B, M.n * nrhs);
  const solver = createLinearSolver(M, options);
  try {
    return solver.solve(B, nrhs);
  } finally {
    solver.dispose();
  }
}
