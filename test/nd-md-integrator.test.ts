/**
 * The d-generic MD integrator (lib/nd md-integrator) against theory: NVE velocity Verlet
 * conserves H = K + U with O(Δt²) fluctuations and no drift, and conserves momentum; the
 * CSVR thermostat gives equipartition ⟨K⟩ = (d/2)(N − 1)T (N_f = d(N − 1), centre of mass
 * at rest) and conserves its H̃ = K + U − (energy it added); the objective's list keeps
 * up with a minimizer; the step as stepNdMd computes it (the kicks folded together) is
 * velocity Verlet in three loops per step bit for bit.
 */
import { expect } from 'chai';
import { createCsvr, csvrFactor } from '../lib/md/thermostat.js';
import { minimizeCG } from '../lib/minimize/cg.js';
import { composition, modelPreset } from '../lib/model/index.js';
import { createNdPairTable, ndForces } from '../lib/nd/md-forces.js';
import {
  initNdMd, type NdMdState, ndKineticEnergy, removeMeanVelocity, setNdVelocities, stepNdMd,
} from '../lib/nd/md-integrator.js';
import { buildNdNeighborList } from '../lib/nd/md-neighbor-list.js';
import { createNdObjective } from '../lib/nd/md-objective.js';
import { ndRandomStart } from '../lib/nd/md-random-start.js';
import { createRng } from '../lib/random.js';
import { referenceEnergyForces } from './helpers/nd-md-reference.js';

/** A thermostatted liquid of a preset after `steps` steps at T. */
function liquid(name: string, n: number, T: number, steps: number, seed = 1, dt = 0.005): { state: NdMdState; rng: ReturnType<typeof createRng> } {
  const p = modelPreset(name), d = p.dimension, rng = createRng(seed);
  const start = ndRandomStart(d, p.law, composition(p, n), p.density, rng, 0.3);
  const state = initNdMd(d, createNdPairTable(p.law), start.cell, start.positions, start.species, dt, 0.3);
  setNdVelocities(state, T, rng);
  stepNdMd(state, steps, createCsvr(T, 0.5, state.dof, rng));
  return { state, rng };
}

function momentum(s: NdMdState): number {
  let m = 0;
  for (let a = 0; a < s.d; a++) {
    let p = 0;
    for (let k = a; k < s.velocities.length; k += s.d) p += s.velocities[k]!;
    m = Math.max(m, Math.abs(p));
  }
  return m;
}

/** Largest |H(t) − H(0)| / N over `steps` NVE steps, and the number of list builds. */
function nveFluctuation(s: NdMdState, steps: number): number {
  const h0 = s.kineticEnergy + s.potentialEnergy;
  let worst = 0;
  for (let k = 0; k < steps; k++) {
    stepNdMd(s, 1);
    worst = Math.max(worst, Math.abs(s.kineticEnergy + s.potentialEnergy - h0));
  }
  return worst / s.n;
}

describe('nd md: velocity Verlet (NVE)', function () {
  this.timeout(60_000);

  it('ka 3D (N = 300, T ≈ 0.8): H conserved to O(Δt²), no drift over 3000 steps across list rebuilds; momentum stays zero', () => {
    const { state } = liquid('ka', 300, 0.8, 400);
    const copy = (s: NdMdState, dt: number): NdMdState => {
      const c = initNdMd(3, s.table, s.cell, s.positions, s.species, dt, 0.3);
      c.velocities.set(s.velocities);
      c.kineticEnergy = ndKineticEnergy(c.velocities);
      return c;
    };
    const a = copy(state, 0.005), b = copy(state, 0.0025);
    const builds0 = a.neighbors.builds;
    const fa = nveFluctuation(a, 3000), fb = nveFluctuation(b, 6000);
    expect(a.neighbors.builds - builds0).to.be.greaterThan(20);
    expect(fa).to.be.below(1e-2); // measured 4.3e-3 (KA's AB core is stiff: ω·Δt ≈ 0.06)
    // Halving Δt divides the (bounded) fluctuation by ≈ 4 (shadow Hamiltonian, O(Δt²)).
    expect(fa / fb).to.be.within(2.5, 6);
    // Drift: the mean of H over the last 500 steps against the first 500.
    const h: number[] = [];
    for (let k = 0; k < 3000; k++) {
      stepNdMd(a, 1);
      h.push((a.kineticEnergy + a.potentialEnergy) / a.n);
    }
    const mean = (xs: number[]): number => xs.reduce((x, y) => x + y, 0) / xs.length;
    expect(Math.abs(mean(h.slice(-500)) - mean(h.slice(0, 500)))).to.be.below(1e-3);
    expect(momentum(a)).to.be.below(1e-10);
  });

  it('the forces of the MD state equal the direct O(N²) sum after many rebuilds (positions wrapped, images kept)', () => {
    const { state } = liquid('ipl3d', 300, 1.0, 1500, 3);
    expect(state.neighbors.builds).to.be.greaterThan(20);
    const ref = referenceEnergyForces({ d: 3, cell: state.cell, positions: state.positions, species: state.species }, state.table.law);
    let err = 0, scale = 0;
    for (let k = 0; k < ref.forces.length; k++) {
      err = Math.max(err, Math.abs(ref.forces[k]! - state.forces[k]!));
      scale = Math.max(scale, Math.abs(ref.forces[k]!));
    }
    expect(err).to.be.below(1e-11 * scale);
    expect(Math.abs(ref.energy - state.potentialEnergy)).to.be.below(1e-11 * Math.abs(ref.energy));
  });
});

describe('nd md: CSVR thermostat', function () {
  this.timeout(60_000);

  for (const [name, T] of [['ka', 0.6], ['ipl3d', 0.8], ['ka2d', 1.0]] as const) {
    it(`${name} (d = ${modelPreset(name).dimension}): ⟨K⟩ = (d/2)(N − 1)T within 3%, and H̃ = K + U − (thermostat work) is conserved`, () => {
      const n = modelPreset(name).dimension === 3 ? 300 : 256;
      const { state, rng } = liquid(name, n, T, 1000, 5);
      const th = createCsvr(T, 0.5, state.dof, rng);
      const h0 = state.kineticEnergy + state.potentialEnergy - state.thermostatEnergy;
      state.kineticSum = 0;
      state.kineticSamples = 0;
      stepNdMd(state, 4000, th);
      const meanK = state.kineticSum / state.kineticSamples;
      const d = state.d;
      expect(state.dof).to.equal(d * (n - 1));
      expect(meanK / ((d / 2) * (n - 1) * T)).to.be.within(0.97, 1.03);
      const h1 = state.kineticEnergy + state.potentialEnergy - state.thermostatEnergy;
      expect(Math.abs(h1 - h0) / n).to.be.below(1e-2);
      expect(momentum(state)).to.be.below(1e-10);
    });
  }
});

describe('nd md: objective', () => {
  it('CG on the objective reaches max |F| ≤ 1e-8, confirmed by the direct O(N²) forces', () => {
    const { state } = liquid('ka', 250, 1.0, 200, 7);
    const x = Float64Array.from(state.positions);
    const obj = createNdObjective(3, state.cell, state.species, 2, state.table.cutoff, 0.3,
      (nl, xx, sp, f) => ndForces(state.table, nl, xx, sp, f));
    const res = minimizeCG(obj.objective, x, { fTol: 1e-8, maxIter: 100_000, maxStep: 0.1 });
    expect(res.converged).to.equal(true);
    expect(obj.neighbors.builds).to.be.greaterThan(1);
    const ref = referenceEnergyForces({ d: 3, cell: state.cell, positions: x, species: state.species }, state.table.law);
    let m = 0;
    for (const v of ref.forces) m = Math.max(m, Math.abs(v));
    expect(m).to.be.below(1e-8 * 1.0001);
    expect(Math.abs(ref.energy - res.energy)).to.be.below(1e-10 * Math.abs(res.energy));
  });
});

/**
 * Velocity Verlet written out as the module doc states it, three loops per step, the way
 * stepNdMd computed it before its kicks were folded together: kick and drift, the list
 * rebuilt (mean velocity removed) when d₁ + d₂ > skin, F(x), kick, then v ← α v.
 */
function textbookSteps(s: NdMdState, steps: number, thermostat: ReturnType<typeof createCsvr> | null): void {
  const { d, n, table, species } = s;
  const x = s.positions, v = s.velocities, f = s.forces, nl = s.neighbors;
  const dt = s.dt, hdt = dt / 2;
  for (let step = 0; step < steps; step++) {
    const disp: number[] = [];
    for (let p = 0; p < n; p++) {
      let d2 = 0;
      for (let a = p * d; a < p * d + d; a++) {
        v[a] = v[a]! + hdt * f[a]!;
        x[a] = x[a]! + dt * v[a]!;
        const da = x[a]! - nl.ref[a]!;
        d2 += da * da;
      }
      disp.push(d2);
    }
    disp.sort((a, b) => b - a);
    if (Math.sqrt(disp[0]!) + Math.sqrt(disp[1]!) > nl.skin) {
      buildNdNeighborList(nl, x, species);
      removeMeanVelocity(d, v);
    }
    s.potentialEnergy = ndForces(table, nl, x, species, f);
    let vv = 0;
    for (let a = 0; a < d * n; a++) {
      v[a] = v[a]! + hdt * f[a]!;
      vv += v[a]! * v[a]!;
    }
    let kin = vv / 2;
    if (thermostat !== null) {
      const alpha = csvrFactor(thermostat, kin, dt);
      for (let a = 0; a < d * n; a++) v[a] = v[a]! * alpha;
      s.thermostatEnergy += alpha * alpha * kin - kin;
      kin = alpha * alpha * kin;
    }
    s.kineticEnergy = kin;
  }
}

describe('nd md: the step as stepNdMd computes it', function () {
  this.timeout(60_000);
  const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

  for (const [name, T] of [['ka', 1.5], ['ka2d', 1.0]] as const) {
    it(`${name}: stepNdMd (the kicks folded together) equals velocity Verlet in three loops per step bit for bit, NVE and CSVR, across list rebuilds`, () => {
      const { state } = liquid(name, 300, T, 50);
      for (const csvr of [false, true]) {
        const a = initNdMd(state.d, state.table, state.cell, state.positions, state.species, state.dt, 0.3);
        const b = initNdMd(state.d, state.table, state.cell, state.positions, state.species, state.dt, 0.3);
        a.velocities.set(state.velocities);
        b.velocities.set(state.velocities);
        const ta = csvr ? createCsvr(T, 0.5, a.dof, createRng(77)) : null;
        const tb = csvr ? createCsvr(T, 0.5, b.dof, createRng(77)) : null;
        for (const chunk of [1, 7, 40, 152]) {
          stepNdMd(a, chunk, ta);
          textbookSteps(b, chunk, tb);
          expect(bits(a.positions).equals(bits(b.positions)), `csvr ${csvr}, chunk ${chunk}: x`).to.equal(true);
          expect(bits(a.velocities).equals(bits(b.velocities)), `csvr ${csvr}, chunk ${chunk}: v`).to.equal(true);
          expect(Object.is(a.potentialEnergy, b.potentialEnergy)).to.equal(true);
          expect(Object.is(a.kineticEnergy, b.kineticEnergy)).to.equal(true);
          expect(Object.is(a.thermostatEnergy, b.thermostatEnergy)).to.equal(true);
        }
        expect(a.neighbors.builds).to.equal(b.neighbors.builds);
        expect(a.neighbors.builds).to.be.above(2); // the rebuild path was taken
      }
    });
  }
});
