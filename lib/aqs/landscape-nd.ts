/**
 * The energy landscape of a d-dimensional glass on a linear strain path H(γ) = I + γE
 * (docs/design.md §2, §4–§6, §10), for both AQS protocols (./reference.ts, ./fast.ts): energy,
 * forces and stress, the pinned sparse Hessian factorized by CHOLMOD (Newton, the lowest
 * modes), and the fast protocol's extras (a kept factor for chord steps, the non-affine
 * velocity, the eigenvalue slopes).
 *
 *   cell at γ:    h(γ) = H(γ) h0
 *   affine map:   A = H(γ_new) H(γ_old)⁻¹
 *   stress:       σ = (1/V) ∂U/∂γ = (1/V) Σ_α g_α · (L r_α),   L = E H(γ)⁻¹
 *                 (g_α = A1 r_α the pair gradient, lib/nd/contractions.ts)
 *
 *   u = −M⁻¹ Ξ,   Ξ = Σ_α D_αᵀ K_α L r_α                 (non-affine velocity)
 *   dλ_c/dγ = Σ_α (D_α v_c)ᵀ (T_α·ṙ_α) (D_α v_c),   ṙ_α = L r_α + D_α u
 *
 * Evaluations: energy and forces (`evaluate`, the minimizers' `objective`) run the
 * d-generic MD kernel (lib/nd/md-forces.ts, a Verlet list with skin, kept for the strain
 * of the last call): ~1–2 ms at N = 2000, where the exact pair search costs ~100 ms. The
 * pairs are found only when a quantity needs them (stress, Hessian, response), once per
 * state, from a candidate list (lib/nd/pair-candidates.ts: the pairs within r_c +
 * PATTERN_MARGIN at a reference state, filtered by their current distance; exactly the
 * list of the cell-list search lib/nd/pairs.ts findPairsNd, in the same order), rebuilt
 * by that search at the current state when the non-affine displacements and the change of
 * the cell since its build could have brought a pair from outside it within its cutoff.
 *
 * Pattern reuse (as the 2D ./landscape.ts): the Hessian pattern holds the pairs within
 * their cutoff plus a margin m = PATTERN_MARGIN when it is built (species laws; none for a
 * per-particle law or a cell too small for it); a pair of the pattern beyond its cutoff
 * contributes an explicit zero block. The pattern stays valid as long as every interacting
 * pair is in it; only a pair entering its cutoff from outside the pattern forces a new
 * pattern and symbolic analysis. Two factor slots (./factor-slots.ts, each with its own
 * analysis and the pattern it was analysed for; a slot on an older pattern is analysed
 * anew when it is next factorized): the kept one (`keepFactor`) is never overwritten.
 * Units: λ, ε; σ in ε/λ^d.
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import type { CholmodError } from '../errors.js';
import type { Ordering } from '../sparse-cholesky.js';
import { cellVolume, inverse, linearPath, matrixProduct } from '../space/cell-nd.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { affineBondVelocity, differences, gradientVectors, stiffnessBlocks, tDot } from '../nd/contractions.js';
import { pairEnergyForces } from '../nd/energy.js';
import { widenedLaw, type NdLaw } from '../nd/law.js';
import { findPairsNd, outlierSizeError, type NdPairList } from '../nd/pairs.js';
import { buildPairCandidates, candidatesHold, pairsFromCandidates, type NdPairCandidates } from '../nd/pair-candidates.js';
import { ndAssemble, ndHessianPattern, ndParticleOfDof, type NdHessianPattern } from '../nd/pattern.js';
import { pairRadial } from '../nd/radial.js';
import { shearDipole } from '../nd/pinned-system.js';
import { createNdPairTable, ndForces, type NdPairTable } from '../nd/md-forces.js';
import { createNdObjective, type NdObjective } from '../nd/md-objective.js';

import type { Request } from './driver.js';
import { FactorSlots } from './factor-slots.js';
import type { ContinuationLandscape, LandscapeCounters } from './strain-landscape.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of {@link NdLandscape}. */
export interface NdLandscapeOptions {
  /** Particle held fixed in the Hessian (default 0). */
  pinned?: number;
  /** Fill-reducing ordering of the analyses (default 'metis'). */
  ordering?: Ordering;
  /**
   * How the pairs of a state are found: 'candidates' (default) filters a candidate list
   * kept across states (module doc); 'search' runs the cell-list search at every state
   * (the route before the candidate list, same pairs; for tests and benchmarks).
   */
  pairSearch?: 'candidates' | 'search';
}

/** Margin (λ) of the Hessian pattern and of the pairs' candidate list beyond each pair type's cutoff (see the module doc). */
const PATTERN_MARGIN = 0.2;

/**
 * For each pair of `pattern` (sorted by (i, j)) its index in `pairs` (sorted), or −1; null
 * when a pair of `pairs` is missing from the pattern.
 */
function alignPairs(pattern: NdPairList, pairs: NdPairList): Int32Array | null {
  const where = new Int32Array(pattern.count).fill(-1);
  let a = 0;
  for (let b = 0; b < pairs.count; b++) {
    const i = pairs.i[b]!, j = pairs.j[b]!;
    while (a < pattern.count && (pattern.i[a]! < i || (pattern.i[a] === i && pattern.j[a]! < j))) a++;
    if (a === pattern.count || pattern.i[a] !== i || pattern.j[a] !== j) return null;
    where[a++] = b;
  }
  return where;
}

export class NdLandscape implements ContinuationLandscape {
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
  private readonly pairSearch: 'candidates' | 'search';
  /** The candidate list of the pairs (null: none built yet, or the cell is too narrow for one). */
  private candidates: NdPairCandidates | null = null;
  /** The candidate list was built at the current state (it is then the widened search of `widenedPairs`). */
  private candidatesHere = false;
  /** How the pairs of the states were found: cell-list searches (incl. candidate builds) and filtered candidate lists. */
  readonly pairCounts = { searches: 0, filtered: 0 };
  /** The state of the last evaluation. */
  private readonly state: Configuration;
  private gamma = Number.NaN;
  /** The interacting pairs of the current state and their radial scalars (up to A3), or null when stale. */
  private pairs: NdPairList | null = null;
  private radial: Float64Array = new Float64Array(0);
  private readonly forces: Float64Array;
  /** The pairs of the Hessian pattern (within cutoff + margin when it was built) and the pattern. */
  private patternPairs: NdPairList | null = null;
  private pattern: NdHessianPattern | null = null;
  /** Numeric factorizations (at most two, see `keepFactor`). */
  private readonly factors: FactorSlots<NdHessianPattern>;
  /** The MD kernel's pair table (built at the first use). */
  private table: NdPairTable | null = null;
  /** The MD kernel of `evaluate` and the strain it was built for (null: none fits, exact search). */
  private md: { gamma: number; objective: NdObjective | null } | null = null;

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
    if (E.length !== this.d * this.d) throw new ArgumentRangeError(`E: expected a ${this.d}×${this.d} matrix, got ${E.length} entries`);
    this.E = Float64Array.from(E);
    this.h0 = Float64Array.from(h0);
    this.law = law;
    this.pinned = options.pinned ?? 0;
    this.factors = new FactorSlots('NdLandscape', this.counters, options.ordering ?? 'metis', this.d * this.n);
    this.pairSearch = options.pairSearch ?? 'candidates';
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

  /** Moves to (x, γ): the pairs go stale, the factor stays valid when nothing changed. */
  private moveTo(x: Float64Array, gamma: number): void {
    const pos = this.state.positions;
    if (gamma === this.gamma) {
      let same = true;
      for (let k = 0; k < pos.length; k++) {
        if (pos[k] !== x[k]) {
          same = false;
          break;
        }
      }
      if (same) return;
    } else {
      this.state.cell.set(this.cellAt(gamma));
      this.gamma = gamma;
    }
    pos.set(x);
    this.pairs = null;
    this.candidatesHere = false;
    // Still factorized when back at the factor's state (e.g. after a rejected trial).
    this.factors.moved(pos, gamma);
  }

  /** The interacting pairs of the current state with [φ, A1, A2, A3] (once per state; see the module doc). */
  private currentPairs(): NdPairList {
    if (this.pairs === null) {
      const narrowest = imagingBasis(this.state.cell).minWidth;
      if (!(narrowest > 2 * this.law.maxCutoff)) {
        const outlier = outlierSizeError(this.state.sigma, this.law.maxCutoff, narrowest);
        if (outlier !== undefined) throw outlier;
        // Pure shear narrows a cell without bound; tilts are undone by the lattice reduction
        // of the imaging basis (lib/space/lattice-basis.ts), so this is a compression.
        throw new ArgumentRangeError(`config.cell: sheared to γ = ${this.gamma.toPrecision(6)}, the cell's smallest width ${narrowest.toPrecision(6)} λ ` +
          `is no longer above twice the largest cutoff ${(2 * this.law.maxCutoff).toPrecision(6)} λ, even in a reduced basis of its lattice ` +
          '(the strain compresses the cell along some axis); shear a larger glass, or lower the largest strain (--max-strain)');
      }
      this.pairs = this.findPairs();
      this.radial = pairRadial(this.pairs, this.law, 3);
    }
    return this.pairs;
  }

  /** The pairs of the current state: filtered from the candidate list while it holds, else rebuilt by a search. */
  private findPairs(): NdPairList {
    if (this.pairSearch === 'candidates') {
      if (this.candidates === null || !candidatesHold(this.candidates, this.state)) {
        this.pairCounts.searches++;
        this.candidates = buildPairCandidates(this.state, this.law, PATTERN_MARGIN);
        this.candidatesHere = this.candidates !== null;
        if (this.candidates === null) return findPairsNd(this.state, this.law);
      }
      this.pairCounts.filtered++;
      return pairsFromCandidates(this.candidates, this.state);
    }
    this.pairCounts.searches++;
    return findPairsNd(this.state, this.law);
  }

  /** The MD kernel at strain γ (Verlet list with skin min(0.3, 0.8·(w_min/2 − r_c))), or null when no skin fits. */
  private mdObjective(gamma: number): NdObjective | null {
    this.table ??= createNdPairTable(this.law.law, this.template.sigma);
    const table = this.table;
    const cell = this.cellAt(gamma);
    const skin = Math.min(0.3, 0.8 * (imagingBasis(cell).minWidth / 2 - Math.max(...table.cutoff)));
    if (!(skin > 0)) return null;
    return createNdObjective(this.d, cell, this.template.species, table.nSpecies, table.cutoff, skin,
      (nl, y, sp, f) => ndForces(table, nl, y, sp, f));
  }

  evaluate(x: Float64Array, gamma: number): { energy: number; forces: Float64Array; maxForce: number } {
    this.moveTo(x, gamma);
    this.counters.evaluations++;
    if (this.md === null || this.md.gamma !== gamma) this.md = { gamma, objective: this.mdObjective(gamma) };
    let energy: number;
    if (this.md.objective !== null) {
      energy = this.md.objective.energyForces(x, this.forces);
    } else {
      energy = pairEnergyForces(this.currentPairs(), this.radial, this.forces).energy;
    }
    let maxForce = 0;
    for (let k = 0; k < this.forces.length; k++) maxForce = Math.max(maxForce, Math.abs(this.forces[k]!));
    return { energy, forces: this.forces, maxForce };
  }

  /** The objective at strain γ on the MD kernel (see `mdObjective`); the exact pair search of `evaluate` when no skin fits. */
  objective(gamma: number): (x: Float64Array, grad: Float64Array) => number {
    const md = this.mdObjective(gamma);
    if (md === null) {
      return (x, grad) => {
        const { energy, forces } = this.evaluate(x, gamma);
        for (let k = 0; k < grad.length; k++) grad[k] = -forces[k]!;
        return energy;
      };
    }
    return (x, grad) => {
      this.counters.evaluations++;
      return md.objective(x, grad);
    };
  }

  /** L = E H(γ)⁻¹ at the current strain. */
  private velocityGradient(): Float64Array {
    return matrixProduct(this.E, inverse(this.H(this.gamma)));
  }

  stress(): number {
    if (Number.isNaN(this.gamma)) throw new Error('NdLandscape.stress: evaluate first');
    const pairs = this.currentPairs();
    const d = this.d;
    const L = this.velocityGradient();
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

  /**
   * The stiffness blocks K_α of the current state aligned with the pattern's pairs (zero
   * for a pattern pair beyond its cutoff); a new pattern (cutoff + margin) when an
   * interacting pair is missing from it.
   */
  private patternBlocks(): Float64Array {
    const pairs = this.currentPairs();
    const dd = this.d * this.d;
    let where = this.patternPairs === null ? null : alignPairs(this.patternPairs, pairs);
    if (where === null) {
      this.patternPairs = this.widenedPairs() ?? pairs;
      this.pattern = ndHessianPattern(this.patternPairs, this.pinned);
      where = alignPairs(this.patternPairs, pairs)!;
    }
    const K = stiffnessBlocks(pairs, this.radial);
    const blocks = new Float64Array(dd * where.length);
    for (let a = 0; a < where.length; a++) {
      const b = where[a]!;
      if (b >= 0) blocks.set(K.subarray(dd * b, dd * b + dd), dd * a);
    }
    return blocks;
  }

  /** The pairs within cutoff + PATTERN_MARGIN (species laws), or null when that does not apply or fit. */
  private widenedPairs(): NdPairList | null {
    const law = this.law;
    if (law.cutoff2 === undefined) return null;
    if (this.candidatesHere) return this.candidates!.list; // the same search, done for the candidate list
    const m = PATTERN_MARGIN;
    if (!(imagingBasis(this.state.cell).minWidth > 2 * (law.maxCutoff + m))) return null;
    return findPairsNd(this.state, widenedLaw(law, m));
  }

  /**
   * Assembles M at the last evaluated state and factorizes it (analysis reused while the
   * pattern holds); nothing to do when the active factor already holds that state. The
   * kept slot is never overwritten. Yields one factorize request; returns null or the
   * CholmodError CHOLMOD_NOT_POSDEF.
   */
  *factorizeRequest(): Generator<Request, CholmodError | null, CholmodError | null> {
    if (this.factors.valid) return null;
    if (Number.isNaN(this.gamma)) throw new Error('NdLandscape.factorizeRequest: evaluate first');
    const blocks = this.patternBlocks();
    const pattern = this.pattern!;
    // M assembled into the target slot's own values array (no allocation per factorization).
    ndAssemble(pattern, blocks, this.factors.prepare(pattern));
    const error = yield this.factors.request();
    return this.factors.record(error, this.state.positions, this.gamma);
  }

  get factorHeld(): boolean {
    return this.factors.held;
  }

  keepFactor(): void {
    this.factors.keepFactor();
  }

  useKeptFactor(): boolean {
    return this.factors.useKeptFactor(this.state.positions, this.gamma);
  }

  /** Drops the pinned particle's d entries: d·N → d(N − 1). */
  private restrict(x: Float64Array, out: Float64Array = new Float64Array(this.dofs)): Float64Array {
    const d = this.d, p = this.pinned;
    out.set(x.subarray(0, d * p), 0);
    out.set(x.subarray(d * p + d), d * p);
    return out;
  }

  /** Inserts zeros for the pinned particle: d(N − 1) → d·N. */
  private expand(x: Float64Array): Float64Array {
    const d = this.d, p = this.pinned;
    const out = new Float64Array(d * this.n);
    out.set(x.subarray(0, d * p), 0);
    out.set(x.subarray(d * p, this.dofs), d * p + d);
    return out;
  }

  heldStep(forces: Float64Array): Float64Array {
    const [b, x] = this.pinnedScratch();
    return this.expand(this.factors.heldSolve(this.restrict(forces, b), x));
  }

  newtonStep(forces: Float64Array): Float64Array {
    const [b, x] = this.pinnedScratch();
    return this.expand(this.factors.solvePinned(this.restrict(forces, b), 1, x));
  }

  /**
   * The right-hand side and the solution of a step's solve (d(N − 1) each), kept from call
   * to call: both are consumed before the step returns its d·N result, a new array.
   */
  private pinnedScratch(): [Float64Array, Float64Array] {
    if (this.scratch?.[0].length !== this.dofs) this.scratch = [new Float64Array(this.dofs), new Float64Array(this.dofs)];
    return this.scratch;
  }

  private scratch: [Float64Array, Float64Array] | null = null;

  solvePinned(b: Float64Array, nrhs = 1): Float64Array {
    return this.factors.solvePinned(b, nrhs);
  }

  /** M X in the pinned space (dofs × nrhs, column-major), M the active factor's Hessian. */
  hessianProduct(X: Float64Array, nrhs = 1): Float64Array {
    return this.factors.hessianProduct(X, nrhs);
  }

  nonAffineVelocity(): Float64Array {
    const pairs = this.currentPairs();
    const xi = shearDipole(pairs, stiffnessBlocks(pairs, this.radial), this.velocityGradient());
    const u = this.newtonStep(xi);
    for (let k = 0; k < u.length; k++) u[k] = -u[k]!;
    return u;
  }

  eigenvalueDerivatives(V: Float64Array, k: number, u: Float64Array): Float64Array {
    const pairs = this.currentPairs();
    const d = this.d, dd = d * d, dofs = this.dofs;
    const rDot = affineBondVelocity(pairs, this.velocityGradient());
    const du = differences(pairs, u);
    for (let q = 0; q < rDot.length; q++) rDot[q] += du[q]!;
    const Kdot = tDot(pairs, this.radial, rDot);
    const out = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const w = differences(pairs, this.expand(V.subarray(c * dofs, (c + 1) * dofs)));
      let s = 0;
      for (let al = 0; al < pairs.count; al++) {
        for (let a = 0; a < d; a++) {
          let row = 0;
          for (let b = 0; b < d; b++) row += Kdot[dd * al + a * d + b]! * w[d * al + b]!;
          s += w[d * al + a]! * row;
        }
      }
      out[c] = s;
    }
    return out;
  }

  get dofs(): number {
    return this.d * (this.n - 1);
  }

  particleOfColumn(column: number): number {
    return ndParticleOfDof(this.d, column, this.pinned);
  }

  dispose(): void {
    this.factors.dispose();
  }
}
