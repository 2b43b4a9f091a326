/**
 * ln x with the same bits on every platform and Node.js version: fdlibm's e_log.c (Sun
 * Microsystems 1993) in JavaScript arithmetic, which is what V8 computes for Math.log on
 * x86-64 (the same bits on 10^7 arguments of every kind, test/portable-math.test.ts); V8 on
 * arm64 is compiled with fused multiply-add and rounds differently. Error < 1 ulp.
 *
 * Method: x = 2^k·(1 + f) with √2/2 < 1 + f < √2; ln(1 + f) = 2s + s·R(s²) with
 * s = f/(2 + f) and R a Remez polynomial; ln x = k·ln2_hi + (f − (hfsq − (s·(hfsq + R) +
 * k·ln2_lo))), hfsq = f²/2.
 *
 * ====================================================
 * Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
 *
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

import { LN2_HI, LN2_LO } from './exp.js';
import { fromWords, highWord, lowWord, withHigh } from './words.js';

const TWO54 = fromWords(0x43500000, 0); // 2^54
export const LG1 = fromWords(0x3fe55555, 0x55555593); // 6.666666666666735130e-01
export const LG2 = fromWords(0x3fd99999, 0x9997fa04); // 3.999999999940941908e-01
export const LG3 = fromWords(0x3fd24924, 0x94229359); // 2.857142874366239149e-01
export const LG4 = fromWords(0x3fcc71c5, 0x1d8e78af); // 2.222219843214978396e-01
export const LG5 = fromWords(0x3fc74664, 0x96cb03de); // 1.818357216161805012e-01
export const LG6 = fromWords(0x3fc39a09, 0xd078c69f); // 1.531383769920937332e-01
export const LG7 = fromWords(0x3fc2f112, 0xdf3e5244); // 1.479819860511658591e-01

/** ln x (ECMAScript's Math.log), bit for bit the same everywhere. */
export function portableLog(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: ±0, negative, or subnormal.
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  // Normalize x or x/2 into [√2/2, √2).
  let i = (hx + 0x95f64) & 0x100000;
  x = withHigh(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1.0;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20.
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}
