/**
 * The d-generic MD kernel (./md-forces.ts) as a minimizer objective (lib/minimize
 * `Objective`: x → U, ∇U = −F) in a fixed cell, for the push-off of the random start, FIRE
 * and conjugate gradient (d = 2, 3).
 *
 * A minimizer owns x and keeps copies of it, so x is never changed here: the objective
 * keeps a private wrapped copy. At each list build it wraps a copy of x into the cell and
 * records the lattice offsets off = wrap(x) − x; afterwards it evaluates at x + off. It
 * rebuilds when a particle has moved more than skin/2 from its position at the build
 * (then no pair distance changed by more than the skin).
 */
import type { Objective } from '../minimize/types.js';
import { buildNdNeighborList, createNdNeighborList, type NdNeighborList } from './md-neighbor-list.js';

/** Forces of the listed pairs into f (overwritten); returns U. */
export type NdPairForces = (nl: NdNeighborList, x: Float64Array, species: Uint8Array, f: Float64Array) => number;

/** An Objective plus its list (for statistics: `neighbors.builds`). */
export interface NdObjective {
  objective: Objective;
  neighbors: NdNeighborList;
  /** Number of objective calls. */
  readonly evaluations: number;
  /** F = −∇U (ε/λ) and U at x, into f (Float64Array(d·N)); x not modified. */
  energyForces(x: Float64Array, f: Float64Array): number;
}

/**
 * Objective U(x) of `forces` for the particles `species` in the fixed `cell`.
 * @param cutoff per-type cutoffs the list must cover (Float64Array(nSpecies²), λ)
 */
export function createNdObjective(
  d: 2 | 3, cell: Float64Array, species: Uint8Array, nSpecies: number, cutoff: Float64Array, skin: number, forces: NdPairForces,
): NdObjective {
  const n = species.length;
  const nl = createNdNeighborList(d, n, nSpecies, cutoff, cell, skin);
  const xs = new Float64Array(d * n), off = new Float64Array(d * n), f = new Float64Array(d * n);
  const lim2 = 0.25 * skin * skin;
  let evaluations = 0;
  const energyForces = (x: Float64Array, out: Float64Array): number => {
    evaluations++;
    let rebuild = nl.builds === 0;
    if (!rebuild) {
      const ref = nl.ref;
      for (let p = 0; p < n && !rebuild; p++) {
        let d2 = 0;
        for (let a = p * d, e = a + d; a < e; a++) {
          const xa = x[a]! + off[a]!;
          xs[a] = xa;
          const da = xa - ref[a]!;
          d2 += da * da;
        }
        if (d2 > lim2) rebuild = true;
      }
    }
    if (rebuild) {
      xs.set(x);
      buildNdNeighborList(nl, xs, species);
      for (let k = 0; k < d * n; k++) off[k] = xs[k]! - x[k]!;
    }
    return forces(nl, xs, species, out);
  };
  return {
    neighbors: nl,
    get evaluations() {
      return evaluations;
    },
    energyForces,
    objective: (x, grad) => {
      const e = energyForces(x, f);
      for (let k = 0; k < grad.length; k++) grad[k] = -f[k]!;
      return e;
    },
  };
}
