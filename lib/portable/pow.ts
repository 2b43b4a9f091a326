/**
 * x^y with the same bits on every platform and every Node.js version.
 *
 * Why not Math.pow: its last bit depends on the JavaScript engine. Up to Node.js 22, V8 on
 * x86-64 computes it with fdlibm's algorithm; Node.js 24 (V8 13.6, `--use-std-math-pow`)
 * calls the C library's pow instead, and V8 on arm64 is compiled with fused multiply-add. A
 * prepared glass is a chaotic function of its pair law's coefficients and of the thermostat's
 * random numbers, so one different last bit of one power made another glass from the same
 * seed (`softspot prepare --n 500 --seed 7`: E = 1991.504 with Node 20, 1988.872 with
 * Node 24). This is fdlibm's e_pow.c (Sun Microsystems 1993, as in V8's legacy Math.pow)
 * written in JavaScript arithmetic, which is IEEE double precision with no contraction on
 * every platform: it returns exactly what Math.pow returned on x86-64 up to Node.js 22, so
 * glasses prepared there before are unchanged (test/portable-math.test.ts compares the two).
 * Its error is below 1 ulp (fdlibm's own bound: 0.5 ulp + ε).
 *
 * The special cases are ECMAScript's (which are fdlibm's): y = ±0 → 1 for any x, NaN in x
 * or y → NaN, (±1)^(±∞) → NaN, (x < 0)^(non-integer) → NaN.
 *
 * ====================================================
 * Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
 *
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

import { EXP_P1 as P1, EXP_P2 as P2, EXP_P3 as P3, EXP_P4 as P4, EXP_P5 as P5, INV_LN2 as IVLN2 } from './exp.js';
import { clearLow, fromWords, highWord, lowWord, withHigh } from './words.js';

// The constants, from their bits (the decimal value in the comment).
const BP = [1.0, 1.5];
const DP_H = [0.0, fromWords(0x3fe2b803, 0x40000000)]; // 5.84962487220764160156e-01 = log2(1.5) high
const DP_L = [0.0, fromWords(0x3e4cfdeb, 0x43cfd006)]; // 1.35003920212974897128e-08 = its tail
const TWO53 = fromWords(0x43400000, 0); // 2^53
const HUGE = 1.0e300, TINY = 1.0e-300;
const TWO_M54 = fromWords(0x3c900000, 0); // 2^-54
// (3/2)·(log(x) − 2s − 2s³/3) in powers of s² (s = (x−1)/(x+1)).
const L1 = fromWords(0x3fe33333, 0x33333303); // 5.99999999999994648725e-01
const L2 = fromWords(0x3fdb6db6, 0xdb6fabff); // 4.28571428578550184252e-01
const L3 = fromWords(0x3fd55555, 0x518f264d); // 3.33333329818377432918e-01
const L4 = fromWords(0x3fd17460, 0xa91d4101); // 2.72728123808534006489e-01
const L5 = fromWords(0x3fcd864a, 0x93c9db65); // 2.30660745775561754067e-01
const L6 = fromWords(0x3fca7e28, 0x4a454eef); // 2.06975017800338417784e-01
const LG2 = fromWords(0x3fe62e42, 0xfefa39ef); // 6.93147180559945286227e-01 = ln 2
const LG2_H = fromWords(0x3fe62e43, 0); // 6.93147182464599609375e-01
const LG2_L = fromWords(0xbe205c61, 0x0ca86c39); // -1.90465429995776804525e-09
const OVT = 8.0085662595372944372e-17; // −(1024 − log2(overflow + ½ ulp))
const CP = fromWords(0x3feec709, 0xdc3a03fd); // 9.61796693925975554329e-01 = 2/(3 ln 2)
const CP_H = fromWords(0x3feec709, 0xe0000000); // 9.61796700954437255859e-01 = (float) cp
const CP_L = fromWords(0xbe3e2fe0, 0x145b01f5); // -7.02846165095275826516e-09 = tail of cp_h
const IVLN2_H = fromWords(0x3ff71547, 0x60000000); // 1.44269502162933349609e+00 = 24 bits of 1/ln 2
const IVLN2_L = fromWords(0x3e54ae0b, 0xf85ddf44); // 1.92596299112661746887e-08 = its tail

/** 2^n · z for a z near 1 whose result is subnormal, rounded once (C's scalbn). */
function scaleToSubnormal(z: number, n: number): number {
  const hz = highWord(z);
  const k = ((hz & 0x7ff00000) >> 20) + n; // the biased exponent of the result
  if (k <= -54) return TINY * TINY; // below half the smallest subnormal: +0, as scalbn
  // The exponent k + 54 keeps the number normal and exact; × 2^-54 rounds once.
  return withHigh(z, (hz & 0x800fffff) | ((k + 54) << 20)) * TWO_M54;
}

/**
 * x^y (ECMAScript's Math.pow semantics), bit for bit the same on every platform and Node.js
 * version; fdlibm's algorithm: log2(x) to ~70 bits as t1 + t2, y·log2(x) split exactly into
 * an integer n and a remainder in [−½, ½], 2^remainder by exp's rational approximation.
 */
export function portablePow(x: number, y: number): number {
  const hx = highWord(x), lx = lowWord(x);
  const hy = highWord(y), ly = lowWord(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  // y = ±0: x^0 = 1, even for NaN.
  if ((iy | ly) === 0) return 1;
  // NaN in x or y.
  if (ix > 0x7ff00000 || (ix === 0x7ff00000 && lx !== 0) || iy > 0x7ff00000 || (iy === 0x7ff00000 && ly !== 0)) {
    return x + y;
  }

  // For x < 0: is y an odd integer (1), an even integer (2) or not an integer (0)?
  let yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) yisint = 2; // |y| ≥ 2^53: even
    else if (iy >= 0x3ff00000) {
      const k = (iy >> 20) - 0x3ff; // exponent of y
      if (k > 20) {
        const j = ly >>> (52 - k);
        if (((j << (52 - k)) >>> 0) === (ly >>> 0)) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - k);
        if ((j << (20 - k)) === iy) yisint = 2 - (j & 1);
      }
    }
  }

  // y = ±∞, ±1, 2, ½.
  if (ly === 0) {
    if (iy === 0x7ff00000) {
      if (((ix - 0x3ff00000) | lx) === 0) return y - y; // (±1)^(±∞) is NaN
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x;
    if (hy === 0x40000000) return x * x;
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // correctly rounded everywhere
  }

  let ax = Math.abs(x);
  // x = ±0, ±∞, ±1.
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) z = (z - z) / (z - z); // (−1)^(non-integer)
      else if (yisint === 1) z = -z;
    }
    return z;
  }

  let n = (hx >> 31) + 1;
  // (x < 0)^(non-integer) is NaN.
  if ((n | yisint) === 0) return (x - x) / (x - x);
  // The sign of the result: −1 for (x < 0)^(odd integer).
  const s = (n | (yisint - 1)) === 0 ? -1 : 1;

  let t1: number, t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31.
    if (iy > 0x43f00000) {
      // |y| > 2^64: over- or underflows.
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY;
      if (ix >= 0x3ff00000) return hy > 0 ? HUGE * HUGE : TINY * TINY;
    }
    // Over- or underflow unless x is close to 1.
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY;
    // |1 − x| ≤ 2^−20: log(x) by x − x²/2 + x³/3 − x⁴/4.
    const t = ax - 1; // 20 trailing zeros
    const w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t; // IVLN2_H has 21 significant bits
    const v = t * IVLN2_L - w * IVLN2;
    t1 = clearLow(u + v);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    // Subnormal x.
    if (ix < 0x00100000) {
      ax *= TWO53;
      n -= 53;
      ix = highWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    // The interval: |x| < √(3/2) (k = 0), < √3 (k = 1), else halve it.
    ix = j | 0x3ff00000;
    let k: number;
    if (j <= 0x3988e) k = 0;
    else if (j < 0xbb67a) k = 1;
    else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = withHigh(ax, ix);

    // ss = s_h + s_l = (x − 1)/(x + 1) or (x − 1.5)/(x + 1.5).
    let u = ax - BP[k]!;
    let v = 1 / (ax + BP[k]!);
    const ss = u * v;
    const sH = clearLow(ss);
    // t_h = ax + bp[k], high part.
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    let tL = ax - (tH - BP[k]!);
    const sL = v * ((u - sH * tH) - sH * tL);
    // log(ax).
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = clearLow(3.0 + s2 + r);
    tL = r - ((tH - 3.0) - s2);
    // u + v = ss·(1 + …).
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3 log 2)·(ss + …).
    const pH = clearLow(u + v);
    const pL = v - (pH - u);
    const zH = CP_H * pH; // cp_h + cp_l = 2/(3 log 2)
    const zL = CP_L * pH + pL * CP + DP_L[k]!;
    // log2(ax) = (ss + …)·2/(3 log 2) = n + dp_h + z_h + z_l.
    const t = n;
    t1 = clearLow(((zH + zL) + DP_H[k]!) + t);
    t2 = zL - (((t1 - t) - DP_H[k]!) - zH);
  }

  // (y1 + y2)·(t1 + t2) with y1 = y's leading 21 bits.
  const y1 = clearLow(y);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = highWord(z);
  let i = lowWord(z);
  if (j >= 0x40900000) {
    // z ≥ 1024.
    if (((j - 0x40900000) | i) !== 0) return s * HUGE * HUGE;
    if (pL + OVT > z - pH) return s * HUGE * HUGE;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z ≤ −1075.
    if (((j - 0xc090cc00) | i) !== 0) return s * TINY * TINY;
    if (pL <= z - pH) return s * TINY * TINY;
  }

  // 2^(p_h + p_l).
  i = j & 0x7fffffff;
  let k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    // |z| > ½: n = [z + ½].
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // the new k for n
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = clearLow(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const tt1 = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  // fdlibm has (z·t1)/(t1 − 2) − (w + z·w); V8 grouped it as below, and its results are the
  // ones glasses were prepared with.
  const r = (z * tt1) / ((tt1 - 2) - (w + z * w));
  z = 1 - (r - z);
  j = highWord(z);
  j += n << 20;
  if ((j >> 20) <= 0) z = scaleToSubnormal(z, n); // subnormal result
  else z = withHigh(z, highWord(z) + (n << 20));
  return s * z;
}
