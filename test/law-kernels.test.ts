/**
 * The 2D kernels evaluate the configuration's pair law (DESIGN §10): a small `ka2d`
 * (Lennard-Jones) glass, checked against an independent brute-force evaluation of
 * DESIGN's LJ formula, finite differences and the exact sum rules.
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { assembleBlocks, energy, energyForces, findPairs, hessianPattern, pairTensors } from '../lib/hessian/index.js';
import { lowestModes } from '../lib/modes/index.js';
import { denseFromCsc, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { minimizeGlass } from '../lib/md/minimize-glass.js';
import { newtonPolish } from '../lib/minimize/newton.js';
import { DEFAULT_MODEL, modelOfConfiguration, presetModel } from '../lib/model/index.js';
import { shearDeformation, strainConfiguration } from '../lib/space/index.js';
import { ka2dLattice } from './helpers/ka2d-lattice.js';

/** DESIGN §10's LJ smoothing, quoted (not computed by the code under test). */
const C = [0.322042855424, -0.11564551766016, 0.0147747948724224, -0.000655695477211136];
const EPS = [[1, 1.5], [1.5, 0.5]], SIG = [[1, 0.8], [0.8, 0.88]];

/** φ_ab(r) of DESIGN §10, directly. */
function ljPhi(a: number, b: number, r: number): number {
  const e = EPS[a]![b]!, s = SIG[a]![b]!;
  if (r >= 2.5 * s) return 0;
  let v = 4 * e * ((s / r) ** 12 - (s / r) ** 6);
  for (let l = 0; l < 4; l++) v += e * C[l]! * (r / s) ** (2 * l);
  return v;
}

/** U by brute force over all pairs and the 9 nearest images (valid: cell width > 2 r_c). */
function bruteEnergy(config: Configuration): number {
  const { n, cell, positions: x, species } = config;
  let u = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let p = -1; p <= 1; p++) {
        for (let q = -1; q <= 1; q++) {
          const dx = x[2 * j]! - x[2 * i]! + p * cell[0]! + q * cell[1]!;
          const dy = x[2 * j + 1]! - x[2 * i + 1]! + p * cell[2]! + q * cell[3]!;
          u += ljPhi(species[i]!, species[j]!, Math.hypot(dx, dy));
        }
      }
    }
  }
  return u;
}

const ka2dStart = (m: number, seed: number): Configuration => ka2dLattice(m, seed, { jitter: 0.2, tilt: 0.3 });

describe('2D kernels take the pair law from the configuration (DESIGN §10)', () => {
  it('a configuration without model is the paper\'s ipl; ka2d resolves to the LJ model; 3D and poly are refused', () => {
    const c = ka2dStart(8, 1);
    expect(modelOfConfiguration({ ...c, model: undefined })).to.equal(DEFAULT_MODEL);
    expect(modelOfConfiguration(c)).to.equal(presetModel('ka2d'));
    expect(() => modelOfConfiguration({ ...c, model: 'ka' })).to.throw(RangeError, "config.model: 'ka' is a 3D model, and this configuration is 2D (no dim: 3)");
    expect(() => modelOfConfiguration({ ...c, model: 'poly' })).to.throw(RangeError, "config.model: 'poly' has a per-particle law");
    expect(() => modelOfConfiguration({ ...c, model: 'nope' })).to.throw(RangeError, "config.model: unknown model preset 'nope'");
  });

  it('ka2d: energy equals a brute-force sum of DESIGN\'s LJ formula; forces are −∇U (central differences)', () => {
    const config = ka2dStart(8, 2);
    const model = presetModel('ka2d');
    const { energy: u, forces } = energyForces(config, model);
    const ref = bruteEnergy(config);
    expect(Math.abs(u - ref)).to.be.below(1e-11 * Math.abs(ref));
    const h = 1e-6;
    for (const k of [0, 1, 17, 64, 127]) {
      const plus = { ...config, positions: config.positions.slice() }, minus = { ...config, positions: config.positions.slice() };
      plus.positions[k]! += h;
      minus.positions[k]! -= h;
      const fd = -(energy(plus, model) - energy(minus, model)) / (2 * h);
      expect(Math.abs(forces[k]! - fd), `dof ${k}`).to.be.below(1e-6 * (1 + Math.abs(fd)));
    }
    // Pair tensors: φ summed over the pair list is U; K is the finite difference of g.
    const pairs = findPairs(config, model);
    const t = pairTensors(pairs, model, 2);
    expect(Math.abs(t.phi.reduce((s, v) => s + v, 0) - ref)).to.be.below(1e-11 * Math.abs(ref));
  });

  it('ka2d: a minimized glass has Σ c_α = 2N − 2, Σ dc_α/dγ = 0, and dc/dγ matches finite differences of c', () => {
    const start = ka2dStart(8, 3);
    const glass = minimizeGlass(start).config; // model from config.model
    expect(glass.model).to.equal('ka2d');
    const lj = localHeatCapacity(glass);
    // The interactions are the LJ pairs (cutoff 2.5 σ_ab), not the IPL's (1.6 λ_ab).
    expect(lj.count).to.equal(findPairs(glass, presetModel('ka2d')).count);
    expect(lj.count).to.be.above(1.5 * findPairs(glass, DEFAULT_MODEL).count);
    const n = glass.n;
    expect(Math.abs(lj.c.reduce((s, v) => s + v, 0) - (2 * n - 2))).to.be.below(1e-9 * n);
    for (const mode of ['simple', 'pure'] as const) {
      const sum = lj.dcdg[mode].reduce((s, v) => s + v, 0);
      const scale = lj.dcdg[mode].reduce((s, v) => s + Math.abs(v), 0);
      expect(Math.abs(sum)).to.be.below(1e-9 * scale);
      const h = 1e-5;
      const def = shearDeformation(mode, 1);
      const at = (g: number): Float64Array => localHeatCapacity(newtonPolish(strainConfiguration(glass, glass.cell, def, 0, g)).config).c;
      const plus = at(h), minus = at(-h);
      const errors: number[] = [];
      for (let a = 0; a < lj.count; a++) {
        const fd = (plus[a]! - minus[a]!) / (2 * h);
        errors.push(Math.abs(fd - lj.dcdg[mode][a]!) / Math.max(Math.abs(lj.dcdg[mode][a]!), 1e-3 * scale / lj.count));
      }
      errors.sort((x, y) => x - y);
      expect(errors[Math.floor(errors.length / 2)], `${mode} median`).to.be.below(1e-5);
      expect(errors[Math.floor(errors.length * 0.9)], `${mode} p90`).to.be.below(1e-3);
    }
  });

  it('ka2d: lowestModes without options.model uses the glass\'s LJ law (the dense eigenvalues of the LJ Hessian)', () => {
    const glass = minimizeGlass(ka2dStart(8, 3)).config;
    const model = presetModel('ka2d');
    const pairs = findPairs(glass, model);
    const H = denseFromCsc(assembleBlocks(hessianPattern(pairs, glass.n, -1), pairTensors(pairs, model, 2).K!));
    const dim = 2 * glass.n;
    const values = symmetricEigenvalues(H, dim);
    const res = lowestModes(glass, 3, { tol: 1e-10 });
    res.modes.forEach((m, k) => expect(m.eigenvalue).to.be.closeTo(values[k + 2]!, 1e-8 * values[dim - 1]!));
  });
});
