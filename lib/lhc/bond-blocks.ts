/**
 * Bond blocks of a symmetric 2N×2N matrix given on the Hessian pattern:
 * X_α = D_α X D_αᵀ = X_jj + X_ii − X_ji − X_ij (2×2 per pair, row-major), where X_ij is
 * the (particle i, particle j) block. Used for G_α = D_α G D_αᵀ from the selected inverse
 * and Ġ_α from its derivative (docs/design.md §4). Blocks of a pinned particle are zero (its
 * displacement is held at 0), which leaves every bond quantity unchanged (docs/design.md §5).
 */
import type { HessianPattern } from '../hessian/index.js';

/**
 * @param pattern  the Hessian pattern the values are aligned with
 * @param values   entries on the pattern (lower triangle), Float64Array(pattern.nnz)
 * @param out      Float64Array(4·pairCount), row-major 2×2 per pair
 */
export function bondBlocks(pattern: HessianPattern, values: Float64Array, out = new Float64Array(4 * pattern.pairCount)): Float64Array {
  const { pairBlock, diagBlock, pairI, pairJ, pairCount } = pattern;
  for (let a = 0; a < pairCount; a++) {
    const i = pairI[a], j = pairJ[a];
    let xx = 0, xy = 0, yy = 0;
    // X_ii + X_jj (symmetric diagonal blocks stored as (x,x), (y,x), (y,y)).
    const di = diagBlock[2 * i], dj = diagBlock[2 * j];
    if (di >= 0) {
      xx += values[di];
      xy += values[di + 1];
      yy += values[diagBlock[2 * i + 1]];
    }
    if (dj >= 0) {
      xx += values[dj];
      xy += values[dj + 1];
      yy += values[diagBlock[2 * j + 1]];
    }
    let yx = xy;
    // − X_ji − X_ij, with X_ji[a][b] = X(2j+a, 2i+b) stored in columns 2i, 2i+1.
    const b0 = pairBlock[2 * a];
    if (b0 >= 0) {
      const b1 = pairBlock[2 * a + 1];
      const j0i0 = values[b0], j1i0 = values[b0 + 1], j0i1 = values[b1], j1i1 = values[b1 + 1];
      xx -= 2 * j0i0;
      yy -= 2 * j1i1;
      xy -= j0i1 + j1i0;
      yx -= j1i0 + j0i1;
    }
    out[4 * a] = xx;
    out[4 * a + 1] = xy;
    out[4 * a + 2] = yx;
    out[4 * a + 3] = yy;
  }
  return out;
}
