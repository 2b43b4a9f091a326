/**
 * SparseCholesky: a CHOLMOD Cholesky factorization of a symmetric positive definite
 * sparse matrix, with multiple right-hand-side solves, the selected inverse A⁻¹ on the
 * pattern of A, and its derivative −A⁻¹ Ȧ A⁻¹ along a symmetric perturbation (docs/design.md §5).
 *
 * Matrices are CSC, lower triangle, rows sorted within each column:
 * `{ n, colPtr: Int32Array(n+1), rowIdx: Int32Array(nnz), values: Float64Array(nnz) }`.
 *
 * Phases: `SparseCholesky.analyze(A)` (ordering + symbolic factorization, once per
 * pattern) → `factorize(values)` (numeric, repeatable with new values on the same
 * pattern) → `solve` / `selectedInverse` / `selectedInverseDerivative` → `dispose()`.
 *
 * Selected inversion (Takahashi recurrences) and its derivative run on the factor CHOLMOD
 * produced, in its own layout:
 * - a supernodal LLᵀ factor (mode 'supernodal', or 'auto' for all but small matrices):
 *   blocked over supernodes with BLAS-3 (native/core/supernodal_selected_inverse.cc);
 *   the derivative first computes L̇ by a left-looking supernodal tangent factorization
 *   (native/core/supernodal_factor_tangent.cc). Cost ≈ 1–2× and ≈ 4–6× one factorization;
 *   selectedInverseDerivatives() takes several perturbations in one sweep that shares the
 *   cached inverse and its gathered blocks between them.
 * - a simplicial LDLᵀ factor (mode 'simplicial'): column by column on L and D
 *   (native/core/selected_inverse.cc), the reference implementation.
 * The selected inverse is cached until the next factorize().
 */
import { addon, type FactorMode, type NativeSparseCholesky, type Ordering, type SelectedInverseMethod } from './native.js';
import { NativeOwner } from './native-owner.js';
import { ORDERINGS } from './orderings.js';
import { describe, expectFiniteValues, expectFloat64Array, expectInt32Array, expectInteger, expectOneOf, expectRightHandSides, expectSolveArguments } from './validate.js';
import { ArgumentRangeError, ArgumentTypeError } from './errors.js';

export type { FactorMode, Ordering, SelectedInverseMethod } from './native.js';

/** A sparse symmetric matrix: CSC, lower triangle, sorted rows. */
export interface CscMatrix {
  n: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
}

/** The pattern of a CscMatrix (values optional). */
export type CscPattern = Omit<CscMatrix, 'values'> & { values?: Float64Array };

export interface AnalyzeOptions {
  /** Fill-reducing ordering (default 'amd'; 'best' tries AMD, METIS, NESDIS). */
  ordering?: Ordering;
  /** Factor kind (default 'auto': CHOLMOD picks supernodal for large fill). */
  mode?: FactorMode;
}

export interface SelectedInverseOptions {
  /** 'takahashi' (default, ~ one factorization) or 'solves' (reference, ~ n solves). */
  method?: SelectedInverseMethod;
  /** Columns per block of right-hand sides for method 'solves' (default 64). */
  block?: number;
  /** Output array aligned with A.values (length nnz); allocated when omitted. */
  out?: Float64Array;
}

const MODES: readonly FactorMode[] = ['simplicial', 'supernodal', 'auto'];
const METHODS: readonly SelectedInverseMethod[] = ['takahashi', 'solves'];

/** Checks a CSC lower-triangle pattern; messages name `name`.field and the column. */
export function validateCscPattern(name: string, A: CscPattern): void {
  if (A === null || typeof A !== 'object') {
    throw new ArgumentTypeError(`${name}: expected a CSC matrix { n, colPtr, rowIdx, values }, got ${describe(A)}`);
  }
  const n = expectInteger(`${name}.n`, A.n, 1, 2 ** 31 - 2);
  const { colPtr, rowIdx } = A;
  expectInt32Array(`${name}.colPtr`, colPtr, n + 1);
  expectInt32Array(`${name}.rowIdx`, rowIdx);
  if (colPtr[0] !== 0) throw new ArgumentRangeError(`${name}.colPtr: expected colPtr[0] = 0, got ${colPtr[0]}`);
  if (colPtr[n] !== rowIdx.length) {
    throw new ArgumentRangeError(`${name}.colPtr: expected colPtr[n] = rowIdx.length = ${rowIdx.length}, got ${colPtr[n]}`);
  }
  for (let c = 0; c < n; c++) {
    const start = colPtr[c], end = colPtr[c + 1];
    if (end < start) throw new ArgumentRangeError(`${name}.colPtr: expected non-decreasing values, got ${end} after ${start} at column ${c}`);
    let previous = c - 1;
    for (let p = start; p < end; p++) {
      const r = rowIdx[p];
      if (r < c || r >= n) {
        throw new ArgumentRangeError(`${name}.rowIdx: expected lower-triangle rows in [${c}, ${n - 1}] for column ${c}, got ${r} at index ${p}`);
      }
      if (r <= previous) {
        throw new ArgumentRangeError(`${name}.rowIdx: expected strictly increasing rows in column ${c}, got ${r} after ${previous} at index ${p}`);
      }
      previous = r;
    }
  }
}

export class SparseCholesky extends NativeOwner<NativeSparseCholesky> {
  /** Matrix dimension. */
  readonly n: number;
  /** Stored entries of A (lower triangle). */
  readonly nnz: number;

  private constructor(native: NativeSparseCholesky, n: number, nnz: number) {
    super(native, 'SparseCholesky', 'the factor has been disposed; analyze the matrix again');
    this.n = n;
    this.nnz = nnz;
  }

  /**
   * Symbolic analysis of A's pattern. If `A.values` is given, it is also factorized.
   * Cost: the fill-reducing ordering, typically a small fraction of one factorization.
   */
  static analyze(A: CscPattern, options: AnalyzeOptions = {}): SparseCholesky {
    validateCscPattern('A', A);
    const ordering = expectOneOf('options.ordering', options.ordering ?? 'amd', ORDERINGS);
    const mode = expectOneOf('options.mode', options.mode ?? 'auto', MODES);
    const values = A.values === undefined ? undefined : expectFiniteValues('A.values', A.values, A.rowIdx.length);
    const native = new addon.NativeSparseCholesky(A.n, A.colPtr, A.rowIdx, ordering, mode);
    const factor = new SparseCholesky(native, A.n, A.rowIdx.length);
    if (values) factor.factorize(values);
    return factor;
  }

  /** Numeric factorization of new values on the analysed pattern (aligned with rowIdx). */
  factorize(values: Float64Array): this {
    this.factorizeNative('factorize', values);
    return this;
  }

  /** factorize() on the thread pool; the values are copied before the call returns. */
  async factorizeAsync(values: Float64Array): Promise<this> {
    await this.factorizeNativeAsync('factorizeAsync', values);
    return this;
  }

  /** X = A⁻¹ B for `nrhs` right-hand sides, B and X column-major n×nrhs. */
  solve(B: Float64Array, nrhs = 1, out?: Float64Array): Float64Array {
    return this.native('solve').solve(B, nrhs, expectSolveArguments(this.n, B, nrhs, out));
  }

  /** solve() on the thread pool; B is copied before the call returns. */
  solveAsync(B: Float64Array, nrhs = 1): Promise<Float64Array> {
    expectRightHandSides(this.n, B, nrhs);
    return this.native('solveAsync').solveAsync(B, nrhs);
  }

  private inverseOptions(options: SelectedInverseOptions): { method: SelectedInverseMethod; block: number } {
    const method = expectOneOf('options.method', options.method ?? 'takahashi', METHODS);
    const block = expectInteger('options.block', options.block ?? 64, 1);
    return { method, block };
  }

  /** The entries of A⁻¹ on the pattern of A, aligned with A.values. */
  selectedInverse(options: SelectedInverseOptions = {}): Float64Array {
    const { method, block } = this.inverseOptions(options);
    const out = options.out ?? new Float64Array(this.nnz);
    expectFloat64Array('options.out', out, this.nnz);
    return this.native('selectedInverse').selectedInverse(out, method, block);
  }

  selectedInverseAsync(options: Omit<SelectedInverseOptions, 'out'> = {}): Promise<Float64Array> {
    const { method, block } = this.inverseOptions(options);
    return this.native('selectedInverseAsync').selectedInverseAsync(method, block);
  }

  /**
   * d(A⁻¹) = −A⁻¹ dA A⁻¹ on the pattern of A, for a symmetric perturbation dA given on the
   * pattern (lower triangle, aligned with A.values). Forward-mode differentiation of the
   * factorization and of the Takahashi sweep; computes and caches A⁻¹ first if needed.
   */
  selectedInverseDerivative(dValues: Float64Array, options: SelectedInverseOptions = {}): Float64Array {
    const { method, block } = this.inverseOptions(options);
    expectFiniteValues('dValues', dValues, this.nnz);
    const out = options.out ?? new Float64Array(this.nnz);
    expectFloat64Array('options.out', out, this.nnz);
    return this.native('selectedInverseDerivative').selectedInverseDerivative(dValues, out, method, block);
  }

  selectedInverseDerivativeAsync(dValues: Float64Array, options: Omit<SelectedInverseOptions, 'out'> = {}): Promise<Float64Array> {
    const { method, block } = this.inverseOptions(options);
    expectFiniteValues('dValues', dValues, this.nnz);
    return this.native('selectedInverseDerivativeAsync').selectedInverseDerivativeAsync(dValues, method, block);
  }

  /**
   * selectedInverseDerivative() for several perturbations at once: the supernodal sweep
   * runs once for all of them (the cached A⁻¹, its gathered dense blocks and Y = L_RJ L_JJ⁻¹
   * shared; each perturbation's products BLAS calls of their own). The same numbers as
   * separate calls, bit for bit; native memory count·nnz(L) doubles during the call.
   * @returns one array per perturbation (views of one buffer of count·nnz doubles).
   */
  selectedInverseDerivatives(dValues: readonly Float64Array[], options: Omit<SelectedInverseOptions, 'out'> = {}): Float64Array[] {
    const { method, block } = this.inverseOptions(options);
    const all = this.stacked(dValues);
    const out = new Float64Array(all.length);
    this.native('selectedInverseDerivatives').selectedInverseDerivative(all, out, method, block, dValues.length);
    return this.split(out, dValues.length);
  }

  async selectedInverseDerivativesAsync(dValues: readonly Float64Array[], options: Omit<SelectedInverseOptions, 'out'> = {}): Promise<Float64Array[]> {
    const { method, block } = this.inverseOptions(options);
    const all = this.stacked(dValues);
    const out = await this.native('selectedInverseDerivativesAsync').selectedInverseDerivativeAsync(all, method, block, dValues.length);
    return this.split(out, dValues.length);
  }

  private stacked(dValues: readonly Float64Array[]): Float64Array {
    if (!Array.isArray(dValues) || dValues.length === 0) {
      throw new ArgumentTypeError(`dValues: expected a non-empty array of Float64Array(${this.nnz}), got ${describe(dValues)}`);
    }
    const all = new Float64Array(dValues.length * this.nnz);
    dValues.forEach((d, i) => {
      expectFiniteValues(`dValues[${i}]`, d, this.nnz);
      all.set(d, i * this.nnz);
    });
    return all;
  }

  private split(out: Float64Array, count: number): Float64Array[] {
    return Array.from({ length: count }, (_, i) => out.subarray(i * this.nnz, (i + 1) * this.nnz));
  }

  /** log det A, from the pivots of the current factor. */
  logDet(): number {
    return this.native('logDet').logDet();
  }

  /** Entries of L predicted by the analysis. */
  get nnzL(): number {
    return this.native('nnzL').info().nnzL;
  }

  /** Floating-point operations of one numeric factorization (from the analysis). */
  get flops(): number {
    return this.native('flops').info().flops;
  }

  /** The ordering CHOLMOD actually used. */
  get ordering(): string {
    return this.native('ordering').info().ordering;
  }

  /** The factor kind actually used. */
  get mode(): 'simplicial' | 'supernodal' {
    return this.native('mode').info().mode;
  }

  /** Whether the last factorize() succeeded. */
  get factorized(): boolean {
    return this.native('factorized').info().factorized;
  }
}
