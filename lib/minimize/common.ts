/**
 * Shared pieces of the minimizers: argument validation, the counted and checked
 * objective call, and the small BLAS-1 loops they need.
 */
import type { MinimizeOptions, MinimizeProgress, MinimizeResult, Objective, StopReason } from './types.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Thrown when the objective returns a non-finite energy or gradient component. */
export class NonFiniteObjectiveError extends Error {
  readonly code = 'ERR_MINIMIZE_NON_FINITE' as const;
  /** 1-based index of the objective call that failed. */
  readonly evaluation: number;
  /** Index of the first non-finite gradient component, or -1 when the energy was. */
  readonly index: number;

  constructor(method: string, evaluation: number, index: number, value: number) {
    super(index < 0
      ? `${method}: the objective returned a non-finite energy (${value}) at evaluation ${evaluation}; ` +
        'check for overlapping particles or a step that is too large (see maxStep); x holds the failing point'
      : `${method}: the objective returned a non-finite gradient component grad[${index}] = ${value} at evaluation ${evaluation}; ` +
        'check for overlapping particles or a step that is too large (see maxStep); x holds the failing point');
    this.name = 'NonFiniteObjectiveError';
    this.evaluation = evaluation;
    this.index = index;
  }
}

/** The objective with a call counter and finiteness checks (no allocation per call). */
export class CheckedObjective {
  evaluations = 0;
  constructor(private readonly f: Objective, private readonly method: string) {}

  /** E(x), writing ∇E into grad; throws NonFiniteObjectiveError on NaN/±∞. */
  call(x: Float64Array, grad: Float64Array): number {
    const energy = this.f(x, grad);
    this.evaluations++;
    if (typeof energy !== 'number' || !Number.isFinite(energy)) {
      throw new NonFiniteObjectiveError(this.method, this.evaluations, -1, energy);
    }
    let probe = 0;
    for (let i = 0; i < grad.length; i++) probe += grad[i]! * 0; // NaN iff some component is NaN/±∞
    if (probe !== 0) {
      let i = 0;
      while (Number.isFinite(grad[i]!)) i++;
      throw new NonFiniteObjectiveError(this.method, this.evaluations, i, grad[i]!);
    }
    return energy;
  }
}

/** Validated common options with their defaults applied. */
export interface CommonSettings {
  fTol: number;
  maxIter: number;
  maxStep: number;
  onProgress: MinimizeOptions['onProgress'];
}

/** Checks the arguments common to every minimizer (STYLE item 8 message format). */
export function commonSettings(method: string, objective: Objective, x: Float64Array, options: MinimizeOptions): CommonSettings {
  if (typeof objective !== 'function') throw new ArgumentTypeError(`${method}: expected objective to be a function, got ${typeof objective}`);
  if (!(x instanceof Float64Array)) throw new ArgumentTypeError(`${method}: expected x to be a Float64Array`);
  if (x.length === 0) throw new ArgumentRangeError(`${method}: expected x to have length ≥ 1, got 0`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new ArgumentRangeError(`${method}: expected x to be finite, got ${x[i]} at index ${i}`);
  }
  const { fTol = 1e-10, maxIter = 100000, maxStep = Infinity, onProgress } = options;
  if (!(fTol >= 0 && Number.isFinite(fTol))) throw new ArgumentRangeError(`${method}: expected options.fTol to be a finite number ≥ 0, got ${fTol}`);
  if (!(Number.isSafeInteger(maxIter) && maxIter >= 0)) {
    throw new ArgumentRangeError(`${method}: expected options.maxIter to be an integer ≥ 0, got ${maxIter}`);
  }
  if (!(maxStep > 0)) throw new ArgumentRangeError(`${method}: expected options.maxStep to be > 0, got ${maxStep}`);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ArgumentTypeError(`${method}: expected options.onProgress to be a function, got ${typeof onProgress}`);
  }
  return { fTol, maxIter, maxStep, onProgress };
}

/** The progress a minimizer reports after each iteration, in one record reused across calls. */
export class ProgressReport {
  private readonly record: MinimizeProgress = { iteration: 0, evaluations: 0, energy: 0, maxForce: 0 };
  constructor(private readonly onProgress: MinimizeOptions['onProgress'], private readonly fTol: number) {}

  /** Reports; returns why to stop when onProgress returned false ('converged' within fTol, else 'aborted'). */
  send(iteration: number, evaluations: number, energy: number, maxForce: number): StopReason | undefined {
    if (this.onProgress === undefined) return undefined;
    const r = this.record;
    r.iteration = iteration;
    r.evaluations = evaluations;
    r.energy = energy;
    r.maxForce = maxForce;
    if (this.onProgress(r) !== false) return undefined;
    return maxForce <= this.fTol ? 'converged' : 'aborted';
  }
}

/** The result record of a minimizer that stopped for `reason`. */
export function minimizeResult(
  x: Float64Array, energy: number, maxForce: number, iterations: number, evaluations: number, reason: StopReason,
): MinimizeResult {
  return { x, energy, maxForce, iterations, evaluations, converged: reason === 'converged', reason };
}

/** Checks that an algorithm parameter is a finite number in (lo, hi). */
export function checkOpen(method: string, name: string, value: number, lo: number, hi: number): number {
  if (!(value > lo && value < hi)) {
    throw new ArgumentRangeError(`${method}: expected options.${name} to be in (${lo}, ${hi}), got ${value}`);
  }
  return value;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}
