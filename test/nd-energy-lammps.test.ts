/**
 * lib/nd energy, forces and virial stress of a triclinic 3D Kob–Andersen configuration
 * against LAMMPS (test/fixtures/lammps/ka3d: LAMMPS with a table of the DESIGN §10 law made
 * from DESIGN's printed constants, not from softspot's code). LAMMPS's virial pressure is
 * P_ab = (1/V) Σ_pairs (x_i − x_j)_a F_ij,b = −σ_ab with softspot's σ_ab = (1/V) Σ_α g_a r_b.
 * Measured: ΔU/U ~ 1e-13, max ΔF ~ 2e-11 of max |F| ~ 100, Δσ ~ 2e-12 (tolerances 100× that).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Configuration } from '../lib/config.js';
import { readLammpsDump } from '../lib/io/index.js';
import { energyForcesNd, virialStressNd } from '../lib/nd/energy.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { fixturePath } from './helpers/read-fixture.js';

describe('nd energy, forces and virial against LAMMPS (3D ka, triclinic)', () => {
  const path = fixturePath('lammps/ka3d/ka3d.dump');
  const text = readFileSync(path, 'utf8');
  const reference = JSON.parse(readFileSync(fixturePath('lammps/ka3d/ka3d.json'), 'utf8')) as {
    atoms: number; peTotal: number; volume: number; virialPressure: Record<'xx' | 'yy' | 'zz' | 'xy' | 'xz' | 'yz', number>;
  };
  const snap = readLammpsDump(text, path, { dimension: 3 });
  const n = snap.ids.length;
  const positions = new Float64Array(3 * n);
  for (let p = 0; p < 3 * n; p++) positions[p] = snap.positions[p]! - snap.origin[p % 3]!;
  const config: Configuration = { n, dim: 3, model: 'ka', cell: snap.cell, positions, species: Uint8Array.from(snap.types, (t) => t - 1) };
  // LAMMPS's forces, by atom line (columns id type x y z fx fy fz)
  const lines = text.split('\n');
  const start = lines.indexOf('ITEM: ATOMS id type x y z fx fy fz') + 1;
  const forces = new Float64Array(3 * n);
  for (let p = 0; p < n; p++) {
    const f = lines[start + p]!.trim().split(/\s+/).map(Number);
    const at = snap.ids.indexOf(f[0]!);
    forces.set(f.slice(5, 8), 3 * at);
  }

  it('energy and every force component', () => {
    const law = lawOfConfiguration(config);
    const { energy, forces: F } = energyForcesNd(config, law);
    expect(n).to.equal(reference.atoms);
    if (process.env.ND_REPORT) { let m = 0, s = 0; for (let k = 0; k < 3 * n; k++) { m = Math.max(m, Math.abs(F[k]! - forces[k]!)); s = Math.max(s, Math.abs(forces[k]!)); } console.log(`      ΔU/U = ${((energy - reference.peTotal) / reference.peTotal).toExponential(2)}, max ΔF = ${m.toExponential(2)} (max |F| ${s.toFixed(1)})`); }
    expect(energy).to.be.closeTo(reference.peTotal, 1e-11 * Math.abs(reference.peTotal));
    let scale = 0;
    for (const f of forces) scale = Math.max(scale, Math.abs(f));
    for (let k = 0; k < 3 * n; k++) expect(Math.abs(F[k]! - forces[k]!), `component ${k}`).to.be.below(1e-10 * scale);
  });

  it('virial stress = −(LAMMPS virial pressure), and the volume', () => {
    const sigma = virialStressNd(config, lawOfConfiguration(config));
    const P = reference.virialPressure;
    const expected = [P.xx, P.xy, P.xz, P.xy, P.yy, P.yz, P.xz, P.yz, P.zz].map((x) => -x);
    if (process.env.ND_REPORT) console.log(`      max Δσ = ${Math.max(...expected.map((e, k) => Math.abs(sigma[k]! - e))).toExponential(2)}`);
    for (let k = 0; k < 9; k++) expect(sigma[k], `σ[${k}]`).to.be.closeTo(expected[k]!, 1e-10 * Math.abs(P.xx));
    const c = config.cell;
    const det = c[0]! * (c[4]! * c[8]! - c[5]! * c[7]!) - c[1]! * (c[3]! * c[8]! - c[5]! * c[6]!) + c[2]! * (c[3]! * c[7]! - c[4]! * c[6]!);
    expect(det).to.be.closeTo(reference.volume, 1e-10 * reference.volume);
  });
});
