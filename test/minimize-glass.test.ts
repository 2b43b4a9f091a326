/**
 * minimizeGlass and glassObjective of the paper's 2D glasses: the objective runs on the MD
 * list and its native pair loop where the cell holds it (lib/md createMdObjective), else on
 * the TypeScript kernel of lib/hessian. The reference is the direct O(N²) sum of the law's
 * radial function (test/helpers/nd-md-reference.ts): U and ∇U agree to rounding; and CG on
 * lib/hessian's kernel takes a perturbed glass to the same minimum.
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { energyForces } from '../lib/hessian/index.js';
import { glassObjective, minimizeCG, minimizeGlass } from '../lib/minimize/index.js';
import { DEFAULT_MODEL, makeLawModel, makeModel, type Model } from '../lib/model/index.js';
import { createNeighborList } from '../lib/space/index.js';
import { createRng } from '../lib/stats/index.js';
import { createMdObjective } from '../lib/md/objective.js';
import { readFixtureConfig } from './helpers/read-fixture.js';
import { referenceEnergyForces } from './helpers/nd-md-reference.js';

/** `config` with every coordinate moved by a uniform number in ±`amplitude` (seeded). */
function perturbed(config: Configuration, amplitude: number, seed: number): Configuration {
  const rng = createRng(seed);
  return { ...config, positions: Float64Array.from(config.positions, (x) => x + amplitude * (2 * rng.uniform() - 1)) };
}

/** The objective of lib/hessian's kernel: U and ∇U = −F (the route minimizeGlass took before). */
function hessianObjective(config: Configuration, model: Model = DEFAULT_MODEL): (x: Float64Array, grad: Float64Array) => number {
  const nl = createNeighborList(config.n, { cutoff: model.maxCutoff, skin: 0 });
  const forces = new Float64Array(2 * config.n);
  return (x, grad) => {
    const { energy } = energyForces({ ...config, positions: x }, model, nl, forces);
    for (let k = 0; k < grad.length; k++) grad[k] = -forces[k]!;
    return energy;
  };
}

/** U and ∇U by the direct O(N²) sum over minimum images of the law's radial function (test/helpers, independent of both kernels). */
function directSum(config: Configuration, model: Model, x: Float64Array, grad: Float64Array): number {
  const { energy, forces } = referenceEnergyForces({ d: 2, cell: config.cell, positions: x, species: config.species }, model.law);
  for (let k = 0; k < grad.length; k++) grad[k] = -forces[k]!;
  return energy;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

describe('minimizeGlass and glassObjective (2D ipl glasses)', () => {
  it('U and ∇U equal the direct O(N²) sum along a path of moving positions (list rebuilds, particles leaving the cell): N = 256, a tilted cell, n = 12 / q = 2, a law of one\'s own named ipl, a cell too small for the MD list', () => {
    const big = readFixtureConfig('n256_s1');
    const l = big.cell[0]!;
    const tilted: Configuration = { ...big, cell: Float64Array.of(l, -0.7 * l, 0, l), positions: Float64Array.from(big.positions, (v, k) => (k % 2 === 0 ? v - 0.7 * big.positions[k + 1]! : v)) };
    // N = 20 at the model's density: the reduced cell (4.8 λ) is narrower than 2·(max cutoff + 2·0.3).
    const side = Math.sqrt(20 / DEFAULT_MODEL.density);
    const rng = createRng(3);
    const small: Configuration = {
      n: 20, cell: Float64Array.of(side, 0, 0, side),
      positions: Float64Array.from({ length: 40 }, () => rng.uniform() * side), species: Uint8Array.from({ length: 20 }, (_, p) => (p < 10 ? 0 : 1)),
    };
    // A law object of one's own that happens to be named ipl: no IPL tables (the MD list cannot run it).
    const ownIpl = makeLawModel({ name: 'ipl', nSpecies: 2, perParticle: false, cutoff: (a, b) => DEFAULT_MODEL.law.cutoff(a, b), radial: (a, b, r, out) => DEFAULT_MODEL.law.radial(a, b, r, out) }, { density: DEFAULT_MODEL.density });
    const cases: Array<[string, Configuration, Model]> = [
      ['N = 256', big, DEFAULT_MODEL], ['tilted cell', tilted, DEFAULT_MODEL], ['n = 12, q = 2', big, makeModel({ n: 12, q: 2 })],
      ['own law named ipl', big, ownIpl], ['N = 20', small, DEFAULT_MODEL],
    ];
    for (const [what, config, model] of cases) {
      const fast = glassObjective(config, model);
      const x = Float64Array.from(config.positions);
      const g = new Float64Array(2 * config.n), gRef = new Float64Array(2 * config.n);
      const step = createRng(5);
      for (let s = 0; s < 12; s++) {
        const u = fast(x, g), uRef = directSum(config, model, x, gRef);
        expect(Math.abs(u - uRef), `${what}, step ${s}: U ${u} vs ${uRef}`).to.be.below(1e-11 * Math.abs(uRef) + 1e-11);
        const scale = Math.max(1, ...Array.from(gRef, Math.abs));
        expect(maxAbsDiff(g, gRef), `${what}, step ${s}: ∇U`).to.be.below(1e-10 * scale);
        // Steps of up to 0.2 λ: lists go stale and are rebuilt; particles drift out of the cell.
        for (let k = 0; k < x.length; k++) x[k] = x[k]! + 0.2 * (2 * step.uniform() - 1) + 0.05;
      }
    }
  });

  it('a perturbed glass goes back to the same minimum through minimizeGlass and through CG on the reference objective (N = 256)', () => {
    const glass = readFixtureConfig('n256_s1');
    const start = perturbed(glass, 0.05, 7);
    const result = minimizeGlass(start, { model: DEFAULT_MODEL });
    expect(result.converged).to.equal(true);
    expect(result.maxForce).to.be.below(1e-11);
    const x = Float64Array.from(start.positions);
    const cg = minimizeCG(hessianObjective(start), x, { fTol: 1e-10, maxIter: 100000, maxStep: 0.1 });
    expect(cg.converged).to.equal(true);
    expect(maxAbsDiff(result.config.positions, x)).to.be.below(1e-8);
    expect(Math.abs(result.energy - cg.energy)).to.be.below(1e-10 * Math.abs(cg.energy));
  });

  it('refuses a NaN or ±∞ coordinate on both kernels, naming the entry (the MD list would wrap it into the cell and return a finite energy)', () => {
    const big = readFixtureConfig('n256_s1');
    const side = Math.sqrt(20 / DEFAULT_MODEL.density);
    const small: Configuration = {
      n: 20, cell: Float64Array.of(side, 0, 0, side),
      positions: Float64Array.from({ length: 40 }, (_, k) => ((k * 0.37) % 1) * side), species: Uint8Array.from({ length: 20 }, (_, p) => (p < 10 ? 0 : 1)),
    };
    const md = createMdObjective(DEFAULT_MODEL, Float64Array.from(big.cell), big.species).objective;
    for (const [what, config, objective] of [['MD list, N = 256', big, undefined], ['TypeScript kernel, N = 20', small, undefined], ['createMdObjective, N = 256', big, md]] as const) {
      const f = objective ?? glassObjective(config, DEFAULT_MODEL);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const x = Float64Array.from(config.positions);
        x[7] = bad;
        expect(() => f(x, new Float64Array(x.length)), `${what}: ${bad}`).to.throw(RangeError, /index 7|particle 3/);
      }
    }
  });
});
