/**
 * Per-particle fields of the bond quantities (docs/design.md §10 "Pictures"):
 * each particle gets half the sum over its bonds α ∋ i of
 *
 *     c_i          = ½ Σ_{α∋i} c_α
 *     dcdg_i(E)    = ½ Σ_{α∋i} dc_α/dγ(E)          (one field per deformation)
 *     c_dcdg_i(E)  = ½ Σ_{α∋i} c_α · dc_α/dγ(E)
 *
 * Every bond has two ends, so Σ_i f_i = Σ_α f_α exactly (Σ_i c_i = Σ_α c_α = d(N − 1) at a
 * minimum). Only the bond list enters: the same in 2D and 3D. Dimensionless, like c_α.
 */
import type { LhcResult } from './local-heat-capacity.js';
import { ArgumentRangeError } from '../errors.js';

/** The per-particle fields, each of length N. */
export interface ParticleFields {
  n: number;
  /** ½ Σ_{α∋i} c_α. */
  c: Float64Array;
  /** ½ Σ_{α∋i} dc_α/dγ, per deformation name. */
  dcdg: Record<string, Float64Array>;
  /** ½ Σ_{α∋i} c_α·dc_α/dγ, per deformation name. */
  cDcdg: Record<string, Float64Array>;
}

/** The bond table the fields are made from: the bonds, c_α and dc_α/dγ of an LhcResult. */
export type BondTable = Pick<LhcResult, 'n' | 'count' | 'i' | 'j' | 'c' | 'dcdg'>;

/** Adds ½ f_α to both ends of every bond. */
function halfBondSum(table: BondTable, value: (a: number) => number): Float64Array {
  const out = new Float64Array(table.n);
  for (let a = 0; a < table.count; a++) {
    const half = 0.5 * value(a);
    out[table.i[a]!]! += half;
    out[table.j[a]!]! += half;
  }
  return out;
}

/**
 * Per-particle c, dc/dγ and c·dc/dγ of a bond table (see module doc).
 * @throws RangeError when a bond names a particle outside 0…N−1 or an array is shorter than `count`
 */
export function particleFields(table: BondTable): ParticleFields {
  const { n, count, i, j, c } = table;
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentRangeError(`table.n: expected a positive integer, got ${n}`);
  if (!Number.isSafeInteger(count) || count < 0) throw new ArgumentRangeError(`table.count: expected an integer ≥ 0, got ${count}`);
  for (const [name, array] of [['i', i], ['j', j], ['c', c], ...Object.entries(table.dcdg).map(([k, v]) => [`dcdg.${k}`, v] as const)] as const) {
    if (array.length < count) throw new ArgumentRangeError(`table.${name}: expected length ≥ count = ${count}, got ${array.length}`);
  }
  for (let a = 0; a < count; a++) {
    if (!(i[a]! >= 0 && i[a]! < n && j[a]! >= 0 && j[a]! < n)) {
      throw new ArgumentRangeError(`table: bond ${a} joins particles ${i[a]} and ${j[a]}, outside 0…${n - 1}`);
    }
  }
  const fields: ParticleFields = { n, c: halfBondSum(table, (a) => c[a]!), dcdg: {}, cDcdg: {} };
  for (const [name, d] of Object.entries(table.dcdg)) {
    fields.dcdg[name] = halfBondSum(table, (a) => d[a]!);
    fields.cDcdg[name] = halfBondSum(table, (a) => c[a]! * d[a]!);
  }
  return fields;
}
