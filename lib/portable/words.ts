/**
 * The two 32-bit words of an IEEE double, as fdlibm reads and writes them (high word: sign,
 * 11 exponent bits and the top 20 significand bits; low word: the other 32). One shared
 * scratch buffer: every function returns before another can use it.
 */
const word = new Float64Array(1);
const half = new Int32Array(word.buffer);
const LO = 0, HI = 1;
word[0] = 1;
if (half[HI] !== 0x3ff00000) throw new Error('lib/portable: unexpected double word order');

/** The double whose high and low words are `hi` and `lo` (each taken mod 2^32). */
export function fromWords(hi: number, lo: number): number {
  half[HI] = hi | 0;
  half[LO] = lo | 0;
  return word[0]!;
}

/** The high word of x, as a signed 32-bit integer. */
export function highWord(x: number): number {
  word[0] = x;
  return half[HI]!;
}

/** The low word of x, as a signed 32-bit integer. */
export function lowWord(x: number): number {
  word[0] = x;
  return half[LO]!;
}

/** x with its low word cleared: its leading 21 significand bits. */
export function clearLow(x: number): number {
  word[0] = x;
  half[LO] = 0;
  return word[0]!;
}

/** x with its high word replaced by `hi`. */
export function withHigh(x: number, hi: number): number {
  word[0] = x;
  half[HI] = hi | 0;
  return word[0]!;
}
