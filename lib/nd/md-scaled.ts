/**
 * The fast pair loop of the d-generic MD kernel for "scaled" species laws: every pair type
 * is one reduced law F at its own energy and length scale,
 *   φ_t(r) = ε_t F(w),   w = κ_t r²,   κ_t = 1/σ_t²,   r_c,t² κ_t = w_c for every t,
 *   A1_t = φ'/r = 2 ε_t κ_t F'(w),
 * as the built-in `ipl` (ε, λ_t) and `lj` (ε_t, σ_t; the same x_c) laws are. F is a Laurent
 * polynomial, F(w) = Σ_k f_k w^k (k from −K to M), found from the law's own per-type table
 * (./md-forces.ts) by solving C_{t,k} = ε_t κ_t^k f_k (type 0 sets the scale: ε_0 = κ_0 = 1)
 * and checked on every coefficient and cutoff to 1e-12; a law that is not scaled keeps the
 * table loop.
 *
 * The loop is generated once per law (`new Function`) with the f_k as literals (written in
 * JavaScript's shortest round-trip form, so exact), the powers w^{−k} by multiplication and
 * only the non-zero terms: per pair it loads κ_t, ε_t, 2ε_tκ_t and no coefficient table.
 * The cutoff test is branch-free, inside = 1 − ⌊w/w_c⌋ (1 inside, 0 outside, for w < 2w_c:
 * skin below `maxSkin`), as in the 2D kernel (lib/md/kernel.ts): about a quarter of the
 * listed pairs lie outside in no predictable order, and a branch mispredicts on them.
 * Measured (N = 2000 ka liquid, 46 listed pairs per particle, CPU time at load ≈ 8 on the
 * 2-core machine): the table loop 39 ns/pair, this loop 25 (the 2D kernel's TypeScript loop,
 * lib/md/kernel.ts, 15 ns/pair at the same load). Whole MD loop: test/bench/nd-md.bench.ts.
 * `new Function` is used because V8 does not unroll the table loop's Horner loops, whose
 * trip counts are per law; the generated source holds only numbers and fixed names.
 *
 * `loop(d)` runs the same loop in C++ (native/core/nd_scaled_forces.h): the same IEEE
 * operations in the same order on the same coefficients (`scaledTerms`), so the same
 * forces and energy bit for bit (test/nd-md-native.test.ts; its cutoff test w < w_c
 * holds for any skin), 2.8× faster (10 ns per pair for ka, same list, quiet machine);
 * the generated loop stays as its reference (`referenceLoop`).
 */
import { portablePow } from '../portable/index.js';
import { addon, type NativeScaledForces } from '../native.js';

/**
 * The loop: forces into f (overwritten); U returned when `withEnergy` (default true), else 0
 * (the C++ loop then skips the energy's terms; F is the same bits either way).
 */
export type ScaledLoop = (
  n: number, x: Float64Array, species: Uint8Array, offsets: Int32Array, codes: Int32Array, shift: Float64Array, f: Float64Array,
  withEnergy?: boolean,
) => number;

/** Per-type scales and the generated loops (d = 2, 3) of a scaled law. */
export interface ScaledLaw {
  /** κ_t, ε_t and 2 ε_t κ_t per pair type. */
  readonly kappa: Float64Array;
  readonly eps: Float64Array;
  readonly eps2k: Float64Array;
  /** f_k of F(w) for k = −K…M at index k + K. */
  readonly f: Float64Array;
  /** Reduced cutoff w_c = r_c,t² κ_t. */
  readonly wc: number;
  /**
   * Largest skin of a list the generated loop (`referenceLoop`) is right for,
   * (√2 − 1)/2 · min r_c,t: a listed pair is then within r_c + 2·skin < √2·r_c until the
   * list is rebuilt (d₁ + d₂ > skin), so w < 2w_c and 1 − ⌊w/w_c⌋ is 1 or 0. The C++ loop
   * tests w < w_c itself and takes any skin.
   */
  readonly maxSkin: number;
  /** The terms of F and F' both loops evaluate (see `scaledTerms`). */
  readonly terms: ScaledTerms;
  /** The loop of dimension d: the C++ loop (native/core/nd_scaled_forces.h), made on first use. */
  loop(d: 2 | 3): ScaledLoop;
  /** The generated JavaScript loop of dimension d, the reference of `loop` (the same numbers bit for bit). */
  referenceLoop(d: 2 | 3): ScaledLoop;
}

/**
 * The terms of F(w) and F'(w) as both loops evaluate them:
 *   F  = Σ_q negEnergy[q]·w^{−negPower[q]} + Horner(pos, w),
 *   F' = Σ_q negForce[q]·w^{−negPower[q]−1} + Horner(dpos, w),
 * the non-zero negative powers in ascending order (negForce = −p·f_{−p}), Horner
 * coefficients from w⁰ up with trailing zeros dropped (at least one each).
 */
export interface ScaledTerms {
  readonly negPower: Int32Array;
  readonly negEnergy: Float64Array;
  readonly negForce: Float64Array;
  readonly pos: Float64Array;
  readonly dpos: Float64Array;
}

const REL = 1e-12;

/**
 * The part of the pair table (./md-forces.ts NdPairTable) the scaled law is read from: the
 * Laurent coefficients of φ per type and the cutoffs.
 */
export interface LaurentTable {
  readonly nSpecies: number;
  readonly cutoff: Float64Array;
  readonly cut2: Float64Array;
  readonly kNeg: number;
  readonly kPos: number;
  readonly neg0: Float64Array;
  readonly pos0: Float64Array;
  readonly laurent: boolean;
}

/** The scaled form of a Laurent table (module doc), or null when the law is not scaled. */
export function scaledLaw(table: LaurentTable): ScaledLaw | null {
  if (!table.laurent) return null;
  const K = table.kNeg, M = table.kPos, ns = table.nSpecies, nt = ns * ns;
  // C_{t,k}, k = −K…M.
  const coef = (t: number, k: number): number => (k < 0 ? table.neg0[t * (K + 1) - k]! : table.pos0[t * (M + 1) + k]!);
  const ks: number[] = [];
  for (let k = -K; k <= M; k++) if (coef(0, k) !== 0) ks.push(k);
  if (ks.length < 2) return null;
  const k1 = ks[0]!, k2 = ks[ks.length - 1]!;
  const kappa = new Float64Array(nt), eps = new Float64Array(nt), eps2k = new Float64Array(nt);
  const wc = table.cut2[0]!;
  for (let t = 0; t < nt; t++) {
    const ratio = (coef(t, k1) * coef(0, k2)) / (coef(t, k2) * coef(0, k1));
    if (!(ratio > 0) || !Number.isFinite(ratio)) return null;
    const ka = t === 0 ? 1 : portablePow(ratio, 1 / (k1 - k2));
    const e = t === 0 ? 1 : coef(t, k1) / (portablePow(ka, k1) * coef(0, k1));
    for (let k = -K; k <= M; k++) {
      const want = coef(t, k), got = e * portablePow(ka, k) * coef(0, k);
      if (!(Math.abs(want - got) <= REL * Math.abs(want)) && !(want === 0 && coef(0, k) === 0)) return null;
    }
    if (!(Math.abs(table.cut2[t]! * ka - wc) <= REL * wc)) return null;
    kappa[t] = ka;
    eps[t] = e;
    eps2k[t] = 2 * e * ka;
  }
  const f = new Float64Array(K + M + 1);
  for (let k = -K; k <= M; k++) f[k + K] = coef(0, k);
  const terms = scaledTerms(K, M, f);
  const references = new Map<number, ScaledLoop>(), loops = new Map<number, ScaledLoop>();
  let native: NativeScaledForces | null = null;
  const minCut = Math.min(...table.cutoff);
  return {
    kappa, eps, eps2k, f, wc, terms,
    loop(d) {
      let l = loops.get(d);
      if (l === undefined) {
        native ??= new addon.NativeScaledForces(ns, kappa, eps, eps2k, 1 / wc, terms.negPower, terms.negEnergy, terms.negForce, terms.pos, terms.dpos);
        const kernel = native;
        l = (n, x, species, offsets, codes, shift, out, withEnergy = true) => kernel.forces(d, n, x, species, offsets, codes, shift, out, withEnergy);
        loops.set(d, l);
      }
      return l;
    },
    referenceLoop(d) {
      let l = references.get(d);
      if (l === undefined) {
        const generated = generate(d, K, terms, wc, kappa, eps, eps2k, ns);
        // The generated loop always sums U; 0 without it, as the C++ loop returns.
        l = (n, x, species, offsets, codes, shift, out, withEnergy = true) => {
          const u = generated(n, x, species, offsets, codes, shift, out);
          return withEnergy ? u : 0;
        };
        references.set(d, l);
      }
      return l;
    },
    maxSkin: ((Math.SQRT2 - 1) / 2) * minCut,
  };
}

/** The terms of F(w) = Σ_k f[k + K] w^k, k = −K…M, and of F' (ScaledTerms). */
export function scaledTerms(K: number, M: number, f: Float64Array): ScaledTerms {
  const negPower: number[] = [], negEnergy: number[] = [], negForce: number[] = [];
  for (let k = 1; k <= K; k++) {
    const c = f[K - k]!;
    if (c === 0) continue;
    negPower.push(k);
    negEnergy.push(c);
    negForce.push(-k * c);
  }
  const trim = (c: number[]): Float64Array => {
    let top = c.length - 1;
    while (top > 0 && c[top] === 0) top--;
    return Float64Array.from(c.slice(0, top + 1));
  };
  return {
    negPower: Int32Array.from(negPower), negEnergy: Float64Array.from(negEnergy), negForce: Float64Array.from(negForce),
    pos: trim(Array.from({ length: M + 1 }, (_, m) => f[K + m]!)),
    dpos: trim(Array.from({ length: Math.max(1, M) }, (_, m) => (m + 1 <= M ? (m + 1) * f[K + m + 1]! : 0))),
  };
}

function lit(v: number): string {
  return Object.is(v, -0) ? '-0' : `(${String(v)})`;
}

/** Horner in w of Σ_m c[m] w^m (c trimmed by scaledTerms). */
function horner(c: Float64Array, v: string): string {
  let s = lit(c[c.length - 1]!);
  for (let m = c.length - 2; m >= 0; m--) s = `${lit(c[m]!)} + ${v} * (${s})`;
  return s;
}

function generate(
  d: 2 | 3, K: number, terms: ScaledTerms, wc: number,
  kappa: Float64Array, eps: Float64Array, eps2k: Float64Array, ns: number,
): ScaledLoop {
  const negE: string[] = [], negF: string[] = [];
  terms.negPower.forEach((k, q) => {
    negE.push(`${lit(terms.negEnergy[q]!)} * i${k}`);
    negF.push(`${lit(terms.negForce[q]!)} * i${k + 1}`);
  });
  const pos = terms.pos, dpos = terms.dpos;
  const powers = ['const i1 = 1 / w;'];
  for (let k = 2; k <= K + 1; k++) powers.push(`const i${k} = i${k - 1} * i1;`);
  const axes = d === 3 ? ['x', 'y', 'z'] : ['x', 'y'];
  const src = `
    const kappa = K_, eps = E_, eps2k = E2K_, ns = ${ns}, invWc = ${lit(1 / wc)};
    return function scaledLoop(n, x, species, offsets, codes, shift, f) {
      f.fill(0, 0, ${d} * n);
      let energy = 0;
      for (let i = 0; i < n; i++) {
        const io = ${d} * i, ti = species[i] * ns;
        ${axes.map((a, k) => `const ${a}i = x[io + ${k}];`).join(' ')}
        ${axes.map((a) => `let f${a}i = 0;`).join(' ')}
        for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
          const c = codes[k], j = c >> 5, jo = ${d} * j, mo = ${d} * (c & 31);
          ${axes.map((a, k) => `const r${a} = x[jo + ${k}] - ${a}i + shift[mo + ${k}];`).join(' ')}
          const t = ti + species[j];
          const w = (${axes.map((a) => `r${a} * r${a}`).join(' + ')}) * kappa[t];
          const inside = 0.5 - Math.floor(w * invWc) + 0.5;
          ${powers.join(' ')}
          energy += inside * eps[t] * (${negE.length > 0 ? negE.join(' + ') : '0'} + (${horner(pos, 'w')}));
          const a1 = inside * eps2k[t] * (${negF.length > 0 ? negF.join(' + ') : '0'} + (${horner(dpos, 'w')}));
          ${axes.map((a, k) => `const g${a} = a1 * r${a}; f${a}i += g${a}; f[jo + ${k}] -= g${a};`).join(' ')}
        }
        ${axes.map((a, k) => `f[io + ${k}] += f${a}i;`).join(' ')}
      }
      return energy;
    };`;
  return new Function('K_', 'E_', 'E2K_', src)(kappa, eps, eps2k) as ScaledLoop;
}
