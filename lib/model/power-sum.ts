/**
 * Radial laws that are sums of powers, φ(r) = Σ_j C_j r^{p_j} for r < r_c (every built-in
 * law of docs/design.md §10 is one: `ipl`, `lj`, `poly`), and the smoothing polynomial that makes
 * φ and its first q derivatives vanish at the cutoff.
 *
 * Exact derivatives (no finite differences, any order):
 *   φ^(k)(r) = Σ_j C_j (p_j)_k r^{p_j − k},            (p)_k = p (p−1) … (p−k+1)
 *   A_k(u)   = (r⁻¹ d/dr)^k φ = Σ_j C_j Π_{i<k}(p_j − 2i) u^{p_j/2 − k},   u = r²
 * (A_k are the building blocks of the Cartesian tensors, ./tensors.ts).
 * Units: r in λ, C_j in ε λ^{−p_j}.
 */
import { portablePow } from '../portable/index.js';

/** One term C · r^p of a power sum. */
export interface PowerTerm {
  /** Exponent p (an integer; negative for the repulsive core). */
  readonly p: number;
  /** Coefficient C (ε λ^{−p}). */
  readonly C: number;
}

/** Falling factorial (p)_k = p (p−1) … (p−k+1); (p)_0 = 1. */
export function fallingFactorial(p: number, k: number): number {
  let f = 1;
  for (let i = 0; i < k; i++) f *= p - i;
  return f;
}

/**
 * φ^(k)(r), k = 0..order, of a power sum into out[0..order] (terms whose factor (p)_k is
 * 0 are skipped, so r^0 never meets 0·∞). The order of the operations is that of
 * ./radial.ts `radialDerivatives` so that the `ipl` law reproduces it bit for bit.
 */
export function powerSumDerivatives(terms: readonly PowerTerm[], r: number, order: number, out: Float64Array): Float64Array {
  for (let k = 0; k <= order; k++) {
    let s = 0;
    let first = true;
    for (const { p, C } of terms) {
      const f = fallingFactorial(p, k);
      if (f === 0) continue;
      const v = C * f * portablePow(r, p - k);
      s = first ? v : s + v;
      first = false;
    }
    out[k] = s;
  }
  return out;
}

/** u^m for an integer m by repeated multiplication (|m| ≤ 64), else portablePow(u, m). */
function intPow(u: number, m: number): number {
  if (Number.isInteger(m) && Math.abs(m) <= 64) {
    const b = m < 0 ? 1 / u : u;
    let v = 1;
    for (let i = Math.abs(m); i > 0; i--) v *= b;
    return v;
  }
  return portablePow(u, m);
}

/**
 * Coefficients of the reduced functions: A_k(u) = Σ_j a[k][j] u^{p_j/2 − k},
 * a[k][j] = C_j Π_{i<k}(p_j − 2i), k = 0..kmax.
 */
export function reducedCoefficients(terms: readonly PowerTerm[], kmax: number): Float64Array[] {
  const a: Float64Array[] = [];
  for (let k = 0; k <= kmax; k++) {
    a.push(Float64Array.from(terms, ({ p, C }) => {
      let f = 1;
      for (let i = 0; i < k; i++) f *= p - 2 * i;
      return C * f;
    }));
  }
  return a;
}

/** A_k(u), k = 0..kmax, of a power sum from `reducedCoefficients` into out[o..o+kmax]. */
export function powerSumReduced(
  terms: readonly PowerTerm[], coeffs: readonly Float64Array[], u: number, kmax: number, out: Float64Array, o: number,
): void {
  for (let k = 0; k <= kmax; k++) {
    const a = coeffs[k]!;
    let s = 0;
    for (let j = 0; j < terms.length; j++) if (a[j] !== 0) s += a[j]! * intPow(u, terms[j]!.p / 2 - k);
    out[o + k] = s;
  }
}

/**
 * The smoothing polynomial of a reduced core law f(x) = Σ_j C_j x^{p_j}: the unique
 * c_{2ℓ}, ℓ = 0..q, such that g(x) = f(x) + Σ_ℓ c_{2ℓ} x^{2ℓ} and its first q derivatives
 * vanish at x = x_c. The q+1 linear conditions
 *   Σ_ℓ c_{2ℓ} (2ℓ)_k x_c^{2ℓ−k} = −f^(k)(x_c),   k = 0..q,
 * multiplied by x_c^k and written for c'_ℓ = c_{2ℓ} x_c^{2ℓ}, have the integer matrix
 * M_kℓ = (2ℓ)_k (well conditioned for small q); they are solved by
 * Gaussian elimination with partial pivoting, then c_{2ℓ} = c'_ℓ x_c^{−2ℓ}.
 * (For f = x^{−n} the solution is the closed form Eq. S2 of the paper.)
 * @returns Float64Array(q+1): c_0, c_2, …, c_{2q} (dimensionless).
 */
export function smoothingBySolve(core: readonly PowerTerm[], q: number, xc: number): Float64Array {
  const m = q + 1;
  const A: number[][] = [];
  for (let k = 0; k <= q; k++) {
    const row: number[] = [];
    for (let l = 0; l <= q; l++) row.push(fallingFactorial(2 * l, k));
    let rhs = 0;
    for (const { p, C } of core) rhs -= C * fallingFactorial(p, k) * portablePow(xc, p);
    row.push(rhs);
    A.push(row);
  }
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r;
    [A[c], A[piv]] = [A[piv]!, A[c]!];
    for (let r = c + 1; r < m; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      if (f === 0) continue;
      for (let k = c; k <= m; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = A[r]![m]!;
    for (let k = r + 1; k < m; k++) s -= A[r]![k]! * x[k]!;
    x[r] = s / A[r]![r]!;
  }
  for (let l = 0; l <= q; l++) x[l] = x[l]! * portablePow(xc, -2 * l);
  return x;
}
