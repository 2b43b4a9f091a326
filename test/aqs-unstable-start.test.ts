/**
 * firstEvent from a start that is not a stable minimum: the fast protocol's first Newton
 * factorization fails, and the error is the UnstableConfigurationError of
 * localHeatCapacity and lowestModes, naming the particle of the failing pivot (it was a
 * bare RangeError). That the shaken inputs are unstable is checked independently, by a
 * negative eigenvalue of their dense Hessian.
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { firstEvent } from '../lib/aqs/index.js';
import { UnstableConfigurationError } from '../lib/errors.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { symmetricEigenvalues } from './helpers/dense-linalg.js';
import { glass3d } from './helpers/glass3d.js';
import { denseHessian } from './helpers/nd-dense.js';
import { readFixtureConfig } from './helpers/read-fixture.js';
import { thrownBy } from './helpers/thrown.js';

/** positions + amplitude·sin(7k), a deterministic shake of every coordinate. */
function shaken(config: Configuration, amplitude: number): Configuration {
  return { ...config, positions: config.positions.map((x, k) => x + amplitude * Math.sin(7 * k)) };
}

describe('firstEvent from an unstable start', () => {
  const cases: Array<{ label: string; glass: () => Configuration; direction: 'pure+' | 'simple-xz+' }> = [
    { label: '2D ipl fixture N = 64', glass: () => shaken(readFixtureConfig('n64_s1'), 0.2), direction: 'pure+' },
    { label: '3D ipl3d N = 64', glass: () => shaken(glass3d('ipl3d', 4, 1), 0.2), direction: 'simple-xz+' },
  ];
  for (const { label, glass, direction } of cases) {
    it(`${label}: an UnstableConfigurationError naming the particle of the failing pivot, for every pinned particle`, () => {
      const config = glass();
      const d = config.dim === 3 ? 3 : 2;
      // Independently: the dense Hessian (brute-force pairs, explicit K) has a negative eigenvalue.
      expect(symmetricEigenvalues(denseHessian(config, lawOfConfiguration(config)), d * config.n)[0]).to.be.below(-1e-6);
      for (const pinned of [0, config.n - 1]) {
        const error = thrownBy(() => firstEvent(config, { direction, pinned }));
        expect(error, `pinned ${pinned}`).to.be.instanceOf(UnstableConfigurationError);
        const e = error as UnstableConfigurationError;
        expect(e.code).to.equal('CHOLMOD_NOT_POSDEF');
        // Column c of the pinned Hessian is dof c of the particles other than `pinned`, in order.
        const before = Math.floor(e.column! / d);
        expect(e.particle).to.equal(before >= pinned ? before + 1 : before);
        expect(e.particle).to.be.within(0, config.n - 1).and.not.equal(pinned);
        expect(e.message).to.equal('expected a stable minimum at the starting strain, but its Hessian is not positive definite there ' +
          `(first failing pivot at particle ${e.particle}); minimize it first (softspot minimize)`);
      }
    });
  }

});
