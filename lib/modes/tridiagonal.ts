/**
 * Eigen-decomposition of a symmetric tridiagonal matrix T (diagonal d_0…d_{m−1},
 * off-diagonal e_0…e_{m−2} with e_i = T[i, i+1]) by implicit QL with Wilkinson shifts
 * (tql2 of EISPACK). The rotations are applied to `rows` rows of the eigenvector matrix:
 *
 * - tridiagonalEigenLast: the LAST row only (the last component of each unit eigenvector),
 *   O(m²) instead of O(m³). For a Lanczos relation A Q = Q T + β q_{m+1} e_mᵀ the residual
 *   of Ritz pair i is |β · last_i| (Paige's estimate), which is all lanczos.ts needs to
 *   decide when to form Ritz vectors.
 * - tridiagonalEigen: all rows, Z (row-major m×m, column i = unit eigenvector of values[i]).
 *
 * Output order is that of the QL iteration (not sorted). `d` and `e` are not modified.
 */
export function tridiagonalEigenLast(d: ArrayLike<number>, e: ArrayLike<number>, m: number, values: Float64Array, last: Float64Array): void {
  for (let i = 0; i < m; i++) last[i] = i === m - 1 ? 1 : 0;
  ql(d, e, m, values, last, 1);
}

export function tridiagonalEigen(d: ArrayLike<number>, e: ArrayLike<number>, m: number, values: Float64Array, Z: Float64Array): void {
  Z.fill(0, 0, m * m);
  for (let i = 0; i < m; i++) Z[i * m + i] = 1;
  ql(d, e, m, values, Z, m);
}

/** QL on (d, e) into w; rotations applied to the `rows` rows of z (row-major, m columns). */
function ql(d: ArrayLike<number>, e: ArrayLike<number>, m: number, w: Float64Array, z: Float64Array, rows: number): void {
  const f = new Float64Array(m);
  for (let i = 0; i < m; i++) w[i] = d[i];
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
      if (iter === 100) throw new Error(`tridiagonal QL: no convergence at row ${l} of ${m} after 100 QL iterations`);
      let g = (w[l + 1] - w[l]) / (2 * f[l]);
      let r = Math.sqrt(g * g + 1);
      g = w[mm] - w[l] + f[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = mm - 1;
      let underflow = false;
      for (; i >= l; i--) {
        let ff = s * f[i];
        const b = c * f[i];
        r = Math.abs(ff) > Math.abs(g) ? Math.abs(ff) * Math.sqrt(1 + (g / ff) ** 2) : g === 0 ? 0 : Math.abs(g) * Math.sqrt(1 + (ff / g) ** 2);
        f[i + 1] = r;
        if (r === 0) { w[i + 1] -= p; f[mm] = 0; underflow = true; break; }
        s = ff / r; c = g / r;
        g = w[i + 1] - p;
        r = (w[i] - g) * s + 2 * c * b;
        p = s * r;
        w[i + 1] = g + p;
        g = c * r - b;
        for (let k = 0; k < rows; k++) {
          const o = k * m;
          ff = z[o + i + 1];
          z[o + i + 1] = s * z[o + i] + c * ff;
          z[o + i] = c * z[o + i] - s * ff;
        }
      }
      if (underflow) continue;
      w[l] -= p; f[l] = g; f[mm] = 0;
    }
  }
}
