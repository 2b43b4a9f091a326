/**
 * The local heat capacity c_α and its linear response dc_α/dγ as a sequence of steps
 * over the factorized Hessian (docs/design.md §4, paper Eqs. 1, S3–S6).
 *
 * Written once as a generator that *asks* for the linear algebra it needs (factorize,
 * selected inverse, its derivative, solves), so that the same formulas serve the sync
 * driver and the async one (lib/lhc/local-heat-capacity.ts) that runs each request on
 * the thread pool.
 */
import type { HessianPattern, PairList, PairTensors } from '../hessian/index.js';
import {
  assembleBlocks, bondVelocity, blockContract, expandPinned, gatherPairVectors, mismatchForces,
  pairDifferences, pairDot, qDotVec, restrictPinned, tContractG, tDotVec,
} from '../hessian/index.js';
import { bondBlocks } from './bond-blocks.js';

/** A linear-algebra request; the driver answers with a Float64Array (or nothing). */
export type LinearAlgebraRequest =
  | { kind: 'factorize'; values: Float64Array }
  | { kind: 'selectedInverse' }
  | { kind: 'selectedInverseDerivative'; dValues: Float64Array }
  /** the derivative along several perturbations in one sweep (SparseCholesky.selectedInverseDerivatives) */
  | { kind: 'selectedInverseDerivatives'; dValues: Float64Array[] }
  | { kind: 'solve'; b: Float64Array; nrhs: number };

/** A deformation direction: E = dH/dγ at γ = 0, row-major 2×2. */
export interface NamedDeformation {
  name: string;
  E: Float64Array;
}

export interface ResponseTimings {
  /** ms spent in each phase, as measured by the driver's clock */
  [phase: string]: number;
}

export interface ResponseFields {
  /** c_α per pair */
  c: Float64Array;
  /** dc_α/dγ per pair, one array per deformation in the order given */
  dcdg: Float64Array[];
  /**
   * u = −M⁻¹Ξ per deformation (2N, λ per unit strain; the non-affine velocity, with the
   * pinned particle's entries 0), in the order given.
   */
  nonAffine: Float64Array[];
  timings: ResponseTimings;
}

/**
 * Steps of the computation for one minimized configuration.
 *
 *   G_α  = D_α G D_αᵀ (selected inverse)        v = Σ_β D_βᵀ (T_β : G_β),  w = G v
 *   c_α  = K_α : G_α − g_α · D_α w
 * and for each deformation E:
 *   Ξ = Σ_α D_αᵀ K_α E r_α,  u = −G Ξ,  ṙ_α = E r_α + D_α u
 *   ġ_α = K_α ṙ_α,  K̇_α = T_α·ṙ_α,  Ṫ_α = Q_α·ṙ_α,  Ṁ = Σ_α D_αᵀ K̇_α D_α
 *   Ġ_α = −D_α (G Ṁ G) D_αᵀ (derivative of the selected inverse)
 *   v̇ = Σ_β D_βᵀ (Ṫ_β : G_β + T_β : Ġ_β),  ẇ = G (v̇ − Ṁ w)
 *   dc_α/dγ = K̇_α : G_α + K_α : Ġ_α − ġ_α · D_α w − g_α · D_α ẇ
 * Units: c dimensionless (k_B/2 per interaction), dc/dγ per unit strain.
 *
 * @param pairs     interacting pairs with bond vectors r_α (minimum image)
 * @param tensors   g, K, T, Q of every pair (pairTensors(…, 4))
 * @param pattern   Hessian pattern with one particle pinned (translations removed)
 * @param clock     ms timer for the phase timings
 * @param tangentsPerSweep  deformations whose Ġ share one selected-inverse tangent sweep
 *   (default all: the supernodes are traversed once, with a native workspace of the
 *   factor's size per deformation; as in lib/nd/response.ts)
 */
export function* responseSteps(
  pairs: PairList,
  tensors: PairTensors,
  pattern: HessianPattern,
  deformations: readonly NamedDeformation[],
  clock: () => number,
  tangentsPerSweep = Infinity,
): Generator<LinearAlgebraRequest, ResponseFields, Float64Array | Float64Array[] | undefined> {
  const { g, K, T, Q } = tensors as Required<PairTensors>;
  const m = pairs.count;
  const N = pairs.nParticles;
  const timings: ResponseTimings = {};
  const time = (phase: string, t0: number) => { timings[phase] = (timings[phase] ?? 0) + clock() - t0; };

  // G = M⁻¹ on the pattern, and the bond blocks G_α.
  let t0 = clock();
  const M = assembleBlocks(pattern, K);
  time('assemble', t0);
  t0 = clock();
  yield { kind: 'factorize', values: M.values };
  time('factorize', t0);
  t0 = clock();
  const Z = (yield { kind: 'selectedInverse' }) as Float64Array;
  time('selectedInverse', t0);

  t0 = clock();
  const G = bondBlocks(pattern, Z);
  const solveParticles = function* (rhs: Float64Array): Generator<LinearAlgebraRequest, Float64Array, Float64Array | Float64Array[] | undefined> {
    const x = (yield { kind: 'solve', b: restrictPinned(pattern, rhs), nrhs: 1 }) as Float64Array;
    return expandPinned(pattern, x);
  };
  const v = gatherPairVectors(pairs, tContractG(T, G, undefined, m));
  const w = yield* solveParticles(v);
  const Dw = pairDifferences(pairs, w);
  const KG = blockContract(K, G, undefined, m);
  const gDw = pairDot(g, Dw, undefined, m);
  const c = new Float64Array(m);
  for (let a = 0; a < m; a++) c[a] = KG[a] - gDw[a];
  time('c', t0);

  // Per deformation: u, ṙ, K̇ and Ṁ; then Ġ of up to `tangentsPerSweep` deformations in
  // one tangent sweep; then the rest of each dc/dγ.
  const dcdg: Float64Array[] = [];
  const nonAffine: Float64Array[] = [];
  for (let first = 0; first < deformations.length; first += tangentsPerSweep) {
    const chunk = deformations.slice(first, first + tangentsPerSweep);
    const tangents: Array<{ rdot: Float64Array; Kdot: Float64Array; Mdot: Float64Array }> = [];
    for (const { name, E } of chunk) {
      t0 = clock();
      const u = yield* solveParticles(mismatchForces(pairs, K, E));
      for (let k = 0; k < u.length; k++) u[k] = -u[k];
      nonAffine.push(u);
      const rdot = bondVelocity(pairs, E, u);
      const Kdot = tDotVec(T, rdot, undefined, m);
      tangents.push({ rdot, Kdot, Mdot: assembleBlocks(pattern, Kdot).values });
      time(`response:${name}`, t0);
    }
    t0 = clock();
    const Zdots = chunk.length === 1
      ? [(yield { kind: 'selectedInverseDerivative', dValues: tangents[0]!.Mdot }) as Float64Array]
      : (yield { kind: 'selectedInverseDerivatives', dValues: tangents.map((t) => t.Mdot) }) as Float64Array[];
    time('selectedInverseDerivative', t0);

    for (let q = 0; q < chunk.length; q++) {
      t0 = clock();
      const { rdot, Kdot } = tangents[q]!;
      const Tdot = qDotVec(Q, rdot, undefined, m);
      const Gdot = bondBlocks(pattern, Zdots[q]!);

      // v̇ = Σ D_βᵀ (Ṫ_β : G_β + T_β : Ġ_β);  Ṁ w = Σ D_βᵀ K̇_β D_β w.
      const tg = tContractG(Tdot, G, undefined, m);
      const tgd = tContractG(T, Gdot, undefined, m);
      const kdw = new Float64Array(2 * m);
      for (let a = 0; a < m; a++) {
        tg[2 * a] += tgd[2 * a];
        tg[2 * a + 1] += tgd[2 * a + 1];
        kdw[2 * a] = Kdot[4 * a] * Dw[2 * a] + Kdot[4 * a + 1] * Dw[2 * a + 1];
        kdw[2 * a + 1] = Kdot[4 * a + 2] * Dw[2 * a] + Kdot[4 * a + 3] * Dw[2 * a + 1];
      }
      const rhs = gatherPairVectors(pairs, tg);
      const Mdotw = gatherPairVectors(pairs, kdw);
      for (let k = 0; k < 2 * N; k++) rhs[k] -= Mdotw[k];
      const wdot = yield* solveParticles(rhs);
      const Dwdot = pairDifferences(pairs, wdot);

      const out = new Float64Array(m);
      for (let a = 0; a < m; a++) {
        const k4 = 4 * a, k2 = 2 * a;
        const KdotG = Kdot[k4] * G[k4] + Kdot[k4 + 1] * G[k4 + 1] + Kdot[k4 + 2] * G[k4 + 2] + Kdot[k4 + 3] * G[k4 + 3];
        const KGdot = K[k4] * Gdot[k4] + K[k4 + 1] * Gdot[k4 + 1] + K[k4 + 2] * Gdot[k4 + 2] + K[k4 + 3] * Gdot[k4 + 3];
        // ġ_α = K_α ṙ_α
        const gdx = K[k4] * rdot[k2] + K[k4 + 1] * rdot[k2 + 1];
        const gdy = K[k4 + 2] * rdot[k2] + K[k4 + 3] * rdot[k2 + 1];
        out[a] = KdotG + KGdot - (gdx * Dw[k2] + gdy * Dw[k2 + 1]) - (g[k2] * Dwdot[k2] + g[k2 + 1] * Dwdot[k2 + 1]);
      }
      dcdg.push(out);
      time(`response:${chunk[q]!.name}`, t0);
    }
  }
  return { c, dcdg, nonAffine, timings };
}
