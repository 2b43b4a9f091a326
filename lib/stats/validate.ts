/**
 * Argument validation shared by lib/stats (STYLE item 8).
 *
 * One message style everywhere: `<param>: expected <what>, got <what came>`.
 * `TypeError` for a wrong type, `RangeError` for a wrong size or value.
 * Internal to lib/stats; not exported from the package index.
 */

/** Short description of a value for error messages. */
export function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `Array(${v.length})`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as { length: number }).length})`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

export function expectFloat64Array(name: string, v: unknown): asserts v is Float64Array {
  if (!(v instanceof Float64Array)) throw new TypeError(`${name}: expected a Float64Array, got ${show(v)}`);
}

export function expectLength(name: string, v: { length: number }, n: number): void {
  if (v.length !== n) throw new RangeError(`${name}: expected length ${n}, got ${v.length}`);
}

export function expectEvenLength(name: string, v: { length: number }): void {
  if (v.length % 2 !== 0) throw new RangeError(`${name}: expected an even length (x, y interleaved), got ${v.length}`);
}

export function expectNumber(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number') throw new TypeError(`${name}: expected a number, got ${show(v)}`);
}

export function expectFinite(name: string, v: unknown): asserts v is number {
  expectNumber(name, v);
  if (!Number.isFinite(v)) throw new RangeError(`${name}: expected a finite number, got ${v}`);
}

export function expectPositive(name: string, v: unknown): asserts v is number {
  expectNumber(name, v);
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name}: expected a finite number > 0, got ${v}`);
}

/** Integer in [min, max] (inclusive). */
export function expectInteger(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): asserts v is number {
  expectNumber(name, v);
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name}: expected an integer ${range}, got ${v}`);
  }
}

/** All elements finite (NaN/±Infinity usually mean an upstream bug). */
export function expectAllFinite(name: string, v: Float64Array): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new RangeError(`${name}: expected finite values, got ${v[i]} at index ${i}`);
  }
}
