/**
 * Imposed affine deformations (docs/design.md §2). A deformation H(γ) maps the cell h → H h and
 * positions x → H x. E ≡ dH/dγ at γ = 0 enters the response theory (docs/design.md §4, paper
 * Eq. S5). The presets and their E are those of ./directions.ts, with H(γ) = I + γE:
 *   simple shear  H = [[1, γ],[0, 1]],          E = [[0, 1],[0, 0]]
 *   pure shear    H = [[1+γ/2, 0],[0, 1−γ/2]],  E = [[½, 0],[0, −½]]
 *   sign −1:      H(−γ), E → −E.
 * Finite strain: the state at γ has cell H(γ)·h0, reached from the undeformed cell h0
 * (`strainedCell`); positions move from γ_old to γ_new by H(γ_new)·H(γ_old)⁻¹
 * (`remapPositions`). Increments are NOT composed (for pure shear composition would give
 * diag(e^{γ/2}, e^{−γ/2}) and shift γ_c by up to ~1e-4; fixtures README).
 * All matrices are Float64Array(4), row-major.
 */
import type { Configuration } from '../config.js';
import { expectMatrix2, expectNumber, expectOut } from '../validate.js';
import { applyMatrix, cellInverse, matMul2 } from './cell.js';
import { directionName, presetE, type ShearMode, type Sign } from './directions.js';

export type { ShearMode } from './directions.js';

/** A one-parameter family of affine maps H(γ) with H(0) = I. */
export interface Deformation {
  /** Label, e.g. "simple+", "pure-". */
  readonly name: string;
  /** E = dH/dγ at γ = 0 (row-major). */
  readonly E: Float64Array;
  /** H(γ) (row-major) into out. */
  H(gamma: number, out?: Float64Array): Float64Array;
  /** dH/dγ at γ (row-major) into out; equals E at γ = 0. */
  dH(gamma: number, out?: Float64Array): Float64Array;
}

/**
 * The linear family H(γ) = I + γ E for any 2×2 E (covers both presets).
 * @param E  Float64Array(4) row-major (copied)
 */
export function linearDeformation(E: Float64Array, name = 'linear'): Deformation {
  expectMatrix2('E', E);
  const e = Float64Array.from(E);
  return Object.freeze({
    name,
    E: e,
    H(gamma: number, out?: Float64Array): Float64Array {
      expectNumber('gamma', gamma);
      const res = expectOut('out', out, 4);
      res[0] = 1 + gamma * e[0];
      res[1] = gamma * e[1];
      res[2] = gamma * e[2];
      res[3] = 1 + gamma * e[3];
      return res;
    },
    dH(gamma: number, out?: Float64Array): Float64Array {
      expectNumber('gamma', gamma);
      const res = expectOut('out', out, 4);
      res.set(e);
      return res;
    },
  });
}

/**
 * Preset deformation of a 2D glass: simple or pure shear, direction sign ±1 (docs/design.md §2),
 * named like its direction ('simple+', 'pure-').
 * @throws RangeError for an unknown mode, a 3D preset, or a sign other than ±1
 */
export function shearDeformation(mode: ShearMode, sign: Sign = 1): Deformation {
  const E = presetE(mode, sign, 2);
  return linearDeformation(E, directionName(mode, sign));
}

/** Simple shear, + direction. */
export const SIMPLE_SHEAR: Deformation = shearDeformation('simple', 1);
/** Pure shear, + direction. */
export const PURE_SHEAR: Deformation = shearDeformation('pure', 1);

/**
 * Velocity gradient of the strain path at γ: L(γ) = dH/dγ · H(γ)⁻¹, so that positions of
 * the current state move as dx/dγ = L x. Use L instead of E for stresses and responses
 * at finite strain (L = E for simple shear; for pure shear L = diag(½/(1+γ/2), −½/(1−γ/2))).
 */
export function velocityGradient(def: Deformation, gamma: number, out?: Float64Array): Float64Array {
  return matMul2(def.dH(gamma), cellInverse(def.H(gamma)), out);
}

/** Cell at strain γ: H(γ)·h0 (always from the undeformed cell h0). */
export function strainedCell(def: Deformation, gamma: number, h0: Float64Array, out?: Float64Array): Float64Array {
  expectMatrix2('h0', h0);
  return matMul2(def.H(gamma), h0, out);
}

/** Map positions (interleaved) from strain γ_old to γ_new: x ← H(γ_new) H(γ_old)⁻¹ x. */
export function remapPositions(
  def: Deformation, gammaOld: number, gammaNew: number, positions: Float64Array, out?: Float64Array,
): Float64Array {
  const A = matMul2(def.H(gammaNew), cellInverse(def.H(gammaOld)));
  return applyMatrix(A, positions, out);
}

/** A new configuration deformed affinely by any H: cell H h, positions H x (info, model and sigma copied). */
export function deformConfiguration(config: Configuration, H: Float64Array): Configuration {
  expectMatrix2('H', H);
  const res: Configuration = {
    n: config.n,
    cell: matMul2(H, config.cell),
    positions: applyMatrix(H, config.positions),
    species: config.species.slice(),
  };
  if (config.info !== undefined) res.info = { ...config.info };
  if (config.model !== undefined) res.model = config.model;
  if (config.sigma !== undefined) res.sigma = config.sigma.slice();
  return res;
}

/**
 * The configuration at strain γ_new from one at γ_old, given the undeformed cell h0:
 * cell H(γ_new) h0, positions H(γ_new) H(γ_old)⁻¹ x (docs/design.md §2). Returns a new record
 * (info, model and sigma copied).
 */
export function strainConfiguration(
  config: Configuration, h0: Float64Array, def: Deformation, gammaOld: number, gammaNew: number,
): Configuration {
  const res: Configuration = {
    n: config.n,
    cell: strainedCell(def, gammaNew, h0),
    positions: remapPositions(def, gammaOld, gammaNew, config.positions),
    species: config.species.slice(),
  };
  if (config.info !== undefined) res.info = { ...config.info };
  if (config.model !== undefined) res.model = config.model;
  if (config.sigma !== undefined) res.sigma = config.sigma.slice();
  return res;
}
