/**
 * The potential-energy landscape of a glass along a strain path, with a reusable sparse
 * factorization of its Hessian (DESIGN §2, §5, §6).
 *
 * The state at strain γ has the cell H(γ)·h0 and positions x (Float64Array(2N),
 * interleaved, λ). A `Landscape` evaluates at (x, γ):
 *   U(x, γ) (ε), F = −∇U (ε/λ), σ = (1/V) ∂U/∂γ = (1/V) Σ_α g_α·(L r_α) (ε/λ²) with
 *   L = dH/dγ·H(γ)⁻¹ (lib/space `velocityGradient`), and the Hessian M = Σ_α D_αᵀ K_α D_α
 *   with one particle pinned (translations removed).
 *
 * Pattern reuse: the Hessian pattern is built from ALL pairs of a Verlet list (cutoff
 * x_c·λ_max + skin), not only the interacting ones; pairs beyond their cutoff have
 * K_α = 0 and contribute explicit zeros. The symbolic analysis (the fill-reducing
 * ordering) is therefore redone only when the Verlet list is rebuilt, i.e. when a pair
 * could enter the cutoff unseen — not every time a contact forms or breaks. Numeric
 * refactorizations reuse it.
 *
 * Factorizations go through `factorizeRequest`, a generator step, so that the same code
 * serves a synchronous driver and an asynchronous one (factorizeAsync on the thread pool;
 * see ./driver.ts).
 */
import type { Configuration } from '../config.js';
import { CholmodError } from '../errors.js';
import {
  assembleBlocks, createPairList, energyForces, expandPinned, hessianPattern, mismatchForces, pairTensors,
  restrictPinned, type HessianPattern, type PairList, type PairTensors,
} from '../hessian/index.js';
import type { Model } from '../model/model.js';
import {
  cellInverse, cellVolume, createNeighborList, matMul2, reduceCellUnchecked, strainedCell, updateNeighborList, velocityGradient,
  type Deformation, type NeighborList,
} from '../space/index.js';
import { SparseCholesky, type Ordering } from '../sparse-cholesky.js';
import type { Request } from './driver.js';

/** Settings of a Landscape. */
export interface LandscapeOptions {
  /** Particle whose two dofs are dropped from the Hessian (default 0). */
  pinned?: number;
  /** Verlet skin (λ) of the list that defines the Hessian pattern (default 0.3). */
  skin?: number;
  /** Fill-reducing ordering of the analysis (default 'metis'). */
  ordering?: Ordering;
}

/** Counters of the work done (for the result's statistics). */
export interface LandscapeCounters {
  /** Energy + force evaluations. */
  evaluations: number;
  /** Numeric factorizations (successful or not). */
  factorizations: number;
  /** Symbolic analyses (orderings). */
  analyses: number;
  /** Triangular solves (right-hand sides). */
  solves: number;
}

export class Landscape {
  readonly model: Model;
  readonly def: Deformation;
  /** Undeformed cell h0 (γ = 0 of the path), row-major. */
  readonly h0: Float64Array;
  readonly n: number;
  readonly pinned: number;
  readonly species: Uint8Array;
  readonly counters: LandscapeCounters = { evaluations: 0, factorizations: 0, analyses: 0, solves: 0 };
  private readonly ordering: Ordering;
  private readonly nl: NeighborList;
  /** Scratch configuration whose positions/cell are set by `evaluate`. */
  private readonly config: Configuration;
  private pairs: PairList = createPairList(0);
  private pattern: HessianPattern | null = null;
  private patternBuild = -1;
  private factor: SparseCholesky | null = null;
  private factorValid = false;
  private readonly forceBuf: Float64Array;
  private tensors: PairTensors | null = null;
  private tensorOrder = 0;
  private valueBuf: Float64Array | null = null;
  /** Strain of the last evaluation. */
  gamma = Number.NaN;

  constructor(model: Model, def: Deformation, h0: Float64Array, species: Uint8Array, options: LandscapeOptions = {}) {
    this.model = model;
    this.def = def;
    this.h0 = Float64Array.from(h0);
    this.species = species;
    this.n = species.length;
    this.pinned = options.pinned ?? 0;
    this.ordering = options.ordering ?? 'metis';
    this.nl = createNeighborList(this.n, { cutoff: model.maxCutoff, skin: options.skin ?? 0.3 });
    this.config = { n: this.n, cell: new Float64Array(4), positions: new Float64Array(2 * this.n), species };
    this.forceBuf = new Float64Array(2 * this.n);
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

  private setState(x: Float64Array, gamma: number): void {
    if (gamma !== this.gamma) {
      strainedCell(this.def, gamma, this.h0, this.config.cell);
      this.gamma = gamma;
    }
    this.config.positions.set(x);
    this.factorValid = false;
    this.tensors = null;
  }

  /**
   * U and F at (x, γ). The returned forces array is owned by the landscape and
   * overwritten by the next evaluation.
   */
  evaluate(x: Float64Array, gamma: number): { energy: number; forces: Float64Array; maxForce: number } {
    this.setState(x, gamma);
    const { energy, forces } = energyForces(this.config, this.model, this.nl, this.forceBuf);
    this.counters.evaluations++;
    let m = 0;
    for (let k = 0; k < forces.length; k++) {
      const a = Math.abs(forces[k]);
      if (a > m) m = a;
    }
    return { energy, forces, maxForce: m };
  }

  /** Objective for lib/minimize at fixed strain γ: E(x), ∇E = −F into grad. */
  objective(gamma: number): (x: Float64Array, grad: Float64Array) => number {
    return (x, grad) => {
      const { energy, forces } = this.evaluate(x, gamma);
      for (let k = 0; k < grad.length; k++) grad[k] = -forces[k];
      return energy;
    };
  }

  /** Pairs of the Verlet list with current minimum-image bond vectors (sorted by (i, j)). */
  private refreshPairs(): void {
    updateNeighborList(this.nl, this.config);
    const nl = this.nl, x = this.config.positions, sp = this.species, ns = this.model.nSpecies;
    const p = this.pairs;
    if (p.i.length < nl.count) {
      const cap = Math.ceil(nl.count * 1.2) + 16;
      p.i = new Int32Array(cap); p.j = new Int32Array(cap); p.sp = new Uint8Array(cap); p.r = new Float64Array(2 * cap);
    }
    const rc = reduceCellUnchecked(this.config.cell, nl.rcell);
    const h = rc.h, hi = rc.hinv;
    let c = 0;
    for (let i = 0; i < this.n; i++) {
      const xi = x[2 * i], yi = x[2 * i + 1];
      for (let k = nl.offsets[i], e = nl.offsets[i + 1]; k < e; k++) {
        const j = nl.neighbors[k];
        const dx = x[2 * j] - xi, dy = x[2 * j + 1] - yi;
        let s0 = hi[0] * dx + hi[1] * dy, s1 = hi[2] * dx + hi[3] * dy;
        s0 -= Math.round(s0);
        s1 -= Math.round(s1);
        p.i[c] = i; p.j[c] = j; p.sp[c] = sp[i] * ns + sp[j];
        p.r[2 * c] = h[0] * s0 + h[1] * s1;
        p.r[2 * c + 1] = h[2] * s0 + h[3] * s1;
        c++;
      }
    }
    p.count = c;
    p.nParticles = this.n;
    if (nl.builds !== this.patternBuild) {
      this.pattern = hessianPattern(p, this.n, this.pinned);
      this.patternBuild = nl.builds;
      this.factor?.dispose();
      this.factor = null;
      this.valueBuf = null;
    }
  }

  /** Pair tensors up to `order` (2: g, K; 3: + T) at the last evaluated state. */
  private tensorsAt(order: number): { pairs: PairList; t: PairTensors } {
    if (this.tensors === null || this.tensorOrder < order) {
      this.refreshPairs();
      this.tensors = pairTensors(this.pairs, this.model, order);
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
   * Assembles M at the last evaluated state and factorizes it (analysis reused).
   * Generator step: yields one factorize request; returns null on success or the
   * CholmodError CHOLMOD_NOT_POSDEF (other errors are thrown).
   */
  *factorizeRequest(): Generator<Request, CholmodError | null, CholmodError | null> {
    const { t } = this.tensorsAt(2);
    const pattern = this.pattern!;
    if (this.factor === null) {
      this.factor = SparseCholesky.analyze(pattern, { ordering: this.ordering, mode: 'supernodal' });
      this.counters.analyses++;
    }
    this.valueBuf = assembleBlocks(pattern, t.K!, this.valueBuf ?? undefined).values;
    this.counters.factorizations++;
    const error = yield { kind: 'factorize', factor: this.factor, values: this.valueBuf };
    this.factorValid = error === null;
    return error;
  }

  /** True when the factor holds M at the last evaluated state. */
  get factorized(): boolean {
    return this.factorValid;
  }

  /** X = M⁻¹ B in the pinned space (pattern.n × nrhs, column-major). */
  solvePinned(b: Float64Array, nrhs = 1): Float64Array {
    if (!this.factorValid || this.factor === null) throw new Error('Landscape.solvePinned: no valid factorization');
    this.counters.solves += nrhs;
    return this.factor.solve(b, nrhs);
  }

  /** Newton step Δx = M⁻¹ F (2N, zero for the pinned particle) at the factorized state. */
  newtonStep(forces: Float64Array): Float64Array {
    const pattern = this.pattern!;
    return expandPinned(pattern, this.solvePinned(restrictPinned(pattern, forces)));
  }

  /** L = dH/dγ·H(γ)⁻¹ at the current strain. */
  velocityGradient(): Float64Array {
    return velocityGradient(this.def, this.gamma);
  }

  /**
   * Non-affine velocity u = dx/dγ − L x = −M⁻¹ Ξ with the mismatch forces
   * Ξ = Σ_α D_αᵀ K_α L r_α (DESIGN §4 at finite strain; 2N, pinned particle 0).
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
   * dλ/dγ = vᵀ Ṁ v for a unit eigenvector v (pinned space) of M, with
   * Ṁ = Σ_α D_αᵀ (T_α·ṙ_α) D_α and ṙ_α = L r_α + D_α u (DESIGN §4); u from
   * `nonAffineVelocity`. Units ε λ⁻² per unit strain.
   */
  eigenvalueDerivative(vPinned: Float64Array, u: Float64Array): number {
    const { pairs, t } = this.tensorsAt(3);
    const v = expandPinned(this.pattern!, vPinned);
    const L = this.velocityGradient(), T = t.T!, r = pairs.r;
    let s = 0;
    for (let a = 0; a < pairs.count; a++) {
      const i = pairs.i[a], j = pairs.j[a];
      const rx = r[2 * a], ry = r[2 * a + 1];
      const dx = L[0] * rx + L[1] * ry + u[2 * j] - u[2 * i];
      const dy = L[2] * rx + L[3] * ry + u[2 * j + 1] - u[2 * i + 1];
      const wx = v[2 * j] - v[2 * i], wy = v[2 * j + 1] - v[2 * i + 1];
      const o = 8 * a;
      // K̇_ab = Σ_c T_abc ṙ_c; s += w_a K̇_ab w_b
      const k00 = T[o] * dx + T[o + 1] * dy;
      const k01 = T[o + 2] * dx + T[o + 3] * dy;
      const k10 = T[o + 4] * dx + T[o + 5] * dy;
      const k11 = T[o + 6] * dx + T[o + 7] * dy;
      s += wx * (k00 * wx + k01 * wy) + wy * (k10 * wx + k11 * wy);
    }
    return s;
  }

  /** Dimension of the pinned space (2N − 2). */
  get dofs(): number {
    return 2 * this.n - 2;
  }

  /** Frees the factorization. Safe to call twice. */
  dispose(): void {
    this.factor?.dispose();
    this.factor = null;
    this.factorValid = false;
  }
}
