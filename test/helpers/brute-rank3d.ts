/**
 * The rank of an event's ξ-cube by brute force, for the 3D predictor tests: its own
 * reduced coordinates (h⁻¹ by cofactors), bins n_k = max(1, round(|a_k|/ξ)) along the cell
 * vectors, bin means in a Map, the periodic average over the 27 cubes around each, and the
 * counts of cubes above, below and equal to the event's (DESIGN §7 in 3D). The 27 terms
 * are summed z, y, x (x innermost) so that ties are exact where the library's are.
 */

/** h⁻¹ (row-major 3×3) by cofactors. */
export function inverse3(h: ArrayLike<number>): number[] {
  const [a, b, c, d, e, f, g, hh, i] = Array.from(h);
  const det = a * (e * i - f * hh) - b * (d * i - f * g) + c * (d * hh - e * g);
  return [e * i - f * hh, c * hh - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * hh - e * g, b * g - a * hh, a * e - b * d].map((x) => x / det);
}

/** λ = higher / bins and the counts for the event at `event` (any periodic image). */
export function bruteRank3d(cell: ArrayLike<number>, points: Float64Array, field: ArrayLike<number>, event: ArrayLike<number>, xi: number) {
  const hi = inverse3(cell);
  const shape = [0, 1, 2].map((k) => Math.max(1, Math.round(Math.hypot(cell[k], cell[3 + k], cell[6 + k]) / xi)));
  const bin = (p: ArrayLike<number>) => [0, 1, 2].map((k) => {
    let s = hi[3 * k] * p[0] + hi[3 * k + 1] * p[1] + hi[3 * k + 2] * p[2];
    s -= Math.floor(s);
    return Math.min(shape[k] - 1, Math.floor(s * shape[k]));
  });
  const sum = new Map<string, number>(), cnt = new Map<string, number>();
  for (let a = 0; a < field.length; a++) {
    const key = bin(points.subarray(3 * a, 3 * a + 3)).join(',');
    sum.set(key, (sum.get(key) ?? 0) + field[a]);
    cnt.set(key, (cnt.get(key) ?? 0) + 1);
  }
  const mean = (ix: number, iy: number, iz: number) => {
    const key = [ix, iy, iz].join(',');
    return cnt.has(key) ? sum.get(key)! / cnt.get(key)! : 0;
  };
  const V = new Map<string, number>();
  for (let ix = 0; ix < shape[0]; ix++) {
    for (let iy = 0; iy < shape[1]; iy++) {
      for (let iz = 0; iz < shape[2]; iz++) {
        let s = 0;
        for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          s += mean((ix + dx + shape[0]) % shape[0], (iy + dy + shape[1]) % shape[1], (iz + dz + shape[2]) % shape[2]);
        }
        V.set([ix, iy, iz].join(','), s / 27);
      }
    }
  }
  const v = V.get(bin(event).join(','))!;
  const all = [...V.values()];
  const higher = all.filter((x) => x > v).length, lower = all.filter((x) => x < v).length;
  return { lambda: higher / all.length, higher, lower, ties: all.length - 1 - higher - lower, bins: all.length };
}
