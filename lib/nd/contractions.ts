/**
 * The pair tensors of docs/design.md §4 in any dimension d, and their contractions, written in
 * closed form from the bond vector r = r_α and the reduced radial derivatives
 * A_k = (r⁻¹ d/dr)^k φ (lib/nd/radial.ts) instead of stored d³ / d⁴ arrays:
 *
 *   g_a    = A1 r_a
 *   K_ab   = A2 r_a r_b + A1 δ_ab
 *   T_abc  = A3 r_a r_b r_c + A2 (δ_ab r_c + δ_ac r_b + δ_bc r_a)
 *   Q_abcd = A4 r_a r_b r_c r_d + A3 (δ_ab r_c r_d + 5 more) + A2 (δ_ab δ_cd + δ_ac δ_bd + δ_ad δ_bc)
 *
 * For a symmetric d×d block G (G_α, Ġ_α) and a vector v (ṙ_α), with s = r·v, q = rᵀGr,
 * t = tr G, p = rᵀGv:
 *   (T:G)_a        = A3 q r_a + A2 (2 (Gr)_a + t r_a)
 *   (T·v)_ab       = A3 s r_a r_b + A2 (s δ_ab + v_a r_b + r_a v_b)            (K̇ = T·ṙ)
 *   ((Q·v):G)_a    = A4 q s r_a + A3 (2 s (Gr)_a + q v_a + (t s + 2p) r_a) + A2 (2 (Gv)_a + t v_a)   (Ṫ:G)
 * Per-pair layouts: vectors d per pair, blocks d² per pair (row-major); particle vectors
 * dN interleaved. D_α u = u_j − u_i; D_αᵀ v puts −v on i and +v on j.
 */
import type { NdPairList } from './pairs.js';
import { RADIAL_STRIDE } from './radial.js';

/** K_α = A2 r rᵀ + A1 I per pair (d² per pair). */
export function stiffnessBlocks(pairs: NdPairList, radial: Float64Array): Float64Array {
  const { d, count, r } = pairs;
  const dd = d * d;
  const K = new Float64Array(dd * count);
  for (let al = 0; al < count; al++) {
    const a1 = radial[RADIAL_STRIDE * al + 1]!, a2 = radial[RADIAL_STRIDE * al + 2]!;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) K[dd * al + a * d + b] = a2 * r[d * al + a]! * r[d * al + b]! + (a === b ? a1 : 0);
    }
  }
  return K;
}

/** g_α = A1 r per pair (d per pair). */
export function gradientVectors(pairs: NdPairList, radial: Float64Array): Float64Array {
  const { d, count, r } = pairs;
  const g = new Float64Array(d * count);
  for (let al = 0; al < count; al++) {
    const a1 = radial[RADIAL_STRIDE * al + 1]!;
    for (let a = 0; a < d; a++) g[d * al + a] = a1 * r[d * al + a]!;
  }
  return g;
}

/** K̇_α = T_α·v_α per pair (d² per pair) for per-pair vectors v (d per pair). */
export function tDot(pairs: NdPairList, radial: Float64Array, v: Float64Array): Float64Array {
  const { d, count, r } = pairs;
  const dd = d * d;
  const out = new Float64Array(dd * count);
  for (let al = 0; al < count; al++) {
    const a2 = radial[RADIAL_STRIDE * al + 2]!, a3 = radial[RADIAL_STRIDE * al + 3]!;
    const o = d * al;
    let s = 0;
    for (let a = 0; a < d; a++) s += r[o + a]! * v[o + a]!;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        out[dd * al + a * d + b] = a3 * s * r[o + a]! * r[o + b]! +
          a2 * ((a === b ? s : 0) + v[o + a]! * r[o + b]! + r[o + a]! * v[o + b]!);
      }
    }
  }
  return out;
}

/** (T_α : G_α) per pair (d per pair), G symmetric d×d blocks. */
export function tContract(pairs: NdPairList, radial: Float64Array, G: Float64Array): Float64Array {
  const { d, count, r } = pairs;
  const dd = d * d;
  const out = new Float64Array(d * count);
  const Gr = new Float64Array(d);
  for (let al = 0; al < count; al++) {
    const a2 = radial[RADIAL_STRIDE * al + 2]!, a3 = radial[RADIAL_STRIDE * al + 3]!;
    const o = d * al, og = dd * al;
    let q = 0, t = 0;
    for (let a = 0; a < d; a++) {
      let x = 0;
      for (let b = 0; b < d; b++) x += G[og + a * d + b]! * r[o + b]!;
      Gr[a] = x;
      q += r[o + a]! * x;
      t += G[og + a * d + a]!;
    }
    for (let a = 0; a < d; a++) out[o + a] = a3 * q * r[o + a]! + a2 * (2 * Gr[a]! + t * r[o + a]!);
  }
  return out;
}

/** ((Q_α·v_α) : G_α) per pair (d per pair) — Ṫ_α : G_α with v = ṙ_α; G symmetric. */
export function qDotContract(pairs: NdPairList, radial: Float64Array, v: Float64Array, G: Float64Array): Float64Array {
  const { d, count, r } = pairs;
  const dd = d * d;
  const out = new Float64Array(d * count);
  const Gr = new Float64Array(d), Gv = new Float64Array(d);
  for (let al = 0; al < count; al++) {
    const a2 = radial[RADIAL_STRIDE * al + 2]!, a3 = radial[RADIAL_STRIDE * al + 3]!, a4 = radial[RADIAL_STRIDE * al + 4]!;
    const o = d * al, og = dd * al;
    let q = 0, t = 0, s = 0, p = 0;
    for (let a = 0; a < d; a++) {
      let x = 0, y = 0;
      for (let b = 0; b < d; b++) {
        x += G[og + a * d + b]! * r[o + b]!;
        y += G[og + a * d + b]! * v[o + b]!;
      }
      Gr[a] = x; Gv[a] = y;
      q += r[o + a]! * x;
      p += r[o + a]! * y;
      t += G[og + a * d + a]!;
      s += r[o + a]! * v[o + a]!;
    }
    for (let a = 0; a < d; a++) {
      const ra = r[o + a]!, va = v[o + a]!;
      out[o + a] = a4 * q * s * ra + a3 * (2 * s * Gr[a]! + q * va + (t * s + 2 * p) * ra) + a2 * (2 * Gv[a]! + t * va);
    }
  }
  return out;
}

/** A_α : B_α per pair, for d×d blocks. */
export function blockDot(d: number, count: number, A: Float64Array, B: Float64Array): Float64Array {
  const dd = d * d;
  const out = new Float64Array(count);
  for (let al = 0; al < count; al++) {
    let s = 0;
    for (let k = 0; k < dd; k++) s += A[dd * al + k]! * B[dd * al + k]!;
    out[al] = s;
  }
  return out;
}

/** y_α = B_α x_α per pair (d per pair) for d×d blocks B and vectors x. */
export function blockApply(d: number, count: number, B: Float64Array, x: Float64Array): Float64Array {
  const dd = d * d;
  const out = new Float64Array(d * count);
  for (let al = 0; al < count; al++) {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += B[dd * al + a * d + b]! * x[d * al + b]!;
      out[d * al + a] = s;
    }
  }
  return out;
}

/** a_α · b_α per pair, for d-vectors. */
export function vectorDot(d: number, count: number, x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(count);
  for (let al = 0; al < count; al++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += x[d * al + a]! * y[d * al + a]!;
    out[al] = s;
  }
  return out;
}

/** D_α u = u_j − u_i per pair (d per pair), u a particle vector (dN). */
export function differences(pairs: NdPairList, u: Float64Array): Float64Array {
  const { d, count } = pairs;
  const out = new Float64Array(d * count);
  for (let al = 0; al < count; al++) {
    const i = d * pairs.i[al]!, j = d * pairs.j[al]!;
    for (let a = 0; a < d; a++) out[d * al + a] = u[j + a]! - u[i + a]!;
  }
  return out;
}

/** Σ_α D_αᵀ v_α (dN): particle i gets −v_α, j gets +v_α. */
export function gather(pairs: NdPairList, v: Float64Array): Float64Array {
  const { d, count } = pairs;
  const out = new Float64Array(d * pairs.nParticles);
  for (let al = 0; al < count; al++) {
    const i = d * pairs.i[al]!, j = d * pairs.j[al]!;
    for (let a = 0; a < d; a++) {
      out[i + a] -= v[d * al + a]!;
      out[j + a] += v[d * al + a]!;
    }
  }
  return out;
}

/** E r_α per pair (d per pair), E d×d row-major. */
export function affineBondVelocity(pairs: NdPairList, E: Float64Array): Float64Array {
  const { d, count, r } = pairs;
  const out = new Float64Array(d * count);
  for (let al = 0; al < count; al++) {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += E[a * d + b]! * r[d * al + b]!;
      out[d * al + a] = s;
    }
  }
  return out;
}
