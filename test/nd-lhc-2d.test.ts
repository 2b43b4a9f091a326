/**
 * The d-generic path (lib/nd) at d = 2 against the specialised 2D localHeatCapacity on the
 * committed fixtures: two independent implementations (explicit 2D tensors T, Q and 2×2
 * scatter maps vs closed-form contractions from A_k and d×d maps), same factorization library.
 */
import { expect } from 'chai';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { localHeatCapacityNd } from '../lib/nd/local-heat-capacity.js';
import { FIXTURE_NAMES, readFixtureConfig } from './helpers/read-fixture.js';
import { denseC, smallGlass } from './helpers/nd-dense.js';
import { modelPreset } from '../lib/model/presets.js';
import { lawOfConfiguration } from '../lib/nd/law.js';

function maxRel(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  for (let k = 0; k < b.length; k++) scale = Math.max(scale, Math.abs(b[k]!));
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!) / Math.max(Math.abs(b[k]!), 1e-3 * scale));
  return m;
}

describe('nd/lhc at d = 2 matches the 2D localHeatCapacity', () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: same pairs, c and dc/dγ (simple, pure) to 1e-10, same sum rule`, () => {
      const config = readFixtureConfig(name);
      const ref = localHeatCapacity(config);
      const nd = localHeatCapacityNd(config);
      expect(nd.count).to.equal(ref.count);
      expect(Array.from(nd.i)).to.deep.equal(Array.from(ref.i));
      expect(Array.from(nd.j)).to.deep.equal(Array.from(ref.j));
      expect(maxRel(nd.c, ref.c)).to.be.below(1e-10);
      expect(Object.keys(nd.dcdg)).to.deep.equal(['simple', 'pure']);
      for (const mode of ['simple', 'pure']) {
        expect(maxRel(nd.dcdg[mode]!, ref.dcdg[mode]!), mode).to.be.below(1e-10);
        expect(maxRel(nd.nonAffine[mode]!, ref.nonAffine[mode]!), `u ${mode}`).to.be.below(1e-10);
      }
      expect(nd.diagnostics.expectedSumC).to.equal(2 * config.n - 2);
      expect(nd.diagnostics.sumC).to.be.closeTo(2 * config.n - 2, 1e-8);
    });
  }

  it('options.law, or model=poly, sends a 2D glass to the d-generic path: c = the dense-inverse route, Σc = 2(N − 1)', () => {
    const glass = smallGlass('poly', 60, 4, 2);
    const law = modelPreset('poly').law;
    const res = localHeatCapacity(glass, { law });
    expect(res.diagnostics.expectedSumC).to.equal(2 * 59);
    expect(res.diagnostics.sumC).to.be.closeTo(2 * 59, 1e-9);
    const ref = denseC(glass, lawOfConfiguration(glass, law));
    expect(res.count).to.equal(ref.pairs.length);
    expect(maxRel(res.c, ref.c)).to.be.below(1e-9);
    const byModel = localHeatCapacity(glass); // glass.model = 'poly': the same path without options.law
    expect(Array.from(byModel.c)).to.deep.equal(Array.from(res.c));
  });

  it('pinned particle does not matter, and the async path gives the same numbers', async () => {
    const config = readFixtureConfig('n64_s1');
    const a = localHeatCapacityNd(config, { pinned: 0 });
    const b = localHeatCapacityNd(config, { pinned: 37, method: 'solves', mode: 'simplicial' });
    const c = await (await import('../lib/nd/local-heat-capacity.js')).localHeatCapacityNdAsync(config, { pinned: 63 });
    expect(maxRel(b.c, a.c)).to.be.below(1e-10);
    expect(maxRel(c.c, a.c)).to.be.below(1e-10);
    for (const mode of ['simple', 'pure']) {
      expect(maxRel(b.dcdg[mode]!, a.dcdg[mode]!)).to.be.below(1e-9);
      expect(maxRel(c.dcdg[mode]!, a.dcdg[mode]!)).to.be.below(1e-9);
    }
  });
});
