/**
 * Velocity Verlet molecular dynamics in a fixed periodic cell, with an optional CSVR
 * thermostat (./thermostat.ts) — docs/design.md §3. Reduced units: m = 1, lengths λ, energies ε,
 * times τ0 = λ√(m/ε), k_B = 1.
 *
 * One step of length Δt (Swope et al., J. Chem. Phys. 76, 637 (1982)):
 *     v ← v + ½Δt F;   x ← x + Δt v;   F ← F(x);   v ← v + ½Δt F;   [v ← α v  (CSVR, Δt)]
 * Applying the thermostat once per step after the second kick is the time-symmetric
 * splitting O(Δt/2)·VV·O(Δt/2) with consecutive half steps merged (Bussi et al. 2007).
 * Velocity Verlet is symplectic and time-reversible: in NVE the energy fluctuates by
 * O(Δt²) without secular drift (tested).
 *
 * Centre-of-mass momentum: the initial velocities have none; pair forces conserve it and
 * CSVR rescaling keeps it zero; round-off is removed at every neighbour-list rebuild.
 * Temperature T = 2K/N_f with N_f = 2N − 2.
 *
 * State: a plain record of Float64Arrays (structure of arrays, x/y interleaved per
 * particle); `stepMd` allocates nothing.
 */
import type { Configuration } from '../config.js';
import { DEFAULT_MODEL, type Model } from '../model/model.js';
import { expectConfiguration, expectNumber } from '../validate.js';
import type { Rng } from '../random.js';
import { addon } from '../native.js';
import { buildMdNeighborList, createMdNeighborList, type MdNeighborList, mdForces } from './kernel.js';
import { csvrFactor, type CsvrThermostat } from './thermostat.js';
import { ArgumentRangeError } from '../errors.js';

/** MD state (plain record). Arrays have length 2N, x and y interleaved. */
export interface MdState {
  readonly n: number;
  readonly model: Model;
  /** Cell h (row-major, fixed during MD). */
  readonly cell: Float64Array;
  readonly species: Uint8Array;
  /** Positions (λ); wrapped into the cell at each list rebuild, unwrapped in between. */
  readonly positions: Float64Array;
  /** Velocities (λ/τ0). */
  readonly velocities: Float64Array;
  /** Forces at `positions` (ε/λ). */
  readonly forces: Float64Array;
  /** Time step Δt (τ0). */
  readonly dt: number;
  /** Simulated time steps·Δt (τ0) and steps since init. */
  time: number;
  steps: number;
  /** Potential energy U (ε) at the last step that computed it (see `stepMd`). */
  potentialEnergy: number;
  /** Kinetic energy K = ½ Σ v² (ε), current. */
  kineticEnergy: number;
  /** Energy added by the thermostat so far, Σ (K_after − K_before) (ε). H̃ = K + U − this. */
  thermostatEnergy: number;
  /** Σ K over the steps since it was last reset (for time averages; reset it yourself). */
  kineticSum: number;
  /** Number of steps summed into `kineticSum`. */
  kineticSamples: number;
  /** Degrees of freedom N_f = 2N − 2. */
  readonly dof: number;
  /** The Verlet list. */
  readonly neighbors: MdNeighborList;
}

/** Options of {@link initMd}. */
export interface MdOptions {
  /** Pair law (default DEFAULT_MODEL). */
  model?: Model;
  /** Time step Δt (τ0, default 0.005). */
  dt?: number;
  /** Verlet skin (λ, default 0.3). */
  skin?: number;
  /** Initial velocities (copied, length 2N); default zero. */
  velocities?: Float64Array;
}

/**
 * A new MD state from a configuration (positions copied, wrapped into the cell), with
 * forces and potential energy computed.
 */
export function initMd(config: Configuration, options: MdOptions = {}): MdState {
  const model = options.model ?? DEFAULT_MODEL;
  expectConfiguration('config', config, model.nSpecies);
  const dt = expectNumber('options.dt', options.dt ?? 0.005, { min: 0, exclusiveMin: true });
  const skin = expectNumber('options.skin', options.skin ?? 0.3, { min: 0 });
  const n = config.n;
  const neighbors = createMdNeighborList(n, model, config.cell, skin);
  const positions = Float64Array.from(config.positions);
  const velocities = new Float64Array(2 * n);
  if (options.velocities !== undefined) {
    if (!(options.velocities instanceof Float64Array) || options.velocities.length !== 2 * n) {
      throw new ArgumentRangeError(`options.velocities: expected a Float64Array(${2 * n})`);
    }
    velocities.set(options.velocities);
  }
  const forces = new Float64Array(2 * n);
  const species = Uint8Array.from(config.species);
  buildMdNeighborList(neighbors, config.cell, positions, species);
  const potentialEnergy = mdForces(neighbors, positions, forces, true);
  const state: MdState = {
    n, model, cell: Float64Array.from(config.cell), species, positions, velocities, forces, dt,
    time: 0, steps: 0, potentialEnergy, kineticEnergy: 0, thermostatEnergy: 0, kineticSum: 0, kineticSamples: 0,
    dof: Math.max(1, 2 * n - 2), neighbors,
  };
  state.kineticEnergy = kineticEnergy(velocities);
  return state;
}

/** K = ½ Σ v² (m = 1). */
export function kineticEnergy(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return 0.5 * s;
}

/** Instantaneous temperature 2K/N_f (N_f = 2N − 2). */
export function temperature(state: MdState): number {
  return (2 * state.kineticEnergy) / state.dof;
}

/** Subtracts the mean velocity (total momentum → 0, equal masses). */
export function removeComMomentum(v: Float64Array): void {
  const n = v.length >> 1;
  let sx = 0, sy = 0;
  for (let k = 0; k < 2 * n; k += 2) {
    sx += v[k];
    sy += v[k + 1];
  }
  sx /= n;
  sy /= n;
  for (let k = 0; k < 2 * n; k += 2) {
    v[k] -= sx;
    v[k + 1] -= sy;
  }
}

/**
 * Maxwell–Boltzmann velocities at temperature T from `rng`, centre-of-mass momentum
 * removed, then rescaled so that 2K/N_f = T exactly.
 */
export function setVelocities(state: MdState, temperatureTarget: number, rng: Rng): void {
  expectNumber('temperature', temperatureTarget, { min: 0 });
  const v = state.velocities;
  const sd = Math.sqrt(temperatureTarget);
  for (let k = 0; k < v.length; k++) v[k] = sd * rng.normal();
  removeComMomentum(v);
  const k0 = kineticEnergy(v);
  const scale = k0 > 0 ? Math.sqrt((0.5 * state.dof * temperatureTarget) / k0) : 0;
  for (let k = 0; k < v.length; k++) v[k] *= scale;
  state.kineticEnergy = kineticEnergy(v);
}

/** Options of {@link stepMd}. */
export interface StepOptions {
  /** CSVR thermostat (NVE when absent). */
  thermostat?: CsvrThermostat | null;
  /** Compute U on every step (for H̃ monitoring) instead of only the last one. Default false. */
  energyEveryStep?: boolean;
}

/**
 * Advances `state` by `steps` velocity-Verlet steps (see module doc). U is computed on
 * the last step (cheaper loop otherwise). No allocation.
 * @returns state
 */
export function stepMd(state: MdState, steps: number, options: StepOptions = {}): MdState {
  const th = options.thermostat ?? null;
  const everyStep = options.energyEveryStep === true;
  const n2 = 2 * state.n;
  const x = state.positions, v = state.velocities, f = state.forces, sp = state.species;
  const nl = state.neighbors, ref = nl.ref;
  const dt = state.dt, hdt = 0.5 * dt;
  const skin = nl.skin;
  // The second kick of a step is applied in the first loop of the next, together with the
  // thermostat's factor α (v ← α (v + ½Δt F) + ½Δt F), and after the last step: the loop
  // after the forces only sums K, and stores nothing. Same operations in the same order as
  // kick, rescale and kick in three loops.
  let alpha = 1;
  let pending = false; // v still lacks the second kick of the last step
  // The O(N) loops in C++ with the native pair loop (the list's choice, see createMdNeighborList).
  const nativeLoops = nl.native !== null;
  for (let s = 0; s < steps; s++) {
    // (Second kick, α,) first kick + drift, with the two largest displacements d₁, d₂ since
    // the list build (native/core/md_integrator.h; `kickDriftTypeScript` is the same loop).
    const carry = pending ? hdt : 0;
    const d12 = nativeLoops
      ? addon.mdKickDrift(state.n, x, v, f, ref, alpha, carry, hdt, dt)
      : kickDriftTypeScript(state.n, x, v, f, ref, alpha, carry, hdt, dt);
    if (d12 > skin) {
      buildMdNeighborList(nl, state.cell, x, sp);
      removeComMomentum(v);
    }
    const last = s === steps - 1;
    const u = mdForces(nl, x, f, last || everyStep);
    if (last || everyStep) state.potentialEnergy = u;
    // K after the second kick, v + ½Δt F (applied in the next step's first loop).
    let kin = nativeLoops ? addon.mdKineticAfterKick(state.n, v, f, hdt) : kineticAfterKickTypeScript(state.n, v, f, hdt);
    pending = true;
    if (th !== null) {
      alpha = csvrFactor(th, kin, dt);
      const after = alpha * alpha * kin;
      state.thermostatEnergy += after - kin;
      kin = after;
    }
    state.kineticEnergy = kin;
    state.kineticSum += kin;
    state.kineticSamples++;
    state.steps++;
  }
  if (pending) {
    for (let k = 0; k < n2; k++) v[k] = alpha * (v[k] + hdt * f[k]);
  }
  state.time = state.steps * dt;
  return state;
}

/**
 * The first loop of a step in TypeScript (reference of native/core/md_integrator.h
 * KickDrift): v ← α (v + carry·F) + halfDt·F, x ← x + dt·v; returns d₁ + d₂, the two
 * largest |x − ref| (λ).
 */
export function kickDriftTypeScript(
  n: number, x: Float64Array, v: Float64Array, f: Float64Array, ref: Float64Array,
  alpha: number, carry: number, hdt: number, dt: number,
): number {
  return kickDrift(2, n, x, v, f, ref, alpha, carry, hdt, dt);
}

/**
 * The same loop for d = 2 or 3 (arrays of d·n entries, x0, y0, z0, x1, …; the d-generic
 * MD's, lib/nd/md-integrator.ts): |x − ref|² summed over the axes in order, so for d = 2
 * the same bits as KickDrift.
 */
export function kickDrift(
  d: 2 | 3, n: number, x: Float64Array, v: Float64Array, f: Float64Array, ref: Float64Array,
  alpha: number, carry: number, hdt: number, dt: number,
): number {
  let max1 = 0, max2 = 0;
  for (let p = 0; p < n; p++) {
    let d2 = 0;
    for (let a = p * d, e = a + d; a < e; a++) {
      const fa = f[a]!;
      const va = alpha * (v[a]! + carry * fa) + hdt * fa;
      v[a] = va;
      const xa = x[a]! + dt * va;
      x[a] = xa;
      const da = xa - ref[a]!;
      d2 += da * da;
    }
    if (d2 > max2) {
      if (d2 > max1) {
        max2 = max1;
        max1 = d2;
      } else {
        max2 = d2;
      }
    }
  }
  return Math.sqrt(max1) + Math.sqrt(max2);
}

/**
 * K = ½ Σ (v + halfDt·F)² in TypeScript (reference of KineticAfterKick): two partial sums
 * (x and y components), since one chain of dependent additions over 2N terms was the
 * loop's bound.
 */
export function kineticAfterKickTypeScript(n: number, v: Float64Array, f: Float64Array, hdt: number): number {
  let vvx = 0, vvy = 0;
  for (let k = 0; k < 2 * n; k += 2) {
    const vx = v[k] + hdt * f[k], vy = v[k + 1] + hdt * f[k + 1];
    vvx += vx * vx;
    vvy += vy * vy;
  }
  return 0.5 * (vvx + vvy);
}

/** The current state as a Configuration (positions copied; wrapped at the last list build). */
export function mdConfiguration(state: MdState): Configuration {
  return {
    n: state.n,
    cell: Float64Array.from(state.cell),
    positions: Float64Array.from(state.positions),
    species: Uint8Array.from(state.species),
  };
}
