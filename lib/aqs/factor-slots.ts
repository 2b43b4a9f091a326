/**
 * The numeric factorizations of a landscape's pinned Hessian M (dofs × dofs, lower
 * triangle CSC), shared by the 2D ./landscape.ts and the d-generic ./landscape-nd.ts.
 *
 * A slot is one CHOLMOD factor with what it was made from: the pattern it was analysed
 * for (symbolic analysis, the fill-reducing ordering), the assembled values of M on that
 * pattern, and the state (x, γ) whose Hessian it factorizes (x: d·N entries, λ).
 *
 * Why two: the branch continuation (./branch.ts) takes chord steps Δx = M_f⁻¹ F with the
 * factor M_f of its last branch point, for every attempt from that point, while the
 * attempts factorize at new states (the corrector's iterates; u and the tracked modes at
 * the converged state). `keepFactor` protects the active slot; from then on
 * factorizations go to the other slot (a second analysis, once per pattern), and
 * `useKeptFactor` makes the kept slot active again without refactorizing. Without a kept slot, factorizations overwrite the active slot
 * (slot 0 at first), so a landscape that never keeps a factor holds one.
 *
 * A factorization is a generator step of its landscape (yield one factorize request,
 * ./driver.ts), split here into `prepare` (the target slot, analysed for the pattern),
 * `request` (the slot's values, as assembled; counts it) and `record` (the driver's answer), so
 * that the landscape assembles M into the slot's own array and no further generator or
 * closure is made per factorization.
 *
 * Counters: `analyses` +1 per symbolic analysis, `factorizations` +1 per numeric
 * factorization requested (successful or not), `solves` +1 per right-hand side.
 */
import type { CholmodError } from '../errors.js';
import { SparseCholesky, type CscPattern, type Ordering } from '../sparse-cholesky.js';
import type { Request } from './driver.js';
import type { LandscapeCounters } from './strain-landscape.js';

/** A lower-triangle CSC pattern (n × n) with its entry count nnz = colPtr[n]. */
export type SlotPattern = CscPattern & { nnz: number };

/** A numeric factorization of M at a state (x, γ). */
interface FactorSlot<P extends SlotPattern> {
  factor: SparseCholesky;
  /** The pattern the factor was analysed for. */
  pattern: P;
  /** The assembled values of M on that pattern (nnz; the landscape assembles into it). */
  readonly values: Float64Array;
  /** The state whose Hessian it holds. */
  x: Float64Array;
  gamma: number;
  /** Holds a successful factorization. */
  ok: boolean;
}

export class FactorSlots<P extends SlotPattern> {
  /** The slots (at most two; see the module doc). */
  private slots: FactorSlot<P>[] = [];
  /** Slot of the latest successful factorization, or −1. */
  private active = -1;
  /** Slot protected by `keepFactor`, or −1. */
  private kept = -1;
  /** Slot the pending factorization goes to (set by `prepare`). */
  private target = 0;
  /** The active slot holds M at the landscape's current state (see `valid`). */
  private current = false;

  /**
   * @param owner     the landscape's class name, for error messages (`${owner}.keepFactor: …`)
   * @param counters  the landscape's counters (analyses, factorizations, solves are counted here)
   * @param ordering  fill-reducing ordering of the analyses
   * @param size      entries of a state x (d·N)
   */
  constructor(
    private readonly owner: string,
    private readonly counters: LandscapeCounters,
    private readonly ordering: Ordering,
    private readonly size: number,
  ) {}

  /** True when the active slot holds M at the landscape's current state (set by `moved`, `record`, `useKeptFactor`). */
  get valid(): boolean {
    return this.current;
  }

  /** True when a factorization is held (of the current state or an earlier one). */
  get held(): boolean {
    return this.active >= 0;
  }

  /**
   * Whether the active slot holds M at (x, γ) (e.g. back after a rejected trial step):
   * at most one pass over x, none when γ differs.
   */
  isCurrent(x: Float64Array, gamma: number): boolean {
    if (this.active < 0) return false;
    const slot = this.slots[this.active]!;
    if (!slot.ok || slot.gamma !== gamma) return false;
    for (let k = 0; k < x.length; k++) if (x[k] !== slot.x[k]) return false;
    return true;
  }

  /** The landscape moved to (x, γ): `valid` is whether the active slot holds that state. */
  moved(x: Float64Array, gamma: number): void {
    this.current = this.isCurrent(x, gamma);
  }

  /**
   * The values array of the slot the next factorization goes to: the other one than the
   * kept slot, else the active one (slot 0 when none). The slot is analysed for `pattern`
   * when it is new or was analysed for another pattern (its old factor is then freed);
   * a new slot's values are zeros(pattern.nnz), for the landscape to assemble M into.
   */
  prepare(pattern: P): Float64Array {
    const target = this.kept >= 0 ? 1 - this.kept : Math.max(0, this.active);
    let slot = this.slots[target];
    if (slot === undefined || slot.pattern !== pattern) {
      slot?.factor.dispose();
      slot = {
        factor: SparseCholesky.analyze(pattern, { ordering: this.ordering, mode: 'supernodal' }),
        pattern, values: new Float64Array(pattern.nnz), x: new Float64Array(this.size), gamma: Number.NaN, ok: false,
      };
      this.slots[target] = slot;
      this.counters.analyses++;
    }
    this.target = target;
    return slot.values;
  }

  /**
   * The factorize request for M as assembled into the values array of `prepare`; counts one
   * factorization. Yield it, and hand the answer to `record`.
   */
  request(): Request {
    const slot = this.slots[this.target]!;
    this.counters.factorizations++;
    slot.ok = false;
    return { kind: 'factorize', factor: slot.factor, values: slot.values };
  }

  /**
   * The driver's answer to `request`, for the state (x, γ) the values were assembled at:
   * on success (null) the slot records the state and becomes active, `valid` is true; on
   * CHOLMOD_NOT_POSDEF it holds nothing and is no longer active. Returns the answer.
   */
  record(error: CholmodError | null, x: Float64Array, gamma: number): CholmodError | null {
    const target = this.target, slot = this.slots[target]!;
    if (error === null) {
      slot.ok = true;
      slot.x.set(x);
      slot.gamma = gamma;
      this.active = target;
      this.current = true;
    } else {
      if (this.active === target) this.active = -1;
      this.current = false;
    }
    return error;
  }

  /** Protects the active slot, which must hold the current state (module doc). */
  keepFactor(): void {
    if (!this.current) throw new Error(`${this.owner}.keepFactor: no valid factorization`);
    this.kept = this.active;
  }

  /**
   * Makes the kept slot active again, `valid` when it holds (x, γ) (the landscape's
   * current state); false when none is kept.
   */
  useKeptFactor(x: Float64Array, gamma: number): boolean {
    if (this.kept < 0 || !this.slots[this.kept]!.ok) return false;
    this.active = this.kept;
    this.current = this.isCurrent(x, gamma);
    return true;
  }

  /** X = M_f⁻¹ B (dofs, one right-hand side) with the active factor, of whatever state it holds. */
  heldSolve(b: Float64Array, out?: Float64Array): Float64Array {
    if (this.active < 0) throw new Error(`${this.owner}.heldStep: no factorization held`);
    this.counters.solves++;
    return this.slots[this.active]!.factor.solve(b, 1, out);
  }

  /** X = M⁻¹ B (dofs × nrhs, column-major) at the current state (into `out` when given). */
  solvePinned(b: Float64Array, nrhs = 1, out?: Float64Array): Float64Array {
    if (!this.current) throw new Error(`${this.owner}.solvePinned: no valid factorization`);
    this.counters.solves += nrhs;
    return this.slots[this.active]!.factor.solve(b, nrhs, out);
  }

  /**
   * Y = M X (dofs × nrhs, column-major) at the current state, from the active slot's
   * assembled lower triangle: Y_r += M_rc X_c and, off the diagonal, Y_c += M_rc X_r.
   */
  hessianProduct(X: Float64Array, nrhs = 1): Float64Array {
    if (!this.current) throw new Error(`${this.owner}.hessianProduct: no valid factorization`);
    const slot = this.slots[this.active]!;
    const { n, colPtr, rowIdx } = slot.pattern, v = slot.values;
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

  /**
   * Frees every factor and forgets the slots (nothing active, kept or valid); the next
   * factorization analyses anew. Safe to call twice.
   */
  dispose(): void {
    for (const slot of this.slots) slot?.factor.dispose();
    this.slots = [];
    this.active = -1;
    this.kept = -1;
    this.current = false;
  }
}
