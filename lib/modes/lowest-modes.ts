/**
 * The k lowest vibrational modes of a 2D or 3D glass at an energy minimum (unit masses, so
 * the squared frequencies ω² are the eigenvalues λ of the Hessian M = ∂²U/∂x∂x; units ε,
 * λ, m = 1, ω in 1/τ0 with τ0 = λ√(m/ε)), each with its participation ratio, core
 * particle, a quasilocalized flag and its coupling to each shear preset of the dimension
 * (2D simple, pure; 3D simple, simple-xz, simple-yz, pure). The glass's matrices come from
 * system.ts (2D kernels, or lib/nd in 3D); everything below is dimension-blind.
 *
 * Which eigenproblem: the free Hessian M (dN × dN) with its d zero modes (the uniform
 * translations) removed, i.e. the non-zero spectrum of M on the subspace Σ_i u_i = 0 —
 * the physical modes. NOT the eigenpairs of the pinned Hessian M_p (particle p held
 * fixed, 2N − 2 rows): M_p is a principal submatrix of M, so by Cauchy interlacing its
 * eigenvalues only bracket those of M (λ_i ≤ μ_i ≤ λ_{i+2}); on the 64- and 128-particle
 * fixtures each of the 12 lowest μ_i differs from the matching physical λ by 9 % to 260 %
 * (the pinned "softest ω" of n64_s1 is 1.29, the physical one 1.82; test/modes.test.ts).
 * The pinned factor is used only as a solver: for b with no net force the pinned solve
 * x = M_p⁻¹ b solves the free system exactly (each column of M sums to zero over
 * particles), and removing the mean displacement gives the pseudo-inverse, M⁺ b = P x.
 * Shift-invert Lanczos on M⁺ (lanczos.ts, the default) or block inverse iteration with
 * Rayleigh–Ritz (block-inverse.ts), every vector kept translation-free, then converge to
 * the non-zero eigenpairs of M; the dense test matches them to 1e-9 relative (measured:
 * ~1e-13 at the default tol = 1e-6), and the two methods agree to 1e-10 at N = 2000.
 * Lanczos needs 5–9× less time (about 3 solves of one right-hand side per mode); the
 * block method is the independent check (and the safer choice for exactly degenerate
 * modes, which a Krylov space holds only through rounding: see lanczos.ts). Block
 * shift-invert Lanczos (block-lanczos.ts, p right-hand sides per solve) is tested the same
 * way and measured slower at k = 20 (2.5× the vectors for a ~2.9× cheaper column). Cost, and why
 * it cannot go below ~7–8.5 factorizations at N = 10⁴, k = 20 in 2D (the 60 solves alone
 * are ≥ 4.6–5.0; measured 9.6×; in 3D ≈ 2): docs/modes.md. Set-up is one pair pass, one assembly (the pinned Hessian; products
 * with the free one go pair by pair) and an AMD analysis (METIS's costs ~3 factorizations
 * at N = 10⁴ for ~1.5× fewer factor flops).
 *
 * Per mode ψ (unit norm, Σ_i ψ_i = 0; sign fixed so that the largest Cartesian component
 * of the core particle is positive):
 *   participation e = (Σ|ψ_i|²)² / (N Σ|ψ_i|⁴) (measures.ts)
 *   quasilocalized  e < qlmThreshold (default 0.2, see QLM_THRESHOLD)
 *   coupling ξ(E)   = ψ · Ξ(E),  Ξ(E) = ∂²U/∂x∂γ = Σ_α D_αᵀ K_α E r_α  (ε/λ per unit
 *                   strain; E = dH/dγ of simple shear [[0,1],[0,0]] and pure shear
 *                   diag(½,−½)); Ξ is the force dipole of lib/lhc/response.ts, and the
 *                   non-affine velocity is −M⁺Ξ = −Σ_m (ξ_m/λ_m) ψ_m, so ξ_m/λ_m is the
 *                   amplitude of mode m in the response to a unit strain.
 */
import type { Configuration } from '../config.js';
import { ArgumentRangeError, ArgumentTypeError, unstableConfiguration } from '../errors.js';
import { dimensionOf } from '../config.js';
import { DEFAULT_PINNED } from '../hessian/index.js';
import type { Model } from '../model/index.js';
import { SparseCholesky, type Ordering } from '../sparse-cholesky.js';
import { USER_ORDERINGS } from '../orderings.js';
import { presetE, shearModes } from '../space/index.js';
import { describe, expectConfigurationOfDimension, expectInteger, expectKnownKeys, expectNumber, expectOneOf, type AllKeysOf } from '../validate.js';
import { blockInverseIteration, type BlockInverseResult, type BlockOperator } from './block-inverse.js';
import { lanczosLowest } from './lanczos.js';
import { blockLanczosLowest, blockLanczosSize } from './block-lanczos.js';
import { coreParticle, participationRatio } from './measures.js';
import { isolatedParticlesMessage } from '../hessian/isolated.js';
import { modesSystem } from './system.js';
import { removeTranslation } from './translation.js';
import { expectMasses, massWeighted } from './mass-weighting.js';

/**
 * Default participation threshold of the quasilocalized flag. A plane wave of fixed
 * polarization has e = 2/3 in 2D (a degenerate pair combined up to 1); the lowest phonons
 * of the glasses here have median e ≈ 0.54 at N = 2000 and 0.74 at N = 10⁴
 * (docs/reproduction.md). The most localized of the 20 lowest modes have e ≈ 0.10–0.12
 * (N = 2000 annealed, N = 10⁴ quench): in 2D a QLM's ~1/r far field and its hybridization
 * with phonons keep e well above n_core/N. Between them e is a continuum (0.19, 0.20, 0.24
 * occur), so 0.2 — the cut docs/reproduction.md used — is a convention, not a gap in the
 * data; docs/modes.md says what would separate better. At N ≲ 500 a core is a sizeable
 * fraction of the box and the flag means little.
 */
export const QLM_THRESHOLD = 0.2;

/** The eigensolvers: shift-invert Lanczos (lanczos.ts) or block inverse iteration (block-inverse.ts). */
export const MODES_METHODS = ['block-lanczos', 'lanczos', 'block'] as const;
export type ModesMethod = (typeof MODES_METHODS)[number];

export const MODES_DEFAULTS = Object.freeze({ method: 'lanczos' as ModesMethod, tol: 1e-6, maxIterations: 300, seed: 1, qlmThreshold: QLM_THRESHOLD, ordering: 'amd' as Ordering });


export interface LowestModesOptions {
  /**
   * Pair law of a 2D glass's kernels (default: the glass's own, `modelOfConfiguration`; a 3D
   * or 2D `poly` glass uses lib/nd under the law of its preset, or `model.law` when given).
   */
  model?: Model;
  /** Each mode's residual |Mψ − λψ| ≤ tol·λ (default 1e-6; the eigenvalue is then good to ~tol²). */
  tol?: number;
  /** Solves at most: Lanczos steps (default max(300, 20k)) or block solves (default 300). */
  maxIterations?: number;
  /** Seed of the random start block (default 1). */
  seed?: number;
  /** Particle held fixed in the factorized Hessian (default 0; the modes do not depend on it). */
  pinned?: number;
  /** Fill-reducing ordering of the factorization (default 'amd': its analysis is ~5× cheaper than METIS's at N = 10⁴, see docs/modes.md). */
  ordering?: Ordering;
  /** Participation ratio below which a mode is flagged quasilocalized (default QLM_THRESHOLD). */
  qlmThreshold?: number;
  /** 'lanczos' (default), 'block-lanczos' or 'block'. */
  method?: ModesMethod;
  /** Block columns beyond k (default max(8, k); method 'block' only, refused with the others). */
  oversampling?: number;
  /** Right-hand sides per solve of method 'block-lanczos' (default BLOCK_LANCZOS_SIZE; refused with the other methods). */
  blockSize?: number;
  /** Clock of `timings` (ms; default performance.now, wall time). A CPU-time clock measures on a loaded machine (test/bench/modes.bench.ts). */
  clock?: () => number;
  /**
   * Particle masses m_i (Float64Array(N), in units of m; default all 1): the modes are then
   * those of the dynamical matrix D = M^{−1/2} H M^{−1/2} (see ./mass-weighting.ts).
   */
  masses?: Float64Array;
}

export interface VibrationalMode {
  /** 0-based rank in the spectrum (0 = softest). */
  index: number;
  /** λ = ω² (ε/λ², unit masses; with options.masses the eigenvalue of D = M^{−1/2} H M^{−1/2}, ε/(λ² m)). */
  eigenvalue: number;
  /** ω = √λ (1/τ0). */
  omega: number;
  /** Participation ratio e ∈ [1/N, 1]. */
  participation: number;
  /** e < qlmThreshold. */
  quasilocalized: boolean;
  /** The particle of largest amplitude, its position (λ; z in 3D only) and |ψ_core|. */
  core: { particle: number; x: number; y: number; z?: number; amplitude: number };
  /**
   * ψ · Ξ(E) (ε/λ per unit strain) for each shear preset of the dimension (lib/space
   * directions, `+` direction): 2D simple, pure; 3D simple, simple-xz, simple-yz, pure.
   * With masses: e · M^{−1/2} Ξ (the amplitude of the mode in −H⁺Ξ is this over ω²).
   */
  coupling: Coupling;
  /** |M ψ − λ ψ| (ε/λ²), free Hessian (with masses: |D e − λ e|). */
  residual: number;
}

/** ψ · Ξ(E) per shear preset: `simple` and `pure` always, `simple-xz` and `simple-yz` in 3D. */
export type Coupling = { simple: number; pure: number } & Partial<Record<'simple-xz' | 'simple-yz', number>> & Record<string, number>;

export interface LowestModesResult {
  n: number;
  /** Dimension d of the glass (2 or 3). */
  dim: 2 | 3;
  k: number;
  modes: VibrationalMode[];
  /**
   * Unit eigenvectors ψ, column-major dN × k (the d components of each particle interleaved), no net translation.
   * With `masses`: the eigenvectors e of D (Σ_i √m_i e_i = 0); the displacements of a mode are M^{−1/2} e.
   */
  vectors: Float64Array;
  /** The masses the modes are of (options.masses); absent for unit masses. */
  masses?: Float64Array;
  /** Solves used (Lanczos: of one right-hand side; block: of blockSize). */
  iterations: number;
  /** Whether every residual met tol (if false, the residuals say how far). */
  converged: boolean;
  /** Right-hand sides per solve (1 for Lanczos; k + oversampling for the block method). */
  blockSize: number;
  /**
   * Deflated Lanczos restarts that completed exactly degenerate eigenvalues (a symmetric
   * configuration, a crystal: docs/modes.md "Exactly degenerate eigenvalues"); 0 for a
   * glass and for the block methods. Their solves are in `iterations`.
   */
  restarts: number;
  qlmThreshold: number;
  /** The largest force component max |F_iα| (ε/λ) of the input, as lhc and info report it: the modes are those of a minimum only if this is ~0. */
  maxForce: number;
  /**
   * Times (ms, of options.clock: wall by default): setup = pairs, tensors, forces, one Hessian assembly and the symbolic
   * analysis (ordering); factorize = the numeric factorization; iterate = the eigensolver,
   * of which solve = the solves through the factor (pinned gather and scatter included)
   * and product = the products with the free Hessian; iterate − solve − product is the
   * orthogonalization, the convergence estimates and the Ritz vectors.
   */
  timings: { setup: number; factorize: number; iterate: number; solve: number; product: number; total: number };
}

/** The options of lowestModes (a complete list: AllKeysOf checks it against LowestModesOptions). */
const LOWEST_MODES_OPTION_NAMES = ['model', 'tol', 'maxIterations', 'seed', 'pinned', 'ordering', 'qlmThreshold', 'method', 'oversampling',
  'blockSize', 'clock', 'masses'] as const;
const lowestModesOptionNames: AllKeysOf<LowestModesOptions, typeof LOWEST_MODES_OPTION_NAMES> = LOWEST_MODES_OPTION_NAMES;

/**
 * The k lowest non-zero vibrational modes of `config` (2D or 3D, at an energy minimum;
 * `maxForce` in the result says how close to one it is).
 * @param k  1 ≤ k ≤ dN − d − 1
 * @throws TypeError for a bad configuration; RangeError for a bad k or option;
 *   UnstableConfigurationError when the Hessian is not positive definite (not a stable minimum)
 */
export function lowestModes(config: Configuration, k: number, options: LowestModesOptions = {}): LowestModesResult {
  expectKnownKeys('options', options, lowestModesOptionNames, 'lowestModes');
  const now = options.clock ?? (() => performance.now());
  const t0 = now();
  expectConfigurationOfDimension('config', config);
  const n = config.n;
  if (n < 3) throw new ArgumentRangeError(`config: expected at least 3 particles for vibrational modes, got ${n}`);
  if (typeof k !== 'number') throw new ArgumentTypeError(`k: expected an integer number of modes, got ${describe(k)}`);
  const dim = dimensionOf(config), kMax = dim * n - dim - 1;
  if (!Number.isInteger(k) || k < 1 || k > kMax) {
    throw new ArgumentRangeError(`k: expected an integer from 1 to ${kMax} (${dim}N − ${dim + 1}: the ${kMax + 1} non-zero modes of N = ${n} particles in ${dim}D, less one so that the block iteration has a mode above the k-th), got ${describe(k)}; for the whole spectrum use a dense eigensolver`);
  }
  const tol = expectNumber('options.tol', options.tol ?? MODES_DEFAULTS.tol, { min: 0, exclusiveMin: true, max: 1 });
  const maxIterations = expectInteger('options.maxIterations', options.maxIterations ?? MODES_DEFAULTS.maxIterations, 1);
  const seed = expectInteger('options.seed', options.seed ?? MODES_DEFAULTS.seed, 0);
  const pinned = expectInteger('options.pinned', options.pinned ?? DEFAULT_PINNED, 0, n - 1);
  const ordering = expectOneOf('options.ordering', options.ordering ?? MODES_DEFAULTS.ordering, USER_ORDERINGS);
  const qlmThreshold = expectNumber('options.qlmThreshold', options.qlmThreshold ?? MODES_DEFAULTS.qlmThreshold, { min: 0, max: 1 });
  const method = expectOneOf('options.method', options.method ?? MODES_DEFAULTS.method, MODES_METHODS);
  const oversampling = options.oversampling === undefined ? undefined : expectInteger('options.oversampling', options.oversampling, 0);
  const blockSize = options.blockSize === undefined ? undefined : expectInteger('options.blockSize', options.blockSize, 1, 256);
  // An option of another method would be ignored without a word.
  if (blockSize !== undefined && method !== 'block-lanczos') {
    throw new ArgumentRangeError(`options.blockSize: applies to method 'block-lanczos' only, and the method is '${method}'; leave it out or set method: 'block-lanczos'`);
  }
  if (oversampling !== undefined && method !== 'block') {
    throw new ArgumentRangeError(`options.oversampling: applies to method 'block' only, and the method is '${method}'; leave it out or set method: 'block'`);
  }

  // A Krylov space of fewer vectors than k has no k Ritz pairs to return, converged or not.
  if (options.maxIterations !== undefined && method !== 'block') {
    const p = method === 'block-lanczos' ? blockLanczosSize(dim * n - dim, blockSize) : 1;
    if (maxIterations * p < k) {
      throw new ArgumentRangeError(`options.maxIterations: expected at least ${Math.ceil(k / p)} for k = ${k} with method '${method}' ` +
        `(${p === 1 ? 'one solve per mode' : `solves of ${p} columns`} at least), got ${maxIterations}`);
    }
  }

  const masses = options.masses === undefined ? undefined : expectMasses('options.masses', options.masses, n);
  // The glass's own law unless the caller names one (modesSystem).
  const system = modesSystem(config, options.model, pinned);
  const { d, maxForce } = system;
  const pinnedM = system.pinnedHessian;

  const dofs = d * n, m = pinnedM.n;
  // The pattern only: analyze() given values would also factorize, outside the check below.
  const factor = SparseCholesky.analyze({ n: m, colPtr: pinnedM.colPtr, rowIdx: pinnedM.rowIdx }, { ordering });
  try {
    const tf = now();
    const setupMs = tf - t0;
    try {
      factor.factorize(pinnedM.values);
    } catch (error) {
      throw unstableConfiguration(error, system.particleOfRow, {
        detail: `, max |force| ${maxForce.toExponential(2)} ε/λ`,
        isolated: () => {
          const isolated = system.isolated();
          return isolated === undefined ? undefined : isolatedParticlesMessage(isolated);
        },
      });
    }
    const factorizeMs = now() - tf;
    const ti = now();
    let B = new Float64Array(m), X = new Float64Array(m);
    let solveMs = 0, productMs = 0;
    const unitOp: BlockOperator = {
      dofs,
      solve: (V, nrhs, out) => {
        const ts = now();
        // Drop the pinned particle's d entries, solve, put zeros back (dofs d·p … d·p + d − 1).
        // The buffers are reused from solve to solve.
        const d0 = d * pinned;
        if (nrhs === 1 && pinned === 0) {
          // The default pinned particle 0: its entries lead the vector, so the pinned
          // right-hand side and solution are subarrays (no gather, no scatter, no buffers).
          const W = out ?? new Float64Array(dofs);
          factor.solve(V.subarray(d), 1, W.subarray(d));
          W.fill(0, 0, d);
          solveMs += now() - ts;
          return W;
        }
        if (B.length !== m * nrhs) { B = new Float64Array(m * nrhs); X = new Float64Array(m * nrhs); }
        for (let c = 0; c < nrhs; c++) {
          B.set(V.subarray(c * dofs, c * dofs + d0), c * m);
          B.set(V.subarray(c * dofs + d0 + d, (c + 1) * dofs), c * m + d0);
        }
        factor.solve(B, nrhs, X);
        const W = out ?? new Float64Array(dofs * nrhs);
        for (let c = 0; c < nrhs; c++) {
          W.set(X.subarray(c * m, c * m + d0), c * dofs);
          W.fill(0, c * dofs + d0, c * dofs + d0 + d);
          W.set(X.subarray(c * m + d0, (c + 1) * m), c * dofs + d0 + d);
        }
        solveMs += now() - ts;
        return W;
      },
      product: (V, nrhs) => {
        const tp = now();
        const Y = system.product(V, nrhs);
        productMs += now() - tp;
        return Y;
      },
      project: (v) => removeTranslation(v, d),
    };
    // Unequal masses: the same eigensolvers on D = M^{−1/2} H M^{−1/2} (./mass-weighting.ts).
    const op = masses === undefined ? unitOp : massWeighted(unitOp, masses, d);
    // `restarts`: Lanczos's deflated restarts (LanczosResult); absent for the block methods.
    let res: BlockInverseResult & { restarts?: number } = method === 'block-lanczos'
      ? blockLanczosLowest(op, k, { tol, maxSteps: options.maxIterations, seed, rank: dofs - d, blockSize })
      : method === 'lanczos'
        ? lanczosLowest(op, k, { tol, maxSteps: options.maxIterations, seed, rank: dofs - d })
        : blockInverseIteration(op, k, { tol, maxIterations, seed, rank: dofs - d, oversampling });
    // A symmetric configuration whose multiplets the deflated restarts could not complete
    // (k ≥ half the dimensions: the complement is mostly multiplets, docs/modes.md): the block
    // method, which holds every copy of a multiplet within its block, from the start.
    if (method === 'lanczos' && !res.converged && (res.restarts ?? 0) > 0) {
      const block = blockInverseIteration(op, k, { tol, maxIterations, seed, rank: dofs - d });
      res = { ...block, iterations: res.iterations + block.iterations, restarts: res.restarts };
    }
    const iterateMs = now() - ti;
    // Lowest first: the Rayleigh quotients of pairs short of convergence can come out of order.
    sortPairs(res, dofs, k);

    // Ξ, and M^{−1/2} Ξ with masses: the coupling of a mode e of D is e · M^{−1/2} Ξ.
    const shears = shearModes(d).map((name) => {
      const xi = system.shearDipole(presetE(name, 1, d));
      if (masses !== undefined) for (let r = 0; r < dofs; r++) xi[r] /= Math.sqrt(masses[Math.floor(r / d)]!);
      return { name, xi };
    });
    const modes: VibrationalMode[] = [];
    for (let c = 0; c < k; c++) {
      const psi = res.vectors.subarray(c * dofs, (c + 1) * dofs);
      const core = coreParticle(psi, d);
      let largest = 0;
      for (let a = 0; a < d; a++) { const v = psi[d * core.particle + a]; if (Math.abs(v) > Math.abs(largest)) largest = v; }
      if (largest < 0) for (let r = 0; r < dofs; r++) psi[r] = -psi[r];
      const coupling = {} as Coupling;
      for (const { name, xi } of shears) {
        let s = 0;
        for (let r = 0; r < dofs; r++) s += psi[r] * xi[r];
        coupling[name] = s;
      }
      const participation = participationRatio(psi, d);
      const lambda = res.values[c];
      const p = core.particle;
      const position = { x: config.positions[d * p], y: config.positions[d * p + 1], ...(d === 3 ? { z: config.positions[d * p + 2] } : {}) };
      modes.push({
        index: c, eigenvalue: lambda, omega: Math.sqrt(lambda), participation,
        quasilocalized: participation < qlmThreshold,
        core: { particle: p, ...position, amplitude: core.amplitude },
        coupling, residual: res.residuals[c],
      });
    }
    return {
      n, dim: d, k, modes, vectors: res.vectors, ...(masses !== undefined ? { masses: Float64Array.from(masses) } : {}),
      iterations: res.iterations, converged: res.converged, blockSize: res.blockSize, restarts: res.restarts ?? 0,
      qlmThreshold, maxForce, timings: { setup: setupMs, factorize: factorizeMs, iterate: iterateMs, solve: solveMs, product: productMs, total: now() - t0 },
    };
  } finally {
    factor.dispose();
  }
}

/** Orders the k pairs of an eigensolver's result by eigenvalue, in place (values, residuals and vector columns alike). */
function sortPairs(res: { values: Float64Array; residuals: Float64Array; vectors: Float64Array }, dofs: number, k: number): void {
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => res.values[a]! - res.values[b]!);
  if (order.every((c, i) => c === i)) return;
  const values = order.map((c) => res.values[c]!), residuals = order.map((c) => res.residuals[c]!);
  const vectors = new Float64Array(res.vectors.subarray(0, dofs * k));
  order.forEach((c, i) => {
    res.values[i] = values[i]!;
    res.residuals[i] = residuals[i]!;
    res.vectors.set(vectors.subarray(c * dofs, (c + 1) * dofs), i * dofs);
  });
}
