/**
 * ln(1 + x) with the same bits on every platform and Node.js version: fdlibm's s_log1p.c
 * (Sun Microsystems 1993) in JavaScript arithmetic, which is what V8 computes for Math.log1p
 * on x86-64 (test/portable-math.test.ts); V8 on arm64 is compiled with fused multiply-add
 * and rounds differently. Error < 1 ulp.
 *
 * Method: 1 + x = 2^k·(1 + f) with √2/2 < 1 + f < √2, keeping the rounding error of 1 + x
 * as a correction c/u; ln(1 + f) = 2s + s·R(s²) as in portableLog (s = f/(2 + f)).
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
import { LG1, LG2, LG3, LG4, LG5, LG6, LG7 } from './log.js';
import { highWord, withHigh } from './words.js';

const TWO54 = 18014398509481984; // 2^54

/** ln(1 + x) (ECMAScript's Math.log1p), bit for bit the same everywhere. */
export function portableLog1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1, f = 0, c = 0, hu = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422.
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x ≤ −1
    if (ax < 0x3e200000) {
      // |x| < 2^-29.
      if (TWO54 + x > 0 && ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // −0.2929 < x < 0.41422: no reduction.
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHigh(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHigh(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20.
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1.0 - 0.66666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - (k * LN2_LO + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}
