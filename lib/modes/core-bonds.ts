/**
 * The bonds of a quasilocalized mode's core, and the largest field they carry (the
 * premises c ~ ω⁻⁴ and dc/dγ ~ ω⁻⁸ tested mode by mode).
 *
 * Core of a mode: its core particle p (largest |ψ_i|, measures.ts) and the particles that
 * interact with p (its first shell). The core's bonds: every interaction α = (i_α, j_α)
 * with at least one end in the core, i.e. the bonds within one bond of p. A QLM's core
 * spans a few particles around p; taking the first shell keeps the bond that carries its
 * largest c_α even when that bond does not touch p itself (the largest amplitude and the
 * largest bond strain of a mode need not share a particle).
 */
import { expectFloat64Array, expectInt32Array, expectInteger, expectLength } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/**
 * Indices α (ascending) of the bonds with an end at `particle` or at one of its
 * interaction partners.
 * @param particle  core particle, 0 ≤ particle
 * @param i, j      Int32Array(count): the interactions (any order of ends)
 */
export function coreBonds(particle: number, i: Int32Array, j: Int32Array): Int32Array {
  expectInt32Array('i', i);
  expectInt32Array('j', j);
  expectLength('j', j, i.length);
  expectInteger('particle', particle, 0);
  const core = new Set<number>([particle]);
  for (let a = 0; a < i.length; a++) {
    if (i[a] === particle) core.add(j[a]);
    else if (j[a] === particle) core.add(i[a]);
  }
  const bonds: number[] = [];
  for (let a = 0; a < i.length; a++) if (core.has(i[a]) || core.has(j[a])) bonds.push(a);
  return Int32Array.from(bonds);
}

/** max_{α ∈ bonds} |values[α]| (0 for no bonds). @param values Float64Array(count) */
export function maxAbsOver(values: Float64Array, bonds: Int32Array): number {
  expectFloat64Array('values', values);
  let m = 0;
  for (let k = 0; k < bonds.length; k++) {
    const a = bonds[k];
    if (!(a >= 0 && a < values.length)) throw new ArgumentRangeError(`bonds[${k}]: expected a bond index in [0, ${values.length}), got ${a}`);
    m = Math.max(m, Math.abs(values[a]));
  }
  return m;
}
