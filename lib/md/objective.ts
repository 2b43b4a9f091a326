/**
 * Energy and forces on top of the MD Verlet list (./kernel.ts) for code that owns its
 * positions: minimizer objectives (lib/minimize `Objective`: `(x, grad) => energy`) for
 * the soft push-off of the random start and the conjugate-gradient quench, and the
 * energy/force evaluations of AQS (lib/aqs Landscape), where the cell changes between
 * minimizations (strain steps) but not within one.
 *
 * The MD list wants positions wrapped into the cell at each build, but a minimizer owns
 * its `x` and keeps copies of it (line-search origins), so `x` must not be changed behind
 * its back. The evaluator therefore keeps a private wrapped copy: at each build it records
 * the lattice offset of every particle, off = wrap(x) − x, and afterwards evaluates at
 * x + off. It rebuilds when a particle has moved more than skin/2 since the build, and
 * whenever the cell differs from the cell of the build (image shifts and offsets are
 * lattice vectors of that cell). A build costs about three force evaluations.
 *
 * At a fixed cell the evaluation is the MD kernel's loop plus one O(N) pass. With the
 * native pair loop and the model's own law (the default `forces`) the pass, the loop, and
 * max|F| and the gradient −F when asked (one pass over F) are one native call
 * (NativePairKernel.evaluateTracked, native/core/pair_kernel_evaluate.cc and
 * md_displacement_bound.h; the same bits as the calls one by one, which a custom `forces`
 * still makes): the pass copies x into `positions` (the evaluator's record of x, which
 * lib/aqs Landscape uses as its configuration's positions) and, in the same pass, measures
 * each particle's step since the previous call, |x_i − positions_i|. The evaluator keeps
 * a bound D ≥ max_i |x_i + off_i − ref_i| (0 at a build, then D + max step, with a
 * rounding allowance): while D stays well inside skin/2 the list is valid without reading
 * ref, and near the limit (or after a NaN step) the exact test over ref decides and gives
 * D anew, so the rebuilds fall on the same calls as with the exact test every call. The
 * loop reads `positions` patched at the few shifted particles (restored after it), and a
 * caller that wants only the gradient (no f) gets F accumulated in it and negated in
 * place. The pass thus costs what the MD kernel's copy of x costs plus a few flops per
 * coordinate (C++ microbenchmark, N = 10⁴, data in cache: 2.7 µs against 2.35 µs for
 * memcpy); the evaluation's only other work beyond the bare MD call is max|F| or the
 * negation (one pass over F). Measured (test/bench/perf.bench.ts kernel, N = 10⁴, CPU
 * time, paired by round): Landscape.evaluate and its objective 0.99× the bare MD call with
 * energy per particle (the code before, with the pass over ref rounded to float: 0.98×),
 * 1.13× a whole MD step (stepMd) per atom.
 */
import type { Model } from '../model/model.js';
import type { Objective } from '../minimize/types.js';
import { reduceCellUnchecked, createReducedCell } from '../space/reduce.js';
import { maxAbs, shiftedCopyWithin, shiftedParticles } from './evaluator-loops.js';
import { buildMdNeighborList, createMdNeighborList, type MdNeighborList, mdForces } from './kernel.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';
import { expectAllFinite } from '../validate.js';

/** Forces into f (overwritten), energy returned. */
export type PairForces = (nl: MdNeighborList, x: Float64Array, f: Float64Array) => number;

/** Energy and forces at positions a caller owns (see module doc). */
export interface MdEvaluator {
  /** The list (for statistics: `neighbors.builds`). */
  readonly neighbors: MdNeighborList;
  /** Number of evaluations. */
  readonly evaluations: number;
  /** max_k |F_k| (ε/λ) of the last evaluation asked for it (`withMaxForce`), else NaN. */
  readonly maxForce: number;
  /**
   * x of the last evaluation (Float64Array(2N), λ; the `positions` given to
   * createMdEvaluator, or its own). Written by every evaluation and read by the next as
   * the previous positions (the displacement bound, see the module doc): callers may read
   * it, never write it.
   */
  readonly positions: Float64Array;
  /**
   * U (ε) at positions x (Float64Array(2N), interleaved, λ; not modified) in `cell`
   * (row-major 2×2, columns the cell vectors); F = −∇U (ε/λ) into f (Float64Array(2N)), or
   * f undefined when only the gradient is wanted (then `gradient` is required).
   * `copy` (Float64Array(2N), optional) also receives x (`positions` always does).
   * `withMaxForce`: also max_k |F_k| into `maxForce` (default false). `gradient`
   * (Float64Array(2N), optional) receives ∇U = −F (a minimizer's objective).
   * @throws RangeError when a new cell is too small for the list (see createMdNeighborList;
   *   `positions` and `copy` are written all the same)
   */
  energyForces(
    x: Float64Array, cell: Float64Array, f: Float64Array | undefined, copy?: Float64Array, withMaxForce?: boolean,
    gradient?: Float64Array,
  ): number;
}

/**
 * Rounding allowance (λ) per evaluation of the displacement bound, for positions within
 * `extent` of the origin: 2⁻⁴⁸·(1 + extent), 16 ulps and more of the wrapped coordinates
 * (the rounding of xs = x + off at the shifted particles and at the build is a few).
 */
function boundSlack(extent: number): number {
  return 2 ** -48 * (1 + extent);
}

/**
 * An evaluator for n particles of `model`, first used in `cell` (checked here).
 * @param forces the pair loop (default: the model's law, ./kernel.ts `mdForces` with the
 *   energy, in one native call per evaluation: see the module doc)
 * @param positions the array that keeps x of the last evaluation (Float64Array(≥ 2N);
 *   default a new one): see MdEvaluator.positions (lib/aqs Landscape passes its
 *   configuration's positions)
 */
export function createMdEvaluator(
  model: Model, cell: Float64Array, species: Uint8Array, skin = 0.3, forces?: PairForces, positions?: Float64Array,
): MdEvaluator {
  const n = species.length;
  if (positions !== undefined && positions.length < 2 * n) {
    throw new ArgumentRangeError(`positions: expected a Float64Array of at least 2N = ${2 * n} entries, got ${positions.length}`);
  }
  const pos = positions ?? new Float64Array(2 * n);
  const nl = createMdNeighborList(n, model, cell, skin);
  const pairForces: PairForces = forces ?? ((list, x, f) => mdForces(list, x, f, true));
  // The one-call evaluation (module doc): the list's native kernel on the model's law.
  const fused = forces === undefined ? nl.native : null;
  const xs = new Float64Array(2 * n), off = new Float64Array(2 * n);
  // The particles with a nonzero offset (most have none: a minimizer's particles rarely
  // leave the cell), for the native pass to patch and read off for those only; or
  // undefined when they are many.
  const shiftedBuf = new Int32Array(n);
  let shifted: Int32Array | undefined;
  // [U, max|F|, D]: D ≥ max_i |xs_i − ref_i| at `pos` (λ; NaN: unknown), kept between calls.
  const out = Float64Array.of(Number.NaN, Number.NaN, Number.NaN);
  let slack = 0;
  // F when the caller wants the gradient only (the call-by-call path), made on first use.
  let fScratch: Float64Array | undefined;
  const listCell = Float64Array.from(cell);
  const reduced = createReducedCell();
  const lim2 = 0.25 * skin * skin;
  let evaluations = 0;
  let maxForce = Number.NaN;
  return {
    neighbors: nl,
    positions: pos,
    get evaluations() {
      return evaluations;
    },
    get maxForce() {
      return maxForce;
    },
    energyForces(x, h, fOut, copy, withMaxForce = false, gradient) {
      if (fOut === undefined && gradient === undefined) {
        throw new ArgumentTypeError('energyForces: expected f (the forces) or gradient, got neither');
      }
      evaluations++;
      const newCell = h[0] !== listCell[0] || h[1] !== listCell[1] || h[2] !== listCell[2] || h[3] !== listCell[3];
      let rebuild = newCell || nl.builds === 0;
      if (!rebuild && fused !== null) {
        const within = fused.evaluateTracked(n, x, off, nl.ref, lim2, xs, pos, shifted, fOut, nl.offsets, nl.codes,
          nl.typeBits, nl.border, nl.borderCount, nl.shift, withMaxForce, out, gradient, slack);
        if (copy !== undefined) copy.set(x.subarray(0, 2 * n));
        if (within) {
          maxForce = withMaxForce ? out[1] : Number.NaN;
          return out[0];
        }
        rebuild = true; // pos written
      } else {
        if (!rebuild) rebuild = !shiftedCopyWithin(n, x, off, nl.ref, lim2, xs, nl.native !== null, pos, shifted);
        else pos.set(x.subarray(0, 2 * n));
        if (copy !== undefined) copy.set(x.subarray(0, 2 * n));
      }
      if (newCell) {
        const w = reduceCellUnchecked(h, reduced).minWidth, need = 2 * (nl.listRadius + skin);
        if (!(w > need)) {
          throw new ArgumentRangeError(`cell: expected the reduced cell's smallest width > 2·(max cutoff + 2·skin) = ${need}, got ${w}`);
        }
        listCell.set(h);
      }
      if (rebuild) {
        xs.set(x.subarray(0, 2 * n));
        buildMdNeighborList(nl, listCell, xs, species);
        for (let k = 0; k < 2 * n; k++) off[k] = xs[k] - x[k];
        const count = shiftedParticles(n, off, shiftedBuf);
        shifted = count <= n / 8 ? shiftedBuf.subarray(0, count) : undefined;
        // D = 0 at the build (xs = ref; x + off is within an ulp or so of it, in the slack).
        slack = boundSlack(skin + maxAbs(nl.ref, 2 * n, nl.native !== null));
        out[2] = Number.isFinite(slack) ? 0 : Number.NaN;
        if (!Number.isFinite(slack)) slack = 0;
      }
      const f = fOut ?? (fScratch ??= new Float64Array(2 * n));
      const energy = pairForces(nl, xs, f);
      maxForce = withMaxForce ? maxAbs(f, 2 * n, nl.native !== null) : Number.NaN;
      if (gradient !== undefined) for (let k = 0; k < 2 * n; k++) gradient[k] = -f[k];
      return energy;
    },
  };
}

/** An Objective plus its list (for statistics: `neighbors.builds`). */
export interface MdObjective {
  objective: Objective;
  neighbors: MdNeighborList;
  /** Number of objective calls. */
  readonly evaluations: number;
}

/**
 * Objective U(x) with ∇U = −F for n particles of `model` in a fixed cell.
 * @param forces the pair loop (default: the model's law, as createMdEvaluator)
 */
export function createMdObjective(
  model: Model, cell: Float64Array, species: Uint8Array, skin = 0.3, forces?: PairForces,
): MdObjective {
  const evaluator = createMdEvaluator(model, cell, species, skin, forces);
  const fixed = Float64Array.from(cell);
  return {
    neighbors: evaluator.neighbors,
    get evaluations() {
      return evaluator.evaluations;
    },
    // The list wraps every coordinate into the cell, where NaN or ±∞ would become a finite,
    // wrong energy: refused, naming the entry (O(N), beside the O(N·neighbours) pair loop).
    objective: (x, grad) => {
      expectAllFinite('x', x, 'finite coordinates');
      return evaluator.energyForces(x, fixed, undefined, undefined, false, grad);
    },
  };
}

/**
 * Harmonic soft disks, the push-off potential of the random start:
 *   φ_ij(r) = ½ ε (1 − r/σ_ij)² for r < σ_ij, else 0,  σ_ij = `sigma2[t]`^{1/2}
 * (σ_ij must not exceed the model's cutoff, so that the list covers it).
 * Forces into f (overwritten); returns U (ε). `sigma` is indexed by pair type.
 */
export function softDiskForces(nl: MdNeighborList, x: Float64Array, f: Float64Array, sigma: Float64Array): number {
  const n = nl.n, tb = nl.typeBits, tMask = (1 << tb) - 1, jShift = tb + 4;
  const offsets = nl.offsets, codes = nl.codes, border = nl.border, shift = nl.shift;
  f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const i2 = 2 * i;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const c = codes[k], j2 = c >> tb;
      energy += softDiskPair(f, i2, j2, sigma[c & tMask], x[j2] - x[i2], x[j2 + 1] - x[i2 + 1]);
    }
  }
  for (let b = 0; b < nl.borderCount; b++) {
    const i2 = border[2 * b], c = border[2 * b + 1];
    const j2 = c >> jShift, m2 = (c & 15) << 1;
    energy += softDiskPair(f, i2, j2, sigma[(c >> 4) & tMask], x[j2] - x[i2] + shift[m2], x[j2 + 1] - x[i2 + 1] + shift[m2 + 1]);
  }
  return energy;
}

/** One soft-disk pair (bond r = x_j − x_i): adds its forces to f, returns its energy. */
function softDiskPair(f: Float64Array, i2: number, j2: number, s: number, rx: number, ry: number): number {
  const u = rx * rx + ry * ry;
  if (u >= s * s) return 0;
  const r = Math.sqrt(u);
  const overlap = 1 - r / s;
  // dφ/dr = −overlap/σ; g = (dφ/dr) r̂ = ∂φ/∂x_j.
  const a = r > 0 ? -overlap / (s * r) : 0;
  const gx = a * rx, gy = a * ry;
  f[i2] += gx;
  f[i2 + 1] += gy;
  f[j2] -= gx;
  f[j2 + 1] -= gy;
  return 0.5 * overlap * overlap;
}
