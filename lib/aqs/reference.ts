/**
 * The reference AQS protocol, the paper's (SM, "Athermal Quasi-Static deformation";
 * docs/design.md §6): fixed strain steps δγ, each an affine map x → H(γ+δγ)H(γ)⁻¹ x with the
 * deformed cell followed by an energy minimization (CG by default, Newton-polished to the
 * force floor, ./relax.ts); on a suspected event, back to the last elastic state and
 * bisection (each trial minimized from the affine image of the last elastic state) until
 * the bracket is ≤ `precision`.
 *
 * Event criterion (no threshold on N, energies or stresses): an event is a discontinuity
 * of the minimized state x(γ). With D(a→b) the largest non-affine displacement between
 * the minima at γ_a and γ_b (./displacement.ts), an elastic branch has D → 0 as the
 * bracket shrinks (∝ width, or ∝ √width right at a saddle-node), a jump keeps D finite.
 * - A step is *suspect* when D of the step exceeds 1.5× that of the previous step, or when
 *   the energy change departs from the trapezoid rule ΔU = V (σ_a + σ_b) δγ/2 (exact to
 *   O(δγ³) on a branch since dU/dγ = Vσ at a minimum) by more than 30 % of V|Δσ|δγ.
 *   The first step has only the energy test.
 * - A suspect step is bisected: the trial minimum at the midpoint (from the lower end)
 *   belongs to the lower half of the bracket when D(lo→mid) ≤ ½ D(lo→hi), else the jump is
 *   in the lower half.
 * - At width ≤ precision the state at γ_hi is minimized again from the final γ_lo state;
 *   the step is an event when its D is more than ½ of D(lo→hi) at a width ≥ 16× larger
 *   (four levels earlier): elastic D would have shrunk by ≥ 4 (√16). Otherwise the branch
 *   goes on to γ_hi and stepping resumes from that minimum (the suspect step's own minimum
 *   may lie in the next basin: a minimization from farther back can fall past a fold that
 *   the branch has not reached yet).
 */
import { applyLinear, cellVolume } from '../space/cell-nd.js';
import type { Protocol } from './driver.js';
import { nonAffineDisplacement } from './displacement.js';
import type { StrainLandscape } from './strain-landscape.js';
import { relax, type RelaxSettings } from './relax.js';
import type { AqsProgress, BranchState, EventBracket } from './types.js';
import { NoEventError, unstableStart } from './errors.js';

export interface ReferenceSettings {
  precision: number;
  step: number;
  maxStrain: number;
  relax: RelaxSettings;
  onProgress?: (p: AqsProgress) => void;
}

export function* referenceProtocol(land: StrainLandscape, x0: Float64Array, gamma0: number, s: ReferenceSettings): Protocol<EventBracket> {
  let iterations = 0, steps = 0, bisections = 0;
  /** Minimum at γ reached from state `from` by the affine map + minimization. */
  function* minimizeAt(from: BranchState, gamma: number): Protocol<BranchState> {
    const start = applyLinear(land.affineMap(from.gamma, gamma), from.x);
    const r = yield* relax(land, start, gamma, s.relax);
    iterations += r.iterations;
    steps++;
    return { x: r.x, gamma, energy: r.energy, stress: land.stress() };
  }
  const D = (a: BranchState, b: BranchState): number =>
    nonAffineDisplacement(a.x, b.x, land.affineMap(a.gamma, b.gamma), land.cellAt(b.gamma)).max;
  const report = (phase: AqsProgress['phase'], st: BranchState, gammaHi: number): void => {
    s.onProgress?.({
      protocol: 'reference', phase, gamma: st.gamma, gammaHi, lambdaMin: Number.NaN, gammaFold: Number.POSITIVE_INFINITY,
      energy: st.energy, stress: st.stress, steps,
    });
  };

  const init = yield* relax(land, x0, gamma0, s.relax);
  iterations += init.iterations;
  if (!init.stable) {
    throw unstableStart(land, init.failingColumn === undefined ? 'no minimum was reached' : 'its Hessian is not positive definite', init.failingColumn);
  }
  let prev: BranchState = { x: init.x, gamma: gamma0, energy: init.energy, stress: land.stress() };
  let previousD = Number.NaN;
  const end = gamma0 + s.maxStrain;
  let toEnd = 0;
  for (let k = 1; ; k++) {
    // The grid γ0 + k·step, its last step ending at the largest strain exactly: on the grid
    // alone it stopped up to half a step short of --max-strain (an event inside it reported
    // as none) or went up to half a step past it (an event beyond it reported). A remainder
    // under half a step joins the step before it, so that no step is a sliver (a step of a
    // few ulps, where k·step rounds just below the end, changes energy and stress by less
    // than their rounding, and the tests below would read noise as an event); nothing is
    // left to search once the end is within the precision.
    // After a retry without a jump the branch resumes from inside the bracket, off the grid,
    // and a step to the end can be retried again and again, each gaining about the precision
    // (n256_s1, step 0.011, maxStrain 0.05: millions of retries): the end is tried twice at
    // most, as the grid alone stopped after its last point.
    if (end - prev.gamma <= s.precision || toEnd >= 2) throw new NoEventError(s.maxStrain);
    const grid = gamma0 + k * s.step;
    const gamma = end - grid < s.step / 2 ? end : grid;
    if (gamma === end) toEnd++;
    // The width of this step: prev lags the grid after such a resume.
    const h = gamma - prev.gamma;
    const next = yield* minimizeAt(prev, gamma);
    const dNext = D(prev, next);
    const V = Math.abs(cellVolume(land.cellAt(gamma)));
    const mismatch = next.energy - prev.energy - V * (prev.stress + next.stress) * h / 2;
    const work = V * Math.abs(next.stress - prev.stress) * h;
    const suspect = dNext > 1.5 * previousD || Math.abs(mismatch) > 0.3 * work;
    if (!suspect) {
      report('step', next, Number.POSITIVE_INFINITY);
      prev = next;
      previousD = dNext;
      continue;
    }
    report('retry', prev, gamma);
    // Bisection between the last elastic state and the suspect step.
    let lo = prev, hi = next;
    const history = [dNext];
    while (hi.gamma - lo.gamma > s.precision) {
      const mid = yield* minimizeAt(lo, 0.5 * (lo.gamma + hi.gamma));
      bisections++;
      if (D(lo, mid) > 0.5 * D(lo, hi)) hi = mid;
      else lo = mid;
      history.push(D(lo, hi));
      report('bisect', lo, hi.gamma);
    }
    const after = yield* minimizeAt(lo, hi.gamma);
    const jump = D(lo, after);
    const earlier = history[Math.max(0, history.length - 5)];
    if (jump > 0.5 * earlier) {
      report('event', lo, after.gamma);
      return { before: lo, after, steps, bisections, iterations };
    }
    // No jump at the bracket: the branch goes on to γ_hi, and stepping resumes from its
    // state there. Not from the suspect step's minimum: near a fold a minimization from
    // farther back can land in the next basin while the branch still exists (a 3D ipl3d
    // glass, N = 160, pure+: the step's minimum had jumped by 0.35 λ, the branch went on to
    // its fold at 0.010522), and resuming from it would step over the event.
    prev = after;
    // The bracket closed at the step's end (the usual case): that step was elastic after all.
    if (after.gamma === next.gamma) previousD = dNext;
  }
}
