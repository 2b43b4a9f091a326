/**
 * HOOMD-blue's box and positions from softspot's cell and positions: the one mapping that
 * the GSD writer uses to make a frame and the GSD reader uses to recognise a frame it made.
 *
 * HOOMD's box is [Lx, Ly, Lz, xy, xz, yz] with dimensionless tilts: h = [a1 a2 a3] with
 * a1 = (Lx, 0, 0), a2 = (xy·Ly, Ly, 0), a3 = (xz·Lz, yz·Lz, Lz), so h must be upper
 * triangular (softspot's cells are: a1 along x, a2 in the xy plane). A 2D box has Lz = 0
 * (HOOMD-blue 3 and later, freud). The box is centred on the origin and every particle
 * lies in it: positions x − h·(½, ½, ½) wrapped into reduced coordinates [−½, ½).
 * GSD stores both in single precision (float32).
 */

/** The HOOMD box [Lx, Ly, Lz, xy, xz, yz] of an upper-triangular d×d cell (row-major; Lz = 0 in 2D), in double precision. */
export function hoomdBoxOf(cell: Float64Array, d: 2 | 3): Float64Array {
  if (d === 2) return Float64Array.of(cell[0]!, cell[3]!, 0, cell[1]! / cell[3]!, 0, 0);
  return Float64Array.of(cell[0]!, cell[4]!, cell[8]!, cell[1]! / cell[4]!, cell[2]! / cell[8]!, cell[5]! / cell[8]!);
}

/**
 * Positions as HOOMD holds them, x y z per particle (z = 0 in 2D), in double precision:
 * the reduced coordinates s = h⁻¹x less ½ (the box centred on the origin), wrapped into
 * [−½, ½), mapped back: h·s. h must be upper triangular (back substitution).
 */
export function hoomdPositionsOf(cell: Float64Array, positions: Float64Array, n: number, d: 2 | 3): Float64Array {
  const out = new Float64Array(3 * n);
  const s = [0, 0, 0];
  for (let p = 0; p < n; p++) {
    for (let a = d - 1; a >= 0; a--) {
      let x = positions[d * p + a]!;
      for (let b = a + 1; b < d; b++) x -= cell[d * a + b]! * s[b]!;
      s[a] = x / cell[d * a + a]!;
    }
    for (let a = 0; a < d; a++) {
      const centred = s[a]! - 0.5;
      s[a] = centred - Math.floor(centred + 0.5);
    }
    for (let a = 0; a < d; a++) {
      let x = 0;
      for (let b = a; b < d; b++) x += cell[d * a + b]! * s[b]!;
      out[3 * p + a] = x;
    }
  }
  return out;
}
