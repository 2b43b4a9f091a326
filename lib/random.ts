/**
 * Seeded pseudo-random numbers: xoshiro128** 1.1 seeded through splitmix64.
 *
 * Every stochastic routine in softspot (bootstrap resampling, synthetic tests, random
 * starts) takes an `Rng` or a seed from here, so results are reproducible bit for bit
 * from the seed on any platform (all arithmetic is 32-bit integer via `Math.imul`).
 *
 * Generator (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47, 36 (2021); reference code https://prng.di.unimi.it/xoshiro128starstar.c):
 *
 *     out = rotl(s1 · 5, 7) · 9            (mod 2^32)
 *     t = s1 << 9;  s2 ^= s0;  s3 ^= s1;  s1 ^= s2;  s0 ^= s3;  s2 ^= t;  s3 = rotl(s3, 11)
 *
 * Period 2^128 − 1, 128-bit state `Uint32Array(4)` = [s0, s1, s2, s3].
 *
 * Seeding: the 64-bit seed feeds splitmix64 (Steele, Lea & Flood, OOPSLA 2014), as the
 * xoshiro authors recommend; its first two outputs z1, z2 give
 * s = [lo32(z1), hi32(z1), lo32(z2), hi32(z2)]. Nearby seeds (0, 1, 2, …) give
 * decorrelated streams, so per-sample / per-worker seeds can simply be consecutive.
 *
 * Samplers:
 * - `uniform()`  in [0, 1) with 53 random bits: (⌊a/32⌋·2^26 + ⌊b/64⌋) / 2^53 from two outputs.
 * - `normal()`   standard normal by Box–Muller, z = √(−2 ln u1) · cos(2π u2), u1 ∈ (0, 1];
 *                one normal per two uniforms (the sine partner is discarded, so the state
 *                is exactly the four words above — no hidden cache).
 * - `uniformInt(n)` = ⌊uniform() · n⌋ in [0, n); bias ≤ n / 2^53, negligible for n ≤ 2^32.
 */

import { portableCos, portableLog, portableLog1p } from './portable/index.js';
import { ArgumentRangeError, ArgumentTypeError } from './errors.js';

/** A xoshiro128** stream. `state` is live: copy it to checkpoint, pass it to `rngFromState` to resume. */
export interface Rng {
  /** The generator state [s0, s1, s2, s3] (mutated by every draw). */
  readonly state: Uint32Array;
  /** Next raw 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal deviate (mean 0, variance 1), Box–Muller. */
  normal(): number;
  /** Uniform integer in [0, n), n a positive integer ≤ 2^32. */
  uniformInt(n: number): number;
}

const MASK64 = (1n << 64n) - 1n;

/** splitmix64 step: returns [nextState, output], both in [0, 2^64). */
function splitmix64(x: bigint): [bigint, bigint] {
  const s = (x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [s, z ^ (z >> 31n)];
}

class Xoshiro128ss implements Rng {
  readonly state: Uint32Array;
  constructor(state: Uint32Array) {
    this.state = state;
  }
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  }
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }
  normal(): number {
    const u1 = 1 - this.uniform(); // (0, 1]
    const u2 = this.uniform();
    return Math.sqrt(-2 * portableLog(u1)) * portableCos(2 * Math.PI * u2);
  }
  uniformInt(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/**
 * A new xoshiro128** stream seeded through splitmix64.
 * @param seed a non-negative safe integer or a bigint (reduced mod 2^64).
 */
export function createRng(seed: number | bigint): Rng {
  let x: bigint;
  if (typeof seed === 'bigint') x = seed & MASK64;
  else if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ArgumentRangeError(`seed: expected a non-negative safe integer, got ${seed}`);
    }
    x = BigInt(seed);
  } else {
    throw new ArgumentTypeError(`seed: expected a number or bigint, got ${seed === null ? 'null' : typeof seed}`);
  }
  const [x1, z1] = splitmix64(x);
  const [, z2] = splitmix64(x1);
  const st = new Uint32Array([
    Number(z1 & 0xffffffffn), Number(z1 >> 32n), Number(z2 & 0xffffffffn), Number(z2 >> 32n),
  ]);
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1; // all-zero state is the one fixed point
  return new Xoshiro128ss(st);
}

/** Resume a stream from a saved state `[s0, s1, s2, s3]` (copied; must not be all zero). */
export function rngFromState(state: Uint32Array): Rng {
  if (!(state instanceof Uint32Array)) throw new ArgumentTypeError(`state: expected a Uint32Array, got ${typeof state}`);
  if (state.length !== 4) throw new ArgumentRangeError(`state: expected length 4, got ${state.length}`);
  if ((state[0] | state[1] | state[2] | state[3]) === 0) {
    throw new ArgumentRangeError('state: expected a non-zero state, got all zeros');
  }
  return new Xoshiro128ss(Uint32Array.from(state));
}

/** Fill `out` (length n) with uniforms in [lo, hi). Returns `out`. */
export function fillUniform(rng: Rng, out: Float64Array, lo = 0, hi = 1): Float64Array {
  const w = hi - lo;
  for (let i = 0; i < out.length; i++) out[i] = lo + w * rng.uniform();
  return out;
}

/** Fill `out` (length n) with normal deviates of the given mean and standard deviation. Returns `out`. */
export function fillNormal(rng: Rng, out: Float64Array, mean = 0, sd = 1): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = mean + sd * rng.normal();
  return out;
}

/**
 * A Binomial(n, p) deviate: the number of successes in n independent trials of probability
 * p, drawn from the waiting times between successes instead of trial by trial. The gap
 * before each success is geometric, G = ⌊ln U / ln(1 − p)⌋ failures with U uniform on
 * (0, 1] (inversion of P(G ≥ g) = (1 − p)^g); successes are counted while their positions
 * stay ≤ n. For p > 1/2 the failures are counted instead (n − Binomial(n, 1 − p)), so the
 * cost is O(n·min(p, 1 − p)) uniforms rather than O(n) — what makes a bootstrap of a small
 * tail of a large sample cheap (lib/stats/powerlaw.ts).
 * @param n trials, a non-negative safe integer.
 * @param p success probability in [0, 1].
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new ArgumentRangeError(`n: expected a non-negative safe integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new ArgumentRangeError(`p: expected a probability in [0, 1], got ${p}`);
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  if (p === 0 || n === 0) return 0;
  const logQ = portableLog1p(-p);
  let successes = 0;
  for (let position = 0; ;) {
    position += 1 + Math.floor(portableLog(1 - rng.uniform()) / logQ);
    if (position > n) return successes;
    successes++;
  }
}
