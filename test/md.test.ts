/**
 * Issue 5: molecular dynamics and glass preparation (lib/md, DESIGN §3).
 * Layers: the MD kernel against lib/hessian's forces (independent route); integrator
 * invariants (NVE drift, momentum); the thermostat's ensemble (exact Gamma law of K, and
 * in MD); reproducibility; the prepared glass (true minimum, density, composition, no
 * overlaps, energy in the range of annealed glasses); the CLI and the progress helper.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { prepare } from '../lib/cli/commands/prepare.js';
import { createProgress, formatDuration } from '../lib/cli/progress.js';
import type { Configuration } from '../lib/config.js';
import { assembleBlocks, energyForces, findPairs, hessianPattern, pairTensors } from '../lib/hessian/index.js';
import { readXyz } from '../lib/io/index.js';
import {
  createCsvr, createMdEvaluator, createMdNeighborList, createMdObjective, csvrFactor, initMd, kineticEnergy, mdForces, prepareGlass, type PreparedGlass,
  randomStart, sampleChiSquared, setVelocities, stepMd, temperature,
} from '../lib/md/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { SparseCholesky } from '../lib/sparse-cholesky.js';
import { minimumImage, reduceCell } from '../lib/space/index.js';
import { createRng } from '../lib/random.js';

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]));
  return m;
}

/** A liquid of n particles at temperature T after `steps` thermostatted steps. */
function liquid(n: number, seed: number, T: number, steps: number) {
  const rng = createRng(seed);
  const s = initMd(randomStart(n, rng).config);
  setVelocities(s, T, rng);
  const th = createCsvr(T, 0.5, s.dof, rng);
  stepMd(s, steps, { thermostat: th });
  return { state: s, thermostat: th, rng };
}

function meanVar(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('md: force kernel', () => {
  it('matches lib/hessian energyForces (energy and forces) in a hot liquid, across list rebuilds', () => {
    for (const n of [64, 256, 1000]) {
      const { state } = liquid(n, 7, 1.0, 400);
      expect(state.neighbors.builds).to.be.greaterThan(5);
      const config: Configuration = { n, cell: state.cell, positions: state.positions, species: state.species };
      const ref = energyForces(config, DEFAULT_MODEL);
      const f = new Float64Array(2 * n);
      const u = mdForces(state.neighbors, state.positions, f, true);
      expect(Math.abs(u - ref.energy) / ref.energy).to.be.below(1e-13);
      expect(maxAbsDiff(f, ref.forces)).to.be.below(1e-11 * Math.max(1, maxAbs(ref.forces)));
    }
  });

  it('matches lib/hessian energyForces in a dilute gas (list build over bins of side r_list, reach 1)', () => {
    // At density 0.1 the finer bins of side r_list/2 would outnumber 4N + 16, so the build
    // takes the reach-1 half stencil; rejection keeps pairs beyond 0.9 λ.
    const n = 64, side = Math.sqrt(n / 0.1), rng = createRng(11);
    const positions = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      for (;;) {
        const x = side * rng.uniform(), y = side * rng.uniform();
        let ok = true;
        for (let j = 0; j < i && ok; j++) {
          const dx = x - positions[2 * j] - side * Math.round((x - positions[2 * j]) / side);
          const dy = y - positions[2 * j + 1] - side * Math.round((y - positions[2 * j + 1]) / side);
          ok = dx * dx + dy * dy > 0.81;
        }
        if (ok) {
          positions[2 * i] = x;
          positions[2 * i + 1] = y;
          break;
        }
      }
    }
    const species = Uint8Array.from({ length: n }, (_, i) => i & 1);
    const config: Configuration = { n, cell: new Float64Array([side, 0, 0, side]), positions, species };
    const ref = energyForces(config, DEFAULT_MODEL);
    expect(ref.energy).to.be.greaterThan(0);
    const evaluator = createMdEvaluator(DEFAULT_MODEL, config.cell, species);
    const f = new Float64Array(2 * n);
    const u = evaluator.energyForces(positions, config.cell, f);
    expect(Math.abs(u - ref.energy) / ref.energy).to.be.below(1e-13);
    expect(maxAbsDiff(f, ref.forces)).to.be.below(1e-11 * Math.max(1, maxAbs(ref.forces)));
  });

  it('the minimizer objective is the energy with gradient −F', () => {
    const { state } = liquid(256, 3, 1.0, 200);
    const obj = createMdObjective(DEFAULT_MODEL, state.cell, state.species);
    const x = Float64Array.from(state.positions);
    const g = new Float64Array(x.length);
    const e = obj.objective(x, g);
    const ref = energyForces({ n: 256, cell: state.cell, positions: x, species: state.species }, DEFAULT_MODEL);
    expect(e).to.be.closeTo(ref.energy, 1e-10 * ref.energy);
    for (let k = 0; k < x.length; k++) expect(g[k]).to.be.closeTo(-ref.forces[k], 1e-9);
  });

  it('the evaluator follows a changing cell (AQS strain steps) and unwrapped positions: lib/hessian energyForces to round-off', () => {
    const { state } = liquid(256, 5, 1.0, 300);
    const n = 256, h0 = state.cell;
    const ev = createMdEvaluator(DEFAULT_MODEL, h0, state.species);
    const f = new Float64Array(2 * n);
    const rng = createRng(9);
    const x = Float64Array.from(state.positions);
    // Some particles one or two cell vectors away from the wrapped copy: the evaluator must not care.
    for (let p = 0; p < n; p += 7) {
      x[2 * p] += 2 * h0[0] - h0[1];
      x[2 * p + 1] += 2 * h0[2] - h0[3];
    }
    let builds = 0;
    for (const [gamma, move] of [[0, 0], [0, 0.01], [0.03, 0], [0.03, 0.05], [0.03, 0.5], [-0.4, 0], [-0.4, 0.01]] as const) {
      // Simple shear γ (cell and positions mapped affinely from h0), then random moves.
      const cell = Float64Array.of(h0[0], h0[1] + gamma * h0[3], h0[2], h0[3]);
      const y = new Float64Array(2 * n);
      for (let p = 0; p < n; p++) {
        y[2 * p] = x[2 * p] + gamma * x[2 * p + 1] + move * (rng.uniform() - 0.5);
        y[2 * p + 1] = x[2 * p + 1] + move * (rng.uniform() - 0.5);
      }
      const yCopy = Float64Array.from(y);
      const u = ev.energyForces(y, cell, f);
      expect(maxAbsDiff(y, yCopy), 'positions are not modified').to.equal(0);
      const ref = energyForces({ n, cell, positions: y, species: state.species }, DEFAULT_MODEL);
      expect(Math.abs(u - ref.energy) / ref.energy, `γ ${gamma}`).to.be.below(1e-13);
      expect(maxAbsDiff(f, ref.forces), `γ ${gamma}`).to.be.below(1e-11 * Math.max(1, maxAbs(ref.forces)));
      builds = ev.neighbors.builds;
    }
    // A new cell or a move beyond skin/2 rebuilds; a small move in the same cell does not.
    expect(builds).to.equal(4);
    expect(ev.evaluations).to.equal(7);
  });

  it('the evaluator\'s forces are −∇U by central differences in a sheared cell', () => {
    const { state } = liquid(64, 2, 1.0, 200);
    const cell = Float64Array.of(state.cell[0], state.cell[1] + 0.1 * state.cell[3], state.cell[2], state.cell[3]);
    const ev = createMdEvaluator(DEFAULT_MODEL, cell, state.species);
    const x = Float64Array.from(state.positions);
    const f = new Float64Array(x.length), scratch = new Float64Array(x.length);
    ev.energyForces(x, cell, f);
    const h = 1e-5;
    for (const k of [0, 1, 17, 64, 127]) {
      const xp = Float64Array.from(x), xm = Float64Array.from(x);
      xp[k] += h;
      xm[k] -= h;
      const d = (ev.energyForces(xp, cell, scratch) - ev.energyForces(xm, cell, scratch)) / (2 * h);
      expect(-d, `component ${k}`).to.be.closeTo(f[k], 1e-4 * Math.max(1, Math.abs(f[k])));
    }
  });

  it('the evaluator rejects a cell that became too small for its list', () => {
    const { state } = liquid(64, 2, 1.0, 10);
    const ev = createMdEvaluator(DEFAULT_MODEL, state.cell, state.species);
    const f = new Float64Array(128);
    const squeezed = Float64Array.of(state.cell[0], 0, 0, 0.6 * state.cell[3]);
    expect(() => ev.energyForces(state.positions, squeezed, f)).to.throw(RangeError, /cell: expected the reduced cell's smallest width > 2·\(max cutoff \+ 2·skin\)/);
  });

  it('refuses a skin that would put listed pairs beyond √2 r_c (the branch-free cutoff test would count them in)', () => {
    const cell = Float64Array.of(30, 0, 0, 30);
    const limit = (Math.SQRT2 - 1) * 1.6; // shortest cutoff of the paper's model: x_c λ_SS = 1.6
    expect(() => createMdNeighborList(100, DEFAULT_MODEL, cell, limit * 1.01)).to.throw(RangeError, /skin: expected a number in \[0, \(√2 − 1\)·min r_c\) = \[0, 0\.6627\) λ for this model and the native pair loop/);
    // The TypeScript loop's 1 − ⌊w/x_c²⌋ needs pairs within √2 r_c for the list's lifetime: (r_c + 2·skin)² < 2 r_c².
    expect(() => createMdNeighborList(100, DEFAULT_MODEL, cell, limit * 0.51, 'typescript')).to.throw(RangeError, /\[0, \(√2 − 1\)\/2·min r_c\) = \[0, 0\.3314\) λ for this model and the typescript pair loop/);
    expect(createMdNeighborList(100, DEFAULT_MODEL, cell, limit * 0.49, 'typescript').skin).to.be.closeTo(limit * 0.49, 1e-15);
    expect(() => createMdNeighborList(100, DEFAULT_MODEL, cell, -0.1)).to.throw(RangeError, /skin/);
    expect(createMdNeighborList(100, DEFAULT_MODEL, cell, limit * 0.99).skin).to.be.closeTo(limit * 0.99, 1e-15);
  });

  it('rejects a cell too small for cutoff + skin', () => {
    const config: Configuration = { n: 4, cell: Float64Array.of(4, 0, 0, 4), positions: new Float64Array(8), species: new Uint8Array(4) };
    expect(() => initMd(config)).to.throw(RangeError, /cell: expected the reduced cell's smallest width/);
  });
});

describe('md: velocity Verlet', () => {
  /** NVE run from a thermostatted liquid: per-particle drift of E = K + U over the run and its rms fluctuation. */
  function nve(dt: number, time: number): { drift: number; fluct: number; builds: number } {
    const rng = createRng(11);
    const state = initMd(randomStart(256, rng).config, { dt });
    setVelocities(state, 0.8, rng);
    stepMd(state, Math.round(10 / dt), { thermostat: createCsvr(0.8, 0.5, state.dof, rng) });
    const b0 = state.neighbors.builds;
    const energies: number[] = [];
    for (let s = 0, m = Math.round(time / dt); s < m; s++) {
      stepMd(state, 1, { energyEveryStep: true });
      energies.push((state.potentialEnergy + state.kineticEnergy) / state.n);
    }
    const m = energies.length, tMean = (m - 1) / 2;
    const { mean, variance } = meanVar(energies);
    let sxy = 0, sxx = 0;
    for (let k = 0; k < m; k++) {
      sxy += (k - tMean) * (energies[k] - mean);
      sxx += (k - tMean) ** 2;
    }
    return { drift: (sxy / sxx) * m, fluct: Math.sqrt(variance), builds: state.neighbors.builds - b0 };
  }

  it('conserves energy in NVE: no drift over 4000 steps at dt = 0.005, O(dt²) fluctuations (N = 256, T ≈ 0.8)', () => {
    const a = nve(0.005, 20), b = nve(0.0025, 20);
    // Measured: fluctuations 1.4e-4 (dt = 0.005) and 3.6e-5 (dt/2) ε per particle; the
    // fitted drift over 20 τ0 is ~1e-5, i.e. noise well below the fluctuations.
    expect(a.fluct).to.be.below(3e-4);
    expect(a.fluct / b.fluct).to.be.within(3.2, 4.8); // ∝ dt²
    expect(Math.abs(a.drift)).to.be.below(0.5 * a.fluct);
    expect(Math.abs(b.drift)).to.be.below(0.5 * b.fluct);
    expect(a.builds).to.be.greaterThan(100); // many list rebuilds happened on the way
  });

  it('keeps the centre-of-mass momentum at zero', () => {
    const { state } = liquid(256, 5, 1.0, 1000);
    let px = 0, py = 0;
    for (let k = 0; k < 2 * state.n; k += 2) {
      px += state.velocities[k];
      py += state.velocities[k + 1];
    }
    expect(Math.abs(px)).to.be.below(1e-10);
    expect(Math.abs(py)).to.be.below(1e-10);
  });
});

describe('md: CSVR thermostat', () => {
  it('samples the canonical kinetic-energy law exactly: K ~ Gamma(N_f/2, T), mean N_f T/2, variance N_f T²/2', () => {
    // The thermostat alone (no forces): repeated updates with dt = τ sample K's stationary law.
    const dof = 510, T = 0.45;
    const th = createCsvr(T, 1, dof, createRng(42));
    let K = 3 * dof * T; // far from equilibrium
    const samples: number[] = [];
    for (let k = 0; k < 40000; k++) {
      const a = csvrFactor(th, K, 1);
      K *= a * a;
      if (k >= 100) samples.push(K);
    }
    const { mean, variance } = meanVar(samples);
    // ~40000 samples with correlation e^{-1}: σ(mean)/mean ≈ 0.06%, σ(var)/var ≈ 1.5%.
    expect(mean / (0.5 * dof * T)).to.be.closeTo(1, 0.003);
    expect(variance / (0.5 * dof * T * T)).to.be.closeTo(1, 0.06);
  });

  it('χ² sampler has mean k and variance 2k', () => {
    const rng = createRng(9);
    for (const k of [1, 3, 509]) {
      const xs = Array.from({ length: 20000 }, () => sampleChiSquared(rng, k));
      const { mean, variance } = meanVar(xs);
      expect(mean / k).to.be.closeTo(1, 0.03);
      expect(variance / (2 * k)).to.be.closeTo(1, 0.06);
    }
  });

  it('holds T in MD with canonical fluctuations of K (N = 256, dof = 2N − 2), and H̃ is conserved', () => {
    const T = 0.6;
    const { state, thermostat } = liquid(256, 21, T, 2000);
    const dof = state.dof;
    expect(dof).to.equal(510);
    const h0 = state.potentialEnergy + state.kineticEnergy - state.thermostatEnergy;
    const ks: number[] = [];
    for (let s = 0; s < 40; s++) {
      for (let k = 0; k < 1000; k++) {
        stepMd(state, 1, { thermostat });
        if (k % 10 === 0) ks.push(state.kineticEnergy);
      }
    }
    const h1 = state.potentialEnergy + state.kineticEnergy - state.thermostatEnergy;
    const { mean, variance } = meanVar(ks);
    // 200 τ0 with correlation time ~0.5 τ0: σ(mean)/mean ≈ 0.3%, σ(var)/var ≈ 10%.
    expect((2 * mean) / dof / T).to.be.closeTo(1, 0.015);
    expect(variance / (0.5 * dof * T * T)).to.be.closeTo(1, 0.3);
    // The effective energy drifts no more than NVE's total energy does.
    expect(Math.abs(h1 - h0) / state.n).to.be.below(5e-4);
  });

  it('relaxes to a new target within a few τ after an instant change of T', () => {
    const { state, thermostat } = liquid(256, 4, 1.0, 1000);
    thermostat.temperature = 0.45;
    stepMd(state, 1000, { thermostat }); // 5 τ0 = 10 τ
    state.kineticSum = 0;
    state.kineticSamples = 0;
    stepMd(state, 2000, { thermostat });
    const tMean = (2 * state.kineticSum) / state.kineticSamples / state.dof;
    expect(tMean).to.be.closeTo(0.45, 0.02);
    expect(temperature(state)).to.be.closeTo(0.45, 0.1);
  });

  it('setVelocities gives exactly T with zero momentum', () => {
    const { state } = liquid(256, 1, 1.0, 10);
    setVelocities(state, 0.7, createRng(5));
    expect((2 * kineticEnergy(state.velocities)) / state.dof).to.be.closeTo(0.7, 1e-12);
  });
});

describe('md: prepareGlass', () => {
  const N = 256;
  let glass: PreparedGlass;

  before(() => {
    glass = prepareGlass({ n: N, seed: 1 }); // the full protocol: 20 τ0 + 100 τ0
  });

  it('is reproducible bit for bit from its inputs; other seeds give other glasses', () => {
    const opts = { n: 128, seed: 5, tEquilibrate: 2, anneal: 5, timings: false };
    const a = prepareGlass(opts), b = prepareGlass(opts), c = prepareGlass({ ...opts, seed: 6 });
    expect(Buffer.from(a.config.positions.buffer).equals(Buffer.from(b.config.positions.buffer))).to.equal(true);
    expect(Buffer.from(a.config.species.buffer).equals(Buffer.from(b.config.species.buffer))).to.equal(true);
    expect(a.energy).to.equal(b.energy);
    expect(a.config.info).to.deep.equal(b.config.info);
    expect(maxAbsDiff(a.config.positions, c.config.positions)).to.be.greaterThan(1);
    expect(a.energy).to.not.equal(c.energy);
  });

  it('is a true minimum: max |F| at the double-precision floor and a positive-definite Hessian', () => {
    const config = glass.config;
    expect(glass.maxForce).to.be.below(1e-10);
    const { forces } = energyForces(config, DEFAULT_MODEL);
    expect(maxAbs(forces)).to.equal(glass.maxForce);
    const pairs = findPairs(config, DEFAULT_MODEL);
    const pattern = hessianPattern(pairs, N, 0);
    const K = pairTensors(pairs, DEFAULT_MODEL, 2).K!;
    const factor = SparseCholesky.analyze(pattern, { ordering: 'amd' });
    try {
      factor.factorize(assembleBlocks(pattern, K).values); // throws CHOLMOD_NOT_POSDEF otherwise
    } finally {
      factor.dispose();
    }
  });

  it('has the model density, a 50:50 composition and no overlaps', () => {
    const { cell, species } = glass.config;
    const volume = cell[0] * cell[3] - cell[1] * cell[2];
    expect(N / volume).to.be.closeTo(0.86, 1e-12);
    let large = 0;
    for (const s of species) large += s;
    expect(large).to.equal(N / 2);
    // Closest approach relative to λ_ij: a glass at T = 0 keeps every pair near or beyond λ_ij.
    const pairs = findPairs(glass.config, DEFAULT_MODEL);
    let closest = Infinity;
    for (let a = 0; a < pairs.count; a++) {
      const r = Math.hypot(pairs.r[2 * a], pairs.r[2 * a + 1]);
      closest = Math.min(closest, r / DEFAULT_MODEL.lambda[pairs.sp[a]]);
    }
    expect(closest).to.be.greaterThan(0.85);
    // Independent check of one minimum image.
    const rc = reduceCell(cell);
    const d = minimumImage(rc, Float64Array.of(pairs.r[0], pairs.r[1]));
    expect(Math.hypot(d[0], d[1])).to.be.closeTo(Math.hypot(pairs.r[0], pairs.r[1]), 1e-12);
  });

  it('has the energy of an annealed glass, below a quench without annealing', () => {
    // Measured (N = 256, seeds 1–6): annealed at T = 0.45 for 100 τ0, E/N = 3.99 ± 0.01;
    // quenched straight from the T = 1 liquid (anneal = 0), 4.02 ± 0.01; LAMMPS, same
    // protocol, N = 2000 and 10000: 3.989.
    const e = glass.energy / N;
    expect(e).to.be.within(3.96, 4.02);
    expect(glass.energyAnneal).to.be.within(4.3, 4.6); // the T = 0.45 supercooled liquid
    expect(glass.temperatureAnneal).to.be.closeTo(0.45, 0.02);
    const quench = prepareGlass({ n: N, seed: 1, anneal: 0, timings: false });
    expect(quench.energy / N).to.be.greaterThan(e + 0.01);
    expect(glass.config.info).to.include({ seed: 1, t_anneal: 0.45, anneal_time: 100, liquid_time: 20, thermostat: 'csvr' });
  });

  it('validates its options', () => {
    expect(() => prepareGlass({ n: 2.5, seed: 1 })).to.throw(RangeError, 'options.n: expected a finite integer, got 2.5');
    expect(() => prepareGlass({ n: 100, seed: -1 })).to.throw(RangeError, 'options.seed: expected >= 0, got -1');
    expect(() => prepareGlass({ n: 100, seed: 1, dt: 0 })).to.throw(RangeError, 'options.dt: expected > 0, got 0');
  });
});

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('md: CLI prepare and progress', () => {
  it('softspot prepare writes a glass with its metadata and parseable progress lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softspot-prepare-'));
    try {
      const out = join(dir, 'glass.xyz');
      const stderr = new Sink(), stdout = new Sink();
      const code = await prepare.run(['--n', '128', '--seed', '3', '--out', out, '--liquid-time', '1', '--anneal-time', '2'], { stdout, stderr });
      expect(code).to.equal(0);
      const config = readXyz(readFileSync(out, 'utf8'));
      expect(config.n).to.equal(128);
      expect(config.info).to.include({ seed: 3, liquid_time: 1, anneal_time: 2, t_anneal: 0.45, dt: 0.005 });
      expect(Number(config.info!.fmax)).to.be.below(1e-10);
      expect(stderr.text).to.match(/^progress phase=push-off done=0 total=3 fraction=0\.0000 elapsed=[\d.]+ eta= /m);
      expect(stderr.text).to.match(/^progress phase=anneal /m);
      expect(stderr.text).to.match(/prepared N=128 seed=3: E\/N = /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('softspot prepare rejects bad options', async () => {
    const ctx = { stdout: new Sink(), stderr: new Sink() };
    await prepare.run(['--seed', '1', '--out', 'x.xyz'], ctx).then(() => expect.fail(), (e: Error) => expect(e.message).to.equal('--n is required'));
    await prepare.run(['--n', '10.5', '--seed', '1', '--out', 'x.xyz'], ctx).then(() => expect.fail(),
      (e: Error) => expect(e.message).to.equal('--n: expected an integer >= 2, got "10.5"'));
  });

  it('progress: TTY bar with ETA, plain lines otherwise', () => {
    let t = 0;
    const tty = new Sink() as Sink & { isTTY: boolean; columns: number };
    tty.isTTY = true;
    tty.columns = 200;
    const p = createProgress({ stream: tty, unit: 'τ0', now: () => t });
    p.update('liquid', 0, 100);
    t = 10;
    p.update('liquid', 25, 100, { T: '1.000' });
    p.finish('done');
    expect(tty.text).to.include('\rliquid    [######..................] 25.0/100.0 τ0  25%  elapsed 0:10  ETA 0:30  T=1.000');
    expect(tty.text.endsWith('\ndone\n')).to.equal(true);

    t = 0;
    const plain = new Sink();
    const q = createProgress({ stream: plain, now: () => t, interval: 5 });
    q.update('anneal', 0, 10);
    t = 1;
    q.update('anneal', 1, 10); // throttled
    t = 6;
    q.update('anneal', 5, 10, { T: 0.45 });
    q.finish();
    expect(plain.text.split('\n').filter(Boolean)).to.deep.equal([
      'progress phase=anneal done=0 total=10 fraction=0.0000 elapsed=0.0 eta=',
      'progress phase=anneal done=5 total=10 fraction=0.5000 elapsed=6.0 eta=6.0 T=0.45',
    ]);
    expect(formatDuration(3725)).to.equal('1:02:05');
  });
});
