/**
 * The fast AQS protocol (docs/design.md §5, §6): continuation of the elastic branch x(γ) with
 * the linear response, and the reference protocol's end test.
 *
 * - a step from the branch point `lo` to γ = lo.γ + δγ: predictor A x + δγ·u
 *   (./branch.ts), corrector on the factor kept from `lo` (./corrector.ts), accepted when
 *   it stays on the branch (`continuationStep`);
 * - δγ, and what a failed step means, from the fold estimate of the tracked soft modes
 *   (./step-control.ts); a failure near a predicted fold sets the provisional upper end
 *   γ_hi of the bracket;
 * - at width ≤ precision, the minimizer at γ_hi from the affine image of the branch
 *   state (./relax.ts, as in the reference protocol) decides (`endOfBracket`): an event
 *   is a jump of the minimized state; otherwise the branch continues from that minimum.
 *
 * Every loop is bounded: rejected steps shrink δγ geometrically, brackets halve, and after
 * MAX_RETRIES failed steps in a row or MAX_RESUMES numerical brackets the search hands
 * over to the reference protocol (./reference.ts) from the last branch state.
 */
import { cellVolume } from '../space/cell-nd.js';
import { affineImage, branchPoint, predict, type BranchPoint } from './branch.js';
import { correct } from './corrector.js';
import type { Protocol } from './driver.js';
import { nonAffineDisplacement } from './displacement.js';
import { branchModes } from './eigen.js';
import type { ContinuationLandscape } from './strain-landscape.js';
import { newtonAt } from './newton.js';
import { referenceProtocol } from './reference.js';
import { relax, type RelaxSettings } from './relax.js';
import { ETA_MAX, StepControl, type Step } from './step-control.js';
import type { AqsProgress, EventBracket } from './types.js';
import { NoEventError, unstableStart } from './errors.js';

export interface FastSettings {
  precision: number;
  maxStep: number;
  maxStrain: number;
  fTol: number;
  relax: RelaxSettings;
  onProgress?: (p: AqsProgress) => void;
  /** Failed steps in a row before the reference-protocol fallback (default MAX_RETRIES; tests). */
  maxRetries?: number;
  /** Numerical brackets before the reference-protocol fallback (default MAX_RESUMES; tests). */
  maxResumes?: number;
}

/** Absolute floor (λ) of the trust region and of the η test: round-off, not physics. */
const TRUST_FLOOR = 1e-7;
/** Largest energy mismatch of a step vs the trapezoid rule, relative to V|Δσ|δγ (as the reference protocol). */
const ENERGY_MISMATCH = 0.3;
/** Relative round-off of total energies (floor of the energy-continuity test). */
const ENERGY_ROUNDOFF = 1e-12;
/** Max |force| (ε/λ) at which the post-event minimization hands over to Newton (./relax.ts `handOff`). */
const HAND_OFF = 1e-3;
/** Corrector iterations per step at most. */
const CORRECTOR_ITERATIONS = 60;
/** Failed continuation steps in a row before handing over to the reference protocol. */
const MAX_RETRIES = 100;
/** Numerical brackets (the branch resumed past them) before handing over to the reference protocol. */
const MAX_RESUMES = 50;
/** Strain step of the reference-protocol fallback (the paper's). */
const REFERENCE_STEP = 1e-4;

/** Work done, for the result's statistics. */
interface Work {
  steps: number;
  bisections: number;
  iterations: number;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** The outcome of one continuation step: the new branch point, or why not. */
interface StepOutcome {
  point: BranchPoint | null;
  /** The corrector converged (possibly off the branch). */
  converged: boolean;
  /** Corrector/predictor ratio (+∞ when not converged). */
  eta: number;
}

/**
 * One continuation step: predictor, corrector inside the trust region
 * max_i |x_i − x_pred,i| ≤ δγ·max|u| + TRUST_FLOOR, and the two tests that the corrector
 * stayed on the branch:
 * - η = max|x − x_pred| / (δγ·max|u|) ≤ η_max: a corrector that moved much more than the
 *   linear prediction followed a sharply bending branch or fell into another minimum
 *   (this keeps the continuation on the branch through near-misses of a fold);
 * - the energy follows the trapezoid rule ΔU = V(σ_a + σ_b)δγ/2 (exact to O(δγ³) on a
 *   branch) within 30 % of V|Δσ|δγ plus round-off (a corrector that converged across a
 *   small event differs by the energy drop).
 * η is sensitive for short steps, the energy test for long ones.
 */
function* continuationStep(land: ContinuationLandscape, lo: BranchPoint, step: Step, s: FastSettings, work: Work): Protocol<StepOutcome> {
  land.useKeptFactor();
  const pred = predict(land, lo, step.gamma);
  const scale = step.delta * lo.uMax;
  const r = yield* correct(land, pred, step.gamma, {
    fTol: s.fTol, maxIter: CORRECTOR_ITERATIONS, trust: { center: pred, radius: scale + TRUST_FLOOR },
  });
  work.iterations += r.iterations;
  if (!r.ok) return { point: null, converged: false, eta: Number.POSITIVE_INFINITY };
  const eta = maxDiff(r.x, pred) / (scale + TRUST_FLOOR / ETA_MAX);
  if (eta > ETA_MAX) return { point: null, converged: true, eta };
  const stress = land.stress();
  const V = Math.abs(cellVolume(land.cellAt(step.gamma)));
  const mismatch = r.energy - lo.energy - V * (lo.stress + stress) * step.delta / 2;
  const workScale = V * Math.abs(stress - lo.stress) * step.delta;
  const roundoff = ENERGY_ROUNDOFF * Math.max(1, Math.abs(lo.energy), Math.abs(r.energy));
  if (!(Math.abs(mismatch) <= ENERGY_MISMATCH * workScale + roundoff)) return { point: null, converged: true, eta };
  return { point: branchPoint(land, r.x, step.gamma, r.energy, lo), converged: true, eta };
}

/**
 * The end of a bracket: the minimum at γ_hi from the affine image of `lo`, and whether it
 * jumped — landed farther than the branch can move over the bracket, 3·w·max|u| with |u|
 * the larger of the velocities at the two ends (|u| grows towards a fold, so it is largest
 * at γ_hi when the minimum found there is still on the branch; 3 > 2√2 covers a
 * per-particle magnitude from component bounds and the pinned-versus-mean reference). No
 * threshold on energies, stresses or N.
 */
function* endOfBracket(land: ContinuationLandscape, lo: BranchPoint, gammaHi: number, s: FastSettings, work: Work):
  Protocol<{ event: boolean; bracket: EventBracket }> {
  const after = yield* relax(land, affineImage(land, lo, gammaHi), gammaHi, { ...s.relax, handOff: s.relax.handOff ?? HAND_OFF });
  work.iterations += after.iterations;
  const stressAfter = land.stress();
  const jump = nonAffineDisplacement(lo.x, after.x, land.affineMap(lo.gamma, gammaHi), land.cellAt(gammaHi)).max;
  let uHi = 0, lambdaAfter: number | undefined;
  if (after.stable) {
    // The landscape holds the factor at the minimum found (the relaxation ends with Newton).
    const u = land.nonAffineVelocity();
    for (let k = 0; k < u.length; k++) uHi = Math.max(uHi, Math.abs(u[k]));
    const m = branchModes(land, 4, { tol: 1e-8, maxIter: 200, converge: 1 });
    if (m.converged) lambdaAfter = m.lambdas[0];
  }
  const trust = 3 * (gammaHi - lo.gamma) * Math.max(lo.uMax, uHi) + TRUST_FLOOR;
  return {
    event: jump > trust || !after.stable,
    bracket: {
      before: { x: lo.x, gamma: lo.gamma, energy: lo.energy, stress: lo.stress },
      after: { x: after.x, gamma: gammaHi, energy: after.energy, stress: stressAfter },
      ...work,
      lambdaBefore: lo.modes.converged ? lo.lambda : undefined,
      lambdaAfter,
    },
  };
}

/**
 * Hand-over to the reference protocol from the last branch state (the continuation made
 * no progress); its loops are bounded by maxStrain/step and the bisection depth.
 */
function* handOver(land: ContinuationLandscape, lo: BranchPoint, gamma0: number, s: FastSettings, work: Work): Protocol<EventBracket> {
  const remaining = gamma0 + s.maxStrain - lo.gamma;
  if (!(remaining > 0)) throw new NoEventError(s.maxStrain);
  const r = yield* referenceProtocol(land, lo.x, lo.gamma, {
    precision: s.precision, step: Math.min(REFERENCE_STEP, s.maxStep), maxStrain: remaining, relax: { ...s.relax, handOff: undefined },
    onProgress: s.onProgress,
  });
  return {
    ...r, steps: work.steps + r.steps, bisections: work.bisections + r.bisections, iterations: work.iterations + r.iterations,
    handOverGamma: lo.gamma,
  };
}

/** The first event from the minimum x0 at γ0 (see the module doc). */
export function* fastProtocol(land: ContinuationLandscape, x0: Float64Array, gamma0: number, s: FastSettings): Protocol<EventBracket> {
  const p = s.precision;
  const work: Work = { steps: 0, bisections: 0, iterations: 0 };
  const init = yield* newtonAt(land, x0, gamma0, { fTol: s.fTol, maxIter: 40 });
  work.iterations += init.iterations;
  if (!init.ok) {
    const why = { 'not-posdef': 'its Hessian is not positive definite', 'left-trust-region': 'Newton left its trust region', diverged: 'Newton diverged', 'max-iterations': 'Newton did not converge', converged: '' }[init.reason];
    throw unstableStart(land, why, init.failingColumn);
  }
  let lo = branchPoint(land, init.x, gamma0, init.energy);
  const control = new StepControl(s.maxStep, p);
  /** Brackets that turned out numerical (the branch resumed past them; bounded: MAX_RESUMES). */
  let resumes = 0;
  const report = (phase: AqsProgress['phase'], fold: number): void => {
    s.onProgress?.({
      protocol: 'fast', phase, gamma: lo.gamma, gammaHi: control.gammaHi, lambdaMin: lo.lambda, gammaFold: fold,
      energy: lo.energy, stress: lo.stress, steps: work.steps,
    });
  };
  for (;;) {
    while (control.open(lo)) {
      if (lo.gamma > gamma0 + s.maxStrain) throw new NoEventError(s.maxStrain);
      if (control.retries >= (s.maxRetries ?? MAX_RETRIES)) return yield* handOver(land, lo, gamma0, s, work);
      const step = control.next(lo);
      const fold = lo.gamma + lo.fold;
      work.steps++;
      const r = yield* continuationStep(land, lo, step, s, work);
      if (r.point !== null) {
        control.accepted(lo, step, r.eta);
        lo = r.point;
        report('step', lo.gamma + lo.fold);
      } else {
        control.failed(lo, step, r.converged, r.eta);
        work.bisections++;
        report('retry', fold);
      }
      yield { kind: 'pause' };
    }
    const gammaHi = control.gammaHi;
    const end = yield* endOfBracket(land, lo, gammaHi, s, work);
    if (end.event) {
      report('event', gammaHi);
      return end.bracket;
    }
    // The minimizer stayed on the branch: the corrector's failure was numerical.
    if (++resumes > (s.maxResumes ?? MAX_RESUMES)) return yield* handOver(land, lo, gamma0, s, work);
    const again = yield* newtonAt(land, end.bracket.after.x, gammaHi, { fTol: s.fTol, maxIter: 12 });
    work.iterations += again.iterations;
    if (!again.ok) return yield* handOver(land, lo, gamma0, s, work);
    lo = branchPoint(land, again.x, gammaHi, again.energy, lo);
    control.resume();
  }
}
