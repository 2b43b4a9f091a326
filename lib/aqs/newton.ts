/**
 * Newton's method at fixed strain on a Landscape (reused analysis, numeric
 * refactorization per iterate), as the corrector of the branch continuation and as the
 * polish after a minimizer.
 *
 *   x ← x + s M⁻¹ F,  s = 1, ½, ¼, ⅛ (first that lowers max |F|)
 *
 * Every iterate's Hessian is factorized, so on convergence the landscape holds the
 * factor of M at the returned x (for the linear response and the lowest mode), and a
 * converged x is a stable minimum (M positive definite). Stops:
 * - 'converged': max |F| ≤ fTol, or the round-off floor (a step that does not halve
 *   max |F| once it is below 1e-8 ε/λ);
 * - 'not-posdef': CHOLMOD found M not positive definite at an iterate;
 * - 'left-trust-region': an iterate left the ball max_i |x_i − center_i| ≤ radius;
 * - 'diverged': no step length lowers max |F|; 'max-iterations'.
 */
import type { Protocol } from './driver.js';
import type { StrainLandscape } from './strain-landscape.js';

export interface NewtonSettings {
  /** Converged when max |F| ≤ fTol (ε/λ). */
  fTol: number;
  maxIter: number;
  /** Trust region (max-norm) around `center`; none when omitted. */
  trust?: { center: Float64Array; radius: number };
}

export interface NewtonOutcome {
  ok: boolean;
  reason: 'converged' | 'not-posdef' | 'left-trust-region' | 'diverged' | 'max-iterations';
  x: Float64Array;
  energy: number;
  maxForce: number;
  iterations: number;
  /** 'not-posdef': the pinned-Hessian column of CHOLMOD's first failing pivot (when it reported one). */
  failingColumn?: number;
}

const FLOOR_REGION = 1e-8;

function outside(x: Float64Array, trust: NewtonSettings['trust']): boolean {
  if (trust === undefined) return false;
  const c = trust.center, r = trust.radius;
  for (let k = 0; k < x.length; k++) if (Math.abs(x[k] - c[k]) > r) return true;
  return false;
}

/** Newton iteration from x0 at strain γ (x0 not modified). */
export function* newtonAt(land: StrainLandscape, x0: Float64Array, gamma: number, s: NewtonSettings): Protocol<NewtonOutcome> {
  const x = Float64Array.from(x0);
  const trial = new Float64Array(x.length);
  let ev = land.evaluate(x, gamma);
  let energy = ev.energy, fmax = ev.maxForce;
  let forces = Float64Array.from(ev.forces);
  let floor = false;
  let iterations = 0;
  const done = (ok: boolean, reason: NewtonOutcome['reason'], failingColumn?: number): NewtonOutcome =>
    ({ ok, reason, x, energy, maxForce: fmax, iterations, ...(failingColumn === undefined ? {} : { failingColumn }) });
  for (;;) {
    const error = yield* land.factorizeRequest();
    if (error !== null) return done(false, 'not-posdef', error.column);
    if (fmax <= s.fTol || floor) return done(true, 'converged');
    if (iterations >= s.maxIter) return done(false, 'max-iterations');
    const step = land.newtonStep(forces);
    iterations++;
    let accepted = false;
    for (let scale = 1, tries = 0; tries < 4; tries++, scale /= 2) {
      for (let k = 0; k < x.length; k++) trial[k] = x[k] + scale * step[k];
      if (tries === 0 && outside(trial, s.trust)) return done(false, 'left-trust-region');
      ev = land.evaluate(trial, gamma);
      if (ev.maxForce < fmax) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      if (fmax < FLOOR_REGION) {
        // Round-off floor: restore the landscape at x (its factor is needed by callers).
        ev = land.evaluate(x, gamma);
        floor = true;
        continue;
      }
      ev = land.evaluate(x, gamma);
      return done(false, 'diverged');
    }
    x.set(trial);
    if (ev.maxForce < FLOOR_REGION && ev.maxForce > fmax / 2) floor = true;
    energy = ev.energy;
    fmax = ev.maxForce;
    forces = Float64Array.from(ev.forces);
  }
}
