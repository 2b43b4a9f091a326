/**
 * The local heat capacity c_α and its response dc_α/dγ (DESIGN §4): exact sum rules,
 * the reference values of an independent implementation (test/fixtures), finite
 * differences with re-minimization, and invariances (pinned particle, direction sign,
 * method, sync/async).
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { CholmodError, UnstableConfigurationError } from '../lib/errors.js';
import { energyForces } from '../lib/hessian/index.js';
import { localHeatCapacity, localHeatCapacityAsync, type LhcResult } from '../lib/lhc/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { newtonPolish } from '../lib/minimize/newton.js';
import { shearDeformation, strainConfiguration } from '../lib/space/index.js';
import { readFixtureConfig, readFixtureLhc } from './helpers/read-fixture.js';

const FIXTURES = ['n64_s1', 'n128_s1', 'n256_s1'];

function meanAbs(x: Float64Array): number {
  return x.reduce((s, v) => s + Math.abs(v), 0) / x.length;
}

/** max over α of |x − ref| / max(|ref|, mean |ref|): the fixtures README's tolerance measure. */
function worstRelative(x: Float64Array, ref: Float64Array): number {
  const floor = meanAbs(ref);
  let worst = 0;
  for (let k = 0; k < ref.length; k++) worst = Math.max(worst, Math.abs(x[k] - ref[k]) / Math.max(Math.abs(ref[k]), floor));
  return worst;
}

describe('local heat capacity', () => {
  const results = new Map<string, LhcResult>();
  const resultFor = (name: string) => {
    if (!results.has(name)) results.set(name, localHeatCapacity(readFixtureConfig(name)));
    return results.get(name)!;
  };

  describe('exact sum rules', () => {
    for (const name of FIXTURES) {
      it(`${name}: Σ c_α = 2N − 2 and Σ dc_α/dγ = 0`, () => {
        const r = resultFor(name);
        expect(r.diagnostics.expectedSumC).to.equal(2 * r.n - 2);
        expect(Math.abs(r.diagnostics.sumC - (2 * r.n - 2))).to.be.below(1e-11 * r.n);
        for (const key of ['simple', 'pure']) {
          const scale = r.dcdg[key].reduce((s, v) => s + Math.abs(v), 0);
          expect(Math.abs(r.diagnostics.sumDcdg[key]), key).to.be.below(1e-12 * scale);
        }
      });
    }
  });

  describe('reference values of an independent implementation', () => {
    for (const name of FIXTURES) {
      it(`${name}: same interactions; c within 1e-8, dc/dγ within 1e-6 (relative, floor mean |x|)`, () => {
        const r = resultFor(name);
        const ref = readFixtureLhc(name);
        expect(r.count).to.equal(ref.i.length);
        expect(Array.from(r.i)).to.deep.equal(Array.from(ref.i));
        expect(Array.from(r.j)).to.deep.equal(Array.from(ref.j));
        expect(worstRelative(r.c, ref.c)).to.be.below(1e-8);
        expect(worstRelative(r.dcdg.simple, ref.dcdgSimple)).to.be.below(1e-6);
        expect(worstRelative(r.dcdg.pure, ref.dcdgPure)).to.be.below(1e-6);
      });
    }
  });

  describe('invariances', () => {
    const config = readFixtureConfig('n128_s1');
    const base = localHeatCapacity(config);

    it('does not depend on which particle is pinned', () => {
      const other = localHeatCapacity(config, { pinned: 77 });
      expect(worstRelative(other.c, base.c)).to.be.below(1e-10);
      expect(worstRelative(other.dcdg.simple, base.dcdg.simple)).to.be.below(1e-9);
      expect(worstRelative(other.dcdg.pure, base.dcdg.pure)).to.be.below(1e-9);
    });

    it('the "−" direction flips the sign of dc/dγ; any E is linear in E', () => {
      const r = localHeatCapacity(config, {
        deformations: [
          { name: 'simple-', E: Float64Array.of(0, -1, 0, 0) },
          { name: 'mix', E: Float64Array.of(0.5 * 0.3, 0.7, 0, -0.5 * 0.3) },
        ],
      });
      for (let a = 0; a < r.count; a++) {
        expect(r.dcdg['simple-'][a]).to.be.closeTo(-base.dcdg.simple[a], 1e-9 * (1 + Math.abs(base.dcdg.simple[a])));
        const combo = 0.7 * base.dcdg.simple[a] + 0.3 * base.dcdg.pure[a];
        expect(r.dcdg.mix[a]).to.be.closeTo(combo, 1e-9 * (1 + Math.abs(combo)));
      }
    });

    it("selected inversion and the 'solves' path agree to 1e-10", () => {
      const solves = localHeatCapacity(config, { method: 'solves' });
      expect(worstRelative(solves.c, base.c)).to.be.below(1e-10);
      expect(worstRelative(solves.dcdg.simple, base.dcdg.simple)).to.be.below(1e-10);
      expect(worstRelative(solves.dcdg.pure, base.dcdg.pure)).to.be.below(1e-10);
      expect(solves.diagnostics.method).to.equal('solves');
    });

    it('the async variant returns the same numbers', async () => {
      const r = await localHeatCapacityAsync(config);
      expect(r.c).to.deep.equal(base.c);
      expect(r.dcdg.simple).to.deep.equal(base.dcdg.simple);
      expect(r.dcdg.pure).to.deep.equal(base.dcdg.pure);
    });
  });

  describe('finite differences with re-minimization (paper Fig. S1)', () => {
    it('dc/dγ matches central differences of c along simple and pure shear', () => {
      const config = readFixtureConfig('n64_s1');
      const base = localHeatCapacity(config);
      const h = 1e-5;
      for (const mode of ['simple', 'pure'] as const) {
        const def = shearDeformation(mode, 1);
        const at = (gamma: number): LhcResult => {
          const strained = strainConfiguration(config, config.cell, def, 0, gamma);
          const polished = newtonPolish(strained).config;
          return localHeatCapacity(polished);
        };
        const plus = at(h), minus = at(-h);
        expect(plus.count).to.equal(base.count);
        expect(minus.count).to.equal(base.count);
        const errors: number[] = [];
        for (let a = 0; a < base.count; a++) {
          const fd = (plus.c[a] - minus.c[a]) / (2 * h);
          const analytic = base.dcdg[mode][a];
          errors.push(Math.abs(fd - analytic) / Math.max(Math.abs(analytic), 1e-3 * meanAbs(base.dcdg[mode])));
        }
        errors.sort((x, y) => x - y);
        const median = errors[Math.floor(errors.length / 2)];
        const p90 = errors[Math.floor(errors.length * 0.9)];
        expect(median, `${mode}: median relative error`).to.be.below(1e-6);
        expect(p90, `${mode}: 90th percentile`).to.be.below(1e-4);
      }
    });
  });

  describe('input that is not a stable minimum', () => {
    const config = readFixtureConfig('n64_s1');
    const shaken = (): Configuration => {
      const positions = Float64Array.from(config.positions, (x, k) => x + 1e-5 * Math.sin(3.7 * k));
      return { ...config, positions };
    };

    it('is rejected with a clear error when no polishing is allowed', () => {
      expect(() => localHeatCapacity(shaken(), { polish: false })).to.throw(RangeError, /^config: not at an energy minimum \(max \|force\| = [0-9.e+-]+ > 1e-9\); minimize it first/);
    });

    it('is polished with Newton by default, and the result matches the minimum', () => {
      const r = localHeatCapacity(shaken());
      expect(r.diagnostics.polished).to.equal(true);
      expect(r.diagnostics.maxForceInput).to.be.above(1e-6);
      expect(r.diagnostics.maxForce).to.be.below(1e-11);
      expect(worstRelative(r.c, resultFor('n64_s1').c)).to.be.below(1e-8);
    });

    it('an unstable configuration (a saddle) is reported as such, naming a particle', () => {
      // Squeeze the box isotropically: at high compression the IPL glass stays stable, so
      // instead stretch it until pairs go soft and the Hessian loses positive definiteness.
      const expanded: Configuration = { ...config, cell: config.cell.map((v) => v * 1.6), positions: config.positions.map((v) => v * 1.6) };
      const fmax = energyForces(expanded, DEFAULT_MODEL).forces.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      let error: unknown;
      try {
        localHeatCapacity(expanded, { forceTolerance: 2 * fmax + 1, polish: false });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(CholmodError);
      expect((error as CholmodError).code).to.equal('CHOLMOD_NOT_POSDEF');
      expect((error as Error).message).to.match(/^the configuration is not at a stable minimum: its Hessian is not positive definite \(first failing pivot at particle \d+\); minimize it first/);
    });

    it('an input far from any minimum, where Newton polishing meets an unstable Hessian, is an UnstableConfigurationError', () => {
      const far: Configuration = { ...config, positions: config.positions.map((x, k) => x + 0.25 * Math.sin(7 * k)) };
      let error: unknown;
      try {
        localHeatCapacity(far);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(UnstableConfigurationError).and.instanceOf(CholmodError);
      expect(error).to.include({ code: 'CHOLMOD_NOT_POSDEF' });
      expect((error as UnstableConfigurationError).particle).to.be.within(0, config.n - 1);
      expect((error as Error).message).to.match(/^the configuration is not near a stable minimum: Newton polishing met a Hessian that is not positive definite \(first failing pivot at particle \d+\); minimize it first/);
    });
  });
});
