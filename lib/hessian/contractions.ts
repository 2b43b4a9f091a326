/**
 * Per-pair contractions and bond-space ↔ particle-space maps of docs/design.md §4 (paper Eq. S5
 * written as a chain rule). Notation: r_α = x_j − x_i = D_α x; D_αᵀ v adds −v to particle i
 * and +v to particle j. Per-pair flat layouts: vectors 2/pair, 2×2 blocks 4/pair
 * (row-major), T 8/pair [a][b][c], Q 16/pair [a][b][c][d]. `count` defaults to the number
 * of pairs implied by the first per-pair argument. Particle vectors are 2N, interleaved.
 */
import { expectTypedArray, expectMatrix2, expectNumber, expectOut } from '../validate.js';
import { checkPairList, type PairList } from './pairs.js';

function countOf(name: string, count: number | undefined, arr: Float64Array, per: number): number {
  expectTypedArray(name, arr, Float64Array);
  const m = count ?? Math.floor(arr.length / per);
  expectNumber('count', m, { integer: true, min: 0 });
  expectTypedArray(name, arr, Float64Array, per * m, true);
  return m;
}

/** D_α u = u_j − u_i for every pair (2/pair). */
export function pairDifferences(pairs: PairList, u: Float64Array, out?: Float64Array): Float64Array {
  checkPairList('pairs', pairs);
  expectTypedArray('u', u, Float64Array, 2 * pairs.nParticles);
  const m = pairs.count;
  const res = expectOut('out', out, 2 * m);
  for (let a = 0; a < m; a++) {
    const i = pairs.i[a], j = pairs.j[a];
    res[2 * a] = u[2 * j] - u[2 * i];
    res[2 * a + 1] = u[2 * j + 1] - u[2 * i + 1];
  }
  return res;
}

/** Σ_α D_αᵀ v_α (2N) for per-pair vectors v (2/pair): particle i gets −v_α, j gets +v_α. */
export function gatherPairVectors(pairs: PairList, v: Float64Array, out?: Float64Array): Float64Array {
  checkPairList('pairs', pairs);
  expectTypedArray('v', v, Float64Array, 2 * pairs.count, true);
  const res = expectOut('out', out, 2 * pairs.nParticles);
  res.fill(0, 0, 2 * pairs.nParticles);
  for (let a = 0; a < pairs.count; a++) {
    const i = pairs.i[a], j = pairs.j[a], vx = v[2 * a], vy = v[2 * a + 1];
    res[2 * i] -= vx; res[2 * i + 1] -= vy;
    res[2 * j] += vx; res[2 * j + 1] += vy;
  }
  return res;
}

/**
 * Mismatch forces Ξ = Σ_α D_αᵀ K_α E r_α (2N; ε/λ per unit strain) = ∂(∇U)/∂γ under the
 * affine map dx/dγ = E x (docs/design.md §4; the non-affine velocity is u = −G Ξ).
 */
export function mismatchForces(pairs: PairList, K: Float64Array, E: Float64Array, out?: Float64Array): Float64Array {
  checkPairList('pairs', pairs);
  expectTypedArray('K', K, Float64Array, 4 * pairs.count, true);
  expectMatrix2('E', E);
  const res = expectOut('out', out, 2 * pairs.nParticles);
  res.fill(0, 0, 2 * pairs.nParticles);
  for (let a = 0; a < pairs.count; a++) {
    const rx = pairs.r[2 * a], ry = pairs.r[2 * a + 1];
    const ex = E[0] * rx + E[1] * ry, ey = E[2] * rx + E[3] * ry;
    const vx = K[4 * a] * ex + K[4 * a + 1] * ey;
    const vy = K[4 * a + 2] * ex + K[4 * a + 3] * ey;
    const i = pairs.i[a], j = pairs.j[a];
    res[2 * i] -= vx; res[2 * i + 1] -= vy;
    res[2 * j] += vx; res[2 * j + 1] += vy;
  }
  return res;
}

/** Total bond velocity ṙ_α = E r_α + D_α u (2/pair), u = dx/dγ non-affine (2N). */
export function bondVelocity(pairs: PairList, E: Float64Array, u: Float64Array, out?: Float64Array): Float64Array {
  checkPairList('pairs', pairs);
  expectMatrix2('E', E);
  expectTypedArray('u', u, Float64Array, 2 * pairs.nParticles);
  const m = pairs.count;
  const res = expectOut('out', out, 2 * m);
  for (let a = 0; a < m; a++) {
    const i = pairs.i[a], j = pairs.j[a], rx = pairs.r[2 * a], ry = pairs.r[2 * a + 1];
    res[2 * a] = E[0] * rx + E[1] * ry + u[2 * j] - u[2 * i];
    res[2 * a + 1] = E[2] * rx + E[3] * ry + u[2 * j + 1] - u[2 * i + 1];
  }
  return res;
}

/** (T_α : G_α)_a = Σ_bc T_abc G_bc per pair (2/pair), G_α 2×2 blocks (4/pair). */
export function tContractG(T: Float64Array, G: Float64Array, out?: Float64Array, count?: number): Float64Array {
  const m = countOf('G', count, G, 4);
  expectTypedArray('T', T, Float64Array, 8 * m, true);
  const res = expectOut('out', out, 2 * m);
  for (let a = 0; a < m; a++) {
    const g0 = G[4 * a], g1 = G[4 * a + 1], g2 = G[4 * a + 2], g3 = G[4 * a + 3];
    const t = 8 * a;
    res[2 * a] = T[t] * g0 + T[t + 1] * g1 + T[t + 2] * g2 + T[t + 3] * g3;
    res[2 * a + 1] = T[t + 4] * g0 + T[t + 5] * g1 + T[t + 6] * g2 + T[t + 7] * g3;
  }
  return res;
}

/** (T_α·ṙ_α)_ab = Σ_c T_abc ṙ_c per pair (4/pair) — e.g. K̇_α = T_α·ṙ_α. */
export function tDotVec(T: Float64Array, rdot: Float64Array, out?: Float64Array, count?: number): Float64Array {
  return lastIndexDot('T', T, 4, rdot, out, count);
}

/** (Q_α·ṙ_α)_abc = Σ_d Q_abcd ṙ_d per pair (8/pair, T layout) — e.g. Ṫ_α = Q_α·ṙ_α. */
export function qDotVec(Q: Float64Array, rdot: Float64Array, out?: Float64Array, count?: number): Float64Array {
  return lastIndexDot('Q', Q, 8, rdot, out, count);
}

/** X_α·ṙ_α over X's last index, for per-pair tensors of 2·`size` entries (`size` out per pair). */
function lastIndexDot(name: string, X: Float64Array, size: number, rdot: Float64Array, out?: Float64Array, count?: number): Float64Array {
  const m = countOf('rdot', count, rdot, 2);
  expectTypedArray(name, X, Float64Array, 2 * size * m, true);
  const res = expectOut('out', out, size * m);
  for (let a = 0; a < m; a++) {
    const vx = rdot[2 * a], vy = rdot[2 * a + 1];
    for (let k = 0; k < size; k++) res[size * a + k] = X[2 * size * a + 2 * k] * vx + X[2 * size * a + 2 * k + 1] * vy;
  }
  return res;
}

/** A_α : B_α = Σ_ab A_ab B_ab per pair (1/pair), for 2×2 blocks (4/pair) — e.g. K_α : G_α. */
export function blockContract(A: Float64Array, B: Float64Array, out?: Float64Array, count?: number): Float64Array {
  const m = countOf('A', count, A, 4);
  expectTypedArray('B', B, Float64Array, 4 * m, true);
  const res = expectOut('out', out, m);
  for (let a = 0; a < m; a++) {
    const k = 4 * a;
    res[a] = A[k] * B[k] + A[k + 1] * B[k + 1] + A[k + 2] * B[k + 2] + A[k + 3] * B[k + 3];
  }
  return res;
}

/** a_α · b_α per pair (1/pair), for 2-vectors (2/pair) — e.g. g_α · D_α w. */
export function pairDot(a: Float64Array, b: Float64Array, out?: Float64Array, count?: number): Float64Array {
  const m = countOf('a', count, a, 2);
  expectTypedArray('b', b, Float64Array, 2 * m, true);
  const res = expectOut('out', out, m);
  for (let k = 0; k < m; k++) res[k] = a[2 * k] * b[2 * k] + a[2 * k + 1] * b[2 * k + 1];
  return res;
}

/**
 * Y = M X with the Hessian M = Σ_α D_αᵀ K_α D_α applied pair by pair, without assembling
 * it, for `nrhs` columns of X (2N each, column-major): per pair d = x_j − x_i, f = K_α d,
 * y_i −= f, y_j += f. O(pairs · nrhs); about twice as fast as a product with the assembled
 * lower triangle (lib/solvers/matvec.ts), which reads more indices per flop.
 */
export function hessianProduct(pairs: PairList, K: Float64Array, X: Float64Array, nrhs = 1, out?: Float64Array): Float64Array {
  checkPairList('pairs', pairs);
  expectTypedArray('K', K, Float64Array, 4 * pairs.count, true);
  const n2 = 2 * pairs.nParticles;
  expectTypedArray('X', X, Float64Array, n2 * nrhs, true);
  const Y = expectOut('out', out, n2 * nrhs);
  Y.fill(0, 0, n2 * nrhs);
  const pi = pairs.i, pj = pairs.j, m = pairs.count;
  for (let c = 0; c < nrhs; c++) {
    const o = c * n2;
    for (let a = 0; a < m; a++) {
      const i = o + 2 * pi[a], j = o + 2 * pj[a];
      const dx = X[j] - X[i], dy = X[j + 1] - X[i + 1];
      const fx = K[4 * a] * dx + K[4 * a + 1] * dy, fy = K[4 * a + 2] * dx + K[4 * a + 3] * dy;
      Y[i] -= fx; Y[i + 1] -= fy;
      Y[j] += fx; Y[j + 1] += fy;
    }
  }
  return Y;
}
