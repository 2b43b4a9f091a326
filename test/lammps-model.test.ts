/**
 * `--model` on LAMMPS files (DESIGN §10 "types map to species in order"): a ka2d glass read
 * from a LAMMPS data file gives the same c_α as the same glass read from extended XYZ with
 * model=ka2d, and a 3D ka data file the table of the same glass in 3D (all four shear
 * columns); files that do not fit the named preset are refused clearly.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXyz, writeXyz, type LammpsFormatError } from '../lib/io/index.js';
import { checkLammpsModel, lammpsToConfiguration, readLammpsData } from '../lib/io/index.js';
import { pairCutoffNote } from '../lib/io/lammps-config.js';
import { modelPreset } from '../lib/model/index.js';
import type { Configuration } from '../lib/config.js';
import { ka2dLattice } from './helpers/ka2d-lattice.js';
import { ka3dGlass } from './helpers/glass3d.js';
import { runCli } from './helpers/run-cli.js';
import { minimizeGlass } from '../lib/minimize/index.js';
import { lowestModes } from '../lib/modes/index.js';
import h5wasm from 'h5wasm/node';

const FIXTURES = new URL('./fixtures/lammps/', import.meta.url).pathname;

const ka2dGlass = (): Configuration => ka2dLattice(8, 5);

/** A LAMMPS data file (atom_style atomic, dimension 2) of a 2D configuration: type = species code + 1, origin shifted. */
function lammpsData(config: Configuration, types = (p: number) => config.species[p]! + 1): string {
  const [lx, txy, , ly] = config.cell;
  const origin = [-1.25, 2.5];
  const atoms = Array.from({ length: config.n }, (_, p) =>
    `${p + 1} ${types(p)} ${config.positions[2 * p]! + origin[0]!} ${config.positions[2 * p + 1]! + origin[1]!} 0`);
  return [
    'hand-written LAMMPS data file', '', `${config.n} atoms`, `${Math.max(2, ...Array.from({ length: config.n }, (_, p) => types(p)))} atom types`, '',
    `${origin[0]} ${origin[0]! + lx!} xlo xhi`, `${origin[1]} ${origin[1]! + ly!} ylo yhi`, '-0.5 0.5 zlo zhi', `${txy} 0 0 xy xz yz`, '',
    'Atoms # atomic', '', ...atoms, '',
  ].join('\n');
}

/** A 3D LAMMPS data file (orthogonal box, origin shifted, atoms in reverse id order) of a 3D configuration with a diagonal cell. */
function lammpsData3d(config: Configuration): string {
  const [lx, , , , ly, , , , lz] = config.cell;
  const origin = [2.25, -1.5, 0.75];
  const atoms = Array.from({ length: config.n }, (_, p) => p).reverse().map((p) =>
    `${p + 1} ${config.species[p]! + 1} ${config.positions[3 * p]! + origin[0]!} ${config.positions[3 * p + 1]! + origin[1]!} ${config.positions[3 * p + 2]! + origin[2]!}`);
  return [
    'hand-written LAMMPS data file (3D)', '', `${config.n} atoms`, '2 atom types', '',
    `${origin[0]} ${origin[0]! + lx!} xlo xhi`, `${origin[1]} ${origin[1]! + ly!} ylo yhi`, `${origin[2]} ${origin[2]! + lz!} zlo zhi`, '',
    'Atoms # atomic', '', ...atoms, '',
  ].join('\n');
}

describe('LAMMPS files under --model (DESIGN §10)', () => {
  let dir = '';
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-lmodel-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('types map to the preset\'s species in order; model is set only when named', () => {
    const glass = ka2dGlass();
    const snap = readLammpsData(lammpsData(glass), 'g.data', { dimension: 'auto' });
    const ka2d = lammpsToConfiguration(snap, { model: 'ka2d' });
    expect(ka2d.model).to.equal('ka2d');
    expect(Array.from(ka2d.species)).to.deep.equal(Array.from(glass.species));
    expect(checkLammpsModel(snap, 'ka2d').species).to.deep.equal(['A', 'B']);
    const plain = lammpsToConfiguration(snap);
    expect(plain.model).to.equal(undefined);
    expect(checkLammpsModel(snap, undefined).name).to.equal('ipl');
  });

  it('lhc on a ka2d data file gives the table of the same glass read from extended XYZ with model=ka2d', async function () {
    this.timeout(60_000);
    const start = join(dir, 'start.xyz'), xyzPath = join(dir, 'glass.xyz');
    await writeFile(start, writeXyz(ka2dGlass()));
    const min = await runCli('minimize', start, '--out', xyzPath, '--quiet');
    expect(min.code, min.stderr).to.equal(0);
    const glass = readXyz(await readFile(xyzPath, 'utf8'));
    expect(glass.model).to.equal('ka2d');
    const dataPath = join(dir, 'glass.data');
    await writeFile(dataPath, lammpsData(glass));

    const tables: number[][][] = [];
    for (const args of [[xyzPath], [dataPath, '--model', 'ka2d']]) {
      const out = join(dir, `${tables.length}.csv`);
      const r = await runCli('lhc', ...args, '--out', out);
      expect(r.code, r.stderr).to.equal(0);
      tables.push((await readFile(out, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').map(Number)));
    }
    const [xyz, lmp] = tables as [number[][], number[][]];
    expect(lmp.length).to.equal(xyz.length);
    let sumC = 0;
    for (let k = 0; k < xyz.length; k++) {
      expect(lmp[k]!.slice(0, 2)).to.deep.equal(xyz[k]!.slice(0, 2));
      for (let c = 2; c < 5; c++) expect(Math.abs(lmp[k]![c]! - xyz[k]![c]!), `row ${k} column ${c}`).to.be.at.most(1e-8 * Math.max(1, Math.abs(xyz[k]![c]!)));
      sumC += lmp[k]![2]!;
    }
    expect(Math.abs(sumC - 2 * (glass.n - 1))).to.be.below(1e-9 * glass.n);

    // The same file under the default (ipl) is a different glass: other pairs, not at a minimum.
    const info = await runCli('info', dataPath, '--model', 'ka2d', '--json');
    expect(info.code, info.stderr).to.equal(0);
    expect(JSON.parse(info.stdout).model).to.equal('ka2d');
    const asIpl = await runCli('info', dataPath, '--json');
    expect(asIpl.code, asIpl.stderr).to.equal(0);
    expect(JSON.parse(asIpl.stdout).model).to.equal('ipl');
    expect(JSON.parse(asIpl.stdout).interactions).to.not.equal(JSON.parse(info.stdout).interactions);
  });

  it('lhc on a 3D ka data file gives the table of the same glass read from extended XYZ (all four 3D shear columns)', async function () {
    this.timeout(120_000);
    const glass = ka3dGlass(6);
    expect(glass.cell.filter((x, k) => k % 4 !== 0 && x !== 0)).to.have.length(0); // the helper's cell is diagonal
    const xyzPath = join(dir, 'ka3d.xyz'), dataPath = join(dir, 'ka3d.data');
    await writeFile(xyzPath, writeXyz(glass));
    await writeFile(dataPath, lammpsData3d(glass));
    const tables: string[][] = [];
    for (const args of [[xyzPath], [dataPath, '--model', 'ka']]) {
      const out = join(dir, `ka3d-${tables.length}.csv`);
      const r = await runCli('lhc', ...args, '--out', out);
      expect(r.code, r.stderr).to.equal(0);
      tables.push((await readFile(out, 'utf8')).trim().split('\n'));
    }
    const [xyz, lmp] = tables as [string[], string[]];
    expect(xyz[0]).to.equal('i,j,c,dcdg_simple,dcdg_pure,dcdg_simple-xz,dcdg_simple-yz');
    expect(lmp[0]).to.equal(xyz[0]);
    expect(lmp.length).to.equal(xyz.length);
    for (let k = 1; k < xyz.length; k++) {
      const a = xyz[k]!.split(',').map(Number), b = lmp[k]!.split(',').map(Number);
      expect(b.slice(0, 2), `row ${k}`).to.deep.equal(a.slice(0, 2));
      for (let c = 2; c < 7; c++) expect(Math.abs(b[c]! - a[c]!), `row ${k} column ${c}`).to.be.at.most(1e-8 * Math.max(1, Math.abs(a[c]!)));
    }
  });

  it('--model ipl is the default: the same description as no --model', async () => {
    const outs: string[] = [];
    for (const extra of [[], ['--model', 'ipl']]) {
      const r = await runCli('info', join(FIXTURES, 'ortho2d.data'), '--json', ...extra);
      expect(r.code, r.stderr).to.equal(0);
      outs.push(r.stdout);
    }
    expect(outs[1]).to.equal(outs[0]);
    expect(JSON.parse(outs[0]!).model).to.equal('ipl');
  });

  it('modes of a data file whose Masses are not all 1 are those of its masses (lowestModes options.masses); lhc reads it as it is', async function () {
    this.timeout(60000);
    const glass = minimizeGlass(ka2dGlass(), {}).config;
    const withMasses = (masses: string): string => lammpsData(glass).replace('Atoms # atomic', `Masses\n\n${masses}\n\nAtoms # atomic`);
    const unequal = join(dir, 'masses.data'), unit = join(dir, 'unit-masses.data');
    await writeFile(unequal, withMasses('1 1.0\n2 0.5'));
    await writeFile(unit, withMasses('1 1\n2 1'));
    const h5 = join(dir, 'masses-modes.h5');
    const heavy = await runCli('modes', unequal, '--model', 'ka2d', '--k', '3', '--json', '--out', h5);
    expect(heavy.code, heavy.stderr).to.equal(0);
    expect(heavy.stderr).to.contain('(masses of the file: 0.5, 1)');
    expect(JSON.parse(heavy.stdout).masses).to.deep.equal([0.5, 1]);
    await h5wasm.ready;
    const f = new h5wasm.File(h5, 'r');
    try {
      expect(Array.from((f.get('configuration/masses') as InstanceType<typeof h5wasm.Dataset>).value as Float64Array))
        .to.deep.equal(Array.from(glass.species, (s) => (s === 1 ? 0.5 : 1)));
    } finally {
      f.close();
    }
    // The same numbers as the API given the per-particle masses of the types (B = 0.5).
    const config = { ...glass, model: 'ka2d' };
    const masses = Float64Array.from(glass.species, (s) => (s === 1 ? 0.5 : 1));
    const api = lowestModes(config, 3, { masses });
    const cli = JSON.parse(heavy.stdout) as { modes: Array<{ eigenvalue: number }> };
    cli.modes.forEach((m, c) => expect(m.eigenvalue).to.be.closeTo(api.modes[c]!.eigenvalue, 1e-12 * api.modes[c]!.eigenvalue));
    const plain = await runCli('modes', unit, '--model', 'ka2d', '--k', '3', '--json');
    expect(plain.code, plain.stderr).to.equal(0);
    expect(plain.stderr).to.not.contain('masses of the file');
    const unitModes = (JSON.parse(plain.stdout) as { modes: Array<{ eigenvalue: number }> }).modes;
    expect(unitModes[0]!.eigenvalue).to.not.be.closeTo(cli.modes[0]!.eigenvalue, 1e-6 * unitModes[0]!.eigenvalue);
    const lhc = await runCli('lhc', unequal, '--model', 'ka2d', '--out', join(dir, 'masses.csv'));
    expect(lhc.code, lhc.stderr).to.equal(0);
  });

  it("a data file's lj/* Pair Coeffs must be the model's ε and σ, type by type (files written by LAMMPS)", async () => {
    // ka-ljcut*.data: a KA glass of 64 atoms under LAMMPS's lj/cut with ε_AA = 1, σ_AA = 1,
    // ε_AB = 1.5, σ_AB = 0.8, ε_BB = 0.5, σ_BB = 0.88 (Kob & Andersen 1995), written by write_data
    // with the per-type Pair Coeffs and with every pair's (fixtures/lammps/make-pair-coeffs.lmp).
    const ii = await readFile(join(FIXTURES, 'ka-ljcut.data'), 'utf8');
    const ij = await readFile(join(FIXTURES, 'ka-ljcut-ij.data'), 'utf8');
    const snapshot = readLammpsData(ii, 'ka-ljcut.data');
    expect(snapshot.pairCoeffs).to.deep.equal({ style: 'lj/cut', line: 15, entries: [{ i: 1, j: 1, coeffs: ['1', '1'], line: 17 }, { i: 2, j: 2, coeffs: ['0.5', '0.88'], line: 18 }] });
    expect(readLammpsData(ij, 'ka-ljcut-ij.data').pairCoeffs?.entries.map((e) => [e.i, e.j, ...e.coeffs])).to.deep.equal([
      [1, 1, '1', '1', '2.5'], [1, 2, '1.5', '0.8', '2.5'], [2, 2, '0.5', '0.88', '2.5']]);
    expect(lammpsToConfiguration(snapshot, { model: 'ka' }).model).to.equal('ka');
    expect(lammpsToConfiguration(readLammpsData(ij, 'ka-ljcut-ij.data'), { model: 'ka' }).n).to.equal(64);

    // The same file with its types the other way round (type 1 = B), and with a geometric-mean A–B.
    const swapped = ii.replace('1 1 1\n2 0.5 0.88', '1 0.5 0.88\n2 1 1');
    const mixed = ij.replace('1 2 1.5 0.8 2.5', '1 2 0.7071 0.94 2.5');
    const refusal = (text: string, name: string): LammpsFormatError => {
      try { lammpsToConfiguration(readLammpsData(text, name), { model: 'ka' }); } catch (e) { return e as LammpsFormatError; }
      throw new Error(`${name}: not refused`);
    };
    const a = refusal(swapped, 'swapped.data');
    expect(a.line).to.equal(17);
    expect(a.message).to.contain('swapped.data:17: the lj/cut coefficients of types 1–1 are ε = 0.5, σ = 0.88, but model ka has ε = 1, σ = 1 for A–A');
    expect(a.message).to.contain('type 1 → A, type 2 → B');
    const b = refusal(mixed, 'mixed.data');
    expect(b.line).to.equal(18);
    expect(b.message).to.contain('types 1–2 are ε = 0.7071, σ = 0.94, but model ka has ε = 1.5, σ = 0.8 for A–B');

    // The cutoffs of `write_data … pair ij` (2.5 for every pair) are not ka's (2.5 σ_ab: A–B 2, B–B 2.2): read, with a note naming them.
    const note = pairCutoffNote(readLammpsData(ij, 'ka-ljcut-ij.data'), modelPreset('ka'));
    expect(note).to.equal("its lj/cut cutoffs are not model ka's: types 1–2 cut at 2.5 (line 18), A–B at 2 (and 1 more pair): " +
      "the glass was made under another potential, and is analysed at the model's minimum nearby (Newton's polish)");
    expect(pairCutoffNote(readLammpsData(ij.replace('1 2 1.5 0.8 2.5', '1 2 1.5 0.8 2').replace('2 2 0.5 0.88 2.5', '2 2 0.5 0.88 2.2'), 'own.data'), modelPreset('ka')), 'the model\'s cutoffs').to.equal(undefined);
    expect(pairCutoffNote(snapshot, modelPreset('ka')), 'Pair Coeffs: no cutoffs').to.equal(undefined);
    expect(pairCutoffNote(readLammpsData(ij, 'ka-ljcut-ij.data'), modelPreset('ipl3d')), 'a model of another law: its law differs, not its cutoffs').to.equal(undefined);
    await writeFile(join(dir, 'ij.data'), ij);
    const info = await runCli('info', join(dir, 'ij.data'), '--model', 'ka');
    expect(info.code, info.stderr).to.equal(0);
    expect(info.stderr).to.contain(`info: note: ${join(dir, 'ij.data')}: its lj/cut cutoffs are not model ka's: types 1–2 cut at 2.5`);

    // On the command line: exit 2 and the file:line message.
    await writeFile(join(dir, 'swapped.data'), swapped);
    const r = await runCli('info', join(dir, 'swapped.data'), '--model', 'ka');
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain('swapped.data:17: the lj/cut coefficients of types 1–1 are ε = 0.5');
    // Not compared: a model of another law, and another pair style (LAMMPS's soft here).
    expect(lammpsToConfiguration(readLammpsData(swapped, 'swapped.data'), { model: 'ipl3d' }).n).to.equal(64);
    const soft = readLammpsData(await readFile(join(FIXTURES, 'ortho3d.data'), 'utf8'));
    expect(soft.pairCoeffs?.style).to.equal('soft');
    expect(() => checkLammpsModel(soft, 'ka')).not.to.throw();
    // write_data's six significant digits are read as the model's values (σ_AB = 0.8 written as 0.800001).
    expect(lammpsToConfiguration(readLammpsData(ij.replace('1 2 1.5 0.8 2.5', '1 2 1.5 0.800001 2.5'), 'g.data'), { model: 'ka' }).n).to.equal(64);
    // A style whose coefficients do not begin ε σ is not read as if they did (lj/spica: the form first).
    expect(lammpsToConfiguration(readLammpsData(swapped.replace('Pair Coeffs # lj/cut', 'Pair Coeffs # lj/spica').replace('1 0.5 0.88', '1 lj12_6 0.5 0.88'), 's.data'), { model: 'ka' }).n).to.equal(64);
    // Malformed sections name their line.
    expect(() => readLammpsData(ii.replace('2 0.5 0.88', '3 0.5 0.88'), 'x.data')).to.throw(/x\.data:18: atom type 3 > the 2 atom types of the header/);
    expect(() => readLammpsData(ii.replace('Atoms # atomic', 'PairIJ Coeffs # lj/cut\n\n1 1 1 1\n\nAtoms # atomic'), 'x.data'))
      .to.throw(/x\.data:20: a second pair coefficient section \(Pair Coeffs is on line 15\)/);
  });

  it('refuses what does not fit, naming the problem and the fix', async () => {
    const glass = ka2dGlass();
    const three = join(dir, 'three.data');
    await writeFile(three, lammpsData(glass, (p) => (p === 7 ? 3 : glass.species[p]! + 1)));
    const ok = join(dir, 'ok.data');
    await writeFile(ok, lammpsData(glass));

    const cases: [string[], RegExp[]][] = [
      [[three, '--model', 'ka2d'], [/three\.data:\d+: atom id 8 has type 3, but model ka2d has 2 species \(A, B\)/, /type 1 → A, type 2 → B/]],
      [[ok, '--model', 'ka'], [/a 2D configuration .*but model ka is 3D; name a 2D model \(ipl, ka2d\)/]],
      [[join(FIXTURES, 'triclinic3d.data'), '--model', 'ka2d'], [/a 3D configuration .*but model ka2d is 2D; name a 3D model \(ipl3d, ka\)/]],
      [[ok, '--model', 'poly'], [/model poly needs a size σ_i per particle, and this file has none/, /atom_style sphere/, /sigma:R:1/]],
      [[ok, '--model', 'lj'], [/--model: unknown model preset 'lj'; expected one of ipl, ipl3d, ka, ka2d, poly/]],
      [[join(dir, 'start.xyz'), '--model', 'ka'], [/start\.xyz:2: the file names model=ka2d, but --model names ka; drop --model/]],
    ];
    for (const [args, patterns] of cases) {
      const r = await runCli('info', ...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(2);
      for (const p of patterns) expect(r.stderr, args.join(' ')).to.match(p);
    }
    expect(() => lammpsToConfiguration(readLammpsData(lammpsData(glass, () => 2), 'x.data', { dimension: 2 }), { model: 'poly' }))
      .to.throw(RangeError, 'x.data: model poly needs a size σ_i per particle');
    let error: LammpsFormatError | undefined;
    try {
      checkLammpsModel(readLammpsData(await readFile(three, 'utf8'), three, { dimension: 2 }), 'ipl');
    } catch (e) { error = e as LammpsFormatError; }
    expect(error?.line).to.equal(lammpsData(glass).split('\n').findIndex((l) => l.startsWith('8 ')) + 1);
  });
});
