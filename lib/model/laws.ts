/**
 * The built-in pair laws of docs/design.md §10, each a sum of powers (./power-sum.ts) with exact
 * derivatives to any order:
 *
 * - `ipl` (paper Eqs. S1–S2): φ_ab(r) = ε[(λ_ab/r)^n + Σ_{ℓ=0..q} c_{2ℓ}(r/λ_ab)^{2ℓ}], r < x_c λ_ab,
 *   c_{2ℓ} from the closed form S2 (./model.ts `smoothingCoefficients`).
 * - `lj`: φ_ab(r) = 4ε_ab[(σ_ab/r)¹² − (σ_ab/r)⁶] + ε_ab Σ_{ℓ=0..q} c_{2ℓ}(r/σ_ab)^{2ℓ}, r < x_c σ_ab,
 *   c_{2ℓ} solved so that φ and its first q derivatives vanish at x_c (`smoothingBySolve`).
 * - `poly` (per particle): σ_ij = ½(σ_i + σ_j)(1 − 0.2|σ_i − σ_j|),
 *   φ = ε[(σ_ij/r)¹² + c0 + c2(r/σ_ij)² + c4(r/σ_ij)⁴], r < 1.25 σ_ij; c0, c2, c4 solved
 *   (q = 2; docs/design.md §10 quotes c0 = −28/1.25¹², c2 = 48/1.25¹⁴, c4 = −21/1.25¹⁶).
 * Units: lengths in λ, energies in ε.
 */
import { portablePow } from '../portable/index.js';
import { describe, expectNumber } from '../validate.js';
import type { PairLaw } from './pair-law.js';
import { powerSumDerivatives, powerSumReduced, reducedCoefficients, smoothingBySolve, type PowerTerm } from './power-sum.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/**
 * A species law given per pair type t = a·nSpecies + b by a power sum; carries the hot
 * path `reduced` (A_k(u), ./radial.ts) used by the 2D kernels.
 */
export interface PowerSumLaw extends PairLaw {
  /** Power-sum terms per pair type t = a·nSpecies + b. */
  readonly terms: readonly (readonly PowerTerm[])[];
  /** Cutoff per pair type. */
  readonly cutoffs: Float64Array;
  /** A_k(u), k = 0..kmax, of pair type t at u = r² < r_c², into out[o..o+kmax]. No validation. */
  reduced(t: number, u: number, kmax: number, out: Float64Array, o: number): void;
  /** The parameters the law was made from (plain data, as `--model params.json` would hold them). */
  readonly params: Readonly<Record<string, unknown>>;
}

function speciesPowerLaw(
  name: string, nSpecies: number, terms: PowerTerm[][], cutoffs: Float64Array, params: Record<string, unknown>,
): PowerSumLaw {
  const coeffs = terms.map((t) => reducedCoefficients(t, 4));
  const check = (a: number, b: number): number => {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= nSpecies || b >= nSpecies) {
      throw new ArgumentRangeError(`${name}: expected species codes in [0, ${nSpecies - 1}], got (${describe(a)}, ${describe(b)})`);
    }
    return a * nSpecies + b;
  };
  return Object.freeze({
    name, nSpecies, perParticle: false, terms, cutoffs, params: Object.freeze(params),
    cutoff: (a: number, b: number): number => cutoffs[check(a, b)]!,
    radial(a: number, b: number, r: number, out?: Float64Array): Float64Array {
      const t = check(a, b);
      const res = out ?? new Float64Array(5);
      if (r > cutoffs[t]!) return res.fill(0, 0, 5);
      return powerSumDerivatives(terms[t]!, r, 4, res);
    },
    reduced(t: number, u: number, kmax: number, out: Float64Array, o: number): void {
      if (u >= cutoffs[t]! * cutoffs[t]!) {
        for (let k = 0; k <= kmax; k++) out[o + k] = 0;
        return;
      }
      powerSumReduced(terms[t]!, coeffs[t]!, u, kmax, out, o);
    },
  });
}

function squareTable(name: string, table: unknown, ns?: number): Float64Array {
  if (!Array.isArray(table) || table.length < 1 || table.length > 16) {
    throw new ArgumentTypeError(`${name}: expected a square array of 1…16 arrays of numbers, got ${describe(table)}`);
  }
  const n = ns ?? table.length;
  if (table.length !== n) throw new ArgumentRangeError(`${name}: expected ${n} rows, got ${table.length}`);
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const row: unknown = table[a];
    if (!Array.isArray(row) || row.length !== n) throw new ArgumentRangeError(`${name}[${a}]: expected an array of ${n} numbers, got ${describe(row)}`);
    for (let b = 0; b < n; b++) out[a * n + b] = expectNumber(`${name}[${a}][${b}]`, row[b], { min: 0, exclusiveMin: true });
  }
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) {
      if (out[a * n + b] !== out[b * n + a]) {
        throw new ArgumentRangeError(`${name}: expected a symmetric table, got [${a}][${b}] = ${out[a * n + b]} ≠ [${b}][${a}] = ${out[b * n + a]}`);
      }
    }
  }
  return out;
}

/** Parameters of the `ipl` law (defaults: the paper's, docs/design.md §1). */
export interface IplLawParams {
  n: number;
  q: number;
  xc: number;
  epsilon: number;
  lambda: ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * The `ipl` law from its parameters and its Eq. S2 coefficients `c` (./model.ts builds
 * both; pass them through `makeModel`). Terms per type: (−n, ε λ^n), (2ℓ, ε c_{2ℓ} λ^{−2ℓ}),
 * the very numbers of Model.ipl / Model.poly, so `radial` equals ./radial.ts
 * `radialDerivatives` bit for bit.
 */
export function iplLawFromTables(
  p: IplLawParams, nSpecies: number, ipl: Float64Array, poly: Float64Array, cutoff: Float64Array,
): PowerSumLaw {
  const terms: PowerTerm[][] = [];
  for (let t = 0; t < nSpecies * nSpecies; t++) {
    const tt: PowerTerm[] = [{ p: -p.n, C: ipl[t]! }];
    for (let l = 0; l <= p.q; l++) tt.push({ p: 2 * l, C: poly[t * (p.q + 1) + l]! });
    terms.push(tt);
  }
  return speciesPowerLaw('ipl', nSpecies, terms, Float64Array.from(cutoff),
    { law: 'ipl', n: p.n, q: p.q, xc: p.xc, epsilon: p.epsilon, lambda: p.lambda.map((r) => [...r]) });
}

/** Parameters of the `lj` law (docs/design.md §10; Kob–Andersen values in ./presets.ts). */
export interface LjLawParams {
  /** Symmetric table ε_ab (ε). */
  epsilon: ReadonlyArray<ReadonlyArray<number>>;
  /** Symmetric table σ_ab (λ = σ_AA). */
  sigma: ReadonlyArray<ReadonlyArray<number>>;
  /** Number of vanishing derivatives at the cutoff (default 3). */
  q?: number;
  /** Dimensionless cutoff x_c (default 2.5). */
  xc?: number;
}

/** The LJ core 4(x⁻¹² − x⁻⁶) whose smoothing `ljSmoothing` solves for. */
export const LJ_CORE: readonly PowerTerm[] = Object.freeze([{ p: -12, C: 4 }, { p: -6, C: -4 }]);

/** c_{2ℓ}, ℓ = 0..q, of the smoothed LJ law (solved, docs/design.md §10). */
export function ljSmoothing(q: number, xc: number): Float64Array {
  return smoothingBySolve(LJ_CORE, q, xc);
}

/** The smoothed Lennard-Jones law `lj` (see the module doc). */
export function ljLaw(params: LjLawParams): PowerSumLaw {
  if (typeof params !== 'object' || params === null) throw new ArgumentTypeError(`params: expected an object, got ${describe(params)}`);
  const eps = squareTable('params.epsilon', params.epsilon);
  const ns = Math.round(Math.sqrt(eps.length));
  const sig = squareTable('params.sigma', params.sigma, ns);
  const q = expectNumber('params.q', params.q ?? 3, { integer: true, min: 0, max: 16 });
  const xc = expectNumber('params.xc', params.xc ?? 2.5, { min: 1, exclusiveMin: true });
  const c = ljSmoothing(q, xc);
  const terms: PowerTerm[][] = [];
  const cutoffs = new Float64Array(ns * ns);
  for (let t = 0; t < ns * ns; t++) {
    const e = eps[t]!, s = sig[t]!;
    const tt: PowerTerm[] = [{ p: -12, C: 4 * e * portablePow(s, 12) }, { p: -6, C: -4 * e * portablePow(s, 6) }];
    for (let l = 0; l <= q; l++) tt.push({ p: 2 * l, C: e * c[l]! * portablePow(s, -2 * l) });
    terms.push(tt);
    cutoffs[t] = xc * s;
  }
  return speciesPowerLaw('lj', ns, terms, cutoffs, {
    law: 'lj', q, xc,
    epsilon: params.epsilon.map((r) => [...r]), sigma: params.sigma.map((r) => [...r]),
  });
}

/** docs/design.md §10 `poly` constants: x_c = 1.25, q = 2, size rule factor 0.2. */
export const POLY_XC = 1.25;
export const POLY_Q = 2;
export const POLY_NONADDITIVITY = 0.2;

/** Smoothing c0, c2, c4 of `poly` (solved; docs/design.md §10 quotes −28/1.25¹², 48/1.25¹⁴, −21/1.25¹⁶). */
export function polySmoothing(): Float64Array {
  return smoothingBySolve([{ p: -12, C: 1 }], POLY_Q, POLY_XC);
}

/** σ_ij = ½(σ_i + σ_j)(1 − 0.2|σ_i − σ_j|) (λ). */
export function polyPairSize(si: number, sj: number): number {
  return 0.5 * (si + sj) * (1 - POLY_NONADDITIVITY * Math.abs(si - sj));
}

/** A per-particle law: pairs keyed by the sizes (σ_i, σ_j). */
export interface PolyLaw extends PairLaw {
  readonly perParticle: true;
  /** Dimensionless smoothing c0, c2, c4. */
  readonly c: Float64Array;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The polydisperse law `poly` (see the module doc); ε = 1 by default.
 * cutoff(σ_i, σ_j) = 1.25 σ_ij; radial(σ_i, σ_j, r) its derivatives.
 */
export function polyLaw(params: { epsilon?: number } = {}): PolyLaw {
  const epsilon = expectNumber('params.epsilon', params.epsilon ?? 1, { min: 0, exclusiveMin: true });
  const c = polySmoothing();
  const size = (si: number, sj: number): number => {
    expectNumber('σ_i', si, { min: 0, exclusiveMin: true });
    expectNumber('σ_j', sj, { min: 0, exclusiveMin: true });
    return polyPairSize(si, sj);
  };
  return Object.freeze({
    name: 'poly', nSpecies: 1, perParticle: true as const, c, params: Object.freeze({ law: 'poly', epsilon }),
    cutoff: (si: number, sj: number): number => POLY_XC * size(si, sj),
    radial(si: number, sj: number, r: number, out?: Float64Array): Float64Array {
      const s = size(si, sj);
      const res = out ?? new Float64Array(5);
      if (r > POLY_XC * s) return res.fill(0, 0, 5);
      const terms: PowerTerm[] = [{ p: -12, C: epsilon * portablePow(s, 12) }];
      for (let l = 0; l <= POLY_Q; l++) terms.push({ p: 2 * l, C: epsilon * c[l]! * portablePow(s, -2 * l) });
      return powerSumDerivatives(terms, r, 4, res);
    },
  });
}
