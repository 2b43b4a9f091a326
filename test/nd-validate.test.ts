/**
 * The Fig. S1 check in 3D (and the d-generic check in 2D): the analytic dc/dγ against
 * finite differences of c over re-minimized strained glasses, and the predicted nearest
 * cutoff crossing against the pair sets of re-minimized strained glasses.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { readXyz, writeXyz } from '../lib/io/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { localHeatCapacity, validateResponse } from '../lib/lhc/index.js';
import { nearestCutoffCrossing } from '../lib/lhc/cutoff-crossing.js';
import { nearestCutoffCrossingNd } from '../lib/nd/cutoff-crossing.js';
import { deformAffine } from '../lib/space/cell-nd.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { newtonPolishNd } from '../lib/nd/newton.js';
import { findPairsNd } from '../lib/nd/pairs.js';
import { presetE, type ShearMode } from '../lib/space/index.js';
import { seededRandom as seeded } from './helpers/dense-linalg.js';
import { glass3d } from './helpers/glass3d.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';

const MODES_3D: ShearMode[] = ['simple', 'simple-xz', 'simple-yz', 'pure'];

describe('validate in 3D (Fig. S1 check, d-generic)', function () {
  this.timeout(120000);
  const ipl = glass3d('ipl3d', 4, 2);
  const nl = lawOfConfiguration(ipl);
  const base = localHeatCapacity(ipl, { deformations: MODES_3D.map((name) => ({ name, E: presetE(name, 1, 3) })) });

  /** Pair keys of the glass strained by γ along `mode` and re-minimized by Newton. */
  const pairsAt = (mode: ShearMode, gamma: number): Set<string> => {
    const strained = deformAffine(ipl.cell, ipl.positions, presetE(mode, 1, 3), gamma);
    const polished = newtonPolishNd({ ...ipl, ...strained }, nl).config;
    const p = findPairsNd(polished, nl);
    return new Set(Array.from(p.i, (i, a) => `${i},${p.j[a]}`));
  };
  const unstrained = pairsAt('simple', 0);

  for (const mode of MODES_3D) {
    it(`${mode}: the predicted pair crosses between ½γ* and 2γ*, and no pair changes before ½γ*`, () => {
      const sign = mode === 'pure' ? -1 : 1;
      const crossing = nearestCutoffCrossingNd(ipl, nl, presetE(mode, 1, 3), base.nonAffine[mode]!, sign);
      expect(crossing.gamma).to.be.within(1e-7, crossing.reach);
      const key = `${crossing.i},${crossing.j}`;
      expect(unstrained.has(key)).to.equal(!crossing.entering);
      expect([...pairsAt(mode, 0.5 * sign * crossing.gamma)].sort()).to.deep.equal([...unstrained].sort());
      expect(pairsAt(mode, 2 * sign * crossing.gamma).has(key)).to.equal(crossing.entering);
    });
  }

  it('central differences of re-minimized c agree with the analytic dc/dγ for the four 3D modes (ipl3d)', () => {
    const r = validateResponse(ipl, { central: true, dgamma: 1e-5 });
    expect(r.dim).to.equal(3);
    expect(Object.keys(r.modes).sort()).to.deep.equal([...MODES_3D].sort());
    for (const mode of MODES_3D) {
      const v = r.modes[mode]!;
      expect(v.count, mode).to.equal(base.count);
      expect(v.dropped, mode).to.equal(0);
      expect(v.dgamma, mode).to.be.at.most(0.5 * v.crossing.gamma);
      expect(v.p90, mode).to.be.below(1e-3); // percent
      expect(v.fractionBelow1em2, mode).to.be.above(0.98);
    }
  });

  it('forward differences on a Kob–Andersen glass: the error is first order in Δγ (halving the step halves it)', () => {
    const ka = glass3d('ka', 6, 3);
    const a = validateResponse(ka, { modes: ['simple-yz'], dgamma: 2e-5 }).modes['simple-yz']!;
    const b = validateResponse(ka, { modes: ['simple-yz'], dgamma: 1e-5 }).modes['simple-yz']!;
    expect(a.dropped).to.equal(0);
    expect(b.median).to.be.below(0.5); // percent; KA's c varies faster than the 2D IPL's (≈ 0.15 % here)
    expect(a.median / b.median).to.be.within(1.6, 2.4);
    const central = validateResponse(ka, { modes: ['simple-yz'], dgamma: 1e-5, central: true }).modes['simple-yz']!;
    expect(central.p90).to.be.below(b.p90 / 100); // second order: ≈ 1e-3 % against ≈ 0.7 %
  });

  it('the d-generic crossing of a 2D glass is the 2D one (another implementation)', () => {
    const glass = readXyz(readFileSync(fixturePath('n64_s1.xyz'), 'utf8'));
    const lhc = localHeatCapacity(glass, { model: DEFAULT_MODEL });
    for (const mode of ['simple', 'pure'] as const) {
      for (const sign of [1, -1] as const) {
        const two = nearestCutoffCrossing(lhc.config, DEFAULT_MODEL, presetE(mode), lhc.nonAffine[mode]!, sign);
        const nd = nearestCutoffCrossingNd(lhc.config, lawOfConfiguration(lhc.config), presetE(mode), lhc.nonAffine[mode]!, sign);
        expect([nd.i, nd.j, nd.entering]).to.deep.equal([two.i, two.j, two.entering]);
        expect(nd.gamma).to.be.closeTo(two.gamma, 1e-12 * two.gamma);
      }
    }
  });

  it('newtonPolishNd says why it stopped: converged at fTol, the floor, or max-iterations', () => {
    const r = seeded(7);
    const shaken = Float64Array.from(ipl.positions, (v) => v + 0.02 * (r() - 0.5));
    const start = { ...ipl, positions: shaken };
    const loose = newtonPolishNd(start, nl, { fTol: 1e-6 });
    expect(loose.reason).to.equal('converged');
    expect(loose.maxForce).to.be.at.most(1e-6);
    const full = newtonPolishNd(start, nl);
    expect(full.reason).to.equal('floor');
    expect(full.maxForce).to.be.below(1e-10);
    const one = newtonPolishNd(start, nl, { maxIter: 1 });
    expect(one.reason).to.equal('max-iterations');
    expect(one.iterations).to.equal(1);
    expect(one.maxForce).to.be.above(1e-6);
  });

  it('refuses a 3D mode on a 2D glass and a wrong-length field, naming them', () => {
    const glass = readXyz(readFileSync(fixturePath('n64_s1.xyz'), 'utf8'));
    expect(() => validateResponse(glass, { modes: ['simple-xz'] })).to.throw(RangeError, 'options.modes[0]: "simple-xz"');
    expect(() => nearestCutoffCrossingNd(ipl, nl, presetE('simple', 1, 3), new Float64Array(5), 1)).to.throw(RangeError, 'nonAffine: expected length 192');
  });

  describe('softspot validate on a 3D file', () => {
    let dir: string;
    before(() => { dir = mkdtempSync(join(tmpdir(), 'softspot-validate3d-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reports the four 3D modes (JSON) and refuses a 3D mode on a 2D file', async () => {
      const file = join(dir, 'ipl3d.xyz');
      writeFileSync(file, writeXyz(ipl as Configuration));
      const r = await runCli('validate', file, '--central', '--json', '--mode', 'simple-xz,pure');
      expect(r.code, r.stderr).to.equal(0);
      const out = JSON.parse(r.stdout);
      expect(out.dim).to.equal(3);
      expect(Object.keys(out.modes)).to.deep.equal(['simple-xz', 'pure']);
      expect(out.modes['simple-xz'].p90).to.be.below(1e-3);
      const bad = await runCli('validate', fixturePath('n64_s1.xyz'), '--mode', 'simple-yz');
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.include('"simple-yz" needs a 3D glass');
    });
  });
});
