/**
 * The lower-triangle pattern of a 3D contact network for linear-algebra benchmarks: N random
 * points in a periodic cube at unit density (seeded), pairs within 1.5, 3 DOFs per point.
 * CSC, sorted rows.
 */
import type { CscPattern } from '../../lib/sparse-cholesky.js';

export function contactNetwork3d(particles: number, seed: number): CscPattern {
  let s = seed >>> 0;
  const rnd = () => ((s = (1664525 * s + 1013904223) >>> 0) / 4294967296);
  const side = Math.cbrt(particles), n = 3 * particles;
  const x = Array.from({ length: particles }, () => [rnd() * side, rnd() * side, rnd() * side]);
  const columns: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < particles; i++) {
    for (let j = 0; j <= i; j++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) { let dx = x[i]![d]! - x[j]![d]!; dx -= side * Math.round(dx / side); r2 += dx * dx; }
      if (r2 > 2.25) continue;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (3 * i + a >= 3 * j + b) columns[3 * j + b]!.push(3 * i + a);
    }
  }
  const colPtr = new Int32Array(n + 1), rows: number[] = [];
  for (let c = 0; c < n; c++) { columns[c]!.sort((p, q) => p - q); for (const r of columns[c]!) rows.push(r); colPtr[c + 1] = rows.length; }
  return { n, colPtr, rowIdx: Int32Array.from(rows) };
}
