/**
 * A triangular crystal of the paper's 2D ipl law (one species, 8 × 8 rows at N/V = 0.86):
 * forces vanish by symmetry and its harmonic spectrum has exact multiplets (2, 4, 6), the
 * case of degenerate modes for the eigensolvers' tests.
 */
import type { Configuration } from '../../lib/config.js';

export function triangularCrystal(nx = 8, ny = 8): Configuration {
  const a = Math.sqrt(2 / (Math.sqrt(3) * 0.86)), n = nx * ny;
  const positions = new Float64Array(2 * n);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      positions[2 * (j * nx + i)] = (i + 0.5 * (j % 2)) * a + 0.1;
      positions[2 * (j * nx + i) + 1] = j * a * Math.sqrt(3) / 2 + 0.1;
    }
  }
  return { n, cell: Float64Array.from([nx * a, 0, 0, ny * a * Math.sqrt(3) / 2]), positions, species: new Uint8Array(n), info: {} };
}
