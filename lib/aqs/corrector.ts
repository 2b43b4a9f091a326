/**
 * The corrector of the branch continuation (./fast.ts): the minimum at strain γ near the
 * predictor, by chord iterations on the Hessian factor kept from the last branch point,
 *
 *   x ← x + t·M_f⁻¹ F(x),   M_f = M(x_f, γ_f) (an earlier state, positive definite),
 *
 * with a factorization at the current iterate when the chord stalls, and always one at
 * the converged state (it proves that state a stable minimum and serves its response).
 *
 * Why: a factorization costs 30–100 solves (N = 2000 … 10⁴) and Newton needs 3–5 per
 * strain step, while the Hessian changes little over a step: the chord iteration
 * contracts at the rate ‖I − M_f⁻¹ M‖ (≈ the relative change of the softest coupled
 * eigenvalue over the step).
 *
 * Rules (t: the largest step length ≤ 1 inside the trust region, then halved up to
 * HALVINGS times until max |F| decreases):
 * - a chord step that reduces max |F| by less than CHORD_RATE, that cannot reduce it, or
 *   CHORD_LIMIT chord steps on one factor: factorize at the current iterate;
 * - the step on that fresh factor (Newton's) is kept only if it reduces max |F| by at least
 *   CHORD_RATE; otherwise — or when the Hessian there is not positive definite — the
 *   iterate lies where M is a worse model than M_f (nearly singular, or non-convex on the
 *   way to the minimum): back to the kept factor, without refactorizing until max |F| has
 *   dropped tenfold. Measured on N = 10⁴ glasses, Newton from the predictor of a 2·10⁻³
 *   step far from any fold took steps of 0.08 λ (25× the chord steps) towards other
 *   minima, where chord steps on M_f converge;
 * - below max |F| = 1e-8, a Newton step that fails to halve max |F| means the round-off
 *   floor: converged.
 *
 * Outcomes as ./newton.ts (the same NewtonOutcome): 'converged' (max |F| ≤ fTol or the
 * floor; the landscape then holds the factor at the returned x), 'not-posdef' (the
 * converged state is not a minimum), 'left-trust-region' (x on the boundary of the trust
 * region and the step points out), 'diverged' (no step length lowers max |F|),
 * 'max-iterations'.
 */
import type { Protocol } from './driver.js';
import type { ContinuationLandscape } from './strain-landscape.js';
import type { NewtonOutcome, NewtonSettings } from './newton.js';

/** An accepted chord step must reduce max |F| at least by this factor, else refactorize. */
const CHORD_RATE = 0.5;
/** Chord steps on one factor at most. */
const CHORD_LIMIT = 25;
/** Below this max |F| (ε/λ) a step that fails to halve max |F| means the round-off floor. */
const FLOOR_REGION = 1e-8;
/** Step halvings tried before a step is rejected. */
const HALVINGS = 4;

/**
 * The largest t ∈ (0, 1] with x + t·step inside the trust region (max-norm ball), or 1
 * without one; 0 when x is on its boundary and the step points out.
 */
function trustScale(x: Float64Array, step: Float64Array, trust: NewtonSettings['trust']): number {
  if (trust === undefined) return 1;
  const c = trust.center, r = trust.radius;
  let t = 1;
  for (let k = 0; k < x.length; k++) {
    const d = step[k];
    if (d === 0) continue;
    const room = (d > 0 ? c[k] + r - x[k] : c[k] - r - x[k]) / d;
    if (room < t) t = Math.max(0, room);
  }
  return t;
}

/** Minimum at γ from x0 (not modified): chord iterations, see the module doc. */
export function* correct(land: ContinuationLandscape, x0: Float64Array, gamma: number, s: NewtonSettings): Protocol<NewtonOutcome> {
  const x = Float64Array.from(x0);
  const trial = new Float64Array(x.length);
  let ev = land.evaluate(x, gamma);
  let energy = ev.energy, fmax = ev.maxForce;
  let forces = Float64Array.from(ev.forces);
  let iterations = 0;
  /** Steps on the active factor; −1: it is the factor of the current iterate. */
  let onFactor = land.factorHeld ? 0 : Number.POSITIVE_INFINITY;
  /** A factorization at an iterate failed: go on with the kept factor until max |F| has dropped below this. */
  let refusedAbove = 0;
  let floor = false;
  const done = (ok: boolean, reason: NewtonOutcome['reason']): NewtonOutcome =>
    ({ ok, reason, x, energy, maxForce: fmax, iterations });
  for (;;) {
    const converged = fmax <= s.fTol || floor;
    if (converged || (onFactor >= CHORD_LIMIT && refusedAbove === 0)) {
      // Factorize at the current iterate (the landscape is there: every rejected trial
      // re-evaluates x below).
      const error = yield* land.factorizeRequest();
      if (error === null) {
        if (converged) return done(true, 'converged');
        onFactor = -1;
      } else {
        // Not positive definite here: a converged state is no minimum; otherwise the
        // iterate is in a non-convex region on the way — descend on the kept factor.
        if (converged || !land.useKeptFactor()) return done(false, 'not-posdef');
        refusedAbove = fmax / 10;
        onFactor = 0;
      }
    }
    if (iterations >= s.maxIter) return done(false, 'max-iterations');
    const fresh = onFactor === -1;
    const step = land.heldStep(forces);
    iterations++;
    const t = trustScale(x, step, s.trust);
    if (!(t > 1e-3)) return done(false, 'left-trust-region');
    let accepted = false;
    for (let scale = t, tries = 0; tries < HALVINGS; tries++, scale /= 2) {
      for (let k = 0; k < x.length; k++) trial[k] = x[k] + scale * step[k];
      ev = land.evaluate(trial, gamma);
      if (ev.maxForce < fmax) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      ev = land.evaluate(x, gamma);
      if (fresh && fmax < FLOOR_REGION) {
        floor = true;
        continue;
      }
      if (!fresh && refusedAbove === 0) {
        onFactor = Number.POSITIVE_INFINITY;
        continue;
      }
      if (fresh && land.useKeptFactor()) {
        // The Hessian here is a worse model than the kept one (nearly singular in some
        // direction): go on with chord steps on the kept factor.
        refusedAbove = fmax / 10;
        onFactor = 0;
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
    if (refusedAbove > 0 && fmax < refusedAbove) refusedAbove = 0;
    onFactor = fresh ? 1 : onFactor + 1;
    if (ratio > CHORD_RATE && fmax > s.fTol && !floor) {
      if (fresh && land.useKeptFactor()) {
        // A slow Newton step: the kept factor is the better model (see above).
        refusedAbove = fmax / 10;
        onFactor = 0;
      } else if (!fresh && refusedAbove === 0) {
        // A slow chord step: refactorize at the new iterate.
        onFactor = Number.POSITIVE_INFINITY;
      }
    }
  }
}
