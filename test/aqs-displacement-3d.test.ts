/** Non-affine displacements of a 3D strain path (lib/aqs/displacement.ts) against a brute-force image search. */
import { expect } from 'chai';
import { nonAffineDisplacement } from '../lib/aqs/displacement.js';
import { applyLinear } from '../lib/space/cell-nd.js';
import { seededRandom } from './helpers/dense-linalg.js';

describe('aqs: non-affine displacement in 3D', () => {
  it('the largest |x_b − A x_a| over all periodic images, minus the mean (brute force over 27 shifts)', () => {
    const r = seededRandom(21);
    const n = 30;
    const cell = new Float64Array([7, 0.4, -0.3, 0, 6.5, 0.2, 0, 0, 8]);
    const gamma = 0.01;
    const A = new Float64Array([1, 0, gamma, 0, 1, 0, 0, 0, 1]); // simple-xz step
    const xa = new Float64Array(3 * n).map(() => 6 * r());
    const xb = applyLinear(A, xa);
    for (let k = 0; k < 3 * n; k++) xb[k] += 0.05 * (r() - 0.5);
    xb[3 * 7] += 0.8; // the rearranging particle
    // Particle 11 moved by a1 + a2 (columns 0 and 1 of the cell): no displacement.
    for (let a = 0; a < 3; a++) xb[3 * 11 + a] += cell[3 * a]! + cell[3 * a + 1]!;
    const got = nonAffineDisplacement(xa, xb, A, cell);
    const raw: number[][] = [];
    for (let i = 0; i < n; i++) {
      let best: number[] = [], bestLen = Infinity;
      for (let m = 0; m < 27; m++) {
        const k = [(m % 3) - 1, (Math.floor(m / 3) % 3) - 1, Math.floor(m / 9) - 1];
        const v = [0, 1, 2].map((a) => {
          const ax = A[3 * a]! * xa[3 * i]! + A[3 * a + 1]! * xa[3 * i + 1]! + A[3 * a + 2]! * xa[3 * i + 2]!;
          return xb[3 * i + a]! - ax + cell[3 * a]! * k[0]! + cell[3 * a + 1]! * k[1]! + cell[3 * a + 2]! * k[2]!;
        });
        const len = Math.hypot(...v);
        if (len < bestLen) { bestLen = len; best = v; }
      }
      raw.push(best);
    }
    const mean = [0, 1, 2].map((a) => raw.reduce((s, v) => s + v[a]!, 0) / n);
    const expected = raw.map((v) => Math.hypot(v[0]! - mean[0]!, v[1]! - mean[1]!, v[2]! - mean[2]!));
    for (let i = 0; i < n; i++) expect(got.magnitudes[i]).to.be.closeTo(expected[i]!, 1e-12);
    expect(got.particle).to.equal(7);
    expect(got.max).to.be.closeTo(Math.max(...expected), 1e-12);
    expect(got.magnitudes[11]).to.be.below(0.1);
  });
});
