/**
 * e^x with the same bits on every platform and Node.js version: fdlibm's e_exp.c (Sun
 * Microsystems 1993) in JavaScript arithmetic, which is what V8 computes for Math.exp on
 * x86-64 (the same bits on 10^7 arguments of every kind, test/portable-math.test.ts); V8 on
 * arm64 is compiled with fused multiply-add and rounds differently. Error < 1 ulp.
 *
 * Method: x = k·ln2 + r with |r| ≤ ½ln2 (ln2 in two parts, k·ln2_hi exact), e^r by the
 * rational form 1 + r + r·c(r)/(2 − c(r)) with c(r) = r − r²·P(r²), then 2^k·e^r.
 *
 * ====================================================
 * Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
 *
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

import { fromWords, highWord, lowWord } from './words.js';

// The Remez polynomial P(r²) of c(r), shared with portablePow's 2^z.
export const EXP_P1 = fromWords(0x3fc55555, 0x5555553e); // 1.66666666666666019037e-01
export const EXP_P2 = fromWords(0xbf66c16c, 0x16bebd93); // -2.77777777770155933842e-03
export const EXP_P3 = fromWords(0x3f11566a, 0xaf25de2c); // 6.61375632143793436117e-05
export const EXP_P4 = fromWords(0xbebbbd41, 0xc5d26bf1); // -1.65339022054652515390e-06
export const EXP_P5 = fromWords(0x3e663769, 0x72bea4d0); // 4.13813679705723846039e-08
/** ln 2 in two parts: LN2_HI has 32 significand bits, so k·LN2_HI is exact for |k| < 2^21. */
export const LN2_HI = fromWords(0x3fe62e42, 0xfee00000); // 6.93147180369123816490e-01
export const LN2_LO = fromWords(0x3dea39ef, 0x35793c76); // 1.90821492927058770002e-10
/** 1/ln 2, also portablePow's. */
export const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe); // 1.44269504088896338700e+00
const OVERFLOW = fromWords(0x40862e42, 0xfefa39ef); // 7.09782712893383973096e+02
const UNDERFLOW = fromWords(0xc0874910, 0xd52d3051); // -7.45133219101941108420e+02
const TWO_M1000 = fromWords(0x01700000, 0); // 2^-1000
const TWO_1023 = fromWords(0x7fe00000, 0); // 2^1023
const HUGE = 1.0e300;

/** e^x (ECMAScript's Math.exp), bit for bit the same everywhere. */
export function portableExp(x: number): number {
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;

  // Non-finite, overflow and underflow.
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return negative ? 0 : x; // e^±∞
    }
    if (x > OVERFLOW) return HUGE * HUGE;
    if (x < UNDERFLOW) return TWO_M1000 * TWO_M1000;
  }

  // x = k·ln2 + (hi − lo).
  let hi = 0, lo = 0, k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ½ ln2.
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2: k = ±1. V8 returns e itself for x = 1, where this would be 1 ulp off.
      if (x === 1) return Math.E;
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28.
    if (HUGE + x > 1) return 1 + x;
  }

  // e^x on the primary range.
  const t = x * x;
  const c = x - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  // 2^k·y.
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO_1023;
    return y * fromWords(0x3ff00000 + (k << 20), 0);
  }
  return y * fromWords(0x3ff00000 + ((k + 1000) << 20), 0) * TWO_M1000;
}
