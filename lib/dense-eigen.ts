/**
 * Eigen-decomposition of a small symmetric matrix (row-major k×k, not modified) by cyclic
 * Jacobi rotations: eigenvalues ascending into `values`, eigenvectors as the columns of
 * Z (row-major k×k). O(k³) per sweep; for the Rayleigh–Ritz matrices of a few dozen
 * (lib/aqs/eigen.ts and lib/modes). Entries of T and Z beyond k×k are left alone.
 */
export function symmetricEigen(T: Float64Array, k: number, values: Float64Array, Z: Float64Array): void {
  const a = Float64Array.from(T.subarray(0, k * k));
  Z.fill(0, 0, k * k);
  for (let i = 0; i < k; i++) Z[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < k; p++) {
      diag += a[p * k + p] * a[p * k + p];
      for (let q = p + 1; q < k; q++) off += a[p * k + q] * a[p * k + q];
    }
    if (!(off > 1e-32 * diag)) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (apq === 0) continue;
        const t0 = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = Math.sign(t0 || 1) / (Math.abs(t0) + Math.sqrt(t0 * t0 + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p], arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r], aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const zrp = Z[r * k + p], zrq = Z[r * k + q];
          Z[r * k + p] = c * zrp - s * zrq;
          Z[r * k + q] = s * zrp + c * zrq;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => a[i * k + i] - a[j * k + j]);
  const Zs = Float64Array.from(Z.subarray(0, k * k));
  for (let c = 0; c < k; c++) {
    values[c] = a[order[c] * k + order[c]];
    for (let r = 0; r < k; r++) Z[r * k + c] = Zs[r * k + order[c]];
  }
}
