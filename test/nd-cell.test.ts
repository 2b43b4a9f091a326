import { expect } from 'chai';
import { cellVolume, cellWidths, checkCellFits, deformAffine, determinant, inverse, roundedImage } from '../lib/space/cell-nd.js';
import { seededRandom } from './helpers/dense-linalg.js';

/** A random right-handed 3×3 cell (row-major, columns are the cell vectors) with tilt. */
function randomCell3(r: () => number): Float64Array {
  return new Float64Array([6 + r(), r() - 0.5, r() - 0.5, 0.3 * (r() - 0.5), 5 + r(), r() - 0.5, 0.3 * (r() - 0.5), 0.3 * (r() - 0.5), 7 + r()]);
}

describe('nd/cell: the periodic cell in 2D and 3D', () => {
  it('inverse: h·h⁻¹ = 1 and det by cofactors (2D, 3D)', () => {
    const r = seededRandom(3);
    for (const h of [new Float64Array([4, 1.2, 0.3, 5]), randomCell3(r), randomCell3(r)]) {
      const d = Math.round(Math.sqrt(h.length));
      const hi = inverse(h);
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          let s = 0;
          for (let c = 0; c < d; c++) s += h[a * d + c]! * hi[c * d + b]!;
          expect(s).to.be.closeTo(a === b ? 1 : 0, 1e-14);
        }
      }
    }
    expect(determinant([1, 2, 3, 0, 1, 4, 5, 6, 0])).to.equal(1); // textbook example: det = 1
    expect(() => inverse([1, 2, 2, 4])).to.throw(RangeError, 'h: expected an invertible cell matrix, got det h = 0');
  });

  it('widths: V / area of the opposite face (cross products), and checkCellFits names the smallest', () => {
    const h = randomCell3(seededRandom(5));
    const col = (k: number) => [h[k]!, h[3 + k]!, h[6 + k]!];
    const cross = (u: number[], v: number[]) => [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    const norm = (u: number[]) => Math.hypot(...u);
    const V = cellVolume(h);
    const w = cellWidths(h);
    expect(w[0]).to.be.closeTo(V / norm(cross(col(1), col(2))), 1e-12);
    expect(w[1]).to.be.closeTo(V / norm(cross(col(2), col(0))), 1e-12);
    expect(w[2]).to.be.closeTo(V / norm(cross(col(0), col(1))), 1e-12);
    const wmin = Math.min(...w);
    expect(() => checkCellFits(h, 0.49 * wmin)).not.to.throw();
    expect(() => checkCellFits(h, 0.51 * wmin)).to.throw(RangeError, "config.cell: the cell's smallest width");
  });

  it('roundedImage: the shortest of all images (brute force over 5^d shifts) for displacements shorter than w_min/2', () => {
    const r = seededRandom(7);
    for (const h of [new Float64Array([5, 2.2, 0, 5.5]), randomCell3(r)]) {
      const d = Math.round(Math.sqrt(h.length)) as 2 | 3;
      const hi = inverse(h);
      const wmin = Math.min(...cellWidths(h));
      const out = new Float64Array(3);
      let tested = 0;
      for (let trial = 0; trial < 400; trial++) {
        // Two points inside the cell (reduced coordinates in [0, 1)): shifts of ±2 cover every candidate.
        const x = new Float64Array(2 * d);
        for (let p = 0; p < 2; p++) {
          const s = Array.from({ length: d }, () => r());
          for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) x[p * d + a] += h[a * d + b]! * s[b]!;
        }
        const r2 = roundedImage(d, h, hi, x, 0, 1, out, 0);
        let best = Infinity;
        const shifts = d === 2 ? 25 : 125;
        for (let m = 0; m < shifts; m++) {
          const k = [(m % 5) - 2, (Math.floor(m / 5) % 5) - 2, Math.floor(m / 25) - 2];
          let s2 = 0;
          for (let a = 0; a < d; a++) {
            let v = x[d + a]! - x[a]!;
            for (let b = 0; b < d; b++) v += h[a * d + b]! * k[b]!;
            s2 += v * v;
          }
          best = Math.min(best, s2);
        }
        if (best < (wmin / 2) ** 2) {
          tested++;
          expect(r2).to.be.closeTo(best, 1e-10);
        } else {
          expect(r2).to.be.at.least(best - 1e-10); // never shorter than the true minimum
        }
      }
      expect(tested).to.be.above(10);
    }
  });

  it('deformAffine: (1 + δγE) applied to the cell and the particles; reduced coordinates unchanged', () => {
    const h = randomCell3(seededRandom(11));
    const x = new Float64Array([1, 2, 3, -1, 0.5, 2]);
    const E = [0, 0, 1, 0, 0, 0, 0, 0, 0]; // simple-xz: x moves with z
    const { cell, positions } = deformAffine(h, x, E, 0.01);
    expect(cell[2]).to.be.closeTo(h[2]! + 0.01 * h[8]!, 1e-15);
    expect(positions[0]).to.be.closeTo(1 + 0.01 * 3, 1e-15);
    const s0 = inverse(h), s1 = inverse(cell);
    for (let a = 0; a < 3; a++) {
      const before = s0[3 * a]! * x[0]! + s0[3 * a + 1]! * x[1]! + s0[3 * a + 2]! * x[2]!;
      const after = s1[3 * a]! * positions[0]! + s1[3 * a + 1]! * positions[1]! + s1[3 * a + 2]! * positions[2]!;
      expect(after).to.be.closeTo(before, 1e-14);
    }
  });
});
