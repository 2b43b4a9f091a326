/**
 * How smoothly a pair law reaches zero at its cutoff: which of φ(r_c), φ'(r_c), …, φ''''(r_c)
 * vanish (docs/design.md §1, §10: the smoothing polynomial of `ipl` and `lj` makes φ and its first
 * q derivatives vanish at x_c).
 *
 * Why it matters. Where φ'(r_c) ≠ 0 — LAMMPS's `lj/cut`, shifted or not, is `lj` with
 * q = 0 — the force between two particles jumps by φ'(r_c) when they cross their cutoff.
 * Under athermal quasistatic shear the minimum then jumps at every crossing (by ~φ'(r_c)/k,
 * 1e-3 λ on a KA glass), and a jump of the minimized state is how an event is recognised
 * (lib/aqs), so the first crossing would be reported as the first plastic event while the
 * lowest eigenvalue stays far from zero. Where only φ'' jumps (q = 1) the forces, and so the
 * minimum, stay continuous and the Hessian jumps; q ≥ 2 (every preset) makes it continuous.
 * Harmonic quantities at a minimum (c_α, dc_α/dγ, modes) need no smoothness at r_c: no pair
 * sits exactly at its cutoff.
 */
import type { PairLaw } from './pair-law.js';
import { DERIVATIVE_NAMES, LAW_ORDER } from './pair-law.js';
import { ArgumentRangeError } from '../errors.js';

/** The distances, fractions of r_c, whose largest |φ^(k)| is the scale of φ^(k)(r_c): the body of the law, off its core and its cutoff. */
const SCALE_FRACTIONS: readonly number[] = Object.freeze([0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 0.95]);

/** A derivative φ^(k)(r_c) that does not vanish, with the pair and the cutoff where it was found. */
export interface CutoffJump {
  /** Keys of the pair: species codes, or the sizes σ_i, σ_j of a per-particle law. */
  a: number;
  b: number;
  /** k of φ^(k). */
  derivative: number;
  /** φ^(k)(r_c) (ε λ^{−k}). */
  value: number;
  /** r_c of the pair (λ). */
  cutoff: number;
}

/** What {@link cutoffSmoothness} finds. */
export interface CutoffSmoothness {
  /**
   * The number of leading derivatives φ, φ', …, φ^(order−1) that vanish at every pair's
   * cutoff, 0 … 5 (LAW_ORDER + 1): `lj`/`ipl` with smoothing order q have q + 1.
   * order ≥ 2: forces continuous; order ≥ 3: Hessian continuous.
   */
  order: number;
  /**
   * The first derivative that does not vanish, at the pair where it is largest relative to its
   * scale, the largest in value among pairs tied to 1e-9 in that (absent when order = 5).
   */
  jump?: CutoffJump;
}

/** Options of {@link cutoffSmoothness}. */
export interface CutoffSmoothnessOptions {
  /** Sizes whose pairs are examined for a per-particle law (default [1, 1.2]). */
  sizes?: readonly number[];
  /**
   * φ^(k)(r_c) vanishes when |φ^(k)(r_c)| ≤ tol · max |φ^(k)(f r_c)| over f in
   * 0.5 … 0.95 (SCALE_FRACTIONS); default 1e-9. The smoothing's own round-off is ~1e-15 of
   * that scale; an unsmoothed derivative is ≥ 1e-3 of it on every law we know.
   */
  tol?: number;
}

/**
 * The order of smoothness of `law` at its cutoffs (see the module doc), from the law's own
 * φ^(k) just inside r_c (r = r_c(1 − 1e-12)) on every species pair (a ≤ b), or on the pairs
 * of `sizes` for a per-particle law.
 */
export function cutoffSmoothness(law: PairLaw, options: CutoffSmoothnessOptions = {}): CutoffSmoothness {
  const tol = options.tol ?? 1e-9;
  const keys = law.perParticle ? [...(options.sizes ?? [1, 1.2])] : Array.from({ length: law.nSpecies }, (_, k) => k);
  const at = new Float64Array(LAW_ORDER + 1), sample = new Float64Array(LAW_ORDER + 1);
  let order = LAW_ORDER + 1;
  let jump: CutoffJump | undefined, jumpRelative = 0;
  for (let i = 0; i < keys.length; i++) {
    for (let j = i; j < keys.length; j++) {
      const a = keys[i]!, b = keys[j]!;
      const rc = law.cutoff(a, b);
      // Just inside r_c: a user's law may return zeros from r = r_c on. The offset moves
      // φ^(k) by ~φ^(k+1) r_c 1e-12, far below tol of its scale.
      law.radial(a, b, rc * (1 - 1e-12), at);
      const scale = new Float64Array(LAW_ORDER + 1);
      for (const f of SCALE_FRACTIONS) {
        law.radial(a, b, f * rc, sample);
        for (let k = 0; k <= LAW_ORDER; k++) scale[k] = Math.max(scale[k]!, Math.abs(sample[k]!));
      }
      for (let k = 0; k <= LAW_ORDER; k++) {
        const relative = scale[k]! > 0 ? Math.abs(at[k]!) / scale[k]! : (at[k] === 0 ? 0 : Infinity);
        if (relative <= tol) continue;
        // The largest relative jump; among pairs tied to rounding (a law of one shape scaled per
        // pair, as ipl, ka: every pair's relative jump is the same) the largest in value.
        const tie = k === order && Math.abs(relative - jumpRelative) <= 1e-9 * jumpRelative;
        if (k < order || (k === order && !tie && relative > jumpRelative) || (tie && Math.abs(at[k]!) > Math.abs(jump!.value))) {
          order = k;
          jump = { a, b, derivative: k, value: at[k]!, cutoff: rc };
          jumpRelative = relative;
        }
        break;
      }
    }
  }
  return jump === undefined ? { order } : { order, jump };
}

/** The smallest and largest of a glass's sizes σ_i: the pairs a per-particle law is examined on. */
export function extremeSizes(sizes: ArrayLike<number>): number[] {
  let lo = Infinity, hi = -Infinity;
  for (let p = 0; p < sizes.length; p++) { lo = Math.min(lo, sizes[p]!); hi = Math.max(hi, sizes[p]!); }
  return lo === hi ? [lo] : [lo, hi];
}

/** "species pair A–B" (with labels), "species pair (0, 1)", or "sizes (1, 1.2)" of a per-particle law. */
function pairName(law: PairLaw, jump: CutoffJump, labels?: readonly string[]): string {
  if (law.perParticle) return `sizes (${jump.a}, ${jump.b})`;
  const la = labels?.[jump.a], lb = labels?.[jump.b];
  return la !== undefined && lb !== undefined ? `species pair ${la}–${lb}` : `species pair (${jump.a}, ${jump.b})`;
}

/** One line for `softspot info`: which derivatives vanish at the cutoff and what that means. */
export function describeCutoffSmoothness(law: PairLaw, s: CutoffSmoothness, labels?: readonly string[]): string {
  if (s.jump === undefined) return `φ … φ'''' vanish at r_c (forces and Hessian continuous)`;
  const vanish = s.order === 0 ? 'nothing vanishes' : `${DERIVATIVE_NAMES.slice(0, s.order).join(', ')} vanish${s.order === 1 ? 'es' : ''}`;
  const j = s.jump;
  const found = `${DERIVATIVE_NAMES[j.derivative]}(r_c) = ${j.value.toPrecision(4)} (${pairName(law, j, labels)}, r_c = ${j.cutoff})`;
  const meaning = s.order < 2 ? 'the force jumps at the cutoff: AQS refuses this law (see aqs --allow-force-jumps)'
    : s.order === 2 ? 'forces continuous, the Hessian jumps at the cutoff' : 'forces and Hessian continuous';
  return `${vanish} at r_c, ${found}: ${meaning}`;
}

/**
 * Throws when the force of `law` does not vanish at the cutoff (order < 2), for athermal
 * quasistatic shear (see the module doc).
 * @param who  what the message names first, e.g. "model 'ka-lammps'".
 * @param allow  how the caller lets such a law through (named in the message).
 * @throws RangeError naming the law, the derivative, the pair, its value, why, and what to do.
 */
export function expectContinuousForce(law: PairLaw, who: string, allow: string, options: CutoffSmoothnessOptions & { labels?: readonly string[] } = {}): void {
  const s = cutoffSmoothness(law, options);
  if (s.order >= 2) return;
  const j = s.jump!;
  throw new ArgumentRangeError(`${who}: the pair force of law '${law.name}' does not vanish at the cutoff ` +
    `(${DERIVATIVE_NAMES[j.derivative]}(r_c) = ${j.value.toPrecision(4)} for ${pairName(law, j, options.labels)} at r_c = ${j.cutoff} λ; ` +
    `lj or ipl with q = 0, as LAMMPS's lj/cut). Under shear every pair that crosses its cutoff then makes the minimum jump, ` +
    'so the first crossing would be reported as the first plastic event while the lowest eigenvalue stays far from zero. ' +
    'Use a law whose force vanishes at the cutoff (q ≥ 1 in the model file; the presets have q ≥ 2, which keeps the Hessian continuous too) ' +
    `and minimize the glass under it (softspot minimize --model), or ${allow} to take every jump of the minimum as an event`);
}
