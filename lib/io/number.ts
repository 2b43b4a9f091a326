/**
 * Strict decimal number parsing and bit-exact number formatting for text files.
 *
 * `Number(s)` alone is too lenient for a file format (it accepts '', ' ', '0x1f',
 * 'Infinity'), so tokens must first match a plain decimal literal. Formatting uses
 * JavaScript's shortest round-trip representation (ECMA-262 Number::toString), which
 * parses back to the identical double in any correctly rounded reader (Python float(),
 * C strtod); negative zero is written as "-0" so that even its sign bit survives.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** Outcome of {@link parseDecimal}: a finite number, or why the token is not one. */
export type ParsedNumber =
  | { ok: true; value: number }
  | { ok: false; why: 'non-finite' | 'unparsable' };

/** Parses a plain decimal literal (`1`, `-2.5`, `.5`, `1e-300`) to a finite double. */
export function parseDecimal(token: string): ParsedNumber {
  if (DECIMAL.test(token)) {
    const value = Number(token);
    if (Number.isFinite(value)) return { ok: true, value };
    return { ok: false, why: 'non-finite' }; // e.g. 1e400 overflows
  }
  return { ok: false, why: NON_FINITE.test(token) ? 'non-finite' : 'unparsable' };
}

/** `token` as a finite double when it is a plain decimal literal, else NaN: parseDecimal without its result object, for loops over many tokens. */
export function decimalOrNaN(token: string): number {
  if (!DECIMAL.test(token)) return NaN;
  const value = Number(token);
  return Number.isFinite(value) ? value : NaN;
}

/** True when `token` is a plain decimal literal that is a finite double. */
export function isDecimal(token: string): boolean {
  return DECIMAL.test(token) && Number.isFinite(Number(token));
}

/** Shortest text that parses back to exactly `x` (bit for bit, including -0). */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/**
 * formatNumber for CSV tables: the same shortest digits, in exponent form when
 * 0 < |x| < 0.1 (`3.922191916772955e-5`, not `0.00003922191916772955`). Every correctly
 * rounded reader takes either form to the same double, but pandas' default CSV parser (not
 * correctly rounded) loses a digit per leading zero of the fixed form: up to 7.7e-11
 * relative near 1e-6, against ≤ 2 ulp on the exponent form. Glass files keep
 * formatNumber's form: the identity of a GSD glass in an ensemble is the SHA-256 of its
 * extended-XYZ text (lib/ensemble/glass-input.ts), which must not change between versions.
 */
export function formatCsvNumber(x: number): string {
  return x !== 0 && Math.abs(x) < 0.1 ? x.toExponential() : formatNumber(x);
}
