/**
 * Dense kernels on a basis stored flat: Q is a Float64Array holding columns q_0, q_1, …
 * of length n one after another (column-major n × count). Four columns per sweep, so a
 * vector w of the same length is read once per four columns rather than once per column
 * (the Lanczos reorthogonalization of lanczos.ts is memory-bound at n = 2·10⁴).
 */

/**
 * Classical Gram–Schmidt against the first `count` columns of Q: c = Qᵀ w, then
 * w ← w − Q c; adds c to `coeff` (length ≥ count). Returns |w|² after the update.
 */
export function projectOut(Q: Float64Array, n: number, count: number, w: Float64Array, coeff: Float64Array): number {
  const c = new Float64Array(count);
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let r = 0; r < n; r++) {
      const x = w[r];
      s0 += Q[o0 + r] * x; s1 += Q[o1 + r] * x; s2 += Q[o2 + r] * x; s3 += Q[o3 + r] * x;
    }
    c[i] = s0; c[i + 1] = s1; c[i + 2] = s2; c[i + 3] = s3;
  }
  for (; i < count; i++) {
    const o = i * n;
    let s = 0;
    for (let r = 0; r < n; r++) s += Q[o + r] * w[r];
    c[i] = s;
  }
  i = 0;
  for (; i + 3 < count; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    const c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
    for (let r = 0; r < n; r++) w[r] -= c0 * Q[o0 + r] + c1 * Q[o1 + r] + c2 * Q[o2 + r] + c3 * Q[o3 + r];
  }
  for (; i < count; i++) {
    const o = i * n, ci = c[i];
    for (let r = 0; r < n; r++) w[r] -= ci * Q[o + r];
  }
  for (let a = 0; a < count; a++) coeff[a] += c[a];
  let s = 0;
  for (let r = 0; r < n; r++) s += w[r] * w[r];
  return s;
}

/**
 * Y = Q Z[:, cols]: for each wanted column index `cols[c]` of Z (row-major, `stride` columns
 * per row, rows 0…count−1), column c of Y (n × cols.length, column-major) is
 * Σ_i Z[i, cols[c]] q_i. Rows are processed in chunks (the chunk of Y stays in cache) and
 * four columns of Q per sweep.
 */
export function combineColumns(Q: Float64Array, n: number, count: number, Z: Float64Array, stride: number, cols: readonly number[]): Float64Array {
  const k = cols.length;
  const Y = new Float64Array(n * k);
  const CHUNK = 1024;
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const r1 = Math.min(n, r0 + CHUNK);
    for (let c = 0; c < k; c++) {
      const oy = c * n, col = cols[c];
      let i = 0;
      for (; i + 3 < count; i += 4) {
        const z0 = Z[i * stride + col], z1 = Z[(i + 1) * stride + col], z2 = Z[(i + 2) * stride + col], z3 = Z[(i + 3) * stride + col];
        const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
        for (let r = r0; r < r1; r++) Y[oy + r] += z0 * Q[o0 + r] + z1 * Q[o1 + r] + z2 * Q[o2 + r] + z3 * Q[o3 + r];
      }
      for (; i < count; i++) {
        const z = Z[i * stride + col], o = i * n;
        for (let r = r0; r < r1; r++) Y[oy + r] += z * Q[o + r];
      }
    }
  }
  return Y;
}
