/**
 * The common interface of softspot's minimizers (conjugate gradient, FIRE).
 *
 * The objective writes the gradient ∇E(x) into `grad` (the forces are −grad) and
 * returns E(x). Positions `x` are a flat Float64Array (for particles: x, y
 * interleaved, length 2N). Minimizers work in place on `x` and allocate their
 * work vectors once per call, never per iteration.
 */

/** `E = f(x, grad)`: returns the energy and writes ∇E into `grad` (same length as x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Why a minimization stopped. */
export type StopReason =
  /** max |∂E/∂x_i| ≤ fTol. */
  | 'converged'
  /** `maxIter` iterations were done without converging. */
  | 'max-iterations'
  /** CG: the line searches stopped making progress — no acceptable step along −g, or
   * three in a row that could not reduce |∇E·d| — which happens at the floating-point
   * floor of the gradient when fTol is below it (or when the energy is noisier than
   * `energyNoise` says). x holds the best point reached. */
  | 'line-search-failed'
  /** FIRE: more than `maxUphill` consecutive uphill steps (P = F·v ≤ 0). */
  | 'stalled'
  /** `onProgress` returned `false`. */
  | 'aborted';

/** Progress record handed to `onProgress` after every iteration (reused: copy what you keep). */
export interface MinimizeProgress {
  iteration: number;
  evaluations: number;
  energy: number;
  maxForce: number;
}

/** Options shared by all minimizers. */
export interface MinimizeOptions {
  /** Converged when max_i |∂E/∂x_i| (the largest force component) ≤ fTol. Default 1e-10. */
  fTol?: number;
  /** Iteration cap (CG: line searches; FIRE: MD steps). Default 100000. */
  maxIter?: number;
  /**
   * Largest displacement of any single coordinate per iteration (same units as x;
   * max-norm of the step). Keeps particles from jumping across the box. Default ∞.
   */
  maxStep?: number;
  /** Called after each iteration; return `false` to stop (reason 'aborted'). */
  onProgress?: (progress: Readonly<MinimizeProgress>) => void | boolean;
}

/** Outcome of a minimization. `x` is the array that was passed in, now holding the result. */
export interface MinimizeResult {
  x: Float64Array;
  energy: number;
  /** max_i |∂E/∂x_i| at `x`. */
  maxForce: number;
  iterations: number;
  /** Number of objective calls. */
  evaluations: number;
  converged: boolean;
  reason: StopReason;
}
