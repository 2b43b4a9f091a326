/**
 * The comparison step of the paper's finite-difference check (Supplemental Fig. S1,
 * Eq. S7), shared by the 2D check (./finite-difference-check.ts) and the d-generic one
 * (lib/nd/validate.ts): per shear mode, the step kept below the nearest cutoff crossing
 * and halved while the strained state's pair set changes, then
 *   Err = 100 · |dc/dγ − Δc/Δγ| / min(|dc/dγ|, |Δc/Δγ|)      (percent)
 * over the interactions present in every state compared.
 */
import type { Configuration } from '../config.js';
import type { ShearMode } from '../space/index.js';
import { describe } from '../validate.js';
import { fractionBelow, percentiles, relativeErrPercent } from '../stats/index.js';
import type { CutoffCrossing } from './cutoff-crossing.js';
import type { LhcResult } from './options.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** The paper's strain step Δγ of the finite-difference check. */
export const DEFAULT_DGAMMA = 1e-5;

/** The step is kept at most this fraction of the strain of the nearest cutoff crossing. */
export const CROSSING_FRACTION = 0.5;

/** Bound on the halvings of a step whose strained state still changed its pair set. */
export const MAX_HALVINGS = 20;

export interface ModeValidation {
  /** Interactions compared. */
  count: number;
  /** Interactions dropped because the pair set changed. */
  dropped: number;
  i: Int32Array;
  j: Int32Array;
  analytic: Float64Array;
  finiteDifference: Float64Array;
  /** Err per interaction, percent. */
  err: Float64Array;
  median: number;
  p90: number;
  p99: number;
  /** Fraction of interactions with Err < 1e-2 %. */
  fractionBelow1em2: number;
  /** The step used: the requested Δγ, or ½ of the nearest crossing's strain when smaller. */
  dgamma: number;
  /** The nearest cutoff crossing in the directions of the difference (linear order). */
  crossing: CutoffCrossing;
  /** Halvings of the step after a strained state changed its pair set anyway. */
  halvings: number;
}

export interface ValidationResult {
  /** Dimension of the glass. */
  dim: 2 | 3;
  /** The requested step. */
  dgamma: number;
  central: boolean;
  /** Per shear mode checked (2D: simple, pure; 3D also simple-xz, simple-yz). */
  modes: Partial<Record<ShearMode, ModeValidation>>;
}

/** How a check reaches its glass: the states, the response and the crossings. */
export interface FdCheckRoutes {
  /** c_α and dc_α/dγ (every mode checked) of the minimized, unstrained glass. */
  base: LhcResult;
  /** c_α of the glass strained by γ along `mode` and re-minimized. */
  at(mode: ShearMode, gamma: number): LhcResult;
  /** The nearest cutoff crossing along `mode` in the direction `sign`. */
  crossing(mode: ShearMode, sign: 1 | -1): CutoffCrossing;
}

/** The smallest finite-difference strain step validate takes (the paper's is 1e-5). */
export const MIN_DGAMMA = 1e-9;

/** Checks the requested step Δγ. */
export function expectStep(dgamma: number): number {
  if (!(dgamma >= MIN_DGAMMA && dgamma <= 0.1)) {
    throw new ArgumentRangeError(`options.dgamma: expected a number in [${MIN_DGAMMA}, 0.1], got ${dgamma}` +
      (dgamma > 0 && dgamma < MIN_DGAMMA ? ': below it Δc is rounding (c is computed to ~1e-13 relative, so Δc/Δγ errs by ~1e-13/Δγ; 1e-12 gave a median Err of 0.1 %, 1e-16 no change of c at all)' : ''));
  }
  return dgamma;
}

/**
 * Checks `options.base`, an lhc result the caller already has for the glass being validated
 * (the ensemble's lhc stage): same N, species and cell as `config` (the glass it refers to
 * is `base.config`, the polished one the check strains), and c, dc/dγ and the non-affine
 * velocity of every mode to check.
 * @throws TypeError / RangeError naming what does not match
 */
export function expectBase(base: unknown, config: Configuration, modes: readonly ShearMode[]): LhcResult {
  if (typeof base !== 'object' || base === null || !('config' in base) || !('c' in base)) {
    throw new ArgumentTypeError(`options.base: expected the result of localHeatCapacity(config) (an object with config, c, dcdg, nonAffine), got ${describe(base)}`);
  }
  const b = base as LhcResult, g = b.config;
  const why = 'pass the localHeatCapacity result of this very glass, or leave base out to compute it';
  if (b.n !== config.n || g.n !== config.n) throw new ArgumentRangeError(`options.base: it is for N = ${b.n}, the glass has N = ${config.n}; ${why}`);
  if (g.cell.length !== config.cell.length || g.cell.some((h, k) => Math.abs(h - config.cell[k]!) > 1e-12 * (1 + Math.abs(h)))) {
    throw new ArgumentRangeError(`options.base: its cell [${Array.from(g.cell).join(', ')}] is not the glass's [${Array.from(config.cell).join(', ')}]; ${why}`);
  }
  for (let p = 0; p < config.n; p++) {
    if (g.species[p] !== config.species[p]) throw new ArgumentRangeError(`options.base: particle ${p} is of species ${g.species[p]} there, ${config.species[p]} in the glass; ${why}`);
  }
  for (const mode of modes) {
    if (!(b.dcdg[mode] instanceof Float64Array) || !(b.nonAffine[mode] instanceof Float64Array)) {
      throw new ArgumentRangeError(`options.base: it has no dc/dγ or non-affine velocity for mode ${mode} (it has ${Object.keys(b.dcdg).join(', ') || 'none'}); ` +
        'compute it with that deformation (the default deformations of the dimension include every shear mode), or leave base out');
    }
  }
  return b;
}

const pairKey = (i: number, j: number, n: number): number => i * n + j;

function compare(
  base: LhcResult, plus: LhcResult, minus: LhcResult | null, dgamma: number, mode: ShearMode, crossing: CutoffCrossing,
): ModeValidation {
  const n = base.n;
  const index = (r: LhcResult) => new Map(Array.from(r.i, (i, a) => [pairKey(i, r.j[a]!, n), a] as const));
  const plusIndex = index(plus);
  const minusIndex = minus ? index(minus) : null;
  const keep: number[] = [];
  const fd: number[] = [];
  for (let a = 0; a < base.count; a++) {
    const key = pairKey(base.i[a]!, base.j[a]!, n);
    const p = plusIndex.get(key);
    const m = minusIndex ? minusIndex.get(key) : a;
    if (p === undefined || m === undefined) continue;
    keep.push(a);
    const lower = minus ? minus.c[m]! : base.c[a]!;
    fd.push((plus.c[p]! - lower) / (minus ? 2 * dgamma : dgamma));
  }
  const analytic = Float64Array.from(keep, (a) => base.dcdg[mode]![a]!);
  const finite = Float64Array.from(fd);
  const err = relativeErrPercent(analytic, finite);
  const [median, p90, p99] = percentiles(err, [50, 90, 99]);
  return {
    count: keep.length, dropped: base.count - keep.length,
    i: Int32Array.from(keep, (a) => base.i[a]!), j: Int32Array.from(keep, (a) => base.j[a]!),
    analytic, finiteDifference: finite, err, median: median!, p90: p90!, p99: p99!,
    fractionBelow1em2: fractionBelow(err, 1e-2), dgamma, crossing, halvings: 0,
  };
}

/** True when two results have the same interacting pairs (both sorted by (i, j)). */
function samePairs(a: LhcResult, b: LhcResult): boolean {
  if (a.count !== b.count) return false;
  for (let k = 0; k < a.count; k++) if (a.i[k] !== b.i[k] || a.j[k] !== b.j[k]) return false;
  return true;
}

/** The nearer of the crossings in the two directions (seen within both reaches); `b` is the one at −γ (sign −1). */
function nearer(a: CutoffCrossing, b: CutoffCrossing): CutoffCrossing {
  const reach = Math.min(a.reach, b.reach);
  const pick = a.gamma <= b.gamma ? a : b;
  return pick.gamma <= reach ? { ...pick, reach, ...(pick === b ? { sign: -1 as const } : {}) } : { gamma: Infinity, i: -1, j: -1, entering: false, reach };
}

/**
 * Per mode: the step min(Δγ, ½ γ*) (γ* over both directions for central differences),
 * halved (≤ MAX_HALVINGS times) while a strained state changes its pair set, then the
 * comparison.
 */
export function checkModes(
  routes: FdCheckRoutes, modes: readonly ShearMode[], dgamma: number, central: boolean,
): Partial<Record<ShearMode, ModeValidation>> {
  const out: Partial<Record<ShearMode, ModeValidation>> = {};
  const { base } = routes;
  for (const mode of modes) {
    const forward = routes.crossing(mode, 1);
    const crossing = central ? nearer(forward, routes.crossing(mode, -1)) : forward;
    let step = Math.min(dgamma, CROSSING_FRACTION * crossing.gamma);
    let halvings = 0;
    for (;;) {
      const plus = routes.at(mode, step), minus = central ? routes.at(mode, -step) : null;
      const changed = !samePairs(base, plus) || (minus !== null && !samePairs(base, minus));
      if (changed && halvings < MAX_HALVINGS) {
        step /= 2;
        halvings++;
        continue;
      }
      out[mode] = { ...compare(base, plus, minus, step, mode, crossing), halvings };
      break;
    }
  }
  return out;
}
