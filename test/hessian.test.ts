import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import {
  assembleBlocks,
  blockContract,
  bondVelocity,
  energy,
  energyForces,
  expandPinned,
  findPairs,
  forces,
  gatherPairVectors,
  hessian,
  hessianPattern,
  mismatchForces,
  pairDifferences,
  pairTensors,
  pressure,
  qDotVec,
  restrictPinned,
  shearStress,
  strainDerivative,
  stressAlong,
  stressTensor,
  tContractG,
  tDotVec,
  updatePairVectors,
  virialStress,
  type PairList,
} from '../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import {
  PURE_SHEAR,
  SIMPLE_SHEAR,
  applyMatrix,
  cellVolume,
  createNeighborList,
  deformConfiguration,
  linearDeformation,
  matMul2,
  type Deformation,
} from '../lib/space/index.js';
import { denseFromCsc, seededRandom } from './helpers/dense-linalg.js';
import { centralDirectional, centralScalar, relMaxError, unitVector } from './helpers/finite-diff.js';
import { FIXTURE_NAMES, readFixtureConfig, readFixtureLhc } from './helpers/read-fixture.js';

const model = DEFAULT_MODEL;

function withPositions(c: Configuration, x: Float64Array): Configuration {
  return { ...c, positions: x };
}

/** ∇U (= −F) at positions x, keeping the cell. */
function gradU(c: Configuration, x: Float64Array): Float64Array {
  const f = forces(withPositions(c, x), model);
  for (let k = 0; k < f.length; k++) f[k] = -f[k];
  return f;
}

/** A copy of c with positions randomly displaced (so forces are non-zero). */
function shaken(c: Configuration, amp: number, seed: number): Configuration {
  const rand = seededRandom(seed);
  const x = c.positions.slice();
  for (let k = 0; k < x.length; k++) x[k] += amp * (rand() - 0.5);
  return withPositions(c, x);
}

/** Per-pair tensors of a bond vector list, as a function for FD (same pair set). */
function tensorsAt(pairs: PairList, r: Float64Array, order: number) {
  const p: PairList = { ...pairs, r };
  return pairTensors(p, model, order);
}

const E_RANDOM = new Float64Array([0.3, -0.7, 0.45, -0.1]);

describe('hessian', () => {
  const glass = readFixtureConfig('n64_s1');
  const hot = shaken(glass, 0.05, 1); // off the minimum: non-zero forces
  const pairs = findPairs(hot, model);
  const tens = pairTensors(pairs, model, 4);

  describe('fixtures', () => {
    for (const name of FIXTURE_NAMES) {
      it(`${name}: pair set equals the lhc.csv (i, j) set; energy= is the TOTAL energy`, () => {
        const c = readFixtureConfig(name);
        const p = findPairs(c, model);
        const lhc = readFixtureLhc(name);
        expect(p.count).to.equal(lhc.i.length);
        expect(Array.from(p.i.subarray(0, p.count))).to.deep.equal(Array.from(lhc.i));
        expect(Array.from(p.j.subarray(0, p.count))).to.deep.equal(Array.from(lhc.j));
        const e = energy(c, model);
        const ref = c.info?.energy as number;
        expect(e).to.be.closeTo(ref, 1e-12 * ref);
        // a minimum: forces at the fixture's fmax level
        const f = forces(c, model);
        const fmax = Math.max(...Array.from(f, Math.abs));
        expect(fmax).to.be.below(10 * (c.info?.fmax as number) + 1e-12);
        // with a Verlet list: same pairs, same energy
        const nl = createNeighborList(c.n, { cutoff: model.maxCutoff, skin: 0.3 });
        const p2 = findPairs(c, model, nl);
        expect(Array.from(p2.j.subarray(0, p2.count))).to.deep.equal(Array.from(lhc.j));
        expect(energy(c, model, nl)).to.be.closeTo(e, 1e-12 * e);
      });
    }
  });

  describe('energy and forces', () => {
    it('forces are −∇U by central differences', () => {
      const f = forces(hot, model);
      const rand = seededRandom(2);
      for (let s = 0; s < 6; s++) {
        const d = new Float64Array(f.length);
        for (let k = 0; k < d.length; k++) d[k] = rand() - 0.5;
        const fd = centralDirectional((x) => new Float64Array([energy(withPositions(hot, x), model)]), hot.positions, d, 1e-6)[0];
        let dot = 0;
        for (let k = 0; k < d.length; k++) dot -= f[k] * d[k];
        expect(fd).to.be.closeTo(dot, 1e-6 * Math.max(1, Math.abs(dot)));
      }
    });

    it('energyForces = (energy, forces); pair route agrees; out reused', () => {
      const out = new Float64Array(2 * hot.n);
      const ef = energyForces(hot, model, undefined, out);
      expect(ef.forces).to.equal(out);
      expect(ef.energy).to.be.closeTo(energy(hot, model), 1e-12 * ef.energy);
      let e = 0;
      for (let a = 0; a < pairs.count; a++) e += tens.phi[a];
      expect(e).to.be.closeTo(ef.energy, 1e-12 * e);
      const fPairs = gatherPairVectors(pairs, tens.g!);
      expect(relMaxError(fPairs.map((v) => -v), out)).to.be.below(1e-13);
    });

    it('translation invariance: energy, forces unchanged; Σ F = 0', () => {
      const x = hot.positions.slice();
      for (let p = 0; p < hot.n; p++) {
        x[2 * p] += 3.7;
        x[2 * p + 1] -= 12.1;
      }
      const a = energyForces(hot, model), b = energyForces(withPositions(hot, x), model);
      expect(b.energy).to.be.closeTo(a.energy, 1e-12 * a.energy);
      expect(relMaxError(b.forces, a.forces)).to.be.below(1e-10);
      let sx = 0, sy = 0;
      for (let p = 0; p < hot.n; p++) {
        sx += a.forces[2 * p];
        sy += a.forces[2 * p + 1];
      }
      expect(Math.abs(sx) + Math.abs(sy)).to.be.below(1e-11);
    });

    it('works in a strongly tilted cell (simple shear γ = 3, lattice reduced internally)', () => {
      const tilted = deformConfiguration(hot, SIMPLE_SHEAR.H(3));
      const e1 = energy(tilted, model);
      // the same glass described by a less tilted cell of the same lattice (h · [[1,−3],[0,1]])
      const equiv: Configuration = { ...tilted, cell: matMul2(tilted.cell, new Float64Array([1, -3, 0, 1])) };
      expect(energy(equiv, model)).to.be.closeTo(e1, 1e-12 * e1);
      expect(findPairs(tilted, model).count).to.equal(findPairs(equiv, model).count);
    });
  });

  describe('stress', () => {
    const cases: Array<[string, Deformation]> = [
      ['simple', SIMPLE_SHEAR],
      ['pure', PURE_SHEAR],
      ['random E', linearDeformation(E_RANDOM)],
    ];
    for (const [label, def] of cases) {
      it(`σ = (1/V) dU/dγ by finite differences of U(H(γ)·state) (${label})`, () => {
        const V = cellVolume(hot.cell);
        const U = (g: number): number => energy(deformConfiguration(hot, def.H(g)), model);
        const fd = centralScalar(U, 0, 1e-6) / V;
        const sigma = virialStress(pairs, tens.g!, V);
        expect(stressAlong(sigma, def.E)).to.be.closeTo(fd, 1e-7 * Math.max(1, Math.abs(fd)));
        expect(strainDerivative(pairs, tens.g!, def.E) / V).to.be.closeTo(fd, 1e-7 * Math.max(1, Math.abs(fd)));
        if (label === 'simple') expect(shearStress(sigma, 'simple')).to.be.closeTo(fd, 1e-7);
        if (label === 'pure') expect(shearStress(sigma, 'pure')).to.be.closeTo(fd, 1e-7);
      });
    }

    it('pressure = −dU/dV under isotropic dilation; stressTensor is symmetric', () => {
      const V = cellVolume(hot.cell);
      const U = (e: number): number => energy(deformConfiguration(hot, new Float64Array([1 + e, 0, 0, 1 + e])), model);
      const fd = -centralScalar(U, 0, 1e-6) / (2 * V);
      const sigma = stressTensor(hot, model);
      expect(pressure(sigma)).to.be.closeTo(fd, 1e-7 * Math.abs(fd));
      expect(sigma[1]).to.be.closeTo(sigma[2], 1e-12 * Math.abs(sigma[0]));
    });
  });

  describe('sparse Hessian', () => {
    const N = hot.n;
    const M = hessian(pairs, tens.K!, N);

    it('CSC lower triangle, sorted rows, diagonal blocks present', () => {
      expect(M.n).to.equal(2 * N);
      expect(M.colPtr[M.n]).to.equal(M.rowIdx.length);
      for (let c = 0; c < M.n; c++) {
        const s = M.colPtr[c], e = M.colPtr[c + 1];
        expect(M.rowIdx[s]).to.equal(c);
        if (c % 2 === 0) expect(M.rowIdx[s + 1]).to.equal(c + 1);
        for (let k = s + 1; k < e; k++) expect(M.rowIdx[k]).to.be.above(M.rowIdx[k - 1]);
      }
      // an isolated particle still has its diagonal block
      const P = hessianPattern({ ...pairs, count: 0 }, 3);
      expect(Array.from(P.colPtr)).to.deep.equal([0, 2, 3, 5, 6, 8, 9]);
    });

    it('equals the finite-difference Jacobian of ∇U (dense, full symmetric)', () => {
      const dense = denseFromCsc(M);
      const n = 2 * N;
      const fd = new Float64Array(n * n);
      for (let k = 0; k < n; k++) {
        const col = centralDirectional((x) => gradU(hot, x), hot.positions, unitVector(n, k), 1e-6);
        for (let r = 0; r < n; r++) fd[r * n + k] = col[r];
      }
      expect(relMaxError(dense, fd)).to.be.below(1e-7);
    });

    it('has the translational zero modes', () => {
      const dense = denseFromCsc(M);
      const n = 2 * N;
      for (let r = 0; r < n; r++) {
        let sx = 0, sy = 0;
        for (let p = 0; p < N; p++) {
          sx += dense[r * n + 2 * p];
          sy += dense[r * n + 2 * p + 1];
        }
        expect(Math.abs(sx) + Math.abs(sy)).to.be.below(1e-10);
      }
    });

    it('pinned variant = the full matrix with the pinned rows/columns removed', () => {
      const full = denseFromCsc(M);
      for (const pin of [0, 17, N - 1]) {
        const P = hessianPattern(pairs, N, pin);
        const Mp = assembleBlocks(P, tens.K!);
        expect(Mp.n).to.equal(2 * N - 2);
        const dp = denseFromCsc(Mp);
        const keep: number[] = [];
        for (let d = 0; d < 2 * N; d++) if (d >> 1 !== pin) keep.push(d);
        const ref = new Float64Array(keep.length ** 2);
        keep.forEach((r, a) => keep.forEach((c, b) => (ref[a * keep.length + b] = full[r * 2 * N + c])));
        expect(relMaxError(dp, ref)).to.equal(0);
        const v = Float64Array.from({ length: 2 * N }, (_, k) => k + 1);
        const rv = restrictPinned(P, v);
        expect(rv.length).to.equal(2 * N - 2);
        const ev = expandPinned(P, rv);
        expect(ev[2 * pin]).to.equal(0);
        expect(Array.from(ev).filter((_, k) => k >> 1 !== pin)).to.deep.equal(Array.from(v).filter((_, k) => k >> 1 !== pin));
      }
    });

    it('the pattern is deterministic and reusable: re-assembly into `out` does not allocate values', () => {
      const P = hessianPattern(pairs, N);
      const out = new Float64Array(P.nnz);
      const A = assembleBlocks(P, tens.K!, out);
      expect(A.values).to.equal(out);
      expect(A.colPtr).to.equal(P.colPtr);
      const P2 = hessianPattern(pairs, N);
      expect(Array.from(P2.rowIdx)).to.deep.equal(Array.from(P.rowIdx));
      expect(relMaxError(out, M.values)).to.equal(0);
    });

    it('validates the pair order and arguments', () => {
      const bad: PairList = { ...pairs, i: pairs.i.slice(), j: pairs.j.slice() };
      [bad.j[0], bad.j[1]] = [bad.j[1], bad.j[0]];
      expect(() => hessianPattern(bad, N)).to.throw(RangeError, 'pairs[1]: expected strictly increasing (i, j)');
      expect(() => hessianPattern(pairs, N, N)).to.throw(RangeError, `pinned: expected <= ${N - 1}, got ${N}`);
      const P = hessianPattern(pairs, N);
      expect(() => assembleBlocks(P, new Float64Array(3))).to.throw(RangeError, `blocks: expected length >= ${4 * pairs.count}, got 3`);
    });
  });

  describe('response contractions (DESIGN §4)', () => {
    const N = hot.n;

    for (const [label, E] of [['simple', SIMPLE_SHEAR.E], ['pure', PURE_SHEAR.E], ['random', E_RANDOM]] as const) {
      it(`mismatch forces Ξ = ∂(∇U)/∂γ under affine strain (${label})`, () => {
        const def = linearDeformation(E);
        const G = (g: number): Float64Array => {
          const c = deformConfiguration(hot, def.H(g));
          return gradU(c, c.positions);
        };
        const gp = G(1e-6), gm = G(-1e-6);
        const fd = gp.map((v, k) => (v - gm[k]) / 2e-6);
        const xi = mismatchForces(pairs, tens.K!, E);
        expect(relMaxError(xi, fd)).to.be.below(1e-7);
      });
    }

    it('T·v is the derivative of K along v; Q·v that of T', () => {
      const rand = seededRandom(8);
      const v = Float64Array.from({ length: 2 * pairs.count }, () => rand() - 0.5);
      const r0 = pairs.r.slice(0, 2 * pairs.count);
      const fdK = centralDirectional((r) => tensorsAt(pairs, r, 2).K!, r0, v, 1e-6);
      const fdT = centralDirectional((r) => tensorsAt(pairs, r, 3).T!, r0, v, 1e-6);
      expect(relMaxError(tDotVec(tens.T!, v), fdK)).to.be.below(1e-7);
      expect(relMaxError(qDotVec(tens.Q!, v), fdT)).to.be.below(1e-7);
    });

    it('Ṁ = Σ D_αᵀ (T_α·ṙ_α) D_α with ṙ = E r + D u is dM/dγ along x(γ) = H(γ)(x + γu)', () => {
      const rand = seededRandom(12);
      const u = Float64Array.from({ length: 2 * N }, () => rand() - 0.5);
      const def = linearDeformation(E_RANDOM);
      const P = hessianPattern(pairs, N, 5);
      const rdot = bondVelocity(pairs, def.E, u);
      // ṙ check: D_α u + E r_α
      const du = pairDifferences(pairs, u);
      expect(rdot[0]).to.be.closeTo(du[0] + E_RANDOM[0] * pairs.r[0] + E_RANDOM[1] * pairs.r[1], 1e-14);
      const Mdot = assembleBlocks(P, tDotVec(tens.T!, rdot));
      const Mat = (g: number): Float64Array => {
        const x = hot.positions.map((v, k) => v + g * u[k]);
        const c = deformConfiguration(withPositions(hot, x), def.H(g));
        const p = updatePairVectors({ ...pairs, r: pairs.r.slice() }, c, model);
        return assembleBlocks(P, pairTensors(p, model, 2).K!).values;
      };
      const mp = Mat(1e-6), mm = Mat(-1e-6);
      const fd = mp.map((v, k) => (v - mm[k]) / 2e-6);
      expect(relMaxError(Mdot.values, fd)).to.be.below(1e-7);
    });

    it('v = Σ_β D_βᵀ (T_β : G_β) is the gradient of Σ_β K_β : G_β (G_β fixed symmetric)', () => {
      const rand = seededRandom(13);
      const G = new Float64Array(4 * pairs.count);
      for (let a = 0; a < pairs.count; a++) {
        G[4 * a] = rand(); G[4 * a + 3] = rand();
        G[4 * a + 1] = G[4 * a + 2] = rand() - 0.5;
      }
      const v = gatherPairVectors(pairs, tContractG(tens.T!, G));
      const S = (x: Float64Array): Float64Array => {
        const p = updatePairVectors({ ...pairs, r: pairs.r.slice() }, withPositions(hot, x), model);
        const K = pairTensors(p, model, 2).K!;
        const kg = blockContract(K, G);
        return new Float64Array([kg.reduce((s, t) => s + t, 0)]);
      };
      const fd = new Float64Array(2 * N);
      for (let k = 0; k < 2 * N; k++) fd[k] = centralDirectional(S, hot.positions, unitVector(2 * N, k), 1e-6)[0];
      expect(relMaxError(v, fd)).to.be.below(1e-7);
    });

    it('validate arguments with named messages', () => {
      expect(() => mismatchForces(pairs, new Float64Array(4), SIMPLE_SHEAR.E)).to.throw(RangeError, `K: expected length >= ${4 * pairs.count}, got 4`);
      expect(() => bondVelocity(pairs, SIMPLE_SHEAR.E, new Float64Array(3))).to.throw(RangeError, `u: expected length ${2 * N}, got 3`);
      expect(() => tContractG(new Float64Array(8), new Float64Array(8))).to.throw(RangeError, 'T: expected length >= 16, got 8');
      expect(() => findPairs({ ...hot, cell: new Float64Array([1, 0, 0, -1]) }, model)).to.throw(RangeError, 'config.cell: expected det h > 0');
    });
  });

  it('findPairs rejects cells too small for one image per pair', () => {
    const tiny: Configuration = { n: 2, cell: new Float64Array([4, 0, 0, 4]), positions: new Float64Array([0, 0, 1, 1]), species: new Uint8Array(2) };
    expect(() => findPairs(tiny, model)).to.throw(RangeError, "config.cell: expected the reduced cell's smallest width > 2·(cutoff + skin)");
  });

  it('affine invariance of the pair set under applyMatrix of positions and cell', () => {
    const H = SIMPLE_SHEAR.H(0.3);
    const c = deformConfiguration(hot, H);
    const p = findPairs(c, model);
    const r = applyMatrix(H, pairs.r.slice(0, 2 * pairs.count));
    // the bond vectors of surviving pairs map by H
    let k = 0;
    for (let a = 0; a < p.count; a++) {
      while (k < pairs.count && (pairs.i[k] < p.i[a] || (pairs.i[k] === p.i[a] && pairs.j[k] < p.j[a]))) k++;
      if (k < pairs.count && pairs.i[k] === p.i[a] && pairs.j[k] === p.j[a]) {
        expect(p.r[2 * a]).to.be.closeTo(r[2 * k], 1e-12);
        expect(p.r[2 * a + 1]).to.be.closeTo(r[2 * k + 1], 1e-12);
      }
    }
  });
});
