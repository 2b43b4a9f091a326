/**
 * Argument validation with one message style (STYLE.md item 8): `TypeError` for a wrong
 * type, `RangeError` for a wrong size or value; every message names the parameter, what
 * was expected and what came.
 */

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
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return typeof value;
}

export function expectFloat64Array(name: string, value: unknown, length?: number): Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new TypeError(`${name}: expected a Float64Array, got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name}: expected length ${length}, got ${value.length}`);
  }
  return value;
}

export function expectInt32Array(name: string, value: unknown, length?: number): Int32Array {
  if (!(value instanceof Int32Array)) {
    throw new TypeError(`${name}: expected an Int32Array, got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name}: expected length ${length}, got ${value.length}`);
  }
  return value;
}

export function expectInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name}: expected an integer, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name}: expected an integer ${range}, got ${value}`);
  }
  return value;
}

export function expectOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${name}: expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/** Throws a RangeError naming the first non-finite entry. */
export function expectFinite(name: string, values: Float64Array): void {
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) {
      throw new RangeError(`${name}: expected finite numbers, got ${values[k]} at index ${k}`);
    }
  }
}

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
}

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
  const kind = rule.integer ? 'an integer' : 'a number';
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
  if (typeof value !== 'number') throw new TypeError(`${name}: expected ${ruleText(rule)}, got ${describe(value)}`);
  if (!meetsRule(value, rule)) throw new RangeError(`${name}: expected ${ruleText(rule, value)}, got ${shown ?? value}`);
  return value;
}
