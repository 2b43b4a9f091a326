/**
 * The corrector of the branch continuation (./fast.ts): the minimum at strain γ near the
 * predictor, by chord iterations on the Hessian factor held from the last branch point,
 *
 *   x ← x + M_f⁻¹ F(x),   M_f = M(x_f, γ_f) (an earlier state),
 *
 * with a fresh factorization at the current iterate when the chord stalls, and always one
 * at the converged state.
 *
 * Why: a factorization costs 30–100 solves (N = 2000 … 10⁴) and Newton needs 3–5 per
 * strain step, while the Hessian changes little over a step: the chord iteration
 * contracts at the rate ‖I − M_f⁻¹ M‖ (≈ the relative change of the softest coupled
 * eigenvalue over the step, 0.1–0.5 with the step control of ./step-control.ts). An
 * accepted chord step that reduces max |F| by less than CHORD_RATE, or CHORD_LIMIT steps
 * on one factor, triggers a factorization at the current iterate (then the iteration is
 * Newton's for a step, and chord again after). Frozen M_f is positive definite, so chord
 * steps descend; near a fold, where λ decreases, they undershoot along the soft mode
 * rather than overshoot.
 *
 * Outcomes as ./newton.ts (the same NewtonOutcome): 'converged' (max |F| ≤ fTol or the
 * round-off floor; the landscape then holds the factor at the returned x, which is
 * therefore a stable minimum), 'not-posdef' (a factorization at an iterate failed),
 * 'left-trust-region', 'diverged', 'max-iterations'.
 */
import type { Protocol } from './driver.js';
import type { Landscape } from './landscape.js';
import type { NewtonOutcome, NewtonSettings } from './newton.js';

/** An accepted chord step must reduce max |F| at least by this factor, else refactorize. */
const CHORD_RATE = 0.5;
/** Chord steps on one factor at most. */
const CHORD_LIMIT = 25;
/** Below this max |F| (ε/λ) a step that fails to halve max |F| means the round-off floor. */
const FLOOR_REGION = 1e-8;

function outside(x: Float64Array, trust: NewtonSettings['trust']): boolean {
  if (trust === undefined) return false;
  const c = trust.center, r = trust.radius;
  for (let k = 0; k < x.length; k++) if (Math.abs(x[k] - c[k]) > r) return true;
  return false;
}

/** Minimum at γ from x0 (not modified): chord iterations, see the module doc. */
export function* correct(land: Landscape, x0: Float64Array, gamma: number, s: NewtonSettings): Protocol<NewtonOutcome> {
  const x = Float64Array.from(x0);
  const trial = new Float64Array(x.length);
  let ev = land.evaluate(x, gamma);
  let energy = ev.energy, fmax = ev.maxForce;
  let forces = Float64Array.from(ev.forces);
  let iterations = 0;
  /** Steps on the current factor; −1: the factor is of the current iterate. */
  let onFactor = land.factorHeld ? 0 : Number.POSITIVE_INFINITY;
  let floor = false;
  const done = (ok: boolean, reason: NewtonOutcome['reason']): NewtonOutcome =>
    ({ ok, reason, x, energy, maxForce: fmax, iterations });
  for (;;) {
    const converged = fmax <= s.fTol || floor;
    if (converged || onFactor >= CHORD_LIMIT) {
      // Factorize at the current iterate (the landscape is there: every rejected trial
      // re-evaluates x below).
      const error = yield* land.factorizeRequest();
      if (error !== null) return done(false, 'not-posdef');
      if (converged) return done(true, 'converged');
      onFactor = -1;
    }
    if (iterations >= s.maxIter) return done(false, 'max-iterations');
    const fresh = onFactor === -1;
    const step = land.heldStep(forces);
    iterations++;
    let accepted = false;
    // A fresh (Newton) step may be shortened; a stale one is refactorized instead.
    for (let scale = 1, tries = 0; tries < (fresh ? 4 : 1); tries++, scale /= 2) {
      for (let k = 0; k < x.length; k++) trial[k] = x[k] + scale * step[k];
      if (tries === 0 && outside(trial, s.trust)) return done(false, 'left-trust-region');
      ev = land.evaluate(trial, gamma);
      if (ev.maxForce < fmax) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      ev = land.evaluate(x, gamma);
      if (!fresh) {
        onFactor = Number.POSITIVE_INFINITY;
        continue;
      }
      if (fmax < FLOOR_REGION) {
        floor = true;
        continue;
      }
      return done(false, 'diverged');
    }
    const ratio = ev.maxForce / fmax;
    x.set(trial);
    energy = ev.energy;
    fmax = ev.maxForce;
    forces = Float64Array.from(ev.forces);
    if (fmax < FLOOR_REGION && ratio > 0.5 && fresh) floor = true;
    onFactor = fresh ? 1 : onFactor + 1;
    // A slow chord step: refactorize at the new iterate (not needed once converged).
    if (!fresh && ratio > CHORD_RATE && fmax > s.fTol) onFactor = Number.POSITIVE_INFINITY;
  }
}
