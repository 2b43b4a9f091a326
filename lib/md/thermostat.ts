/**
 * Bussi–Donadio–Parrinello stochastic velocity rescaling ("CSVR"): G. Bussi, D. Donadio
 * and M. Parrinello, J. Chem. Phys. 126, 014101 (2007), Eq. (A7).
 *
 * Why this thermostat (docs/design.md §3 asks for a documented one):
 * - It samples the canonical ensemble exactly (the kinetic energy K follows the Gamma
 *   law of N_f/2 degrees of freedom at temperature T), for any system size, and is
 *   ergodic without the chain bookkeeping Nosé–Hoover needs (a single NH thermostat is
 *   not ergodic for stiff, nearly harmonic systems — precisely a glass below T_g).
 * - Like Nosé–Hoover it acts globally by rescaling all velocities with one factor, so
 *   the dynamics is perturbed as little as possible (no per-particle friction, total
 *   momentum stays zero) and its time constant τ plays the same role as the NH damping
 *   time: the mean of K relaxes as dK = (K̄ − K) dt/τ (first order, no oscillation), so
 *   the paper's "instant" change of T is a clean exponential with τ = 0.5 τ0 (the LAMMPS
 *   reference uses NH damping 0.5 τ0).
 * - It has a conserved quantity, H̃ = K + U − (energy the thermostat put in), whose drift
 *   measures the integration error exactly as the total energy does in NVE.
 *
 * Update for a step Δt, with c = exp(−Δt/τ), K̄ = N_f T/2 (k_B = 1), R ~ N(0,1),
 * S ~ χ²_{N_f−1} = 2·Gamma((N_f−1)/2):
 *     α² = c + (1−c) K̄/(N_f K) (R² + S) + 2 R √(c (1−c) K̄/(N_f K)),
 *     sign α = sign(R + √(c N_f K / ((1−c) K̄))),   v ← α v.
 * Random numbers come from one seeded stream (lib/random.ts), so a run is
 * reproducible bit for bit. Gamma deviates by Marsaglia & Tsang, ACM TOMS 26, 363 (2000).
 */
import { portableExp, portableLog, portablePow } from '../portable/index.js';
import type { Rng } from '../random.js';
import { ArgumentRangeError } from '../errors.js';

/** CSVR thermostat state (plain record). */
export interface CsvrThermostat {
  /** Target temperature T (ε/k_B). May be changed between steps (instant quench). */
  temperature: number;
  /** Relaxation time τ (τ0). */
  tau: number;
  /** Degrees of freedom N_f (2N − 2 in 2D with the centre-of-mass momentum removed). */
  dof: number;
  /** Random stream (shared with the caller's protocol; draws advance it). */
  rng: Rng;
}

/** A CSVR thermostat record (τ > 0, T ≥ 0, N_f ≥ 1). */
export function createCsvr(temperature: number, tau: number, dof: number, rng: Rng): CsvrThermostat {
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new ArgumentRangeError(`temperature: expected a finite number >= 0, got ${temperature}`);
  if (!(tau > 0)) throw new ArgumentRangeError(`tau: expected > 0, got ${tau}`);
  if (!(Number.isInteger(dof) && dof >= 1)) throw new ArgumentRangeError(`dof: expected an integer >= 1, got ${dof}`);
  return { temperature, tau, dof, rng };
}

/**
 * Gamma(shape, 1) deviate, shape > 0 (Marsaglia–Tsang; shape < 1 via the u^{1/shape}
 * boost). Consumes a data-dependent number of draws (deterministic given the stream).
 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const g = sampleGamma(rng, shape + 1);
    return g * portablePow(1 - rng.uniform(), 1 / shape);
  }
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number, v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.uniform(); // (0, 1]
    if (u < 1 - 0.0331 * z * z * z * z) return d * v;
    if (portableLog(u) < 0.5 * z * z + d * (1 - v + portableLog(v))) return d * v;
  }
}

/** Sum of `k` squared standard normals (χ²_k), k ≥ 0. */
export function sampleChiSquared(rng: Rng, k: number): number {
  if (k <= 0) return 0;
  return 2 * sampleGamma(rng, k / 2);
}

/**
 * The CSVR rescaling factor α for one thermostat step of length dt (see module doc),
 * given the current kinetic energy K (> 0). The caller multiplies all velocities by α;
 * the new kinetic energy is α² K.
 */
export function csvrFactor(th: CsvrThermostat, kinetic: number, dt: number): number {
  if (!(kinetic > 0)) return 1;
  const nf = th.dof;
  const kTarget = 0.5 * nf * th.temperature;
  const c = portableExp(-dt / th.tau);
  const r = th.rng.normal();
  const s = sampleChiSquared(th.rng, nf - 1);
  const ratio = kTarget / (nf * kinetic);
  const alpha2 = c + (1 - c) * ratio * (r * r + s) + 2 * r * Math.sqrt(c * (1 - c) * ratio);
  const sign = r + Math.sqrt((c * nf * kinetic) / ((1 - c) * kTarget)) < 0 ? -1 : 1;
  return sign * Math.sqrt(Math.max(0, alpha2));
}
