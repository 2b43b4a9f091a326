/**
 * AQS first plastic event (lib/aqs; DESIGN §6). Reference values: test/fixtures/*.aqs.json
 * (an independent implementation; see test/fixtures/README.md for the conventions and the
 * pitfalls these glasses contain).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Configuration } from '../lib/config.js';
import { firstEvent, firstEventAsync, NoEventError, type AqsEvent, type FirstEventOptions } from '../lib/aqs/index.js';
import { aqs as aqsCommand } from '../lib/cli/commands/aqs.js';
import { energyForces } from '../lib/hessian/index.js';
import { readXyz } from '../lib/io/index.js';
import { runSync } from '../lib/aqs/driver.js';
import { parseDirection } from '../lib/aqs/direction.js';
import { fastProtocol } from '../lib/aqs/fast.js';
import { Landscape } from '../lib/aqs/landscape.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { prepareGlass } from '../lib/md/index.js';
import { minimizeCG, newtonPolish } from '../lib/minimize/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { shearDeformation, strainConfiguration } from '../lib/space/index.js';
import { FIXTURE_NAMES, fixturePath, readFixtureConfig } from './helpers/read-fixture.js';

type Direction = 'simple+' | 'simple-' | 'pure+' | 'pure-';
const DIRECTIONS: Direction[] = ['simple+', 'simple-', 'pure+', 'pure-'];

interface FixtureEvent {
  gamma_c: number;
  gamma_lo: number;
  gamma_hi: number;
  event_particle: number;
  event_particle_alt: number;
  event_neighbors_1p5: number[];
  event_neighbors_1p5_alt: number[];
  energy_drop: number;
}

function fixtureEvents(name: string): Record<Direction, FixtureEvent> {
  return JSON.parse(readFileSync(fixturePath(`${name}.aqs.json`), 'utf8')).events;
}

/** Same particle, within 1.5 λ of it (the fixture's neighbour list), or the alternative post-event minimum's. */
function particleMatches(particle: number, ref: FixtureEvent): boolean {
  return particle === ref.event_particle || particle === ref.event_particle_alt ||
    ref.event_neighbors_1p5.includes(particle) || ref.event_neighbors_1p5_alt.includes(particle);
}

const cache = new Map<string, AqsEvent>();
function event(name: string, direction: Direction, protocol: 'fast' | 'reference', extra: Partial<FirstEventOptions> = {}): AqsEvent {
  const key = `${name} ${direction} ${protocol} ${JSON.stringify(extra)}`;
  let ev = cache.get(key);
  if (ev === undefined) {
    ev = firstEvent(readFixtureConfig(name), { direction, protocol, ...extra });
    cache.set(key, ev);
  }
  return ev;
}

/** Max over particles of |x_a − x_b| (minimum image in `cell`, mean removed). */
function maxDistance(a: Float64Array, b: Float64Array, cell: Float64Array): number {
  const n = a.length / 2, det = cell[0] * cell[3] - cell[1] * cell[2];
  const d = new Float64Array(2 * n);
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    const dx = b[2 * i] - a[2 * i], dy = b[2 * i + 1] - a[2 * i + 1];
    let s0 = (cell[3] * dx - cell[1] * dy) / det, s1 = (-cell[2] * dx + cell[0] * dy) / det;
    s0 -= Math.round(s0);
    s1 -= Math.round(s1);
    d[2 * i] = cell[0] * s0 + cell[1] * s1;
    d[2 * i + 1] = cell[2] * s0 + cell[3] * s1;
    mx += d[2 * i] / n;
    my += d[2 * i + 1] / n;
  }
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.hypot(d[2 * i] - mx, d[2 * i + 1] - my));
  return m;
}

/** CG + Newton polish at fixed cell. */
function minimizeAt(config: Configuration): Configuration {
  const x = Float64Array.from(config.positions);
  const view: Configuration = { ...config, positions: x };
  minimizeCG((pos, grad) => {
    const { energy, forces } = energyForces({ ...config, positions: pos }, DEFAULT_MODEL);
    for (let k = 0; k < grad.length; k++) grad[k] = -forces[k];
    return energy;
  }, x, { fTol: 1e-9, maxStep: 0.1 });
  return newtonPolish(view).config;
}

describe('aqs: first plastic event (DESIGN §6)', function () {
  this.timeout(120000);

  describe('fast protocol against the reference fixtures (γ_c within 1e-7, same particle)', () => {
    for (const name of FIXTURE_NAMES) {
      const refs = fixtureEvents(name);
      for (const direction of DIRECTIONS) {
        it(`${name} ${direction}`, () => {
          const ref = refs[direction];
          const ev = event(name, direction, 'fast');
          expect(Math.abs(ev.gammaC - ref.gamma_c), 'γ_c').to.be.below(1e-7);
          expect(particleMatches(ev.particle, ref), `particle ${ev.particle} vs ${ref.event_particle}`).to.equal(true);
          expect(ev.gammaHi - ev.gammaLo).to.be.at.most(1e-8 * (1 + 1e-9));
          expect(ev.energyDrop).to.be.above(0);
          expect(ev.lambdaMinBefore).to.be.above(0);
          expect(ev.lambdaMinAfter).to.be.above(ev.lambdaMinBefore);
          if (ev.particle === ref.event_particle) {
            expect(ev.energyDrop).to.be.closeTo(ref.energy_drop, 1e-4 * Math.max(1, ref.energy_drop));
          }
        });
      }
    }

    it('n256_s1 simple−: passes the near-miss at γ ≈ 0.00803 (λ_min dips, the branch stays continuous)', () => {
      const ev = event('n256_s1', 'simple-', 'fast');
      expect(ev.gammaC).to.be.above(0.0117);
      expect(ev.gammaC).to.be.below(0.0118);
    });

    it('reports the event particle\'s position in the undeformed glass and the work counters', () => {
      const config = readFixtureConfig('n64_s1');
      const ev = event('n64_s1', 'pure+', 'fast');
      expect(ev.particlePosition).to.deep.equal([config.positions[2 * ev.particle], config.positions[2 * ev.particle + 1]]);
      expect(ev.topDisplacements[0]).to.deep.equal([ev.particle, ev.maxDisplacement]);
      expect(ev.statistics.factorizations).to.be.above(ev.statistics.analyses);
      expect(ev.statistics.steps).to.be.above(0);
      expect(ev.direction).to.equal('pure+');
    });
  });

  describe('fast and reference protocols agree (γ_c to 1e-8, same particle)', () => {
    const CASES: Array<[string, Direction]> = [
      ['n64_s1', 'simple+'], ['n64_s1', 'simple-'], ['n64_s1', 'pure+'], ['n64_s1', 'pure-'],
      ['n128_s1', 'pure+'], ['n256_s1', 'simple-'],
    ];
    for (const [name, direction] of CASES) {
      it(`${name} ${direction}`, () => {
        const ref = event(name, direction, 'reference', { minimizerTolerance: 1e-6 });
        const fast = event(name, direction, 'fast');
        expect(Math.abs(fast.gammaC - ref.gammaC), 'γ_c').to.be.at.most(1e-8);
        expect(fast.particle).to.equal(ref.particle);
        expect(ref.gammaHi - ref.gammaLo).to.be.at.most(1e-8);
        expect(fast.energyDrop).to.be.closeTo(ref.energyDrop, 1e-5 * Math.max(1, ref.energyDrop));
        expect(ref.statistics.minimizerIterations).to.be.above(fast.statistics.minimizerIterations);
      });
    }
  });

  describe('annealed glasses (lib/md prepareGlass): the fast protocol terminates and agrees with the reference', () => {
    // Regression: with a short MD anneal these branches are √-shaped within a few
    // precisions of the fold; a converged corrector with η > 0.6 at the shortest step was
    // retried forever (seed 12: at γ ≈ 0.073055, λ_min ≈ 1e-3, 20 000+ 'retry' reports).
    for (const seed of [12, 5]) {
      it(`N 64 seed ${seed} simple+ (tEquilibrate 1, anneal 2)`, () => {
        const glass = prepareGlass({ n: 64, seed, tEquilibrate: 1, anneal: 2 });
        const config = localHeatCapacity(glass.config).config;
        let reports = 0;
        const fast = firstEvent(config, {
          direction: 'simple+', protocol: 'fast',
          onProgress: () => {
            if (++reports > 5000) throw new Error('fast AQS does not terminate (more than 5000 progress reports)');
          },
        });
        const ref = firstEvent(config, { direction: 'simple+', protocol: 'reference' });
        expect(Math.abs(fast.gammaC - ref.gammaC), `γ_c ${fast.gammaC} vs ${ref.gammaC}`).to.be.at.most(1e-8);
        expect(fast.particle).to.equal(ref.particle);
        expect(fast.statistics.handOverGamma, 'the fast protocol found it alone').to.equal(undefined);
        expect(ref.statistics.handOverGamma).to.equal(undefined);
        expect(fast.gammaHi - fast.gammaLo).to.be.at.most(1e-8 * (1 + 1e-9));
        expect(fast.energyDrop).to.be.closeTo(ref.energyDrop, 1e-5 * Math.max(1, ref.energyDrop));
        expect(fast.statistics.steps).to.be.below(500);
      });
    }

    it('the hand-over to the reference protocol (stalled continuation) finds the same event', () => {
      const config = readFixtureConfig('n64_s1');
      const ref = event('n64_s1', 'pure+', 'reference', { minimizerTolerance: 1e-6 });
      for (const maxRetries of [0, 1]) {
        const land = new Landscape(DEFAULT_MODEL, parseDirection('pure+'), config.cell, config.species);
        try {
          const phases = new Set<string>();
          let lastFast = 0; // the start, γ0 = 0, until the fast protocol reports a branch state
          const bracket = runSync(fastProtocol(land, config.positions, 0, {
            precision: 1e-8, maxStep: 2e-3, maxStrain: 0.5, fTol: 1e-10, maxRetries,
            relax: { minimizer: 'cg', minimizerTol: 1e-8, fTol: 1e-10, maxIter: 200000 },
            onProgress: (p) => {
            phases.add(p.protocol);
            if (p.protocol === 'fast') lastFast = p.gamma;
          },
          }));
          expect(phases.has('reference'), `maxRetries ${maxRetries}`).to.equal(true);
          // The reference protocol took over from the last branch state the fast protocol reported.
          expect(bracket.handOverGamma, `maxRetries ${maxRetries}`).to.equal(lastFast);
          expect(bracket.handOverGamma!).to.be.at.most(bracket.before.gamma);
          expect(Math.abs(bracket.after.gamma - ref.gammaC), `maxRetries ${maxRetries}`).to.be.at.most(1e-8);
          expect(bracket.after.gamma - bracket.before.gamma).to.be.at.most(1e-8);
        } finally {
          land.dispose();
        }
      }
    });
  });

  describe('the ghost of a fold at the upper end of the bracket', () => {
    // Regression: ghost_n2000_s8.xyz is `softspot prepare --n 2000 --seed 8`. Under simple−
    // shear the bracket's upper end lies ~5e-9 past the fold: CG met its 1e-8 tolerance on
    // the flat escape path (forces ~1e-8, energy unchanged), the polish found the Hessian not
    // positive definite, and the second pass ran CG towards 1e-12 — the round-off floor of the
    // forces at this size — for 2×10⁵ iterations (775 s in an ensemble run). That run's event,
    // reached by those 2×10⁵ CG iterations rather than a polish: particle 153, ΔU = 0.188386.
    it('N 2000 seed 8 simple−: bounded work, the same event as the unbounded minimization', () => {
      const config = readXyz(readFileSync(fixturePath('ghost_n2000_s8.xyz'), 'utf8'), 'ghost_n2000_s8.xyz');
      const e = firstEvent(config, { direction: 'simple-' });
      expect(e.gammaC).to.be.closeTo(0.00307555, 1e-8);
      expect(e.particle).to.equal(153);
      expect(e.energyDrop).to.be.closeTo(0.188386, 1e-5);
      expect(e.statistics.minimizerIterations).to.be.below(20_000);
    });
  });

  describe('a fold approached through a numerical bracket (N 2000 seed 115 pure−)', () => {
    // slow_n2000_s115.xyz (see test/fixtures/README.md): the reference protocol's event is
    // γ_c = 0.018768975830078125, particle 892, ΔU = 0.075759097 (278 s). Commit e0953c0's
    // fast protocol spent 127 factorizations and 6838 energy evaluations on it.
    it('the same event as the reference protocol, with bounded work', () => {
      const config = readXyz(readFileSync(fixturePath('slow_n2000_s115.xyz'), 'utf8'), 'slow_n2000_s115.xyz');
      const e = firstEvent(config, { direction: 'pure-' });
      expect(Math.abs(e.gammaC - 0.018768975830078125)).to.be.at.most(1e-8);
      expect(e.particle).to.equal(892);
      expect(e.energyDrop).to.be.closeTo(0.075759097, 1e-4 * 0.075759097);
      expect(e.statistics.factorizations).to.be.below(70);
      expect(e.statistics.evaluations).to.be.below(4500);
    });
  });

  describe('below γ_c the response is elastic and reversible', () => {
    it('unloading the last elastic state to γ = 0 in small AQS steps returns the original minimum', () => {
      const config = readFixtureConfig('n64_s1');
      const ev = firstEvent(config, { direction: 'pure+', configurations: true });
      const def = shearDeformation('pure', 1);
      let state = ev.before!;
      const steps = Math.ceil(ev.gammaLo / 2e-3);
      for (let k = steps - 1; k >= 0; k--) {
        const from = ev.gammaLo * (k + 1) / steps, to = ev.gammaLo * k / steps;
        state = minimizeAt(strainConfiguration(state, config.cell, def, from, to));
      }
      expect(Array.from(state.cell)).to.deep.equal(Array.from(config.cell));
      expect(maxDistance(config.positions, state.positions, config.cell)).to.be.below(1e-6);
      // ...while the post-event state unloaded the same way does not return.
      let after = ev.after!;
      for (let k = steps - 1; k >= 0; k--) {
        const from = k === steps - 1 ? ev.gammaHi : ev.gammaLo * (k + 1) / steps, to = ev.gammaLo * k / steps;
        after = minimizeAt(strainConfiguration(after, config.cell, def, from, to));
      }
      expect(maxDistance(config.positions, after.positions, config.cell)).to.be.above(0.1);
    });
  });

  describe('precision', () => {
    it('the bracket is no wider than requested and contains the jump', () => {
      const fine = event('n128_s1', 'pure-', 'fast');
      const coarse = event('n128_s1', 'pure-', 'fast', { precision: 1e-6, configurations: true });
      expect(coarse.gammaHi - coarse.gammaLo).to.be.at.most(1e-6);
      expect(coarse.gammaHi - coarse.gammaLo).to.be.above(1e-9);
      expect(coarse.gammaLo).to.be.at.most(fine.gammaLo + 1e-12);
      expect(coarse.gammaHi).to.be.at.least(fine.gammaHi - 1e-8);
      expect(coarse.particle).to.equal(fine.particle);
      // the jump: states at the two ends are far apart compared to the strain between them
      expect(coarse.maxDisplacement).to.be.above(0.1);
      expect(coarse.after!.info!.gamma).to.equal(coarse.gammaHi);
    });

    it('the async variant finds the same event', async () => {
      const sync = event('n64_s1', 'pure+', 'fast');
      const ev = await firstEventAsync(readFixtureConfig('n64_s1'), { direction: 'pure+' });
      expect(ev.gammaC).to.equal(sync.gammaC);
      expect(ev.particle).to.equal(sync.particle);
    });

    it('a direction given as E = dH/dγ is the same as its preset', () => {
      const ev = firstEvent(readFixtureConfig('n64_s1'), { direction: { E: Float64Array.of(0.5, 0, 0, -0.5) } });
      expect(ev.gammaC).to.equal(event('n64_s1', 'pure+', 'fast').gammaC);
    });
  });

  describe('argument validation', () => {
    const config = readFixtureConfig('n64_s1');
    it('rejects bad options with messages naming them', () => {
      expect(() => firstEvent(config, { direction: 'shear+' as Direction }))
        .to.throw(RangeError, 'options.direction: expected "simple+", "simple-", "pure+" or "pure-", got "shear+"');
      expect(() => firstEvent(config, { direction: 'pure+', protocol: 'slow' as 'fast' }))
        .to.throw(RangeError, 'options.protocol: expected "fast" or "reference", got "slow"');
      expect(() => firstEvent(config, { direction: 'pure+', precision: -1 }))
        .to.throw(RangeError, 'options.precision: expected a finite number > 0, got -1');
      expect(() => firstEvent(config, { direction: 'pure+', step: '1e-3' as unknown as number }))
        .to.throw(TypeError, 'options.step: expected a number, got "1e-3"');
      expect(() => firstEvent(config, { direction: { E: [0, 1, 0, 0] as unknown as Float64Array } }))
        .to.throw(TypeError, 'options.direction.E: expected a Float64Array, got Array(4)');
      expect(() => firstEvent(config, { direction: { E: new Float64Array(3) } })).to.throw(RangeError, 'options.direction.E: expected length 4, got 3');
    });
    it('gives up with ERR_SOFTSPOT_NO_EVENT beyond maxStrain', () => {
      expect(() => firstEvent(config, { direction: 'pure+', maxStrain: 0.01 })).to.throw().with.property('code', 'ERR_SOFTSPOT_NO_EVENT');
    });
    it('gives up with a NoEventError (both protocols) that names the strain reached', () => {
      for (const protocol of ['fast', 'reference'] as const) {
        expect(() => firstEvent(config, { direction: 'pure+', protocol, maxStrain: 0.01 }))
          .to.throw(NoEventError, 'no plastic event up to strain 0.01').with.property('maxStrain', 0.01);
      }
    });
    it('the reference protocol strains to maxStrain exactly: an event just inside it is found, none beyond it (its grid stopped half a step short, or went half a step past)', () => {
      const glass = readFixtureConfig('n64_s1');
      const fast = firstEvent(glass, { direction: 'simple+' }); // γ_c = 0.11983…, by the other protocol
      // Steps of 0.05: the grid's 0.1 and 0.15 bracket the event and 0.15 lies past 0.12 + step/2.
      const inside = firstEvent(glass, { direction: 'simple+', protocol: 'reference', step: 0.05, maxStrain: 0.12 });
      expect(Math.abs(inside.gammaC - fast.gammaC)).to.be.at.most(1e-8);
      expect(() => firstEvent(glass, { direction: 'simple+', protocol: 'reference', step: 0.04, maxStrain: 0.105 }))
        .to.throw(NoEventError, 'no plastic event up to strain 0.105');
      // A retry without a jump resumes off the grid; the steps to the end were retried again and
      // again (millions of times, each gaining the precision) in a first version of the shortened step.
      const n256 = readFixtureConfig('n256_s1'); // its first simple+ event is at 0.0578 (fast protocol: none up to 0.05)
      expect(() => firstEvent(n256, { direction: 'simple+', protocol: 'reference', step: 0.011, maxStrain: 0.05 }))
        .to.throw(NoEventError, 'no plastic event up to strain 0.05');
    });
    it('rejects a precision finer than 1e-13, saying why', () => {
      expect(() => firstEvent(config, { direction: 'pure+', precision: 1e-300 })).to.throw(RangeError,
        'options.precision: expected a number >= 1e-13 (a narrower strain bracket is below what the round-off of the minimized states resolves), got 1e-300');
    });
  });

  describe('CLI: softspot aqs', () => {
    const sink = (): { stream: Writable; text: () => string } => {
      const chunks: string[] = [];
      const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
      return { stream, text: () => chunks.join('') };
    };

    it('--json prints γ_c, particle, energyDrop, stressDrop; --out-after writes the post-event minimum', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'softspot-aqs-'));
      try {
        const out = sink(), err = sink();
        const after = join(dir, 'after.xyz');
        const code = await aqsCommand.run(
          [fixturePath('n64_s1.xyz'), '--mode', 'pure', '--sign', '-', '--json', '--quiet', '--out-after', after],
          { stdout: out.stream, stderr: err.stream });
        expect(code).to.equal(0);
        const json = JSON.parse(out.text());
        expect(json.event).to.equal(1);
        const ref = fixtureEvents('n64_s1')['pure-'];
        expect(Math.abs(json.gammaC - ref.gamma_c)).to.be.below(1e-7);
        expect(json.particle).to.equal(ref.event_particle);
        expect(json.energyDrop).to.be.a('number');
        expect(json.stressDrop).to.be.a('number');
        const written = readXyz(readFileSync(after, 'utf8'), after);
        expect(written.info!.gamma).to.equal(json.gammaC);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('requires --mode and --sign', async () => {
      const out = sink(), err = sink();
      let error: Error | undefined;
      try {
        await aqsCommand.run([fixturePath('n64_s1.xyz'), '--mode', 'pure'], { stdout: out.stream, stderr: err.stream });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).to.equal('--sign is required (+ or -)');
    });
  });
});
