import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import {
  PURE_SHEAR,
  SIMPLE_SHEAR,
  applyMatrix,
  buildNeighborList,
  cellInverse,
  cellVolume,
  createNeighborList,
  deformConfiguration,
  linearDeformation,
  matMul2,
  minimumImage,
  needsRebuild,
  reduceCell,
  remapPositions,
  shearDeformation,
  strainConfiguration,
  strainedCell,
  toCartesian,
  toReduced,
  updateNeighborList,
  velocityGradient,
  wrapPositions,
  type NeighborList,
} from '../lib/space/index.js';
import { seededRandom } from './helpers/dense-linalg.js';
import { relMaxError } from './helpers/finite-diff.js';

/** Brute-force minimum image: shortest d + h k over |k_i| ≤ K. */
function bruteImage(h: Float64Array, dx: number, dy: number, K: number): [number, number, number] {
  let best = Infinity, bx = 0, by = 0;
  for (let a = -K; a <= K; a++) {
    for (let b = -K; b <= K; b++) {
      const x = dx + h[0] * a + h[1] * b, y = dy + h[2] * a + h[3] * b;
      const r2 = x * x + y * y;
      if (r2 < best) {
        best = r2; bx = x; by = y;
      }
    }
  }
  return [bx, by, best];
}

/** Random configuration of N particles in the cell h (uniform in reduced coordinates). */
function randomConfig(n: number, h: Float64Array, rand: () => number): Configuration {
  const s = new Float64Array(2 * n);
  for (let k = 0; k < 2 * n; k++) s[k] = rand();
  return { n, cell: h.slice(), positions: applyMatrix(h, s), species: Uint8Array.from({ length: n }, (_, k) => k % 2) };
}

/** Brute-force set of pairs i<j with exact minimum-image distance < rc, as "i,j" keys. */
function brutePairs(config: Configuration, rc: number): Set<string> {
  const rcell = reduceCell(config.cell);
  const x = config.positions;
  const out = new Set<string>();
  const d = new Float64Array(2);
  for (let i = 0; i < config.n; i++) {
    for (let j = i + 1; j < config.n; j++) {
      d[0] = x[2 * j] - x[2 * i];
      d[1] = x[2 * j + 1] - x[2 * i + 1];
      minimumImage(rcell, d, d);
      if (d[0] * d[0] + d[1] * d[1] < rc * rc) out.add(`${i},${j}`);
    }
  }
  return out;
}

/** Pairs of the Verlet list that are within rc now (rounding image with current cell). */
function listPairs(nl: NeighborList, config: Configuration, rc: number): Set<string> {
  const rcell = reduceCell(config.cell);
  const x = config.positions;
  const out = new Set<string>();
  const d = new Float64Array(2);
  for (let i = 0; i < config.n; i++) {
    let prev = -1;
    for (let k = nl.offsets[i]; k < nl.offsets[i + 1]; k++) {
      const j = nl.neighbors[k];
      expect(j).to.be.above(prev); // sorted, j > i
      expect(j).to.be.above(i);
      prev = j;
      d[0] = x[2 * j] - x[2 * i];
      d[1] = x[2 * j + 1] - x[2 * i + 1];
      minimumImage(rcell, d, d);
      if (d[0] * d[0] + d[1] * d[1] < rc * rc) out.add(`${i},${j}`);
    }
  }
  return out;
}

function expectSameSet(a: Set<string>, b: Set<string>, what: string): void {
  const missing = [...b].filter((k) => !a.has(k));
  const extra = [...a].filter((k) => !b.has(k));
  expect({ missing, extra }, what).to.deep.equal({ missing: [], extra: [] });
}

describe('space', () => {
  describe('cell', () => {
    const h = new Float64Array([3, 1.2, 0.4, 2.5]);
    it('volume, inverse, reduced ↔ Cartesian', () => {
      expect(cellVolume(h)).to.be.closeTo(3 * 2.5 - 1.2 * 0.4, 1e-15);
      const I = matMul2(h, cellInverse(h));
      expect(relMaxError(I, [1, 0, 0, 1])).to.be.below(1e-15);
      const x = new Float64Array([0.3, -2, 7.1, 4.4, 1e3, 2]);
      expect(relMaxError(toCartesian(h, toReduced(h, x)), x)).to.be.below(1e-14);
      const s = toReduced(h, wrapPositions(h, x));
      for (const v of s) expect(v >= 0 && v < 1).to.equal(true);
    });
    it('validates with named messages', () => {
      expect(() => cellVolume(new Float64Array(3))).to.throw(RangeError, 'h: expected length 4, got 3');
      expect(() => cellVolume([1, 0, 0, 1] as unknown as Float64Array)).to.throw(TypeError, 'h: expected a Float64Array, got Array(4)');
      expect(() => cellInverse(new Float64Array([1, 2, 2, 4]))).to.throw(RangeError, 'h: expected invertible matrix, got det h = 0');
      expect(() => applyMatrix(h, new Float64Array(3))).to.throw(RangeError, 'x: expected an even length (interleaved x, y), got 3');
    });
  });

  describe('lattice reduction and minimum image', () => {
    const rand = seededRandom(7);
    const cells: Float64Array[] = [];
    for (let k = 0; k < 40; k++) {
      const L = 5 + 10 * rand();
      const tilt = (rand() - 0.5) * 2 * [0, 0.5, 3, 20][k % 4] * L; // up to 20 box lengths of tilt
      const aspect = 0.3 + 2 * rand();
      cells.push(new Float64Array([L, tilt, 0.4 * (rand() - 0.5) * L, aspect * L]));
    }

    it('Gauss reduction gives a reduced basis of the same lattice', () => {
      for (const h of cells) {
        const rc = reduceCell(h);
        const a2 = rc.h[0] ** 2 + rc.h[2] ** 2, b2 = rc.h[1] ** 2 + rc.h[3] ** 2;
        const ab = rc.h[0] * rc.h[1] + rc.h[2] * rc.h[3];
        expect(a2).to.be.at.most(b2 * (1 + 1e-12));
        expect(Math.abs(ab)).to.be.at.most(0.5 * a2 * (1 + 1e-12));
        expect(rc.volume).to.be.closeTo(Math.abs(cellVolume(h)), 1e-9 * rc.volume);
        // U = h⁻¹ h_r is an integer matrix with det ±1
        const U = matMul2(cellInverse(h), rc.h);
        for (const u of U) expect(Math.abs(u - Math.round(u))).to.be.below(1e-8);
        expect(Math.abs(Math.round(U[0]) * Math.round(U[3]) - Math.round(U[1]) * Math.round(U[2]))).to.equal(1);
      }
    });

    it('minimum image equals brute force over many images, at any tilt', () => {
      for (const h of cells) {
        const rc = reduceCell(h);
        const K = 60;
        const d = new Float64Array(2 * 30);
        const L = Math.sqrt(Math.abs(cellVolume(h)));
        for (let k = 0; k < d.length; k++) d[k] = (rand() - 0.5) * 8 * L;
        const mi = minimumImage(rc, d);
        for (let k = 0; k < 30; k++) {
          const [bx, by, b2] = bruteImage(rc.h, d[2 * k], d[2 * k + 1], K);
          const r2 = mi[2 * k] ** 2 + mi[2 * k + 1] ** 2;
          expect(r2).to.be.closeTo(b2, 1e-9 * L * L);
          if (Math.abs(r2 - b2) < 1e-12) {
            expect(mi[2 * k]).to.be.closeTo(bx, 1e-8 * L);
            expect(mi[2 * k + 1]).to.be.closeTo(by, 1e-8 * L);
          }
          // and it is an image: the difference is a lattice vector
          const dd = new Float64Array([mi[2 * k] - d[2 * k], mi[2 * k + 1] - d[2 * k + 1]]);
          const s = toReduced(h, dd);
          expect(Math.abs(s[0] - Math.round(s[0])) + Math.abs(s[1] - Math.round(s[1]))).to.be.below(1e-8);
        }
      }
    });
  });

  describe('deformations', () => {
    it('presets: H(γ) and E = dH/dγ for simple and pure shear, both signs', () => {
      expect(Array.from(SIMPLE_SHEAR.H(0.1))).to.deep.equal([1, 0.1, 0, 1]);
      expect(Array.from(SIMPLE_SHEAR.E)).to.deep.equal([0, 1, 0, 0]);
      expect(Array.from(PURE_SHEAR.H(0.1))).to.deep.equal([1.05, 0, 0, 0.95]);
      expect(Array.from(PURE_SHEAR.E)).to.deep.equal([0.5, 0, 0, -0.5]);
      const ms = shearDeformation('simple', -1), mp = shearDeformation('pure', -1);
      expect(Array.from(ms.H(0.1))).to.deep.equal([1, -0.1, 0, 1]);
      expect(Array.from(mp.E)).to.deep.equal([-0.5, 0, 0, 0.5]);
      expect(relMaxError(mp.H(0.1), PURE_SHEAR.H(-0.1))).to.equal(0);
      expect(mp.name).to.equal('pure-');
      expect(() => shearDeformation('twist' as 'pure')).to.throw(RangeError, 'mode: expected "simple" or "pure", got "twist"');
      expect(() => shearDeformation('pure', 2 as 1)).to.throw(RangeError, 'sign: expected 1 or -1, got 2');
    });

    it('state at γ is H(γ)·h0 from the undeformed cell; remapping follows H(γ_new)H(γ_old)⁻¹', () => {
      const rand = seededRandom(5);
      const h0 = new Float64Array([8, 0, 0, 8]);
      const c0 = randomConfig(20, h0, rand);
      let c = c0;
      let g = 0;
      for (let k = 0; k < 50; k++) {
        const gn = g + 0.01 * (1 + rand());
        c = strainConfiguration(c, h0, PURE_SHEAR, g, gn);
        g = gn;
      }
      expect(relMaxError(c.cell, strainedCell(PURE_SHEAR, g, h0))).to.be.below(1e-15);
      expect(relMaxError(c.positions, applyMatrix(PURE_SHEAR.H(g), c0.positions))).to.be.below(1e-13);
      // composing increments would give a different (exponential) cell
      const composed = Math.exp(g / 2) * 8;
      expect(Math.abs(c.cell[0] - composed)).to.be.above(1e-3);
      // remap back to 0
      const back = remapPositions(PURE_SHEAR, g, 0, c.positions);
      expect(relMaxError(back, c0.positions)).to.be.below(1e-13);
    });

    it('velocity gradient L = dH/dγ H⁻¹ matches finite differences of the path', () => {
      const x0 = new Float64Array([1.3, -0.7]);
      for (const def of [SIMPLE_SHEAR, PURE_SHEAR, linearDeformation(new Float64Array([0.2, -0.3, 0.7, 0.1]))]) {
        const g = 0.3, hh = 1e-6;
        const xp = applyMatrix(def.H(g + hh), x0), xm = applyMatrix(def.H(g - hh), x0), x = applyMatrix(def.H(g), x0);
        const v = applyMatrix(velocityGradient(def, g), x);
        expect(relMaxError(v, [(xp[0] - xm[0]) / (2 * hh), (xp[1] - xm[1]) / (2 * hh)])).to.be.below(1e-8);
      }
    });

    it('deformConfiguration applies any H to cell and positions', () => {
      const c0 = randomConfig(5, new Float64Array([4, 0, 0, 4]), seededRandom(1));
      const H = new Float64Array([1.1, 0.3, -0.2, 0.9]);
      const c = deformConfiguration(c0, H);
      expect(relMaxError(c.cell, matMul2(H, c0.cell))).to.equal(0);
      expect(relMaxError(c.positions, applyMatrix(H, c0.positions))).to.equal(0);
      expect(c.positions).to.not.equal(c0.positions);
    });
  });

  describe('Verlet neighbour lists', () => {
    const rc = 2.24;

    it('match brute force after many random moves and simple shear up to large tilt', () => {
      const rand = seededRandom(42);
      const L = Math.sqrt(300 / 0.86);
      const h0 = new Float64Array([L, 0, 0, L]);
      let c = randomConfig(300, h0, rand);
      const nl = createNeighborList(c.n, { cutoff: rc, skin: 0.4 });
      let gamma = 0, steps = 0, rebuilds = 0;
      for (let step = 0; step < 160; step++) {
        // random small moves
        for (let k = 0; k < 2 * c.n; k++) c.positions[k] += 0.03 * (rand() - 0.5);
        // simple shear up to γ = 6 (tilt 6 L)
        const gn = gamma + 0.04;
        c = strainConfiguration(c, h0, SIMPLE_SHEAR, gamma, gn);
        gamma = gn;
        if (step % 37 === 0) c.positions = wrapPositions(c.cell, c.positions);
        if (updateNeighborList(nl, c)) rebuilds++;
        steps++;
        if (step % 8 === 0 || step > 150) expectSameSet(listPairs(nl, c, rc), brutePairs(c, rc), `step ${step}`);
      }
      expect(gamma).to.be.above(6);
      expect(rebuilds).to.be.below(steps); // the skin saves builds
      expect(rebuilds).to.be.above(3);
    });

    it('match brute force under pure shear and random deformations', () => {
      const rand = seededRandom(9);
      const L = Math.sqrt(200 / 0.86);
      const h0 = new Float64Array([L, 0.3 * L, 0, L]);
      let c = randomConfig(200, h0, rand);
      const nl = createNeighborList(c.n, { cutoff: rc, skin: 0.3 });
      let gamma = 0;
      for (let step = 0; step < 60; step++) {
        const gn = gamma + 0.005;
        c = strainConfiguration(c, h0, PURE_SHEAR, gamma, gn);
        gamma = gn;
        if (step % 10 === 5) {
          const H = new Float64Array([1 + 0.02 * (rand() - 0.5), 0.05 * (rand() - 0.5), 0.05 * (rand() - 0.5), 1 + 0.02 * (rand() - 0.5)]);
          c = deformConfiguration(c, H);
          h0.set(matMul2(cellInverse(PURE_SHEAR.H(gamma)), c.cell));
        }
        for (let k = 0; k < 2 * c.n; k++) c.positions[k] += 0.02 * (rand() - 0.5);
        updateNeighborList(nl, c);
        expectSameSet(listPairs(nl, c, rc), brutePairs(c, rc), `step ${step}`);
      }
    });

    it('handles thin boxes (fewer than 3 bins along an axis) and rejects too-small cells', () => {
      const rand = seededRandom(3);
      const c = randomConfig(60, new Float64Array([5, 0, 0, 40]), rand);
      const nl = buildNeighborList(createNeighborList(c.n, { cutoff: rc, skin: 0.2 }), c);
      expect(nl.cells.nb0).to.be.below(3);
      expectSameSet(listPairs(nl, c, rc), brutePairs(c, rc), 'thin box');
      const small = randomConfig(10, new Float64Array([4, 0, 0, 40]), rand);
      expect(() => buildNeighborList(createNeighborList(10, { cutoff: 2, skin: 0.25 }), small)).to.throw(
        RangeError,
        "config.cell: expected the reduced cell's smallest width > 2·(cutoff + skin) = 4.5, got 4",
      );
    });

    it('needsRebuild: displacement beyond skin/2, a strain beyond what the skin covers', () => {
      const rand = seededRandom(4);
      const L = 12;
      const c = randomConfig(100, new Float64Array([L, 0, 0, L]), rand);
      const nl = createNeighborList(c.n, { cutoff: rc, skin: 0.4 });
      expect(needsRebuild(nl, c)).to.equal(true);
      buildNeighborList(nl, c);
      expect(needsRebuild(nl, c)).to.equal(false);
      c.positions[10] += 0.19;
      expect(needsRebuild(nl, c)).to.equal(false);
      c.positions[10] += 0.02;
      expect(needsRebuild(nl, c)).to.equal(true);
      c.positions[10] -= 0.21;
      // a lattice translation of one particle is not a displacement
      c.positions[11] += L;
      expect(needsRebuild(nl, c)).to.equal(false);
      // an affine strain is covered while σ_min(H)(cutoff + skin) > cutoff
      // (simple shear: σ_min ≈ 0.905 at γ = 0.2, 0.78 at γ = 0.5)
      expect(needsRebuild(nl, deformConfiguration(c, SIMPLE_SHEAR.H(0.2)))).to.equal(false);
      expect(needsRebuild(nl, deformConfiguration(c, SIMPLE_SHEAR.H(0.5)))).to.equal(true);
      expect(needsRebuild(nl, deformConfiguration(c, new Float64Array([0.9, 0, 0, 0.9])))).to.equal(false);
      expect(needsRebuild(nl, deformConfiguration(c, new Float64Array([0.8, 0, 0, 0.8])))).to.equal(true);
      expect(() => needsRebuild(nl, randomConfig(5, c.cell, rand))).to.throw(
        RangeError,
        'nl: expected a neighbour list for 5 particles, got one for 100',
      );
    });

    it('validates options', () => {
      expect(() => createNeighborList(10, { cutoff: -1 })).to.throw(RangeError, 'options.cutoff: expected > 0, got -1');
      expect(() => createNeighborList(10, { cutoff: 1, skin: -0.1 })).to.throw(RangeError, 'options.skin: expected >= 0, got -0.1');
      expect(() => createNeighborList(0, { cutoff: 1 })).to.throw(RangeError, 'n: expected >= 1, got 0');
    });
  });
});
