/**
 * Energy minimization at fixed strain, the AQS "minimize" step (paper SM; DESIGN §6):
 * conjugate gradient (or FIRE) from the given start, then Newton polish to the
 * round-off floor of the forces so that states can be compared to ~1e-10 λ and the
 * bisection bracket of 1e-8 in strain is meaningful. When the polish meets a Hessian
 * that is not positive definite (the minimizer stopped near a saddle or an inflection),
 * the minimizer is run again to a tighter tolerance and the polish retried.
 */
import { minimizeCG, minimizeFire } from '../minimize/index.js';
import type { Protocol } from './driver.js';
import type { Landscape } from './landscape.js';
import { newtonAt } from './newton.js';

export type MinimizerName = 'cg' | 'fire';

export interface RelaxSettings {
  minimizer: MinimizerName;
  /** Force tolerance of the minimizer before the polish (ε/λ). */
  minimizerTol: number;
  /** Force tolerance of the Newton polish (ε/λ). */
  fTol: number;
  maxIter: number;
}

export interface RelaxOutcome {
  x: Float64Array;
  energy: number;
  maxForce: number;
  /** Minimizer iterations + Newton iterations. */
  iterations: number;
  /** Whether the final state passed the positive-definiteness test. */
  stable: boolean;
}

/** Minimizes from x0 (not modified) at strain γ. */
export function* relax(land: Landscape, x0: Float64Array, gamma: number, s: RelaxSettings): Protocol<RelaxOutcome> {
  const x = Float64Array.from(x0);
  let iterations = 0;
  for (const tol of [s.minimizerTol, Math.min(s.minimizerTol, 1e-12)]) {
    const options = { fTol: tol, maxIter: s.maxIter, maxStep: 0.1 };
    const r = s.minimizer === 'fire' ? minimizeFire(land.objective(gamma), x, options) : minimizeCG(land.objective(gamma), x, options);
    iterations += r.iterations;
    yield { kind: 'pause' };
    const polish = yield* newtonAt(land, x, gamma, { fTol: s.fTol, maxIter: 30 });
    iterations += polish.iterations;
    if (polish.ok) return { x: polish.x, energy: polish.energy, maxForce: polish.maxForce, iterations, stable: true };
  }
  const ev = land.evaluate(x, gamma);
  return { x, energy: ev.energy, maxForce: ev.maxForce, iterations, stable: false };
}
