/**
 * Velocity Verlet MD in a fixed periodic cell for d = 2, 3 and any species pair law, with an
 * optional CSVR thermostat (lib/md/thermostat.ts, Bussi, Donadio & Parrinello 2007) —
 * the d-generic counterpart of lib/md/integrator.ts (docs/design.md §3, §10). Reduced units:
 * m = 1, λ, ε, τ0 = λ√(m/ε), k_B = 1.
 *
 * One step of length Δt (Swope et al., J. Chem. Phys. 76, 637 (1982)):
 *     v ← v + ½Δt F;   x ← x + Δt v;   F ← F(x);   v ← v + ½Δt F;   [v ← α v  (CSVR, Δt)]
 * Symplectic and time-reversible: in NVE the energy fluctuates by O(Δt²) without secular
 * drift (tested, test/nd-md-integrator.test.ts).
 *
 * Centre of mass: the initial velocities carry no total momentum; pair forces conserve it,
 * CSVR rescaling keeps it zero, round-off is removed at each list rebuild. Hence
 * N_f = d(N − 1) degrees of freedom and T = 2K/N_f (the 2D code's convention).
 *
 * Shapes: positions, velocities, forces Float64Array(d·N), interleaved. Positions are
 * wrapped into the cell at each list build and unwrapped in between.
 */
import type { Rng } from '../random.js';
import { kickDrift } from '../md/integrator.js';
import { csvrFactor, type CsvrThermostat } from '../md/thermostat.js';
import { buildNdNeighborList, createNdNeighborList, type NdNeighborList } from './md-neighbor-list.js';
import { ndForces, type NdPairTable } from './md-forces.js';

/** MD state (plain record). */
export interface NdMdState {
  readonly d: 2 | 3;
  readonly n: number;
  readonly table: NdPairTable;
  readonly cell: Float64Array;
  readonly species: Uint8Array;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly forces: Float64Array;
  /** Time step Δt (τ0). */
  readonly dt: number;
  /** Steps done since init. */
  steps: number;
  /** Potential energy U at the current positions (ε). */
  potentialEnergy: number;
  /** Kinetic energy K = ½ Σ v² (ε). */
  kineticEnergy: number;
  /** Energy the thermostat added, Σ (K_after − K_before) (ε); H̃ = K + U − this is conserved. */
  thermostatEnergy: number;
  /** Σ K over the steps since the caller last reset it, and the number of steps summed. */
  kineticSum: number;
  kineticSamples: number;
  /** Degrees of freedom N_f = d(N − 1). */
  readonly dof: number;
  readonly neighbors: NdNeighborList;
}

/**
 * A new MD state (positions copied and wrapped, velocities zero, forces computed).
 * The inputs are trusted (validated by the public entry, ./prepare.ts).
 */
export function initNdMd(
  d: 2 | 3, table: NdPairTable, cell: Float64Array, positions: Float64Array, species: Uint8Array, dt: number, skin: number,
): NdMdState {
  const n = species.length;
  const nl = createNdNeighborList(d, n, table.nSpecies, table.cutoff, cell, skin);
  const x = Float64Array.from(positions);
  buildNdNeighborList(nl, x, species);
  const forces = new Float64Array(d * n);
  const potentialEnergy = ndForces(table, nl, x, species, forces);
  return {
    d, n, table, cell: Float64Array.from(cell), species: Uint8Array.from(species), positions: x, velocities: new Float64Array(d * n), forces, dt,
    steps: 0, potentialEnergy, kineticEnergy: 0, thermostatEnergy: 0, kineticSum: 0, kineticSamples: 0,
    dof: Math.max(1, d * (n - 1)), neighbors: nl,
  };
}

/** K = ½ Σ v² (m = 1). */
export function ndKineticEnergy(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  return 0.5 * s;
}

/** Instantaneous temperature 2K/N_f. */
export function ndTemperature(state: NdMdState): number {
  return (2 * state.kineticEnergy) / state.dof;
}

/** Subtracts the mean velocity (total momentum → 0, equal masses). */
export function removeMeanVelocity(d: 2 | 3, v: Float64Array): void {
  const n = v.length / d;
  for (let a = 0; a < d; a++) {
    let s = 0;
    for (let k = a; k < v.length; k += d) s += v[k]!;
    s /= n;
    for (let k = a; k < v.length; k += d) v[k] -= s;
  }
}

/** Maxwell–Boltzmann velocities at T from `rng`, mean removed, rescaled to 2K/N_f = T exactly. */
export function setNdVelocities(state: NdMdState, temperature: number, rng: Rng): void {
  const v = state.velocities, sd = Math.sqrt(temperature);
  for (let k = 0; k < v.length; k++) v[k] = sd * rng.normal();
  removeMeanVelocity(state.d, v);
  const k0 = ndKineticEnergy(v);
  const scale = k0 > 0 ? Math.sqrt((0.5 * state.dof * temperature) / k0) : 0;
  for (let k = 0; k < v.length; k++) v[k] *= scale;
  state.kineticEnergy = ndKineticEnergy(v);
}

/**
 * Advances `state` by `steps` velocity-Verlet steps (module doc), thermostatted when
 * `thermostat` is given. U is computed on the last step only (`state.potentialEnergy`): the
 * force loop of the other steps skips the energy's terms (≈ 15 % less time; as lib/md's).
 */
export function stepNdMd(state: NdMdState, steps: number, thermostat: CsvrThermostat | null = null): NdMdState {
  const { d, n, table, species } = state;
  const x = state.positions, v = state.velocities, f = state.forces, nl = state.neighbors, ref = nl.ref;
  const dt = state.dt, hdt = 0.5 * dt, dn = d * n, skin = nl.skin;
  // The second kick of a step and the thermostat's factor α are applied in the first loop
  // of the next step, v ← α (v + ½Δt F) + ½Δt F, and after the last one: the same
  // operations in the same order as kick, rescale and kick in three loops (as lib/md's).
  let alpha = 1;
  let pending = false; // v still lacks the second kick (and α) of the last step
  for (let s = 0; s < steps; s++) {
    // (Second kick, α,) kick, drift, and the two largest displacements since the build
    // (in TypeScript: a C++ loop measured within the noise of a whole 3D step, 1–2 %).
    const carry = pending ? hdt : 0;
    const d12 = kickDrift(d, n, x, v, f, ref, alpha, carry, hdt, dt);
    if (d12 > skin) {
      buildNdNeighborList(nl, x, species);
      removeMeanVelocity(d, v);
    }
    const last = s === steps - 1;
    const u = ndForces(table, nl, x, species, f, last);
    if (last) state.potentialEnergy = u;
    // K after the second kick v + ½Δt F (applied in the next step's first loop).
    let kin = kineticAfterKick(dn, v, f, hdt);
    pending = true;
    alpha = 1;
    if (thermostat !== null) {
      alpha = csvrFactor(thermostat, kin, dt);
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
    if (thermostat === null) for (let a = 0; a < dn; a++) v[a] = v[a]! + hdt * f[a]!;
    else for (let a = 0; a < dn; a++) v[a] = alpha * (v[a]! + hdt * f[a]!);
  }
  return state;
}

/** K = ½ Σ (v + halfDt·F)² over the first `length` entries, one sum in order; nothing stored. */
function kineticAfterKick(length: number, v: Float64Array, f: Float64Array, hdt: number): number {
  let vv = 0;
  for (let a = 0; a < length; a++) {
    const va = v[a]! + hdt * f[a]!;
    vv += va * va;
  }
  return 0.5 * vv;
}
