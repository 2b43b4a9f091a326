/**
 * Minimizer objectives (lib/minimize `Objective`: `(x, grad) => energy`) on top of the
 * MD Verlet list (./kernel.ts), for the minimization steps of the protocol: the soft
 * push-off of the random start and the conjugate-gradient quench.
 *
 * The MD list wants positions wrapped into the cell at each build, but a minimizer owns
 * its `x` and keeps copies of it (line-search origins), so `x` must not be changed behind
 * its back. The objective therefore keeps a private wrapped copy: at each build it records
 * the lattice offset of every particle, off = wrap(x) − x, and afterwards evaluates at
 * x + off. A rebuild happens when a particle has moved more than skin/2 since the build.
 */
import type { Model } from '../model/model.js';
import type { Objective } from '../minimize/types.js';
import { buildMdNeighborList, createMdNeighborList, type MdNeighborList, mdForces } from './kernel.js';

/** Forces into f (overwritten), energy returned. */
export type PairForces = (nl: MdNeighborList, x: Float64Array, f: Float64Array) => number;

/** An Objective plus its list (for statistics: `neighbors.builds`). */
export interface MdObjective {
  objective: Objective;
  neighbors: MdNeighborList;
  /** Number of objective calls. */
  evaluations: number;
}

/**
 * Objective U(x) with ∇U = −F for n particles of `model` in a fixed cell.
 * @param forces the pair loop (default: the model's law, ./kernel.ts `mdForces`)
 */
export function createMdObjective(
  model: Model, cell: Float64Array, species: Uint8Array, skin = 0.3,
  forces: PairForces = (nl, x, f) => mdForces(nl, x, f, true),
): MdObjective {
  const n = species.length;
  const nl = createMdNeighborList(n, model, cell, skin);
  const xs = new Float64Array(2 * n), off = new Float64Array(2 * n), f = new Float64Array(2 * n);
  const lim2 = 0.25 * skin * skin;
  const res: MdObjective = {
    neighbors: nl,
    evaluations: 0,
    objective: (x, grad) => {
      res.evaluations++;
      const ref = nl.ref;
      let maxd2 = nl.builds === 0 ? Infinity : 0;
      for (let k = 0; k < 2 * n && maxd2 <= lim2; k += 2) {
        const px = x[k] + off[k], py = x[k + 1] + off[k + 1];
        xs[k] = px;
        xs[k + 1] = py;
        const dx = px - ref[k], dy = py - ref[k + 1];
        const d2 = dx * dx + dy * dy;
        if (d2 > maxd2) maxd2 = d2;
      }
      if (maxd2 > lim2) {
        xs.set(x);
        buildMdNeighborList(nl, cell, xs, species);
        for (let k = 0; k < 2 * n; k++) off[k] = xs[k] - x[k];
      }
      const e = forces(nl, xs, f);
      for (let k = 0; k < 2 * n; k++) grad[k] = -f[k];
      return e;
    },
  };
  return res;
}

/**
 * Harmonic soft disks, the push-off potential of the random start:
 *   φ_ij(r) = ½ ε (1 − r/σ_ij)² for r < σ_ij, else 0,  σ_ij = `sigma2[t]`^{1/2}
 * (σ_ij must not exceed the model's cutoff, so that the list covers it).
 * Forces into f (overwritten); returns U (ε). `sigma` is indexed by pair type.
 */
export function softDiskForces(nl: MdNeighborList, x: Float64Array, f: Float64Array, sigma: Float64Array): number {
  const n = nl.n, jShift = 4 + nl.typeBits, tMask = (1 << nl.typeBits) - 1;
  const offsets = nl.offsets, codes = nl.codes, shift = nl.shift;
  f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[2 * i], yi = x[2 * i + 1];
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const c = codes[k];
      const j = c >> jShift, m = (c & 15) << 1;
      const rx = x[2 * j] - xi + shift[m], ry = x[2 * j + 1] - yi + shift[m + 1];
      const s = sigma[(c >> 4) & tMask];
      const u = rx * rx + ry * ry;
      if (u >= s * s) continue;
      const r = Math.sqrt(u);
      const overlap = 1 - r / s;
      energy += 0.5 * overlap * overlap;
      // dφ/dr = −overlap/σ; g = (dφ/dr) r̂ = ∂φ/∂x_j.
      const a = r > 0 ? -overlap / (s * r) : 0;
      const gx = a * rx, gy = a * ry;
      f[2 * i] += gx;
      f[2 * i + 1] += gy;
      f[2 * j] -= gx;
      f[2 * j + 1] -= gy;
    }
  }
  return energy;
}
