/**
 * The reference protocol after a suspicion that the final bracket does not confirm
 * (lib/aqs/reference.ts): near a fold, a trial minimization from farther back can fall into
 * the next basin while the branch still goes on, so the bisection closes on a bracket whose
 * re-minimization from its lower end does not jump. Stepping must then resume from the
 * branch at γ_hi; it resumed from the suspect step's own minimum, which lay past the event,
 * and the event was stepped over.
 *
 * The glass: ipl3d, N = 160 (`softspot prepare --model ipl3d --n 160 --seed 1
 * --liquid-time 1 --anneal-time 2`), pure+. Its first event, by the reference protocol from
 * the glass itself: γ_c = 0.010522, particle 78. With positions moved by ≤ 1e-13 λ (noise
 * far below the force floor) the fast protocol hands over to the reference protocol at the
 * fold, which then met that bracket; before the fix it reported γ_c = 0.0414 (particle 8).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { configurationOfFrame, readXyzFrame } from '../lib/io/index.js';
import { firstEvent } from '../lib/aqs/index.js';
import { createRng } from '../lib/stats/index.js';

const FIXTURE = new URL('./fixtures/ipl3d_n160_s1.xyz', import.meta.url).pathname;

describe('aqs: the reference protocol resumes from the branch after an unconfirmed suspicion', function () {
  this.timeout(120_000);

  it('the same first event (γ_c, particle) from glasses that differ by 1e-13 λ, as the reference protocol finds it', () => {
    const glass = configurationOfFrame(readXyzFrame(readFileSync(FIXTURE, 'utf8'), FIXTURE));
    const reference = firstEvent(glass, { direction: 'pure+', protocol: 'reference' });
    expect(reference.particle).to.equal(78);
    const rng = createRng(7);
    const found: Array<[number, number]> = [];
    for (let t = 1; t <= 6; t++) {
      const moved = { ...glass, positions: Float64Array.from(glass.positions, (x) => x + 1e-13 * (2 * rng.uniform() - 1)) };
      const e = firstEvent(moved, { direction: 'pure+', step: 2e-3 });
      found.push([e.gammaC, e.particle]);
    }
    // The fourth of these met the unconfirmed bracket (0.0414, particle 8 before the fix).
    for (const [gammaC, particle] of found) {
      expect(particle, JSON.stringify(found)).to.equal(reference.particle);
      expect(Math.abs(gammaC - reference.gammaC), JSON.stringify(found)).to.be.below(1e-7);
    }
  });
});
