/**
 * The pair law as data: the smoothed inverse-power-law (IPL) binary mixture of the paper
 * (Supplemental Material Eqs. S1, S2; docs/design.md §1).
 *
 *   φ_ij(r) = ε [ (λ_ij/r)^n + Σ_{ℓ=0..q} c_{2ℓ} (r/λ_ij)^{2ℓ} ]   for r < x_c λ_ij, else 0
 *   c_{2ℓ} = (−1)^{ℓ+1} / ((2q−2ℓ)!! (2ℓ)!!) · (n+2q)!! / ((n−2)!! (n+2ℓ)) · x_c^{−(n+2ℓ)}   (S2)
 *
 * so that φ and its first q derivatives vanish at r = x_c λ_ij.
 * Units: lengths in λ (= λ_SS), energies in ε.
 *
 * Species-pair "type" index: t = s_i·nSpecies + s_j (tables are symmetric in s_i, s_j).
 * Per type the model stores the coefficients of φ as a function of r² so that the hot
 * loops evaluate a power and a short Horner polynomial:
 *   φ(r)   = ipl_t · (r²)^{−n/2} + Σ_ℓ poly_{t,ℓ} (r²)^ℓ,
 *   ipl_t  = ε λ_t^n,   poly_{t,ℓ} = ε c_{2ℓ} λ_t^{−2ℓ}.
 */
import { portablePow } from '../portable/index.js';
import { expectNumber, describe } from '../validate.js';
import type { PairLaw } from './pair-law.js';
import { iplLawFromTables } from './laws.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Highest k of the precomputed reduced radial functions A_k (enough for ∇⁴φ). */
export const RADIAL_ORDER = 4;

/** User-facing parameters of the model (plain data). */
export interface ModelParams {
  /** IPL exponent n (integer ≥ 1; default 10). */
  n: number;
  /** Number of vanishing derivatives at the cutoff q (integer ≥ 0; default 4). */
  q: number;
  /** Dimensionless cutoff x_c (> 1; default 1.6). */
  xc: number;
  /** Energy scale ε (default 1). */
  epsilon: number;
  /** Number density N/V (default 0.86), used by preparation code. */
  density: number;
  /** Symmetric table λ[s_i][s_j] of interaction lengths (default [[1,1.18],[1.18,1.4]]). */
  lambda: ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * A_k(u), k = 0..kmax, of pair type t at u = r² into out[o..o+kmax]; zero for u ≥ r_c².
 * The hot path of a law other than `ipl` (no validation).
 */
export type ReducedRadialFn = (t: number, u: number, kmax: number, out: Float64Array, o: number) => void;

/**
 * The model with derived per-species-pair tables. Treat as immutable.
 *
 * Every model carries its pair law (`law`, docs/design.md §10). The `ipl` model (makeModel) fills
 * the IPL tables below, which the kernels evaluate inline; a model of another species law
 * (./law-model.ts `makeLawModel`) has `reduced` set, NaN in the IPL-only fields (n, xc,
 * epsilon, lambda, c, ipl, poly, aIpl, aPoly) and `params` undefined.
 */
export interface Model {
  /** The pair law (species law: pairs keyed by species codes). */
  readonly law: PairLaw;
  /** Hot-path A_k of a non-`ipl` law; undefined for the `ipl` tables. */
  readonly reduced: ReducedRadialFn | undefined;
  readonly n: number;
  readonly q: number;
  readonly xc: number;
  readonly epsilon: number;
  readonly density: number;
  /** Number of species (rows of the λ table). */
  readonly nSpecies: number;
  /** λ per pair type t = s_i·nSpecies + s_j, length nSpecies². */
  readonly lambda: Float64Array;
  /** Dimensionless c_{2ℓ}, ℓ = 0..q (Eq. S2); same for every pair type. */
  readonly c: Float64Array;
  /** Cutoff r_c = x_c λ_t per type. */
  readonly cutoff: Float64Array;
  /** r_c² per type. */
  readonly cutoff2: Float64Array;
  /** max_t r_c: the radius a neighbour search must cover. */
  readonly maxCutoff: number;
  /** ε λ_t^n per type. */
  readonly ipl: Float64Array;
  /** ε c_{2ℓ} λ_t^{−2ℓ}, index t·(q+1) + ℓ. */
  readonly poly: Float64Array;
  /**
   * Coefficients of the reduced radial functions A_k = (r⁻¹ d/dr)^k φ, k = 0..RADIAL_ORDER,
   * as functions of u = r²:  A_k(u) = aIpl[t·K1+k] · u^{−n/2−k} + Σ_{m=0..q−k} aPoly[(t·K1+k)·(q+1)+m] · u^m
   * with K1 = RADIAL_ORDER + 1, aIpl = ε λ^n Π_{i<k}(−n−2i),
   * aPoly[..+m] = ε c_{2(m+k)} λ^{−2(m+k)} Π_{i<k}(2(m+k)−2i).
   */
  readonly aIpl: Float64Array;
  /** See `aIpl`. */
  readonly aPoly: Float64Array;
  /** The `ipl` parameters this model was made from (copied); undefined for other laws. */
  readonly params: Readonly<ModelParams> | undefined;
}

/** The paper's parameters (S1–S2): n = 10, q = 4, x_c = 1.6, λ = [[1,1.18],[1.18,1.4]]. */
export const DEFAULT_MODEL_PARAMS: Readonly<ModelParams> = Object.freeze({
  n: 10,
  q: 4,
  xc: 1.6,
  epsilon: 1,
  density: 0.86,
  lambda: Object.freeze([Object.freeze([1, 1.18]), Object.freeze([1.18, 1.4])]),
});

/** k!! for integer k ≥ −1, with 0!! = (−1)!! = 1. */
export function doubleFactorial(k: number): number {
  let f = 1;
  for (let m = k; m > 1; m -= 2) f *= m;
  return f;
}

/**
 * c_{2ℓ} for ℓ = 0..q from Eq. S2 (double factorials; exact for integer n, q).
 * @returns Float64Array(q+1), dimensionless.
 */
export function smoothingCoefficients(n: number, q: number, xc: number): Float64Array {
  const c = new Float64Array(q + 1);
  const common = doubleFactorial(n + 2 * q) / doubleFactorial(n - 2);
  for (let l = 0; l <= q; l++) {
    const sign = l % 2 === 0 ? -1 : 1; // (−1)^{ℓ+1}
    c[l] =
      (sign / (doubleFactorial(2 * q - 2 * l) * doubleFactorial(2 * l))) *
      (common / (n + 2 * l)) *
      portablePow(xc, -(n + 2 * l));
  }
  return c;
}

/**
 * Builds a Model from parameters (missing ones take DEFAULT_MODEL_PARAMS), validating them
 * and precomputing per-pair-type cutoffs and r²-polynomial coefficients.
 * @throws TypeError / RangeError naming the offending parameter.
 */
export function makeModel(params: Partial<ModelParams> = {}): Model {
  if (typeof params !== 'object' || params === null) {
    throw new ArgumentTypeError(`params: expected object, got ${describe(params)}`);
  }
  const p: ModelParams = { ...DEFAULT_MODEL_PARAMS, ...params };
  const n = expectNumber('params.n', p.n, { integer: true, min: 1 });
  const q = expectNumber('params.q', p.q, { integer: true, min: 0, max: 32 });
  const xc = expectNumber('params.xc', p.xc, { min: 1, exclusiveMin: true });
  const epsilon = expectNumber('params.epsilon', p.epsilon, { min: 0, exclusiveMin: true });
  const density = expectNumber('params.density', p.density, { min: 0, exclusiveMin: true });
  if (!Array.isArray(p.lambda)) {
    throw new ArgumentTypeError(`params.lambda: expected square array of arrays, got ${describe(p.lambda)}`);
  }
  const ns = p.lambda.length;
  if (ns < 1 || ns > 16) {
    throw new ArgumentRangeError(`params.lambda: expected 1..16 species, got ${ns}`);
  }
  const lambda = new Float64Array(ns * ns);
  for (let a = 0; a < ns; a++) {
    const row = p.lambda[a];
    if (!Array.isArray(row) || row.length !== ns) {
      throw new ArgumentRangeError(`params.lambda[${a}]: expected array of length ${ns}, got ${describe(row)}`);
    }
    for (let b = 0; b < ns; b++) {
      lambda[a * ns + b] = expectNumber(`params.lambda[${a}][${b}]`, row[b], { min: 0, exclusiveMin: true });
    }
  }
  for (let a = 0; a < ns; a++) {
    for (let b = 0; b < a; b++) {
      if (lambda[a * ns + b] !== lambda[b * ns + a]) {
        throw new ArgumentRangeError(
          `params.lambda: expected symmetric table, got λ[${a}][${b}] = ${lambda[a * ns + b]} ≠ λ[${b}][${a}] = ${lambda[b * ns + a]}`,
        );
      }
    }
  }
  const c = smoothingCoefficients(n, q, xc);
  const nt = ns * ns;
  const cutoff = new Float64Array(nt);
  const cutoff2 = new Float64Array(nt);
  const ipl = new Float64Array(nt);
  const poly = new Float64Array(nt * (q + 1));
  const K1 = RADIAL_ORDER + 1;
  const aIpl = new Float64Array(nt * K1);
  const aPoly = new Float64Array(nt * K1 * (q + 1));
  let maxCutoff = 0;
  for (let t = 0; t < nt; t++) {
    const lam = lambda[t];
    cutoff[t] = xc * lam;
    cutoff2[t] = cutoff[t] * cutoff[t];
    maxCutoff = Math.max(maxCutoff, cutoff[t]);
    ipl[t] = epsilon * portablePow(lam, n);
    for (let l = 0; l <= q; l++) poly[t * (q + 1) + l] = epsilon * c[l] * portablePow(lam, -2 * l);
    for (let k = 0; k < K1; k++) {
      let pk = 1;
      for (let i = 0; i < k; i++) pk *= -n - 2 * i;
      aIpl[t * K1 + k] = ipl[t] * pk;
      for (let l = k; l <= q; l++) {
        let f = 1;
        for (let i = 0; i < k; i++) f *= 2 * l - 2 * i;
        aPoly[(t * K1 + k) * (q + 1) + (l - k)] = poly[t * (q + 1) + l] * f;
      }
    }
  }
  const copy: ModelParams = {
    n, q, xc, epsilon, density,
    lambda: Object.freeze(p.lambda.map((row) => Object.freeze([...row]))),
  };
  const law = iplLawFromTables(copy, ns, ipl, poly, cutoff);
  return Object.freeze({
    law, reduced: undefined,
    n, q, xc, epsilon, density, nSpecies: ns, lambda, c, cutoff, cutoff2, maxCutoff, ipl, poly, aIpl, aPoly,
    params: Object.freeze(copy),
  });
}

/** The paper's model (docs/design.md §1). */
export const DEFAULT_MODEL: Model = makeModel();

/** Pair type index t = s_i·nSpecies + s_j. */
export function pairType(model: Model, si: number, sj: number): number {
  return si * model.nSpecies + sj;
}
