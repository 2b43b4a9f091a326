/**
 * C(λ) and the slab maps of a glass whose cell is written with tilts of whole cell lengths
 * (a LAMMPS box never flipped, a file from elsewhere): DESIGN §2 "keep the cell reduced".
 * Such a cell is the same periodic glass as its lattice-equivalent cube, so its ξ-bins,
 * ranks, interaction midpoints and slab bonds must be the cube's. Reference: the cube,
 * a cell the code takes as given (lib/stats/grid-nd.ts gridCell is the cell itself there,
 * which is checked too).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readXyz } from '../lib/io/index.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { findPairsNd } from '../lib/nd/pairs.js';
import { projectSlab } from '../lib/plot/slab-map.js';
import { interactionMidpointsNd } from '../lib/stats/glass-ranks.js';
import { binShape } from '../lib/stats/grid.js';
import { binShapeNd, gridCell, rankEventsNd } from '../lib/stats/grid-nd.js';
import { rankEvents } from '../lib/stats/predictability.js';
import { createRng } from '../lib/random.js';
import { fixturePath } from './helpers/read-fixture.js';

const L = 20;
/** The cube diag(L) (row-major h; columns a1, a2, a3) and the same lattice written as a1, a1·2 + a2, a3 + a2 − a1. */
const CUBE = Float64Array.of(L, 0, 0, 0, L, 0, 0, 0, L);
const SKEWED_3D = Float64Array.of(L, 2 * L, -L, 0, L, L, 0, 0, L);
/** The square diag(L) and the same lattice with a2 = (3L, L). */
const SQUARE = Float64Array.of(L, 0, 0, L);
const SKEWED_2D = Float64Array.of(L, 3 * L, 0, L);

function randomPoints(seed: number, d: 2 | 3, m: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: d * m }, () => (3 * rng.uniform() - 1) * L);
}

describe('C(λ) and slab maps of a cell written with whole-cell-length tilts: the lattice-equivalent cube\'s numbers', () => {
  it('gridCell is the cell itself, bit for bit, below half a cell length of tilt; a reduced basis of the same lattice beyond', () => {
    const mild = Float64Array.of(L, 0.3 * L, -0.2 * L, 0, L, 0.45 * L, 0, 0, L);
    expect(gridCell(mild)).to.deep.equal(mild);
    expect(gridCell(CUBE)).to.deep.equal(CUBE);
    const g = gridCell(SKEWED_3D);
    // Columns of the cube up to order and sign: every entry 0 or ±L, one per row and column.
    for (let r = 0; r < 3; r++) {
      const row = [g[3 * r]!, g[3 * r + 1]!, g[3 * r + 2]!].map((v) => Math.abs(v));
      expect(row.sort((a, b) => a - b)).to.deep.equal([0, 0, L]);
    }
  });

  it('3D: the same bins (4 × 4 × 4 at ξ = 5) and the same λ of every event as the cube (26-neighbour average)', () => {
    const points = randomPoints(1, 3, 3000), events = randomPoints(2, 3, 200);
    const rng = createRng(3);
    const field = Float64Array.from({ length: 3000 }, () => rng.uniform() ** 4);
    expect(binShapeNd(SKEWED_3D, 5)).to.deep.equal([4, 4, 4]);
    const cube = rankEventsNd(CUBE, points, field, events, 5);
    const skewed = rankEventsNd(SKEWED_3D, points, field, events, 5);
    expect(Array.from(skewed)).to.deep.equal(Array.from(cube));
    expect(new Set(cube).size).to.be.above(20); // the ranks do discriminate
  });

  it('2D: the same bins and λ as the square (the paper\'s metric)', () => {
    const points = randomPoints(4, 2, 2000), events = randomPoints(5, 2, 100);
    const rng = createRng(6);
    const field = Float64Array.from({ length: 2000 }, () => rng.uniform() ** 4);
    expect(binShape(SKEWED_2D, 5)).to.deep.equal({ nx: 4, ny: 4 });
    expect(Array.from(rankEvents(SKEWED_2D, points, field, events, 5))).to.deep.equal(Array.from(rankEvents(SQUARE, points, field, events, 5)));
  });

  describe('a 3D glass (ipl3d N = 160) written in a skewed basis of its cube', () => {
    const glass = readXyz(readFileSync(fixturePath('ipl3d_n160_s1.xyz'), 'utf8'));
    const l = glass.cell[0]!;
    const skewedCell = Float64Array.of(l, 2 * l, -l, 0, l, l, 0, 0, l);
    const pairs = findPairsNd(glass, lawOfConfiguration(glass));

    it('interaction midpoints: x_i + r/2 with the minimum image r, as in the cube (to 1e-12)', () => {
      const a = interactionMidpointsNd(glass.cell, glass.positions, pairs.i, pairs.j);
      const b = interactionMidpointsNd(skewedCell, glass.positions, pairs.i, pairs.j);
      let worst = 0;
      for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
      expect(worst).to.be.below(1e-12);
    });

    it('slab projection: the same bonds, each the same vector in the plane (to 1e-12)', () => {
      const a = projectSlab({ cell: glass.cell, positions: glass.positions, i: pairs.i, j: pairs.j });
      const b = projectSlab({ cell: skewedCell, positions: glass.positions, i: pairs.i, j: pairs.j });
      expect(a.bonds.length).to.be.above(50);
      expect(Array.from(b.bonds)).to.deep.equal(Array.from(a.bonds));
      const pa = a.glass.positions, pb = b.glass.positions;
      let worst = 0;
      for (let q = 0; q < a.bonds.length; q++) {
        for (const k of [0, 1]) worst = Math.max(worst, Math.abs((pa[4 * q + 2 + k]! - pa[4 * q + k]!) - (pb[4 * q + 2 + k]! - pb[4 * q + k]!)));
      }
      expect(worst).to.be.below(1e-12);
    });
  });
});
