/**
 * Laws whose force does not vanish at the cutoff (lj or ipl with q = 0, as LAMMPS's lj/cut)
 * and athermal quasistatic shear (lib/model/cutoff-smoothness.ts):
 * - the order of smoothness at r_c is q + 1 for `lj` and `ipl` (their smoothing makes φ and
 *   its first q derivatives vanish at x_c, DESIGN §1, §10), and the first derivative that
 *   does not vanish has the value of the closed form written here from the LJ formula;
 * - a user's law that returns zeros from r_c on is still seen to jump;
 * - physics: on such a law the "first event" of AQS is a pair crossing its cutoff — the
 *   crossing pair sits at r_c in the last elastic state, the jump is ~1e-3 λ and the lowest
 *   eigenvalue stays far from zero — while on the same glasses under q = 2 the eigenvalue
 *   goes to zero (a saddle-node). So firstEvent, `softspot aqs` and `softspot run` refuse
 *   the law unless told otherwise, and `softspot info` says what the law does at r_c.
 */
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { firstEvent } from '../lib/aqs/index.js';
import { ensembleSpecs } from '../lib/ensemble/identity.js';
import { writeXyz } from '../lib/io/index.js';
import { minimizeGlass } from '../lib/minimize/index.js';
import {
  cutoffSmoothness, ljLaw, makeLawModel, makeModel, MODEL_PRESET_NAMES, modelFileOf, modelPreset, type PairLaw,
} from '../lib/model/index.js';
import { modelFromFile } from '../lib/model/model-file.js';
import { forgetModel, registerModel } from '../lib/model/presets.js';
import { ka2dLattice } from './helpers/ka2d-lattice.js';
import { runCli } from './helpers/run-cli.js';

const KA = { epsilon: [[1, 1.5], [1.5, 0.5]], sigma: [[1, 0.8], [0.8, 0.88]] };

/** φ'(r) and φ''(r) of 4ε[(σ/r)¹² − (σ/r)⁶], by hand. */
function ljCore(epsilon: number, sigma: number, r: number): { d1: number; d2: number } {
  const s6 = Math.pow(sigma / r, 6), s12 = s6 * s6;
  return { d1: (4 * epsilon / r) * (-12 * s12 + 6 * s6), d2: (4 * epsilon / (r * r)) * (156 * s12 - 42 * s6) };
}

/** A 2D ka2d model of the given q registered under `name` (a model file's form). */
function registerKa2d(name: string, q: number): void {
  const form = { ...modelFileOf(modelPreset('ka2d')), name } as Record<string, unknown>;
  form.parameters = { ...(form.parameters as object), q };
  registerModel(modelFromFile(form, `${name}.json`, MODEL_PRESET_NAMES));
}

/** |x_j − x_i| by minimum image in the 2D cell h (row-major, columns the cell vectors). */
function distance2d(c: Configuration, i: number, j: number): number {
  const h = c.cell, x = c.positions;
  const det = h[0]! * h[3]! - h[1]! * h[2]!;
  const dx = x[2 * j]! - x[2 * i]!, dy = x[2 * j + 1]! - x[2 * i + 1]!;
  let s0 = (h[3]! * dx - h[1]! * dy) / det, s1 = (-h[2]! * dx + h[0]! * dy) / det;
  s0 -= Math.round(s0); s1 -= Math.round(s1);
  return Math.hypot(h[0]! * s0 + h[1]! * s1, h[2]! * s0 + h[3]! * s1);
}

describe('force jumps at the cutoff (lj/ipl with q = 0) and AQS', function () {
  this.timeout(120000);
  after(() => { for (const name of ['ka2d-q0', 'ka2d-q2']) forgetModel(name); });

  it('order of smoothness at r_c is q + 1 for lj and ipl, and the presets are smooth', () => {
    for (let q = 0; q <= 4; q++) {
      expect(cutoffSmoothness(ljLaw({ ...KA, q, xc: 2.5 })).order, `lj q = ${q}`).to.equal(q + 1);
      expect(cutoffSmoothness(makeModel({ q }).law).order, `ipl q = ${q}`).to.equal(q + 1);
    }
    // ka, ka2d, ipl3d: q = 3; ipl: q = 4; poly: q = 2 (DESIGN §1, §10)
    const expected: Record<string, number> = { ka: 4, ka2d: 4, ipl3d: 4, ipl: 5, poly: 3 };
    for (const name of MODEL_PRESET_NAMES) expect(cutoffSmoothness(modelPreset(name).law).order, name).to.equal(expected[name]);
  });

  it('the jump reported is the largest in value among pairs whose relative jumps tie (ipl3d, ka, ka2d: one shape scaled per pair)', () => {
    for (const name of ['ipl3d', 'ka', 'ka2d'] as const) {
      const law = modelPreset(name).law;
      const s = cutoffSmoothness(law);
      expect(s.order, name).to.equal(4);
      // φ'''' just inside each pair's cutoff, here.
      let largest = 0;
      for (let a = 0; a < law.nSpecies; a++) {
        for (let b = a; b < law.nSpecies; b++) {
          const f = new Float64Array(5);
          law.radial(a, b, law.cutoff(a, b) * (1 - 1e-12), f);
          largest = Math.max(largest, Math.abs(f[4]!));
        }
      }
      expect(Math.abs(s.jump!.value), name).to.be.closeTo(largest, 1e-9 * largest);
    }
  });

  it('the first non-vanishing derivative has its closed-form value (q = 0: φ\'; q = 1: φ\'\' − φ\'/r of the LJ core)', () => {
    // q = 0 adds only a constant: φ'(r_c) is the LJ core's. q = 1 adds ε c2 (r/σ)² with
    // φ'(r_c) = 0, so φ''(r_c) = core''(r_c) − core'(r_c)/r_c. The largest relative to its
    // scale is reported; check the reported pair's value against its closed form.
    for (const q of [0, 1]) {
      const s = cutoffSmoothness(ljLaw({ ...KA, q, xc: 2.5 }));
      const jump = s.jump!;
      expect(jump.derivative).to.equal(q + 1);
      const eps = KA.epsilon[jump.a]![jump.b]!, sig = KA.sigma[jump.a]![jump.b]!;
      expect(jump.cutoff).to.be.closeTo(2.5 * sig, 1e-14);
      const core = ljCore(eps, sig, jump.cutoff);
      const expected = q === 0 ? core.d1 : core.d2 - core.d1 / jump.cutoff;
      expect(jump.value).to.be.closeTo(expected, 1e-9 * Math.abs(expected));
    }
  });

  it('a user\'s law that returns zeros from r_c on is still seen to jump; (r_c − r)^m has order m', () => {
    const rc = 1.5;
    const law = (name: string, m: number, zeroAtCutoff: boolean): PairLaw => ({
      name, nSpecies: 1, perParticle: false, cutoff: () => rc,
      radial(_a, _b, r, out = new Float64Array(5)) {
        out.fill(0);
        if (r > rc || (zeroAtCutoff && r >= rc)) return out;
        // φ = r⁻⁶ − rc⁻⁶ (m = 0 ⇒ φ' jumps) or (rc − r)^m
        if (m === 0) { out[0] = r ** -6 - rc ** -6; out[1] = -6 * r ** -7; out[2] = 42 * r ** -8; out[3] = -336 * r ** -9; out[4] = 3024 * r ** -10; return out; }
        let f = 1;
        for (let k = 0; k <= 4; k++) { out[k] = k > m ? 0 : f * (rc - r) ** (m - k); f *= -(m - k); }
        return out;
      },
    });
    expect(cutoffSmoothness(law('shifted', 0, true)).order).to.equal(1);
    expect(cutoffSmoothness(law('shifted', 0, false)).order).to.equal(1);
    for (const m of [1, 2, 3, 4]) expect(cutoffSmoothness(law(`m${m}`, m, true)).order, `m = ${m}`).to.equal(m);
  });

  it('physics: under q = 0 the "event" is a pair crossing its cutoff; under q = 2 the lowest eigenvalue goes to zero', () => {
    registerKa2d('ka2d-q0', 0);
    registerKa2d('ka2d-q2', 2);
    for (const seed of [1, 2, 3]) {
      const start = ka2dLattice(10, seed);
      const glass0 = minimizeGlass({ ...start, model: 'ka2d-q0' }, {}).config;
      expect(() => firstEvent(glass0, { direction: 'pure+' })).to.throw(RangeError,
        /config.model 'ka2d-q0': the pair force of law 'lj' does not vanish at the cutoff \(φ'\(r_c\) = .* for species pair A–B .*allowForceJumps: true/);
      const e = firstEvent(glass0, { direction: 'pure+', allowForceJumps: true, configurations: true });
      // The pairs whose distance crosses its cutoff between the last elastic state and the
      // minimum after the jump: at least one, each at r_c in the elastic state (to the strain
      // precision times the rate of change of its length).
      const law = modelPreset('ka2d-q0').law;
      // One pair crosses at r_c; the jump it causes may carry a neighbouring pair that was
      // near its own cutoff across too.
      let crossings = 0, closest = Infinity;
      for (let i = 0; i < glass0.n; i++) {
        for (let j = i + 1; j < glass0.n; j++) {
          const rc = law.cutoff(glass0.species[i]!, glass0.species[j]!);
          const r0 = distance2d(e.before!, i, j), r1 = distance2d(e.after!, i, j);
          if ((r0 < rc) !== (r1 < rc)) {
            crossings++;
            closest = Math.min(closest, Math.abs(r0 - rc));
          }
        }
      }
      expect(crossings, `seed ${seed}`).to.be.within(1, 3);
      expect(closest, `seed ${seed}`).to.be.below(1e-6);
      expect(e.maxDisplacement, `seed ${seed}`).to.be.below(1e-2);
      expect(e.lambdaMinBefore, `seed ${seed}`).to.be.above(0.05);
      // The same start under q = 2: a saddle-node, λ_min → 0 at γ_c (≲ 2e-3 at precision 1e-8).
      const glass2 = minimizeGlass({ ...start, model: 'ka2d-q2' }, {}).config;
      const e2 = firstEvent(glass2, { direction: 'pure+' });
      expect(e2.lambdaMinBefore, `seed ${seed} q = 2`).to.be.below(5e-3);
    }
  });

  it('firstEvent: the same refusal for a 3D glass and for options.model; allowForceJumps must be a boolean', () => {
    const law0 = ljLaw({ ...KA, q: 0, xc: 2.5 });
    const glass2d = { ...ka2dLattice(10, 1) };
    expect(() => firstEvent(glass2d, { direction: 'pure+', model: makeLawModel(law0) })).to.throw(RangeError, /^options.model: the pair force of law 'lj'/);
    expect(() => firstEvent(glass2d, { direction: 'pure+', allowForceJumps: 'yes' as unknown as boolean })).to.throw(TypeError, 'options.allowForceJumps: expected a boolean');
    // 3D: refused before the landscape is built (a jittered lattice, not a minimum, suffices)
    const m = 6, n = m * m * m, L = Math.cbrt(n / 1.2);
    const positions = new Float64Array(3 * n);
    for (let p = 0; p < n; p++) {
      positions[3 * p] = ((p % m) + 0.5) * (L / m);
      positions[3 * p + 1] = ((Math.floor(p / m) % m) + 0.5) * (L / m);
      positions[3 * p + 2] = (Math.floor(p / (m * m)) + 0.5) * (L / m);
    }
    const glass3d: Configuration = { n, dim: 3, cell: Float64Array.of(L, 0, 0, 0, L, 0, 0, 0, L), positions, species: new Uint8Array(n), model: 'ka' };
    expect(() => firstEvent(glass3d, { direction: 'pure+', model: makeLawModel(law0) })).to.throw(RangeError, /^options.model: the pair force of law 'lj' does not vanish/);
  });

  it('ensembles (runEnsemble, ensembleSpecs) refuse such a model before any glass; q = 2 passes', () => {
    registerKa2d('ka2d-q0', 0);
    registerKa2d('ka2d-q2', 2);
    expect(() => ensembleSpecs({ samples: 2, n: 64, seed0: 1, model: 'ka2d-q0' })).to.throw(RangeError,
      /^model 'ka2d-q0': the pair force of law 'lj' does not vanish at the cutoff .*softspot aqs --allow-force-jumps/);
    expect(ensembleSpecs({ samples: 2, n: 64, seed0: 1, model: 'ka2d-q2' })).to.have.length(2);
  });

  describe('command line', () => {
    let dir = '';
    before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-cutoff-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });

    it('info says what the law does at r_c; aqs refuses q = 0 (exit 2) unless --allow-force-jumps; run refuses it before any glass', async () => {
      const modelPath = join(dir, 'lj-cut.json');
      const form = { ...modelFileOf(modelPreset('ka2d')), name: 'lj-cut' } as Record<string, unknown>;
      form.parameters = { ...(form.parameters as object), q: 0 };
      await writeFile(modelPath, JSON.stringify(form));
      registerModel(modelFromFile(form, modelPath, MODEL_PRESET_NAMES)); // for writeXyz; the CLI registers the same again (a no-op)
      const glassPath = join(dir, 'glass.xyz');
      await writeFile(glassPath, writeXyz({ ...ka2dLattice(10, 2), model: 'lj-cut' }));
      const minimized = join(dir, 'min.xyz');
      const min = await runCli('minimize', glassPath, '--model', modelPath, '--out', minimized, '--quiet');
      expect(min.code, min.stderr).to.equal(0);

      const info = await runCli('info', minimized, '--model', modelPath);
      expect(info.code, info.stderr).to.equal(0);
      expect(info.stdout).to.match(/at the cutoff +φ vanishes at r_c, φ'\(r_c\) = 0\.07312 \(species pair A–B, r_c = 2\): the force jumps at the cutoff/);
      const smooth = await runCli('info', minimized, '--model', modelPath, '--json');
      expect(JSON.parse(smooth.stdout).cutoffSmoothness).to.deep.include({ order: 1 });

      const refused = await runCli('aqs', minimized, '--model', modelPath, '--mode', 'pure', '--sign', '+', '--quiet');
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.contain("does not vanish at the cutoff").and.to.contain('--allow-force-jumps');
      const allowed = await runCli('aqs', minimized, '--model', modelPath, '--mode', 'pure', '--sign', '+', '--quiet', '--allow-force-jumps', '--json');
      expect(allowed.code, allowed.stderr).to.equal(0);
      expect(JSON.parse(allowed.stdout).maxDisplacement).to.be.below(1e-2);

      const out = join(dir, 'run');
      const run = await runCli('run', '--model', modelPath, '--samples', '2', '--n', '64', '--out', out, '--workers', '1');
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain("model 'lj-cut': the pair force of law 'lj' does not vanish at the cutoff")
        .and.to.contain('softspot aqs --allow-force-jumps');
      forgetModel('lj-cut');
    });
  });
});
