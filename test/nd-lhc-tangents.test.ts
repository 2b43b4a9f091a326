/**
 * The selected-inverse tangent along several perturbations in one supernodal sweep
 * (SparseCholesky.selectedInverseDerivatives, used by the 3D local heat capacity for its
 * four deformations) on the pinned Hessian of a small 3D glass: equal to separate
 * selectedInverseDerivative() calls bit for bit (so a deformation's dc/dγ does not depend on
 * which others are asked for), and to the independent routes −A⁻¹ Ȧ A⁻¹ by
 * dense Gauss–Jordan and the simplicial column-by-column Takahashi path.
 */
import { expect } from 'chai';
import { stiffnessBlocks } from '../lib/nd/contractions.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { findPairsNd } from '../lib/nd/pairs.js';
import { ndAssemble, ndHessianPattern } from '../lib/nd/pattern.js';
import { pairRadial } from '../lib/nd/radial.js';
import { SparseCholesky, type CscMatrix } from '../lib/sparse-cholesky.js';
import { denseFromCsc, denseInverse, matmul, maxRelDiff, onPattern, seededRandom } from './helpers/dense-linalg.js';
import { smallGlass } from './helpers/nd-dense.js';
import { ka3dGlass } from './helpers/glass3d.js';
import { localHeatCapacity, localHeatCapacityAsync } from '../lib/lhc/index.js';
import { readFixtureConfig, readFixtureLhc } from './helpers/read-fixture.js';

describe('nd/lhc: selected-inverse tangents of several deformations in one sweep', function () {
  this.timeout(120_000);
  let M: CscMatrix;
  let dM: Float64Array[];
  before(() => {
    const glass = smallGlass('ka', 152, 1);
    const law = lawOfConfiguration(glass);
    const pairs = findPairsNd(glass, law);
    const pattern = ndHessianPattern(pairs, 0);
    M = ndAssemble(pattern, stiffnessBlocks(pairs, pairRadial(pairs, law, 4)));
    // four symmetric perturbations on the pattern (lower triangle), of the Hessian's scale
    dM = [1, 2, 3, 4].map((seed) => { const rand = seededRandom(seed); return Float64Array.from(M.values, (v) => v * (rand() * 2 - 1)); });
  });

  it('equals separate selectedInverseDerivative() calls bit for bit (supernodal, METIS and AMD), sync and async', async () => {
    for (const ordering of ['metis', 'amd'] as const) {
      const f = SparseCholesky.analyze(M, { ordering, mode: 'supernodal' });
      f.factorize(M.values);
      expect(f.mode).to.equal('supernodal');
      const together = f.selectedInverseDerivatives(dM);
      const separate = dM.map((d) => f.selectedInverseDerivative(d));
      expect(together).to.have.length(4);
      // bit for bit: a tangent's arithmetic does not depend on the others in its sweep
      together.forEach((z, i) => { expect(maxRelDiff(z, separate[i]!), `${ordering} deformation ${i}`).to.equal(0); });
      const later = await f.selectedInverseDerivativesAsync(dM);
      later.forEach((z, i) => { expect(maxRelDiff(z, together[i]!)).to.equal(0); });
      // the tangents leave the cached inverse as it was
      const z0 = f.selectedInverse();
      f.selectedInverseDerivatives(dM);
      expect(maxRelDiff(f.selectedInverse(), z0)).to.equal(0);
      f.dispose();
    }
  });

  it('equals −A⁻¹ Ȧ A⁻¹ by dense Gauss–Jordan and the simplicial Takahashi path (1e-10)', () => {
    const n = M.n;
    const inverse = denseInverse(denseFromCsc(M), n);
    const f = SparseCholesky.analyze(M, { ordering: 'metis', mode: 'supernodal' });
    f.factorize(M.values);
    const together = f.selectedInverseDerivatives(dM);
    f.dispose();
    const s = SparseCholesky.analyze(M, { ordering: 'amd', mode: 'simplicial' });
    s.factorize(M.values);
    dM.forEach((d, i) => {
      const dense = onPattern(M, matmul(matmul(inverse, denseFromCsc(M, d), n), inverse, n).map((x) => -x));
      expect(maxRelDiff(together[i]!, dense), `dense, deformation ${i}`).to.be.below(1e-10);
      expect(maxRelDiff(together[i]!, s.selectedInverseDerivative(d)), `simplicial, deformation ${i}`).to.be.below(1e-10);
    });
    // the simplicial and 'solves' paths take several perturbations too
    const simplicial = s.selectedInverseDerivatives(dM);
    const solves = s.selectedInverseDerivatives(dM, { method: 'solves', block: 50 });
    simplicial.forEach((z, i) => {
      expect(maxRelDiff(z, together[i]!)).to.be.below(1e-10);
      expect(maxRelDiff(solves[i]!, together[i]!)).to.be.below(1e-10);
    });
    s.dispose();
  });

  it('names a bad argument', () => {
    const f = SparseCholesky.analyze(M, { ordering: 'metis', mode: 'supernodal' });
    f.factorize(M.values);
    expect(() => f.selectedInverseDerivatives([])).to.throw(TypeError, 'dValues: expected a non-empty array');
    expect(() => f.selectedInverseDerivatives([dM[0]!, new Float64Array(3)])).to.throw(RangeError, 'dValues[1]');
    const bad = Float64Array.from(dM[0]!);
    bad[5] = NaN;
    expect(() => f.selectedInverseDerivatives([dM[1]!, bad])).to.throw(RangeError, 'dValues[1]: expected finite numbers, got NaN at index 5');
    f.dispose();
  });

  it('localHeatCapacity: tangentsPerSweep 1, 3 and all give the same dc/dγ, bit for bit, for the four 3D shears; a bad value is named', () => {
    const glass = ka3dGlass(6);
    const all = localHeatCapacity(glass);
    expect(Object.keys(all.dcdg)).to.deep.equal(['simple', 'pure', 'simple-xz', 'simple-yz']);
    for (const k of [1, 3]) {
      const r = localHeatCapacity(glass, { tangentsPerSweep: k });
      for (const [name, v] of Object.entries(all.dcdg)) expect(maxRelDiff(r.dcdg[name]!, v), `${name}, ${k} per sweep`).to.equal(0);
      expect(maxRelDiff(r.c, all.c)).to.equal(0);
    }
    expect(() => localHeatCapacity(glass, { tangentsPerSweep: 0 })).to.throw(RangeError, 'options.tangentsPerSweep');
    expect(() => localHeatCapacity(glass, { tangentsPerSweep: 1.5 })).to.throw(RangeError, 'options.tangentsPerSweep');
  });

  it('2D: a deformation\'s dc/dγ is the same bit for bit whichever others are asked for, in whatever order (N = 256)', () => {
    const glass = readFixtureConfig('n256_s1');
    const E = { simple: Float64Array.of(0, 1, 0, 0), pure: Float64Array.of(0.5, 0, 0, -0.5), 'simple-': Float64Array.of(0, -1, 0, 0) };
    const alone = localHeatCapacity(glass, { deformations: [{ name: 'simple', E: E.simple }] }).dcdg.simple!;
    for (const names of [['simple', 'pure'], ['pure', 'simple'], ['pure', 'simple-', 'simple']] as const) {
      const r = localHeatCapacity(glass, { deformations: names.map((name) => ({ name, E: E[name] })) });
      expect(maxRelDiff(r.dcdg.simple!, alone), names.join(',')).to.equal(0);
    }
  });

  it('2D (the paper\'s glass): one sweep for all deformations gives the dc/dγ of one sweep each, sync and async, both methods, three deformations; both equal the independent reference table', async () => {
    const glass = readFixtureConfig('n64_s1');
    const ref = readFixtureLhc('n64_s1');
    const deformations = [
      { name: 'simple', E: Float64Array.of(0, 1, 0, 0) }, { name: 'pure', E: Float64Array.of(0.5, 0, 0, -0.5) },
      { name: 'mixed', E: Float64Array.of(0.3, 0.7, -0.2, -0.3) },
    ];
    for (const method of ['takahashi', 'solves'] as const) {
      const one = localHeatCapacity(glass, { method, deformations, tangentsPerSweep: 1 });
      expect(one.diagnostics.timings.selectedInverseDerivative).to.be.a('number');
      for (const [k, run] of [[2, localHeatCapacity(glass, { method, deformations, tangentsPerSweep: 2 })], ['all', localHeatCapacity(glass, { method, deformations })],
        ['all, async', await localHeatCapacityAsync(glass, { method, deformations })]] as const) {
        for (const { name } of deformations) {
          expect(maxRelDiff(run.dcdg[name]!, one.dcdg[name]!), `${method}, ${name}, ${k} per sweep`).to.equal(0);
          expect(maxRelDiff(run.nonAffine[name]!, one.nonAffine[name]!), `${method}, u of ${name}, ${k} per sweep`).to.equal(0); // in the order given
        }
        expect(maxRelDiff(run.c, one.c)).to.equal(0);
      }
      // Solves by an iterative solver (pcg-ichol, tol 1e-12): one sweep or one each, the same dc/dγ.
      const pcgAll = localHeatCapacity(glass, { method, deformations, solver: 'pcg-ichol', solverTol: 1e-12 });
      const pcgOne = localHeatCapacity(glass, { method, deformations, solver: 'pcg-ichol', solverTol: 1e-12, tangentsPerSweep: 1 });
      for (const { name } of deformations) expect(maxRelDiff(pcgAll.dcdg[name]!, pcgOne.dcdg[name]!), `pcg-ichol, ${method}, ${name}`).to.equal(0);
      expect(Array.from(one.i)).to.deep.equal(Array.from(ref.i));
      expect(maxRelDiff(one.dcdg.simple!, ref.dcdgSimple), `${method} vs the reference`).to.be.below(1e-8);
      expect(maxRelDiff(one.dcdg.pure!, ref.dcdgPure), `${method} vs the reference`).to.be.below(1e-8);
    }
  });
});

