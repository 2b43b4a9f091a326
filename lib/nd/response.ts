/**
 * c_α and dc_α/dγ in any dimension d as a generator of linear-algebra requests (docs/design.md §4,
 * §5, §10; paper Eqs. 1, S3–S6) — the d-generic twin of lib/lhc/response.ts, answered by
 * the same drivers (lib/nd/local-heat-capacity.ts):
 *
 *   G_α  = D_α G D_αᵀ (selected inverse)        v = Σ_β D_βᵀ (T_β : G_β),  w = G v
 *   c_α  = K_α : G_α − g_α · D_α w
 * and for each deformation E (d×d) (Ġ of up to `tangentsPerSweep` deformations, default all,
 * in one tangent sweep):
 *   Ξ = Σ_α D_αᵀ K_α E r_α,  u = −G Ξ,  ṙ_α = E r_α + D_α u
 *   ġ_α = K_α ṙ_α,  K̇_α = T_α·ṙ_α,  Ṁ = Σ_α D_αᵀ K̇_α D_α,  Ġ_α = −D_α (G Ṁ G) D_αᵀ
 *   v̇ = Σ_β D_βᵀ (Ṫ_β : G_β + T_β : Ġ_β),  Ṫ_β : G_β = (Q_β·ṙ_β) : G_β,  ẇ = G (v̇ − Ṁ w)
 *   dc_α/dγ = K̇_α : G_α + K_α : Ġ_α − ġ_α · D_α w − g_α · D_α ẇ
 * G = M⁻¹ of the pinned Hessian (the pinned particle's rows dropped; docs/design.md §5). Tensor
 * contractions in closed form (lib/nd/contractions.ts). Units: c dimensionless, dc/dγ
 * per unit strain; u in λ per unit strain (dN, the pinned particle's entries 0).
 */
import type { LinearAlgebraRequest, NamedDeformation, ResponseFields, ResponseTimings } from '../lhc/response.js';
import {
  affineBondVelocity, blockApply, blockDot, differences, gather, gradientVectors, qDotContract, stiffnessBlocks, tContract, tDot, vectorDot,
} from './contractions.js';
import type { NdPairList } from './pairs.js';
import { ndAssemble, ndBondBlocks, ndExpand, ndRestrict, type NdHessianPattern } from './pattern.js';

/** Steps of the computation for one minimized configuration (radial: pairRadial(pairs, law, 4)). */
export function* ndResponseSteps(
  pairs: NdPairList,
  radial: Float64Array,
  pattern: NdHessianPattern,
  deformations: readonly NamedDeformation[],
  clock: () => number,
  tangentsPerSweep = Infinity,
): Generator<LinearAlgebraRequest, ResponseFields, Float64Array | Float64Array[] | undefined> {
  const { d, count: m } = pairs;
  const timings: ResponseTimings = {};
  const time = (phase: string, t0: number) => { timings[phase] = (timings[phase] ?? 0) + clock() - t0; };
  const solve = function* (rhs: Float64Array): Generator<LinearAlgebraRequest, Float64Array, Float64Array | Float64Array[] | undefined> {
    const x = (yield { kind: 'solve', b: ndRestrict(pattern, rhs), nrhs: 1 }) as Float64Array;
    return ndExpand(pattern, x);
  };

  let t0 = clock();
  const K = stiffnessBlocks(pairs, radial);
  const g = gradientVectors(pairs, radial);
  const M = ndAssemble(pattern, K);
  time('assemble', t0);
  t0 = clock();
  yield { kind: 'factorize', values: M.values };
  time('factorize', t0);
  t0 = clock();
  const Z = (yield { kind: 'selectedInverse' }) as Float64Array;
  time('selectedInverse', t0);

  t0 = clock();
  const G = ndBondBlocks(pattern, Z);
  const w = yield* solve(gather(pairs, tContract(pairs, radial, G)));
  const Dw = differences(pairs, w);
  const KG = blockDot(d, m, K, G);
  const gDw = vectorDot(d, m, g, Dw);
  const c = new Float64Array(m);
  for (let a = 0; a < m; a++) c[a] = KG[a]! - gDw[a]!;
  time('c', t0);

  // Per deformation: the non-affine velocity u, ṙ, K̇ and Ṁ; then Ġ in selected-inverse
  // tangent sweeps of up to `tangentsPerSweep` deformations each (the supernodal structure
  // and Z traversed once per sweep; every Ż of a sweep, nnz(L) values each, is alive until
  // its dc/dγ is done: fewer per sweep bound the memory, all in one is fastest).
  interface Tangent { rdot: Float64Array; Kdot: Float64Array; Mdot: Float64Array }
  const nonAffine: Float64Array[] = [];
  const dcdg: Float64Array[] = [];
  for (let first = 0; first < deformations.length; first += tangentsPerSweep) {
    const chunk = deformations.slice(first, first + tangentsPerSweep);
    const tangents: Tangent[] = [];
    for (const { name, E } of chunk) {
      t0 = clock();
      const Er = affineBondVelocity(pairs, E);
      const u = yield* solve(gather(pairs, blockApply(d, m, K, Er)));
      for (let k = 0; k < u.length; k++) u[k] = -u[k]!;
      nonAffine.push(u);
      const rdot = differences(pairs, u);
      for (let k = 0; k < rdot.length; k++) rdot[k] += Er[k]!;
      const Kdot = tDot(pairs, radial, rdot);
      tangents.push({ rdot, Kdot, Mdot: ndAssemble(pattern, Kdot).values });
      time(`response:${name}`, t0);
    }
    t0 = clock();
    const Zdots = (yield { kind: 'selectedInverseDerivatives', dValues: tangents.map((t) => t.Mdot) }) as Float64Array[];
    time('selectedInverseDerivative', t0);

    for (let k = 0; k < chunk.length; k++) {
      t0 = clock();
      const { rdot, Kdot } = tangents[k]!;
      const Gdot = ndBondBlocks(pattern, Zdots[k]!);
      Zdots[k] = new Float64Array(0); // Ż_k is done with: let it go before the next one

      const bond = qDotContract(pairs, radial, rdot, G);
      const tGdot = tContract(pairs, radial, Gdot);
      const KdotDw = blockApply(d, m, Kdot, Dw);
      for (let q = 0; q < bond.length; q++) bond[q] += tGdot[q]! - KdotDw[q]!;
      const wdot = yield* solve(gather(pairs, bond));
      const Dwdot = differences(pairs, wdot);

      const KdotG = blockDot(d, m, Kdot, G);
      const KGdot = blockDot(d, m, K, Gdot);
      const gdot = blockApply(d, m, K, rdot);
      const gdotDw = vectorDot(d, m, gdot, Dw);
      const gDwdot = vectorDot(d, m, g, Dwdot);
      const out = new Float64Array(m);
      for (let a = 0; a < m; a++) out[a] = KdotG[a]! + KGdot[a]! - gdotDw[a]! - gDwdot[a]!;
      dcdg.push(out);
      time(`response:${chunk[k]!.name}`, t0);
    }
  }
  return { c, dcdg, nonAffine, timings };
}
