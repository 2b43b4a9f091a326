/** The nearest cutoff crossing under strain (DESIGN §10) against re-minimized strained glasses. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readXyz } from '../lib/io/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { findPairs } from '../lib/hessian/index.js';
import { localHeatCapacity, validateResponse } from '../lib/lhc/index.js';
import { nearestCutoffCrossing } from '../lib/lhc/cutoff-crossing.js';
import { newtonPolish } from '../lib/minimize/newton.js';
import { minimizeGlass } from '../lib/minimize/index.js';
import { createRng } from '../lib/stats/index.js';
import { presetE, shearDeformation, strainConfiguration } from '../lib/space/index.js';
import type { Configuration } from '../lib/config.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';

const model = DEFAULT_MODEL;
const glass = readXyz(readFileSync(fixturePath('n64_s1.xyz'), 'utf8'));

/** The glass strained by γ along a mode and re-minimized (Newton). */
const strained = (config: Configuration, mode: 'simple' | 'pure', gamma: number): Configuration =>
  newtonPolish(strainConfiguration(config, config.cell, shearDeformation(mode, 1), 0, gamma), { model }).config;

const pairKeys = (config: Configuration): Set<string> => {
  const p = findPairs(config, model);
  return new Set(Array.from(p.i.subarray(0, p.count), (i, a) => `${i},${p.j[a]}`));
};

describe('cutoff crossings (validate steps below the nearest one)', function () {
  this.timeout(60000);
  const base = localHeatCapacity(glass, { model });
  const start = base.config;

  for (const mode of ['simple', 'pure'] as const) {
    for (const sign of [1, -1] as const) {
      it(`${mode} ${sign > 0 ? '+' : '−'}: the predicted pair crosses between ½ γ* and 2 γ* (linear prediction), and no pair crosses before ½ γ*`, () => {
        const E = presetE(mode);
        const crossing = nearestCutoffCrossing(start, model, E, base.nonAffine[mode]!, sign);
        expect(crossing.gamma).to.be.within(1e-6, crossing.reach);
        const before = pairKeys(start);
        const key = `${crossing.i},${crossing.j}`;
        expect(before.has(key)).to.equal(!crossing.entering);
        const early = pairKeys(strained(start, mode, 0.5 * sign * crossing.gamma));
        expect([...early].sort()).to.deep.equal([...before].sort());
        const late = pairKeys(strained(start, mode, 2 * sign * crossing.gamma));
        expect(late.has(key)).to.equal(crossing.entering);
      });
    }
  }

  it('a glass of N = 20 (narrower than 2·(cutoff + 0.3), which lhc analyses): found with a thinner skin, the crossing is right, and validate runs (it refused the glass)', () => {
    const side = Math.sqrt(20 / model.density);
    const rng = createRng(11);
    const random: Configuration = {
      n: 20, cell: Float64Array.of(side, 0, 0, side),
      positions: Float64Array.from({ length: 40 }, () => rng.uniform() * side), species: Uint8Array.from({ length: 20 }, (_, p) => (p < 10 ? 0 : 1)),
    };
    const small = minimizeGlass(random, { model }).config;
    const lhc = localHeatCapacity(small, { model });
    let checked = 0;
    for (const mode of ['simple', 'pure'] as const) {
      const crossing = nearestCutoffCrossing(lhc.config, model, presetE(mode), lhc.nonAffine[mode]!, 1);
      expect(crossing.reach).to.be.greaterThan(0);
      if (!Number.isFinite(crossing.gamma)) continue;
      checked++;
      const before = pairKeys(lhc.config);
      expect([...pairKeys(strained(lhc.config, mode, 0.5 * crossing.gamma))].sort()).to.deep.equal([...before].sort());
      expect(pairKeys(strained(lhc.config, mode, 2 * crossing.gamma)).has(`${crossing.i},${crossing.j}`)).to.equal(crossing.entering);
    }
    expect(checked, 'at least one crossing within reach').to.be.greaterThan(0);
    const v = validateResponse(small, { model });
    for (const mode of ['simple', 'pure'] as const) expect(v.modes[mode]!.err.length, mode).to.be.greaterThan(50);
  });

  it('validate keeps the step below half the crossing and reports it; the difference then drops no pair', () => {
    const simple = nearestCutoffCrossing(start, model, presetE('simple'), base.nonAffine.simple!, 1);
    const requested = 3 * simple.gamma;
    const r = validateResponse(glass, { model, modes: ['simple'], dgamma: Math.min(requested, 0.09) });
    const v = r.modes.simple!;
    expect(v.crossing.i).to.equal(simple.i);
    expect(v.dgamma).to.equal(0.5 * simple.gamma);
    expect(v.halvings).to.equal(0);
    expect(v.dropped).to.equal(0);
    // Central differences: the two states on either side, both short of the nearest crossing.
    const c = validateResponse(glass, { model, modes: ['simple'], dgamma: Math.min(requested, 0.09), central: true }).modes.simple!;
    expect(c.dgamma).to.be.at.most(0.5 * simple.gamma);
    expect(c.dropped).to.equal(0);
    expect(c.p90).to.be.below(v.p90 / 10); // O(Δγ²) against the forward difference's O(Δγ) at the same step
    // A step across the crossing (no reduction) loses the crossing pair: the check the reduction avoids.
    const across = pairKeys(strained(start, 'simple', 1.5 * simple.gamma));
    expect(across.has(`${simple.i},${simple.j}`)).to.equal(simple.entering);
  });

  it('central differences report the nearer crossing with its side: pure shear of n64_s1 meets it at −γ* first (printed with its sign; it read as +γ*)', async () => {
    const plus = nearestCutoffCrossing(start, model, presetE('pure'), base.nonAffine.pure!, 1);
    const minus = nearestCutoffCrossing(start, model, presetE('pure'), base.nonAffine.pure!, -1);
    expect(minus.gamma).to.be.below(plus.gamma);
    // Independently, the re-minimized glass at −2γ* has crossed (the pair set changed).
    const key = `${minus.i},${minus.j}`;
    expect(pairKeys(strained(start, 'pure', -2 * minus.gamma)).has(key)).to.equal(minus.entering);
    const c = validateResponse(glass, { model, modes: ['pure'], central: true }).modes.pure!;
    expect(c.crossing).to.include({ i: minus.i, j: minus.j, gamma: minus.gamma, sign: -1 });
    const forward = validateResponse(glass, { model, modes: ['pure'] }).modes.pure!;
    expect(forward.crossing.sign, 'forward differences strain one way').to.equal(undefined);
    const r = await runCli('validate', fixturePath('n64_s1.xyz'), '--central');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`pure: nearest cutoff crossing: pair (${minus.i}, ${minus.j}) ${minus.entering ? 'enters' : 'leaves'} the cutoff at Δγ ≈ ${(-minus.gamma).toExponential(2)}`);
    const json = JSON.parse((await runCli('validate', fixturePath('n64_s1.xyz'), '--central', '--json')).stdout) as { modes: Record<string, { crossing: { gamma: number; sign: number; i: number } }> };
    expect(json.modes.pure!.crossing).to.include({ gamma: minus.gamma, sign: -1, i: minus.i });
    expect(json.modes.simple!.crossing.sign).to.equal(1);
  });

  it('rejects a non-affine field of the wrong length', () => {
    expect(() => nearestCutoffCrossing(start, model, presetE('simple'), new Float64Array(3), 1)).to.throw(RangeError, 'nonAffine: expected length 128, got 3');
  });
});
