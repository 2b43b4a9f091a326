/**
 * A brute-force route to the strain at which a bond first crosses its cutoff (tests of the
 * finite-difference check, which must step below it): every pair i < j by minimum image,
 * d = 2 or 3 from the configuration.
 */
import { dimensionOf, type Configuration } from '../../lib/config.js';
import { inverse, roundedImage } from '../../lib/space/cell-nd.js';
import { lawOfConfiguration } from '../../lib/nd/law.js';

/**
 * The smallest |γ| at which a pair crosses its cutoff to first order: over all pairs with
 * |r| within 0.2 λ of r_c, (r_c − |r|) / (d|r|/dγ) with d|r|/dγ = n·(E r + u_j − u_i);
 * u the non-affine velocity (d·N), E = dH/dγ (d × d, row-major).
 */
export function nearestCrossingBruteForce(config: Configuration, u: Float64Array, E: Float64Array): number {
  const d = dimensionOf(config);
  const law = lawOfConfiguration(config);
  const hinv = inverse(config.cell);
  const r = new Float64Array(d);
  let nearest = Infinity;
  for (let i = 0; i < config.n; i++) {
    for (let j = i + 1; j < config.n; j++) {
      const rr = Math.sqrt(roundedImage(d, config.cell, hinv, config.positions, i, j, r, 0));
      const rc = law.law.cutoff(law.keys[i]!, law.keys[j]!);
      if (Math.abs(rr - rc) > 0.2) continue;
      let rate = 0;
      for (let a = 0; a < d; a++) {
        let v = u[d * j + a]! - u[d * i + a]!;
        for (let b = 0; b < d; b++) v += E[d * a + b]! * r[b]!;
        rate += (r[a]! / rr) * v;
      }
      nearest = Math.min(nearest, Math.abs((rc - rr) / rate));
    }
  }
  return nearest;
}
