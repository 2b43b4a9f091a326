/**
 * The paper's numerical validation of dc_α/dγ (Supplemental Fig. S1, Eq. S7):
 * deform affinely by Δγ, re-minimize (Newton from the affinely deformed state), recompute
 * c_α, and compare Δc_α/Δγ with the analytic dc_α/dγ through
 *   Err = 100 · |dc/dγ − Δc/Δγ| / min(|dc/dγ|, |Δc/Δγ|)      (percent)
 * The paper uses the forward difference with Δγ = 1e-5 and finds the vast majority of
 * interactions below 1e-2 %. `central: true` uses (c(Δγ) − c(−Δγ)) / 2Δγ instead.
 * Interactions that enter or leave the cutoff between the two states are dropped (counted).
 *
 * Cutoff crossings (DESIGN §10): c_α or dc_α/dγ jumps where a pair crosses its cutoff, so
 * the step of each mode is kept below the nearest crossing predicted to linear order
 * (./cutoff-crossing.ts): Δγ_used = min(Δγ, ½ γ*), with γ* over both directions for
 * central differences; and since the prediction is linear, the step is halved again
 * (at most MAX_HALVINGS times) while the strained state's set of interacting pairs differs
 * from the unstrained one. The crossing and the step used are reported per mode.
 */
import type { Configuration } from '../config.js';
import { newtonPolish } from '../minimize/newton.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import { MODES_2D, presetE, shearDeformation, strainConfiguration, type Mode2D } from '../space/index.js';
import { nearestCutoffCrossing, type CutoffCrossing } from './cutoff-crossing.js';
import { fractionBelow, percentiles, relativeErrPercent } from '../stats/index.js';
import { localHeatCapacity, type LhcResult } from './local-heat-capacity.js';

/** The paper's strain step Δγ of the finite-difference check. */
export const DEFAULT_DGAMMA = 1e-5;

/** The step is kept at most this fraction of the strain of the nearest cutoff crossing. */
export const CROSSING_FRACTION = 0.5;

/** Bound on the halvings of a step whose strained state still changed its pair set. */
export const MAX_HALVINGS = 20;

export interface ValidateOptions {
  /** Strain step Δγ (default 1e-5, the paper's). */
  dgamma?: number;
  /** Shear modes to check (default simple and pure). */
  modes?: readonly Mode2D[];
  /** Central instead of forward differences (default false: the paper's forward). */
  central?: boolean;
  model?: Model;
}

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
  dgamma: number;
  central: boolean;
  modes: Partial<Record<Mode2D, ModeValidation>>;
}

function pairKey(i: number, j: number, n: number): number {
  return i * n + j;
}

function finiteDifference(
  base: LhcResult, plus: LhcResult, minus: LhcResult | null, dgamma: number, mode: Mode2D, crossing: CutoffCrossing,
): ModeValidation {
  const n = base.n;
  const index = (r: LhcResult) => new Map(Array.from(r.i, (i, a) => [pairKey(i, r.j[a], n), a] as const));
  const plusIndex = index(plus);
  const minusIndex = minus ? index(minus) : null;
  const keep: number[] = [];
  const fd: number[] = [];
  for (let a = 0; a < base.count; a++) {
    const key = pairKey(base.i[a], base.j[a], n);
    const p = plusIndex.get(key);
    const m = minusIndex ? minusIndex.get(key) : a;
    if (p === undefined || m === undefined) continue;
    keep.push(a);
    const lower = minus ? minus.c[m] : base.c[a];
    fd.push((plus.c[p] - lower) / (minus ? 2 * dgamma : dgamma));
  }
  const analytic = Float64Array.from(keep, (a) => base.dcdg[mode][a]);
  const finite = Float64Array.from(fd);
  const err = relativeErrPercent(analytic, finite);
  const [median, p90, p99] = percentiles(err, [50, 90, 99]);
  return {
    count: keep.length,
    dropped: base.count - keep.length,
    i: Int32Array.from(keep, (a) => base.i[a]),
    j: Int32Array.from(keep, (a) => base.j[a]),
    analytic,
    finiteDifference: finite,
    err,
    median,
    p90,
    p99,
    fractionBelow1em2: fractionBelow(err, 1e-2),
    dgamma,
    crossing,
    halvings: 0,
  };
}

/** True when two results have the same interacting pairs (both sorted by (i, j)). */
function samePairs(a: LhcResult, b: LhcResult): boolean {
  if (a.count !== b.count) return false;
  for (let k = 0; k < a.count; k++) if (a.i[k] !== b.i[k] || a.j[k] !== b.j[k]) return false;
  return true;
}

function nearer(a: CutoffCrossing, b: CutoffCrossing): CutoffCrossing {
  const reach = Math.min(a.reach, b.reach);
  const pick = a.gamma <= b.gamma ? a : b;
  return pick.gamma <= reach ? { ...pick, reach } : { gamma: Infinity, i: -1, j: -1, entering: false, reach };
}

/**
 * Runs the Fig. S1 check on a minimized configuration; each mode's step stays below its
 * nearest cutoff crossing (module doc).
 */
export function validateResponse(config: Configuration, options: ValidateOptions = {}): ValidationResult {
  const dgamma = options.dgamma ?? DEFAULT_DGAMMA;
  if (!(dgamma > 0 && dgamma < 0.1)) throw new RangeError(`options.dgamma: expected a number in (0, 0.1), got ${dgamma}`);
  const model = options.model ?? modelOfConfiguration(config);
  const central = options.central ?? false;
  const modes = options.modes ?? MODES_2D;
  const base = localHeatCapacity(config, { model });
  const start = base.config;
  const at = (mode: Mode2D, gamma: number): LhcResult => {
    const strained = strainConfiguration(start, start.cell, shearDeformation(mode, 1), 0, gamma);
    return localHeatCapacity(newtonPolish(strained, { model }).config, { model, polish: false });
  };
  const result: ValidationResult = { dgamma, central, modes: {} };
  for (const mode of modes) {
    const E = presetE(mode);
    const u = base.nonAffine[mode]!;
    const forward = nearestCutoffCrossing(start, model, E, u, 1);
    const crossing = central ? nearer(forward, nearestCutoffCrossing(start, model, E, u, -1)) : forward;
    let step = Math.min(dgamma, CROSSING_FRACTION * crossing.gamma);
    let halvings = 0;
    for (;;) {
      const plus = at(mode, step), minus = central ? at(mode, -step) : null;
      const changed = !samePairs(base, plus) || (minus !== null && !samePairs(base, minus));
      if (changed && halvings < MAX_HALVINGS) {
        step /= 2;
        halvings++;
        continue;
      }
      result.modes[mode] = { ...finiteDifference(base, plus, minus, step, mode, crossing), halvings };
      break;
    }
  }
  return result;
}
