/**
 * The pair law as data (docs/design.md §10): the cutoff and the exact radial derivatives φ, φ',
 * φ'', φ''', φ'''' of each pair, zero beyond the cutoff. The predictor (docs/design.md §4–§7) uses
 * only these derivatives and the bond vector, so one interface serves every glass.
 *
 * A pair is named by two keys (a, b):
 * - species laws (`ipl`, `lj`, a user's law): a, b are species codes 0 … nSpecies−1;
 * - per-particle laws (`poly`, `perParticle: true`): a, b are the sizes σ_i, σ_j (λ).
 * A law is symmetric: cutoff(a, b) = cutoff(b, a) and radial(a, b, r) = radial(b, a, r).
 * Units: r and cutoffs in λ, φ^(k) in ε λ^{−k}.
 */
import { describe } from '../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Names of the derivatives φ^(k), k = 0..4, as used in messages. */
export const DERIVATIVE_NAMES = ['φ', "φ'", "φ''", "φ'''", "φ''''"] as const;

/** Number of derivatives a law gives beyond φ (φ' … φ''''). */
export const LAW_ORDER = 4;

/** A pair law (see the module doc). Built-in laws: ./laws.ts; presets: ./presets.ts. */
export interface PairLaw {
  /** Law name: 'ipl', 'lj', 'poly', or a user's name. */
  readonly name: string;
  /** Number of species the law knows (1 for a per-particle law). */
  readonly nSpecies: number;
  /** True when a pair is keyed by the particle sizes σ_i, σ_j instead of species codes. */
  readonly perParticle: boolean;
  /** Cutoff r_c (λ) of the pair (a, b): φ and its derivatives are 0 for r > r_c. */
  cutoff(a: number, b: number): number;
  /**
   * [φ, φ', φ'', φ''', φ''''](r) of the pair (a, b) at distance r > 0 (r ≤ r_c), written
   * to `out` (Float64Array(5), allocated when absent) and returned.
   */
  radial(a: number, b: number, r: number, out?: Float64Array): Float64Array;
}

/** Options of {@link checkPairLaw}. */
export interface CheckPairLawOptions {
  /** Distances sampled per pair, as fractions of r_c (default CHECK_FRACTIONS: 14 points in [0.3, 0.99]). */
  fractions?: readonly number[];
  /** Relative step h / r (default 1e-4; Richardson extrapolation with h and h/2). */
  step?: number;
  /**
   * Tolerance: |φ^(k) − FD(φ^(k−1))| ≤ tol · max_r |φ^(k)| over the samples of the pair in
   * the same window of r/r_c ([0, 0.5), [0.5, 0.9), [0.9, 1)) (default 1e-6).
   */
  tol?: number;
}

/**
 * Default sample distances of {@link checkPairLaw}, fractions of r_c: the first-neighbour
 * shell of a Lennard-Jones law cut at 2.5σ lies at 0.4–0.5 r_c, and the last per cent before
 * the cutoff is where smoothing polynomials act.
 */
export const CHECK_FRACTIONS: readonly number[] = Object.freeze([0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99]);

/**
 * The windows of r/r_c whose samples are compared with the largest |φ^(k)| of their own
 * window: a law's derivatives fall by orders of magnitude from the core to the cutoff, and
 * one scale for all would make the check blind where they are small.
 */
const CHECK_WINDOWS: readonly number[] = Object.freeze([0.5, 0.9]);
const windowOf = (f: number): number => CHECK_WINDOWS.filter((w) => f >= w).length;

/**
 * Checks a pair law before use: its shape (name, nSpecies, functions), finite positive
 * symmetric cutoffs, finite symmetric values, and each derivative φ^(k), k = 1..4,
 * against the central finite difference of φ^(k−1), Richardson-extrapolated:
 *   D(h) = (φ^(k−1)(r+h) − φ^(k−1)(r−h)) / 2h,   FD = (4 D(h/2) − D(h)) / 3   (error O(h⁴)),
 * on every species pair (a ≤ b) at r = f·r_c for f in `fractions`. Per-particle laws are
 * checked on the pairs of the sizes `sizes` (default [1, 1.2]).
 * @returns the law, unchanged.
 * @throws TypeError when the law is not a PairLaw; RangeError naming the derivative, the
 *   pair, the distance, the two values and what to fix when a check fails.
 */
export function checkPairLaw(law: unknown, options: CheckPairLawOptions & { sizes?: readonly number[] } = {}): PairLaw {
  if (typeof law !== 'object' || law === null) throw new ArgumentTypeError(`law: expected a PairLaw object, got ${describe(law)}`);
  const l = law as PairLaw;
  const who = `law '${String(l.name)}'`;
  if (typeof l.name !== 'string' || l.name === '') throw new ArgumentTypeError(`law.name: expected a non-empty string, got ${describe(l.name)}`);
  if (typeof l.cutoff !== 'function') throw new ArgumentTypeError(`${who}: expected cutoff(a, b) to be a function, got ${describe(l.cutoff)}`);
  if (typeof l.radial !== 'function') throw new ArgumentTypeError(`${who}: expected radial(a, b, r, out) to be a function, got ${describe(l.radial)}`);
  if (typeof l.perParticle !== 'boolean') throw new ArgumentTypeError(`${who}: expected perParticle to be a boolean, got ${describe(l.perParticle)}`);
  if (!Number.isInteger(l.nSpecies) || l.nSpecies < 1 || l.nSpecies > 16) {
    throw new ArgumentRangeError(`${who}: expected nSpecies to be an integer in [1, 16], got ${describe(l.nSpecies)}`);
  }
  const fractions = options.fractions ?? CHECK_FRACTIONS;
  const step = options.step ?? 1e-4;
  const tol = options.tol ?? 1e-6;
  const keys = l.perParticle ? [...(options.sizes ?? [1, 1.2])] : Array.from({ length: l.nSpecies }, (_, k) => k);
  const pairName = (a: number, b: number): string => (l.perParticle ? `sizes (${a}, ${b})` : `species pair (${a}, ${b})`);
  const values = (a: number, b: number, r: number): Float64Array => {
    const v = l.radial(a, b, r, new Float64Array(LAW_ORDER + 1));
    if (!(v instanceof Float64Array) || v.length < LAW_ORDER + 1) {
      throw new ArgumentTypeError(`${who}: radial(${a}, ${b}, ${r}) must return a Float64Array of length 5 [φ, φ', φ'', φ''', φ''''], got ${describe(v)}`);
    }
    for (let k = 0; k <= LAW_ORDER; k++) {
      if (!Number.isFinite(v[k])) {
        throw new ArgumentRangeError(`${who}: ${DERIVATIVE_NAMES[k]} of ${pairName(a, b)} at r = ${r} is ${v[k]}; ` +
          'radial() must give finite values for 0.3 r_c ≤ r < r_c');
      }
    }
    return v;
  };
  for (let ia = 0; ia < keys.length; ia++) {
    for (let ib = ia; ib < keys.length; ib++) {
      const a = keys[ia]!, b = keys[ib]!;
      const rc = l.cutoff(a, b);
      if (typeof rc !== 'number' || !(rc > 0) || !Number.isFinite(rc)) {
        throw new ArgumentRangeError(`${who}: cutoff(${a}, ${b}) must be a finite number > 0, got ${describe(rc)}`);
      }
      if (l.cutoff(b, a) !== rc) {
        throw new ArgumentRangeError(`${who}: cutoff(${a}, ${b}) = ${rc} but cutoff(${b}, ${a}) = ${l.cutoff(b, a)}; a pair law must be symmetric`);
      }
      const rs = fractions.map((f) => f * rc);
      const vals = rs.map((r) => Float64Array.from(values(a, b, r)));
      for (let m = 0; m < rs.length; m++) {
        const swapped = values(b, a, rs[m]!);
        for (let k = 0; k <= LAW_ORDER; k++) {
          if (swapped[k] !== vals[m]![k]) {
            throw new ArgumentRangeError(`${who}: ${DERIVATIVE_NAMES[k]} at r = ${rs[m]} differs between ${pairName(a, b)} (${vals[m]![k]}) ` +
              `and ${pairName(b, a)} (${swapped[k]}); a pair law must be symmetric`);
          }
        }
      }
      for (let k = 1; k <= LAW_ORDER; k++) {
        const scales = new Map<number, number>();
        vals.forEach((v, m) => { const w = windowOf(fractions[m]!); scales.set(w, Math.max(scales.get(w) ?? 0, Math.abs(v[k]!))); });
        for (let m = 0; m < rs.length; m++) {
          const r = rs[m]!;
          const scale = scales.get(windowOf(fractions[m]!))!;
          const fd = richardson((x) => values(a, b, x)[k - 1]!, r, step * r);
          const got = vals[m]![k]!;
          const err = Math.abs(got - fd);
          if (!(err <= tol * scale)) {
            throw new ArgumentRangeError(`${who}: ${DERIVATIVE_NAMES[k]} of ${pairName(a, b)} at r = ${r} disagrees with the central ` +
              `finite difference of ${DERIVATIVE_NAMES[k - 1]}: radial() gives ${got}, the finite difference ${fd} ` +
              `(error ${err.toExponential(2)} > ${tol} × ${scale.toExponential(2)}); fix out[${k}] of radial() ` +
              `(or out[${k - 1}] if that one is wrong): each entry must be the r-derivative of the previous one`);
          }
        }
      }
    }
  }
  return l;
}

/** Richardson-extrapolated central difference of f at r with step h: (4 D(h/2) − D(h)) / 3. */
export function richardson(f: (r: number) => number, r: number, h: number): number {
  const d1 = (f(r + h) - f(r - h)) / (2 * h);
  const d2 = (f(r + h / 2) - f(r - h / 2)) / h;
  return (4 * d2 - d1) / 3;
}
