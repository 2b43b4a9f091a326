/**
 * Vibrational modes of particles of unequal masses. With masses m_i the equations of
 * motion M ü = −H u (M = diag(m_i), each repeated d times) have modes u = M^{−1/2} e where
 * e, ω² are the eigenpairs of the dynamical matrix
 *   D = M^{−1/2} H M^{−1/2},
 * whose zero modes are the mass-weighted translations M^{1/2} t (t a uniform translation).
 * The eigensolvers need D⁺ and D from the operators of unit masses (H⁺ through the pinned
 * factor, H by pairs):
 *   D⁺ x = P_m M^{1/2} H⁺ M^{1/2} x   for x ⟂ M^{1/2} t,
 * since z = M^{1/2} x has no net force (Σ_i z_i = (M^{1/2} t)·x = 0), so H w = z is solvable
 * and any solution w (the pinned one) gives y = M^{1/2} w with D y = x; P_m then removes
 * the component along M^{1/2} t, y ← y − M^{1/2} (Σ_i m_i w_i / Σ_i m_i), which leaves
 * D y = x unchanged and puts y in the range of D. D V = M^{−1/2} H M^{−1/2} V.
 * Equal masses m scale every ω² by 1/m (test/modes-masses.test.ts checks it, and D against
 * dense Jacobi eigenvalues).
 */
import { describe } from '../validate.js';
import type { BlockOperator } from './block-inverse.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Checks per-particle masses: Float64Array(n) of finite values > 0. */
export function expectMasses(name: string, masses: unknown, n: number): Float64Array {
  if (!(masses instanceof Float64Array) || masses.length !== n) throw new ArgumentTypeError(`${name}: expected a Float64Array of the N = ${n} particle masses, got ${describe(masses)}`);
  for (let i = 0; i < n; i++) {
    if (!(masses[i]! > 0) || !Number.isFinite(masses[i]!)) throw new ArgumentRangeError(`${name}[${i}]: expected a finite mass > 0, got ${masses[i]}`);
  }
  return masses;
}

/** The operator of D (see the module doc) from `op`, the operator of H with unit masses. */
export function massWeighted(op: BlockOperator, masses: Float64Array, d: number): BlockOperator {
  const dofs = op.dofs;
  const root = new Float64Array(dofs);
  let total = 0;
  for (let r = 0; r < dofs; r++) root[r] = Math.sqrt(masses[Math.floor(r / d)]!);
  for (let i = 0; i < masses.length; i++) total += masses[i]!;
  const scale = (V: Float64Array, nrhs: number, f: (r: number) => number): Float64Array => {
    const out = new Float64Array(dofs * nrhs);
    for (let c = 0; c < nrhs; c++) for (let r = 0; r < dofs; r++) out[c * dofs + r] = V[c * dofs + r]! * f(r);
    return out;
  };
  /** y ← y − M^{1/2} (Σ_i √m_i y_i / Σ_i m_i): the component along the mass-weighted translations removed. */
  const project = (y: Float64Array): void => {
    const mean = new Float64Array(d);
    for (let r = 0; r < dofs; r++) mean[r % d] += root[r]! * y[r]!;
    for (let a = 0; a < d; a++) mean[a] /= total;
    for (let r = 0; r < dofs; r++) y[r] -= root[r]! * mean[r % d]!;
  };
  return {
    dofs,
    solve: (V, nrhs, out) => {
      const W = op.solve(scale(V, nrhs, (r) => root[r]!), nrhs);
      const Y = out ?? new Float64Array(dofs * nrhs);
      for (let c = 0; c < nrhs; c++) {
        for (let r = 0; r < dofs; r++) Y[c * dofs + r] = W[c * dofs + r]! * root[r]!;
        project(Y.subarray(c * dofs, (c + 1) * dofs));
      }
      return Y;
    },
    product: (V, nrhs) => {
      const HV = op.product(scale(V, nrhs, (r) => 1 / root[r]!), nrhs);
      for (let c = 0; c < nrhs; c++) for (let r = 0; r < dofs; r++) HV[c * dofs + r] /= root[r]!;
      return HV;
    },
    project,
  };
}
