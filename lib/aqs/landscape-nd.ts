/**
 * The energy landscape of a d-dimensional glass on a linear strain path H(γ) = I + γE
 * (DESIGN §2, §6, §10), for the AQS reference protocol (./reference.ts): energy, forces and
 * stress from the d-generic pair list (lib/nd), the pinned sparse Hessian factorized by
 * CHOLMOD for the Newton polish and the lowest mode.
 *
 *   cell at γ:    h(γ) = H(γ) h0
 *   affine map:   A = H(γ_new) H(γ_old)⁻¹
 *   stress:       σ = (1/V) ∂U/∂γ = (1/V) Σ_α g_α · (L r_α),   L = E H(γ)⁻¹
 *                 (g_α = A1 r_α the pair gradient, lib/nd/contractions.ts)
 *
 * The minimizers' objective runs the d-generic MD kernel (lib/nd/md-forces.ts, a Verlet
 * list with skin, built once per minimization); `evaluate` (Newton, stress, the event
 * criterion) searches the pairs afresh (a cell list, O(N)) and keeps them for the Hessian,
 * whose pattern is analysed again whenever the set of pairs changed. It has none of the
 * fast protocol's extras (linear response, eigenvalue derivatives, kept factors).
 * Units: λ, ε; σ in ε/λ^d.
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import type { CholmodError } from '../errors.js';
import { SparseCholesky, type Ordering } from '../sparse-cholesky.js';
import { cellVolume, cellWidths, inverse, linearPath, matrixProduct } from '../nd/cell.js';
import { gradientVectors, stiffnessBlocks } from '../nd/contractions.js';
import { pairEnergyForces } from '../nd/energy.js';
import type { NdLaw } from '../nd/law.js';
import { findPairsNd, type NdPairList } from '../nd/pairs.js';
import { ndAssemble, ndExpand, ndHessianPattern, ndRestrict, type NdHessianPattern } from '../nd/pattern.js';
import { pairRadial } from '../nd/radial.js';
import { createNdPairTable, ndForces, type NdPairTable } from '../nd/md-forces.js';
import { createNdObjective } from '../nd/md-objective.js';

import type { Request } from './driver.js';
import type { LandscapeCounters, StrainLandscape } from './strain-landscape.js';

/** Options of {@link NdLandscape}. */
export interface NdLandscapeOptions {
  /** Particle held fixed in the Hessian (default 0). */
  pinned?: number;
  /** Fill-reducing ordering of the analyses (default 'metis'). */
  ordering?: Ordering;
}

function samePairs(a: NdPairList, b: NdPairList): boolean {
  if (a.count !== b.count) return false;
  for (let k = 0; k < a.count; k++) if (a.i[k] !== b.i[k] || a.j[k] !== b.j[k]) return false;
  return true;
}

export class NdLandscape implements StrainLandscape {
  readonly counters: LandscapeCounters = { evaluations: 0, factorizations: 0, analyses: 0, solves: 0 };
  readonly d: 2 | 3;
  readonly n: number;
  readonly pinned: number;
  /** E = dH/dγ (d×d row-major). */
  readonly E: Float64Array;
  /** Undeformed cell h0 (γ = 0 of the path). */
  readonly h0: Float64Array;
  private readonly law: NdLaw;
  private readonly template: Configuration;
  private readonly ordering: Ordering;
  /** The state of the last evaluation. */
  private readonly state: Configuration;
  private gamma = Number.NaN;
  private pairs: NdPairList | null = null;
  private radial: Float64Array = new Float64Array(0);
  private readonly forces: Float64Array;
  private factor: SparseCholesky | null = null;
  private analysed: NdPairList | null = null;
  private pattern: NdHessianPattern | null = null;
  private values: Float64Array = new Float64Array(0);
  private factorValid = false;
  /** The MD kernel's pair table (built at the first minimization). */
  private table: NdPairTable | null = null;

  /**
   * @param config  the glass (species, sizes, model and dimension are taken from it; its
   *                positions and cell are not used)
   * @param law     its pair law (lib/nd/law.ts lawOfConfiguration)
   * @param E       dH/dγ of the path (d×d row-major)
   * @param h0      the cell at γ = 0 of the path
   */
  constructor(config: Configuration, law: NdLaw, E: Float64Array, h0: Float64Array, options: NdLandscapeOptions = {}) {
    this.d = dimensionOf(config);
    this.n = config.n;
    if (E.length !== this.d * this.d) throw new RangeError(`E: expected a ${this.d}×${this.d} matrix, got ${E.length} entries`);
    this.E = Float64Array.from(E);
    this.h0 = Float64Array.from(h0);
    this.law = law;
    this.pinned = options.pinned ?? 0;
    this.ordering = options.ordering ?? 'metis';
    this.template = config;
    this.state = { ...config, cell: new Float64Array(this.d * this.d), positions: new Float64Array(this.d * this.n) };
    this.forces = new Float64Array(this.d * this.n);
  }

  /** H(γ) = I + γE. */
  private H(gamma: number): Float64Array {
    return linearPath(this.E, gamma);
  }

  cellAt(gamma: number): Float64Array {
    return matrixProduct(this.H(gamma), this.h0);
  }

  affineMap(gammaOld: number, gammaNew: number): Float64Array {
    return matrixProduct(this.H(gammaNew), inverse(this.H(gammaOld)));
  }

  configurationAt(x: Float64Array, gamma: number): Configuration {
    const c: Configuration = { ...this.template, cell: this.cellAt(gamma), positions: Float64Array.from(x), species: this.template.species.slice() };
    if (this.template.sigma !== undefined) c.sigma = this.template.sigma.slice();
    delete c.info;
    return c;
  }

  /** Moves to (x, γ) and finds the pairs with their φ, A1, A2. */
  private moveTo(x: Float64Array, gamma: number): void {
    if (gamma !== this.gamma) {
      this.state.cell.set(this.cellAt(gamma));
      this.gamma = gamma;
    }
    this.state.positions.set(x);
    this.pairs = findPairsNd(this.state, this.law);
    this.radial = pairRadial(this.pairs, this.law, 2);
    this.factorValid = false;
    this.counters.evaluations++;
  }

  evaluate(x: Float64Array, gamma: number): { energy: number; forces: Float64Array; maxForce: number } {
    this.moveTo(x, gamma);
    const { energy } = pairEnergyForces(this.pairs!, this.radial, this.forces);
    let maxForce = 0;
    for (let k = 0; k < this.forces.length; k++) maxForce = Math.max(maxForce, Math.abs(this.forces[k]!));
    return { energy, forces: this.forces, maxForce };
  }

  /**
   * The objective at strain γ on the MD kernel (Verlet list with skin min(0.3, 0.8·(w_min/2 −
   * r_c)), built for this cell); the exact pair search of `evaluate` when no skin fits.
   */
  objective(gamma: number): (x: Float64Array, grad: Float64Array) => number {
    this.table ??= createNdPairTable(this.law.law, this.template.sigma);
    const table = this.table;
    const cell = this.cellAt(gamma);
    const maxCutoff = Math.max(...table.cutoff);
    const skin = Math.min(0.3, 0.8 * (Math.min(...cellWidths(cell)) / 2 - maxCutoff));
    if (!(skin > 0)) {
      return (x, grad) => {
        const { energy, forces } = this.evaluate(x, gamma);
        for (let k = 0; k < grad.length; k++) grad[k] = -forces[k]!;
        return energy;
      };
    }
    const md = createNdObjective(this.d, cell, this.template.species, table.nSpecies, table.cutoff, skin,
      (nl, y, sp, f) => ndForces(table, nl, y, sp, f));
    return (x, grad) => {
      this.counters.evaluations++;
      return md.objective(x, grad);
    };
  }

  stress(): number {
    const pairs = this.pairs;
    if (pairs === null) throw new Error('NdLandscape.stress: evaluate first');
    const d = this.d;
    const L = matrixProduct(this.E, inverse(this.H(this.gamma)));
    const g = gradientVectors(pairs, this.radial);
    let s = 0;
    for (let al = 0; al < pairs.count; al++) {
      for (let a = 0; a < d; a++) {
        let Lr = 0;
        for (let b = 0; b < d; b++) Lr += L[a * d + b]! * pairs.r[d * al + b]!;
        s += g[d * al + a]! * Lr;
      }
    }
    return s / cellVolume(this.state.cell);
  }

  *factorizeRequest(): Generator<Request, CholmodError | null, CholmodError | null> {
    if (this.factorValid) return null;
    const pairs = this.pairs;
    if (pairs === null) throw new Error('NdLandscape.factorizeRequest: evaluate first');
    const pattern = ndHessianPattern(pairs, this.pinned);
    if (this.factor === null || this.analysed === null || !samePairs(this.analysed, pairs)) {
      this.factor?.dispose();
      this.factor = SparseCholesky.analyze(pattern, { ordering: this.ordering, mode: 'supernodal' });
      this.analysed = pairs;
      this.counters.analyses++;
    }
    this.pattern = pattern;
    this.values = ndAssemble(pattern, stiffnessBlocks(pairs, this.radial)).values;
    this.counters.factorizations++;
    const error = yield { kind: 'factorize', factor: this.factor, values: this.values };
    this.factorValid = error === null;
    return error;
  }

  newtonStep(forces: Float64Array): Float64Array {
    const pattern = this.pattern!;
    return ndExpand(pattern, this.solvePinned(ndRestrict(pattern, forces)));
  }

  solvePinned(b: Float64Array, nrhs = 1): Float64Array {
    if (!this.factorValid || this.factor === null) throw new Error('NdLandscape.solvePinned: no valid factorization');
    this.counters.solves += nrhs;
    return this.factor.solve(b, nrhs);
  }

  /** M X in the pinned space (dofs × nrhs, column-major), M the last factorized Hessian. */
  hessianProduct(X: Float64Array, nrhs = 1): Float64Array {
    if (!this.factorValid || this.pattern === null) throw new Error('NdLandscape.hessianProduct: no valid factorization');
    const { n, colPtr, rowIdx } = this.pattern, v = this.values;
    const Y = new Float64Array(n * nrhs);
    for (let c = 0; c < nrhs; c++) {
      const o = c * n;
      for (let col = 0; col < n; col++) {
        const xc = X[o + col]!;
        let s = 0;
        for (let p = colPtr[col]!, e = colPtr[col + 1]!; p < e; p++) {
          const r = rowIdx[p]!, a = v[p]!;
          if (r === col) {
            s += a * xc;
          } else {
            s += a * X[o + r]!;
            Y[o + r] += a * xc;
          }
        }
        Y[o + col] += s;
      }
    }
    return Y;
  }

  get dofs(): number {
    return this.d * (this.n - 1);
  }

  dispose(): void {
    this.factor?.dispose();
    this.factor = null;
    this.factorValid = false;
  }
}
