/**
 * The predictor benchmark (lib/predictors, issue 20) against independent routes:
 * - particle energies: a brute-force O(N²) loop over every pair with its own minimum image
 *   and lib/model pairPotential, and the sum rule Σ_i e_i = U;
 * - coordination: a hand-made 7-particle configuration with hand-counted partners;
 * - the non-affine velocity w = −M⁺Ξ: a dense inverse of the Hessian pinned at another
 *   particle, with Ξ from central finite differences of the forces under affine strain;
 * - the mode fields: eigenvectors by dense inverse iteration on the dense free Hessian, and
 *   dλ_m/dγ by central finite differences of the dense eigenvalues of re-minimized strained
 *   glasses;
 * - |c|, P⁺, |dc/dγ|, max(s dc/dγ, 0): the fixture's reference c and dc/dγ (NumPy);
 * - the metrics: synthetic fields with known ranks (a field peaked at the event: λ = 0,
 *   AUC = 1; its negative: λ = (B − 1)/B, AUC = 0; a constant: λ = 0, AUC = ½), a
 *   brute-force re-binning, and random fields (mean λ → (B − 1)/2B, AUC → ½).
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { energyForces, findPairs, hessian, pairTensors } from '../lib/hessian/index.js';
import { newtonPolish } from '../lib/minimize/newton.js';
import { DEFAULT_MODEL, pairPotential } from '../lib/model/index.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { lowestModes } from '../lib/modes/index.js';
import {
  benchmarkMetrics, coordinationDeficit, coordinationNumbers, extensionAxis, glassEventRanks, glassIndicators, qlmSoftening, qlmVibrality,
  INDICATOR_NAMES, nonAffineVelocity, pairedCounts, particleEnergies, rankField, type GlassEventRanks, type RankableGlass,
} from '../lib/predictors/index.js';
import { deformConfiguration, DIRECTIONS_2D, presetE, shearDeformation, strainConfiguration, type Direction2D } from '../lib/space/index.js';
import { denseFromCsc, denseInverse, seededRandom, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { readFixtureConfig, readFixtureLhc } from './helpers/read-fixture.js';

const model = DEFAULT_MODEL;

/** Dense free Hessian (2N × 2N, row-major). */
function denseHessian(config: Configuration): Float64Array {
  const pairs = findPairs(config, model);
  return denseFromCsc(hessian(pairs, pairTensors(pairs, model, 2).K!, config.n, -1));
}

/** x ↦ A x for dense row-major A (n × n). */
function apply(A: Float64Array, x: Float64Array): Float64Array {
  const n = x.length, y = new Float64Array(n);
  for (let r = 0; r < n; r++) { let s = 0; for (let c = 0; c < n; c++) s += A[r * n + c] * x[c]; y[r] = s; }
  return y;
}

function centre(v: Float64Array): Float64Array {
  const n = v.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += v[2 * i] / n; my += v[2 * i + 1] / n; }
  return Float64Array.from(v, (x, k) => x - (k % 2 === 0 ? mx : my));
}

/** Unit eigenvector of dense M for an isolated eigenvalue λ by inverse iteration, translation-free. */
function denseEigenvector(M: Float64Array, dofs: number, lambda: number, seed: number): Float64Array {
  const shift = lambda * (1 - 1e-7);
  const A = Float64Array.from(M);
  for (let k = 0; k < dofs; k++) A[k * dofs + k] -= shift;
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

describe('predictors: local structure', () => {
  it('e_i = ½ Σ φ_α matches a brute-force loop over all pairs, and Σ_i e_i = U', () => {
    const config = readFixtureConfig('n128_s1');
    const e = particleEnergies(findPairs(config, model), model);
    const L = config.cell[0];
    expect(config.cell[1]).to.equal(0);
    expect(config.cell[3]).to.equal(L);
    const brute = new Float64Array(config.n);
    const x = config.positions;
    for (let i = 0; i < config.n; i++) {
      for (let j = i + 1; j < config.n; j++) {
        let dx = x[2 * j] - x[2 * i], dy = x[2 * j + 1] - x[2 * i + 1];
        dx -= L * Math.round(dx / L);
        dy -= L * Math.round(dy / L);
        const phi = pairPotential(model, config.species[i] * 2 + config.species[j], Math.hypot(dx, dy));
        brute[i] += phi / 2;
        brute[j] += phi / 2;
      }
    }
    expect(maxAbsDiff(e, brute)).to.be.below(1e-12);
    const U = energyForces(config, model).energy;
    expect(Math.abs(e.reduce((s, v) => s + v, 0) - U) / U).to.be.below(1e-13);
  });

  it('2 ∂e_i/∂x_i = −F_i by central differences, off the minimum (the ½ split and the bonds of i)', () => {
    const glass = readFixtureConfig('n64_s1');
    const rand = seededRandom(3);
    const config = { ...glass, positions: glass.positions.map((x) => x + 0.05 * (rand() - 0.5)) };
    const F = energyForces(config, model).forces;
    expect(maxAbs(F)).to.be.above(1);
    const h = 1e-6;
    for (const i of [0, 13, 40, 63]) {
      for (const c of [0, 1]) {
        const at = (dx: number) => {
          const moved = { ...config, positions: Float64Array.from(config.positions) };
          moved.positions[2 * i + c] += dx;
          return particleEnergies(findPairs(moved, model), model)[i];
        };
        const fd = (2 * (at(h) - at(-h))) / (2 * h);
        expect(fd, `particle ${i}, component ${c}`).to.be.closeTo(-F[2 * i + c], 1e-6 * maxAbs(F));
      }
    }
  });

  it('Z_i counts the partners within x_c λ_ij on a hand-made configuration', () => {
    // cutoffs x_c λ_ij: S–S 1.6, S–L 1.888, L–L 2.24; cell 10 × 10
    const config: Configuration = {
      n: 7,
      cell: new Float64Array([10, 0, 0, 10]),
      positions: new Float64Array([1, 1, 2, 1, 1, 2.8, 9.5, 1, 5, 5, 5, 7.2, 5, 9.9]),
      species: new Uint8Array([0, 0, 1, 0, 1, 1, 0]),
    };
    // 0–1 at 1 (S–S), 0–2 at 1.8 (S–L), 0–3 at 1.5 through the boundary (S–S), 4–5 at 2.2 (L–L);
    // 1–2 at 2.06 > 1.888, 5–6 at 2.7, 4–6 at 4.9 (or 5.1 through the boundary): out
    const pairs = findPairs(config, model);
    expect(Array.from(coordinationNumbers(pairs))).to.deep.equal([3, 1, 1, 1, 1, 1, 0]);
    const mean = 8 / 7;
    expect(maxAbsDiff(coordinationDeficit(pairs), [mean - 3, mean - 1, mean - 1, mean - 1, mean - 1, mean - 1, mean])).to.be.below(1e-15);
  });
});

describe('predictors: non-affine velocity', function () {
  this.timeout(60_000);
  const config = readFixtureConfig('n64_s1');
  const dofs = 2 * config.n;
  const M = denseHessian(config);

  /** Ξ(E) = −dF/dγ under x → (I + γE) x, cell → (I + γE) h, by central differences. */
  function xiByDifferences(E: Float64Array): Float64Array {
    const h = 1e-6;
    const at = (g: number) => energyForces(deformConfiguration(config, new Float64Array([1 + g * E[0], g * E[1], g * E[2], 1 + g * E[3]])), model).forces;
    const fp = at(h), fm = at(-h);
    return Float64Array.from(fp, (f, k) => -(f - fm[k]) / (2 * h));
  }

  /** −M⁺Ξ by a dense inverse of M pinned at particle p, translation removed. */
  function denseW(xi: Float64Array, p: number): Float64Array {
    const keep = Array.from({ length: dofs }, (_, k) => k).filter((k) => k !== 2 * p && k !== 2 * p + 1);
    const m = keep.length;
    const Mp = new Float64Array(m * m);
    keep.forEach((r, a) => keep.forEach((c, b) => { Mp[a * m + b] = M[r * dofs + c]; }));
    const x = apply(denseInverse(Mp, m), Float64Array.from(keep, (k) => xi[k]));
    const w = new Float64Array(dofs);
    keep.forEach((k, a) => { w[k] = -x[a]; });
    return centre(w);
  }

  for (const mode of ['simple', 'pure'] as const) {
    it(`w = −M⁺Ξ (${mode}) matches the dense solve pinned elsewhere, with Ξ from differences of the forces`, () => {
      const E = presetE(mode, 1);
      const ref = denseW(xiByDifferences(E), 17);
      const [w] = nonAffineVelocity(config, [E]);
      expect(maxAbsDiff(w, ref) / maxAbs(ref)).to.be.below(1e-6);
      const lhc = localHeatCapacity(config);
      expect(maxAbsDiff(centre(lhc.nonAffine[mode]), ref) / maxAbs(ref), 'LhcResult.nonAffine').to.be.below(1e-6);
      const g = glassIndicators(config, { indicators: ['nonAffine', 'nonAffineAlong'] });
      for (const sign of [1, -1] as const) {
        const d = `${mode}${sign > 0 ? '+' : '-'}` as Direction2D;
        const [ex, ey] = extensionAxis(presetE(mode, sign));
        const mag = Float64Array.from({ length: config.n }, (_, i) => Math.hypot(ref[2 * i], ref[2 * i + 1]));
        const along = Float64Array.from({ length: config.n }, (_, i) => Math.abs(ref[2 * i] * ex + ref[2 * i + 1] * ey));
        expect(maxAbsDiff(g.fields.nonAffine![d]!, mag) / maxAbs(mag), d).to.be.below(1e-6);
        expect(maxAbsDiff(g.fields.nonAffineAlong![d]!, along) / maxAbs(along), d).to.be.below(1e-6);
      }
    });
  }

  it('without the LHC\'s nonAffine (fields read from a file), w is solved on a factor of its own: same fields', () => {
    const lhc = localHeatCapacity(config);
    const names = ['nonAffine', 'nonAffineAlong'] as const;
    const a = glassIndicators(config, { lhc, indicators: names });
    const b = glassIndicators(config, { lhc: { config: lhc.config, count: lhc.count, i: lhc.i, j: lhc.j, c: lhc.c, dcdg: lhc.dcdg }, indicators: names });
    for (const name of names) for (const d of DIRECTIONS_2D) expect(maxAbsDiff(a.fields[name]![d]!, b.fields[name]![d]!) / maxAbs(a.fields[name]![d]!)).to.be.below(1e-10);
  });

  it('the extension axis of each direction, by hand', () => {
    const s = Math.SQRT1_2;
    const expected: Record<Direction2D, [number, number]> = { 'simple+': [s, s], 'simple-': [s, -s], 'pure+': [1, 0], 'pure-': [0, 1] };
    for (const d of DIRECTIONS_2D) {
      const [mode, sign] = [d.slice(0, -1) as 'simple' | 'pure', d.endsWith('+') ? 1 : -1] as const;
      const got = extensionAxis(presetE(mode, sign));
      expect(maxAbsDiff(got, expected[d]), d).to.be.below(1e-15);
    }
    // A non-finite rate has no axis: refused as in 3D (it returned [NaN, NaN]).
    expect(() => extensionAxis(new Float64Array([NaN, 1, 0, 0]))).to.throw(RangeError, 'E: expected finite values, got NaN at index 0');
    expect(() => extensionAxis(new Float64Array([0, Infinity, 0, 0]))).to.throw(RangeError, 'E: expected finite values');
  });

  it('the mode fields weight by 1/λ_m: a used mode with λ_m ≤ 0 is refused (NaN and ±∞ in its particles before), an unused one is not read', () => {
    // Two particles, two unit modes (columns): ψ_0 on particle 0, ψ_1 on particle 1.
    const vectors = new Float64Array([1, 0, 0, 0, 0, 0, 0, 1]);
    const input = (eigenvalues: number[], used: boolean[]) => ({ vectors, eigenvalues: new Float64Array(eigenvalues), used });
    expect(Array.from(qlmVibrality(input([0.5, 4], [true, true]), 2))).to.deep.equal([2, 0.25]);
    expect(Array.from(qlmSoftening(input([0.5, 4], [true, true]), 2, new Float64Array([-1, 2])))).to.deep.equal([2, 0]);
    expect(Array.from(qlmVibrality(input([0.5, 0], [true, false]), 2)), 'unused').to.deep.equal([2, 0]);
    for (const bad of [0, -1e-3, Number.NaN]) {
      expect(() => qlmVibrality(input([0.5, bad], [true, true]), 2)).to.throw(RangeError, `eigenvalues[1]: expected a finite λ > 0 for a mode used (a mode of a stable minimum), got ${bad}`);
      expect(() => qlmSoftening(input([0.5, bad], [true, true]), 2, new Float64Array([0, 1]))).to.throw(RangeError, 'eigenvalues[1]: expected a finite λ > 0');
    }
  });
});

describe('predictors: bond fields against the fixture reference', function () {
  this.timeout(60_000);
  it('|c|, P⁺, |dc/dγ| and max(s dc/dγ, 0) of all four directions', () => {
    const config = readFixtureConfig('n64_s1');
    const ref = readFixtureLhc('n64_s1');
    const g = glassIndicators(config, { indicators: ['absC', 'pPlus', 'absDcdg', 'dcdgPlus'] });
    expect(Array.from(g.i)).to.deep.equal(Array.from(ref.i));
    expect(Array.from(g.j)).to.deep.equal(Array.from(ref.j));
    const scale = maxAbs(ref.dcdgSimple);
    // A misspelt option computed all eleven indicators; an event under another name was skipped ({}).
    expect(() => glassIndicators(config, { indicator: ['absC'] } as never)).to.throw(TypeError, /^options\.indicator: not an option of glassIndicators; did you mean indicators\?/);
    const rankable = { cell: config.cell, positions: config.positions, midpoints: g.midpoints, fields: g.fields };
    expect(() => glassEventRanks(rankable, { simple: { particle: 0 } } as never)).to.throw(RangeError,
      "events: expected the directions 'simple+', 'simple-', 'pure+', 'pure-' as keys, got 'simple'");
    expect(Object.keys(glassEventRanks(rankable, { 'simple+': { particle: 0 } }, [2]))).to.have.length.above(0); // n64: L = 8.6, ξ ≤ 2.4
    for (const d of DIRECTIONS_2D) {
      const s = d.endsWith('+') ? 1 : -1;
      const dc = d.startsWith('simple') ? ref.dcdgSimple : ref.dcdgPure;
      expect(maxAbsDiff(g.fields.absC![d]!, ref.c.map(Math.abs))).to.be.below(1e-8);
      expect(maxAbsDiff(g.fields.pPlus![d]!, ref.c.map((c, a) => Math.max(c * s * dc[a], 0))) / scale, d).to.be.below(1e-6);
      expect(maxAbsDiff(g.fields.absDcdg![d]!, dc.map(Math.abs)) / scale, d).to.be.below(1e-6);
      expect(maxAbsDiff(g.fields.dcdgPlus![d]!, dc.map((x) => Math.max(s * x, 0))) / scale, d).to.be.below(1e-6);
    }
  });
});

describe('predictors: mode fields', function () {
  this.timeout(180_000);
  const config = readFixtureConfig('n64_s1');
  const dofs = 2 * config.n;
  const k = 6;
  const M = denseHessian(config);
  const ev = symmetricEigenvalues(M, dofs).slice(2, 2 + k + 1); // translations first
  const vectors = Array.from({ length: k }, (_, m) => denseEigenvector(M, dofs, ev[m], m + 1));
  const density = (m: number) => Float64Array.from({ length: config.n }, (_, i) => vectors[m][2 * i] ** 2 + vectors[m][2 * i + 1] ** 2);
  const g = glassIndicators(config, { modes: k, qlmThreshold: 1 });

  /** λ_m(γ) of the re-minimized glass, dense. */
  const lambdasAt = (mode: 'simple' | 'pure', gamma: number) => {
    const strained = strainConfiguration(config, config.cell, shearDeformation(mode, 1), 0, gamma);
    return symmetricEigenvalues(denseHessian(newtonPolish(strained, { model }).config), dofs).slice(2, 2 + k);
  };

  it('the modes are isolated (so that dλ/dγ and |ψ_i|² are well defined)', () => {
    for (let m = 0; m < k; m++) expect((ev[m + 1] - ev[m]) / ev[m], `gap above mode ${m}`).to.be.above(1e-3);
  });

  it('participation Σ|ψ_m,i|² and vibrality Σ|ψ_m,i|²/ω_m² match dense eigenvectors (all k modes used)', () => {
    expect(g.modes!.used).to.deep.equal(new Array(k).fill(true));
    const p = new Float64Array(config.n), v = new Float64Array(config.n);
    for (let m = 0; m < k; m++) density(m).forEach((x, i) => { p[i] += x; v[i] += x / ev[m]; });
    for (const d of DIRECTIONS_2D) {
      expect(maxAbsDiff(g.fields.qlmParticipation![d]!, p) / maxAbs(p)).to.be.below(1e-7);
      expect(maxAbsDiff(g.fields.vibrality![d]!, v) / maxAbs(v)).to.be.below(1e-7);
    }
  });

  it('QLMs only: a threshold keeps exactly the modes of participation below it', () => {
    // no mode of this small glass is below the default 0.2; 0.5 splits its six lowest 3 : 3
    const modes = lowestModes(config, k);
    const q = glassIndicators(config, { lowestModes: modes, qlmThreshold: 0.5, indicators: ['qlmParticipation'] });
    const used = modes.modes.map((m) => m.participation < 0.5);
    expect(used).to.include(true).and.to.include(false);
    expect(q.modes!.used).to.deep.equal(used);
    const p = new Float64Array(config.n);
    for (let m = 0; m < k; m++) if (used[m]) density(m).forEach((x, i) => { p[i] += x; });
    expect(maxAbsDiff(q.fields.qlmParticipation!['simple+']!, p)).to.be.below(1e-7);
  });

  for (const mode of ['simple', 'pure'] as const) {
    it(`dλ_m/dγ (${mode}) matches central differences of re-minimized dense spectra; the softening field is oriented`, () => {
      const h = 1e-5;
      const up = lambdasAt(mode, h), down = lambdasAt(mode, -h);
      const fd = Float64Array.from(up, (x, m) => (x - down[m]) / (2 * h));
      const got = g.modes!.dlambda[mode]!;
      expect(maxAbsDiff(got, fd) / maxAbs(fd)).to.be.below(1e-5);
      for (const sign of [1, -1] as const) {
        const d = `${mode}${sign > 0 ? '+' : '-'}` as Direction2D;
        const ref = new Float64Array(config.n);
        for (let m = 0; m < k; m++) {
          const weight = Math.max(-sign * fd[m] / ev[m], 0);
          density(m).forEach((x, i) => { ref[i] += weight * x; });
        }
        expect(maxAbsDiff(g.fields.qlmSoftening![d]!, ref) / maxAbs(ref), d).to.be.below(1e-5);
      }
    });
  }

  it('every indicator is present for every direction, with its support length', () => {
    for (const name of INDICATOR_NAMES) {
      for (const d of DIRECTIONS_2D) {
        const f = g.fields[name]?.[d];
        expect(f, `${name} ${d}`).to.be.instanceOf(Float64Array);
        expect(f!.length, `${name} ${d}`).to.equal(['absC', 'pPlus', 'absDcdg', 'dcdgPlus'].includes(name) ? g.count : config.n);
        expect(f!.every(Number.isFinite), `${name} ${d}`).to.equal(true);
      }
    }
  });

  it('rejects unknown indicators and directions with a message naming them', () => {
    expect(() => glassIndicators(config, { indicators: ['softness' as never] })).to.throw(RangeError, /options\.indicators\[0\]: expected "absC", .* got "softness"/);
    expect(() => glassIndicators(config, { directions: ['shear+' as never] })).to.throw(RangeError, /options\.directions\[0\]: expected "simple\+", .* got "shear\+"/);
    expect(() => glassIndicators(config, { qlmThreshold: 2 })).to.throw(RangeError, /options\.qlmThreshold/);
    const other = localHeatCapacity(readFixtureConfig('n128_s1'));
    expect(() => glassIndicators(config, { lhc: other, indicators: ['absC'] })).to.throw(RangeError, 'options.lhc: expected the LHC of this configuration (same N, cell and positions within 0.000001 λ), got one of N = 128 for N = 64; pass the LHC of the same glass');
  });
});

describe('predictors: metrics on synthetic events', () => {
  const L = 20;
  const cell = new Float64Array([L, 0, 0, L]);
  const rand = seededRandom(7);
  const nPoints = 800;
  const points = Float64Array.from({ length: 2 * nPoints }, () => rand() * L);
  /** A periodic Gaussian bump of width 3 centred at (cx, cy). */
  const bump = (cx: number, cy: number) => Float64Array.from({ length: nPoints }, (_, k) => {
    let dx = points[2 * k] - cx, dy = points[2 * k + 1] - cy;
    dx -= L * Math.round(dx / L);
    dy -= L * Math.round(dy / L);
    return Math.exp(-(dx * dx + dy * dy) / 9);
  });

  it('an event at the peak of a field: λ = 0, AUC = 1; at its trough: λ = (B − 1)/B, AUC = 0; a constant: λ = 0, AUC = ½', () => {
    const event = new Float64Array([12.5, 7.5]); // the centre of bin (2, 1) at ξ = 5
    const f = bump(12.5, 7.5);
    const top = rankField(cell, points, f, event, 5);
    expect(top.bins).to.equal(16);
    expect([top.lambda[0], top.auc[0], top.higher[0], top.ties[0]]).to.deep.equal([0, 1, 0, 0]);
    const low = rankField(cell, points, f.map((x) => -x), event, 5);
    expect([low.lambda[0], low.auc[0], low.lower[0]]).to.deep.equal([15 / 16, 0, 0]);
    const flat = rankField(cell, points, new Float64Array(nPoints).fill(2), event, 5);
    expect([flat.lambda[0], flat.auc[0], flat.ties[0]]).to.deep.equal([0, 0.5, 15]);
  });

  it('λ, AUC and the counts agree with a brute-force binning and 3×3 average', () => {
    const field = Float64Array.from({ length: nPoints }, () => rand());
    const events = Float64Array.from({ length: 40 }, () => rand() * L);
    expect(() => rankField(cell, points, field, events, 6)).to.throw(RangeError, 'xi: expected a bin size giving at least 4 bins along each cell vector (the 3×3 neighbour average is degenerate below), got ξ = 6: 3 × 3 bins; use ξ ≤ 5.7 (as softspot figures advises) or a larger glass'); // 4 bins: round(20/ξ) ≥ 4 ⇔ ξ ≤ 20/3.5 = 5.71
    for (const xi of [4, 5]) {
      const r = rankField(cell, points, field, events, xi);
      const nb = Math.round(L / xi);
      const sum = new Float64Array(nb * nb), count = new Float64Array(nb * nb);
      const binOf = (x: number, y: number) => Math.floor((y / L) * nb) * nb + Math.floor((x / L) * nb);
      for (let k = 0; k < nPoints; k++) { const b = binOf(points[2 * k], points[2 * k + 1]); sum[b] += field[k]; count[b]++; }
      const mean = sum.map((s, b) => s / count[b]);
      const V = mean.map((_, b) => {
        const bx = b % nb, by = Math.floor(b / nb);
        let s = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += mean[((by + dy + nb) % nb) * nb + ((bx + dx + nb) % nb)];
        return s / 9;
      });
      for (let e = 0; e < 20; e++) {
        const v = V[binOf(events[2 * e], events[2 * e + 1])];
        const higher = V.filter((x) => x > v + 1e-12).length, lower = V.filter((x) => x < v - 1e-12).length;
        expect(r.higher[e], `ξ ${xi} event ${e}`).to.equal(higher);
        expect(r.lower[e]).to.equal(lower);
        expect(r.ties[e]).to.equal(nb * nb - 1 - higher - lower);
        expect(r.lambda[e]).to.equal(higher / (nb * nb));
        expect(r.auc[e]).to.be.closeTo((lower + r.ties[e] / 2) / (nb * nb - 1), 1e-15);
      }
    }
  });

  it('a random field: mean λ → (B − 1)/2B and mean AUC → ½ over 3000 trials (±0.02, ~4σ)', () => {
    const trials = 3000;
    let sumL = 0, sumA = 0;
    const field = new Float64Array(nPoints);
    for (let t = 0; t < trials; t++) {
      for (let k = 0; k < nPoints; k++) field[k] = rand();
      const r = rankField(cell, points, field, new Float64Array([rand() * L, rand() * L]), 5);
      sumL += r.lambda[0];
      sumA += r.auc[0];
    }
    expect(sumL / trials).to.be.closeTo(15 / 32, 0.02);
    expect(sumA / trials).to.be.closeTo(0.5, 0.02);
  });

  it('glassEventRanks and benchmarkMetrics: a perfect indicator, a random one, paired counts and pooling', () => {
    const glasses: GlassEventRanks[] = [];
    const positions = points; // particle field support: the points are the "particles"
    for (let gi = 0; gi < 30; gi++) {
      const ex = rand() * L, ey = rand() * L;
      const random = Float64Array.from({ length: nPoints }, () => rand());
      const glass: RankableGlass = {
        cell, positions, midpoints: points,
        fields: {
          pPlus: { 'simple+': bump(ex, ey), 'pure-': bump(ex, ey) },
          energy: { 'simple+': random, 'pure-': random },
          qlmSoftening: { 'simple+': new Float64Array(nPoints) },
        },
      };
      glasses.push(glassEventRanks(glass, { 'simple+': { position: [ex, ey] }, 'pure-': { particle: 3 } }, [4, 5]));
    }
    const m = benchmarkMetrics(glasses, { xis: [4, 5] });
    const perfect = m.pPlus!['simple+']!['5'];
    expect(perfect.n).to.equal(30);
    // the peak of a smooth bump wins its bin unless the event sits near a bin edge, where a neighbour bin can tie or win
    expect(perfect.auc).to.be.above(0.97);
    expect(perfect.meanLambda).to.be.below(0.03);
    expect(perfect.vsReference).to.deep.equal({ better: 0, worse: 0, tied: 30 });
    const other = m.energy!['simple+']!['5'];
    const lambdasE = Float64Array.from(glasses, (g) => g.energy!['simple+']!['5'].lambda);
    const lambdasP = Float64Array.from(glasses, (g) => g.pPlus!['simple+']!['5'].lambda);
    expect(other.vsReference).to.deep.equal(pairedCounts(lambdasE, lambdasP));
    expect(other.meanLambda).to.be.closeTo(lambdasE.reduce((s, x) => s + x, 0) / 30, 1e-15);
    expect(m.energy!.all!['5'].n).to.equal(60);
    expect(Object.keys(m.energy!.all!)).to.deep.equal(['4', '5']);
    expect(m.absC).to.equal(undefined);
    // an all-zero field: λ = 0 for every event (ties count for it), AUC ½, and every event flagged as tied
    const flat = m.qlmSoftening!['simple+']!['5'];
    expect([flat.meanLambda, flat.auc, flat.tiedEvents, flat.n]).to.deep.equal([0, 0.5, 30, 30]);
    expect(perfect.tiedEvents + other.tiedEvents).to.equal(0);
  });

  it('pairedCounts by hand', () => {
    expect(pairedCounts(new Float64Array([0, 0.5, 0.2, 0.3]), new Float64Array([0.1, 0.5, 0.1, 0.4]))).to.deep.equal({ better: 2, worse: 1, tied: 1 });
  });
});
