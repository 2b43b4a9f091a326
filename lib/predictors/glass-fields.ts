/**
 * Small helpers of glassIndicators shared by its 2D and d-generic paths: one array for the
 * directions a field does not depend on, the fields made from c_α and dc_α/dγ alone, and
 * the checks that a given LHC has the two shears and belongs to the glass.
 */
import type { Configuration } from '../config.js';
import { directionOf, type Direction2D, type Mode2D } from '../space/index.js';
import { predictorFields } from '../stats/predictability.js';
import type { GlassIndicators, LhcFields } from './indicator-types.js';
import type { IndicatorName } from './names.js';
import { ArgumentRangeError } from '../errors.js';

/** The same field for every direction. */
export function shared(directions: readonly Direction2D[], f: Float64Array): Partial<Record<Direction2D, Float64Array>> {
  return Object.fromEntries(directions.map((d) => [d, f]));
}

/**
 * The indicators made from c_α and dc_α/dγ alone, written into `fields` for the names asked:
 * absC = |c| (one array for every direction), pPlus = max(c·s·dc/dγ, 0), absDcdg = |dc/dγ|
 * of the direction's mode, dcdgPlus = max(s·dc/dγ, 0), with s = ±1 the direction's sign.
 */
export function lhcIndicatorFields(
  fields: GlassIndicators['fields'], names: readonly IndicatorName[], directions: readonly Direction2D[], lhc: LhcFields,
): void {
  const perDirection = (f: (d: Direction2D) => Float64Array) => Object.fromEntries(directions.map((d) => [d, f(d)]));
  const oriented = (d: Direction2D) => {
    const { mode, sign } = directionOf(d)!;
    return Float64Array.from(lhc.dcdg[mode], (x) => sign * x);
  };
  if (names.includes('absC')) fields.absC = shared(directions, predictorFields(lhc.c, lhc.dcdg.simple).absC);
  if (names.includes('pPlus')) fields.pPlus = perDirection((d) => predictorFields(lhc.c, oriented(d)).pPlus);
  if (names.includes('absDcdg')) {
    const modes = new Set(directions.map((d) => directionOf(d)!.mode as Mode2D));
    const abs = Object.fromEntries([...modes].map((mode) => [mode, Float64Array.from(lhc.dcdg[mode], Math.abs)])) as Partial<Record<Mode2D, Float64Array>>;
    fields.absDcdg = perDirection((d) => abs[directionOf(d)!.mode as Mode2D]!);
  }
  if (names.includes('dcdgPlus')) fields.dcdgPlus = perDirection((d) => Float64Array.from(oriented(d), (x) => Math.max(x, 0)));
}

/**
 * Checks that the LHC has dc/dγ of the two shears the directions are made of.
 * @throws RangeError `options.lhc: …` naming the deformations it has
 */
export function checkShearFields(lhc: LhcFields): void {
  for (const mode of ['simple', 'pure'] as const) {
    if (!(lhc.dcdg[mode] instanceof Float64Array)) {
      throw new ArgumentRangeError(`options.lhc: expected dcdg for the deformation "${mode}" (run localHeatCapacity with the default deformations), got ${Object.keys(lhc.dcdg).join(', ') || 'none'}`);
    }
  }
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
    throw new ArgumentRangeError(`options.lhc: expected the LHC of this configuration (same N, cell and positions within ${SAME_GLASS_TOLERANCE} λ), got one of ` +
      `${lhcConfig.n === config.n ? `another glass (max position difference ${worst.toExponential(2)} λ)` : `N = ${lhcConfig.n} for N = ${config.n}`}; pass the LHC of the same glass`);
  }
}
