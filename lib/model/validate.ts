/**
 * Argument validation shared by model/, space/ and hessian/ (STYLE item 8).
 *
 * One message style: `TypeError` for a wrong type, `RangeError` for a wrong size or
 * value; every message names the parameter, says what was expected and what came:
 *   `positions: expected length 128, got 64`  (wording of lib/validate.ts, whose
 * `describe` is reused). Internal module (not re-exported) with the extra checks the
 * physics folders need (number ranges, capacity `>=`, Configuration records).
 */
import type { Configuration } from '../config.js';
import { describe } from '../validate.js';

export { describe };

/** Throws unless `value` is a finite number (optionally an integer within [min, max]). */
export function checkNumber(
  name: string,
  value: unknown,
  opts: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {},
): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name}: expected ${opts.integer ? 'an integer' : 'a number'}, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || (opts.integer === true && !Number.isInteger(value))) {
    throw new RangeError(`${name}: expected a finite ${opts.integer ? 'integer' : 'number'}, got ${value}`);
  }
  if (opts.min !== undefined) {
    const bad = opts.exclusiveMin ? value <= opts.min : value < opts.min;
    if (bad) throw new RangeError(`${name}: expected ${opts.exclusiveMin ? '>' : '>='} ${opts.min}, got ${value}`);
  }
  if (opts.max !== undefined && value > opts.max) {
    throw new RangeError(`${name}: expected <= ${opts.max}, got ${value}`);
  }
  return value;
}

type TypedArrayCtor = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

/**
 * Throws unless `value` is an instance of `ctor` with at least/exactly `length` elements.
 * `atLeast` allows buffers with spare capacity (e.g. a PairList filled up to `count`).
 */
export function checkArray(
  name: string,
  value: unknown,
  ctor: TypedArrayCtor,
  length?: number,
  atLeast = false,
): void {
  if (!(value instanceof ctor)) {
    throw new TypeError(`${name}: expected a ${ctor.name}, got ${describe(value)}`);
  }
  if (length !== undefined) {
    const ok = atLeast ? value.length >= length : value.length === length;
    if (!ok) {
      throw new RangeError(
        `${name}: expected length ${atLeast ? '>= ' : ''}${length}, got ${value.length}`,
      );
    }
  }
}

/** Checks an optional `out` buffer; returns it or a fresh zeroed Float64Array(length). */
export function outFloat64(name: string, out: Float64Array | undefined, length: number): Float64Array {
  if (out === undefined) return new Float64Array(length);
  checkArray(name, out, Float64Array, length, true);
  return out;
}

/** Checks a 2×2 matrix stored row-major as Float64Array(4). */
export function checkMatrix2(name: string, value: unknown): Float64Array {
  checkArray(name, value, Float64Array, 4);
  return value as Float64Array;
}

/**
 * Checks a Configuration record (lib/config.ts): n ≥ 1 integer, cell Float64Array(4)
 * with det h > 0, positions Float64Array(2n) of finite numbers, species Uint8Array(n)
 * with codes < nSpecies.
 */
export function checkConfiguration(name: string, config: unknown, nSpecies = 256): Configuration {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`${name}: expected a Configuration object, got ${describe(config)}`);
  }
  const c = config as Configuration;
  checkNumber(`${name}.n`, c.n, { integer: true, min: 1 });
  checkArray(`${name}.cell`, c.cell, Float64Array, 4);
  const det = c.cell[0] * c.cell[3] - c.cell[1] * c.cell[2];
  if (!(det > 0)) {
    throw new RangeError(`${name}.cell: expected det h > 0 (right-handed cell vectors), got ${det}`);
  }
  checkArray(`${name}.positions`, c.positions, Float64Array, 2 * c.n);
  checkArray(`${name}.species`, c.species, Uint8Array, c.n);
  for (let p = 0; p < c.n; p++) {
    if (c.species[p] >= nSpecies) {
      throw new RangeError(`${name}.species[${p}]: expected species code < ${nSpecies}, got ${c.species[p]}`);
    }
  }
  return c;
}
