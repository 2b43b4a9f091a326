/**
 * The key=value grammar of the extended-XYZ comment line (line 2).
 *
 * Grammar (as read by ASE and OVITO): whitespace-separated entries, each
 * `key=value`, `key="quoted value"` (with `\"` and `\\` escapes) or a bare `key`
 * (meaning `key=T`); whitespace around `=` is allowed. Quotes only group characters:
 * as in ASE, the value's type does not depend on them.
 *
 * Value conversion for metadata ({@link convertValue}): a plain decimal literal becomes
 * a number; `T`, `F`, `True`, `False`, `true`, `false` become booleans; anything else
 * stays a string. So a string that looks like a number or a boolean does not survive
 * a write/read cycle as a string.
 */
import { formatNumber, isDecimal } from './number.js';

/** One raw entry of the comment line. */
export interface KeyValue {
  key: string;
  value: string;
}

/** Called with a problem and a hint on malformed input; must throw. */
export type Fail = (problem: string, hint: string) => never;

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v';

/** Splits the comment line into entries, in order. */
export function parseKeyValues(text: string, fail: Fail): KeyValue[] {
  const out: KeyValue[] = [];
  let i = 0;
  const n = text.length;
  const skipSpace = (): void => {
    while (i < n && isSpace(text[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= n) return out;
    const start = i;
    while (i < n && !isSpace(text[i]!) && text[i] !== '=' && text[i] !== '"') i++;
    const key = text.slice(start, i);
    if (key === '') {
      fail(`unexpected character '${text[i]}' at column ${i + 1} where a key was expected`,
        'write metadata as key=value or key="value with spaces"');
    }
    skipSpace();
    if (text[i] !== '=') {
      out.push({ key, value: 'T' }); // a bare key is a true flag
      continue;
    }
    i++; // '='
    skipSpace();
    if (text[i] === '"') {
      i++;
      let value = '';
      for (;;) {
        if (i >= n) {
          fail(`unterminated quoted value of '${key}'`, 'close the value with a double quote');
        }
        const c = text[i++]!;
        if (c === '"') break;
        if (c === '\\' && i < n) value += text[i++];
        else value += c;
      }
      if (i < n && !isSpace(text[i]!)) {
        fail(`missing space after the quoted value of '${key}' at column ${i + 1}`,
          'separate key=value entries with spaces');
      }
      out.push({ key, value });
    } else {
      const vStart = i;
      while (i < n && !isSpace(text[i]!)) i++;
      const value = text.slice(vStart, i);
      if (value === '' || value.includes('"')) {
        fail(`malformed value for '${key}'`, 'write key=value or key="value with spaces"');
      }
      out.push({ key, value });
    }
  }
}

const TRUE = new Set(['T', 'True', 'true']);
const FALSE = new Set(['F', 'False', 'false']);

/** Converts a raw value to a number, a boolean or a string (see the module comment). */
export function convertValue(value: string): string | number | boolean {
  if (isDecimal(value)) return Number(value);
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return value;
}

/** Parses a boolean token (`T`/`F` and friends); undefined when it is none. */
export function parseBool(value: string): boolean | undefined {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return undefined;
}

const BARE = /^[^\s"\\=]+$/;

/** Formats one metadata entry so that {@link parseKeyValues} reads it back. */
export function formatKeyValue(key: string, value: string | number | boolean): string {
  if (typeof value === 'number') return `${key}=${formatNumber(value)}`;
  if (typeof value === 'boolean') return `${key}=${value ? 'T' : 'F'}`;
  if (BARE.test(value)) return `${key}=${value}`;
  return `${key}="${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
