/**
 * Duplicate / overlapping particles in a periodic 3D cell (any tilt): the 3D counterpart
 * of ./overlap.ts, with the same method — reduced coordinates s = h⁻¹x binned into
 * n_k ≤ 1/r_k slabs per axis, r_k = ‖row k of h⁻¹‖·minDist, a 27-bin stencil, and the
 * minimum image h·(Δs − round(Δs)). O(N) time and memory.
 */
import type { ClosePair } from './overlap.js';

/** Inverse of a row-major 3×3 matrix. */
function inverse3(h: ArrayLike<number>): Float64Array {
  const [a, b, c, d, e, f, g, k, l] = Array.from({ length: 9 }, (_, i) => h[i]!) as number[] as [number, number, number, number, number, number, number, number, number];
  const A = e * l - f * k, B = -(d * l - f * g), C = d * k - e * g;
  const det = a * A + b * B + c * C;
  return Float64Array.of(
    A / det, -(b * l - c * k) / det, (b * f - c * e) / det,
    B / det, (a * l - c * g) / det, -(a * f - c * d) / det,
    C / det, -(a * k - b * g) / det, (a * e - b * d) / det,
  );
}

/**
 * Among the pairs closer than `minDist` (minimum image), the one whose larger index j is
 * smallest (then the smallest i), or undefined.
 * @param cell Float64Array(9), row-major h (columns a1, a2, a3), det h > 0.
 * @param positions Float64Array(3N), x, y, z interleaved.
 */
export function findClosePair3(cell: Float64Array, positions: Float64Array, minDist: number): ClosePair | undefined {
  const n = Math.floor(positions.length / 3);
  if (n < 2 || !(minDist > 0)) return undefined;
  const inv = inverse3(cell);
  const side = Math.max(1, Math.floor(Math.cbrt(n)));
  const nb = [0, 1, 2].map((k) => {
    const r = Math.hypot(inv[3 * k]!, inv[3 * k + 1]!, inv[3 * k + 2]!) * minDist;
    const m = Math.min(side, Math.floor(1 / r));
    return m >= 3 ? m : 1;
  }) as [number, number, number];
  const nbins = nb[0] * nb[1] * nb[2];
  const s = new Float64Array(3 * n);
  const bin = new Int32Array(n);
  const start = new Int32Array(nbins + 1);
  for (let p = 0; p < n; p++) {
    let b = 0;
    for (let k = 0; k < 3; k++) {
      let v = inv[3 * k]! * positions[3 * p]! + inv[3 * k + 1]! * positions[3 * p + 1]! + inv[3 * k + 2]! * positions[3 * p + 2]!;
      v -= Math.floor(v);
      s[3 * p + k] = v;
      b = b * nb[k] + Math.min(nb[k] - 1, Math.floor(v * nb[k]));
    }
    bin[p] = b;
    start[b + 1]!++;
  }
  for (let b = 0; b < nbins; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, nbins);
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[fill[bin[p]!]!++] = p;
  const steps = nb.map((m) => (m >= 3 ? [-1, 0, 1] : [0]));
  const min2 = minDist * minDist;
  let best: ClosePair | undefined;
  for (let p = 0; p < n; p++) {
    const b = bin[p]!;
    const b2 = b % nb[2], b1 = Math.floor(b / nb[2]) % nb[1], b0 = Math.floor(b / (nb[1] * nb[2]));
    for (const d0 of steps[0]!) {
      for (const d1 of steps[1]!) {
        for (const d2 of steps[2]!) {
          const c = (((b0 + d0 + nb[0]) % nb[0]) * nb[1] + ((b1 + d1 + nb[1]) % nb[1])) * nb[2] + ((b2 + d2 + nb[2]) % nb[2]);
          for (let k = start[c]!; k < start[c + 1]!; k++) {
            const q = order[k]!;
            if (q <= p) continue;
            const ds = [0, 1, 2].map((a) => { const v = s[3 * q + a]! - s[3 * p + a]!; return v - Math.round(v); });
            let r2 = 0;
            for (let a = 0; a < 3; a++) {
              const x = cell[3 * a]! * ds[0]! + cell[3 * a + 1]! * ds[1]! + cell[3 * a + 2]! * ds[2]!;
              r2 += x * x;
            }
            if (r2 < min2 && (best === undefined || q < best.j || (q === best.j && p < best.i))) {
              best = { i: p, j: q, distance: Math.sqrt(r2) };
            }
          }
        }
      }
    }
  }
  return best;
}
