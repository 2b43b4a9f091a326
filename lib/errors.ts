/**
 * Errors raised by the sparse linear algebra, and the one that says the input configuration
 * is not a stable minimum.
 *
 * `CholmodError` is the single coded error class for failures of the native core. It is
 * handed to the addon once at load time (lib/native.ts), which constructs it for every
 * CHOLMOD failure:
 * - `CHOLMOD_NOT_POSDEF`: the matrix is not positive definite; `column` is the first
 *   column (original numbering) whose pivot was not positive. For a Hessian this means
 *   the configuration is not a stable minimum.
 * - `CHOLMOD_OUT_OF_MEMORY`, `CHOLMOD_TOO_LARGE`: the factor does not fit.
 * - `CHOLMOD_INVALID`: malformed input or a call out of phase (e.g. solve before factorize).
 */
export class CholmodError extends Error {
  readonly code: string;
  readonly column: number | undefined;

  constructor(message: string, code: string, column?: number) {
    super(message);
    this.name = 'CholmodError';
    this.code = code;
    this.column = column;
  }
}

/**
 * A configuration given as input is not a stable minimum: the Hessian of the input (or of
 * the state Newton polishing reached from it) is not positive definite. A CholmodError
 * `CHOLMOD_NOT_POSDEF` (same `code` and `column`) with the particle at the failing pivot;
 * the fix is the user's: minimize the configuration first.
 */
export class UnstableConfigurationError extends CholmodError {
  /** The particle of the first failing pivot. */
  readonly particle: number;

  constructor(message: string, column: number, particle: number) {
    super(message, 'CHOLMOD_NOT_POSDEF', column);
    this.name = 'UnstableConfigurationError';
    this.particle = particle;
  }
}

/** How unstableConfiguration words a failing pivot. */
export interface UnstableWording {
  /** The Hessian was met by Newton polishing of an input, which was therefore not near a stable minimum. */
  polishing?: boolean;
  /** Said after the particle, inside the parentheses (e.g. `, max |force| 2.1e-3 ε/λ`). */
  detail?: string;
  /**
   * The whole message when particles interact with nothing (their zero rows make the
   * Hessian singular: the glass is then usually in other units than the model's, not at a
   * saddle), or undefined when none does; called only on a failing pivot.
   */
  isolated?: () => string | undefined;
}

/**
 * The one conversion of a CholmodError CHOLMOD_NOT_POSDEF of a Hessian into the
 * UnstableConfigurationError the user reads (Newton polishing, localHeatCapacity, the
 * eigensolvers, the solver comparison): the particle of the failing pivot
 * (`particleOfColumn` of its column) and what to do. Any other error is returned as it is,
 * so that callers can write `throw unstableConfiguration(e, …)`; one already converted (by
 * Newton polishing, inside) too, unless `wording.isolated` finds particles without an
 * interaction, whose message then replaces it (the cause the inner step could not see).
 */
export function unstableConfiguration(error: unknown, particleOfColumn: (column: number) => number, wording: UnstableWording = {}): unknown {
  if (!(error instanceof CholmodError) || error.code !== 'CHOLMOD_NOT_POSDEF' || error.column === undefined) return error;
  const converted = error instanceof UnstableConfigurationError;
  const particle = converted ? error.particle : particleOfColumn(error.column);
  const isolated = wording.isolated?.();
  if (isolated !== undefined) return new UnstableConfigurationError(isolated, error.column, particle);
  if (converted) return error;
  const message = wording.polishing === true
    ? 'the configuration is not near a stable minimum: Newton polishing met a Hessian that is not positive definite ' +
      `(first failing pivot at particle ${particle}); minimize it first (CG or FIRE, e.g. softspot minimize)`
    : 'the configuration is not at a stable minimum: its Hessian is not positive definite ' +
      `(first failing pivot at particle ${particle}${wording.detail ?? ''}); minimize it first (softspot minimize)`;
  return new UnstableConfigurationError(message, error.column, particle);
}

/** What an iterative solve reached when it failed (fields absent when not applicable). */
export interface IterativeSolverErrorDetails {
  /** iterations performed on the failing right-hand side */
  iterations?: number;
  /** true relative residual ‖b − A x‖₂ / ‖b‖₂ of the last iterate */
  residual?: number;
  /** the relative tolerance that was asked for */
  tolerance?: number;
  /** index (column of the block) of the right-hand side that failed */
  rhs?: number;
}

/**
 * `IterativeSolverError` is the coded error class of the iterative solvers (Eigen's
 * preconditioned conjugate gradient, lib/solvers/). Like CholmodError it is handed to
 * the addon once at load time and constructed by native/binding/errors.cc:
 * - `ITERATIVE_NOT_CONVERGED`: CG reached its iteration cap above the tolerance;
 *   `iterations`, `residual`, `tolerance` and `rhs` say what was reached and where.
 *   Raise `maxIter`, loosen `tol`, pick a stronger preconditioner or a direct solver.
 * - `ITERATIVE_PRECONDITIONER_FAILED`: the incomplete Cholesky factorization broke down
 *   even with a diagonal shift (the matrix is far from positive definite).
 * - `ITERATIVE_INVALID`: malformed input or a call out of phase (solve before factorize).
 */
export class IterativeSolverError extends Error {
  readonly code: string;
  readonly iterations: number | undefined;
  readonly residual: number | undefined;
  readonly tolerance: number | undefined;
  readonly rhs: number | undefined;

  constructor(message: string, code: string, details: IterativeSolverErrorDetails = {}) {
    super(message);
    this.name = 'IterativeSolverError';
    this.code = code;
    this.iterations = details.iterations;
    this.residual = details.residual;
    this.tolerance = details.tolerance;
    this.rhs = details.rhs;
  }
}

/** The `code` of every argument or input value the library refuses (ArgumentRangeError, ArgumentTypeError). */
export const ARGUMENT_ERROR_CODE = 'ERR_SOFTSPOT_ARGUMENT';

/**
 * A value the library refuses (STYLE 8): out of its range or domain, of the wrong size, or
 * inconsistent with the others (`options.tol: expected a positive number, got -1`). A
 * RangeError (so `instanceof RangeError` holds and its `name` is 'RangeError') that carries
 * `code` ERR_SOFTSPOT_ARGUMENT, which tells it from the engine's own RangeErrors (an
 * invalid array length, a stack overflow): the command line exits 2 on it, 1 on theirs.
 */
export class ArgumentRangeError extends RangeError {
  readonly code = ARGUMENT_ERROR_CODE;
}

/** A value of the wrong type the library refuses: the TypeError twin of ArgumentRangeError (code ERR_SOFTSPOT_ARGUMENT). */
export class ArgumentTypeError extends TypeError {
  readonly code = ARGUMENT_ERROR_CODE;
}

/** True for a refusal by the library's own checks (ArgumentRangeError, ArgumentTypeError), by class or by code. */
export function isArgumentError(error: unknown): error is RangeError | TypeError {
  return error instanceof ArgumentRangeError || error instanceof ArgumentTypeError ||
    ((error instanceof RangeError || error instanceof TypeError) && (error as { code?: unknown }).code === ARGUMENT_ERROR_CODE);
}
