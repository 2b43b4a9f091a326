/**
 * The predictor benchmark on 3D glasses (issue 17, DESIGN §10; lib/predictors
 * indicators-nd.ts, nd-fields.ts, rank.ts) against independent routes: the d-generic checks
 * of test/helpers/predictors-nd-suite.ts (brute-force energies and coordination, w = −M⁺Ξ vs
 * the dense pinned Hessian, mode fields vs dense spectra and re-minimized dense Newton, the
 * ranks of the glass's fields vs brute-force binning) on a minimized ipl3d glass of N = 64
 * (dense 192 × 192 algebra); here, the 3D-only parts:
 * - the extension axes of the 3D presets, by hand;
 * - the ranks: a brute-force binning in reduced coordinates with its own 3×3×3 periodic
 *   average, on a sheared (triclinic) cell.
 */
import { expect } from 'chai';
import { extensionAxis, glassEventRanks, rankField } from '../lib/predictors/index.js';
import { presetE } from '../lib/space/index.js';
import { seededRandom, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { glass3d } from './helpers/glass3d.js';
import { bruteRank } from './helpers/brute-rank.js';
import { describePredictorsNd, maxAbsDiff } from './helpers/predictors-nd-suite.js';

describePredictorsNd('ipl3d, N = 64', () => glass3d('ipl3d', 4), { pinned: 17, k: 4 });

describe('predictors 3D: extension axes', () => {
  it('the extension axes of the 3D presets, by hand', () => {
    const s = Math.SQRT1_2;
    const expected: Array<[Parameters<typeof presetE>[0], 1 | -1, number[]]> = [
      ['simple', 1, [s, s, 0]], ['simple', -1, [s, -s, 0]], ['pure', 1, [1, 0, 0]], ['pure', -1, [0, 1, 0]],
      ['simple-xz', 1, [s, 0, s]], ['simple-yz', -1, [0, s, -s]],
    ];
    for (const [mode, sign, axis] of expected) expect(maxAbsDiff(extensionAxis(presetE(mode, sign, 3)), axis), `${mode} ${sign}`).to.be.below(1e-15);
    // A general symmetric rate: the axis is an eigenvector of the largest eigenvalue.
    const E = new Float64Array([0.3, 0.2, -0.1, 0.4, -0.2, 0.5, 0.1, 0.3, 0.05]);
    const S = Float64Array.from({ length: 9 }, (_, k) => (E[k] + E[3 * (k % 3) + Math.floor(k / 3)]) / 2);
    const v = extensionAxis(E);
    const Sv = [0, 1, 2].map((r) => S[3 * r] * v[0] + S[3 * r + 1] * v[1] + S[3 * r + 2] * v[2]);
    const top = symmetricEigenvalues(S, 3)[2];
    expect(maxAbsDiff(Sv, v.map((x) => top * x))).to.be.below(1e-12);
    expect(Math.hypot(...v)).to.be.closeTo(1, 1e-15);
  });
});

describe('predictors 3D: ranks on ξ-cubes with their 26 neighbours', () => {
  /** A triclinic 3D cell (columns are the cell vectors), row-major. */
  const cell = new Float64Array([10, 1.5, -0.8, 0, 9, 1.2, 0, 0, 11]);
  it('λ, AUC and the counts agree with a brute-force binning and 3×3×3 average (triclinic cell, events outside the cell)', () => {
    const rand = seededRandom(7);
    const m = 3000;
    const points = new Float64Array(3 * m), field = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const s = [rand(), rand(), rand()];
      for (let r = 0; r < 3; r++) points[3 * a + r] = cell[3 * r] * s[0] + cell[3 * r + 1] * s[1] + cell[3 * r + 2] * s[2];
      field[a] = Math.exp(-((points[3 * a] - 4) ** 2 + (points[3 * a + 1] - 5) ** 2) / 8) + 0.1 * rand();
    }
    for (const xi of [2, 2.5]) {
      for (let e = 0; e < 10; e++) {
        const event = [30 * rand() - 10, 30 * rand() - 10, 30 * rand() - 10];
        const got = rankField(cell, points, field, Float64Array.from(event), xi);
        const ref = bruteRank(cell, points, field, event, xi);
        expect(got.bins).to.equal(ref.bins);
        expect([got.higher[0], got.lower[0], got.ties[0]]).to.deep.equal([ref.higher, ref.lower, ref.ties]);
        expect(got.lambda[0]).to.equal(ref.lambda);
        expect(got.auc[0]).to.be.closeTo((ref.lower + ref.ties / 2) / (ref.bins - 1), 1e-15);
      }
    }
  });

  it('empty bins have no value: a negative field (a particle energy) on fewer points than bins ranks as the brute force leaving them out, in 3D and 2D', () => {
    // Counted as 0, an empty bin ranked above every real bin of a negative field (ka_n256_s2 at ξ = 1.2: λ of the
    // energy changed for all 256 particles when the one empty cube was left out).
    const rand = seededRandom(11);
    for (const [h, m] of [[cell, 100], [new Float64Array([10, 1.5, 0, 9]), 20]] as const) {
      const d = h.length === 9 ? 3 : 2, xi = 2;
      const points = new Float64Array(d * m), field = new Float64Array(m);
      for (let a = 0; a < m; a++) {
        const s = Array.from({ length: d }, () => rand());
        for (let r = 0; r < d; r++) { let x = 0; for (let c = 0; c < d; c++) x += h[d * r + c]! * s[c]!; points[d * a + r] = x; }
        field[a] = -5 - rand();
      }
      const bins = rankField(h, points, field, points.subarray(0, d), xi).bins;
      expect(bins, `${d}D: more bins than points, so some are empty`).to.be.above(m);
      for (let e = 0; e < 12; e++) {
        const a = Math.floor(rand() * m);
        const event = Array.from(points.subarray(d * a, d * a + d));
        const got = rankField(h, points, field, Float64Array.from(event), xi);
        const ref = bruteRank(h, points, field, event, xi);
        expect([got.bins, got.higher[0], got.lower[0], got.ties[0], got.lambda[0]], `${d}D event ${e}`).to.deep.equal([ref.bins, ref.higher, ref.lower, ref.ties, ref.lambda]);
      }
    }
  });

  it('a ξ leaving fewer than 4 bins along a cell vector is refused with the bin counts', () => {
    const points = new Float64Array([1, 1, 1]), field = new Float64Array([1]);
    expect(() => rankField(cell, points, field, new Float64Array([1, 1, 1]), 3)).to.throw(RangeError, /^xi: .* got ξ = 3: 3 × 3 × 4 bins; use ξ ≤ 2\.6 \(as softspot figures advises\) or a larger glass$/); // the shortest cell vector (1.5, 9, 0): 9.12/3.5 = 2.61
  });

  it('glassEventRanks: a field peaked at the event particle ranks it first (λ = 0, AUC = 1) in 3D', () => {
    const rand = seededRandom(3);
    const n = 2000;
    const positions = Float64Array.from({ length: 3 * n }, (_, k) => 9 * rand() * (k % 3 === 2 ? 11 / 9 : 1));
    const cube = new Float64Array([9, 0, 0, 0, 9, 0, 0, 0, 11]);
    const at = 123;
    positions.set([4.5, 4.5, 6.42], 3 * at); // the centre of its bin (5 × 5 × 6 bins at ξ = 2), far from the faces
    const peak = Float64Array.from({ length: n }, (_, i) => -Math.hypot(positions[3 * i] - positions[3 * at], positions[3 * i + 1] - positions[3 * at + 1], positions[3 * i + 2] - positions[3 * at + 2]));
    const r = glassEventRanks({ cell: cube, positions, midpoints: new Float64Array(0), fields: { energy: { 'pure+': peak } } }, { 'pure+': { particle: at } }, [2]);
    expect(r.energy!['pure+']!['2']).to.include({ lambda: 0, auc: 1, higher: 0 });
  });
});
