/**
 * The whole native surface of softspot, declared and documented in one place.
 *
 * The addon (native/) is loaded through node-gyp-build from the package root
 * (`addonPath`): build/Release/softspot.node when it was built, else a prebuilt binary
 * from prebuilds/ matching this platform (or the file named by SOFTSPOT_ADDON). Users do not call
 * these directly: lib/sparse-cholesky.ts and lib/solvers/ validate every argument and wrap
 * the native objects.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CholmodError, IterativeSolverError } from './errors.js';

/** Fill-reducing orderings of CHOLMOD. `best` tries AMD, METIS and NESDIS and keeps the least fill. */
export type { Ordering } from './orderings.js';
import type { Ordering } from './orderings.js';
/** Factor kind: simplicial LDLᵀ, supernodal LLᵀ (BLAS-3), or CHOLMOD's choice. */
export type FactorMode = 'simplicial' | 'supernodal' | 'auto';
/** How selected inverses are computed: Takahashi recurrences, or blocked solves (reference). */
export type SelectedInverseMethod = 'takahashi' | 'solves';

export interface NativeFactorInfo {
  /** matrix dimension */
  n: number;
  /** stored entries of A (lower triangle) */
  nnz: number;
  /** entries in L, from the symbolic analysis */
  nnzL: number;
  /** floating-point operations of one numeric factorization, from the analysis */
  flops: number;
  /** ordering actually used */
  ordering: string;
  /** factor kind actually used */
  mode: 'simplicial' | 'supernodal';
  /** whether the last factorize() succeeded */
  factorized: boolean;
  /** native memory held now (bytes): CHOLMOD's matrix, factor and workspace, and the caches; reported to V8 */
  memoryBytes: number;
}

/**
 * One CHOLMOD analysis + factor. Construction performs the symbolic analysis of the
 * CSC lower-triangle pattern (copied). Methods throw CholmodError on CHOLMOD failures,
 * Error with code ERR_SOFTSPOT_DISPOSED / ERR_SOFTSPOT_BUSY on misuse, and TypeError /
 * RangeError for arguments that would be unsafe or wrong even from code that skips the
 * TypeScript layer (wrong array type or length, NaN or infinite values, unknown names).
 * The native memory it holds is reported to V8 (napi_adjust_external_memory) and freed
 * by dispose() or, for a dropped object, inside the garbage collection that collects it.
 */
export interface NativeSparseCholesky {
  /** Numeric factorization; values aligned with rowIdx. */
  factorize(values: Float64Array): void;
  factorizeAsync(values: Float64Array): Promise<void>;
  /** X = A⁻¹B, B column-major n×nrhs; writes and returns `out`. */
  solve(b: Float64Array, nrhs: number, out: Float64Array): Float64Array;
  solveAsync(b: Float64Array, nrhs: number): Promise<Float64Array>;
  /** (A⁻¹) on the pattern of A, aligned with the values; writes and returns `out`. */
  selectedInverse(out: Float64Array, method: SelectedInverseMethod, block: number): Float64Array;
  selectedInverseAsync(method: SelectedInverseMethod, block: number): Promise<Float64Array>;
  /**
   * −(A⁻¹ dA A⁻¹) on the pattern of A for symmetric dA on the pattern; writes and returns `out`.
   * `count` perturbations one after the other in dValues (count·nnz), their derivatives likewise in out.
   */
  selectedInverseDerivative(dValues: Float64Array, out: Float64Array, method: SelectedInverseMethod, block: number, count?: number): Float64Array;
  selectedInverseDerivativeAsync(dValues: Float64Array, method: SelectedInverseMethod, block: number, count?: number): Promise<Float64Array>;
  /** log det A */
  logDet(): number;
  info(): NativeFactorInfo;
  /** Frees the factor; idempotent. */
  dispose(): void;
}

/** Preconditioners of the conjugate gradient: none, diagonal (Jacobi), incomplete Cholesky (AMD-ordered). */
export type Preconditioner = 'identity' | 'jacobi' | 'ichol';

export interface NativeIterativeSolverInfo {
  /** matrix dimension */
  n: number;
  /** stored entries of A (lower triangle) */
  nnz: number;
  preconditioner: Preconditioner;
  /** stored entries of the preconditioner: 0 (identity), n (Jacobi), nnz(L_ic) (IC) */
  preconditionerNnz: number;
  /** whether the last factorize() succeeded */
  factorized: boolean;
  /** native memory held now (bytes), from the sizes of the matrix and the preconditioner; reported to V8 */
  memoryBytes: number;
}

/** Per right-hand side: iterations and true relative residual ‖b − A x‖₂/‖b‖₂. */
export interface NativeIterativeSolveResult {
  x: Float64Array;
  iterations: Int32Array;
  residuals: Float64Array;
}

/**
 * Eigen's ConjugateGradient on the lower triangle with one preconditioner
 * (native/core/iterative_solver.h). Construction checks and copies the CSC lower pattern
 * (diagonal first in every column) and, for 'ichol', computes its AMD ordering.
 * Methods throw IterativeSolverError on failures (ITERATIVE_NOT_CONVERGED with the
 * iterations and residual reached, ITERATIVE_PRECONDITIONER_FAILED, ITERATIVE_INVALID)
 * and Error with code ERR_SOFTSPOT_DISPOSED / ERR_SOFTSPOT_BUSY on misuse.
 */
export interface NativeIterativeSolver {
  /** New values (aligned with rowIdx) and the preconditioner built from them. */
  factorize(values: Float64Array): void;
  factorizeAsync(values: Float64Array): Promise<void>;
  /**
   * X = A⁻¹B by CG from x₀ = 0 per column (B column-major n×nrhs) to relative residual
   * `tol` or `maxIter` iterations; writes `out`, `iterations` (nrhs) and `residuals`
   * (nrhs) and returns `out`.
   */
  solve(b: Float64Array, nrhs: number, tol: number, maxIter: number, out: Float64Array,
    iterations: Int32Array, residuals: Float64Array): Float64Array;
  solveAsync(b: Float64Array, nrhs: number, tol: number, maxIter: number): Promise<NativeIterativeSolveResult>;
  info(): NativeIterativeSolverInfo;
  /** Frees the solver; idempotent. */
  dispose(): void;
}

/**
 * What the addon did at load to keep one kind of METIS's process-wide state on the thread
 * that runs METIS (native/core/metis_imports.h): the report of metisSignals() and of
 * metisRandom().
 */
export interface MetisConfinementReport {
  /** True when every import to redirect (signal() and raise(); srand() and rand()) of a METIS library was redirected. */
  confined: boolean;
  /** The libraries whose imports were redirected (paths as loaded). */
  objects: string[];
  /** Import entries redirected. */
  entries: number;
  /** Why nothing (or not everything) was done; empty otherwise. */
  note: string;
}

/**
 * METIS's signal-based error recovery kept on the thread that runs METIS
 * (native/core/metis_signals.h): without it, METIS sets process-wide SIGTERM/SIGABRT
 * handlers while it orders, and a SIGTERM crashes or is swallowed.
 */
export type MetisSignalsReport = MetisConfinementReport;

/**
 * Every thread's own copy of METIS's random generator (native/core/metis_random.h): without
 * it, orderings in two threads at once draw from one generator, and a sample's ordering (so
 * its last bits) depends on its neighbours. Not confined: the orderings are serialized
 * instead (the note says so).
 */
export type MetisRandomReport = MetisConfinementReport;

/**
 * What the addon did at load about CHOLMOD's OpenMP (native/core/cholmod_openmp.h): the
 * source build's CHOLMOD 3 starts a team of a compiled-in size for a few copy loops of
 * every large supernode, which on 2 cores made a 2D factorization 3–4× slower.
 */
export interface CholmodOpenMpReport {
  /** True when CHOLMOD's parallel regions run on the calling thread (redirected here, or the prebuild's one-thread runtime). */
  serial: boolean;
  /** The libraries whose OpenMP imports were redirected (paths as loaded). */
  objects: string[];
  /** Import entries redirected. */
  entries: number;
  /** "redirected", "prebuild: …", or why CHOLMOD's OpenMP was left as built. */
  note: string;
}

/** What the addon did at load about OpenBLAS's threads (native/core/blas_threads.h). */
export interface BlasThreadsReport {
  /** True when the BLAS loaded is OpenBLAS (its thread functions were found). */
  openblas: boolean;
  /** OpenBLAS's thread count (0 when not OpenBLAS). */
  threads: number;
  /** "set to 1 (…)", or why it was left alone (a count in the environment, another BLAS, the platform). */
  action: string;
}

/** Pair laws of the native pair kernel (native/core/pair_kernel.h); docs/design.md §10 adds more. */
export type NativePairLaw = 'ipl';

/**
 * Energy and forces over an MD Verlet half list (native/core/pair_kernel.h; the same loop
 * as lib/md/kernel.ts, which keeps the TypeScript reference). Constructed from a law and
 * its per-species-pair table, `nTypes` records (copied): for 'ipl', record t =
 * [λ_t, ε_t, r_c,t, c_0..c_q] with φ_t(r) = ε_t [(λ_t/r)^n + Σ_ℓ c_ℓ (r/λ_t)^{2ℓ}] for
 * r < r_c,t (Eq. S1), n = `exponent`. Throws RangeError for a malformed table.
 */
export interface NativePairKernel {
  /**
   * F = −∇U (ε/λ) into f[0, 2n) (overwritten) at positions x (interleaved, λ) over the
   * list (lib/md/kernel.ts MdNeighborList: CSR `offsets`/`codes`, `border` pairs with
   * image `shift`), read in place; returns U (ε) when `withEnergy`, else 0. Throws
   * RangeError when an index of the list falls outside x (f then partly written).
   */
  forces(n: number, x: Float64Array, f: Float64Array, offsets: Int32Array, codes: Int32Array, typeBits: number,
    border: Int32Array, borderCount: number, shift: Float64Array, withEnergy: boolean): number;
  /**
   * A minimizer's evaluation in one call (native/core/pair_kernel_evaluate.cc; use
   * lib/md/objective.ts createMdEvaluator). The list check: `pos` holds the x of the
   * previous call (in) and receives x (out); out[2] holds on entry a bound
   * D ≥ max_i |xs_i − ref_i| (λ) at the previous x (NaN: unknown) and receives it for this
   * x, (D + max_i |x_i − pos_i|)(1 + 1e-12) + slack, or, when that is not well inside
   * √lim2, the answer of the exact test (mdShiftedCopyWithin's: some
   * |x_k + off_k − ref_k|² > lim2 → false: rebuild the list; f undefined, out[2] NaN).
   * Else true after forces(n, x + off, f, …, true): out[0] = U (ε), F into f[0, 2n), when
   * `withMax` out[1] = max_k |f_k|, and when given gradient[0, 2n) = −F; the same bits as
   * those calls one by one, maxAbs and a loop of unary minus. f may be undefined when a
   * gradient is given (F then accumulates in the gradient). The loop reads pos patched at
   * the `shifted` particles (restored after it), or xs = x + off when `shifted` is
   * undefined. out: Float64Array(≥ 3). Throws RangeError for a list that does not fit the
   * positions (pos = x all the same).
   */
  evaluateTracked(n: number, x: Float64Array, off: Float64Array, ref: Float64Array, lim2: number, xs: Float64Array,
    pos: Float64Array, shifted: Int32Array | undefined, f: Float64Array | undefined, offsets: Int32Array,
    codes: Int32Array, typeBits: number, border: Int32Array, borderCount: number, shift: Float64Array,
    withMax: boolean, out: Float64Array, gradient: Float64Array | undefined, slack: number): boolean;
}

/**
 * Energy and forces of a scaled species law over the d-generic MD list
 * (native/core/nd_scaled_forces.h; lib/nd/md-scaled.ts builds the terms and keeps the
 * generated JavaScript loop as the reference). Constructed from the per-type scales
 * (nSpecies² each: κ_t, ε_t, 2ε_tκ_t), 1/w_c and the terms of F and F' (lib/nd/md-scaled.ts
 * ScaledTerms), all copied. Throws RangeError for malformed terms.
 */
export interface NativeScaledForces {
  /**
   * F = −∇U (ε/λ) into f[0, d·n) (overwritten) at positions x (interleaved, λ) over the
   * list (lib/nd/md-neighbor-list.ts: CSR `offsets`, `codes` (j << 5) | m, image `shift`
   * d·3^d), read in place; returns U (ε) when `withEnergy`, else 0 (the loop then skips the
   * energy's terms; F is the same bits). Throws RangeError when an index of the list or a
   * species falls outside the arrays (f then partly written).
   */
  forces(d: 2 | 3, n: number, x: Float64Array, species: Uint8Array, offsets: Int32Array, codes: Int32Array,
    shift: Float64Array, f: Float64Array, withEnergy: boolean): number;
}

export interface NativeAddon {
  NativeSparseCholesky: new (
    n: number,
    colPtr: Int32Array,
    rowIdx: Int32Array,
    ordering: Ordering,
    mode: FactorMode,
  ) => NativeSparseCholesky;
  NativeIterativeSolver: new (
    n: number,
    colPtr: Int32Array,
    rowIdx: Int32Array,
    preconditioner: Preconditioner,
  ) => NativeIterativeSolver;
  NativePairKernel: new (law: NativePairLaw, nTypes: number, exponent: number, q: number, table: Float64Array) => NativePairKernel;
  NativeScaledForces: new (nSpecies: number, kappa: Float64Array, eps: Float64Array, eps2k: Float64Array, invWc: number,
    negPower: Int32Array, negEnergy: Float64Array, negForce: Float64Array, pos: Float64Array, dpos: Float64Array) => NativeScaledForces;
  /**
   * The first O(N) loop of a velocity-Verlet step (native/core/md_integrator.h): per
   * particle v ← α (v + carry·F) + halfDt·F, x ← x + dt·v (x, v in place, first 2n
   * entries); returns d₁ + d₂, the two largest |x − ref| (λ).
   */
  mdKickDrift(n: number, x: Float64Array, v: Float64Array, f: Float64Array, ref: Float64Array,
    alpha: number, carry: number, halfDt: number, dt: number): number;
  /** K = ½ Σ (v + halfDt·F)² over the first 2n entries, nothing stored (ε). */
  mdKineticAfterKick(n: number, v: Float64Array, f: Float64Array, halfDt: number): number;
  /**
   * The half-stencil build of the MD Verlet list (native/core/md_neighbor_build.h; the
   * same as lib/md/kernel.ts buildHalfStencil): x wrapped into the reduced cell with
   * inverse g (row-major), nb0 × nb1 bins, reach 1 or 2; per pair type list2 and invList2
   * (2^typeBits entries); writes offsets, codes, border and counts = [offsets[n], border
   * pairs]. Returns 0, or 1 / 2 when codes / border are too small (counts then holds the
   * length needed: grow and call again).
   */
  mdBuildHalfStencil(n: number, x: Float64Array, species: Uint8Array, g: Float64Array, nb0: number, nb1: number,
    reach: number, nSpecies: number, typeBits: number, list2: Float64Array, invList2: Float64Array, shift: Float64Array,
    offsets: Int32Array, codes: Int32Array, border: Int32Array, counts: Int32Array): number;
  /**
   * The binned build of the d-generic MD Verlet list (native/core/nd_neighbor_build.h; the
   * same pairs in the same order as lib/nd/md-neighbor-list.ts buildBinned): x wrapped
   * into the cell with inverse `hinv` (row-major d×d), nb0 × nb1 × nb2 bins (≥ 3 each,
   * nb2 = 1 in 2D), list radius² per pair type, image shifts (d·3^d). Writes offsets[0..n]
   * and the codes while they fit; returns the number of codes (when above codes.length,
   * grow codes to it and call again). Use lib/nd/md-neighbor-list.ts.
   */
  ndBuildBinned(d: 2 | 3, n: number, x: Float64Array, species: Uint8Array, nSpecies: number, hinv: Float64Array,
    nb0: number, nb1: number, nb2: number, list2: Float64Array, shift: Float64Array, offsets: Int32Array, codes: Int32Array): number;
  /**
   * The build of a cell with fewer than 3 bins along an axis or of fewer than 64 particles
   * (native/core/nd_neighbor_build.h; the same codes bit for bit as lib/nd/md-neighbor-list.ts
   * buildAllPairs): every j > i with the rounded minimum image, positions wrapped; cell and
   * hinv d×d row-major. Offsets written, codes while they fit; returns the number of codes.
   * Use lib/nd/md-neighbor-list.ts.
   */
  ndBuildAllPairs(d: 2 | 3, n: number, x: Float64Array, species: Uint8Array, nSpecies: number, cell: Float64Array, hinv: Float64Array,
    list2: Float64Array, offsets: Int32Array, codes: Int32Array): number;
  /**
   * Energy and forces of the per-particle `poly` law over the d-generic MD list
   * (native/core/nd_poly_forces.h; the same numbers bit for bit as lib/nd/md-forces.ts
   * polyForces): sizes σ_i (n), law = [ε, c0, c2, c4, x_c², non-additivity]; F into
   * f[0, d·n) (overwritten), U (ε) returned. Use lib/nd/md-forces.ts ndForces.
   */
  ndPolyForces(d: 2 | 3, n: number, x: Float64Array, sizes: Float64Array, offsets: Int32Array, codes: Int32Array,
    shift: Float64Array, law: Float64Array, f: Float64Array): number;
  /**
   * The displacement check and wrapped copy of an energy/force evaluation
   * (native/core/md_evaluator_loops.h; reference lib/md/evaluator-loops.ts): xs = x + off
   * and, when given, copy = x over [0, 2n); true when |xs − ref|² ≤ lim2 for every
   * particle. Arrays of ≥ 2n entries; `shifted`: the particles whose off is not +0,
   * ascending (off is read for those only). Use lib/md/evaluator-loops.ts.
   */
  mdShiftedCopyWithin(n: number, x: Float64Array, off: Float64Array, ref: Float64Array, lim2: number, xs: Float64Array,
    copy?: Float64Array, shifted?: Int32Array): boolean;
  /** max |a_k| over a[0, length) (0 for none; NaN skipped). Use lib/md/evaluator-loops.ts. */
  maxAbs(a: Float64Array, length: number): number;
  /** The report of METIS's signal confinement, done once per process at load. */
  metisSignals(): MetisSignalsReport;
  /** What ConfineMetisRandom did at load (native/core/metis_random.h). */
  metisRandom(): MetisRandomReport;
  /** What LimitBlasThreadsUnlessSet did at load (native/core/blas_threads.h). */
  blasThreads(): BlasThreadsReport;
  /** What SerializeCholmodOpenMp did at load (native/core/cholmod_openmp.h). */
  cholmodOpenMp(): CholmodOpenMpReport;
  /**
   * Lanczos basis kernel (BLAS dgemv; native/core/dense_basis.h): for Q column-major
   * n × count (its first n·count entries), c = Qᵀw, w ← w − Q c, coeff[0…count−1] += c;
   * returns |w|² after. w (length n) must not overlap those columns. Use lib/modes/basis.ts.
   */
  basisProjectOut(Q: Float64Array, n: number, count: number, w: Float64Array, coeff: Float64Array): number;
  /** out = Q Z (BLAS dgemm): Q n × count, Z count × k, out n × k, all column-major. Use lib/modes/basis.ts. */
  basisCombine(Q: Float64Array, n: number, count: number, Z: Float64Array, k: number, out: Float64Array): Float64Array;
  /** Block Gram–Schmidt pass (two dgemm): C = QᵀW (count × p), W ← W − Q C, coeff += C; W n × p must not overlap Q's columns. Use lib/modes/basis.ts. */
  basisProjectOutBlock(Q: Float64Array, n: number, count: number, W: Float64Array, p: number, coeff: Float64Array): void;
  /** LAPACK dsyev of A (m × m column-major, upper triangle, overwritten): ascending values, eigenvectors as columns of `vectors` (may be A). Returns info (0 = success). Use lib/modes/basis.ts. */
  symmetricEigenLapack(A: Float64Array, m: number, values: Float64Array, vectors: Float64Array): number;
  /** Hands the coded error classes to the addon (once, at load). */
  setErrorClass(cholmod: typeof CholmodError, iterative: typeof IterativeSolverError): void;
}

/** The package directory: where prebuilds/ and build/ are looked for. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const nodeGypBuild = require('node-gyp-build') as { path(dir: string): string };

/**
 * The file of the addon this process loads: the one SOFTSPOT_ADDON names
 * (scripts/sanitize.sh's instrumented build; worker threads and child processes inherit
 * it), else node-gyp-build's choice under the package root — build/Release/ before a
 * prebuild from prebuilds/ matching this platform.
 * @throws Error "No native build was found …" when there is none
 */
export function addonPath(): string {
  return process.env.SOFTSPOT_ADDON || nodeGypBuild.path(PACKAGE_ROOT);
}

/**
 * One BLAS thread unless the user says otherwise, as the `softspot` launcher does: the
 * statically linked OpenBLAS reads these when the addon is loaded (once per process), and
 * the worker pool calls it from several threads at once. With OpenBLAS's own threads on
 * top, the cores are oversubscribed and results change in the last bits with the thread
 * count (γ_c by ~1e-15), so a rerun is not the same computation bit for bit; such a
 * last-bit change is what once made a 3D glass (test/fixtures/ipl3d_n160_s1.xyz) meet the
 * AQS path fixed in lib/aqs/reference.ts. Set before the addon loads, in the main
 * thread, so that it reaches the process's environment. A worker thread's process.env is
 * its own copy, which OpenBLAS does not read: when a worker thread loads the addon first,
 * the addon tells OpenBLAS itself (native/core/blas_threads.h).
 */
function singleThreadedBlasUnlessSet(): void {
  process.env.OPENBLAS_NUM_THREADS ??= '1';
  process.env.OMP_NUM_THREADS ??= '1';
}

function loadAddon(): NativeAddon {
  singleThreadedBlasUnlessSet();
  try {
    return require(addonPath()) as NativeAddon;
  } catch (error) {
    const message = (error as Error).message;
    if (!/No native build was found/.test(message)) throw error;
    throw Object.assign(new Error(
      `softspot: the native addon is not built for this platform (${process.platform}-${process.arch}, Node ${process.versions.node}). ` +
      'Build it with `npm rebuild softspot` (from a clone: `npm run build:native`), which needs a C++ compiler and ' +
      'SuiteSparse (Debian/Ubuntu: apt-get install libsuitesparse-dev).\n' + message), { code: 'ERR_SOFTSPOT_NO_ADDON' });
  }
}

/** The loaded addon. */
export const addon = loadAddon();
addon.setErrorClass(CholmodError, IterativeSolverError);
