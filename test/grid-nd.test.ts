/**
 * The d-generic ξ-grid of C(λ) (lib/stats/grid-nd.ts, issue 17): in 3D each bin is
 * averaged with its 26 neighbours. Checked against a brute-force reference that knows
 * nothing of bin indices: bin contents by testing every point against every bin's box, the
 * neighbours of a bin by the distance between bin centres (minimum image), the event's
 * bin by containment. In 2D the generic code must give exactly the numbers of ./grid.ts
 * and ./predictability.ts (the paper's metric, unchanged).
 */
import { expect } from 'chai';
import { binFieldNd, binShapeNd, neighbourAverageNd, rankEventsNd } from '../lib/stats/grid-nd.js';
import { binField, neighbourAverage } from '../lib/stats/grid.js';
import { rankEvents } from '../lib/stats/predictability.js';
import { glassRanks } from '../lib/stats/glass-ranks.js';
import { createRng, type Rng } from '../lib/random.js';

/** An orthorhombic 3D cell diag(L) and `m` random points in it (some shifted by whole periods). */
function cloud(rng: Rng, L: number[], m: number): Float64Array {
  const p = new Float64Array(3 * m);
  for (let a = 0; a < m; a++) for (let k = 0; k < 3; k++) p[3 * a + k] = (rng.uniform() + (rng.uniform() < 0.2 ? Math.floor(3 * rng.uniform()) - 1 : 0)) * L[k];
  return p;
}

/** Brute force on an orthorhombic cell with n_k bins of width w_k = L_k/n_k: returns bin means, V and λ of events. */
function bruteForce(L: number[], n: number[], points: Float64Array, field: Float64Array, events: Float64Array) {
  const w = L.map((l, k) => l / n[k]);
  const wrap = (x: number, k: number) => ((x % L[k]) + L[k]) % L[k];
  const bins: Array<{ lo: number[]; centre: number[] }> = [];
  for (let iz = 0; iz < n[2]; iz++) for (let iy = 0; iy < n[1]; iy++) for (let ix = 0; ix < n[0]; ix++) {
    const lo = [ix * w[0], iy * w[1], iz * w[2]];
    bins.push({ lo, centre: lo.map((x, k) => x + w[k] / 2) });
  }
  const inside = (b: { lo: number[] }, x: ArrayLike<number>, o: number) => [0, 1, 2].every((k) => { const y = wrap(x[o + k], k); return y >= b.lo[k] && y < b.lo[k] + w[k]; });
  const count = bins.map((b) => { let c = 0; for (let a = 0; a < field.length; a++) if (inside(b, points, 3 * a)) c++; return c; });
  const mean = bins.map((b, k) => {
    let s = 0;
    for (let a = 0; a < field.length; a++) if (inside(b, points, 3 * a)) s += field[a];
    return count[k] ? s / count[k] : 0;
  });
  // Neighbours: bins whose centres are within √3 bin widths (scaled minimum-image distance):
  // offsets in {−1, 0, 1}³, the 27 bins of the cube around (n_k ≥ 3, so each is distinct).
  // An empty bin has no value: V averages the non-empty ones among the 27 (−∞ if none).
  const V = bins.map((b) => {
    let s = 0, c = 0, filled = 0;
    bins.forEach((q, k) => {
      let d2 = 0;
      for (let r = 0; r < 3; r++) {
        let d = q.centre[r] - b.centre[r];
        d -= L[r] * Math.round(d / L[r]);
        d2 += (d / w[r]) ** 2;
      }
      if (d2 <= 3 + 1e-9) { c++; if (count[k] > 0) { s += mean[k]; filled++; } }
    });
    expect(c).to.equal(27);
    return filled > 0 ? s / filled : -Infinity;
  });
  const ranks = [];
  for (let e = 0; e < events.length / 3; e++) {
    const k = bins.findIndex((b) => inside(b, events, 3 * e));
    ranks.push(V.filter((v) => v > V[k]).length / V.length);
  }
  return { mean, V, ranks, empty: count.filter((c) => c === 0).length };
}

describe('stats: the 3D ξ-grid (cubes and their 26 neighbours) against brute force', () => {
  for (const [label, L, xi] of [['cubic, 4 bins a side', [13, 13, 13], 3.2], ['orthorhombic, 4×5×6 bins', [12.3, 15.1, 18.2], 3]] as const) {
    it(`bins, neighbour averages and ranks agree on random points (${label})`, () => {
      const rng = createRng(7);
      const cell = Float64Array.from([L[0], 0, 0, 0, L[1], 0, 0, 0, L[2]]);
      const shape = binShapeNd(cell, xi);
      expect(shape).to.deep.equal(L.map((l) => Math.max(1, Math.round(l / xi))));
      const m = 400;
      const points = cloud(rng, [...L], m);
      const field = Float64Array.from({ length: m }, () => rng.uniform() ** 3);
      const events = cloud(rng, [...L], 25);
      const ref = bruteForce([...L], shape, points, field, events);
      const binned = binFieldNd(cell, points, field, xi);
      expect(binned.count.reduce((s, c) => s + c, 0)).to.equal(m);
      binned.mean.forEach((v, b) => expect(v).to.be.closeTo(ref.mean[b], 1e-12));
      const V = neighbourAverageNd(binned.mean, binned.shape, undefined, binned.count);
      V.forEach((v, b) => expect(v).to.be.closeTo(ref.V[b], 1e-12));
      if (label.startsWith('orthorhombic')) expect(ref.empty, 'this grid has empty bins, which have no value').to.be.above(0);
      expect(Array.from(rankEventsNd(cell, points, field, events, xi))).to.deep.equal(ref.ranks);
    });
  }

  it('a 3D glass record: an event at a planted hot bond ranks among the 27 bins around it, one far away does not', () => {
    const rng = createRng(3);
    const L = 12, xi = 2.4, cell = Float64Array.from([L, 0, 0, 0, L, 0, 0, 0, L]);
    // Bonds between particles 2a and 2a + 1, 0.3 λ apart (some across the boundary).
    const m = 400, n = 2 * m;
    const positions = new Float64Array(3 * n);
    const first = cloud(rng, [L, L, L], m);
    for (let a = 0; a < m; a++) for (let k = 0; k < 3; k++) {
      positions[6 * a + k] = first[3 * a + k];
      positions[6 * a + 3 + k] = first[3 * a + k] + 0.3 * (rng.uniform() - 0.5);
    }
    const i = Int32Array.from({ length: m }, (_, a) => 2 * a), j = Int32Array.from(i, (p) => p + 1);
    const c = Float64Array.from({ length: m }, () => 0.1 * rng.uniform());
    const simple = Float64Array.from({ length: m }, () => 0.1 * rng.uniform());
    c[0] = 50; simple[0] = 50; // the hot bond, at particles 0 and 1
    // The far event: a particle two bins (of 5) away from the hot bond's bin along x, so
    // that none of the 27 bins around it holds the hot bond.
    const binX = (x: number) => Math.floor((((x % L) + L) % L) / xi);
    const hotBin = binX((positions[0] + positions[3]) / 2);
    const far = Array.from({ length: n }, (_, p) => p).find((p) => binX(positions[3 * p]) === (hotBin + 2) % 5)!;
    const r = glassRanks({ cell, positions, i, j, c, dcdg: { simple, pure: simple }, events: { 'simple+': { particle: 0 }, 'pure+': { particle: far } } }, xi);
    const nb = 5 ** 3;
    for (const k of ['absC', 'pPlus'] as const) {
      expect(r.own['simple+']![k]).to.be.at.most(26 / nb);
      expect(r.own['pure+']![k]).to.be.greaterThan(26 / nb);
    }
  });
});

describe('stats: the generic grid in 2D is the paper\'s metric, number for number', () => {
  it('binFieldNd, neighbourAverageNd and rankEventsNd equal binField, neighbourAverage and rankEvents on a tilted cell', () => {
    const rng = createRng(11);
    const cell = Float64Array.from([21.3, 4.1, 0.7, 19.6]);
    const m = 900;
    const pts = new Float64Array(2 * m);
    for (let a = 0; a < m; a++) {
      const s0 = 3 * rng.uniform() - 1, s1 = 3 * rng.uniform() - 1;
      pts[2 * a] = cell[0] * s0 + cell[1] * s1;
      pts[2 * a + 1] = cell[2] * s0 + cell[3] * s1;
    }
    const field = Float64Array.from({ length: m }, () => rng.uniform());
    const ev = pts.slice(0, 40);
    for (const xi of [4, 5, 6]) {
      const a = binField(cell, pts, field, xi), b = binFieldNd(cell, pts, field, xi);
      expect(b.shape).to.deep.equal([a.nx, a.ny]);
      expect(Array.from(b.mean)).to.deep.equal(Array.from(a.mean));
      expect(Array.from(neighbourAverageNd(b.mean, b.shape))).to.deep.equal(Array.from(neighbourAverage(a.mean, a.nx, a.ny)));
      expect(Array.from(rankEventsNd(cell, pts, field, ev, xi))).to.deep.equal(Array.from(rankEvents(cell, pts, field, ev, xi)));
    }
  });
});
