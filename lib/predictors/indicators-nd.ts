/**
 * glassIndicators on the d-generic route (docs/design.md §10; docs/predictors.md "Indicators") for
 * the glasses lib/nd evaluates (lib/nd/law.ts isNdGlass): 3D glasses (ka, ipl3d, poly --dim 3)
 * and 2D glasses of a per-particle law (poly, sizes σ_i). The same indicators and directions
 * (±simple, ±pure, E = presetE(mode, ±1, d)) as the 2D route, here from
 * localHeatCapacity's d-generic path for c_α and dc_α/dγ (or the stored fields), lib/nd for
 * the pairs, energies and the non-affine velocity (./nd-fields.ts), lowestModes (which
 * routes the same glasses to lib/nd) for the mode indicators: at most k = dN − d − 1 modes.
 * Bond fields are binned at the interaction midpoints, particle fields at the positions
 * (dM and dN coordinates).
 *
 * Called by glassIndicators after it checked the names; `t0` is its start time.
 */
import { dimensionOf, type Configuration } from '../config.js';
import { localHeatCapacity } from '../lhc/index.js';
import { lowestModes, QLM_THRESHOLD } from '../modes/index.js';
import { lawOfConfiguration } from '../nd/law.js';
import { findPairsNd } from '../nd/pairs.js';
import { pairRadial } from '../nd/radial.js';
import { directionOf, presetE, type Direction2D, type Mode2D } from '../space/index.js';
import { interactionMidpointsNd } from '../stats/glass-ranks.js';
import { expectInteger, expectNumber } from '../validate.js';
import { checkSameGlass, checkShearFields, lhcIndicatorFields, shared } from './glass-fields.js';
import type { GlassIndicatorOptions, GlassIndicators, IndicatorModes, LhcFields } from './indicator-types.js';
import { qlmParticipation, qlmSoftening, qlmVibrality } from './mode-fields.js';
import { INDICATORS, type IndicatorName } from './names.js';
import { coordinationDeficitNd, modeStrainDerivativesNd, nonAffineVelocityNd, particleEnergiesNd } from './nd-fields.js';
import { nonAffineFields, removeTranslation } from './non-affine.js';
import { ArgumentRangeError } from '../errors.js';

export function glassIndicatorsNd(
  config: Configuration, directions: Direction2D[], names: IndicatorName[], options: GlassIndicatorOptions, t0: number,
): GlassIndicators {
  // The law: options.model's when given, else the preset named by config.model (lib/nd lawOfConfiguration).
  const model = options.model !== undefined ? { model: options.model } : {};
  const timings: Record<string, number> = {};
  const lap = (phase: string, t: number) => { timings[phase] = performance.now() - t; };
  const d = dimensionOf(config);
  const E = (mode: Mode2D, sign: 1 | -1 = 1) => presetE(mode, sign, d);

  let t = performance.now();
  const lhc: LhcFields = options.lhc ?? localHeatCapacity(config, { ...model, ...options.lhcOptions });
  checkShearFields(lhc);
  lap('lhc', t);
  const glass = lhc.config;
  if (options.lhc !== undefined) checkSameGlass(config, glass);
  const law = lawOfConfiguration(glass, options.model?.law);
  const pairs = findPairsNd(glass, law);
  if (pairs.count !== lhc.count) {
    throw new ArgumentRangeError(`options.lhc: expected the ${pairs.count} interactions of this configuration, got ${lhc.count}; pass the LHC of the same glass and model`);
  }
  const n = glass.n;
  const modesOf = new Set(directions.map((dir) => directionOf(dir)!.mode as Mode2D));

  t = performance.now();
  const w: Partial<Record<Mode2D, Float64Array>> = {};
  if (names.some((nm) => nm === 'nonAffine' || nm === 'nonAffineAlong' || nm === 'qlmSoftening')) {
    const missing = [...modesOf].filter((mode) => !(lhc.nonAffine?.[mode] instanceof Float64Array));
    const solved = missing.length > 0 ? nonAffineVelocityNd(glass, law, missing.map((mode) => E(mode))) : [];
    for (const mode of modesOf) {
      const k = missing.indexOf(mode);
      w[mode] = k >= 0 ? solved[k] : removeTranslation(Float64Array.from(lhc.nonAffine![mode]!), d);
    }
  }
  lap('nonAffine', t);

  const out: GlassIndicators = {
    n, count: lhc.count, i: lhc.i, j: lhc.j, cell: glass.cell, positions: glass.positions,
    midpoints: interactionMidpointsNd(glass.cell, glass.positions, lhc.i, lhc.j),
    directions, fields: {}, timings,
  };

  t = performance.now();
  if (names.some((nm) => INDICATORS[nm].needsModes)) {
    const kMax = d * n - d - 1;
    const k = options.lowestModes?.k ?? expectInteger('options.modes', options.modes ?? Math.min(20, kMax), 1, kMax);
    const threshold = expectNumber('options.qlmThreshold', options.qlmThreshold ?? QLM_THRESHOLD, { min: 0, max: 1 });
    const res = options.lowestModes ?? lowestModes(glass, k, { ...model, ...options.modesOptions });
    const eigenvalues = Float64Array.from(res.modes, (m) => m.eigenvalue);
    const input = { vectors: res.vectors, eigenvalues, used: res.modes.map((m) => m.participation < threshold), dim: d };
    const modes: IndicatorModes = { eigenvalues, participation: Float64Array.from(res.modes, (m) => m.participation), used: input.used, dlambda: {} };
    if (names.includes('qlmSoftening')) {
      const radial = pairRadial(pairs, law, 3);
      for (const mode of modesOf) modes.dlambda[mode] = modeStrainDerivativesNd(pairs, radial, res.vectors, res.k, E(mode), w[mode]!);
    }
    out.modes = modes;
    if (names.includes('qlmParticipation')) out.fields.qlmParticipation = shared(directions, qlmParticipation(input, n));
    if (names.includes('vibrality')) out.fields.vibrality = shared(directions, qlmVibrality(input, n));
    if (names.includes('qlmSoftening')) {
      out.fields.qlmSoftening = Object.fromEntries(directions.map((dir) => {
        const { mode, sign } = directionOf(dir)!;
        return [dir, qlmSoftening(input, n, Float64Array.from(modes.dlambda[mode as Mode2D]!, (x) => sign * x))];
      }));
    }
  }
  lap('modes', t);

  t = performance.now();
  const perDirection = (f: (dir: Direction2D) => Float64Array) => Object.fromEntries(directions.map((dir) => [dir, f(dir)]));
  const byMode = <T>(f: (mode: Mode2D) => T): Partial<Record<Mode2D, T>> => Object.fromEntries([...modesOf].map((mode) => [mode, f(mode)]));
  lhcIndicatorFields(out.fields, names, directions, lhc);
  if (names.includes('energy')) out.fields.energy = shared(directions, particleEnergiesNd(pairs, pairRadial(pairs, law, 1)));
  if (names.includes('coordinationDeficit')) out.fields.coordinationDeficit = shared(directions, coordinationDeficitNd(pairs));
  if (names.includes('nonAffine')) {
    const mag = byMode((mode) => nonAffineFields(w[mode]!, E(mode)).magnitude);
    out.fields.nonAffine = perDirection((dir) => mag[directionOf(dir)!.mode as Mode2D]!);
  }
  if (names.includes('nonAffineAlong')) {
    out.fields.nonAffineAlong = perDirection((dir) => {
      const { mode, sign } = directionOf(dir)!;
      return nonAffineFields(w[mode as Mode2D]!, E(mode as Mode2D, sign)).along;
    });
  }
  lap('fields', t);
  timings.total = performance.now() - t0;
  return out;
}
