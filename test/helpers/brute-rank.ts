/**
 * The rank of an event's ξ-bin by brute force, for the predictor tests in 2D and 3D: its
 * own reduced coordinates (h⁻¹ by cofactors), bins n_k = max(1, round(|a_k|/ξ)) along the
 * cell vectors, bin means in a Map, the periodic average over the non-empty bins among the
 * 3^d around each (an empty bin has no value; −∞ for a block without any), and
 * the counts of bins above, below and equal to the event's (DESIGN §7, §10). The 3^d terms
 * are summed with the last axis outermost and x innermost, so that ties are exact where
 * the library's are.
 */

/** h⁻¹ (row-major d×d, d = 2 or 3) by cofactors. */
export function inverseByCofactors(h: ArrayLike<number>): number[] {
  if (h.length === 4) {
    const [a, b, c, d] = Array.from(h);
    const det = a * d - b * c;
    return [d, -b, -c, a].map((x) => x / det);
  }
  const [a, b, c, d, e, f, g, hh, i] = Array.from(h);
  const det = a * (e * i - f * hh) - b * (d * i - f * g) + c * (d * hh - e * g);
  return [e * i - f * hh, c * hh - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * hh - e * g, b * g - a * hh, a * e - b * d].map((x) => x / det);
}

/** λ = higher / bins and the counts for the event at `event` (any periodic image); d from the cell (4 or 9 entries). */
export function bruteRank(cell: ArrayLike<number>, points: Float64Array, field: ArrayLike<number>, event: ArrayLike<number>, xi: number) {
  const d = cell.length === 9 ? 3 : 2;
  const axes = Array.from({ length: d }, (_, k) => k);
  const hi = inverseByCofactors(cell);
  const shape = axes.map((k) => Math.max(1, Math.round(Math.hypot(...axes.map((r) => cell[d * r + k])) / xi)));
  const bin = (p: ArrayLike<number>) => axes.map((k) => {
    let s = 0;
    for (let r = 0; r < d; r++) s += hi[d * k + r] * p[r];
    s -= Math.floor(s);
    return Math.min(shape[k] - 1, Math.floor(s * shape[k]));
  });
  const sum = new Map<string, number>(), cnt = new Map<string, number>();
  for (let a = 0; a < field.length; a++) {
    const key = bin(points.subarray(d * a, d * a + d)).join(',');
    sum.set(key, (sum.get(key) ?? 0) + field[a]);
    cnt.set(key, (cnt.get(key) ?? 0) + 1);
  }
  /** The bin's mean, undefined for an empty bin (it has no value: left out of the averages). */
  const mean = (ix: number[]): number | undefined => {
    const key = ix.join(',');
    return cnt.has(key) ? sum.get(key)! / cnt.get(key)! : undefined;
  };
  /** Every index vector of a grid of `extent` per axis, the last axis outermost and axis 0 innermost. */
  const grid = (extent: number[]): number[][] => extent.reduceRight<number[][]>(
    (outer, n) => outer.flatMap((tail) => Array.from({ length: n }, (_, v) => [v, ...tail])), [[]]);
  const offsets = grid(axes.map(() => 3)).map((o) => o.map((v) => v - 1));
  const V = new Map<string, number>();
  for (const ix of grid(shape)) {
    const values = offsets.map((o) => mean(ix.map((v, k) => (v + o[k] + shape[k]) % shape[k]))).filter((x): x is number => x !== undefined);
    V.set(ix.join(','), values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : -Infinity);
  }
  const v = V.get(bin(event).join(','))!;
  const all = [...V.values()];
  const higher = all.filter((x) => x > v).length, lower = all.filter((x) => x < v).length;
  return { lambda: higher / all.length, higher, lower, ties: all.length - 1 - higher - lower, bins: all.length };
}
