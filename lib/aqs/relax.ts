/**
 * Energy minimization at fixed strain, the AQS "minimize" step (paper SM; docs/design.md §6):
 * conjugate gradient (or FIRE) from the given start, then Newton polish to the
 * round-off floor of the forces so that states can be compared to ~1e-10 λ and the
 * bisection bracket of 1e-8 in strain is meaningful. When the polish meets a Hessian
 * that is not positive definite, the minimizer goes on to a tighter tolerance and the
 * polish is retried (see `relax`).
 */
import { minimizeCG, minimizeFire } from '../minimize/index.js';
import type { Protocol } from './driver.js';
import type { StrainLandscape } from './strain-landscape.js';
import { newtonAt } from './newton.js';
import type { MinimizerName } from './types.js';

export interface RelaxSettings {
  minimizer: MinimizerName;
  /** Force tolerance of the minimizer before the polish (ε/λ). */
  minimizerTol: number;
  /**
   * Max |force| (ε/λ) from which the Newton polish is tried once the minimizer has gone
   * through a rearrangement (see `relax`; default: none, the polish after minimizerTol).
   */
  handOff?: number;
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
  /** Not stable: the pinned-Hessian column of the last polish's failing pivot, if it met one. */
  failingColumn?: number;
}

/** Force tolerance of the second pass (ε/λ): at the round-off floor of the forces for large N. */
const TIGHT_TOL = 1e-12;
/** Iterations of the second pass between polish attempts. */
const CHUNK = 2000;
/** First hand-off levels: handOff and its tenths, this many. */
const HAND_OFF_LEVELS = 3;
/** Iterations that max |force| must stay at or below a hand-off level before the polish. */
const SETTLE = 10;
/** Largest max |force| (ε/λ) from which the second pass tries the polish: CG is then in the final basin. */
const POLISH_FROM = 1e-9;

/**
 * Minimizes from x0 (not modified) at strain γ.
 *
 * First pass: the minimizer to `minimizerTol`, then the Newton polish. With `handOff`
 * (the fast protocol's post-event minimization) the polish is tried as soon as max |force|
 * has come down to a level L ∈ {handOff, handOff/10, handOff/100} after having been above
 * 10·L, and stayed there for SETTLE iterations — the minimizer went through the
 * rearrangement and is settling into the basin whose minimum Newton finds in a few
 * factorizations, where conjugate gradient spends half of its iterations between 1e-3 and
 * 1e-8 (N = 2000: ~800 of 1600; after a small event at N = 10⁴ with ΔU = 1e-4 ε, 6000 of
 * 8900, the forces peaking at 3e-3). The first levels stay above the forces of the flat
 * escape from the ghost of a fold (~1e-6), so no polish is wasted there; a polish that
 * fails (the rearrangement is not over) sends the minimizer on to a tenth of the forces
 * where it failed, and so on down to minimizerTol; the rest is as without it. If the polish meets
 * a Hessian that is not positive definite, the minimizer stopped near a saddle, an
 * inflection, or the ghost of a fold just passed (forces below tolerance on a nearly flat
 * escape path, as at the upper end of a 1e-8 bracket). The second pass minimizes on
 * towards 1e-12 and tries the polish every CHUNK iterations once max |force| ≤ 1e-9:
 * 1e-12 is at the round-off floor of the forces for large N, so waiting for the minimizer
 * to reach it could spin to maxIter (an N = 2000 glass spent 200 000 CG iterations, 13
 * minutes, there). A polish from max |force| ≤ 1e-9 lands in the minimum the minimizer
 * was converging to.
 */
export function* relax(land: StrainLandscape, x0: Float64Array, gamma: number, s: RelaxSettings): Protocol<RelaxOutcome> {
  const x = Float64Array.from(x0);
  /** Largest max |force| reached by the minimizer since the start (see `handOff`). */
  let peak = 0;
  /** Lowest first hand-off level. */
  const lowest = (s.handOff ?? 0) / 10 ** (HAND_OFF_LEVELS - 1);
  /**
   * The minimizer from x. With `level` > 0 it stops early once max |F| has stayed at or
   * below a hand-off level L for SETTLE iterations: before the first stop (`first`) the
   * largest L ∈ {level, level/10, …, lowest} with max |F| above 10·L since the start,
   * afterwards L = level.
   */
  const minimize = (tol: number, maxIter: number, level = 0, first = true) => {
    let below = 0;
    const onProgress = level > tol
      ? (p: { maxForce: number }) => {
        peak = Math.max(peak, p.maxForce);
        let L = level;
        if (first) while (L >= lowest * (1 - 1e-9) && peak < 10 * L) L /= 10;
        below = L >= lowest * (1 - 1e-9) || !first ? (p.maxForce <= L ? below + 1 : 0) : 0;
        return below < SETTLE;
      }
      : undefined;
    const options = { fTol: tol, maxIter, maxStep: 0.1, onProgress };
    return s.minimizer === 'fire' ? minimizeFire(land.objective(gamma), x, options) : minimizeCG(land.objective(gamma), x, options);
  };
  let iterations = 0;
  let failingColumn: number | undefined;
  /** Newton polish from x: the outcome if it reached a minimum, else null. */
  function* polish(): Protocol<RelaxOutcome | null> {
    const p = yield* newtonAt(land, x, gamma, { fTol: s.fTol, maxIter: 30 });
    iterations += p.iterations;
    failingColumn = p.failingColumn;
    return p.ok ? { x: p.x, energy: p.energy, maxForce: p.maxForce, iterations, stable: true } : null;
  }
  // First pass: the minimizer to minimizerTol, with a polish at each hand-off level it stops
  // at; after a failed polish the next level is a tenth of the forces there.
  for (let level = s.handOff ?? 0, used = 0, first = true; ; first = false) {
    const r = minimize(s.minimizerTol, s.maxIter - used, level, first);
    used += r.iterations;
    iterations += r.iterations;
    yield { kind: 'pause' };
    const done = yield* polish();
    if (done) return done;
    if (r.reason !== 'aborted') break;
    level = r.maxForce / 10;
  }
  const tol = Math.min(s.minimizerTol, TIGHT_TOL);
  for (let used = 0; used < s.maxIter;) {
    const r = minimize(tol, Math.min(CHUNK, s.maxIter - used));
    used += r.iterations;
    iterations += r.iterations;
    yield { kind: 'pause' };
    if (r.converged || r.maxForce <= POLISH_FROM) {
      const done = yield* polish();
      if (done) return done;
      if (r.converged) break;
    }
    if (r.iterations === 0) break;
  }
  const last = yield* polish();
  if (last) return last;
  const ev = land.evaluate(x, gamma);
  return { x, energy: ev.energy, maxForce: ev.maxForce, iterations, stable: false, ...(failingColumn === undefined ? {} : { failingColumn }) };
}
