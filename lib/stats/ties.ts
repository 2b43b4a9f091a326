/**
 * Ties of smoothed bin values (the V_b of the ξ-grid, docs/design.md §7). Each V_b is an
 * average of up to 3^d bin means, summed in an order that depends on the bin, so two bins
 * whose averages are equal as numbers (a field of few distinct values: the coordination
 * deficit, whose V_b are ratios of integers) come out a few ulp apart. A rank that compares
 * them with `>` then counts a tie as "higher" or "lower" by round-off. Two values closer
 * than TIE_TOLERANCE times the largest finite |V_b| of the grid are one value here: far above
 * the round-off of such an average (≲ 1e-15 of it), far below any difference a field means.
 */

/** Relative width of a tie, in units of the largest finite |V_b| of the grid. */
export const TIE_TOLERANCE = 1e-12;

/** The width w of a tie on `grid`: V_b > v + w is higher than v, V_b < v − w lower, the rest equal. */
export function tieWidth(grid: Float64Array): number {
  let largest = 0;
  for (let b = 0; b < grid.length; b++) {
    const x = Math.abs(grid[b]!);
    if (x > largest && x !== Infinity) largest = x;
  }
  return TIE_TOLERANCE * largest;
}

/** How many bins of `grid` are higher than the value `v` by more than `width` (tieWidth(grid)). */
export function countHigher(grid: Float64Array, v: number, width: number): number {
  let higher = 0;
  for (let b = 0; b < grid.length; b++) if (grid[b]! > v + width) higher++;
  return higher;
}
