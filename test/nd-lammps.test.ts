/**
 * softspot's 3D kernels against LAMMPS (test/fixtures/lammps/ka3d, see the fixtures
 * README): the energy, forces and virial of a triclinic Kob–Andersen configuration with the
 * DESIGN §10 law, which LAMMPS computed from a table written from DESIGN's printed
 * constants (not from softspot's code).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Configuration } from '../lib/config.js';
import { readLammpsDump } from '../lib/io/index.js';
import { energyForcesNd, virialStressNd } from '../lib/nd/energy.js';
import { lawOfConfiguration } from '../lib/nd/law.js';

const DIR = new URL('./fixtures/lammps/ka3d/', import.meta.url).pathname;
const dumpText = readFileSync(`${DIR}ka3d.dump`, 'utf8');
const reference = JSON.parse(readFileSync(`${DIR}ka3d.json`, 'utf8')) as {
  atoms: number; peTotal: number; virialPressure: Record<'xx' | 'yy' | 'zz' | 'xy' | 'xz' | 'yz', number>; volume: number;
};

/** LAMMPS's forces by atom id order: the fx fy fz columns of the dump (ids 1…N). */
function lammpsForces(): Float64Array {
  const lines = dumpText.trim().split('\n');
  const start = lines.findIndex((l) => l.startsWith('ITEM: ATOMS')) + 1;
  const f = new Float64Array(3 * reference.atoms);
  for (const line of lines.slice(start)) {
    const c = line.trim().split(/\s+/).map(Number);
    const id = c[0]!;
    f.set([c[5]!, c[6]!, c[7]!], 3 * (id - 1));
  }
  return f;
}

/** The configuration of the dump: cell and positions from LAMMPS's box (origin removed), types 1, 2 → A, B. */
function configuration(): Configuration {
  const snap = readLammpsDump(dumpText, 'ka3d.dump', { dimension: 3 });
  const n = snap.ids.length;
  const positions = new Float64Array(3 * n);
  for (let p = 0; p < n; p++) for (let a = 0; a < 3; a++) positions[3 * p + a] = snap.positions[3 * p + a]! - snap.origin[a]!;
  return { n, dim: 3, model: 'ka', cell: Float64Array.from(snap.cell), positions, species: Uint8Array.from(snap.types, (t) => t - 1) };
}

describe('3D kernels against LAMMPS (Kob–Andersen, triclinic box)', () => {
  const config = configuration();
  const law = lawOfConfiguration(config);

  it('the box: LAMMPS\'s volume', () => {
    const h = config.cell;
    const det = h[0]! * (h[4]! * h[8]! - h[5]! * h[7]!) - h[1]! * (h[3]! * h[8]! - h[5]! * h[6]!) + h[2]! * (h[3]! * h[7]! - h[4]! * h[6]!);
    expect(det).to.be.closeTo(reference.volume, 1e-12 * reference.volume);
  });

  it('energy and forces (lib/nd energyForcesNd): LAMMPS\'s to its table precision', () => {
    const { energy, forces } = energyForcesNd(config, law);
    expect(Math.abs(energy - reference.peTotal)).to.be.below(1e-11 * Math.abs(reference.peTotal));
    const f = lammpsForces();
    let worst = 0, largest = 0;
    for (let k = 0; k < f.length; k++) {
      worst = Math.max(worst, Math.abs(forces[k]! - f[k]!));
      largest = Math.max(largest, Math.abs(f[k]!));
    }
    expect(largest).to.be.above(10); // a liquid configuration: forces far from zero
    expect(worst).to.be.below(1e-9);
  });

  it('virial stress (lib/nd virialStressNd) = − LAMMPS\'s virial pressure (bond r_α = x_j − x_i vs LAMMPS\'s r_ij = x_i − x_j)', () => {
    const sigma = virialStressNd(config, law);
    const p = reference.virialPressure;
    const expected = [p.xx, p.xy, p.xz, p.xy, p.yy, p.yz, p.xz, p.yz, p.zz];
    for (let k = 0; k < 9; k++) expect(sigma[k]).to.be.closeTo(-expected[k]!, 1e-11 * 15);
  });
});
