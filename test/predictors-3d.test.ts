/**
 * The predictor benchmark on 3D glasses (issue 17, DESIGN §10; lib/predictors
 * indicators-3d.ts, nd-fields.ts, rank.ts) against independent routes, on a minimized
 * ipl3d glass of N = 64 (dense 192 × 192 algebra):
 * - particle energies: O(N²) brute-force pairs with the law's φ (test/helpers/nd-dense.ts),
 *   and Σ_i e_i = U; coordination counted on the same brute-force pairs;
 * - the non-affine velocity w = −M⁺Ξ: the dense Hessian pinned at another particle, with Ξ
 *   from central differences of brute-force forces under the affine strain;
 * - the extension axes of the 3D presets, by hand;
 * - the mode fields: dense eigenvalues (Jacobi) and eigenvectors (inverse iteration), and
 *   dλ_m/dγ by central differences of the dense spectra of glasses strained and
 *   re-minimized by dense Newton;
 * - the ranks: a brute-force binning in reduced coordinates with its own 3×3×3 periodic
 *   average, on a sheared (triclinic) cell;
 * - the bond fields: c and dc/dγ of localHeatCapacity (3D route, tested in nd-lhc-3d).
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { deformAffine } from '../lib/nd/cell.js';
import { energyForcesNd } from '../lib/nd/energy.js';
import {
  extensionAxis, glassEventRanks, glassIndicators, INDICATOR_NAMES, rankField,
} from '../lib/predictors/index.js';
import { DIRECTIONS_2D, presetE, type Direction2D } from '../lib/space/index.js';
import { denseInverse, seededRandom, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { brutePairs, denseEnergyForces, denseHessian, denseNewton, dropPinned, denseSolve } from './helpers/nd-dense.js';
import { glass3d } from './helpers/glass3d.js';
import { bruteRank3d } from './helpers/brute-rank3d.js';

const D = 3;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < b.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}
function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]));
  return m;
}
/** Removes the mean of each of the 3 components. */
function centre(v: Float64Array): Float64Array {
  const n = v.length / D, mean = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let a = 0; a < D; a++) mean[a] += v[D * i + a] / n;
  return Float64Array.from(v, (x, k) => x - mean[k % D]);
}
function apply(A: Float64Array, x: Float64Array): Float64Array {
  const n = x.length, y = new Float64Array(n);
  for (let r = 0; r < n; r++) { let s = 0; for (let c = 0; c < n; c++) s += A[r * n + c] * x[c]; y[r] = s; }
  return y;
}
/** Unit eigenvector of dense M for an isolated eigenvalue λ by inverse iteration, translation-free. */
function denseEigenvector(M: Float64Array, dofs: number, lambda: number, seed: number): Float64Array {
  const A = Float64Array.from(M);
  for (let k = 0; k < dofs; k++) A[k * dofs + k] -= lambda * (1 - 1e-7);
  const inv = denseInverse(A, dofs);
  const rand = seededRandom(seed);
  let v = centre(Float64Array.from({ length: dofs }, () => rand() - 0.5));
  for (let it = 0; it < 4; it++) {
    v = centre(apply(inv, v));
    const norm = Math.hypot(...v);
    v = v.map((x) => x / norm);
  }
  return v;
}

describe('predictors 3D: local structure and the non-affine velocity (ipl3d, N = 64)', function () {
  this.timeout(120_000);
  const config = glass3d('ipl3d', 4);
  const law = lawOfConfiguration(config);
  const dofs = D * config.n;
  const g = glassIndicators(config, { indicators: ['energy', 'coordinationDeficit', 'nonAffine', 'nonAffineAlong'] });

  it('e_i = ½ Σ φ_α over brute-force pairs, Σ_i e_i = U; z̄ − Z_i from the same pairs', () => {
    const pairs = brutePairs(config, law);
    expect(pairs.length).to.equal(g.count);
    const e = new Float64Array(config.n), z = new Float64Array(config.n);
    for (const p of pairs) { e[p.i] += p.f[0] / 2; e[p.j] += p.f[0] / 2; z[p.i]++; z[p.j]++; }
    const U = denseEnergyForces(config, law).energy;
    for (const d of DIRECTIONS_2D) {
      expect(maxAbsDiff(g.fields.energy![d]!, e)).to.be.below(1e-12);
      expect(g.fields.energy![d]!.reduce((s, x) => s + x, 0)).to.be.closeTo(U, 1e-10 * Math.abs(U));
      const mean = (2 * pairs.length) / config.n;
      expect(maxAbsDiff(g.fields.coordinationDeficit![d]!, z.map((x) => mean - x))).to.be.below(1e-12);
    }
  });

  /** Ξ(E) = −dF/dγ under x → (I + γE) x, h → (I + γE) h, central differences of brute-force forces. */
  function xiByDifferences(E: Float64Array): Float64Array {
    const h = 1e-6;
    const at = (gamma: number) => denseEnergyForces({ ...config, ...deformAffine(config.cell, config.positions, E, gamma) }, law).forces;
    const fp = at(h), fm = at(-h);
    return Float64Array.from(fp, (f, k) => -(f - fm[k]) / (2 * h));
  }

  for (const mode of ['simple', 'pure'] as const) {
    it(`w = −M⁺Ξ (${mode}) matches the dense Hessian pinned at particle 17; |w_i| and |w_i · ê| of both signs`, () => {
      const E = presetE(mode, 1, 3);
      const pinned = 17;
      const xi = xiByDifferences(E);
      const keep = Array.from({ length: dofs }, (_, k) => k).filter((k) => Math.floor(k / D) !== pinned);
      const x = denseSolve(dropPinned(denseHessian(config, law), dofs, D, pinned), Float64Array.from(keep, (k) => xi[k]), keep.length);
      const ref = new Float64Array(dofs);
      keep.forEach((k, a) => { ref[k] = -x[a]; });
      const w = centre(ref);
      for (const sign of [1, -1] as const) {
        const d = `${mode}${sign > 0 ? '+' : '-'}` as Direction2D;
        const e = extensionAxis(presetE(mode, sign, 3));
        const mag = Float64Array.from({ length: config.n }, (_, i) => Math.hypot(w[3 * i], w[3 * i + 1], w[3 * i + 2]));
        const along = Float64Array.from({ length: config.n }, (_, i) => Math.abs(w[3 * i] * e[0] + w[3 * i + 1] * e[1] + w[3 * i + 2] * e[2]));
        expect(maxAbsDiff(g.fields.nonAffine![d]!, mag) / maxAbs(mag), d).to.be.below(1e-6);
        expect(maxAbsDiff(g.fields.nonAffineAlong![d]!, along) / maxAbs(along), d).to.be.below(1e-6);
      }
    });
  }

  it('the stored fields of a file (no nonAffine in the LHC) give the same fields: w solved on a factor of its own', () => {
    const lhc = localHeatCapacity(config);
    const names = ['nonAffine', 'nonAffineAlong', 'pPlus'] as const;
    const a = glassIndicators(config, { lhc, indicators: names });
    const b = glassIndicators(config, { lhc: { config: lhc.config, count: lhc.count, i: lhc.i, j: lhc.j, c: lhc.c, dcdg: lhc.dcdg }, indicators: names });
    for (const name of names) for (const d of DIRECTIONS_2D) expect(maxAbsDiff(a.fields[name]![d]!, b.fields[name]![d]!) / maxAbs(a.fields[name]![d]!)).to.be.below(1e-10);
  });

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

describe('predictors 3D: mode fields (ipl3d, N = 64, dense spectra)', function () {
  this.timeout(300_000);
  const config = glass3d('ipl3d', 4);
  const law = lawOfConfiguration(config);
  const dofs = D * config.n;
  const k = 4;
  const M = denseHessian(config, law);
  const ev = symmetricEigenvalues(M, dofs).slice(3, 3 + k + 1); // three translations first
  const g = glassIndicators(config, { modes: k, qlmThreshold: 1 });
  const vectors = Array.from({ length: k }, (_, m) => denseEigenvector(M, dofs, ev[m], m + 1));
  const density = (m: number) => Float64Array.from({ length: config.n }, (_, i) => vectors[m][3 * i] ** 2 + vectors[m][3 * i + 1] ** 2 + vectors[m][3 * i + 2] ** 2);
  /** λ_m(γ) of the glass strained along `mode` and re-minimized by dense Newton. */
  const lambdasAt = (mode: 'simple' | 'pure', gamma: number) => {
    const strained: Configuration = { ...config, ...deformAffine(config.cell, config.positions, presetE(mode, 1, 3), gamma) };
    return symmetricEigenvalues(denseHessian(denseNewton(strained, law, 1e-12), law), dofs).slice(3, 3 + k);
  };

  it('the k lowest modes are isolated and lowestModes finds them', () => {
    for (let m = 0; m < k; m++) expect((ev[m + 1] - ev[m]) / ev[m], `gap above mode ${m}`).to.be.above(1e-3);
    expect(maxAbsDiff(g.modes!.eigenvalues, ev.slice(0, k)) / ev[0]).to.be.below(1e-6);
  });

  it('participation Σ|ψ_m,i|² and vibrality Σ|ψ_m,i|²/ω_m² match dense eigenvectors (all k modes used)', () => {
    expect(g.modes!.used).to.deep.equal(new Array(k).fill(true));
    const p = new Float64Array(config.n), v = new Float64Array(config.n);
    for (let m = 0; m < k; m++) density(m).forEach((x, i) => { p[i] += x; v[i] += x / ev[m]; });
    for (const d of DIRECTIONS_2D) {
      expect(maxAbsDiff(g.fields.qlmParticipation![d]!, p) / maxAbs(p)).to.be.below(1e-6);
      expect(maxAbsDiff(g.fields.vibrality![d]!, v) / maxAbs(v)).to.be.below(1e-6);
    }
  });

  for (const mode of ['simple', 'pure'] as const) {
    it(`dλ_m/dγ (${mode}) matches central differences of re-minimized dense spectra; the softening field is oriented`, () => {
      const h = 1e-5;
      const up = lambdasAt(mode, h), down = lambdasAt(mode, -h);
      const fd = Float64Array.from(up, (x, m) => (x - down[m]) / (2 * h));
      expect(maxAbsDiff(g.modes!.dlambda[mode]!, fd) / maxAbs(fd)).to.be.below(1e-5);
      for (const sign of [1, -1] as const) {
        const d = `${mode}${sign > 0 ? '+' : '-'}` as Direction2D;
        const ref = new Float64Array(config.n);
        for (let m = 0; m < k; m++) {
          const weight = Math.max(-sign * fd[m] / ev[m], 0);
          density(m).forEach((x, i) => { ref[i] += weight * x; });
        }
        expect(maxAbsDiff(g.fields.qlmSoftening![d]!, ref) / Math.max(maxAbs(ref), 1e-300), d).to.be.below(1e-5);
      }
    });
  }

  it('every indicator is present for every direction, with its support length (3D midpoints: 3M)', () => {
    const all = glassIndicators(config, { modes: k });
    expect(all.midpoints).to.have.length(3 * all.count);
    for (const name of INDICATOR_NAMES) {
      for (const d of DIRECTIONS_2D) {
        const f = all.fields[name]?.[d];
        expect(f, `${name} ${d}`).to.be.instanceOf(Float64Array);
        expect(f!.length, `${name} ${d}`).to.equal(['absC', 'pPlus', 'absDcdg', 'dcdgPlus'].includes(name) ? all.count : config.n);
        expect(f!.every(Number.isFinite), `${name} ${d}`).to.equal(true);
      }
    }
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
        const ref = bruteRank3d(cell, points, field, event, xi);
        expect(got.bins).to.equal(ref.bins);
        expect([got.higher[0], got.lower[0], got.ties[0]]).to.deep.equal([ref.higher, ref.lower, ref.ties]);
        expect(got.lambda[0]).to.equal(ref.lambda);
        expect(got.auc[0]).to.be.closeTo((ref.lower + ref.ties / 2) / (ref.bins - 1), 1e-15);
      }
    }
  });

  it('a ξ leaving fewer than 4 bins along a cell vector is refused with the bin counts', () => {
    const points = new Float64Array([1, 1, 1]), field = new Float64Array([1]);
    expect(() => rankField(cell, points, field, new Float64Array([1, 1, 1]), 3)).to.throw(RangeError, /^xi: .* got ξ = 3: 3 × 3 × 4 bins; use a smaller ξ or a larger glass$/);
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
