/**
 * Small helpers of glassIndicators shared by its 2D and 3D paths: one array for the
 * directions a field does not depend on, and the check that a given LHC belongs to the glass.
 */
import type { Configuration } from '../config.js';
import type { Direction2D } from '../space/index.js';

/** The same field for every direction. */
export function shared(directions: readonly Direction2D[], f: Float64Array): Partial<Record<Direction2D, Float64Array>> {
  return Object.fromEntries(directions.map((d) => [d, f]));
}

/** Largest position difference (λ) accepted between `config` and the configuration of a given LHC (Newton polishing moves less). */
export const SAME_GLASS_TOLERANCE = 1e-6;

/**
 * Checks that `lhcConfig` is `config` (same N, same cell, positions within SAME_GLASS_TOLERANCE).
 * @throws RangeError `options.lhc: …` otherwise
 */
export function checkSameGlass(config: Configuration, lhcConfig: Configuration): void {
  let worst = 0;
  if (config.n === lhcConfig.n && config.cell.length === lhcConfig.cell.length && config.cell.every((h, k) => h === lhcConfig.cell[k]) &&
    config.positions.length === lhcConfig.positions.length) {
    for (let k = 0; k < config.positions.length; k++) worst = Math.max(worst, Math.abs(config.positions[k] - lhcConfig.positions[k]));
  } else {
    worst = Infinity;
  }
  if (!(worst <= SAME_GLASS_TOLERANCE)) {
    throw new RangeError(`options.lhc: expected the LHC of this configuration (same N, cell and positions within ${SAME_GLASS_TOLERANCE} λ), got one of ` +
      `${lhcConfig.n === config.n ? `another glass (max position difference ${worst.toExponential(2)} λ)` : `N = ${lhcConfig.n} for N = ${config.n}`}; pass the LHC of the same glass`);
  }
}
