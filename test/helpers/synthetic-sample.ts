/**
 * A synthetic ensemble sample (SampleResult) for tests of what reads and writes sample
 * files: `spots` stars of STAR bonds, |c| and |dc/dγ| one Pareto value per star (tail
 * exponents 1 + 1.25 and 1 + 0.625), signs alternating; a square cell, no physics.
 */
import type { Rng } from '../../lib/random.js';
import { DEFAULT_EVENTS, DEFAULT_PREPARE, sampleId } from '../../lib/ensemble/identity.js';
import { DIRECTIONS, type SampleResult, type SampleSpec } from '../../lib/ensemble/types.js';

export const STAR = 6;

/** A sample of `spots` stars of STAR bonds; |c| and |dc/dγ| one Pareto value per star, signs alternating. */
export function syntheticSample(rng: Rng, spots: number, seed: number): SampleResult {
  const n = spots * (STAR + 1);
  const spec: SampleSpec = { n, seed, prepare: { ...DEFAULT_PREPARE }, events: { ...DEFAULT_EVENTS }, validate: false };
  const m = spots * STAR;
  const i = new Int32Array(m), j = new Int32Array(m), c = new Float64Array(m), simple = new Float64Array(m), pure = new Float64Array(m);
  for (let s = 0; s < spots; s++) {
    const vc = (1 - rng.uniform()) ** (-1 / 1.25);
    const vd = (1 - rng.uniform()) ** (-1 / 0.625);
    for (let k = 0; k < STAR; k++) {
      const b = s * STAR + k;
      i[b] = s * (STAR + 1);
      j[b] = s * (STAR + 1) + 1 + k;
      c[b] = vc;
      simple[b] = k % 2 ? vd : -vd;
      pure[b] = 1;
    }
  }
  const side = Math.ceil(Math.sqrt(n));
  return {
    id: sampleId(spec), spec,
    config: {
      n, cell: Float64Array.from([side, 0, 0, side]),
      positions: Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 ? Math.floor(k / 2 / side) : (k / 2) % side) + 0.5),
      species: new Uint8Array(n),
    },
    energyPerParticle: -1, maxForce: 0, i, j, c, dcdg: { simple, pure }, sumC: c.reduce((x, y) => x + y, 0),
    events: DIRECTIONS.map((direction) => ({ direction, gammaC: 0.1, gammaLo: 0.1, gammaHi: 0.1, particle: 0, x: 0, y: 0, energyDrop: 0, stressDrop: 0, maxDisplacement: 0, ms: 0 })),
    timings: { total: 1 }, engines: { prepare: 'synthetic', events: 'synthetic' }, softwareVersion: 'test', host: 'test', finishedAt: '2026-01-01T00:00:00Z',
  };
}
