/**
 * cos x with the same bits on every platform and Node.js version, for |x| ≤ 2^20·π/2
 * (softspot's angles are in [0, 2π)): fdlibm's s_cos.c with its kernels and the medium
 * branch of its argument reduction (Sun Microsystems 1993) in JavaScript arithmetic, which
 * is what V8 computes for Math.cos on x86-64 (the same bits on 2·10⁶ arguments,
 * test/portable-math.test.ts); V8 on arm64 is compiled with fused multiply-add and rounds
 * differently. Error < 1 ulp.
 *
 * Method: x = n·π/2 + (y0 + y1) with |y0 + y1| ≤ π/4 (π/2 in up to three 33-bit parts, as
 * many as cancellation needs), then ±cos or ±sin of y0 + y1 by the kernels' polynomials
 * of degree 14 and 13 on [−π/4, π/4].
 *
 * ====================================================
 * Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
 *
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

import { fromWords, highWord } from './words.js';
import { ArgumentRangeError } from '../errors.js';

// cos on [−π/4, π/4]: 1 − x²/2 + x⁴·(C1 + x²C2 + … + x¹⁰C6), Remez error ≤ 2^-58.
const C1 = fromWords(0x3fa55555, 0x5555554c); // 4.16666666666666019037e-02
const C2 = fromWords(0xbf56c16c, 0x16c15177); // -1.38888888888741095749e-03
const C3 = fromWords(0x3efa01a0, 0x19cb1590); // 2.48015872894767294178e-05
const C4 = fromWords(0xbe927e4f, 0x809c52ad); // -2.75573143513906633035e-07
const C5 = fromWords(0x3e21ee9e, 0xbdb4b1c4); // 2.08757232129817482790e-09
const C6 = fromWords(0xbda8fae9, 0xbe8838d4); // -1.13596475577881948265e-11
// sin on [−π/4, π/4]: x + x³·(S1 + x²S2 + … + x¹⁰S6), Remez error ≤ 2^-58.
const S1 = fromWords(0xbfc55555, 0x55555549); // -1.66666666666666324348e-01
const S2 = fromWords(0x3f811111, 0x1110f8a6); // 8.33333333332248946124e-03
const S3 = fromWords(0xbf2a01a0, 0x19c161d5); // -1.98412698298579493134e-04
const S4 = fromWords(0x3ec71de3, 0x57b1fe7d); // 2.75573137070700676789e-06
const S5 = fromWords(0xbe5ae5e6, 0x8a2b9ceb); // -2.50507602534068634195e-08
const S6 = fromWords(0x3de5d93a, 0x5acfd57c); // 1.58969099521155010221e-10

/** cos(x + y) for |x| ≤ π/4, y the tail of x. */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // 1 − x²/2 as (1 − qx) − (x²/2 − qx), both exact: qx = |x|/4 truncated, or 0.28125.
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  return (1 - qx) - ((0.5 * z - qx) - (z * r - x * y));
}

/** sin(x + y) for |x| ≤ π/4, y the tail of x. */
function kernelSin(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return x; // |x| < 2^-27
  const z = x * x, v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

const INV_PIO2 = fromWords(0x3fe45f30, 0x6dc9c883); // 53 bits of 2/π
const PIO2_1 = fromWords(0x3ff921fb, 0x54400000); // the first 33 bits of π/2
const PIO2_1T = fromWords(0x3dd0b461, 0x1a626331); // π/2 − PIO2_1
const PIO2_2 = fromWords(0x3dd0b461, 0x1a600000); // the second 33 bits
const PIO2_2T = fromWords(0x3ba3198a, 0x2e037073); // π/2 − (PIO2_1 + PIO2_2)
const PIO2_3 = fromWords(0x3ba3198a, 0x2e000000); // the third 33 bits
const PIO2_3T = fromWords(0x397b839a, 0x252049c1); // π/2 − (PIO2_1 + PIO2_2 + PIO2_3)
/** The high words of n·π/2, n = 1…32: where the cheap reduction may cancel. */
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb,
  0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb,
  0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/** x − n·π/2 = y[0] + y[1] for π/4 < |x| ≤ 2^20·π/2; returns n. */
function reduce(x: number, y: Float64Array): number {
  const hx = highWord(x), ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1.
    const sign = hx > 0 ? 1 : -1;
    let z = x - sign * PIO2_1;
    if (ix !== 0x3ff921fb) {
      y[0] = z - sign * PIO2_1T;
      y[1] = (z - y[0]) - sign * PIO2_1T;
    } else {
      // Near π/2: 33 + 33 + 53 bits of π/2.
      z -= sign * PIO2_2;
      y[0] = z - sign * PIO2_2T;
      y[1] = (z - y[0]) - sign * PIO2_2T;
    }
    return sign;
  }
  if (ix > 0x413921fb) throw new ArgumentRangeError(`portableCos: |x| must be at most 2^20·π/2 ≈ 1.6e6, got ${x}`);
  let t = Math.abs(x);
  const n = (t * INV_PIO2 + 0.5) | 0;
  let r = t - n * PIO2_1;
  let w = n * PIO2_1T; // good to 85 bits
  if (n < 32 && ix !== NPIO2_HW[n - 1]) {
    y[0] = r - w;
  } else {
    const j = ix >> 20;
    y[0] = r - w;
    let i = j - ((highWord(y[0]) >> 20) & 0x7ff);
    if (i > 16) {
      // A second iteration, good to 118 bits.
      t = r;
      w = n * PIO2_2;
      r = t - w;
      w = n * PIO2_2T - ((t - r) - w);
      y[0] = r - w;
      i = j - ((highWord(y[0]) >> 20) & 0x7ff);
      if (i > 49) {
        // A third, 151 bits: every case.
        t = r;
        w = n * PIO2_3;
        r = t - w;
        w = n * PIO2_3T - ((t - r) - w);
        y[0] = r - w;
      }
    }
  }
  y[1] = (r - y[0]) - w;
  if (hx < 0) {
    y[0] = -y[0]!;
    y[1] = -y[1]!;
    return -n;
  }
  return n;
}

const tail = new Float64Array(2);

/** cos x (ECMAScript's Math.cos) for |x| ≤ 2^20·π/2 ≈ 1.6·10⁶, bit for bit the same everywhere. */
export function portableCos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0); // |x| ≤ π/4
  if (ix >= 0x7ff00000) return x - x; // NaN
  const n = reduce(x, tail);
  switch (n & 3) {
    case 0: return kernelCos(tail[0]!, tail[1]!);
    case 1: return -kernelSin(tail[0]!, tail[1]!);
    case 2: return -kernelCos(tail[0]!, tail[1]!);
    default: return kernelSin(tail[0]!, tail[1]!);
  }
}
