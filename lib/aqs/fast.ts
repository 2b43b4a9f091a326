/**
 * The fast AQS protocol: branch continuation with the linear response, Newton, and
 * saddle-node step control (DESIGN §5, §6).
 *
 * Along the elastic branch x(γ) (a stable minimum at every γ):
 * - predictor:  x_pred = A x + δγ·u,  A = H(γ+δγ)H(γ)⁻¹,  u = −M⁻¹ Ξ (Landscape
 *   `nonAffineVelocity`, from the factor already held at the converged state);
 * - corrector:  Newton at γ+δγ (./newton.ts) inside the trust region
 *   max_i |x_i − x_pred,i| ≤ δγ max|u| + 1e-7 λ, every iterate's Hessian factorized
 *   (numeric refactorization on the reused analysis; Landscape re-analyses only when its
 *   Verlet list is rebuilt);
 * - monitor:    λ = λ_min(M) by inverse iteration with the factor (./eigen.ts) and
 *   λ' = vᵀ Ṁ v; near a saddle-node λ² ∝ γ_c − γ, so γ_c − γ ≈ λ/(2|λ'|).
 * Step control: δγ = min(limit, ½·(γ_c − γ)_est), or 0.8·(γ_c − γ)_est once two successive
 * fold estimates agree to 5 % (the asymptotic regime; the corrector/predictor ratio
 * η = max|x − x_pred| / (δγ max|u|) of the √ law is then ≤ 0.4). A converged step is
 * accepted only if η ≤ 0.6 — a corrector that moved much more than the linear prediction
 * either followed a sharply bending branch or fell into another minimum (this is what
 * keeps the continuation on the branch through near-misses such as n256_s1 simple− at
 * γ ≈ 0.00803) — and the limit adapts as δγ·√(0.15/η) (the corrector error grows as δγ²).
 * A corrector that fails — a Hessian that is not positive definite, an iterate leaving
 * the trust region, no convergence — when a fold is predicted within 4 δγ, marks γ+δγ as
 * the (provisional) upper end of the bracket; steps then stay inside it and halve it
 * when the estimate is not trusted. Other failures only shorten the step.
 *
 * Continuity of an accepted step: besides η ≤ 0.6, the energy change must follow the
 * trapezoid rule ΔU = V(σ_a + σ_b)δγ/2 (exact to O(δγ³) on a branch, dU/dγ = Vσ) within
 * 30 % of V|Δσ|δγ plus round-off — the reference protocol's test. A corrector that
 * converged across a small event (onto another minimum inside its trust region) differs
 * by the energy drop; the step is then shortened. The two tests are complementary: η is
 * sensitive for short steps (a jump is finite while δγ·max|u| → 0), the energy test for
 * long ones.
 *
 * Termination (every loop is bounded): a failure at the shortest step (δγ ≤ 2·precision)
 * always brackets, rejected steps shrink δγ geometrically, brackets halve, and the
 * minimization at the end of a bracket either ends the search or advances the branch by
 * ≥ 0.1·precision. Should the continuation still fail MAX_RETRIES times in a row, or
 * resume past MAX_RESUMES numerical brackets, the search hands over to the reference
 * protocol (./reference.ts) from the last branch state — fixed steps, minimization and
 * bisection, whose loops are bounded by maxStrain/step and the bisection depth.
 * (Before these rules, a converged corrector with η > 0.6 at the shortest step retried
 * the same step forever: annealed glasses whose branch is √-shaped within a few
 * precisions of the fold.)
 *
 * Event criterion: the branch cannot be continued — the corrector fails from a branch
 * state less than `precision` below — AND the minimizer started from that state's affine
 * image lands in a minimum farther than the branch can move over the bracket, 3·w·max|u|
 * with |u| the larger of the velocities at the two ends (a jump of the minimized state;
 * |u| grows monotonically towards the fold, so it is largest at γ_hi when the minimum
 * found there is still on the branch). The fold is thus bracketed to `precision` with no
 * threshold on energies, stresses or N. If the minimizer lands back on the branch instead, the failure was
 * numerical: the branch continues from there.
 */
import { cellVolume } from '../space/index.js';
import type { Protocol } from './driver.js';
import { nonAffineDisplacement } from './displacement.js';
import { foldDistance, lowestMode } from './eigen.js';
import type { Landscape } from './landscape.js';
import { newtonAt } from './newton.js';
import { referenceProtocol } from './reference.js';
import { relax, type RelaxSettings } from './relax.js';
import type { AqsProgress } from './types.js';
import { NoEventError } from './errors.js';

export interface BranchState {
  x: Float64Array;
  gamma: number;
  energy: number;
  stress: number;
}

export interface EventBracket {
  before: BranchState;
  after: BranchState;
  steps: number;
  bisections: number;
  iterations: number;
}

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

/** Largest accepted corrector/predictor ratio η = max|x − x_pred| / (δγ max|u|). */
const ETA_MAX = 0.6;
/** η the step-size control aims at (the corrector error grows as δγ²). */
const ETA_TARGET = 0.15;
/** Absolute floor (λ) of the trust region and of the η test: round-off, not physics. */
const TRUST_FLOOR = 1e-7;
/** Largest energy mismatch of a step vs the trapezoid rule, relative to V|Δσ|δγ (as the reference protocol). */
const ENERGY_MISMATCH = 0.3;
/** Relative round-off of total energies (floor of the energy-continuity test). */
const ENERGY_ROUNDOFF = 1e-12;
/** Failed continuation steps in a row before handing over to the reference protocol. */
const MAX_RETRIES = 100;
/** Numerical brackets (the branch resumed past them) before handing over to the reference protocol. */
const MAX_RESUMES = 50;
/** Strain step of the reference-protocol fallback (the paper's). */
const REFERENCE_STEP = 1e-4;

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

interface BranchPoint extends BranchState {
  u: Float64Array;
  uMax: number;
  lambda: number;
  mode: Float64Array;
  dLambda: number;
}

/** Linear response and lowest mode at a converged state (the landscape holds its factor). */
function branchPoint(land: Landscape, x: Float64Array, gamma: number, energy: number, warm?: Float64Array): BranchPoint {
  const stress = land.stress();
  const u = land.nonAffineVelocity();
  let uMax = 0;
  for (let k = 0; k < u.length; k++) uMax = Math.max(uMax, Math.abs(u[k]));
  const m = lowestMode(land, warm, 1e-8, warm === undefined ? 60 : 8);
  const dLambda = land.eigenvalueDerivative(m.vector, u);
  return { x, gamma, energy, stress, u, uMax, lambda: m.lambda, mode: m.vector, dLambda };
}

export function* fastProtocol(land: Landscape, x0: Float64Array, gamma0: number, s: FastSettings): Protocol<EventBracket> {
  const p = s.precision;
  let iterations = 0, steps = 0, bisections = 0;
  const init = yield* newtonAt(land, x0, gamma0, { fTol: s.fTol, maxIter: 40 });
  iterations += init.iterations;
  if (!init.ok) {
    throw new RangeError(`config: expected a stable minimum at the starting strain (Newton polish: ${init.reason}); minimize it first`);
  }
  let lo = branchPoint(land, init.x, gamma0, init.energy);
  let gammaHi = Number.POSITIVE_INFINITY;
  let previousFold = Number.NaN;
  let failedLast = false;
  let stepLimit = s.maxStep;
  /** Failed continuation steps since the last accepted one (bounded: MAX_RETRIES). */
  let retries = 0;
  /** Brackets that turned out numerical (the branch resumed past them; bounded: MAX_RESUMES). */
  let resumes = 0;
  const report = (phase: AqsProgress['phase'], fold: number): void => {
    s.onProgress?.({
      protocol: 'fast', phase, gamma: lo.gamma, gammaHi, lambdaMin: lo.lambda, gammaFold: fold,
      energy: lo.energy, stress: lo.stress, steps,
    });
  };
  /**
   * The continuation cannot make progress from `lo` (MAX_RETRIES failures in a row or
   * MAX_RESUMES numerical brackets): hand over to the reference protocol from the last
   * branch state, which decides with fixed steps, minimizations and bisection (all of its
   * loops are bounded by maxStrain/step and the bisection depth).
   */
  function* fallback(): Protocol<EventBracket> {
    const remaining = gamma0 + s.maxStrain - lo.gamma;
    if (!(remaining > 0)) {
      throw new NoEventError(s.maxStrain);
    }
    const r = yield* referenceProtocol(land, lo.x, lo.gamma, {
      precision: p, step: Math.min(REFERENCE_STEP, s.maxStep), maxStrain: remaining, relax: s.relax, onProgress: s.onProgress,
    });
    return { ...r, steps: steps + r.steps, bisections: bisections + r.bisections, iterations: iterations + r.iterations };
  }
  for (;;) {
    while (gammaHi - lo.gamma > p) {
      if (lo.gamma > gamma0 + s.maxStrain) {
        throw new NoEventError(s.maxStrain);
      }
      if (retries >= (s.maxRetries ?? MAX_RETRIES)) return yield* fallback();
      const d = foldDistance(lo.lambda, lo.dLambda);
      const fold = lo.gamma + d;
      const change = Math.abs(fold - previousFold);
      let delta = Math.min(stepLimit, 0.5 * d);
      if (Number.isFinite(d) && change <= 0.05 * d) delta = Math.max(delta, Math.min(stepLimit, 0.8 * d));
      delta = Math.max(delta, p / 2);
      if (Number.isFinite(gammaHi)) {
        const w = gammaHi - lo.gamma;
        if (w <= 2 * p) delta = w - 0.9 * p;
        else if (failedLast || delta >= w - p / 2) delta = Math.min(delta, w / 2);
      }
      /** The step cannot be shortened further: a failure now brackets the instability. */
      const shortest = delta <= 2 * p;
      const gamma = lo.gamma + delta;
      const A = land.affineMap(lo.gamma, gamma);
      const pred = new Float64Array(lo.x.length);
      for (let i = 0; i < pred.length; i += 2) {
        pred[i] = A[0] * lo.x[i] + A[1] * lo.x[i + 1] + delta * lo.u[i];
        pred[i + 1] = A[2] * lo.x[i] + A[3] * lo.x[i + 1] + delta * lo.u[i + 1];
      }
      steps++;
      const scale = delta * lo.uMax;
      const r = yield* newtonAt(land, pred, gamma, {
        fTol: s.fTol, maxIter: 12, trust: { center: pred, radius: scale + TRUST_FLOOR },
      });
      iterations += r.iterations;
      // Corrector size relative to the predicted non-affine motion (max-norms).
      const eta = r.ok ? maxDiff(r.x, pred) / (scale + TRUST_FLOOR / ETA_MAX) : Number.POSITIVE_INFINITY;
      // Continuity of the energy (trapezoid rule with the stress, as the reference protocol):
      // on the branch ΔU = V(σ_a + σ_b)δγ/2 + O(δγ³); a minimum reached across an event
      // differs by the energy drop.
      let continuous = false;
      if (r.ok && eta <= ETA_MAX) {
        const stress = land.stress();
        const V = Math.abs(cellVolume(land.cellAt(gamma)));
        const mismatch = r.energy - lo.energy - V * (lo.stress + stress) * delta / 2;
        const work = V * Math.abs(stress - lo.stress) * delta;
        const roundoff = ENERGY_ROUNDOFF * Math.max(1, Math.abs(lo.energy), Math.abs(r.energy));
        continuous = Math.abs(mismatch) <= ENERGY_MISMATCH * work + roundoff;
      }
      if (continuous) {
        previousFold = fold;
        lo = branchPoint(land, r.x, gamma, r.energy, lo.mode);
        failedLast = false;
        retries = 0;
        stepLimit = Math.min(s.maxStep, delta * Math.min(2, Math.max(0.5, Math.sqrt(ETA_TARGET / eta))));
        report('step', lo.gamma + foldDistance(lo.lambda, lo.dLambda));
      } else if (r.ok && !shortest) {
        // Converged, but too far from the prediction or off the energy of the branch: the
        // branch bends faster than the step resolves, or the corrector reached another
        // minimum (possibly across a small event). Shorter step, no bracket.
        stepLimit = eta <= ETA_MAX ? delta / 4 : delta * Math.max(0.1, 0.5 * Math.sqrt(ETA_MAX / eta));
        retries++;
        bisections++;
        report('retry', fold);
      } else if (!r.ok && !shortest && !Number.isFinite(gammaHi) && d > 4 * delta) {
        // No fold predicted near: the step was too long for the predictor. Shorten it.
        stepLimit = delta / 4;
        retries++;
        bisections++;
        report('retry', fold);
      } else {
        // A failure near a predicted fold, or at the shortest step: γ+δγ is the
        // (provisional) upper end of the bracket; the minimization at the end decides.
        gammaHi = gamma;
        failedLast = true;
        retries++;
        bisections++;
        report('retry', fold);
      }
      yield { kind: 'pause' };
    }
    // Bracketed to `precision`: minimize at γ_hi from the affine image of the branch state.
    const A = land.affineMap(lo.gamma, gammaHi);
    const start = new Float64Array(lo.x.length);
    for (let i = 0; i < start.length; i += 2) {
      start[i] = A[0] * lo.x[i] + A[1] * lo.x[i + 1];
      start[i + 1] = A[2] * lo.x[i] + A[3] * lo.x[i + 1];
    }
    const after = yield* relax(land, start, gammaHi, s.relax);
    iterations += after.iterations;
    const stressAfter = land.stress();
    const jump = nonAffineDisplacement(lo.x, after.x, A, land.cellAt(gammaHi)).max;
    // On the branch the motion over the bracket is ∫u dγ ≤ w·max|u|, and |u| grows
    // monotonically towards a fold, so max|u| over the bracket is at one of its ends: the
    // velocity at the minimum found at γ_hi bounds it when that minimum is on the branch
    // (right before a fold, |u_hi| ≫ |u_lo|: λ² ∝ γ_c − γ). The factor 3 > 2√2 covers the
    // per-particle magnitude of a component bound (√2) and the pinned-vs-mean reference (2).
    let uHi = 0;
    if (after.stable) {
      const u = land.nonAffineVelocity();
      for (let k = 0; k < u.length; k++) uHi = Math.max(uHi, Math.abs(u[k]));
    }
    const trust = 3 * (gammaHi - lo.gamma) * Math.max(lo.uMax, uHi) + TRUST_FLOOR;
    if (jump > trust || !after.stable) {
      report('event', gammaHi);
      return {
        before: { x: lo.x, gamma: lo.gamma, energy: lo.energy, stress: lo.stress },
        after: { x: after.x, gamma: gammaHi, energy: after.energy, stress: stressAfter },
        steps, bisections, iterations,
      };
    }
    // The minimizer stayed on the branch: the corrector's failure was numerical.
    if (++resumes > (s.maxResumes ?? MAX_RESUMES)) return yield* fallback();
    const again = yield* newtonAt(land, after.x, gammaHi, { fTol: s.fTol, maxIter: 12 });
    iterations += again.iterations;
    if (!again.ok) return yield* fallback();
    lo = branchPoint(land, again.x, gammaHi, again.energy, lo.mode);
    gammaHi = Number.POSITIVE_INFINITY;
    previousFold = Number.NaN;
    failedLast = false;
    retries = 0;
    stepLimit = Math.min(s.maxStep, 1e-5);
  }
}
