/**
 * Athermal stress from pair forces (docs/design.md §6: σ = (1/V) dU/dγ).
 *
 * Under an affine deformation x → H(γ) x with E = dH/dγ|₀ every bond moves as
 * dr_α/dγ = E r_α, so dU/dγ = Σ_α g_α·(E r_α) = V Σ_ab E_ab σ_ab with the virial stress
 *   σ_ab = (1/V) Σ_α g_{α,a} r_{α,b}     (symmetric for central forces; ε/λ²)
 * Presets: simple shear (E = [[0,1],[0,0]]) → σ_xy; pure shear (E = diag(½, −½)) →
 * (σ_xx − σ_yy)/2. Pressure P = −dU/dV = −(σ_xx + σ_yy)/2 (2D, athermal).
 * At finite strain γ along a path H(γ)h0 the current bonds move as dr/dγ = L r with
 * L = dH/dγ·H(γ)⁻¹ (lib/space `velocityGradient`); pass L, not E (they differ for pure shear).
 */
import type { Configuration } from '../config.js';
import type { Model } from '../model/model.js';
import { expectTypedArray, expectMatrix2, expectNumber, expectOut } from '../validate.js';
import { findPairs, checkPairList, type PairList } from './pairs.js';
import { pairTensors } from './tensors.js';
import type { NeighborList } from '../space/neighbor-list.js';
import { expectShearMode, type Mode2D } from '../space/directions.js';

/** dU/dγ = Σ_α g_α·(E r_α) for the affine map with dH/dγ = E (ε). */
export function strainDerivative(pairs: PairList, g: Float64Array, E: Float64Array): number {
  checkPairList('pairs', pairs);
  expectMatrix2('E', E);
  const m = pairs.count;
  expectTypedArray('g', g, Float64Array, 2 * m, true);
  const r = pairs.r;
  let s = 0;
  for (let a = 0; a < m; a++) {
    const rx = r[2 * a], ry = r[2 * a + 1];
    s += g[2 * a] * (E[0] * rx + E[1] * ry) + g[2 * a + 1] * (E[2] * rx + E[3] * ry);
  }
  return s;
}

/** Virial stress σ_ab = (1/V) Σ_α g_a r_b, Float64Array(4) row-major (ε/λ²). */
export function virialStress(pairs: PairList, g: Float64Array, volume: number, out?: Float64Array): Float64Array {
  checkPairList('pairs', pairs);
  expectNumber('volume', volume, { min: 0, exclusiveMin: true });
  const m = pairs.count;
  expectTypedArray('g', g, Float64Array, 2 * m, true);
  const res = expectOut('out', out, 4);
  let sxx = 0, sxy = 0, syx = 0, syy = 0;
  for (let a = 0; a < m; a++) {
    const rx = pairs.r[2 * a], ry = pairs.r[2 * a + 1], gx = g[2 * a], gy = g[2 * a + 1];
    sxx += gx * rx; sxy += gx * ry; syx += gy * rx; syy += gy * ry;
  }
  res[0] = sxx / volume; res[1] = sxy / volume; res[2] = syx / volume; res[3] = syy / volume;
  return res;
}

/** σ_E = E : σ = (1/V) dU/dγ (ε/λ²). */
export function stressAlong(sigma: Float64Array, E: Float64Array): number {
  expectMatrix2('sigma', sigma);
  expectMatrix2('E', E);
  return E[0] * sigma[0] + E[1] * sigma[1] + E[2] * sigma[2] + E[3] * sigma[3];
}

/** P = −(σ_xx + σ_yy)/2 (2D athermal pressure, ε/λ²). */
export function pressure(sigma: Float64Array): number {
  expectMatrix2('sigma', sigma);
  return -0.5 * (sigma[0] + sigma[3]);
}

/**
 * Preset shear stress E:σ of a 2D preset's "+" direction (lib/space directions.ts):
 * 'simple' → σ_xy, 'pure' → (σ_xx − σ_yy)/2.
 */
export function shearStress(sigma: Float64Array, mode: Mode2D): number {
  expectMatrix2('sigma', sigma);
  if (expectShearMode('mode', mode) === 'simple') return sigma[1];
  return 0.5 * (sigma[0] - sigma[3]);
}

/** Virial stress tensor of a configuration (finds pairs; ε/λ²). */
export function stressTensor(config: Configuration, model: Model, nl?: NeighborList): Float64Array {
  const pairs = findPairs(config, model, nl);
  const t = pairTensors(pairs, model, 1);
  const V = config.cell[0] * config.cell[3] - config.cell[1] * config.cell[2];
  return virialStress(pairs, t.g as Float64Array, V);
}
