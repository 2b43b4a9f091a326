/**
 * Quantile function of the standard normal distribution, Φ⁻¹(p), by P. J. Acklam's
 * rational approximation ("An algorithm for computing the inverse normal cumulative
 * distribution function", 2003; relative error < 1.2e-9 over (0, 1)): a rational
 * function in q = p − 1/2 for
 * 0.02425 ≤ p ≤ 0.97575, and in √(−2 ln p) (or √(−2 ln(1 − p))) in the tails.
 * Used for normal-approximation intervals α̂ ± Φ⁻¹((1 + level)/2)·se.
 */
import { ArgumentRangeError } from '../errors.js';
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p) for p ∈ (0, 1); RangeError otherwise. */
export function normalQuantile(p: number): number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) throw new ArgumentRangeError(`p: expected a probability in (0, 1), got ${p}`);
  const tail = (r: number): number => {
    const s = Math.sqrt(-2 * Math.log(r));
    return (((((C[0] * s + C[1]) * s + C[2]) * s + C[3]) * s + C[4]) * s + C[5]) / ((((D[0] * s + D[1]) * s + D[2]) * s + D[3]) * s + 1);
  };
  if (p < P_LOW) return tail(p);
  if (p > 1 - P_LOW) return -tail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}
