/**
 * FIRE, the Fast Inertial Relaxation Engine, in its 2.0 form.
 *
 * Damped dynamics with unit masses, F = −∇E, integrated by semi-implicit Euler with
 * velocity mixing (Guénolé et al., Comput. Mater. Sci. 175, 109584 (2020), Alg. 2;
 * the original is Bitzek et al., Phys. Rev. Lett. 97, 170201 (2006)):
 *
 *     P = F·v
 *     P > 0: after nDelay consecutive such steps dt ← min(dt·fInc, dtMax), α ← α·fAlpha
 *     P ≤ 0: (unless still in the initial delay) dt ← dt·fDec if ≥ dtMin, α ← αStart;
 *            x ← x − ½ dt v (half a step back, with the dt of that step); v ← 0;
 *            more than maxUphill such steps in a row ends the run ('stalled')
 *     v ← v + dt F;   v ← (1 − α) v + α |v| F/|F|;   x ← x + dt v   (capped by maxStep)
 *
 * Defaults are FIRE 2.0's (as in LAMMPS `min_style fire`): fInc 1.1, fDec 0.5,
 * αStart 0.25, fAlpha 0.99, nDelay 20, dtMax 10·dt, dtMin 0.02·dt, maxUphill 2000,
 * half step back and initial delay on. The original 2006 choice is nDelay 5, αStart 0.1.
 * Why these: fInc slightly above 1 and fDec well above 0 avoid violent time-step
 * changes; the delay keeps a few smooth steps after each stop; αStart small but non-zero
 * bends v towards F without over-damping; fAlpha near 1 lets inertia build up.
 * The time step is the one problem-dependent parameter: in reduced LJ-like units with
 * stiffness k ~ 100 (the IPL glass), dt = 0.01–0.05 is stable (default 0.01).
 *
 * FIRE uses only forces, never energy differences, so it converges to any fTol the
 * forces can resolve. Memory: two vectors of length n per call; nothing per iteration.
 */
import { CheckedObjective, checkOpen, commonSettings, dot, maxAbs, minimizeResult, ProgressReport } from './common.js';
import type { MinimizeOptions, MinimizeResult, Objective, StopReason } from './types.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of {@link minimizeFire} (FIRE 2.0 defaults). */
export interface FireOptions extends MinimizeOptions {
  /** Initial time step (unit masses). Default 0.01. */
  dt?: number;
  /** Largest time step. Default 10·dt. */
  dtMax?: number;
  /** Smallest time step reached by decreases. Default 0.02·dt. */
  dtMin?: number;
  /** Downhill steps before dt may grow. Default 20. */
  nDelay?: number;
  /** Time-step growth factor. Default 1.1. */
  fInc?: number;
  /** Time-step reduction factor. Default 0.5. */
  fDec?: number;
  /** Mixing parameter after a reset. Default 0.25. */
  alphaStart?: number;
  /** Mixing decay factor. Default 0.99. */
  fAlpha?: number;
  /** Consecutive uphill steps tolerated before stopping. Default 2000. */
  maxUphill?: number;
  /** Step back by half a step on P ≤ 0. Default true. */
  halfStepBack?: boolean;
  /** No dt decrease during the first nDelay steps. Default true. */
  initialDelay?: boolean;
}

const METHOD = 'minimizeFire';

/**
 * Minimizes `objective` from `x` (modified in place) with FIRE 2.0.
 *
 * @param objective E = f(x, grad), writing ∇E into grad.
 * @param x Float64Array(n): start point in, minimizer out.
 * @returns the result; `iterations` counts MD steps, `evaluations` = iterations + 1.
 * @throws NonFiniteObjectiveError if the objective returns NaN/±∞; TypeError/RangeError
 *   for bad arguments.
 */
export function minimizeFire(objective: Objective, x: Float64Array, options: FireOptions = {}): MinimizeResult {
  const { fTol, maxIter, maxStep, onProgress } = commonSettings(METHOD, objective, x, options);
  let dt = checkOpen(METHOD, 'dt', options.dt ?? 0.01, 0, Infinity);
  const dtMax = checkOpen(METHOD, 'dtMax', options.dtMax ?? 10 * dt, 0, Infinity);
  const dtMin = checkOpen(METHOD, 'dtMin', options.dtMin ?? 0.02 * dt, 0, Infinity);
  const fInc = checkOpen(METHOD, 'fInc', options.fInc ?? 1.1, 1, Infinity);
  const fDec = checkOpen(METHOD, 'fDec', options.fDec ?? 0.5, 0, 1);
  const alphaStart = checkOpen(METHOD, 'alphaStart', options.alphaStart ?? 0.25, 0, 1);
  const fAlpha = checkOpen(METHOD, 'fAlpha', options.fAlpha ?? 0.99, 0, 1);
  const nDelay = options.nDelay ?? 20;
  const maxUphill = options.maxUphill ?? 2000;
  for (const [name, value] of [['nDelay', nDelay], ['maxUphill', maxUphill]] as const) {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      throw new ArgumentRangeError(`${METHOD}: expected options.${name} to be an integer ≥ 0, got ${value}`);
    }
  }
  const halfStepBack = options.halfStepBack ?? true;
  const initialDelay = options.initialDelay ?? true;

  const n = x.length;
  const f = new CheckedObjective(objective, METHOD);
  const g = new Float64Array(n); // ∇E = −F
  const v = new Float64Array(n);
  const progress = new ProgressReport(onProgress, fTol);

  let energy = f.call(x, g);
  let maxForce = maxAbs(g);
  let alpha = alphaStart;
  let downhill = 0, uphill = 0;
  let lastStep = 0; // dt actually used by the previous position update (after the maxStep cap)
  let iterations = 0;
  let reason: StopReason;

  for (;;) {
    if (maxForce <= fTol) { reason = 'converged'; break; }
    if (iterations >= maxIter) { reason = 'max-iterations'; break; }

    const power = -dot(g, v); // P = F·v
    if (power > 0) {
      downhill++;
      uphill = 0;
      if (downhill > nDelay) {
        dt = Math.min(dt * fInc, dtMax);
        alpha *= fAlpha;
      }
    } else {
      downhill = 0;
      uphill++;
      if (uphill > maxUphill) { reason = 'stalled'; break; }
      if (!(initialDelay && iterations < nDelay)) {
        if (dt * fDec >= dtMin) dt *= fDec;
        alpha = alphaStart;
      }
      if (halfStepBack) for (let i = 0; i < n; i++) x[i] = x[i]! - 0.5 * lastStep * v[i]!;
      v.fill(0);
    }

    // Semi-implicit Euler with FIRE mixing: v += dt F; v = (1−α)v + α|v| F/|F|; x += dt v.
    let vv = 0, gg = 0;
    for (let i = 0; i < n; i++) {
      const vi = v[i]! - dt * g[i]!;
      v[i] = vi;
      vv += vi * vi;
      gg += g[i]! * g[i]!;
    }
    const mix = gg > 0 ? (alpha * Math.sqrt(vv)) / Math.sqrt(gg) : 0;
    let vMax = 0;
    for (let i = 0; i < n; i++) {
      const vi = (1 - alpha) * v[i]! - mix * g[i]!;
      v[i] = vi;
      if (Math.abs(vi) > vMax) vMax = Math.abs(vi);
    }
    const h = dt * vMax > maxStep ? maxStep / vMax : dt; // cap the largest displacement
    for (let i = 0; i < n; i++) x[i] = x[i]! + h * v[i]!;
    lastStep = h;

    energy = f.call(x, g);
    maxForce = maxAbs(g);
    iterations++;

    const stop = progress.send(iterations, f.evaluations, energy, maxForce);
    if (stop !== undefined) { reason = stop; break; }
  }
  return minimizeResult(x, energy, maxForce, iterations, f.evaluations, reason);
}
