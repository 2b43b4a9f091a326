/**
 * 2D polydisperse glasses (`poly`, sizes σ_i; DESIGN §10) through the public functions,
 * which send them to the d-generic code at d = 2 (lib/nd/law.ts isNdGlass), against
 * independent routes (test/helpers/nd-dense.ts): the Hessian vs finite differences of
 * brute-force forces and vs explicit K, c_α vs the dense inverse of the pinned Hessian,
 * Σc = 2(N − 1), Σdc/dγ = 0, dc_α/dγ vs central differences of the dense-route c_α of
 * dense-Newton re-minimized strained glasses, the Fig. S1 check, the lowest modes vs dense
 * Jacobi eigenvalues, and the fast AQS protocol vs the reference one (same particle, γ_c
 * within 1e-8). The glasses are made here (random start, FIRE, CG, dense Newton).
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { firstEvent } from '../lib/aqs/index.js';
import { localHeatCapacity, validateResponse } from '../lib/lhc/index.js';
import { lowestModes } from '../lib/modes/index.js';
import { deformAffine } from '../lib/space/cell-nd.js';
import { nearestCrossingBruteForce } from './helpers/cutoff-crossing.js';
import { isNdGlass, lawOfConfiguration, usesKernels2d } from '../lib/nd/law.js';
import { modelOfConfiguration } from '../lib/model/index.js';
import { presetE, shearModes } from '../lib/space/directions.js';
import { symmetricEigenvalues } from './helpers/dense-linalg.js';
import { denseC, denseEnergyForces, denseHessian, denseNewton, smallGlass } from './helpers/nd-dense.js';

const meanAbs = (x: ArrayLike<number>): number => { let s = 0; for (let k = 0; k < x.length; k++) s += Math.abs(x[k]!); return s / x.length; };
const maxAbs = (x: ArrayLike<number>): number => { let m = 0; for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]!)); return m; };

describe('2D poly glasses on the d-generic path (N = 100)', function () {
  this.timeout(300_000);
  const n = 100;
  let glass: Configuration;
  before(() => { glass = smallGlass('poly', n, 5, 2); });

  it('is routed to lib/nd (and ipl, ka2d are not); the 2D kernel Model still refuses it, naming the functions that take it', () => {
    expect(glass.dim).to.equal(undefined);
    expect(isNdGlass(glass)).to.equal(true);
    expect(isNdGlass({ model: 'ka2d' })).to.equal(false);
    expect(isNdGlass({})).to.equal(false);
    expect(isNdGlass({ model: 'poly', dim: 3 })).to.equal(true);
    // The 2D kernels take a 2D species-law glass, or any 2D glass with a Model passed; never 3D.
    expect(usesKernels2d(glass, false)).to.equal(false);
    expect(usesKernels2d(glass, true)).to.equal(true);
    expect(usesKernels2d({ model: 'ka2d' }, false)).to.equal(true);
    expect(usesKernels2d({}, false)).to.equal(true);
    expect(usesKernels2d({ model: 'ka', dim: 3 }, true)).to.equal(false);
    expect(() => modelOfConfiguration(glass)).to.throw(RangeError, /^config\.model: 'poly' has a per-particle law .*\(localHeatCapacity/);
  });

  it('the dense explicit-K Hessian = central differences of the brute-force forces (the dense route of c below)', () => {
    const law = lawOfConfiguration(glass);
    const H = denseHessian(glass, law), dim = 2 * n;
    const scale = maxAbs(H), h = 1e-6;
    for (const col of [0, 1, 37, 2 * n - 1]) {
      const y = Float64Array.from(glass.positions);
      y[col] += h; const fp = denseEnergyForces({ ...glass, positions: y }, law).forces;
      y[col] -= 2 * h; const fm = denseEnergyForces({ ...glass, positions: y }, law).forces;
      for (let row = 0; row < dim; row++) expect(H[row * dim + col]).to.be.closeTo(-(fp[row]! - fm[row]!) / (2 * h), 1e-6 * scale);
    }
  });

  it('localHeatCapacity: c_α = the dense-inverse route, Σc = 2(N − 1), Σdc/dγ = 0, columns simple and pure; another pinned particle agrees', () => {
    const law = lawOfConfiguration(glass);
    const res = localHeatCapacity(glass);
    const ref = denseC(glass, law, 0);
    expect(res.count).to.equal(ref.pairs.length);
    ref.pairs.forEach((p, k) => { expect([res.i[k], res.j[k]]).to.deep.equal([p.i, p.j]); });
    const floor = 1e-9 * meanAbs(ref.c);
    for (let k = 0; k < res.count; k++) expect(Math.abs(res.c[k]! - ref.c[k]!)).to.be.below(1e-9 * Math.abs(ref.c[k]!) + floor);
    let sumRef = 0;
    for (const c of ref.c) sumRef += c;
    expect(sumRef).to.be.closeTo(2 * (n - 1), 1e-8); // the dense route's own sum rule
    expect(res.diagnostics.expectedSumC).to.equal(2 * (n - 1));
    expect(res.diagnostics.sumC).to.be.closeTo(2 * (n - 1), 1e-8);
    expect(Object.keys(res.dcdg)).to.deep.equal(['simple', 'pure']);
    for (const [name, dc] of Object.entries(res.dcdg)) expect(Math.abs(res.diagnostics.sumDcdg[name]!), name).to.be.below(1e-9 * dc.length * meanAbs(dc));
    const other = localHeatCapacity(glass, { pinned: n - 1, method: 'solves' });
    for (let k = 0; k < res.count; k++) expect(Math.abs(other.c[k]! - res.c[k]!)).to.be.below(1e-9 * Math.abs(res.c[k]!) + floor);
  });

  it('dc_α/dγ = central differences of the dense-route c_α of dense-Newton minima at ±Δγ (simple, pure), below the nearest cutoff crossing', () => {
    const law = lawOfConfiguration(glass);
    const res = localHeatCapacity(glass);
    const cAt = (E: Float64Array, gamma: number): Map<string, number> => {
      const { cell, positions } = deformAffine(glass.cell, glass.positions, E, gamma);
      const relaxed = denseNewton({ ...glass, cell, positions }, law);
      const { pairs, c } = denseC(relaxed, law, 0);
      return new Map(pairs.map((p, k) => [`${p.i},${p.j}`, c[k]!]));
    };
    for (const mode of shearModes(2)) {
      const E = presetE(mode, 1, 2);
      // c_α jumps where a pair crosses its cutoff (DESIGN §10, poly): step below the nearest crossing
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
      if (process.env.ND_REPORT) console.log(`      poly 2D ${mode} (Δγ = ${dg.toExponential(2)}): 99th percentile ${p99.toExponential(2)}, worst ${worst.toExponential(2)}`);
      expect(errors.length, mode).to.be.above(0.99 * res.count);
      expect(p99, `${mode}: 99th percentile of the relative error`).to.be.below(1e-6);
      expect(worst, `${mode}: worst relative error`).to.be.below(1e-5);
    }
  });

  it('validateResponse (Fig. S1 check, central): 2D modes, steps below the nearest crossing, median error < 1e-2 %', () => {
    const v = validateResponse(glass, { central: true });
    expect(v.dim).to.equal(2);
    expect(Object.keys(v.modes)).to.deep.equal(['simple', 'pure']);
    for (const m of Object.values(v.modes)) {
      expect(m!.dgamma).to.be.at.most(Math.min(1e-5, 0.5 * m!.crossing.gamma));
      expect(m!.median).to.be.below(1e-2);
      expect(m!.count).to.be.above(0.99 * localHeatCapacity(glass, { deformations: [] }).count);
    }
  });

  it('lowestModes: ω² are the dense eigenvalues of the explicit-K Hessian after the two translations', () => {
    const law = lawOfConfiguration(glass);
    const values = symmetricEigenvalues(denseHessian(glass, law), 2 * n);
    const res = lowestModes(glass, 4, { tol: 1e-10 });
    expect(res.dim).to.equal(2);
    expect(Math.abs(values[0]!) + Math.abs(values[1]!)).to.be.below(1e-9 * values[2 * n - 1]!);
    res.modes.forEach((m, k) => expect(m.eigenvalue).to.be.closeTo(values[k + 2]!, 1e-8 * values[2 * n - 1]!));
    expect(Object.keys(res.modes[0]!.coupling)).to.deep.equal(['simple', 'pure']);
  });

  describe('first events: the fast protocol = the reference protocol (same particle, |Δγ_c| ≤ 1e-8)', () => {
    for (const direction of ['simple+', 'pure-'] as const) {
      it(direction, () => {
        const fast = firstEvent(glass, { direction });
        const ref = firstEvent(glass, { direction, protocol: 'reference', step: 5e-4 });
        if (process.env.ND_REPORT) {
          console.log(`      ${direction}: γ_c fast ${fast.gammaC} ref ${ref.gammaC}, particle ${fast.particle}/${ref.particle}, ` +
            `${fast.statistics.factorizations}/${ref.statistics.factorizations} factorizations, ${fast.statistics.timeMs.toFixed(0)}/${ref.statistics.timeMs.toFixed(0)} ms`);
        }
        expect(fast.protocol).to.equal('fast');
        expect(fast.particle, `particle, γ_c ${fast.gammaC} vs ${ref.gammaC}`).to.equal(ref.particle);
        expect(Math.abs(fast.gammaC - ref.gammaC), `γ_c ${fast.gammaC} vs ${ref.gammaC}`).to.be.at.most(1e-8);
        expect(fast.particlePosition).to.have.length(2);
        expect(fast.energyDrop).to.be.above(0);
      });
    }
    it('a non-linear Deformation is refused, naming the linear specs', () => {
      const def = { name: 'curved', E: Float64Array.of(0, 1, 0, 0), H: (g: number) => Float64Array.of(1, g + g * g, 0, 1), dH: () => Float64Array.of(0, 1, 0, 0) };
      expect(() => firstEvent(glass, { direction: def })).to.throw(RangeError, /^options\.direction: a 2D glass of a per-particle law \(poly\) is strained along H\(γ\) = I \+ γE only/);
    });
  });
});
