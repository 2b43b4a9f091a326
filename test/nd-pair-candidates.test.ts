/**
 * The pairs from a candidate list (lib/nd/pair-candidates.ts) against the cell-list search
 * lib/nd/pairs.ts findPairsNd on the same states, bit for bit (count, order, i, j, every
 * component of r): 3D `ka` and 2D `poly` glasses, strained along several directions from
 * straight and tilted reference cells, with random displacements below and beyond the
 * validity bound, particles moved by whole cell vectors, and pairs driven across the bound
 * on purpose. Then the AQS landscape and the first plastic event with the candidate list
 * against the route that searched every state (`pairSearch: 'search'`, the code before).
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { dimensionOf } from '../lib/config.js';
import { runSync } from '../lib/aqs/driver.js';
import { firstEventProtocol } from '../lib/aqs/first-event.js';
import { NdLandscape } from '../lib/aqs/landscape-nd.js';
import { firstEvent, type AqsEvent } from '../lib/aqs/index.js';
import { applyLinear, deformAffine, inverse, linearPath, matrixProduct, roundedImage } from '../lib/space/cell-nd.js';
import { lawOfConfiguration, pairCutoff2, type NdLaw } from '../lib/nd/law.js';
import { buildPairCandidates, candidatesHold, pairsFromCandidates } from '../lib/nd/pair-candidates.js';
import { findPairsNd, type NdPairList } from '../lib/nd/pairs.js';
import { presetE, type ShearMode } from '../lib/space/index.js';
import { glass3d } from './helpers/glass3d.js';
import { seededRandom } from './helpers/dense-linalg.js';
import { smallGlass } from './helpers/nd-dense.js';

const MARGIN = 0.2;

const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Whether two pair lists are identical in every bit. */
function samePairs(a: NdPairList, b: NdPairList): boolean {
  return a.d === b.d && a.count === b.count && a.nParticles === b.nParticles &&
    bytes(a.i).equals(bytes(b.i)) && bytes(a.j).equals(bytes(b.j)) && bytes(a.r).equals(bytes(b.r));
}

/** The configuration with cell H h and positions H x (H = I + γE, the affine image). */
function strained(config: Configuration, E: Float64Array, gamma: number): Configuration {
  const { cell, positions } = deformAffine(config.cell, config.positions, E, gamma);
  return { ...config, cell, positions };
}

/**
 * `config` with each particle moved by a random vector of length ≤ `amplitude` (uniform in
 * the ball) and, with probability ¼, by a random whole cell vector (an image of itself).
 */
function displaced(config: Configuration, amplitude: number, rand: () => number): Configuration {
  const d = dimensionOf(config), h = config.cell;
  const x = Float64Array.from(config.positions);
  const v = new Float64Array(d);
  for (let p = 0; p < config.n; p++) {
    let len2: number;
    do {
      len2 = 0;
      for (let a = 0; a < d; a++) { v[a] = 2 * rand() - 1; len2 += v[a]! ** 2; }
    } while (len2 > 1);
    for (let a = 0; a < d; a++) x[d * p + a] += amplitude * v[a]!;
    if (rand() < 0.25) {
      for (let k = 0; k < d; k++) {
        const shift = Math.floor(3 * rand()) - 1;
        for (let a = 0; a < d; a++) x[d * p + a] += shift * h[a * d + k]!;
      }
    }
  }
  return { ...config, positions: x };
}

interface Case {
  label: string;
  glass: () => Configuration;
  /** Path directions and the reference tilts (simple shear γ0 of the reference cell). */
  modes: ShearMode[];
  tilts: number[];
}

const CASES: Case[] = [
  { label: '3D ka N = 216', glass: () => glass3d('ka', 6, 1), modes: ['simple', 'pure', 'simple-xz'], tilts: [0, 0.12] },
  { label: '2D poly N = 100', glass: () => smallGlass('poly', 100, 5, 2), modes: ['simple', 'pure'], tilts: [0, -0.2] },
];

for (const { label, glass: make, modes, tilts } of CASES) {
  describe(`pair candidates = findPairsNd, bit for bit (${label})`, function () {
    this.timeout(120_000);
    let glass: Configuration;
    let law: NdLaw;
    before(() => {
      glass = make();
      law = lawOfConfiguration(glass);
    });

    for (const tilt of tilts) {
      for (const mode of modes) {
        it(`reference tilted by simple shear ${tilt}, strained along ${mode}: random displacements and strains near and beyond the bound`, () => {
          const d = dimensionOf(glass);
          const rand = seededRandom(17 + modes.indexOf(mode) + 10 * tilts.indexOf(tilt));
          const reference = displaced(strained(glass, presetE('simple', 1, d), tilt), 0.02, rand);
          const c = buildPairCandidates(reference, law, MARGIN)!;
          expect(c, 'the reference cell fits the widened search').to.not.equal(null);
          const E = presetE(mode, 1, d);
          const normE = Math.hypot(...E);
          let held = 0, failed = 0, missed = 0;
          for (let trial = 0; trial < 60; trial++) {
            // strains with ‖A − I‖_F·r_max ≈ |γ|·‖E‖_F·r_max up to 1.2 m, displacements up to 0.35 m
            // (u₁ + u₂ up to ~0.7 m): the bound holds in about half of the states
            const gamma = ((2.4 * MARGIN) / (law.maxCutoff * normE)) * (rand() - 0.5);
            const state = displaced(strained(reference, E, gamma), 0.35 * MARGIN * rand(), rand);
            const exact = findPairsNd(state, law);
            if (candidatesHold(c, state)) {
              held++;
              expect(samePairs(pairsFromCandidates(c, state), exact), `trial ${trial}: γ ${gamma}`).to.equal(true);
            } else {
              failed++;
              if (!samePairs(pairsFromCandidates(c, state), exact)) missed++;
            }
          }
          // both sides of the bound were visited
          expect(held, 'states within the bound').to.be.at.least(10);
          expect(failed, 'states beyond the bound').to.be.at.least(10);
          if (process.env.ND_REPORT) console.log(`      ${held} held, ${failed} beyond the bound (${missed} of them with a pair missing from the list)`);
        });
      }
    }

    it('pairs driven towards each other: within the bound the list is exact; beyond it a pair enters its cutoff unlisted and the bound says so', () => {
      const d = dimensionOf(glass);
      const c = buildPairCandidates(glass, law, MARGIN)!;
      const h = glass.cell, hinv = inverse(h), x = glass.positions;
      const image = new Float64Array(d);
      // pairs just outside the list: r_c + m ≤ |r| < r_c + m + 0.1
      const outside: { i: number; j: number; r: Float64Array; len: number; rc: number }[] = [];
      for (let i = 0; i < glass.n && outside.length < 12; i++) {
        for (let j = i + 1; j < glass.n && outside.length < 12; j++) {
          const len = Math.sqrt(roundedImage(d, h, hinv, x, i, j, image, 0));
          const rc = Math.sqrt(pairCutoff2(law, i, j));
          if (len >= rc + MARGIN && len < rc + MARGIN + 0.1) outside.push({ i, j, r: Float64Array.from(image), len, rc });
        }
      }
      expect(outside.length).to.be.at.least(6);
      for (const { i, j, r, len, rc } of outside) {
        // each particle moves by `step` along the bond, towards the other
        const move = (step: number): Configuration => {
          const y = Float64Array.from(x);
          for (let a = 0; a < d; a++) {
            y[d * i + a] += (step * r[a]!) / len;
            y[d * j + a] -= (step * r[a]!) / len;
          }
          return { ...glass, positions: y };
        };
        const within = move(0.49 * MARGIN);
        expect(candidatesHold(c, within)).to.equal(true);
        expect(samePairs(pairsFromCandidates(c, within), findPairsNd(within, law))).to.equal(true);
        // closer by (|r| − r_c) + 0.01: inside the cutoff now, and not in the list
        const beyond = move(0.5 * (len - rc + 0.01));
        const exact = findPairsNd(beyond, law);
        expect([...exact.i.keys()].some((k) => exact.i[k] === i && exact.j[k] === j), 'the pair interacts').to.equal(true);
        expect(samePairs(pairsFromCandidates(c, beyond), exact), 'the list misses it').to.equal(false);
        expect(candidatesHold(c, beyond)).to.equal(false);
      }
    });

    it('a strain alone: the bound holds while ‖A − I‖_F·r_max < m and the list is exact there', () => {
      const d = dimensionOf(glass);
      const c = buildPairCandidates(glass, law, MARGIN)!;
      const E = presetE('simple', 1, d); // ‖A − I‖_F = |Δγ| for simple shear
      const limit = MARGIN / law.maxCutoff;
      for (const gamma of [0.3 * limit, 0.99 * limit, -0.99 * limit]) {
        const state = strained(glass, E, gamma);
        expect(candidatesHold(c, state), `γ = ${gamma}`).to.equal(true);
        expect(samePairs(pairsFromCandidates(c, state), findPairsNd(state, law)), `γ = ${gamma}`).to.equal(true);
      }
      expect(candidatesHold(c, strained(glass, E, 1.01 * limit))).to.equal(false);
    });
  });
}

/** The same event (particle, γ_c and every reported number, bit for bit; not the time). */
function expectSameEvent(before: AqsEvent, after: AqsEvent): void {
  expect(after.particle).to.equal(before.particle);
  expect(after.gammaC).to.equal(before.gammaC);
  const { timeMs: _t0, ...statsBefore } = before.statistics;
  const { timeMs: _t1, ...statsAfter } = after.statistics;
  expect({ ...after, statistics: statsAfter }).to.deep.equal({ ...before, statistics: statsBefore });
}

describe('AQS with the pair candidates: the same numbers as a search at every state', function () {
  this.timeout(300_000);
  let glass: Configuration;
  before(() => {
    glass = glass3d('ka', 6, 1);
  });

  it('NdLandscape along a strain path (3D ka N = 216, pure): stress and Newton steps identical, the list reused', () => {
    const law = lawOfConfiguration(glass);
    const E = presetE('pure', 1, 3);
    const lands = (['search', 'candidates'] as const).map((pairSearch) => new NdLandscape(glass, law, E, glass.cell, { pairSearch }));
    const rand = seededRandom(5);
    let x: Float64Array = Float64Array.from(glass.positions);
    let gamma = 0;
    try {
      for (let step = 0; step < 25; step++) {
        const next = gamma + 2e-3;
        x = applyLinear(matrixProduct(linearPath(E, next), inverse(linearPath(E, gamma))), x);
        for (let k = 0; k < x.length; k++) x[k] += 0.004 * (rand() - 0.5);
        gamma = next;
        const out = lands.map((land) => {
          const { forces } = land.evaluate(x, gamma);
          const stress = land.stress();
          const err = runSync(land.factorizeRequest());
          return { stress, forces: Float64Array.from(forces), step: err === null ? land.newtonStep(forces) : null, err: err?.code };
        });
        expect(out[1]!.stress, `step ${step}`).to.equal(out[0]!.stress);
        expect(bytes(out[1]!.forces).equals(bytes(out[0]!.forces))).to.equal(true);
        expect(out[1]!.err).to.equal(out[0]!.err);
        if (out[0]!.step !== null) expect(bytes(out[1]!.step!).equals(bytes(out[0]!.step))).to.equal(true);
      }
      expect(lands[0]!.pairCounts).to.deep.equal({ searches: 25, filtered: 0 });
      // 25 states moved by up to 0.05 λ strain·r_max and 0.002 λ per step: a few rebuilds, most states filtered
      expect(lands[1]!.pairCounts.searches).to.be.within(1, 12);
      expect(lands[1]!.pairCounts.filtered).to.equal(25);
    } finally {
      for (const land of lands) land.dispose();
    }
  });

  for (const direction of ['pure-', 'simple+'] as const) {
    it(`first event (3D ka N = 216, ${direction}, fast protocol): particle, γ_c and every reported number as with a search at every state`, () => {
      expectSameEvent(runSync(firstEventProtocol(glass, { direction }, 'search')), firstEvent(glass, { direction }));
    });
  }

  it('first event (2D poly N = 100, simple+): the same as with a search at every state', () => {
    const poly = smallGlass('poly', 100, 5, 2);
    expectSameEvent(runSync(firstEventProtocol(poly, { direction: 'simple+' }, 'search')), firstEvent(poly, { direction: 'simple+' }));
  });
});
