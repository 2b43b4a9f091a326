/**
 * The two Newton polishes, lib/minimize/newton.ts (2D tensors) and lib/nd/newton.ts
 * (d-generic, here at d = 2), are independent implementations of one method with one set
 * of stopping rules: from the same start they must reach the same minimum for the same
 * reason, and fail on the same unstable Hessian with the same error. (They drifted once:
 * the 2D one called a step that could not lower max |F| the floor at any force, and threw
 * a bare CholmodError where the other paths name an unstable configuration.)
 */
import { expect } from 'chai';
import { newtonPolish } from '../lib/minimize/newton.js';
import { newtonPolishNd } from '../lib/nd/newton.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { UnstableConfigurationError } from '../lib/errors.js';
import { energyForces } from '../lib/hessian/index.js';
import { modelOfConfiguration } from '../lib/model/index.js';
import type { Configuration } from '../lib/config.js';
import { readFixtureConfig } from './helpers/read-fixture.js';

const glass = readFixtureConfig('n64_s1');
const law = lawOfConfiguration(glass);
const displaced = (amplitude: number, frequency: number): Configuration =>
  ({ ...glass, positions: glass.positions.map((x, k) => x + amplitude * Math.sin(frequency * k)) });

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('newtonPolish and newtonPolishNd (d = 2) are twins', () => {
  for (const [amplitude, frequency] of [[1e-3, 7], [0.021, 2]] as const) {
    it(`from the fixture displaced by ${amplitude}·sin(${frequency}k): the same minimum at the round-off floor, for the same reason`, () => {
      const start = displaced(amplitude, frequency);
      const a = newtonPolish(start);
      const b = newtonPolishNd(start, law);
      expect([a.reason, b.reason]).to.deep.equal(['floor', 'floor']);
      expect(a.maxForce).to.be.below(1e-11);
      expect(b.maxForce).to.be.below(1e-11);
      expect(a.energy).to.be.closeTo(b.energy, 1e-10 * Math.abs(b.energy));
      let dx = 0;
      for (let k = 0; k < a.config.positions.length; k++) dx = Math.max(dx, Math.abs(a.config.positions[k] - b.config.positions[k]));
      expect(dx).to.be.below(1e-10);
      // the fixture's own minimum (E of the fixture itself), particle 0 held where the start put it
      expect(a.energy).to.be.closeTo(energyForces(glass, modelOfConfiguration(glass)).energy, 1e-10 * Math.abs(a.energy));
      for (let k = 0; k < 2; k++) expect(a.config.positions[k]).to.equal(start.positions[k]);
      // history: max |F| before each step and after each step taken, strictly falling
      for (const r of [a, b]) {
        expect(r.history.length).to.equal(r.iterations + 1);
        for (let s = 1; s < r.history.length; s++) expect(r.history[s]).to.be.below(r.history[s - 1]);
      }
    });
  }

  it('from a start where Newton meets an unstable Hessian: the same UnstableConfigurationError naming the same particle', () => {
    const start = displaced(0.021, 7);
    const a = thrown(() => newtonPolish(start));
    const b = thrown(() => newtonPolishNd(start, law));
    expect(a).to.be.instanceOf(UnstableConfigurationError);
    expect(b).to.be.instanceOf(UnstableConfigurationError);
    const [ea, eb] = [a as UnstableConfigurationError, b as UnstableConfigurationError];
    expect(ea.code).to.equal('CHOLMOD_NOT_POSDEF');
    expect(ea.particle).to.equal(eb.particle);
    expect(ea.message).to.equal(eb.message);
    expect(ea.message).to.equal('the configuration is not near a stable minimum: Newton polishing met a Hessian that is not positive definite ' +
      `(first failing pivot at particle ${ea.particle}); minimize it first (CG or FIRE, e.g. softspot minimize)`);
    expect(ea.particle).to.be.within(0, glass.n - 1);
  });
});
