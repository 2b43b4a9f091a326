/**
 * Non-affine displacements between two minimized states of a strain path (docs/design.md §6:
 * the event's location is the particle with the largest displacement caused by the
 * minimization at the event).
 *
 * For states x_a at γ_a and x_b at γ_b of the same path, the non-affine displacement of
 * particle i is d_i = x_b,i − A x_a,i with A = H(γ_b) H(γ_a)⁻¹, taken as the minimum image
 * in the cell at γ_b, minus the mean over particles (a uniform translation is not a
 * rearrangement; minimizers conserve it only up to round-off, Newton with a pinned
 * particle not at all). Units λ.
 */
import { roundImageUnchecked } from '../space/index.js';
import { inverse } from '../space/cell-nd.js';

export interface DisplacementSummary {
  /** max_i |d_i| (λ). */
  max: number;
  /** argmax_i |d_i|. */
  particle: number;
  /** |d_i| per particle (Float64Array(N)). */
  magnitudes: Float64Array;
}

/**
 * Any dimension d (from the cell: 4 entries 2D, 9 entries 3D).
 * @param xa  positions at γ_a (d·N)
 * @param xb  positions at γ_b (d·N)
 * @param A   H(γ_b) H(γ_a)⁻¹, d×d row-major
 * @param cell  the cell at γ_b, d×d row-major (columns are the cell vectors)
 */
export function nonAffineDisplacement(
  xa: Float64Array, xb: Float64Array, A: Float64Array, cell: Float64Array,
): DisplacementSummary {
  if (cell.length === 9) return nonAffineDisplacement3(xa, xb, A, cell);
  const n = xa.length / 2;
  const det = cell[0] * cell[3] - cell[1] * cell[2];
  const basis = { h: cell, hinv: Float64Array.of(cell[3] / det, -cell[1] / det, -cell[2] / det, cell[0] / det) };
  const d = new Float64Array(2 * n);
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    const ax = A[0] * xa[2 * i] + A[1] * xa[2 * i + 1];
    const ay = A[2] * xa[2 * i] + A[3] * xa[2 * i + 1];
    roundImageUnchecked(basis, xb[2 * i] - ax, xb[2 * i + 1] - ay, d, 2 * i);
    mx += d[2 * i];
    my += d[2 * i + 1];
  }
  mx /= n;
  my /= n;
  const magnitudes = new Float64Array(n);
  let max = -1, particle = 0;
  for (let i = 0; i < n; i++) {
    const m = Math.hypot(d[2 * i] - mx, d[2 * i + 1] - my);
    magnitudes[i] = m;
    if (m > max) {
      max = m;
      particle = i;
    }
  }
  return { max, particle, magnitudes };
}

/** nonAffineDisplacement of a 3D path (same definitions, x, y, z interleaved). */
function nonAffineDisplacement3(xa: Float64Array, xb: Float64Array, A: Float64Array, cell: Float64Array): DisplacementSummary {
  const n = xa.length / 3;
  const hinv = inverse(cell);
  const d = new Float64Array(3 * n);
  const mean = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const dx = xb[3 * i] - (A[0] * xa[3 * i] + A[1] * xa[3 * i + 1] + A[2] * xa[3 * i + 2]);
    const dy = xb[3 * i + 1] - (A[3] * xa[3 * i] + A[4] * xa[3 * i + 1] + A[5] * xa[3 * i + 2]);
    const dz = xb[3 * i + 2] - (A[6] * xa[3 * i] + A[7] * xa[3 * i + 1] + A[8] * xa[3 * i + 2]);
    const s = [0, 1, 2].map((k) => {
      const t = hinv[3 * k] * dx + hinv[3 * k + 1] * dy + hinv[3 * k + 2] * dz;
      return t - Math.round(t);
    });
    for (let a = 0; a < 3; a++) {
      d[3 * i + a] = cell[3 * a] * s[0] + cell[3 * a + 1] * s[1] + cell[3 * a + 2] * s[2];
      mean[a] += d[3 * i + a] / n;
    }
  }
  const magnitudes = new Float64Array(n);
  let max = -1, particle = 0;
  for (let i = 0; i < n; i++) {
    const m = Math.hypot(d[3 * i] - mean[0], d[3 * i + 1] - mean[1], d[3 * i + 2] - mean[2]);
    magnitudes[i] = m;
    if (m > max) {
      max = m;
      particle = i;
    }
  }
  return { max, particle, magnitudes };
}

/** The k largest entries of `magnitudes` as [index, value] pairs, largest first. */
export function topK(magnitudes: Float64Array, k: number): Array<[number, number]> {
  const idx = Array.from(magnitudes.keys());
  idx.sort((a, b) => magnitudes[b] - magnitudes[a]);
  return idx.slice(0, k).map((i) => [i, magnitudes[i]] as [number, number]);
}
