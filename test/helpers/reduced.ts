/**
 * s = h⁻¹Δ for an upper-triangular cell h (d×d row-major, columns the cell vectors): the
 * reduced coordinates of a displacement, by back substitution. A displacement that is a
 * lattice vector has integer s (how tests check that two positions are the same point of
 * the periodic cell).
 */
export function reducedCoordinates(h: ArrayLike<number>, d: number, delta: readonly number[]): number[] {
  const s = new Array<number>(d).fill(0);
  for (let a = d - 1; a >= 0; a--) {
    let rest = delta[a]!;
    for (let b = a + 1; b < d; b++) rest -= h[d * a + b]! * s[b]!;
    s[a] = rest / h[d * a + a]!;
  }
  return s;
}
