/** Argument checks of lib/solvers, in the message style of lib/validate.ts. */
import { describe, expectFinite, expectFloat64Array, expectInteger, expectOneOf } from '../validate.js';
import { DIRECT_SOLVERS, SOLVER_NAMES, type SolverChoice, type SolverSpec } from './types.js';

/** A positive finite number: TypeError for a non-number, RangeError otherwise. */
export function expectPositive(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name}: expected a positive number, got ${describe(value)}`);
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name}: expected a positive number, got ${value}`);
  return value;
}

/** Finite values of the given length. */
export function checkValues(name: string, values: unknown, length: number): Float64Array {
  const v = expectFloat64Array(name, values, length);
  expectFinite(name, v);
  return v;
}

export function checkNrhs(nrhs: unknown): number {
  return expectInteger('nrhs', nrhs, 1);
}

/** The solver spec of a name or spec; messages name `name`. */
export function resolveSolver(name: string, choice: SolverChoice | undefined): Required<SolverSpec> {
  const value = choice ?? 'cholmod';
  if (typeof value === 'string' || value === null || typeof value !== 'object') {
    const solver = expectOneOf(name, value, SOLVER_NAMES);
    if (solver === 'cholmod') return { kind: 'direct', ordering: 'metis', mode: 'supernodal' };
    if ((DIRECT_SOLVERS as readonly string[]).includes(solver)) {
      const [, factor, ordering] = solver.split('-');
      return { kind: 'direct', ordering: ordering as 'amd' | 'metis' | 'nesdis', mode: factor === 'llt' ? 'supernodal' : 'simplicial' };
    }
    const preconditioner = solver === 'cg' ? 'identity' : solver === 'pcg-jacobi' ? 'jacobi' : 'ichol';
    return { kind: 'iterative', preconditioner };
  }
  const kind = expectOneOf(`${name}.kind`, value.kind, ['direct', 'iterative'] as const);
  if (kind === 'direct') {
    const spec = value as Extract<SolverSpec, { kind: 'direct' }>;
    return {
      kind,
      ordering: expectOneOf(`${name}.ordering`, spec.ordering ?? 'metis', ['amd', 'metis', 'nesdis', 'natural', 'best'] as const),
      mode: expectOneOf(`${name}.mode`, spec.mode ?? 'supernodal', ['supernodal', 'simplicial'] as const),
    };
  }
  const spec = value as Extract<SolverSpec, { kind: 'iterative' }>;
  return { kind, preconditioner: expectOneOf(`${name}.preconditioner`, spec.preconditioner ?? 'ichol', ['identity', 'jacobi', 'ichol'] as const) };
}

/** The canonical name of a resolved spec ('cholmod-llt-metis', 'pcg-ichol', …). */
export function solverName(spec: Required<SolverSpec>): string {
  if (spec.kind === 'direct') return `cholmod-${spec.mode === 'supernodal' ? 'llt' : 'ldlt'}-${spec.ordering}`;
  return spec.preconditioner === 'identity' ? 'cg' : `pcg-${spec.preconditioner}`;
}
