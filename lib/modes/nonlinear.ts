/**
 * Cubic nonlinear quasilocalized modes (Gartner & Lerner, "Nonlinear modes disentangle glassy
 * and Goldstone modes in structural glasses", SciPost Phys. 1, 016 (2016)): the unit vectors
 * π that make the cost
 *
 *     C(z) = κ(z)³ / τ(z)²,   κ(z) = H : zz = zᵀ H z  (ε/λ²),   τ(z) = U''' ⋮ zzz  (ε/λ³),
 *
 * stationary (locally minimal). Along s·π the energy is U(s) ≈ ½ κ s² + ⅙ τ s³, whose
 * barrier is ΔU = 2κ³/(3τ²): a nonlinear mode is a direction of low barrier, and at a
 * stationary point
 *
 *     H π = (κ / τ) U''' : ππ,
 *
 * so, unlike a harmonic mode, it does not hybridize with the phonons of the same frequency
 * (a phonon has τ ≈ 0 and an infinite cost). Here H = Σ_α D_αᵀ K_α D_α is the free Hessian
 * and U''' : zz = Σ_α D_αᵀ (T_α · r_z) · r_z with r_z = D_α z (lib/nd/contractions.ts tDot);
 * τ = z · (U''' : zz). Masses are 1 (the vectors are displacements).
 *
 * Method: L-BFGS (memory 10) on f(z) = ln C(z) = 3 ln κ − 2 ln |τ|, with
 * ∇f = 6 H z / κ − 6 (U''' : zz) / τ; f is homogeneous of degree 0, so ∇f ⊥ z and every
 * step is followed by a rescaling to |z| = 1 (which leaves f unchanged). Translations stay
 * out of z (H z and U''' : zz have no net force). Converged when the relative residual of
 * the stationarity equation, |H π − (κ/τ) U''' : ππ| / |H π|, is ≤ `tolerance`; the
 * rounding of f sets a floor near 1e-7 (NonlinearModeOptions.tolerance).
 *
 * The glass's pairs, K_α and the radial derivatives come from lib/nd (any dimension, any
 * law of lib/nd/law.ts): the same Hessian as lowestModes'.
 */
import { portablePow } from '../portable/index.js';
import { dimensionOf, type Configuration } from '../config.js';
import type { PairLaw } from '../model/pair-law.js';
import { blockApply, differences, gather, stiffnessBlocks, tDot } from '../nd/contractions.js';
import { lawOfConfiguration } from '../nd/law.js';
import { findPairsNd, type NdPairList } from '../nd/pairs.js';
import { pairRadial, RADIAL_STRIDE } from '../nd/radial.js';
import { dot } from '../minimize/common.js';
import { expectAllFinite, expectConfigurationOfDimension, expectInteger, expectNumber } from '../validate.js';
import { createRng, fillNormal, type Rng } from '../random.js';
import { expectMasses } from './mass-weighting.js';
import { coreParticle, participationRatio } from './measures.js';
import { removeTranslation } from './translation.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of {@link nonlinearMode}. */
export interface NonlinearModeOptions {
  /**
   * Relative residual of H π = (κ/τ) U''' : ππ at which to stop (default 1e-5). Where the
   * decrease of ln C per step is under its rounding (C is minimized, and a residual r
   * changes it by O(r²)) the iteration stops, not converged: at residuals of ~1e-7 for
   * N = 256 and up to ~1e-6 at N = 10⁴ (one start of 20 stopped at 1.2e-6), hence 1e-5.
   */
  tolerance?: number;
  /** Largest number of L-BFGS iterations (default 20 000). */
  maxIterations?: number;
  /** The pair law (default: the configuration's, lib/nd/law.ts lawOfConfiguration). */
  law?: PairLaw;
}

/** Defaults of {@link NonlinearModeOptions}. */
export const NONLINEAR_DEFAULTS = Object.freeze({ tolerance: 1e-5, maxIterations: 20_000 });

/** A cubic nonlinear mode (see the module doc). */
export interface NonlinearMode {
  /** π: dN, |π| = 1, no net translation; the sign makes τ ≤ 0 (the energy falls along +π past the barrier). */
  vector: Float64Array;
  /** κ = H : ππ (ε/λ²). */
  kappa: number;
  /** τ = U''' ⋮ πππ (ε/λ³), ≤ 0. */
  tau: number;
  /** The cubic barrier along π, ΔU = 2κ³/(3τ²) (ε). */
  barrier: number;
  /** Participation ratio e = (Σ_i |π_i|²)² / (N Σ_i |π_i|⁴). */
  participation: number;
  /** The particle of largest |π_i| and that amplitude. */
  core: { particle: number; amplitude: number };
  /** |π · z₀| / |z₀| for the start z₀ (minus its translation; with masses, the start's displacements M^{−1/2}e). */
  overlap: number;
  /** |H π − (κ/τ) U''' : ππ| / |H π| at the end. */
  residual: number;
  iterations: number;
  converged: boolean;
}

/** The operators of a glass: H z, U''' : zz and the dimension. */
export interface NonlinearSystem {
  d: 2 | 3;
  n: number;
  /** H z (dN). */
  hessianProduct(z: Float64Array): Float64Array;
  /** U''' : zz (dN). */
  cubicProduct(z: Float64Array): Float64Array;
  /** H z and U''' : zz in one pass over the pairs (fusedProducts; what the minimization uses). */
  products(z: Float64Array): { hz: Float64Array; cz: Float64Array };
}

/** The {@link NonlinearSystem} of `config` under `law` (default: the configuration's). */
export function nonlinearSystem(config: Configuration, law?: PairLaw): NonlinearSystem {
  expectConfigurationOfDimension('config', config);
  const d = dimensionOf(config);
  const ndLaw = lawOfConfiguration(config, law);
  const pairs = findPairsNd(config, ndLaw);
  const radial = pairRadial(pairs, ndLaw, 3);
  const K = stiffnessBlocks(pairs, radial);
  const m = pairs.count;
  return {
    d, n: config.n,
    hessianProduct: (z) => gather(pairs, blockApply(d, m, K, differences(pairs, z))),
    cubicProduct: (z) => {
      const rz = differences(pairs, z);
      return gather(pairs, blockApply(d, m, tDot(pairs, radial, rz), rz));
    },
    products: (z) => fusedProducts(pairs, radial, z),
  };
}

/**
 * H z and U''' : zz in one loop over the pairs, without per-pair arrays: with v = D_α z,
 * s = r·v and the radial A_k (lib/nd/radial.ts), K v = A2 s r + A1 v and
 * (T·v)·v = (A3 s² + A2 |v|²) r + 2 A2 s v (lib/nd/contractions.ts's K and T contracted
 * twice with v). The same numbers as the contraction route to rounding (tested), several
 * times faster: this is the inner loop of the minimization.
 */
function fusedProducts(pairs: NdPairList, radial: Float64Array, z: Float64Array): { hz: Float64Array; cz: Float64Array } {
  const { d, count, r } = pairs;
  const hz = new Float64Array(z.length), cz = new Float64Array(z.length);
  const v = new Float64Array(3);
  for (let al = 0; al < count; al++) {
    const i = d * pairs.i[al]!, j = d * pairs.j[al]!, o = d * al, q = RADIAL_STRIDE * al;
    const a1 = radial[q + 1]!, a2 = radial[q + 2]!, a3 = radial[q + 3]!;
    let sv = 0, vv = 0;
    for (let a = 0; a < d; a++) {
      const va = z[j + a]! - z[i + a]!;
      v[a] = va;
      sv += r[o + a]! * va;
      vv += va * va;
    }
    const hr = a2 * sv, cr = a3 * sv * sv + a2 * vv, cv = 2 * a2 * sv;
    for (let a = 0; a < d; a++) {
      const h = hr * r[o + a]! + a1 * v[a]!, c = cr * r[o + a]! + cv * v[a]!;
      hz[i + a]! -= h; hz[j + a]! += h;
      cz[i + a]! -= c; cz[j + a]! += c;
    }
  }
  return { hz, cz };
}

const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));

interface Evaluation { f: number; g: Float64Array; kappa: number; tau: number; hz: Float64Array; cz: Float64Array }

function evaluate(sys: NonlinearSystem, z: Float64Array): Evaluation {
  const { hz, cz } = sys.products(z);
  const kappa = dot(z, hz), tau = dot(z, cz);
  const g = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) g[k] = (6 * hz[k]!) / kappa - (6 * cz[k]!) / tau;
  return { f: 3 * Math.log(kappa) - 2 * Math.log(Math.abs(tau)), g, kappa, tau, hz, cz };
}

/** The scale of a gradient step that moves z by 0.01 on the unit sphere (no curvature known yet). */
const firstStep = (g: Float64Array): number => 1e-2 / Math.max(norm(g), 1e-300);

function residualOf(e: Evaluation): number {
  let r = 0;
  const ratio = e.kappa / e.tau;
  for (let k = 0; k < e.hz.length; k++) r += (e.hz[k]! - ratio * e.cz[k]!) ** 2;
  return Math.sqrt(r) / norm(e.hz);
}

/**
 * The cubic nonlinear mode reached from `start` (dN; e.g. a harmonic mode of lowestModes)
 * by minimizing C (module doc). `system` may be given to reuse one glass's operators.
 * @throws RangeError for a start of the wrong length, zero, or with κ ≤ 0 or τ = 0 (not a
 *   stable minimum, or a direction without a cubic term)
 */
export function nonlinearMode(
  config: Configuration, start: Float64Array, options: NonlinearModeOptions = {}, system?: NonlinearSystem,
): NonlinearMode {
  const sys = system ?? nonlinearSystem(config, options.law);
  const { d, n } = sys;
  // NaN or 0 iterations returned the start itself as the "mode" (not converged), a string was converted.
  const tol = expectNumber('options.tolerance', options.tolerance ?? NONLINEAR_DEFAULTS.tolerance, { min: 0, exclusiveMin: true });
  const maxIter = expectInteger('options.maxIterations', options.maxIterations ?? NONLINEAR_DEFAULTS.maxIterations, 1);
  if (!(start instanceof Float64Array) || start.length !== d * n) {
    throw new ArgumentRangeError(`start: expected a Float64Array of d·N = ${d * n} entries, got ${start instanceof Float64Array ? start.length : typeof start}`);
  }
  expectAllFinite('start', start);
  // C does not depend on the length: scaled by its largest entry first, a start of 1e200 or
  // 1e-200 (whose norm overflows or underflows) is the direction it is.
  const z0 = Float64Array.from(start);
  let largest = 0;
  for (const x of z0) largest = Math.max(largest, Math.abs(x));
  if (largest > 0) for (let t = 0; t < z0.length; t++) z0[t]! /= largest;
  const before = norm(z0);
  removeTranslation(z0, d);
  const n0 = norm(z0);
  if (!(n0 > 1e-12 * before)) throw new ArgumentRangeError('start: expected a vector that is not a uniform translation (nothing is left once the translation is removed)');
  const first = minimizeCost(sys, z0.map((x) => x / n0), tol, maxIter);
  // A saddle of C: a symmetric start (the degenerate modes of a crystal) can stay in its
  // symmetric subspace and stop at a stationary point that is not a minimum (a triangular
  // crystal of 64: 15 descending directions of 125, its barrier 7× that of the minimum next
  // to it). A kick off the point, seeded, along a random direction of the sphere, and the
  // descent again: from a minimum it comes back (C the same), from a saddle it goes down.
  let best = first;
  let iterations = first.iterations;
  for (let kick = 0; kick < MAX_KICKS && best.residual <= tol; kick++) {
    const kicked = kickOff(best.z, d, KICK, createRng(KICK_SEED + kick));
    const again = minimizeCost(sys, kicked, tol, maxIter);
    iterations += again.iterations;
    if (!(again.residual <= tol && again.e.f < best.e.f - KICK_GAIN)) break;
    best = again;
  }
  let { z, e } = best;
  const residual = best.residual;
  if (e.tau > 0) { // the sign convention: τ ≤ 0
    for (let t = 0; t < z.length; t++) z[t] = -z[t]!;
    e = { ...e, tau: -e.tau };
  }
  return {
    vector: z, kappa: e.kappa, tau: e.tau, barrier: (2 * portablePow(e.kappa, 3)) / (3 * e.tau ** 2),
    participation: participationRatio(z, d), core: coreParticle(z, d),
    overlap: Math.abs(dot(z, z0)) / n0, residual, iterations, converged: residual <= tol,
  };
}

/** How far the saddle check kicks π on the unit sphere (an angle, rad), how often at most, its seed, and the drop of ln C that counts. */
const KICK = 1e-2, MAX_KICKS = 4, KICK_SEED = 97, KICK_GAIN = 1e-7;

/** z moved by `angle` along a random unit direction of the sphere at z (translation-free), normalized. */
function kickOff(z: Float64Array, d: number, angle: number, rng: Rng): Float64Array {
  const t = new Float64Array(z.length);
  fillNormal(rng, t);
  removeTranslation(t, d);
  const along = dot(t, z);
  for (let k = 0; k < t.length; k++) t[k]! -= along * z[k]!;
  const tn = norm(t);
  const out = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) out[k] = Math.cos(angle) * z[k]! + Math.sin(angle) * t[k]! / tn;
  const len = norm(out);
  for (let k = 0; k < out.length; k++) out[k]! /= len;
  return out;
}

/** L-BFGS on ln C from the unit vector z (module doc): the last point, its evaluation and residual. */
function minimizeCost(sys: NonlinearSystem, start: Float64Array, tol: number, maxIter: number): { z: Float64Array; e: Evaluation; residual: number; iterations: number } {
  let z = start;
  let e = evaluate(sys, z);
  if (!(e.kappa > 0)) throw new ArgumentRangeError(`start: H : zz = ${e.kappa} ≤ 0; expected a stable minimum (minimize the glass first)`);
  if (!(e.tau !== 0) || !Number.isFinite(e.f)) throw new ArgumentRangeError('start: U\'\'\' ⋮ zzz = 0 along the start; expected a direction with a cubic term');

  const memory = 10;
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  let residual = residualOf(e);
  let iterations = 0;
  while (residual > tol && iterations < maxIter) {
    iterations++;
    // Two-loop recursion: q = H̃ ∇f (H̃ the L-BFGS inverse Hessian); the step is along −q.
    const q = Float64Array.from(e.g);
    const alpha: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, q);
      alpha[k] = a;
      const y = Y[k]!;
      for (let t = 0; t < q.length; t++) q[t]! -= a * y[t]!;
    }
    // The initial inverse Hessian: s·y / y·y of the last pair, or a first step of 0.01 on the unit sphere.
    const gamma = S.length > 0 ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : firstStep(e.g);
    for (let t = 0; t < q.length; t++) q[t]! *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, q);
      const sk = S[k]!, c = alpha[k]! - b;
      for (let t = 0; t < q.length; t++) q[t]! += c * sk[t]!;
    }
    let slope = -dot(e.g, q);
    if (!(slope < 0)) { // not a descent direction: restart from the gradient
      S.length = 0; Y.length = 0; rho.length = 0;
      const scale = firstStep(e.g);
      for (let t = 0; t < q.length; t++) q[t] = e.g[t]! * scale;
      slope = -dot(e.g, q);
    }
    // Backtracking (Armijo) along −q, then back to the unit sphere (f is scale invariant).
    let step = 1, next: Evaluation | null = null, zNext = z;
    for (let tries = 0; tries < 40; tries++) {
      const trial = new Float64Array(z.length);
      for (let t = 0; t < z.length; t++) trial[t] = z[t]! - step * q[t]!;
      const len = norm(trial);
      for (let t = 0; t < z.length; t++) trial[t]! /= len;
      const ev = evaluate(sys, trial);
      if (Number.isFinite(ev.f) && ev.kappa > 0 && ev.f <= e.f + 1e-4 * step * slope) {
        next = ev; zNext = trial;
        break;
      }
      step *= 0.5;
    }
    if (next === null && S.length > 0) { // no decrease along the L-BFGS direction: forget it, try the gradient
      S.length = 0; Y.length = 0; rho.length = 0;
      continue;
    }
    // No decrease along the gradient either, or one below the rounding of f: as far as it goes.
    if (next === null || e.f - next.f <= 4 * Number.EPSILON * Math.max(1, Math.abs(e.f))) {
      const last = next === null ? Infinity : residualOf(next);
      if (next !== null && last < residual) { z = zNext; e = next; residual = last; }
      break;
    }
    const s = new Float64Array(z.length), y = new Float64Array(z.length);
    for (let t = 0; t < z.length; t++) { s[t] = zNext[t]! - z[t]!; y[t] = next.g[t]! - e.g[t]!; }
    const sy = dot(s, y);
    if (sy > 1e-12 * norm(s) * norm(y)) {
      S.push(s); Y.push(y); rho.push(1 / sy);
      if (S.length > memory) { S.shift(); Y.shift(); rho.shift(); }
    }
    z = zNext;
    e = next;
    residual = residualOf(e);
  }
  return { z, e, residual, iterations };
}

/**
 * |π_a · π_b| above which two starts reached the same nonlinear mode. Runs to one minimum
 * overlap to 1 − 1e-8 or closer on the glasses first measured (k = 20 on the fixtures
 * n256_s1, slow_n2000_s115 and ghost_n2000_s8; 1 − 1e-10 on near_modes_n500_s1), but the
 * overlap errs by ~½(residual/μ)², μ the smallest curvature of ln C on the sphere, which is
 * small for stiff modes: an audit's 300 runs to the κ ≈ 149.6 mode of n64_s1, each at a
 * residual ≤ 1e-5, overlapped down to 1 − 1.5e-6, and the threshold of 1 − 1e-6 then named
 * one mode twice. Two distinct minima at one soft spot can overlap closely: 0.91, 0.44 and
 * 0.95 on those three fixtures, 0.9909 on near_modes_n500_s1 (κ 0.309 and 0.356, two core
 * particles), which the first threshold, 0.99, named one mode. 1 − 1e-4 sits 67× inside the
 * loosest repeat seen and 90× outside the closest distinct pair.
 */
export const SAME_MODE_OVERLAP = 1 - 1e-4;

/** A nonlinear mode reached from harmonic mode `from`, as {@link nonlinearModesOf} gives them. */
export interface NonlinearFromMode extends NonlinearMode {
  /** Index of the harmonic mode it started from. */
  from: number;
  /** The first earlier start that reached the same mode (|π_a · π_b| > SAME_MODE_OVERLAP), if any. */
  sameAs?: number;
}

/**
 * The nonlinear mode reached from each of the harmonic modes `vectors` (column-major dN × k,
 * lowestModes' `vectors`; with `masses`, the eigenvectors e of M^{−1/2} H M^{−1/2}, which
 * start from their displacements M^{−1/2} e). Starts that reach the same mode say so
 * (`sameAs`): a soft spot is usually reached from several harmonic modes it hybridized with.
 */
export function nonlinearModesOf(
  config: Configuration, vectors: Float64Array, k: number, options: NonlinearModeOptions & { masses?: Float64Array } = {},
): NonlinearFromMode[] {
  const sys = nonlinearSystem(config, options.law);
  const dn = sys.d * sys.n;
  if (options.masses !== undefined) expectMasses('options.masses', options.masses, sys.n);
  // k = 1.5 gave two modes, NaN or −1 none, '2' was taken.
  expectInteger('k', k, 1);
  if (!(vectors instanceof Float64Array) || vectors.length < k * dn) {
    throw new ArgumentRangeError(`vectors: expected a Float64Array of k·d·N = ${k * dn} entries (lowestModes' vectors), got ${vectors instanceof Float64Array ? vectors.length : typeof vectors}`);
  }
  const out: NonlinearFromMode[] = [];
  for (let m = 0; m < k; m++) {
    const start = Float64Array.from(vectors.subarray(m * dn, (m + 1) * dn));
    if (options.masses !== undefined) for (let t = 0; t < dn; t++) start[t]! /= Math.sqrt(options.masses[Math.floor(t / sys.d)]!);
    const mode: NonlinearFromMode = { ...nonlinearMode(config, start, options, sys), from: m };
    const twin = out.find((o) => o.sameAs === undefined && Math.abs(dot(o.vector, mode.vector)) > SAME_MODE_OVERLAP);
    if (twin !== undefined) mode.sameAs = twin.from;
    out.push(mode);
  }
  return out;
}
