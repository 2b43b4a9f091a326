/**
 * Nonlinear conjugate gradient, Polak–Ribière with the "+" truncation.
 *
 *     d_0 = −g_0,   x_{k+1} = x_k + α_k d_k   (α_k from the strong-Wolfe line search)
 *     β_k = max(0, g_{k+1}·(g_{k+1} − g_k) / (g_k·g_k))             (PR+)
 *     d_{k+1} = −g_{k+1} + β_k d_k
 *
 * Restarts (d = −g) happen automatically when β ≤ 0 (PR+), when successive gradients
 * are far from orthogonal, |g_{k+1}·g_k| ≥ 0.2 |g_{k+1}|² (Powell, Math. Prog. 12, 241
 * (1977)), when d is not a descent direction, and after a line search that failed or
 * could not meet the curvature condition; no acceptable step along −g, or three such
 * searches in a row, ends the run ('line-search-failed'). References: Nocedal &
 * Wright, Numerical Optimization, 2nd ed., §5.2 (PR+, eq. 5.45; restart test 5.52) and
 * Gilbert & Nocedal, SIAM J. Optim. 2, 21 (1992) (global convergence of PR+ with a
 * strong-Wolfe search). PR+ is the usual choice for atomistic relaxation (LAMMPS
 * `min_style cg`): it restarts itself when progress stalls, unlike Fletcher–Reeves.
 *
 * Precision: the line search (./line-search.ts) works on ∇E·d, so max |force| can be
 * driven to the floating-point floor of the gradient (~1e-13 for the fixture glasses),
 * far below where energy differences stop resolving anything.
 *
 * Memory: five vectors of length n allocated per call; nothing per iteration.
 */
import { CheckedObjective, checkOpen, commonSettings, dot, maxAbs, minimizeResult, ProgressReport } from './common.js';
import { LineSearch } from './line-search.js';
import type { MinimizeOptions, MinimizeResult, Objective, StopReason } from './types.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of {@link minimizeCG}. */
export interface CGOptions extends MinimizeOptions {
  /**
   * Line-search curvature constant η: each search reduces |∇E·d| by this factor.
   * Default 1e-2 (fewest evaluations on glasses, ~2 per iteration). Use ≤ 1e-4 for
   * near-exact searches, e.g. to get CG's finite termination on quadratics.
   */
  lineSearchTol?: number;
  /** Max |displacement component| of the very first trial step (then adapted). Default 1e-2. */
  initialStep?: number;
  /**
   * Relative energy rounding noise: energy differences below energyNoise·|E| are
   * ignored and only ∇E·d steers the line search. Default 1e-11 (sums of ~1e5 pair
   * energies are accurate to ~1e-13 relative); raise it for noisier objectives.
   */
  energyNoise?: number;
}

const METHOD = 'minimizeCG';
/** Consecutive unclean line searches (see LineSearch.clean) that end the run. */
const MAX_UNCLEAN = 3;

/**
 * Minimizes `objective` from `x` (modified in place) by Polak–Ribière+ conjugate gradient.
 *
 * @param objective E = f(x, grad), writing ∇E into grad.
 * @param x Float64Array(n): start point in, minimizer out.
 * @returns the result record; `x` is the same array as the argument.
 * @throws NonFiniteObjectiveError if the objective returns NaN/±∞; TypeError/RangeError
 *   for bad arguments.
 */
export function minimizeCG(objective: Objective, x: Float64Array, options: CGOptions = {}): MinimizeResult {
  const { fTol, maxIter, maxStep, onProgress } = commonSettings(METHOD, objective, x, options);
  const eta = checkOpen(METHOD, 'lineSearchTol', options.lineSearchTol ?? 1e-2, 0, 0.5);
  const initialStep = checkOpen(METHOD, 'initialStep', options.initialStep ?? 1e-2, 0, Infinity);
  const energyNoise = options.energyNoise ?? 1e-11;
  if (!(energyNoise >= 0 && energyNoise < 1)) {
    throw new ArgumentRangeError(`${METHOD}: expected options.energyNoise to be in [0, 1), got ${energyNoise}`);
  }

  const n = x.length;
  const f = new CheckedObjective(objective, METHOD);
  const g = new Float64Array(n);
  const gOld = new Float64Array(n);
  const d = new Float64Array(n);
  const x0 = new Float64Array(n);
  const search = new LineSearch(f, x0, d, x, g, { c1: 1e-4, eta, energyNoise, maxEvaluations: 40 });
  const progress = new ProgressReport(onProgress, fTol);

  let energy = f.call(x, g);
  let maxForce = maxAbs(g);
  for (let i = 0; i < n; i++) d[i] = -g[i]!;
  let steepest = true;
  let alphaPrev = 0, slopePrev = 0;
  let iterations = 0;
  let unclean = 0; // consecutive line searches that ended without the curvature condition
  let reason: StopReason;

  for (;;) {
    if (maxForce <= fTol) { reason = 'converged'; break; }
    if (iterations >= maxIter) { reason = 'max-iterations'; break; }

    let slope = dot(g, d);
    if (!(slope < 0)) { // not a descent direction: restart
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -dot(g, g);
      steepest = true;
    }
    const dMax = maxAbs(d);
    const alphaMax = maxStep / dMax;
    // First trial: N&W eq. 3.60 (same first-order change as the last step), else initialStep.
    // (Also right after a PR+/Powell restart, which says nothing about the step length.)
    // Capped at 100·α_prev: after a large drop of |g| the slope ratio can overshoot wildly.
    const guess = Math.min((alphaPrev * slopePrev) / slope, 100 * alphaPrev);
    const alphaInit = alphaPrev > 0 && guess > 0 && Number.isFinite(guess) ? guess : Math.min(initialStep, maxStep) / dMax;

    x0.set(x);
    gOld.set(g);
    const e0 = energy;
    search.run(e0, slope, alphaInit, alphaMax);
    if (!search.ok) {
      x.set(x0); // the line search leaves x at its last trial; restore the best point
      g.set(gOld);
      if (steepest) { reason = 'line-search-failed'; break; }
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      steepest = true;
      alphaPrev = 0;
      continue;
    }
    iterations++;
    energy = search.energy;
    maxForce = maxAbs(g);
    alphaPrev = search.alpha;
    slopePrev = slope;
    // Searches that cannot reduce |∇E·d| mean rounding dominates the gradient: restart
    // along −g, and stop after a few in a row (the floor is reached; x keeps the point).
    unclean = search.clean ? 0 : unclean + 1;
    if (unclean >= MAX_UNCLEAN && maxForce > fTol) { reason = 'line-search-failed'; break; }

    // PR+ with Powell's restart test.
    let gg = 0, ggOld = 0, gOldgOld = 0;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!, oi = gOld[i]!;
      gg += gi * gi;
      ggOld += gi * oi;
      gOldgOld += oi * oi;
    }
    let beta = gOldgOld > 0 ? (gg - ggOld) / gOldgOld : 0;
    if (!(beta > 0) || Math.abs(ggOld) >= 0.2 * gg || unclean > 0) beta = 0;
    for (let i = 0; i < n; i++) d[i] = -g[i]! + beta * d[i]!;
    steepest = beta === 0;

    const stop = progress.send(iterations, f.evaluations, energy, maxForce);
    if (stop !== undefined) { reason = stop; break; }
  }
  return minimizeResult(x, energy, maxForce, iterations, f.evaluations, reason);
}
