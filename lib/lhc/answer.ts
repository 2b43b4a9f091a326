/**
 * Which object answers which linear-algebra request of the response steps (./response.ts),
 * sync (values) or async (promises): the CHOLMOD factor for the factorization, the selected
 * inverse and its derivative; the factor or another linear solver (`linear`) for the
 * solves. Shared by the 2D path and the d-generic one (lib/nd/local-heat-capacity.ts).
 */
import { SparseCholesky, type CscPattern, type SelectedInverseMethod } from '../sparse-cholesky.js';
import { createLinearSolver, type LinearSolver } from '../solvers/index.js';
import { LHC_DEFAULTS, type LhcOptions } from './options.js';
import type { LinearAlgebraRequest } from './response.js';

/** The objects that answer, and the count of iterative-solver steps. */
export interface LinearAlgebra {
  factor: SparseCholesky;
  /** The solver of the 'solve' requests, when not the factor itself. */
  linear: LinearSolver | undefined;
  /** CG steps of the solves so far (updated here). */
  counter: { iterations: number };
  method: SelectedInverseMethod;
}

/**
 * The objects that answer for the Hessian pattern of one configuration: the CHOLMOD factor
 * analysed for it (options.ordering, default LHC_DEFAULTS.ordering; options.mode, default
 * supernodal) and, with options.solver, that solver (options.solverTol) for the solves.
 * Free them with releaseLinearAlgebra. Throws as SparseCholesky.analyze and
 * createLinearSolver (nothing left allocated).
 */
export function createLinearAlgebra(
  pattern: CscPattern, options: Pick<LhcOptions, 'ordering' | 'mode' | 'solver' | 'solverTol'>, method: SelectedInverseMethod,
): LinearAlgebra {
  const factor = SparseCholesky.analyze(pattern, { ordering: options.ordering ?? LHC_DEFAULTS.ordering, mode: options.mode ?? 'supernodal' });
  let linear: LinearSolver | undefined;
  try {
    linear = options.solver === undefined ? undefined : createLinearSolver(pattern, { solver: options.solver, tol: options.solverTol });
  } catch (error) {
    factor.dispose();
    throw error;
  }
  return { factor, linear, counter: { iterations: 0 }, method };
}

/** Frees the factor and the other solver of createLinearAlgebra. */
export function releaseLinearAlgebra(p: LinearAlgebra): void {
  p.factor.dispose();
  p.linear?.dispose();
}

/** A function answering each request (a promise of the answer when `async`). */
export function answerer(
  p: LinearAlgebra, async: boolean,
): (request: LinearAlgebraRequest) => Float64Array | Float64Array[] | undefined | Promise<Float64Array | Float64Array[] | undefined> {
  const { factor, linear, counter, method } = p;
  const counted = (x: Float64Array): Float64Array => {
    counter.iterations += linear!.lastSolve!.iterations.reduce((s, k) => s + k, 0);
    return x;
  };
  return (request) => {
    switch (request.kind) {
      case 'factorize':
        if (async) return factor.factorizeAsync(request.values).then(() => linear?.updateAsync(request.values)).then(() => undefined);
        factor.factorize(request.values);
        linear?.update(request.values);
        return undefined;
      case 'selectedInverse':
        return async ? factor.selectedInverseAsync({ method }) : factor.selectedInverse({ method });
      case 'selectedInverseDerivative':
        return async ? factor.selectedInverseDerivativeAsync(request.dValues, { method }) : factor.selectedInverseDerivative(request.dValues, { method });
      case 'selectedInverseDerivatives':
        return async ? factor.selectedInverseDerivativesAsync(request.dValues, { method }) : factor.selectedInverseDerivatives(request.dValues, { method });
      case 'solve':
        if (linear) return async ? linear.solveAsync(request.b, request.nrhs).then(counted) : counted(linear.solve(request.b, request.nrhs));
        return async ? factor.solveAsync(request.b, request.nrhs) : factor.solve(request.b, request.nrhs);
    }
  };
}
