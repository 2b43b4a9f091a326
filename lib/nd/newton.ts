/**
 * Newton polishing of a d-dimensional glass to the double-precision floor of the forces
 * (the d-generic twin of lib/minimize/newton.ts, same stopping rules).
 *
 * Steps Δx = M⁻¹ F with the pinned sparse Hessian M (lib/nd/pattern.ts) factorized by
 * CHOLMOD; the symbolic analysis is redone only when the pair set changes. A step that
 * does not lower max |F| is halved up to 4 times and otherwise not taken; below
 * max |F| = 1e-8 a step that fails to halve max |F| ends the polish (the floor). The
 * result says why it stopped (`reason`): a step that could not lower max |F| above the
 * floor region ('stalled', e.g. near a fold from an unrelaxed start) is not a minimum. A
 * Hessian that is not positive definite throws UnstableConfigurationError (a CholmodError
 * CHOLMOD_NOT_POSDEF) naming the particle of the failing pivot.
 */
import type { Configuration } from '../config.js';
import { unstableConfiguration } from '../errors.js';
import { SparseCholesky, type Ordering } from '../sparse-cholesky.js';
import { stiffnessBlocks } from './contractions.js';
import { pairEnergyForces } from './energy.js';
import type { NdLaw } from './law.js';
import { findPairsNd, type NdPairList } from './pairs.js';
import { ndAssemble, ndExpand, ndHessianPattern, ndParticleOfDof, ndRestrict } from './pattern.js';
import { pairRadial } from './radial.js';

export interface NdNewtonOptions {
  /** Stop when max |F| ≤ fTol (default 0: run to the floor). */
  fTol?: number;
  /** Newton steps at most (default 20). */
  maxIter?: number;
  /** Particle held fixed (default 0). */
  pinned?: number;
  /** Fill-reducing ordering (default 'metis'). */
  ordering?: Ordering;
}

export interface NdNewtonResult {
  config: Configuration;
  energy: number;
  maxForce: number;
  iterations: number;
  /** max |F| before each step and at the end. */
  history: number[];
  /**
   * Why it stopped: max |F| ≤ fTol ('converged'), the round-off floor reached ('floor':
   * below 1e-8 a step that does not halve max |F|, or none lowers it), `maxIter` steps
   * ('max-iterations'), or no step lowered max |F| above the floor region ('stalled': not a
   * minimum; minimize with CG or FIRE first).
   */
  reason: 'converged' | 'floor' | 'max-iterations' | 'stalled';
}

const FLOOR_REGION = 1e-8;

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]!));
  return m;
}

function samePairs(a: NdPairList, b: NdPairList): boolean {
  if (a.count !== b.count) return false;
  for (let k = 0; k < a.count; k++) if (a.i[k] !== b.i[k] || a.j[k] !== b.j[k]) return false;
  return true;
}

/** Polishes `input` (not modified; validated by the caller) with Newton steps. */
export function newtonPolishNd(input: Configuration, law: NdLaw, options: NdNewtonOptions = {}): NdNewtonResult {
  const fTol = options.fTol ?? 0, maxIter = options.maxIter ?? 20, pinned = options.pinned ?? 0;
  const d = input.dim ?? 2;
  const state = (positions: Float64Array) => {
    const config: Configuration = { ...input, positions };
    const pairs = findPairsNd(config, law);
    const radial = pairRadial(pairs, law, 2);
    const { energy, forces } = pairEnergyForces(pairs, radial);
    return { config, pairs, radial, energy, forces, maxForce: maxAbs(forces) };
  };
  let cur = state(Float64Array.from(input.positions));
  const history = [cur.maxForce];
  let factor: SparseCholesky | undefined;
  let analysed: NdPairList | undefined;
  let iterations = 0;
  let reason: NdNewtonResult['reason'] = 'max-iterations';
  try {
    while (iterations < maxIter && cur.maxForce > fTol) {
      const pattern = ndHessianPattern(cur.pairs, pinned);
      if (factor === undefined || analysed === undefined || !samePairs(analysed, cur.pairs)) {
        factor?.dispose();
        factor = SparseCholesky.analyze(pattern, { ordering: options.ordering ?? 'metis', mode: 'supernodal' });
        analysed = cur.pairs;
      }
      try {
        factor.factorize(ndAssemble(pattern, stiffnessBlocks(cur.pairs, cur.radial)).values);
      } catch (error) {
        throw unstableConfiguration(error, (column) => ndParticleOfDof(d, column, pinned), { polishing: true });
      }
      const step = ndExpand(pattern, factor.solve(ndRestrict(pattern, cur.forces)));
      iterations++;
      let next: typeof cur | undefined;
      for (let scale = 1, tries = 0; tries <= 4; tries++, scale /= 2) {
        const x = Float64Array.from(cur.config.positions);
        for (let k = 0; k < x.length; k++) x[k] += scale * step[k]!;
        const trial = state(x);
        if (trial.maxForce < cur.maxForce) { next = trial; break; }
      }
      if (next === undefined) {
        reason = cur.maxForce < FLOOR_REGION ? 'floor' : 'stalled';
        break;
      }
      const halved = next.maxForce <= 0.5 * cur.maxForce;
      cur = next;
      history.push(cur.maxForce);
      if (cur.maxForce < FLOOR_REGION && !halved) {
        reason = 'floor';
        break;
      }
    }
    if (cur.maxForce <= fTol) reason = 'converged';
  } finally {
    factor?.dispose();
  }
  return { config: cur.config, energy: cur.energy, maxForce: cur.maxForce, iterations, history, reason };
}
