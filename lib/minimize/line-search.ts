/**
 * Line search for the conjugate-gradient minimizer: finds α > 0 along a descent
 * direction d with φ(α) = E(x0 + α d), φ'(α) = ∇E(x0 + α d)·d, satisfying the strong
 * Wolfe conditions
 *
 *     φ(α) ≤ φ(0) + c1 α φ'(0) + τ          (sufficient decrease, up to energy noise τ)
 *     |φ'(α)| ≤ η |φ'(0)|                   (curvature)
 *
 * Structure: Nocedal & Wright, Numerical Optimization (2nd ed.), Algorithms 3.5
 * (bracketing) and 3.6 (zoom). Steps are chosen on the *derivative*: extrapolation and
 * interpolation are secant steps on φ', exact for a quadratic (so CG with this search
 * terminates in ≤ n iterations on a quadratic), with a quadratic fit through
 * (φ(lo), φ'(lo), φ(hi)) only when the bracket was closed by a genuine energy rise, and
 * bisection whenever the bracket fails to shrink by a factor 0.66 per step (Moré &
 * Thuente, ACM TOMS 20, 286 (1994), safeguard).
 *
 * Why derivatives: near convergence of a glass, E ≈ 500 while the energy gained per
 * step is ~|F|²/k ≈ 1e-20; energy differences are pure rounding noise (ε·|E| ≈ 1e-13),
 * but φ' = ∇E·d is still accurate to ~ε·|forces|. Energy comparisons therefore carry a
 * tolerance τ = energyNoise·max(|φ(0)|, |φ(α)|) (default 1e-11, relative), below which
 * only the sign and size of φ' steer the search — like LAMMPS' `linestyle quadratic`.
 * A bracket [lo, hi] with φ'(lo) < 0 < φ'(hi) always contains a local minimum, so the
 * derivative-only search cannot climb.
 */
import type { CheckedObjective } from './common.js';

/** Parameters of the search (defaults in the CG minimizer). */
export interface LineSearchParams {
  /** Sufficient-decrease constant c1 (1e-4). */
  c1: number;
  /** Curvature constant η: stop when |φ'(α)| ≤ η |φ'(0)| (1e-2 for CG). */
  eta: number;
  /** Relative energy noise τ/|E| (1e-11). */
  energyNoise: number;
  /** Objective calls allowed per search (40). */
  maxEvaluations: number;
}

/**
 * Reusable line search over caller-owned work vectors: on return, `x` = x0 + α d and
 * `g` = ∇E(x) at the accepted α (when ok), and the fields below describe it.
 */
export class LineSearch {
  ok = false;
  alpha = 0;
  energy = 0;
  slope = 0;
  /** True when the search stopped at αmax (a capped step). */
  capped = false;
  /**
   * False when the accepted point only satisfies sufficient decrease: the evaluation
   * budget ran out or the bracket collapsed before |φ'| dropped enough — the sign that
   * φ' is dominated by rounding (the precision floor of the gradient) or that the
   * landscape is rough along d.
   */
  clean = true;

  private e0 = 0;
  private s0 = 0;
  private last = NaN; // α of the point currently in x, g
  private used = 0;

  constructor(
    private readonly objective: CheckedObjective,
    private readonly x0: Float64Array,
    private readonly d: Float64Array,
    private readonly x: Float64Array,
    private readonly g: Float64Array,
    private readonly params: LineSearchParams,
  ) {}

  /**
   * Searches from x0 (energy e0, slope s0 = ∇E(x0)·d < 0) starting with alphaInit,
   * never beyond alphaMax. Returns `this` (ok = false when no acceptable step exists).
   */
  run(e0: number, s0: number, alphaInit: number, alphaMax: number): this {
    this.e0 = e0;
    this.s0 = s0;
    this.last = NaN;
    this.used = 0;
    this.capped = false;
    this.clean = true;
    let prev = 0, ePrev = e0, sPrev = s0;
    let alpha = Math.min(alphaInit, alphaMax);
    for (let first = true; ; first = false) {
      const e = this.evaluate(alpha);
      const s = this.slope;
      if (this.rises(alpha, e) || (!first && e > ePrev + this.noise(ePrev, e))) {
        return this.zoom(prev, ePrev, sPrev, alpha, e, s);
      }
      if (Math.abs(s) <= -this.params.eta * s0) return this.accept(alpha);
      if (s >= 0) return this.zoom(alpha, e, s, prev, ePrev, sPrev);
      if (alpha >= alphaMax) {
        this.capped = true;
        return this.accept(alpha);
      }
      if (this.used >= this.params.maxEvaluations) return this.accept(alpha, false); // descending, just short
      // Extrapolate: secant root of φ' through (prev, sPrev), (alpha, s) when φ' increases.
      let next = s > sPrev ? alpha - (s * (alpha - prev)) / (s - sPrev) : 4 * alpha;
      if (!(next <= 4 * alpha)) next = 4 * alpha;
      next = Math.min(next, alphaMax);
      prev = alpha; ePrev = e; sPrev = s;
      alpha = next;
    }
  }

  /** N&W Algorithm 3.6: lo satisfies sufficient decrease and φ'(lo)(hi − lo) < 0. */
  private zoom(lo: number, eLo: number, sLo: number, hi: number, eHi: number, sHi: number): this {
    let width = Math.abs(hi - lo);
    let widthBefore = Infinity;
    for (;;) {
      if (this.used >= this.params.maxEvaluations || Math.abs(hi - lo) <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi))) {
        return lo > 0 ? this.accept(lo, false) : this.fail();
      }
      const delta = hi - lo;
      let trial: number;
      if (sHi * delta > 0) {
        trial = lo - (sLo * delta) / (sHi - sLo); // secant root of φ' (exact for a quadratic)
      } else {
        const curvature = eHi - eLo - sLo * delta; // > 0 when hi closed the bracket by a rise
        trial = curvature > 0 ? lo - (sLo * delta * delta) / (2 * curvature) : lo + 0.5 * delta;
      }
      // Safeguards: stay 1% inside the bracket; bisect if the bracket shrinks too slowly.
      const a = Math.min(lo, hi), b = Math.max(lo, hi), margin = 0.01 * (b - a);
      if (width > 0.66 * widthBefore || !(trial === trial)) trial = 0.5 * (lo + hi);
      else trial = Math.min(b - margin, Math.max(a + margin, trial));
      widthBefore = width;

      const e = this.evaluate(trial);
      const s = this.slope;
      if (this.rises(trial, e) || e > eLo + this.noise(eLo, e)) {
        hi = trial; eHi = e; sHi = s;
      } else {
        if (Math.abs(s) <= -this.params.eta * this.s0) return this.accept(trial);
        if (s * (hi - lo) >= 0) {
          hi = lo; eHi = eLo; sHi = sLo;
        }
        lo = trial; eLo = e; sLo = s;
      }
      width = Math.abs(hi - lo);
    }
  }

  private noise(a: number, b: number): number {
    return this.params.energyNoise * Math.max(Math.abs(a), Math.abs(b));
  }

  /** True when φ(α) violates sufficient decrease beyond the energy noise. */
  private rises(alpha: number, e: number): boolean {
    return e > this.e0 + this.params.c1 * alpha * this.s0 + this.noise(this.e0, e);
  }

  /** x ← x0 + α d, E and ∇E there; sets `slope` = ∇E·d; returns E. */
  private evaluate(alpha: number): number {
    const { x, x0, d, g } = this;
    for (let i = 0; i < x.length; i++) x[i] = x0[i]! + alpha * d[i]!;
    const e = this.objective.call(x, g);
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i]! * d[i]!;
    this.used++;
    this.last = alpha;
    this.energy = e;
    this.slope = s;
    return e;
  }

  private accept(alpha: number, clean = true): this {
    if (alpha !== this.last) this.evaluate(alpha);
    this.alpha = alpha;
    this.ok = true;
    this.clean = clean;
    return this;
  }

  private fail(): this {
    this.ok = false;
    return this;
  }
}
