/**
 * Every indicator of the benchmark for one glass and a set of shear directions (docs/predictors.md "Indicators"): one call, one LHC factorization (c_α, dc_α/dγ and the
 * non-affine velocity w = −M⁻¹Ξ come from the same factor, lib/lhc), one modes run
 * (lib/modes lowestModes, its own factorization, only when a mode indicator is asked for).
 *
 * Shapes (N particles, M interactions): bond fields Float64Array(M) in the order of
 * (i, j); particle fields Float64Array(N). `fields[name][direction]`: for indicators that
 * do not depend on the direction (or only on its mode) the same array is shared between
 * the directions it does not depend on.
 */
import type { Configuration } from '../config.js';
import { findPairs, pairTensors } from '../hessian/index.js';
import { localHeatCapacity } from '../lhc/index.js';
import { lowestModes, QLM_THRESHOLD } from '../modes/index.js';
import { modelOfConfiguration } from '../model/index.js';
import { DIRECTIONS_2D, directionOf, presetE, quotedList, type Direction2D, type Mode2D } from '../space/index.js';
import { interactionMidpoints } from '../stats/glass-ranks.js';
import { describe, expectInteger, expectKnownKeys, expectNumber, type AllKeysOf } from '../validate.js';
import { coordinationDeficit, particleEnergies } from './local-structure.js';
import { modeStrainDerivatives, qlmParticipation, qlmSoftening, qlmVibrality } from './mode-fields.js';
import { INDICATORS, INDICATOR_NAMES, isIndicatorName } from './names.js';
import { nonAffineFields, nonAffineVelocity, removeTranslation } from './non-affine.js';
import { checkSameGlass, checkShearFields, lhcIndicatorFields, shared } from './glass-fields.js';
import { glassIndicatorsNd } from './indicators-nd.js';
import { isNdGlass } from '../nd/law.js';
import type { GlassIndicatorOptions, GlassIndicators, IndicatorModes, LhcFields } from './indicator-types.js';
import { ArgumentRangeError } from '../errors.js';

export type { GlassIndicatorOptions, GlassIndicators, IndicatorModes, LhcFields } from './indicator-types.js';

/** Default number of lowest modes searched for QLMs. */
export const DEFAULT_INDICATOR_MODES = 20;

function checkNames<T extends string>(name: string, values: readonly unknown[], allowed: readonly T[], is: (x: unknown) => x is T): T[] {
  if (!Array.isArray(values) || values.length === 0) throw new ArgumentRangeError(`${name}: expected a non-empty list of ${quotedList(allowed)}, got ${describe(values)}`);
  return values.map((v, k) => {
    if (!is(v)) throw new ArgumentRangeError(`${name}[${k}]: expected ${quotedList(allowed)}, got ${describe(v)}`);
    return v;
  });
}

/** The options of glassIndicators (a complete list: AllKeysOf checks it against GlassIndicatorOptions). */
const GLASS_INDICATOR_OPTION_NAMES: AllKeysOf<GlassIndicatorOptions, readonly ['directions', 'indicators', 'modes', 'qlmThreshold', 'model', 'lhc', 'lowestModes', 'lhcOptions', 'modesOptions']> =
  ['directions', 'indicators', 'modes', 'qlmThreshold', 'model', 'lhc', 'lowestModes', 'lhcOptions', 'modesOptions'];

const isDirection = (x: unknown): x is Direction2D => (DIRECTIONS_2D as readonly unknown[]).includes(x);

/**
 * The indicator fields of one glass (docs/predictors.md "Indicators").
 * @param config a 2D or 3D glass at an energy minimum (polished by Newton if not; see LhcOptions);
 *   a glass of lib/nd (lib/nd/law.ts isNdGlass: 3D, or 2D `poly`) takes the d-generic route of
 *   ./indicators-nd.ts (same fields, same directions)
 * @throws RangeError for unknown names or a bad option; UnstableConfigurationError when
 *   the Hessian is not positive definite
 */
export function glassIndicators(config: Configuration, options: GlassIndicatorOptions = {}): GlassIndicators {
  const t0 = performance.now();
  // A misspelt option (`indicator: […]`) computed all eleven indicators without a word.
  expectKnownKeys('options', options, GLASS_INDICATOR_OPTION_NAMES, 'glassIndicators');
  const directions = checkNames('options.directions', options.directions ?? DIRECTIONS_2D, DIRECTIONS_2D, isDirection);
  const names = checkNames('options.indicators', options.indicators ?? INDICATOR_NAMES, INDICATOR_NAMES, isIndicatorName);
  if (isNdGlass(config)) return glassIndicatorsNd(config, directions, names, options, t0);
  const model = options.model ?? modelOfConfiguration(config);
  const timings: Record<string, number> = {};
  const lap = (phase: string, t: number) => { timings[phase] = performance.now() - t; };

  let t = performance.now();
  const lhc: LhcFields = options.lhc ?? localHeatCapacity(config, { model, ...options.lhcOptions });
  checkShearFields(lhc);
  lap('lhc', t);
  const glass = lhc.config;
  if (options.lhc !== undefined) checkSameGlass(config, glass);
  const pairs = findPairs(glass, model);
  if (pairs.count !== lhc.count) {
    throw new ArgumentRangeError(`options.lhc: expected the ${pairs.count} interactions of this configuration, got ${lhc.count}; pass the LHC of the same glass and model`);
  }
  const modesOf = new Set(directions.map((d) => directionOf(d)!.mode as Mode2D));

  // w = −M⁺Ξ per mode ("+" direction), from the LHC's factor when it kept it.
  t = performance.now();
  const w: Partial<Record<Mode2D, Float64Array>> = {};
  const needW = names.some((nm) => nm === 'nonAffine' || nm === 'nonAffineAlong' || nm === 'qlmSoftening');
  if (needW) {
    const missing = [...modesOf].filter((mode) => !(lhc.nonAffine?.[mode] instanceof Float64Array));
    const solved = missing.length > 0 ? nonAffineVelocity(glass, missing.map((mode) => presetE(mode, 1)), { model }) : [];
    for (const mode of modesOf) {
      const k = missing.indexOf(mode);
      w[mode] = k >= 0 ? solved[k] : removeTranslation(Float64Array.from(lhc.nonAffine![mode]!));
    }
  }
  lap('nonAffine', t);

  const out: GlassIndicators = {
    n: glass.n, count: lhc.count, i: lhc.i, j: lhc.j, cell: glass.cell, positions: glass.positions,
    midpoints: interactionMidpoints(glass.cell, glass.positions, lhc.i, lhc.j),
    directions, fields: {}, timings,
  };

  // Modes.
  t = performance.now();
  if (names.some((nm) => INDICATORS[nm].needsModes)) {
    const k = options.lowestModes?.k ?? expectInteger('options.modes', options.modes ?? Math.min(DEFAULT_INDICATOR_MODES, 2 * glass.n - 3), 1, 2 * glass.n - 3);
    const threshold = expectNumber('options.qlmThreshold', options.qlmThreshold ?? QLM_THRESHOLD, { min: 0, max: 1 });
    const res = options.lowestModes ?? lowestModes(glass, k, { model, ...options.modesOptions });
    const eigenvalues = Float64Array.from(res.modes, (m) => m.eigenvalue);
    const input = { vectors: res.vectors, eigenvalues, used: res.modes.map((m) => m.participation < threshold) };
    const modes: IndicatorModes = { eigenvalues, participation: Float64Array.from(res.modes, (m) => m.participation), used: input.used, dlambda: {} };
    if (names.includes('qlmSoftening')) {
      const T = pairTensors(pairs, model, 3).T!;
      for (const mode of modesOf) modes.dlambda[mode] = modeStrainDerivatives(pairs, T, res.vectors, res.k, presetE(mode, 1), w[mode]!);
    }
    out.modes = modes;
    if (names.includes('qlmParticipation')) out.fields.qlmParticipation = shared(directions, qlmParticipation(input, glass.n));
    if (names.includes('vibrality')) out.fields.vibrality = shared(directions, qlmVibrality(input, glass.n));
    if (names.includes('qlmSoftening')) {
      out.fields.qlmSoftening = Object.fromEntries(directions.map((d) => {
        const { mode, sign } = directionOf(d)!;
        const dl = Float64Array.from(modes.dlambda[mode as Mode2D]!, (x) => sign * x);
        return [d, qlmSoftening(input, glass.n, dl)];
      }));
    }
  }
  lap('modes', t);

  // Fields that need no modes.
  t = performance.now();
  const perDirection = (f: (d: Direction2D) => Float64Array) => Object.fromEntries(directions.map((d) => [d, f(d)]));
  const byMode = <T>(f: (mode: Mode2D) => T): Partial<Record<Mode2D, T>> => Object.fromEntries([...modesOf].map((mode) => [mode, f(mode)]));
  lhcIndicatorFields(out.fields, names, directions, lhc);
  if (names.includes('energy')) out.fields.energy = shared(directions, particleEnergies(pairs, model));
  if (names.includes('coordinationDeficit')) out.fields.coordinationDeficit = shared(directions, coordinationDeficit(pairs));
  if (names.includes('nonAffine')) {
    const mag = byMode((mode) => nonAffineFields(w[mode]!, presetE(mode, 1)).magnitude);
    out.fields.nonAffine = perDirection((d) => mag[directionOf(d)!.mode as Mode2D]!);
  }
  if (names.includes('nonAffineAlong')) {
    out.fields.nonAffineAlong = perDirection((d) => {
      const { mode, sign } = directionOf(d)!;
      return nonAffineFields(w[mode as Mode2D]!, presetE(mode, sign)).along;
    });
  }
  lap('fields', t);
  timings.total = performance.now() - t0;
  return out;
}

