/**
 * The checks of glassIndicators' d-generic route (lib/predictors indicators-nd.ts,
 * nd-fields.ts, rank.ts; DESIGN §10) on one small minimized glass of lib/nd (3D, or 2D
 * poly), against independent routes, written once for any d and called by
 * test/predictors-3d.test.ts (ipl3d) and test/predictors-poly.test.ts (poly, 2D and 3D):
 * - particle energies: O(N²) brute-force pairs with the law's φ (./nd-dense.ts), and
 *   Σ_i e_i = U; coordination counted on the same brute-force pairs;
 * - the non-affine velocity w = −M⁺Ξ: the dense Hessian pinned at another particle, with Ξ
 *   from central differences of brute-force forces under the affine strain;
 * - the mode fields: dense eigenvalues (Jacobi) and eigenvectors (inverse iteration), and
 *   dλ_m/dγ by central differences of the dense spectra of glasses strained and
 *   re-minimized by dense Newton;
 * - the ranks of the glass's own fields at two events: a brute-force binning (./brute-rank.ts)
 *   of the energies at the positions and of P⁺ at brute-force midpoints x_i + r_ij/2;
 * - the bond fields: c and dc/dγ of localHeatCapacity (d-generic route, tested in
 *   nd-lhc-2d, nd-lhc-3d).
 */
import { expect } from 'chai';
import type { Configuration } from '../../lib/config.js';
import { localHeatCapacity } from '../../lib/lhc/index.js';
import { lawOfConfiguration, type NdLaw } from '../../lib/nd/law.js';
import { deformAffine } from '../../lib/space/cell-nd.js';
import { extensionAxis, glassEventRanks, glassIndicators, INDICATOR_NAMES, type GlassIndicators } from '../../lib/predictors/index.js';
import { DIRECTIONS_2D, presetE, type Direction2D } from '../../lib/space/index.js';
import { denseInverse, seededRandom, symmetricEigenvalues } from './dense-linalg.js';
import { brutePairs, denseEnergyForces, denseHessian, denseNewton, dropPinned, denseSolve } from './nd-dense.js';
import { bruteRank } from './brute-rank.js';

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < b.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]));
  return m;
}
/** Removes the mean of each of the d components. */
function centre(v: Float64Array, d: number): Float64Array {
  const n = v.length / d, mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a] += v[d * i + a] / n;
  return Float64Array.from(v, (x, k) => x - mean[k % d]);
}
function apply(A: Float64Array, x: Float64Array): Float64Array {
  const n = x.length, y = new Float64Array(n);
  for (let r = 0; r < n; r++) { let s = 0; for (let c = 0; c < n; c++) s += A[r * n + c] * x[c]; y[r] = s; }
  return y;
}
/** Unit eigenvector of dense M for an isolated eigenvalue λ by inverse iteration, translation-free. */
function denseEigenvector(M: Float64Array, dofs: number, d: number, lambda: number, seed: number): Float64Array {
  const A = Float64Array.from(M);
  for (let k = 0; k < dofs; k++) A[k * dofs + k] -= lambda * (1 - 1e-7);
  const inv = denseInverse(A, dofs);
  const rand = seededRandom(seed);
  let v = centre(Float64Array.from({ length: dofs }, () => rand() - 0.5), d);
  for (let it = 0; it < 4; it++) {
    v = centre(apply(inv, v), d);
    const norm = Math.hypot(...v);
    v = v.map((x) => x / norm);
  }
  return v;
}
/** |v_i|² per particle. */
const density = (v: Float64Array, d: number) => Float64Array.from({ length: v.length / d }, (_, i) => {
  let s = 0;
  for (let a = 0; a < d; a++) s += v[d * i + a] ** 2;
  return s;
});
const dimOf = (config: Configuration): 2 | 3 => (config.dim === 3 ? 3 : 2);

export interface NdSuiteOptions {
  /** Particle at which the dense reference Hessian is pinned (not the library's 0). */
  pinned: number;
  /** Lowest modes compared with the dense spectrum (they must be isolated). */
  k: number;
}

/**
 * The describe blocks for one glass: `label` names it ("ipl3d, N = 64"); `make` builds it
 * (called once, in a before hook).
 */
export function describePredictorsNd(label: string, make: () => Configuration, { pinned, k }: NdSuiteOptions): void {
  let config: Configuration, law: NdLaw, d: 2 | 3, dofs: number;
  const setUp = () => {
    if (config !== undefined) return;
    config = make();
    law = lawOfConfiguration(config);
    d = dimOf(config);
    dofs = d * config.n;
  };

  describe(`predictors d-generic: local structure, the non-affine velocity and the ranks (${label})`, function () {
    this.timeout(300_000);
    let g: GlassIndicators;
    before(() => {
      setUp();
      g = glassIndicators(config, { indicators: ['energy', 'coordinationDeficit', 'nonAffine', 'nonAffineAlong', 'pPlus'] });
    });

    it('e_i = ½ Σ φ_α over brute-force pairs, Σ_i e_i = U; z̄ − Z_i from the same pairs', () => {
      const pairs = brutePairs(config, law);
      expect(pairs.length).to.equal(g.count);
      const e = new Float64Array(config.n), z = new Float64Array(config.n);
      for (const p of pairs) { e[p.i] += p.f[0] / 2; e[p.j] += p.f[0] / 2; z[p.i]++; z[p.j]++; }
      const U = denseEnergyForces(config, law).energy;
      for (const dir of DIRECTIONS_2D) {
        expect(maxAbsDiff(g.fields.energy![dir]!, e)).to.be.below(1e-12);
        expect(g.fields.energy![dir]!.reduce((s, x) => s + x, 0)).to.be.closeTo(U, 1e-10 * Math.abs(U));
        const mean = (2 * pairs.length) / config.n;
        expect(maxAbsDiff(g.fields.coordinationDeficit![dir]!, z.map((x) => mean - x))).to.be.below(1e-12);
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
      it(`w = −M⁺Ξ (${mode}) matches the dense Hessian pinned at particle ${pinned}; |w_i| and |w_i · ê| of both signs`, () => {
        const E = presetE(mode, 1, d);
        const xi = xiByDifferences(E);
        const keep = Array.from({ length: dofs }, (_, q) => q).filter((q) => Math.floor(q / d) !== pinned);
        const x = denseSolve(dropPinned(denseHessian(config, law), dofs, d, pinned), Float64Array.from(keep, (q) => xi[q]), keep.length);
        const ref = new Float64Array(dofs);
        keep.forEach((q, a) => { ref[q] = -x[a]; });
        const w = centre(ref, d);
        for (const sign of [1, -1] as const) {
          const dir = `${mode}${sign > 0 ? '+' : '-'}` as Direction2D;
          const e = extensionAxis(presetE(mode, sign, d));
          const mag = Float64Array.from({ length: config.n }, (_, i) => Math.sqrt(density(w, d)[i]));
          const along = Float64Array.from({ length: config.n }, (_, i) => {
            let s = 0;
            for (let a = 0; a < d; a++) s += w[d * i + a] * e[a];
            return Math.abs(s);
          });
          expect(maxAbsDiff(g.fields.nonAffine![dir]!, mag) / maxAbs(mag), dir).to.be.below(1e-6);
          expect(maxAbsDiff(g.fields.nonAffineAlong![dir]!, along) / maxAbs(along), dir).to.be.below(1e-6);
        }
      });
    }

    it('the stored fields of a file (no nonAffine in the LHC) give the same fields: w solved on a factor of its own', () => {
      const lhc = localHeatCapacity(config);
      const names = ['nonAffine', 'nonAffineAlong', 'pPlus'] as const;
      const a = glassIndicators(config, { lhc, indicators: names });
      const b = glassIndicators(config, { lhc: { config: lhc.config, count: lhc.count, i: lhc.i, j: lhc.j, c: lhc.c, dcdg: lhc.dcdg }, indicators: names });
      for (const name of names) for (const dir of DIRECTIONS_2D) expect(maxAbsDiff(a.fields[name]![dir]!, b.fields[name]![dir]!) / maxAbs(a.fields[name]![dir]!)).to.be.below(1e-10);
    });

    it('the ranks of e_i (at the positions) and P⁺ (at brute-force midpoints x_i + r_ij/2) at two events match a brute-force binning', () => {
      const width = Math.min(...Array.from({ length: d }, (_, col) => Math.hypot(...Array.from({ length: d }, (_, r) => config.cell[d * r + col]))));
      const xi = width / 4.4; // 4 bins along the shortest cell vector, the fewest rankField takes
      const events = { 'simple+': { particle: 3 }, 'pure-': { particle: Math.floor(config.n / 2) } } as const;
      const ranks = glassEventRanks(g, events, [xi]);
      const key = (i: number, j: number) => i * config.n + j;
      const mid = new Map(brutePairs(config, law).map((p) => [key(p.i, p.j), Array.from(p.r, (r, a) => config.positions[d * p.i + a] + r / 2)]));
      const midpoints = new Float64Array(d * g.count);
      for (let a = 0; a < g.count; a++) midpoints.set(mid.get(key(Math.min(g.i[a], g.j[a]), Math.max(g.i[a], g.j[a])))!, d * a);
      for (const [dir, { particle }] of Object.entries(events) as Array<[Direction2D, { particle: number }]>) {
        const at = config.positions.subarray(d * particle, d * particle + d);
        const checks = [
          ['energy', bruteRank(config.cell, config.positions, g.fields.energy![dir]!, at, xi)],
          ['pPlus', bruteRank(config.cell, midpoints, g.fields.pPlus![dir]!, at, xi)],
        ] as const;
        for (const [name, ref] of checks) {
          const got = ranks[name]![dir]![String(xi)];
          expect(ref.bins, `${name} ${dir}`).to.be.at.least(16);
          expect([got.lambda, got.higher], `${name} ${dir}`).to.deep.equal([ref.lambda, ref.higher]);
          expect(got.auc, `${name} ${dir}`).to.be.closeTo((ref.lower + ref.ties / 2) / (ref.bins - 1), 1e-15);
        }
      }
    });
  });

  describe(`predictors d-generic: mode fields (${label}, dense spectra)`, function () {
    this.timeout(300_000);
    let M: Float64Array, ev: Float64Array, g: GlassIndicators, vectors: Float64Array[];
    before(() => {
      setUp();
      M = denseHessian(config, law);
      ev = symmetricEigenvalues(M, dofs).slice(d, d + k + 1); // d translations first
      g = glassIndicators(config, { modes: k, qlmThreshold: 1 });
      vectors = Array.from({ length: k }, (_, m) => denseEigenvector(M, dofs, d, ev[m], m + 1));
    });
    /** λ_m(γ) of the glass strained along `mode` and re-minimized by dense Newton. */
    const lambdasAt = (mode: 'simple' | 'pure', gamma: number) => {
      const strained: Configuration = { ...config, ...deformAffine(config.cell, config.positions, presetE(mode, 1, d), gamma) };
      return symmetricEigenvalues(denseHessian(denseNewton(strained, law, 1e-12), law), dofs).slice(d, d + k);
    };

    it('the k lowest modes are isolated and lowestModes finds them', () => {
      for (let m = 0; m < k; m++) expect((ev[m + 1] - ev[m]) / ev[m], `gap above mode ${m}`).to.be.above(1e-3);
      expect(maxAbsDiff(g.modes!.eigenvalues, ev.slice(0, k)) / ev[0]).to.be.below(1e-6);
    });

    it('participation Σ|ψ_m,i|² and vibrality Σ|ψ_m,i|²/ω_m² match dense eigenvectors (all k modes used)', () => {
      expect(g.modes!.used).to.deep.equal(new Array(k).fill(true));
      const p = new Float64Array(config.n), v = new Float64Array(config.n);
      for (let m = 0; m < k; m++) density(vectors[m], d).forEach((x, i) => { p[i] += x; v[i] += x / ev[m]; });
      for (const dir of DIRECTIONS_2D) {
        expect(maxAbsDiff(g.fields.qlmParticipation![dir]!, p) / maxAbs(p)).to.be.below(1e-6);
        expect(maxAbsDiff(g.fields.vibrality![dir]!, v) / maxAbs(v)).to.be.below(1e-6);
      }
    });

    for (const mode of ['simple', 'pure'] as const) {
      it(`dλ_m/dγ (${mode}) matches central differences of re-minimized dense spectra; the softening field is oriented`, () => {
        // O(h²) truncation: at h = 1e-5 it is ~1.5e-5 of the softest 2D poly mode's dλ/dγ, at 1e-6 ~1.5e-7
        const h = 1e-6;
        const up = lambdasAt(mode, h), down = lambdasAt(mode, -h);
        const fd = Float64Array.from(up, (x, m) => (x - down[m]) / (2 * h));
        expect(maxAbsDiff(g.modes!.dlambda[mode]!, fd) / maxAbs(fd)).to.be.below(1e-5);
        for (const sign of [1, -1] as const) {
          const dir = `${mode}${sign > 0 ? '+' : '-'}` as Direction2D;
          const ref = new Float64Array(config.n);
          for (let m = 0; m < k; m++) {
            const weight = Math.max(-sign * fd[m] / ev[m], 0);
            density(vectors[m], d).forEach((x, i) => { ref[i] += weight * x; });
          }
          expect(maxAbsDiff(g.fields.qlmSoftening![dir]!, ref) / Math.max(maxAbs(ref), 1e-300), dir).to.be.below(1e-5);
        }
      });
    }

    it(`every indicator is present for every direction, with its support length (midpoints: dM)`, () => {
      const all = glassIndicators(config, { modes: k });
      expect(all.midpoints).to.have.length(d * all.count);
      for (const name of INDICATOR_NAMES) {
        for (const dir of DIRECTIONS_2D) {
          const f = all.fields[name]?.[dir];
          expect(f, `${name} ${dir}`).to.be.instanceOf(Float64Array);
          expect(f!.length, `${name} ${dir}`).to.equal(['absC', 'pPlus', 'absDcdg', 'dcdgPlus'].includes(name) ? all.count : config.n);
          expect(f!.every(Number.isFinite), `${name} ${dir}`).to.equal(true);
        }
      }
    });

    it(`modes above dN − d − 1 are refused with the bound`, () => {
      const kMax = d * config.n - d - 1;
      expect(() => glassIndicators(config, { indicators: ['vibrality'], modes: kMax + 1 })).to.throw(RangeError, new RegExp(`^options\\.modes: .*${kMax}`));
    });
  });
}
