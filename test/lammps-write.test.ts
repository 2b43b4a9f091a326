/**
 * Configurations written as LAMMPS data files (lib/io/lammps-write.ts; `prepare`, `minimize`
 * and `aqs --out-after/--out-before` with a .data name):
 * - read back, they are the configuration to the bit (cell, positions, species, σ_i, ids,
 *   masses), for the reference glasses of every model, 2D and 3D, tilted cells too;
 * - the reference glass ka_n256_s2 written by softspot reads as the independent
 *   implementation's own data file of it does;
 * - LAMMPS itself reads them (read_data, then its own dump of what it holds: the same
 *   atoms, types, diameters, and masses of 1), where `lmp` exists (skipped with a printed
 *   reason elsewhere, a failure under CI);
 * - the commands write them by the name's extension, keep a LAMMPS input's ids and masses,
 *   and refuse a dump or compressed name before computing.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { formatLammpsData, lammpsToConfiguration, readLammpsData, readLammpsDump, readXyz } from '../lib/io/index.js';
import { UNIT_MASS_ROUNDING } from '../lib/io/lammps-snapshot.js';
import { lammpsTilt } from '../lib/io/lammps-write.js';
import { energyForcesNd, lawOfConfiguration } from '../lib/nd/index.js';
import { fixturePath } from './helpers/read-fixture.js';
import { reducedCoordinates } from './helpers/reduced.js';
import { requireProgram } from './helpers/system-program.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const GLASSES = ['n64_s1', 'ka2d_n128_s2', 'poly_n128_s2', 'ka_n256_s2', 'ipl3d_n128_s2'] as const;
const fixture = (name: string): Configuration => readXyz(readFileSync(fixturePath(`${name}.xyz`), 'utf8'));
const POLY3D = (): Configuration => readXyz(readFileSync(fixturePath('lammps/poly/poly3d.xyz'), 'utf8'));

/** The configuration read back from a data file's text, under the configuration's model. */
function readBack(text: string, config: Configuration): Configuration {
  return lammpsToConfiguration(readLammpsData(text, '<string>', { dimension: 'auto' }), config.model !== undefined ? { model: config.model } : {});
}

function expectSameGlass(got: Configuration, want: Configuration, what: string): void {
  expect(got.n, what).to.equal(want.n);
  expect(got.dim ?? 2, what).to.equal(want.dim ?? 2);
  expect(got.model, what).to.equal(want.model);
  expect(Array.from(got.cell), what).to.deep.equal(Array.from(want.cell));
  expect(Array.from(got.positions), what).to.deep.equal(Array.from(want.positions));
  expect(Array.from(got.species), what).to.deep.equal(Array.from(want.species));
  expect(got.sigma === undefined ? undefined : Array.from(got.sigma), what).to.deep.equal(want.sigma === undefined ? undefined : Array.from(want.sigma));
}

/** A copy of a configuration with its cell tilted (a1 along x, a2 in the xy plane; 3D also xz, yz): an I/O case, not a glass. */
function tilted(config: Configuration): Configuration {
  const cell = Float64Array.from(config.cell);
  if ((config.dim ?? 2) === 2) cell[1] = 0.37 * cell[0]!;
  else { cell[1] = 0.2 * cell[0]!; cell[2] = -0.15 * cell[0]!; cell[5] = 0.1 * cell[4]!; }
  return { ...config, cell };
}

/** A copy sheared past half a box (2D xy = 0.6 lx; 3D xy = 0.7 lx, xz = −0.9 lx, yz = 0.8 ly): LAMMPS takes at most half. */
function overTilted(config: Configuration): Configuration {
  const cell = Float64Array.from(config.cell);
  if ((config.dim ?? 2) === 2) cell[1] = 0.6 * cell[0]!;
  else { cell[1] = 0.7 * cell[0]!; cell[2] = -0.9 * cell[0]!; cell[5] = 0.8 * cell[4]!; }
  return { ...config, cell };
}

describe('configurations written as LAMMPS data files', function () {
  this.timeout(120000);
  let tmp = '';
  scratchDir('softspot-lammps-write-', (d) => { tmp = d; });

  it('read back as the same configuration, to the bit: every model, 2D and 3D, tilted cells', () => {
    for (const name of [...GLASSES, 'poly3d']) {
      const config = name === 'poly3d' ? POLY3D() : fixture(name);
      expectSameGlass(readBack(formatLammpsData(config), config), config, name);
      expectSameGlass(readBack(formatLammpsData(tilted(config)), config), tilted(config), `${name} tilted`);
    }
  });

  it('read back without naming the model: line 1\'s model= is the model (ka2d was read as ipl, E/N 32.7 for −2.7); another model named, or one not known here, is refused at line 1', async () => {
    for (const name of [...GLASSES, 'poly3d']) {
      const config = name === 'poly3d' ? POLY3D() : fixture(name);
      expectSameGlass(lammpsToConfiguration(readLammpsData(formatLammpsData(config), '<string>', { dimension: 'auto' })), config, `${name}, no model given`);
    }
    const ka2d = formatLammpsData(fixture('ka2d_n128_s2'));
    expect(() => lammpsToConfiguration(readLammpsData(ka2d, 'g.data', { dimension: 'auto' }), { model: 'ipl' })).to.throw(RangeError,
      'g.data:1: the file names model=ka2d, but it is read under model ipl (--model; a run\'s default is ipl); give --model ka2d, or correct line 1');
    // Another program's title is a remark, not a model: read under the model given.
    const foreign = ka2d.replace(/^.*\n/, 'LAMMPS data file, model=Kob-Andersen 2D (my group)\n');
    expect(lammpsToConfiguration(readLammpsData(foreign, 'g.data', { dimension: 'auto' }), { model: 'ka2d' }).model).to.equal('ka2d');
    const own = ka2d.replace('model=ka2d', 'model=mine');
    expect(() => lammpsToConfiguration(readLammpsData(own, 'g.data', { dimension: 'auto' }))).to.throw(RangeError,
      /g\.data:1: the file names model=mine, which is not a preset .*give its file \(--model mine\.json/);
    // The command line: the energy is the XYZ fixture's (its line 2 names ka2d), with no note of a default model.
    const path = join(tmp, 'ka2d.data');
    writeFileSync(path, ka2d);
    const [fromData, fromXyz] = await Promise.all([runCli('info', path, '--json'), runCli('info', fixturePath('ka2d_n128_s2.xyz'), '--json')]);
    expect(fromData.code, fromData.stderr).to.equal(0);
    expect(fromData.stderr).to.not.contain('default model');
    const energy = (r: { stdout: string }): number => (JSON.parse(r.stdout) as { energyPerParticle: number }).energyPerParticle;
    expect(energy(fromData)).to.equal(energy(fromXyz));
  });

  it('a cell sheared past half a box is written as the same lattice with tilts LAMMPS takes: same positions, same energy, line 1 says so', () => {
    for (const name of ['ka2d_n128_s2', 'ka_n256_s2']) {
      const config = overTilted(fixture(name));
      const d = config.dim ?? 2;
      const text = formatLammpsData(config);
      const back = readBack(text, config);
      expect(Array.from(back.positions), name).to.deep.equal(Array.from(config.positions));
      const h = (c: Float64Array, r: number, k: number): number => c[d * r + k]!;
      // the tilts are within half a box, and the diagonal is the cell's
      for (let r = 0; r < d; r++) expect(h(back.cell, r, r)).to.equal(h(config.cell, r, r));
      expect(Math.abs(h(back.cell, 0, 1))).to.be.at.most(0.5 * h(back.cell, 0, 0));
      if (d === 3) {
        expect(Math.abs(h(back.cell, 0, 2))).to.be.at.most(0.5 * h(back.cell, 0, 0));
        expect(Math.abs(h(back.cell, 1, 2))).to.be.at.most(0.5 * h(back.cell, 1, 1));
      }
      // every column of the new cell is an integer combination of the old one's: the same lattice
      for (let c = 0; c < d; c++) {
        const column = Array.from({ length: d }, (_, r) => h(back.cell, r, c));
        const k = reducedCoordinates(config.cell, d, column);
        for (const x of k) expect(Math.abs(x - Math.round(x)), `${name} column ${c}`).to.be.below(1e-12);
      }
      // so the glass is the same: its energy, by the d-generic kernel on both cells
      const law = lawOfConfiguration(config);
      expect(energyForcesNd(back, law).energy).to.be.closeTo(energyForcesNd(config, law).energy, 1e-12 * Math.abs(energyForcesNd(config, law).energy));
      expect(text.split('\n')[0]).to.match(/; tilt xy xz yz \S+ \S+ \S+ reduced to the same lattice's \S+ \S+ \S+ \(LAMMPS takes at most half a box\)$/);
      // a cell within half a box is written as it is
      expect(formatLammpsData(tilted(fixture(name))).split('\n')[0]).not.to.contain('reduced');
    }
    expect(lammpsTilt(10, 8, [5, -5, 4])).to.deep.equal([5, -5, 4]);
    expect(lammpsTilt(10, 8, [6, 0, 0])).to.deep.equal([-4, 0, 0]);
    // yz past half ly first: a3 −= a2 takes xy off xz too
    expect(lammpsTilt(10, 8, [3, 1, 7])).to.deep.equal([3, -2, -1]);
  });

  it('keeps the ids given (particle order = id order on reading) and the masses (per type; poly per atom, through the density)', () => {
    const config = fixture('ka2d_n128_s2');
    const ids = Int32Array.from({ length: config.n }, (_, p) => 1000 - 3 * p); // descending: reading reverses the particles
    const masses = Float64Array.from(config.species, (s) => (s === 0 ? 1 : 0.5));
    const snapshot = readLammpsData(formatLammpsData(config, { ids, masses }), '<string>', { dimension: 'auto' });
    expect(Array.from(snapshot.ids)).to.deep.equal(Array.from(ids).reverse());
    expect(Array.from(snapshot.masses!)).to.deep.equal([1, 0.5]);
    const back = lammpsToConfiguration(snapshot, { model: 'ka2d' });
    for (let p = 0; p < config.n; p++) {
      const q = config.n - 1 - p;
      expect([back.positions[2 * q], back.positions[2 * q + 1], back.species[q]]).to.deep.equal([config.positions[2 * p], config.positions[2 * p + 1], config.species[p]]);
    }
    expect(() => formatLammpsData(config, { masses: Float64Array.from(config.species, (_, p) => 1 + p) })).to.throw(RangeError, /particles 0 and \d+ are both [AB] but have masses 1 and \d+; atom_style atomic holds one mass per type/);
    expect(() => formatLammpsData(config, { ids: new Int32Array(config.n).fill(7) })).to.throw(RangeError, /options.ids has 7 at particle 1; expected distinct integers/);

    const poly = fixture('poly_n128_s2');
    const polyMasses = Float64Array.from(poly.sigma!, (s) => s * s); // anything per atom
    const s = readLammpsData(formatLammpsData(poly, { masses: polyMasses }), '<string>', { dimension: 'auto' });
    s.atomMasses!.forEach((m, p) => expect(m).to.be.closeTo(polyMasses[p]!, 2e-16 * polyMasses[p]!));
  });

  it('poly glasses of unit masses read back with masses exactly 1 (the density 1/(4π/3 r³) rounds; read as 1 within UNIT_MASS_ROUNDING), other masses as the product', () => {
    for (const config of [fixture('poly_n128_s2'), POLY3D()]) {
      const text = formatLammpsData(config);
      const snapshot = readLammpsData(text, '<string>', { dimension: 'auto' });
      // the independent route: the product LAMMPS forms (atom_vec_sphere: 4.0*MY_PI/3.0 * r*r*r * density, left to right) misses 1 for some atoms
      const products = text.split('\n').filter((l) => /^\d+ 1 \S+ \S+ /.test(l)).map((l) => { const [, , d, rho] = l.split(' ').map(Number); const r = 0.5 * d!; return ((4 * Math.PI) / 3) * r * r * r * rho!; });
      expect(products).to.have.length(config.n);
      expect(products.some((m) => m !== 1), 'some density × volume is not 1 in double arithmetic').to.equal(true);
      expect(products.every((m) => Math.abs(m - 1) <= UNIT_MASS_ROUNDING)).to.equal(true);
      expect(Array.from(snapshot.atomMasses!).every((m) => m === 1)).to.equal(true);
    }
    // a dump's mass column (LAMMPS writes the product): within 2.2e-16 of 1 is 1, other masses as they are
    const dump = ['ITEM: TIMESTEP', '0', 'ITEM: NUMBER OF ATOMS', '3', 'ITEM: BOX BOUNDS pp pp pp', '0 4', '0 4', '0 4', 'ITEM: ATOMS id type x y z mass',
      '1 1 0.5 0.5 0.5 0.9999999999999999', '2 1 2.5 0.5 0.5 1.0000000000000002', '3 1 0.5 2.5 2.5 0.9999999999999997', ''].join('\n');
    expect(Array.from(readLammpsDump(dump, '<string>', { dimension: 3 }).atomMasses!)).to.deep.equal([1, 1, 0.9999999999999997]);
    // a mass farther from 1 is the product as it is
    const line = (rho: number): string => ['LAMMPS data file', '', '1 atoms', '1 atom types', '0 2 xlo xhi', '0 2 ylo yhi', '0 2 zlo zhi', '', 'Atoms # sphere', '', `1 1 1 ${rho} 0.5 0.5 0.5`, ''].join('\n');
    const volume = (4 * Math.PI) / 3 / 8;
    expect(readLammpsData(line(1.5 / volume), '<string>', { dimension: 3 }).atomMasses![0]).to.equal(volume * (1.5 / volume));
    expect(readLammpsData(line((1 + 1e-12) / volume), '<string>', { dimension: 3 }).atomMasses![0]).to.be.closeTo(1 + 1e-12, 1e-15);
  });

  it('ka_n256_s2 written by softspot reads as the independent implementation\'s data file of it', () => {
    const theirs = lammpsToConfiguration(readLammpsData(readFileSync(fixturePath('ka_n256_s2.data'), 'utf8')), { model: 'ka' });
    const ours = readBack(formatLammpsData(fixture('ka_n256_s2')), fixture('ka_n256_s2'));
    expectSameGlass(ours, theirs, 'ka_n256_s2');
  });

  it('LAMMPS reads them: its dump of what it read holds the same atoms (2D, 3D, tilted, sheared past half a box, poly as atom_style sphere with masses 1)', function () {
    const lmp = requireProgram(this, 'lmp', 'lammps');
    const cases = [
      { name: 'ka_n256_s2', config: fixture('ka_n256_s2') },
      { name: 'ka2d-tilted', config: tilted(fixture('ka2d_n128_s2')) },
      { name: 'ipl3d-tilted', config: tilted(fixture('ipl3d_n128_s2')) },
      { name: 'ka2d-sheared-past-half', config: overTilted(fixture('ka2d_n128_s2')) },
      { name: 'ka-sheared-past-half', config: overTilted(fixture('ka_n256_s2')) },
      { name: 'poly2d', config: fixture('poly_n128_s2') },
      { name: 'poly3d', config: POLY3D() },
    ];
    for (const { name, config } of cases) {
      const d = config.dim ?? 2;
      const poly = config.sigma !== undefined;
      writeFileSync(join(tmp, `${name}.data`), formatLammpsData(config));
      const input = [
        'units lj', `atom_style ${poly ? 'sphere' : 'atomic'}`, `dimension ${d}`, 'boundary p p p',
        `read_data ${name}.data`,
        `write_dump all custom ${name}.dump id type x y z${poly ? ' diameter mass' : ''} modify format float %.17g`,
      ].join('\n');
      writeFileSync(join(tmp, `${name}.lmp`), `${input}\n`);
      const run = spawnSync(lmp, ['-in', `${name}.lmp`, '-log', 'none', '-screen', 'none', '-nocite'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
      expect(run.status, `${name}: ${run.stdout}${run.stderr}`).to.equal(0);
      // LAMMPS's dump, parsed here: one row per atom by id.
      const lines = readFileSync(join(tmp, `${name}.dump`), 'utf8').trimEnd().split('\n');
      const head = lines.findIndex((l) => l.startsWith('ITEM: ATOMS'));
      const columns = lines[head]!.split(' ').slice(2);
      const rows = new Map(lines.slice(head + 1).map((l) => l.split(' ').map(Number)).map((r) => [r[0]!, r]));
      expect(rows.size, name).to.equal(config.n);
      const at = (c: string): number => columns.indexOf(c);
      const h = (r: number, c: number): number => config.cell[d * r + c]!;
      for (let p = 0; p < config.n; p++) {
        const row = rows.get(p + 1)!;
        expect(row[at('type')], `${name} atom ${p + 1}`).to.equal(poly ? 1 : config.species[p]! + 1);
        // LAMMPS wraps atoms into its box: the difference is a lattice vector h·k (k integer).
        const delta = [0, 1, 2].slice(0, d).map((a) => row[at('xyz'[a]!)]! - config.positions[d * p + a]!);
        const k = reducedCoordinates(config.cell, d, delta).map(Math.round);
        for (let a = 0; a < d; a++) {
          let lattice = 0;
          for (let b = a; b < d; b++) lattice += h(a, b) * k[b]!;
          expect(delta[a]! - lattice, `${name} atom ${p + 1} axis ${a}`).to.be.closeTo(0, 1e-12 * h(a, a));
        }
        if (poly) {
          expect(row[at('diameter')], `${name} atom ${p + 1}`).to.equal(config.sigma![p]);
          expect(row[at('mass')], `${name} atom ${p + 1}`).to.be.closeTo(1, UNIT_MASS_ROUNDING);
        }
      }
    }
  });

  it('prepare, minimize and aqs write a data file by its name, with a LAMMPS input\'s ids and masses; a dump or compressed name is refused first', async () => {
    // minimize of a LAMMPS sphere file: the data file keeps ids, sizes and masses.
    const out = join(tmp, 'min.data');
    const m = await runCli('minimize', fixturePath('lammps/poly/poly2d.data'), '--model', 'poly', '--out', out, '--quiet');
    expect(m.code, m.stderr).to.equal(0);
    const input = readLammpsData(readFileSync(fixturePath('lammps/poly/poly2d.data'), 'utf8'), '<string>', { dimension: 'auto' });
    const written = readLammpsData(readFileSync(out, 'utf8'), '<string>', { dimension: 'auto' });
    expect(Array.from(written.ids)).to.deep.equal(Array.from(input.ids));
    expect(Array.from(written.diameters!)).to.deep.equal(Array.from(input.diameters!));
    written.atomMasses!.forEach((mass, p) => expect(mass).to.be.closeTo(input.atomMasses![p]!, 4e-16 * mass));

    // aqs --out-after as a data file and as XYZ: the same state.
    const [asData, asXyz] = [join(tmp, 'after.data'), join(tmp, 'after.xyz')];
    const a = await runCli('aqs', fixturePath('n64_s1.xyz'), '--mode', 'simple', '--sign', '+', '--out-after', asData, '--out-before', asXyz, '--quiet');
    expect(a.code, a.stderr).to.equal(0);
    const b = await runCli('aqs', fixturePath('n64_s1.xyz'), '--mode', 'simple', '--sign', '+', '--out-after', asXyz, '--quiet');
    expect(b.code, b.stderr).to.equal(0);
    const fromXyz = readXyz(readFileSync(asXyz, 'utf8'));
    expect(fromXyz.cell[1], 'a sheared cell').to.not.equal(0);
    expectSameGlass(readBack(readFileSync(asData, 'utf8'), fromXyz), fromXyz, 'aqs --out-after');

    // prepare: the data file holds the glass the XYZ holds.
    const p1 = await runCli('prepare', '--model', 'ka2d', '--n', '100', '--seed', '4', '--liquid-time', '1', '--anneal-time', '1', '--out', join(tmp, 'p.data'), '--quiet');
    const p2 = await runCli('prepare', '--model', 'ka2d', '--n', '100', '--seed', '4', '--liquid-time', '1', '--anneal-time', '1', '--out', join(tmp, 'p.xyz'), '--quiet');
    expect([p1.code, p2.code], p1.stderr + p2.stderr).to.deep.equal([0, 0]);
    const prepared = readXyz(readFileSync(join(tmp, 'p.xyz'), 'utf8'));
    expectSameGlass(readBack(readFileSync(join(tmp, 'p.data'), 'utf8'), prepared), prepared, 'prepare');

    // Masses that differ within a species cannot go into atom_style atomic: refused before minimizing.
    const mixed = await runCli('minimize', fixturePath('lammps/poly/poly2d.dump'), '--model', 'ipl', '--out', join(tmp, 'mixed.data'), '--quiet');
    expect(mixed.code).to.equal(2);
    expect(mixed.stderr).to.match(/--out: \S+mixed\.data is a LAMMPS data file of atom_style atomic, which holds one mass per type, but the input's S particles 0 and 1 have masses \S+ and \S+; name an extended-XYZ file/);
    expect(existsSync(join(tmp, 'mixed.data'))).to.equal(false);

    // A rotated cell (a1 not along x, as ASE may write it): refused before the work for a data or GSD file; XYZ keeps it.
    const glass = readFileSync(fixturePath('ipl3d_n128_s2.xyz'), 'utf8').trimEnd().split('\n');
    const t = 0.3, [cos, sin] = [Math.cos(t), Math.sin(t)];
    const rotate = (x: number, y: number, z: number): number[] => [cos * x - sin * y, sin * x + cos * y, z];
    const lattice = /Lattice="([^"]+)"/.exec(glass[1]!)![1]!.trim().split(/\s+/).map(Number);
    const rotatedLattice = [0, 1, 2].flatMap((k) => rotate(lattice[3 * k]!, lattice[3 * k + 1]!, lattice[3 * k + 2]!));
    const rotated = [glass[0]!, glass[1]!.replace(/Lattice="[^"]+"/, `Lattice="${rotatedLattice.join(' ')}"`),
      ...glass.slice(2).map((l) => { const [s, x, y, z] = l.trim().split(/\s+/); return `${s} ${rotate(Number(x), Number(y), Number(z)).join(' ')}`; })];
    const rotatedPath = join(tmp, 'rotated.xyz');
    writeFileSync(rotatedPath, rotated.join('\n') + '\n');
    for (const [args, out] of [
      [['minimize', rotatedPath, '--out', join(tmp, 'rotated.data')], join(tmp, 'rotated.data')],
      [['aqs', rotatedPath, '--mode', 'simple', '--sign', '+', '--out-after', join(tmp, 'rotated.gsd')], join(tmp, 'rotated.gsd')],
    ] as const) {
      const r = await runCli(...args, '--quiet');
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.match(/is a (LAMMPS data|GSD) file, whose box has a1 along x and a2 in the xy plane, but the input's cell is rotated \(h\[1\]\[0\] = \S+\); name an extended-XYZ file/);
      expect(r.stderr).to.not.contain('cg iteration');
      expect(existsSync(out)).to.equal(false);
    }
    const kept = await runCli('minimize', rotatedPath, '--out', join(tmp, 'rotated-min.xyz'), '--quiet');
    expect(kept.code, kept.stderr).to.equal(0);

    for (const [args, message] of [
      [['prepare', '--n', '100', '--seed', '1', '--out', join(tmp, 'x.dump')], '--out: ' + join(tmp, 'x.dump') + ' names a LAMMPS dump'],
      [['minimize', fixturePath('n64_s1.xyz'), '--out', join(tmp, 'x.xyz.gz')], 'names a .gz file; softspot writes plain text'],
      [['aqs', fixturePath('n64_s1.xyz'), '--mode', 'simple', '--sign', '+', '--out-before', join(tmp, 'x.lammpstrj')], '--out-before: '],
    ] as const) {
      const r = await runCli(...args);
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(message);
    }
  });
});
