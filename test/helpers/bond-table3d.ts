/**
 * A synthetic bond table on a 3D glass (positions + i, j + values), for the pictures of
 * 3D glasses before the 3D analysis exists: the bonds are every pair closer than `rc`
 * found by brute force over the 27 periodic images (no rounding of reduced coordinates),
 * the values smooth deterministic functions of the bond index with both signs. Particles
 * are moved by whole cell vectors so that positions are not wrapped.
 */
import { relative, type Triclinic3d } from './triclinic3d.js';

export interface BondTable3d {
  n: number;
  cell: Float64Array;
  positions: Float64Array;
  i: Int32Array;
  j: Int32Array;
  /** The brute-force minimum-image bond vector r_α = x_j − x_i (+ lattice vector), 3 per bond. */
  r: Float64Array;
  c: Float64Array;
  dcdg: Record<string, Float64Array>;
  count: number;
}

export function bondTable3d(g: Triclinic3d, rc: number): BondTable3d {
  const a = [[g.lx, 0, 0], [g.xy, g.ly, 0], [g.xz, g.yz, g.lz]] as const;
  const cell = Float64Array.of(g.lx, g.xy, g.xz, 0, g.ly, g.yz, 0, 0, g.lz);
  const positions = new Float64Array(3 * g.n);
  for (let p = 0; p < g.n; p++) {
    const shift = [(p % 3) - 1, ((p >> 2) % 3) - 1, ((p >> 4) % 3) - 1]; // whole cell vectors, −1 … 1
    const x = relative(g, p);
    for (let r = 0; r < 3; r++) positions[3 * p + r] = x[r]! + shift[0]! * a[0][r] + shift[1]! * a[1][r] + shift[2]! * a[2][r];
  }
  const ii: number[] = [], jj: number[] = [], rr: number[] = [];
  for (let p = 0; p < g.n; p++) {
    for (let q = p + 1; q < g.n; q++) {
      let best: number[] | undefined;
      let bestLen = Infinity;
      for (let k0 = -2; k0 <= 2; k0++) {
        for (let k1 = -2; k1 <= 2; k1++) {
          for (let k2 = -2; k2 <= 2; k2++) {
            const v = [0, 1, 2].map((r) => positions[3 * q + r]! - positions[3 * p + r]! + k0 * a[0][r] + k1 * a[1][r] + k2 * a[2][r]);
            const len = Math.hypot(v[0]!, v[1]!, v[2]!);
            if (len < bestLen) { bestLen = len; best = v; }
          }
        }
      }
      if (bestLen < rc) { ii.push(p); jj.push(q); rr.push(...best!); }
    }
  }
  const m = ii.length;
  const wave = (f: number, phase: number, amp: number) => Float64Array.from({ length: m }, (_, k) => amp * Math.sin(f * k + phase) * (1 + (k % 5) / 2));
  return {
    n: g.n, cell, positions, i: Int32Array.from(ii), j: Int32Array.from(jj), r: Float64Array.from(rr), count: m,
    c: Float64Array.from({ length: m }, (_, k) => 0.2 + Math.abs(Math.sin(1.3 * k)) * (1 + (k % 7))),
    dcdg: { simple: wave(0.7, 0.1, 3), 'simple-xz': wave(1.1, 0.5, 2), 'simple-yz': wave(0.3, 1.7, 1), pure: wave(1.9, 2.2, 4) },
  };
}
