/**
 * The potential-energy landscape of a glass along a strain path, with a reusable sparse
 * factorization of its Hessian (docs/design.md §2, §5, §6).
 *
 * The state at strain γ has the cell H(γ)·h0 and positions x (Float64Array(2N),
 * interleaved, λ). A `Landscape` evaluates at (x, γ):
 *   U(x, γ) (ε), F = −∇U (ε/λ), σ = (1/V) ∂U/∂γ = (1/V) Σ_α g_α·(L r_α) (ε/λ²) with
 *   L = dH/dγ·H(γ)⁻¹ (lib/space `velocityGradient`), and the Hessian M = Σ_α D_αᵀ K_α D_α
 *   with one particle pinned (translations removed).
 *
 * Energy and forces come from the MD kernel (lib/md `createMdEvaluator`: per-type Verlet
 * list built once per cell; one native call per evaluation, which also copies x into the
 * landscape's configuration, the evaluator's `positions`, and gives max|F| or the
 * gradient), the hot loop of minimizations; for a law
 * other than `ipl` (Model.reduced set; the MD kernel evaluates the IPL tables only) from
 * lib/hessian `energyForces` on a Verlet list of its own.
 *
 * Pattern reuse: the Hessian pattern is built from the pairs within their cutoff plus a
 * margin m = PATTERN_MARGIN, r_α < x_c·λ_α + m; pairs beyond their cutoff have K_α = 0 and
 * contribute explicit zeros. The pattern stays valid as long as every interacting pair is
 * in it; that is checked at every assembly against a Verlet list (cutoff x_c·λ_max +
 * skin, lib/space, valid under any deformation of the cell), and only a pair entering its
 * cutoff from outside the pattern forces a new pattern and symbolic analysis (the
 * fill-reducing ordering). Numeric refactorizations reuse it. The margin trades analyses
 * for fill: at N = 10⁴ the pattern of every pair within x_c·λ_max + 0.3 of the Verlet
 * list (the same for all species) has 4.2·10⁶ entries in L and 1.9 GFlop per
 * factorization, the interacting pairs plus 0.1 have 1.7·10⁶ and 0.4 GFlop; along a
 * branch (strain ~10⁻²) few pairs move by 0.1 relative to each other.
 *
 * Factorizations go through `factorizeRequest`, a generator step, so that the same code
 * serves a synchronous driver and an asynchronous one (factorizeAsync on the thread pool;
 * see ./driver.ts). They are held in two slots (./factor-slots.ts: the active factor and
 * the one `keepFactor` protects), all on the current pattern: a new pattern frees both.
 */
import type { LandscapeCounters, StrainLandscape } from './strain-landscape.js';
import type { Configuration } from '../config.js';
import type { CholmodError } from '../errors.js';
import {
  assembleBlocks, createPairList, energyForces, expandPinned, hessianPattern, mismatchForces, pairTensors, particleOfDof,
  restrictPinned, type HessianPattern, type PairList, type PairTensors,
} from '../hessian/index.js';
import { maxAbs } from '../md/evaluator-loops.js';
import { createMdEvaluator, type MdEvaluator } from '../md/objective.js';
import type { Model } from '../model/model.js';
import {
  cellInverse, cellVolume, createNeighborList, createReducedCell, matMul2, reduceCellUnchecked, roundImageUnchecked, strainedCell,
  updateNeighborList,
  velocityGradient, type Deformation, type NeighborList,
} from '../space/index.js';
import type { Ordering } from '../sparse-cholesky.js';
import type { Request } from './driver.js';
import { FactorSlots } from './factor-slots.js';

/** Margin (λ) of the Hessian pattern beyond each pair type's cutoff (see the module doc). */
const PATTERN_MARGIN = 0.1;
/** Verlet skin (λ) of the energy/force evaluator's list. */
const EVALUATOR_SKIN = 0.3;

/** Settings of a Landscape. */
export interface LandscapeOptions {
  /** Particle whose two dofs are dropped from the Hessian (default 0). */
  pinned?: number;
  /** Verlet skin (λ) of the list that finds the pairs entering the Hessian pattern (default 0.3). */
  skin?: number;
  /** Fill-reducing ordering of the analysis (default 'metis'). */
  ordering?: Ordering;
}

export type { LandscapeCounters } from './strain-landscape.js';

/** Whether two 2×2 cells are the same numbers. */
const sameCell = (a: Float64Array, b: Float64Array): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

export class Landscape implements StrainLandscape {
  readonly model: Model;
  readonly def: Deformation;
  /** Undeformed cell h0 (γ = 0 of the path), row-major. */
  readonly h0: Float64Array;
  readonly n: number;
  readonly pinned: number;
  readonly species: Uint8Array;
  readonly counters: LandscapeCounters = { evaluations: 0, factorizations: 0, analyses: 0, solves: 0 };
  /** Verlet list of the pattern pairs; made again with a thinner skin when shear narrows the cell (`fitPatternList`). */
  private nl: NeighborList;
  /** Scratch configuration whose positions/cell are set by `evaluate`. */
  private readonly config: Configuration;
  /** The pairs of the Hessian pattern, sorted by (i, j), with current bond vectors. */
  private pairs: PairList = createPairList(0);
  private pattern: HessianPattern | null = null;
  /** Per Verlet-list entry: its index in `pairs`, or −1 (valid for list build `slotBuild`). */
  private slot = new Int32Array(0);
  /** Scratch for one minimum image. */
  private readonly image = new Float64Array(2);
  private slotBuild = -1;
  /** (x_c·λ_t + PATTERN_MARGIN)² per pair type. */
  private readonly patternCut2: Float64Array;
  private evaluator: MdEvaluator | null = null;
  /** The last cells the evaluator's list and the pattern's list were checked to fit, and scratch for those checks. */
  private readonly fitCellAt = new Float64Array(4);
  private readonly listFitAt = new Float64Array(4);
  private readonly fitCell = createReducedCell();
  /** Verlet list of the energy/force loop of a non-`ipl` law (see energyForcesAt). */
  private lawList: NeighborList | null = null;
  /** Numeric factorizations on the current pattern (at most two, see `keepFactor`). */
  private readonly factors: FactorSlots<HessianPattern>;
  private readonly forceBuf: Float64Array;
  private tensors: PairTensors | null = null;
  private tensorOrder = 0;
  /** The arrays of the last tensors, refilled at the next state when the pair count is the same (no allocation per step). */
  private spareTensors: PairTensors | null = null;
  /** See pinnedScratch. */
  private scratch: [Float64Array, Float64Array] | null = null;
  /** Strain of the last evaluation. */
  gamma = Number.NaN;

  constructor(model: Model, def: Deformation, h0: Float64Array, species: Uint8Array, options: LandscapeOptions = {}) {
    this.model = model;
    this.def = def;
    this.h0 = Float64Array.from(h0);
    this.species = species;
    this.n = species.length;
    this.pinned = options.pinned ?? 0;
    this.factors = new FactorSlots('Landscape', this.counters, options.ordering ?? 'metis', 2 * this.n);
    this.nl = createNeighborList(this.n, { cutoff: model.maxCutoff, skin: options.skin ?? 0.3 });
    this.config = { n: this.n, cell: new Float64Array(4), positions: new Float64Array(2 * this.n), species };
    this.forceBuf = new Float64Array(2 * this.n);
    this.patternCut2 = Float64Array.from(model.cutoff, (r) => (r + PATTERN_MARGIN) ** 2);
  }

  /** Cell H(γ)·h0 at strain γ. */
  cellAt(gamma: number): Float64Array {
    return strainedCell(this.def, gamma, this.h0);
  }

  /** The affine map from γ_old to γ_new: A = H(γ_new)·H(γ_old)⁻¹ (row-major 2×2). */
  affineMap(gammaOld: number, gammaNew: number): Float64Array {
    return matMul2(this.def.H(gammaNew), cellInverse(this.def.H(gammaOld)));
  }

  /** A Configuration record (copies) for positions x at strain γ. */
  configurationAt(x: Float64Array, gamma: number): Configuration {
    return { n: this.n, cell: this.cellAt(gamma), positions: Float64Array.from(x), species: this.species.slice() };
  }

  /**
   * Moves to (x, γ); the factor and tensors stay valid when nothing changed. Copies x
   * into the configuration when `copy`, else leaves that to the caller (the MD evaluator,
   * whose `positions` the configuration's are, copies it in its own pass over x); returns
   * whether the state changed.
   */
  private setState(x: Float64Array, gamma: number, copy: boolean): boolean {
    const pos = this.config.positions;
    if (gamma === this.gamma) {
      let same = true;
      for (let k = 0; k < pos.length; k++) {
        if (pos[k] !== x[k]) {
          same = false;
          break;
        }
      }
      if (same) return false;
    } else {
      strainedCell(this.def, gamma, this.h0, this.config.cell);
      this.gamma = gamma;
    }
    if (copy) pos.set(x);
    // Nothing outside the landscape keeps its tensors (every method uses them and returns new arrays).
    if (this.tensors !== null) this.spareTensors = this.tensors;
    this.tensors = null;
    // Still factorized when back at the factor's state (e.g. after a rejected trial step).
    this.factors.moved(x, this.gamma);
    return true;
  }

  /**
   * U and F at (x, γ). The returned forces array is owned by the landscape and
   * overwritten by the next `evaluate` (an `objective` call may leave it as it is).
   */
  evaluate(x: Float64Array, gamma: number): { energy: number; forces: Float64Array; maxForce: number } {
    const energy = this.energyForcesAt(x, gamma, true);
    const forces = this.forceBuf;
    // max|F| from the evaluator's call (one native call with the forces), else a pass.
    const maxForce = this.model.reduced === undefined ? this.evaluator!.maxForce : maxAbs(forces, forces.length);
    return { energy, forces, maxForce };
  }

  /** Objective for lib/minimize at fixed strain γ: E(x), ∇E = −F into grad. */
  objective(gamma: number): (x: Float64Array, grad: Float64Array) => number {
    return (x, grad) => {
      if (this.model.reduced === undefined) return this.energyForcesAt(x, gamma, false, grad);
      const energy = this.energyForcesAt(x, gamma);
      const forces = this.forceBuf;
      for (let k = 0; k < grad.length; k++) grad[k] = -forces[k];
      return energy;
    };
  }

  /**
   * U at (x, γ), F into forceBuf; with the MD evaluator (an `ipl` law) also max|F| into
   * its `maxForce` when `withMaxForce`, and −F into `gradient` when given (then instead of
   * F into forceBuf: one array written, not two).
   */
  private energyForcesAt(x: Float64Array, gamma: number, withMaxForce = false, gradient?: Float64Array): number {
    const cell = this.config.cell;
    if (this.model.reduced !== undefined) {
      this.setState(x, gamma, true);
      // A law other than `ipl`: the MD kernel evaluates the IPL tables only, so the
      // configuration-level loop of lib/hessian (any law) on a list of its own.
      this.lawList ??= createNeighborList(this.n, { cutoff: this.model.maxCutoff, skin: EVALUATOR_SKIN });
      this.counters.evaluations++;
      return energyForces(this.config, this.model, this.lawList, this.forceBuf).energy;
    }
    // x is copied into the configuration by the evaluator, whose `positions` it is, in its
    // pass over x (by setState before the evaluator exists: its construction reads the
    // cell and may throw).
    this.setState(x, gamma, this.evaluator === null);
    if (this.evaluator !== null && !this.evaluatorFits(cell)) this.evaluator = null;
    if (this.evaluator === null) {
      // The evaluator's list needs a cell wider than 2·(cutoff + 2·skin); the pattern's list
      // (lib/space) only 2·(cutoff + skin): small cells get a thinner evaluator skin.
      const room = reduceCellUnchecked(cell, this.fitCell).minWidth / 2 - this.model.maxCutoff;
      this.evaluator = createMdEvaluator(this.model, cell, this.species, Math.min(EVALUATOR_SKIN, 0.4 * room), undefined,
        this.config.positions);
      this.fitCellAt.set(cell);
    }
    this.counters.evaluations++;
    // With a gradient (the objective) F is not kept: forceBuf is left as it was.
    const f = gradient === undefined ? this.forceBuf : undefined;
    return this.evaluator.energyForces(x, cell, f, undefined, withMaxForce, gradient);
  }

  /**
   * Whether the evaluator's list still fits `cell` (width > 2·(list radius + skin), the
   * evaluator's own check). A small glass's skin is chosen at its first cell with a margin
   * of 0.2·(w/2 − r_c); shear narrows the reduced cell (simple shear by up to 1/√(1+γ²),
   * pure shear along its compressed axis), and a glass near the smallest N runs out of that
   * margin: the evaluator is then made again with a thinner skin for the new cell. Read
   * only when the cell changed; a glass whose first skin keeps fitting never rebuilds it.
   */
  private evaluatorFits(cell: Float64Array): boolean {
    const at = this.fitCellAt;
    if (sameCell(cell, at)) return true;
    const list = this.evaluator!.neighbors;
    if (reduceCellUnchecked(cell, this.fitCell).minWidth > 2 * (list.listRadius + list.skin)) {
      at.set(cell);
      return true;
    }
    return false;
  }

  /**
   * Brings the pattern pairs' bond vectors (minimum image) up to date, and the pattern
   * itself when an interacting pair is missing from it (see the module doc).
   */
  private refreshPairs(): void {
    this.fitPatternList();
    const nl = this.nl;
    updateNeighborList(nl, this.config);
    if (this.pattern === null) {
      this.buildPattern();
      return;
    }
    if (nl.builds !== this.slotBuild) this.remapSlots();
    const x = this.config.positions, sp = this.species, ns = this.model.nSpecies, cut2 = this.model.cutoff2;
    const rc = reduceCellUnchecked(this.config.cell, nl.rcell);
    const p = this.pairs, pi = p.i, pj = p.j, r = p.r;
    for (let a = 0; a < p.count; a++) {
      const i = pi[a], j = pj[a];
      roundImageUnchecked(rc, x[2 * j] - x[2 * i], x[2 * j + 1] - x[2 * i + 1], r, 2 * a);
    }
    // Every pair of the Verlet list outside the pattern must be outside its cutoff.
    const slot = this.slot, offsets = nl.offsets, nbr = nl.neighbors, image = this.image;
    for (let i = 0; i < this.n; i++) {
      const xi = x[2 * i], yi = x[2 * i + 1], ti = sp[i] * ns;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        if (slot[k] >= 0) continue;
        const j = nbr[k];
        if (roundImageUnchecked(rc, x[2 * j] - xi, x[2 * j + 1] - yi, image, 0) < cut2[ti + sp[j]]) {
          this.buildPattern();
          return;
        }
      }
    }
  }

  /**
   * Keeps the pattern's Verlet list valid for the current cell: it needs a reduced width
   * > 2·(cutoff + skin), and shear narrows the cell, so a glass near the smallest N gets a
   * new list with the skin 0.4·(w/2 − cutoff) of its current cell (more rebuilds, the same
   * pairs). Nothing changes while the first skin fits. When no skin fits (w ≤ 2·cutoff),
   * the list's own check refuses the cell, naming the N that this shape needs.
   */
  private fitPatternList(): void {
    const cell = this.config.cell, at = this.listFitAt, nl = this.nl;
    if (sameCell(cell, at)) return;
    const w = reduceCellUnchecked(cell, this.fitCell).minWidth;
    if (!(w > 2 * (nl.cutoff + nl.skin))) {
      const room = w / 2 - nl.cutoff;
      if (!(room > 0)) return;
      this.nl = createNeighborList(this.n, { cutoff: nl.cutoff, skin: 0.4 * room });
      this.slotBuild = -1;
    }
    at.set(cell);
  }

  /** New pattern pairs from the Verlet list: r_α < x_c·λ_α + margin (sorted by (i, j)). */
  private buildPattern(): void {
    const nl = this.nl, x = this.config.positions, sp = this.species, ns = this.model.nSpecies, cut2 = this.patternCut2;
    const p = this.pairs;
    if (p.i.length < nl.count) {
      const cap = Math.ceil(nl.count * 1.2) + 16;
      p.i = new Int32Array(cap); p.j = new Int32Array(cap); p.sp = new Uint8Array(cap); p.r = new Float64Array(2 * cap);
    }
    if (this.slot.length < nl.count) this.slot = new Int32Array(Math.ceil(nl.count * 1.2) + 16);
    const slot = this.slot;
    const rc = reduceCellUnchecked(this.config.cell, nl.rcell);
    const image = this.image;
    let c = 0;
    for (let i = 0; i < this.n; i++) {
      const xi = x[2 * i], yi = x[2 * i + 1], ti = sp[i] * ns;
      for (let k = nl.offsets[i], e = nl.offsets[i + 1]; k < e; k++) {
        const j = nl.neighbors[k];
        const t = ti + sp[j];
        if (roundImageUnchecked(rc, x[2 * j] - xi, x[2 * j + 1] - yi, image, 0) < cut2[t]) {
          p.i[c] = i; p.j[c] = j; p.sp[c] = t;
          p.r[2 * c] = image[0];
          p.r[2 * c + 1] = image[1];
          slot[k] = c++;
        } else {
          slot[k] = -1;
        }
      }
    }
    p.count = c;
    p.nParticles = this.n;
    this.slotBuild = nl.builds;
    this.pattern = hessianPattern(p, this.n, this.pinned);
    this.factors.dispose();
  }

  /** `slot` for a rebuilt Verlet list: merge of its sorted rows with the sorted pattern pairs. */
  private remapSlots(): void {
    const nl = this.nl, p = this.pairs;
    if (this.slot.length < nl.count) this.slot = new Int32Array(Math.ceil(nl.count * 1.2) + 16);
    const slot = this.slot;
    let a = 0;
    for (let i = 0; i < this.n; i++) {
      while (a < p.count && p.i[a] < i) a++;
      for (let k = nl.offsets[i], e = nl.offsets[i + 1]; k < e; k++) {
        const j = nl.neighbors[k];
        while (a < p.count && p.i[a] === i && p.j[a] < j) a++;
        slot[k] = a < p.count && p.i[a] === i && p.j[a] === j ? a : -1;
      }
    }
    this.slotBuild = nl.builds;
  }

  /** Pair tensors up to `order` (2: g, K; 3: + T) at the last evaluated state. */
  private tensorsAt(order: number): { pairs: PairList; t: PairTensors } {
    if (this.tensors === null || this.tensorOrder < order) {
      this.refreshPairs();
      const spare = this.tensors ?? this.spareTensors;
      this.tensors = pairTensors(this.pairs, this.model, order, spare?.count === this.pairs.count ? spare : undefined);
      this.tensorOrder = order;
    }
    return { pairs: this.pairs, t: this.tensors };
  }

  /** The Hessian pattern (pinned particle removed) of the current Verlet list. */
  get hessianPattern(): HessianPattern {
    if (this.pattern === null) throw new Error('Landscape: no pattern yet (evaluate and factorize first)');
    return this.pattern;
  }

  /**
   * Assembles M at the last evaluated state and factorizes it (analysis reused); nothing
   * to do when the active factor already holds that state. The kept slot (`keepFactor`)
   * is never overwritten.
   * Generator step: yields one factorize request; returns null on success or the
   * CholmodError CHOLMOD_NOT_POSDEF (other errors are thrown).
   */
  *factorizeRequest(): Generator<Request, CholmodError | null, CholmodError | null> {
    if (this.factors.valid) return null;
    const { t } = this.tensorsAt(2);
    const pattern = this.pattern!;
    // M assembled into the target slot's own values array (no allocation per factorization).
    assembleBlocks(pattern, t.K!, this.factors.prepare(pattern));
    const error = yield this.factors.request();
    return this.factors.record(error, this.config.positions, this.gamma);
  }

  /** True when the factor holds M at the last evaluated state. */
  get factorized(): boolean {
    return this.factors.valid;
  }

  /** True when a factorization is held (of this or an earlier state; see `heldStep`). */
  get factorHeld(): boolean {
    return this.factors.held;
  }

  /**
   * Protects the factor of the current state (which must be factorized) from being
   * overwritten: later factorizations go to a second slot (a second symbolic analysis, once
   * per pattern), and `useKeptFactor` makes it the active one again without refactorizing.
   * The branch continuation keeps the factor of its last branch point this way, for the
   * chord steps of every attempt from it.
   */
  keepFactor(): void {
    this.factors.keepFactor();
  }

  /** Makes the kept factor the active one (for `heldStep`); false when none is kept. */
  useKeptFactor(): boolean {
    return this.factors.useKeptFactor(this.config.positions, this.gamma);
  }

  /**
   * Chord (frozen-Hessian) step Δx = M_f⁻¹ F (2N, zero for the pinned particle) with M_f
   * the Hessian of the active factorization, at whatever state that was.
   */
  heldStep(forces: Float64Array): Float64Array {
    // Checked before the pattern is used (none before the first factorization).
    if (!this.factors.held) throw new Error('Landscape.heldStep: no factorization held');
    const pattern = this.pattern!;
    const [b, x] = this.pinnedScratch(pattern.n);
    return expandPinned(pattern, this.factors.heldSolve(restrictPinned(pattern, forces, b), x));
  }

  /**
   * Two vectors of the pinned space (length n), kept from call to call: the right-hand side
   * and the solution of a step's solve, both consumed before it returns (its 2N result is
   * a new array), so the chord and Newton steps allocate one array each instead of three.
   */
  private pinnedScratch(n: number): [Float64Array, Float64Array] {
    if (this.scratch?.[0].length !== n) this.scratch = [new Float64Array(n), new Float64Array(n)];
    return this.scratch;
  }

  /** X = M⁻¹ B in the pinned space (pattern.n × nrhs, column-major). */
  solvePinned(b: Float64Array, nrhs = 1): Float64Array {
    return this.factors.solvePinned(b, nrhs);
  }

  /**
   * M X in the pinned space (pattern.n × nrhs, column-major) with M the Hessian of the
   * last successful factorization (its assembled values).
   */
  hessianProduct(X: Float64Array, nrhs = 1): Float64Array {
    return this.factors.hessianProduct(X, nrhs);
  }

  /** Newton step Δx = M⁻¹ F (2N, zero for the pinned particle) at the factorized state. */
  newtonStep(forces: Float64Array): Float64Array {
    const pattern = this.pattern!;
    const [b, x] = this.pinnedScratch(pattern.n);
    return expandPinned(pattern, this.factors.solvePinned(restrictPinned(pattern, forces, b), 1, x));
  }

  /** L = dH/dγ·H(γ)⁻¹ at the current strain. */
  velocityGradient(): Float64Array {
    return velocityGradient(this.def, this.gamma);
  }

  /**
   * Non-affine velocity u = dx/dγ − L x = −M⁻¹ Ξ with the mismatch forces
   * Ξ = Σ_α D_αᵀ K_α L r_α (docs/design.md §4 at finite strain; 2N, pinned particle 0).
   */
  nonAffineVelocity(): Float64Array {
    const { pairs, t } = this.tensorsAt(2);
    const xi = mismatchForces(pairs, t.K!, this.velocityGradient());
    const u = this.newtonStep(xi);
    for (let k = 0; k < u.length; k++) u[k] = -u[k];
    return u;
  }

  /** σ = (1/V) ∂U/∂γ = (1/V) Σ_α g_α·(L r_α) at the last evaluated state (ε/λ²). */
  stress(): number {
    const { pairs, t } = this.tensorsAt(2);
    const L = this.velocityGradient(), g = t.g!, r = pairs.r;
    let s = 0;
    for (let a = 0; a < pairs.count; a++) {
      const rx = r[2 * a], ry = r[2 * a + 1];
      s += g[2 * a] * (L[0] * rx + L[1] * ry) + g[2 * a + 1] * (L[2] * rx + L[3] * ry);
    }
    return s / Math.abs(cellVolume(this.config.cell));
  }

  /**
   * dλ_c/dγ = v_cᵀ Ṁ v_c for k unit eigenvectors v_c (pinned space, column-major dofs × k)
   * of M, with Ṁ = Σ_α D_αᵀ (T_α·ṙ_α) D_α and ṙ_α = L r_α + D_α u (docs/design.md §4); u from
   * `nonAffineVelocity`; the pair tensors computed once. Units ε λ⁻² per unit strain.
   */
  eigenvalueDerivatives(V: Float64Array, k: number, u: Float64Array): Float64Array {
    const { pairs, t } = this.tensorsAt(3);
    const pattern = this.pattern!, dofs = pattern.n;
    const v: Float64Array[] = [];
    for (let c = 0; c < k; c++) v.push(expandPinned(pattern, V.subarray(c * dofs, (c + 1) * dofs)));
    const L = this.velocityGradient(), T = t.T!, r = pairs.r;
    const out = new Float64Array(k);
    for (let a = 0; a < pairs.count; a++) {
      const i = pairs.i[a], j = pairs.j[a];
      const rx = r[2 * a], ry = r[2 * a + 1];
      const dx = L[0] * rx + L[1] * ry + u[2 * j] - u[2 * i];
      const dy = L[2] * rx + L[3] * ry + u[2 * j + 1] - u[2 * i + 1];
      const o = 8 * a;
      const k00 = T[o] * dx + T[o + 1] * dy;
      const k01 = T[o + 2] * dx + T[o + 3] * dy;
      const k10 = T[o + 4] * dx + T[o + 5] * dy;
      const k11 = T[o + 6] * dx + T[o + 7] * dy;
      if (k00 === 0 && k01 === 0 && k10 === 0 && k11 === 0) continue;
      for (let c = 0; c < k; c++) {
        const w = v[c];
        const wx = w[2 * j] - w[2 * i], wy = w[2 * j + 1] - w[2 * i + 1];
        out[c] += wx * (k00 * wx + k01 * wy) + wy * (k10 * wx + k11 * wy);
      }
    }
    return out;
  }

  /** Dimension of the pinned space (2N − 2). */
  get dofs(): number {
    return 2 * this.n - 2;
  }

  particleOfColumn(column: number): number {
    return particleOfDof(column, this.pinned);
  }

  /** Frees the factorizations. Safe to call twice. */
  dispose(): void {
    this.factors.dispose();
  }
}
