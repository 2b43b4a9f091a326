/**
 * Cubic nonlinear modes (lib/modes/nonlinear.ts) against routes that do not use its
 * operators: H z and U''' : zz against central differences of the forces (2D: the 2D
 * energy kernels of lib/hessian; 3D: lib/nd's energy), κ and τ against differences of the
 * energy along the mode, κ ≥ λ_min of the dense Hessian, the stationarity equation with the
 * differenced operators, and a local minimum of the cost against random perturbations.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Configuration } from '../lib/config.js';
import { energyForces, findPairs, hessian, pairTensors } from '../lib/hessian/index.js';
import { configurationOfFrame, readXyzFrame } from '../lib/io/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { lowestModes, NONLINEAR_DEFAULTS, nonlinearMode, nonlinearModesOf, nonlinearSystem, SAME_MODE_OVERLAP } from '../lib/modes/index.js';
import { energyForcesNd } from '../lib/nd/energy.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { createRng } from '../lib/random.js';
import { denseFromCsc, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { readFixtureConfig } from './helpers/read-fixture.js';
import { triangularCrystal } from './helpers/crystal.js';

const FIXTURE_3D = new URL('./fixtures/ipl3d_n160_s1.xyz', import.meta.url).pathname;

/** U and F of a glass by the route of its dimension (not lib/modes). */
function energyAndForces(config: Configuration): (x: Float64Array) => { energy: number; forces: Float64Array } {
  return config.dim === 3
    ? (x) => energyForcesNd({ ...config, positions: x }, lawOfConfiguration(config))
    : (x) => energyForces({ ...config, positions: x }, DEFAULT_MODEL);
}

const shifted = (x: Float64Array, z: Float64Array, s: number): Float64Array => x.map((v, k) => v + s * z[k]!);
const dot = (a: Float64Array, b: Float64Array): number => a.reduce((t, v, k) => t + v * b[k]!, 0);
const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));

/** A random unit vector without net translation. */
function randomDirection(seed: number, d: number, n: number): Float64Array {
  const rng = createRng(seed);
  const z = Float64Array.from({ length: d * n }, () => rng.normal());
  for (let a = 0; a < d; a++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += z[d * i + a]! / n;
    for (let i = 0; i < n; i++) z[d * i + a]! -= mean;
  }
  const l = norm(z);
  return z.map((v) => v / l);
}

describe('nonlinear modes (Gartner & Lerner 2016)', function () {
  this.timeout(120_000);
  const glasses: Array<[string, Configuration]> = [
    ['2D ipl, N = 64', readFixtureConfig('n64_s1')],
    ['3D ipl3d, N = 160', configurationOfFrame(readXyzFrame(readFileSync(FIXTURE_3D, 'utf8'), FIXTURE_3D))],
  ];

  for (const [name, config] of glasses) {
    describe(name, () => {
      const d = config.dim === 3 ? 3 : 2;
      const uf = energyAndForces(config);
      const x0 = config.positions;
      const sys = nonlinearSystem(config);

      it('H z and U\'\'\' : zz are the first and second central differences of the forces along z', () => {
        const z = randomDirection(7, d, config.n);
        const h = 1e-4;
        const fp = uf(shifted(x0, z, h)).forces, fm = uf(shifted(x0, z, -h)).forces, f0 = uf(x0).forces;
        // −dF/ds = H z (error O(h²)); −d²F/ds² = U''' : zz (error O(h²)).
        const hz = fp.map((v, k) => -(v - fm[k]!) / (2 * h));
        const cz = fp.map((v, k) => -(v + fm[k]! - 2 * f0[k]!) / (h * h));
        const H = sys.hessianProduct(z), C = sys.cubicProduct(z);
        expect(norm(H.map((v, k) => v - hz[k]!)) / norm(hz)).to.be.below(1e-6);
        expect(norm(C.map((v, k) => v - cz[k]!)) / norm(cz)).to.be.below(1e-4);
      });

      it('the fused products of the minimization are those of lib/nd\'s contractions to rounding', () => {
        for (const seed of [3, 4]) {
          const z = randomDirection(seed, d, config.n);
          const { hz, cz } = sys.products(z);
          const H = sys.hessianProduct(z), C = sys.cubicProduct(z);
          expect(norm(hz.map((v, k) => v - H[k]!)) / norm(H)).to.be.below(1e-13);
          expect(norm(cz.map((v, k) => v - C[k]!)) / norm(C)).to.be.below(1e-13);
        }
      });

      it('from the softest harmonic mode: stationary, a local minimum of κ³/τ², τ ≤ 0, κ and τ of the energy along it (and κ ≥ λ_min)', () => {
        const harmonic = lowestModes(config, 4);
        const dn = d * config.n;
        const mode = nonlinearMode(config, harmonic.vectors.subarray(0, dn), {}, sys);
        expect(mode.converged).to.equal(true);
        expect(mode.residual).to.be.at.most(NONLINEAR_DEFAULTS.tolerance);
        expect(norm(mode.vector)).to.be.closeTo(1, 1e-12);
        expect(mode.tau).to.be.below(0);
        // The lowest non-zero eigenvalue of the dense free Hessian bounds κ = π·Hπ from below.
        if (d === 2) {
          const pairs = findPairs(config, DEFAULT_MODEL);
          const ev = symmetricEigenvalues(denseFromCsc(hessian(pairs, pairTensors(pairs, DEFAULT_MODEL, 2).K!, config.n, -1)), dn);
          expect(mode.kappa).to.be.at.least(ev[2]! * (1 - 1e-9));
        } else {
          expect(mode.kappa).to.be.at.least(harmonic.modes[0]!.eigenvalue * (1 - 1e-9));
        }
        // U(s) along π: κ = U''(0) and τ = U'''(0) from central differences of the energy.
        const U = (s: number): number => uf(shifted(x0, mode.vector, s)).energy;
        const s = 2e-3;
        const kappa = (U(s) + U(-s) - 2 * U(0)) / (s * s);
        const tau = (U(2 * s) - 2 * U(s) + 2 * U(-s) - U(-2 * s)) / (2 * s ** 3);
        expect(kappa).to.be.closeTo(mode.kappa, 1e-4 * mode.kappa);
        expect(tau).to.be.closeTo(mode.tau, 2e-3 * Math.abs(mode.tau));
        expect(mode.barrier).to.be.closeTo((2 * mode.kappa ** 3) / (3 * mode.tau ** 2), 1e-12 * mode.barrier);
        // H π = (κ/τ) U''' : ππ with both sides from differences of the forces.
        const h = 1e-4;
        const fp = uf(shifted(x0, mode.vector, h)).forces, fm = uf(shifted(x0, mode.vector, -h)).forces, f0 = uf(x0).forces;
        const lhs = fp.map((v, k) => -(v - fm[k]!) / (2 * h));
        const rhs = fp.map((v, k) => (-(v + fm[k]! - 2 * f0[k]!) / (h * h)) * (mode.kappa / mode.tau));
        expect(norm(lhs.map((v, k) => v - rhs[k]!)) / norm(lhs)).to.be.below(1e-3);
        // A local minimum of C = κ³/τ² on the unit sphere.
        const cost = (z: Float64Array): number => {
          const u = z.map((v) => v / norm(z));
          return dot(u, sys.hessianProduct(u)) ** 3 / dot(u, sys.cubicProduct(u)) ** 2;
        };
        const c0 = cost(mode.vector);
        expect(c0).to.be.closeTo(mode.kappa ** 3 / mode.tau ** 2, 1e-9 * c0);
        for (let t = 0; t < 8; t++) {
          const w = randomDirection(100 + t, d, config.n);
          expect(cost(shifted(mode.vector, w, 1e-2))).to.be.above(c0);
        }
      });
    });
  }

  it('nonlinearModesOf: one per harmonic mode, the repeats named, and the same numbers as one by one', () => {
    const config = readFixtureConfig('n64_s1');
    const harmonic = lowestModes(config, 6);
    const all = nonlinearModesOf(config, harmonic.vectors, 6);
    expect(all.map((m) => m.from)).to.deep.equal([0, 1, 2, 3, 4, 5]);
    const dn = 2 * config.n;
    for (const m of all) {
      const alone = nonlinearMode(config, harmonic.vectors.subarray(m.from * dn, (m.from + 1) * dn));
      expect(m.kappa).to.equal(alone.kappa);
      if (m.sameAs !== undefined) {
        const twin = all[m.sameAs]!;
        expect(twin.sameAs).to.equal(undefined);
        expect(Math.abs(dot(twin.vector, m.vector))).to.be.above(SAME_MODE_OVERLAP);
        // κ is not stationary at the mode: two runs to it agree to about the tolerance.
        expect(m.kappa).to.be.closeTo(twin.kappa, 10 * NONLINEAR_DEFAULTS.tolerance * twin.kappa);
      }
    }
  });

  it('two distinct modes that overlap by 0.991 are not named one (near_modes_n500_s1): each is a minimum of its own, κ apart', () => {
    const config = readFixtureConfig('near_modes_n500_s1');
    const harmonic = lowestModes(config, 5);
    const all = nonlinearModesOf(config, harmonic.vectors, 5);
    for (const m of all) expect(m.converged, `from ${m.from}`).to.equal(true);
    // Independently of the threshold: a pair is one mode when each run, continued from where it
    // stopped at a 100× tighter tolerance, stays there and their κ agree to that tolerance.
    const tight = all.map((m) => nonlinearMode(config, m.vector, { tolerance: NONLINEAR_DEFAULTS.tolerance / 100 }));
    let distinctClose = 0;
    for (let a = 0; a < all.length; a++) {
      for (let b = 0; b < a; b++) {
        const overlap = Math.abs(dot(tight[a]!.vector, tight[b]!.vector));
        const same = Math.abs(tight[a]!.kappa - tight[b]!.kappa) < 1e-6 * tight[a]!.kappa && overlap > 1 - 1e-6;
        if (!same && overlap > 0.99) distinctClose++;
        const named = all[a]!.sameAs === all[b]!.from || (all[a]!.sameAs !== undefined && all[a]!.sameAs === all[b]!.sameAs);
        expect(named, `starts ${b} and ${a}: overlap ${overlap}, κ ${tight[b]!.kappa} and ${tight[a]!.kappa}`).to.equal(same);
      }
    }
    expect(distinctClose, 'the fixture holds the close distinct pair it is kept for').to.be.above(0);
  });

  it('with masses the start is the displacement M^(−1/2)e: vectors √m·ψ reach the unit-mass run\'s mode from ψ', () => {
    const config = readFixtureConfig('n64_s1');
    const harmonic = lowestModes(config, 3);
    const masses = Float64Array.from({ length: 64 }, (_, i) => 1 + (i % 3));
    // e = M^{1/2} ψ, so M^{−1/2} e = ψ: the same starts as the unit-mass call.
    const e = harmonic.vectors.map((x, t) => x * Math.sqrt(masses[Math.floor(t / 2) % 64]!));
    const plain = nonlinearModesOf(config, harmonic.vectors, 3);
    const weighted = nonlinearModesOf(config, e, 3, { masses });
    // The same starts up to rounding (√m·ψ/√m): the same modes, and the same overlaps with the start.
    weighted.forEach((m, k) => {
      expect(m.kappa, `start ${k}`).to.be.closeTo(plain[k]!.kappa, 1e-5 * plain[k]!.kappa); // κ to the residual (C is stationary, κ is not)
      expect(m.overlap, `start ${k}`).to.be.closeTo(plain[k]!.overlap, 1e-5);
    });
    expect(() => nonlinearModesOf(config, e, 3, { masses: masses.subarray(1) })).to.throw(TypeError, 'options.masses: expected a Float64Array of the N = 64 particle masses');
    expect(() => nonlinearModesOf(config, e.subarray(3), 3)).to.throw(RangeError, 'vectors: expected a Float64Array of k·d·N = 384 entries');
  });

  it('bad starts and options: wrong length, NaN, a uniform translation, a tolerance or iteration count or k that is not one', () => {
    const config = readFixtureConfig('n64_s1');
    expect(() => nonlinearMode(config, new Float64Array(5))).to.throw(RangeError, 'start: expected a Float64Array of d·N = 128 entries, got 5');
    const shift = Float64Array.from({ length: 128 }, (_, k) => (k % 2 === 0 ? 1 : 0));
    expect(() => nonlinearMode(config, shift)).to.throw(RangeError, 'start: expected a vector that is not a uniform translation');
    const psi = lowestModes(config, 2).vectors;
    const start = psi.slice(0, 128);
    expect(() => nonlinearMode(config, start.map((v, k) => (k === 3 ? NaN : v)))).to.throw(RangeError, /^start: expected finite values, got NaN at index 3/);
    // NaN or 0 returned the start itself (0 iterations, not converged); a string was converted.
    expect(() => nonlinearMode(config, start, { tolerance: NaN })).to.throw(RangeError, /^options\.tolerance/);
    expect(() => nonlinearMode(config, start, { tolerance: '1e-3' as never })).to.throw(TypeError, /^options\.tolerance/);
    expect(() => nonlinearMode(config, start, { maxIterations: 0 })).to.throw(RangeError, /^options\.maxIterations/);
    // k = 1.5 gave two modes, NaN none.
    for (const k of [1.5, NaN, -1]) expect(() => nonlinearModesOf(config, psi, k), String(k)).to.throw(RangeError, /^k: expected an integer/);
    expect(() => nonlinearModesOf(config, psi, '2' as never)).to.throw(TypeError, /^k: expected an integer/);
    // The length of a start does not matter (its norm overflowed or underflowed: "not a finite vector").
    const plain = nonlinearMode(config, start);
    for (const scale of [1e200, 1e-200]) {
      const scaled = nonlinearMode(config, start.map((v) => v * scale));
      expect(scaled.converged, String(scale)).to.equal(true);
      expect(scaled.barrier, String(scale)).to.be.closeTo(plain.barrier, 1e-9 * plain.barrier); // the same mode (the scaling rounds the start differently)
      expect(Math.abs(dot(scaled.vector, plain.vector)), String(scale)).to.be.above(SAME_MODE_OVERLAP);
    }
  });

  it('a crystal (triangular, N = 64): every mode is a local minimum of C, by the curvature of ln C on the sphere from differenced forces (a symmetric start stopped at saddles)', () => {
    // 8 × 8 rows at N/V = 0.86, one species: its harmonic modes are degenerate (symmetric starts).
    const crystal = triangularCrystal();
    const modes = nonlinearModesOf(crystal, lowestModes(crystal, 6).vectors, 6).filter((m) => m.converged && m.sameAs === undefined);
    expect(modes.length).to.be.at.least(2);
    for (const m of modes) expect(smallestCurvature(crystal, m.vector), `mode from ${m.from}: κ ${m.kappa}`).to.be.above(-0.05);
  });

  it('the same curvature on a glass (n64_s1): positive at its modes', () => {
    const config = readFixtureConfig('n64_s1');
    const modes = nonlinearModesOf(config, lowestModes(config, 4).vectors, 4).filter((m) => m.sameAs === undefined);
    for (const m of modes) expect(smallestCurvature(config, m.vector), `mode from ${m.from}`).to.be.above(0);
  });
});

/**
 * The smallest eigenvalue of the curvature of f = ln C = 3 ln κ − 2 ln|τ| on the unit
 * sphere at π, off the translations: f's gradient g = 6 Hz/κ − 6 (U''':zz)/τ from central
 * differences of the forces of lib/hessian along z (Hz = −dF/ds, U''':zz = −d²F/ds²; not
 * lib/modes' operators), differenced again along an orthonormal basis of the tangent space.
 */
function smallestCurvature(config: Configuration, pi: Float64Array): number {
  const d = 2, n = config.n, dn = d * n, h = 1e-4, eps = 1e-3;
  const uf = energyAndForces(config), x0 = config.positions;
  const grad = (z: Float64Array): Float64Array => {
    const fp = uf(shifted(x0, z, h)).forces, fm = uf(shifted(x0, z, -h)).forces, f0 = uf(x0).forces;
    const hz = fp.map((v, k) => -(v - fm[k]!) / (2 * h));
    const cz = fp.map((v, k) => -(v + fm[k]! - 2 * f0[k]!) / (h * h));
    const kappa = dot(z, hz), tau = dot(z, cz);
    return hz.map((v, k) => (6 * v) / kappa - (6 * cz[k]!) / tau);
  };
  // Orthonormal basis of {v : v·π = 0, no net translation}: Gram–Schmidt of random vectors.
  const basis: Float64Array[] = [];
  const against = [pi, ...[0, 1].map((a) => { const t = new Float64Array(dn); for (let i = 0; i < n; i++) t[d * i + a] = 1 / Math.sqrt(n); return t; })];
  for (let seed = 1; basis.length < dn - 3; seed++) {
    const v = randomDirection(1000 + seed, d, n);
    for (const b of [...against, ...basis]) { const c = dot(v, b); for (let k = 0; k < dn; k++) v[k]! -= c * b[k]!; }
    const l = norm(v);
    if (l > 1e-6) basis.push(v.map((x) => x / l));
  }
  const m = basis.length, A = new Float64Array(m * m);
  basis.forEach((b, i) => {
    const unit = (s: number): Float64Array => { const z = pi.map((v, k) => v + s * b[k]!); const l = norm(z); return z.map((v) => v / l); };
    const gp = grad(unit(eps)), gm = grad(unit(-eps));
    const col = gp.map((v, k) => (v - gm[k]!) / (2 * eps));
    basis.forEach((c, j) => { A[i * m + j] = dot(c, col); });
  });
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) { const s = (A[i * m + j]! + A[j * m + i]!) / 2; A[i * m + j] = s; A[j * m + i] = s; }
  return symmetricEigenvalues(A, m)[0]!;
}
