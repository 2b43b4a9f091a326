/**
 * The pieces lowestModes' fast path is built from, each against an independent route:
 * the flat-basis kernels of lib/modes/basis.ts against plain loops, the tridiagonal QL of
 * lib/modes/tridiagonal.ts against the dense eigenvalues (Jacobi, test helper) and the
 * three-term recurrence for the eigenvector, the pair-by-pair Hessian product against the
 * dense assembled Hessian, and the reported maxForce against energyForces.
 */
import { expect } from 'chai';
import { energyForces, findPairs, hessian, hessianProduct, pairTensors } from '../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { UnstableConfigurationError } from '../lib/errors.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { lowestModes } from '../lib/modes/index.js';
import { combineColumns, projectOut } from '../lib/modes/basis.js';
import { tridiagonalEigen, tridiagonalEigenLast } from '../lib/modes/tridiagonal.js';
import { removeTranslation } from '../lib/modes/translation.js';
import { expectAllFinite } from '../lib/validate.js';
import { denseFromCsc, matvecBlock, seededRandom, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { readFixtureConfig } from './helpers/read-fixture.js';

describe('modes kernels', () => {
  const rand = seededRandom(7);

  for (const count of [1, 3, 4, 9]) {
    it(`projectOut and combineColumns equal plain loops (${count} columns)`, () => {
      const n = 37;
      const Q = Float64Array.from({ length: n * count }, () => rand() - 0.5);
      const w = Float64Array.from({ length: n }, () => rand() - 0.5);
      const want = w.slice(), c = new Float64Array(count);
      for (let i = 0; i < count; i++) { for (let r = 0; r < n; r++) c[i] += Q[i * n + r] * w[r]; }
      for (let i = 0; i < count; i++) for (let r = 0; r < n; r++) want[r] -= c[i] * Q[i * n + r];
      const coeff = new Float64Array(count).fill(1);
      const s = projectOut(Q, n, count, w, coeff);
      for (let r = 0; r < n; r++) expect(w[r]).to.be.closeTo(want[r], 1e-14);
      for (let i = 0; i < count; i++) expect(coeff[i]).to.be.closeTo(1 + c[i], 1e-14);
      expect(s).to.be.closeTo(want.reduce((a, x) => a + x * x, 0), 1e-13);
      const stride = count + 2, Z = Float64Array.from({ length: count * stride }, () => rand() - 0.5);
      const cols = [stride - 1, 0, 1];
      const Y = combineColumns(Q, n, count, Z, stride, cols);
      for (let k = 0; k < cols.length; k++) {
        for (let r = 0; r < n; r++) {
          let y = 0;
          for (let i = 0; i < count; i++) y += Z[i * stride + cols[k]] * Q[i * n + r];
          expect(Y[k * n + r]).to.be.closeTo(y, 1e-14);
        }
      }
    });
  }

  it('projectOut and combineColumns on a Lanczos-sized basis (n = 4000, 61 columns, w inside the same buffer) equal plain loops', () => {
    const n = 4000, count = 61;
    const buffer = Float64Array.from({ length: n * (count + 1) }, () => rand() - 0.5);
    const Q = buffer.subarray(0, n * count), w = buffer.subarray(n * count);
    const c = new Float64Array(count);
    for (let i = 0; i < count; i++) { let s = 0; for (let r = 0; r < n; r++) s += Q[i * n + r] * w[r]; c[i] = s; }
    const want = w.slice();
    for (let i = 0; i < count; i++) for (let r = 0; r < n; r++) want[r] -= c[i] * Q[i * n + r];
    const coeff = new Float64Array(count);
    const s = projectOut(buffer, n, count, w, coeff);
    for (let i = 0; i < count; i++) expect(coeff[i]).to.be.closeTo(c[i], 1e-11);
    for (let r = 0; r < n; r++) expect(w[r]).to.be.closeTo(want[r], 1e-11);
    const s2 = want.reduce((a, x) => a + x * x, 0);
    expect(s).to.be.closeTo(s2, 1e-13 * s2);
    expect(Q[0]).to.equal(buffer[0]); // the basis itself untouched: only w changed
    const k = 20, Z = Float64Array.from({ length: count * count }, () => rand() - 0.5);
    const cols = Array.from({ length: k }, (_, i) => (7 * i) % count);
    const Y = combineColumns(Q, n, count, Z, count, cols);
    for (let j = 0; j < k; j++) {
      for (let r = 0; r < n; r += 97) {
        let y = 0;
        for (let i = 0; i < count; i++) y += Z[i * count + cols[j]] * Q[i * n + r];
        expect(Y[j * n + r]).to.be.closeTo(y, 1e-12);
      }
    }
  });

  it('projectOut refuses a w that overlaps the basis columns it reads, and a too-short Q', () => {
    const Q = new Float64Array(30);
    expect(() => projectOut(Q, 10, 2, Q.subarray(10, 20), new Float64Array(2))).to.throw(RangeError, /overlap/);
    expect(() => projectOut(Q, 10, 4, new Float64Array(10), new Float64Array(4))).to.throw(RangeError, /Q must have at least 40/);
  });

  for (const m of [1, 2, 7, 40]) {
    it(`tridiagonal QL (${m}×${m}): eigenvalues match dense Jacobi, eigenvectors T z = θ z, last components the recurrence`, () => {
      const d = Array.from({ length: m }, () => rand() * 4 - 1), e = Array.from({ length: m - 1 }, () => rand() - 0.5);
      if (m === 40) e[20] = 1e-20; // a split into two blocks
      const T = new Float64Array(m * m);
      for (let i = 0; i < m; i++) { T[i * m + i] = d[i]; if (i + 1 < m) { T[i * m + i + 1] = e[i]; T[(i + 1) * m + i] = e[i]; } }
      const values = new Float64Array(m), last = new Float64Array(m);
      tridiagonalEigenLast(d, e, m, values, last);
      const sorted = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
      const dense = symmetricEigenvalues(T, m);
      const scale = Math.max(...dense.map(Math.abs));
      sorted.forEach((i, r) => expect(values[i]).to.be.closeTo(dense[r], 1e-12 * scale));
      let sum = 0;
      for (let i = 0; i < m; i++) sum += last[i] ** 2;
      expect(sum).to.be.closeTo(1, 1e-12); // the last row of an orthogonal matrix
      // tridiagonalEigen: the same values, T z = θ z, Z orthogonal, last row = `last`.
      const v2 = new Float64Array(m), Z = new Float64Array(m * m);
      tridiagonalEigen(d, e, m, v2, Z);
      for (let i = 0; i < m; i++) {
        expect(v2[i]).to.equal(values[i]);
        expect(Z[(m - 1) * m + i]).to.be.closeTo(last[i], 1e-14);
        for (let r = 0; r < m; r++) {
          let tz = 0;
          for (let c = 0; c < m; c++) tz += T[r * m + c] * Z[c * m + i];
          expect(tz).to.be.closeTo(values[i] * Z[r * m + i], 1e-12 * scale);
        }
        for (let j = 0; j <= i; j++) {
          let dz = 0;
          for (let r = 0; r < m; r++) dz += Z[r * m + i] * Z[r * m + j];
          expect(dz).to.be.closeTo(i === j ? 1 : 0, 1e-12);
        }
      }
      if (m === 40) return;
      // Eigenvector by the three-term recurrence v_0 = 1, e_i v_{i+1} = (θ − d_i) v_i − e_{i−1} v_{i−1}.
      for (let i = 0; i < m; i++) {
        const th = values[i], v = [1];
        for (let r = 0; r + 1 < m; r++) v.push(((th - d[r]) * v[r] - (r > 0 ? e[r - 1] * v[r - 1] : 0)) / e[r]);
        const nv = Math.hypot(...v);
        expect(Math.abs(last[i])).to.be.closeTo(Math.abs(v[m - 1]) / nv, 1e-8);
      }
    });
  }

  for (const d of [2, 3]) {
    it(`removeTranslation (d = ${d}) subtracts the mean displacement of each component: plain loops, sums zero after`, () => {
      const n = 53;
      const v = Float64Array.from({ length: d * n }, () => rand() - 0.3);
      const want = v.slice();
      for (let a = 0; a < d; a++) {
        let mean = 0;
        for (let i = 0; i < n; i++) mean += v[d * i + a];
        mean /= n;
        for (let i = 0; i < n; i++) want[d * i + a] -= mean;
      }
      removeTranslation(v, d);
      for (let r = 0; r < v.length; r++) expect(v[r]).to.be.closeTo(want[r], 1e-15);
      for (let a = 0; a < d; a++) { let s = 0; for (let i = 0; i < n; i++) s += v[d * i + a]; expect(Math.abs(s)).to.be.below(1e-13); }
    });
  }

  it('expectAllFinite (fast path for Float64Array) accepts ±0 and finite values, names the first NaN or ±∞', () => {
    expect(() => expectAllFinite('B', Float64Array.of(0, -0, 1e308, -5e-324))).not.to.throw();
    expect(() => expectAllFinite('B', Float64Array.of(1, 2, Infinity, NaN))).to.throw(RangeError, 'B: expected finite values, got Infinity at index 2');
    expect(() => expectAllFinite('B', Float64Array.of(1, -Infinity))).to.throw(RangeError, 'got -Infinity at index 1');
    expect(() => expectAllFinite('B', Float64Array.of(NaN))).to.throw(RangeError, 'got NaN at index 0');
  });

  it('hessianProduct (pair by pair) equals the product with the assembled free Hessian, several columns', () => {
    const config = readFixtureConfig('n64_s1');
    const pairs = findPairs(config, DEFAULT_MODEL), K = pairTensors(pairs, DEFAULT_MODEL, 2).K!;
    const dense = denseFromCsc(hessian(pairs, K, config.n, -1)), n2 = 2 * config.n;
    const X = Float64Array.from({ length: 3 * n2 }, () => rand() - 0.5);
    const want = matvecBlock(dense, X, n2, 3), got = hessianProduct(pairs, K, X, 3);
    const scale = Math.max(...want.map(Math.abs));
    for (let r = 0; r < 3 * n2; r++) expect(got[r]).to.be.closeTo(want[r], 1e-13 * scale);
    expect(hessianProduct(pairs, K, X, 3, got)).to.equal(got);
  });

  it('lowestModes maxForce is the largest force component of energyForces, as localHeatCapacity\'s; timings add up', () => {
    const config = readFixtureConfig('n64_s1');
    const positions = config.positions.slice();
    positions[10] += 0.01; // off the minimum, so the forces are not all ~0
    const shaken = { ...config, positions };
    const f = energyForces(shaken, DEFAULT_MODEL).forces;
    let want = 0;
    for (let k = 0; k < 2 * config.n; k++) want = Math.max(want, Math.abs(f[k]!));
    const r = lowestModes(shaken, 3);
    expect(want).to.be.greaterThan(1e-3);
    expect(r.maxForce).to.be.closeTo(want, 1e-12 * want);
    // The number lhc's diagnostics report (its forces summed in another order).
    expect(r.maxForce).to.be.closeTo(localHeatCapacity(shaken, { polish: false, forceTolerance: 100 }).diagnostics.maxForce, 1e-12 * want);
    const t = r.timings;
    expect(t.setup + t.factorize + t.iterate).to.be.at.most(t.total + 1e-9);
    expect(t.solve).to.be.greaterThan(0);
    expect(t.product).to.be.greaterThan(0);
    expect(t.solve + t.product).to.be.at.most(t.iterate + 1e-9);
  });

  it('an unstable glass throws UnstableConfigurationError (naming the particle) with either ordering', () => {
    const config = readFixtureConfig('n64_s1');
    const positions = config.positions.map((x, r) => x + 0.25 * (r % 2 === 0 ? Math.sin(3.5 * r) : Math.cos(2.5 * (r - 1))));
    const shaken = { ...config, positions };
    for (const ordering of ['amd', 'metis'] as const) {
      expect(() => lowestModes(shaken, 3, { ordering })).to.throw(UnstableConfigurationError, /not at a stable minimum: its Hessian is not positive definite \(first failing pivot at particle \d+/);
    }
  });
});
