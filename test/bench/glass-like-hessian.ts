/**
 * Glass-like sparse Hessians for linear-algebra benchmarks, without the physics layer:
 * N particles on a randomly perturbed triangular lattice at number density 0.86, 50:50
 * species, every pair within x_c·λ_ij (x_c = 1.6, λ = 1, 1.18, 1.4) coupled by a positive
 * 2×2 block k n nᵀ + t (I − n nᵀ), 2 DOFs per particle, particle 0 pinned. The pattern
 * (≈ 10 neighbours per particle) is that of a real glass Hessian; the values are SPD by
 * construction. CSC lower triangle, sorted rows.
 */
import type { CscMatrix } from '../../lib/sparse-cholesky.js';
import { cscFromColumns, seededRandom } from '../helpers/dense-linalg.js';

export function glassLikeHessian(N: number, seed = 1): CscMatrix {
  const rand = seededRandom(seed);
  const density = 0.86;
  // Triangular lattice with nx × ny sites, box matched to the density.
  const ny = Math.max(2, Math.round(Math.sqrt(N / (Math.sqrt(3) / 2)) / 2) * 2);
  const nx = Math.ceil(N / ny);
  const a = Math.sqrt(N / density / (nx * ny * Math.sqrt(3) / 2)) ;
  const Lx = nx * a, Ly = ny * a * Math.sqrt(3) / 2;
  const x = new Float64Array(N), y = new Float64Array(N), lam = new Float64Array(N);
  for (let p = 0; p < N; p++) {
    const i = p % nx, j = Math.floor(p / nx);
    x[p] = (i + 0.5 * (j % 2) + 0.3 * (rand() - 0.5)) * a;
    y[p] = (j + 0.3 * (rand() - 0.5)) * a * Math.sqrt(3) / 2;
    lam[p] = rand() < 0.5 ? 1 : 1.4;
  }
  const cut = (p: number, q: number) => 1.6 * (lam[p] === lam[q] ? lam[p] : 1.18);
  // Cell list with cells ≥ the largest cutoff.
  const rc = 1.6 * 1.4;
  const cx = Math.max(3, Math.floor(Lx / rc)), cy = Math.max(3, Math.floor(Ly / rc));
  const cells: number[][] = Array.from({ length: cx * cy }, () => []);
  const cellOf = (p: number) => {
    const i = Math.floor(((x[p] / Lx) % 1 + 1) % 1 * cx) % cx;
    const j = Math.floor(((y[p] / Ly) % 1 + 1) % 1 * cy) % cy;
    return [i, j];
  };
  for (let p = 0; p < N; p++) {
    const [i, j] = cellOf(p);
    cells[j * cx + i].push(p);
  }
  // Lower-triangle blocks keyed by (col particle, row particle) with row > col.
  const dof = (p: number) => 2 * (p - 1); // particle 0 pinned: particle p ≥ 1 has dofs 2(p−1), 2(p−1)+1
  const columns: Map<number, number>[] = Array.from({ length: 2 * (N - 1) }, () => new Map());
  const add = (r: number, c: number, v: number) => {
    if (r < c) [r, c] = [c, r];
    const col = columns[c];
    col.set(r, (col.get(r) ?? 0) + v);
  };
  const addBlock = (p: number, q: number, B: number[], sign: number) => {
    if (p === 0 || q === 0) return;
    for (let u = 0; u < 2; u++) {
      for (let v = 0; v < 2; v++) {
        const r = dof(p) + u, c = dof(q) + v;
        if (p === q && r < c) continue;
        if (p !== q || r >= c) add(r, c, sign * B[2 * u + v]);
      }
    }
  };
  for (let p = 0; p < N; p++) {
    const [i, j] = cellOf(p);
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        for (const q of cells[((j + dj + cy) % cy) * cx + ((i + di + cx) % cx)]) {
          if (q <= p) continue;
          let dx = x[q] - x[p], dy = y[q] - y[p];
          dx -= Lx * Math.round(dx / Lx);
          dy -= Ly * Math.round(dy / Ly);
          const r = Math.hypot(dx, dy);
          if (r >= cut(p, q)) continue;
          const nx2 = dx / r, ny2 = dy / r;
          const k = 1 + rand(), t = 0.05 * rand() + 0.01;
          const B = [t + (k - t) * nx2 * nx2, (k - t) * nx2 * ny2, (k - t) * nx2 * ny2, t + (k - t) * ny2 * ny2];
          addBlock(p, p, B, 1);
          addBlock(q, q, B, 1);
          addBlock(Math.max(p, q), Math.min(p, q), B, -1);
        }
      }
    }
  }
  const n = 2 * (N - 1);
  for (let c = 0; c < n; c++) if (!columns[c].has(c)) columns[c].set(c, 1);
  return cscFromColumns(columns);
}
