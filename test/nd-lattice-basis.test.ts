/**
 * The imaging basis of a strongly sheared cell (lib/space/lattice-basis.ts, DESIGN §2 "keep
 * the cell reduced when the tilt grows"), against independent routes:
 * - the reduced basis is a basis of the same lattice (integer U with det ±1, B = h·U);
 * - its smallest width is the best of every basis made of short lattice vectors (brute
 *   force over triples of lattice vectors);
 * - minimum images in it are the shortest of all images (brute force over shifts);
 * - pairs, energies, forces, c_α and dc_α/dγ and a first plastic event of a glass in a cell tilted by
 *   several cell lengths equal those in the lattice-equivalent cell of small tilt, which
 *   the search handles without reduction (the code before this change refused the first);
 * - a cell of a first plastic event (tilt < ½) is used as it is, bit for bit.
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { firstEvent } from '../lib/aqs/index.js';
import { NdLandscape } from '../lib/aqs/landscape-nd.js';
import { cellWidths, deformAffine, determinant, inverse, roundedImage } from '../lib/space/cell-nd.js';
import { imagingBasis, reduceLattice } from '../lib/space/lattice-basis.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { findPairsNd, type NdPairList } from '../lib/nd/pairs.js';
import { energyForcesNd } from '../lib/nd/energy.js';
import { localHeatCapacityNd } from '../lib/nd/local-heat-capacity.js';
import { minimizeGlassNd } from '../lib/nd/minimize.js';
import { presetE } from '../lib/space/index.js';
import { seededRandom } from './helpers/dense-linalg.js';
import { glass3d } from './helpers/glass3d.js';
import { smallGlass } from './helpers/nd-dense.js';

const minWidth = (h: ArrayLike<number>): number => Math.min(...cellWidths(h));

/** A random right-handed cell with mild tilt (d = 2, 3). */
function niceCell(d: 2 | 3, r: () => number): Float64Array {
  if (d === 2) return new Float64Array([5 + r(), r() - 0.5, 0.4 * (r() - 0.5), 6 + r()]);
  return new Float64Array([6 + r(), r() - 0.5, r() - 0.5, 0.3 * (r() - 0.5), 5 + r(), r() - 0.5, 0.3 * (r() - 0.5), 0.3 * (r() - 0.5), 7 + r()]);
}

/** h·V with V a random unimodular integer matrix (elementary column operations): the same lattice, badly skewed. */
function skewed(h: Float64Array, d: 2 | 3, r: () => number, steps: number): Float64Array {
  const V = new Float64Array(d * d);
  for (let a = 0; a < d; a++) V[a * d + a] = 1;
  for (let s = 0; s < steps; s++) {
    const k = Math.floor(r() * d);
    const j = (k + 1 + Math.floor(r() * (d - 1))) % d;
    const q = Math.floor(r() * 5) - 2 || 1;
    for (let a = 0; a < d; a++) V[a * d + k] += q * V[a * d + j]!;
  }
  const out = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) for (let m = 0; m < d; m++) out[a * d + c] += h[a * d + m]! * V[m * d + c]!;
  return out;
}

/** The widest basis whose vectors are lattice vectors h·k, k ∈ [−2, 2]^d (brute force over all d-tuples). */
function bruteWidestBasis(h: Float64Array, d: 2 | 3): number {
  const ks: number[][] = [];
  for (let m = 0; m < 5 ** d; m++) {
    const k = [(m % 5) - 2, (Math.floor(m / 5) % 5) - 2, Math.floor(m / 25) - 2].slice(0, d);
    if (k.some((v) => v !== 0)) ks.push(k);
  }
  const col = (k: number[]) => Array.from({ length: d }, (_, a) => k.reduce((s, kb, b) => s + h[a * d + b]! * kb, 0));
  let best = 0;
  const B = new Float64Array(d * d);
  const set = (c: number, v: number[]) => v.forEach((x, a) => (B[a * d + c] = x));
  for (let p = 0; p < ks.length; p++) {
    for (let q = p + 1; q < ks.length; q++) {
      if (d === 2) {
        if (Math.abs(determinant([ks[p]![0]!, ks[q]![0]!, ks[p]![1]!, ks[q]![1]!])) !== 1) continue;
        set(0, col(ks[p]!)); set(1, col(ks[q]!));
        best = Math.max(best, minWidth(B));
        continue;
      }
      for (let t = q + 1; t < ks.length; t++) {
        const [u, v, w] = [ks[p]!, ks[q]!, ks[t]!];
        if (Math.abs(determinant([u[0]!, v[0]!, w[0]!, u[1]!, v[1]!, w[1]!, u[2]!, v[2]!, w[2]!])) !== 1) continue;
        set(0, col(u)); set(1, col(v)); set(2, col(w));
        best = Math.max(best, minWidth(B));
      }
    }
  }
  return best;
}

/** Pairs i < j within r_c by an O(N²) loop over explicit lattice shifts k ∈ [−K, K]^3 of the cell as given. */
function shiftPairs(config: Configuration, K: number): Map<string, number[]> {
  const law = lawOfConfiguration(config);
  const h = config.cell, x = config.positions, out = new Map<string, number[]>();
  for (let i = 0; i < config.n; i++) {
    for (let j = i + 1; j < config.n; j++) {
      const rc = law.law.cutoff(law.keys[i]!, law.keys[j]!);
      for (let k0 = -K; k0 <= K; k0++) for (let k1 = -K; k1 <= K; k1++) for (let k2 = -K; k2 <= K; k2++) {
        const r = [0, 1, 2].map((a) => x[3 * j + a]! - x[3 * i + a]! + h[3 * a]! * k0 + h[3 * a + 1]! * k1 + h[3 * a + 2]! * k2);
        if (Math.hypot(...r) < rc) out.set(`${i},${j}`, r);
      }
    }
  }
  return out;
}

/** The cell of simple shear (xy) of a cube of side L at tilt γ: columns (L,0,0), (γL, L, 0), (0,0,L). */
const shearedCube = (L: number, gamma: number): Float64Array => new Float64Array([L, gamma * L, 0, 0, L, 0, 0, 0, L]);

function expectSamePairs(a: NdPairList, b: NdPairList, tol: number): void {
  expect(a.count).to.equal(b.count);
  expect(Buffer.from(a.i.buffer).equals(Buffer.from(b.i.buffer))).to.equal(true);
  expect(Buffer.from(a.j.buffer).equals(Buffer.from(b.j.buffer))).to.equal(true);
  let worst = 0;
  for (let k = 0; k < a.r.length; k++) worst = Math.max(worst, Math.abs(a.r[k]! - b.r[k]!));
  expect(worst).to.be.below(tol);
}

describe('nd/lattice-basis: the reduced basis of a sheared cell', () => {
  it('reduceLattice: a basis of the same lattice (integer U, det U = ±1, B = h·U) with the orientation of h', () => {
    const r = seededRandom(21);
    for (const d of [2, 3] as const) {
      for (let trial = 0; trial < 40; trial++) {
        const h = skewed(niceCell(d, r), d, r, 8);
        const { basis, unimodular: U } = reduceLattice(h);
        expect(Math.abs(determinant(U))).to.equal(1);
        expect(Math.sign(determinant(basis))).to.equal(Math.sign(determinant(h)));
        for (let a = 0; a < d; a++) {
          for (let c = 0; c < d; c++) {
            let s = 0;
            for (let m = 0; m < d; m++) s += h[a * d + m]! * U[m * d + c]!;
            expect(basis[a * d + c]).to.equal(s);
          }
        }
      }
    }
  });

  it('reduceLattice: as wide as the widest basis of short lattice vectors (brute force), from badly skewed bases', function () {
    this.timeout(60_000);
    const r = seededRandom(22);
    for (const d of [2, 3] as const) {
      for (let trial = 0; trial < (d === 2 ? 40 : 12); trial++) {
        const nice = niceCell(d, r);
        let h = skewed(nice, d, r, 10);
        while (!(minWidth(h) < 0.6 * minWidth(nice))) h = skewed(nice, d, r, 10); // a few operations may cancel
        const best = bruteWidestBasis(nice, d);
        expect(minWidth(reduceLattice(h).basis)).to.be.closeTo(best, 1e-9 * best);
      }
    }
  });

  it('roundedImage in the imaging basis: the shortest image (brute force over 9^d shifts) of displacements below w_min/2, at tilts of several cell lengths', () => {
    const r = seededRandom(23);
    for (const d of [2, 3] as const) {
      for (let trial = 0; trial < 10; trial++) {
        const h = skewed(niceCell(d, r), d, r, 6);
        const basis = imagingBasis(h);
        expect(basis.reduced).to.equal(true);
        const out = new Float64Array(3);
        let tested = 0;
        for (let pair = 0; pair < 100; pair++) {
          const x = new Float64Array(2 * d);
          for (let p = 0; p < 2; p++) {
            const s = Array.from({ length: d }, () => 3 * r() - 1); // anywhere within a few cells
            for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) x[p * d + a] += basis.h[a * d + b]! * s[b]!;
          }
          const r2 = roundedImage(d, basis.h, basis.hinv, x, 0, 1, out, 0);
          let best = Infinity;
          for (let m = 0; m < 9 ** d; m++) {
            const k = [(m % 9) - 4, (Math.floor(m / 9) % 9) - 4, Math.floor(m / 81) - 4];
            let s2 = 0;
            for (let a = 0; a < d; a++) {
              let v = x[d + a]! - x[a]!;
              for (let b = 0; b < d; b++) v += basis.h[a * d + b]! * k[b]!;
              s2 += v * v;
            }
            best = Math.min(best, s2);
          }
          if (best < (basis.minWidth / 2) ** 2) {
            tested++;
            expect(r2).to.be.closeTo(best, 1e-9);
          }
        }
        expect(tested).to.be.above(5);
      }
    }
  });

  it('imagingBasis: a cell with tilt below ½ (a first plastic event\'s) is used as it is, bit for bit; simple shear by γ and by γ − round(γ) give the same widths', () => {
    for (const gamma of [0, 0.12, -0.3, 0.49]) {
      const h = shearedCube(7, gamma);
      const basis = imagingBasis(h);
      expect(basis.reduced).to.equal(false);
      expect(Buffer.from(basis.h.buffer).equals(Buffer.from(h.buffer))).to.equal(true);
      expect(Buffer.from(basis.hinv.buffer).equals(Buffer.from(inverse(h).buffer))).to.equal(true);
    }
    // Pure shear narrows the cell itself; no other basis is wider.
    const pure = new Float64Array([7 * 1.2, 0, 0, 0, 7 * 0.8, 0, 0, 0, 7]);
    expect(imagingBasis(pure).reduced).to.equal(false);
    for (const gamma of [0.7, 1.3, 2.3, -4.2, 17.45]) {
      const basis = imagingBasis(shearedCube(7, gamma));
      expect(basis.reduced).to.equal(true);
      expect(basis.minWidth).to.be.closeTo(minWidth(shearedCube(7, gamma - Math.round(gamma))), 1e-9);
      expect(basis.minWidth).to.be.above(7 / Math.sqrt(1.25) - 1e-12);
    }
  });

  it('a 2D glass of the d-generic code (poly N = 100) sheared to tilt 3.4: the pairs of the equivalent cell of tilt 0.4', () => {
    const glass = smallGlass('poly', 100, 5, 2);
    const L = glass.cell[0]!;
    const { cell, positions } = deformAffine(glass.cell, glass.positions, presetE('simple', 1, 2), 3.4);
    const far = { ...glass, cell, positions }, near = { ...glass, cell: new Float64Array([L, 0.4 * L, 0, glass.cell[3]!]), positions };
    expect(cell[1]! - 3 * L).to.be.closeTo(0.4 * L, 1e-12);
    const law = lawOfConfiguration(glass);
    expect(minWidth(far.cell)).to.be.below(2 * law.maxCutoff);
    expectSamePairs(findPairsNd(far, law), findPairsNd(near, law), 1e-12);
  });

  describe('a 3D glass sheared by several cell lengths (ipl3d N = 125)', function () {
    this.timeout(120_000);
    let glass: Configuration;
    let L: number;
    before(() => {
      glass = glass3d('ipl3d', 5, 3);
      L = glass.cell[0]!;
    });

    /** The glass affinely sheared to tilt γ (simple xy), in its own cell and in the lattice-equivalent cell of tilt γ − round(γ). */
    function sheared(gamma: number): { far: Configuration; near: Configuration } {
      const { cell, positions } = deformAffine(glass.cell, glass.positions, presetE('simple', 1, 3), gamma);
      return { far: { ...glass, cell, positions }, near: { ...glass, cell: shearedCube(L, gamma - Math.round(gamma)), positions } };
    }

    it('findPairsNd: the pairs of a brute-force search over explicit shifts, and those of the equivalent cell of small tilt', () => {
      const { far, near } = sheared(2.3);
      expect(minWidth(far.cell), 'the tilted cell itself is too narrow to search').to.be.below(2 * lawOfConfiguration(far).maxCutoff);
      const pairs = findPairsNd(far, lawOfConfiguration(far));
      expectSamePairs(pairs, findPairsNd(near, lawOfConfiguration(near)), 1e-12);
      const brute = shiftPairs(far, 3);
      expect(pairs.count).to.equal(brute.size);
      for (let a = 0; a < pairs.count; a++) {
        const ref = brute.get(`${pairs.i[a]},${pairs.j[a]}`);
        expect(ref, `pair ${pairs.i[a]},${pairs.j[a]}`).to.not.equal(undefined);
        for (let c = 0; c < 3; c++) expect(pairs.r[3 * a + c]).to.be.closeTo(ref![c]!, 1e-12);
      }
    });

    it('energy and forces (pair search and the MD neighbour list of the minimizer) as in the equivalent cell', () => {
      const { far, near } = sheared(-1.7);
      const a = energyForcesNd(far, lawOfConfiguration(far)), b = energyForcesNd(near, lawOfConfiguration(near));
      expect(a.energy).to.be.closeTo(b.energy, 1e-11 * Math.abs(b.energy));
      let worst = 0;
      for (let k = 0; k < a.forces.length; k++) worst = Math.max(worst, Math.abs(a.forces[k]! - b.forces[k]!));
      expect(worst).to.be.below(1e-10); // pair forces ~10 ε/λ cancel to ~1e-9 at a minimum
      // The minimizer runs on the MD neighbour list (lib/nd/md-neighbor-list.ts) built in the cell's imaging basis.
      const relaxedFar = minimizeGlassNd(far, { cgTolerance: 1e-10 });
      const relaxedNear = minimizeGlassNd(near, { cgTolerance: 1e-10 });
      expect(relaxedFar.energy).to.be.closeTo(relaxedNear.energy, 1e-9 * Math.abs(relaxedNear.energy));
    });

    it('c_α and dc_α/dγ (four deformations) of the cube written with tilts of whole cell lengths: those of the cube', () => {
      // The same lattice (a2 + 2·a1, a3 − a1 + a2): the same periodic glass in another basis.
      const skewedCube = { ...glass, cell: new Float64Array([L, 2 * L, -L, 0, L, L, 0, 0, L]) };
      expect(minWidth(skewedCube.cell)).to.be.below(2 * lawOfConfiguration(glass).maxCutoff);
      const a = localHeatCapacityNd(skewedCube), b = localHeatCapacityNd(glass);
      expect(a.count).to.equal(b.count);
      expect(Array.from(a.i)).to.deep.equal(Array.from(b.i));
      expect(Array.from(a.j)).to.deep.equal(Array.from(b.j));
      const worst = (x: Float64Array, y: Float64Array): number => x.reduce((m, v, k) => Math.max(m, Math.abs(v - y[k]!)), 0);
      const scale = (x: Float64Array): number => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(worst(a.c, b.c)).to.be.below(1e-10 * scale(b.c));
      expect(Object.keys(a.dcdg)).to.deep.equal(Object.keys(b.dcdg));
      for (const key of Object.keys(b.dcdg)) expect(worst(a.dcdg[key]!, b.dcdg[key]!), key).to.be.below(1e-9 * scale(b.dcdg[key]!));
    });

    it('first plastic event from a glass already sheared to γ0 = 1.6: the event of the equivalent cell of small tilt', function () {
      this.timeout(300_000);
      const gamma0 = 1.6;
      const { far, near } = sheared(gamma0);
      const relaxed = minimizeGlassNd(near, { cgTolerance: 1e-12 }).config;
      const atFar = { ...relaxed, cell: far.cell };
      const options = { direction: 'simple+', gamma0 } as const;
      const a = firstEvent(atFar, options), b = firstEvent(relaxed, { ...options, gamma0: gamma0 - Math.round(gamma0) });
      expect(a.particle).to.equal(b.particle);
      expect(a.gammaC - gamma0).to.be.closeTo(b.gammaC - (gamma0 - Math.round(gamma0)), 1e-8);
      expect(a.stressDrop).to.be.closeTo(b.stressDrop, 1e-6 * Math.abs(b.stressDrop));
    });

    it('the AQS landscape refuses a cell compressed below 2 r_c (pure shear narrows every basis), naming the strain', () => {
      const law = lawOfConfiguration(glass);
      const E = presetE('pure', 1, 3);
      const land = new NdLandscape(glass, law, E, glass.cell, {});
      const x = Float64Array.from(glass.positions);
      expect(() => land.evaluate(x, 0.5)).to.throw(RangeError, /sheared to γ = 0\.500000, the cell's smallest width .* no longer above twice the largest cutoff/);
    });
  });
});
