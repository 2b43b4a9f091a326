/**
 * Newton polishing of a glass configuration to the double-precision floor of the forces.
 *
 * From a configuration already near a minimum (e.g. conjugate gradient to max |F| ~ 1e-6),
 * full Newton steps Δx = M⁻¹ F with the sparse Hessian M (one particle pinned to remove
 * translations) converge quadratically. The factorization's symbolic analysis is done
 * once and reused; it is redone only if the set of interacting pairs changes.
 *
 * Stopping (`reason`, the same rules as newtonPolishNd): max |F| ≤ fTol ('converged'), or
 * at the floor ('floor'): below max |F| = 1e-8, a step that fails to halve max |F| or that
 * no longer lowers it (quadratic convergence is over; positions are quantized to ulp(L) and
 * stiffnesses are ~600, so max |F| bottoms out near 1e-12 for N ≤ 512 and ~1e-11 at
 * N = 1e4). A step that raises max |F| is halved (up to 4 times) and, failing that, not
 * taken: the best configuration seen is returned; above 1e-8 that is 'stalled' (not a
 * minimum, e.g. near a fold from an unrelaxed start: minimize with CG or FIRE first).
 *
 * A Hessian that is not positive definite means the configuration is not at (or near) a
 * stable minimum: that is reported as an UnstableConfigurationError (a CholmodError
 * CHOLMOD_NOT_POSDEF) naming the particle, never papered over.
 *
 * The linear solver is selectable (`solver`, lib/solvers/): by default CHOLMOD
 * supernodal LLᵀ with `ordering`; an iterative one ('pcg-ichol', …) makes the steps
 * inexact Newton steps to its tolerance `solverTol`, and reports non-convergence as
 * IterativeSolverError ITERATIVE_NOT_CONVERGED (the iterative solvers do not detect an
 * indefinite Hessian: the line search then rejects the step and the floor is reported).
 */
import type { Configuration } from '../config.js';
import { unstableConfiguration } from '../errors.js';
import {
  assembleBlocks, energyForces, expandPinned, findPairs, hessianPattern, pairTensors, particleOfDof, restrictPinned,
  type HessianPattern, type PairList,
} from '../hessian/index.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import type { Ordering } from '../sparse-cholesky.js';
import { createLinearSolver, type LinearSolver, type SolverChoice } from '../solvers/index.js';
import { expectConfiguration, expectInteger, expectKnownKeys, expectNumber, type AllKeysOf } from '../validate.js';

export interface NewtonOptions {
  model?: Model;
  /** Stop when max |F| ≤ fTol (default 0: run to the floor). */
  fTol?: number;
  /** Newton iterations at most (default 20). */
  maxIter?: number;
  /** Particle held fixed (default 0). */
  pinned?: number;
  /** Ordering of the default direct solver (default 'metis'); ignored when `solver` is given. */
  ordering?: Ordering;
  /** Linear solver for the steps (default CHOLMOD supernodal LLᵀ with `ordering`). */
  solver?: SolverChoice;
  /** Relative tolerance of an iterative solver (default 1e-10). */
  solverTol?: number;
}

export interface NewtonResult {
  config: Configuration;
  energy: number;
  maxForce: number;
  /**
   * Newton steps computed (one linear solve each), including a last one that no line-search
   * scale accepted ('stalled', or a 'floor' ended by a rejected step: then iterations =
   * history.length; else, every step taken, history.length − 1).
   */
  iterations: number;
  /** Factorizations performed (one per Newton step, plus retries). */
  factorizations: number;
  /** The linear solver used, e.g. 'cholmod-llt-metis' or 'pcg-ichol'. */
  solver: string;
  /** CG steps summed over all Newton steps (0 for a direct solver). */
  linearIterations: number;
  /** max |F| before each step and after each step taken. */
  history: number[];
  /** Why it stopped (file header): 'stalled' means no step lowered max |F| above the floor region, not a minimum. */
  reason: 'converged' | 'floor' | 'max-iterations' | 'stalled';
}

/** Below this max |F| (ε/λ) a step that fails to halve the forces means the floor is reached. */
const FLOOR_REGION = 1e-8;

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]));
  return m;
}

function samePairs(a: PairList, b: PairList): boolean {
  if (a.count !== b.count) return false;
  for (let k = 0; k < a.count; k++) if (a.i[k] !== b.i[k] || a.j[k] !== b.j[k]) return false;
  return true;
}

/** The options of newtonPolish (a complete list: AllKeysOf checks it against NewtonOptions). */
const NEWTON_OPTION_NAMES = ['model', 'fTol', 'maxIter', 'pinned', 'ordering', 'solver', 'solverTol'] as const;
const newtonOptionNames: AllKeysOf<NewtonOptions, typeof NEWTON_OPTION_NAMES> = NEWTON_OPTION_NAMES;

/**
 * Polishes `input` (not modified) with Newton steps; returns a new configuration.
 * @throws UnstableConfigurationError (CHOLMOD_NOT_POSDEF) when the Hessian is not positive definite
 */
export function newtonPolish(input: Configuration, options: NewtonOptions = {}): NewtonResult {
  expectConfiguration('config', input);
  expectKnownKeys('options', options, newtonOptionNames, 'newtonPolish');
  const model = options.model ?? modelOfConfiguration(input);
  // Checked: maxIter −1, 0 or NaN returned the input unpolished, with no word of it.
  const fTol = expectNumber('options.fTol', options.fTol ?? 0, { min: 0 });
  const maxIter = expectInteger('options.maxIter', options.maxIter ?? 20, 1);
  const pinned = expectInteger('options.pinned', options.pinned ?? 0, 0, input.n - 1);
  const config: Configuration = { ...input, positions: Float64Array.from(input.positions) };
  const trial: Configuration = { ...config, positions: new Float64Array(config.positions.length) };

  let { energy, forces } = energyForces(config, model);
  let fmax = maxAbs(forces);
  const history = [fmax];
  let pairs = findPairs(config, model);
  let pattern: HessianPattern = hessianPattern(pairs, config.n, pinned);
  const choice: SolverChoice = options.solver ?? { kind: 'direct', ordering: options.ordering ?? 'metis', mode: 'supernodal' };
  const linearSolver = (p: HessianPattern): LinearSolver => createLinearSolver(p, { solver: choice, tol: options.solverTol });
  let factor = linearSolver(pattern);
  let factorizations = 0;
  let linearIterations = 0;
  let iterations = 0;
  let reason: NewtonResult['reason'] = 'max-iterations';
  try {
    while (iterations < maxIter) {
      if (fmax <= fTol) {
        reason = 'converged';
        break;
      }
      const K = pairTensors(pairs, model, 2).K!;
      try {
        factor.update(assembleBlocks(pattern, K).values);
      } catch (error) {
        throw unstableConfiguration(error, (column) => particleOfDof(column, pinned), { polishing: true });
      }
      factorizations++;
      const step = expandPinned(pattern, factor.solve(restrictPinned(pattern, forces)));
      linearIterations += factor.lastSolve!.iterations[0];
      iterations++;
      let accepted = false;
      for (let scale = 1, tries = 0; tries < 5; tries++, scale /= 2) {
        for (let k = 0; k < step.length; k++) trial.positions[k] = config.positions[k] + scale * step[k];
        const next = energyForces(trial, model);
        const nextMax = maxAbs(next.forces);
        if (nextMax < fmax) {
          config.positions.set(trial.positions);
          energy = next.energy;
          forces = next.forces;
          fmax = nextMax;
          accepted = true;
          break;
        }
      }
      if (!accepted) {
        reason = fmax < FLOOR_REGION ? 'floor' : 'stalled';
        break;
      }
      history.push(fmax);
      // At the floor the steps stop converging quadratically: once max |F| is small, a
      // step that does not even halve it means only round-off is left.
      if (fmax < FLOOR_REGION && fmax > history[history.length - 2] / 2) {
        reason = 'floor';
        break;
      }
      const nextPairs = findPairs(config, model);
      if (!samePairs(pairs, nextPairs)) {
        factor.dispose();
        pattern = hessianPattern(nextPairs, config.n, pinned);
        factor = linearSolver(pattern);
      }
      pairs = nextPairs;
    }
    if (fmax <= fTol) reason = 'converged';
  } finally {
    factor.dispose();
  }
  return { config, energy, maxForce: fmax, iterations, factorizations, solver: factor.name, linearIterations, history, reason };
}
