/**
 * The shared shape of the linear solvers (docs/design.md §5): one object per matrix pattern,
 * created once (the analysis), given new values any number of times (the numeric
 * factorization, or the preconditioner), then asked for X = A⁻¹ B for blocks of
 * right-hand sides. Direct (CHOLMOD) and iterative (Eigen's preconditioned conjugate
 * gradient) backends implement it, so the physics code (Newton steps, the non-affine
 * velocity u = −G Ξ and the other solves of the local heat capacity) can use either.
 * Also the one home of the solver names and what each means.
 */
import type { FactorMode, Ordering } from '../sparse-cholesky.js';
import type { Preconditioner } from '../native.js';
import { expectOneOf } from '../validate.js';
import { ORDERINGS } from '../orderings.js';

export type { FactorMode, Ordering } from '../sparse-cholesky.js';
export type { Preconditioner } from '../native.js';

/**
 * The direct contenders: CHOLMOD with an ordering, as a supernodal factor A = LLᵀ
 * (`llt`) or a simplicial one A = LDLᵀ (`ldlt`); `FACTOR_NAME` maps a factor mode to
 * its part of the name.
 */
export const DIRECT_SOLVERS = [
  'cholmod-llt-amd', 'cholmod-llt-metis', 'cholmod-llt-nesdis',
  'cholmod-ldlt-amd', 'cholmod-ldlt-metis', 'cholmod-ldlt-nesdis',
] as const;
/** The factor mode of each direct solver name, by its middle part. */
export const FACTOR_NAME = Object.freeze({ supernodal: 'llt', simplicial: 'ldlt' } as const);
/** The iterative contenders: CG with no preconditioner, Jacobi, incomplete Cholesky. */
export const ITERATIVE_SOLVERS = ['cg', 'pcg-jacobi', 'pcg-ichol'] as const;
/** The preconditioner of each iterative solver name. */
const PRECONDITIONER_OF: Readonly<Record<(typeof ITERATIVE_SOLVERS)[number], Preconditioner>> =
  Object.freeze({ cg: 'identity', 'pcg-jacobi': 'jacobi', 'pcg-ichol': 'ichol' });
/** Every solver name; 'cholmod' is the package default, the same as 'cholmod-llt-metis'. */
export const SOLVER_NAMES = ['cholmod', ...DIRECT_SOLVERS, ...ITERATIVE_SOLVERS] as const;

export type SolverName = (typeof SOLVER_NAMES)[number];

/** Relative residual at which the iterative solvers stop by default. */
export const DEFAULT_SOLVER_TOL = 1e-10;

/** A solver given by its parts rather than by name (e.g. an ordering without a name). */
export type SolverSpec =
  | { kind: 'direct'; ordering?: Ordering; mode?: Exclude<FactorMode, 'auto'> }
  | { kind: 'iterative'; preconditioner?: Preconditioner };

/** A solver name or spec. */
export type SolverChoice = SolverName | SolverSpec;

export interface LinearSolverOptions {
  /** Which solver (default 'cholmod' = supernodal LLᵀ with METIS ordering). */
  solver?: SolverChoice;
  /** Iterative: stop when ‖b − A x‖₂ ≤ tol ‖b‖₂ (default 1e-10). Ignored by direct solvers. */
  tol?: number;
  /** Iterative: CG steps per right-hand side at most (default max(1000, 2n)). Ignored by direct solvers. */
  maxIter?: number;
}

/** What the last solve did, per right-hand side. */
export interface SolveStats {
  nrhs: number;
  /** CG steps (products with A) per right-hand side; 0 for direct solvers. */
  iterations: Int32Array;
  /** True relative residuals ‖b − A x‖₂/‖b‖₂ (iterative); NaN for direct solvers (not measured). */
  residuals: Float64Array;
}

/**
 * A linear solver bound to one sparse symmetric positive definite pattern (CSC, lower
 * triangle, sorted rows, diagonal stored). Phases: create (analysis) → update(values)
 * → solve(B, nrhs) … → dispose(). Failures throw CholmodError (direct) or
 * IterativeSolverError (iterative; ITERATIVE_NOT_CONVERGED carries the iterations and
 * residual reached), both from lib/errors.ts.
 */
export interface LinearSolver {
  /** Canonical name, e.g. 'cholmod-llt-metis' or 'pcg-ichol'. */
  readonly name: string;
  readonly kind: 'direct' | 'iterative';
  /** Matrix dimension. */
  readonly n: number;
  /** Stored entries of A (lower triangle). */
  readonly nnz: number;
  /** Iterative tolerance and iteration cap (NaN / 0 for direct solvers). */
  readonly tol: number;
  readonly maxIter: number;
  /** Stored entries of the factor (nnz(L)) or of the preconditioner, after update(). */
  readonly storage: number;
  /** Native memory held now (bytes; 0 once disposed), as reported to V8. */
  readonly memoryBytes: number;
  /** Statistics of the last solve (undefined before the first). */
  readonly lastSolve: SolveStats | undefined;
  readonly disposed: boolean;
  /** New values on the pattern (aligned with rowIdx): numeric factorization / preconditioner. */
  update(values: Float64Array): this;
  /** update() on the thread pool; the values are copied before the call returns. */
  updateAsync(values: Float64Array): Promise<this>;
  /** X = A⁻¹ B for `nrhs` right-hand sides, column-major n×nrhs. */
  solve(B: Float64Array, nrhs?: number, out?: Float64Array): Float64Array;
  /** solve() on the thread pool; B is copied before the call returns. */
  solveAsync(B: Float64Array, nrhs?: number): Promise<Float64Array>;
  /** Frees the native object now; idempotent. */
  dispose(): void;
}

/** The solver spec of a name or spec; messages name `name`. */
export function resolveSolver(name: string, choice: SolverChoice | undefined): Required<SolverSpec> {
  const value = choice ?? 'cholmod';
  if (typeof value === 'string' || value === null || typeof value !== 'object') {
    const solver = expectOneOf(name, value, SOLVER_NAMES);
    if (solver === 'cholmod') return { kind: 'direct', ordering: 'metis', mode: 'supernodal' };
    if (solver in PRECONDITIONER_OF) return { kind: 'iterative', preconditioner: PRECONDITIONER_OF[solver as keyof typeof PRECONDITIONER_OF] };
    const [, factor, ordering] = solver.split('-');
    return { kind: 'direct', ordering: ordering as 'amd' | 'metis' | 'nesdis', mode: factor === FACTOR_NAME.supernodal ? 'supernodal' : 'simplicial' };
  }
  const kind = expectOneOf(`${name}.kind`, value.kind, ['direct', 'iterative'] as const);
  if (kind === 'direct') {
    const spec = value as Extract<SolverSpec, { kind: 'direct' }>;
    return {
      kind,
      ordering: expectOneOf(`${name}.ordering`, spec.ordering ?? 'metis', ORDERINGS),
      mode: expectOneOf(`${name}.mode`, spec.mode ?? 'supernodal', ['supernodal', 'simplicial'] as const),
    };
  }
  const spec = value as Extract<SolverSpec, { kind: 'iterative' }>;
  return { kind, preconditioner: expectOneOf(`${name}.preconditioner`, spec.preconditioner ?? 'ichol', ['identity', 'jacobi', 'ichol'] as const) };
}

/** The canonical name of a resolved spec ('cholmod-llt-metis', 'pcg-ichol', …). */
export function solverName(spec: Required<SolverSpec>): string {
  if (spec.kind === 'direct') return `cholmod-${FACTOR_NAME[spec.mode]}-${spec.ordering}`;
  return (Object.keys(PRECONDITIONER_OF) as Array<keyof typeof PRECONDITIONER_OF>).find((k) => PRECONDITIONER_OF[k] === spec.preconditioner)!;
}
