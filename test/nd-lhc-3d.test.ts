/**
 * c_α and dc_α/dγ of small 3D glasses (ka, ipl3d, poly) made here, against independent
 * routes (test/helpers/nd-dense.ts): forces vs finite differences of the energy, the sparse
 * pinned Hessian vs finite differences of the forces and vs a dense one from explicit K,
 * c_α vs the dense inverse of the pinned Hessian, dc_α/dγ vs a central difference of c_α
 * over strain with dense-Newton re-minimization (each of the four 3D presets), the sum
 * rules Σc = 3(N − 1), Σdc/dγ = 0, and independence of the pinned particle.
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { deformAffine } from '../lib/space/cell-nd.js';
import { nearestCrossingBruteForce } from './helpers/cutoff-crossing.js';
import { energyForcesNd } from '../lib/nd/energy.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { localHeatCapacityNd } from '../lib/nd/local-heat-capacity.js';
import { findPairsNd } from '../lib/nd/pairs.js';
import { ndAssemble, ndHessianPattern } from '../lib/nd/pattern.js';
import { pairRadial } from '../lib/nd/radial.js';
import { stiffnessBlocks } from '../lib/nd/contractions.js';
import { localHeatCapacity, localHeatCapacityAsync } from '../lib/lhc/index.js';
import { presetE, shearModes } from '../lib/space/directions.js';
import { denseFromCsc, seededRandom } from './helpers/dense-linalg.js';
import { brutePairs, denseC, denseHessian, denseNewton, dropPinned, smallGlass } from './helpers/nd-dense.js';

const GLASSES = [
  { preset: 'ka', n: 152, seed: 1 },
  { preset: 'ipl3d', n: 64, seed: 2 },
  { preset: 'poly', n: 80, seed: 3 },
] as const;

const maxAbs = (x: ArrayLike<number>): number => { let m = 0; for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]!)); return m; };
const meanAbs = (x: ArrayLike<number>): number => { let s = 0; for (let k = 0; k < x.length; k++) s += Math.abs(x[k]!); return s / x.length; };

for (const { preset, n, seed } of GLASSES) {
  describe(`nd/lhc on a small 3D ${preset} glass (N = ${n})`, function () {
    this.timeout(300_000); // the ka glass and its finite differences take ~30 s on a loaded 2-core machine
    let glass: Configuration;
    before(() => { glass = smallGlass(preset, n, seed); });

    it('forces = −∇U (central differences) and the pair list = the O(N²) search', () => {
      const law = lawOfConfiguration(glass);
      const pairs = findPairsNd(glass, law);
      const brute = brutePairs(glass, law);
      expect(pairs.count).to.equal(brute.length);
      brute.forEach((p, k) => { expect([pairs.i[k], pairs.j[k]]).to.deep.equal([p.i, p.j]); });
      const x = Float64Array.from(glass.positions);
      const moved = (k: number, dx: number): Configuration => { const y = Float64Array.from(x); y[k] += dx; return { ...glass, positions: y }; };
      // forces at a displaced point (at the minimum they are ~0)
      const base = moved(5, 0.01);
      const F = energyForcesNd(base, law).forces;
      const h = 1e-5;
      for (const k of [0, 5, 7, 3 * n - 1]) {
        const y = Float64Array.from(base.positions);
        y[k] += h; const ep = energyForcesNd({ ...glass, positions: y }, law).energy;
        y[k] -= 2 * h; const em = energyForcesNd({ ...glass, positions: y }, law).energy;
        expect(F[k]).to.be.closeTo(-(ep - em) / (2 * h), 1e-6 * Math.max(1, Math.abs(F[k]!)));
      }
    });

    it('pinned sparse Hessian = dense explicit-K Hessian = finite differences of the forces', () => {
      const law = lawOfConfiguration(glass);
      const pinned = 3;
      const pairs = findPairsNd(glass, law);
      const pattern = ndHessianPattern(pairs, pinned);
      const M = denseFromCsc(ndAssemble(pattern, stiffnessBlocks(pairs, pairRadial(pairs, law, 2))));
      const dim = 3 * n - 3;
      const dense = dropPinned(denseHessian(glass, law), 3 * n, 3, pinned);
      const scale = maxAbs(dense);
      let diff = 0;
      for (let k = 0; k < dim * dim; k++) diff = Math.max(diff, Math.abs(M[k]! - dense[k]!));
      expect(diff).to.be.below(1e-12 * scale);
      const h = 1e-6;
      for (const col of [0, 1, 2, 13, 3 * n - 4]) {
        const dof = col >= 3 * pinned ? col + 3 : col;
        const y = Float64Array.from(glass.positions);
        y[dof] += h; const fp = energyForcesNd({ ...glass, positions: y }, law).forces;
        y[dof] -= 2 * h; const fm = energyForcesNd({ ...glass, positions: y }, law).forces;
        for (let row = 0; row < dim; row++) {
          const r = row >= 3 * pinned ? row + 3 : row;
          expect(M[row * dim + col]).to.be.closeTo(-(fp[r]! - fm[r]!) / (2 * h), 1e-6 * scale);
        }
      }
    });

    it('c_α = the dense-inverse route; Σc = 3(N − 1); Σdc/dγ = 0; the same for another pinned particle, async, by PCG', async () => {
      const law = lawOfConfiguration(glass);
      const res = localHeatCapacityNd(glass);
      const ref = denseC(glass, law, 0);
      expect(res.count).to.equal(ref.pairs.length);
      const floor = 1e-9 * meanAbs(ref.c);
      for (let k = 0; k < res.count; k++) expect(Math.abs(res.c[k]! - ref.c[k]!)).to.be.below(1e-9 * Math.abs(ref.c[k]!) + floor);
      expect(res.diagnostics.expectedSumC).to.equal(3 * (n - 1));
      expect(res.diagnostics.sumC).to.be.closeTo(3 * (n - 1), 1e-8);
      expect(Object.keys(res.dcdg)).to.deep.equal(['simple', 'pure', 'simple-xz', 'simple-yz']);
      for (const [name, dc] of Object.entries(res.dcdg)) {
        expect(Math.abs(res.diagnostics.sumDcdg[name]!), name).to.be.below(1e-9 * dc.length * meanAbs(dc));
      }
      const other = localHeatCapacity(glass, { pinned: n - 1, method: 'solves', mode: 'simplicial' });
      const viaAsync = await localHeatCapacityAsync(glass, { solver: 'pcg-ichol', solverTol: 1e-13 });
      for (let k = 0; k < res.count; k++) expect(Math.abs(viaAsync.c[k]! - res.c[k]!)).to.be.below(1e-9 * Math.abs(res.c[k]!) + floor);
      expect(viaAsync.diagnostics.solver).to.equal('pcg-ichol');
      for (let k = 0; k < res.count; k++) expect(Math.abs(other.c[k]! - res.c[k]!)).to.be.below(1e-9 * Math.abs(res.c[k]!) + floor);
      for (const [name, dc] of Object.entries(res.dcdg)) {
        const s = meanAbs(dc);
        for (let k = 0; k < res.count; k++) expect(Math.abs(other.dcdg[name]![k]! - dc[k]!)).to.be.below(1e-8 * Math.abs(dc[k]!) + 1e-9 * s);
      }
    });

    it('a glass off its minimum is polished by Newton (same c); polish: false refuses it', () => {
      const res = localHeatCapacity(glass, { deformations: [] });
      const r = seededRandom(seed);
      const moved: Configuration = { ...glass, positions: glass.positions.map((x) => x + 1e-6 * (r() - 0.5)) };
      const polished = localHeatCapacity(moved, { deformations: [] });
      expect(polished.diagnostics.polished).to.equal(true);
      expect(polished.diagnostics.maxForce).to.be.below(1e-10);
      const floor = 1e-9 * meanAbs(res.c);
      for (let k = 0; k < res.count; k++) expect(Math.abs(polished.c[k]! - res.c[k]!)).to.be.below(1e-8 * Math.abs(res.c[k]!) + floor);
      expect(() => localHeatCapacity(moved, { polish: false })).to.throw(RangeError, /^config: not at an energy minimum \(max \|force\| = .* > 1e-9\); minimize it first/);
    });

    it('dc_α/dγ = (c(+Δγ) − c(−Δγ)) / 2Δγ with re-minimization, for simple, pure, simple-xz, simple-yz', () => {
      const law = lawOfConfiguration(glass);
      const res = localHeatCapacityNd(glass);
      const cAt = (E: Float64Array, gamma: number): Map<string, number> => {
        const { cell, positions } = deformAffine(glass.cell, glass.positions, E, gamma);
        const relaxed = denseNewton({ ...glass, cell, positions }, law);
        const r = localHeatCapacityNd(relaxed, { deformations: [], polish: false });
        const map = new Map<string, number>();
        for (let k = 0; k < r.count; k++) map.set(`${r.i[k]},${r.j[k]}`, r.c[k]!);
        return map;
      };
      for (const mode of shearModes(3)) {
        const E = presetE(mode, 1, 3);
        // dc/dγ jumps where a pair crosses its cutoff (DESIGN §10): step below the nearest crossing
        const dg = Math.min(2e-5, nearestCrossingBruteForce(glass, res.nonAffine[mode]!, E) / 4);
        // Richardson: FD = (4 D(Δγ/2) − D(Δγ)) / 3, truncation O(Δγ⁴)
        const states = [dg, -dg, dg / 2, -dg / 2].map((g) => cAt(E, g));
        const dc = res.dcdg[mode]!;
        const s = meanAbs(dc);
        const errors: number[] = [];
        for (let k = 0; k < res.count; k++) {
          const key = `${res.i[k]},${res.j[k]}`;
          if (!states.every((m) => m.has(key))) continue;
          const [p1, m1, p2, m2] = states.map((m) => m.get(key)!) as [number, number, number, number];
          const fd = (4 * (p2 - m2) / dg - (p1 - m1) / (2 * dg)) / 3;
          errors.push(Math.abs(fd - dc[k]!) / (Math.abs(dc[k]!) + 1e-3 * s));
        }
        errors.sort((a, b) => a - b);
        const worst = errors[errors.length - 1]!, p99 = errors[Math.floor(0.99 * errors.length)]!;
        if (process.env.ND_REPORT) console.log(`      ${preset} ${mode} (Δγ = ${dg.toExponential(2)}): |dc − FD| / (|dc| + 1e-3 mean|dc|): 99th percentile ${p99.toExponential(2)}, worst ${worst.toExponential(2)}`);
        expect(errors.length, mode).to.be.above(0.99 * res.count);
        expect(p99, `${mode}: 99th percentile of the relative error`).to.be.below(1e-6);
        expect(worst, `${mode}: worst relative error`).to.be.below(1e-5);
      }
    });
  });
}
