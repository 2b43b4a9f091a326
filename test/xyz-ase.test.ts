/**
 * softspot's extended XYZ read by another program: ASE (python3-ase), through the
 * `read_softspot` recipe of docs/api.md ("Reading the files in Python"), run as written.
 * Every number ASE reads is checked against softspot's own: positions (z = 0 in 2D), the
 * cell vectors (ASE's rows = the columns of softspot's h; 2D a3 = (0, 0, 1)), pbc, the
 * species labels, the key=value metadata (energy through ASE's calculator), the `sigma`
 * column of a poly glass, and every per-particle field column of `softspot lhc
 * --particles`, whose Σ_i c_i = d(N − 1) is summed again by numpy. Cases: the paper's 2D
 * glass (labels S/L), a 2D poly configuration, a triclinic 3D `ka` configuration (labels
 * A/B, a tilted cell that tells a1, a2, a3 apart). Needs a python3 that imports ase and
 * numpy; skipped with a printed reason where there is none (a failure under CI).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { formatParticleFieldsXyz, lammpsToConfiguration, readLammpsDump, writeXyz } from '../lib/io/index.js';
import { readInputGlassWithMasses } from '../lib/cli/input.js';
import { reducedCoordinates } from './helpers/reduced.js';
import { runCli } from './helpers/run-cli.js';
import { localHeatCapacity, particleFields } from '../lib/lhc/index.js';
import { seededRandom } from './helpers/dense-linalg.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { requirePython } from './helpers/system-program.js';
import { documentedPython } from './helpers/python.js';

/** What ASE reads from a file through read_softspot. */
interface AseView {
  positions: number[][];
  cell: number[][];
  pbc: boolean[];
  type: string[];
  arrays: Record<string, number[]>;
  info: Record<string, unknown>;
  energy: number | null;
  sumC: number | null;
}

/** The recipe of docs/api.md, as written. */
const recipe = (): string => documentedPython('api.md', 'from ase.io import read');

const DUMP = `
import json, sys
import numpy as np
atoms = read_softspot(sys.argv[1])
print(json.dumps({
    'positions': atoms.positions.tolist(), 'cell': atoms.cell.array.tolist(), 'pbc': atoms.pbc.tolist(),
    'type': [str(t) for t in atoms.arrays['type']],
    'arrays': {k: v.tolist() for k, v in atoms.arrays.items() if k not in ('type', 'positions', 'numbers')},
    'info': atoms.info, 'energy': atoms.calc.results.get('energy') if atoms.calc is not None else None,
    'sumC': float(np.sum(atoms.arrays['c'], dtype=np.float64)) if 'c' in atoms.arrays else None,
}, default=lambda v: v.item() if hasattr(v, 'item') else str(v)))  # numpy scalars (ASE's integers) as numbers
`;

/** The label of each species code, as softspot writes them (DESIGN §10). */
const LABELS: Record<string, string[]> = { ipl: ['S', 'L'], ka: ['A', 'B'], poly: ['P'] };

describe('extended XYZ read by ASE (docs/api.md read_softspot)', function () {
  this.timeout(120_000);
  let python = '';
  let dir = '';
  before(function () {
    python = requirePython(this, ['ase', 'numpy'], 'python3-ase');
    dir = mkdtempSync(join(tmpdir(), 'softspot-ase-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function readWithAse(name: string, text: string): AseView {
    const file = join(dir, name);
    writeFileSync(file, text);
    return JSON.parse(execFileSync(python, ['-c', recipe() + DUMP, file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as AseView;
  }

  /** Positions, cell, pbc and labels of `config` as ASE must see them. */
  function expectSameConfiguration(ase: AseView, config: Configuration, preset: string): void {
    const d = config.dim === 3 ? 3 : 2, n = config.n, h = config.cell;
    expect(ase.positions).to.have.length(n);
    for (let p = 0; p < n; p++) {
      for (let a = 0; a < 3; a++) expect(ase.positions[p]![a]).to.equal(a < d ? config.positions[d * p + a] : 0);
    }
    // ASE's row k is the cell vector a_{k+1}, softspot's column k of h (row-major d × d).
    for (let k = 0; k < 3; k++) {
      for (let a = 0; a < 3; a++) {
        const expected = k < d && a < d ? h[d * a + k] : (k === a ? 1 : 0);
        expect(ase.cell[k]![a], `cell vector ${k + 1}, component ${a}`).to.equal(expected);
      }
    }
    expect(ase.pbc).to.deep.equal(d === 3 ? [true, true, true] : [true, true, false]);
    expect(ase.type).to.deep.equal(Array.from(config.species, (s) => LABELS[preset]![s]));
  }

  it('the paper\'s 2D glass (labels S, L): positions, cell, pbc, labels and metadata as written', () => {
    const config = readFixtureConfig('n64_s1');
    const ase = readWithAse('n64.xyz', writeXyz(config));
    expectSameConfiguration(ase, config, 'ipl');
    expect(ase.energy).to.equal(config.info!.energy);
    for (const key of ['seed', 'density', 'lambda_min', 'fmax']) expect(ase.info[key], key).to.equal(config.info![key]);
  });

  it('a 2D poly configuration: the sigma column and model=poly', () => {
    const base = readFixtureConfig('n64_s1');
    const r = seededRandom(5);
    const config: Configuration = {
      ...base, model: 'poly', species: new Uint8Array(base.n), info: {},
      sigma: Float64Array.from({ length: base.n }, () => 0.73 + 0.89 * r()),
    };
    const ase = readWithAse('poly.xyz', writeXyz(config));
    expectSameConfiguration(ase, config, 'poly');
    expect(ase.arrays.sigma).to.deep.equal(Array.from(config.sigma!));
    expect(ase.info.model).to.equal('poly');
  });

  it('a triclinic 3D ka configuration (labels A, B): the three cell vectors in order, x y z', () => {
    const r = seededRandom(7);
    const n = 40;
    // Columns a1 = (6, 0, 0), a2 = (1.5, 6.5, 0), a3 = (−0.75, 1.25, 7): every tilt nonzero.
    const cell = Float64Array.of(6, 1.5, -0.75, 0, 6.5, 1.25, 0, 0, 7);
    const positions = new Float64Array(3 * n);
    for (let p = 0; p < n; p++) {
      const s = [r(), r(), r()];
      for (let a = 0; a < 3; a++) positions[3 * p + a] = cell[3 * a]! * s[0]! + cell[3 * a + 1]! * s[1]! + cell[3 * a + 2]! * s[2]!;
    }
    const config: Configuration = { n, dim: 3, model: 'ka', cell, positions, species: Uint8Array.from({ length: n }, (_, p) => (p < 32 ? 0 : 1)), info: {} };
    const ase = readWithAse('ka.xyz', writeXyz(config));
    expectSameConfiguration(ase, config, 'ka');
    expect(ase.info.model).to.equal('ka');
  });

  it('the other way: a LAMMPS dump ASE read and wrote as extended XYZ (no model=, elements H/He for types 1/2) reads under --model as the dump does', async () => {
    // ASE's own route: read_lammps_dump_text gives type t the element of Z = t; its extxyz writer prints %16.8f.
    for (const [dump, model, d] of [['ortho2d.dump', 'ka2d', 2], ['triclinic3d.dump', 'ka', 3]] as const) {
      const out = join(dir, `${dump}.xyz`);
      execFileSync(python, ['-c', "import sys\nfrom ase.io import read, write\nwrite(sys.argv[2], read(sys.argv[1], format='lammps-dump-text', index=-1), format='extxyz')",
        fixturePath(`lammps/${dump}`), out]);
      const r = await runCli('info', out, '--model', model, '--json');
      expect(r.code, r.stderr).to.equal(0);
      const viaAse = (await readInputGlassWithMasses(out, { model }, 'info', [2, 3])).config;
      const direct = lammpsToConfiguration(readLammpsDump(readFileSync(fixturePath(`lammps/${dump}`), 'utf8'), dump, { dimension: 'auto' }), { model });
      expect([viaAse.n, viaAse.dim ?? 2, viaAse.model], dump).to.deep.equal([direct.n, d, model]);
      expect(Array.from(viaAse.species), dump).to.deep.equal(Array.from(direct.species));
      // ASE keeps LAMMPS's cell and positions to the 8 decimals it prints, but not the box origin
      // (xlo, ylo, zlo): the atoms are translated as one, by a lattice vector at most besides.
      for (let k = 0; k < direct.cell.length; k++) expect(viaAse.cell[k], `${dump} cell ${k}`).to.be.closeTo(direct.cell[k]!, 1e-8);
      const h = direct.cell;
      for (let p = 0; p < direct.n; p++) {
        // (shift of p) − (shift of atom 0) in reduced coordinates h⁻¹Δ (h upper triangular): integers.
        const delta = Array.from({ length: d }, (_, a) => (viaAse.positions[d * p + a]! - direct.positions[d * p + a]!) - (viaAse.positions[a]! - direct.positions[a]!));
        const s = reducedCoordinates(h, d, delta);
        for (let a = 0; a < d; a++) expect(s[a]! - Math.round(s[a]!), `${dump} atom ${p} axis ${a}`).to.be.closeTo(0, 1e-8);
      }
    }
  });

  it('per-particle fields (softspot lhc --particles): every column as written, Σ_i c_i = 2(N − 1) in numpy', () => {
    const result = localHeatCapacity(readFixtureConfig('n64_s1'));
    const fields = particleFields(result);
    const ase = readWithAse('fields.xyz', formatParticleFieldsXyz(result.config, fields));
    expectSameConfiguration(ase, result.config, 'ipl');
    const expected: Record<string, Float64Array> = { c: fields.c };
    for (const name of Object.keys(fields.dcdg)) expected[`dcdg_${name}`] = fields.dcdg[name]!;
    for (const name of Object.keys(fields.cDcdg)) expected[`c_dcdg_${name}`] = fields.cDcdg[name]!;
    expect(Object.keys(ase.arrays).sort()).to.deep.equal(Object.keys(expected).sort());
    for (const [name, values] of Object.entries(expected)) expect(ase.arrays[name], name).to.deep.equal(Array.from(values));
    expect(Math.abs(ase.sumC! - 2 * 63)).to.be.below(1e-9);
  });

  it('per-particle fields with a LAMMPS file\'s atom ids: ASE reads the id column as integers, the fields beside them', () => {
    const result = localHeatCapacity(readFixtureConfig('n64_s1'));
    const fields = particleFields(result);
    const ids = Int32Array.from({ length: 64 }, (_, p) => 100 + 3 * (63 - p));
    const ase = readWithAse('ids.xyz', formatParticleFieldsXyz(result.config, fields, { ids }));
    expectSameConfiguration(ase, result.config, 'ipl');
    expect(ase.arrays.id).to.deep.equal(Array.from(ids));
    expect(ase.arrays.c).to.deep.equal(Array.from(fields.c));
  });

  it('minimize (and lhc --particles) of a data file whose masses are not 1 to .xyz: ASE reads them as its masses; modes of the .xyz are those of the data file', async () => {
    // KA N = 256 with B particles of mass 2.5 (the fixture's Masses edited).
    const data = join(dir, 'heavy-b.data');
    writeFileSync(data, readFileSync(fixturePath('ka_n256_s2.data'), 'utf8').replace(/^2 1$/m, '2 2.5'));
    const xyz = join(dir, 'heavy-b.xyz');
    const min = await runCli('minimize', data, '--model', 'ka', '--out', xyz, '--quiet');
    expect(min.code, min.stderr).to.equal(0);
    const ase = JSON.parse(execFileSync(python, ['-c', `${recipe()}
import json, sys
print(json.dumps(read_softspot(sys.argv[1]).get_masses().tolist()))`, xyz], { encoding: 'utf8' })) as number[];
    const species = readLammpsDataSpecies(readFileSync(data, 'utf8'));
    expect(ase).to.deep.equal(species.map((t) => (t === 2 ? 2.5 : 1)));
    // lhc --particles writes the glass with its masses too.
    const fields = join(dir, 'heavy-b-fields.xyz');
    const lhc = await runCli('lhc', data, '--model', 'ka', '--out', join(dir, 'heavy-b.csv'), '--particles', fields, '--quiet');
    expect(lhc.code, lhc.stderr).to.equal(0);
    const aseFields = JSON.parse(execFileSync(python, ['-c', `${recipe()}
import json, sys
print(json.dumps(read_softspot(sys.argv[1]).get_masses().tolist()))`, fields], { encoding: 'utf8' })) as number[];
    expect(aseFields).to.deep.equal(ase);
    const modes = async (file: string): Promise<number[]> => {
      const r = await runCli('modes', file, '--model', 'ka', '--k', '3', '--json');
      expect(r.code, r.stderr).to.equal(0);
      return (JSON.parse(r.stdout) as { modes: Array<{ eigenvalue: number }> }).modes.map((m) => m.eigenvalue);
    };
    const [fromData, fromXyz] = [await modes(data), await modes(xyz)];
    fromXyz.forEach((l, k) => expect(l).to.be.closeTo(fromData[k]!, 1e-9 * fromData[k]!));
  });

  it('a file ASE wrote with its calculator\'s results (stress, free_energy): minimize and aqs do not carry them over to the new state; other metadata stays', async () => {
    const input = join(dir, 'ase-calc.xyz');
    execFileSync(python, ['-c', `${recipe()}
import sys
import numpy as np
from ase.calculators.singlepoint import SinglePointCalculator
from ase.io import write
atoms = read_softspot(sys.argv[1])
atoms.symbols = ['H' if t == 'S' else 'He' for t in atoms.arrays['type']]  # as ASE writes LAMMPS types 1, 2
del atoms.arrays['type']
atoms.info['seed'] = 7
atoms.calc = SinglePointCalculator(atoms, energy=-1.0, free_energy=-1.0, stress=np.zeros(6), forces=np.zeros((len(atoms), 3)))
write(sys.argv[2], atoms, format='extxyz')`, fixturePath('n64_s1.xyz'), input], { encoding: 'utf8' });
    expect(readFileSync(input, 'utf8').split('\n')[1]).to.match(/stress=/).and.to.match(/free_energy=/);
    const minimized = join(dir, 'ase-calc-min.xyz'), after = join(dir, 'ase-calc-after.xyz');
    for (const args of [['minimize', input, '--out', minimized], ['aqs', input, '--mode', 'simple', '--sign', '+', '--out-after', after]]) {
      const r = await runCli(...args, '--model', 'ipl', '--quiet');
      expect(r.code, r.stderr).to.equal(0);
    }
    for (const file of [minimized, after]) {
      const ase = JSON.parse(execFileSync(python, ['-c', `${recipe()}
import json, sys
a = read_softspot(sys.argv[1])
print(json.dumps({'results': sorted(a.calc.results) if a.calc is not None else [], 'info': sorted(a.info)}))`, file], { encoding: 'utf8' })) as { results: string[]; info: string[] };
      expect(ase.results, file).to.not.include.members(['stress', 'free_energy']);
      expect(ase.info, file).to.include('seed');
    }
  });
});

/** The type of each atom of a data file's Atoms section (atom_style atomic), in id order. */
function readLammpsDataSpecies(text: string): number[] {
  const atoms = text.slice(text.indexOf('Atoms')).split('\n').slice(2).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/).map(Number));
  return atoms.sort((a, b) => a[0]! - b[0]!).map((a) => a[1]!);
}
