/**
 * The iterative backend of LinearSolver: Eigen's ConjugateGradient (native/core/
 * iterative_solver.h) on the lower triangle with no preconditioner ('cg'), Jacobi
 * ('pcg-jacobi') or AMD-ordered incomplete Cholesky ('pcg-ichol', Eigen's
 * IncompleteCholesky: Lin–Moré, no fill beyond the pattern of A, automatic diagonal
 * shift). Each right-hand side starts from x₀ = 0 and stops at ‖b − A x‖₂ ≤ tol ‖b‖₂;
 * missing the tolerance within maxIter steps throws IterativeSolverError
 * ITERATIVE_NOT_CONVERGED with the iterations and residual reached.
 *
 * Cost per right-hand side: iterations × (4·nnz(A) flops for the product with A, plus
 * O(n) for Jacobi or ≈ 4·nnz(A) for the two IC triangular solves); iterations grow like
 * √κ(A)·log(1/tol). Memory O(nnz(A)).
 */
import { addon, type NativeIterativeSolver, type Preconditioner } from '../native.js';
import { validateCscPattern, type CscPattern } from '../sparse-cholesky.js';
import type { LinearSolver, SolveStats } from './types.js';
import { expectInteger, expectRightHandSides, expectRule, expectSolveArguments, POSITIVE } from '../validate.js';
import { DEFAULT_SOLVER_TOL } from './types.js';
import { kNative, NativeOwner } from '../native-owner.js';
import { ArgumentRangeError } from '../errors.js';

export class IterativeSolver extends NativeOwner<NativeIterativeSolver> implements LinearSolver {
  readonly kind = 'iterative' as const;
  readonly name: string;
  readonly n: number;
  readonly nnz: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly preconditioner: Preconditioner;
  private stats: SolveStats | undefined;

  constructor(A: CscPattern, preconditioner: Preconditioner, tol: number | undefined, maxIter: number | undefined, name: string) {
    validateCscPattern('A', A);
    for (let c = 0; c < A.n; c++) {
      const p = A.colPtr[c];
      if (A.colPtr[c + 1] === p || A.rowIdx[p] !== c) {
        throw new ArgumentRangeError(`A.rowIdx: expected the diagonal entry first in column ${c}, got ${A.colPtr[c + 1] === p ? 'an empty column' : `row ${A.rowIdx[p]}`}`);
      }
    }
    const checkedTol = expectRule('options.tol', tol ?? DEFAULT_SOLVER_TOL, POSITIVE);
    const checkedMaxIter = expectInteger('options.maxIter', maxIter ?? Math.max(1000, 2 * A.n), 1, 2 ** 31 - 1);
    super(new addon.NativeIterativeSolver(A.n, A.colPtr, A.rowIdx, preconditioner), 'IterativeSolver', 'the solver has been disposed; create it again');
    this.tol = checkedTol;
    this.maxIter = checkedMaxIter;
    this.preconditioner = preconditioner;
    this.name = name;
    this.n = A.n;
    this.nnz = A.rowIdx.length;
  }

  get storage(): number {
    return this[kNative]?.info().preconditionerNnz ?? 0;
  }

  get lastSolve(): SolveStats | undefined {
    return this.stats;
  }

  update(values: Float64Array): this {
    this.factorizeNative('update', values);
    return this;
  }

  async updateAsync(values: Float64Array): Promise<this> {
    await this.factorizeNativeAsync('updateAsync', values);
    return this;
  }

  solve(B: Float64Array, nrhs = 1, out?: Float64Array): Float64Array {
    const result = expectSolveArguments(this.n, B, nrhs, out);
    const stats: SolveStats = { nrhs, iterations: new Int32Array(nrhs), residuals: new Float64Array(nrhs) };
    try {
      return this.native('solve').solve(B, nrhs, this.tol, this.maxIter, result, stats.iterations, stats.residuals);
    } finally {
      this.stats = stats;
    }
  }

  async solveAsync(B: Float64Array, nrhs = 1): Promise<Float64Array> {
    expectRightHandSides(this.n, B, nrhs);
    const { x, iterations, residuals } = await this.native('solveAsync').solveAsync(B, nrhs, this.tol, this.maxIter);
    this.stats = { nrhs, iterations, residuals };
    return x;
  }

}
