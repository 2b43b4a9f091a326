/**
 * Eigenvalues of a symmetric tridiagonal matrix T (diagonal d_0…d_{m−1}, off-diagonal
 * e_0…e_{m−2} with e_i = T[i, i+1]) and the LAST component of each unit eigenvector, by
 * implicit QL with Wilkinson shifts (tql2 of EISPACK) applying the rotations to one row
 * of the eigenvector matrix only: O(m²) instead of O(m³). For a Lanczos relation
 * A Q = Q T + β q_{m+1} e_mᵀ the residual of Ritz pair i is |β · last_i| (Golub–Welsch /
 * Paige's estimate), which is all lanczos.ts needs to decide when to form Ritz vectors.
 *
 * Output order is that of the QL iteration (not sorted). `d` and `e` are not modified.
 */
export function tridiagonalEigenLast(d: ArrayLike<number>, e: ArrayLike<number>, m: number, values: Float64Array, last: Float64Array): void {
  const w = values, z = last, f = new Float64Array(m);
  for (let i = 0; i < m; i++) { w[i] = d[i]; z[i] = i === m - 1 ? 1 : 0; }
  for (let i = 0; i + 1 < m; i++) f[i] = e[i];
  if (m > 0) f[m - 1] = 0;
  const EPS = 2.220446049250313e-16;
  for (let l = 0; l < m; l++) {
    for (let iter = 0; ; iter++) {
      let mm = l;
      for (; mm < m - 1; mm++) {
        const dd = Math.abs(w[mm]) + Math.abs(w[mm + 1]);
        if (Math.abs(f[mm]) <= EPS * dd) break;
      }
      if (mm === l) break;
      if (iter === 100) throw new Error(`tridiagonalEigenLast: no convergence at row ${l} of ${m} after 100 QL iterations`);
      let g = (w[l + 1] - w[l]) / (2 * f[l]);
      let r = Math.hypot(g, 1);
      g = w[mm] - w[l] + f[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = mm - 1;
      let underflow = false;
      for (; i >= l; i--) {
        let ff = s * f[i];
        const b = c * f[i];
        r = Math.hypot(ff, g);
        f[i + 1] = r;
        if (r === 0) { w[i + 1] -= p; f[mm] = 0; underflow = true; break; }
        s = ff / r; c = g / r;
        g = w[i + 1] - p;
        r = (w[i] - g) * s + 2 * c * b;
        p = s * r;
        w[i + 1] = g + p;
        g = c * r - b;
        ff = z[i + 1];
        z[i + 1] = s * z[i] + c * ff;
        z[i] = c * z[i] - s * ff;
      }
      if (underflow) continue;
      w[l] -= p; f[l] = g; f[mm] = 0;
    }
  }
}
