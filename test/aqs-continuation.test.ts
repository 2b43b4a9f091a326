/**
 * Successive plastic events (lib/aqs/first-event.ts "Continuing past the event"; `softspot
 * aqs --events K`): each search starts from the post-event minimum of the event before, at
 * its γ_c, on the same strain path. References: the reference protocol (fixed steps,
 * minimization, bisection) started from the same state; for simple shear, whose path
 * composes (H(a)H(b) = H(a + b)), the post-event state written to a file and sheared as a
 * fresh glass from γ = 0; energies and forces recomputed from the files written.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { firstEvent, type AqsEvent, type FirstEventOptions } from '../lib/aqs/index.js';
import { energyForces } from '../lib/hessian/index.js';
import { readXyz, writeXyz } from '../lib/io/index.js';
import { minimizeGlass } from '../lib/minimize/index.js';
import { modelOfConfiguration } from '../lib/model/index.js';
import { energyForcesNd } from '../lib/nd/energy.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { ka2dLattice } from './helpers/ka2d-lattice.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

/** K successive events along one direction: each from the post-event minimum of the one before. */
function chain(glass: Configuration, count: number, options: Omit<FirstEventOptions, 'gamma0' | 'referenceCell' | 'configurations'>): AqsEvent[] {
  const events: AqsEvent[] = [];
  let state = glass, gamma0 = 0;
  for (let k = 0; k < count; k++) {
    const e = firstEvent(state, { ...options, gamma0, referenceCell: glass.cell, configurations: true });
    events.push(e);
    state = e.after!;
    gamma0 = e.gammaC;
  }
  return events;
}

const maxAbs = (v: Float64Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('aqs: successive events, each from the post-event minimum of the one before', function () {
  this.timeout(120_000);
  let scratch = '';
  scratchDir('softspot-aqs-continuation-', (d) => { scratch = d; });
  const dir = (): string => scratch;

  describe('API: firstEvent with gamma0 and referenceCell', () => {
    for (const direction of ['simple+', 'pure-'] as const) {
      it(`2D n128_s1 ${direction}: each later event is the reference protocol's from the same state (γ_c to 1e-7, same particle)`, () => {
        const glass = readFixtureConfig('n128_s1');
        const events = chain(glass, 3, { direction });
        for (let k = 1; k < events.length; k++) {
          const from = events[k - 1]!, e = events[k]!;
          expect(e.gammaC, `event ${k + 1}`).to.be.above(from.gammaC);
          // The search starts at the state the event before ended in: its cell is H(γ_c)·h0.
          const ref = firstEvent(from.after!, { direction, protocol: 'reference', step: 1e-4, gamma0: from.gammaC, referenceCell: glass.cell });
          expect(Math.abs(e.gammaC - ref.gammaC), `event ${k + 1}: ${e.gammaC} vs ${ref.gammaC}`).to.be.below(1e-7);
          expect(e.particle, `event ${k + 1}`).to.equal(ref.particle);
          // The two brackets end ≲ 1e-8 apart in γ, where U changes at dU/dγ = Vσ ≈ 150·0.5 ε.
          expect(e.energyDrop, `event ${k + 1}`).to.be.closeTo(ref.energyDrop, 1e-5);
        }
      });
    }

    it('simple shear composes (H(a)H(b) = H(a + b)): the post-event state re-read from its file as a glass at γ = 0 has its next event at γ_c2 − γ_c1 (2D ipl, 3D ipl3d simple-xz)', () => {
      const glass2d = readFixtureConfig('n128_s1');
      const glass3d = readXyz(readFileSync(fixturePath('ipl3d_n160_s1.xyz'), 'utf8'));
      for (const [glass, direction] of [[glass2d, 'simple+'], [glass3d, 'simple-xz+']] as const) {
        const [first, second] = chain(glass, 2, { direction });
        const reread = readXyz(writeXyz(first!.after!));
        const fresh = firstEvent(reread, { direction });
        expect(Math.abs(fresh.gammaC - (second!.gammaC - first!.gammaC)), `${glass.dim ?? 2}D`).to.be.below(3e-8);
        expect(fresh.particle, `${glass.dim ?? 2}D`).to.equal(second!.particle);
      }
    });

    it('the states keep the input\'s model, and their info is theirs: a ka2d glass\'s after-state has model=ka2d, energy and fmax recomputed from it', () => {
      const glass = minimizeGlass(ka2dLattice(10, 2), {}).config;
      expect(glass.model).to.equal('ka2d');
      glass.info = { seed: 2, lambda_min: 123, fmax: 456, energy: 789 }; // stale values a file may carry
      const [e] = chain(glass, 1, { direction: 'simple+' });
      for (const [name, state, gamma, energy] of [
        ['before', e!.before!, e!.gammaLo, e!.energyBefore],
        ['after', e!.after!, e!.gammaHi, e!.energyAfter],
      ] as const) {
        const back = readXyz(writeXyz(state));
        expect(back.model, name).to.equal('ka2d');
        const { energy: u, forces } = energyForces(back, modelOfConfiguration(back));
        expect(u, name).to.be.closeTo(energy, 1e-10 * Math.abs(energy));
        expect(back.info, name).to.include({ seed: 2, gamma, energy });
        expect(back.info, name).not.to.have.property('lambda_min');
        expect(back.info!.fmax, name).to.be.closeTo(maxAbs(forces), 1e-12);
        expect(back.info!.fmax as number, name).to.be.below(1e-9);
      }
    });
  });

  describe('CLI: softspot aqs --events K', () => {
    it('--json prints one line per event (event 1…K), each as the API chain finds it, with positions in the input glass; --out-after is the last event\'s state', async () => {
      const input = fixturePath('n128_s1.xyz');
      const after = join(dir(), 'after.xyz');
      const r = await runCli('aqs', input, '--mode', 'simple', '--sign', '+', '--events', '3', '--json', '--quiet', '--out-after', after);
      expect(r.code, r.stderr).to.equal(0);
      const lines = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
      const glass = readFixtureConfig('n128_s1');
      const api = chain(glass, 3, { direction: 'simple+' });
      expect(lines.map((j) => j.event)).to.deep.equal([1, 2, 3]);
      for (let k = 0; k < 3; k++) {
        expect(lines[k].gammaC, `event ${k + 1}`).to.equal(api[k]!.gammaC);
        expect(lines[k].particle).to.equal(api[k]!.particle);
        const p = lines[k].particle as number;
        expect(lines[k].particlePosition).to.deep.equal([glass.positions[2 * p], glass.positions[2 * p + 1]]);
      }
      const written = readXyz(readFileSync(after, 'utf8'), after);
      expect(written.info!.gamma).to.equal(lines[2].gammaC);
      // The fixture's own lambda_min (of the input glass) is not carried to the state written.
      expect(written.info).not.to.have.property('lambda_min');
      const { energy, forces } = energyForces(written, modelOfConfiguration(written));
      expect(energy).to.be.closeTo(lines[2].energyAfter, 1e-10 * Math.abs(energy));
      expect(written.info!.fmax).to.be.closeTo(maxAbs(forces), 1e-12);
    });

    it('a later event beyond --max-strain: exit 1 naming it, the events before it printed, --out-after of the last one found', async () => {
      const input = fixturePath('n128_s1.xyz');
      const after = join(dir(), 'after-partial.xyz');
      // n128_s1 simple+: γ_c ≈ 0.0232, 0.0394, 0.0401, 0.0759 — the fourth is 0.036 past the third.
      const r = await runCli('aqs', input, '--mode', 'simple', '--sign', '+', '--events', '5', '--max-strain', '0.03', '--json', '--quiet', '--out-after', after);
      expect(r.code).to.equal(1);
      const lines = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((j) => j.event)).to.deep.equal([1, 2, 3]);
      expect(r.stderr).to.match(/^softspot aqs: event 4: no plastic event within strain 0\.03 of event 3 \(γ_c = 0\.0401\d+\); the 3 events before it are printed above, and \S+after-partial\.xyz holds the state of event 3, not 4; raise --max-strain/);
      const info = readXyz(readFileSync(after, 'utf8'), after).info!;
      expect(info.gamma).to.equal(lines[2].gammaC); // from the input glass's cell, the earlier events' strain included
      expect(info.direction).to.equal('simple+');
      // aqs of that file: its gamma and direction are of the new state (the input's are dropped, not carried over)
      const again = join(dir(), 'after-again.xyz');
      const r2 = await runCli('aqs', after, '--mode', 'pure', '--sign', '-', '--json', '--quiet', '--out-after', again);
      expect(r2.code, r2.stderr).to.equal(0);
      const info2 = readXyz(readFileSync(again, 'utf8'), again).info!;
      expect([info2.gamma, info2.direction]).to.deep.equal([JSON.parse(r2.stdout).gammaC, 'pure-']);
    });

    it('3D: --events 2 in text, each event labelled; the second as the API chain finds it', async () => {
      const input = fixturePath('ipl3d_n160_s1.xyz');
      const r = await runCli('aqs', input, '--mode', 'simple-xz', '--sign', '+', '--events', '2', '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      const glass = readXyz(readFileSync(input, 'utf8'));
      const api = chain(glass, 2, { direction: 'simple-xz+' });
      const found = [...r.stdout.matchAll(/^event (\d): simple-xz\+ \(fast\): γ_c = (\S+) .*\n {2}particle (\d+) /gm)];
      expect(found.map((m) => Number(m[1]))).to.deep.equal([1, 2]);
      for (let k = 0; k < 2; k++) {
        expect(Number(found[k]![2])).to.equal(Number(api[k]!.gammaC.toPrecision(12)));
        expect(Number(found[k]![3])).to.equal(api[k]!.particle);
      }
      // The 3D state carries the law the file names (NdLandscape keeps the input's fields).
      const { energy } = energyForcesNd(api[1]!.after!, lawOfConfiguration(api[1]!.after!));
      expect(energy).to.be.closeTo(api[1]!.energyAfter, 1e-10 * Math.abs(energy));
    });

    it('--events takes an integer >= 1', async () => {
      for (const bad of ['0', '1.5', 'two']) {
        const r = await runCli('aqs', fixturePath('n64_s1.xyz'), '--mode', 'simple', '--sign', '+', '--events', bad);
        expect(r.code, bad).to.equal(2);
        expect(r.stderr.split('\n')[0], bad).to.equal(`softspot aqs: --events: expected an integer >= 1, got "${bad}"`);
      }
    });
  });
});
