/**
 * Energy and forces of any species pair law (docs/design.md §10) over the d-generic Verlet list
 * (./md-neighbor-list.ts), d = 2, 3: the kernel of the d-generic MD and minimization.
 *
 * The pair table. Every built-in species law is a sum of even powers of r (lib/model
 * power-sum.ts: `ipl`, `lj`), i.e. a Laurent polynomial in u = r²:
 *   φ_t(u)  = Σ_{k=1..K} b_{t,k} u^{−k} + Σ_{m=0..M} a_{t,m} u^m,
 *   A1_t(u) = φ'/r = 2 dφ/du = Σ_k (−2k) b_{t,k} u^{−k−1} + Σ_m 2m a_{t,m} u^{m−1},
 * evaluated by two Horner polynomials (in 1/u and in u) with per-type coefficients
 * (t = s_i·nSpecies + s_j): one division per pair, no `Math.pow`. Any other species law
 * (a user's, odd powers) is evaluated through `law.radial(a, b, r)` per pair (slower;
 * checked by finite differences first, lib/model `checkPairLaw`).
 *
 * Forces (bond r = x_j − x_i, the lib/hessian convention): F_i += A1 r, F_j −= A1 r;
 * U = Σ_pairs φ(|r|), each pair once (half list). Zero beyond r_c,t (u ≥ r_c²).
 * Laws whose types are one reduced law at per-type scales (`ipl`, `lj`) run the loop of
 * ./md-scaled.ts (in C++, or its generated JavaScript reference: ./reference-loops.ts), the
 * same sums to rounding; the table loop is its reference.
 * Units: λ, ε, ε/λ. Arrays: x, f Float64Array(d·N), interleaved.
 */
import { addon } from '../native.js';
import type { PairLaw } from '../model/pair-law.js';
import { POLY_NONADDITIVITY, POLY_XC, type PolyLaw, type PowerSumLaw } from '../model/laws.js';
import { checkPairLaw } from '../model/pair-law.js';
import type { NdNeighborList } from './md-neighbor-list.js';
import { scaledLaw, type ScaledLaw } from './md-scaled.js';
import { ndReferenceLoops } from './reference-loops.js';
import { ArgumentRangeError } from '../errors.js';

/** Per-type tables of a species law for the force loops (plain record; module doc). */
export interface NdPairTable {
  readonly law: PairLaw;
  readonly nSpecies: number;
  /** r_c,t and r_c,t² per type (λ, λ²). */
  readonly cutoff: Float64Array;
  readonly cut2: Float64Array;
  /** Highest inverse power K of u in φ, highest power M (0 when none). */
  readonly kNeg: number;
  readonly kPos: number;
  /** φ: b_{t,k} at t·(K+1) + k (k = 1..K), a_{t,m} at t·(M+1) + m. */
  readonly neg0: Float64Array;
  readonly pos0: Float64Array;
  /** A1: coefficient of u^{−k} at t·(K+2) + k (k = 1..K+1), of u^m at t·(M+1) + m (m = 0..M−1). */
  readonly neg1: Float64Array;
  readonly pos1: Float64Array;
  /** True when the Horner tables hold the law; false: `law.radial` per pair. */
  readonly laurent: boolean;
  /** The law as one reduced law at per-type scales, with its generated loop (./md-scaled.ts), or null. */
  readonly scaled: ScaledLaw | null;
  /**
   * The per-particle `poly` law (`polyForces`, in C++: native/core/nd_poly_forces.h): the
   * sizes σ_i (λ, Float64Array(N)) and [ε, c0, c2, c4, x_c², non-additivity]; null for a
   * species law. Then nSpecies = 1 and the one cutoff is 1.25·max σ_i ≥ every 1.25 σ_ij.
   */
  readonly poly: { readonly sizes: Float64Array; readonly coefficients: Float64Array } | null;
}

function isPowerSum(law: PairLaw): law is PowerSumLaw {
  return Array.isArray((law as PowerSumLaw).terms);
}

/**
 * The pair table of a species law (module doc). A law that is not a built-in power sum is
 * checked by finite differences first.
 * @throws RangeError for a per-particle law (`poly`) or a law that fails the check
 */
export function createNdPairTable(law: PairLaw, sizes?: Float64Array): NdPairTable {
  if (law.perParticle) {
    if (law.name !== 'poly' || !((law as PolyLaw).c instanceof Float64Array)) {
      throw new ArgumentRangeError(`law '${law.name}': a per-particle law other than the built-in poly is not supported by the MD kernel; use a species law (ipl, lj, or your own)`);
    }
    if (!(sizes instanceof Float64Array) || sizes.length < 1) throw new ArgumentRangeError(`sizes: expected the particle sizes σ_i of the '${law.name}' law (Float64Array(N)), got ${String(sizes)}`);
    let max = 0;
    for (const v of sizes) max = Math.max(max, v);
    const rc = POLY_XC * max, c = (law as PolyLaw).c;
    const epsilon = Number((law as PolyLaw).params.epsilon ?? 1);
    const none = new Float64Array(1);
    return {
      law, nSpecies: 1, cutoff: Float64Array.of(rc), cut2: Float64Array.of(rc * rc), kNeg: 0, kPos: 0, neg0: none, pos0: none, neg1: none, pos1: none,
      laurent: false, scaled: null,
      poly: { sizes, coefficients: Float64Array.of(epsilon, c[0]!, c[1]!, c[2]!, POLY_XC * POLY_XC, POLY_NONADDITIVITY) },
    };
  }
  const ns = law.nSpecies, nt = ns * ns;
  const cutoff = new Float64Array(nt), cut2 = new Float64Array(nt);
  for (let a = 0; a < ns; a++) {
    for (let b = 0; b < ns; b++) {
      cutoff[a * ns + b] = law.cutoff(a, b);
      cut2[a * ns + b] = cutoff[a * ns + b]! ** 2;
    }
  }
  let laurent = isPowerSum(law) && law.terms.length === nt &&
    law.terms.every((tt) => tt.every(({ p }) => Number.isInteger(p) && p % 2 === 0));
  if (!laurent) {
    if (!isPowerSum(law)) checkPairLaw(law);
    laurent = false;
  }
  let K = 0, M = 0;
  if (laurent) {
    for (const tt of (law as PowerSumLaw).terms) {
      for (const { p } of tt) {
        if (p < 0) K = Math.max(K, -p / 2);
        else M = Math.max(M, p / 2);
      }
    }
  }
  const neg0 = new Float64Array(nt * (K + 1)), pos0 = new Float64Array(nt * (M + 1));
  const neg1 = new Float64Array(nt * (K + 2)), pos1 = new Float64Array(nt * (M + 1));
  if (laurent) {
    const terms = (law as PowerSumLaw).terms;
    for (let t = 0; t < nt; t++) {
      for (const { p, C } of terms[t]!) {
        const k = p / 2;
        if (k < 0) {
          neg0[t * (K + 1) - k] += C;
          neg1[t * (K + 2) - k + 1] += 2 * k * C;
        } else {
          pos0[t * (M + 1) + k] += C;
          if (k > 0) pos1[t * (M + 1) + k - 1] += 2 * k * C;
        }
      }
    }
  }
  const table = { law, nSpecies: ns, cutoff, cut2, kNeg: K, kPos: M, neg0, pos0, neg1, pos1, laurent, scaled: null, poly: null };
  return { ...table, scaled: scaledLaw(table) };
}

/**
 * F = −∇U into f (overwritten, Float64Array(d·N)); returns U (ε), or 0 when `withEnergy`
 * is false (default true: the C++ loop of a scaled law then skips the energy's terms, ≈ 15 %
 * less time; the other loops compute U all the same; F is the same bits either way). The
 * list must be current for x (built from x, or every particle moved by less than skin/2
 * since... see ./md-neighbor-list.ts for the rebuild rule).
 */
export function ndForces(table: NdPairTable, nl: NdNeighborList, x: Float64Array, species: Uint8Array, f: Float64Array, withEnergy = true): number {
  let u: number;
  if (table.poly !== null) {
    const { sizes, coefficients } = table.poly;
    u = ndReferenceLoops() ? polyForces(sizes, coefficients, nl, x, f)
      : addon.ndPolyForces(nl.d, nl.n, x, sizes, nl.offsets, nl.codes, nl.shift, coefficients, f);
  } else if (!table.laurent) {
    u = radialForces(table, nl, x, species, f);
  } else if (table.scaled !== null) {
    const sc = table.scaled;
    const loop = ndReferenceLoops() ? sc.referenceLoop(nl.d) : sc.loop(nl.d);
    return loop(nl.n, x, species, nl.offsets, nl.codes, nl.shift, f, withEnergy);
  } else {
    u = ndTableForces(table, nl, x, species, f);
  }
  return withEnergy ? u : 0;
}

/** The per-type table loop (module doc); the reference of the scaled loop (./md-scaled.ts). */
export function ndTableForces(table: NdPairTable, nl: NdNeighborList, x: Float64Array, species: Uint8Array, f: Float64Array): number {
  return nl.d === 3 ? laurentForces3(table, nl, x, species, f) : laurentForces2(table, nl, x, species, f);
}

function laurentForces3(tb: NdPairTable, nl: NdNeighborList, x: Float64Array, species: Uint8Array, f: Float64Array): number {
  const n = nl.n, ns = tb.nSpecies, K = tb.kNeg, M = tb.kPos;
  const offsets = nl.offsets, codes = nl.codes, shift = nl.shift, cut2 = tb.cut2;
  const neg0 = tb.neg0, pos0 = tb.pos0, neg1 = tb.neg1, pos1 = tb.pos1;
  const K1 = K + 1, K2 = K + 2, M1 = M + 1;
  f.fill(0, 0, 3 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const i3 = 3 * i, xi = x[i3]!, yi = x[i3 + 1]!, zi = x[i3 + 2]!, ti = species[i]! * ns;
    let fxi = 0, fyi = 0, fzi = 0;
    for (let k = offsets[i]!, e = offsets[i + 1]!; k < e; k++) {
      const c = codes[k]!, j = c >> 5, m3 = 3 * (c & 31), j3 = 3 * j;
      const rx = x[j3]! - xi + shift[m3]!, ry = x[j3 + 1]! - yi + shift[m3 + 1]!, rz = x[j3 + 2]! - zi + shift[m3 + 2]!;
      const u = rx * rx + ry * ry + rz * rz;
      const t = ti + species[j]!;
      if (u >= cut2[t]!) continue;
      const inv = 1 / u;
      // φ = inv·(b1 + inv·(b2 + …)) + (a0 + u·(a1 + …)); A1 likewise.
      let o = t * K1 + K, s0 = neg0[o]!;
      for (let q = K - 1; q >= 1; q--) s0 = s0 * inv + neg0[--o]!;
      o = t * M1 + M;
      let p0 = pos0[o]!;
      for (let q = M - 1; q >= 0; q--) p0 = p0 * u + pos0[--o]!;
      energy += s0 * inv + p0;
      o = t * K2 + K + 1;
      let s1 = neg1[o]!;
      for (let q = K; q >= 1; q--) s1 = s1 * inv + neg1[--o]!;
      o = t * M1 + M - 1;
      let p1 = M > 0 ? pos1[o]! : 0;
      for (let q = M - 2; q >= 0; q--) p1 = p1 * u + pos1[--o]!;
      const a1 = s1 * inv + p1;
      const gx = a1 * rx, gy = a1 * ry, gz = a1 * rz;
      fxi += gx;
      fyi += gy;
      fzi += gz;
      f[j3] -= gx;
      f[j3 + 1] -= gy;
      f[j3 + 2] -= gz;
    }
    f[i3] += fxi;
    f[i3 + 1] += fyi;
    f[i3 + 2] += fzi;
  }
  return energy;
}

function laurentForces2(tb: NdPairTable, nl: NdNeighborList, x: Float64Array, species: Uint8Array, f: Float64Array): number {
  const n = nl.n, ns = tb.nSpecies, K = tb.kNeg, M = tb.kPos;
  const offsets = nl.offsets, codes = nl.codes, shift = nl.shift, cut2 = tb.cut2;
  const neg0 = tb.neg0, pos0 = tb.pos0, neg1 = tb.neg1, pos1 = tb.pos1;
  const K1 = K + 1, K2 = K + 2, M1 = M + 1;
  f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const i2 = 2 * i, xi = x[i2]!, yi = x[i2 + 1]!, ti = species[i]! * ns;
    let fxi = 0, fyi = 0;
    for (let k = offsets[i]!, e = offsets[i + 1]!; k < e; k++) {
      const c = codes[k]!, j = c >> 5, m2 = 2 * (c & 31), j2 = 2 * j;
      const rx = x[j2]! - xi + shift[m2]!, ry = x[j2 + 1]! - yi + shift[m2 + 1]!;
      const u = rx * rx + ry * ry;
      const t = ti + species[j]!;
      if (u >= cut2[t]!) continue;
      const inv = 1 / u;
      let o = t * K1 + K, s0 = neg0[o]!;
      for (let q = K - 1; q >= 1; q--) s0 = s0 * inv + neg0[--o]!;
      o = t * M1 + M;
      let p0 = pos0[o]!;
      for (let q = M - 1; q >= 0; q--) p0 = p0 * u + pos0[--o]!;
      energy += s0 * inv + p0;
      o = t * K2 + K + 1;
      let s1 = neg1[o]!;
      for (let q = K; q >= 1; q--) s1 = s1 * inv + neg1[--o]!;
      o = t * M1 + M - 1;
      let p1 = M > 0 ? pos1[o]! : 0;
      for (let q = M - 2; q >= 0; q--) p1 = p1 * u + pos1[--o]!;
      const a1 = s1 * inv + p1;
      const gx = a1 * rx, gy = a1 * ry;
      fxi += gx;
      fyi += gy;
      f[j2] -= gx;
      f[j2 + 1] -= gy;
    }
    f[i2] += fxi;
    f[i2 + 1] += fyi;
  }
  return energy;
}

/**
 * The `poly` law (docs/design.md §10) over the list, per pair: σ_ij = ½(σ_i + σ_j)(1 − a|σ_i − σ_j|),
 * w = r²/σ_ij², φ = ε[w⁻⁶ + c0 + c2 w + c4 w²] for w < x_c², A1 = φ'/r = (2ε/σ_ij²)(−6 w⁻⁷ + c2 + 2 c4 w).
 * coefficients = [ε, c0, c2, c4, x_c² (1.25²), a (0.2)]. The reference of the C++ loop
 * (native/core/nd_poly_forces.h: the same numbers bit for bit; ./reference-loops.ts).
 */
function polyForces(sizes: Float64Array, coefficients: Float64Array, nl: NdNeighborList, x: Float64Array, f: Float64Array): number {
  const { d, n } = nl;
  const offsets = nl.offsets, codes = nl.codes, shift = nl.shift;
  const eps = coefficients[0]!, c0 = coefficients[1]!, c2 = coefficients[2]!, c4 = coefficients[3]!, wc = coefficients[4]!;
  const nonadditivity = coefficients[5]!;
  f.fill(0, 0, d * n);
  let energy = 0;
  const r = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const si = sizes[i]!;
    for (let k = offsets[i]!, e = offsets[i + 1]!; k < e; k++) {
      const c = codes[k]!, j = c >> 5, m = c & 31, sj = sizes[j]!;
      let u = 0;
      for (let a = 0; a < d; a++) {
        r[a] = x[d * j + a]! - x[d * i + a]! + shift[d * m + a]!;
        u += r[a]! * r[a]!;
      }
      const sij = 0.5 * (si + sj) * (1 - nonadditivity * Math.abs(si - sj)), s2 = sij * sij;
      const w = u / s2;
      if (w >= wc) continue;
      const inv = 1 / w, i2 = inv * inv, i6 = i2 * i2 * i2;
      energy += eps * (i6 + c0 + w * (c2 + w * c4));
      const a1 = ((2 * eps) / s2) * (-6 * i6 * inv + c2 + 2 * c4 * w);
      for (let a = 0; a < d; a++) {
        f[d * i + a] += a1 * r[a]!;
        f[d * j + a] -= a1 * r[a]!;
      }
    }
  }
  return energy;
}

const RADIAL = new Float64Array(5);

/** Any species law through law.radial (one call per pair inside the cutoff). */
function radialForces(tb: NdPairTable, nl: NdNeighborList, x: Float64Array, species: Uint8Array, f: Float64Array): number {
  const { d, n } = nl;
  const offsets = nl.offsets, codes = nl.codes, shift = nl.shift, cut2 = tb.cut2, ns = tb.nSpecies, law = tb.law;
  f.fill(0, 0, d * n);
  let energy = 0;
  const r = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!, e = offsets[i + 1]!; k < e; k++) {
      const c = codes[k]!, j = c >> 5, m = c & 31;
      let u = 0;
      for (let a = 0; a < d; a++) {
        r[a] = x[d * j + a]! - x[d * i + a]! + shift[d * m + a]!;
        u += r[a]! * r[a]!;
      }
      const si = species[i]!, sj = species[j]!;
      if (u >= cut2[si * ns + sj]!) continue;
      const dist = Math.sqrt(u);
      law.radial(si, sj, dist, RADIAL);
      energy += RADIAL[0]!;
      const a1 = RADIAL[1]! / dist;
      for (let a = 0; a < d; a++) {
        f[d * i + a] += a1 * r[a]!;
        f[d * j + a] -= a1 * r[a]!;
      }
    }
  }
  return energy;
}

/**
 * Harmonic soft spheres, the push-off potential of the random start (./md-random-start.ts):
 *   φ_t(r) = ½ ε (1 − r/σ_t)² for r < σ_t, else 0,
 * σ_t = `sigma[t]` ≤ r_c,t (so that the list covers it); with `sizes` (the `poly` law) per pair
 * σ = sigma[0]·σ_ij, σ_ij = ½(σ_i + σ_j)(1 − 0.2|σ_i − σ_j|). Forces into f (overwritten); returns U (ε).
 */
export function softSphereForces(
  nl: NdNeighborList, sigma: Float64Array, x: Float64Array, species: Uint8Array, f: Float64Array, sizes?: Float64Array,
): number {
  const { d, n } = nl;
  const offsets = nl.offsets, codes = nl.codes, shift = nl.shift, ns = nl.nSpecies;
  f.fill(0, 0, d * n);
  let energy = 0;
  const r = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!, e = offsets[i + 1]!; k < e; k++) {
      const c = codes[k]!, j = c >> 5, m = c & 31;
      let u = 0;
      for (let a = 0; a < d; a++) {
        r[a] = x[d * j + a]! - x[d * i + a]! + shift[d * m + a]!;
        u += r[a]! * r[a]!;
      }
      const s = sizes === undefined ? sigma[species[i]! * ns + species[j]!]!
        : sigma[0]! * 0.5 * (sizes[i]! + sizes[j]!) * (1 - POLY_NONADDITIVITY * Math.abs(sizes[i]! - sizes[j]!));
      if (u >= s * s) continue;
      const dist = Math.sqrt(u);
      const overlap = 1 - dist / s;
      energy += 0.5 * overlap * overlap;
      // dφ/dr = −overlap/σ; A1 = φ'/r.
      const a1 = dist > 0 ? -overlap / (s * dist) : 0;
      for (let a = 0; a < d; a++) {
        f[d * i + a] += a1 * r[a]!;
        f[d * j + a] -= a1 * r[a]!;
      }
    }
  }
  return energy;
}
