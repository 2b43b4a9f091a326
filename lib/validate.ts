/**
 * Argument validation of the whole library, with one message style (STYLE items 8, 18):
 * `TypeError` for a wrong type, `RangeError` for a wrong size or value, and every message
 * `<parameter>: expected <what>, got <what came>`, e.g.
 *
 *     positions: expected length 128, got 64
 *     options.tol: expected a positive number, got -1
 *
 * Public entry points check their inputs here once; the loops behind them trust them.
 */
import type { Configuration } from './config.js';
import { nearest } from './suggest.js';
import { ArgumentRangeError, ArgumentTypeError } from './errors.js';

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    const length = (value as unknown as { length?: number }).length;
    return length === undefined ? name : `${name}(${length})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

// ---------------------------------------------------------------------------------------
// Typed arrays

type TypedArrayCtor = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint32ArrayConstructor;

const article = (word: string): string => (word.startsWith('Int') ? 'an' : 'a');

/**
 * Throws unless `value` is an instance of `ctor` with exactly `length` elements (at least
 * `length` with `atLeast`, for buffers with spare capacity such as a PairList's).
 */
export function expectTypedArray<T extends TypedArrayCtor>(
  name: string, value: unknown, ctor: T, length?: number, atLeast = false,
): asserts value is InstanceType<T> {
  if (!(value instanceof ctor)) {
    throw new ArgumentTypeError(`${name}: expected ${article(ctor.name)} ${ctor.name}, got ${describe(value)}`);
  }
  if (length !== undefined && !(atLeast ? value.length >= length : value.length === length)) {
    throw new ArgumentRangeError(`${name}: expected length ${atLeast ? '>= ' : ''}${length}, got ${value.length}`);
  }
}

export function expectFloat64Array(name: string, value: unknown, length?: number): asserts value is Float64Array {
  expectTypedArray(name, value, Float64Array, length);
}

export function expectInt32Array(name: string, value: unknown, length?: number): asserts value is Int32Array {
  expectTypedArray(name, value, Int32Array, length);
}

/** Throws unless `v` has exactly `n` elements. */
export function expectLength(name: string, v: { length: number }, n: number): void {
  if (v.length !== n) throw new ArgumentRangeError(`${name}: expected length ${n}, got ${v.length}`);
}

/** Throws unless `v` has an even length (x, y interleaved). */
export function expectEvenLength(name: string, v: { length: number }): void {
  if (v.length % 2 !== 0) throw new ArgumentRangeError(`${name}: expected an even length (x, y interleaved), got ${v.length}`);
}

/** Throws a RangeError naming the first non-finite entry (NaN or ±∞ usually mean an upstream bug). */
export function expectAllFinite(name: string, values: ArrayLike<number>, what = 'finite values'): void {
  // Fast path (hot in solves): Σ v·0 is 0 exactly when every v is finite (NaN otherwise).
  if (values instanceof Float64Array && allFiniteF64(values)) return;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) throw new ArgumentRangeError(`${name}: expected ${what}, got ${values[k]} at index ${k}`);
  }
}

function allFiniteF64(values: Float64Array): boolean {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k] * 0;
  return s === 0;
}

/** A Float64Array of `length` finite numbers. */
export function expectFiniteValues(name: string, values: unknown, length?: number): Float64Array {
  expectFloat64Array(name, values, length);
  expectAllFinite(name, values, 'finite numbers');
  return values;
}

/** The right-hand sides of a solve with an n×n matrix: nrhs ≥ 1 columns of n finite numbers (B column-major). */
export function expectRightHandSides(n: number, B: unknown, nrhs: unknown): asserts B is Float64Array {
  expectFiniteValues('B', B, n * expectInteger('nrhs', nrhs, 1));
}

/** expectRightHandSides, and the solution's buffer: `out` (Float64Array(n·nrhs)) or a new one. */
export function expectSolveArguments(n: number, B: unknown, nrhs: number, out: unknown): Float64Array {
  expectRightHandSides(n, B, nrhs);
  const result = out ?? new Float64Array(n * nrhs);
  expectFloat64Array('out', result, n * nrhs);
  return result;
}

/** Checks an optional `out` buffer; returns it or a fresh zeroed Float64Array(length). */
export function expectOut(name: string, out: Float64Array | undefined, length: number): Float64Array {
  if (out === undefined) return new Float64Array(length);
  expectTypedArray(name, out, Float64Array, length, true);
  return out;
}

/** Checks a 2×2 matrix stored row-major as Float64Array(4). */
export function expectMatrix2(name: string, value: unknown): Float64Array {
  expectTypedArray(name, value, Float64Array, 4);
  return value;
}

/**
 * Checks a Configuration record (lib/config.ts): n ≥ 1 integer, cell Float64Array(4)
 * with det h > 0, positions Float64Array(2n) of finite coordinates, species Uint8Array(n)
 * with codes < nSpecies.
 */
export function expectConfiguration(name: string, config: unknown, nSpecies = 256): Configuration {
  if (typeof config !== 'object' || config === null) {
    throw new ArgumentTypeError(`${name}: expected a Configuration object, got ${describe(config)}`);
  }
  if ((config as Configuration).dim !== undefined && (config as Configuration).dim !== 2) {
    throw new ArgumentRangeError(`${name}.dim: expected a 2D configuration, got dim = ${String((config as Configuration).dim)}; ` +
      'this function handles 2D glasses only (docs/api.md, "3D", lists the functions that take 3D glasses)');
  }
  return expectConfigurationOfDimension(name, config, nSpecies);
}

/** How far from the cell (in cell sizes) a coordinate may lie: ulp(1e6·L) ≈ 2e-10·L, far below a file's rounding. */
export const MAX_CELLS_AWAY = 1e6;

/**
 * Every coordinate within MAX_CELLS_AWAY cell sizes of the origin. Positions need not be
 * wrapped (an unwrapped dump's particles sit a few images away), but a coordinate of 1e300
 * keeps no digit of its place inside the cell: its image is noise, and the glass read
 * gave an energy of 6e12 per particle instead of an error.
 */
function expectNearCell(name: string, positions: Float64Array, h: Float64Array, d: number): void {
  let size = 0;
  for (let k = 0; k < h.length; k++) size = Math.max(size, Math.abs(h[k]!));
  const limit = MAX_CELLS_AWAY * size;
  for (let k = 0; k < positions.length; k++) {
    const x = positions[k]!;
    if (Math.abs(x) > limit) {
      throw new ArgumentRangeError(`${name}.positions[${k}]: particle ${Math.floor(k / d)}'s ${'xyz'[k % d]} = ${x} λ is ${(Math.abs(x) / size).toExponential(1)} cell sizes ` +
        `from the cell, where a double keeps no digits of its place in it; expected |coordinate| ≤ ${MAX_CELLS_AWAY} × the cell size (${size} λ): ` +
        'wrap the particle into the cell, or check the file for a corrupt coordinate');
    }
  }
}

/**
 * Validates a configuration of either dimension (docs/design.md §10): `dim` absent, 2 or 3; the
 * d×d cell (row-major, det h > 0), positions of length d·N, species codes < nSpecies.
 * The check of the d-generic functions; 2D-only ones call {@link expectConfiguration}.
 */
export function expectConfigurationOfDimension(name: string, config: unknown, nSpecies = 256): Configuration {
  if (typeof config !== 'object' || config === null) {
    throw new ArgumentTypeError(`${name}: expected a Configuration object, got ${describe(config)}`);
  }
  const c = config as Configuration;
  if (c.dim !== undefined && c.dim !== 2 && c.dim !== 3) {
    throw new ArgumentRangeError(`${name}.dim: expected 2 or 3 (or absent: 2), got ${describe(c.dim)}`);
  }
  const d = c.dim === 3 ? 3 : 2;
  expectNumber(`${name}.n`, c.n, { integer: true, min: 1 });
  expectTypedArray(`${name}.cell`, c.cell, Float64Array, d * d);
  expectAllFinite(`${name}.cell`, c.cell);
  const h = c.cell;
  const det = d === 2 ? h[0] * h[3] - h[1] * h[2]
    : h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) + h[2] * (h[3] * h[7] - h[4] * h[6]);
  if (!(det > 0)) {
    throw new ArgumentRangeError(`${name}.cell: expected det h > 0 (right-handed cell vectors), got ${det}`);
  }
  expectTypedArray(`${name}.positions`, c.positions, Float64Array, d * c.n);
  // A NaN or ±Infinity coordinate would drop its particle from every pair loop (no pair
  // within the cutoff), giving finite, plausible and wrong energies, forces and pair lists.
  expectAllFinite(`${name}.positions`, c.positions, 'finite coordinates');
  expectNearCell(name, c.positions, h, d);
  expectTypedArray(`${name}.species`, c.species, Uint8Array, c.n);
  for (let p = 0; p < c.n; p++) {
    if (c.species[p] >= nSpecies) {
      throw new ArgumentRangeError(`${name}.species[${p}]: expected species code < ${nSpecies}, got ${c.species[p]}`);
    }
  }
  return c;
}

// ---------------------------------------------------------------------------------------
// Numbers and names

/** Bounds of {@link expectNumber}. */
export interface NumberRange {
  integer?: boolean;
  min?: number;
  exclusiveMin?: boolean;
  max?: number;
}

/**
 * Returns `value` if it is a finite number within `range`; messages name the violated
 * bound alone: `t: expected <= 3, got 4`, `n: expected a finite integer, got 2.5`.
 */
export function expectNumber(name: string, value: unknown, range: NumberRange = {}): number {
  if (typeof value !== 'number') {
    throw new ArgumentTypeError(`${name}: expected ${range.integer ? 'an integer' : 'a number'}, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || (range.integer === true && !Number.isInteger(value))) {
    throw new ArgumentRangeError(`${name}: expected a finite ${range.integer ? 'integer' : 'number'}, got ${value}`);
  }
  if (range.min !== undefined && (range.exclusiveMin ? value <= range.min : value < range.min)) {
    throw new ArgumentRangeError(`${name}: expected ${range.exclusiveMin ? '>' : '>='} ${range.min}, got ${value}`);
  }
  if (range.max !== undefined && value > range.max) throw new ArgumentRangeError(`${name}: expected <= ${range.max}, got ${value}`);
  return value;
}

/** Returns `value` if it is an integer in [min, max]: `nrhs: expected an integer >= 1, got 0`. */
export function expectInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') {
    throw new ArgumentTypeError(`${name}: expected an integer, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ArgumentRangeError(`${name}: expected an integer ${range}, got ${value}`);
  }
  return value;
}

/** Returns `value` if it is a finite number. */
export function expectFinite(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new ArgumentTypeError(`${name}: expected a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new ArgumentRangeError(`${name}: expected a finite number, got ${value}`);
  return value;
}

/** Returns `value` if it is a finite number > 0. */
export function expectPositive(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new ArgumentTypeError(`${name}: expected a number, got ${describe(value)}`);
  if (!(value > 0) || !Number.isFinite(value)) throw new ArgumentRangeError(`${name}: expected a finite number > 0, got ${value}`);
  return value;
}

/** Returns `value` if it is a confidence level, a number in (0, 1) (0.95 for a 95 % interval). */
export function expectConfidenceLevel(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new ArgumentRangeError(`${name}: expected a number in (0, 1), got ${describe(value)}`);
  }
  return value;
}

export function expectOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ArgumentRangeError(`${name}: expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

// ---------------------------------------------------------------------------------------
// Rules shared by a library entry point and the command line

/**
 * A limit on a number, with the reasons for it: shared by a library entry point and the
 * command line options that feed it, so both reject the same values with the same words.
 */
export interface NumberRule {
  /** Only integers. */
  integer?: boolean;
  /** Smallest accepted value (or the bound just below it, with exclusiveMin). */
  min?: number;
  exclusiveMin?: boolean;
  /** Largest accepted value. */
  max?: number;
  /** Why the lower limit (or the whole rule) is there, in the user's terms. */
  why?: string;
  /** Why the upper limit is there (default `why`). */
  maxWhy?: string;
  /** What the rule accepts, in words, when the limits alone do not say it well ("a positive number"). */
  text?: string;
}

/** Any finite number > 0, in words. */
export const POSITIVE: NumberRule = Object.freeze({ min: 0, exclusiveMin: true, text: 'a positive number' });

/** True when `x` satisfies `rule`. */
export function meetsRule(x: number, rule: NumberRule): boolean {
  if (!Number.isFinite(x) || (rule.integer && !Number.isInteger(x))) return false;
  if (rule.min !== undefined && (rule.exclusiveMin ? x <= rule.min : x < rule.min)) return false;
  return rule.max === undefined || x <= rule.max;
}

/**
 * What a rule accepts, in words, for a value it rejects: the side that `x` violates with
 * its reason — "an integer <= 1459000 (memory: …)" above the maximum, otherwise the lower
 * side, "a number >= 1e-13 (…)", "an integer >= 2" — or the whole range when neither
 * applies on its own.
 */
export function ruleText(rule: NumberRule, x = Number.NaN): string {
  if (rule.text !== undefined) return rule.text;
  // ±Infinity fails for not being finite, whatever side it lies on (it read "a number >= 1e-13, got Infinity").
  const kind = x === Infinity || x === -Infinity ? `a finite ${rule.integer ? 'integer' : 'number'}` : rule.integer ? 'an integer' : 'a number';
  const reason = (why: string | undefined): string => (why ? ` (${why})` : '');
  if (rule.max !== undefined && x > rule.max) return `${kind} <= ${rule.max}${reason(rule.maxWhy ?? rule.why)}`;
  if (rule.min !== undefined) return `${kind} ${rule.exclusiveMin ? '>' : '>='} ${rule.min}${reason(rule.why)}`;
  if (rule.max !== undefined) return `${kind} <= ${rule.max}${reason(rule.maxWhy ?? rule.why)}`;
  return `a finite ${rule.integer ? 'integer' : 'number'}`;
}

/**
 * Returns `value` if it is a number meeting `rule`; otherwise throws (TypeError for a
 * non-number, RangeError otherwise) `<name>: expected <ruleText>, got <shown>`, where
 * `shown` defaults to the value itself.
 */
export function expectRule(name: string, value: unknown, rule: NumberRule, shown?: string): number {
  if (typeof value !== 'number') throw new ArgumentTypeError(`${name}: expected ${ruleText(rule)}, got ${describe(value)}`);
  if (!meetsRule(value, rule)) throw new ArgumentRangeError(`${name}: expected ${ruleText(rule, value)}, got ${shown ?? value}`);
  return value;
}

// ---------------------------------------------------------------------------------------
// Option objects

/** `K` when it names every key of T, else never: a compile-time check that a list of option names is complete. */
export type AllKeysOf<T, K extends readonly (keyof T)[]> = Exclude<keyof T, K[number]> extends never ? K : never;

/**
 * Throws unless every own enumerable key of `options` is in `known`. TypeScript refuses a
 * misspelt option in an object literal; plain JavaScript would ignore it and use the
 * default silently (`{ polsh: false }` polishes). Anything but an object passes: the
 * caller's own check of `options` reports that.
 * @param name  the parameter (e.g. "options")
 * @param advice  what to say instead of a guess for names another entry point takes (e.g. `model`
 *   given to a function that takes a law)
 * @throws TypeError `<name>.<key>: not an option of <what>; did you mean <k>?` (or the advice,
 *   or the list of options when none is near)
 */
export function expectKnownKeys(name: string, options: unknown, known: readonly string[], what: string,
  advice: Readonly<Record<string, string>> = {}): void {
  if (typeof options !== 'object' || options === null) return; // not an object: the caller's type check says so
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const guess = nearest(key, known);
    throw new ArgumentTypeError(`${name}.${key}: not an option of ${what}; ` +
      (Object.hasOwn(advice, key) ? advice[key] : guess !== undefined ? `did you mean ${guess}?` : `expected some of ${known.join(', ')}`));
  }
}

/** Below this distance (λ) two particles are one duplicated: 1e-9, far below any physical separation, above the rounding of an image (x + L) − x − L. */
export const COINCIDENT_DISTANCE = 1e-9;
/** Its square, for the pair loops' r². */
export const COINCIDENT_DISTANCE2 = COINCIDENT_DISTANCE * COINCIDENT_DISTANCE;

/**
 * The error of a pair closer than COINCIDENT_DISTANCE (two particles at one place: a
 * duplicated particle, also one copied a cell vector away), which the pair searches
 * (findPairs, findPairsNd) throw: every law diverges there, and the NaN or the huge numbers
 * it gives surfaced only as a factorization's "values: expected finite numbers" or "not
 * positive definite" (the file readers refuse such glasses; this is for configurations built
 * in code).
 */
export function coincidentPairError(i: number, j: number, r2: number): RangeError {
  return new ArgumentRangeError(`config.positions: particles ${i} and ${j} are at the same place (${Math.sqrt(r2).toPrecision(2)} apart, nearest image): ` +
    'a duplicated particle; remove one of the two');
}
