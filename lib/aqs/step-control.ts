/**
 * Strain-step control of the branch continuation (./fast.ts): how far the next step goes,
 * and what a failed step means.
 *
 * Length: δγ = min(limit, ½·d) with d the fold distance of the branch point
 * (./branch.ts), or 0.8·d once two successive fold estimates agree to 5 % (the asymptotic
 * regime λ² ∝ γ_c − γ, where the corrector/predictor ratio η of the √ law is ≤ 0.4), or
 * 0.9 of the distance to the fold extrapolated from the last estimates once two such
 * extrapolations agree to 3 % (see `extrapolate`);
 * never below precision/2. The limit adapts to the corrector: after an accepted step it
 * becomes δγ·ETA_TARGET/η, between ½ and 2 times δγ, capped by the largest step (the
 * corrector moves ∝ δγ² on a smooth branch, so η = max|x − x_pred|/(δγ·max|u|) ∝ δγ; with a
 * square root the steps grew by only ~1.3 per step at η ≈ 0.09 after a near-miss, N = 2000
 * seed 115 pure+).
 *
 * Failed steps (bounded: every one counts towards `retries`):
 * - converged, but off the branch (η too large or an energy jump, see ./fast.ts), with room
 *   to shorten: limit ← δγ/4, or δγ·max(0.1, ½√(η_max/η)) for a large η;
 * - not converged, no fold predicted within 4 δγ and no bracket yet: limit ← δγ/4 (the step
 *   was too long for the predictor);
 * - otherwise (a failure near a predicted fold, or at the shortest step δγ ≤ 2·precision):
 *   γ+δγ becomes the provisional upper end γ_hi of the bracket; later steps stay inside
 *   it, halving what is left after a failure, and a step that lands within 2·precision
 *   of γ_hi goes to γ_hi − 0.9·precision. The minimization at γ_hi decides (./fast.ts).
 *   When the fold estimate lies beyond 2·(γ_hi − γ) and the step would reach γ_hi, it goes
 *   to γ_hi itself: a failure there was numerical if the branch continues to it (the
 *   bracket is then dropped), instead of creeping towards γ_hi by halves (~log₂(w/precision)
 *   steps) and a minimization at its end.
 */
import { portablePow } from '../portable/index.js';
import type { BranchPoint } from './branch.js';

/** Largest accepted corrector/predictor ratio η = max|x − x_pred| / (δγ max|u|). */
export const ETA_MAX = 0.6;
/** η the step-size control aims at (the corrector error grows as δγ²). */
const ETA_TARGET = 0.15;

/** A step to take: the target strain, its length, and whether it can still be shortened. */
export interface Step {
  gamma: number;
  delta: number;
  /** δγ ≤ 2·precision: a failure now brackets the instability. */
  shortest: boolean;
}

export class StepControl {
  /** Upper end of the bracket (+∞ before a failure near a fold). */
  gammaHi = Number.POSITIVE_INFINITY;
  /** Failed steps since the last accepted one. */
  retries = 0;
  private limit: number;
  private previousFold = Number.NaN;
  private failedLast = false;
  /** The accepted branch point before the current one (γ and fold distance). */
  private previous: { gamma: number; fold: number } | null = null;
  /** The extrapolated fold of the previous pair of branch points. */
  private previousExtrapolation = Number.NaN;

  constructor(private readonly maxStep: number, private readonly precision: number) {
    this.limit = maxStep;
  }

  /** Whether the bracket above `lo` is still wider than the precision. */
  open(lo: BranchPoint): boolean {
    return this.gammaHi - lo.gamma > this.precision;
  }

  /**
   * The fold γ* extrapolated from the estimates F = γ + d of two successive branch points,
   * assuming F = γ* + c·d^{3/2} (the first correction to λ² ∝ γ_c − γ near a saddle-node;
   * measured on N = 10⁴ glasses the raw estimates overshoot by 5–20 % of d, the
   * extrapolated ones by 0.2–0.6 %); NaN when the two do not approach a fold from above.
   */
  private extrapolate(a: { gamma: number; fold: number } | null, b: { gamma: number; fold: number }): number {
    if (a === null || !(a.fold > b.fold && b.fold > 0) || !Number.isFinite(a.fold)) return Number.NaN;
    const fa = a.gamma + a.fold, fb = b.gamma + b.fold;
    const pa = portablePow(a.fold, 1.5), pb = portablePow(b.fold, 1.5);
    const c = (fa - fb) / (pa - pb);
    const star = fb - c * pb;
    return c >= 0 && star > b.gamma ? star : Number.NaN;
  }

  /** The next step from `lo`. */
  next(lo: BranchPoint): Step {
    const p = this.precision, d = lo.fold;
    const change = Math.abs(lo.gamma + d - this.previousFold);
    let delta = Math.min(this.limit, 0.5 * d);
    if (Number.isFinite(d) && change <= 0.05 * d) delta = Math.max(delta, Math.min(this.limit, 0.8 * d));
    // Two successive extrapolations that agree to 3 % of the distance: 0.9 of the way (the
    // corrector/predictor ratio of the √ law is ≈ 0.5 there, below η_max).
    const star = this.extrapolate(this.previous, lo);
    const dStar = star - lo.gamma;
    if (Math.abs(star - this.previousExtrapolation) <= 0.03 * dStar) delta = Math.max(delta, Math.min(this.limit, 0.9 * dStar));
    delta = Math.max(delta, p / 2);
    if (Number.isFinite(this.gammaHi)) {
      const w = this.gammaHi - lo.gamma;
      if (w <= 2 * p) delta = w - 0.9 * p;
      else if (this.failedLast) delta = Math.min(delta, w / 2);
      else if (delta >= w - p / 2) delta = d > 2 * w ? w : w / 2;
    }
    return { gamma: lo.gamma + delta, delta, shortest: delta <= 2 * p };
  }

  /** The step from `lo` was accepted with corrector/predictor ratio η. */
  accepted(lo: BranchPoint, step: Step, eta: number): void {
    // The branch reached the upper end: that bracket was numerical.
    if (step.gamma >= this.gammaHi) this.gammaHi = Number.POSITIVE_INFINITY;
    this.previousFold = lo.gamma + lo.fold;
    this.previousExtrapolation = this.extrapolate(this.previous, lo);
    this.previous = { gamma: lo.gamma, fold: lo.fold };
    this.failedLast = false;
    this.retries = 0;
    this.limit = Math.min(this.maxStep, step.delta * Math.min(2, Math.max(0.5, ETA_TARGET / eta)));
  }

  /**
   * The step failed: the corrector converged off the branch (`converged`, with its η), or
   * did not converge. Returns true when γ+δγ became the upper end of the bracket.
   */
  failed(lo: BranchPoint, step: Step, converged: boolean, eta: number): boolean {
    this.retries++;
    if (converged && !step.shortest) {
      this.limit = eta <= ETA_MAX ? step.delta / 4 : step.delta * Math.max(0.1, 0.5 * Math.sqrt(ETA_MAX / eta));
      return false;
    }
    if (!converged && !step.shortest && !Number.isFinite(this.gammaHi) && lo.fold > 4 * step.delta) {
      this.limit = step.delta / 4;
      return false;
    }
    this.gammaHi = step.gamma;
    this.failedLast = true;
    return true;
  }

  /** The bracket was numerical (the branch goes on past γ_hi): start over from there, with short steps. */
  resume(): void {
    this.gammaHi = Number.POSITIVE_INFINITY;
    this.previousFold = Number.NaN;
    this.previous = null;
    this.previousExtrapolation = Number.NaN;
    this.failedLast = false;
    this.retries = 0;
    this.limit = Math.min(this.maxStep, 1e-5);
  }
}
