/**
 * Errors raised by the sparse linear algebra.
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
